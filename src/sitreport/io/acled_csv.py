"""Write coded events in ACLED's CSV layout: ACLED's columns, in ACLED's order.

Two sources of rows: stored events (clusters of reports, one row per real event,
`write_acled_csv_clusters`) and single documents (one row per report,
`write_acled_csv`, what `sitreport extract --format acled-csv` prints). Either way a
row is written only for an event that is ACLED-coded, reported as having taken place
(asserted, reported, hedged or alleged: never denied, negated, planned or
hypothetical) and placed in a country; `AcledWrite.left_out` says how many were not,
and why.

- `source`: the outlets that reported it (and outlets they cite), as ACLED lists them;
- `source_scale`: each outlet's scale from `resources/sources.yaml` (National when it
  is of the event's country, International when it is an international outlet or one
  of another country), ACLED-style joined ("National-International");
- `fatalities`: the reconciled figure of the cluster (the lowest any report gives);
- `tags`: ACLED's crowd-size tag for demonstrations;
- `timestamp`: when the file was written (Unix time), as ACLED stamps each upload.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

import pycountry

from sitreport.acled import AcledTable, acled_country_name, geo_precision, time_precision
from sitreport.independence import normalise_source
from sitreport.lexicon import load_yaml
from sitreport.model import AcledCoding, DateRange, Document, Event, Factuality, Place
from sitreport.store.base import Cluster, StoredEvent

__all__ = [
    "ACLED_COLUMNS",
    "AcledWrite",
    "SourceScales",
    "write_acled_csv",
    "write_acled_csv_clusters",
]

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

_SUPPORTING = (Factuality.ASSERTED, Factuality.REPORTED, Factuality.HEDGED, Factuality.ALLEGED)
# ACLED's order of source scales, smallest first, as in "Subnational-National".
_SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")
# ACLED tags demonstrations with the crowd size ("crowd size=no report" when none is given).
_CROWD_TYPES = frozenset({"Protests", "Riots"})

REASONS = {
    "unreal": "not reported as having taken place (denied, negated, planned or hypothetical)",
    "uncoded": "no ACLED event type (not a conflict or demonstration event)",
    "unplaced": "no country",
}


@dataclass
class AcledWrite:
    """What a write did: rows written, and events left out by reason (keys of `REASONS`)."""

    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)

    def message(self) -> str:
        """One line for standard error: how many were written, left out, and why."""
        text = f"ACLED CSV: {self.written} events written"
        if self.left_out:
            parts = [f"{n} {REASONS[k]}" for k, n in sorted(self.left_out.items())]
            text += f"; {sum(self.left_out.values())} left out: " + "; ".join(parts)
        return text


@dataclass(frozen=True)
class SourceScales:
    """Outlet scales from `resources/sources.yaml`: international outlets and national ones by country."""

    international: frozenset[str]
    national: dict[str, str]  # normalised outlet -> ISO-3

    @classmethod
    def load(cls) -> SourceScales:
        data = load_yaml("sources.yaml").get("outlet_scale") or {}
        international = frozenset(normalise_source(o) for o in data.get("international") or ())
        national = {
            normalise_source(o): str(iso) for iso, names in (data.get("national") or {}).items() for o in names
        }
        return cls(international, national)

    def scale(self, outlet: str, country: str | None) -> str | None:
        key = normalise_source(outlet)
        if key in self.international:
            return "International"
        home = self.national.get(key)
        if home is None:
            return None
        return "National" if home == country else "International"

    def combined(self, outlets: Iterable[str], country: str | None) -> str:
        scales = {s for o in outlets if (s := self.scale(o, country))}
        return "-".join(s for s in _SCALE_ORDER if s in scales)


def acled_date(day: dt.date) -> str:
    """ACLED's "07 February 2024"."""
    return f"{day.day:02d} {day.strftime('%B')} {day.year}"


def _iso_numeric(iso3: str | None) -> str:
    if not iso3:
        return ""
    country = pycountry.countries.get(alpha_3=iso3)
    return str(int(country.numeric)) if country is not None else ""


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class _Item:
    """What one ACLED row says, from a cluster or from one report."""

    id: str
    coding: AcledCoding
    place: Place | None
    date: DateRange | None
    day: dt.date | None
    outlets: tuple[str, ...]
    notes: str
    fatalities: int
    people: int | None


