"""Evaluate ACLED coding against ACLED's own rows.

Each row's `notes` is extracted as a document published on the row's `event_date`; the
predicted event that best represents the row (a coded conflict event, the first
sentence's main one first) is compared with the row: event type, sub-event type,
fatalities (exact, a missing figure counting as 0 as ACLED does), the country of actor 1,
admin1, the location within 25 km, and the date.

Admin1 is compared on the unit, not the string: ACLED writes "Zaporizhia", "Sud-Kivu",
"Lower Shabelle" or "Bangsamoro Autonomous Region in Muslim Mindanao" where the gazetteer's
display names are "Zaporizhzhia Oblast", "South Kivu Province", "Shabeellaha Hoose" and
"Autonomous Region in Muslim Mindanao". Given the gazetteer (`Admin1Units`), ACLED's name
is looked up among the names and transliteration variants of the predicted country's
first-level units, and the prediction is right when it names that unit.

An event with no date expression is dated to the report's publication date with
`DateRange.inferred` set (see docs/places-and-dates.md); the notes are extracted as
published on the row's event date, so `date_stated` scores only dates the text states,
the fair figure for the dates stage.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TextIO, TypedDict

import pycountry

from sitreport.acled import AcledTable, happened
from sitreport.errors import InputError
from sitreport.geocode.base import fold, geocode_resources, km_between, variant_key
from sitreport.model import Document, Event, Place

__all__ = [
    "FIELDS",
    "REQUIRED_COLUMNS",
    "AcledExport",
    "AcledReport",
    "AcledRow",
    "Admin1Units",
    "RowResult",
    "TypeScore",
    "actor_country",
    "check_row",
    "evaluate",
    "field_scores",
    "loose_key",
    "loose_spelling",
    "norm_admin1",
    "parse_acled_date",
    "pick_event",
    "read_export",
    "read_rows",
    "report",
    "same_admin1",
]

REQUIRED_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "admin1",
    "latitude",
    "longitude",
    "fatalities",
    "notes",
)
FIELDS = (
    "event_type",
    "sub_event_type",
    "fatalities",
    "actor1_country",
    "admin1",
    "location_25km",
    "date",
    "date_stated",
)
NO_EVENT = "none"
LOCATION_KM = 25.0
# ACLED's export forms: "16 February 2024" (its site), "2024-02-16" (the API), "9-May-20" and
# "09-May-2020" (spreadsheet exports), "09 May 2020".
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d-%b-%y", "%d-%B-%y", "%d-%b-%Y", "%d-%B-%Y")
# Words ACLED and gazetteers add to first-level division names.
_ADMIN_WORDS = re.compile(
    r"\b(oblast|region|regional|province|governorate|state|krai|kray|republic|raion|district|"
    r"county|prefecture|department|division|city of|municipality|voivodeship|of)\b"
)
# English writes a unit's compass word as adjective or noun: "Western Greece" / "West Greece".
_COMPASS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}
# "Bago-East", "Shan (North)": a part of a unit that a coder names on its own.
_UNIT_PART = re.compile(r"^(?P<unit>.+?)\s*(?:-|\(|\s)\s*(?:north|south|east|west)\)?$", re.IGNORECASE)


@dataclass(frozen=True)
class AcledRow:
    event_id: str
    date: dt.date
    event_type: str
    sub_event_type: str
    actor1: str
    admin1: str
    latitude: float | None
    longitude: float | None
    fatalities: int
    notes: str


class TypeScore(TypedDict):
    """How one ACLED category fares: rows of it, rows predicted as it, rows right."""

    n: int
    predicted: int
    correct: int
    recall: float
    precision: float


class AcledReport(TypedDict):
    n: int
    skipped_empty_notes: int
    event_type: float
    sub_event_type: float
    fatalities: float
    actor1_country: float
    admin1: float
    location_25km: float
    date: float
    date_stated: float
    with_event: dict[str, float]  # each field over the rows where an event was found ("n": their count)
    confusion: dict[str, dict[str, int]]
    per_event_type: dict[str, TypeScore]
    per_sub_event_type: dict[str, TypeScore]


@dataclass(frozen=True)
class RowResult:
    """One row, the event chosen for it (or None) and which fields it got right."""

    row: AcledRow
    event: Event | None
    checks: Mapping[str, bool]

    def detail(self) -> dict[str, Any]:
        e = self.event
        coding = e.acled if e else None
        return {
            "event_id": self.row.event_id,
            "gold": [self.row.event_type, self.row.sub_event_type, self.row.fatalities],
            "pred": [coding.event_type, coding.sub_event_type, coding.fatalities] if coding else None,
            "plover": [e.type, e.mode, e.trigger] if e else None,
            "actor1": [self.row.actor1, coding.actor1 if coding else None],
            "missed": [f for f in FIELDS if not self.checks[f]],
            "notes": self.row.notes,
        }


def parse_acled_date(value: str) -> dt.date:
    """ACLED's "16 February 2024" (or ISO "2024-02-16") as a date."""
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"not an ACLED date: {value!r}")


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class AcledExport:
    """The rows of an export that can be evaluated, and how many had no notes to read."""

    rows: list[AcledRow]
    empty_notes: int = 0


