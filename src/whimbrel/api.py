"""The REST API and the dashboard: a thin FastAPI adapter over :mod:`whimbrel.query`.

:func:`create_app` builds the application for one store file, opened read-only once
at start-up (DuckDB: one writer, many readers), and, unless ``code=False``, one loaded
:class:`~whimbrel.pipeline.Coder` for ``POST /api/code``. Every error, whatever its
cause (an unknown route, a bad parameter, a failure inside), is answered with the
same JSON shape::

    {"error": {"status": 422, "code": "bad_request", "message": "...", "details": [...]}}

The dashboard (``/``) is static HTML, CSS and JavaScript shipped in the package, with
Leaflet and a Natural Earth world outline vendored: it needs no internet.
Run it with ``whimbrel serve --db FILE``; the OpenAPI description is at ``/docs``.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .errors import WhimbrelError
from .settings import Settings, load_settings

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class ServeLimits:
    """Limits of the server (the store is read-only; only ``POST /api/code`` does work per request).

    ``code_max_chars``: longest text ``POST /api/code`` codes; ``code_max_bytes``: largest request
    body it reads; ``code_rate``/``code_window_s``: requests per client address per window;
    ``page_max``: largest page of events; ``map_points``: above this many distinct places the map
    is aggregated into grid cells; ``cache_entries``: answers kept (0: none; the store is read-only,
    so an answer never changes while the server runs); ``db_concurrency``: queries run at once
    (0: one per CPU; 1000 or more: no limit); ``code_wait_s``: how long ``POST /api/code`` waits for
    the model, which codes one text at a time, before it answers 503 ``busy`` (a request waiting
    holds one of the server's worker threads, so waiting without end could starve the others);
    ``record_cache_bytes``: event records (JSON text) kept for the next pages (0: none);
    ``record_memory_bytes``: a store whose records total at most this much text has them all loaded in
    memory at start-up (:class:`~whimbrel.pageindex.RecordTexts`; 0: never), and the record cache is
    not used; ``page_index_bytes``: pages of events come from an in-memory index of the store
    (:class:`~whimbrel.pageindex.PageIndex`) whose per-condition bitmaps take at most this much, and
    its per-value bitmaps of the filter columns at most half as much again (0: no index, every page
    asked from DuckDB).
    """

    code_max_chars: int = 100_000
    code_max_bytes: int = 512_000
    code_rate: int = 30
    code_window_s: float = 60.0
    page_max: int = 500
    map_points: int = 2_000
    cache_entries: int = 1024
    db_concurrency: int = 0  # 0: one per CPU
    code_wait_s: float = 10.0
    record_cache_bytes: int = 32_000_000
    record_memory_bytes: int = 256_000_000
    page_index_bytes: int = 32_000_000


class ApiError(Exception):
    """An error answered with the API's JSON error shape."""

    def __init__(self, status: int, code: str, message: str, details: Any = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
                 422: "bad_request", 429: "rate_limited", 500: "internal_error", 503: "unavailable"}


def error_body(status: int, code: Optional[str], message: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"status": status, "code": code or _STATUS_CODES.get(status, "error"), "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def _error(status: int, code: Optional[str], message: str, details: Any = None,
           headers: Optional[dict[str, str]] = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)


class RateLimiter:
    """At most ``rate`` requests per ``window`` seconds for each key (a sliding window)."""

    def __init__(self, rate: int, window: float):
        self.rate, self.window = rate, window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> Optional[float]:
        """None when allowed; else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.rate:
                return self.window - (now - hits[0])
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients
                for k in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window]:
                    del self._hits[k]
            return None


class _BodyLimit:
    """Pure ASGI middleware: a POST body larger than ``max_bytes`` is answered 413 without being read
    whole (declared by Content-Length, or counted as it streams in)."""

    def __init__(self, app: Any, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._too_large(send)
            return
        # Read the body here, at most max_bytes of it, then hand it on in one piece.
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay([{"type": "http.request", "body": b"".join(chunks), "more_body": False}],
                                      receive), send)

    async def _too_large(self, send: Any) -> None:
        response = _error(413, "too_large", f"The request body is larger than {self.max_bytes:,} bytes.")
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def _replay(messages: list[dict], then: Any = None) -> Any:
    queue = list(messages)

    async def receive() -> dict:
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


class _ResponseCache:
    """Pure ASGI middleware: answers to GET requests under ``/api/`` (except ``/api/health``) are kept,
    by path and query string, in a bounded LRU. Sound because the store is opened read-only and DuckDB
    lets no process write the file while the server holds it, so an answer never changes. The header
    ``x-whimbrel-cache`` says ``hit`` or ``miss``."""

    def __init__(self, app: Any, max_entries: int = 1024, max_bytes: int = 64_000_000):
        from collections import OrderedDict

        self.app, self.max_entries, self.max_bytes = app, max_entries, max_bytes
        self._items: "OrderedDict[tuple[str, bytes], tuple[int, list, bytes]]" = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET" or not path.startswith("/api/")
                or path == "/api/health" or self.max_entries <= 0):
            await self.app(scope, receive, send)
            return
        key = (path, scope.get("query_string", b""))
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status,
                        "headers": headers + [(b"x-whimbrel-cache", b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                message = {**message, "headers": list(message.get("headers", [])) + [(b"x-whimbrel-cache", b"miss")]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    self._keep(key, start["status"], list(start.get("headers", [])), b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: tuple[str, bytes], status: int, headers: list, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (status, headers, body)
            self._bytes += len(body)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, _, old) = self._items.popitem(last=False)
                self._bytes -= len(old)


class CodeRequest(BaseModel):
    """A text to code; nothing is stored."""

    text: str = Field(..., description="The article text (plain text).")
    published: Optional[str] = Field(None, description="Publication date, YYYY-MM-DD (anchors 'Thursday').")
    title: Optional[str] = None
    url: Optional[str] = None


def create_app(db: Union[str, Path], settings: Optional[Settings] = None, *, code: bool = True,
               coder: Any = None, limits: Optional[ServeLimits] = None) -> FastAPI:
    """The API and dashboard over the store ``db`` (opened read-only at start-up).

    ``settings`` are the coder's settings (default: :func:`~whimbrel.settings.load_settings`).
    ``code=False`` serves without a model (``POST /api/code`` answers 503). ``coder`` is an
    already loaded :class:`~whimbrel.pipeline.Coder` to use instead of loading one.
    Raises :class:`~whimbrel.errors.WhimbrelError` at start-up if the store cannot be opened.
    """
    from .store import open_read_only

    limits = limits or ServeLimits()
    db_path = Path(db)
    # Open now, so that a bad path fails here and not at the first request.
    con = open_read_only(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        state = app.state
        if code and state.coder is None:
            from .pipeline import Coder

            state.coder = Coder(settings or load_settings())
            _ = state.coder.nlp  # the model is loaded once, before the first request
        try:
            yield
        finally:
            state.con.close()

    app = FastAPI(title="whimbrel", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Political events coded from news (PLOVER / CAMEO): query the store, code a text. "
                              "The dashboard is at `/`.")
    app.state.con = con
    app.state.db_path = db_path
    app.state.coder = coder if code else None
    app.state.code_enabled = code
    app.state.limits = limits
    app.state.code_lock = threading.Lock()
    slots = limits.db_concurrency if limits.db_concurrency > 0 else (os.cpu_count() or 2)
    app.state.db_slots = threading.BoundedSemaphore(slots) if slots < 1_000 else None
    app.state.rate = RateLimiter(limits.code_rate, limits.code_window_s)
    app.state.records = _RecordCache(limits.record_cache_bytes)
    from .pageindex import PageIndex, RecordTexts

    app.state.page_index = PageIndex(con, limits.page_index_bytes) if limits.page_index_bytes > 0 else None
    app.state.record_texts = RecordTexts.load(con, limits.record_memory_bytes)
    app.add_middleware(_BodyLimit, max_bytes=limits.code_max_bytes)
    app.add_middleware(_ResponseCache, max_entries=limits.cache_entries)
    _install_error_handlers(app)
    _install_routes(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        retry = exc.details.get("retry_after_s") if isinstance(exc.details, dict) else None
        headers = {"Retry-After": str(int(retry) + 1)} if retry is not None and exc.status in (429, 503) else None
        return _error(exc.status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"No such resource: {request.url.path}."
        return _error(exc.status_code, None, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                   for e in exc.errors()]
        first = details[0] if details else {"where": "", "message": "invalid request"}
        return _error(422, "bad_request", f"Bad request: {first['where']}: {first['message']}.", details)

    @app.exception_handler(WhimbrelError)
    async def whimbrel_error(request: Request, exc: WhimbrelError) -> JSONResponse:
        from .errors import ConfigError, InputError

        status = 400 if isinstance(exc, (ConfigError, InputError)) else 500
        return _error(status, exc.code, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal_error", f"Internal error ({type(exc).__name__}).")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _install_routes(app: FastAPI) -> None:
    limits: ServeLimits = app.state.limits

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Any:
        # FastAPI's page, with Swagger UI served from the package (vendored) instead of a CDN.
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="whimbrel API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css", swagger_favicon_url="data:,")

    @app.get("/api/health", tags=["meta"], summary="Liveness, and whether the coder is loaded.")
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "coder": app.state.coder is not None}

    @app.post("/api/code", tags=["code"], summary="Code a text into events (nothing is stored).",
              responses={413: {"description": "Text or body too large"}, 429: {"description": "Rate limited"},
                         503: {"description": "The server runs without a model"}})
    def code_text(body: CodeRequest, request: Request) -> dict[str, Any]:
        from .export import event_json

        wait = app.state.rate.allow(_client(request))
        if wait is not None:
            raise ApiError(429, "rate_limited",
                           f"Too many texts to code: at most {limits.code_rate} per {limits.code_window_s:g} s.",
                           {"retry_after_s": round(wait, 1)})
        if app.state.coder is None:
            raise ApiError(503, "unavailable", "This server runs without a model (whimbrel serve --no-code).")
        if len(body.text) > limits.code_max_chars:
            raise ApiError(413, "too_large", f"The text has {len(body.text):,} characters; at most "
                                             f"{limits.code_max_chars:,} are coded here.")
        if not body.text.strip():
            raise ApiError(422, "bad_request", "The text is empty.")
        # One spaCy pipeline, used by one request at a time; a request waits at most code_wait_s.
        if not app.state.code_lock.acquire(timeout=max(0.0, limits.code_wait_s)):
            raise ApiError(503, "busy", f"The model is busy coding other texts (waited {limits.code_wait_s:g} s); "
                                        "try again shortly.", {"retry_after_s": round(limits.code_wait_s, 1)})
        try:
            events = app.state.coder.code(body.text, published=body.published, title=body.title, url=body.url)
        finally:
            app.state.code_lock.release()
        return {"events": [event_json(e) for e in events], "count": len(events)}

    # ------------------------------------------------------------------ the store (read-only)

    @contextmanager
    def cursor() -> Iterator[Any]:
        # One cursor per request (a DuckDB connection is not shared between threads), and at most
        # db_concurrency queries at once: more would only share the same cores and lengthen each.
        slots = app.state.db_slots
        if slots is not None:
            slots.acquire()
        try:
            con = app.state.con.cursor()
            try:
                yield con
            finally:
                con.close()
        finally:
            if slots is not None:
                slots.release()

    def filters_of(params: dict[str, Any]) -> Any:
        from .query import Filters

        params = {k: v for k, v in params.items() if v is not None}
        if "quad_class" in params:  # "1,2" -> (1, 2)
            try:
                params["quad_class"] = tuple(int(q) for q in str(params["quad_class"]).split(",") if q.strip())
            except ValueError:
                raise ApiError(422, "bad_request", f"quad_class {params['quad_class']!r} is not 0, 1, 2, 3 or 4 "
                                                   "(several: comma-separated).") from None
        return Filters.from_mapping(params)

    @app.get("/api/meta", tags=["store"], summary="Totals of the store and the values to filter on.")
    def meta() -> dict[str, Any]:
        from .query import overview, place_counts, value_counts

        with cursor() as con:
            out = overview(con)
            out["event_types"] = sorted(r["key"] for r in value_counts(con, "event_type", limit=None) if r["key"])
            out["countries"] = sorted(r["key"] for r in place_counts(con, by="country", limit=None) if r["key"])
        out["db"] = app.state.db_path.name
        out["coder"] = app.state.coder is not None
        return _jsonable(out)

    @app.get("/api/events", tags=["events"], response_class=Response,
             summary="Events matching the filters, a page at a time: {total, limit, offset, items}.",
             openapi_extra=_query_parameters(EventsQuery),
             responses={200: {"content": {"application/json": {}},
                              "description": "`items`: event records as `whimbrel code --jsonl` writes them "
                                             "(newest event date first by default); `total`: over all pages."}})
    def events(request: Request) -> Response:
        from . import query as query_pages
        from .query import event_json_by_rowid

        q = _parse_query(EventsQuery, request)
        if q.limit > limits.page_max:
            raise ApiError(422, "bad_request", f"limit {q.limit} is above the largest page, {limits.page_max}.")
        filters = filters_of(q.filters())
        index = app.state.page_index
        records = app.state.record_texts if app.state.record_texts is not None else app.state.records
        with cursor() as con:
            rowids, total = (index if index is not None else query_pages).page_rowids(
                con, filters, limit=q.limit, offset=q.offset, order=q.order)
            texts = records.get_many(rowids)
            missing = [r for r, t in zip(rowids, texts) if t is None]
            if missing:
                found = event_json_by_rowid(con, missing)
                records.put_many(found)
                texts = [t if t is not None else found[r] for r, t in zip(rowids, texts)]
        # The records are sent as stored (JSON already): no parsing and re-encoding per request.
        body = f'{{"total":{total},"limit":{q.limit},"offset":{q.offset},"items":[{",".join(texts)}]}}'
        return Response(body, media_type="application/json")

    @app.get("/api/events/{event_id}", tags=["events"],
             summary="One event with its article, its mentions, its cluster and the cluster's other events.")
    def event(event_id: str) -> dict[str, Any]:
        from .query import event_detail
        from .records import to_dict

        with cursor() as con:
            found = event_detail(con, event_id)
        if found is None:
            raise ApiError(404, "not_found", f"No event {event_id!r} in this store.")
        found["event"] = to_dict(found["event"])
        return _jsonable(found)

    @app.get("/api/articles", tags=["articles"], summary="Stored articles (no text), newest first.")
    def articles(outlet: Optional[str] = None, title: Optional[str] = Query(None, description="Part of the title."),
                 limit: int = Query(50, ge=0), offset: int = Query(0, ge=0)) -> dict[str, Any]:
        from .query import find_articles

        if limit > limits.page_max:
            raise ApiError(422, "bad_request", f"limit {limit} is above the largest page, {limits.page_max}.")
        with cursor() as con:
            rows, total = find_articles(con, outlet=outlet, text=title, limit=limit, offset=offset)
        return _jsonable({"total": total, "limit": limit, "offset": offset, "items": rows})

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article, its text and its events.")
    def article(article_id: str) -> dict[str, Any]:
        from .query import get_article
        from .records import to_dict

        with cursor() as con:
            found = get_article(con, article_id)
        if found is None:
            raise ApiError(404, "not_found", f"No article {article_id!r} in this store.")
        found["events"] = to_dict(found["events"])
        return _jsonable(found)

    @app.get("/api/actors", tags=["aggregates"], summary="Events per actor (country, sector, code or name).",
             response_class=JSONResponse, openapi_extra=_query_parameters(ActorsQuery))
    def actors(request: Request) -> JSONResponse:
        from .query import actor_counts

        q = _parse_query(ActorsQuery, request)
        with cursor() as con:
            rows = actor_counts(con, filters_of(q.filters()), role=q.role, by=q.by, limit=q.limit)
        return JSONResponse(_jsonable({"role": q.role, "by": q.by, "items": rows}))

    @app.get("/api/places", tags=["aggregates"], summary="Events per place (name, country, admin1 or precision).",
             response_class=JSONResponse, openapi_extra=_query_parameters(PlacesQuery))
    def places(request: Request) -> JSONResponse:
        from .query import place_counts

        q = _parse_query(PlacesQuery, request)
        with cursor() as con:
            rows = place_counts(con, filters_of(q.filters()), by=q.by, limit=q.limit)
        return JSONResponse(_jsonable({"by": q.by, "items": rows}))

    @app.get("/api/timeline", tags=["aggregates"], summary="Events per day, by event type or quad class.",
             response_class=JSONResponse, openapi_extra=_query_parameters(TimelineQuery))
    def timeline(request: Request) -> JSONResponse:
        from .query import counts_by_day

        q = _parse_query(TimelineQuery, request)
        with cursor() as con:
            rows = counts_by_day(con, filters_of(q.filters()), by=q.by)
        days: dict[str, dict[str, int]] = {}
        for r in rows:
            days.setdefault(r["day"].isoformat(), {})[str(r["key"])] = r["count"]
        return JSONResponse({"by": q.by, "days": [{"day": d, "counts": c} for d, c in days.items()]})

    @app.get("/api/map", tags=["aggregates"], response_class=JSONResponse, openapi_extra=_query_parameters(MapQuery),
             summary="GeoJSON of event locations: one point per place, or grid cells when there are many places.")
    def event_map(request: Request) -> JSONResponse:
        from .query import count_places, events_by_place, events_on_grid

        q = _parse_query(MapQuery, request)
        filters = filters_of(q.filters())
        with cursor() as con:
            grid = q.aggregate if q.aggregate is not None else count_places(con, filters) > limits.map_points
            if grid:
                cell = 360.0 / 2 ** (q.zoom + 4)  # about 20 px at this zoom
                rows = events_on_grid(con, filters, cell_degrees=cell, limit=limits.map_points)
            else:
                rows = events_by_place(con, filters, limit=limits.map_points)
                cell = None
        features = []
        for r in rows:
            props = {"name": r["name"], "country": r["country"], "count": r["count"],
                     "quad": {str(q): r[f"quad{q}"] for q in (0, 1, 2, 3, 4) if r[f"quad{q}"]}}
            if grid:  # bbox: the filter that lists exactly the cell's events
                props["places"] = r["places"]
                props["bbox"] = r["bbox"]
            else:  # one place: its events are those at exactly its position
                props["precision"] = r["precision"]
                props["bbox"] = [r["lat"], r["lon"], r["lat"], r["lon"]]
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                             "properties": props})
        return JSONResponse({"type": "FeatureCollection", "aggregated": grid, "cell_degrees": cell,
                             "features": features})


class EventFilters(BaseModel):
    """The filters of ``whimbrel query`` as query parameters (see :class:`whimbrel.query.Filters`).
    Several values: comma-separated."""

    event_type: Optional[str] = Field(None, description="PLOVER type(s): ASSAULT, PROTEST, ...")
    cameo_root: Optional[str] = Field(None, description="CAMEO root code(s), e.g. 19")
    cameo_code: Optional[str] = None
    quad_class: Optional[str] = Field(None, description="0 neutral (statements, appeals), 1 verbal coop., "
                                                        "2 material coop., 3 verbal conflict, 4 material conflict")
    actor_country: Optional[str] = Field(None, description="ISO3 code(s) of the actor")
    actor_sector: Optional[str] = Field(None, description="Sector code(s): GOV, MIL, REB, ...")
    actor_name: Optional[str] = Field(None, description="Part of the actor's name or text")
    recipient_country: Optional[str] = None
    recipient_sector: Optional[str] = None
    recipient_name: Optional[str] = None
    place: Optional[str] = Field(None, description="Part of the place name")
    place_country: Optional[str] = Field(None, description="ISO3 code(s) of the event's place")
    near: Optional[str] = Field(None, description="LAT,LON,KM")
    bbox: Optional[str] = Field(None, description="S,W,N,E: latitude in [S, N), longitude in [W, E) (a map cell's "
                                                  "bbox); S,W,S,W: that point exactly")
    date_from: Optional[str] = Field(None, description="Event date from (YYYY-MM-DD), inclusive")
    date_to: Optional[str] = Field(None, description="Event date to (YYYY-MM-DD), inclusive")
    text: Optional[str] = Field(None, description="Part of the evidence sentence or the title")
    modality: Optional[str] = Field(None, description="asserted, negated, hypothetical, future, historical")
    stance: Optional[str] = None
    min_confidence: Optional[float] = Field(None, description="Lowest confidence, 0..1")
    article_id: Optional[str] = None
    cluster_id: Optional[str] = None
    outlet: Optional[str] = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v not in (None, "")}

    def filters(self) -> dict[str, Any]:
        """The filter fields that are set (not the endpoint's own parameters)."""
        return {k: v for k in _FILTER_NAMES if (v := getattr(self, k)) not in (None, "")}


_FILTER_NAMES = tuple(EventFilters.model_fields)


class EventsQuery(EventFilters):
    """``GET /api/events``: the filters, and the page."""

    limit: int = Field(50, ge=0, description="Events per page (at most 500)")
    offset: int = Field(0, ge=0)
    order: str = Field("date", description="date, date_asc, confidence, mentions or stored")


class ActorsQuery(EventFilters):
    role: str = Field("actor", description="actor, recipient, source or any")
    by: str = Field("country", description="country, sector, code or name")
    limit: int = Field(20, ge=1, le=1000)


class PlacesQuery(EventFilters):
    by: str = Field("name", description="name, country, admin1 or precision")
    limit: int = Field(20, ge=1, le=1000)


class TimelineQuery(EventFilters):
    by: str = Field("quad_class", description="event_type, quad_class, cameo_root, modality or none")


class MapQuery(EventFilters):
    zoom: float = Field(2, ge=0, le=20, description="Map zoom level (sets the grid cell size).")
    aggregate: Optional[bool] = Field(None, description="Force grid cells (true) or places (false).")


def _parse_query(model: type[BaseModel], request: Request) -> Any:
    """The request's query parameters validated by ``model`` in one pydantic call (FastAPI's own
    parameter handling, one field at a time, cost more than the query of a page of events); a bad
    value is the same 422 ``bad_request`` as FastAPI's validation errors. Unknown parameters are
    ignored; a repeated one counts once (its last value), as FastAPI does."""
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
        details = [{"where": ".".join(["query", *(str(p) for p in e.get("loc", ()))]), "message": e.get("msg", "")}
                   for e in exc.errors()]
        first = details[0] if details else {"where": "query", "message": "invalid request"}
        raise ApiError(422, "bad_request", f"Bad request: {first['where']}: {first['message']}.", details) from None


def _query_parameters(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` that describes ``model``'s fields as the route's query parameters (the routes
    that read them with :func:`_parse_query` declare none to FastAPI)."""
    schema = model.model_json_schema()
    params = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k != "title"}
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in schema.get("required", ())}
        if "description" in prop:
            param["description"] = prop.pop("description")
        param["schema"] = prop
        params.append(param)
    return {"parameters": params}


class _RecordCache:
    """Stored records (JSON text) by rowid, least recently used first out, at most ``max_bytes`` of text:
    the newest events of common filters come back page after page. Sound for the server's read-only
    store only (a rowid names a row of the file as opened)."""

    def __init__(self, max_bytes: int):
        from collections import OrderedDict

        self.max_bytes = max_bytes
        self._items: "OrderedDict[int, str]" = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get_many(self, keys: list[int]) -> list[Optional[str]]:
        if self.max_bytes <= 0:
            return [None] * len(keys)
        with self._lock:
            out = [self._items.get(k) for k in keys]
            for k, v in zip(keys, out):
                if v is not None:
                    self._items.move_to_end(k)
        return out

    def put_many(self, items: dict[int, str]) -> None:
        if self.max_bytes <= 0:
            return
        with self._lock:
            for k, v in items.items():
                if k not in self._items:
                    self._items[k] = v
                    self._bytes += len(v)
            while self._bytes > self.max_bytes and self._items:
                _, old = self._items.popitem(last=False)
                self._bytes -= len(old)


def _jsonable(value: Any) -> Any:
    """Dates and times as ISO text (DuckDB rows carry date and datetime objects)."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
