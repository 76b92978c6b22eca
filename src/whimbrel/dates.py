"""Dates: resolve each event's date against the publication date.

The ``whimbrel_dates`` component looks for a date expression attached to
the event's clause (else in its sentence, when the sentence tells one
event, or opening it: "On 21 September 2022, ..."; else in the one or two
sentences before it in its paragraph) and resolves it: "Thursday" is the last Thursday on or before
publication, "yesterday" the day before, "earlier this month" the month
(precision ``month``), "May 10" a day, "in 2014" a year. With no
expression the publication date is used with precision ``reported``.

An event dated more than ``HISTORICAL_DAYS`` before publication is marked
``historical``: it is background, not news.

Our own rules come first (they are fast and know news usage: a weekday is
the last one on or before publication, a day-month date after publication is
last year's, "03/02/2016" is read in whichever order falls on or just before
publication). What they miss ("three days ago", "a fortnight ago", "2 weeks
earlier") goes to ``dateparser`` (``languages=['en']``, relative to the
publication date, dates from the past preferred), only for date expressions
that look like one (a number with a time unit, a month name), and cached:
dateparser is slow and reads "the 34th day" (of a truce) as a year.
"""

from __future__ import annotations

import datetime as dt
import re
import functools
from dataclasses import replace
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .nlp import guarded, register_extensions
from .records import Event, EventDate

HISTORICAL_DAYS = 90
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
_MDY = re.compile(rf"\b({_MONTH_RX})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RX})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MY = re.compile(rf"\b({_MONTH_RX})\.?,?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_MONTH_ALONE = re.compile(rf"\b(?:(early|mid|late|in|since|during|of|by|until)[- ]+)?({_MONTH_RX})\b\.?(?!\s*\d)", re.I)
# worth asking dateparser: "three days ago", "2 weeks earlier", "a fortnight ago", "the day before"
_FOR_DATEPARSER = re.compile(r"\b(ago|earlier|before|prior|previous|fortnight)\b", re.I)
_ORDINAL_DAY = re.compile(r"\b\d+(?:st|nd|rd|th)?\s+(day|week|month)\b(?!s? (ago|earlier|before))", re.I)
_PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}


def _month_start(d: dt.date, months_back: int = 0) -> dt.date:
    y, m = d.year, d.month - months_back
    while m < 1:
        m += 12
        y -= 1
    return dt.date(y, m, 1)