def read_rows(stream: TextIO, *, name: str = "<csv>") -> list[AcledRow]:
    """Rows of an ACLED export; `InputError` on a missing column or an unreadable value."""
    return read_export(stream, name=name).rows


def read_export(stream: TextIO, *, name: str = "<csv>") -> AcledExport:
    """An ACLED export's rows, leaving out (and counting) rows whose notes are empty: there is
    no text to extract, and one such row must not abort an evaluation of thousands."""
    try:
        return _read_export(csv.DictReader(stream), name)
    except csv.Error as exc:
        raise InputError(f"{name}: not a readable CSV file: {exc}") from exc


def _read_export(reader: csv.DictReader[str], name: str) -> AcledExport:
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{name}: not an ACLED export, missing columns: {', '.join(missing)}")
    rows: list[AcledRow] = []
    empty = 0
    for line, raw in enumerate(reader, start=2):
        if not (raw["notes"] or "").strip():
            empty += 1
            continue
        try:
            fatalities = int(raw["fatalities"] or 0)
        except ValueError as exc:
            bad = raw["fatalities"]
            raise InputError(f"{name}:{line}: fatalities {bad!r} is not a number") from exc
        try:
            date = parse_acled_date(raw["event_date"] or "")
        except InputError as exc:
            raise InputError(f"{name}:{line}: {exc}") from exc
        rows.append(
            AcledRow(
                event_id=raw.get("event_id_cnty") or f"row{line}",
                date=date,
                event_type=raw["event_type"] or "",
                sub_event_type=raw["sub_event_type"] or "",
                actor1=raw["actor1"] or "",
                admin1=raw["admin1"] or "",
                latitude=_float(raw["latitude"] or ""),
                longitude=_float(raw["longitude"] or ""),
                fatalities=fatalities,
                notes=raw["notes"] or "",
            )
        )
    return AcledExport(rows, empty)


# --------------------------------------------------------------------------- comparison

_STATE_NAME = re.compile(r"^(?:Military Forces|Police Forces|Government) of (?:the )?(?P<c>.+?) \(\d{4}-\d{0,4}\)")
_BRACKETED = re.compile(r"\((?P<c>[^()]+)\)\s*$")
_STATE_NO_REGIME = re.compile(r"^(?:Military Forces|Police Forces|Government) of (?:the )?(?P<c>.+)$")


def actor_country(name: str | None, table: AcledTable) -> str | None:
    """ISO-3 of the country an ACLED actor name belongs to, or None."""
    if not name:
        return None
    match = _STATE_NAME.match(name) or _BRACKETED.search(name) or _STATE_NO_REGIME.match(name)
    if match is None:
        return None
    words = match.group("c").split()
    # A unit may follow the country where no regime period sits between them ("Military
    # Forces of Nigeria Air Force"): the longest run of leading words that names a country.
    for n in range(len(words), 0, -1):
        iso = _country_named(" ".join(words[:n]), table)
        if iso is not None:
            return iso
    return None


def _country_named(country: str, table: AcledTable) -> str | None:
    for iso, acled_name in table.country_names.items():
        if acled_name == country:
            return iso
    try:
        found = pycountry.countries.lookup(country)
    except LookupError:
        return None
    return str(found.alpha_3)


