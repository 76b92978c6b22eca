"""The event store: one embedded DuckDB file of articles, events and what came with them.

Tables (created and upgraded by the migrations in :data:`MIGRATIONS`, each
recorded in ``schema_migrations``):

``articles``
    one row per stored article; ``article_id`` is its content id (the
    normalised URL, else a fingerprint of the text: see
    :func:`whimbrel.ingest.article_id_for`), so the same article read again
    is recognised and adds nothing.
``events``
    one row per event: typed columns to filter on, and ``record``, the full
    :class:`~whimbrel.records.Event` as JSON (it reads back with
    :func:`event_from_row` exactly as it was coded).
``actors``
    the event's actors (``role = 'actor'``), recipients (``'recipient'``) and
    the attributed source (``'source'``), one row each.
``places``
    the event's location, one row per event that has one.
``mentions``
    every telling of an event in its article: the first one
    (``reason = 'first'``) and each later one folded into it.
``clusters``
    the same real-world event across articles, GDELT-style: numbers of
    mentions, articles and distinct outlets, the profile, and ``record``, the
    full :class:`~whimbrel.records.Cluster`. Each batch's events are assigned
    by :func:`whimbrel.dedup.cluster_events` against the candidate clusters
    already stored, in the batch's transaction. Events that are not clustered
    (negated, hypothetical, future) have ``cluster_id`` NULL.
``rejections``
    documents that could not be coded, with the code and reason.
``runs``
    one row per ``whimbrel ingest`` run: inputs, counts, rejections by code,
    time, and whether it finished.

Writes: one writer at a time (:class:`Store`), batches of documents each in one
transaction, every table written in bulk from Arrow tables (never row by
row). A run killed at any moment leaves only whole batches; running the same
command again skips the stored articles and writes the rest, so the store ends
with exactly the rows of an uninterrupted run.

Reads: :func:`open_read_only` (any number of readers; DuckDB does not let a
reader open a file while another process writes to it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .errors import ConfigError, WhimbrelError
from .ingest import Item, article_id_for
from .dedup import candidate_window, cluster_events, cluster_order
from .records import Actor, Article, Cluster, CodedDocument, Document, Event, Rejection, stable_id, to_dict
from .settings import Settings

SCHEMA_VERSION = 4
DEFAULT_DB_NAME = "whimbrel.duckdb"

# Each migration is (version, name, statements). Never edit one that has shipped: add the next.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "articles, events, actors, places, mentions, clusters, rejections, runs", (
        """CREATE TABLE articles (
            article_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR,
            url VARCHAR,
            title VARCHAR,
            outlet VARCHAR,
            author VARCHAR,
            published VARCHAR,            -- as coded: ISO date, or date and time
            published_at TIMESTAMP,       -- the same, typed (midnight for a date)
            language VARCHAR,
            source VARCHAR,               -- where it was read: file, file:line, URL
            text VARCHAR,
            n_chars INTEGER,
            n_events INTEGER,
            run_id VARCHAR,
            ingested_at TIMESTAMP
        )""",
        """CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            cluster_id VARCHAR,
            sentence_index INTEGER,
            event_type VARCHAR,
            mode VARCHAR,
            cameo_code VARCHAR,
            cameo_root VARCHAR,
            goldstein DOUBLE,
            quad_class TINYINT,
            acled_type VARCHAR,
            acled_subtype VARCHAR,
            contexts VARCHAR[],
            modality VARCHAR,
            confidence DOUBLE,
            mentions INTEGER,
            event_date DATE,              -- first day of date_value
            date_value VARCHAR,           -- YYYY-MM-DD, YYYY-MM or YYYY
            date_precision VARCHAR,
            actor_countries VARCHAR[],
            recipient_countries VARCHAR[],
            place_text VARCHAR,
            place_name VARCHAR,
            place_admin1 VARCHAR,
            place_country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            geonameid BIGINT,
            place_precision VARCHAR,
            dead INTEGER,
            injured INTEGER,
            arrested INTEGER,
            participants INTEGER,
            abducted INTEGER,
            stance VARCHAR,
            anonymous BOOLEAN,
            source_text VARCHAR,
            trigger VARCHAR,
            sentence VARCHAR,
            record JSON NOT NULL,         -- the full Event, as whimbrel code --jsonl writes it
            run_id VARCHAR
        )""",
        """CREATE TABLE actors (
            event_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            role VARCHAR NOT NULL,        -- actor, recipient, source
            position INTEGER NOT NULL,
            text VARCHAR,
            name VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            code VARCHAR,
            how VARCHAR
        )""",
        """CREATE TABLE places (
            event_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            text VARCHAR,
            name VARCHAR,
            geonameid BIGINT,
            admin1 VARCHAR,
            country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            feature VARCHAR,
            precision VARCHAR
        )""",
        """CREATE TABLE mentions (
            event_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,    -- 0 for the first telling
            sentence_index INTEGER,
            trigger VARCHAR,
            trigger_start INTEGER,
            trigger_end INTEGER,
            sentence VARCHAR,
            stance VARCHAR,
            anonymous BOOLEAN,
            source_text VARCHAR,
            reason VARCHAR
        )""",
        """CREATE TABLE clusters (
            cluster_id VARCHAR PRIMARY KEY,
            event_type VARCHAR,
            cameo_code VARCHAR,
            event_date DATE,
            place_name VARCHAR,
            place_country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            num_events INTEGER,
            num_mentions INTEGER,
            num_articles INTEGER,
            num_sources INTEGER,          -- distinct outlets (articles with no outlet count as one)
            first_seen TIMESTAMP,
            last_seen TIMESTAMP,
            updated_run VARCHAR
        )""",
        """CREATE TABLE rejections (
            rejection_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR,
            stage VARCHAR,
            code VARCHAR,
            reason VARCHAR,
            source VARCHAR,
            article_id VARCHAR,
            run_id VARCHAR,
            rejected_at TIMESTAMP
        )""",
        """CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY,
            started_at TIMESTAMP,
            finished_at TIMESTAMP,
            status VARCHAR,               -- running, done, interrupted, failed
            inputs JSON,
            workers INTEGER,
            documents BIGINT,             -- documents read (stored, skipped and rejected)
            articles_added BIGINT,
            articles_skipped BIGINT,      -- already in the store
            events_added BIGINT,
            rejections BIGINT,
            rejections_by_code JSON,
            seconds DOUBLE,
            version VARCHAR
        )""",
        "CREATE INDEX events_article ON events (article_id)",
        "CREATE INDEX actors_event ON actors (event_id)",
        "CREATE INDEX places_event ON places (event_id)",
        "CREATE INDEX mentions_event ON mentions (event_id)",
    )),
    (2, "clusters across articles: profile and record of whimbrel.dedup.cluster_events; events' cluster reason", (
        "ALTER TABLE clusters ADD COLUMN date_value VARCHAR",
        "ALTER TABLE clusters ADD COLUMN date_precision VARCHAR",
        "ALTER TABLE clusters ADD COLUMN actor_countries VARCHAR[]",
        "ALTER TABLE clusters ADD COLUMN recipient_countries VARCHAR[]",
        "ALTER TABLE clusters ADD COLUMN record JSON",  # the full Cluster record, members included
        "ALTER TABLE events ADD COLUMN cluster_score DOUBLE",
        "ALTER TABLE events ADD COLUMN cluster_reason VARCHAR",
        "CREATE INDEX clusters_type_date ON clusters (event_type, event_date)",
    )),
    (3, "events' actor and recipient sectors and country|sector pairs, and their article's title (fast filters)", (
        "ALTER TABLE events ADD COLUMN actor_sectors VARCHAR[]",
        "ALTER TABLE events ADD COLUMN recipient_sectors VARCHAR[]",
        "ALTER TABLE events ADD COLUMN actor_pairs VARCHAR[]",       # 'COUNTRY|SECTOR' of each actor having both
        "ALTER TABLE events ADD COLUMN recipient_pairs VARCHAR[]",
        "ALTER TABLE events ADD COLUMN article_title VARCHAR",
        # Existing rows: the same values as the writer's, from the actors and articles tables.
        """UPDATE events SET
            actor_sectors = coalesce(s.actor_sectors, []), recipient_sectors = coalesce(s.recipient_sectors, []),
            actor_pairs = coalesce(s.actor_pairs, []), recipient_pairs = coalesce(s.recipient_pairs, [])
        FROM (SELECT event_id,
                list_sort(list_distinct(list(sector) FILTER (WHERE role = 'actor' AND sector IS NOT NULL)))
                    AS actor_sectors,
                list_sort(list_distinct(list(sector) FILTER (WHERE role = 'recipient' AND sector IS NOT NULL)))
                    AS recipient_sectors,
                list_sort(list_distinct(list(country || '|' || sector) FILTER (WHERE role = 'actor'
                    AND country IS NOT NULL AND sector IS NOT NULL))) AS actor_pairs,
                list_sort(list_distinct(list(country || '|' || sector) FILTER (WHERE role = 'recipient'
                    AND country IS NOT NULL AND sector IS NOT NULL))) AS recipient_pairs
              FROM actors GROUP BY event_id) s
        WHERE s.event_id = events.event_id""",
        "UPDATE events SET actor_sectors = [] WHERE actor_sectors IS NULL",
        "UPDATE events SET recipient_sectors = [] WHERE recipient_sectors IS NULL",
        "UPDATE events SET actor_pairs = [] WHERE actor_pairs IS NULL",
        "UPDATE events SET recipient_pairs = [] WHERE recipient_pairs IS NULL",
        "UPDATE events SET article_title = a.title FROM articles a WHERE a.article_id = events.article_id",
    )),
    (4, "events' sentence and article title in lower case (the text filter as a plain substring test)", (
        "ALTER TABLE events ADD COLUMN sentence_lower VARCHAR",
        "ALTER TABLE events ADD COLUMN title_lower VARCHAR",
        "UPDATE events SET sentence_lower = lower(sentence), title_lower = lower(article_title)",
    )),
)

# Columns the writer computes in SQL from the batch's other columns, with the migration's expressions
# (DuckDB's lower(), as the ILIKE it stands for; not Python's str.lower).
_COMPUTED = {("events", "sentence_lower"): "lower(sentence)", ("events", "title_lower"): "lower(article_title)"}



@dataclass
class RunSummary:
    """What one ingest run did (also stored in ``runs``)."""

    run_id: str
    documents: int = 0
    articles_added: int = 0
    articles_skipped: int = 0
    events_added: int = 0
    rejections: int = 0
    rejections_by_code: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    status: str = "running"

    @property
    def rows_added(self) -> int:
        """Articles and events added by the run (0 for a repeated run)."""
        return self.articles_added + self.events_added


class StoreLocked(WhimbrelError):
    """The store file is in use by another process (DuckDB: one writer; readers only while nobody writes)."""

    code = "E007"


def default_db_path() -> Path:
    """``$WHIMBREL_DB`` when set, else ``whimbrel.duckdb`` in the working directory."""
    return Path(os.environ.get("WHIMBREL_DB") or DEFAULT_DB_NAME)


def _connect(path: Union[str, Path], read_only: bool):
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise StoreLocked(f"The store {path} is in use by another process ({msg.splitlines()[0]}).",
                              "Wait for the running ingest to finish; DuckDB allows one writer, and readers only "
                              "while nobody writes.") from exc
        raise ConfigError(f"Cannot open the store {path}: {msg.splitlines()[0]}.",
                          "Check the path and that it is a whimbrel DuckDB file.") from exc


def open_read_only(path: Union[str, Path, None] = None):
    """A read-only DuckDB connection to an existing store (for queries, exports, the server).

    Raises :class:`~whimbrel.errors.ConfigError` when the file does not exist or has no
    whimbrel schema, :class:`StoreLocked` while a writer holds it.
    """
    p = Path(path) if path is not None else default_db_path()
    if not p.exists():
        raise ConfigError(f"The store {p} does not exist.", "Create it with `whimbrel ingest PATH --db FILE`.")
    con = _connect(p, read_only=True)
    version = schema_version(con)
    if version == 0:
        con.close()
        raise ConfigError(f"{p} is not a whimbrel store (no schema_migrations table).", "Check the path.")
    if version > SCHEMA_VERSION:
        con.close()
        raise ConfigError(f"The store {p} has schema version {version}, newer than this whimbrel ({SCHEMA_VERSION}).",
                          "Upgrade whimbrel.")
    if version < SCHEMA_VERSION:
        # An older store: its missing migrations are applied once (briefly as a writer), as any
        # writer would; the queries rely on their columns.
        con.close()
        writer = _connect(p, read_only=False)
        try:
            migrate(writer)
        finally:
            writer.close()
        con = _connect(p, read_only=True)
    return con


def schema_version(con) -> int:
    """The highest migration recorded in the store (0 for an empty database)."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
                         ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]


