"""Scores for the coder on the development data. Events are plain dicts of
the ``--jsonl`` contract, grouped by document id."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

from devsets import Item

Events = dict[str, list[dict[str, Any]]]
MODALITY_RANK = {"asserted": 0, "historical": 1, "future": 2, "hypothetical": 3, "negated": 4}


def main_event(events: list[dict[str, Any]], hint: str = "") -> Optional[dict[str, Any]]:
    """The document's main event: one whose trigger is in the gold event text if given,
    else the asserted event with the highest confidence (earliest on ties)."""
    if not events:
        return None
    hint_words = {w.lower() for w in hint.replace("'", " ").split() if len(w) > 2}
    if hint_words:
        hit = [e for e in events if e["evidence"]["trigger"].lower().split()[-1] in hint_words]
        if hit:
            events = hit
    return min(events, key=lambda e: (MODALITY_RANK.get(e.get("modality"), 5), -e.get("confidence", 0),
                                      e["evidence"]["trigger_start"]))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score_plover(items: list[Item], events: Events) -> dict[str, Any]:
    n = len(items)
    correct = detected = total_pred = 0
    by_gold: Counter[str] = Counter()
    by_pred: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    roles = {"actor": [0, 0, 0], "recipient": [0, 0, 0]}
    sector_ok = sector_n = 0
    strict = 0
    for doc_id, _text, gold in items:
        evs = events.get(doc_id, [])
        total_pred += len(evs)
        blind = main_event(evs)  # without the gold event text: the sentence's own main event
        strict += bool(blind) and blind["event_type"] == gold["event_type"]
        main = main_event(evs, gold.get("event_text", ""))
        pred = main["event_type"] if main else "NONE"
        detected += bool(evs)
        by_gold[gold["event_type"]] += 1
        by_pred[pred] += 1
        confusion[(gold["event_type"], pred)] += 1
        if pred == gold["event_type"]:
            correct += 1
            hits[pred] += 1
        for role, gkey, pkey in (("actor", "source", "actors"), ("recipient", "target", "recipients")):
            gold_c = Counter(a["country"] for a in gold[gkey])
            pred_actors = [a for a in (main or {}).get(pkey, []) if a.get("country") not in (None, "UNK")]
            pred_c = Counter(a["country"] for a in pred_actors)
            tp = sum((gold_c & pred_c).values())
            roles[role][0] += tp
            roles[role][1] += sum(pred_c.values()) - tp
            roles[role][2] += sum(gold_c.values()) - tp
            gold_sectors = {a["country"]: a["sector"] for a in gold[gkey] if a.get("sector") and a["sector"] != "***"}
            for a in pred_actors:
                if a["country"] in gold_sectors:
                    sector_n += 1
                    sector_ok += a.get("sector") == gold_sectors[a["country"]]
    per_type = {}
    for t in sorted(set(by_gold) | {p for p in by_pred if p != "NONE"}):
        p = hits[t] / by_pred[t] if by_pred[t] else 0.0
        r = hits[t] / by_gold[t] if by_gold[t] else 0.0
        per_type[t] = {"gold": by_gold[t], "predicted": by_pred[t], "precision": round(p, 3), "recall": round(r, 3)}
    return {
        "documents": n,
        "type_accuracy": round(correct / n, 3) if n else 0.0,
        "type_accuracy_blind": round(strict / n, 3) if n else 0.0,
        "detection_rate": round(detected / n, 3) if n else 0.0,
        "events_per_document": round(total_pred / n, 3) if n else 0.0,
        "extra_events_per_gold": round((total_pred - correct) / n, 3) if n else 0.0,
        "actor_country": _prf(*roles["actor"]),
        "recipient_country": _prf(*roles["recipient"]),
        "sector_accuracy": round(sector_ok / sector_n, 3) if sector_n else 0.0,
        "sector_compared": sector_n,
        "per_type": per_type,
        "confusion": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items()) if g != p},
    }


def score_counts_gsr(items: list[Item], events: Events) -> dict[str, Any]:
    """Exact match of the main event's dead / injured count where the gold record has one."""
    out = {}
    for field in ("dead", "injured"):
        gold_items = [(d, g) for d, _t, g in items if str(g.get(field) or "").strip().isdigit()]
        exact = given = 0
        for doc_id, g in gold_items:
            main = main_event(events.get(doc_id, []), g.get("event_text", ""))
            value = (main or {}).get("size", {}).get(field)
            given += value is not None
            exact += value is not None and value == int(g[field])
        out[field] = {"gold": len(gold_items), "given": given, "exact": exact,
                      "exact_share": round(exact / len(gold_items), 3) if gold_items else 0.0}
    return out


