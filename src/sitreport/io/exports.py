"""Exports of the store: JSON, PLOVER JSON Lines, GeoJSON, Parquet and ACLED CSV.

By default one record per event (a cluster of reports, reconciled: see
`sitreport.link.summary`), given as `(Cluster, representative StoredEvent)` pairs;
with `reports=True` one per report (`StoredEvent`), each naming its cluster. Every
format keeps denied, negated, planned and hypothetical claims with their
factuality, except ACLED CSV, which holds only events reported as having taken
place; every writer returns an `ExportResult` whose `message()` says how many were
written and how many left out and why. Field meanings: docs/data-dictionary.md.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import duckdb

from sitreport import __version__
from sitreport.errors import SitreportError
from sitreport.io.acled_csv import REASONS, write_acled_csv, write_acled_csv_clusters
from sitreport.model import Actor, Document, Event, Place
from sitreport.serialize import cluster_to_dict, stored_event_to_dict
from sitreport.store.base import Cluster, StoredEvent
from sitreport.vocab import PLOVER

__all__ = [
    "EVENT_COLUMNS",
    "FLAT_COLUMNS",
    "FORMATS",
    "REPORT_COLUMNS",
    "EventRow",
    "ExportResult",
    "event_record",
    "flat_event",
    "flat_row",
    "plover_record",
    "to_geojson",
    "write_export",
    "write_parquet",
]

FORMATS = ("json", "plover", "geojson", "parquet", "acled-csv")

EventRow = tuple[Cluster, StoredEvent | None]
Items = Sequence[EventRow] | Sequence[StoredEvent]


@dataclass
class ExportResult:
    """Records written, and records left out by reason."""

    format: str
    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    unit: str = "events"

    def message(self) -> str:
        text = f"{self.written} {self.unit} written ({self.format})"
        if self.left_out:
            parts = [f"{n} {_REASONS.get(k, k)}" for k, n in sorted(self.left_out.items())]
            text += f"; {sum(self.left_out.values())} left out: " + "; ".join(parts)
        return text


_REASONS = {**REASONS, "unmapped": "no coordinates (GeoJSON needs a point)"}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def event_record(se: StoredEvent) -> dict[str, Any]:
    """One report in the shared JSON view (`sitreport.serialize.stored_event_to_dict`)."""
    return stored_event_to_dict(se)


# ---- PLOVER ----------------------------------------------------------------------------


def _plover_actor(a: Actor) -> dict[str, Any]:
    return {"code": a.country, "sector": a.sector, "entity_text": a.text, "identifier_text": a.name}


def _plover_loc(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name or p.text,
        "latitude": p.lat,
        "longitude": p.lon,
        "cc3": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "precision": p.precision.value if p.precision else None,
        "text": p.text,
    }


def plover_record(
    *,
    id: str,
    event: Event | None,
    type: str,
    mode: str | None,
    place: Place | None,
    start: Any,
    end: Any,
    counts: Any,
    outlet: str | None,
    url: str | None,
    title: str | None,
    published: Any,
    quads: dict[str, int],
    extra: dict[str, Any],
) -> dict[str, Any]:
    """One record with the PLOVER manual's JSON field names (see docs/data-dictionary.md)."""
    return {
        "id": id,
        "has_event": True,
        "date": _iso(start),
        "enddate": _iso(end),
        "event": type,
        "mode": mode,
        "context": list(event.contexts) if event else [],
        "actor": [_plover_actor(a) for a in event.actors] if event else [],
        "recipient": [_plover_actor(a) for a in event.recipients] if event else [],
        "event_loc": _plover_loc(place),
        "event_text": event.trigger if event else None,
        "quad_code": quads.get(type.upper()),
        "size": {"dead": counts.killed, "injured": counts.injured, "arrested": counts.arrested,
                 "people": counts.people},
        "text": event.evidence.sentence if event and event.evidence else None,
        "text_info": {"start": event.evidence.start, "end": event.evidence.end, "sequence": event.sentence}
        if event and event.evidence
        else None,
        "cite_info": {"publication": outlet, "url": url, "title": title, "date": _iso(published),
                      "language": "en", "coder": f"sitreport {__version__}", "codebook": "plover-0.7"},
        **extra,
    }