def migrate(con) -> int:
    """Apply the migrations the store lacks, each in one transaction with its record. Returns the version."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP)")
    current = schema_version(con)
    for version, name, statements in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for sql in statements:
                con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


# --------------------------------------------------------------------------- rows from records


def _int32(value: Optional[int]) -> Optional[int]:
    """A count for an INTEGER column: one that does not fit stays only in the event's record (JSON), so that
    one impossible figure cannot stop a batch."""
    return value if value is None or -2**31 <= value < 2**31 else None


def _first_day(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _timestamp(value: Optional[str]) -> Optional[dt.datetime]:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        day = _first_day(value)
        return dt.datetime.combine(day, dt.time()) if day else None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return when


def _countries(actors: Iterable[Actor]) -> list[str]:
    return sorted({a.country for a in actors if a.country})


def _sectors(actors: Iterable[Actor]) -> list[str]:
    return sorted({a.sector for a in actors if a.sector})


def _pairs(actors: Iterable[Actor]) -> list[str]:
    """'COUNTRY|SECTOR' of each actor with both (a filter on country and sector asks one actor for both)."""
    return sorted({f"{a.country}|{a.sector}" for a in actors if a.country and a.sector})


class _Rows:
    """Column lists for one batch, turned into Arrow tables at flush."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {t: [] for t in
                                                         ("articles", "events", "actors", "places", "mentions",
                                                          "rejections")}
        self.events: list[Event] = []
        self.outlets: dict[str, Optional[str]] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self.tables.values())

    def add_article(self, article: Article, doc: Document, events: tuple[Event, ...], run_id: str,
                    now: dt.datetime) -> None:
        self.tables["articles"].append(dict(
            article_id=article.article_id, doc_id=article.doc_id, url=article.url, title=article.title,
            outlet=article.outlet, author=article.author, published=article.published,
            published_at=_timestamp(article.published), language=article.language, source=doc.where,
            text=article.text, n_chars=len(article.text), n_events=len(events), run_id=run_id, ingested_at=now))
        self.outlets[article.article_id] = article.outlet
        self.events.extend(events)
        for e in events:
            self.add_event(e, run_id, article.title)

    def add_event(self, e: Event, run_id: str, title: Optional[str] = None) -> None:
        loc, size, att = e.location, e.size, e.attribution
        self.tables["events"].append(dict(
            event_id=e.event_id, article_id=e.article_id, cluster_id=None, sentence_index=e.sentence_index,
            event_type=e.event_type, mode=e.mode, cameo_code=e.cameo_code, cameo_root=e.cameo_root,
            goldstein=float(e.goldstein), quad_class=e.quad_class, acled_type=e.acled_type,
            acled_subtype=e.acled_subtype, contexts=list(e.contexts), modality=e.modality,
            confidence=float(e.confidence), mentions=e.mentions,
            event_date=_first_day(e.date.value) if e.date else None,
            date_value=e.date.value if e.date else None, date_precision=e.date.precision if e.date else None,
            actor_countries=_countries(e.actors), recipient_countries=_countries(e.recipients),
            place_text=loc.text if loc else None, place_name=loc.name if loc else None,
            place_admin1=loc.admin1 if loc else None, place_country=loc.country if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None, geonameid=loc.geonameid if loc else None,
            place_precision=loc.precision if loc else None,
            dead=_int32(size.dead), injured=_int32(size.injured), arrested=_int32(size.arrested),
            participants=_int32(size.participants), abducted=_int32(size.abducted), stance=att.stance, anonymous=att.anonymous, source_text=att.text,
            trigger=e.evidence.trigger, sentence=e.evidence.sentence,
            record=json.dumps(to_dict(e), ensure_ascii=False, separators=(",", ":")), run_id=run_id,
            cluster_score=None, cluster_reason=None,
            actor_sectors=_sectors(e.actors), recipient_sectors=_sectors(e.recipients),
            actor_pairs=_pairs(e.actors), recipient_pairs=_pairs(e.recipients), article_title=title))
        actors = self.tables["actors"]
        for role, group in (("actor", e.actors), ("recipient", e.recipients),
                            ("source", (att.source_actor,) if att.source_actor else ())):
            for k, a in enumerate(group):
                actors.append(dict(event_id=e.event_id, article_id=e.article_id, role=role, position=k, text=a.text,
                                   name=a.name, country=a.country, sector=a.sector, code=a.code, how=a.how))
        if loc is not None:
            self.tables["places"].append(dict(
                event_id=e.event_id, article_id=e.article_id, text=loc.text, name=loc.name, geonameid=loc.geonameid,
                admin1=loc.admin1, country=loc.country, lat=loc.lat, lon=loc.lon, feature=loc.feature,
                precision=loc.precision))
        mentions = self.tables["mentions"]
        mentions.append(dict(event_id=e.event_id, article_id=e.article_id, position=0,
                             sentence_index=e.sentence_index, trigger=e.evidence.trigger,
                             trigger_start=e.evidence.trigger_start, trigger_end=e.evidence.trigger_end,
                             sentence=e.evidence.sentence, stance=att.stance, anonymous=att.anonymous,
                             source_text=att.text, reason="first"))
        for k, m in enumerate(e.other_mentions, start=1):
            mentions.append(dict(event_id=e.event_id, article_id=e.article_id, position=k,
                                 sentence_index=m.sentence_index, trigger=m.evidence.trigger,
                                 trigger_start=m.evidence.trigger_start, trigger_end=m.evidence.trigger_end,
                                 sentence=m.evidence.sentence, stance=m.attribution.stance,
                                 anonymous=m.attribution.anonymous, source_text=m.attribution.text, reason=m.reason))

    def add_rejection(self, rej: Rejection, run_id: str, now: dt.datetime) -> str:
        rid = rejection_id(rej)
        self.tables["rejections"].append(dict(
            rejection_id=rid, doc_id=rej.doc_id, stage=rej.stage, code=rej.code, reason=rej.reason, source=rej.where,
            article_id=rej.article_id, run_id=run_id, rejected_at=now))
        return rid


