"""The REST API, in process (FastAPI's TestClient), over a small store built by whimbrel itself."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from serve_fixtures import ARTICLES, build_store
from whimbrel.api import ServeLimits, create_app
from whimbrel.errors import ConfigError

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(tmp_path_factory, coder):
    return build_store(tmp_path_factory.mktemp("api") / "events.duckdb", coder)


@pytest.fixture(scope="module")
def client(db, coder):
    app = create_app(db, coder=coder)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def all_events(client, **params):
    r = client.get("/api/events", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return r.json()


def assert_error(r, status, code=None):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert err["status"] == status and err["message"], err
    if code:
        assert err["code"] == code, err
    return err


def test_dashboard_and_its_offline_assets_are_served(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/static/vendor/leaflet.js" in r.text and "/static/app.js" in r.text
    assert "http" not in r.text.replace("http://www.w3.org", "")  # nothing fetched from the internet
    for path in ("/static/app.js", "/static/app.css", "/static/vendor/leaflet.js", "/static/vendor/leaflet.css"):
        assert client.get(path).status_code == 200, path
    world = client.get("/static/vendor/world-110m.geojson").json()
    names = {f["properties"]["name"] for f in world["features"]}
    assert "Antarctica" not in names and {"Kenya", "Russia", "Fiji"} <= names


def test_openapi_describes_every_endpoint(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text and "https://" not in docs.text  # works offline
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}", "/api/actors",
              "/api/places", "/api/timeline", "/api/map", "/api/code", "/api/meta"):
        assert p in paths, p
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"event_type", "actor_country", "place", "near", "date_from", "date_to", "limit", "offset"} <= params


def test_meta_counts_the_store(client):
    meta = client.get("/api/meta").json()
    total = all_events(client)["total"]
    assert meta["articles"] == len(ARTICLES) and meta["events"] == total
    assert "ASSAULT" in meta["event_types"] and "KEN" in meta["countries"]
    assert meta["coder"] is True


def test_events_filter_like_whimbrel_query(client):
    everything = all_events(client)
    assert everything["total"] == len(everything["items"]) >= 6
    assaults = all_events(client, event_type="ASSAULT")
    assert assaults["total"] >= 2 and {e["event_type"] for e in assaults["items"]} == {"ASSAULT"}
    kenya = all_events(client, place_country="KEN")
    assert kenya["total"] >= 2 and all(e["location"]["country"] == "KEN" for e in kenya["items"])
    russia = all_events(client, actor_country="RUS")
    assert russia["total"] >= 1 and all(any(a["country"] == "RUS" for a in e["actors"]) for e in russia["items"])
    police = all_events(client, actor_name="police")
    assert police["total"] >= 2
    several = all_events(client, event_type="ASSAULT,PROTEST")
    assert several["total"] > assaults["total"]
    day = all_events(client, date_from="2024-03-12", date_to="2024-03-12")
    assert day["total"] >= 1 and all(e["date"]["value"] == "2024-03-12" for e in day["items"])
    near = all_events(client, near="-1.29,36.82,50")  # Nairobi
    assert near["total"] >= 1 and all(e["location"]["country"] == "KEN" for e in near["items"])
    assert all_events(client, event_type="ASSAULT", place_country="QAT")["total"] == 0
    conflict = all_events(client, quad_class="3,4")
    assert conflict["total"] >= 5 and {e["quad_class"] for e in conflict["items"]} <= {3, 4}
    assert all_events(client, quad_class="0,1")["total"] == everything["total"] - conflict["total"] - \
        all_events(client, quad_class="2")["total"]  # 0: neutral statements and appeals


def test_events_page_through_in_a_stable_order(client):
    total = all_events(client)["total"]
    seen = []
    for offset in range(0, total, 3):
        page = client.get("/api/events", params={"limit": 3, "offset": offset}).json()
        assert page["total"] == total and page["offset"] == offset and page["limit"] == 3
        seen += [e["event_id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == total
    assert seen == [e["event_id"] for e in all_events(client)["items"]]


def test_one_event_has_evidence_article_mentions_and_cluster(client):
    strike = next(e for e in all_events(client, event_type="ASSAULT")["items"] if e["evidence"]["trigger"] == "fired"
                  and any(a["country"] == "RUS" for a in e["actors"]))
    r = client.get(f"/api/events/{strike['event_id']}")
    assert r.status_code == 200
    body = r.json()
    e = body["event"]
    assert e == strike
    ev = e["evidence"]
    assert ev["sentence"][ev["trigger_start"] - ev["sentence_start"]:ev["trigger_end"] - ev["sentence_start"]] == "fired"
    assert body["article"]["title"] == "Missile strike hits Kharkiv power station"
    assert body["article"]["outlet"] == "Test Wire"
    assert [m["reason"] for m in body["mentions"]][0] == "first" and len(body["mentions"]) == e["mentions"] == 2
    assert "from across the border" in body["mentions"][1]["sentence"]
    assert body["cluster"]["num_articles"] == 1
    assert e["size"]["dead"] == 3
    assert e["attribution"]["stance"] != "asserted" or e["attribution"]["text"]


def test_articles_and_one_article(client):
    page = client.get("/api/articles").json()
    assert page["total"] == len(ARTICLES) and "text" not in page["items"][0]
    assert [a["published"] for a in page["items"]] == sorted((a["published"] for a in page["items"]), reverse=True)
    talks = next(a for a in page["items"] if a["title"].startswith("Envoys"))
    one = client.get(f"/api/articles/{talks['article_id']}").json()
    assert "<script>" in one["text"]  # JSON carries the text as it is; the dashboard escapes it
    assert one["events"] and all(e["article_id"] == talks["article_id"] for e in one["events"])
    assert client.get("/api/articles", params={"title": "nairobi"}).json()["total"] == 1


def test_actor_and_place_counts(client):
    actors = client.get("/api/actors", params={"by": "country"}).json()["items"]
    assert {"key": "KEN", "count": 2} in actors or any(a["key"] == "RUS" for a in actors)
    assert all(a["count"] >= 1 for a in actors)
    places = client.get("/api/places", params={"by": "country"}).json()["items"]
    kenya = all_events(client, place_country="KEN")["total"]
    assert {"key": "KEN", "count": kenya} in places
    filtered = client.get("/api/places", params={"by": "name", "event_type": "PROTEST"}).json()["items"]
    assert [p["key"] for p in filtered] == ["Nairobi"]


def test_timeline_counts_dated_events_per_day(client):
    t = client.get("/api/timeline", params={"by": "quad_class"}).json()
    days = [d["day"] for d in t["days"]]
    assert days == sorted(days) and "2024-03-12" in days
    dated = [e for e in all_events(client)["items"] if e["date"] and e["date"]["value"]]
    assert sum(sum(d["counts"].values()) for d in t["days"]) == len(dated)
    by_type = client.get("/api/timeline", params={"by": "event_type", "event_type": "PROTEST"}).json()
    assert all(set(d["counts"]) == {"PROTEST"} for d in by_type["days"])


def test_map_is_geojson_of_places_or_grid_cells(client):
    located = [e for e in all_events(client)["items"] if e["location"] and e["location"]["lat"] is not None]
    points = client.get("/api/map").json()
    assert points["type"] == "FeatureCollection" and points["aggregated"] is False
    assert sum(f["properties"]["count"] for f in points["features"]) == len(located)
    assert all(sum(f["properties"]["quad"].values()) == f["properties"]["count"] for f in points["features"])
    nairobi = next(f for f in points["features"] if f["properties"]["name"] == "Nairobi")
    lon, lat = nairobi["geometry"]["coordinates"]
    # the march, and the tear gas and the arrests of the next paragraph, which names no other place
    assert -2 < lat < 0 and 36 < lon < 38 and nairobi["properties"]["quad"] == {"4": 3}
    cells = client.get("/api/map", params={"aggregate": "true", "zoom": 0}).json()
    assert cells["aggregated"] is True and cells["cell_degrees"] == 22.5
    assert sum(f["properties"]["count"] for f in cells["features"]) == len(located)
    for cell in cells["features"]:  # each cell holds exactly the places inside its bbox, and their events
        s, w, n, e = cell["properties"]["bbox"]
        inside = [f for f in points["features"]
                  if s <= f["geometry"]["coordinates"][1] < n and w <= f["geometry"]["coordinates"][0] < e]
        assert inside and sum(f["properties"]["count"] for f in inside) == cell["properties"]["count"]
    assert len(cells["features"]) <= len(points["features"])


def test_a_map_circle_lists_exactly_the_events_it_counts(client):
    """"Show these events" filters by the feature's bbox: the list's total is the circle's count, for
    grid cells at several zooms (cells share no event) and for single places."""
    for zoom in (0, 3, 6):
        cells = client.get("/api/map", params={"aggregate": "true", "zoom": zoom}).json()
        assert cells["features"]
        for f in cells["features"]:
            p = f["properties"]
            south, west, north, east = p["bbox"]
            lon, lat = f["geometry"]["coordinates"]
            assert south <= lat <= north and west <= lon <= east
            bbox = ",".join(map(repr, p["bbox"]))
            assert client.get("/api/events", params={"bbox": bbox, "limit": 1}).json()["total"] == p["count"], p
    for f in client.get("/api/map", params={"aggregate": "false"}).json()["features"]:
        p = f["properties"]
        total = client.get("/api/events", params={"bbox": ",".join(map(repr, p["bbox"])), "limit": 1}).json()["total"]
        assert total >= p["count"]  # every event at that position (two names may share one position)
    assert_error(client.get("/api/events", params={"bbox": "1,2,3"}), 400, "E001")


def test_every_error_has_the_same_shape(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.get("/api/events/0000000000000000"), 404, "not_found")
    assert_error(client.get("/api/articles/nope"), 404, "not_found")
    err = assert_error(client.get("/api/events", params={"limit": -1}), 422, "bad_request")
    assert err["details"][0]["where"] == "query.limit"
    assert_error(client.get("/api/events", params={"limit": 100_000}), 422, "bad_request")
    assert_error(client.get("/api/events", params={"date_from": "last week"}), 400, "E001")
    assert_error(client.get("/api/events", params={"near": "91,0,10"}), 400, "E001")
    assert_error(client.get("/api/timeline", params={"by": "colour"}), 400, "E001")
    assert_error(client.get("/api/events", params={"quad_class": "red"}), 422, "bad_request")
    assert_error(client.get("/api/events", params={"order": "random"}), 400, "E001")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")
    assert_error(client.post("/api/code", content=b"{not json", headers={"content-type": "application/json"}),
                 422, "bad_request")
    assert_error(client.post("/api/code", json={"txt": "no text field"}), 422, "bad_request")


def test_an_internal_failure_is_a_json_500(db, coder):
    app = create_app(db, code=False)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        err = assert_error(c.get("/api/boom"), 500, "internal_error")
        assert "secret" not in err["message"]


def test_the_store_is_opened_read_only(db, client):
    import duckdb

    con = client.app.state.con
    with pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE scratch (i INTEGER)")
    with pytest.raises(ConfigError):
        create_app(db.parent / "missing.duckdb", code=False)


def test_code_endpoint_codes_without_storing(client):
    before = client.get("/api/meta").json()["events"]
    r = client.post("/api/code", json={"text": "Rebels attacked an army base near Goma on Friday, killing two "
                                               "soldiers, the army said.", "published": "2024-03-17"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == len(body["events"]) >= 1
    attack = next(e for e in body["events"] if e["event_type"] == "ASSAULT")
    assert attack["evidence"]["trigger"] == "attacked" and attack["date"]["value"] == "2024-03-15"
    assert client.get("/api/meta").json()["events"] == before


def test_code_endpoint_limits_size_and_rate(db, coder):
    limits = ServeLimits(code_max_chars=300, code_max_bytes=4_000, code_rate=3, code_window_s=60)
    with TestClient(create_app(db, coder=coder, limits=limits), raise_server_exceptions=False) as c:
        assert_error(c.post("/api/code", json={"text": "word " * 100}), 413, "too_large")  # 500 chars
        big = json.dumps({"text": "x" * 10_000}).encode()
        assert_error(c.post("/api/code", content=big, headers={"content-type": "application/json"}), 413, "too_large")

        def chunks():  # no Content-Length: counted as it streams in
            for _ in range(10):
                yield b" " * 1000
        assert_error(c.post("/api/code", content=chunks(), headers={"content-type": "application/json"}),
                     413, "too_large")
        assert_error(c.post("/api/code", json={"text": "   "}), 422, "bad_request")
        # The rate counts every request that reaches the coder's door: the two refused above, and this one.
        ok = c.post("/api/code", json={"text": "Police arrested a journalist in Minsk."})
        assert ok.status_code == 200 and ok.json()["count"] == 1
        r = c.post("/api/code", json={"text": "Police arrested a journalist in Minsk."})
        err = assert_error(r, 429, "rate_limited")
        assert err["details"]["retry_after_s"] > 0 and int(r.headers["retry-after"]) >= 1


def test_a_busy_model_answers_503_after_code_wait_s_and_frees_its_thread(db):
    """POST /api/code waits for the model at most ServeLimits.code_wait_s, then answers 503 busy with a
    Retry-After; the model's lock is released even when coding fails."""
    import time

    class FailingCoder:
        def code(self, text, **kw):
            raise RuntimeError("boom")

    limits = ServeLimits(code_wait_s=0.3)
    app = create_app(db, coder=FailingCoder(), limits=limits)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert app.state.code_lock.acquire(timeout=1)  # another request is coding
        try:
            started = time.perf_counter()
            r = c.post("/api/code", json={"text": "Police arrested a journalist in Minsk."})
            assert time.perf_counter() - started < 5
            err = assert_error(r, 503, "busy")
            assert err["details"]["retry_after_s"] > 0 and int(r.headers["retry-after"]) >= 1
        finally:
            app.state.code_lock.release()
        assert c.post("/api/code", json={"text": "Police arrested a journalist."}).status_code == 500
        assert app.state.code_lock.acquire(blocking=False)  # released after the failure
        app.state.code_lock.release()


