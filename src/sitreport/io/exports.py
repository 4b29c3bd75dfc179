"""Exports of stored events: PLOVER JSON, GeoJSON, Parquet and ACLED CSV.

Each takes `StoredEvent`s (what `Store.query_events` returns), so any query
can be exported in any format. The JSON event shape is the CONTRACT's (from
`sitreport.serialize`) plus the event's global id, its document and its
cluster, the same shape the HTTP API serves.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

import duckdb

from sitreport.errors import SitreportError
from sitreport.model import Document
from sitreport.serialize import event_to_dict
from sitreport.store.base import StoredEvent

__all__ = [
    "FLAT_COLUMNS",
    "FORMATS",
    "event_record",
    "flat_row",
    "to_geojson",
    "to_plover_json",
    "write_acled_csv_events",
    "write_export",
    "write_parquet",
]

FORMATS = ("json", "geojson", "parquet", "acled-csv")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def event_record(se: StoredEvent) -> dict[str, Any]:
    """One event: CONTRACT fields, global `id`, `event_id`, `document`, cluster fields."""
    out = event_to_dict(se.event)
    out["event_id"] = out["id"]
    out["id"] = str(se.key)
    out["document"] = {
        "id": se.document_id,
        "outlet": se.outlet,
        "published": _iso(se.published),
        "title": se.title,
        "url": se.url,
    }
    out["cluster"] = (
        {"id": se.cluster_id, "corroboration": se.corroboration, "contradiction": se.contradiction}
        if se.cluster_id is not None
        else None
    )
    out["corroboration"] = se.corroboration
    return out


def to_plover_json(events: Iterable[StoredEvent]) -> list[dict[str, Any]]:
    return [event_record(se) for se in events]


# Flat columns shared by GeoJSON properties and Parquet: name, DuckDB type.
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("document_id", "VARCHAR"),
    ("event_id", "VARCHAR"),
    ("type", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("contexts", "VARCHAR[]"),
    ("factuality", "VARCHAR"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("date_precision", "VARCHAR"),
    ("place", "VARCHAR"),
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("geo_precision", "VARCHAR"),
    ("actors", "VARCHAR[]"),
    ("actor_countries", "VARCHAR[]"),
    ("recipients", "VARCHAR[]"),
    ("recipient_countries", "VARCHAR[]"),
    ("killed", "INTEGER"),
    ("injured", "INTEGER"),
    ("people", "INTEGER"),
    ("arrested", "INTEGER"),
    ("sources", "VARCHAR[]"),
    ("acled_event_type", "VARCHAR"),
    ("acled_sub_event_type", "VARCHAR"),
    ("evidence", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("published", "DATE"),
    ("url", "VARCHAR"),
    ("cluster_id", "VARCHAR"),
    ("corroboration", "INTEGER"),
    ("contradiction", "BOOLEAN"),
)


def flat_row(se: StoredEvent) -> dict[str, Any]:
    """One event as flat columns (dates stay `datetime.date`)."""
    ev = se.event
    loc, date = ev.location, ev.date
    return {
        "id": str(se.key),
        "document_id": se.document_id,
        "event_id": ev.id,
        "type": ev.type,
        "mode": ev.mode,
        "contexts": list(ev.contexts),
        "factuality": ev.factuality.value,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision.value if date and date.precision else None,
        "place": (loc.name or loc.text) if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geo_precision": loc.precision.value if loc and loc.precision else None,
        "actors": [a.text for a in ev.actors],
        "actor_countries": [a.country for a in ev.actors if a.country],
        "recipients": [a.text for a in ev.recipients],
        "recipient_countries": [a.country for a in ev.recipients if a.country],
        "killed": ev.counts.killed,
        "injured": ev.counts.injured,
        "people": ev.counts.people,
        "arrested": ev.counts.arrested,
        "sources": [s.name for s in ev.attribution.chain],
        "acled_event_type": ev.acled.event_type if ev.acled else None,
        "acled_sub_event_type": ev.acled.sub_event_type if ev.acled else None,
        "evidence": ev.evidence.sentence if ev.evidence else None,
        "outlet": se.outlet,
        "published": se.published,
        "url": se.url,
        "cluster_id": se.cluster_id,
        "corroboration": se.corroboration,
        "contradiction": se.contradiction,
    }


def to_geojson(events: Iterable[StoredEvent]) -> dict[str, Any]:
    """A FeatureCollection of the events that have coordinates (others are left out)."""
    features = []
    for se in events:
        loc = se.event.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        props = {
            k: _iso(v) if k in ("date_start", "date_end", "published") else v
            for k, v in flat_row(se).items()
            if k not in ("lat", "lon")
        }
        features.append(
            {
                "type": "Feature",
                "id": str(se.key),
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_parquet(events: Iterable[StoredEvent], path: str | Path) -> int:
    """Write flat event rows to a Parquet file with DuckDB; return the row count."""
    rows = [flat_row(se) for se in events]
    con = duckdb.connect()
    try:
        columns = ", ".join(f'"{n}" {t}' for n, t in FLAT_COLUMNS)
        con.execute(f"CREATE TABLE export ({columns})")
        if rows:
            params = {f"c{i}": [r[n] for r in rows] for i, (n, _) in enumerate(FLAT_COLUMNS)}
            select = ", ".join(f"unnest($c{i}::{t}[])" for i, (_, t) in enumerate(FLAT_COLUMNS))
            con.execute(f"INSERT INTO export SELECT {select}", params)
        target = str(path).replace("'", "''")
        con.execute(f"COPY export TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()
    return len(rows)


def write_acled_csv_events(events: Iterable[StoredEvent], out: TextIO) -> int:
    """ACLED CSV rows via `sitreport.io.acled_csv.write_acled_csv`; returns rows written."""
    from sitreport.io.acled_csv import write_acled_csv

    docs: dict[str, Document] = {}
    for se in events:
        doc = docs.get(se.document_id)
        if doc is None:
            doc = Document(
                id=se.document_id,
                text="",
                outlet=se.outlet,
                published=se.published,
                title=se.title,
                url=se.url,
            )
        docs[se.document_id] = dataclasses.replace(doc, events=(*doc.events, se.event))
    return write_acled_csv(docs.values(), out)


def write_export(events: Sequence[StoredEvent], fmt: str, out: str | Path | TextIO) -> int:
    """Write `events` in `fmt` to a path or an open text stream; returns the event count."""
    if fmt not in FORMATS:
        raise SitreportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise SitreportError("Parquet needs a file: pass --out FILE")
        return write_parquet(events, out)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_export(events, fmt, fh)
    if fmt == "acled-csv":
        return write_acled_csv_events(events, out)
    payload: Any = to_plover_json(events) if fmt == "json" else to_geojson(events)
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(events)
