"""The ACLED CSV writer, read back with csv.DictReader."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from acled_builders import UKR_CVL, document, event_in

from sitreport.acled import AcledTable
from sitreport.io.acled_csv import ACLED_COLUMNS, write_acled_csv
from sitreport.model import Attribution, Document, Factuality, Source
from sitreport.stages.acled import AcledStage

# ACLED's export header, as written in our fixture of invented rows.
FIXTURE_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "acled-format.csv"
TEXT = (
    "Russian forces shelled Lozova, killing 1 civilian. "
    "Russia accused Ukraine of lying. "
    "Russian forces might shell Lozova again."
)


@pytest.fixture(scope="module")
def table() -> AcledTable:
    return AcledTable.load()


def coded_doc(table: AcledTable) -> Document:
    shelling = replace(
        event_in(TEXT, "shelled", "ASSAULT", "explosives", lemma="shell", recipients=(UKR_CVL,), killed=1),
        attribution=Attribution((Source("Suspilne Media", "outlet"), Source("police", "organization"))),
    )
    doc = document(
        TEXT,
        shelling,
        event_in(TEXT, "accused", "ACCUSE"),
        event_in(TEXT, "shell", "ASSAULT", "explosives", n=1, factuality=Factuality.HYPOTHETICAL),
    )
    return AcledStage(table)(doc)


def read_back(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_acled_csv_header_is_acleds() -> None:
    with FIXTURE_CSV.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == ACLED_COLUMNS


def test_acled_csv_round_trip(table: AcledTable) -> None:
    out = io.StringIO()
    result = write_acled_csv([coded_doc(table)], out, table=table, timestamp=1708472500)
    rows = read_back(out.getvalue())
    assert result.written == len(rows) == 1
    # ACCUSE is no conflict event; the hypothetical shelling never happened.
    assert result.left_out == {"uncoded": 1, "unreal": 1}
    row = rows[0]
    assert list(row) == list(ACLED_COLUMNS)
    assert row["event_date"] == "16 February 2024"
    assert row["year"] == "2024"
    assert row["time_precision"] == "1"
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["actor1"] == "Military Forces of Russia (2000-)"
    assert row["actor2"] == "Civilians (Ukraine)"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("8", "7", "78")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == ("804", "Europe", "Ukraine")
    assert row["admin1"] == "Kharkiv Oblast"
    assert row["location"] == "Lozova"
    assert float(row["latitude"]) == pytest.approx(48.889)
    assert float(row["longitude"]) == pytest.approx(36.317)
    assert row["geo_precision"] == "1"
    # ACLED's source is who published: the outlet, and the outlet it cites (not the police).
    assert row["source"] == "Test Wire; Suspilne Media"
    assert row["source_scale"] == "National"  # Suspilne is Ukrainian; Test Wire has no known scale
    assert row["notes"] == "Russian forces shelled Lozova, killing 1 civilian."
    assert row["fatalities"] == "1"
    assert row["timestamp"] == "1708472500"


def test_acled_csv_source_falls_back_to_the_outlet(table: AcledTable) -> None:
    doc = AcledStage(table)(
        document(
            "Russian forces shelled Lozova.",
            event_in("Russian forces shelled Lozova.", "shelled", "ASSAULT", "explosives", lemma="shell"),
        )
    )
    out = io.StringIO()
    write_acled_csv([doc], out, table=table)
    row = read_back(out.getvalue())[0]
    assert row["source"] == "Test Wire"
    assert row["inter2"] == "0"
    assert row["interaction"] == "80"
    assert row["timestamp"] == ""


def test_acled_csv_quotes_commas_and_newlines(table: AcledTable) -> None:
    text = 'Russian forces shelled Lozova, "again", and left.'
    doc = AcledStage(table)(document(text, event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell")))
    out = io.StringIO()
    write_acled_csv([doc], out, table=table)
    assert read_back(out.getvalue())[0]["notes"] == text


def test_acled_csv_no_documents_writes_only_the_header(table: AcledTable) -> None:
    out = io.StringIO()
    assert write_acled_csv([], out, table=table).written == 0
    assert out.getvalue().strip() == ",".join(ACLED_COLUMNS)


def test_acled_csv_leaves_out_events_without_a_country(table: AcledTable) -> None:
    doc = coded_doc(table)
    unplaced = replace(doc, events=tuple(replace(e, location=None) for e in doc.events))
    out = io.StringIO()
    result = write_acled_csv([unplaced], out, table=table)
    assert result.written == 0 and result.left_out["unplaced"] == 1
    assert read_back(out.getvalue()) == []


def test_acled_csv_leaves_out_denials_and_says_so(table: AcledTable) -> None:
    doc = coded_doc(table)
    denied = replace(doc, events=tuple(replace(e, factuality=Factuality.DENIED) for e in doc.events))
    result = write_acled_csv([denied], io.StringIO(), table=table)
    assert result.written == 0 and result.left_out == {"unreal": 3}
    assert "3 left out: 3 not reported as having taken place" in result.message()


def test_acled_csv_scales_and_crowd_tags(table: AcledTable) -> None:
    from sitreport.io.acled_csv import SourceScales

    scales = SourceScales.load()
    assert scales.combined(["Kyiv Independent", "Reuters"], "UKR") == "National-International"
    assert scales.combined(["TASS"], "UKR") == "International"  # a national outlet of another country
    assert scales.combined(["Unknown Gazette"], "UKR") == ""
