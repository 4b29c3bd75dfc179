"""Hierarchies written with link words, and which readings of a text may vote for a country.

Hand-written sentences against a small StaticGeocoder (no model is loaded).
"""

from __future__ import annotations

from places_builders import document

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.geocode.base import Feature
from sitreport.model import Document, GeoPrecision, Place
from sitreport.stages.places import PlacesStage, route_spans


def _place(
    name: str, country: str, feature: Feature, lat: float, lon: float, population: int = 0,
    admin1: str | None = None,
) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, None, lat, lon, feature, population)


WORLD = StaticGeocoder(
    [
        _place("Magway Region", "MMR", "admin1", 20.1, 94.9, 3_900_000),
        _place("Talu", "JPN", "city", 35.4, 136.9, 120_000, "Gifu"),
        _place("Ouaddai", "TCD", "admin1", 13.8, 20.8, 700_000),
        _place("Abdi", "TCD", "city", 12.7, 21.3, 5_000, "Ouaddai"),
        _place("Kheira", "IND", "city", 30.6, 76.0, 20_000, "Punjab"),
        _place("Dhaka", "BGD", "city", 23.7, 90.4, 10_000_000, "Dhaka"),
        _place("Banani", "IRN", "city", 33.0, 56.9, 4_000, "Yazd"),
        _place("Helmand Province", "AFG", "admin1", 31.6, 64.4, 1_400_000),
        GeoCandidate("Garmser", "AFG", "Helmand Province", None, 30.9, 64.1, "admin2", 100_000),
        _place("Garmser", "IRN", "city", 35.2, 52.3, 15_000, "Semnan"),
        _place("Alor Setar", "MYS", "city", 6.1, 100.4, 400_000, "Kedah"),
        _place("Yangon", "MMR", "city", 16.8, 96.2, 5_000_000, "Yangon"),
        _place("University", "USA", "city", 28.1, -82.4, 40_000, "Florida"),
        _place("Quezon", "PHL", "city", 7.7, 125.1, 100_000, "Northern Mindanao"),
        _place("Quezon City", "PHL", "city", 14.6, 121.0, 2_900_000, "National Capital Region"),
    ],
    aliases={"Thai": ["Alor Setar"]},
)


def places(doc: Document) -> list[Place]:
    return list(PlacesStage(WORLD)(doc).places)


def test_an_unknown_township_the_parser_named_with_its_unit_word_is_coded_to_its_region() -> None:
    # The parser's span covers the name and its unit word: still a name of the hierarchy.
    doc = document("On 4 May 2021, in Seikpyu Township, Magway Region, soldiers burned houses.",
                   [("GPE", "Seikpyu Township")])
    found = {p.text: p for p in places(doc)}
    township = found["Seikpyu Township"]
    assert (township.country, township.admin1, township.precision) == ("MMR", "Magway Region", GeoPrecision.ADMIN1)


def test_a_hierarchy_linked_by_in_holds_a_town_known_only_abroad() -> None:
    # "X Town, in X Township, in Y Region": the town lies in the region, not in Japan.
    doc = document("On 2 June 2021, in Talu Town, in Talu Township, in Magway Region, a crowd marched.")
    found = {p.text: p for p in places(doc)}
    assert (found["Talu Town"].country, found["Talu Town"].admin1) == ("MMR", "Magway Region")
    assert found["Talu Township"].admin1 == "Magway Region"
    # Without the unit that holds it, the town is read as the gazetteer has it.
    alone = {p.text: p for p in places(document("On 2 June 2021, a crowd marched in Talu Town."))}
    assert alone["Talu Town"].country == "JPN"


def test_a_name_met_only_through_a_spelling_variant_does_not_vote() -> None:
    # "Khayra" meets an Indian "Kheira" only as a variant: it is no evidence that the text is
    # about India, so the Chadian village named twice beside it stays.
    found = places(document("Two men were killed in Khayra in the Abdi area, near Abdi."))
    assert {p.country for p in found if p.text.endswith("Abdi") or p.text == "Abdi area"} == {"TCD"}
    assert all(p.country != "IND" for p in found)


def test_a_name_written_twice_does_not_vote_for_its_own_reading() -> None:
    # Two mentions of one small namesake abroad are not two places of that country: every
    # other place of the text lies in Bangladesh.
    found = places(document("Traders marched in Dhaka against the closure of the Banani market and the Banani mall."))
    assert [p.country for p in found] == ["BGD"]
    # Written once it is read the same way: repeating a name adds nothing.
    once = places(document("Traders marched in Dhaka against the closure of the Banani market."))
    assert [p.country for p in once] == ["BGD"]


def test_route_spans_are_the_ends_of_a_road_written_by_its_towns() -> None:
    text = "Crowds blocked the Lira - Gulu highway and later the axis Bama-Konduga near Dikwa."
    assert [text[a:b] for a, b in route_spans(text)] == ["Lira - Gulu", "Bama-Konduga"]
    # A road named by one place, or a hyphenated name with no road word, is no road's ends.
    assert route_spans("Police closed the road to Mayo-Kebbi and the Gulu road.") == ()


def test_a_unit_word_after_another_name_in_parentheses_belongs_to_the_name_before() -> None:
    # "X (Y) district": Y is another name of the district, the unit word is X's.
    found = places(document("Police said two men died in Garmser (Hazarjuft) district, Helmand on Friday."))
    district = found[0]
    assert (district.text, district.precision) == ("Garmser (Hazarjuft) district", GeoPrecision.ADMIN2)
    assert (district.country, district.admin1) == ("AFG", "Helmand Province")
    # Parentheses holding anything else are no other name.
    plain = places(document("Police said two men died in Garmser (on Friday) district offices."))
    assert all(p.text != "Garmser (on Friday) district" for p in plain)


def test_a_demonym_the_parser_tags_as_a_proper_noun_is_no_place() -> None:
    found = places(document("Crowds gathered outside the Thai embassy in Yangon."))
    assert [p.text for p in found] == ["Yangon"]


def test_the_head_word_of_an_institution_is_no_place() -> None:
    found = places(document("Students marched at the University of Kwara on Monday."))
    assert all(p.name != "University" for p in found)


def test_a_settlement_word_written_into_the_name_names_the_city_of_the_whole_name() -> None:
    city = places(document("Police raided a house in Quezon City on Monday."))[0]
    assert (city.name, city.admin1) == ("Quezon City", "National Capital Region")
    # Written in lower case it is the unit word of the town named before it.
    town = places(document("Police raided a house in the Quezon town centre."))[0]
    assert (town.name, town.admin1) == ("Quezon", "Northern Mindanao")
