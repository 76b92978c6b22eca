"""Ingest: turn files, HTML pages and JSON lines into :class:`Document` records.

Nothing here raises for one bad document: each unusable input becomes a
:class:`~whimbrel.records.Rejection` with a stable code and a one-line
reason, and the caller goes on with the next one.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional, Union

from . import errors
from .records import Article, Document, Rejection, stable_id
from .settings import Settings

Item = Union[Document, Rejection]

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(<!doctype html|<html|<head|<body|<article|<\?xml[^>]*>\s*<html)", re.I | re.S)
MIN_HTML_TEXT = 40  # fewer characters than this is a menu or an error page, not an article
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


def _reject(code: str, reason: str, doc_id: Optional[str] = None, where: Optional[str] = None) -> Rejection:
    return Rejection(doc_id=doc_id, stage="ingest", code=code, reason=reason, where=where)


def decode(data: bytes, doc_id: Optional[str] = None, where: Optional[str] = None) -> Union[str, Rejection]:
    """Bytes to text: UTF-8 (a BOM is dropped); binary data and other encodings are rejected."""
    if b"\x00" in data[:65536]:
        return _reject(errors.REJECT_BINARY, "binary data (NUL bytes), not text", doc_id, where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _reject(errors.REJECT_ENCODING,
                       f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}; convert the file to UTF-8",
                       doc_id, where)
    problem = decode_check(text)
    if problem:
        return _reject(errors.REJECT_BINARY, problem, doc_id, where)
    return text


def looks_like_html(data: bytes | str) -> bool:
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "ignore")
    return bool(_HTML_SNIFF.match(head))


def from_html(html: str, doc_id: Optional[str] = None, where: Optional[str] = None,
              url: Optional[str] = None) -> Item:
    """Main text and metadata of a news page (trafilatura), boilerplate removed."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return _reject(errors.REJECT_NO_TEXT_IN_HTML, f"HTML could not be parsed: {type(exc).__name__}: {exc}", doc_id, where)
    if doc is None:
        return _reject(errors.REJECT_NO_TEXT_IN_HTML, "no article text found in the HTML page", doc_id, where)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    # trafilatura separates paragraphs with one line break: make them blank-line paragraphs,
    # so that the headline and the dateline never run into the first sentence.
    text = "\n\n".join(line.strip() for line in (data.get("text") or "").splitlines() if line.strip())
    if len(text) < MIN_HTML_TEXT:
        return _reject(errors.REJECT_NO_TEXT_IN_HTML,
                       f"no article text found in the HTML page ({len(text)} characters of text)", doc_id, where)
    meta = html_metadata(html)
    published = meta.get("published") or data.get("date")
    return Document(text=text, id=doc_id, published=published, title=data.get("title") or meta.get("title"),
                    url=url or data.get("url"), outlet=meta.get("outlet") or data.get("sitename"),
                    author=data.get("author") or meta.get("author"), where=where)


_JSONLD = re.compile(r"""<script[^>]+type\s*=\s*["']application/ld\+json["'][^>]*>(.*?)</script>""", re.I | re.S)
_META = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_META_KEYS = {
    "published": ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date",
                  "dc.date.issued", "og:published_time", "sailthru.date", "parsely-pub-date"),
    "outlet": ("og:site_name", "application-name", "publisher", "dc.publisher"),
    "author": ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"),
    "title": ("og:title", "twitter:title", "dc.title", "headline"),
}


def _jsonld_objects(html: str) -> Iterator[dict]:
    for m in _JSONLD.finditer(html):
        try:
            data = json.loads(m.group(1).strip())
        except ValueError:
            continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                yield obj
                if "@graph" in obj:
                    stack.append(obj["@graph"])


