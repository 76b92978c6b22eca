"""Deduplication within an article: the same event told several times is one event.

"A US aircraft conducted an airstrike on a convoy ..." and, three paragraphs
later, "state television said a coalition airstrike had hit ..." are one
strike. :func:`merge_mentions` keeps the first telling as the event and
records each later one as a :class:`~whimbrel.records.Mention` with its own
evidence, attribution and counts (competing claims stay separate), and the
reason of the merge. Two tellings merge when:

- they have the same PLOVER type and both are asserted (or historical);
- their dates agree (or one only has the publication date);
- their actors and their recipients do not contradict (no two different known
  countries on the same side), and they share evidence: the same known actor
  country, or the same known recipient country and the same CAMEO code (an
  air strike on Syrians is not a gunfight with Syrians), or the later one is a
  bare reference back ("the strike", "the attack") with no argument of its own.

The merged event takes the most precise date and place, the better-resolved
actors and recipients, and, when the first telling is in the outlet's own voice, the
first attribution to a source. Every figure of every telling stays a separate
:class:`~whimbrel.records.Claim` with its source and stance (``Event.claims``);
the headline ``size`` takes, per field, the figure with the best stance.

Across articles, :func:`cluster_events` puts the same real-world event told by
many outlets into one :class:`~whimbrel.records.Cluster` (GDELT's NumMentions,
NumArticles, NumSources), incrementally and deterministically, with the rule's
thresholds in the settings and a reason for each assignment.

Plain Python: the pipeline runs :func:`merge_mentions` on each article's events;
a store runs :func:`cluster_events` on each batch.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Mapping, Optional

from .knowledge import SCALES, TENS, UNITS, read_table
from .records import (Actor, Claim, Cluster, ClusterAssignment, ClusterMember, Event, Mention, Size,
                      stable_id)
from .settings import Settings

MERGEABLE_MODALITIES = frozenset({"asserted", "historical"})


def _countries(actors: Iterable[Actor]) -> set[str]:
    return {a.country for a in actors if a.country and a.country != "UNK"}


def _heads(actors: Iterable[Actor]) -> set[str]:
    """The last word of each mention, singular: "the army post" and "an army post" share "post"."""
    out = set()
    for a in actors:
        words = a.text.lower().replace("'s", "").split()
        if words:
            out.add(words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 3 else words[-1])
    return out


def _side(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> Optional[str]:
    """'same' when both name a common country, 'same-head' when, with no country, they share a head
    word, 'open' when one side names none, None when they clash."""
    ca, cb = _countries(a), _countries(b)
    if ca and cb:
        return "same" if ca & cb else None
    if not ca and not cb and a and b:
        return "same-head" if _heads(a) & _heads(b) else None  # "a convoy" and "a village" are two targets
    return "open"





@functools.lru_cache(maxsize=1)
def _figure_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words of a bare figure ("40", "at least 12", "dozens"): the number words, the vague
    quantities (lexicon/quantities.tsv) and the qualifiers (lexicon/counts.tsv kind qualifier), and
    of those the ones that give a number."""
    vague = {w for r in read_table("lexicon/quantities.tsv") for w in r["word"].lower().split()}
    qualifiers = {w for r in read_table("lexicon/counts.tsv") if r["kind"] == "qualifier" for w in r["word"].lower().split()}
    numbers = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {w for w in vague if w not in ("of", "a", "tens")}
    return numbers | frozenset(vague) | frozenset(qualifiers) | {"and", "of", "a", "about", "around", "some"}, numbers


def _bare_figure(text: str) -> bool:
    """Is this recipient a bare figure standing for the victims ("killing or wounding 40")?"""
    words = text.lower().replace(",", "").replace("-", " ").split()
    allowed, numbers = _figure_words()
    return bool(words) and all(w.isdigit() or w in allowed for w in words) and any(
        w.isdigit() or w in numbers for w in words)


def _targets(event: Event) -> tuple[Actor, ...]:
    """The recipients that are not counted victims: "killing eight officers" and "killed at least 15
    people" describe the toll, not the target, and do not tell two attacks apart; nor does a bare
    figure ("killing or wounding 40": the dead and wounded together, no count of either)."""
    counted = {c.text.lower() for c in event.claims if c.text}
    return tuple(r for r in event.recipients
                 if not (any(r.text.lower() in t or t in r.text.lower() for t in counted) or _bare_figure(r.text))
                 or (r.country and r.country != "UNK"))


