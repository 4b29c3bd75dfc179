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

Reads are open (or, with `read_token`, need the token too); writes need
`Authorization: Bearer <token>`. A server started without a token refuses every write
with 403: there is no default secret. Requests whose Host header is not an allowed name
(loopback names by default) are refused with 400, so a page on another origin cannot
reach the API through DNS rebinding. Request bodies over `max_body_bytes` are refused
with 413 before they reach a handler. A write either lands whole (the store's
transaction) or not at all, so a bad request never costs stored data.

Client mistakes are 4xx with a message; a 5xx says only what failed, never the SQL or
the traceback (those go to the `sitreport.api` log). Extraction runs on its own worker
threads (`Extractor`), off the event loop: reads never wait for it, and a large article
cannot hold every worker, so small writes keep a way through.

Whole-store answers (/api/facets, /api/summary, /api/graph) are cached and may lag
writes by up to `stale_seconds` (10 s by default) plus one refresh: a write marks them
out of date and each is recomputed in the background at most once per that period,
while the previous answer is served. Pages, searches and single events, clusters and
documents are read from the store on every request and show a write at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hmac
import ipaddress
import json
import logging
import os
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
import orjson
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Security
from fastapi import Path as Path_
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.datastructures import MutableHeaders

from sitreport.errors import DateError, ExtractionError, InputError, StoreError
from sitreport.ingest import PipelineFactory, PipelineFn, default_pipeline_factory, record_to_document
from sitreport.io.read import parse_date
from sitreport.io.sources import Kind, RawRecord
from sitreport.link import link_documents, normalise_source
from sitreport.link.corroboration import AFFIRMING, DENYING
from sitreport.model import Document, Factuality
from sitreport.serialize import cluster_to_dict, stored_event_to_dict
from sitreport.store.base import (
    ORDERS,
    Cluster,
    EventKey,
    EventQuery,
    Facets,
    SourceCounts,
    Store,
    StoredEvent,
    Summary,
    storable,
)
from sitreport.store.codec import INT_MAX

__all__ = [
    "DEFAULT_ALLOWED_HOSTS",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_STALE_SECONDS",
    "Extractor",
    "Linker",
    "create_app",
    "event_view",
    "link_new_document",
    "source_graph",
]

log = logging.getLogger("sitreport.api")

# A long news article is ~50 KB of text; 2 MiB leaves room for its HTML page.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_PAGE = 1000
# How stale a whole-store answer (facets, summary, graph) may be served after a write
# while its refresh runs: see `ReadCache` and `create_app`.
DEFAULT_STALE_SECONDS = 10.0
# Reads served at once: one per core. Reads spend most of their time in Python, so more
# threads only share the interpreter lock, and the write thread's share of it shrinks
# with every one (20 clients: writes 5 s at p50 with 40 threads, 1-1.4 s with 2); the
# rest wait on the event loop. See `create_app` and `benchmarks/load_api.py --read-threads`.
DEFAULT_READ_THREADS = max(2, os.cpu_count() or 2)
MAX_OFFSET = INT_MAX  # deeper pages are empty anyway; bigger numbers overflow SQL integers
# Names a browser may use to reach a server on this machine. Any loopback address
# (127.0.0.0/8, ::1) is allowed too; other names must be added (`--allow-host`).
DEFAULT_ALLOWED_HOSTS = ("localhost", "localhost.localdomain")

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


MAX_REPORTS = 500  # reports of one event shown with it; `reports_total` says how many it has


def cluster_view(store: Store, cluster: Cluster) -> dict[str, Any]:
    """An event with each of its reports side by side: the reconciled fields (as in the
    listing), and per report its full view plus `stance` ("supports", "contradicts" or
    "neither") and `sources` (its independent roots, `sitreport.independence`)."""
    members = store.query_events(EventQuery(cluster_id=cluster.id, limit=MAX_REPORTS))
    by_key = {se.key: se for se in members}
    representative = by_key.get(cluster.representative) if cluster.representative else None
    if representative is None and cluster.representative is not None:
        representative = store.get_event(cluster.representative)
    roots = {r.key: r.roots for r in cluster.reports}
    against = set(cluster.contradictions)
    reports = []
    for se in members:
        stance = (
            "contradicts" if se.key in against or se.event.factuality in DENYING
            else "supports" if se.event.factuality in AFFIRMING else "neither"
        )
        reports.append({**event_view(se), "stance": stance, "sources": list(roots.get(se.key, ()))})
    return {
        "event": cluster_to_dict(cluster, representative),
        "reports": reports,
        "reports_total": cluster.size,
    }


