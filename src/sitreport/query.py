"""Querying the store from user input: parse filters, run, show a table or export.

`run_export` is what `sitreport query` and the API's `/api/export` both do: events
(clusters) by default, reports with `reports=True`, in any export format or as a
table; `remote_export` asks a running server for the same when it holds the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console, RenderableType
from rich.markup import escape

from sitreport.errors import InputError, SitreportError
from sitreport.io.sources import RawRecord
from sitreport.store.base import Cluster, EventQuery, Store, StoredEvent
from sitreport.termtable import Column, fit_table

__all__ = [
    "build_query",
    "clusters_table",
    "events_table",
    "ingest_through",
    "parse_day",
    "query_params",
    "remote_export",
    "run_export",
    "run_query",
    "with_representatives",
]

_ISO3 = re.compile(r"^[A-Za-z]{3}$")


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A YYYY-MM-DD filter value; `InputError` (naming the option) when it is not one."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from exc


def _country(value: str | None, name: str) -> str | None:
    if value is None or not value.strip():
        return None
    if not _ISO3.match(value.strip()):
        raise InputError(f"{name}: expected an ISO 3166-1 alpha-3 code such as UKR, got {value!r}")
    return value.strip().upper()


def build_query(
    *,
    types: Sequence[str] = (),
    country: str | None = None,
    admin1: str | None = None,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    actor_country: str | None = None,
    min_corroboration: int | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> EventQuery:
    """An `EventQuery` from command-line style strings (types may be comma-separated)."""
    names = tuple(
        dict.fromkeys(t.strip().upper() for item in types for t in item.split(",") if t.strip())
    )
    date_from, date_to = parse_day(since, "--since"), parse_day(until, "--until")
    if date_from and date_to and date_from > date_to:
        raise InputError(f"--since {date_from} is after --until {date_to}")
    if min_corroboration is not None and min_corroboration < 1:
        raise InputError("--min-corroboration must be at least 1")
    if limit is not None and limit < 0:
        raise InputError("--limit must not be negative")
    if offset < 0:
        raise InputError("--offset must not be negative")
    return EventQuery(
        types=names,
        country=_country(country, "--country"),
        admin1=admin1.strip() if admin1 and admin1.strip() else None,
        date_from=date_from,
        date_to=date_to,
        actor=actor.strip() if actor and actor.strip() else None,
        actor_country=_country(actor_country, "--actor-country"),
        min_corroboration=min_corroboration,
        limit=limit,
        offset=offset,
    )


def run_query(store: Store, query: EventQuery) -> list[StoredEvent]:
    return store.query_events(query)


# The query table's columns, the first kept longest when the terminal is narrow.
QUERY_COLUMNS = (
    Column("date"),
    Column("type", drop=1),
    Column("where", drop=2),
    Column("actors", drop=3),
    Column("factuality", drop=4),
    Column("corr.", drop=5),
    Column("killed", drop=6),
    Column("outlet", drop=7),
    Column("recipients", drop=8),
)
_WIDE = 10_000


def events_table(
    events: Sequence[StoredEvent], *, title: str | None = None, width: int | None = None
) -> RenderableType:
    """A table: date, type, place, actors, factuality, corroboration, killed, outlet, recipients.

    At most `width` characters wide (columns are left out rather than words cut); a
    date taken from the publication because the text gives none is marked "(pub.)";
    `corr.` is the number of independent sources, with "!" when the cluster holds a
    contradiction.
    """
    rows = []
    for se in events:
        ev = se.event
        if ev.date and ev.date.start:
            date = ev.date.start.isoformat()
        else:
            date = f"{se.published.isoformat()} (pub.)" if se.published else ""
        loc = ev.location
        where = ", ".join(p for p in ((loc.name or loc.text), loc.admin1, loc.country) if p) if loc else ""
        corr = str(se.corroboration) + ("!" if se.contradiction else "")
        row = [
            date,
            ev.type,
            where,
            "; ".join(a.text for a in ev.actors),
            ev.factuality.value,
            corr,
            "" if ev.counts.killed is None else str(ev.counts.killed),
            se.outlet or "",
            "; ".join(a.text for a in ev.recipients),
        ]
        rows.append([escape(cell) for cell in row])
    return fit_table(QUERY_COLUMNS, rows, width or _WIDE, title=title)


# The events table's columns, the first kept longest when the terminal is narrow.
CLUSTER_COLUMNS = (
    Column("date"),
    Column("type", drop=1),
    Column("where", drop=2),
    Column("actors", drop=3),
    Column("killed", drop=4),
    Column("factuality", drop=5),
    Column("corr.", drop=6),
    Column("reports", drop=7),
    Column("outlets", drop=8),
)


def clusters_table(
    rows: Sequence[tuple[Cluster, StoredEvent | None]], *, title: str | None = None, width: int | None = None
) -> RenderableType:
    """A table of events: date, type, place, actors, killed, factuality, corroboration,
    reports and outlets, at most `width` characters wide (see `events_table`)."""
    cells = []
    for c, rep in rows:
        loc = c.location
        where = ", ".join(p for p in ((loc.name or loc.text), loc.admin1, loc.country) if p) if loc else ""
        actors = "; ".join(a.text for a in rep.event.actors) if rep else ""
        row = [
            c.date_start.isoformat() if c.date_start else "",
            c.type,
            where,
            actors,
            "" if c.counts.killed is None else str(c.counts.killed),
            c.factuality.value,
            str(c.corroboration) + ("!" if c.contradiction else ""),
            str(c.size),
            "; ".join(c.outlets),
        ]
        cells.append([escape(cell) for cell in row])
    return fit_table(CLUSTER_COLUMNS, cells, width or _WIDE, title=title)


def with_representatives(store: Store, clusters: Sequence[Cluster]) -> list[tuple[Cluster, StoredEvent | None]]:
    """Each cluster with its representative report (actors, evidence), read in one go."""
    found = store.representatives(clusters)
    return [(c, found.get(c.id)) for c in clusters]


def run_export(
    store: Store, query: EventQuery, fmt: str, out: str | Path | TextIO | None, *, reports: bool = False
) -> str:
    """Run `query` and write the result in `fmt` ("table" or an export format) to `out`
    (a path, a stream, or standard output); returns the line to tell the user."""
    from sitreport.io.exports import write_export

    target: str | Path | TextIO = out if out is not None else sys.stdout
    if reports:
        events = store.query_events(query)
        total = store.count_events(query)
        if fmt == "table":
            _print_table(lambda width: events_table(events, title=f"{len(events)} of {total} reports", width=width),
                         target)
            return ""
        return write_export(events, fmt, target, reports=True).message()
    clusters = store.query_clusters(query)
    rows = with_representatives(store, clusters)
    unlinked = len(store.unlinked_documents())
    note = (
        f"; {unlinked} articles are not linked into events yet: run `sitreport link` (or use --reports)"
        if unlinked
        else ""
    )
    if fmt == "table":
        total = store.count_clusters(query)
        _print_table(lambda width: clusters_table(rows, title=f"{len(rows)} of {total} events", width=width), target)
        return note.removeprefix("; ")
    return write_export(rows, fmt, target, reports=False).message() + note


# A table written to a file is laid out for this width.
_FILE_WIDTH = 160


def _print_table(table: Callable[[int], RenderableType], target: str | Path | TextIO) -> None:
    """Print the table `table(width)` lays out, as wide as the terminal (or a file) allows."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8") as fh:
            console = Console(file=fh, width=_FILE_WIDTH)
            console.print(table(console.width))
    else:
        console = Console(file=target)
        console.print(table(console.width))


