"""Ingest at corpus scale: ``whimbrel``'s store path on Reuters-21578 against a bare parse.

    .venv/bin/python benchmarks/ingest_bench.py --machine "a quiet 2-core machine"   # the whole corpus, 2 workers
    .venv/bin/python benchmarks/ingest_bench.py --limit 3000 --workers 2
    .venv/bin/python benchmarks/ingest_bench.py --limit 500 --no-write   # print, do not touch docs/benchmarks.md

Reads ``../shared/data/reuters21578/reut2-*.sgm`` in place (the SGML is
parsed here, never copied): each ``<REUTERS>`` story is a document with its
``<BODY>`` as text, ``<TITLE>`` as title and ``<DATE>`` as publication time;
stories without a body are rejected as empty, as whimbrel would. Each phase
runs in a fresh process so that its peak memory is its own:

1. **bare parse**: ``nlp.pipe`` of the same texts with the same model, the
   same batch size and the same number of processes, and nothing else;
2. **ingest**: ``Store.ingest`` (coding with the worker processes, writing
   articles, events, actors, places, mentions, clusters and rejections to a
   new DuckDB file), then the same ingest again (rows added must be 0).

Reports documents/s of both and their ratio, peak memory (the main process,
and the largest worker), events and rejections by reason. Writes its section
of ``docs/benchmarks.md`` with ``benchmarks/report.py``. Skips with a message
(exit 0) when the data folder is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "reuters21578"
_STORY = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_FIELD = {k: re.compile(rf"<{k}>(.*?)</{k}>", re.S) for k in ("DATE", "TITLE", "BODY")}


def stories(limit: int | None = None):
    """Documents from the SGML files, in corpus order."""
    from whimbrel.records import Document

    n = 0
    for path in sorted(DATA.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        for m in _STORY.finditer(raw):
            body = _FIELD["BODY"].search(m.group(2))
            title = _FIELD["TITLE"].search(m.group(2))
            date = _FIELD["DATE"].search(m.group(2))
            published = None
            if date:
                try:
                    published = dt.datetime.strptime(date.group(1).strip().split(".")[0],
                                                  "%d-%b-%Y %H:%M:%S").isoformat()
                except ValueError:
                    published = None
            text = html.unescape(body.group(1)).replace("\x03", "").strip() if body else ""
            yield Document(text=text, id=f"reuters-{m.group(1)}", title=html.unescape(title.group(1)) if title else None,
                           published=published, outlet="Reuters", where=f"{path.name}#{m.group(1)}")
            n += 1
            if limit and n >= limit:
                return


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    return sum(_cpu_split())


def _cpu_split() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def phase_bare(limit: int | None, workers: int, batch: int) -> dict:
    from whimbrel.nlp import load_model
    from whimbrel.settings import load_settings

    settings = load_settings(n_process=workers, batch_size=batch)
    nlp = load_model(settings)
    texts = [d.text for d in stories(limit) if d.text.strip()]
    started, split = time.perf_counter(), _cpu_split()
    n = sum(1 for _ in nlp.pipe(texts, batch_size=batch, n_process=workers))
    seconds = time.perf_counter() - started
    main_cpu, workers_cpu = (b - a for a, b in zip(split, _cpu_split()))
    me, kids = _peak_mb()
    return {"docs": n, "seconds": seconds, "docs_per_s": n / seconds, "cpu_seconds": main_cpu + workers_cpu,
            "cpu_main": main_cpu, "cpu_workers": workers_cpu, "peak_main_mb": me, "peak_worker_mb": kids}


def phase_ingest(limit: int | None, workers: int, batch: int) -> dict:
    from whimbrel.pipeline import Coder
    from whimbrel.places import build_gazetteer
    from whimbrel.settings import load_settings
    from whimbrel.store import Store

    settings = load_settings(n_process=workers, batch_size=batch)
    coder = Coder(settings)
    _ = coder.nlp  # loaded before the clock, as the bare phase's model is (forked workers inherit it)
    build_gazetteer()  # one-time set-up, like the model's install: a stale index is rebuilt here, off the clock
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reuters.duckdb"
        with Store(path) as store:
            started, split = time.perf_counter(), _cpu_split()
            first = store.ingest(stories(limit), coder, n_process=workers)
            seconds = time.perf_counter() - started
            main_cpu, workers_cpu = (b - a for a, b in zip(split, _cpu_split()))
            cpu = main_cpu + workers_cpu
            counts = store.counts()
            started = time.perf_counter()
            second = store.ingest(stories(limit), coder, n_process=workers)
            second_seconds = time.perf_counter() - started
            after = store.counts()
            reasons = dict(store.con.execute("SELECT code || ' ' || min(reason), count(*) FROM rejections "
                                             "GROUP BY code ORDER BY 2 DESC").fetchall())
        size_mb = path.stat().st_size / 1e6
    me, kids = _peak_mb()
    coded = first.documents - first.rejections
    return {"docs": first.documents, "coded": coded, "seconds": seconds, "docs_per_s": first.documents / seconds,
            "coded_per_s": coded / seconds, "cpu_seconds": cpu,
            "cpu_main": main_cpu, "cpu_workers": workers_cpu, "events": first.events_added, "rows": counts,
            "rejections": first.rejections, "rejections_by_reason": reasons,
            "second_rows_added": sum(after[t] - counts[t] for t in counts if t != "runs"),
            "second_skipped": second.articles_skipped, "second_seconds": second_seconds,
            "db_mb": size_mb, "peak_main_mb": me, "peak_worker_mb": kids}


def run_phase(name: str, args) -> dict:
    cmd = [sys.executable, __file__, "--phase", name, "--workers", str(args.workers), "--batch-size",
           str(args.batch_size)] + (["--limit", str(args.limit)] if args.limit else [])
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:  # say why: the phase's own traceback, not only its exit status
        raise SystemExit(f"the {name} phase failed (exit {out.returncode}):\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def markdown(bare: dict, ing: dict, args) -> str:
    ratio = ing["docs_per_s"] / bare["docs_per_s"]
    cpu_ratio = (bare["cpu_seconds"] / bare["docs"]) / (ing["cpu_seconds"] / ing["docs"])
    scope = f"the first {args.limit:,} stories" if args.limit else "the whole corpus"
    reasons = "; ".join(f"{k}: {v:,}" for k, v in ing["rejections_by_reason"].items()) or "none"
    rows = ", ".join(f"{k} {v:,}" for k, v in ing["rows"].items())
    whole = ing["seconds"] / max(ing["docs"], 1) * 21578 / 60
    return f"""## Ingest at corpus scale (Reuters-21578)

