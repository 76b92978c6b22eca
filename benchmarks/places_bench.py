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
   (``source_headline`` as given, as ``whimbrel code`` gets it: several sources joined by ";", which the
   coder reads as sentence breaks)
   coded as a document with the first ``source_date`` as its publication
   date; the most specific event location (else the most specific place
   mentioned, else the focus country) against the gold coordinates,
   governorate and country: share within 10, 50 and 161 km (100 miles), with
   the right admin1 and country, over the whole sample. The date of the same
   event (else what the document would date an event to: its first date
   expression, else the publication date) is right when it falls inside
   UCDP's ``date_start``-``date_end`` range (a month or a year: when the range
   lies in it); ``date_correct_to_the_day`` counts day-precision dates only.

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
import re
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


def _char_span(rec: dict[str, Any], span: dict[str, Any]) -> Optional[tuple[int, int]]:
    """A gold span's character offsets. About 900 LOCATION spans of the dev file carry token indices in
    ``start``/``end`` (``{"start": 15, "end": 15, "token_start": 15, "token_end": 15, "text": "Algiers"}``):
    their own ``text`` and ``token_start``/``token_end`` agree, so the offsets are read from the tokens
    there. Offsets that match their own text, or the span's tokens, are trusted as they are (two spans
    carry a ``text`` that is not theirs). A span that cannot be reconciled counts as no gold."""

    text, tokens = rec["text"], rec.get("tokens") or []
    start, end = span.get("start", 0), span.get("end", 0)
    want = span.get("text") or None
    first, last = span.get("token_start"), span.get("token_end")
    tok_span = None
    if first is not None and first < len(tokens):
        last = last if last is not None and last < len(tokens) else first
        tok_span = (tokens[first]["start"], tokens[last]["end"])
    if end > start and (want is None or text[start:end] == want or (start, end) == tok_span):
        return start, end
    if tok_span is not None:
        a, b = tok_span
        if want is None or text[a:b] == want:
            return (a, b) if b > a else None
        if want and text.startswith(want, a):
            return a, a + len(want)  # "Tuz Khurmatu," with the comma in the tokens
    return None