def resolve(text: str, published: Optional[dt.date], forward: bool = False) -> Optional[EventDate]:
    """Resolve a date expression; ``None`` when it names no date we can place. With
    ``forward`` (an event announced for the future) a weekday is the next one."""
    t = " ".join(text.lower().split())
    raw = text.strip()
    if published is not None:
        if re.search(r"\b(today|this (morning|afternoon|evening)|tonight)\b", t):
            return EventDate(published.isoformat(), "day", raw)
        if "day before yesterday" in t:
            return EventDate((published - dt.timedelta(days=2)).isoformat(), "day", raw)
        if re.search(r"\b(yesterday|last night)\b", t):
            return EventDate((published - dt.timedelta(days=1)).isoformat(), "day", raw)
        for name, wd in WEEKDAYS.items():
            if re.search(rf"\b{name}\b", t):
                if forward or re.search(r"\bnext\b", t):
                    ahead = (wd - published.weekday()) % 7 or 7
                    return EventDate((published + dt.timedelta(days=ahead)).isoformat(), "day", raw)
                back = (published.weekday() - wd) % 7
                if "last" in t.split() and back == 0:
                    back = 7
                return EventDate((published - dt.timedelta(days=back)).isoformat(), "day", raw)
        if re.search(r"\b(this|earlier this|later this) month\b", t):
            return EventDate(_month_start(published).isoformat()[:7], "month", raw)
        if re.search(r"\blast month\b", t):
            return EventDate(_month_start(published, 1).isoformat()[:7], "month", raw)
        if re.search(r"\b(this|last|over the|the) weekend\b", t):
            saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
            return EventDate(saturday.isoformat(), "week", raw)
        if re.search(r"\b(this|earlier this|last) week\b", t):
            back = 7 if "last week" in t else 0
            return EventDate((published - dt.timedelta(days=published.weekday() + back)).isoformat(), "week", raw)
        if re.search(r"\blast year\b", t):
            return EventDate(str(published.year - 1), "year", raw)
        if re.search(r"\bthis year\b", t):
            return EventDate(str(published.year), "year", raw)
    m = _ISO.search(t)
    if m:
        try:
            return EventDate(dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day", raw)
        except ValueError:
            return None
    for rx, order in ((_MDY, "md"), (_DMY, "dm")):
        m = rx.search(t)
        if m:
            month_s, day_s = (m[1], m[2]) if order == "md" else (m[2], m[1])
            year = int(m[3]) if m[3] else (published.year if published else None)
            if year is None:
                return None
            try:
                d = dt.date(year, MONTHS[month_s.lower().rstrip(".")], int(day_s))
                if not m[3] and published and d > published + dt.timedelta(days=2):
                    d = d.replace(year=year - 1)
            except (ValueError, KeyError):
                return None  # "Feb. 29" of a year without one, "March 32"
            return EventDate(d.isoformat(), "day", raw)
    m = _NUMERIC.search(t)
    if m:
        found = _numeric(m, published)
        if found is not None:
            return EventDate(found.isoformat(), "day", raw)
    m = _MY.search(t)
    if m:
        return EventDate(f"{int(m[2]):04d}-{MONTHS[m[1].lower()]:02d}", "month", raw)
    m = _YEAR.search(t)
    if m:
        return EventDate(m[1], "year", raw)
    if published is not None:
        m = _MONTH_ALONE.search(t)
        if m and (m[1] or m[2].lower() not in ("may", "mar")):  # "mid-March", "in April"; not the verb "may"
            month = MONTHS[m[2].lower()]
            year = published.year if month <= published.month else published.year - 1
            return EventDate(f"{year:04d}-{month:02d}", "month", raw)
        if _FOR_DATEPARSER.search(t) and not _ORDINAL_DAY.search(t):
            return _dateparser(t, published.isoformat(), raw)
    return None


def _numeric(m: re.Match, published: Optional[dt.date]) -> Optional[dt.date]:
    """"03/02/2016": day-month or month-day, whichever is a date on or just before publication
    (day first when both are, or when there is no publication date)."""
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    y += 2000 if y < 100 else 0
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(dt.date(y, month, day))
        except ValueError:
            continue
    if not readings:
        return None
    if published is None:
        return readings[0]
    past = [d for d in readings if d <= published + dt.timedelta(days=1)]
    return min(past, key=lambda d: published - d) if past else None


@functools.lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False})


@functools.lru_cache(maxsize=4096)
def _dateparser(text: str, published: str, raw: str) -> Optional[EventDate]:
    """dateparser's reading of an expression our rules do not know, relative to publication."""
    base = dt.datetime.fromisoformat(published)
    parser = _date_parser()
    parser._settings.RELATIVE_BASE = base  # noqa: SLF001 - one parser, rebased per call (cached)
    try:
        data = parser.get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd text
        return None
    when = data.date_obj if data else None
    if when is None or not (base - dt.timedelta(days=3660) <= when <= base + dt.timedelta(days=1)):
        return None
    precision = _PERIODS.get(data.period or "day", "day")
    value = when.date().isoformat()
    if precision == "month":
        value = value[:7]
    elif precision == "year":
        value = value[:4]
    return EventDate(value, precision, raw)


def _explicit_in(text: str, published: Optional[dt.date]) -> Optional[EventDate]:
    """An explicit calendar date written in the text (day, month and year, or ISO)."""
    for rx in (_DMY, _MDY, _ISO):
        m = rx.search(text)
        if m and (rx is _ISO or m[3]):
            return resolve(m.group(0), published)
    return None


def _as_date(value: str) -> dt.date:
    parts = value.split("-")
    return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


