"""ACLED evaluation: reading rows, picking the event that stands for a row, scoring."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from acled_builders import LOZOVA, PUBLISHED, UKR_MIL, document, event_in

from sitreport.acled import AcledTable
from sitreport.errors import InputError
from sitreport.eval.acled import (
    AcledRow,
    actor_country,
    evaluate,
    loose_key,
    norm_admin1,
    parse_acled_date,
    pick_event,
    read_export,
    read_rows,
    report,
    same_admin1,
)
from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.model import DateRange, Document, Factuality, Place, Precision
from sitreport.stages.acled import AcledStage

FIXTURE_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "acled-format.csv"  # invented rows


@pytest.fixture(scope="module")
def table() -> AcledTable:
    return AcledTable.load()


def test_eval_acled_reads_a_file_in_acleds_export_layout() -> None:
    with FIXTURE_CSV.open(encoding="utf-8", newline="") as fh:
        rows = read_rows(fh)
    assert len(rows) == 4
    first = rows[0]
    assert first.event_id == "TST0001"
    assert first.date == dt.date(2024, 5, 3)
    assert first.event_type == "Explosions/Remote violence"
    assert first.sub_event_type == "Shelling/artillery/missile attack"
    assert (first.admin1, first.fatalities) == ("Kharkiv", 2)
    assert (first.latitude, first.longitude) == (pytest.approx(49.7106), pytest.approx(37.6156))
    assert first.notes.startswith("On 3 May 2024, Russian artillery hit a market in Kupiansk")
    assert [r.fatalities for r in rows] == [2, 0, 0, 0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 February 2024", dt.date(2024, 2, 16)),
        ("07 February 2024", dt.date(2024, 2, 7)),
        ("2024-02-16", dt.date(2024, 2, 16)),
        (" 1 May 2023 ", dt.date(2023, 5, 1)),
        ("9-May-20", dt.date(2020, 5, 9)),
        ("09-May-2020", dt.date(2020, 5, 9)),
        ("09 May 2020", dt.date(2020, 5, 9)),
        ("2-March-23", dt.date(2023, 3, 2)),
    ],
)
def test_eval_acled_parses_acled_dates(text: str, expected: dt.date) -> None:
    assert parse_acled_date(text) == expected


def test_eval_acled_rejects_a_bad_date() -> None:
    with pytest.raises(InputError):
        parse_acled_date("Febtember 40")


def test_eval_acled_skips_and_counts_rows_without_notes() -> None:
    header = "event_date,event_type,sub_event_type,actor1,admin1,latitude,longitude,fatalities,notes\n"
    body = (
        "16 February 2024,Battles,Armed clash,x,y,1,2,0,Troops clashed with rebels.\n"
        "17 February 2024,Battles,Armed clash,x,y,1,2,0,\n"
        '18 February 2024,Battles,Armed clash,x,y,1,2,0,"  "\n'
    )
    export = read_export(io.StringIO(header + body))
    assert [r.notes for r in export.rows] == ["Troops clashed with rebels."]
    assert export.empty_notes == 2


def test_eval_acled_rejects_a_csv_without_acled_columns() -> None:
    with pytest.raises(InputError, match=r"missing columns: .*notes"):
        read_rows(io.StringIO("event_date,event_type\n16 February 2024,Battles\n"))


def test_eval_acled_rejects_bad_values() -> None:
    header = "event_date,event_type,sub_event_type,actor1,admin1,latitude,longitude,fatalities,notes\n"
    with pytest.raises(InputError, match=":2: fatalities"):
        read_rows(io.StringIO(header + "16 February 2024,Battles,Armed clash,x,y,1,2,many,n\n"))
    with pytest.raises(InputError, match=":2: not an ACLED date"):
        read_rows(io.StringIO(header + "yesterday,Battles,Armed clash,x,y,1,2,0,n\n"))


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Military Forces of Russia (2000-) Air Force", "RUS"),
        ("Military Forces of Ukraine (2019-)", "UKR"),
        ("Police Forces of Ukraine (2019-) Security Service of Ukraine", "UKR"),
        ("Civilians (Ukraine)", "UKR"),
        ("Military Forces of the United States (2021-2025)", "USA"),
        ("Government of the Democratic Republic of Congo (2019-)", "COD"),
        ("Protesters (South Korea)", "KOR"),
        ("Military Forces of Kenya Air Force", "KEN"),  # a unit with no regime period before it
        ("Military Forces of the Central African Republic Navy", "CAF"),
        ("Military Forces of Atlantis", None),
        ("Unidentified Military Forces", None),
        ("", None),
    ],
)
def test_eval_acled_actor_country(name: str, iso3: str | None, table: AcledTable) -> None:
    assert actor_country(name, table) == iso3


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kharkiv", "Kharkiv Oblast"),
        ("Dnipropetrovsk", "Dnipropetrovs'k Oblast"),
        ("Donetsk", "Donetsk region"),
        ("Zaporizhia", "Zaporízhia Oblast"),
    ],
)
def test_eval_acled_admin1_names_compare_without_decoration(a: str, b: str) -> None:
    assert norm_admin1(a) == norm_admin1(b)


TEXT = (
    "On 16 February 2024, Russian forces shelled Lozova, Kharkiv. "
    "Ukrainian forces shot down a drone. 1 civilian was killed."
)


def notes_doc(table: AcledTable, *, killed: int | None = None) -> Document:
    shelling = event_in(TEXT, "shelled", "ASSAULT", "explosives", lemma="shell", killed=killed)
    interception = event_in(TEXT, "shot", "COERCE", "disrupt", actors=(UKR_MIL,))
    accusation = event_in(TEXT, "Russian", "ACCUSE")
    return AcledStage(table)(document(TEXT, accusation, interception, shelling))


def test_eval_acled_picks_the_first_sentences_coded_event(table: AcledTable) -> None:
    event = pick_event(notes_doc(table))
    assert event is not None and event.trigger == "shelled"


def test_eval_acled_picks_nothing_when_nothing_is_coded(table: AcledTable) -> None:
    doc = AcledStage(table)(document(TEXT, event_in(TEXT, "Russian", "ACCUSE")))
    assert pick_event(doc) is None


def test_eval_acled_skips_events_that_did_not_happen(table: AcledTable) -> None:
    doc = notes_doc(table)
    events = tuple(replace(e, factuality=Factuality.NEGATED) if e.trigger == "shelled" else e for e in doc.events)
    event = pick_event(replace(doc, events=events))
    assert event is not None and event.trigger == "shot"


def row(**changes: object) -> AcledRow:
    base = AcledRow(
        event_id="UKR1",
        date=dt.date(2024, 2, 16),
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Russia (2000-)",
        admin1="Kharkiv",
        latitude=48.889,
        longitude=36.40,  # about 6 km from LOZOVA
        fatalities=1,
        notes=TEXT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def fake_extractor(docs: dict[str, Document]):  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def extract_many(items: Sequence[tuple[str, dt.date]]) -> list[Document]:
        calls.append(len(items))
        return [replace(docs[text], published=day) for text, day in items]

    return extract_many, calls


def test_eval_acled_scores_every_field(table: AcledTable) -> None:
    other = "Somebody said something."
    docs = {TEXT: notes_doc(table, killed=1), other: document(other)}
    extract_many, calls = fake_extractor(docs)
    rows = [
        row(),
        row(
            event_id="UKR2",
            notes=other,
            event_type="Battles",
            sub_event_type="Armed clash",
            fatalities=0,
            admin1="Donetsk",
            latitude=48.0,
            longitude=37.8,
        ),
        row(
            event_id="UKR3",
            fatalities=0,
            date=dt.date(2024, 2, 15),
            admin1="Dnipropetrovsk",
            latitude=50.0,
            longitude=30.0,
            actor1="Military Forces of Ukraine (2019-)",
            sub_event_type="Air/drone strike",
        ),
    ]
    results = evaluate(rows, extract_many, table)
    assert calls == [3]  # one batch
    assert [r.checks for r in results] == [
        {
            "event_type": True,
            "sub_event_type": True,
            "fatalities": True,
            "actor1_country": True,
            "admin1": True,
            "location_25km": True,
            "date": True,
            "date_stated": True,
        },
        {
            "event_type": False,
            "sub_event_type": False,
            "fatalities": True,
            "actor1_country": False,
            "admin1": False,
            "location_25km": False,
            "date": False,
            "date_stated": False,
        },
        {
            "event_type": True,
            "sub_event_type": False,
            "fatalities": False,
            "actor1_country": False,
            "admin1": False,
            "location_25km": False,
            "date": False,
            "date_stated": False,
        },
    ]
    summary = report(results)
    assert summary["n"] == 3
    assert summary["event_type"] == pytest.approx(0.667)
    assert summary["fatalities"] == pytest.approx(0.667)
    assert summary["date"] == pytest.approx(0.333)
    assert summary["with_event"]["n"] == 2
    assert summary["with_event"]["event_type"] == pytest.approx(1.0)
    assert summary["confusion"] == {
        "Battles": {"none": 1},
        "Explosions/Remote violence": {"Explosions/Remote violence": 2},
    }
    detail = results[1].detail()
    assert detail["pred"] is None and "event_type" in detail["missed"]
    assert detail["actor1"] == [results[1].row.actor1, None]
    assert summary["per_event_type"]["Battles"] == {
        "n": 1, "predicted": 0, "correct": 0, "recall": 0.0, "precision": 0.0
    }
    assert summary["per_event_type"]["Explosions/Remote violence"]["recall"] == 1.0
    shelling = summary["per_sub_event_type"]["Shelling/artillery/missile attack"]
    assert (shelling["n"], shelling["predicted"], shelling["correct"], shelling["precision"]) == (1, 2, 1, 0.5)
    assert summary["per_sub_event_type"]["Air/drone strike"]["recall"] == 0.0


def test_eval_acled_missing_fatalities_count_as_zero(table: AcledTable) -> None:
    docs = {TEXT: notes_doc(table, killed=None)}
    extract_many, _ = fake_extractor(docs)
    results = evaluate([row(fatalities=0)], extract_many, table)
    assert results[0].checks["fatalities"]


def test_eval_acled_location_without_coordinates_misses(table: AcledTable) -> None:
    doc = notes_doc(table)
    events = tuple(replace(e, location=replace(LOZOVA, lat=None, lon=None)) for e in doc.events)
    extract_many, _ = fake_extractor({TEXT: replace(doc, events=events)})
    results = evaluate([row()], extract_many, table)
    assert not results[0].checks["location_25km"]
    assert results[0].checks["admin1"]


def test_eval_acled_extractor_must_return_one_document_per_row(table: AcledTable) -> None:
    with pytest.raises(ValueError, match="returned 0 documents"):
        evaluate([row()], lambda items: [], table)


_UNITS = StaticGeocoder(
    [
        GeoCandidate("Zaporizhzhia Oblast", "UKR", None, None, 47.8, 35.2, "admin1"),
        GeoCandidate("Uruzgan", "AFG", None, None, 32.6, 65.9, "admin1"),
        GeoCandidate("Zabul Province", "AFG", None, None, 32.1, 67.2, "admin1"),
        GeoCandidate("Shabeellaha Hoose", "SOM", None, None, 1.8, 44.7, "admin1"),
        GeoCandidate("Raqqa Governorate", "SYR", None, None, 35.9, 39.0, "admin1"),
        GeoCandidate("Idlib Governorate", "SYR", None, None, 35.9, 36.6, "admin1"),
        GeoCandidate("Dhi Qar", "IRQ", None, None, 31.0, 46.3, "admin1"),
        GeoCandidate("Nineveh Governorate", "IRQ", None, None, 36.3, 43.1, "admin1"),
        GeoCandidate("Basra Governorate", "IRQ", None, None, 30.5, 47.8, "admin1"),
        GeoCandidate("Al Jafarah", "LBY", None, None, 32.5, 13.0, "admin1"),
        GeoCandidate("Al Jufrah", "LBY", None, None, 29.1, 16.0, "admin1"),
        GeoCandidate("Bono East", "GHA", None, None, 7.6, -1.9, "admin1"),
        GeoCandidate("Bono", "GHA", None, None, 7.3, -2.3, "admin1"),
        GeoCandidate("Ashanti", "GHA", None, None, 6.7, -1.6, "admin1"),
        GeoCandidate("Volta", "GHA", None, None, 6.6, 0.5, "admin1"),
        GeoCandidate("Oti", "GHA", None, None, 8.1, 0.4, "admin1"),
        GeoCandidate("West Greece", "GRC", None, None, 38.2, 21.7, "admin1"),
        GeoCandidate("Attica", "GRC", None, None, 38.0, 23.7, "admin1"),
        GeoCandidate("Bago Region", "MMR", None, None, 17.3, 96.5, "admin1"),
        GeoCandidate("Yangon", "MMR", None, None, 16.8, 96.2, "admin1"),
        GeoCandidate("Dagestan", "RUS", None, None, 43.0, 47.5, "admin1"),
        GeoCandidate("Central Region", "UGA", None, None, 0.3, 32.6, "admin1"),
        GeoCandidate("Western Region", "UGA", None, None, 0.6, 30.6, "admin1"),
    ],
    aliases={"Lower Shabeelle": ["Shabeellaha Hoose"]},
)


def _in(admin1: str, country: str) -> Place:
    return Place(text="x", start=0, end=1, admin1=admin1, country=country)


@pytest.mark.parametrize(
    ("gold", "admin1", "country"),
    [
        ("Zaporizhia", "Zaporizhzhia Oblast", "UKR"),  # transliteration (doubled digraph)
        ("Zaporizhzhia", "Zaporizhzhia Oblast", "UKR"),  # the unit word
        ("Lower Shabelle", "Shabeellaha Hoose", "SOM"),  # an alias of the unit, spelt loosely
        ("Urozgan", "Uruzgan", "AFG"),  # vowels of a transliteration, one unit fits
        ("Ar-Raqqa", "Raqqa Governorate", "SYR"),  # an assimilated Arabic article
        ("Idleb", "Idlib Governorate", "SYR"),  # a short name's vowels
        ("Thi-Qar", "Dhi Qar", "IRQ"),  # th / dh
        ("Ninewa", "Nineveh Governorate", "IRQ"),  # w / v, a final -h
        ("Basrah", "Basra Governorate", "IRQ"),  # a final -h
    ],
)
def test_eval_acled_admin1_compares_units(gold: str, admin1: str, country: str) -> None:
    assert same_admin1(gold, _in(admin1, country), _UNITS)
    assert not same_admin1(gold, _in("Zabul Province", "AFG"), _UNITS)
    assert not same_admin1(gold, _in("Zabul Province", country), _UNITS)


def test_eval_acled_loose_names_need_one_unit_to_fit() -> None:
    """"Al Jfara" is as near to Al Jufrah as to Al Jafarah: neither is taken."""
    assert loose_key("Al Jafarah") == loose_key("Al Jufrah") == loose_key("Al Jfara")
    assert not same_admin1("Al Jfara", _in("Al Jafarah", "LBY"), _UNITS)
    assert not same_admin1("Al Jfara", _in("Al Jufrah", "LBY"), _UNITS)


def test_eval_acled_loose_spelling_keeps_the_vowels_apart() -> None:
    """"Al Jufra" (a final -h) is Al Jufrah, not Al Jafarah, whose consonants are the same."""
    assert same_admin1("Al Jufra", _in("Al Jufrah", "LBY"), _UNITS)
    assert same_admin1("Jafara", _in("Al Jafarah", "LBY"), _UNITS)
    assert not same_admin1("Al Jufra", _in("Al Jafarah", "LBY"), _UNITS)


def test_eval_acled_admin1_a_split_unit_covers_its_parts_until_the_split() -> None:
    """A coder names the unit of the event's date: "Brong-Ahafo" before Ghana's 2019 regions
    is today's Bono or Bono East; "Volta" then also held today's Oti, and since does not."""
    before, after = dt.date(2017, 5, 1), dt.date(2021, 5, 1)
    assert same_admin1("Brong-Ahafo", _in("Bono East", "GHA"), _UNITS, before)
    assert same_admin1("Brong Ahafo", _in("Bono", "GHA"), _UNITS, before)
    assert not same_admin1("Brong-Ahafo", _in("Ashanti", "GHA"), _UNITS, before)
    assert same_admin1("Volta", _in("Oti", "GHA"), _UNITS, before)
    assert not same_admin1("Volta", _in("Oti", "GHA"), _UNITS, after)
    assert same_admin1("Volta", _in("Volta", "GHA"), _UNITS, after)


def test_eval_acled_admin1_compass_adjective_or_noun() -> None:
    assert same_admin1("Western Greece", _in("West Greece", "GRC"), _UNITS)
    assert not same_admin1("Western Greece", _in("Attica", "GRC"), _UNITS)


def test_eval_acled_admin1_a_part_named_on_its_own_is_its_unit() -> None:
    """"Bago-East", "Shan (North)": a coder's part of a unit lies in that unit."""
    assert same_admin1("Bago-East", _in("Bago Region", "MMR"), _UNITS)
    assert same_admin1("Bago (West)", _in("Bago Region", "MMR"), _UNITS)
    assert not same_admin1("Bago-East", _in("Yangon", "MMR"), _UNITS)


