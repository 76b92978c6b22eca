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
    (Document(text="Troops withdrew.", id="d2", published="05/06/2017"), errors.REJECT_BAD_FIELD),  # May 6 or 5 June?
])
def test_unusable_documents_become_rejections(doc, code):
    result = to_article(doc, Settings(max_doc_chars=100))
    assert isinstance(result, Rejection) and result.code == code and result.doc_id == doc.id


@pytest.mark.parametrize("published,expected", [
    ("2017-05-18", "2017-05-18"), ("2017-05-18T10:00:00Z", "2017-05-18T10:00:00+00:00"),
    ("2017-05-18 10:00", "2017-05-18T10:00:00"), ("Thu, 18 May 2017 10:00:00 GMT", "2017-05-18T10:00:00+00:00"),
    ("May 18, 2017", "2017-05-18"), ("18 May 2017", "2017-05-18"), ("18/05/2017", "2017-05-18"),
    ("2017/05/18", "2017-05-18"), ("Thursday 18 May 2017", "2017-05-18"), ("05/18/2017", "2017-05-18"),
])
def test_publication_dates_in_common_forms_are_read(published, expected):
    # A document is not lost for a publication date written as news sites and feeds write it.
    article = to_article(Document(text="Troops withdrew.", id="p", published=published), Settings())
    assert not isinstance(article, Rejection) and article.published == expected


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


def test_non_english_text_is_rejected_and_short_texts_are_not_judged():
    spanish = ("El gobierno y los rebeldes acordaron este martes un alto el fuego de seis meses, según "
               "informaron fuentes oficiales en la capital, donde se celebran las negociaciones de paz desde "
               "hace un año con la mediación de varios países de la región.")
    result = to_article(Document(text=spanish, id="es"), Settings())
    assert isinstance(result, Rejection) and result.code == errors.REJECT_NOT_ENGLISH
    assert not isinstance(to_article(Document(text="Rebeldes atacan cuartel", id="h"), Settings()), Rejection)


def test_html_page_starting_with_a_comment_is_still_html():
    page = (b"<!-- generated by the newsroom CMS -->\n<!DOCTYPE html><html><body><article><h1>Clashes</h1>"
            b"<p>Security forces clashed with protesters in the capital on Monday, witnesses said.</p>"
            b"<p>Police fired tear gas at the crowd outside parliament.</p></article></body></html>")
    doc = from_bytes(page, "c", "c.html")
    assert isinstance(doc, Document) and "<p>" not in doc.text and "tear gas" in doc.text


# --------------------------------------------------------------------------- corpora: folders, CSV, feeds, WARC, URLs

import gzip  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402

from whimbrel.ingest import Fetcher, html_metadata, iter_inputs, read_csv  # noqa: E402

STORY = ("Riot police in Lagos fired tear gas at hundreds of students who were protesting against a rise in "
         "university fees on Tuesday, witnesses said. The students had marched to the governor's office and "
         "blocked a main road for several hours before officers moved in.")
SPANISH = ("La policía de Bogotá detuvo el martes a doce personas durante una protesta contra la reforma de las "
           "pensiones en el centro de la ciudad, según informaron las autoridades locales a los periodistas que "
           "estaban en la plaza de la capital.")
PAGE = """<!doctype html><html lang="en"><head><title>Students protest fees | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier">
<meta name="author" content="Ada Obi">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Students protest fees", "datePublished": "2024-03-12T09:41:00+01:00",
 "author": {"@type": "Person", "name": "Ada Obi"}, "publisher": {"@type": "Organization", "name": "Daily Courier"}}
</script></head><body><nav>Home | World | Sport</nav><article><h1>Students protest fees</h1>
<p>%s</p></article><footer>Copyright Daily Courier</footer></body></html>""" % STORY
FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Courier World</title>
<item><title>Students protest fees</title><link>https://courier.example/a/1</link>
<pubDate>Tue, 12 Mar 2024 09:41:00 GMT</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://courier.example/a/2</link>
<pubDate>Wed, 13 Mar 2024 10:00:00 GMT</pubDate><description>Troops withdrew from the border town on Wednesday.</description></item>
</channel></rss>""" % STORY


def _warc(records: list[tuple[str, bytes, str]]) -> bytes:
    """A small WARC (gzipped per record) of HTTP responses, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, body, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def test_html_metadata_reads_json_ld_and_meta_tags_with_the_hour():
    meta = html_metadata(PAGE)
    assert meta["published"] == "2024-03-12T09:41:00+01:00"
    assert meta["author"] == "Ada Obi" and meta["outlet"] == "Daily Courier"
    only_meta = '<html><head><meta content="Wed, 13 Mar 2024 07:15:00 GMT" name="pubdate"></head></html>'
    assert html_metadata(only_meta)["published"] == "2024-03-13T07:15:00+00:00"
    doc = from_bytes(PAGE.encode(), "p", "p.html")
    assert doc.published == "2024-03-12T09:41:00+01:00" and doc.outlet == "Daily Courier" and "Lagos" in doc.text