def _name(value: object) -> Optional[str]:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def html_metadata(html: str) -> dict[str, str]:
    """Title, outlet, author and publication time (with its hour) of a news page, from JSON-LD
    (``NewsArticle`` and kin) first, then ``<meta>`` tags. trafilatura keeps only the day."""
    out: dict[str, str] = {}
    for obj in _jsonld_objects(html):
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "Report")) for k in kinds):
            continue
        for key, field in (("published", "datePublished"), ("title", "headline")):
            value = obj.get(field)
            if isinstance(value, str) and value.strip() and key not in out:
                out[key] = value.strip()
        for key, field in (("author", "author"), ("outlet", "publisher")):
            value = _name(obj.get(field))
            if value and key not in out:
                out[key] = value
    metas: dict[str, str] = {}
    for tag in _META.findall(html[:200_000]):
        attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if name and attrs.get("content") and name not in metas:
            metas[name] = attrs["content"].strip()
    for key, names in _META_KEYS.items():
        if key not in out:
            value = next((metas[n] for n in names if metas.get(n)), None)
            if value:
                out[key] = value
    if "published" in out:
        when = normalise_published(out["published"])
        if when:
            out["published"] = when
        else:
            del out["published"]
    return out


def normalise_published(value: str) -> Optional[str]:
    """An ISO date or time from a publication date as :func:`parse_published` reads it, else ``None``."""
    when = parse_published(value)
    if when is None:
        return None
    if when.hour or when.minute or when.second:
        return when.isoformat()
    return when.date().isoformat()


def _published_from_html(html: str) -> Optional[str]:
    """Publication time with its hour, from JSON-LD or meta tags (trafilatura keeps only the day)."""
    return html_metadata(html).get("published")


