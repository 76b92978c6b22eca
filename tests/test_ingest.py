import io

import pytest

from whimbrel import errors
from whimbrel.ingest import decode, from_bytes, iter_jsonl, split_pieces, to_article
from whimbrel.records import Document, Rejection
from whimbrel.settings import Settings

from conftest import ROOT


def test_decode_rejects_binary_and_non_utf8_with_a_reason():
    binary = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img", "img.png")
    assert isinstance(binary, Rejection) and binary.code == errors.REJECT_BINARY
    latin = decode("Bogotá police".encode("latin-1"), "d1")
    assert isinstance(latin, Rejection) and latin.code == errors.REJECT_ENCODING and "0xe1" in latin.reason
    assert decode("\ufeffKyiv said".encode("utf-8")) == "Kyiv said"


def test_jsonl_keeps_good_lines_and_reports_bad_ones_with_their_line():
    lines = [
        b'{"id": "a", "text": "Police arrested two men.", "published": "2024-01-02"}\n',
        b"\n",
        b'{"id": "b", "text": \n',
        b'["not", "an", "object"]\n',
        b'{"id": 7, "text": "Rebels attacked a checkpoint."}\n',
        b'{"id": "c"}\n',
    ]
    items = list(iter_jsonl(io.BytesIO(b"".join(lines)), "in.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection", "Document", "Rejection"]
    assert items[0].id == "a" and items[0].published == "2024-01-02"
    assert items[1].code == errors.REJECT_BAD_JSON and items[1].where == "in.jsonl:3"
    assert items[3].id == "7"
    assert items[4].code == errors.REJECT_BAD_FIELD and items[4].doc_id == "c"


@pytest.mark.parametrize("doc,code", [
    (Document(text="   \n ", id="e"), errors.REJECT_EMPTY),
    (Document(text="x" * 101, id="long"), errors.REJECT_TOO_LONG),
    (Document(text="Troops withdrew.", id="d", published="last Tuesday"), errors.REJECT_BAD_FIELD),
])
def test_unusable_documents_become_rejections(doc, code):
    result = to_article(doc, Settings(max_doc_chars=100))
    assert isinstance(result, Rejection) and result.code == code and result.doc_id == doc.id


def test_article_id_prefers_the_normalised_url():
    s = Settings()
    a = to_article(Document(text="One.", url="https://www.example.org/a/"), s)
    b = to_article(Document(text="Two.", url="http://example.org/a#top"), s)
    c = to_article(Document(text="One.  "), s)
    d = to_article(Document(text="One."), s)
    assert a.article_id == b.article_id and c.article_id == d.article_id and a.article_id != c.article_id


def test_long_texts_are_cut_into_bounded_pieces_that_rebuild_the_text():
    text = ("Government forces shelled the town. " * 40 + "\n\n") * 30
    pieces = split_pieces(text, 1000)
    assert all(len(p) <= 1000 for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert split_pieces("short", 1000) == [(0, "short")]


def test_html_page_gives_article_text_and_metadata_without_boilerplate():
    html = (ROOT / "examples" / "html" / "ceasefire.html").read_bytes()
    doc = from_bytes(html, "page", "ceasefire.html")
    assert isinstance(doc, Document)
    assert doc.title and doc.published and doc.published.startswith("2024-")
    assert "ceasefire" in doc.text.lower() or "truce" in doc.text.lower()
    assert "cookie" not in doc.text.lower()


def test_html_without_text_is_rejected():
    item = from_bytes(b"<html><body><nav>Home</nav></body></html>", "empty", "e.html")
    assert isinstance(item, Rejection) and item.code == errors.REJECT_NO_TEXT_IN_HTML
