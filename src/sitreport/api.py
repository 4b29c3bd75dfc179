"""The HTTP API and the web UI, one FastAPI app over a `Store`.

    GET  /api/clusters          events (clusters of reports, reconciled) matching query filters
    GET  /api/export            the same or the reports in an export format (what `sitreport query` writes)
    GET  /api/events            reports matching query filters (CONTRACT event shape + store fields)
    GET  /api/events/{id}       one report with its cluster's other reports and contradictions
    GET  /api/documents         stored articles, newest first
    GET  /api/documents/{id}    one article's text and its events (evidence offsets into the text)
    GET  /api/graph             outlets and sources, with cites / corroborates / contradicts edges
    POST /api/documents         extract events from {text | html, ...} and store them (201)
    GET  /docs, /openapi.json   the API described, served offline
    GET  /                      the web UI (ui/static), its npm modules under /vendor

Reads are open; writes need `Authorization: Bearer <token>`. A server started without a
token refuses every write with 403: there is no default secret. Request bodies over
`max_body_bytes` are refused with 413 before they reach a handler. A write either lands
whole (the store's transaction) or not at all, so a bad request never costs stored data.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Security
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.datastructures import MutableHeaders

from sitreport.errors import DateError, InputError, SitreportError, StoreError
from sitreport.ingest import PipelineFn, default_pipeline_factory, record_to_document
from sitreport.io.read import parse_date
from sitreport.io.sources import Kind, RawRecord
from sitreport.link import link_documents, normalise_source
from sitreport.link.corroboration import AFFIRMING, DENYING
from sitreport.model import Document, Factuality
from sitreport.serialize import cluster_to_dict, stored_event_to_dict
from sitreport.store.base import (
    Cluster,
    EventKey,
    EventQuery,
    Store,
    StoredEvent,
    validate_document,
)

__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app", "event_view", "source_graph"]

# A long news article is ~50 KB of text; 2 MiB leaves room for its HTML page.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_PAGE = 1000

# The npm files the UI and /docs load, by the name they are served under (see ui/package.json).
VENDOR_FILES: dict[str, str] = {
    "d3-array.min.js": "d3-array/dist/d3-array.min.js",
    "d3-geo.min.js": "d3-geo/dist/d3-geo.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}

# The UI runs only our own files: no inline script, no request leaves this server.
_UI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Swagger UI's page starts itself with one inline script.
_DOCS_CSP = _UI_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


# ---- request models ------------------------------------------------------------------


class DocumentIn(BaseModel):
    """An article to extract: exactly one of `text` or `html`."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article as an HTML page.")
    outlet: str | None = Field(None, max_length=200, examples=["Newsweek"])
    published: dt.date | None = Field(None, description="YYYY-MM-DD", examples=["2024-10-17"])
    url: str | None = Field(None, max_length=2048)
    title: str | None = Field(None, max_length=1000)

    @field_validator("published", mode="before")
    @classmethod
    def _published_is_a_day(cls, value: object) -> object:
        # The CLI's reading of --published; pydantic alone would take 1729123200 as a date too.
        if value is None or isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise ValueError("published must be a date string YYYY-MM-DD")
        try:
            return parse_date(value)
        except DateError as exc:
            raise ValueError(str(exc)) from None

    def record(self) -> RawRecord:
        """The article as a raw record for `record_to_document`; refuses none or both bodies."""
        if (self.text is None) == (self.html is None):
            raise InputError("give exactly one of 'text' or 'html'")
        kind: Kind = "html" if self.html is not None else "text"
        body = self.html if self.html is not None else self.text
        assert body is not None
        # JSON parsing has already refused lone surrogates, so this always encodes.
        return RawRecord(
            source=kind,
            content=body.encode("utf-8"),
            kind=kind,
            outlet=self.outlet,
            published=self.published,
            url=self.url,
            title=self.title,
        )


