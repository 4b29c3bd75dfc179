"""Toponym disambiguation rules (geocode.resolve)."""

from __future__ import annotations

import pytest
from places_builders import PLACES, geocoder

from sitreport.geocode import Context, choose, resolve, to_place
from sitreport.model import GeoPrecision


def _place(name: str, admin1: str | None = None):  # type: ignore[no-untyped-def]
    return next(p for p in PLACES if p.name == name and (admin1 is None or p.admin1 == admin1))


def test_container_keeps_only_places_inside_it() -> None:
    found = geocoder().candidates("Katerynivka")
    chosen = choose(found, Context(container=_place("Donetsk Oblast")))
    assert chosen is not None and chosen.admin1 == "Donetsk Oblast"


def test_unknown_in_container_is_coded_to_the_container() -> None:
    found = geocoder().candidates("Katerynivka")
    ctx = Context(container=_place("Kharkiv Oblast"), near=True)
    assert choose(found, ctx) is None
    place = resolve("near Katerynivka", 0, 16, found, ctx, name="Katerynivka")
    assert place is not None
    assert (place.name, place.admin1, place.precision, place.near) == (
        "Katerynivka", "Kharkiv Oblast", GeoPrecision.ADMIN1, True)


def test_variant_inside_the_container_beats_exact_outside() -> None:
    found = geocoder().candidates("Yurivka")
    chosen = choose(found, Context(container=_place("Dnipropetrovsk Oblast")))
    assert chosen is not None and chosen.name == "Yuryivka"


def test_exact_match_beats_variant_without_context() -> None:
    chosen = choose(geocoder().candidates("Yurivka"), Context())
    assert chosen is not None and chosen.admin1 == "Zhytomyr Oblast"


def test_city_beats_the_unit_named_after_it() -> None:
    chosen = choose(geocoder().candidates("Kharkiv"), Context())
    assert chosen is not None and chosen.feature == "city"


def test_population_then_document_countries() -> None:
    found = geocoder().candidates("Donetsk")
    assert choose(found, Context()).country == "UKR"  # type: ignore[union-attr]
    russian_text = Context(countries={"RUS": 6})
    assert choose(found, russian_text).admin1 == "Rostov Oblast"  # type: ignore[union-attr]


def test_occupied_donetsk_stays_ukr_under_a_russian_preference() -> None:
    found = geocoder().candidates("Donetsk")
    assert choose(found, Context(preferred_country="RUS")).country == "UKR"  # type: ignore[union-attr]


def test_occupied_area_satisfies_the_occupier_preference_but_stays_ukr() -> None:
    found = [_place("Simferopol")]
    chosen = choose(found, Context(preferred_country="RUS"))
    assert chosen is not None and chosen.country == "UKR"


def test_curated_region_wins_for_its_name() -> None:
    chosen = choose(geocoder().candidates("Donbas"), Context())
    assert chosen is not None and chosen.feature == "region"


@pytest.mark.parametrize(
    ("name", "precision"),
    [("Ukraine", GeoPrecision.COUNTRY), ("Kharkiv Oblast", GeoPrecision.ADMIN1),
     ("Pavlohrad Raion", GeoPrecision.ADMIN2), ("Lozova", GeoPrecision.POINT), ("Donbas", GeoPrecision.REGION)],
)
def test_to_place_precision_and_units(name: str, precision: GeoPrecision) -> None:
    place = to_place(_place(name), name, 0, len(name))
    assert place.precision is precision
    if precision is GeoPrecision.ADMIN1:
        assert place.admin1 == name
    if precision is GeoPrecision.ADMIN2:
        assert (place.admin1, place.admin2) == ("Dnipropetrovsk Oblast", name)


def test_nothing_to_choose() -> None:
    assert choose([], Context()) is None
    assert resolve("Atlantis", 0, 8, [], Context()) is None
