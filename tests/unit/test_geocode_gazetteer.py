"""The real gazetteer file (slow: built once, at the default cache path, if missing)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from sitreport.eval.acled import _units_named
from sitreport.geocode import Context, Gazetteer, choose, ensure_gazetteer, fold, variant_key
from sitreport.geocode.base import geocode_resources
from sitreport.geocode.gazetteer import translate_unit_words
from sitreport.stages.places import place_patterns

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def gazetteer() -> Iterator[Gazetteer]:
    with Gazetteer(ensure_gazetteer()) as g:
        yield g


def best(g: Gazetteer, name: str) -> tuple[str, str | None, str | None, str]:
    chosen = choose(g.candidates(name), Context())
    assert chosen is not None, name
    return chosen.name, chosen.country, chosen.admin1, chosen.feature


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kharkiv region", ("Kharkiv Oblast", "UKR", None, "admin1")),
        ("Kursk oblast", ("Kursk Oblast", "RUS", None, "admin1")),
        ("Belgorod Oblast", ("Belgorod Oblast", "RUS", None, "admin1")),
        ("Kyiv region", ("Kyiv Oblast", "UKR", None, "admin1")),
        ("Kiev", ("Kyiv", "UKR", "Kyiv City", "city")),
        ("Kharkiv", ("Kharkiv", "UKR", "Kharkiv Oblast", "city")),
        ("Crimea", ("Crimea", "UKR", None, "admin1")),
        ("Gaza Strip", ("Gaza Strip", "PSE", None, "admin1")),
        ("Donbas", ("Donbas", "UKR", None, "region")),
        ("Sahel", ("Sahel", None, None, "region")),
        ("Ukraine", ("Ukraine", "UKR", None, "country")),
        ("North Korea", ("North Korea", "PRK", None, "country")),
    ],
)
def test_gazetteer_resolves_common_names(gazetteer: Gazetteer, name: str, expected: tuple[str, ...]) -> None:
    assert best(gazetteer, name) == expected


def test_exonym_of_a_city_in_the_documents_country(gazetteer: Gazetteer) -> None:
    chosen = choose(gazetteer.candidates("Lugansk"), Context(countries={"UKR": 2}))
    assert chosen is not None and (chosen.name, chosen.admin1) == ("Luhansk", "Luhansk Oblast")


def test_khan_younis_is_in_the_gaza_strip(gazetteer: Gazetteer) -> None:
    _, country, admin1, feature = best(gazetteer, "Khan Younis")
    assert (country, admin1, feature) == ("PSE", "Gaza Strip", "city")


def test_district_and_transliteration_forms(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Pavlohrad district")[2] == "Dnipropetrovsk Oblast"
    assert "variant" in {c.match for c in gazetteer.candidates("Yurivka")}


def test_admin1_point_is_its_largest_city(gazetteer: Gazetteer) -> None:
    (donetsk,) = [c for c in gazetteer.candidates("Donetsk Oblast") if c.feature == "admin1"]
    assert (round(donetsk.lat, 1), round(donetsk.lon, 1)) == (48.0, 37.8)


def test_file_opens_read_only(gazetteer: Gazetteer) -> None:
    with pytest.raises(duckdb.Error):
        gazetteer._con.execute("DELETE FROM places")


def test_ensure_is_idempotent(gazetteer: Gazetteer) -> None:
    path: Path = gazetteer.path
    stamp = path.stat().st_mtime
    assert ensure_gazetteer(path) == path
    assert path.stat().st_mtime == stamp


def test_patterns_are_bounded_and_fast(gazetteer: Gazetteer) -> None:
    started = time.perf_counter()
    patterns = place_patterns(gazetteer)
    assert time.perf_counter() - started < 2.0
    texts = {p["pattern"] for p in patterns}
    assert 5_000 < len(texts) < 30_000
    assert {"Kharkiv", "Kharkiv Oblast", "Pavlohrad", "Gaza Strip", "Ukraine"} <= texts
    assert "Of" not in texts and "Bar" not in texts


def _unit_of(gazetteer: Gazetteer, name: str, country: str) -> str | None:
    """The display name of the first-level unit of `country` found as `name`."""
    for key_name, keys in gazetteer.admin1_keys(country).items():
        if fold(name) in keys or variant_key(name) in keys:
            return key_name
    return None


@pytest.mark.parametrize(
    ("alias_class", "name", "country", "unit"),
    [
        ("ISO 3166-2 name", "Zaporizka oblast", "UKR", "Zaporizhzhia Oblast"),
        ("GeoNames alternate name", "South Kivu", "COD", "South Kivu Province"),
        ("transliteration variant", "Zaporizhia", "UKR", "Zaporizhzhia Oblast"),
        ("accent folding", "Michoacan de Ocampo", "MEX", "Michoacan de Ocampo"),
        ("renamed unit", "Bangsamoro Autonomous Region in Muslim Mindanao", "PHL",
         "Autonomous Region in Muslim Mindanao"),
        ("renamed unit", "Orissa", "IND", "Odisha"),
        ("English name the sources lack", "Lower Shabelle", "SOM", "Shabeele Hoose Region"),
        ("English name the sources lack", "Federal Capital Territory", "NGA", "Federal Capital Territory"),
        ("English name the sources lack", "Rural Damascus", "SYR", "Rif-dimashq Governorate"),
        ("own-language name the sources lack", "HaDarom", "ISR", "Southern District"),
        ("French unit word in English", "Mayo-Kebbi East", "TCD", "Mayo-Kebbi Est Region"),
        ("French unit word in English", "Centre-North", "BFA", "Centre-Nord Region"),
        ("merged unit", "Federally Administered Tribal Areas", "PAK", "Khyber Pakhtunkhwa"),
        ("merged unit", "NWFP", "PAK", "Khyber Pakhtunkhwa"),
        ("numbered before named", "Province 1", "NPL", "Koshi Province"),
        ("numbered before named", "Province 7", "NPL", "Sudurpashchim"),
        ("renamed unit", "Taoudeni", "MLI", "Taoudenit"),
        ("English name the sources lack", "Metropolitan Manila", "PHL", "National Capital Region"),
        ("English name the sources lack", "Beni Suef", "EGY", "Beni Suweif Governorate"),
        ("type phrase of two words", "Central Ethiopia", "ETH", "Central Ethiopia Regional State"),
        ("type phrase of two words", "South West Ethiopia", "ETH", "South West Ethiopia Peoples' Region"),
    ],
)
def test_admin1_alias_classes_meet_the_unit(
    gazetteer: Gazetteer, alias_class: str, name: str, country: str, unit: str
) -> None:
    assert _unit_of(gazetteer, name, country) == unit, alias_class


@pytest.mark.parametrize(
    ("name", "country"),
    [(name, country) for country, names in geocode_resources()["country_aliases"].items() for name in names],
)
def test_written_country_names_name_the_country(gazetteer: Gazetteer, name: str, country: str) -> None:
    """Each name of geocode.yaml's `country_aliases` is a candidate for its country."""
    assert (country, "country") in {(c.country, c.feature) for c in gazetteer.candidates(name)}


