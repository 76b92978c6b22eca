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
first attribution to a source.

Plain Python, run by the pipeline on each article's events.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Optional

from .records import Actor, Event, Mention

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





def merge_reason(first: Event, later: Event) -> Optional[str]:
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
    actors, recipients = _side(first.actors, later.actors), _side(first.recipients, later.recipients)
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
    if not later.actors and not later.recipients:
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


def merge_mentions(events: list[Event]) -> list[Event]:
    """Fold later tellings of an event into its first telling, in text order."""
    kept: list[Event] = []
    for e in events:
        for k, first in enumerate(kept):
            reason = merge_reason(first, e)
            if reason is None:
                continue
            kept[k] = replace(
                first,
                actors=_better(first.actors, e.actors),
                recipients=_better(first.recipients, e.recipients),
                date=_better_date(first, e),
                location=_better_location(first, e),
                attribution=first.attribution if first.attribution.stance != "asserted" else e.attribution,
                size=first.size if any(getattr(first.size, f) is not None
                                       for f in ("dead", "injured", "arrested", "participants", "abducted")) else e.size,
                confidence=round(min(0.99, max(first.confidence, e.confidence) + 0.05), 2),
                mentions=first.mentions + e.mentions,
                other_mentions=first.other_mentions + (
                    Mention(e.sentence_index, e.evidence, e.attribution, e.size, reason),) + e.other_mentions,
            )
            break
        else:
            kept.append(e)
    return kept