def score_counts_ucdp(items: list[Item], events: Events) -> dict[str, Any]:
    """Headline dead count vs the UCDP range: the largest dead count among the headline's events."""
    with_value = inside = exact_best = 0
    for doc_id, _t, g in items:
        values = [e["size"]["dead"] for e in events.get(doc_id, []) if e.get("size", {}).get("dead") is not None]
        if not values:
            continue
        v = max(values)
        with_value += 1
        inside += g["low"] <= v <= max(g["high"], g["low"])
        exact_best += v == g["best"]
    n = len(items)
    return {"headlines": n, "with_dead_count": with_value,
            "coverage": round(with_value / n, 3) if n else 0.0,
            "inside_low_high": round(inside / with_value, 3) if with_value else 0.0,
            "equal_to_best": round(exact_best / with_value, 3) if with_value else 0.0}


def ucdp_side(name: str, resolve: Any) -> tuple[str, str]:
    """UCDP side name -> (country, sector): "Government of X" is X's state forces, IS is IMG REB,
    civilians are CVL, any other non-state side in these Syrian data is a Syrian rebel group
    unless the actor knowledge base places it elsewhere."""
    low = name.lower()
    if low.startswith("government of "):
        return resolve(name[len("government of "):]) or "UNK", "STATE"
    if low in ("is", "isis", "isil"):
        return "IMG", "REB"
    if low == "civilians":
        return "SYR", "CVL"
    country = resolve(name)
    return (country if country and country != "UNK" else "SYR"), "REB"


def score_ucdp_sides(items: list[Item], events: Events, resolve: Any) -> dict[str, Any]:
    """Headline level, loosely: do the headline's coded actors and recipients name the
    countries (and sectors) of the UCDP sides of the events coded from it?"""
    state = {"GOV", "MIL", "COP", "PRM", "SPY"}
    gold_n = country_hit = sector_hit = pred_n = pred_ok = headlines = 0
    for doc_id, _t, g in items:
        evs = events.get(doc_id, [])
        if not evs:
            continue
        headlines += 1
        sides = [ucdp_side(s, resolve) for s in g.get("sides", ())]
        gold_countries = {c for c, _ in sides}
        pred = [(a.get("country"), a.get("sector")) for e in evs for a in e["actors"] + e["recipients"]
                if a.get("country") not in (None, "UNK")]
        pred_n += len({c for c, _ in pred})
        pred_ok += len({c for c, _ in pred} & gold_countries)
        for c, sec in sides:
            gold_n += 1
            same = [ps for pc, ps in pred if pc == c]
            country_hit += bool(same)
            sector_hit += any(ps in state if sec == "STATE" else ps == sec for ps in same)
    return {"headlines_with_events": headlines, "sides": gold_n,
            "side_country_recall": round(country_hit / gold_n, 3) if gold_n else 0.0,
            "side_sector_recall": round(sector_hit / gold_n, 3) if gold_n else 0.0,
            "predicted_country_precision": round(pred_ok / pred_n, 3) if pred_n else 0.0}


def score_quad(items: list[Item], events: Events) -> dict[str, Any]:
    matrix = [[0] * 5 for _ in range(5)]
    correct = 0
    for doc_id, _text, gold in items:
        main = main_event(events.get(doc_id, []))
        pred = int(main["quad_class"]) if main else 0
        matrix[gold["quad"]][pred] += 1
        correct += pred == gold["quad"]
    n = len(items)
    event_docs = sum(sum(row) for row in matrix[1:])
    detect_tp = sum(matrix[g][p] for g in range(1, 5) for p in range(1, 5))
    detect_fp = sum(matrix[0][1:])
    return {
        "documents": n,
        "quad_accuracy": round(correct / n, 3) if n else 0.0,
        "event_detection": _prf(detect_tp, detect_fp, event_docs - detect_tp),
        "confusion": matrix,
    }