def merge_reason(first: Event, later: Event, max_km: Optional[float] = None) -> Optional[str]:
    """Why ``later`` tells the same event as ``first``, or None."""
    if first.event_type != later.event_type:
        return None
    if first.modality not in MERGEABLE_MODALITIES or later.modality not in MERGEABLE_MODALITIES:
        return None
    if first.date and later.date and first.date.precision != "reported" and later.date.precision != "reported" \
            and first.date.value != later.date.value:
        return None
    if first.location and later.location and first.location.country and later.location.country \
            and first.location.country != later.location.country \
            and "country" not in (first.location.precision, later.location.precision):
        return None  # two places in two countries; a country-level fallback decides nothing
    p, q = first.location, later.location
    fine = ("point", "town")
    if p and q and p.precision in fine and q.precision in fine and None not in (p.lat, p.lon, q.lat, q.lon) \
            and _haversine_km(p.lat, p.lon, q.lat, q.lon) > (Settings.cluster_max_km if max_km is None else max_km):  # type: ignore[arg-type]
        return None  # two towns far apart: a church in Abeokuta and a mosque in Kaduna are two attacks
    actors, recipients = _side(first.actors, later.actors), _side(_targets(first), _targets(later))
    if actors is None or recipients is None:
        return None
    if actors in ("same", "same-head"):
        reason = f"same type ({first.event_type}), " + ("same actor country" if actors == "same" else "same actor head word")
        if recipients in ("same", "same-head"):
            reason += " and " + ("recipient country" if recipients == "same" else "recipient head word")
        return reason
    if recipients in ("same", "same-head") and first.cameo_code == later.cameo_code:
        what = "recipient country" if recipients == "same" else "recipient head word"
        return f"same CAMEO code ({first.cameo_code}), same {what}"
    if not later.actors and not _targets(later):
        return f"same type ({first.event_type}), a reference back with no argument of its own"
    return None


def _better(a: tuple[Actor, ...], b: tuple[Actor, ...]) -> tuple[Actor, ...]:
    return b if len(_countries(b)) > len(_countries(a)) else (a or b)


def _better_date(a: Event, b: Event):  # type: ignore[no-untyped-def]
    rank = {"day": 0, "week": 1, "month": 2, "year": 3, "reported": 4}
    if a.date is None:
        return b.date
    if b.date is None:
        return a.date
    return b.date if rank.get(b.date.precision, 5) < rank.get(a.date.precision, 5) else a.date


PLACE_RANK = {"point": 0, "town": 1, "admin1": 2, "region": 3, "country": 4}


def _better_location(a: Event, b: Event):  # type: ignore[no-untyped-def]
    """The most precise place among the tellings ("near al-Tanf" beats "Syria")."""
    if a.location is None or b.location is None:
        return a.location or b.location
    rank = lambda p: PLACE_RANK.get(p.precision or "", 5)  # noqa: E731
    return b.location if rank(b.location) < rank(a.location) else a.location


SIZE_FIELDS = ("dead", "injured", "arrested", "participants", "abducted")
# Whose figure a merged event's headline size shows, best first; every figure stays in Event.claims.
STANCE_RANK = {"asserted": 0, "confirmed": 1, "reported": 2, "claimed": 3, "denied": 4}


def claims_of(event: Event) -> tuple[Claim, ...]:
    """The event's claims; for a record built without the coding stages, one per count of its size."""
    if event.claims:
        return event.claims
    a = event.attribution
    return tuple(Claim(f, getattr(event.size, f), f in event.size.approximate, source=a.text, source_actor=a.source_actor,
                       anonymous=a.anonymous, stance=a.stance)
                 for f in SIZE_FIELDS if getattr(event.size, f) is not None)


def merged_claims(first: Event, later: Event) -> tuple[Claim, ...]:
    """Both tellings' claims, each with its own source and stance (never averaged); a figure
    repeated by the same source with the same stance is kept once."""
    out: dict[tuple[str, int, Optional[str], str], Claim] = {}
    for c in claims_of(first) + claims_of(later):
        out.setdefault((c.field, c.value, c.source, c.stance), c)
    return tuple(out.values())


def size_from_claims(claims: tuple[Claim, ...]) -> Size:
    """The headline size of merged tellings: per field, the figure of the claim with the best
    stance (asserted, confirmed, reported, claimed, denied), the earlier one on a tie. The
    other figures are not lost: they stay in ``Event.claims``."""
    values: dict[str, int] = {}
    approximate: list[str] = []
    text: list[str] = []
    ranked = sorted(range(len(claims)), key=lambda k: (STANCE_RANK.get(claims[k].stance, 5), k))
    for k in ranked:
        c = claims[k]
        if c.field in SIZE_FIELDS and c.field not in values:
            values[c.field] = c.value
            if c.approximate:
                approximate.append(c.field)
            if c.text:
                text.append(c.text)
    return Size(approximate=tuple(f for f in SIZE_FIELDS if f in approximate), text=tuple(dict.fromkeys(text)), **values)