def facets_view(f: Facets) -> dict[str, Any]:
    def values(pairs: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"value": v, "n": n} for v, n in pairs]

    return {
        "total": f.total,
        "type": values(f.types),
        "acled_type": values(f.acled_types),
        "factuality": values(f.factualities),
        "outlet": values(f.outlets),
        "country": values(f.countries),
        "admin1": [{"country": c, "value": a, "n": n} for c, a, n in f.admin1],
        "date_min": _iso(f.date_min),
        "date_max": _iso(f.date_max),
        "max_corroboration": f.max_corroboration,
    }


def summary_view(s: Summary) -> dict[str, Any]:
    return {
        "total": s.total,
        "located": s.located,
        "places_total": s.places_total,
        "places": [
            {"lat": p.lat, "lon": p.lon, "name": p.name, "country": p.country, "n": p.n, "types": dict(p.types)}
            for p in s.places
        ],
        "days": [{"day": d.isoformat(), "type": t, "n": n} for d, t, n in s.days],
        "undated": s.undated,
    }


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


def _stance(factuality: str) -> int:
    """1 affirms, -1 denies, 0 neither (planned, hypothetical)."""
    value = Factuality(factuality)
    return 1 if value in AFFIRMING else -1 if value in DENYING else 0


def _node_of(name: str | None, kind: str, nodes: dict[str, _Node]) -> _Node:
    """The node of an outlet (an article's, or a source whose kind is "outlet") or a source."""
    if kind in ("document", "outlet"):
        node_id, label = _outlet_node(name)
        if node_id not in nodes:
            nodes[node_id] = _Node(node_id, label, "outlet", None)
    else:
        node_id = f"source:{normalise_source(name or '')}"
        if node_id not in nodes:
            nodes[node_id] = _Node(node_id, name or "", "source", kind)
    return nodes[node_id]


def _outlet_pairs(
    rows: Iterable[tuple[str, str | None, str, int]], nodes: dict[str, _Node]
) -> Counter[tuple[str, str, str]]:
    """Outlets that report one event: "corroborates" per pair of their reports that agree,
    "contradicts" per pair where one affirms what the other denies (two reports of one
    outlet are not a pair). Counted per outlet and stance, never per pair of reports."""
    edges: Counter[tuple[str, str, str]] = Counter()
    for _, group in groupby(rows, key=lambda r: r[0]):
        stances: dict[str, Counter[int]] = defaultdict(Counter)
        for _, outlet, factuality, n in group:
            stances[_node_of(outlet, "document", nodes).id][_stance(factuality)] += n
        ids = sorted(stances)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                sa, sb = stances[a], stances[b]
                pairs = sum(sa.values()) * sum(sb.values())
                against = sa[1] * sb[-1] + sa[-1] * sb[1]
                if against:
                    edges[(a, b, "contradicts")] += against
                if pairs - against:
                    edges[(a, b, "corroborates")] += pairs - against
    return edges


def source_graph(
    counts: SourceCounts, *, sources: int = 60, offset: int = 0, outlets: int = 100
) -> dict[str, Any]:
    """Outlets and the sources they cite; outlets linked by shared or contradicted events.

    A source whose kind is "outlet" is the same node as that outlet, so an article citing
    another outlet joins the two. The graph is bounded: the `outlets` outlets with most
    reports, the page [`offset`, `offset + sources`) of sources by reports, and the edges
    between them; `total` says how many of each there are.
    """
    nodes: dict[str, _Node] = {}
    edges: Counter[tuple[str, str, str]] = Counter()
    for outlet, n in counts.outlets:
        _node_of(outlet, "document", nodes).events += n
    for from_name, from_kind, to_name, to_kind, n in counts.steps:
        previous = _node_of(from_name, from_kind, nodes)
        current = _node_of(to_name, to_kind, nodes)
        current.events += n
        if current.id != previous.id:
            edges[(previous.id, current.id, "cites")] += n
    edges.update(_outlet_pairs(counts.clusters, nodes))

    ranked = sorted(nodes.values(), key=lambda n: (-n.events, n.id))
    all_outlets = [n for n in ranked if n.kind == "outlet"]
    all_sources = [n for n in ranked if n.kind != "outlet"]
    shown = all_outlets[:outlets] + all_sources[offset : offset + sources]
    kept = {n.id for n in shown}
    return {
        "nodes": [
            {"id": n.id, "name": n.name, "kind": n.kind, "source_kind": n.source_kind, "events": n.events}
            for n in shown
        ],
        "edges": [
            {"source": s, "target": t, "kind": k, "weight": w}
            for (s, t, k), w in sorted(edges.items())
            if s in kept and t in kept
        ],
        "total": {"outlets": len(all_outlets), "sources": len(all_sources)},
        "offset": offset,
        "limit": sources,
    }


