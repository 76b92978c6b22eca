"""The one loader for whimbrel's knowledge: ontology tables, lexicons, actors.

Everything whimbrel knows about the world is in tab-separated data files
inside the package (``whimbrel/data/``), versioned with the code. Users
extend or override them with files of the same shape (same header) named in
the settings (``lexicon_files``, ``actor_files``): their rows come first, so
they win over the packaged ones.

Files are read once per process and per set of paths (the tables are
immutable tuples, safe to share).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

from .errors import KnowledgeError

Row = dict[str, str]

DATA_VERSION = "2026.11.0"

# English number words and their values (counts reads figures with them; dedup tells a bare figure).
UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


def data_path(relpath: str) -> Path:
    """Path of a packaged data file, e.g. ``lexicon/triggers.tsv``."""
    return Path(str(resources.files("whimbrel") / "data" / relpath))


def _read_yaml(path: Path) -> tuple[list[str], list[Row]]:
    """A user file in YAML: a list of mappings with the table's column names as keys
    (lists are joined with ``|``, as in the TSV files)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"Cannot read data file {path}: {exc}.", "Fix the YAML syntax.") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise KnowledgeError(f"{path}: a YAML data file must be a list of mappings.",
                             "Write one '- column: value' block per row.")
    header: list[str] = []
    for r in data:
        header += [str(k) for k in r if str(k) not in header]
    rows = [{h: "|".join(map(str, r[h])) if isinstance(r.get(h), list) else ("" if r.get(h) is None else str(r[h]))
             for h in header} for r in data]
    return header, rows