def test_without_a_model_the_code_endpoint_says_so(db):
    with TestClient(create_app(db, code=False), raise_server_exceptions=False) as c:
        assert c.get("/api/health").json()["coder"] is False
        assert_error(c.post("/api/code", json={"text": "Police arrested a journalist."}), 503, "unavailable")
        assert c.get("/api/events").status_code == 200


def test_answers_are_cached_because_the_store_cannot_change(client):
    params = {"event_type": "PROTEST", "limit": 7}
    first = client.get("/api/events", params=params)
    again = client.get("/api/events", params=params)
    assert first.headers["x-whimbrel-cache"] == "miss" and again.headers["x-whimbrel-cache"] == "hit"
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert client.get("/api/events/nope").status_code == client.get("/api/events/nope").status_code == 404
    assert client.get("/api/events/nope").headers["x-whimbrel-cache"] == "miss"  # errors are not kept


def test_kept_records_and_the_page_index_give_the_same_pages_as_the_store(db, client):
    # Pages come from the in-memory page index (ServeLimits.page_index_bytes) and from records held in
    # memory (record_memory_bytes) or kept by rowid after a read (record_cache_bytes): every page, in
    # every order, equals the page of a server that asks DuckDB for everything and keeps nothing.
    with TestClient(create_app(db, code=False, limits=ServeLimits(record_cache_bytes=0, cache_entries=0,
                                                                  record_memory_bytes=0, page_index_bytes=0)),
                    raise_server_exceptions=False) as plain, \
            TestClient(create_app(db, code=False, limits=ServeLimits(cache_entries=0, record_cache_bytes=3_000,
                                                                     record_memory_bytes=0, page_index_bytes=1)),
                       raise_server_exceptions=False) as small:  # a cache that must drop records; no bitmap kept
        assert plain.app.state.page_index is None and plain.app.state.record_texts is None
        assert small.app.state.record_texts is None and client.app.state.record_texts is not None
        total = all_events(plain)["total"]
        for order in ("date", "date_asc", "confidence", "mentions", "stored"):
            for params in ({"limit": 3, "offset": 0}, {"limit": 3, "offset": 2}, {"limit": 500},
                           {"limit": 2, "event_type": "ASSAULT,PROTEST"}, {"limit": 4, "offset": total - 2},
                           {"limit": 5, "date_from": "2017-05-18", "text": "strike"}, {"limit": 3, "offset": total}):
                params = {**params, "order": order}
                expected = plain.get("/api/events", params=params).json()
                for c in (small, client, small):
                    assert c.get("/api/events", params=params).json() == expected, (order, params)
        assert small.app.state.records._bytes <= 3_000
        assert client.app.state.page_index.info()["bitmaps"] >= 2 and small.app.state.page_index.info()["bitmaps"] == 0