def _plover_event(row: EventRow, quads: dict[str, int]) -> dict[str, Any]:
    c, rep = row
    return plover_record(
        id=c.id,
        event=rep.event if rep else None,
        type=c.type,
        mode=c.mode,
        place=c.location,
        start=c.date_start,
        end=c.date_end,
        counts=c.counts,
        outlet=rep.outlet if rep else None,
        url=rep.url if rep else None,
        title=rep.title if rep else None,
        published=rep.published if rep else None,
        quads=quads,
        extra={
            "factuality": c.factuality.value,
            "corroboration": c.corroboration,
            "sources": list(c.roots),
            "contradiction": c.contradiction,
            "reports": [{"id": str(r.key), "publication": r.outlet, "url": r.url, "factuality": r.factuality.value}
                        for r in c.reports],
            "acled": {"event_type": c.acled.event_type, "sub_event_type": c.acled.sub_event_type,
                      "fatalities": c.acled.fatalities} if c.acled else None,
        },
    )


def _plover_report(se: StoredEvent, quads: dict[str, int]) -> dict[str, Any]:
    ev = se.event
    d = ev.date
    return plover_record(
        id=str(se.key),
        event=ev,
        type=ev.type,
        mode=ev.mode,
        place=ev.location,
        start=(d.start if d and d.start else se.published),
        end=(d.end if d and d.end else None),
        counts=ev.counts,
        outlet=se.outlet,
        url=se.url,
        title=se.title,
        published=se.published,
        quads=quads,
        extra={
            "link": se.cluster_id,  # PLOVER's "common reference across related events": the cluster
            "factuality": ev.factuality.value,
            "attribution": [{"name": s.name, "kind": s.kind} for s in ev.attribution.chain],
            "acled": {"event_type": ev.acled.event_type, "sub_event_type": ev.acled.sub_event_type,
                      "fatalities": ev.acled.fatalities} if ev.acled else None,
        },
    )


# ---- flat rows (GeoJSON properties, Parquet) -------------------------------------------

# Report columns: name, DuckDB type.
REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
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
FLAT_COLUMNS = REPORT_COLUMNS

# Event (cluster) columns: name, DuckDB type.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("type", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("factuality", "VARCHAR"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("date_precision", "VARCHAR"),
    ("place", "VARCHAR"),
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("admin2", "VARCHAR"),
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
    ("acled_event_type", "VARCHAR"),
    ("acled_sub_event_type", "VARCHAR"),
    ("acled_fatalities", "INTEGER"),
    ("corroboration", "INTEGER"),
    ("sources", "VARCHAR[]"),
    ("contradiction", "BOOLEAN"),
    ("contradicted_by", "VARCHAR[]"),
    ("reports", "INTEGER"),
    ("outlets", "VARCHAR[]"),
    ("urls", "VARCHAR[]"),
    ("evidence", "VARCHAR"),
)


def flat_row(se: StoredEvent) -> dict[str, Any]:
    """One report as flat columns (dates stay `datetime.date`)."""
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


def flat_event(row: EventRow) -> dict[str, Any]:
    """One event (cluster) as flat columns (dates stay `datetime.date`)."""
    c, rep = row
    ev = rep.event if rep else None
    loc = c.location
    outlets = c.outlets
    return {
        "id": c.id,
        "type": c.type,
        "mode": c.mode,
        "factuality": c.factuality.value,
        "date_start": c.date_start,
        "date_end": c.date_end,
        "date_precision": c.date.precision.value if c.date and c.date.precision else None,
        "place": (loc.name or loc.text) if loc else None,
        "country": c.country,
        "admin1": c.admin1,
        "admin2": loc.admin2 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geo_precision": loc.precision.value if loc and loc.precision else None,
        "actors": [a.text for a in ev.actors] if ev else [],
        "actor_countries": [a.country for a in ev.actors if a.country] if ev else [],
        "recipients": [a.text for a in ev.recipients] if ev else [],
        "recipient_countries": [a.country for a in ev.recipients if a.country] if ev else [],
        "killed": c.counts.killed,
        "injured": c.counts.injured,
        "people": c.counts.people,
        "arrested": c.counts.arrested,
        "acled_event_type": c.acled.event_type if c.acled else None,
        "acled_sub_event_type": c.acled.sub_event_type if c.acled else None,
        "acled_fatalities": c.acled.fatalities if c.acled else None,
        "corroboration": c.corroboration,
        "sources": list(c.roots),
        "contradiction": c.contradiction,
        "contradicted_by": [str(k) for k in c.contradictions],
        "reports": c.size,
        "outlets": list(outlets),
        "urls": [r.url for r in c.reports if r.url],
        "evidence": ev.evidence.sentence if ev and ev.evidence else None,
    }