def date_event(event: Event, doc: Doc, published: Optional[dt.date], events_in_sentence: int) -> Event:
    offset = doc._.whimbrel_offset or 0
    trig = doc.char_span(event.evidence.trigger_start - offset, event.evidence.trigger_end - offset, alignment_mode="expand")
    found: Optional[EventDate] = None
    if trig is not None:
        sent = trig.sent
        anchor = trig.root
        clause = anchor
        while clause.dep_ in ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "compound") and clause.head.i != clause.i:
            clause = clause.head
        ents = [e for e in sent.ents if e.label_ in ("DATE", "TIME")]  # "last night", "this morning"
        own = [e for e in ents if clause in e.root.ancestors or e.root.head == clause]
        # a date that opens the sentence ("On 21 September 2022, ...") is the date of all its events
        opening = [e for e in ents if e.start - sent.start <= 2]
        candidates = own or (ents if events_in_sentence == 1 else opening)
        # Only a date of the event's own clause looks ahead for an announced event: in
        # "X said on Monday they would attack", Monday is when it was said.
        forward = bool(own) and (event.modality == "future" or "intention" in event.evidence.rule)
        for ent in candidates:
            found = resolve(ent.text, published, forward)
            if found:
                break
        if found is None and not ents:
            # the model missed the date entity ("On 9 September 2022, ..."): the sentence's explicit date
            found = _explicit_in(sent.text, published)
        if found is None and not ents:
            found = _paragraph_date(sent, published)
    modality = event.modality
    if found is None:
        found = EventDate(published.isoformat(), "reported", None) if published else None
    elif published and modality == "asserted" and (published - _as_date(found.value)).days > HISTORICAL_DAYS:
        modality = "historical"
    return replace(event, date=found, modality=modality)


# How many sentences back, inside its paragraph, a sentence with no date of its own looks for one.
PARAGRAPH_LOOKBACK = 2


def _paragraph_date(sent: Span, published: Optional[dt.date]) -> Optional[EventDate]:
    """The date of the sentences just before, in the same paragraph, for a sentence that has none:
    "On 5 March 2023, militants attacked a base in Bulo Burte. Two soldiers were killed." (the
    deaths are of 5 March, not of the day it was reported). A blank line ends the search."""
    doc = sent.doc
    start = sent.start
    for _ in range(PARAGRAPH_LOOKBACK):
        if start == 0:
            return None
        prev = doc[start - 1].sent
        between = doc.text[prev.start_char:sent.start_char]
        if between[len(between.rstrip()):].count("\n") >= 2:
            return None  # a blank line: another paragraph
        ents = [e for e in prev.ents if e.label_ in ("DATE", "TIME")]
        for ent in ents:
            found = resolve(ent.text, published)
            if found:
                return found
        found = _explicit_in(prev.text, published) if not ents else None
        if found:
            return found
        if ents:
            return None  # the sentence before has a date that does not resolve: nothing to carry over
        sent, start = prev, prev.start
    return None


def _published_date(doc: Doc) -> Optional[dt.date]:
    value = doc._.whimbrel_published
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@Language.factory("whimbrel_dates", assigns=["doc._.whimbrel_events"], requires=["doc._.whimbrel_events"])
def make_dater(nlp: Language, name: str):
    register_extensions()

    @guarded("whimbrel_dates")
    def whimbrel_dates(doc: Doc) -> Doc:
        events = doc._.whimbrel_events or []
        published = _published_date(doc)
        per_sentence: dict[int, int] = {}
        for e in events:
            per_sentence[e.sentence_index] = per_sentence.get(e.sentence_index, 0) + 1
        doc._.whimbrel_events = [date_event(e, doc, published, per_sentence[e.sentence_index]) for e in events]
        return doc

    return whimbrel_dates


def document_date(doc: Doc) -> Optional[EventDate]:
    """The date a document with no event would give one: its first date expression that
    resolves, else an explicit date in its text, else the publication date ("reported")."""
    published = _published_date(doc)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            found = resolve(ent.text, published)
            if found is not None:
                return found
    found = _explicit_in(doc.text, published)
    if found is None:
        m = _NUMERIC.search(doc.text)
        day = _numeric(m, published) if m else None
        found = EventDate(day.isoformat(), "day", m.group(0)) if day and m else None
    if found is None and published is not None:
        found = EventDate(published.isoformat(), "reported", None)
    return found
