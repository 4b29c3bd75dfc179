"""Querying the store from user input: parse filters, run, show a table."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from rich.console import RenderableType
from rich.markup import escape

from sitreport.errors import InputError
from sitreport.store.base import EventQuery, Store, StoredEvent
from sitreport.termtable import Column, fit_table

__all__ = ["build_query", "events_table", "parse_day", "run_query"]

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
