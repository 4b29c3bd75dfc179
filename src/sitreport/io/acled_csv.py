"""Write coded events in ACLED's CSV column layout."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

import pycountry

from sitreport.acled import (
    AcledTable,
    acled_country_name,
    geo_precision,
    happened,
    time_precision,
)
from sitreport.model import Document, Event

__all__ = ["ACLED_COLUMNS", "write_acled_csv"]

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "population_best",
)


def acled_date(day: dt.date) -> str:
    """ACLED's "07 February 2024"."""
    return f"{day.day:02d} {day.strftime('%B')} {day.year}"


def _iso_numeric(iso3: str | None) -> str:
    if not iso3:
        return ""
    country = pycountry.countries.get(alpha_3=iso3)
    return str(int(country.numeric)) if country is not None else ""


def _row(doc: Document, event: Event, table: AcledTable, timestamp: int | None) -> dict[str, str]:
    coding = event.acled
    assert coding is not None
    place = event.location
    iso3 = place.country if place else None
    day = event.date.start if event.date and event.date.start else doc.published
    chain = [s.name for s in event.attribution.chain]
    source = "; ".join(chain) if chain else (doc.outlet or "")
    notes = event.evidence.sentence if event.evidence else ""

    def num(value: int | None) -> str:
        return "" if value is None else str(value)

    return {
        "event_id_cnty": f"{iso3 or 'XXX'}-{doc.id[:12]}-{event.id}",
        "event_date": acled_date(day) if day else "",
        "year": str(day.year) if day else "",
        "time_precision": str(time_precision(event.date)),
        "disorder_type": coding.disorder_type or "",
        "event_type": coding.event_type,
        "sub_event_type": coding.sub_event_type,
        "actor1": coding.actor1 or "",
        "assoc_actor_1": "",
        "inter1": str(coding.inter1 or 0),
        "actor2": coding.actor2 or "",
        "assoc_actor_2": "",
        "inter2": str(coding.inter2 or 0),
        "interaction": num(coding.interaction),
        "civilian_targeting": "Civilian targeting" if coding.civilian_targeting else "",
        "iso": _iso_numeric(iso3),
        "region": table.region(iso3) or "",
        "country": acled_country_name(iso3, table) if iso3 else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": (place.admin2 or "") if place else "",
        "admin3": "",
        "location": (place.name or place.text) if place else "",
        "latitude": "" if place is None or place.lat is None else f"{place.lat:.5f}",
        "longitude": "" if place is None or place.lon is None else f"{place.lon:.5f}",
        "geo_precision": str(geo_precision(place)),
        "source": source,
        "source_scale": "",
        "notes": notes,
        "fatalities": str(coding.fatalities or 0),
        "tags": "",
        "timestamp": num(timestamp),
        "population_best": "",
    }


def _unplaced(event: Event) -> bool:
    return event.location is None or event.location.country is None


def write_acled_csv(
    docs: Iterable[Document],
    out: TextIO,
    *,
    table: AcledTable | None = None,
    timestamp: int | None = None,
) -> int:
    """Write a header and one row per ACLED-coded event that took place; return the row count.

    Like ACLED, events that cannot be placed in a country are left out: a row
    without a location is no use on a map or in a country table.

    `table` gives country names and regions (the packaged table when None); `timestamp`
    fills ACLED's upload-time column (left empty when None).
    """
    table = table or AcledTable.load()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for doc in docs:
        for event in doc.events:
            if event.acled is None or not happened(event) or _unplaced(event):
                continue
            writer.writerow(_row(doc, event, table, timestamp))
            written += 1
    return written