# ---- JSON views ----------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _document_ref(
    id: str, outlet: str | None, published: dt.date | None, title: str | None, url: str | None
) -> dict[str, Any]:
    return {"id": id, "outlet": outlet, "published": _iso(published), "title": title, "url": url}


def event_view(se: StoredEvent) -> dict[str, Any]:
    """A report for the API: the shared view of `sitreport.serialize.stored_event_to_dict`."""
    return stored_event_to_dict(se)


def _stored_events_of(doc: Document, store: Store) -> list[StoredEvent]:
    """A document's events with their cluster fields, in the document's order."""
    found = store.query_events(EventQuery(document_id=doc.id, limit=None))
    by_id = {se.key.event_id: se for se in found}
    return [by_id[ev.id] for ev in doc.events if ev.id in by_id]


# ---- the source graph ----------------------------------------------------------------


@dataclass
class _Node:
    id: str
    name: str
    kind: str
    source_kind: str | None
    events: int = 0


def _outlet_node(name: str | None) -> tuple[str, str]:
    label = name or "unknown outlet"
    return f"outlet:{normalise_source(label)}", label


def _opposed(a: Factuality, b: Factuality) -> bool:
    """One report affirms what the other denies (planned or hypothetical claims do neither)."""
    return (a in AFFIRMING and b in DENYING) or (a in DENYING and b in AFFIRMING)


def source_graph(events: list[StoredEvent], clusters: list[Cluster]) -> dict[str, Any]:
    """Outlets and the sources they cite; outlets linked by shared or contradicted events.

    A source whose kind is "outlet" is the same node as that outlet, so an article citing
    another outlet joins the two.
    """
    nodes: dict[str, _Node] = {}
    edges: Counter[tuple[str, str, str]] = Counter()

    def node(node_id: str, name: str, kind: str, source_kind: str | None) -> _Node:
        if node_id not in nodes:
            nodes[node_id] = _Node(node_id, name, kind, source_kind)
        return nodes[node_id]

    for se in events:
        outlet_id, outlet_name = _outlet_node(se.outlet)
        node(outlet_id, outlet_name, "outlet", None).events += 1
        previous = outlet_id
        for link in se.event.attribution.chain:
            if link.kind == "outlet":
                link_id, link_name = _outlet_node(link.name)
                current = node(link_id, link_name, "outlet", None)
            else:
                source_id = f"source:{normalise_source(link.name)}"
                current = node(source_id, link.name, "source", link.kind)
            current.events += 1
            if current.id != previous:
                edges[(previous, current.id, "cites")] += 1
            previous = current.id

    by_key = {se.key: se for se in events}
    for cluster in clusters:
        members = [by_key[k] for k in cluster.members if k in by_key]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                ida, idb = _outlet_node(a.outlet)[0], _outlet_node(b.outlet)[0]
                if ida == idb:
                    continue
                kind = "contradicts" if _opposed(a.event.factuality, b.event.factuality) else "corroborates"
                lo, hi = sorted((ida, idb))
                edges[(lo, hi, kind)] += 1

    return {
        "nodes": [
            {
                "id": n.id,
                "name": n.name,
                "kind": n.kind,
                "source_kind": n.source_kind,
                "events": n.events,
            }
            for n in sorted(nodes.values(), key=lambda n: (n.kind != "outlet", -n.events, n.id))
        ],
        "edges": [{"source": s, "target": t, "kind": k, "weight": w} for (s, t, k), w in sorted(edges.items())],
    }


# ---- request size limit --------------------------------------------------------------

