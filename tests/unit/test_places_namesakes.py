"""Namesakes abroad: a village the gazetteer lacks must not become a town of another country.

Hand-written sentences against a small StaticGeocoder whose places sit at their real
coordinates, so the distance from the actors' countries means something.
"""

from __future__ import annotations

from places_builders import document

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.geocode.base import Feature
from sitreport.model import Document, Place
from sitreport.stages.places import PlacesStage


def _place(
    name: str, country: str, feature: Feature, lat: float, lon: float, population: int = 0,
    admin1: str | None = None, admin2: str | None = None,
) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, admin2, lat, lon, feature, population)


WORLD = StaticGeocoder(
    [
        _place("Chad", "TCD", "country", 12.1, 15.0, 17_000_000),
        _place("Kenya", "KEN", "country", -1.3, 36.8, 50_000_000),
        _place("Somalia", "SOM", "country", 2.0, 45.3, 17_000_000),
        _place("Tire", "TUR", "city", 38.1, 27.7, 55_000, "Izmir"),
        _place("Isiolo", "KEN", "admin1", 0.4, 38.5, 270_000),
        _place("Guri", "KOR", "city", 37.6, 127.1, 180_000, "Gyeonggi-do"),
        _place("Mandera", "KEN", "city", 3.9, 41.9, 87_000, "Mandera"),
        _place("Sylhet", "BGD", "admin1", 24.9, 91.9, 10_000_000),
        _place("Moulvibazar", "BGD", "admin2", 24.5, 91.8, 2_000_000, "Sylhet"),
        _place("Juri", "EST", "city", 59.4, 24.9, 3_700, "Harjumaa"),
        _place("Nairobi", "KEN", "city", -1.3, 36.8, 4_000_000, "Nairobi City"),
        _place("Galgaduud", "SOM", "admin1", 5.2, 46.6, 500_000),
        _place("Dhuusamarreeb", "SOM", "city", 5.5, 46.4, 50_000, "Galgaduud"),
        _place("Bora", "KOR", "city", 35.1, 128.9, 20_000, "Busan"),
        _place("Eyl", "SOM", "city", 8.0, 49.8, 20_000, "Nugaal"),
        _place("Kaya", "JPN", "city", 35.6, 135.1, 24_000, "Kyoto"),
        _place("Kaya", "TCD", "city", 13.0, 14.5, 6_000, "Lac"),
    ],
    aliases={"Kenyan": [], "Ceel": ["Eyl"]},
)


def places(doc: Document) -> list[Place]:
    return list(PlacesStage(WORLD)(doc).places)


def by_text(doc: Document) -> dict[str, Place]:
    return {p.text: p for p in places(doc)}


def test_a_small_town_far_from_every_actors_country_is_a_namesake() -> None:
    # Chadian soldiers: no Tire of Turkey, 3,000 km away.
    assert "Tire" not in by_text(document("Chadian soldiers raided the village of Tire on Monday."))
    # With no actor of a known country the text gives no ground to doubt the reading.
    assert by_text(document("Gunmen raided the village of Tire on Monday."))["Tire"].country == "TUR"


def test_a_place_near_the_actors_country_is_believed() -> None:
    # Somali fighters in a Kenyan town: Mandera lies some 800 km from Mogadishu.
    found = by_text(document("Somali fighters attacked a bus in Mandera on Monday."))
    assert found["Mandera"].country == "KEN"


def test_a_large_town_abroad_before_a_unit_is_a_village_of_the_unit() -> None:
    found = by_text(document("Two herders died in a fight at Guri, Isiolo County on Monday."))
    assert (found["Guri"].country, found["Guri"].admin1) == ("KEN", "Isiolo")


def test_a_unit_known_only_as_a_town_abroad_is_a_unit_the_gazetteer_lacks() -> None:
    found = by_text(document("Soldiers raided Juri town, Juri upazila (Moulvibazar, Sylhet), on Monday."))
    assert (found["Juri town"].country, found["Juri town"].admin1) == ("BGD", "Sylhet")


def test_a_hyphenated_name_whose_parts_lie_in_different_countries_is_one_village() -> None:
    found = by_text(document("Traders protested at Bora-Ceel town (Dhuusamarreeb, Galgaduud) on Monday."))
    assert "Bora" not in found and "Ceel" not in found
    assert found["Bora-Ceel town"].country == "SOM"


def test_a_possessive_that_lost_its_apostrophe_names_the_place() -> None:
    found = by_text(document("Police shot a suspect in Nairobis Mathare area on Monday."))
    assert found["Nairobis"].name == "Nairobi"


def test_a_namesake_in_the_actors_country_is_preferred_when_the_text_names_none() -> None:
    """ "Chadian soldiers were ambushed in Kaya": the smaller Kaya of the actors' country, not the
    larger one of Japan (which, far from Chad, would not be believed either)."""
    (kaya,) = places(document("Chadian soldiers were ambushed in Kaya on Monday."))
    assert (kaya.country, kaya.admin1) == ("TCD", "Lac")
