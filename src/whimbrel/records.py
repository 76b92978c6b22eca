"""Typed records passed between whimbrel's stages.

Every record is a frozen dataclass. Dicts appear only at the edges: use
:func:`to_dict` to serialise a record (nested records become dicts, tuples
become lists) and the ``from_dict`` class methods to read one back.

The field names are part of the ``whimbrel code --jsonl`` contract
(``docs/record.md``): fields may be added, never renamed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

MODALITIES = ("asserted", "negated", "hypothetical", "future", "historical")
STANCES = ("asserted", "reported", "claimed", "denied", "confirmed")
DATE_PRECISIONS = ("day", "week", "month", "year", "reported")
PLACE_PRECISIONS = ("point", "town", "admin1", "country", "region")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an event was read: the sentence and the trigger's offsets.

    Offsets are character offsets in the document text as given.
    """

    sentence: str
    sentence_start: int
    trigger: str
    trigger_start: int
    trigger_end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor or recipient mention and what it resolved to.

    ``country`` is ISO 3166 alpha-3 (plus KOS) or a non-state code (IGO,
    UNO, NGO, ISM, IMG, MNC, ...); ``UNK`` when the mention could not be
    resolved. ``code`` is the CAMEO-style country+sector code (``USAMIL``).
    ``how`` says which knowledge-base entry or rule resolved it.
    """

    text: str
    start: int
    end: int
    name: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    code: Optional[str] = None
    how: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    geonameid: Optional[int] = None
    name: Optional[str] = None
    admin1: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    feature: Optional[str] = None
    precision: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass(frozen=True, slots=True)
class EventDate:
    value: Optional[str]
    precision: str
    text: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Size:
    """Counts told with the event. A vague quantity ("dozens") gives its documented
    lower bound and is listed in ``approximate``; ``text`` holds the phrases read."""

    dead: Optional[int] = None
    injured: Optional[int] = None
    arrested: Optional[int] = None
    participants: Optional[int] = None
    abducted: Optional[int] = None
    approximate: tuple[str, ...] = ()
    text: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribution:
    text: Optional[str] = None
    source_actor: Optional[Actor] = None
    anonymous: bool = False
    stance: str = "asserted"


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's figure for one count of an event ("Aamaq claimed 100 killed").

    Competing figures about the same event are separate claims, each with its
    source and stance; they are never averaged or overwritten. ``value`` is the
    figure read (a vague quantity's documented lower bound, with ``low``/``high``
    its documented range; "at least 12" has ``low`` 12); ``source`` is who gave
    it (None: the outlet's own voice).
    """

    field: str
    value: int
    approximate: bool = False
    low: Optional[int] = None
    high: Optional[int] = None
    text: Optional[str] = None
    source: Optional[str] = None
    source_actor: Optional[Actor] = None
    anonymous: bool = False
    stance: str = "asserted"
    start: Optional[int] = None  # document offsets of the word the figure was read on ("killed")
    end: Optional[int] = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Another telling of the same event in the article (after within-article deduplication)."""

    sentence_index: int
    evidence: Evidence
    attribution: Attribution
    size: "Size"
    reason: str


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event (see ``docs/record.md``)."""

    event_id: str
    article_id: str
    sentence_index: int
    evidence: Evidence
    event_type: str
    mode: Optional[str]
    cameo_code: str
    cameo_root: str
    goldstein: float
    quad_class: int
    contexts: tuple[str, ...] = ()
    acled_type: Optional[str] = None
    acled_subtype: Optional[str] = None
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    location: Optional[Place] = None
    date: Optional[EventDate] = None
    size: Size = field(default_factory=Size)
    attribution: Attribution = field(default_factory=Attribution)
    modality: str = "asserted"
    confidence: float = 0.5
    mentions: int = 1
    other_mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Event":
        def actor(d: dict[str, Any]) -> Actor:
            return Actor(**d)

        return cls(
            event_id=data["event_id"],
            article_id=data["article_id"],
            sentence_index=data["sentence_index"],
            evidence=Evidence(**data["evidence"]),
            event_type=data["event_type"],
            mode=data.get("mode"),
            cameo_code=data["cameo_code"],
            cameo_root=data["cameo_root"],
            goldstein=data["goldstein"],
            quad_class=data["quad_class"],
            contexts=tuple(data.get("contexts") or ()),
            acled_type=data.get("acled_type"),
            acled_subtype=data.get("acled_subtype"),
            actors=tuple(actor(a) for a in data.get("actors") or ()),
            recipients=tuple(actor(a) for a in data.get("recipients") or ()),
            location=Place(**data["location"]) if data.get("location") else None,
            date=EventDate(**data["date"]) if data.get("date") else None,
            size=_size(data.get("size") or {}),
            attribution=_attribution(data.get("attribution") or {}),
            modality=data.get("modality", "asserted"),
            confidence=data.get("confidence", 0.5),
            mentions=data.get("mentions", 1),
            other_mentions=tuple(
                Mention(m["sentence_index"], Evidence(**m["evidence"]), _attribution(m["attribution"]),
                        _size(m["size"]), m["reason"]) for m in data.get("other_mentions") or ()),
            claims=tuple(_claim(c) for c in data.get("claims") or ()),
        )