def test_query_parameters_are_validated_and_described_as_before(client):
    # The filter routes read their query parameters with one pydantic model each (cheaper than
    # FastAPI's field-by-field handling): the same 422 shape, the same OpenAPI parameters.
    for path, params, where in (("/api/events", {"offset": "x"}, "query.offset"),
                                ("/api/map", {"zoom": "far"}, "query.zoom"),
                                ("/api/actors", {"limit": 0}, "query.limit"),
                                ("/api/places", {"limit": 5000}, "query.limit"),
                                ("/api/timeline", {"min_confidence": "high"}, "query.min_confidence")):
        err = assert_error(client.get(path, params=params), 422, "bad_request")
        assert err["details"][0]["where"] == where and where in err["message"], err
    assert client.get("/api/events", params={"limit": 2, "unknown": "ignored"}).status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path, own in (("/api/events", {"limit", "offset", "order"}), ("/api/actors", {"role", "by", "limit"}),
                      ("/api/places", {"by", "limit"}), ("/api/timeline", {"by"}), ("/api/map", {"zoom", "aggregate"})):
        params = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert own | {"event_type", "actor_country", "bbox", "date_from", "text"} <= set(params), path
        assert all(p["in"] == "query" and not p["required"] for p in params.values()), path
    limit = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}["limit"]
    assert limit["schema"]["type"] == "integer" and limit["schema"]["minimum"] == 0 and limit["schema"]["default"] == 50


def test_whimbrel_serve_listens_on_the_given_host_and_port(db, tmp_path):
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    missing = subprocess.run([sys.executable, "-m", "whimbrel.cli", "serve", "--db", str(tmp_path / "none.duckdb"),
                              "--no-code"], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    proc = subprocess.Popen([sys.executable, "-m", "whimbrel.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--no-code"], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "whimbrel serve did not answer"
                time.sleep(0.2)
        assert r.json() == {"status": "ok", "version": r.json()["version"], "coder": False}
        assert httpx.get(f"http://127.0.0.1:{port}/api/meta").json()["articles"] == len(ARTICLES)
        assert httpx.get(f"http://127.0.0.1:{port}/").headers["content-type"].startswith("text/html")
    finally:
        proc.terminate()
        proc.wait(10)
    assert f"http://127.0.0.1:{port}/" in proc.stderr.read()