`benchmarks/ingest_bench.py` on {scope} of Reuters-21578 (`../shared/data/reuters21578`, research use
only; SGML parsed in place), {args.workers} worker processes, batch size {args.batch_size}, measured
{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {args.machine}.

| | documents | seconds | documents/s | CPU s per 1,000 docs (all processes) | peak memory (main + largest worker) |
|---|---:|---:|---:|---:|---:|
| bare `nlp.pipe` parse (same texts, model, processes) | {bare['docs']:,} | {bare['seconds']:.1f} | {bare['docs_per_s']:.1f} | {1000 * bare['cpu_seconds'] / bare['docs']:.0f} | {bare['peak_main_mb']:.0f} + {bare['peak_worker_mb']:.0f} MB |
| `Store.ingest` (read, code, write; {ing['rows']['articles']:,} articles stored) | {ing['docs']:,} | {ing['seconds']:.1f} | {ing['docs_per_s']:.1f} | {1000 * ing['cpu_seconds'] / ing['docs']:.0f} | {ing['peak_main_mb']:.0f} + {ing['peak_worker_mb']:.0f} MB |

- Throughput ratio (input documents/s of ingest over texts/s of the bare parse): **{ratio:.2f}** by the clock,
  **{cpu_ratio:.2f}** by CPU time per document (target >= 0.8). The bare parse gets only the non-empty texts;
  ingest also reads, rejects, skips in-corpus duplicates, codes and writes. On a machine shared with other
  jobs the clock ratio moves with their load; the CPU ratio much less.
- CPU seconds by process: bare parse {bare['cpu_main']:.0f} in the main process (sending texts, receiving
  docs) + {bare['cpu_workers']:.0f} in the workers; ingest {ing['cpu_main']:.0f} in the main process (reading,
  skipping stored articles, writing, clustering) + {ing['cpu_workers']:.0f} in the workers (parse and coding).
  Both load the model before the clock (forked workers inherit it); a stale gazetteer index is rebuilt before
  the clock too (a one-time set-up of about a minute).
- {"Whole corpus: **" + f"{ing['seconds'] / 60:.1f}" + " minutes** by the clock" if not args.limit
     else f"Whole corpus at this rate: about {whole:.1f} minutes"} (target < 10 on a 2-core machine).
- The coder's shortcuts, none of which changes an event (`tests/test_speed_paths.py` compares them with the long
  way): the model's attribute ruler and lemmatizer run as one memoised pass (`nlp.TokenAttributes`); a story
  none of whose words could become a trigger word is coded as eventless without the model
  (`screen.TriggerScreen`; about one Reuters story in nine); a story in which the coder finds no event goes
  through no later component (places, counts, dates). The bare parse runs the model as shipped.
- Events: {ing['events']:,}. Rows: {rows}. Store file: {ing['db_mb']:.1f} MB.
- Rejections: {ing['rejections']:,} ({reasons}).
- Second ingest of the same stories: **{ing['second_rows_added']} rows added**, {ing['second_skipped']:,} articles
  recognised as stored, {ing['second_seconds']:.1f} s.
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="Only the first N stories.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--machine", default="a 2-core machine shared with other jobs",
                    help="How the machine was while measuring, for the report (e.g. 'a quiet 2-core machine').")
    ap.add_argument("--phase", choices=["bare", "ingest"], help=argparse.SUPPRESS)
    ap.add_argument("--no-write", action="store_true", help="Print the section; leave docs/benchmarks.md alone.")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"ingest_bench: skipped: {DATA} is absent (the Reuters-21578 corpus is not in this checkout).")
        return 0
    if args.phase:
        fn = phase_bare if args.phase == "bare" else phase_ingest
        print(json.dumps(fn(args.limit, args.workers, args.batch_size)))
        return 0
    bare = run_phase("bare", args)
    ing = run_phase("ingest", args)
    md = markdown(bare, ing, args)
    print(md)
    print(json.dumps({"bare": bare, "ingest": ing}, default=str))
    if not args.no_write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from report import write_section

        write_section("ingest", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