def rejection_id(rej: Rejection) -> str:
    """The same input rejected for the same reason again is the same row."""
    return stable_id("rejection", rej.where, rej.doc_id, rej.code, rej.article_id)


def event_from_row(record: Union[str, dict[str, Any]]) -> Event:
    """The :class:`Event` stored in an ``events.record`` value."""
    return Event.from_dict(json.loads(record) if isinstance(record, str) else record)


# --------------------------------------------------------------------------- the writer


class Store:
    """The one writer of a store file. Use as a context manager::

        with Store("events.duckdb") as store:
            summary = store.ingest(documents, coder, n_process=2)
    """

    def __init__(self, path: Union[str, Path, None] = None, batch_docs: int = 256,
                 settings: Optional[Settings] = None, cluster: bool = True):
        self.path = Path(path) if path is not None else default_db_path()
        if self.path.parent and not self.path.parent.exists():
            raise ConfigError(f"The folder of the store {self.path} does not exist.", "Create it first.")
        self.con = _connect(self.path, read_only=False)
        self.version = migrate(self.con)
        # Batches end at fixed positions of the input stream (every batch_docs inputs, stored ones
        # included), so a resumed run cuts the same batches as an uninterrupted one and clusters alike.
        self.batch_docs = batch_docs
        self.settings = settings
        self.cluster = cluster
        # Clusters read or written by this writer (the only one), so a batch parses only new ones.
        self._cluster_cache: dict[str, Cluster] = {}
        self._pending_clusters: list[Cluster] = []
        # Runs left 'running' were killed: only one writer exists, and it is us.
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        self._columns = {t: [r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [t]).fetchall()] for t in ("articles", "events", "actors", "places", "mentions", "rejections", "clusters")}

    # -------------------------------------------------------------- context

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None  # type: ignore[assignment]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -------------------------------------------------------------- reading what is there

    def known_article_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT article_id FROM articles").fetchall()}

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("articles", "events", "actors", "places", "mentions", "clusters", "rejections", "runs")}

    # -------------------------------------------------------------- writing

    def write(self, results: Iterable[CodedDocument], run_id: Optional[str] = None) -> RunSummary:
        """Store coded documents (no run bookkeeping beyond the counts; see :meth:`ingest`)."""
        summary = RunSummary(run_id or stable_id("run", time.time_ns()))
        self._write_stream(results, summary, known=self.known_article_ids())
        return summary

    def ingest(self, items: Iterable[Item], coder: Any, n_process: Optional[int] = None,
               inputs: Iterable[str] = (), on_result: Optional[Callable[[CodedDocument, RunSummary], None]] = None,
               version: str = "") -> RunSummary:
        """Code and store a stream of documents (and rejections from reading them).

        Articles already stored are skipped before coding (their content id is known), so a
        repeated or resumed run codes only what is missing. ``coder`` is a
        :class:`~whimbrel.pipeline.Coder`; ``n_process`` its worker processes. ``on_result`` is
        called after every document (a progress display). The run is recorded in ``runs``.
        """
        started = time.perf_counter()
        if self.settings is None:
            self.settings = getattr(coder, "settings", None)
        summary = RunSummary(stable_id("run", time.time_ns(), os.getpid()))
        self.con.execute("INSERT INTO runs (run_id, started_at, status, inputs, workers, version) VALUES (?, ?, ?, ?, ?, ?)",
                         [summary.run_id, _now(), "running", json.dumps(list(inputs)), n_process or 1, version])
        known = self.known_article_ids()

        def fresh() -> Iterator[Item]:
            seen: set[str] = set()
            for item in items:
                if isinstance(item, Document) and isinstance(item.text, str):
                    aid = article_id_for(item)
                    if aid in known or aid in seen:
                        # Not coded again; passed through the coder (in order) as a marker.
                        yield Rejection(item.id, _SKIP, "", "already stored", item.where, aid)
                        continue
                    seen.add(aid)
                yield item

        try:
            self._write_stream(coder.code_documents(fresh(), n_process=n_process), summary, known, on_result,
                               started)
        except BaseException:
            summary.seconds = time.perf_counter() - started
            self._finish_run(summary, "failed")
            raise
        summary.seconds = time.perf_counter() - started
        self._finish_run(summary, "done")
        return summary

    def _write_stream(self, results: Iterable[CodedDocument], summary: RunSummary, known: set[str],
                      on_result: Optional[Callable[[CodedDocument, RunSummary], None]] = None,
                      started: Optional[float] = None) -> None:
        rows = _Rows()
        docs_in_batch = 0
        now = _now()
        for result in results:
            summary.documents += 1
            if result.rejection is not None and result.rejection.stage == _SKIP:
                summary.articles_skipped += 1
            elif result.rejection is not None:
                rej = result.rejection
                rows.add_rejection(rej, summary.run_id, now)
                summary.rejections += 1
                summary.rejections_by_code[rej.code] += 1
            elif result.article is not None:
                if result.article.article_id in known:
                    summary.articles_skipped += 1
                else:
                    known.add(result.article.article_id)
                    rows.add_article(result.article, result.document, result.events, summary.run_id, now)
                    summary.articles_added += 1
                    summary.events_added += len(result.events)
            docs_in_batch += 1
            if on_result is not None:
                on_result(result, summary)
            if docs_in_batch >= self.batch_docs:
                self._flush(rows, summary, started)
                rows, docs_in_batch, now = _Rows(), 0, _now()
        self._flush(rows, summary, started)

    def _flush(self, rows: _Rows, summary: RunSummary, started: Optional[float]) -> None:
        """One transaction: the batch's rows, their clusters and the run's counters."""
        import pyarrow as pa

        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            clusters = self._cluster(rows, summary.run_id) if self.cluster and rows.events else []
            for table, data in rows.tables.items():
                if not data:
                    continue
                cols = self._columns[table]
                arrow = pa.Table.from_pylist(data, schema=_arrow_schema(table, cols, con))
                con.register("_batch", arrow)
                verb = "INSERT OR IGNORE" if table in ("rejections", "events", "articles") else "INSERT"
                con.execute(f"{verb} INTO {table} SELECT {', '.join(_COMPUTED.get((table, c), c) for c in cols)} "
                            "FROM _batch")
                con.unregister("_batch")
            if clusters:
                self._write_clusters(clusters, summary.run_id)
            if started is not None:
                self._update_run(summary, "running", time.perf_counter() - started)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            self._cluster_cache.clear()  # it may hold what was just rolled back
            raise
        for c in self._pending_clusters:
            self._cluster_cache[c.cluster_id] = c
        self._pending_clusters = []

    def _cluster(self, rows: _Rows, run_id: str) -> list[Cluster]:
        """Assign the batch's events to clusters (``dedup.cluster_events``) against the stored
        candidates; sets ``cluster_id`` and the reason on the event rows. Returns the touched clusters.

        Candidates: clusters of a compatible type whose date is inside the event's window
        (``dedup.candidate_window``), whose date is a month or year that holds the event's day, or
        that have no date. An event dated only by a month or a year ("in March", "in 1986") is
        compared with the clusters dated inside that month or year, not with every cluster of its
        type (which would make each batch slower as the store grows)."""
        import pyarrow as pa

        settings = self.settings or Settings()
        windows = [_window(e, settings) for e in rows.events]
        arrow = pa.table({
            "event_type": [t for types, _, _ in windows for t in types],
            "lo": [lo for types, lo, _ in windows for _ in types],
            "hi": [hi for types, _, hi in windows for _ in types],
        }, schema=pa.schema([("event_type", pa.string()), ("lo", pa.date32()), ("hi", pa.date32())]))
        self.con.register("_windows", arrow)
        try:
            ids = [r[0] for r in self.con.execute(
                "SELECT c.cluster_id FROM clusters c WHERE c.record IS NOT NULL AND EXISTS (SELECT 1 FROM _windows w "
                "WHERE w.event_type = c.event_type AND (w.lo IS NULL OR c.event_date IS NULL OR "
                "c.event_date BETWEEN w.lo AND w.hi OR (length(c.date_value) < 10 AND "
                "year(c.event_date) BETWEEN year(w.lo) AND year(w.hi)))) ORDER BY c.cluster_id").fetchall()]
        finally:
            self.con.unregister("_windows")
        missing = [cid for cid in ids if cid not in self._cluster_cache]
        if missing:
            for cid, record in self.con.execute("SELECT cluster_id, record FROM clusters WHERE cluster_id IN "
                                                "(SELECT unnest(?::VARCHAR[]))", [missing]).fetchall():
                self._cluster_cache[cid] = Cluster.from_dict(json.loads(record))
        # cluster_events compares each event with every cluster it is given. Called once per event,
        # in the order it would take them, with the clusters that can match, it decides as one call
        # over the batch would, in time that grows with the window and not with the store.
        pool = _ClusterPool((self._cluster_cache[cid] for cid in ids), settings)
        chosen = {}
        for e, (types, _, _) in sorted(zip(rows.events, windows), key=lambda ew: cluster_order(ew[0])):
            result = cluster_events([e], pool.candidates(types, e), outlets=rows.outlets, settings=settings)
            chosen.update({a.event_id: a for a in result.assignments})
            pool.update(result.clusters)
        for row in rows.tables["events"]:
            a = chosen.get(row["event_id"])
            if a is not None:
                row["cluster_id"], row["cluster_score"], row["cluster_reason"] = a.cluster_id, a.score, a.reason
        touched = pool.touched()
        self._pending_clusters = touched
        return touched

    def _write_clusters(self, clusters: list[Cluster], run_id: str) -> None:
        import pyarrow as pa

        now = _now()
        data = []
        for c in clusters:
            loc = c.location
            data.append(dict(
                cluster_id=c.cluster_id, event_type=c.event_type, cameo_code=c.cameo_code,
                event_date=_first_day(c.date), place_name=(loc.name or loc.text) if loc else None,
                place_country=loc.country if loc else None, lat=loc.lat if loc else None,
                lon=loc.lon if loc else None, num_events=len(c.members), num_mentions=c.num_mentions,
                num_articles=c.num_articles, num_sources=c.num_sources, first_seen=now, last_seen=now,
                updated_run=run_id, date_value=c.date, date_precision=c.date_precision,
                actor_countries=list(c.actor_countries), recipient_countries=list(c.recipient_countries),
                record=json.dumps(to_dict(c), ensure_ascii=False, separators=(",", ":"))))
        cols = self._columns["clusters"]
        self.con.register("_clusters", pa.Table.from_pylist(data, schema=_arrow_schema("clusters", cols, self.con)))
        try:
            updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in ("cluster_id", "first_seen"))
            self.con.execute(f"INSERT INTO clusters SELECT {', '.join(cols)} FROM _clusters "
                             f"ON CONFLICT (cluster_id) DO UPDATE SET {updates}")
        finally:
            self.con.unregister("_clusters")

    def _update_run(self, summary: RunSummary, status: str, seconds: float) -> None:
        self.con.execute(
            "UPDATE runs SET status = ?, documents = ?, articles_added = ?, articles_skipped = ?, events_added = ?, "
            "rejections = ?, rejections_by_code = ?, seconds = ?, finished_at = ? WHERE run_id = ?",
            [status, summary.documents, summary.articles_added, summary.articles_skipped, summary.events_added,
             summary.rejections, json.dumps(dict(summary.rejections_by_code)), seconds,
             _now() if status != "running" else None, summary.run_id])

    def _finish_run(self, summary: RunSummary, status: str) -> None:
        summary.status = status
        try:
            self._update_run(summary, status, summary.seconds)
        except Exception:  # noqa: BLE001 - the connection may be gone after a failure; the run stays 'running'
            pass


