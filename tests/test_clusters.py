"""Clustering across articles: one cluster per real-world event, with GDELT-style counts."""

import json
import random
from dataclasses import replace

import pytest

from whimbrel.dedup import candidate_window, cluster_events, match_cluster
from whimbrel.records import Actor, Cluster, EventDate, Place, to_dict
from whimbrel.settings import Settings

from test_records import make_event

DEIR = Place("near Deir ez-Zor", name="Deir ez-Zor", admin1="Deir ez-Zor", country="SYR", lat=35.33, lon=40.14,
             precision="town")
MAYADIN = Place("al-Mayadin", name="Al Mayadin", admin1="Deir ez-Zor", country="SYR", lat=35.02, lon=40.45,
                precision="town")  # ~44 km from Deir ez-Zor
RAQQA = Place("Raqqa", name="Raqqa", admin1="Raqqa", country="SYR", lat=35.95, lon=39.01, precision="town")


def strike(article, event_id="e", day="2024-03-12", precision="day", place=DEIR, actor="USA", recipient="SYR", **kw):
    kw = {"event_type": "ASSAULT", "cameo_code": "195", **kw}
    return make_event(event_id=event_id, article_id=article, date=EventDate(day, precision),
                      location=place, actors=(Actor("US jets", 0, 7, country=actor),) if actor else (),
                      recipients=(Actor("militia", 20, 27, country=recipient),) if recipient else (), **kw)


def test_same_event_in_three_outlets_is_one_cluster_with_gdelt_counts():
    events = [strike("a1", mentions=3), strike("a2", place=MAYADIN, day="2024-03-13", precision="reported"),
              strike("a3", actor=None)]
    res = cluster_events(events, outlets={"a1": "Reuters", "a2": "AFP", "a3": "reuters "})
    assert len(res.clusters) == 1
    c = res.clusters[0]
    assert (c.num_mentions, c.num_articles, c.num_sources) == (5, 3, 2)  # Reuters twice
    by_article = {a.article_id: a for a in res.assignments}
    assert [by_article[x].new for x in ("a1", "a2", "a3")] == [True, False, False]
    joined = by_article["a2"]
    assert "shared actor country USA" in joined.reason and "km apart" in joined.reason and joined.score >= 1.5


def test_look_alike_events_stay_apart_and_say_why():
    base = strike("a1")
    c = cluster_events([base]).clusters[0]
    assert match_cluster(strike("a2", day="2024-03-15"), c)[0] is None  # same place, another day
    assert "days apart" in match_cluster(strike("a2", day="2024-03-15"), c)[1]
    assert match_cluster(strike("a2", place=RAQQA), c)[0] is None  # ~140 km away
    assert "km apart" in match_cluster(strike("a2", place=RAQQA), c)[1]
    assert match_cluster(strike("a2", event_type="ACCUSE"), c)[0] is None  # same actors, another type
    assert match_cluster(strike("a2", actor="RUS"), c)[0] is None  # another attacker
    # nothing in common but the type and the day: too weak to merge
    weak = strike("a4", actor=None, recipient=None, place=None, cameo_code="190")
    score, why = match_cluster(weak, c)
    assert score is not None and score < Settings().cluster_min_score and "score" in why
    res = cluster_events([base, strike("a2", day="2024-03-15"), strike("a3", place=RAQQA), weak])
    assert len(res.clusters) == 4 and all(a.new for a in res.assignments)


def test_incremental_join_matches_a_single_batch_and_is_order_free():
    events = [strike("a1"), strike("a2", place=MAYADIN), strike("a3", day="2024-03-20"), strike("a4", day="2024-03-20"),
              strike("a5", event_type="PROTEST", cameo_code="141")]
    whole = cluster_events(events)
    first = cluster_events(events[:2])
    later = cluster_events(events[2:], existing=first.clusters)
    assert sorted(c.num_articles for c in whole.clusters) == [1, 2, 2]
    assert {a.event_id + a.article_id: a.cluster_id for a in whole.assignments} == \
        {a.event_id + a.article_id: a.cluster_id for a in first.assignments + later.assignments}
    shuffled = list(events)
    random.Random(4).shuffle(shuffled)
    assert cluster_events(shuffled) == whole


def test_one_event_per_article_per_cluster_and_unasserted_events_are_skipped():
    res = cluster_events([strike("a1", event_id="x"), strike("a1", event_id="y"), strike("a2", event_id="z", modality="negated")])
    assert len(res.clusters) == 2 and res.skipped == ("z",)


def test_settings_drive_the_rule():
    c = cluster_events([strike("a1")]).clusters[0]
    assert match_cluster(strike("a2", place=MAYADIN), c, Settings(cluster_max_km=20))[0] is None
    assert match_cluster(strike("a2", day="2024-03-14"), c, Settings(cluster_date_window_days=2))[0] is not None
    coerce = strike("a2", event_type="COERCE")
    assert match_cluster(coerce, c)[0] is None
    assert match_cluster(coerce, c, Settings(cluster_compatible_types=("ASSAULT/COERCE",)))[0] is not None
    types, lo, hi = candidate_window(coerce, Settings(cluster_compatible_types=("ASSAULT/COERCE",)))
    assert types == ("ASSAULT", "COERCE") and lo <= "2024-03-12" <= hi


