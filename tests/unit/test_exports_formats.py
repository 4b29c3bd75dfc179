"""Exports: JSON, PLOVER JSON Lines, GeoJSON, Parquet and ACLED CSV, per event and per report."""

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
from sitreport.io.exports import EVENT_COLUMNS, REPORT_COLUMNS, ExportResult, write_export, write_parquet
from sitreport.link import link_store
from sitreport.model import AcledCoding
from sitreport.query import with_representatives
from sitreport.store import EventQuery, MemoryStore, StoredEvent
from sitreport.store.base import Cluster
from sitreport.testing import FakePipeline, make_document

TEXTS = [
    ("Reuters", "Russian forces shelled Kharkiv on 2024-10-03, and 2 civilians were killed."),
    ("AP", "Russian drones struck Kharkiv on 2024-10-03 and 3 people were killed."),
    ("TASS", "Russian forces denied they shelled Kharkiv on 2024-10-03."),
    ("Sudan Tribune", "Sudanese police arrested protesters on 2024-10-05."),
]
SHELLING = AcledCoding("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence",
                       "Military Forces of Russia", "Civilians (Ukraine)", 8, 7, 78, 0, True)


def _store() -> MemoryStore:
    store = MemoryStore()
    for outlet, text in TEXTS:
        doc = FakePipeline()(make_document(text, outlet=outlet, url=f"https://{outlet.replace(' ', '')}.example"))
        ev = doc.events[0]
        if ev.type == "ASSAULT":
            coding = dataclasses.replace(SHELLING, fatalities=ev.counts.killed or 0)
            doc = dataclasses.replace(doc, events=(dataclasses.replace(ev, acled=coding),))
        store.add_document(doc)
    link_store(store)
    return store


def _events(store: MemoryStore) -> list[tuple[Cluster, StoredEvent | None]]:
    return with_representatives(store, store.query_clusters(EventQuery(limit=None)))


def _reports(store: MemoryStore) -> list[StoredEvent]:
    return store.query_events(EventQuery(limit=None))


def test_exports_json_one_record_per_event_with_its_reports() -> None:
    store = _store()
    out = io.StringIO()
    result = write_export(_events(store), "json", out)
    assert result == ExportResult("json", 2, unit="events")
    by_type = {r["type"]: r for r in json.loads(out.getvalue())}
    shelling = by_type["ASSAULT"]
    assert len(shelling["reports"]) == 3 and {r["outlet"] for r in shelling["reports"]} == {"Reuters", "AP", "TASS"}
    assert shelling["counts"]["killed"] == 2  # the lowest figure, never 2 + 3
    assert shelling["corroboration"] == 2 and shelling["contradiction"] is True
    assert len(shelling["contradictions"]) == 1
    assert shelling["actors"][0]["country"] == "RUS"
    assert by_type["COERCE"]["corroboration"] == 1


def test_exports_json_reports_keep_the_contract_shape_and_cluster() -> None:
    store = _store()
    out = io.StringIO()
    assert write_export(_reports(store), "json", out).written == 4
    records = json.loads(out.getvalue())
    for key in ("type", "mode", "contexts", "acled", "actors", "recipients", "location", "date",
                "counts", "attribution", "factuality", "evidence", "document", "cluster"):
        assert key in records[0]
    denial = next(r for r in records if r["document"]["outlet"] == "TASS")
    assert denial["factuality"] == "denied" and denial["cluster"]["contradiction"] is True
    assert denial["id"].endswith(":" + denial["event_id"])


def test_exports_plover_json_lines_use_the_manuals_fields() -> None:
    store = _store()
    out = io.StringIO()
    assert write_export(_events(store), "plover", out).written == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    rec = next(r for r in records if r["event"] == "ASSAULT")
    assert rec["date"] == "2024-10-03" and rec["quad_code"] == 4
    assert rec["actor"][0] == {"code": "RUS", "sector": "MIL", "entity_text": "Russian forces",
                               "identifier_text": None}
    assert rec["event_loc"]["name"] == "Kharkiv" and rec["event_loc"]["cc3"] == "UKR"
    assert rec["size"]["dead"] == 2
    assert rec["cite_info"]["publication"] in {"Reuters", "AP"}
    assert {"mode", "context", "recipient", "text", "enddate"} <= rec.keys()
    # Per report, the cluster is PLOVER's `link` and denials keep their factuality.
    out = io.StringIO()
    write_export(_reports(store), "plover", out)
    reports = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["factuality"] for r in reports} >= {"denied"}
    assert len({r["link"] for r in reports if r["event"] == "ASSAULT"}) == 1


def test_exports_geojson_counts_what_it_leaves_out() -> None:
    store = _store()
    out = io.StringIO()
    result = write_export(_events(store), "geojson", out)
    gj = json.loads(out.getvalue())
    assert len(gj["features"]) == result.written == 1
    assert result.left_out == {"unmapped": 1}  # the arrest names no place
    assert "1 events written" in result.message() and "no coordinates" in result.message()
    feat = gj["features"][0]
    assert feat["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}
    assert feat["properties"]["reports"] == 3 and feat["properties"]["killed"] == 2


def test_exports_parquet_round_trips_through_duckdb(tmp_path: Path) -> None:
    store = _store()
    events, reports = tmp_path / "events.parquet", tmp_path / "reports.parquet"
    assert write_parquet(_events(store), events) == 2
    assert write_parquet(_reports(store), reports) == 4
    con = duckdb.connect()
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{events}'").fetchall()]
    assert names == [n for n, _ in EVENT_COLUMNS]
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{reports}'").fetchall()]
    assert names == [n for n, _ in REPORT_COLUMNS]
    rows = con.execute(f"SELECT type, killed, reports, date_start FROM '{events}' ORDER BY type").fetchall()
    assert rows == [("ASSAULT", 2, 3, dt.date(2024, 10, 3)), ("COERCE", None, 1, dt.date(2024, 10, 5))]
    empty = tmp_path / "empty.parquet"
    assert write_parquet([], empty) == 0 and empty.exists()


def test_exports_acled_csv_one_row_per_event_denials_left_out(tmp_path: Path) -> None:
    store = _store()
    path = tmp_path / "acled.csv"
    result = write_export(_events(store), "acled-csv", path)
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == result.written == 1  # one shelling, told three times; the arrest is not coded
    (row,) = rows
    assert row["fatalities"] == "2"
    assert set(row["source"].split("; ")) == {"Reuters", "AP"}  # the denier is no source
    assert row["source_scale"] == "International"
    assert row["timestamp"].isdigit()
    assert "denied in reports by TASS" in row["notes"] and "2-3 killed" in row["notes"]
    assert result.left_out == {"uncoded": 1}
    # Per report: the denial is left out, and the message says why.
    result = write_export(_reports(store), "acled-csv", io.StringIO())
    assert result.written == 2 and result.left_out == {"unreal": 1, "uncoded": 1}
    assert "denied, negated" in result.message()


def test_exports_refuse_unknown_format_and_parquet_to_stream() -> None:
    with pytest.raises(SitreportError):
        write_export([], "xml", io.StringIO())
    with pytest.raises(SitreportError, match="--out"):
        write_export([], "parquet", io.StringIO())
