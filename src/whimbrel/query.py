"""Queries over a store: filtered events as records, rows or Arrow tables, and aggregates.

Every function takes a DuckDB connection (``store.open_read_only(path)``, or a
writer's ``Store.con``) and a :class:`Filters`; nothing here writes.

>>> from whimbrel.store import open_read_only
>>> from whimbrel.query import Filters, find_events, counts_by_day
>>> con = open_read_only("events.duckdb")                      # doctest: +SKIP
>>> page = find_events(con, Filters(event_type="ASSAULT", actor_country="SYR"), limit=20)  # doctest: +SKIP
>>> page.total, [e.cameo_code for e in page.events]            # doctest: +SKIP

Filters combine with AND; a filter given several values (a list, or a
comma-separated string) matches any of them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, fields
from typing import Any, Iterator, Optional, Sequence, Union

from .errors import ConfigError
from .records import Event

Values = Union[str, Sequence[str], None]

# The flat columns of an event row (tables, CSV, Parquet), in order.
EVENT_COLUMNS = (
    "event_id", "article_id", "cluster_id", "event_date", "date_precision", "event_type", "mode", "cameo_code",
    "cameo_root", "quad_class", "goldstein", "modality", "confidence", "mentions", "actor_text", "actor_country",
    "actor_sector", "actor_code", "recipient_text", "recipient_country", "recipient_sector", "recipient_code",
    "place_text", "place_name", "place_admin1", "place_country", "lat", "lon", "geonameid", "place_precision",
    "dead", "injured", "arrested", "participants", "abducted", "stance", "anonymous", "source_text", "trigger",
    "sentence", "sentence_index", "doc_id", "url", "title", "outlet", "published", "source", "ingested_at",
)

_SELECT = """
    e.event_id, e.article_id, e.cluster_id, e.event_date, e.date_precision, e.event_type, e.mode, e.cameo_code,
    e.cameo_root, e.quad_class, e.goldstein, e.modality, e.confidence, e.mentions,
    (SELECT string_agg(x.text, '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'actor') AS actor_text,
    (SELECT string_agg(coalesce(x.country, ''), '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'actor') AS actor_country,
    (SELECT string_agg(coalesce(x.sector, ''), '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'actor') AS actor_sector,
    (SELECT string_agg(coalesce(x.code, ''), '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'actor') AS actor_code,
    (SELECT string_agg(x.text, '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'recipient') AS recipient_text,
    (SELECT string_agg(coalesce(x.country, ''), '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'recipient') AS recipient_country,
    (SELECT string_agg(coalesce(x.sector, ''), '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'recipient') AS recipient_sector,
    (SELECT string_agg(coalesce(x.code, ''), '; ' ORDER BY x.position) FROM actors x WHERE x.event_id = e.event_id AND x.role = 'recipient') AS recipient_code,
    e.place_text, e.place_name, e.place_admin1, e.place_country, e.lat, e.lon, e.geonameid, e.place_precision,
    e.dead, e.injured, e.arrested, e.participants, e.abducted, e.stance, e.anonymous, e.source_text, e.trigger,
    e.sentence, e.sentence_index, a.doc_id, a.url, a.title, a.outlet, a.published, a.source, a.ingested_at
"""

# Ties are broken by the row's place in the store (its rowid: the order events were written, so an
# article's events of one day keep their sentence order). The rowid costs nothing to read, while the
# event id is a compressed text column that costs more to scan than the filters themselves.
ORDERS = {
    "date": "e.event_date DESC NULLS LAST, e.rowid",
    "date_asc": "e.event_date ASC NULLS LAST, e.rowid",
    "confidence": "e.confidence DESC, e.rowid",
    "mentions": "e.mentions DESC, e.rowid",
    "stored": "a.ingested_at, e.article_id, e.sentence_index, e.event_id",
}

# The orders whose sort key packs into one BIGINT: the event day (22 bits; no date sorts last) above the
# rowid (40 bits), exactly the order of ORDERS. With one key, one pass over the matching events gives a
# page and the total together (count(*) and min_by(rowid, key, n)) instead of a top-N query and a count.
_ROWID_BITS = 1 << 40
_NO_DAY = (1 << 22) - 1
_PAGE_KEYS = {
    "date": f"coalesce(3000000 - (e.event_date - DATE '1970-01-01'), {_NO_DAY})::BIGINT * {_ROWID_BITS} + e.rowid",
    "date_asc": f"coalesce(800000 + (e.event_date - DATE '1970-01-01'), {_NO_DAY})::BIGINT * {_ROWID_BITS} + e.rowid",
}
_PAGE_KEY_MAX = 1000  # offset + limit up to this: the one-pass query; beyond it, ORDER BY ... OFFSET and a count


def _values(v: Values, upper: bool = False) -> tuple[str, ...]:
    if v is None:
        return ()
    items = v.split(",") if isinstance(v, str) else [str(x) for x in v]
    out = tuple(x.strip() for x in items if str(x).strip())
    return tuple(x.upper() for x in out) if upper else out


def _day(v: Union[str, dt.date, None], name: str) -> Optional[dt.date]:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    try:
        if len(s) == 4:
            return dt.date(int(s), 1, 1)
        if len(s) == 7:
            return dt.date(int(s[:4]), int(s[5:7]), 1)
        return dt.date.fromisoformat(s[:10])
    except ValueError as exc:
        raise ConfigError(f"{name} {v!r} is not a date.", "Use YYYY-MM-DD (or YYYY-MM, YYYY).") from exc


def parse_near(value: Union[str, Sequence[float], None]) -> Optional[tuple[float, float, float]]:
    """``"LAT,LON,KM"`` (or a 3-sequence) as numbers, checked."""
    if value is None or value == "":
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        lat, lon, km = (float(p) for p in parts)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"near {value!r} is not LAT,LON,KM.", "Give e.g. 33.5,36.3,50.") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise ConfigError(f"near {value!r} is out of range.", "Latitude -90..90, longitude -180..180, radius > 0 km.")
    return lat, lon, km


def parse_bbox(value: Union[str, Sequence[float], None]) -> Optional[tuple[float, float, float, float]]:
    """``S,W,N,E`` (degrees; south <= north, west <= east) as four floats, or None."""
    if value is None or value == "":
        return None
    try:
        parts = [float(x) for x in (value.split(",") if isinstance(value, str) else value)]
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bbox {value!r} is not S,W,N,E.", "Give e.g. 33.0,36.0,34.0,37.0.") from exc
    if len(parts) != 4 or not (-90 <= parts[0] <= parts[2] <= 90 and -180 <= parts[1] <= parts[3] <= 180):
        raise ConfigError(f"bbox {value!r} is not S,W,N,E in range.", "South <= north in -90..90, west <= east in -180..180.")
    return parts[0], parts[1], parts[2], parts[3]


@dataclass(frozen=True)
class Filters:
    """What to select. Every field is optional; set fields combine with AND.

    Text-valued fields take one value, a list, or a comma-separated string (any of
    them matches). Countries are ISO 3166 alpha-3 (or IGO, NGO, ... as in the
    records), compared in upper case; names and places match a case-insensitive
    substring of the resolved name or of the text as written.
    """

    event_type: Values = None          # PLOVER type: ASSAULT, PROTEST, ...
    cameo_root: Values = None          # two digits: "19"
    cameo_code: Values = None
    quad_class: Union[int, Sequence[int], None] = None
    actor_country: Values = None
    actor_sector: Values = None
    actor_name: Optional[str] = None
    recipient_country: Values = None
    recipient_sector: Values = None
    recipient_name: Optional[str] = None
    place: Optional[str] = None        # place name (gazetteer name, text, or admin1)
    place_country: Values = None
    near: Union[str, tuple[float, float, float], None] = None  # LAT,LON,KM
    bbox: Union[str, Sequence[float], None] = None  # S,W,N,E: a map grid cell, or S,W,S,W: one point
    date_from: Union[str, dt.date, None] = None   # event date, inclusive
    date_to: Union[str, dt.date, None] = None     # inclusive
    text: Optional[str] = None         # in the evidence sentence or the article title
    modality: Values = None            # asserted, negated, hypothetical, future, historical
    stance: Values = None
    min_confidence: Optional[float] = None
    article_id: Values = None
    cluster_id: Values = None
    outlet: Values = None

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> "Filters":
        """Filters from a dict (query parameters); unknown keys raise ConfigError, empty values are ignored."""
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ConfigError(f"Unknown filter(s): {', '.join(sorted(unknown))}.", f"Known: {', '.join(sorted(names))}.")
        return cls(**{k: v for k, v in data.items() if v not in (None, "", [], ())})


class Condition(tuple):
    """One condition of a filter: ``(sql, params)`` over ``events e JOIN articles a``, and what an
    in-memory index (:mod:`whimbrel.pageindex`) can test without SQL: ``day``, for a date bound,
    ``(">=" or "<=", days since 1970-01-01)``; ``match``, for a column that must hold one of some
    values, ``(column, values)`` (a list column: one of its items)."""

    __slots__ = ()

    def __new__(cls, sql: str, params: Sequence[Any] = (), day: Optional[tuple[str, int]] = None,
                match: Optional[tuple[str, tuple[Any, ...]]] = None):
        return super().__new__(cls, (sql, tuple(params), day, match))

    @property
    def sql(self) -> str:
        return self[0]

    @property
    def params(self) -> tuple[Any, ...]:
        return self[1]

    @property
    def day(self) -> Optional[tuple[str, int]]:
        return self[2]

    @property
    def match(self) -> Optional[tuple[str, tuple[Any, ...]]]:
        return self[3]


def conditions(filters: Optional[Filters]) -> list[Condition]:
    """The filters as separate conditions (all must hold): see :func:`where`."""
    f = filters or Filters()
    out: list[Condition] = []

    def add(sql: str, *params: Any, day: Optional[tuple[str, int]] = None,
            match: Optional[tuple[str, tuple[Any, ...]]] = None) -> None:
        out.append(Condition(sql, params, day, match))

    def any_of(column: str, values: tuple[Any, ...]) -> None:
        if values:
            add(f"{column} IN ({', '.join('?' for _ in values)})", *values, match=(column, values))

    any_of("e.event_type", _values(f.event_type, upper=True))
    any_of("e.cameo_root", tuple(v.zfill(2) for v in _values(f.cameo_root)))
    any_of("e.cameo_code", _values(f.cameo_code))
    if f.quad_class is not None:
        quads = (f.quad_class,) if isinstance(f.quad_class, (int, str)) else tuple(f.quad_class)
        any_of("e.quad_class", tuple(int(q) for q in _values([str(q) for q in quads])))
    any_of("e.modality", tuple(v.lower() for v in _values(f.modality)))
    any_of("e.stance", tuple(v.lower() for v in _values(f.stance)))
    any_of("e.article_id", _values(f.article_id))
    any_of("e.cluster_id", _values(f.cluster_id))
    any_of("a.outlet", _values(f.outlet))
    any_of("e.place_country", _values(f.place_country, upper=True))
    for role, country, sector, name in (("actor", f.actor_country, f.actor_sector, f.actor_name),
                                        ("recipient", f.recipient_country, f.recipient_sector, f.recipient_name)):
        sub: list[str] = []
        sub_params: list[Any] = []
        countries, sectors = _values(country, upper=True), _values(sector, upper=True)
        if not name and (countries or sectors):
            # The event's own lists (written with it; migration 3), not a subquery on actors:
            # several times faster. A country and a sector together ask one actor for both.
            if countries and sectors:
                column, wanted = f"e.{role}_pairs", tuple(f"{c}|{s}" for c in countries for s in sectors)
            else:
                column, wanted = (f"e.{role}_countries", countries) if countries else (f"e.{role}_sectors", sectors)
            add("(" + " OR ".join(f"list_contains({column}, ?)" for _ in wanted) + ")", *wanted,
                match=(column, wanted))
            continue
        if countries:
            sub.append(f"x.country IN ({', '.join('?' for _ in countries)})")
            sub_params.extend(countries)
        if sectors:
            sub.append(f"x.sector IN ({', '.join('?' for _ in sectors)})")
            sub_params.extend(sectors)
        if name:
            sub.append("(x.name ILIKE ? OR x.text ILIKE ?)")
            sub_params.extend([f"%{name}%"] * 2)
        if sub:
            add(f"EXISTS (SELECT 1 FROM actors x WHERE x.event_id = e.event_id AND x.role = '{role}' AND "
                + " AND ".join(sub) + ")", *sub_params)
    if f.place:
        add("(e.place_name ILIKE ? OR e.place_text ILIKE ? OR e.place_admin1 ILIKE ?)", *[f"%{f.place}%"] * 3)
    near = parse_near(f.near)
    if near:
        lat, lon, km = near
        dlat = km / 111.0
        dlon = km / max(111.0 * math.cos(math.radians(lat)), 1e-6)
        add("e.lat BETWEEN ? AND ?", lat - dlat, lat + dlat)
        if dlon < 180:
            lo, hi = lon - dlon, lon + dlon
            if -180 <= lo and hi <= 180:
                add("e.lon BETWEEN ? AND ?", lo, hi)
            else:
                add("(e.lon >= ? OR e.lon <= ?)", lo + 360 if lo < -180 else lo, hi - 360 if hi > 180 else hi)
        add("2 * 6371.0 * asin(sqrt(pow(sin(radians(e.lat - ?) / 2), 2) + cos(radians(?)) * "
            "cos(radians(e.lat)) * pow(sin(radians(e.lon - ?) / 2), 2))) <= ?", lat, lat, lon, km)
    box = parse_bbox(f.bbox)
    if box:  # latitude in [S, N) and longitude in [W, E), as events_on_grid's cells; S == N: that latitude
        for column, lo, hi in (("e.lat", box[0], box[2]), ("e.lon", box[1], box[3])):
            if lo == hi:
                add(f"{column} = ?", lo)
            else:
                add(f"{column} >= ? AND {column} < ?", lo, hi)
    start, end = _day(f.date_from, "date_from"), _day(f.date_to, "date_to")
    if start:
        add("e.event_date >= ?", start, day=(">=", (start - _EPOCH).days))
    if end:
        add("e.event_date <= ?", end, day=("<=", (end - _EPOCH).days))
    if f.text:
        if any(c in f.text for c in "%_\\"):  # ILIKE's wildcards: the pattern as given
            add("(e.sentence ILIKE ? OR e.article_title ILIKE ?)", *[f"%{f.text}%"] * 2)  # the title kept on the event
        else:  # the same match on the lower-case copies (migration 4): a plain substring test, several times faster
            add("(contains(e.sentence_lower, lower(?)) OR contains(e.title_lower, lower(?)))", f.text, f.text)
    if f.min_confidence is not None:
        add("e.confidence >= ?", float(f.min_confidence))
    return out


_EPOCH = dt.date(1970, 1, 1)


def where(filters: Optional[Filters]) -> tuple[str, list[Any]]:
    """The SQL condition (over ``events e JOIN articles a``) and its parameters."""
    conds = conditions(filters)
    return (" AND ".join(c.sql for c in conds) or "TRUE"), [p for c in conds for p in c.params]


_FROM = "FROM events e JOIN articles a ON a.article_id = e.article_id"
_READS_ARTICLES = re.compile(r"\ba\.")


def from_clause(*sql: str) -> str:
    """``FROM events e``, joined with its articles only when a condition or order reads them (``a.``):
    the join costs more than the rest of a count or an aggregate."""
    return _FROM if any(_READS_ARTICLES.search(part) for part in sql) else "FROM events e"


@dataclass
class Page:
    """One page of matching events: the records, their flat rows, and the total over all pages."""

    events: list[Event]
    rows: list[dict[str, Any]]
    total: int
    limit: Optional[int]
    offset: int

    def to_dict(self) -> dict[str, Any]:
        from .records import to_dict

        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "events": [to_dict(e) for e in self.events]}


def count_events(con, filters: Optional[Filters] = None) -> int:
    cond, params = where(filters)
    return con.execute(f"SELECT count(*) {from_clause(cond)} WHERE {cond}", params).fetchall()[0][0]


def limit_clause(limit: Optional[int], offset: int) -> str:
    if limit is not None and limit < 0 or offset < 0:
        raise ConfigError("limit and offset must not be negative.", "Give 0 or more.")
    return (f" LIMIT {int(limit)}" if limit is not None else "") + (f" OFFSET {int(offset)}" if offset else "")


def order_clause(order: str) -> str:
    if order not in ORDERS:
        raise ConfigError(f"Unknown order {order!r}.", f"Use one of {', '.join(ORDERS)}.")
    return ORDERS[order]


def find_events(con, filters: Optional[Filters] = None, limit: Optional[int] = 100, offset: int = 0,
                order: str = "date") -> Page:
    """A page of matching events (records and flat rows) and the total count."""
    cond, params = where(filters)
    cur = con.execute(f"SELECT {_SELECT}, e.record {_FROM} WHERE {cond} ORDER BY {order_clause(order)}"
                      f"{limit_clause(limit, offset)}", params)
    names = [d[0] for d in cur.description]
    events, rows = [], []
    for values in cur.fetchall():
        row = dict(zip(names, values))
        events.append(Event.from_dict(json.loads(row.pop("record"))))
        rows.append(row)
    # A short page tells the total without a second query.
    total = offset + len(rows) if (limit is None or len(rows) < limit) and (rows or not offset) else \
        count_events(con, filters)
    return Page(events=events, rows=rows, total=total, limit=limit, offset=offset)


def page_rowids(con, filters: Optional[Filters] = None, limit: Optional[int] = 100, offset: int = 0,
                order: str = "date") -> tuple[list[int], int]:
    """The rowids of a page of matching events, in order, and the total over all pages.

    For the date orders and a page within the first :data:`_PAGE_KEY_MAX` events this is one pass
    over the matching events (the count and the smallest packed sort keys together); otherwise an
    ORDER BY ... LIMIT ... OFFSET and, when the page is full, a count. The articles table is joined
    only when a filter or the order needs it. Rowids name rows of this store as it is opened: use
    them on the same connection (:func:`event_json_by_rowid`), not across writes."""
    cond, params = where(filters)
    order_sql = order_clause(order)
    limit_clause(limit, offset)  # checks both
    source = from_clause(cond, order_sql)
    if limit == 0:
        return [], con.execute(f"SELECT count(*) {source} WHERE {cond}", params).fetchall()[0][0]
    key = _PAGE_KEYS.get(order)
    if key is not None and limit is not None and offset + limit <= _PAGE_KEY_MAX:
        total, first = con.execute(f"SELECT count(*), min_by(e.rowid, {key}, {int(offset + limit)}) {source} "
                                   f"WHERE {cond}", params).fetchall()[0]
        return list(first or ())[offset:offset + limit], total
    ids = [r[0] for r in con.execute(f"SELECT e.rowid {source} WHERE {cond} ORDER BY {order_sql}"
                                     f"{limit_clause(limit, offset)}", params).fetchall()]
    if (limit is None or len(ids) < limit) and (ids or not offset):
        total = offset + len(ids)  # a short page tells the total
    else:
        total = con.execute(f"SELECT count(*) {source} WHERE {cond}", params).fetchall()[0][0]
    return ids, total


def event_json_by_rowid(con, rowids: Sequence[int]) -> dict[int, str]:
    """The stored records (JSON text) of the events with these rowids (see :func:`page_rowids`)."""
    if not rowids:
        return {}
    # One list parameter (= ANY) rather than an IN list of many parameters.
    return dict(con.execute("SELECT rowid, record FROM events WHERE rowid = ANY(?::BIGINT[])",
                            [list(rowids)]).fetchall())


def _page_records(con, filters: Optional[Filters], limit: Optional[int], offset: int,
                  order: str) -> tuple[list[str], int]:
    """The page's stored record JSON texts, in order, and the total: the rows are chosen first, then
    only their records are read."""
    rowids, total = page_rowids(con, filters, limit, offset, order)
    records = event_json_by_rowid(con, rowids)
    return [records[i] for i in rowids], total


def find_event_records(con, filters: Optional[Filters] = None, limit: Optional[int] = 100, offset: int = 0,
                       order: str = "date") -> Page:
    """Like :func:`find_events` but only the records (``rows`` is empty): much lighter on a large store."""
    texts, total = _page_records(con, filters, limit, offset, order)
    return Page(events=[Event.from_dict(json.loads(t)) for t in texts], rows=[], total=total, limit=limit,
                offset=offset)


def find_event_json(con, filters: Optional[Filters] = None, limit: Optional[int] = 100, offset: int = 0,
                    order: str = "date") -> tuple[list[str], int]:
    """The page's events as the JSON text of their stored records (not parsed: for a web API that
    sends them on as they are) and the total over all pages."""
    return _page_records(con, filters, limit, offset, order)


def iter_events(con, filters: Optional[Filters] = None, order: str = "stored",
                batch: int = 2000) -> Iterator[tuple[dict[str, Any], Event]]:
    """Every matching event as (flat row, record), streamed in batches (for exports)."""
    cond, params = where(filters)
    cur = con.execute(f"SELECT {_SELECT}, e.record {_FROM} WHERE {cond} ORDER BY {order_clause(order)}", params)
    names = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(batch):
        for values in chunk:
            row = dict(zip(names, values))
            yield row, Event.from_dict(json.loads(row.pop("record")))


def iter_cluster_events(con, filters: Optional[Filters] = None,
                        batch: int = 2000) -> Iterator[tuple[dict[str, Any], Event]]:
    """One event per cluster that holds a matching event (its first-stored matching event), as
    (flat row with the cluster's ``num_events``, ``num_mentions``, ``num_articles``,
    ``num_sources``, record): the GDELT view, where a row is one real-world event."""
    cond, params = where(filters)
    cur = con.execute(
        f"SELECT {_SELECT}, c.num_events, c.num_mentions, c.num_articles, c.num_sources, e.record {_FROM} "
        f"LEFT JOIN clusters c ON c.cluster_id = e.cluster_id WHERE {cond} "
        f"QUALIFY row_number() OVER (PARTITION BY coalesce(e.cluster_id, e.event_id) ORDER BY a.ingested_at, e.article_id, "
        f"e.sentence_index, e.event_id) = 1 ORDER BY {ORDERS['stored']}", params)
    names = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(batch):
        for values in chunk:
            row = dict(zip(names, values))
            yield row, Event.from_dict(json.loads(row.pop("record")))


def events_table(con, filters: Optional[Filters] = None, limit: Optional[int] = None, offset: int = 0,
                 order: str = "date"):
    """Matching events as a ``pyarrow.Table`` with the columns :data:`EVENT_COLUMNS`."""
    cond, params = where(filters)
    # A cursor of its own: an unfinished result elsewhere on ``con`` does not block it.
    return con.cursor().sql(f"SELECT {_SELECT} {_FROM} WHERE {cond} ORDER BY {order_clause(order)}"
                            f"{limit_clause(limit, offset)}", params=params).to_arrow_table()


def events_batches(con, filters: Optional[Filters] = None, order: str = "stored", batch: int = 10_000):
    """Matching events as a stream of Arrow record batches (a ``pyarrow.RecordBatchReader``) with the
    columns :data:`EVENT_COLUMNS`: exports of any size in bounded memory."""
    cond, params = where(filters)
    rel = con.cursor().sql(f"SELECT {_SELECT} {_FROM} WHERE {cond} ORDER BY {order_clause(order)}", params=params)
    return rel.to_arrow_reader(batch) if hasattr(rel, "to_arrow_reader") else rel.fetch_record_batch(batch)


def events_frame(con, filters: Optional[Filters] = None, limit: Optional[int] = None, offset: int = 0,
                 order: str = "date"):
    """Matching events as a pandas DataFrame (needs pandas installed)."""
    try:
        import pandas  # noqa: F401
    except ImportError as exc:
        raise ConfigError("events_frame needs pandas, which is not installed.",
                          "Install pandas, or use events_table() for a pyarrow Table.") from exc
    return events_table(con, filters, limit, offset, order).to_pandas()


def get_event(con, event_id: str) -> Optional[Event]:
    rows = con.execute("SELECT record FROM events WHERE event_id = ?", [event_id]).fetchall()
    return Event.from_dict(json.loads(rows[0][0])) if rows else None


def get_article(con, article_id: str, with_text: bool = True) -> Optional[dict[str, Any]]:
    """An article's metadata (and text), with its events as records."""
    cols = "article_id, doc_id, url, title, outlet, author, published, language, source, n_chars, n_events, " \
           "ingested_at" + (", text" if with_text else "")
    cur = con.execute(f"SELECT {cols} FROM articles WHERE article_id = ?", [article_id])
    found = cur.fetchall()
    if not found:
        return None
    out = dict(zip([d[0] for d in cur.description], found[0]))
    out["events"] = [Event.from_dict(json.loads(r[0])) for r in con.execute(
        "SELECT record FROM events WHERE article_id = ? ORDER BY sentence_index, event_id", [article_id]).fetchall()]
    return out


# --------------------------------------------------------------------------- aggregates


def _dicts(cur) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


GROUPS = {"event_type": "e.event_type", "quad_class": "e.quad_class", "cameo_root": "e.cameo_root",
          "modality": "e.modality", "none": "NULL"}


def counts_by_day(con, filters: Optional[Filters] = None, by: str = "event_type") -> list[dict[str, Any]]:
    """Events per day (event date) and per ``by`` (event_type, quad_class, cameo_root, modality, none):
    ``[{"day": date, "key": ..., "count": n}, ...]`` ordered by day, then key."""
    if by not in GROUPS:
        raise ConfigError(f"Cannot group by {by!r}.", f"Use one of {', '.join(GROUPS)}.")
    cond, params = where(filters)
    return _dicts(con.execute(
        f"SELECT e.event_date AS day, {GROUPS[by]} AS key, count(*) AS count {from_clause(cond)} "
        f"WHERE {cond} AND e.event_date IS NOT NULL GROUP BY ALL ORDER BY day, key", params))


def events_by_place(con, filters: Optional[Filters] = None, limit: Optional[int] = 1000) -> list[dict[str, Any]]:
    """Events per located place, for a map: name, country, lat, lon, precision, count, and the count per
    quad class (``quad0`` ... ``quad4``); most events first."""
    cond, params = where(filters)
    return _dicts(con.execute(
        f"SELECT coalesce(e.place_name, e.place_text) AS name, e.place_country AS country, e.lat, e.lon, "
        f"any_value(e.place_precision) AS precision, count(*) AS count, "
        f"count(*) FILTER (WHERE e.quad_class = 0) AS quad0, "
        f"count(*) FILTER (WHERE e.quad_class = 1) AS quad1, count(*) FILTER (WHERE e.quad_class = 2) AS quad2, "
        f"count(*) FILTER (WHERE e.quad_class = 3) AS quad3, count(*) FILTER (WHERE e.quad_class = 4) AS quad4 "
        f"{from_clause(cond)} WHERE {cond} AND e.lat IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY count DESC, name"
        f"{limit_clause(limit, 0)}", params))


ACTOR_KEYS = {"country": "x.country", "sector": "x.sector", "code": "x.code", "name": "coalesce(x.name, x.text)"}


def actor_counts(con, filters: Optional[Filters] = None, role: str = "actor", by: str = "country",
                 limit: Optional[int] = 20) -> list[dict[str, Any]]:
    """Events per actor (``role``: actor, recipient, source, any) grouped by country, sector, code or name:
    ``[{"key": ..., "count": n}]``, most first. An event counts once per key."""
    if by not in ACTOR_KEYS:
        raise ConfigError(f"Cannot count actors by {by!r}.", f"Use one of {', '.join(ACTOR_KEYS)}.")
    if role not in ("actor", "recipient", "source", "any"):
        raise ConfigError(f"Unknown actor role {role!r}.", "Use actor, recipient, source or any.")
    cond, params = where(filters)
    role_cond = "" if role == "any" else f" AND x.role = '{role}'"
    return _dicts(con.execute(
        f"SELECT {ACTOR_KEYS[by]} AS key, count(DISTINCT e.event_id) AS count {from_clause(cond)} "
        f"JOIN actors x ON x.event_id = e.event_id{role_cond} WHERE {cond} AND {ACTOR_KEYS[by]} IS NOT NULL "
        f"GROUP BY 1 ORDER BY count DESC, key{limit_clause(limit, 0)}", params))


PLACE_KEYS = {"name": "coalesce(e.place_name, e.place_text)", "country": "e.place_country",
              "admin1": "e.place_admin1", "precision": "e.place_precision"}


def place_counts(con, filters: Optional[Filters] = None, by: str = "name",
                 limit: Optional[int] = 20) -> list[dict[str, Any]]:
    """Events per place name, country, admin1 or precision: ``[{"key": ..., "count": n}]``, most first."""
    if by not in PLACE_KEYS:
        raise ConfigError(f"Cannot count places by {by!r}.", f"Use one of {', '.join(PLACE_KEYS)}.")
    cond, params = where(filters)
    return _dicts(con.execute(
        f"SELECT {PLACE_KEYS[by]} AS key, count(*) AS count {from_clause(cond)} WHERE {cond} AND {PLACE_KEYS[by]} IS NOT NULL "
        f"GROUP BY 1 ORDER BY count DESC, key{limit_clause(limit, 0)}", params))


def value_counts(con, column: str, filters: Optional[Filters] = None, limit: Optional[int] = 50) -> list[dict[str, Any]]:
    """Events per value of one of the groupable event columns (event_type, quad_class, cameo_root, modality)."""
    if column not in GROUPS or column == "none":
        raise ConfigError(f"Cannot count by {column!r}.", f"Use one of {', '.join(g for g in GROUPS if g != 'none')}.")
    cond, params = where(filters)
    return _dicts(con.execute(f"SELECT {GROUPS[column]} AS key, count(*) AS count {from_clause(cond)} WHERE {cond} "
                              f"GROUP BY 1 ORDER BY count DESC, key{limit_clause(limit, 0)}", params))


def find_clusters(con, filters: Optional[Filters] = None, limit: Optional[int] = 100,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Clusters (one real-world event across articles) that hold a matching event, most articles first,
    and their total count."""
    cond, params = where(filters)
    inner = f"SELECT DISTINCT e.cluster_id {from_clause(cond)} WHERE {cond}"
    total = con.execute(f"SELECT count(*) FROM ({inner})", params).fetchall()[0][0]
    rows = _dicts(con.execute(f"SELECT c.* FROM clusters c WHERE c.cluster_id IN ({inner}) "
                              f"ORDER BY c.num_articles DESC, c.num_mentions DESC, c.cluster_id{limit_clause(limit, offset)}",
                              params))
    return rows, total


def rejections(con, code: Values = None, limit: Optional[int] = 100,
               offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Stored rejections (newest first) and their total count."""
    codes = _values(code, upper=True)
    cond = f"code IN ({', '.join('?' for _ in codes)})" if codes else "TRUE"
    total = con.execute(f"SELECT count(*) FROM rejections WHERE {cond}", list(codes)).fetchall()[0][0]
    rows = _dicts(con.execute(f"SELECT * FROM rejections WHERE {cond} ORDER BY rejected_at DESC, rejection_id"
                              f"{limit_clause(limit, offset)}", list(codes)))
    return rows, total


def rejection_counts(con) -> list[dict[str, Any]]:
    """Rejections per code, with one example reason each."""
    return _dicts(con.execute("SELECT code, count(*) AS count, min(reason) AS example FROM rejections "
                              "GROUP BY code ORDER BY count DESC, code"))


def runs(con, limit: Optional[int] = 20) -> list[dict[str, Any]]:
    """Ingest runs, newest first (status: running, done, interrupted, failed)."""
    out = _dicts(con.execute(f"SELECT * FROM runs ORDER BY started_at DESC, run_id{limit_clause(limit, 0)}"))
    for r in out:
        for key in ("inputs", "rejections_by_code"):
            if isinstance(r.get(key), str):
                r[key] = json.loads(r[key])
    return out


def overview(con) -> dict[str, Any]:
    """Totals of the store: articles, events, clusters, rejections, runs, first and last event date."""
    row = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                      "(SELECT count(*) FROM clusters), (SELECT count(*) FROM rejections), (SELECT count(*) FROM runs), "
                      "(SELECT min(event_date) FROM events), (SELECT max(event_date) FROM events)").fetchall()[0]
    keys = ("articles", "events", "clusters", "rejections", "runs", "first_date", "last_date")
    return dict(zip(keys, row))


def event_detail(con, event_id: str) -> Optional[dict[str, Any]]:
    """One event with what surrounds it, for an event view: ``event`` (the record), ``article``
    (metadata, no text), ``mentions`` (its tellings in its article, first one included), ``cluster``
    (the cross-article cluster's row, or None) and ``cluster_events`` (the other events of that
    cluster, with their article's title, outlet and date, and the evidence sentence)."""
    event = get_event(con, event_id)
    if event is None:
        return None
    article = _dicts(con.execute("SELECT article_id, doc_id, url, title, outlet, author, published, language, "
                                 "n_events FROM articles WHERE article_id = ?", [event.article_id]))
    mentions = _dicts(con.execute("SELECT position, sentence_index, trigger, trigger_start, trigger_end, sentence, "
                                  "stance, anonymous, source_text, reason FROM mentions WHERE event_id = ? "
                                  "ORDER BY position", [event_id]))
    cluster_row = con.execute("SELECT cluster_id FROM events WHERE event_id = ?", [event_id]).fetchall()
    cluster_id = cluster_row[0][0] if cluster_row else None
    cluster = _dicts(con.execute("SELECT * FROM clusters WHERE cluster_id = ?", [cluster_id])) if cluster_id else []
    others = _dicts(con.execute(
        "SELECT e.event_id, e.article_id, e.sentence_index, e.event_type, e.cameo_code, e.event_date, e.trigger, "
        "e.sentence, a.title, a.outlet, a.published, a.url FROM events e JOIN articles a USING (article_id) "
        "WHERE e.cluster_id = ? AND e.event_id <> ? ORDER BY a.published, e.event_id LIMIT 200",
        [cluster_id, event_id])) if cluster_id else []
    return {"event": event, "article": article[0] if article else None, "mentions": mentions,
            "cluster": cluster[0] if cluster else None, "cluster_events": others}


def events_on_grid(con, filters: Optional[Filters] = None, cell_degrees: float = 1.0,
                   limit: Optional[int] = 5000) -> list[dict[str, Any]]:
    """Located events aggregated into square cells of ``cell_degrees`` (for a map of many events):
    per cell the mean position of its events, the place with most events (``name``, ``country``),
    the count, the count per quad class (``quad0`` ... ``quad4``), the number of distinct places and
    the cell's ``bbox`` (S, W, N, E: the ``bbox`` filter that selects exactly the cell's events)."""
    if not cell_degrees > 0:
        raise ConfigError(f"cell_degrees {cell_degrees!r} must be positive.", "Give e.g. 1.0.")
    cond, params = where(filters)
    c = float(cell_degrees)
    rows = _dicts(con.execute(
        f"SELECT mode(coalesce(e.place_name, e.place_text)) AS name, mode(e.place_country) AS country, "
        f"min(floor(e.lat / ?)) * ? AS south, min(floor(e.lon / ?)) * ? AS west, "
        f"avg(e.lat) AS lat, avg(e.lon) AS lon, count(*) AS count, "
        f"count(DISTINCT (e.lat, e.lon)) AS places, "
        f"count(*) FILTER (WHERE e.quad_class = 0) AS quad0, "
        f"count(*) FILTER (WHERE e.quad_class = 1) AS quad1, count(*) FILTER (WHERE e.quad_class = 2) AS quad2, "
        f"count(*) FILTER (WHERE e.quad_class = 3) AS quad3, count(*) FILTER (WHERE e.quad_class = 4) AS quad4 "
        f"{from_clause(cond)} WHERE {cond} AND e.lat IS NOT NULL "
        f"GROUP BY floor(e.lat / ?), floor(e.lon / ?) ORDER BY count DESC, name{limit_clause(limit, 0)}",
        [c, c, c, c] + params + [c, c]))
    for r in rows:
        south, west = r.pop("south"), r.pop("west")
        r["bbox"] = [south, west, min(90.0, south + c), min(180.0, west + c)]
    return rows


def count_places(con, filters: Optional[Filters] = None) -> int:
    """How many distinct located places the matching events have (to choose points or a grid on a map)."""
    cond, params = where(filters)
    return con.execute(f"SELECT count(DISTINCT (e.lat, e.lon)) {from_clause(cond)} WHERE {cond} AND e.lat IS NOT NULL",
                       params).fetchall()[0][0]


def find_articles(con, outlet: Values = None, text: Optional[str] = None, limit: Optional[int] = 100,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Stored articles (metadata, no text), newest publication first, and their total count;
    ``text`` matches a case-insensitive substring of the title."""
    conds, params = [], []
    outlets = _values(outlet)
    if outlets:
        conds.append(f"outlet IN ({', '.join('?' for _ in outlets)})")
        params.extend(outlets)
    if text:
        conds.append("title ILIKE ?")
        params.append(f"%{text}%")
    cond = " AND ".join(conds) or "TRUE"
    total = con.execute(f"SELECT count(*) FROM articles WHERE {cond}", params).fetchall()[0][0]
    rows = _dicts(con.execute(
        f"SELECT article_id, doc_id, url, title, outlet, author, published, language, n_chars, n_events, ingested_at "
        f"FROM articles WHERE {cond} ORDER BY published_at DESC NULLS LAST, article_id{limit_clause(limit, offset)}", params))
    return rows, total


__all__ = [
    "EVENT_COLUMNS", "Filters", "Page", "where", "count_events", "find_events", "iter_events", "iter_cluster_events", "events_batches",
    "events_table",
    "events_frame", "get_event", "get_article", "counts_by_day", "events_by_place", "actor_counts", "place_counts",
    "value_counts", "find_clusters", "rejections", "rejection_counts", "runs", "overview", "parse_near", "parse_bbox",
    "event_detail", "events_on_grid", "count_places", "find_articles", "find_event_records", "find_event_json",
    "page_rowids", "event_json_by_rowid",
]