# `EventQuery` fields by the name of the API's query parameter (see `sitreport.api.event_filters`).
_PARAMS = {"types": "type", "acled_types": "acled_type", "factualities": "factuality", "outlets": "outlet",
           "text": "q", "order": "sort"}


def query_params(query: EventQuery, fmt: str, reports: bool) -> dict[str, Any]:
    """`query` as the query string of `/api/export`."""
    params: dict[str, Any] = {"format": fmt, "reports": str(reports).lower(), "offset": query.offset}
    for field in dataclasses.fields(query):
        value = getattr(query, field.name)
        if field.name in ("offset", "document_id", "cluster_id") or value is None or value == ():
            continue
        name = _PARAMS.get(field.name, field.name)
        if field.name == "at":
            params[name] = f"{value[0]},{value[1]}"
        else:
            params[name] = [str(v) for v in value] if isinstance(value, tuple) else str(value)
    return params


def remote_export(
    url: str, query: EventQuery, fmt: str, out: str | Path | None, *, reports: bool = False
) -> str:
    """Ask the `sitreport serve` at `url` for the export (it holds the store)."""
    import httpx

    try:
        response = httpx.get(f"{url}/api/export", params=query_params(query, fmt, reports), timeout=600)
    except httpx.HTTPError as exc:
        raise SitreportError(f"the server holding the store ({url}) did not answer: {exc}") from exc
    if response.status_code != 200:
        raise SitreportError(f"the server at {url} refused the query: {response.text[:300]}")
    if out is not None:
        Path(out).write_bytes(response.content)
    elif fmt == "parquet":
        raise SitreportError("Parquet needs a file: pass --out FILE")
    else:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8") if hasattr(sys.stdout, "buffer") else None
        if stream is not None:
            stream.write(response.text)
            stream.flush()
            stream.detach()
        else:
            sys.stdout.write(response.text)
    return str(response.headers.get("x-sitreport-export", "")) + f" (through the server at {url})"


def ingest_through(url: str, token: str, records: Iterable[RawRecord]) -> tuple[int, int, int]:
    """POST each record to the server at `url` (which extracts, stores and links it);
    returns (added, duplicates, failed). Failures are printed on standard error."""
    import httpx

    added = duplicates = failed = 0
    err = Console(stderr=True)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
        for record in records:
            if record.error is not None:
                failed += 1
                err.print(f"failed: {record.source}: {record.error}", highlight=False)
                continue
            body = {
                ("html" if record.kind == "html" else "text"): record.content.decode("utf-8", "replace"),
                "outlet": record.outlet,
                "published": record.published.isoformat() if record.published else None,
                "url": record.url,
                "title": record.title,
            }
            try:
                response = client.post("/api/documents", json={k: v for k, v in body.items() if v is not None})
            except httpx.HTTPError as exc:
                raise SitreportError(f"the server at {url} did not answer: {exc}") from exc
            if response.status_code == 201:
                added += 1
            elif response.status_code == 200:
                duplicates += 1
            elif response.status_code in (401, 403):
                raise SitreportError(f"the server at {url} refused the token: {response.text[:200]}")
            else:
                failed += 1
                err.print(f"failed: {record.source}: {response.text[:200]}", highlight=False)
    return added, duplicates, failed
