"""Readers for the development data in ``../shared/data`` (never copied here).

Each reader returns items ``(doc_id, text, gold)`` where ``gold`` is a small
dict in one shape per data set. All readers raise :class:`Missing` when the
data folder is absent, so that callers can skip with a clear message.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__import__("os").environ.get("WHIMBREL_DEV_DATA", ROOT.parent / "shared" / "data"))

# Old PLOVER names in the gold standard records (data README).
PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Old CAMEO country codes the PLOVER records still use, read as the ISO 3166 codes they stand for
# (like the old type names above): JAP Japan, ITL Italy, VTN Vietnam.
OLD_COUNTRY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

Item = tuple[str, str, dict[str, Any]]


class Missing(Exception):
    """The development data is not beside this checkout."""


def _need(path: Path) -> Path:
    if not path.exists():
        raise Missing(f"{path} not found: the development data (../shared/data) is not beside this checkout")
    return path


def _actor_list(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    out = []
    for a in value:
        if isinstance(a, dict) and a.get("code"):
            country = str(a["code"])[:3].upper()
            out.append({"country": OLD_COUNTRY_CODES.get(country, country),
                        "sector": (a.get("sector") or "")[:3].upper() or None,
                        "text": a.get("actorText") or ""})
    return out


def plover_gsr() -> list[Item]:
    data = json.loads(_need(DATA / "plover_gsr" / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    items = []
    seen: dict[str, int] = {}
    for rec in data:
        event = rec.get("event")
        event = PLOVER_RENAMES.get(event, event)
        if event not in PLOVER_TYPES or not rec.get("text"):
            continue
        gold = {"event_type": event, "mode": rec.get("mode") or None, "event_text": rec.get("eventText") or "",
                "source": _actor_list(rec.get("source")), "target": _actor_list(rec.get("target")),
                "dead": rec.get("dead"), "injured": rec.get("injured")}
        # An id the file gives twice (two different records) gets a running number on its repeats, so that
        # each record is coded and scored on its own: "X", "X#2", ...
        seen[rec["id"]] = seen.get(rec["id"], 0) + 1
        doc_id = rec["id"] if seen[rec["id"]] == 1 else f"{rec['id']}#{seen[rec['id']]}"
        items.append((doc_id, rec["text"], gold))
    return items


def conflibert_quad(split: str = "test") -> list[Item]:
    path = _need(DATA / "conflibert_cameo" / f"cameo_class_{split}.tsv")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if label.strip().isdigit():
            items.append((f"cb-{split}-{n}", text.strip(), {"quad": int(label)}))
    return items


_REAL_NEWS = re.compile(r"^(AFP|GOLD|SYRIA|abc|github)", re.I)


def petrarch_gsr(name: str = "PETR2_GSR_validation.xml") -> list[Item]:
    path = _need(DATA / "petrarch" / name)
    raw = path.read_text(encoding="utf-8")
    # The file has comment blocks outside XML syntax ("#" lines): read the sentences with patterns.
    items = []
    for m in re.finditer(r"<Sentence ([^>]*?)/?>(.*?)(?=<Sentence |</Sentences>)", raw, re.S):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        block = m.group(2)
        text_m = re.search(r"<Text>(.*?)</Text>", block, re.S)
        if not text_m:
            continue
        text = " ".join(text_m.group(1).split())
        codes = [dict(re.findall(r'(\w+)="([^"]*)"', c)) for c in re.findall(r"<EventCoding ([^>]*)/?>", block)]
        codes = [c for c in codes if c.get("eventcode")]
        date = attrs.get("date", "")
        published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None
        if attrs.get("evaluate", "true").lower() == "false":
            continue
        sid = attrs.get("id", f"petr-{len(items)}")
        items.append((sid, text, {"codes": codes, "real_news": bool(_REAL_NEWS.match(sid)), "published": published,
                                   "category": attrs.get("category")}))
    return items


def petrarch_validate() -> tuple[list[Item], Path]:
    """PETRARCH's fictional-world validation records and the actor dictionary they need."""
    return petrarch_gsr("PETR_Validate_records_2_02.xml"), _need(DATA / "petrarch" / "PETR.Validate.actors.txt")


def icews_sample() -> list[Item]:
    raw = _need(DATA / "icews_sample" / "icews_dedi_sample_with_text.json").read_text(encoding="utf-8")
    dec = json.JSONDecoder()
    i, items = 0, []
    while i < len(raw):
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            break
        obj, i = dec.raw_decode(raw, i)
        if obj.get("text"):
            items.append((f"icews-{obj.get('id')}", obj["text"], {"cameo": str(obj.get("event") or ""),
                                                                  "published": obj.get("date"),
                                                                  "label": obj.get("eventText")}))
    return items


def ucdp_syria(limit: Optional[int] = None) -> list[Item]:
    """UCDP GED Syria events with the headline they were coded from; one item per distinct headline
    (a headline may sum several UCDP events: their deaths are added up, loosely)."""
    import csv

    path = _need(DATA / "ucdp_syria" / "ucdp_ged_syria_2016-2017.csv")
    by_headline: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("source_headline") or "").strip()
            if not text:
                continue
            g = by_headline.setdefault(text, {"best": 0, "low": 0, "high": 0, "published": (row.get("source_date") or "")[:10],
                                              "lat": row.get("latitude"), "lon": row.get("longitude"), "adm_1": row.get("adm_1")})
            for k in ("best", "low", "high"):
                try:
                    g[k] += int(float(row.get(k) or 0))
                except ValueError:
                    pass
            g.setdefault("sides", set()).update(s.strip() for s in (row.get("side_a") or "").split(",") + (row.get("side_b") or "").split(",") if s.strip())
    items = [(f"ucdp-{n}", text, gold) for n, (text, gold) in enumerate(by_headline.items())]
    return items[:limit] if limit else items


def published_of(gold: dict[str, Any]) -> Optional[str]:
    value = gold.get("published")
    return value if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def as_contract_lines(items: list[Item]) -> Iterator[str]:
    for doc_id, text, gold in items:
        rec = {"id": doc_id, "text": text}
        if published_of(gold):
            rec["published"] = published_of(gold)
        yield json.dumps(rec, ensure_ascii=False)