def _is_reports(items: Items) -> bool:
    return bool(items) and isinstance(items[0], StoredEvent)


def _flat(items: Items) -> tuple[list[dict[str, Any]], tuple[tuple[str, str], ...]]:
    if not items:
        return [], EVENT_COLUMNS
    if _is_reports(items):
        return [flat_row(se) for se in items if isinstance(se, StoredEvent)], REPORT_COLUMNS
    return [flat_event(r) for r in items if isinstance(r, tuple)], EVENT_COLUMNS


def to_geojson(items: Items) -> tuple[dict[str, Any], int]:
    """A FeatureCollection of the records that have coordinates, and how many had none."""
    rows, _ = _flat(items)
    features = []
    unmapped = 0
    for props in rows:
        lat, lon = props.pop("lat"), props.pop("lon")
        if lat is None or lon is None:
            unmapped += 1
            continue
        for k in ("date_start", "date_end", "published"):
            if k in props:
                props[k] = _iso(props[k])
        features.append(
            {
                "type": "Feature",
                "id": props["id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}, unmapped


def write_parquet(items: Items, path: str | Path, *, reports: bool | None = None) -> int:
    """Flat rows to a Parquet file with DuckDB; returns the row count."""
    rows, columns = _flat(items)
    if reports is not None and not items:
        columns = REPORT_COLUMNS if reports else EVENT_COLUMNS
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE export (" + ", ".join(f'"{n}" {t}' for n, t in columns) + ")")
        if rows:
            params = {f"c{i}": [r[n] for r in rows] for i, (n, _) in enumerate(columns)}
            select = ", ".join(f"unnest($c{i}::{t}[])" for i, (_, t) in enumerate(columns))
            con.execute(f"INSERT INTO export SELECT {select}", params)
        target = str(path).replace("'", "''")
        con.execute(f"COPY export TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()
    return len(rows)


def _documents(events: Sequence[StoredEvent]) -> list[Document]:
    docs: dict[str, Document] = {}
    for se in events:
        doc = docs.get(se.document_id) or Document(
            id=se.document_id, text="", outlet=se.outlet, published=se.published, title=se.title, url=se.url
        )
        docs[se.document_id] = Document(**{**doc.__dict__, "events": (*doc.events, se.event)})
    return list(docs.values())


def write_export(
    items: Items, fmt: str, out: str | Path | TextIO, *, reports: bool | None = None
) -> ExportResult:
    """Write events (`(Cluster, representative)` pairs) or reports (`StoredEvent`s) in `fmt`
    to a path or an open text stream."""
    if fmt not in FORMATS:
        raise SitreportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    is_reports = _is_reports(items) if reports is None else reports
    unit = "reports" if is_reports else "events"
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise SitreportError("Parquet needs a file: pass --out FILE")
        return ExportResult(fmt, write_parquet(items, out, reports=is_reports), unit=unit)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_export(items, fmt, fh, reports=is_reports)
    if fmt == "acled-csv":
        if is_reports:
            done = write_acled_csv(_documents([se for se in items if isinstance(se, StoredEvent)]), out)
        else:
            done = write_acled_csv_clusters([r for r in items if isinstance(r, tuple)], out)
        return ExportResult(fmt, done.written, done.left_out, unit)
    if fmt == "geojson":
        collection, unmapped = to_geojson(items)
        json.dump(collection, out, ensure_ascii=False, indent=2)
        out.write("\n")
        left = Counter({"unmapped": unmapped}) if unmapped else Counter[str]()
        return ExportResult(fmt, len(collection["features"]), left, unit)
    if fmt == "plover":
        quads = PLOVER.quad_codes
        for item in items:
            record = _plover_report(item, quads) if isinstance(item, StoredEvent) else _plover_event(item, quads)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return ExportResult(fmt, len(items), unit=unit)
    payload = [
        stored_event_to_dict(item) if isinstance(item, StoredEvent) else cluster_to_dict(*item) for item in items
    ]
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return ExportResult(fmt, len(payload), unit=unit)