def read_file(path: Union[str, Path], doc_id: Optional[str] = None) -> Item:
    """A plain-text or HTML file as a document."""
    p = Path(path)
    where = str(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise errors.InputError(f"Cannot read {p}: {exc.strerror or exc}.", "Check the path and permissions.") from exc
    return from_bytes(data, doc_id or p.name, where)


def from_bytes(data: bytes, doc_id: Optional[str], where: Optional[str]) -> Item:
    text = decode(data, doc_id, where)
    if isinstance(text, Rejection):
        return text
    if looks_like_html(data):
        return from_html(text, doc_id, where)
    return Document(text=text, id=doc_id, where=where)


def iter_jsonl(stream: Iterable[bytes], where: str = "-") -> Iterator[Item]:
    """Documents of the ``--jsonl`` contract: one object per line with ``id``, ``text``,
    optional ``published``, ``title``, ``url``. Blank lines are skipped."""
    for n, raw in enumerate(stream, start=1):
        loc = f"{where}:{n}"
        if not raw.strip():
            continue
        line = decode(raw, None, loc)
        if isinstance(line, Rejection):
            yield line
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _reject(errors.REJECT_BAD_JSON, f"not valid JSON ({exc.msg} at column {exc.colno})", None, loc)
            continue
        if not isinstance(obj, dict):
            yield _reject(errors.REJECT_BAD_JSON, f"a JSON {type(obj).__name__}, not an object", None, loc)
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if raw_id is not None and not isinstance(raw_id, (dict, list)) else None
        if doc_id is None:
            yield _reject(errors.REJECT_BAD_FIELD, "missing 'id' (a string)", None, loc)
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield _reject(errors.REJECT_BAD_FIELD, "missing 'text' (a string)" if text is None else
                          f"'text' is a {type(text).__name__}, not a string", doc_id, loc)
            continue
        fields = {}
        for key in ("published", "title", "url", "outlet", "author"):
            value = obj.get(key)
            fields[key] = str(value) if value is not None and not isinstance(value, (dict, list)) else None
        yield Document(text=text, id=doc_id, where=loc, **fields)


def read_jsonl(path: Union[str, Path, BinaryIO]) -> Iterator[Item]:
    if hasattr(path, "read"):
        yield from iter_jsonl(path, getattr(path, "name", "-"))  # type: ignore[arg-type]
        return
    p = Path(path)  # type: ignore[arg-type]
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise errors.InputError(f"Cannot read {p}: {exc.strerror or exc}.", "Check the path and permissions.") from exc
    with fh:
        yield from iter_jsonl(fh, str(p))


# --------------------------------------------------------------------------- checks


_YEAR = re.compile(r"(?<!\d)(1[89]|2[01])\d\d(?!\d)")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_published(value: Optional[str]) -> Optional[dt.datetime]:
    """A publication date or time: ISO 8601 (``2017-05-18``, ``2017-05-18T10:00:00Z``), RFC 822
    (``Thu, 18 May 2017 10:00:00 GMT``, as feeds give it), or an English date with its year
    (``May 18, 2017``, ``18 May 2017``, ``18/05/2017``) read by ``dateparser``; ``None`` for
    anything else: relative words ("last Tuesday") or a numeric date whose day and month could
    be either (``05/06/2017``)."""
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(v), dt.time())
        return dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        pass
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(v)
        if when is not None:
            return when
    except (TypeError, ValueError, IndexError):
        pass
    if not _YEAR.search(v) or len(v) > 64:
        return None
    numeric = _NUMERIC_DATE.match(v)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 and numeric.group(1) != numeric.group(2):
        return None  # 05/06/2017: May 6 or 5 June?
    import dateparser

    order = ("MDY" if int(numeric.group(2)) > 12 else "DMY") if numeric else None  # 05/18/2017 is May 18
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False, **({"DATE_ORDER": order} if order else {})}
    try:
        return dateparser.parse(v, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None


def article_id_for(doc: Document) -> str:
    """Deterministic article id: the normalised URL, else a fingerprint of the text."""
    if doc.url:
        url = doc.url.strip().lower().split("#", 1)[0].rstrip("/")
        url = re.sub(r"^https?://(www\.)?", "", url)
        return stable_id("url", url)
    return stable_id("text", " ".join(doc.text.split()))


def to_article(doc: Document, settings: Settings, now: Optional[str] = None) -> Union[Article, Rejection]:
    """Check a document and turn it into an :class:`Article`, or reject it with the reason."""
    text = doc.text
    if len(text) > settings.max_doc_chars:
        return _reject(errors.REJECT_TOO_LONG,
                       f"text too long ({len(text):,} characters > max_doc_chars {settings.max_doc_chars:,}); "
                       "split it into articles or raise max_doc_chars", doc.id, doc.where)
    if not text.strip():
        return _reject(errors.REJECT_EMPTY, "empty text", doc.id, doc.where)
    problem = decode_check(text)
    if problem:
        return _reject(errors.REJECT_BINARY, problem, doc.id, doc.where)
    share = english_share(text)
    other = other_language_share(text) if share is None or share < MIN_ENGLISH_SHARE else 0.0
    if share is None and other == 1.0 and len(text.split()) >= 10:
        share = 0.0  # mostly another script (Cyrillic, Arabic, CJK...): no need for 25 words to tell
    if share is not None and share < MIN_ENGLISH_SHARE and other > share:
        return _reject(errors.REJECT_NOT_ENGLISH,
                       f"not English (only {share:.0%} of its words are common English words); whimbrel codes English news",
                       doc.id, doc.where)
    published = None
    if doc.published:
        when = parse_published(doc.published)
        if when is None:
            return _reject(errors.REJECT_BAD_FIELD,
                           f"'published' {doc.published!r} is not a date (use YYYY-MM-DD or an ISO time; "
                           "'May 18, 2017' and RFC 822 times are read too)",
                           doc.id, doc.where)
        published = when.isoformat() if (when.hour or when.minute or when.second) else when.date().isoformat()
    return Article(article_id=article_id_for(doc), text=text, url=doc.url, title=doc.title, outlet=doc.outlet,
                   author=doc.author, published=published, language="en", ingested_at=now, doc_id=doc.id)


# The commonest English function words: in English news they are about 40% of the words; in
# other languages (even those written in Latin script) almost none.
ENGLISH_WORDS = frozenset("""the of and to in a is that for on was with said by as at from it be has have were are an his her
their its will not but this had which who they been would after over also more than he she we were into about""".split())
MIN_ENGLISH_SHARE = 0.12
_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str, sample: int = 20_000) -> Optional[float]:
    """Share of common English function words among the first words of the text
    (``None`` when the text has too little prose to tell: headlines, tables of figures)."""
    # Only prose is judged: lines of eight words or more, not mostly figures. A table of results
    # ("Shr 12 cts vs 10 cts", "Revs 291.8 mln vs 151.1 mln") has too few sentences to tell.
    prose = []
    for line in text[:sample].splitlines():
        tokens = line.split()
        if len(tokens) >= 8 and sum(1 for t in tokens if any(ch.isdigit() for ch in t)) <= 0.25 * len(tokens):
            prose.append(line)
    words = _WORD.findall(" ".join(prose).lower())
    if len(words) < 25:
        return None
    return sum(1 for w in words if w in ENGLISH_WORDS) / len(words)