def test_folder_is_read_recursively_by_kind(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "story.txt").write_text(STORY)
    (tmp_path / "a" / "b" / "page.html").write_text(PAGE)
    (tmp_path / "feed.rss").write_text(FEED)
    (tmp_path / "lines.jsonl").write_text('{"id": "j1", "text": "Rebels shelled a market."}\n')
    (tmp_path / "crawl.warc.gz").write_bytes(_warc([("https://courier.example/w/1", PAGE.encode(), "text/html"),
                                                    ("https://courier.example/logo.png", b"\x89PNG", "image/png")]))
    (tmp_path / ".hidden").write_text("not read")
    items = list(iter_inputs([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, Document)]
    assert not [i for i in items if isinstance(i, Rejection)]
    assert sorted(d.id for d in docs) == sorted(["a/b/page.html", "a/story.txt", "https://courier.example/a/1",
                                                  "https://courier.example/a/2", "j1", "https://courier.example/w/1"])
    feed = next(d for d in docs if d.url == "https://courier.example/a/1")
    assert feed.published == "2024-03-12T09:41:00" and feed.outlet == "Courier World" and feed.text.startswith("Riot")
    warc = next(d for d in docs if d.url == "https://courier.example/w/1")
    assert warc.outlet == "Daily Courier" and "tear gas" in warc.text


def test_csv_with_a_column_mapping(tmp_path):
    path = tmp_path / "stories.csv"
    path.write_text('story,body,day\ns1,"Police arrested two men, officials said.",2024-03-01\ns2,,2024-03-02\n')
    items = list(read_csv(path, {"id": "story", "text": "body", "published": "day"}))
    assert items[0] == Document(text="Police arrested two men, officials said.", id="s1", published="2024-03-01",
                                where=f"{path}:2")
    assert items[1].text == "" and items[1].id == "s2"  # an empty text is rejected later (W101), with its id
    missing = list(read_csv(path))
    assert len(missing) == 1 and missing[0].code == errors.REJECT_BAD_FIELD and "'text'" in missing[0].reason


def bad_files(folder) -> int:
    """50 bad files of every kind (generated, never committed). Returns how many."""
    folder.mkdir()
    n = 0

    def put(name: str, data: bytes) -> None:
        nonlocal n
        (folder / name).write_bytes(data)
        n += 1

    for k in range(8):
        put(f"empty{k}.txt", b"" if k % 2 else b"  \n\n ")
    for k in range(8):
        put(f"binary{k}.bin", bytes(range(256)) * (k + 1))
    for k in range(8):
        put(f"truncated{k}.html", b"<!doctype html><html><head><title>Markets</title></head><body><nav>Home</nav><p>Sto"
            + b"x" * k)
    for k in range(7):
        put(f"broken{k}.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><ti' + b"<" * k)
    for k in range(7):
        put(f"invalid{k}.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort" + bytes([k]))
    put("huge.txt", b"The council met again. " * (30 * 1024 * 1024 // 23))
    for k in range(11):
        put(f"spanish{k}.txt", (SPANISH + f" Número {k}.").encode())
    return n


@pytest.mark.model
def test_fifty_bad_files_are_fifty_rejections_and_the_good_files_beside_them_are_kept(tmp_path, coder):
    folder = tmp_path / "in"
    assert bad_files(folder) == 50
    (folder / "good1.txt").write_text(STORY)
    (folder / "good2.html").write_text(PAGE.replace("Lagos", "Abuja"))
    results = list(coder.code_documents(iter_inputs([str(folder)])))
    rejected = [r.rejection for r in results if r.rejection is not None]
    assert len(rejected) == 50 and all(r.reason for r in rejected)
    by_code = {}
    for r in rejected:
        by_code.setdefault(r.code, []).append(r)
    assert len(by_code[errors.REJECT_EMPTY]) == 8 and len(by_code[errors.REJECT_BINARY]) == 8
    assert len(by_code[errors.REJECT_NO_TEXT_IN_HTML]) == 8 and len(by_code[errors.REJECT_BAD_FEED]) == 7
    assert len(by_code[errors.REJECT_BAD_WARC]) == 7 and len(by_code[errors.REJECT_TOO_LONG]) == 1
    assert len(by_code[errors.REJECT_NOT_ENGLISH]) == 11
    good = [r for r in results if r.ok]
    assert sorted(r.document.id for r in good) == ["good1.txt", "good2.html"]
    assert all(r.events for r in good)


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        routes = {
            "/page": (200, "text/html; charset=utf-8", PAGE.encode()),
            "/feed": (200, "application/rss+xml", FEED.encode()),
            "/plain": (200, "text/plain; charset=latin-1", "Bogotá police arrested two men on Monday.".encode("latin-1")),
            "/image": (200, "image/png", b"\x89PNG\r\n"),
            "/big": (200, "text/plain", b"word " * 50_000),
            "/missing": (404, "text/html", b"<html>gone</html>"),
        }
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop" + str(int(self.path[5:] or 0) + 1))
            self.end_headers()
            return
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_urls_are_fetched_with_limits_and_every_failure_is_a_rejection(server):
    fetch = Fetcher(timeout=5, max_bytes=100_000, max_redirects=3)
    page = list(fetch.iter_url(server + "/moved"))
    assert len(page) == 1 and isinstance(page[0], Document)
    assert page[0].url == server + "/page" and page[0].published == "2024-03-12T09:41:00+01:00"
    assert [d.url for d in fetch.iter_url(server + "/feed")] == ["https://courier.example/a/1",
                                                                 "https://courier.example/a/2"]
    assert list(fetch.iter_url(server + "/plain"))[0].text.startswith("Bogotá")
    for path, code, words in (("/missing", errors.REJECT_FETCH, "HTTP 404"), ("/loop", errors.REJECT_FETCH, "redirects"),
                              ("/big", errors.REJECT_FETCH, "too big"), ("/image", errors.REJECT_UNSUPPORTED, "image/png")):
        (rej,) = list(fetch.iter_url(server + path))
        assert isinstance(rej, Rejection) and rej.code == code and words in rej.reason, (path, rej)
    closed = list(Fetcher(timeout=2).iter_url("http://127.0.0.1:9/nothing"))
    assert closed[0].code == errors.REJECT_FETCH


def test_gzip_jsonl_and_a_gzip_that_is_not_an_archive(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"id": "z", "text": "Troops withdrew."}\n'))
    (tmp_path / "b.gz").write_bytes(gzip.compress(b"hello"))
    items = list(iter_inputs([str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.gz")]))
    assert items[0].id == "z" and items[1].code == errors.REJECT_BINARY


def test_language_needs_evidence_of_another_language_and_tables_of_figures_are_kept():
    settings = Settings()
    table = "Shr loss 22 cts vs loss 18 cts\n    Net loss 3,035,000 vs loss 2,516,000\n    Revs 20.9 mln vs 19.6 mln\n" * 6
    assert not isinstance(to_article(Document(text=table, id="t"), settings), Rejection)
    russian = ("Полиция задержала двенадцать человек во время акции протеста в центре Москвы во вторник, "
               "сообщили в министерстве.")
    assert to_article(Document(text=russian, id="r"), settings).code == errors.REJECT_NOT_ENGLISH
    assert to_article(Document(text=SPANISH, id="s"), settings).code == errors.REJECT_NOT_ENGLISH