def _read_tsv(path: Path) -> tuple[list[str], list[Row]]:
    if path.suffix.lower() in (".yaml", ".yml"):
        return _read_yaml(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    except OSError as exc:
        raise KnowledgeError(f"Cannot read data file {path}: {exc}.", "Check the path in your settings.") from exc
    delimiter = "," if path.suffix == ".csv" else "\t"
    reader = csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    rows = list(reader)
    if not rows:
        raise KnowledgeError(f"Data file {path} is empty.", "Give it a header line.")
    header = [h.strip() for h in rows[0]]
    out: list[Row] = []
    for n, raw in enumerate(rows[1:], start=2):
        if len(raw) > len(header):
            raise KnowledgeError(
                f"{path}: line {n} has {len(raw)} fields, the header has {len(header)}.",
                "Separate fields with one tab; put no tab inside a field.")
        raw = list(raw) + [""] * (len(header) - len(raw))
        out.append({h: v.strip() for h, v in zip(header, raw)})
    return header, out


@functools.lru_cache(maxsize=64)
def read_table(relpath: str, extra: tuple[str, ...] = ()) -> tuple[Row, ...]:
    """Rows of a packaged table, with the user's rows of the same header first.

    ``extra`` files whose header differs from the packaged table are ignored
    here (they belong to another table); see :func:`tables_for`.
    """
    header, rows = _read_tsv(data_path(relpath))
    user_rows: list[Row] = []
    for path in extra:
        if is_petrarch_dictionary(path):
            continue  # read by its own reader (read_petrarch_actors)
        h, r = _read_tsv(Path(path))
        if _extends(header, h):
            user_rows.extend({k: row.get(k, "") for k in header} for row in r)
    return tuple(user_rows + rows)


# Columns a user file may leave out (they default to empty).
OPTIONAL_COLUMNS = frozenset({"note", "source", "object_role", "confidence", "requires"})


def _extends(packaged: list[str], user: list[str]) -> bool:
    """A user file extends a table when it has all the table's columns but the optional ones."""
    return set(packaged) - OPTIONAL_COLUMNS <= set(user)


def check_extra_files(files: Iterable[str], relpaths: Iterable[str]) -> None:
    """Raise if a user file matches none of the tables it could extend."""
    headers = {rel: _read_tsv(data_path(rel))[0] for rel in relpaths}
    for path in files:
        if is_petrarch_dictionary(path):
            continue
        h = _read_tsv(Path(path))[0]
        if not any(_extends(hdr, h) for hdr in headers.values()):
            raise KnowledgeError(
                f"User data file {path} matches no table (its header is {sorted(h)}).",
                "Copy the header line of the packaged table you extend: " + ", ".join(headers) + ".")


# --------------------------------------------------------------------------- PETRARCH dictionaries

# CAMEO/PLOVER sector codes (ontology.md).
SECTOR_CODES = frozenset("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC "
                         "NGO IGO".split())
_PETR_CODE = re.compile(r"\[([^\]]*)\]")
_PETR_DATE = re.compile(r"^(?P<code>[^\s<>]+)?\s*(?:(?P<lt><)\s*(?P<before>\d{6,8})|(?P<gt>>)\s*(?P<after>\d{6,8})|"
                        r"(?P<from>\d{6,8})\s*-\s*(?P<to>\d{6,8}))?\s*$")


def is_petrarch_dictionary(path: str | Path) -> bool:
    """A TABARI/PETRARCH actor dictionary: ``NAME [CODE]`` lines, ``+SYNONYM`` lines, ``#`` comments."""
    p = Path(path)
    if p.suffix.lower() in (".tsv", ".csv", ".yaml", ".yml"):
        return False
    try:
        head = p.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return bool(re.search(r"^\s*[A-Z0-9][^\t\n]*\s\[[A-Za-z0-9+\-]{2,}[^\]]*\]", head, re.M))


def _petr_date(value: str) -> str:
    """A TABARI date (yymmdd or yyyymmdd) as YYYY-MM-DD."""
    if len(value) == 6:
        yy = int(value[:2])
        value = f"{1900 + yy if yy > 30 else 2000 + yy}{value[2:]}"
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def read_petrarch_actors(path: str | Path) -> list[Row]:
    """Rows in the shape of ``actors/people.tsv`` (name, aliases, country, sector, role, start,
    end, source) from a PETRARCH actor dictionary. Underscores join words; a name not ending
    in ``_`` is a stem ("ARGENTIN" also matches "Argentina", "Argentine"): such rows get
    ``role = "stem"``. Date-restricted codes (``[CODE <950601]``, ``[CODE 950601-990815]``,
    ``[CODE >990816]``) become one row each with ``start``/``end``. Null codes (``---``) are kept
    as country ``UNK``."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    rows: list[Row] = []
    current: Optional[dict] = None

    def flush() -> None:
        if current and current["codes"]:
            for code, start, end in current["codes"]:
                code = code.upper()
                country = code[:3] if code[:3].isalpha() else "UNK"
                groups = [code[i:i + 3] for i in range(3, len(code), 3)]
                sector = next((g for g in groups if g in SECTOR_CODES), "")  # PSEHMSGOV: Hamas (HMS), government
                rows.append({"name": current["name"], "aliases": "|".join(current["aliases"]), "country": country,
                             "sector": sector, "role": "stem" if current["stem"] else "",
                             "start": start, "end": end, "source": f"PETRARCH dictionary {Path(path).name}", "code": code})

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = []
        for m in _PETR_CODE.finditer(line):
            dm = _PETR_DATE.match(m.group(1).strip())
            if not dm or not dm.group("code"):
                continue
            start = end = ""
            if dm.group("before"):
                end = _petr_date(dm.group("before"))
            elif dm.group("after"):
                start = _petr_date(dm.group("after"))
            elif dm.group("from"):
                start, end = _petr_date(dm.group("from")), _petr_date(dm.group("to"))
            codes.append((dm.group("code"), start, end))
        name = _PETR_CODE.sub("", line).strip()
        if line[:1].isspace() and not name:  # an indented code block for the current entry
            if current is not None:
                current["codes"].extend(codes)
            continue
        if name.startswith("+"):
            if current is not None:
                current["aliases"].append(name[1:].strip().rstrip("_").replace("_", " "))
            continue
        flush()
        current = {"name": name.rstrip("_").replace("_", " ").strip(), "aliases": [], "codes": codes,
                   "stem": not name.endswith("_")}
    flush()
    return rows


def split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip()) if cell else ()


def _float(row: Row, key: str, where: str) -> float:
    try:
        return float(row[key])
    except (KeyError, ValueError) as exc:
        raise KnowledgeError(f"{where}: '{key}' must be a number, got {row.get(key)!r}.", "Fix the data file.") from exc


@functools.lru_cache(maxsize=None)
def word_list(kind: str) -> frozenset[str]:
    """A closed list of grammatical words from ``lexicon/function_words.tsv`` (background
    prepositions, object-control verbs, quantity heads, ...), read once."""
    words = frozenset(r["word"].lower() for r in read_table("lexicon/function_words.tsv") if r["kind"] == kind)
    if not words:
        raise KnowledgeError(f"lexicon/function_words.tsv has no words of kind {kind!r}.", "Restore the packaged file.")
    return words


# --------------------------------------------------------------------------- ontology


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: Optional[str]
    plover_mode: Optional[str]


@dataclass(frozen=True, slots=True)
class AcledRule:
    plover_type: str
    plover_mode: str
    recipient_sector: str
    acled_type: str
    acled_subtype: str
    cameo: str = ""  # a CAMEO code prefix ("192": occupy territory)
    actor_sectors: frozenset[str] = frozenset()  # one of the actors' sectors must be among these


@dataclass(frozen=True)
class Ontology:
    plover_types: dict[str, tuple[int, float]]
    plover_modes: dict[tuple[str, str], float]
    cameo: dict[str, CameoCode]
    acled: tuple[AcledRule, ...]
    contexts: dict[str, tuple[str, ...]]

    def cameo_code(self, code: str) -> CameoCode:
        try:
            return self.cameo[code]
        except KeyError:
            raise KnowledgeError(f"Unknown CAMEO code {code!r}.", "Use a code listed in ontology/cameo_codes.tsv.") from None

    def acled_for(self, event_type: str, mode: Optional[str], recipient_sectors: Iterable[str], cameo: str = "",
                  actor_sectors: Iterable[str] = ()) -> tuple[Optional[str], Optional[str]]:
        sectors, doers = set(recipient_sectors), set(actor_sectors)
        for rule in self.acled:
            if rule.plover_type != event_type:
                continue
            if rule.plover_mode and rule.plover_mode != (mode or ""):
                continue
            if rule.recipient_sector and rule.recipient_sector not in sectors:
                continue
            if rule.cameo and not cameo.startswith(rule.cameo):
                continue
            if rule.actor_sectors and not rule.actor_sectors & doers:
                continue
            return rule.acled_type, rule.acled_subtype
        return None, None


@functools.lru_cache(maxsize=4)
def load_ontology() -> Ontology:
    types = {}
    for r in read_table("ontology/plover_types.tsv"):
        types[r["type"]] = (int(r["quad_class"]), _float(r, "score", "plover_types.tsv"))
    modes = {}
    for r in read_table("ontology/plover_modes.tsv"):
        if r["type"] not in types:
            raise KnowledgeError(f"plover_modes.tsv: unknown type {r['type']!r}.", "Use a type of plover_types.tsv.")
        modes[(r["type"], r["mode"])] = _float(r, "score", "plover_modes.tsv") if r["score"] else types[r["type"]][1]
    cameo = {}
    for r in read_table("ontology/cameo_codes.tsv"):
        cameo[r["code"]] = CameoCode(r["code"], r["name"], _float(r, "goldstein", "cameo_codes.tsv"),
                                     int(r["quad_class"]), r["plover_type"] or None, r["plover_mode"] or None)
    acled = tuple(AcledRule(r["plover_type"], r["plover_mode"], r["recipient_sector"], r["acled_type"], r["acled_subtype"],
                            r.get("cameo") or "", frozenset(split(r.get("actor_sector") or "")))
                  for r in read_table("ontology/acled_crosswalk.tsv"))
    contexts = {r["context"]: split(r["keywords"]) for r in read_table("ontology/contexts.tsv")}
    return Ontology(types, modes, cameo, acled, contexts)