def _iso_day(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _window(event: Event, settings: Settings) -> tuple[tuple[str, ...], Optional[dt.date], Optional[dt.date]]:
    """The types and days of the clusters an event may join (``dedup.candidate_window``); a month or a
    year date gives its whole month or year."""
    types, lo, hi = candidate_window(event, settings)
    if lo is not None and hi is not None:
        return types, dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    value = event.date.value if event.date else None
    period = _period(value)
    if isinstance(period, str):
        first = _first_day(period)
        if first is not None:
            last = dt.date(first.year, 12, 31) if len(period) == 4 else \
                (dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1))
            return types, first, last
    return types, None, None


def _period(value: Optional[str]) -> Union[dt.date, str, None]:
    """A day, or the month ("1987-03") or year ("1986") of a coarser date, or None."""
    if not value:
        return None
    day = _iso_day(value)
    if day is not None:
        return day
    return value if len(value) in (4, 7) and _first_day(value) is not None else None


class _ClusterPool:
    """The clusters a batch may touch, indexed by type and date period, with those it changed."""

    def __init__(self, clusters: Iterable[Cluster], settings: Optional[Settings] = None):
        self.settings = settings or Settings()  # the date window of candidate_window comes from them
        self.by_id: dict[str, Cluster] = {}
        self.index: dict[tuple[str, Union[dt.date, str, None]], list[str]] = {}
        self.changed: list[str] = []
        for c in clusters:
            self._add(c)

    def _add(self, c: Cluster) -> None:
        self.by_id[c.cluster_id] = c
        self.index.setdefault((c.event_type, _period(c.date)), []).append(c.cluster_id)

    def candidates(self, types: tuple[str, ...], event: Event) -> list[Cluster]:
        period = _period(event.date.value if event.date else None)
        ids: list[str] = []
        if period is None:  # no date at all: every cluster of the types
            ids = [cid for (t, _), cids in self.index.items() if t in types for cid in cids]
        else:
            for (t, p), cids in self.index.items() if not isinstance(period, dt.date) else ():
                if t in types and (p is None or (isinstance(p, dt.date) and p.isoformat().startswith(period))
                                   or (isinstance(p, str) and (p.startswith(period) or period.startswith(p)))):
                    ids.extend(cids)
            if isinstance(period, dt.date):
                _, lo, hi = candidate_window(event, self.settings)
                first = dt.date.fromisoformat(lo) if lo else period
                last = dt.date.fromisoformat(hi) if hi else period
                for t in types:
                    ids.extend(self.index.get((t, None), ()))
                    ids.extend(self.index.get((t, period.isoformat()[:7]), ()))
                    ids.extend(self.index.get((t, period.isoformat()[:4]), ()))
                    day = first
                    while day <= last:
                        ids.extend(self.index.get((t, day), ()))
                        day += dt.timedelta(days=1)
        return [self.by_id[cid] for cid in dict.fromkeys(ids)]

    def update(self, clusters: Iterable[Cluster]) -> None:
        for c in clusters:
            if c.cluster_id not in self.by_id:
                self._add(c)
            self.by_id[c.cluster_id] = c
            self.changed.append(c.cluster_id)

    def touched(self) -> list[Cluster]:
        return [self.by_id[cid] for cid in dict.fromkeys(self.changed)]


_SKIP = "skip"  # stage of the marker that carries an already-stored document through the coder

_SCHEMAS: dict[str, Any] = {}

_DUCK_TO_ARROW = {
    "VARCHAR": "string", "JSON": "string", "INTEGER": "int32", "BIGINT": "int64", "TINYINT": "int8",
    "DOUBLE": "float64", "BOOLEAN": "bool_", "DATE": "date32", "TIMESTAMP": "timestamp", "VARCHAR[]": "list",
}


def _arrow_schema(table: str, cols: list[str], con) -> Any:
    """The Arrow schema of a table's columns (so that an all-null column keeps its type)."""
    if table in _SCHEMAS:
        return _SCHEMAS[table]
    import pyarrow as pa

    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                             [table]).fetchall())
    fields = []
    for c in cols:
        kind = _DUCK_TO_ARROW[types[c]]
        if kind == "timestamp":
            t = pa.timestamp("us")
        elif kind == "list":
            t = pa.list_(pa.string())
        else:
            t = getattr(pa, kind)()
        fields.append(pa.field(c, t))
    _SCHEMAS[table] = pa.schema(fields)
    return _SCHEMAS[table]