@functools.lru_cache(maxsize=1)
def _other_language_words() -> frozenset[str]:
    from .knowledge import read_table

    return frozenset(row["word"].lower() for row in read_table("lexicon/other_languages.tsv") if row.get("word"))


def other_language_share(text: str, sample: int = 20_000) -> float:
    """Share of common function words of other languages (``lexicon/other_languages.tsv``) among
    the words of the text's prose, and letters of other scripts (Arabic, Cyrillic, CJK...) count
    wholly: positive evidence of another language, which a table of English figures lacks."""
    head = text[:sample]
    letters = [ch for ch in head if ch.isalpha()]
    if letters and sum(1 for ch in letters if ord(ch) > 0x24F) > 0.5 * len(letters):
        return 1.0
    words = _WORD.findall(head.lower())
    if not words:
        return 0.0
    other = _other_language_words()
    return sum(1 for w in words if w in other) / len(words)


def decode_check(text: str) -> Optional[str]:
    sample = text[:65536]
    if "\x00" in sample:
        return "binary data (NUL characters), not text"
    if sum(1 for ch in sample if ord(ch) in _CONTROL) > max(8, len(sample) // 100):
        return "binary data (control characters), not text"
    if sample and sum(1 for ch in sample if unicodedata.category(ch) == "Co" or ch == "\ufffd") > len(sample) // 10:
        return "undecodable text (replacement or private-use characters)"
    return None


def split_pieces(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Cut a long text into pieces of at most ``max_chars`` at paragraph, line or
    sentence ends (a hard cut at a space only when none is near). Returns
    ``(offset, piece)`` pairs whose pieces concatenate back to ``text``."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            window = text[start:end]
            floor = len(window) // 2
            cut = -1
            for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
                k = window.rfind(sep, floor)
                if k != -1:
                    cut = k + len(sep)
                    break
            if cut > 0:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


# --------------------------------------------------------------------------- corpora: folders, CSV, feeds, WARC, URLs

MAX_FILE_BYTES = 8_000_000  # a text or HTML file larger than this is rejected unread (W104)
MAX_FETCH_BYTES = 10_000_000
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz")
CSV_SUFFIXES = (".csv", ".tsv")
DEFAULT_CSV_COLUMNS = {"id": "id", "text": "text", "published": "published", "title": "title", "url": "url",
                       "outlet": "outlet", "author": "author"}
_FEED_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<\?xml-stylesheet[^>]*>\s*)?<(rss|feed|rdf:RDF)\b",
                         re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def iter_inputs(paths: Iterable[str], csv_columns: Optional[dict[str, str]] = None,
                max_file_bytes: int = MAX_FILE_BYTES, fetch: Optional["Fetcher"] = None) -> Iterator[Item]:
    """Documents from files, folders (recursively, in sorted order) and ``http(s)://`` URLs, each
    read by its kind (see :func:`iter_path`). One unreadable input is a rejection, never the end."""
    for path in paths:
        if re.match(r"^https?://", path, re.I):
            fetcher = fetch or Fetcher()
            yield from fetcher.iter_url(path)
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(q for q in p.rglob("*") if q.is_file() and not _hidden(q.relative_to(p))):
                yield from iter_path(child, csv_columns, max_file_bytes, doc_id=child.relative_to(p).as_posix())
        else:
            yield from iter_path(p, csv_columns, max_file_bytes)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def iter_path(path: Union[str, Path], csv_columns: Optional[dict[str, str]] = None,
              max_file_bytes: int = MAX_FILE_BYTES, doc_id: Optional[str] = None) -> Iterator[Item]:
    """The documents of one file, by its kind: JSON lines (``.jsonl``), CSV (``.csv``, ``.tsv``;
    ``csv_columns`` maps whimbrel's fields to the file's column names), WARC (``.warc[.gz]``),
    RSS/Atom (``.rss``, ``.atom``, or XML that starts like a feed), else one HTML or text document."""
    p = Path(path)
    where = str(p)
    name = p.name.lower()
    doc_id = doc_id or p.name
    try:
        if name.endswith(JSONL_SUFFIXES):
            if name.endswith(".gz"):
                import gzip

                with gzip.open(p, "rb") as fh:
                    yield from iter_jsonl(fh, where)
            else:
                yield from read_jsonl(p)
            return
        if name.endswith(CSV_SUFFIXES):
            yield from read_csv(p, csv_columns)
            return
        if name.endswith(WARC_SUFFIXES):
            yield from read_warc(p)
            return
        size = p.stat().st_size
        if size > max_file_bytes:
            yield _reject(errors.REJECT_TOO_LONG,
                          f"file too big ({size:,} bytes > {max_file_bytes:,}); split it into articles", doc_id, where)
            return
        data = p.read_bytes()
    except OSError as exc:
        yield _reject(errors.REJECT_UNSUPPORTED, f"cannot read the file: {exc.strerror or exc}", doc_id, where)
        return
    if data.startswith(b"WARC/"):
        yield from read_warc(p)
    elif name.endswith(FEED_SUFFIXES[:2]) or _FEED_SNIFF.match(data[:4096]):
        yield from iter_feed(data, where)
    elif data[:2] == b"\x1f\x8b":
        yield _reject(errors.REJECT_BINARY, "compressed data (gzip), not text; decompress it or name it .warc.gz / "
                      ".jsonl.gz", doc_id, where)
    else:
        yield from_bytes(data, doc_id, where)


def read_csv(path: Union[str, Path], columns: Optional[dict[str, str]] = None) -> Iterator[Item]:
    """Documents from a CSV (or ``.tsv``) file with a header row. ``columns`` maps whimbrel's fields
    (``text``, ``id``, ``published``, ``title``, ``url``, ``outlet``, ``author``) to the file's
    column names; unmapped fields use their own names. Each row is a document (``file:line``)."""
    import csv

    p = Path(path)
    mapping = {**DEFAULT_CSV_COLUMNS, **(columns or {})}
    unknown = set(columns or {}) - set(DEFAULT_CSV_COLUMNS)
    if unknown:
        raise errors.ConfigError(f"Unknown CSV field(s) {', '.join(sorted(unknown))}.",
                                 f"Map these fields: {', '.join(DEFAULT_CSV_COLUMNS)}.")
    csv.field_size_limit(64 * 1024 * 1024)
    try:
        fh = p.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise errors.InputError(f"Cannot read {p}: {exc.strerror or exc}.", "Check the path and permissions.") from exc
    with fh:
        reader = csv.DictReader(fh, delimiter="\t" if p.suffix.lower() == ".tsv" else ",")
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            yield _reject(errors.REJECT_ENCODING, f"the CSV header cannot be read: {exc}", p.name, str(p))
            return
        if mapping["text"] not in header:
            yield _reject(errors.REJECT_BAD_FIELD,
                          f"no text column {mapping['text']!r} in the CSV header ({', '.join(header[:12])}); "
                          "map it with text=COLUMN", p.name, str(p))
            return
        n = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (UnicodeDecodeError, csv.Error) as exc:
                yield _reject(errors.REJECT_ENCODING, f"unreadable CSV row: {exc}", None, f"{p}:{reader.line_num}")
                break
            n += 1
            loc = f"{p}:{reader.line_num}"
            text = row.get(mapping["text"])
            raw_id = row.get(mapping["id"]) or f"{p.name}:{n}"
            if not isinstance(text, str):
                yield _reject(errors.REJECT_BAD_FIELD, f"row has no {mapping['text']!r} value", raw_id, loc)
                continue
            fields = {k: (row.get(mapping[k]) or None) for k in ("published", "title", "url", "outlet", "author")}
            yield Document(text=text, id=raw_id, where=loc, **fields)


def _plain(html_text: str) -> str:
    import html as html_lib

    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", "\n\n", html_text)
    text = html_lib.unescape(_TAG.sub(" ", text))
    paras = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def iter_feed(data: bytes, where: str) -> Iterator[Item]:
    """The entries of an RSS or Atom feed (feedparser) as documents: the entry's content, else its
    summary, as text; its title, link, publication time, author; the feed's title as outlet."""
    import time as time_mod

    import feedparser

    try:
        feed = feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 - feedparser raises many kinds on broken input
        yield _reject(errors.REJECT_BAD_FEED, f"the feed cannot be parsed: {type(exc).__name__}: {exc}",
                      Path(where).name, where)
        return
    entries = feed.get("entries") or []
    if not entries:
        problem = feed.get("bozo_exception")
        yield _reject(errors.REJECT_BAD_FEED, f"no entries in the feed{f' ({problem})' if problem else ''}",
                      Path(where).name, where)
        return
    outlet = (feed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, start=1):
        content = entry.get("content") or []
        body = max((c.get("value") or "" for c in content), key=len, default="") or entry.get("summary") or ""
        text = _plain(body)
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (dt.datetime.fromtimestamp(time_mod.mktime(parsed) - time_mod.timezone, dt.timezone.utc)
                     .replace(tzinfo=None).isoformat() if parsed else None)
        link = entry.get("link")
        if not text.strip() and feed.get("bozo"):
            problem = feed.get("bozo_exception")
            yield _reject(errors.REJECT_BAD_FEED, f"a broken feed ({problem}) whose entry has no text",
                          entry.get("id") or link or f"{Path(where).name}:{n}", f"{where}#{n}")
            continue
        yield Document(text=text, id=entry.get("id") or link or f"{Path(where).name}:{n}", published=published,
                       title=entry.get("title"), url=link, outlet=outlet, author=entry.get("author"),
                       where=f"{where}#{n}")


def read_warc(path: Union[str, Path], max_record_bytes: int = MAX_FETCH_BYTES) -> Iterator[Item]:
    """HTML and plain-text responses (and resources) of a WARC archive (warcio), each a document with
    its target URI. Requests, metadata, redirects and other media are not documents and are passed over;
    an archive that cannot be read (or stops being readable) is one rejection."""
    from warcio.archiveiterator import ArchiveIterator

    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise errors.InputError(f"Cannot read {p}: {exc.strerror or exc}.", "Check the path and permissions.") from exc
    n = 0
    with fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "resource", "conversion"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                n += 1
                where = f"{p}#{n}"
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                ctype = ctype.lower()
                if not ("html" in ctype or ctype.startswith("text/plain")):
                    continue
                data = record.content_stream().read(max_record_bytes + 1)
                if len(data) > max_record_bytes:
                    yield _reject(errors.REJECT_TOO_LONG, f"WARC record larger than {max_record_bytes:,} bytes", uri,
                                  where)
                    continue
                yield _from_response(data, ctype, uri, where)
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a broken archive
            yield _reject(errors.REJECT_BAD_WARC, f"not a readable WARC archive ({type(exc).__name__}: {exc})"
                          + (f" after {n} records" if n else ""), p.name, str(p))
            return
    if n == 0 and p.stat().st_size > 0 and not _looks_like_warc(p):
        yield _reject(errors.REJECT_BAD_WARC, "not a WARC archive (no WARC records)", p.name, str(p))


def _looks_like_warc(p: Path) -> bool:
    import gzip

    with p.open("rb") as fh:
        head = fh.read(2)
    try:
        with (gzip.open(p, "rb") if head == b"\x1f\x8b" else p.open("rb")) as fh:
            return fh.read(5) == b"WARC/"
    except OSError:
        return False


def _charset(ctype: str) -> Optional[str]:
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.I)
    return m.group(1).lower() if m else None