_Scope = MutableMapping[str, Any]
_Message = MutableMapping[str, Any]
_Receive = Callable[[], Awaitable[_Message]]
_Send = Callable[[_Message], Awaitable[None]]
_ASGIApp = Callable[[_Scope, _Receive, _Send], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 before any handler reads them.

    A declared Content-Length is checked up front; a chunked body is read (at most
    `max_bytes` + one chunk) and replayed to the app, so the limit holds either way.
    """

    def __init__(self, app: _ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send_json(send, 400, "Content-Length is not a number")
                return
            if int(declared) > self.max_bytes:
                await self._too_large(send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> _Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: _Send) -> None:
        await _send_json(send, 413, f"request body is over the {self.max_bytes}-byte limit")


class SecurityHeaders:
    """Add the CSP and the usual hardening headers to every HTTP response."""

    def __init__(self, app: _ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"] == "/docs" else _UI_CSP

        async def send_with_headers(message: _Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_json(send: _Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


# ---- errors --------------------------------------------------------------------------


def _validation_message(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """One readable line plus the errors without the echoed input."""
    cleaned = []
    parts = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        msg = str(err.get("msg", "invalid"))
        msg = msg.removeprefix("Value error, ")
        cleaned.append({"loc": loc, "msg": msg, "type": err.get("type")})
        parts.append(f"{'.'.join(loc) or 'body'}: {msg}")
    return "; ".join(parts), cleaned


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    message, errors = _validation_message(list(exc.errors()))
    return JSONResponse(status_code=422, content={"detail": message, "errors": errors})


async def _on_input_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(status_code=422, content={"detail": str(exc)})


async def _on_store_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(status_code=503, content={"detail": f"store error: {exc}"})


# ---- the app -------------------------------------------------------------------------

# Module level: FastAPI resolves the dependency's annotations against module globals.
_BEARER = HTTPBearer(auto_error=False, description="The token the server was started with.")


def _ui_dir() -> Path:
    return Path(str(resources.files("sitreport") / "ui"))


def create_app(
    store: Store,
    *,
    token: str | None,
    pipeline: PipelineFn | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    relink: bool = True,
    ui_dir: Path | None = None,
) -> FastAPI:
    """The API and UI over `store`. `token=None` (or "") disables every write endpoint.

    `pipeline` annotates a read `Document` (default: the full extraction pipeline, loaded on
    the first write). With `relink`, each stored article's events are linked into the
    store's events at once, incrementally (only its events against their candidates, see
    `sitreport.link.link_documents`); writes are serialised for that.
    """
    if max_body_bytes <= 0:
        raise ValueError("max_body_bytes must be positive")
    expected = token.encode("utf-8") if token else None
    pipelines: list[PipelineFn] = [pipeline] if pipeline is not None else []
    # One lock for loading and running the pipeline (spaCy makes no promise of thread
    # safety) and one for store writes with the relink that follows them.
    pipeline_lock = threading.Lock()
    write_lock = threading.Lock()

    def annotate(doc: Document) -> Document:
        with pipeline_lock:
            if not pipelines:  # the first write loads the default pipeline, not start-up
                pipelines.append(default_pipeline_factory())
            return pipelines[0](doc)

    root = ui_dir or _ui_dir()
    static_dir = root / "static"
    modules_dir = root / "node_modules"

    app = FastAPI(
        title="sitreport",
        summary="Conflict events from news reports, with who said what.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(InputError, _on_input_error)
    app.add_exception_handler(StoreError, _on_store_error)

    def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
    ) -> None:
        if expected is None:
            raise HTTPException(403, "writes are disabled: start the server with --token or SITREPORT_TOKEN")
        if credentials is None:
            raise HTTPException(401, "missing 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            raise HTTPException(401, "invalid bearer token", {"WWW-Authenticate": "Bearer"})

    # -- reads ---------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"])
    def list_events(
        type: Annotated[list[str] | None, Query(description="PLOVER type; repeatable")] = None,
        country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
        admin1: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        min_corroboration: Annotated[int | None, Query(ge=1)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Events matching every given filter, newest first."""
        if date_from is not None and date_to is not None and date_from > date_to:
            raise HTTPException(400, "date_from is after date_to")
        query = EventQuery(
            types=tuple(t.upper() for t in type or ()),
            country=country.upper() if country else None,
            admin1=admin1 or None,
            date_from=date_from,
            date_to=date_to,
            actor=actor or None,
            min_corroboration=min_corroboration,
            limit=limit,
            offset=offset,
        )
        found = store.query_events(query)
        # A short page that is not past the end already says how many there are.
        short = len(found) < limit and (found or offset == 0)
        return {
            "total": offset + len(found) if short else store.count_events(query),
            "limit": limit,
            "offset": offset,
            "events": [event_view(se) for se in found],
        }

    def _filters(
        type: list[str] | None,
        country: str | None,
        admin1: str | None,
        date_from: dt.date | None,
        date_to: dt.date | None,
        actor: str | None,
        actor_country: str | None,
        min_corroboration: int | None,
        limit: int | None,
        offset: int,
    ) -> EventQuery:
        if date_from is not None and date_to is not None and date_from > date_to:
            raise HTTPException(400, "date_from is after date_to")
        return EventQuery(
            types=tuple(t.upper() for t in type or ()),
            country=country.upper() if country else None,
            admin1=admin1 or None,
            date_from=date_from,
            date_to=date_to,
            actor=actor or None,
            actor_country=actor_country.upper() if actor_country else None,
            min_corroboration=min_corroboration,
            limit=limit,
            offset=offset,
        )

    @app.get("/api/clusters", tags=["events"])
    def list_clusters(
        type: Annotated[list[str] | None, Query(description="PLOVER type; repeatable")] = None,
        country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
        admin1: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        actor_country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
        min_corroboration: Annotated[int | None, Query(ge=1)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Real-world events (each a cluster of reports, reconciled), newest first."""
        from sitreport.query import with_representatives

        query = _filters(type, country, admin1, date_from, date_to, actor, actor_country,
                         min_corroboration, limit, offset)
        rows = with_representatives(store, store.query_clusters(query))
        return {
            "total": store.count_clusters(query),
            "limit": limit,
            "offset": offset,
            "events": [cluster_to_dict(c, rep) for c, rep in rows],
        }

    @app.get("/api/export", tags=["events"])
    def export(
        format: Annotated[str, Query(pattern="^(table|json|plover|geojson|acled-csv|parquet)$")] = "json",
        reports: bool = False,
        types: Annotated[list[str] | None, Query(description="PLOVER type; repeatable")] = None,
        country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
        admin1: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        actor: Annotated[str | None, Query(max_length=200)] = None,
        actor_country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
        min_corroboration: Annotated[int | None, Query(ge=1)] = None,
        limit: Annotated[int | None, Query(ge=1)] = None,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        """Events (or reports) in an export format, as `sitreport query` writes them; the
        `X-Sitreport-Export` header says how many were written and left out."""
        import io
        import tempfile

        from sitreport.query import run_export

        query = _filters(types, country, admin1, date_from, date_to, actor, actor_country,
                         min_corroboration, limit, offset)
        if format == "parquet":
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "export.parquet"
                message = run_export(store, query, format, path, reports=reports)
                body = path.read_bytes()
            return Response(body, media_type="application/vnd.apache.parquet",
                            headers={"X-Sitreport-Export": message})
        buffer = io.StringIO()
        message = run_export(store, query, format, buffer, reports=reports)
        media = {"acled-csv": "text/csv", "plover": "application/x-ndjson", "table": "text/plain"}
        return Response(buffer.getvalue(), media_type=media.get(format, "application/json"),
                        headers={"X-Sitreport-Export": message.encode("ascii", "replace").decode()})

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with its evidence, attribution chain and the other reports of it."""
        try:
            key = EventKey.parse(event_id)
        except StoreError:
            raise HTTPException(404, f"no event {event_id!r} (ids look like DOCUMENT:EVENT)") from None
        se = store.get_event(key)
        if se is None:
            raise HTTPException(404, f"no event {event_id!r}")
        linked: list[dict[str, Any]] = []
        contradictions: list[dict[str, Any]] = []
        if se.cluster_id is not None:
            members = store.query_events(EventQuery(cluster_id=se.cluster_id, limit=None))
            for member in members:
                if member.key == se.key:
                    continue
                view = event_view(member)
                linked.append(view)
                if _opposed(member.event.factuality, se.event.factuality):
                    contradictions.append(view)
        return {"event": event_view(se), "linked": linked, "contradictions": contradictions}

    @app.get("/api/documents", tags=["documents"])
    def list_documents(
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Stored articles without their text, newest first."""
        return {
            "total": store.count_documents(),
            "limit": limit,
            "offset": offset,
            "documents": [
                {
                    **_document_ref(d.id, d.outlet, d.published, d.title, d.url),
                    "events": d.n_events,
                }
                for d in store.list_documents(limit=limit, offset=offset)
            ],
        }

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def get_document(document_id: str) -> dict[str, Any]:
        """An article's text and its events; evidence offsets index into `document.text`."""
        doc = store.get_document(document_id)
        if doc is None:
            raise HTTPException(404, f"no document {document_id!r}")
        ref = _document_ref(doc.id, doc.outlet, doc.published, doc.title, doc.url)
        return {
            "document": {**ref, "text": doc.text},
            "events": [event_view(se) for se in _stored_events_of(doc, store)],
        }

    @app.get("/api/graph", tags=["events"])
    def graph() -> dict[str, Any]:
        """Outlets and sources as nodes; cites, corroborates and contradicts as edges."""
        events = store.query_events(EventQuery(limit=None))
        return source_graph(events, store.clusters(limit=None))

    # -- writes --------------------------------------------------------------------------

    @app.post(
        "/api/documents",
        status_code=201,
        tags=["documents"],
        dependencies=[Depends(require_token)],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": DocumentIn.model_json_schema()}},
            }
        },
        responses={
            401: {"description": "missing or wrong bearer token"},
            403: {"description": "the server was started without a token"},
            413: {"description": "request body too large"},
            422: {"description": "not an article: empty, binary, bad date or bad JSON"},
        },
    )
    def post_document(request: Request, raw: Annotated[bytes, Depends(_raw_body)]) -> Any:
        """Extract events from an article and store them; the response lists the events.

        An article already stored (same text) is not stored twice: the answer is 200 with
        the stored events instead of 201.
        """
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() not in ("application/json", ""):
            raise HTTPException(415, "send the article as application/json")
        try:
            payload = DocumentIn.model_validate_json(raw)
        except ValidationError as exc:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
        record = payload.record()
        doc = _extract(annotate, record)
        with write_lock:
            added = store.add_document(doc, source=payload.url or "api", source_hash=record.content_hash)
            if added and relink:
                link_documents(store, [doc.id])
        stored = store.get_document(doc.id) or doc
        content = {
            "document": _document_ref(stored.id, stored.outlet, stored.published, stored.title, stored.url),
            "created": added,
            "events": [event_view(se) for se in _stored_events_of(stored, store)],
        }
        return JSONResponse(status_code=201 if added else 200, content=jsonable_encoder(content))

    # -- UI and docs ---------------------------------------------------------------------

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="sitreport API",
            swagger_js_url="/vendor/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        relative = VENDOR_FILES.get(name)
        path = modules_dir / relative if relative else None
        if path is None or not path.is_file():
            raise HTTPException(404, f"{name!r} is not installed: run scripts/setup.sh (npm ci)")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static_dir / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=static_dir), name="static")
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)  # outermost: a 413 gets the headers too
    return app


async def _raw_body(request: Request) -> bytes:
    return await request.body()


def _extract(pipeline: PipelineFn, record: RawRecord) -> Document:
    """Read and annotate the article; input it refuses becomes a 422 and nothing is stored."""
    doc = record_to_document(record)
    try:
        doc = pipeline(doc)
    except InputError:
        raise
    except SitreportError as exc:
        raise HTTPException(500, f"extraction failed: {exc}") from exc
    try:
        validate_document(doc)
    except StoreError as exc:
        raise HTTPException(500, f"extraction produced an unstorable document: {exc}") from exc
    return doc
