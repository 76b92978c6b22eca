"""The store: schema through migrations, idempotent and crash-safe ingest, round-trip of records."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import random
import signal
import threading
import time

import duckdb
import pytest

from whimbrel import errors
from whimbrel.records import Document, Rejection, to_dict
from whimbrel.store import MIGRATIONS, SCHEMA_VERSION, Store, event_from_row, open_read_only, schema_version

CITIES = ["Aleppo", "Mosul", "Kabul", "Goma", "Kharkiv", "Mogadishu", "Benghazi", "Sanaa"]
TEMPLATES = [
    "Government troops shelled rebel positions near {city} on {day}, killing {n} fighters, a military spokesman said.",
    "Hundreds of protesters marched through {city} on {day} to demand the release of detained journalists.",
    "Police in {city} arrested {n} men suspected of planning attacks, the interior ministry said on {day}.",
    "The foreign minister met his counterpart in {city} on {day} to discuss a ceasefire, officials said.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]


def corpus(n: int) -> list:
    """``n`` short articles written for these tests, plus a few bad ones among them."""
    docs: list = []
    for k in range(n):
        city = CITIES[k % len(CITIES)]
        text = " ".join(t.format(city=city, day=DAYS[(k + j) % 4], n=k % 9 + 2)
                        for j, t in enumerate(TEMPLATES[k % 4:] + TEMPLATES[: k % 4]) if j < 2 + k % 3)
        docs.append(Document(text=f"Report {k}. {text}", id=f"d{k}", published=f"2024-03-{10 + k % 5:02d}",
                             outlet=["Wire A", "Wire B", "Wire C"][k % 3]))
        if k % 10 == 5:
            docs.append(Document(text="", id=f"empty{k}"))
    return docs


TABLE_KEYS = {
    "articles": "article_id, doc_id, published, text, n_events",
    "events": "event_id, article_id, cluster_id, event_type, cameo_code, record",
    "actors": "event_id, role, position, text, country, sector",
    "places": "event_id, name, country, lat, lon",
    "mentions": "event_id, position, sentence_index, reason",
    "clusters": "cluster_id, num_events, num_mentions, num_articles, num_sources, record",
    "rejections": "rejection_id, doc_id, code, reason",
}


def snapshot(path) -> dict:
    con = open_read_only(path)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT {cols} FROM {t}").fetchall())) for t, cols in TABLE_KEYS.items()}
    finally:
        con.close()


def test_migrations_are_recorded_and_a_reopened_store_is_not_migrated_twice(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == MIGRATIONS[-1][0]
    with Store(path) as store:
        rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m[0] for m in MIGRATIONS]
    con = open_read_only(path)
    assert schema_version(con) == SCHEMA_VERSION
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE x (a INTEGER)")  # readers cannot write
    con.close()


def test_read_only_open_of_a_missing_or_foreign_file_is_a_clear_error(tmp_path):
    with pytest.raises(errors.ConfigError, match="does not exist"):
        open_read_only(tmp_path / "none.duckdb")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(errors.ConfigError, match="not a whimbrel store"):
        open_read_only(other)


@pytest.mark.model
def test_ingest_is_idempotent_and_records_round_trip(tmp_path, coder):
    docs = corpus(12)
    path = tmp_path / "s.duckdb"
    with Store(path, batch_docs=5) as store:
        first = store.ingest(docs, coder)
        counts = store.counts()
        again = store.ingest(docs + docs[:3], coder)
        assert store.counts() == {**counts, "runs": 2}
    assert first.articles_added == 12 and first.rejections == 1 and first.events_added == counts["events"] > 12
    assert again.rows_added == 0 and again.articles_skipped == 15 and again.status == "done"
    coded = {e.event_id: e for r in coder.code_documents(docs) for e in r.events}
    con = open_read_only(path)
    stored = {r[0]: event_from_row(r[1]) for r in con.execute("SELECT event_id, record FROM events").fetchall()}
    assert stored.keys() == coded.keys()
    assert all(to_dict(stored[k]) == to_dict(coded[k]) for k in coded)  # the full record, nested parts included
    n_actors = sum(len(e.actors) + len(e.recipients) + (e.attribution.source_actor is not None) for e in coded.values())
    assert con.execute("SELECT count(*) FROM actors").fetchall()[0][0] == n_actors
    runs = con.execute("SELECT status, articles_added, rejections, rejections_by_code FROM runs ORDER BY started_at, "
                       "articles_added DESC").fetchall()
    assert [r[:3] for r in runs] == [("done", 12, 1), ("done", 0, 1)] and '"W101": 1' in runs[0][3]
    # The same story in three outlets is one cluster with three articles and three sources.
    clusters = con.execute("SELECT max(num_articles), max(num_sources) FROM clusters").fetchall()[0]
    assert clusters[0] >= 2 and clusters[1] >= 2
    con.close()


def _ingest_child(path: str, docs: list, coder, batch_docs: int, kill_after: int, kill_at_s: float = 0) -> None:
    """Ingest in a forked child that kills itself (SIGKILL, no clean-up) when ``kill_after``
    documents have gone through, or earlier after ``kill_at_s`` seconds, whatever the store is
    doing at that moment (coding, writing a batch, committing)."""

    def die(*_) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    if kill_at_s:
        threading.Timer(kill_at_s, die).start()
    with Store(path, batch_docs=batch_docs) as store:
        store.ingest(docs, coder, on_result=lambda result, summary: summary.documents >= kill_after and die())
    os._exit(0)


@pytest.mark.model
def test_a_run_killed_three_times_and_resumed_ends_with_the_rows_of_an_uninterrupted_run(tmp_path, coder):
    docs = corpus(30)
    whole = tmp_path / "whole.duckdb"
    started = time.perf_counter()
    with Store(whole, batch_docs=4) as store:
        store.ingest(docs, coder)
    seconds = time.perf_counter() - started
    resumed = tmp_path / "resumed.duckdb"
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(7)
    # Each run dies at a seeded point of the stream, later than the last (so the store grows), the
    # last one at a random moment too: none of them gets to finish.
    points = [(rng.randint(5, 12), 0), (rng.randint(13, 20), 0), (28, rng.uniform(0.05, max(0.1, seconds * 0.3)))]
    codes = []
    for kill_after, kill_at_s in points:
        child = ctx.Process(target=_ingest_child, args=(str(resumed), docs, coder, 4, kill_after, kill_at_s))
        child.start()
        child.join()
        codes.append(child.exitcode)
    assert codes == [-signal.SIGKILL] * 3, codes  # the runs really were cut short
    con = open_read_only(resumed)
    partial = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    cut = con.execute("SELECT count(*) FROM runs WHERE status IN ('running', 'interrupted')").fetchall()[0][0]
    con.close()
    assert 0 < partial < len(docs)
    assert cut >= 1  # a killed run stays 'running' until the next writer marks it 'interrupted'
    with Store(resumed, batch_docs=4) as store:
        summary = store.ingest(docs, coder)
        statuses = [r[0] for r in store.con.execute("SELECT status FROM runs").fetchall()]
    assert summary.status == "done" and "running" not in statuses and "interrupted" in statuses
    assert snapshot(resumed) == snapshot(whole)


def test_one_writer_at_a_time(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "s.duckdb"
    probe = ("import sys\nfrom whimbrel.store import Store, open_read_only\nfrom whimbrel.errors import WhimbrelError\n"
             "for f in (Store, open_read_only):\n    try:\n        f(sys.argv[1]); print('opened')\n"
             "    except WhimbrelError as exc:\n        print(exc.code)\n")
    with Store(path):
        out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["E007", "E007"], out.stderr
    out = subprocess.run([sys.executable, "-c", probe.replace("(Store, open_read_only)", "(open_read_only,)"),
                          str(path)], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["opened"], out.stderr


def test_rejections_are_stored_once_with_their_reason(tmp_path):
    class NoCoder:
        settings = None

        def code_documents(self, items, n_process=None):
            from whimbrel.records import CodedDocument

            for item in items:
                yield CodedDocument(document=Document(text="", id=item.doc_id), rejection=item)

    rej = Rejection("x.bin", "ingest", errors.REJECT_BINARY, "binary data (NUL bytes), not text", "in/x.bin")
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.ingest([rej], NoCoder())
        store.ingest([rej], NoCoder())
        rows = store.con.execute("SELECT doc_id, code, reason, source FROM rejections").fetchall()
    assert rows == [("x.bin", "W102", "binary data (NUL bytes), not text", "in/x.bin")]


@pytest.mark.model
def test_migration_3_and_4_columns_are_written_on_ingest_and_filled_for_older_stores(tmp_path, coder):
    # Events' actor/recipient sectors, COUNTRY|SECTOR pairs, article title and lower-case sentence and
    # title: the writer's values
    # agree with the actors and articles tables, and migration 3 gives a version-2 store the same.
    path = tmp_path / "new.duckdb"
    with Store(path) as store:
        store.ingest([dataclasses.replace(d, title=f"Wire report {k}") if k % 2 else d
                      for k, d in enumerate(corpus(12))], coder)
    expected_sql = """
        SELECT e.event_id, e.actor_sectors, e.recipient_sectors, e.actor_pairs, e.recipient_pairs, e.article_title,
               e.sentence_lower, e.title_lower
        FROM events e ORDER BY e.event_id"""
    reference_sql = """
        SELECT e.event_id,
          coalesce((SELECT list_sort(list_distinct(list(x.sector))) FROM actors x WHERE x.event_id = e.event_id
                    AND x.role = 'actor' AND x.sector IS NOT NULL), []),
          coalesce((SELECT list_sort(list_distinct(list(x.sector))) FROM actors x WHERE x.event_id = e.event_id
                    AND x.role = 'recipient' AND x.sector IS NOT NULL), []),
          coalesce((SELECT list_sort(list_distinct(list(x.country || '|' || x.sector))) FROM actors x
                    WHERE x.event_id = e.event_id AND x.role = 'actor' AND x.country IS NOT NULL
                    AND x.sector IS NOT NULL), []),
          coalesce((SELECT list_sort(list_distinct(list(x.country || '|' || x.sector))) FROM actors x
                    WHERE x.event_id = e.event_id AND x.role = 'recipient' AND x.country IS NOT NULL
                    AND x.sector IS NOT NULL), []),
          (SELECT a.title FROM articles a WHERE a.article_id = e.article_id),
          lower(e.sentence), (SELECT lower(a.title) FROM articles a WHERE a.article_id = e.article_id)
        FROM events e ORDER BY e.event_id"""
    con = duckdb.connect(str(path), read_only=True)
    written = con.execute(expected_sql).fetchall()
    assert written == con.execute(reference_sql).fetchall()
    assert any(r[1] for r in written) and any(r[3] for r in written) and any(r[5] for r in written)
    assert all(r[6] and r[6] != r[6].upper() for r in written) and any(r[7] for r in written)
    con.close()

    # A version-2 store with the same rows (the new columns absent), then upgraded.
    old = tmp_path / "old.duckdb"
    c = duckdb.connect(str(old))
    c.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    for version, name, statements in MIGRATIONS[:2]:
        for sql in statements:
            c.execute(sql)
        c.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    c.execute(f"ATTACH '{path}' AS src (READ_ONLY)")
    for table in ("articles", "events", "actors"):
        cols = [r[0] for r in c.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                        "AND table_catalog = 'old' ORDER BY ordinal_position", [table]).fetchall()]
        c.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM src.{table}")
    c.execute("DETACH src")
    c.close()
    reader = open_read_only(old)  # applies the missing migration once
    assert schema_version(reader) == SCHEMA_VERSION
    assert reader.execute(expected_sql).fetchall() == written
    reader.close()


def test_a_figure_too_large_for_a_count_does_not_stop_the_ingest(tmp_path, coder):
    # a money figure by a crowd word once overflowed the store's count columns and killed the whole run
    docs = [Document(text="Some 4.5 billion people protested against the tax in 40 countries, organisers said.", id="big"),
            Document(text="About 2 million people marched through Hong Kong on Sunday.", id="crowd")]
    with Store(tmp_path / "big.duckdb") as store:
        summary = store.ingest(docs, coder)
        assert summary.articles_added == 2
        sizes = sorted(store.con.execute("SELECT max(participants) FROM events GROUP BY article_id").fetchall(),
                       key=lambda r: r[0] or 0)
    assert sizes == [(None,), (2_000_000,)]


def test_a_count_beyond_the_column_stays_in_the_record_and_the_batch_is_written(tmp_path, coder):
    # records given to Store.write are not all the coder's: an impossible figure must not stop the batch
    [result] = list(coder.code_documents([Document(text="Gunmen killed five villagers near Maiduguri.", id="v")]))
    event = result.events[0]
    huge = dataclasses.replace(event, size=dataclasses.replace(event.size, dead=5_000_000_000))
    with Store(tmp_path / "w.duckdb") as store:
        store.write([dataclasses.replace(result, events=(huge,) + tuple(result.events[1:]))])
        dead, record = store.con.execute("SELECT dead, record FROM events").fetchall()[0]
    assert dead is None and event_from_row(record).size.dead == 5_000_000_000
