"""Queries over a store: filters, pages, Arrow tables, aggregates."""

from __future__ import annotations

import json

import pytest

from whimbrel import errors
from whimbrel import query as q
from whimbrel.records import Document
from whimbrel.store import Store, open_read_only

ARTICLES = [
    ("Syrian government forces shelled rebel-held Douma near Damascus on Monday, killing seven civilians, "
     "a monitoring group said.", "2024-03-12", "Wire A"),
    ("Hundreds of protesters marched in Nairobi on Tuesday to demand lower food prices, police said.",
     "2024-03-13", "Wire B"),
    ("Turkish warplanes struck Kurdish militant positions in northern Iraq on Wednesday, the Turkish military said.",
     "2024-03-14", "Wire A"),
    ("Police in Lagos arrested twelve students after clashes near the university on Thursday.", "2024-03-15",
     "Wire C"),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("query") / "q.duckdb"
    with Store(path) as store:
        store.ingest([Document(text=t, id=f"a{k}", published=p, outlet=o) for k, (t, p, o) in enumerate(ARTICLES)],
                     coder)
    c = open_read_only(path)
    yield c
    c.close()


pytestmark = pytest.mark.model


def test_filters_select_by_type_actor_place_date_and_text(con):
    total = q.count_events(con)
    assert total >= 4
    assert {e.event_type for e in q.find_events(con, q.Filters(event_type="ASSAULT")).events} == {"ASSAULT"}
    syr = q.find_events(con, q.Filters(actor_country="syr"))
    assert syr.total >= 1 and all(any(a.country == "SYR" for a in e.actors) for e in syr.events)
    assert q.count_events(con, q.Filters(place="douma")) >= 1
    assert q.count_events(con, q.Filters(near="33.57,36.40,25")) >= 1  # Douma
    assert q.count_events(con, q.Filters(near="33.57,36.40,25", event_type="PROTEST")) == 0
    early, late = q.count_events(con, q.Filters(date_to="2024-03-12")), q.count_events(con, q.Filters(date_from="2024-03-13"))
    assert early >= 1 and late >= 1 and early + late == total  # bounds are inclusive and split cleanly
    assert q.count_events(con, q.Filters(date_from="2024-03-12", date_to="2024-03-12")) == early - \
        q.count_events(con, q.Filters(date_to="2024-03-11"))
    assert q.count_events(con, q.Filters(text="warplanes")) >= 1
    assert q.count_events(con, q.Filters(cameo_root="14,19")) == \
        q.count_events(con, q.Filters(cameo_root="14")) + q.count_events(con, q.Filters(cameo_root=["19"]))
    assert q.count_events(con, q.Filters(modality="negated")) == 0
    assert q.count_events(con, q.Filters(actor_sector="MIL", actor_country="TUR")) >= 1


def test_pages_have_a_total_and_do_not_overlap(con):
    total = q.count_events(con)
    first = q.find_events(con, limit=2, order="stored")
    rest = q.find_events(con, limit=100, offset=2, order="stored")
    assert first.total == rest.total == total
    assert len(first.events) == 2 and not {e.event_id for e in first.events} & {e.event_id for e in rest.events}
    assert first.rows[0]["event_id"] == first.events[0].event_id and first.rows[0]["outlet"]


def test_arrow_table_and_aggregates(con):
    table = q.events_table(con)
    assert table.num_rows == q.count_events(con) and tuple(table.column_names) == q.EVENT_COLUMNS
    days = q.counts_by_day(con, by="quad_class")
    assert sum(d["count"] for d in days) == q.count_events(con) and all(d["key"] in (1, 2, 3, 4) for d in days)
    places = q.events_by_place(con)
    assert places and all(p["lat"] is not None and p["count"] >= 1 for p in places)
    assert q.actor_counts(con, by="country")[0]["count"] >= 1
    assert {r["key"] for r in q.place_counts(con, by="country")} >= {"SYR", "KEN"}
    overview = q.overview(con)
    assert overview["articles"] == 4 and overview["events"] == q.count_events(con)
    article = q.get_article(con, q.find_events(con, limit=1).events[0].article_id)
    assert article["text"] and article["events"]


def test_bad_filters_are_config_errors(con):
    with pytest.raises(errors.ConfigError):
        q.count_events(con, q.Filters(near="1,2"))
    with pytest.raises(errors.ConfigError):
        q.count_events(con, q.Filters(date_from="yesterday"))
    with pytest.raises(errors.ConfigError):
        q.Filters.from_mapping({"colour": "red"})
    with pytest.raises(errors.ConfigError):
        q.counts_by_day(con, by="colour")


def test_actor_filters_on_the_events_lists_match_the_actors_table(con):
    # The filters read the event's own country/sector lists (migration 3); they must select exactly
    # the events that have such an actor in the actors table (country and sector: the same actor).
    def reference(role, countries=(), sectors=()):
        conds = [f"x.country IN ({', '.join('?' for _ in countries)})"] if countries else []
        conds += [f"x.sector IN ({', '.join('?' for _ in sectors)})"] if sectors else []
        sql = (f"SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM actors x WHERE x.event_id = e.event_id "
               f"AND x.role = '{role}' AND {' AND '.join(conds)})")
        return con.execute(sql, [*countries, *sectors]).fetchall()[0][0]

    values = con.execute("SELECT list(DISTINCT country) FILTER (WHERE country IS NOT NULL), "
                         "list(DISTINCT sector) FILTER (WHERE sector IS NOT NULL) FROM actors").fetchall()[0]
    countries, sectors = sorted(values[0]) + ["ZZZ"], sorted(values[1]) + ["XXX"]
    checked = 0
    for role in ("actor", "recipient"):
        for c in countries:
            for s in sectors:
                for f, ref in ((q.Filters(**{f"{role}_country": c}), reference(role, (c,))),
                               (q.Filters(**{f"{role}_sector": s}), reference(role, (), (s,))),
                               (q.Filters(**{f"{role}_country": c, f"{role}_sector": s}), reference(role, (c,), (s,)))):
                    assert q.count_events(con, f) == ref, f
                    checked += ref
        both = q.Filters(**{f"{role}_country": countries[:2], f"{role}_sector": ",".join(sectors[:3])})
        assert q.count_events(con, both) == reference(role, tuple(countries[:2]), tuple(sectors[:3]))
    assert checked > 0
    # A text filter matches the article title kept on the event, as the join did.
    title = con.execute("SELECT a.title FROM articles a JOIN events e USING (article_id) WHERE a.title IS NOT NULL "
                        "LIMIT 1").fetchall()
    for word in ([title[0][0].split()[-1]] if title else []) + ["shelled", "POLICE", "Nai_obi", "mar%ed", "ÉTUDIANTS"]:
        ref = con.execute("SELECT count(*) FROM events e JOIN articles a USING (article_id) "
                          "WHERE e.sentence ILIKE ? OR a.title ILIKE ?", [f"%{word}%"] * 2).fetchall()[0][0]
        assert q.count_events(con, q.Filters(text=word)) == ref


def test_one_pass_pages_equal_order_by_pages(con, monkeypatch):
    # page_rowids answers the date orders in one pass (count and min_by over a packed day+rowid key);
    # it must give exactly the rows and total of ORDER BY ... LIMIT ... OFFSET and a count.
    total = q.count_events(con)
    for order in ("date", "date_asc"):
        for filters in (None, q.Filters(event_type="ASSAULT"), q.Filters(place_country="QAT"),
                        q.Filters(outlet="Wire A")):  # the last one joins articles
            expected_total = q.count_events(con, filters)
            for limit, offset in ((2, 0), (2, 2), (3, 1), (100, 0), (1, total + 5), (0, 0), (0, 3)):
                one_pass = q.page_rowids(con, filters, limit, offset, order)
                monkeypatch.setattr(q, "_PAGE_KEY_MAX", 0)
                ordered = q.page_rowids(con, filters, limit, offset, order)
                monkeypatch.undo()
                assert one_pass == ordered and one_pass[1] == expected_total, (order, filters, limit, offset)
    # The order itself: newest first (undated last), ties in the order the events were stored.
    rows = con.execute("SELECT rowid, event_date FROM events").fetchall()
    dates = dict(rows)
    ids, _ = q.page_rowids(con, None, 100, 0, "date")
    assert ids == [r for r, _ in sorted(rows, key=lambda r: (r[1] is None, -(r[1].toordinal() if r[1] else 0), r[0]))]
    assert [dates[i] for i in q.page_rowids(con, None, 100, 0, "date_asc")[0] if dates[i]] == \
        sorted(d for d in dates.values() if d)
    # The records behind the rowids are those find_events gives, in the same order.
    texts = q.event_json_by_rowid(con, ids)
    assert [json.loads(texts[i])["event_id"] for i in ids] == [e.event_id for e in q.find_events(con, limit=100).events]
    with pytest.raises(errors.ConfigError):
        q.page_rowids(con, None, -1, 0)


def test_aggregates_join_articles_only_when_a_filter_reads_them(con):
    assert q.from_clause("e.event_type IN (?)") == "FROM events e"
    assert q.from_clause("e.event_type IN (?)", "a.ingested_at, e.rowid") == q._FROM
    assert q.from_clause(q.where(q.Filters(outlet="Wire A"))[0]) == q._FROM
    assert q.from_clause(q.where(q.Filters(place_country="SYR", text="data.x", actor_name="a.b"))[0]) == "FROM events e"
    # With or without the join, the aggregates count the same events (every event has its article).
    for f in (None, q.Filters(outlet="Wire A"), q.Filters(outlet="Wire B", event_type="PROTEST"),
              q.Filters(quad_class=(3, 4))):
        cond, params = q.where(f)
        joined = con.execute(f"SELECT count(*) {q._FROM} WHERE {cond}", params).fetchall()[0][0]
        assert q.count_events(con, f) == joined
        assert sum(d["count"] for d in q.counts_by_day(con, f, by="none")) == \
            con.execute(f"SELECT count(*) {q._FROM} WHERE {cond} AND e.event_date IS NOT NULL", params).fetchall()[0][0]
        assert sum(r["count"] for r in q.value_counts(con, "event_type", f, limit=None)) == joined
        assert sum(p["count"] for p in q.events_by_place(con, f, limit=None)) == \
            con.execute(f"SELECT count(*) {q._FROM} WHERE {cond} AND e.lat IS NOT NULL", params).fetchall()[0][0]


def test_the_page_index_gives_the_pages_of_the_store(con):
    # whimbrel.pageindex answers pages from memory (per-condition bitmaps, ranks from DuckDB's own
    # ORDER BY): for every order, filter mix, limit and offset it must give page_rowids' rows and total.
    from whimbrel.pageindex import PageIndex, RecordTexts

    index = PageIndex(con, max_bytes=1_000_000)
    total = q.count_events(con)
    rows = con.execute("SELECT event_date FROM events WHERE event_date IS NOT NULL ORDER BY 1").fetchall()
    middle = rows[len(rows) // 2][0]
    filters = [None, q.Filters(event_type="ASSAULT"), q.Filters(event_type="ASSAULT,PROTEST", date_from=middle),
               q.Filters(date_to=middle), q.Filters(date_from=middle, date_to=middle), q.Filters(text="police"),
               q.Filters(outlet="Wire A"), q.Filters(actor_country="SYR"), q.Filters(place_country="NGA,KEN"),
               q.Filters(actor_sector="MIL", recipient_country="IRQ"), q.Filters(actor_name="police"),
               q.Filters(quad_class=4, min_confidence=0.5), q.Filters(text="no such words here"),
               q.Filters(actor_country="SYR,TUR", actor_sector="MIL,GOV"), q.Filters(cameo_root="19")]
    seen = 0
    for order in q.ORDERS:
        for f in filters:
            for limit, offset in ((2, 0), (2, 1), (1, 3), (100, 0), (None, 0), (None, 2), (3, total + 5), (0, 0)):
                got = index.page_rowids(con, f, limit, offset, order)
                assert got == q.page_rowids(con, f, limit, offset, order), (order, f, limit, offset)
                seen += bool(got[0])
    assert seen > 100
    info = index.info()
    assert info["bitmaps"] >= 4 and info["bitmap_hits"] > 0 and sorted(info["orders"]) == sorted(q.ORDERS)
    assert {"e.event_type", "e.place_country", "e.actor_countries", "e.quad_class"} <= set(info["columns"])
    with pytest.raises(errors.ConfigError):
        index.page_rowids(con, None, 2, 0, "nonsense")
    # The records held in memory are the stored ones; a rowid not in the store gives None.
    ids, _ = q.page_rowids(con, None, None, 0)
    texts = RecordTexts.load(con, 10_000_000)
    assert texts.get_many(ids + [10 ** 9]) == [q.event_json_by_rowid(con, ids)[i] for i in ids] + [None]
    assert RecordTexts.load(con, 10) is None and RecordTexts.load(con, 0) is None
