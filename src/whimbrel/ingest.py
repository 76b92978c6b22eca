"""Ingest: turn files, HTML pages and JSON lines into :class:`Document` records.

Nothing here raises for one bad document: each unusable input becomes a
:class:`~whimbrel.records.Rejection` with a stable code and a one-line
reason, and the caller goes on with the next one.
"""

from __future__ import annotations

import datetime as dt
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
    published = _published_from_html(html) or data.get("date")
    return Document(text=text, id=doc_id, published=published, title=data.get("title"),
                    url=url or data.get("url"), outlet=data.get("sitename"), author=data.get("author"), where=where)


_META_TIME = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|pubdate|publishdate|date)["'][^>]*content\s*=\s*["']([^"']+)["']""",
    re.I)
_JSONLD_TIME = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def _published_from_html(html: str) -> Optional[str]:
    """Publication time with its hour, from meta tags or JSON-LD (trafilatura keeps only the day)."""
    for rx in (_JSONLD_TIME, _META_TIME):
        m = rx.search(html)
        if m and parse_published(m.group(1)):
            return m.group(1)
    return None


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


def parse_published(value: Optional[str]) -> Optional[dt.datetime]:
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(v), dt.time())
        return dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
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
    if share is not None and share < MIN_ENGLISH_SHARE:
        return _reject(errors.REJECT_NOT_ENGLISH,
                       f"not English (only {share:.0%} of its words are common English words); whimbrel codes English news",
                       doc.id, doc.where)
    published = None
    if doc.published:
        when = parse_published(doc.published)
        if when is None:
            return _reject(errors.REJECT_BAD_FIELD,
                           f"'published' {doc.published!r} is not a date (use YYYY-MM-DD or an ISO time)",
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
    (``None`` when the text is too short to tell: headlines are not judged)."""
    words = _WORD.findall(text[:sample].lower())
    if len(words) < 25:
        return None
    return sum(1 for w in words if w in ENGLISH_WORDS) / len(words)


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