def score_petrarch(items: list[Item], events: Events) -> dict[str, Any]:
    out = {}
    for name, subset in (("real_news", [i for i in items if i[2]["real_news"]]), ("all", items)):
        coded = [i for i in subset if i[2]["codes"]]
        agree = pred_n = pred_ok = 0
        for doc_id, _t, gold in coded:
            gold_roots = {c["eventcode"][:2] for c in gold["codes"]}
            roots = {e["cameo_root"] for e in events.get(doc_id, []) if e.get("modality") in ("asserted", "historical")}
            agree += bool(roots & gold_roots)
            pred_n += len(roots)
            pred_ok += len(roots & gold_roots)
        uncoded = [i for i in subset if not i[2]["codes"]]
        quiet = sum(1 for doc_id, _t, _g in uncoded if not events.get(doc_id))
        out[name] = {"sentences_with_gold": len(coded),
                     "root_recall": round(agree / len(coded), 3) if coded else 0.0,
                     "root_precision": round(pred_ok / pred_n, 3) if pred_n else 0.0,
                     "no_event_sentences": len(uncoded), "no_event_kept_quiet": quiet}
    return out


def score_petrarch_codes(items: list[Item], events: Events) -> dict[str, Any]:
    """Agreement with PETRARCH validation codings: CAMEO root, and the source and target codes of
    the matching event (same root), compared on their first three letters and in full."""
    coded = [i for i in items if i[2]["codes"]]
    root = src3 = tgt3 = src_full = tgt_full = pairs = 0
    for doc_id, _t, gold in coded:
        evs = [e for e in events.get(doc_id, []) if e.get("modality") in ("asserted", "historical")]
        by_root = {e["cameo_root"]: e for e in evs}
        hit = False
        for c in gold["codes"]:
            e = by_root.get(c["eventcode"][:2])
            if e is None:
                continue
            hit = True
            pairs += 1
            srcs = [a.get("code") or a.get("country") or "" for a in e["actors"]]
            tgts = [a.get("code") or a.get("country") or "" for a in e["recipients"]]
            sc, tc = c.get("sourcecode", ""), c.get("targetcode", "")
            src3 += any(s[:3] == sc[:3] for s in srcs)
            tgt3 += any(t[:3] == tc[:3] for t in tgts) or (not tc or tc == "---") and not tgts
            src_full += sc in srcs
            tgt_full += tc in tgts
        root += hit
    n = len(coded)
    return {"records": n, "root_agreement": round(root / n, 3) if n else 0.0, "matched_codings": pairs,
            "source_3": round(src3 / pairs, 3) if pairs else 0.0, "target_3": round(tgt3 / pairs, 3) if pairs else 0.0,
            "source_full": round(src_full / pairs, 3) if pairs else 0.0, "target_full": round(tgt_full / pairs, 3) if pairs else 0.0}


def icews_rows(items: list[Item], events: Events) -> tuple[list[list[str]], dict[str, Any]]:
    rows = []
    root_ok = quad_ok = 0
    # one scheme for both sides (CAMEO's roots in four classes), so the comparison does not depend on the
    # record's quad_class convention (Phoenix's neutral 0 for statements and appeals)
    quad_of = {r: (1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4) for r in range(1, 21)}
    for doc_id, text, gold in items:
        main = main_event(events.get(doc_id, []))
        ours = f"{main['event_type']} {main['cameo_code']}" if main else "(none)"
        g = gold["cameo"]
        if main and g[:2] == main["cameo_root"]:
            root_ok += 1
        if (main and g[:2].isdigit() and str(main["cameo_root"]).isdigit()
                and quad_of.get(int(g[:2])) == quad_of.get(int(main["cameo_root"]))):
            quad_ok += 1
        short = text if len(text) <= 90 else text[:87] + "..."
        rows.append([short.replace("|", "/"), f"{g} {gold.get('label') or ''}".strip(), ours])
    n = len(items)
    return rows, {"events": n, "same_root": root_ok, "same_quad": quad_ok}


def group(lines: Iterable[dict[str, Any]]) -> Events:
    out: Events = defaultdict(list)
    for e in lines:
        out[e["doc_id"]].append(e)
    return out