def merge_mentions(events: list[Event], max_km: Optional[float] = None) -> list[Event]:
    """Fold later tellings of an event into its first telling, in text order. Two tellings placed in
    towns more than ``max_km`` apart are two events (the coder passes its settings' ``cluster_max_km``;
    None: the packaged default, 50 km)."""
    kept: list[Event] = []
    for e in events:
        for k, first in enumerate(kept):
            reason = merge_reason(first, e, max_km)
            if reason is None:
                continue
            kept[k] = replace(
                first,
                actors=_better(first.actors, e.actors),
                recipients=_better(first.recipients, e.recipients),
                date=_better_date(first, e),
                location=_better_location(first, e),
                attribution=first.attribution if first.attribution.stance != "asserted" else e.attribution,
                size=size_from_claims(merged_claims(first, e)),
                claims=merged_claims(first, e),
                confidence=round(min(0.99, max(first.confidence, e.confidence) + 0.05), 2),
                mentions=first.mentions + e.mentions,
                other_mentions=first.other_mentions + (
                    Mention(e.sentence_index, e.evidence, e.attribution, e.size, reason),) + e.other_mentions,
            )
            break
        else:
            kept.append(e)
    return kept


# ---------------------------------------------------------------------------
# Clustering across articles
# ---------------------------------------------------------------------------

