"""Places written through what stands in them or belongs to them: a site named after its
town ("the Gulu prison"), a possessive inside a name ("Cox's Bazar"), a named area of a
district ("the Ihana area of Walikale").

Hand-written sentences against a small StaticGeocoder with deliberate namesakes.
"""

from __future__ import annotations

import pytest
from places_builders import document

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.geocode.base import Feature
from sitreport.model import GeoPrecision, Place
from sitreport.stages.places import PlacesStage


def _city(name: str, country: str, admin1: str, admin2: str | None, population: int) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, admin2, 1.0, 2.0, "city", population)


def _unit(name: str, country: str, feature: Feature, admin1: str | None = None, population: int = 0) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, None, 3.0, 4.0, feature, population)


SITES = StaticGeocoder(
    [
        _city("Gulu", "UGA", "Northern Region", "Gulu", 150_000),
        _city("Tamale", "GHA", "Northern Region", "Tamale", 370_000),
        _city("Mbale", "UGA", "Eastern Region", "Mbale", 96_000),
        _unit("Chattogram", "BGD", "admin1", population=30_000_000),
        _unit("Cox's Bazar", "BGD", "admin2", "Chattogram", 2_000_000),
        _city("Cox", "ESP", "Valencia", None, 6_000),  # a namesake of the name's first word
        _unit("Walikale", "COD", "admin2", "Nord-Kivu", 0),
        _unit("Russia", "RUS", "country", population=140_000_000),
        _unit("Kursk Oblast", "RUS", "admin1", population=1_100_000),
        _unit("Lagos State", "NGA", "admin1", population=20_000_000),
        _city("Lagos", "NGA", "Lagos State", None, 15_000_000),
        _city("Lago", "PRT", "Braga", None, 2_000),  # what "Lagos" would be the possessive of
        _city("Porto Novo", "BEN", "Oueme", "Porto Novo", 260_000),
        _unit("Porto Novo", "BEN", "admin2", "Oueme", 0),
        _unit("Porto Novo", "CPV", "admin1", population=5_000),  # a smaller unit abroad
        _unit("Zamfara State", "NGA", "admin1", population=4_500_000),
        _city("Gusau", "NGA", "Zamfara State", None, 230_000),
        _unit("Kenya", "KEN", "country", population=50_000_000),
        _city("Garba", "KEN", "Isiolo", None, 5_000),
        _city("Hema", "ETH", "Oromia", None, 3_000),  # group names that are villages abroad
        _city("Lendu", "ETH", "Oromia", None, 2_000),
    ],
    aliases={"Chittagong": ["Chattogram"], "Zamfara": ["Zamfara State"]},
)


def places(text: str, entities: tuple[tuple[str, str], ...] = ()) -> list[Place]:
    return list(PlacesStage(SITES)(document(text, entities)).places)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Inmates rioted in the Gulu Prison on Monday.", "Gulu"),
        ("Students at Tamale Polytechnic boycotted classes.", "Tamale"),
        ("A fire gutted stalls in Mbale market overnight.", "Mbale"),
        ("Nurses protested at Gulu Hospital.", "Gulu"),
    ],
)
def test_a_site_named_after_its_town_is_coded_to_the_town(text: str, town: str) -> None:
    (place,) = places(text)
    assert (place.name, place.precision) == (town, GeoPrecision.POINT)
    assert place.text.startswith(town) and place.text != town  # the site word is part of the mention


def test_a_site_word_after_an_unknown_name_finds_no_place() -> None:
    assert places("Teachers marched at Kiryandongo Hospital.") == []


def test_a_possessive_inside_a_known_name_keeps_the_name_whole() -> None:
    found = {p.text: p for p in places("Refugees rallied in a camp near Ukhiya (Cox's Bazar, Chittagong).")}
    whole = found["Cox's Bazar"]
    assert (whole.country, whole.admin1) == ("BGD", "Chattogram")
    assert "Cox" not in found  # no Cox of Spain


def test_a_possessive_before_a_name_it_does_not_make_stays_two_places() -> None:
    found = [(p.text, p.country) for p in places("Drones hit Russia's Kursk Oblast.")]
    assert found == [("Russia", "RUS"), ("Kursk Oblast", "RUS")]


def test_a_named_area_of_a_district_is_coded_to_the_district() -> None:
    found = {p.text: p for p in places("Rebels withdrew from the Ihana area of Walikale on Friday.")}
    area = found["Ihana area"]
    assert (area.name, area.admin2, area.precision) == ("Ihana", "Walikale", GeoPrecision.ADMIN2)
    assert found["Walikale"].precision is GeoPrecision.ADMIN2


def test_a_known_name_ending_in_s_is_no_lost_possessive() -> None:
    found = places("Youths burned tyres in the Ojo area (Lagos Mainland LGA, Lagos) on Monday.")
    assert "Lagos Mainland LGA" in [p.text for p in found]
    assert {p.country for p in found} == {"NGA"}  # no Lago of Portugal


def test_an_unknown_site_in_a_town_is_coded_to_the_towns_district_in_its_country() -> None:
    found = {p.text: p for p in places("Detainees rioted in the Akpa Civil Prison in Porto Novo.")}
    site = found["Akpa Civil Prison"]
    assert (site.country, site.admin1, site.precision) == ("BEN", "Oueme", GeoPrecision.ADMIN2)


def test_a_unit_inside_a_name_locates_a_text_that_names_no_place() -> None:
    (unit,) = places("Jets bombed camps of the Zamfara Communal Militias on Monday.")
    assert (unit.text, unit.name, unit.precision) == ("Zamfara", "Zamfara State", GeoPrecision.ADMIN1)


def test_a_unit_inside_a_name_is_not_taken_beside_a_finer_place() -> None:
    found = places("Jets bombed camps of the Zamfara Communal Militias near Gusau on Monday.")
    assert [p.name for p in found] == ["Gusau"]


def test_a_unit_inside_a_name_is_not_taken_outside_the_actors_country() -> None:
    assert places("Kenyan police questioned members of the Zamfara Traders Union.") == []


@pytest.mark.parametrize("when", ["Tuesday", "March"])
def test_a_day_or_month_written_after_a_name_is_no_part_of_it(when: str) -> None:
    (place,) = places(f"Police fired tear gas at traders in Gulu {when} as the market closed.")
    assert (place.text, place.name) == ("Gulu", "Gulu")


def test_a_place_in_the_actors_country_stands_against_names_listed_after_it() -> None:
    found = places("On Monday, in Garba area, KDF, Hema and Lendu clashed.")
    assert ("Garba area", "KEN") in [(p.text, p.country) for p in found]


@pytest.mark.parametrize("people", ["Residents", "Inhabitants", "Villagers"])
def test_the_people_of_a_place_name_the_place(people: str) -> None:
    (place,) = places(f"{people} of Garba blocked the road to protest power cuts.")
    assert (place.name, place.country) == ("Garba", "KEN")
