"""Check the places stage against ACLED's own geocoding of its event notes.

For each row of an ACLED export (notes + coded admin1, location, latitude,
longitude) the notes are parsed with the project's spaCy pipeline (with the
gazetteer EntityRuler) and run through `PlacesStage`. The place we compare is
the one ACLED's note marks with "coded to X, Y" when there is one, else the
first of the most specific places. Admin1 is compared on the unit, through the
gazetteer's names of it (`sitreport.eval.acled.same_admin1`). Reported: admin1 accuracy, the share within
25 km of ACLED's point, and the share that could be within 25 km at all (the
ACLED location is a settlement the gazetteer knows, near the coded point).

    .venv/bin/python benchmarks/place_check.py [CSV] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path

from sitreport.eval.acled import same_admin1
from sitreport.geocode import Gazetteer
from sitreport.model import Document, GeoPrecision, Place
from sitreport.nlp import load_nlp
from sitreport.stages.parse import ParseStage
from sitreport.stages.places import PlacesStage, place_patterns

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "gold" / "acled" / "ukraine-2022-2024.csv"
NEAR_KM = 25.0
RANK = {GeoPrecision.POINT: 0, GeoPrecision.ADMIN2: 1, GeoPrecision.ADMIN1: 2,
        GeoPrecision.COUNTRY: 3, GeoPrecision.REGION: 4}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def pick(places: tuple[Place, ...], notes: str) -> Place | None:
    """The "coded to" place when the note has one, else the first most specific place."""
    coded = notes.find("coded to")
    if coded >= 0:
        after = [p for p in places if p.start > coded and p.precision is not None]
        if after:
            return min(after, key=lambda p: (RANK[p.precision or GeoPrecision.REGION], p.start))
    ranked = [p for p in places if p.precision is not None]
    if not ranked:
        return None
    return min(ranked, key=lambda p: (RANK[p.precision or GeoPrecision.REGION], p.start))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteer = Gazetteer()
    nlp = load_nlp(patterns=place_patterns(gazetteer))
    parse, places = ParseStage(nlp), PlacesStage(gazetteer)
    setup = time.perf_counter() - started

    rows = list(csv.DictReader(args.csv.open(encoding="utf-8")))
    admin1_ok = near_ok = reachable = 0
    started = time.perf_counter()
    for row in rows:
        doc = places(parse(Document(id=row["event_id_cnty"], text=row["notes"])))
        place = pick(doc.places, row["notes"])
        lat, lon = float(row["latitude"]), float(row["longitude"])
        got_admin1 = same_admin1(row["admin1"], place, gazetteer)
        dist = (km(lat, lon, place.lat, place.lon)
                if place is not None and place.lat is not None and place.lon is not None
                else math.inf)
        admin1_ok += got_admin1
        near_ok += dist <= NEAR_KM
        known = any(c.feature == "city" and km(lat, lon, c.lat, c.lon) <= NEAR_KM
                    for c in gazetteer.candidates(row["location"]))
        reachable += known
        if args.misses and (not got_admin1 or dist > NEAR_KM):
            where = "-" if place is None else f"{place.text!r} -> {place.name}, {place.admin1}"
            print(f"{row['event_id_cnty']}: ACLED {row['location']}, {row['admin1']}; "
                  f"got {where} ({dist:.0f} km){'' if known else ' [not in gazetteer]'}")
    n = len(rows)
    elapsed = time.perf_counter() - started
    print(f"rows: {n}  setup: {setup:.1f} s  stages: {elapsed:.1f} s")
    print(f"admin1 accuracy: {admin1_ok / n:.3f}")
    print(f"within {NEAR_KM:.0f} km: {near_ok / n:.3f}")
    print(f"within {NEAR_KM:.0f} km possible (location known to the gazetteer): {reachable / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