def _row(item: _Item, table: AcledTable, scales: SourceScales, timestamp: int | None) -> dict[str, str]:
    coding, place, day = item.coding, item.place, item.day
    iso3 = place.country if place else None
    tags = ""
    if coding.event_type in _CROWD_TYPES:
        tags = f"crowd size={item.people}" if item.people else "crowd size=no report"
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}-{item.id}",
        "event_date": acled_date(day) if day else "",
        "year": str(day.year) if day else "",
        "time_precision": str(time_precision(item.date)),
        "disorder_type": coding.disorder_type or "",
        "event_type": coding.event_type,
        "sub_event_type": coding.sub_event_type,
        "actor1": coding.actor1 or "",
        "assoc_actor_1": "",
        "inter1": str(coding.inter1 or 0),
        "actor2": coding.actor2 or "",
        "assoc_actor_2": "",
        "inter2": str(coding.inter2 or 0),
        "interaction": _num(coding.interaction),
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
        "source": "; ".join(item.outlets),
        "source_scale": scales.combined(item.outlets, iso3),
        "notes": item.notes,
        "fatalities": str(item.fatalities),
        "tags": tags,
        "timestamp": _num(timestamp),
        "population_best": "",
    }


def _reason(coding: AcledCoding | None, factuality: Factuality, place: Place | None) -> str | None:
    if factuality not in _SUPPORTING:
        return "unreal"
    if coding is None:
        return "uncoded"
    if place is None or place.country is None:
        return "unplaced"
    return None


def _outlets(outlet: str | None, event: Event | None) -> tuple[str, ...]:
    """The reporting outlet and the outlets its report cites."""
    cited = [s.name for s in event.attribution.chain if s.kind == "outlet"] if event is not None else []
    return tuple(dict.fromkeys(o for o in (outlet, *cited) if o))


def _writer(out: TextIO) -> csv.DictWriter[str]:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    return writer


def write_acled_csv(
    docs: Iterable[Document],
    out: TextIO,
    *,
    table: AcledTable | None = None,
    timestamp: int | None = None,
    scales: SourceScales | None = None,
) -> AcledWrite:
    """A header and one row per ACLED-coded event of each document that took place.

    `table` gives country names and regions (the packaged table when None); `timestamp`
    fills ACLED's upload-time column (left empty when None).
    """
    table = table or AcledTable.load()
    scales = scales or SourceScales.load()
    writer = _writer(out)
    result = AcledWrite()
    for doc in docs:
        for event in doc.events:
            reason = _reason(event.acled, event.factuality, event.location)
            if reason is not None:
                result.left_out[reason] += 1
                continue
            assert event.acled is not None
            item = _Item(
                id=f"{doc.id[:12]}-{event.id}",
                coding=event.acled,
                place=event.location,
                date=event.date,
                day=event.date.start if event.date and event.date.start else doc.published,
                outlets=_outlets(doc.outlet, event),
                notes=event.evidence.sentence if event.evidence else "",
                fatalities=event.acled.fatalities or 0,
                people=event.counts.people,
            )
            writer.writerow(_row(item, table, scales, timestamp))
            result.written += 1
    return result


def _cluster_notes(c: Cluster, representative: StoredEvent | None) -> str:
    """The representative report's sentence, with what the reports disagree on."""
    note = representative.event.evidence.sentence if representative and representative.event.evidence else ""
    figures = sorted({r.killed for r in c.reports if r.killed is not None and r.factuality in _SUPPORTING})
    extra = []
    if len(figures) > 1:
        extra.append(f"reports give {figures[0]}-{figures[-1]} killed; the lowest is coded")
    if c.contradiction:
        deniers = sorted({r.outlet or "?" for r in c.reports if r.key in c.contradictions})
        extra.append("denied in reports by " + ", ".join(deniers))
    return note + (f" [{'; '.join(extra)}]" if extra else "")


def write_acled_csv_clusters(
    clusters: Iterable[tuple[Cluster, StoredEvent | None]],
    out: TextIO,
    *,
    table: AcledTable | None = None,
    timestamp: int | None = None,
    scales: SourceScales | None = None,
) -> AcledWrite:
    """One row per stored event (cluster, with its representative report) that took place.

    `timestamp` defaults to now. `source` lists the outlets of the reports that support it.
    """
    table = table or AcledTable.load()
    scales = scales or SourceScales.load()
    stamp = int(time.time()) if timestamp is None else timestamp
    writer = _writer(out)
    result = AcledWrite()
    for c, representative in clusters:
        reason = _reason(c.acled, c.factuality, c.location)
        if reason is not None:
            result.left_out[reason] += 1
            continue
        assert c.acled is not None
        supporting = [r for r in c.reports if r.factuality in _SUPPORTING]
        rep_event = representative.event if representative else None
        outlets = tuple(dict.fromkeys(o for r in supporting if r.outlet for o in (r.outlet,)))
        outlets = tuple(dict.fromkeys((*outlets, *_outlets(None, rep_event))))
        published = [r.published for r in supporting if r.published]
        item = _Item(
            id=c.id,
            coding=c.acled,
            place=c.location,
            date=c.date,
            day=c.date_start or (min(published) if published else None),
            outlets=outlets,
            notes=_cluster_notes(c, representative),
            fatalities=c.acled.fatalities or 0,
            people=c.counts.people,
        )
        writer.writerow(_row(item, table, scales, stamp))
        result.written += 1
    return result

