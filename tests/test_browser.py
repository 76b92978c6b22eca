"""The dashboard in a real browser: Playwright for Python driving Debian's chromium
(scripts/setup-browser.sh installs it; never `playwright install`), against a server that the
test starts on 127.0.0.1 over a small store built by whimbrel itself."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from serve_fixtures import build_store

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = os.environ.get("WHIMBREL_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "img" / "dashboard.png"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, coder):
    import uvicorn

    from whimbrel.api import create_app

    db = build_store(tmp_path_factory.mktemp("browser") / "events.duckdb", coder)
    port = free_port()
    config = uvicorn.Config(create_app(db, coder=coder), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/setup-browser.sh (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    pg = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    pg.on("request", lambda r: None if r.url.startswith(server) or r.url.startswith("data:") else outside.append(r.url))
    pg.goto(server + "/")
    wait_loaded(pg)
    yield pg
    assert not errors, errors
    assert not outside, f"the dashboard asked the internet for {outside}"
    context.close()


def wait_loaded(pg) -> None:
    pg.wait_for_function("document.body.dataset.loading === 'false'", timeout=15_000)


def rows(pg) -> list[str]:
    return pg.eval_on_selector_all("#events tbody tr[data-event-id]", "trs => trs.map(t => t.dataset.eventId)")


def api(pg, server, path: str):
    return pg.request.get(server + path).json()


def test_dashboard_shows_the_map_and_the_events(page, server):
    total = api(page, server, "/api/events?limit=0")["total"]
    assert total >= 6
    assert len(rows(page)) == total
    page.wait_for_function("Number(document.getElementById('map').dataset.outline) > 100", timeout=10_000)
    located = api(page, server, "/api/map")["features"]
    assert page.get_attribute("#map", "data-features") == str(len(located))
    assert page.locator("#map canvas").count() >= 2  # the outline and the markers
    assert page.locator("#timeline rect").count() >= 3
    assert page.inner_text("#summary").startswith(f"{total} events")
    types = page.eval_on_selector_all("#f-type option", "os => os.map(o => o.value)")
    assert "ASSAULT" in types and "PROTEST" in types


def test_filters_narrow_the_list_the_map_and_the_timeline(page, server):
    page.select_option("#f-type", "ASSAULT")
    page.click("#f-apply")
    wait_loaded(page)
    expected = [e["event_id"] for e in api(page, server, "/api/events?event_type=ASSAULT&limit=50")["items"]]
    assert rows(page) == expected and len(expected) >= 2
    assert all("ASSAULT" in t for t in page.eval_on_selector_all("#events tbody tr td:nth-child(2)",
                                                                   "tds => tds.map(t => t.textContent)"))
    page.fill("#f-actor", "police")
    page.fill("#f-country", "ken")
    page.click("#f-apply")
    wait_loaded(page)
    expected = [e["event_id"] for e in
                api(page, server, "/api/events?event_type=ASSAULT&actor_name=police&place_country=KEN")["items"]]
    assert rows(page) == expected and len(expected) == 1
    assert page.get_attribute("#map", "data-features") == "1"
    page.click("#f-reset")
    wait_loaded(page)
    assert len(rows(page)) == api(page, server, "/api/events?limit=0")["total"]
    # A country-and-sector code (RUSMIL) in the actor box asks one actor for both.
    actor = next(a for e in api(page, server, "/api/events?limit=100")["items"] for a in e["actors"]
                 if a["country"] and a["country"] != "UNK" and a["sector"] and len(a["sector"]) == 3)
    page.fill("#f-actor", actor["country"] + actor["sector"])
    page.click("#f-apply")
    wait_loaded(page)
    expected = [e["event_id"] for e in api(
        page, server, f"/api/events?actor_country={actor['country']}&actor_sector={actor['sector']}")["items"]]
    assert rows(page) == expected and len(expected) >= 1


def test_brushing_the_timeline_filters_by_date(page, server):
    box = page.locator("#timeline").bounding_box()
    days = api(page, server, "/api/timeline")["days"]
    assert len(days) >= 3
    # Drag over the right-hand quarter of the timeline: the latest days only.
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.90, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=5)
    page.mouse.up()
    wait_loaded(page)
    start, end = page.input_value("#f-start"), page.input_value("#f-end")
    assert start and end == days[-1]["day"] and start > days[0]["day"]
    expected = [e["event_id"] for e in api(page, server, f"/api/events?date_from={start}&date_to={end}")["items"]]
    assert rows(page) == expected and 0 < len(expected) < api(page, server, "/api/events?limit=0")["total"]
    assert page.locator("#timeline rect.brush").count() == 1
    page.dblclick("#timeline")
    wait_loaded(page)
    assert page.input_value("#f-start") == "" and len(rows(page)) > len(expected)


def test_an_event_shows_its_evidence_highlighted(page, server, tmp_path):
    strike = next(e for e in api(page, server, "/api/events?event_type=ASSAULT")["items"]
                  if any(a["country"] == "RUS" for a in e["actors"]))
    page.click(f"#events tbody tr[data-event-id='{strike['event_id']}']")
    page.wait_for_selector("#event-panel:not([hidden]) .evidence mark")
    ev = strike["evidence"]
    assert page.inner_text(".evidence").strip() == ev["sentence"].strip()
    assert page.inner_text(".evidence mark.hl-trigger") == ev["trigger"]
    assert page.inner_text(".evidence mark.hl-actor") == strike["actors"][0]["text"]
    assert page.locator(".evidence mark.hl-recipient").count() >= 1
    assert page.inner_text(".evidence mark.hl-place") == strike["location"]["text"]
    panel = page.inner_text("#event-view")
    assert "Missile strike hits Kharkiv power station" in panel and "Test Wire" in panel
    assert "dead: 3" in panel and "other mentions (1)" in panel.lower()
    assert "had fired the missiles from across the border" in page.inner_text("#event-view .mention")
    if strike["attribution"]["text"]:
        assert strike["attribution"]["text"] in panel
    # The docs' picture is refreshed on request only, so a test run leaves the tree clean.
    shot = SCREENSHOT if os.environ.get("WHIMBREL_DOCS_SCREENSHOT") else tmp_path / "dashboard.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.click("#close-event")
    assert page.locator("#event-panel").is_hidden()


def test_article_text_is_shown_as_text_and_never_runs(page, server):
    talks = next(e for e in api(page, server, "/api/events?limit=100")["items"]
                 if e["evidence"]["trigger"] == "met")
    page.click(f"#events tbody tr[data-event-id='{talks['event_id']}']")
    page.wait_for_selector("#event-panel:not([hidden]) .evidence")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#event-view")  # the title, as text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#event-view script, #event-view img").count() == 0
    # Markup inside an evidence sentence and inside a later mention is shown literally and never runs.
    page.click("#close-event")
    kidal = next(e for e in api(page, server, "/api/events?limit=100")["items"]
                 if 'onerror="window.__pwned = 3"' in e["evidence"]["sentence"])
    page.click(f"#events tbody tr[data-event-id='{kidal['event_id']}']")
    page.wait_for_selector("#event-panel:not([hidden]) .evidence mark")
    assert '<img src=x onerror="window.__pwned = 3">' in page.inner_text(".evidence")
    assert '<img src=x onerror="window.__pwned = 4">' in page.inner_text("#event-view .mention")
    page.wait_for_timeout(200)  # an image that failed to load would have fired its onerror by now
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#event-view script, #event-view img, #events img").count() == 0


def test_a_map_marker_selects_the_events_near_it(page, server):
    nairobi = next(f for f in api(page, server, "/api/map")["features"] if f["properties"]["name"] == "Nairobi")
    lon, lat = nairobi["geometry"]["coordinates"]
    page.evaluate("([lat, lon]) => { window.whimbrel.map.setView([lat, lon], 6, {animate: false}); }", [lat, lon])
    wait_loaded(page)
    page.wait_for_timeout(300)
    point = page.evaluate("([lat, lon]) => { const p = window.whimbrel.map.latLngToContainerPoint([lat, lon]);"
                          " return [p.x, p.y]; }", [lat, lon])
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.click(".leaflet-popup button.near-here")
    wait_loaded(page)
    got = rows(page)
    assert got and "at Nairobi" in page.inner_text("#summary")
    bbox = ",".join(map(str, nairobi["properties"]["bbox"]))
    there = api(page, server, f"/api/events?bbox={bbox}")["items"]
    assert got == [e["event_id"] for e in there] and len(got) == nairobi["properties"]["count"]


def test_the_api_description_renders_offline(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.textContent)")
    assert any("/api/events" in p for p in paths) and any("/api/code" in p for p in paths)