def test_cluster_round_trips_through_dict():
    c = cluster_events([strike("a1"), strike("a2")], outlets={"a1": "AFP"}).clusters[0]
    assert Cluster.from_dict(json.loads(json.dumps(to_dict(c)))) == c
    assert replace(c, members=()).num_articles == 2


def test_sectors_and_guessed_actors():
    from whimbrel.records import Actor as A

    def protest(article, sector, **kw):
        return make_event(article_id=article, event_type="PROTEST", cameo_code="141", location=DEIR,
                          actors=(A("marchers", 0, 8, country="SYR", sector=sector),), recipients=(), **kw)

    c = cluster_events([protest("a1", "EDU")]).clusters[0]
    score, why = match_cluster(protest("a2", "AGR"), c)
    assert score is None and "actor sectors" in why  # teachers and farmers: two protests
    assert match_cluster(protest("a2", "CVL"), c)[0] is not None  # "people" says nothing
    # "jihadists" and "gunmen" are one family; state forces another
    armed = cluster_events([replace(strike("a1"), actors=(A("jihadists", 0, 9, country="USA", sector="REB"),))]).clusters[0]
    assert match_cluster(replace(strike("a2"), actors=(A("gunmen", 0, 6, country="USA", sector="CRM"),)), armed)[0]
    assert match_cluster(replace(strike("a2"), actors=(A("troops", 0, 6, country="USA", sector="MIL"),)), armed)[0] is None
    # a doer guessed from the place (focus.py, how='place:...') is no evidence either way
    guessed = replace(strike("a3", actor=None, recipient=None, cameo_code="190"),
                      actors=(A("", 0, 0, country="SYR", sector="UAF", how="place:Deir ez-Zor"),))
    base = cluster_events([strike("a1")]).clusters[0]
    score, why = match_cluster(guessed, base)
    assert score is not None and "actor" not in why


def test_the_dedup_benchmark_pairs_are_well_formed():
    from pathlib import Path

    rows = [json.loads(x) for x in (Path(__file__).resolve().parent.parent / "benchmarks" / "data" /
                                    "dedup_pairs.jsonl").read_text().splitlines() if x.strip()]
    assert len(rows) >= 30 and {r["same"] for r in rows} == {True, False}
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["event_type"] and r["kind"]
        for side in ("a", "b"):
            assert r[side]["text"] and r[side]["outlet"] and len(r[side]["published"]) == 10


@pytest.mark.model
def test_coded_articles_from_three_outlets_cluster_end_to_end(code):
    a = code("Gunmen stormed a police station in Gusau, Zamfara state, on Tuesday, killing six officers, police said.",
             published="2024-03-13")
    b = code("Suspected bandits attacked a police post in Gusau on Tuesday night, residents said, adding that at least "
             "nine policemen were killed.", published="2024-03-14")
    c = code("Gunmen stormed a police station in Gusau, Zamfara state, on Sunday, killing two officers, police said.",
             published="2024-03-19")
    events = [e for e in a + b + c if e.event_type == "ASSAULT"]
    outlets = {a[0].article_id: "Sahel Wire", b[0].article_id: "Lagos Ledger", c[0].article_id: "Sahel Wire"}
    res = cluster_events(events, outlets=outlets)
    together = [k for k in res.clusters if k.num_articles == 2]
    assert len(together) == 1 and together[0].num_sources == 2
    assert {m.article_id for m in together[0].members} == {a[0].article_id, b[0].article_id}
    assert not any(c[0].article_id in {m.article_id for m in k.members} for k in together)  # five days later: another attack


def test_the_store_fetches_candidates_with_the_settings_date_window(tmp_path):
    """A loose (not day-precise) date 5 days from a stored cluster joins it when the settings' loose
    window is 7 days: the store's in-memory candidate pool uses the settings, not the packaged 3 days."""
    from whimbrel.records import Article, CodedDocument, Document
    from whimbrel.store import Store

    def coded(article_id, day):
        e = strike(article_id, event_id=f"e-{article_id}", day=day, precision="reported")
        text = "US jets struck a militia near Deir ez-Zor."
        return CodedDocument(document=Document(text=text, id=article_id, published=day),
                             article=Article(article_id, text, published=day, outlet=f"Outlet {article_id}",
                                             doc_id=article_id), events=(e,))

    for window, expected in ((7, 1), (3, 2)):
        with Store(tmp_path / f"w{window}.duckdb", settings=Settings(cluster_loose_date_window_days=window)) as store:
            store.write([coded("a1", "2024-03-12")])  # two batches: the second meets the first in the pool
            store.write([coded("a2", "2024-03-17")])
            clusters = store.con.execute("SELECT count(DISTINCT cluster_id) FROM events").fetchall()[0][0]
        assert clusters == expected, window
