"""The SQL store's tables, each column defined once: name, type and how its value is read.

`CREATE TABLE` statements for a new store, the column lists bulk inserts use and the
row tuples written all come from `TABLES`. Existing stores reach the same schema
through the migrations in `schema.py`; a test checks that both give identical tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitreport.link.features import EventFeatures
from sitreport.model import Actor, Document, Event, Place, Source
from sitreport.store.codec import to_jsonable
from sitreport.store.search import search_text

__all__ = ["INDEXES", "TABLES", "Column", "EventContext", "Table", "admin1_key", "column_types", "place_name"]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB spelling; PostgreSQL's is derived by `pg_dialect`
    not_null: bool = False
    get: Callable[[Any], Any] | None = None  # value from the row's context object


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    def ddl(self) -> str:
        parts = [f"{c.name} {c.type}{' NOT NULL' if c.not_null else ''}" for c in self.columns]
        if self.key:
            parts.append(f"PRIMARY KEY ({', '.join(self.key)})")
        return f"CREATE TABLE {self.name} (\n    " + ",\n    ".join(parts) + "\n)"

    def row(self, context: Any) -> tuple[Any, ...]:
        """The row for one context object, in column order."""
        out = []
        for c in self.columns:
            if c.get is None:
                raise TypeError(f"{self.name}.{c.name} has no reader")
            out.append(c.get(context))
        return tuple(out)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _json(value: object) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))


def _key(k: Any) -> dict[str, str]:
    return {"document_id": k.document_id, "event_id": k.event_id}


def _cluster_json(c: Any) -> str:
    """A cluster's lossless JSON; its reports and members (most of it) written directly,
    the same shape `to_jsonable` gives, several times faster."""
    data = to_jsonable(dataclasses.replace(c, members=(), reports=()))
    data["members"] = [_key(k) for k in c.members]
    data["reports"] = [
        {
            "key": _key(r.key),
            "outlet": r.outlet,
            "url": r.url,
            "published": r.published.isoformat() if r.published else None,
            "title": r.title,
            "factuality": r.factuality.value,
            "killed": r.killed,
            "roots": list(r.roots),
        }
        for r in c.reports
    ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class EventContext:
    """What an `events` row is read from."""

    doc: Document
    position: int
    event: Event
    features: EventFeatures | None = None


@dataclass(frozen=True)
class ActorContext:
    doc: Document
    event: Event
    role: str
    position: int
    actor: Actor


@dataclass(frozen=True)
class PlaceContext:
    doc: Document
    event: Event
    place: Place


@dataclass(frozen=True)
class SourceContext:
    doc: Document
    event: Event
    position: int
    source: Source


def place_name(place: Place | None) -> str | None:
    """How a place is named on a map: its gazetteer name, else the text that names it."""
    return (place.name or place.text) if place is not None else None


def _c(name: str, type: str, get: Callable[[Any], Any] | None = None, *, not_null: bool = False) -> Column:
    return Column(name, type, not_null, get)


def _date(ev: Event, attr: str) -> Any:
    return getattr(ev.date, attr) if ev.date is not None else None


def admin1_key(admin1: str | None) -> str | None:
    """How an admin1 filter compares names: case-folded ("Kharkiv Oblast" = "kharkiv oblast")."""
    return admin1.casefold() if admin1 else None


def _place(ev: Event, attr: str) -> Any:
    return getattr(ev.location, attr) if ev.location is not None else None


def _acled(ev: Event, attr: str) -> Any:
    return getattr(ev.acled, attr) if ev.acled is not None else None


_EVENTS = Table(
    "events",
    (
        _c("document_id", "VARCHAR", lambda r: r.doc.id, not_null=True),
        _c("event_id", "VARCHAR", lambda r: r.event.id, not_null=True),
        _c("position", "INTEGER", lambda r: r.position, not_null=True),
        _c("type", "VARCHAR", lambda r: r.event.type, not_null=True),
        _c("trigger", "VARCHAR", lambda r: r.event.trigger, not_null=True),
        _c("trigger_start", "INTEGER", lambda r: r.event.trigger_start, not_null=True),
        _c("trigger_end", "INTEGER", lambda r: r.event.trigger_end, not_null=True),
        _c("sentence", "INTEGER", lambda r: r.event.sentence, not_null=True),
        _c("mode", "VARCHAR", lambda r: r.event.mode),
        _c("contexts", "VARCHAR[]", lambda r: list(r.event.contexts), not_null=True),
        _c("date_text", "VARCHAR", lambda r: _date(r.event, "text")),
        _c("date_start_char", "INTEGER", lambda r: _date(r.event, "start_char")),
        _c("date_end_char", "INTEGER", lambda r: _date(r.event, "end_char")),
        _c("date_start", "DATE", lambda r: _date(r.event, "start")),
        _c("date_end", "DATE", lambda r: _date(r.event, "end")),
        _c("date_precision", "VARCHAR", lambda r: r.event.date.precision.value
           if r.event.date is not None and r.event.date.precision else None),
        _c("killed", "INTEGER", lambda r: r.event.counts.killed),
        _c("injured", "INTEGER", lambda r: r.event.counts.injured),
        _c("people", "INTEGER", lambda r: r.event.counts.people),
        _c("arrested", "INTEGER", lambda r: r.event.counts.arrested),
        _c("attribution_cue", "VARCHAR", lambda r: r.event.attribution.cue),
        _c("factuality", "VARCHAR", lambda r: r.event.factuality.value, not_null=True),
        _c("acled_event_type", "VARCHAR", lambda r: _acled(r.event, "event_type")),
        _c("acled_sub_event_type", "VARCHAR", lambda r: _acled(r.event, "sub_event_type")),
        _c("acled_disorder_type", "VARCHAR", lambda r: _acled(r.event, "disorder_type")),
        _c("acled_actor1", "VARCHAR", lambda r: _acled(r.event, "actor1")),
        _c("acled_actor2", "VARCHAR", lambda r: _acled(r.event, "actor2")),
        _c("acled_inter1", "INTEGER", lambda r: _acled(r.event, "inter1")),
        _c("acled_inter2", "INTEGER", lambda r: _acled(r.event, "inter2")),
        _c("acled_interaction", "INTEGER", lambda r: _acled(r.event, "interaction")),
        _c("acled_fatalities", "INTEGER", lambda r: _acled(r.event, "fatalities")),
        _c("acled_civilian_targeting", "BOOLEAN", lambda r: _acled(r.event, "civilian_targeting")),
        _c("payload", "VARCHAR", lambda r: _json(r.event), not_null=True),
        # v2: what the linker reads, computed once when the event is stored.
        _c("roots", "VARCHAR[]", lambda r: list(r.features.roots)),
        _c("people_mask", "BIGINT", lambda r: r.features.people_mask),
        _c("text_hashes", "BLOB", lambda r: r.features.hashes),
        _c("link_block", "VARCHAR", lambda r: r.features.block),
        _c("link_lo", "INTEGER", lambda r: r.features.lo),
        _c("link_hi", "INTEGER", lambda r: r.features.hi),
        # v3: the search key (`sitreport.store.search`) and the filtered fields of the
        # article and the place, so listings need no join.
        _c("search", "VARCHAR", lambda r: search_text(r.event)),
        _c("outlet", "VARCHAR", lambda r: r.doc.outlet),
        _c("country", "VARCHAR", lambda r: _place(r.event, "country")),
        _c("admin1", "VARCHAR", lambda r: _place(r.event, "admin1")),
        _c("admin1_key", "VARCHAR", lambda r: admin1_key(_place(r.event, "admin1"))),
        _c("lat", "DOUBLE", lambda r: _place(r.event, "lat")),
        _c("lon", "DOUBLE", lambda r: _place(r.event, "lon")),
        _c("place_name", "VARCHAR", lambda r: place_name(r.event.location)),
        # v4: the event (cluster) this report belongs to, the same as `cluster_members`
        # says; set when clusters are written, so a search or an outlet filter on events
        # is one scan of `events` with no join.
        _c("cluster_id", "VARCHAR", lambda r: None),
        # v5: what a listing shows of the article and of the event, so a page of reports
        # is read in one query; the event's two are set when clusters are written.
        _c("published", "DATE", lambda r: r.doc.published),
        _c("url", "VARCHAR", lambda r: r.doc.url),
        _c("title", "VARCHAR", lambda r: r.doc.title),
        _c("corroboration", "INTEGER", lambda r: None),
        _c("contradiction", "BOOLEAN", lambda r: None),
    ),
    ("document_id", "event_id"),
)

_CLUSTERS = Table(
    "clusters",
    tuple(
        _c(name, tp, get, not_null=nn)
        for name, tp, get, nn in (
            ("id", "VARCHAR", lambda c: c.id, True),
            ("type", "VARCHAR", lambda c: c.type, True),
            ("mode", "VARCHAR", lambda c: c.mode, False),
            ("factuality", "VARCHAR", lambda c: c.factuality.value, True),
            ("corroboration", "INTEGER", lambda c: c.corroboration, True),
            ("roots", "VARCHAR[]", lambda c: list(c.roots), True),
            ("contradiction", "BOOLEAN", lambda c: c.contradiction, True),
            ("country", "VARCHAR", lambda c: c.country, False),
            ("admin1", "VARCHAR", lambda c: c.admin1, False),
            ("lat", "DOUBLE", lambda c: c.location.lat if c.location else None, False),
            ("lon", "DOUBLE", lambda c: c.location.lon if c.location else None, False),
            ("date_start", "DATE", lambda c: c.date_start, False),
            ("date_end", "DATE", lambda c: c.date_end, False),
            ("killed", "INTEGER", lambda c: c.counts.killed, False),
            ("acled_event_type", "VARCHAR", lambda c: c.acled.event_type if c.acled else None, False),
            ("score", "DOUBLE", lambda c: c.score, True),
            ("size", "INTEGER", lambda c: c.size, True),
            ("updated_at", "TIMESTAMP", lambda c: dt.datetime.now(dt.UTC).replace(tzinfo=None), True),
            ("payload", "VARCHAR", _cluster_json, True),
            ("place_name", "VARCHAR", lambda c: place_name(c.location), False),
        )
    ),
    ("id",),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            (
                _c("id", "VARCHAR", not_null=True),
                _c("text", "VARCHAR", not_null=True),
                _c("outlet", "VARCHAR"),
                _c("published", "DATE"),
                _c("title", "VARCHAR"),
                _c("url", "VARCHAR"),
                _c("body_start", "INTEGER", not_null=True),
                _c("meta", "VARCHAR", not_null=True),
                _c("source", "VARCHAR"),
                _c("added_at", "TIMESTAMP", not_null=True),
            ),
            ("id",),
        ),
        Table(
            "sources",
            (
                _c("hash", "VARCHAR", not_null=True),
                _c("document_id", "VARCHAR", not_null=True),
                _c("source", "VARCHAR"),
            ),
            ("hash",),
        ),
        _EVENTS,
        Table(
            "actors",
            (
                _c("document_id", "VARCHAR", lambda r: r.doc.id, not_null=True),
                _c("event_id", "VARCHAR", lambda r: r.event.id, not_null=True),
                _c("role", "VARCHAR", lambda r: r.role, not_null=True),
                _c("position", "INTEGER", lambda r: r.position, not_null=True),
                _c("text", "VARCHAR", lambda r: r.actor.text, not_null=True),
                _c("start_char", "INTEGER", lambda r: r.actor.start, not_null=True),
                _c("end_char", "INTEGER", lambda r: r.actor.end, not_null=True),
                _c("country", "VARCHAR", lambda r: r.actor.country),
                _c("sector", "VARCHAR", lambda r: r.actor.sector),
                _c("name", "VARCHAR", lambda r: r.actor.name),
                _c("head", "INTEGER", lambda r: r.actor.head, not_null=True),
            ),
            ("document_id", "event_id", "role", "position"),
        ),
        Table(
            "places",
            (
                _c("document_id", "VARCHAR", lambda r: r.doc.id, not_null=True),
                _c("event_id", "VARCHAR", lambda r: r.event.id, not_null=True),
                _c("text", "VARCHAR", lambda r: r.place.text, not_null=True),
                _c("start_char", "INTEGER", lambda r: r.place.start, not_null=True),
                _c("end_char", "INTEGER", lambda r: r.place.end, not_null=True),
                _c("name", "VARCHAR", lambda r: r.place.name),
                _c("country", "VARCHAR", lambda r: r.place.country),
                _c("admin1", "VARCHAR", lambda r: r.place.admin1),
                _c("admin2", "VARCHAR", lambda r: r.place.admin2),
                _c("lat", "DOUBLE", lambda r: r.place.lat),
                _c("lon", "DOUBLE", lambda r: r.place.lon),
                _c("precision", "VARCHAR", lambda r: r.place.precision.value if r.place.precision else None),
                _c("near", "BOOLEAN", lambda r: r.place.near, not_null=True),
            ),
            ("document_id", "event_id"),
        ),
        Table(
            "attributions",
            (
                _c("document_id", "VARCHAR", lambda r: r.doc.id, not_null=True),
                _c("event_id", "VARCHAR", lambda r: r.event.id, not_null=True),
                _c("position", "INTEGER", lambda r: r.position, not_null=True),
                _c("name", "VARCHAR", lambda r: r.source.name, not_null=True),
                _c("kind", "VARCHAR", lambda r: r.source.kind, not_null=True),
                _c("also", "VARCHAR[]", lambda r: list(r.source.also), not_null=True),
            ),
            ("document_id", "event_id", "position"),
        ),
        Table(
            "evidence",
            (
                _c("document_id", "VARCHAR", lambda r: r.doc.id, not_null=True),
                _c("event_id", "VARCHAR", lambda r: r.event.id, not_null=True),
                _c("sentence", "VARCHAR", lambda r: r.event.evidence.sentence, not_null=True),
                _c("start_char", "INTEGER", lambda r: r.event.evidence.start, not_null=True),
                _c("end_char", "INTEGER", lambda r: r.event.evidence.end, not_null=True),
            ),
            ("document_id", "event_id"),
        ),
        Table(
            "failures",
            (
                _c("key", "VARCHAR", not_null=True),
                _c("source", "VARCHAR", not_null=True),
                _c("error", "VARCHAR", not_null=True),
                _c("failed_at", "TIMESTAMP", not_null=True),
            ),
            ("key",),
        ),
        _CLUSTERS,
        Table(
            "cluster_members",
            (
                _c("document_id", "VARCHAR", not_null=True),
                _c("event_id", "VARCHAR", not_null=True),
                _c("cluster_id", "VARCHAR", not_null=True),
            ),
            ("document_id", "event_id"),
        ),
    )
}


# Single-column indexes (DuckDB looks up rows only through those): a page of reports is
# read by article id, the members of an event by its id, a new article's places and
# evidence (for linking it) by article id.
INDEXES = (
    "CREATE INDEX events_document ON events (document_id)",
    "CREATE INDEX places_document ON places (document_id)",
    "CREATE INDEX evidence_document ON evidence (document_id)",
    "CREATE INDEX members_document ON cluster_members (document_id)",
    "CREATE INDEX members_cluster ON cluster_members (cluster_id)",
)


def column_types(table: str) -> tuple[tuple[str, str], ...]:
    """(name, DuckDB type) of each column of `table`, in insert order."""
    return tuple((c.name, c.type) for c in TABLES[table].columns)
