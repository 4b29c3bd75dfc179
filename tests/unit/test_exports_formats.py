"""Exports: PLOVER JSON, GeoJSON, Parquet and ACLED CSV from stored events."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pytest

from sitreport.errors import SitreportError
from sitreport.io.exports import (
    FLAT_COLUMNS,
    event_record,
    to_geojson,
    write_export,
    write_parquet,
)
from sitreport.link import link_store
from sitreport.model import AcledCoding
from sitreport.store import EventQuery, MemoryStore, StoredEvent
from sitreport.testing import FakePipeline, make_document

TEXTS = [
    ("Reuters", "Russian forces shelled Kharkiv on 2024-10-03, and 2 civilians were killed."),
    ("AP", "Russian drones struck Kharkiv on 2024-10-03 and 2 people were killed."),
    ("TASS", "Sudanese police arrested protesters on 2024-10-05."),
]


def _events() -> list[StoredEvent]:
    store = MemoryStore()
    for outlet, text in TEXTS:
        doc = FakePipeline()(make_document(text, outlet=outlet, url=f"https://{outlet}.example"))
        ev = doc.events[0]
        if ev.type == "ASSAULT":
            coding = AcledCoding("Explosions/Remote violence", "Shelling/artillery/missile attack",
                                 "Political violence", "Military Forces of Russia",
                                 "Civilians (Ukraine)", 8, 7, 78, 2, True)
            doc = dataclasses.replace(doc, events=(dataclasses.replace(ev, acled=coding),))
        store.add_document(doc)
    link_store(store)
    return store.query_events(EventQuery(limit=None))


def test_exports_plover_json_has_contract_shape_and_cluster() -> None:
    events = _events()
    out = io.StringIO()
    assert write_export(events, "json", out) == 3
    records = json.loads(out.getvalue())
    first = records[0]
    for key in ("type", "mode", "contexts", "acled", "actors", "recipients", "location", "date",
                "counts", "attribution", "factuality", "evidence"):
        assert key in first
    by_type = {r["type"]: r for r in records}
    shelling = by_type["ASSAULT"]
    assert shelling["cluster"]["corroboration"] == 2 and shelling["corroboration"] == 2
    assert shelling["document"]["outlet"] in {"Reuters", "AP"}
    assert shelling["id"].endswith(":" + shelling["event_id"])
    assert by_type["COERCE"]["cluster"] is None and by_type["COERCE"]["corroboration"] == 1
    assert event_record(events[0])["date"]["start"] is not None


def test_exports_geojson_features_only_for_located_events() -> None:
    events = _events()
    gj = to_geojson(events)
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == 2  # the Khartoum arrest has no place in its sentence
    feat = gj["features"][0]
    assert feat["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}
    assert feat["properties"]["country"] == "UKR"
    assert feat["properties"]["date_start"] == "2024-10-03"
    json.dumps(gj)  # serialisable as is


def test_exports_parquet_round_trips_through_duckdb(tmp_path: Path) -> None:
    events = _events()
    path = tmp_path / "events.parquet"
    assert write_parquet(events, path) == 3
    con = duckdb.connect()
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
    assert names == [n for n, _ in FLAT_COLUMNS]
    rows = con.execute(
        f"SELECT type, killed, corroboration, date_start FROM '{path}' ORDER BY type, killed"
    ).fetchall()
    assert rows == [
        ("ASSAULT", 2, 2, dt.date(2024, 10, 3)),
        ("ASSAULT", 2, 2, dt.date(2024, 10, 3)),
        ("COERCE", None, 1, dt.date(2024, 10, 5)),
    ]
    empty = tmp_path / "empty.parquet"
    assert write_parquet([], empty) == 0 and empty.exists()


def test_exports_acled_csv_through_the_acled_writer(tmp_path: Path) -> None:
    events = _events()
    path = tmp_path / "acled.csv"
    write_export(events, "acled-csv", path)
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2  # only the ACLED-coded events
    assert {r["event_type"] for r in rows} == {"Explosions/Remote violence"}
    assert {r["fatalities"] for r in rows} == {"2"}


def test_exports_refuse_unknown_format_and_parquet_to_stream() -> None:
    with pytest.raises(SitreportError):
        write_export([], "xml", io.StringIO())
    with pytest.raises(SitreportError, match="--out"):
        write_export([], "parquet", io.StringIO())