def test_a_name_two_states_share_is_decided_by_the_places_beside_it(gazetteer: Gazetteer) -> None:
    congo = gazetteer.candidates("Congo")
    assert {c.country for c in congo if c.feature == "country"} == {"COD", "COG"}
    beside_brazzaville = choose(congo, Context(countries={"COG": 3}))
    assert beside_brazzaville is not None and beside_brazzaville.country == "COG"


@pytest.mark.parametrize(
    ("country", "display"),
    [("AFG", "Kandahar"), ("AFG", "Nangarhar"), ("LBN", "Mount Lebanon"), ("UKR", "Kharkiv Oblast")],
)
def test_admin1_display_names_are_plain_english(gazetteer: Gazetteer, country: str, display: str) -> None:
    assert display in gazetteer.admin1_keys(country)


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Mayo-Kebbi Est", "Mayo-Kebbi East"),
        ("Haut-Uele", "Upper-Uele"),  # found as "Upper Uele" too: hyphens fold to spaces
        ("Sud-Ouest", "South-West"),
        ("Nord", "Nord"),  # one word: "North" would name too much
        ("Estuaire", "Estuaire"),  # a word that only begins like one
    ],
)
def test_french_unit_words_are_translated(name: str, english: str) -> None:
    table = geocode_resources()["unit_name_translations"]
    assert translate_unit_words(name, table) == english


def test_province_of_the_philippines_is_second_level(gazetteer: Gazetteer) -> None:
    (sulu,) = [c for c in gazetteer.candidates("Sulu province") if c.country == "PHL"]
    assert sulu.feature == "admin2"


def test_every_unit_a_former_unit_covers_is_one_unit_of_the_gazetteer(gazetteer: Gazetteer) -> None:
    """An `admin1_former` entry naming no unit, or two, would silently cover nothing or too much."""
    for entry in geocode_resources()["admin1_former"]:
        units = gazetteer.admin1_keys(entry["country"])
        for unit in entry["units"]:
            assert len(_units_named(unit, units)) == 1, (entry["country"], unit)


@pytest.mark.parametrize(
    ("old", "new"),
    [("Maguindanao", {"Maguindanao del Norte", "Maguindanao del Sur"}), ("Compostela Valley", {"Davao de Oro"})],
)
def test_an_old_district_name_finds_the_districts_that_took_its_place(
    gazetteer: Gazetteer, old: str, new: set[str]
) -> None:
    assert {c.name for c in gazetteer.candidates(old) if c.feature == "admin2"} == new