def _read(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    """The actors read in the text: a doer or target filled in from the event's place (``how``
    ``place:NAME``, focus.py) is a guess that two outlets share by construction, not evidence."""
    return tuple(a for a in actors if not (a.how or "").startswith("place:"))


@functools.lru_cache(maxsize=32)
def _family_of(families: tuple[str, ...]) -> dict[str, str]:
    """Sector code -> its family ("MIL" -> "GOV/MIL/..."), built once per settings' families."""
    return {code: fam for fam in families for code in fam.split("/")}


def _sector_families(actors: Iterable[Actor], settings: Settings) -> set[str]:
    family, generic = _family_of(tuple(settings.cluster_sector_families)), settings.cluster_generic_sectors
    return {family.get(a.sector, a.sector) for a in actors if a.sector and a.sector not in generic}


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """``places.haversine_km``, kept here because importing places loads spaCy (about a second),
    which the store, ``whimbrel query``/``export`` and ``serve --no-code`` never need
    (tests/test_dedup.py checks that the two agree)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _day(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=32)
def _groups_of(compatible: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(x.strip().upper() for x in g.split("/") if x.strip()) for g in compatible)


def _type_groups(settings: Settings) -> tuple[frozenset[str], ...]:
    """The groups of PLOVER types that may share a cluster, built once per settings' groups."""
    return _groups_of(tuple(settings.cluster_compatible_types))


def _compatible_types(a: str, b: str, settings: Settings) -> bool:
    return a == b or any(a in g and b in g for g in _type_groups(settings))


def clusterable(event: Event) -> bool:
    """Only events that happened (asserted or historical) are clustered."""
    return event.modality in MERGEABLE_MODALITIES


def candidate_window(event: Event, settings: Optional[Settings] = None) -> tuple[tuple[str, ...], Optional[str], Optional[str]]:
    """What a store should fetch as candidate clusters for ``event``: the compatible PLOVER
    types and the first and last cluster date (ISO days, inclusive; None when the event has
    no date, then clusters of any date are candidates). Clusters outside it can never match."""
    settings = settings or Settings()
    types = {event.event_type}
    for g in _type_groups(settings):
        if event.event_type in g:
            types.update(g)
    day = _day(event.date.value if event.date else None)
    if day is None:
        return tuple(sorted(types)), None, None
    w = max(settings.cluster_date_window_days, settings.cluster_loose_date_window_days)
    return tuple(sorted(types)), (day - timedelta(days=w)).isoformat(), (day + timedelta(days=w)).isoformat()


def match_cluster(event: Event, cluster: Cluster, settings: Optional[Settings] = None) -> tuple[Optional[float], str]:
    """Whether ``event`` may join ``cluster``: (score, reason), score None when a hard rule
    forbids it (the reason says which). Hard rules: compatible type, date within the window,
    place within ``cluster_max_km`` (or the same country, and the same admin1 area when
    farther), no clash of actor or recipient countries, nor of actor sector families. Evidence: a shared actor country (+1), a shared recipient country (+1), a
    place within the distance (+1, or +0.5 for the same admin1 area), the same CAMEO code
    (+0.5), the same day (+0.5)."""
    settings = settings or Settings()
    if not _compatible_types(event.event_type, cluster.event_type, settings):
        return None, f"type {event.event_type} is not {cluster.event_type}"
    reasons = [f"type {event.event_type}" + ("" if event.event_type == cluster.event_type else f" ~ {cluster.event_type}")]
    score = 0.0
    # when
    a, b = _day(event.date.value if event.date else None), _day(cluster.date)
    if a and b:
        gap = abs((a - b).days)
        precise = event.date.precision == "day" and cluster.date_precision == "day"  # type: ignore[union-attr]
        window = settings.cluster_date_window_days if precise else settings.cluster_loose_date_window_days
        if gap > window:
            return None, f"dates {gap} days apart (window {window})"
        if gap == 0 and precise:
            score += 0.5
            reasons.append("same day (+0.5)")
        else:
            reasons.append(f"dates {gap} day{'s' if gap != 1 else ''} apart")
    # where
    p, q = event.location, cluster.location
    coarse = ("country", "region")
    if p and q and p.precision not in coarse and q.precision not in coarse:
        # a country-level place (often a fallback from the actors' nationality) decides nothing
        if p.country and q.country and p.country != q.country:
            return None, f"places in {p.country} and {q.country}"
        km = _haversine_km(p.lat, p.lon, q.lat, q.lon) if None not in (p.lat, p.lon, q.lat, q.lon) else None  # type: ignore[arg-type]
        fine = ("point", "town")
        if p.precision in fine and q.precision in fine and km is not None:
            if km > settings.cluster_max_km:
                return None, f"places {km:.0f} km apart (max {settings.cluster_max_km:g})"
            score += 1.0
            reasons.append(f"places {km:.0f} km apart (+1)")
        elif p.admin1 and q.admin1 and p.admin1 != q.admin1 and (km is None or km > settings.cluster_max_km):
            return None, f"places in {p.admin1} and {q.admin1}"
        elif p.admin1 and q.admin1 and p.admin1 == q.admin1:
            score += 0.5
            reasons.append(f"same admin1 {p.admin1} (+0.5)")
    # who
    for what, mine, theirs in (("actor", _countries(_read(event.actors)), set(cluster.actor_countries)),
                               ("recipient", _countries(_read(event.recipients)), set(cluster.recipient_countries))):
        if mine and theirs:
            shared = mine & theirs
            if not shared:
                return None, f"{what} countries {'/'.join(sorted(mine))} vs {'/'.join(sorted(theirs))}"
            score += 1.0
            reasons.append(f"shared {what} country {'/'.join(sorted(shared))} (+1)")
    mine, theirs = _sector_families(_read(event.actors), settings), set(cluster.actor_sectors)
    if mine and theirs and not mine & theirs:
        return None, f"actor sectors {'/'.join(sorted(mine))} vs {'/'.join(sorted(theirs))}"
    if event.cameo_code == cluster.cameo_code:
        score += 0.5
        reasons.append(f"same CAMEO code {event.cameo_code} (+0.5)")
    return score, "; ".join(reasons) + f"; score {score:g}"


def _member_outlet_key(m: ClusterMember) -> str:
    return m.outlet.strip().lower() if m.outlet and m.outlet.strip() else f"article:{m.article_id}"


def _found(event: Event, outlet: Optional[str], reason: str, settings: Settings) -> Cluster:
    member = ClusterMember(event.event_id, event.article_id, outlet, event.mentions, reason)
    return Cluster(
        cluster_id=stable_id("cluster", event.article_id, event.event_id),
        event_type=event.event_type, cameo_code=event.cameo_code,
        date=event.date.value if event.date else None, date_precision=event.date.precision if event.date else None,
        actor_countries=tuple(sorted(_countries(_read(event.actors)))),
        recipient_countries=tuple(sorted(_countries(_read(event.recipients)))),
        location=event.location, members=(member,), num_mentions=event.mentions, num_articles=1, num_sources=1,
        actor_sectors=tuple(sorted(_sector_families(_read(event.actors), settings))))


def _join(cluster: Cluster, event: Event, outlet: Optional[str], reason: str, settings: Settings) -> Cluster:
    members = cluster.members + (ClusterMember(event.event_id, event.article_id, outlet, event.mentions, reason),)
    location = cluster.location
    if event.location is not None and (location is None or PLACE_RANK.get(event.location.precision or "", 5)
                                       < PLACE_RANK.get(location.precision or "", 5)):
        location = event.location
    return replace(
        cluster, members=members, location=location,
        actor_countries=tuple(sorted(set(cluster.actor_countries) | _countries(_read(event.actors)))),
        recipient_countries=tuple(sorted(set(cluster.recipient_countries) | _countries(_read(event.recipients)))),
        actor_sectors=tuple(sorted(set(cluster.actor_sectors) | _sector_families(_read(event.actors), settings))),
        num_mentions=sum(m.mentions for m in members), num_articles=len({m.article_id for m in members}),
        num_sources=len({_member_outlet_key(m) for m in members}))


def cluster_order(event: Event) -> tuple[str, str, int, str]:
    """The order in which :func:`cluster_events` takes a call's events: date, article, sentence, id
    (a store that calls it event by event takes them in this order too)."""
    return (event.date.value or "" if event.date else "", event.article_id, event.sentence_index, event.event_id)


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """What :func:`cluster_events` decided: the assignments, the clusters touched (updated
    or new; persist these), and the ids of events left out (not asserted or historical)."""

    assignments: tuple[ClusterAssignment, ...]
    clusters: tuple[Cluster, ...]
    skipped: tuple[str, ...] = ()


def cluster_events(events: Iterable[Event], existing: Iterable[Cluster] = (), *,
                   outlets: Optional[Mapping[str, Optional[str]]] = None,
                   settings: Optional[Settings] = None) -> ClusterResult:
    """Assign new events to event clusters across articles (incremental, deterministic, pure).

    ``events`` are already deduplicated within their articles (``merge_mentions``);
    ``outlets`` maps an article id to its outlet (for ``num_sources``); ``existing`` are
    the candidate clusters already known (a store fetches them with
    :func:`candidate_window`; giving more is harmless). Nothing is modified in place.

    Each clusterable event (asserted or historical; others are listed in ``skipped``)
    joins the best-scoring cluster it may join (:func:`match_cluster`, score at least
    ``settings.cluster_min_score``; ties go to the cluster with more members, then the
    smaller cluster id),
    else founds a new cluster. A cluster takes at most one event per article (the
    article's own deduplication already kept its events apart). Events of one call
    are processed in a fixed order (date, article id, sentence, event id), so a call's
    result does not depend on the order of ``events``; across calls, the first event
    to arrive founds the cluster and fixes its date and type, so a borderline event may
    land differently when articles arrive in another order (clusters never merge later).

    Returns a :class:`ClusterResult`: one :class:`ClusterAssignment` per clustered event
    (in processing order) and the clusters touched, updated or new (``clusters``).
    """
    settings = settings or Settings()
    outlets = outlets or {}
    pool: list[Cluster] = list(existing)
    articles = [{m.article_id for m in c.members} for c in pool]  # per pool entry, kept up to date
    touched: dict[str, int] = {}
    assignments: list[ClusterAssignment] = []
    skipped: list[str] = []
    for event in sorted(events, key=cluster_order):
        if not clusterable(event):
            skipped.append(event.event_id)
            continue
        outlet = outlets.get(event.article_id)
        matches = []
        for k, cluster in enumerate(pool):
            if event.article_id in articles[k]:
                continue
            score, why = match_cluster(event, cluster, settings)
            if score is not None and score >= settings.cluster_min_score:
                matches.append((-score, -len(cluster.members), cluster.cluster_id, k, why))
        if not matches:
            cluster = _found(event, outlet, "founded: no cluster matched", settings)
            pool.append(cluster)
            articles.append({event.article_id})
            touched[cluster.cluster_id] = len(pool) - 1
            assignments.append(ClusterAssignment(event.event_id, event.article_id, cluster.cluster_id, True, 0.0,
                                                 "founded: no cluster matched"))
            continue
        neg_score, _, _, k, why = min(matches)  # best score, then more members, then the smaller id
        score = -neg_score
        pool[k] = _join(pool[k], event, outlet, why, settings)
        articles[k].add(event.article_id)
        touched[pool[k].cluster_id] = k
        assignments.append(ClusterAssignment(event.event_id, event.article_id, pool[k].cluster_id, False, score, why))
    return ClusterResult(tuple(assignments), tuple(pool[k] for k in sorted(touched.values())), tuple(skipped))

