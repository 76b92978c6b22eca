"""Score the places stage on the development data in ``../shared/data``.

    .venv/bin/python benchmarks/places_bench.py                 # both data sets
    .venv/bin/python benchmarks/places_bench.py --only location --limit 2000
    .venv/bin/python benchmarks/places_bench.py --json out.json

1. **Event location** (``event_location/labeled_text_dev.jsonl.gz``, from
   ahalterman/event_location, MIT): sentences with a VERB span and the
   LOCATION spans where that event happened (none: the sentence does not say
   where). For each item we take the location our coder gives the event
   whose trigger overlaps the VERB (``via events``) and, separately, the
   location our placer chooses for the VERB itself (``via verb``: the
   location choice alone, whatever the event coder found). A prediction is
   correct when it overlaps a gold LOCATION span; precision is over items
   where we name a place in the sentence, recall over items that have a gold
   location. Many items without a gold span do name the event's place (the
   annotation is partial), so precision is also given over the items that
   have a gold location (``..._items_with_gold``). Zero-length gold spans are
   ignored.
2. **Geocoding** (``ucdp_syria/ucdp_ged_syria_2016-2017.csv``, UCDP GED via
   knapply/data4ds4da, CC BY 4.0): a fixed random sample of headlines
   (``source_headline``) coded as a document; the most specific event
   location (else the most specific place mentioned, else the focus country)
   against the gold coordinates and governorate: share within 10, 50 and 161
   km (100 miles) and with the right admin1, over the whole sample.

Skips with a message (exit 0) when the data folder is absent. The data is
read in place and never copied.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("WHIMBREL_DEV_DATA", ROOT.parent / "shared" / "data"))
LOCATION_FILE = DATA / "event_location" / "labeled_text_dev.jsonl.gz"
UCDP_FILE = DATA / "ucdp_syria" / "ucdp_ged_syria_2016-2017.csv"


def load_pipeline() -> tuple[Any, Any]:
    """The coder's pipeline with the places component, and the component."""
    import whimbrel.places  # noqa: F401  (registers the factory)
    from whimbrel.pipeline import Coder

    nlp = Coder().nlp
    if "whimbrel_places" not in nlp.pipe_names:
        nlp.add_pipe("whimbrel_places", after="whimbrel_events")
    return nlp, nlp.get_pipe("whimbrel_places")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def event_location(nlp: Any, component: Any, limit: Optional[int] = None) -> dict[str, Any]:
    items = []
    with gzip.open(LOCATION_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            verbs = [s for s in rec.get("spans", []) if s.get("label") == "VERB"]
            if not verbs or not rec.get("text"):
                continue
            gold = [(s["start"], s["end"]) for s in rec["spans"] if s.get("label") == "LOCATION" and s["end"] > s["start"]]
            if rec.get("answer") == "reject":
                gold = []
            items.append((rec["text"], (verbs[0]["start"], verbs[0]["end"]), gold))
    if limit:
        items = items[:limit]
    counts = {"events": [0, 0, 0], "verb": [0, 0, 0]}
    gold_only = {"events": [0, 0, 0], "verb": [0, 0, 0]}  # the same, on items that have a gold location
    with_event = 0
    no_gold_abstained = {"events": 0, "verb": 0}
    no_gold = 0
    started = time.perf_counter()
    for (text, verb, gold), doc in zip(items, nlp.pipe(t for t, _, _ in items)):
        no_gold += not gold
        event = next((e for e in doc._.whimbrel_events or []
                      if _overlaps((e.evidence.trigger_start, e.evidence.trigger_end), verb)), None)
        event_place = event.location if event is not None else None
        with_event += event is not None
        span = doc.char_span(verb[0], verb[1], alignment_mode="expand")
        verb_place = None
        if span is not None:
            analysis = component.placer.analyse(doc)
            verb_place = component.placer.locate_span(doc, analysis, span)
        for name, place in (("events", event_place), ("verb", verb_place)):
            tp_fp_fn = counts[name]
            named = place is not None and place.start is not None
            hit = named and any(_overlaps((place.start, place.end), g) for g in gold)
            for table in ((tp_fp_fn, gold_only[name]) if gold else (tp_fp_fn,)):
                if hit:
                    table[0] += 1
                elif named:
                    table[1] += 1
                if gold and not hit:
                    table[2] += 1
            if not gold and not named:
                no_gold_abstained[name] += 1
    seconds = time.perf_counter() - started
    return {
        "items": len(items), "items_with_gold_location": len(items) - no_gold, "items_with_event": with_event,
        "via_events": _prf(*counts["events"]), "via_verb": _prf(*counts["verb"]),
        "via_events_items_with_gold": _prf(*gold_only["events"]), "via_verb_items_with_gold": _prf(*gold_only["verb"]),
        "abstained_when_no_gold": {k: round(v / no_gold, 4) if no_gold else None for k, v in no_gold_abstained.items()},
        "seconds": round(seconds, 1),
    }


def _admin1_name(component: Any, gold: str) -> Optional[str]:
    """A UCDP governorate ("Deir ez Zor Governorate") as our admin1 name ("Deir ez-Zor")."""

    base = gold.replace("Governorate", "").strip()
    for c in component.placer.gaz.find(base):
        if c.kind == "admin1" and c.country == "SYR":
            return c.name
    return base or None


def geocoding(nlp: Any, component: Any, sample: int = 1000, seed: int = 0) -> dict[str, Any]:
    from whimbrel.places import PRECISION_RANK, haversine_km

    with UCDP_FILE.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("source_headline") and r.get("latitude") and r.get("longitude")]
    rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    within = {10: 0, 50: 0, 161: 0}
    admin1_ok = 0
    located = 0
    by_precision: dict[str, int] = {}
    started = time.perf_counter()
    for row, doc in zip(rows, nlp.pipe(r["source_headline"] for r in rows)):
        places = [e.location for e in doc._.whimbrel_events or [] if e.location is not None]
        if not places:
            analysis = component.placer.analyse(doc)
            places = [m.place for m in analysis.mentions if m.place is not None]
            if not places:
                fallback = component.placer.fallback(doc, analysis, None)
                places = [fallback] if fallback else []
        if not places:
            continue
        best = min(places, key=lambda p: PRECISION_RANK.get(p.precision or "country", 4))
        if best.lat is None or best.lon is None:
            continue
        located += 1
        by_precision[best.precision or "?"] = by_precision.get(best.precision or "?", 0) + 1
        km = haversine_km(best.lat, best.lon, float(row["latitude"]), float(row["longitude"]))
        for limit in within:
            within[limit] += km <= limit
        gold_admin1 = _admin1_name(component, row.get("adm_1") or "")
        admin1_ok += bool(gold_admin1 and best.admin1 == gold_admin1)
    n = len(rows)
    return {
        "sample": n, "seed": seed, "located": round(located / n, 4) if n else 0.0,
        "within_10km": round(within[10] / n, 4), "within_50km": round(within[50] / n, 4),
        "within_161km": round(within[161] / n, 4), "admin1_correct": round(admin1_ok / n, 4),
        "chosen_precision": by_precision, "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("location", "geocoding"))
    parser.add_argument("--limit", type=int, help="score only the first N event-location items")
    parser.add_argument("--sample", type=int, default=1000, help="UCDP headlines to sample (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    needed = [p for p, part in ((LOCATION_FILE, "location"), (UCDP_FILE, "geocoding")) if args.only in (None, part)]
    missing = [p for p in needed if not p.exists()]
    if missing:
        print(f"skipped: {missing[0]} not found (the development data, ../shared/data, is not beside this checkout)")
        return 0
    nlp, component = load_pipeline()
    results: dict[str, Any] = {}
    if args.only in (None, "location"):
        results["event_location"] = event_location(nlp, component, args.limit)
    if args.only in (None, "geocoding"):
        results["ucdp_geocoding"] = geocoding(nlp, component, args.sample, args.seed)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