def norm_admin1(name: str | None) -> str:
    """First-level division name without accents, apostrophes and words like "Oblast"."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’ʼ`]", "", text)
    text = _ADMIN_WORDS.sub(" ", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class Admin1Units(Protocol):
    """What the admin1 comparison needs from a gazetteer."""

    def admin1_keys(self, country: str) -> Mapping[str, frozenset[str]]:
        """Display name -> lookup keys of each first-level unit of `country` (ISO-3)."""
        ...


_VOWELS = re.compile(r"[aeiouy ]")
_DOUBLED = re.compile(r"(.)\1+")
# A consonant skeleton shorter than this says too little to tell units apart.
_MIN_SKELETON = 4
_MIN_LOOSE = 2


def same_admin1(
    gold: str, place: Place | None, units: Admin1Units | None = None, on: dt.date | None = None
) -> bool:
    """Whether `place` lies in the first-level unit ACLED calls `gold` (on the event's date `on`).

    Equal names (less accents and words like "Oblast") always match. With the
    gazetteer, `gold` is found among the names of the units of the place's
    country, exactly, then through transliteration variants, then, when only
    one unit fits, by its consonants ("Urozgan" / "Uruzgan"). A unit since split
    covers, for events before the split, every unit carved out of it
    (`geocode.yaml` `admin1_former`), and a part of a unit a coder names on its own
    ("Bago-East") is that unit.
    """
    if place is None or not norm_admin1(gold):
        return False
    if norm_admin1(place.admin1) == norm_admin1(gold):
        return True
    if units is None or not place.country or not place.admin1:
        return False
    table = units.admin1_keys(place.country)
    if place.admin1 in _former_units(gold, place.country, table, on):
        return True
    named = _units_named(gold, table)
    if not named:
        part = _UNIT_PART.match(gold.strip())
        if part is not None:
            named = _units_named(part.group("unit"), table)
    if named:
        return place.admin1 in named
    # A unit ACLED counts at the first level that the gazetteer has at the second
    # (Uganda's districts under GeoNames' four regions): compare with the place's district.
    return place.admin2 is not None and bool(_forms(gold) & _forms(place.admin2))


def _forms(text: str) -> set[str]:
    bare = norm_admin1(text)
    compass = " ".join(_COMPASS.get(w, w) for w in bare.split())
    return {fold(text), variant_key(text), bare, variant_key(bare), compass} - {""}


def _former_units(gold: str, country: str, table: Mapping[str, frozenset[str]], on: dt.date | None) -> set[str]:
    """Today's units that `gold` covered on date `on` by `geocode.yaml` `admin1_former`."""
    wanted = _forms(gold)
    out: set[str] = set()
    for entry in _former_table().get(country, ()):
        if on is not None and (on.year >= entry.get("until", 10_000) or on.year < entry.get("since", 0)):
            continue
        if any(wanted & _forms(name) for name in entry["names"]):
            for unit in entry["units"]:
                out |= _units_named(unit, table)
    return out


@cache
def _former_table() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in geocode_resources()["admin1_former"]:
        out.setdefault(entry["country"], []).append(entry)
    return out


def _units_named(gold: str, table: Mapping[str, frozenset[str]]) -> set[str]:
    wanted = _forms(gold)
    found = {name for name, keys in table.items() if any(wanted & _forms(k) for k in keys | {name})}
    if found:
        return found
    for key, shortest in ((loose_spelling, _MIN_SKELETON), (_skeleton, _MIN_SKELETON), (loose_key, _MIN_LOOSE)):
        target = key(gold)
        if len(target) < shortest:
            continue
        found = {name for name, keys in table.items() if any(key(k) == target for k in keys | {name})}
        if len(found) == 1:
            return found
    return set()


def _skeleton(text: str) -> str:
    return _VOWELS.sub("", variant_key(norm_admin1(text)))


_H_AFTER = re.compile(r"(?<=[^aeiouy ])h|h\b")


def loose_key(text: str) -> str:
    """The consonants of a romanised name with the spelling freedoms of transliteration from
    Arabic and its neighbours absorbed: the article ("Ar-Raqqa" / "Raqqa", "Az Zawiyah" /
    "Zawiya"), a final -h ("Basrah"), h marking a digraph ("Thi-Qar" / "Dhi Qar"), letters
    written for one sound (q/k/g, v/w, t/d: "Al Marqab" / "Al Murgub", "Ninewa" /
    "Nineveh"), the vowels ("Idleb" / "Idlib", "Darnah" / "Derna") and doubled letters.
    Said of two names, equal keys are a hint, not proof: callers take it only when one
    unit of a country fits (resources/geocode.yaml `loose_names`)."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", loose_spelling(text)))


def loose_spelling(text: str) -> str:
    """`loose_key` with the vowels kept: "Al Jufra" / "Al Jufrah" meet, "Al Jafarah" stays apart."""
    table: dict[str, Any] = geocode_resources()["loose_names"]
    words = norm_admin1(text).split()
    kept = [w for w in words if w not in table["articles"]] or words
    spaced = _H_AFTER.sub("", " ".join(kept))
    return _DOUBLED.sub(r"\1", "".join(table["letters"].get(c, c) for c in spaced))



def _in_modifier(event: Event, doc: Document) -> bool:
    """Whether the trigger is the object of a preposition: "following clashes, ... took"."""
    tokens = doc.tokens
    i = event.head
    if not 0 <= i < len(tokens):
        i = next((t.i for t in tokens if t.idx <= event.trigger_start < t.end), -1)
    return 0 <= i < len(tokens) and tokens[i].dep == "pobj"


def pick_event(doc: Document) -> Event | None:
    """The event that best stands for the whole note: a coded conflict event that happened,
    from the earliest sentence that has one; in it the first event of the main clause, and
    one named in a prepositional phrase ("following clashes") only when there is no other."""
    candidates = [e for e in doc.events if e.acled is not None and happened(e)]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (e.sentence, _in_modifier(e, doc), e.trigger_start))


def check_row(row: AcledRow, doc: Document, table: AcledTable, units: Admin1Units | None = None) -> RowResult:
    """Compare the event picked from `doc` with the ACLED row (admin1 by unit when `units` is given)."""
    event = pick_event(doc)
    coding = event.acled if event else None
    place = event.location if event else None
    date = event.date if event else None
    near = (
        place is not None
        and place.lat is not None
        and place.lon is not None
        and row.latitude is not None
        and row.longitude is not None
        and km_between(place.lat, place.lon, row.latitude, row.longitude) <= LOCATION_KM
    )
    checks = {
        "event_type": (coding.event_type if coding else NO_EVENT) == row.event_type,
        "sub_event_type": (coding.sub_event_type if coding else NO_EVENT) == row.sub_event_type,
        "fatalities": ((coding.fatalities or 0) if coding else 0) == row.fatalities,
        "actor1_country": actor_country(coding.actor1 if coding else None, table) == actor_country(row.actor1, table),
        "admin1": same_admin1(row.admin1, place, units, row.date),
        "location_25km": near,
        "date": date is not None and date.start == row.date and date.end == row.date,
    }
    checks["date_stated"] = checks["date"] and date is not None and not date.inferred
    return RowResult(row, event, checks)


def _predicted(result: RowResult) -> tuple[str, str]:
    coding = result.event.acled if result.event else None
    return (coding.event_type, coding.sub_event_type) if coding else (NO_EVENT, NO_EVENT)


def _type_scores(pairs: Sequence[tuple[str, str]]) -> dict[str, TypeScore]:
    """Per-category recall and precision from (gold, predicted) pairs."""
    gold = Counter(g for g, _ in pairs)
    predicted = Counter(p for _, p in pairs)
    correct = Counter(g for g, p in pairs if g == p)
    out: dict[str, TypeScore] = {}
    for name in sorted(gold):
        out[name] = {
            "n": gold[name],
            "predicted": predicted[name],
            "correct": correct[name],
            "recall": round(correct[name] / gold[name], 3),
            "precision": round(correct[name] / predicted[name], 3) if predicted[name] else 0.0,
        }
    return out


def report(results: Sequence[RowResult], *, skipped_empty_notes: int = 0) -> AcledReport:
    """Accuracy of each field over the rows, per-type scores and the confusion matrix."""
    n = len(results)

    def share(field: str) -> float:
        return round(sum(r.checks[field] for r in results) / n, 3) if n else 0.0

    found = [r for r in results if r.event is not None]
    with_event: dict[str, float] = {"n": len(found)}
    for name in FIELDS:
        with_event[name] = round(sum(r.checks[name] for r in found) / len(found), 3) if found else 0.0
    confusion: dict[str, dict[str, int]] = {}
    for r in results:
        predicted = _predicted(r)[0]
        cell = confusion.setdefault(r.row.event_type, {})
        cell[predicted] = cell.get(predicted, 0) + 1
    return {
        "n": n,
        "skipped_empty_notes": skipped_empty_notes,
        "event_type": share("event_type"),
        "sub_event_type": share("sub_event_type"),
        "fatalities": share("fatalities"),
        "actor1_country": share("actor1_country"),
        "admin1": share("admin1"),
        "location_25km": share("location_25km"),
        "date": share("date"),
        "date_stated": share("date_stated"),
        "with_event": with_event,
        "confusion": {k: dict(sorted(v.items())) for k, v in sorted(confusion.items())},
        "per_event_type": _type_scores([(r.row.event_type, _predicted(r)[0]) for r in results]),
        "per_sub_event_type": _type_scores([(r.row.sub_event_type, _predicted(r)[1]) for r in results]),
    }


def field_scores(summary: AcledReport) -> dict[str, float]:
    """The per-field accuracies of a report, in `FIELDS` order."""
    return {
        "event_type": summary["event_type"],
        "sub_event_type": summary["sub_event_type"],
        "fatalities": summary["fatalities"],
        "actor1_country": summary["actor1_country"],
        "admin1": summary["admin1"],
        "location_25km": summary["location_25km"],
        "date": summary["date"],
        "date_stated": summary["date_stated"],
    }


# Extracts many (text, publication date) pairs in one go, in order.
Extractor = Callable[[Sequence[tuple[str, dt.date]]], Iterable[Document]]


def evaluate(
    rows: Sequence[AcledRow], extract_many: Extractor, table: AcledTable, units: Admin1Units | None = None
) -> list[RowResult]:
    """Extract every row's notes in one batch and check each against its row."""
    docs = list(extract_many([(row.notes, row.date) for row in rows]))
    if len(docs) != len(rows):
        raise ValueError(f"extractor returned {len(docs)} documents for {len(rows)} rows")
    return [check_row(row, doc, table, units) for row, doc in zip(rows, docs, strict=True)]