def _from_response(data: bytes, ctype: str, url: Optional[str], where: str) -> Item:
    """A fetched or archived body as a document: HTML through trafilatura, plain text as it is."""
    charset = _charset(ctype)
    if charset and charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            text: Union[str, Rejection] = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = decode(data, url, where)
    else:
        text = decode(data, url, where)
    if isinstance(text, Rejection):
        return text
    if "html" in ctype or looks_like_html(data):
        return from_html(text, url, where, url=url)
    return Document(text=text, id=url, url=url, where=where)


class Fetcher:
    """Fetches URLs with httpx: timeouts, a size limit, a bounded number of redirects.

    A page becomes one document; a feed (RSS/Atom content type or content) becomes its entries.
    Every failure (HTTP status, timeout, too big, too many redirects, other content) is a
    rejection with code W109 or W112, never an exception.
    """

    def __init__(self, timeout: float = 15.0, max_bytes: int = MAX_FETCH_BYTES, max_redirects: int = 5,
                 user_agent: Optional[str] = None):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.user_agent = user_agent or "whimbrel (+https://github.com/whimbrel)"

    def fetch(self, url: str) -> tuple[Optional[bytes], str, str, Optional[Rejection]]:
        """(body, content type, final URL, rejection)."""
        import httpx

        try:
            with httpx.Client(timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                              follow_redirects=True, max_redirects=self.max_redirects,
                              headers={"User-Agent": self.user_agent}) as client:
                with client.stream("GET", url) as resp:
                    final = str(resp.url)
                    if resp.status_code >= 400:
                        return None, "", final, _reject(errors.REJECT_FETCH, f"HTTP {resp.status_code} from {final}",
                                                        url, url)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        return None, "", final, _reject(errors.REJECT_FETCH, f"response too big ({int(declared):,} bytes "
                                                        f"> {self.max_bytes:,})", url, url)
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            return None, "", final, _reject(errors.REJECT_FETCH,
                                                            f"response too big (more than {self.max_bytes:,} bytes)",
                                                            url, url)
                        chunks.append(chunk)
                    return b"".join(chunks), resp.headers.get("content-type", ""), final, None
        except httpx.TooManyRedirects:
            return None, "", url, _reject(errors.REJECT_FETCH, f"more than {self.max_redirects} redirects", url, url)
        except httpx.TimeoutException:
            return None, "", url, _reject(errors.REJECT_FETCH, f"timed out after {self.timeout:g} s", url, url)
        except httpx.HTTPError as exc:
            return None, "", url, _reject(errors.REJECT_FETCH, f"cannot fetch: {type(exc).__name__}: {exc}", url, url)

    def iter_url(self, url: str) -> Iterator[Item]:
        data, ctype, final, rejection = self.fetch(url)
        if rejection is not None or data is None:
            yield rejection or _reject(errors.REJECT_FETCH, "no response", url, url)
            return
        ctype = ctype.lower()
        if any(k in ctype for k in ("rss", "atom", "/xml")) or _FEED_SNIFF.match(data[:4096]):
            if _FEED_SNIFF.match(data[:4096]):
                yield from iter_feed(data, final)
                return
        if "html" in ctype or ctype.startswith("text/") or not ctype:
            yield _from_response(data, ctype, final, final)
            return
        yield _reject(errors.REJECT_UNSUPPORTED, f"content type {ctype.split(';')[0]!r} is not text, HTML or a feed",
                      url, url)
