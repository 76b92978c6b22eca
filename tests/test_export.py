"""Exports of a store: GDELT 2.0 TSV, PLOVER JSON lines, CSV, Parquet, JSON lines; and the CLI path."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from whimbrel import export as x
from whimbrel import query as q
from whimbrel.records import Document
from whimbrel.store import Store, open_read_only

ARTICLES = [
    ("Syrian government forces shelled Douma near Damascus on Monday, killing seven civilians, activists said.",
     "2024-03-12", "Wire A"),
    ("Government troops in Syria shelled Douma on Monday, killing seven people, a monitoring group said.",
     "2024-03-12", "Wire B"),
    ("Hundreds of protesters marched in Nairobi on Tuesday to demand lower food prices.", "2024-03-13", "Wire B"),
]

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("export") / "x.duckdb"
    with Store(path) as store:
        store.ingest([Document(text=t, id=f"a{k}", published=p, outlet=o, url=f"https://news.example/{k}")
                      for k, (t, p, o) in enumerate(ARTICLES)], coder)
    return path


def test_fips_codes_differ_from_iso_where_gdelt_says_so():
    assert [x.fips_code(c) for c in ("SYR", "DEU", "KEN", "NGA", "USA", "GBR", "KOS")] == \
        ["SY", "GM", "KE", "NI", "US", "UK", "KV"]


def test_gdelt_rows_have_61_columns_one_per_cluster_with_its_counts(db):
    con = open_read_only(db)
    out = io.StringIO()
    n = x.write_gdelt(q.iter_cluster_events(con), out)
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert n == len(rows) == con.execute("SELECT count(DISTINCT coalesce(cluster_id, event_id)) FROM events"
                                         ).fetchall()[0][0]
    assert all(len(r) == 61 for r in rows)
    col = {name: k for k, name in enumerate(x.GDELT_COLUMNS)}
    strike = next(r for r in rows if r[col["EventRootCode"]] in ("18", "19"))
    assert strike[col["Day"]] == "20240311" and strike[col["MonthYear"]] == "202403" and strike[col["Year"]] == "2024"
    assert strike[col["Actor1CountryCode"]] == "SYR" and strike[col["QuadClass"]] == "4"
    assert strike[col["ActionGeo_CountryCode"]] == "SY" and strike[col["ActionGeo_ADM1Code"]].startswith("SY")
    assert strike[col["ActionGeo_Type"]] == "4" and float(strike[col["ActionGeo_Lat"]]) == pytest.approx(33.57, abs=0.1)
    # The strike told by two outlets is one GDELT row with two articles and two sources.
    assert strike[col["NumArticles"]] == "2" and strike[col["NumSources"]] == "2"
    assert strike[col["SOURCEURL"]].startswith("https://news.example/")
    assert len(strike[col["DATEADDED"]]) == 14 and int(strike[col["GlobalEventID"]]) > 0
    con.close()


def test_gdelt_quad_class_is_gdelts_own_scheme(code):
    # the record keeps the Phoenix quad (an appeal, root 02, is neutral: 0); GDELT has no 0: appeals are verbal cooperation
    from dataclasses import replace

    event = code("Hundreds of protesters marched in Nairobi on Tuesday.")[0]
    appeal = replace(event, cameo_code="020", cameo_root="02", quad_class=0)
    assert x._gdelt_quad(appeal) == "1"
    assert x._gdelt_quad(replace(appeal, cameo_code="190", cameo_root="19", quad_class=4)) == "4"


def test_plover_csv_parquet_and_jsonl(db, tmp_path):
    import pyarrow.parquet as pq

    con = open_read_only(db)
    total = q.count_events(con)
    out = io.StringIO()
    assert x.write_plover(q.iter_events(con), out) == total
    first = json.loads(out.getvalue().splitlines()[0])
    assert {"id", "date", "event", "mode", "context", "source", "target", "eventText", "eventLoc"} <= first.keys()
    assert first["source"] and {"actorText", "code", "sector"} <= first["source"][0].keys()
    out = io.StringIO()
    x.write_csv(q.iter_events(con), out, q.EVENT_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == total and rows[0]["event_id"]
    assert x.write_parquet(q.events_batches(con), str(tmp_path / "e.parquet")) == total
    assert pq.read_table(tmp_path / "e.parquet").column_names == list(q.EVENT_COLUMNS)
    out = io.StringIO()
    x.write_event_jsonl(q.iter_events(con), out)
    assert json.loads(out.getvalue().splitlines()[0])["doc_id"].startswith("a")
    con.close()


def test_cli_ingest_query_export(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLES[2][0])
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    db = tmp_path / "c.duckdb"
    env = {**os.environ, "WHIMBREL_DB": ""}
    run = [sys.executable, "-m", "whimbrel.cli"]
    done = subprocess.run(run + ["ingest", str(folder), "--db", str(db)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 3, done.stderr  # one document rejected
    assert "2 documents" in done.stderr and "[W102] binary: 1" in done.stderr
    count = subprocess.run(run + ["query", "--db", str(db), "--count", "--type", "PROTEST"], capture_output=True,
                           text=True, timeout=120)
    assert count.stdout.strip() == "1", count.stderr
    lines = subprocess.run(run + ["query", "--db", str(db), "--format", "jsonl", "--place", "nairobi"],
                           capture_output=True, text=True, timeout=120).stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["event_type"] == "PROTEST"
    out = tmp_path / "g.tsv"
    exported = subprocess.run(run + ["export", "--db", str(db), "--format", "gdelt", "-o", str(out)],
                              capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    assert len(out.read_text().splitlines()[0].split("\t")) == 61
    bad = subprocess.run(run + ["query", "--db", str(db), "--near", "1,2"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "LAT,LON,KM" in bad.stderr