def _claim(data: dict[str, Any]) -> "Claim":
    c = dict(data)
    if c.get("source_actor"):
        c["source_actor"] = Actor(**c["source_actor"])
    return Claim(**c)


def _size(data: dict[str, Any]) -> "Size":
    return Size(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def _attribution(data: dict[str, Any]) -> "Attribution":
    att = dict(data)
    if att.get("source_actor"):
        att["source_actor"] = Actor(**att["source_actor"])
    return Attribution(**att)


@dataclass(frozen=True, slots=True)
class ClusterMember:
    """One event (from one article) in an event cluster, and why it joined."""

    event_id: str
    article_id: str
    outlet: Optional[str]
    mentions: int
    reason: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """The same real-world event told in one or more articles (see ``whimbrel.dedup.cluster_events``).

    The profile fields (type, code, actor and recipient countries, date, place)
    are those of the founding event, refined by later members (more precise
    place, union of known countries); the date is the founding event's and never
    moves, so a cluster cannot creep along the calendar. ``num_mentions``,
    ``num_articles`` and ``num_sources`` are GDELT's NumMentions, NumArticles
    and NumSources: tellings of the event (Event.mentions summed), distinct
    articles, distinct outlets (an article with no outlet counts as its own source).
    """

    cluster_id: str
    event_type: str
    cameo_code: str
    date: Optional[str] = None
    date_precision: Optional[str] = None
    actor_countries: tuple[str, ...] = ()
    recipient_countries: tuple[str, ...] = ()
    location: Optional[Place] = None
    members: tuple[ClusterMember, ...] = ()
    actor_sectors: tuple[str, ...] = ()  # sector families of the members' actors ("state", "EDU", ...)
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Cluster":
        d = dict(data)
        d["actor_countries"] = tuple(d.get("actor_countries") or ())
        d["recipient_countries"] = tuple(d.get("recipient_countries") or ())
        d["actor_sectors"] = tuple(d.get("actor_sectors") or ())
        d["location"] = Place(**d["location"]) if d.get("location") else None
        d["members"] = tuple(ClusterMember(**m) for m in d.get("members") or ())
        return cls(**d)


@dataclass(frozen=True, slots=True)
class ClusterAssignment:
    """Where one event went: the cluster it joined (``new`` False) or founded (``new`` True), and why."""

    event_id: str
    article_id: str
    cluster_id: str
    new: bool
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    text: str
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = "en"
    ingested_at: Optional[str] = None
    doc_id: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document that could not be processed, and why.

    ``code`` is a stable identifier of the reason (``W101``...) documented in
    ``docs/errors.md``; ``where`` points at the input (file name, line).
    """

    doc_id: Optional[str]
    stage: str
    code: str
    reason: str
    where: Optional[str] = None
    article_id: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document to code: the fields of the ``--jsonl`` input contract."""

    text: str
    id: Optional[str] = None
    published: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    where: Optional[str] = None


@dataclass(frozen=True, slots=True)
class CodedDocument:
    """The result for one input document: its events, or its rejection."""

    document: Document
    article: Optional[Article] = None
    events: tuple[Event, ...] = ()
    rejection: Optional[Rejection] = None

    @property
    def ok(self) -> bool:
        return self.rejection is None


def to_dict(record: Any) -> Any:
    """Serialise a record (or a list/tuple of records) to plain JSON types."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def with_event_ids(events: list["Event"]) -> list["Event"]:
    """Give each event its stable id, from a declared key that survives changes of
    whitespace and line endings: the article, the sentence's index, the trigger's
    words (and which occurrence of them in the sentence), the type and the CAMEO code."""
    seen: dict[tuple[int, str], int] = {}
    out = []
    for e in events:
        words = " ".join(e.evidence.trigger.lower().split())
        nth = seen.get((e.sentence_index, words), 0)
        seen[(e.sentence_index, words)] = nth + 1
        key = stable_id(e.article_id, e.sentence_index, words, nth, e.event_type, e.cameo_code)
        out.append(e if e.event_id == key else dataclasses.replace(e, event_id=key))
    return out


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic hex id from the given parts."""
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(str(p).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]