class _GraphMemo:
    """The store's source counts and the graphs drawn from them, by page: cached as one
    answer, so a page of the graph is never drawn from older counts than another."""

    MAX_PAGES = 64

    def __init__(self, counts: SourceCounts) -> None:
        self.counts = counts
        self._graphs: dict[tuple[int, int, int], dict[str, Any]] = {}

    def graph(self, *, sources: int, offset: int, outlets: int) -> dict[str, Any]:
        key = (sources, offset, outlets)
        found = self._graphs.get(key)
        if found is None:
            found = source_graph(self.counts, sources=sources, offset=offset, outlets=outlets)
            if len(self._graphs) < self.MAX_PAGES:
                self._graphs[key] = found
        return found


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


def _host_name(header: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" -> "::1", "a.b:80" -> "a.b"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    name, sep, port = header.rpartition(":")
    return name if sep and port.isdigit() else header


def host_allowed(header: str, allowed: frozenset[str]) -> bool:
    """Whether a request with this Host header may be served: a loopback address or an allowed name."""
    name = _host_name(header).rstrip(".")
    if not name:
        return False
    if "*" in allowed or name in allowed:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostAllowList:
    """Refuse (400) requests whose Host header is not this server's: the DNS-rebinding guard.

    A page on another origin can point its own domain name at 127.0.0.1 and read the API
    as same-origin; its requests still carry that domain as Host, and are refused here.
    """

    def __init__(self, app: _ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(h.strip().lower().strip("[]").rstrip(".") for h in allowed)

    async def __call__(self, scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not host_allowed(host, self.allowed):
                shown = host[:100] or "(none)"
                await _send_json(send, 400, f"Host {shown!r} is not served here; start the server with --allow-host")
                return
        await self.app(scope, receive, send)


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
    # The message may quote SQL; it goes to the log, not to the client.
    log.error("store error on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(status_code=503, content={"detail": "the store could not complete the request"})


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(status_code=500, content={"detail": "internal error"})


# ---- query filters shared by the listings, the summary and the export ----------------

MAX_VALUES = 50  # values of one repeatable filter
_FACTUALITIES = frozenset(f.value for f in Factuality)
_AT = r"^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$"
_ORDER = "^(" + "|".join(ORDERS) + ")$"


def _values(name: str, given: list[str] | None, *, upper: bool = False) -> tuple[str, ...]:
    values = [v.strip() for v in given or () if v.strip()]
    if len(values) > MAX_VALUES:
        raise HTTPException(422, f"{name}: at most {MAX_VALUES} values")
    if any(len(v) > 200 for v in values):
        raise HTTPException(422, f"{name}: a value is over 200 characters")
    return tuple(dict.fromkeys(v.upper() if upper else v for v in values))


async def event_filters(
    type: Annotated[list[str] | None, Query(description="PLOVER type; repeatable")] = None,
    acled_type: Annotated[list[str] | None, Query(description="ACLED event type; repeatable")] = None,
    factuality: Annotated[list[str] | None, Query(description="asserted, reported, denied...; repeatable")] = None,
    outlet: Annotated[list[str] | None, Query(description="an article's outlet, exactly; repeatable")] = None,
    country: Annotated[str | None, Query(min_length=3, max_length=3, description="ISO 3166-1 alpha-3")] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    actor_country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    min_corroboration: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="words that must begin words of one report's evidence, "
                          "actors, places or sources (case and accents ignored)")
    ] = None,
    at: Annotated[str | None, Query(pattern=_AT, description="a place's exact LAT,LON (as /api/summary gives)")] = None,
    sort: Annotated[str, Query(pattern=_ORDER, description=" | ".join(ORDERS))] = "newest",
) -> EventQuery:
    """The filters of a listing as an `EventQuery` (limit and offset set by the endpoint).
    Async only so that FastAPI runs it on the event loop, not on a read thread."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise HTTPException(400, "date_from is after date_to")
    facts = tuple(f.lower() for f in _values("factuality", factuality))
    unknown = sorted(set(facts) - _FACTUALITIES)
    if unknown:
        raise HTTPException(422, f"factuality: unknown value {unknown[0]!r}; one of {', '.join(sorted(_FACTUALITIES))}")
    point = None
    if at:
        lat, lon = (float(v) for v in at.split(","))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise HTTPException(422, "at: latitude or longitude out of range")
        point = (lat, lon)
    return EventQuery(
        types=_values("type", type, upper=True),
        acled_types=_values("acled_type", acled_type),
        factualities=facts,
        outlets=_values("outlet", outlet),
        country=country.upper() if country else None,
        admin1=admin1.strip() or None if admin1 else None,
        date_from=date_from,
        date_to=date_to,
        actor=actor or None,
        actor_country=actor_country.upper() if actor_country else None,
        min_corroboration=min_corroboration,
        text=q.strip() or None if q else None,
        at=point,
        order=sort,
        limit=None,
    )


Filters = Annotated[EventQuery, Depends(event_filters)]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Unit = Annotated[str, Query(pattern="^(events|reports)$", description="events (clusters of reports) or reports")]


class ReadCache:
    """Answers of whole-store reads (facets, summaries, the source graph), with bounded
    staleness, so that a write does not make every reader recompute the whole store.

    A write through this app (`invalidate`) only marks the answers out of date; so does
    age past `ttl` seconds (another process may write to a PostgreSQL store). An out-of-
    date answer younger than `stale` seconds is served as it is; an older one is still
    served, while one refresh of it runs in the background (`refresh`, by default one
    worker thread for every key). So each answer is recomputed at most once per `stale`
    seconds however often the store is written, and reflects the store as it was at
    most `stale` seconds plus one computation ago. With `stale=0` an out-of-date answer
    is never served: it is recomputed before the read returns.

    A key not cached yet is computed by the reader, once: concurrent requests for it
    wait for the first instead of repeating it. At most `size` answers are kept.
    """

    def __init__(
        self,
        ttl: float = 30.0,
        size: int = 256,
        *,
        stale: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        refresh: Callable[[Callable[[], None]], object] | None = None,
    ) -> None:
        if ttl < 0 or stale < 0 or size < 1:
            raise ValueError("a read cache needs ttl >= 0, stale >= 0 and size >= 1")
        self.ttl = ttl
        self.size = size
        self.stale = stale
        self._clock = clock
        self._pool: ThreadPoolExecutor | None = None
        self._refresh = refresh or self._in_background
        # key -> (when its computation started, the store generation it saw, the answer)
        self._answers: OrderedDict[Hashable, tuple[float, int, Any]] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._refreshing: set[Hashable] = set()
        self._lock = threading.Lock()
        self._generation = 0

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        due = False
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                if self._current(found):
                    return found[2]
                due = self.stale > 0 and self._clock() - found[0] >= self.stale and key not in self._refreshing
                if due:
                    self._refreshing.add(key)
            key_lock = self._locks.setdefault(key, threading.Lock())
        if found is not None and self.stale > 0:
            if due:
                self._refresh(lambda: self._background(key, compute))
            return found[2]
        with key_lock:
            with self._lock:
                found = self._answers.get(key)
                if found is not None and self._current(found):
                    return found[2]
            return self._compute(key, compute)

    def _current(self, found: tuple[float, int, Any]) -> bool:
        """Whether an answer is of the store as it is now (as far as this app knows)."""
        return found[1] == self._generation and self._clock() - found[0] < self.ttl

    def _compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            started, generation = self._clock(), self._generation
        value = compute()
        with self._lock:
            self._answers[key] = (started, generation, value)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                old, _ = self._answers.popitem(last=False)
                self._locks.pop(old, None)
        return value

    def _background(self, key: Hashable, compute: Callable[[], Any]) -> None:
        try:
            self._compute(key, compute)
        except Exception:  # the old answer stays; the next read past `stale` tries again
            log.exception("refreshing a cached answer failed")
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _in_background(self, job: Callable[[], None]) -> object:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="sitreport-cache")
            pool = self._pool
        return pool.submit(job)

    def invalidate(self) -> None:
        """Mark every answer out of date (the store changed); see the class docstring."""
        with self._lock:
            self._generation += 1

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._generation += 1
            self._answers.clear()

    def close(self) -> None:
        """Stop the background refresher: a refresh under way finishes, queued ones are dropped."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class FastJSONResponse(JSONResponse):
    """JSON written by orjson: a page of events renders several times faster than with
    the standard library, and rendering was a fifth of a busy server's time."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON answer of plain JSON values, without FastAPI's per-value encoding pass."""
    return FastJSONResponse(content, status_code=status, headers=headers)


# ---- extraction off the event loop ---------------------------------------------------

Linker = Callable[[Store, Document], None]
"""Called after a new document is stored, to join its events to their clusters."""


def link_new_document(store: Store, doc: Document) -> None:
    """Link one new document's events into the store's events: only its events against
    their candidate blocks, so a write costs the same in a small or a large store."""
    link_documents(store, [doc.id])


class Extractor:
    """Extraction on worker threads, never on the event loop.

    Each worker thread builds its own pipeline from `factory` (spaCy makes no promise
    of thread safety); a `shared` pipeline is used by every thread instead (it must be
    thread-safe, like `FakePipeline`). Documents of `large_bytes` or more run in their
    own lane of one thread, so with two or more workers a large article never blocks
    small ones. At most `max_waiting` requests may wait for a worker; beyond that the
    API answers 503 at once rather than hold more bodies in memory.
    """

    def __init__(
        self,
        factory: PipelineFactory,
        *,
        shared: PipelineFn | None = None,
        workers: int = 2,
        max_waiting: int = 8,
        large_bytes: int = 100_000,
    ) -> None:
        if workers < 1 or max_waiting < 0:
            raise ValueError("an extractor needs at least one worker and a non-negative queue")
        self._factory = factory
        self._shared = shared
        self._local = threading.local()
        self._build_lock = threading.Lock()
        small = ThreadPoolExecutor(max(1, workers - 1), thread_name_prefix="sitreport-extract")
        self._small = small
        self._large = ThreadPoolExecutor(1, thread_name_prefix="sitreport-extract-large") if workers > 1 else small
        self._large_bytes = large_bytes
        self._capacity = workers + max_waiting
        self._pending = 0
        self._count_lock = threading.Lock()

    def _pipeline(self) -> PipelineFn:
        if self._shared is not None:
            return self._shared
        pipeline: PipelineFn | None = getattr(self._local, "pipeline", None)
        if pipeline is None:
            with self._build_lock:  # one model load at a time
                pipeline = self._factory()
            self._local.pipeline = pipeline
        return pipeline

    def preload(self) -> None:
        """Build the pipelines now (one per lane), so the first writes do not wait for models."""
        for lane in {self._small, self._large}:
            lane.submit(self._pipeline).result()

    def _run(self, record: RawRecord) -> Document:
        try:
            return _extract(self._pipeline(), record)
        finally:
            with self._count_lock:
                self._pending -= 1

    async def extract(self, record: RawRecord) -> Document:
        """The record read, annotated and made storable; raises what `_extract` raises."""
        with self._count_lock:
            if self._pending >= self._capacity:
                busy = "the server is busy extracting other articles; retry shortly"
                raise HTTPException(503, busy, {"Retry-After": "5"})
            self._pending += 1
        lane = self._large if len(record.content) >= self._large_bytes else self._small
        try:
            future = lane.submit(self._run, record)
        except BaseException:
            with self._count_lock:
                self._pending -= 1
            raise
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        for lane in {self._small, self._large}:
            lane.shutdown(wait=False, cancel_futures=True)


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
    pipeline_factory: PipelineFactory = default_pipeline_factory,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    linker: Linker | None = link_new_document,
    read_token: bool = False,
    allowed_hosts: Iterable[str] = DEFAULT_ALLOWED_HOSTS,
    workers: int = 2,
    max_waiting: int = 8,
    preload: bool = False,
    ui_dir: Path | None = None,
    cache_seconds: float = 30.0,
    stale_seconds: float = DEFAULT_STALE_SECONDS,
    read_threads: int = DEFAULT_READ_THREADS,
) -> FastAPI:
    """The API and UI over `store`. `token=None` (or "") disables every write endpoint.

    `pipeline` annotates a read `Document` on every worker (it must be thread-safe);
    without it each extraction worker builds its own from `pipeline_factory` (the full
    pipeline by default), on its first write or at once with `preload`. `linker` runs
    after each new document is stored, under the write lock, so its events join their
    clusters (default: incrementally, only its events against their candidates, see
    `sitreport.link.link_documents`; None: no linking). `read_token` makes reads need
    the token too. `allowed_hosts` are the Host names served besides loopback addresses
    ("*": any).

    Whole-store answers (facets, summaries, the source graph) are cached: a write
    through this app, or `cache_seconds` passing, makes them out of date, and an out-of-
    date answer is refreshed in the background at most once per `stale_seconds` while
    the old one is served (see `ReadCache`). So they may lag writes by up to
    `stale_seconds` plus the time one refresh takes; `stale_seconds=0` recomputes them
    before the next read instead. Everything else (pages of events and documents, one
    event, cluster or document) is read from the store on every request, so it shows a
    write as soon as the POST has returned.

    Reads run on at most `read_threads` threads at a time (the rest wait their turn on
    the event loop), writes on a thread of their own: twenty reads at once would only
    share the same cores, and each of the write's store calls would wait behind all of
    them for the interpreter lock.
    """
    if max_body_bytes <= 0:
        raise ValueError("max_body_bytes must be positive")
    if read_threads < 1:
        raise ValueError("read_threads must be at least 1")
    if token and not token.strip():
        raise ValueError("the token is blank: give a real secret or none")
    if read_token and not token:
        raise ValueError("reads cannot need a token when the server has none")
    expected = token.encode("utf-8") if token else None
    extractor = Extractor(pipeline_factory, shared=pipeline, workers=workers, max_waiting=max_waiting)
    if preload:
        extractor.preload()
    write_lock = threading.Lock()  # a store write and the linking that follows it
    cache = ReadCache(ttl=cache_seconds, stale=stale_seconds)

    def store_document(doc: Document, source: str, source_hash: str) -> bool:
        """The write path: store `doc`, then link it; False when it was already stored."""
        with write_lock:
            added = store.add_document(doc, source=source, source_hash=source_hash)
            if added and linker is not None:
                try:
                    linker(store, doc)
                except Exception:  # the document is stored; clusters catch up on the next link
                    log.exception("linking after storing document %s failed", doc.id[:12])
            if added:
                cache.invalidate()
        return added

    writer = ThreadPoolExecutor(1, thread_name_prefix="sitreport-write")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The thread pool FastAPI runs the (synchronous) read endpoints on, for this loop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = read_threads
        yield
        extractor.close()
        cache.close()
        writer.shutdown(wait=False, cancel_futures=True)

    root = ui_dir or _ui_dir()
    static_dir = root / "static"
    modules_dir = root / "node_modules"

    app = FastAPI(
        title="sitreport",
        summary="Conflict events from news reports, with who said what.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(InputError, _on_input_error)
    app.add_exception_handler(StoreError, _on_store_error)
    app.add_exception_handler(Exception, _on_unexpected)

    # Async (as is require_read_token): a sync dependency would take a read thread, so a
    # write would wait for one (see `read_threads`).
    async def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
    ) -> None:
        if expected is None:
            raise HTTPException(403, "writes are disabled: start the server with --token or SITREPORT_TOKEN")
        if credentials is None:
            raise HTTPException(401, "missing 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            raise HTTPException(401, "invalid bearer token", {"WWW-Authenticate": "Bearer"})

    async def require_read_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
    ) -> None:
        if read_token:
            await require_token(credentials)

    reads = [Depends(require_read_token)]

    # -- reads ---------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"], dependencies=reads)
    def list_events(filters: Filters, limit: Page = 100, offset: Offset = 0) -> JSONResponse:
        """Reports (one event claim in one article) matching every given filter, newest first
        unless `sort` says otherwise."""
        query = dataclasses.replace(filters, limit=limit, offset=offset)
        found, total = store.page_events(query)
        return _json({
            "total": total,
            "limit": limit,
            "offset": offset,
            "events": [event_view(se) for se in found],
        })

    @app.get("/api/clusters", tags=["events"], dependencies=reads)
    def list_clusters(filters: Filters, limit: Page = 100, offset: Offset = 0) -> JSONResponse:
        """Real-world events (each a cluster of reports, reconciled), newest first unless
        `sort` says otherwise. Filters apply to the reconciled fields; `outlet`, `actor`
        and `q` to any of its reports."""
        from sitreport.query import with_representatives

        query = dataclasses.replace(filters, limit=limit, offset=offset)
        found, total = store.page_clusters(query)
        rows = with_representatives(store, found)
        return _json({
            "total": total,
            "limit": limit,
            "offset": offset,
            "events": [cluster_to_dict(c, rep) for c, rep in rows],
        })

    @app.get("/api/clusters/{cluster_id}", tags=["events"], dependencies=reads)
    def get_cluster(cluster_id: Annotated[str, Path_(max_length=200)]) -> JSONResponse:
        """One event: its reconciled fields, and every report of it with its evidence and
        attribution chain, whether it supports or contradicts the event, and its sources."""
        cluster = store.get_cluster(cluster_id)
        if cluster is None:
            raise HTTPException(404, f"no event {cluster_id!r}")
        return _json(cluster_view(store, cluster))

    @app.get("/api/facets", tags=["events"], dependencies=reads)
    def facets(unit: Unit = "events") -> JSONResponse:
        """What each filter can choose from, over the whole store, with counts."""
        return _json(cache.get(("facets", unit), lambda: facets_view(store.facets(unit))))

    @app.get("/api/summary", tags=["events"], dependencies=reads)
    def summary(
        filters: Filters,
        unit: Unit = "events",
        places: Annotated[int, Query(ge=1, le=5000)] = 2000,
    ) -> JSONResponse:
        """The matching events (or reports) counted by place, for a map, and by day and
        type, for a timeline: every match, not one page of them."""
        key = ("summary", unit, places, dataclasses.replace(filters, order="newest"))
        return _json(cache.get(key, lambda: summary_view(store.summary(filters, unit, places))))

    @app.get("/api/export", tags=["events"], dependencies=reads)
    def export(
        filters: Filters,
        format: Annotated[str, Query(pattern="^(table|json|plover|geojson|acled-csv|parquet)$")] = "json",
        reports: bool = False,
        types: Annotated[list[str] | None, Query(description="PLOVER type (the older name of `type`)")] = None,
        limit: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
        offset: Offset = 0,
    ) -> Response:
        """Events (or reports) in an export format, as `sitreport query` writes them; the
        `X-Sitreport-Export` header says how many were written and left out."""
        import io
        import tempfile

        from sitreport.query import run_export

        more = tuple(t.strip().upper() for t in types or () if t.strip())
        query = dataclasses.replace(
            filters, types=tuple(dict.fromkeys(filters.types + more)), limit=limit, offset=offset
        )
        name = f"sitreport-{'reports' if reports else 'events'}"
        extension = {"acled-csv": "csv", "plover": "jsonl", "table": "txt"}.get(format, format)
        disposition = {"Content-Disposition": f'attachment; filename="{name}.{extension}"'}
        if format == "parquet":
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "export.parquet"
                message = run_export(store, query, format, path, reports=reports)
                body = path.read_bytes()
            return Response(body, media_type="application/vnd.apache.parquet",
                            headers={"X-Sitreport-Export": message, **disposition})
        buffer = io.StringIO()
        message = run_export(store, query, format, buffer, reports=reports)
        media = {"acled-csv": "text/csv", "plover": "application/x-ndjson", "table": "text/plain"}
        return Response(buffer.getvalue(), media_type=media.get(format, "application/json"),
                        headers={"X-Sitreport-Export": message.encode("ascii", "replace").decode(), **disposition})

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=reads)
    def get_event(event_id: Annotated[str, Path_(max_length=300)]) -> JSONResponse:
        """One report with its evidence, attribution chain and the other reports of its event."""
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
            members = store.query_events(EventQuery(cluster_id=se.cluster_id, limit=MAX_REPORTS))
            for member in members:
                if member.key == se.key:
                    continue
                view = event_view(member)
                linked.append(view)
                if _opposed(member.event.factuality, se.event.factuality):
                    contradictions.append(view)
        return _json({"event": event_view(se), "linked": linked, "contradictions": contradictions})

    @app.get("/api/documents", tags=["documents"], dependencies=reads)
    def list_documents(limit: Page = 100, offset: Offset = 0) -> JSONResponse:
        """Stored articles without their text, newest first."""
        return _json({
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
        })

    @app.get("/api/documents/{document_id}", tags=["documents"], dependencies=reads)
    def get_document(document_id: Annotated[str, Path_(max_length=200)]) -> JSONResponse:
        """An article's text and its events; evidence offsets index into `document.text`."""
        doc = store.get_document(document_id)
        if doc is None:
            raise HTTPException(404, f"no document {document_id!r}")
        ref = _document_ref(doc.id, doc.outlet, doc.published, doc.title, doc.url)
        return _json({
            "document": {**ref, "text": doc.text},
            "events": [event_view(se) for se in _stored_events_of(doc, store)],
        })

    @app.get("/api/graph", tags=["events"], dependencies=reads)
    def graph(
        sources: Annotated[int, Query(ge=0, le=500, description="sources per page, most cited first")] = 60,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        outlets: Annotated[int, Query(ge=1, le=500, description="outlets, most reports first")] = 100,
    ) -> JSONResponse:
        """Outlets and sources as nodes; cites, corroborates and contradicts as edges.
        Bounded: the `outlets` biggest outlets and one page of sources, the edges between them."""
        memo: _GraphMemo = cache.get(("source_counts",), lambda: _GraphMemo(store.source_counts()))
        return _json(memo.graph(sources=sources, offset=offset, outlets=outlets))

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
    async def post_document(request: Request, raw: Annotated[bytes, Depends(_raw_body)]) -> Any:
        """Extract events from an article and store them; the response lists the events.

        An article already stored (same text) is not stored twice: the answer is 200 with
        the stored events instead of 201. 503 means every extraction worker is busy.
        """
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() not in ("application/json", ""):
            raise HTTPException(415, "send the article as application/json")
        try:
            payload = DocumentIn.model_validate_json(raw)
        except ValidationError as exc:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
        record = payload.record()
        doc = await extractor.extract(record)
        done = writer.submit(respond, doc, payload.url or "api", record.content_hash)
        content = await asyncio.wrap_future(done)
        return JSONResponse(status_code=201 if content["created"] else 200, content=jsonable_encoder(content))

    def respond(doc: Document, source: str, source_hash: str) -> dict[str, Any]:
        added = store_document(doc, source, source_hash)
        stored = store.get_document(doc.id) or doc
        return {
            "document": _document_ref(stored.id, stored.outlet, stored.published, stored.title, stored.url),
            "created": added,
            "events": [event_view(se) for se in _stored_events_of(stored, store)],
        }

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
    app.add_middleware(HostAllowList, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: a 413 or a refused Host gets the headers too
    return app


async def _raw_body(request: Request) -> bytes:
    return await request.body()


def _extract(pipeline: PipelineFn, record: RawRecord) -> Document:
    """Read, annotate and check the article (on an extraction worker).

    Input it refuses, and a document past its time budget, are 422 and nothing is
    stored; any other failure is a 500 that names only the step that failed.
    """
    doc = record_to_document(record)
    try:
        doc = pipeline(doc)
    except InputError:
        raise
    except ExtractionError as exc:  # the time budget: a property of this article
        raise HTTPException(422, str(exc)) from exc
    except Exception as exc:
        log.error("extraction failed", exc_info=exc)
        raise HTTPException(500, "extraction failed on this article") from exc
    try:
        return storable(doc)
    except StoreError as exc:
        log.error("extraction produced an unstorable document: %s", exc)
        raise HTTPException(500, "extraction produced a document the store cannot hold") from exc