def event_location(nlp: Any, component: Any, limit: Optional[int] = None) -> dict[str, Any]:
    items = []
    with gzip.open(LOCATION_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            verbs = [s for s in rec.get("spans", []) if s.get("label") == "VERB"]
            if not verbs or not rec.get("text"):
                continue
            gold = [g for g in (_char_span(rec, s) for s in rec["spans"] if s.get("label") == "LOCATION") if g]
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


def _headline_doc(nlp: Any, row: dict[str, str]) -> Any:
    """A UCDP source field as a document, as given: several sources are joined by ";" (headlines and
    their dates alike), which the coder reads as sentence breaks, as ``whimbrel code`` would get the
    text; the first source's date is the publication date."""
    doc = nlp.make_doc(row["source_headline"])
    dates = [d.strip() for d in (row.get("source_date") or "").split(";") if d.strip()]
    doc._.whimbrel_published = dates[0][:10] if dates else None
    return doc


_WORD_RUN = re.compile(r"[^\W_][\w'\u2019-]*")
_NOT_NAMES = frozenset({"the", "of", "in", "and", "a", "an", "on", "at", "by", "to", "from", "with", "for", "east",
                        "west", "north", "south", "city", "town", "village", "countryside", "area", "killed"})


def _reachable(component: Any, text: str, country: str, lat: float, lon: float, admin1: Optional[str]) -> dict[str, bool]:
    """What any coder reading only this text with our gazetteer could reach, at best: is any place of
    the gold country that any run of 1-4 words in the text names (as written, or as a spelling with
    the same consonants) within 10/50/161 km of the gold point, in the gold admin1, or of that country
    at all? A generous upper bound for what place names give (it knows the country, and tries every
    word), not a score; country adjectives and actors, which also give a country, are not counted."""
    from whimbrel.places import haversine_km

    gaz = component.placer.gaz
    words = _WORD_RUN.findall(text)
    cands = []
    for n in (1, 2, 3, 4):
        for i in range(len(words) - n + 1):
            name = " ".join(words[i:i + n])
            if n == 1 and (name.lower() in _NOT_NAMES or len(name) < 3):
                continue
            cands += [c for c in gaz.find(name) if c.country == country]
            if n <= 2:
                cands += list(gaz.by_skeleton(name, country))
    km = [haversine_km(c.lat, c.lon, lat, lon) for c in cands]
    return {"within_10km": any(k <= 10 for k in km), "within_50km": any(k <= 50 for k in km),
            "within_161km": any(k <= 161 for k in km),
            "admin1_correct": bool(admin1) and any(c.admin1 == admin1 or c.kind == "admin1" and c.name == admin1
                                                   for c in cands),
            "country_correct": bool(cands)}


def _date_ok(value: Optional[str], start: str, end: str) -> bool:
    """Is our date (day, month or year) inside the gold range (day precision: the day itself)?"""
    if not value:
        return False
    if len(value) == 10:
        return start[:10] <= value <= (end or start)[:10]
    return start[:len(value)] <= value <= (end or start)[:len(value)]


def geocoding(nlp: Any, component: Any, sample: int = 1000, seed: int = 0,
              details: Optional[list] = None) -> dict[str, Any]:
    from whimbrel.dates import document_date
    from whimbrel.places import PRECISION_RANK, haversine_km

    with UCDP_FILE.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("source_headline") and r.get("latitude") and r.get("longitude")]
    rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    within = {10: 0, 50: 0, 161: 0}
    admin1_ok = country_ok = located = dated = date_ok = date_ok_day = 0
    reachable = {"within_10km": 0, "within_50km": 0, "within_161km": 0, "admin1_correct": 0, "country_correct": 0}
    by_precision: dict[str, int] = {}
    by_date_precision: dict[str, int] = {}
    started = time.perf_counter()
    for row, doc in zip(rows, nlp.pipe(_headline_doc(nlp, r) for r in rows)):
        events = [e for e in doc._.whimbrel_events or []]
        places = [e.location for e in events if e.location is not None]
        if not places:
            analysis = component.placer.analyse(doc)
            places = [m.place for m in analysis.mentions if m.place is not None]
            if not places:
                fallback = component.placer.fallback(doc, analysis, None)
                places = [fallback] if fallback else []
        # the date: that of the event whose place is scored (the most specific), else of the first
        # event, else what the document would give an event (its first date expression, else publication)
        located_events = [e for e in events if e.location is not None]
        scored = min(located_events, key=lambda e: PRECISION_RANK.get(e.location.precision or "country", 4)) \
            if located_events else (events[0] if events else None)
        when = scored.date if scored is not None and scored.date is not None else document_date(doc)
        if when is not None:
            dated += 1
            by_date_precision[when.precision or "?"] = by_date_precision.get(when.precision or "?", 0) + 1
            ok = _date_ok(when.value, row["date_start"], row.get("date_end") or row["date_start"])
            date_ok += ok
            date_ok_day += ok and len(when.value) == 10
        best = min(places, key=lambda p: PRECISION_RANK.get(p.precision or "country", 4)) if places else None
        gold_admin1 = _admin1_name(component, row.get("adm_1") or "")
        reach = _reachable(component, doc.text, "SYR", float(row["latitude"]), float(row["longitude"]), gold_admin1)
        for key, ok in reach.items():
            reachable[key] += ok
        km = None
        if best is not None and best.lat is not None and best.lon is not None:
            located += 1
            by_precision[best.precision or "?"] = by_precision.get(best.precision or "?", 0) + 1
            km = haversine_km(best.lat, best.lon, float(row["latitude"]), float(row["longitude"]))
            for limit in within:
                within[limit] += km <= limit
            admin1_ok += bool(gold_admin1 and best.admin1 == gold_admin1)
            country_ok += best.country == "SYR"
        if details is not None:
            details.append({"headline": doc.text, "published": doc._.whimbrel_published,
                            "gold": (row["where_coordinates"], row.get("adm_1"), row["latitude"], row["longitude"],
                                     row["where_prec"], row["date_start"], row.get("date_end")),
                            "ours": (best.text, best.name, best.admin1, best.precision, best.lat, best.lon)
                            if best else None, "km": round(km, 1) if km is not None else None,
                            "date": (when.value, when.precision, when.text) if when else None, "reachable": reach,
                            "all": [(p.text, p.precision, p.lat, p.lon, p.admin1, p.country, p.start) for p in places]})
    n = len(rows)
    of_located = {"within_10km": within[10], "within_50km": within[50], "within_161km": within[161],
                  "admin1_correct": admin1_ok, "country_correct": country_ok}
    return {
        "sample": n, "seed": seed, "located": round(located / n, 4) if n else 0.0,
        # the same shares over the headlines we place at all (many name no place: "89 people were killed
        # yesterday, including 28 members of the regime forces ...")
        "of_located": {k: round(v / located, 4) if located else 0.0 for k, v in of_located.items()},
        # the most the place names of the headlines could give, with our gazetteer (see _reachable)
        "reachable": {k: round(v / n, 4) if n else 0.0 for k, v in reachable.items()},
        "within_10km": round(within[10] / n, 4), "within_50km": round(within[50] / n, 4),
        "within_161km": round(within[161] / n, 4), "admin1_correct": round(admin1_ok / n, 4),
        "country_correct": round(country_ok / n, 4),
        "date_correct": round(date_ok / n, 4), "date_correct_to_the_day": round(date_ok_day / n, 4),
        "dated": round(dated / n, 4), "date_precision": by_date_precision,
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