def test_eval_acled_admin1_type_words_before_the_name() -> None:
    assert same_admin1("Republic of Dagestan", _in("Dagestan", "RUS"), _UNITS)


def test_eval_acled_admin1_a_district_acled_counts_first_level() -> None:
    """ACLED's first-level unit is the gazetteer's second (Uganda's districts under regions)."""
    kasese = replace(_in("Western Region", "UGA"), admin2="Kasese District")
    assert same_admin1("Kasese", kasese, _UNITS)
    assert not same_admin1("Kampala", kasese, _UNITS)
    # A gold name that is a unit of the first level is compared at that level only.
    assert not same_admin1("Central", replace(kasese, admin2="Central"), _UNITS)


def test_eval_acled_admin1_without_gazetteer_compares_names() -> None:
    assert same_admin1("Donetsk", _in("Donetsk Oblast", "UKR"))
    assert not same_admin1("Zaporizhia", _in("Zaporizhzhia Oblast", "UKR"))
    assert not same_admin1("", _in("Donetsk Oblast", "UKR"))


def test_eval_acled_inferred_date_is_not_a_stated_one(table: AcledTable) -> None:
    doc = notes_doc(table)
    inferred = DateRange("", 0, 0, PUBLISHED, PUBLISHED, Precision.WEEK, inferred=True)
    events = tuple(replace(e, date=inferred) for e in doc.events)
    extract_many, _ = fake_extractor({TEXT: replace(doc, events=events)})
    (result,) = evaluate([row(date=PUBLISHED)], extract_many, table)
    assert result.checks["date"] and not result.checks["date_stated"]
