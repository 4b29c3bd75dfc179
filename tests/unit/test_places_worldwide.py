"""How conflict reporting writes places worldwide: hierarchies, unit words, particles, datelines.

Hand-written sentences against a small StaticGeocoder with deliberate homonyms,
so each test fails when the rule it covers does not hold.
"""

from __future__ import annotations

from dataclasses import replace

from places_builders import document

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.geocode.base import Feature
from sitreport.model import Document, GeoPrecision, Place
from sitreport.stages.places import PlacesStage, dateline_place, dateline_span, event_places, opening_place


def _city(name: str, country: str, admin1: str, admin2: str | None, population: int) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, admin2, 1.0, 2.0, "city", population)


def _unit(name: str, country: str, feature: Feature, admin1: str | None = None, population: int = 0) -> GeoCandidate:
    return GeoCandidate(name, country, admin1, None, 3.0, 4.0, feature, population)


WORLD = StaticGeocoder(
    [
        _unit("Philippines", "PHL", "country", population=110_000_000),
        _unit("Autonomous Region in Muslim Mindanao", "PHL", "admin1", population=4_000_000),
        _unit("Davao Region", "PHL", "admin1", population=5_000_000),
        _unit("Basilan", "PHL", "admin2", "Autonomous Region in Muslim Mindanao", 400_000),
        _unit("Laguna", "PHL", "admin2", "Calabarzon", 3_000_000),
        _unit("Calabarzon", "PHL", "admin1", population=14_000_000),
        _city("Lamitan", "PHL", "Autonomous Region in Muslim Mindanao", "Basilan", 9_000),
        _city("Lamitan", "PHL", "Davao Region", "Davao del Sur", 40_000),  # the likelier one alone
        _city("Lumban", "PHL", "Calabarzon", "Laguna", 30_000),
        _city("Laguna", "PHL", "Calabarzon", "Laguna", 4_000_000),  # a city named like its province
        _city("Isabela", "PHL", "Zamboanga Peninsula", "Basilan", 100_000),  # the unit of an older map
        _city("Bagong Silang", "PHL", "National Capital Region", "Metro Manila", 50_000),
        _unit("Baghlan", "AFG", "admin1", population=900_000),
        _city("Pul-e Khumri", "AFG", "Baghlan", None, 220_000),
        _city("Pul", "IRN", "Mazandaran Province", None, 2_000),
        _unit("Helmand Province", "AFG", "admin1", population=900_000),
        _unit("Nahri Saraj", "AFG", "admin2", "Helmand Province", 100_000),
        _city("Haidarabad", "PAK", "Sindh Province", None, 1_700_000),
        _unit("Sudan", "SDN", "country", population=45_000_000),
        _city("Salé", "MAR", "Rabat-Sale-Kenitra", None, 900_000),
        _unit("Ukraine", "UKR", "country", population=40_000_000),
        _unit("Kharkiv Oblast", "UKR", "admin1", population=2_600_000),
        _city("Kharkiv", "UKR", "Kharkiv Oblast", None, 1_400_000),
        _city("Lozova", "UKR", "Kharkiv Oblast", None, 54_000),
        _unit("Chattogram", "BGD", "admin1", population=30_000_000),
        _unit("Noakhali", "BGD", "admin2", "Chattogram", 3_000_000),
        _city("Eldoret", "KEN", "Uasin Gishu", None, 290_000),
        _city("Kitale", "KEN", "Trans Nzoia", None, 100_000),
        _unit("Idlib Governorate", "SYR", "admin1", population=1_500_000),
        _city("Idlib", "SYR", "Idlib Governorate", None, 160_000),
    ],
    aliases={"SLA": ["Salé"], "Sule": ["Salé"], "Idlib": ["Idlib Governorate"], "Chittagong": ["Chattogram"]},
)


def places(doc: Document) -> list[Place]:
    return list(PlacesStage(WORLD)(doc).places)


def by_text(doc: Document) -> dict[str, Place]:
    return {p.text: p for p in places(doc)}


def test_a_town_is_read_inside_the_unit_named_beside_it() -> None:
    found = by_text(document("Gunmen wounded three soldiers in Lamitan, Basilan province on Monday."))
    lamitan = found["Lamitan"]
    assert (lamitan.admin1, lamitan.admin2, lamitan.precision) == (
        "Autonomous Region in Muslim Mindanao", "Basilan", GeoPrecision.POINT)
    assert found["Basilan province"].precision is GeoPrecision.ADMIN2  # "province" is second-level here


def test_without_its_unit_the_likelier_homonym_wins() -> None:
    (lamitan,) = places(document("Gunmen wounded three soldiers in Lamitan on Monday."))
    assert lamitan.admin1 == "Davao Region"


def test_a_three_level_hierarchy_holds_the_finest_name_in_its_town() -> None:
    found = by_text(document("Police raided a house in Barangay Bagong Silang, Lumban, Laguna overnight."))
    village = found["Bagong Silang"]
    assert (village.name, village.admin1, village.admin2) == ("Bagong Silang", "Calabarzon", "Laguna")


def test_a_place_of_a_district_is_held_by_the_district() -> None:
    found = by_text(document("A bomb hit a patrol in the Haidarabad area of Nahri Saraj district, Helmand."))
    area = found["Haidarabad area"]
    assert (area.country, area.admin1) == ("AFG", "Helmand Province")
    assert area.precision is GeoPrecision.ADMIN2  # unknown there: coded to its district


def test_hyphen_links_keep_one_name() -> None:
    (town, unit) = places(document("Shelling killed two civilians in Pul-e Khumri, Baghlan."))
    assert (town.text, town.name, town.country) == ("Pul-e Khumri", "Pul-e Khumri", "AFG")
    assert unit.admin1 == "Baghlan"


def test_an_acronym_is_no_town() -> None:
    doc = document("SLA fighters clashed with soldiers near the border with Sudan.", [("ORG", "SLA")])
    assert [p.name for p in places(doc)] == ["Sudan"]


def test_the_province_of_x_names_the_province() -> None:
    (idlib,) = places(document("Jets struck the rebel-held province of Idlib on Tuesday."))
    assert (idlib.name, idlib.precision) == ("Idlib Governorate", GeoPrecision.ADMIN1)


def test_a_dateline_is_the_place_of_writing() -> None:
    doc = document("KHARKIV, Ukraine (AP) — Russian drones struck Lozova overnight.")
    assert dateline_span(doc) == (0, len("KHARKIV, Ukraine"))
    found = places(doc)
    assert [p.dateline for p in found] == [True, True, False]
    assert [p.name for p in event_places(replace(doc, places=tuple(found)))] == ["Lozova"]


def test_a_dateline_locates_the_lede_only_when_nothing_else_is_named() -> None:
    doc = document("KHARKIV, Ukraine (AP) — Prosecutors charged a soldier on Monday.")
    doc = replace(doc, places=tuple(places(doc)))
    assert [p.name for p in event_places(doc)] == ["Kharkiv", "Ukraine"]
    line = dateline_place(doc, 0, len(doc.text))
    assert line is not None and line.name == "Kharkiv"


def test_a_sentence_opening_with_a_name_and_dash_is_no_dateline_without_capitals_or_dash() -> None:
    assert dateline_span(document("Lozova was shelled on Monday.")) is None


def test_an_unknown_unit_inside_a_hierarchy_keeps_it_together() -> None:
    found = by_text(document("Police clashed with students in Noakhali town (Noakhali Sadar, Chittagong) on Monday."))
    town = found["Noakhali town"]
    assert (town.country, town.admin1, town.precision) == ("BGD", "Chattogram", GeoPrecision.ADMIN2)
    assert found["Chittagong"].precision is GeoPrecision.ADMIN1


def test_a_road_named_by_its_towns_names_both() -> None:
    found = places(document("Protesters blocked the Eldoret-Kitale road on Monday."))
    assert [p.name for p in found] == ["Eldoret", "Kitale"]


def test_a_hyphenated_name_that_is_not_all_places_stays_whole() -> None:
    assert places(document("The Interfax-Sudan agency reported it.")) == []


def _with_verb(doc: Document, word: str) -> Document:
    tokens = tuple(replace(t, pos="VERB") if t.text == word else t for t in doc.tokens)
    return replace(doc, tokens=tokens)


def test_a_sentence_opening_place_sets_the_scene() -> None:
    doc = _with_verb(document("On Monday, in Lumban, Laguna, soldiers dropped leaflets near Kharkiv."), "dropped")
    doc = replace(doc, places=tuple(places(doc)))
    scene = opening_place(doc, 0)
    assert scene is not None and scene.name == "Lumban"


def test_a_place_after_the_verb_sets_no_scene() -> None:
    doc = _with_verb(document("Soldiers dropped leaflets in Lumban, Laguna, on Monday."), "dropped")
    doc = replace(doc, places=tuple(places(doc)))
    assert opening_place(doc, 0) is None


def test_a_parenthesis_puts_a_name_known_elsewhere_in_the_units_it_names() -> None:
    # Haidarabad is a large city of Pakistan, Pul a village of Iran: the parenthesis after each
    # is its hierarchy, whatever the gazetteer knows of the name, and a town in it stands for
    # its district.
    town = by_text(document("Fighting was reported in Haidarabad (Helmand Province)."))["Haidarabad"]
    assert (town.country, town.admin1) == ("AFG", "Helmand Province")
    village = by_text(document("A bomb exploded in Pul (Lamitan) on Monday."))["Pul"]
    assert village.country == "PHL"
    # Written with a comma, a large city beside a unit is a list item, not a village of it.
    listed = by_text(document("Protests spread to Haidarabad, Helmand Province and Kharkiv."))["Haidarabad"]
    assert listed.country == "PAK"


def test_a_units_long_name_joins_its_parts_over_a_lower_case_link() -> None:
    found = by_text(document("Troops clashed with rebels in Basilan, Autonomous Region in Muslim Mindanao."))
    unit = found["Autonomous Region in Muslim Mindanao"]
    assert (unit.admin1, unit.precision) == ("Autonomous Region in Muslim Mindanao", GeoPrecision.ADMIN1)
    # Two places a link joins stay two places.
    assert [p.text for p in places(document("Shelling hit Lozova in Kharkiv on Monday."))] == ["Lozova", "Kharkiv"]


def test_a_village_known_only_abroad_is_coded_to_the_place_it_is_near() -> None:
    found = by_text(document("Gunmen burnt houses in Pul village near Lozova on Monday."))
    village = found["Pul village"]
    assert (village.name, village.country, village.admin1) == ("Pul", "UKR", "Kharkiv Oblast")
    # A place known in the same country as the one it is near keeps its own reading.
    (town, _) = places(document("Shelling hit Lozova near Kharkiv on Monday."))
    assert (town.name, town.precision) == ("Lozova", GeoPrecision.POINT)


def test_a_town_read_inside_its_district_takes_the_districts_first_level_unit() -> None:
    town = by_text(document("Gunmen wounded two soldiers in Isabela, Basilan province."))["Isabela"]
    assert (town.admin1, town.admin2, town.precision) == (
        "Autonomous Region in Muslim Mindanao", "Basilan", GeoPrecision.POINT)


def test_a_name_holding_a_town_names_its_unit_not_its_namesake_city() -> None:
    found = by_text(document("Police raided a house in Lumban, Laguna."))
    assert found["Laguna"].precision is GeoPrecision.ADMIN2
    assert found["Lumban"].precision is GeoPrecision.POINT


def test_a_hierarchy_written_without_its_comma_is_cut_after_the_inner_unit_word() -> None:
    found = by_text(document("A bomb hit a patrol in Haidarabad District Helmand Province."))
    assert found["Helmand Province"].admin1 == "Helmand Province"
    # A name that is known whole stays whole.
    assert [p.text for p in places(document("Shelling hit Lozova in Kharkiv Oblast."))] == ["Lozova", "Kharkiv Oblast"]


def test_a_small_place_abroad_is_dropped_when_every_other_place_lies_in_one_country() -> None:
    text = "Gunmen attacked a post in Pul before troops shelled {} and {}."
    found = by_text(document(text.format("Lozova", "Kharkiv"), [("GPE", "Lozova"), ("GPE", "Kharkiv")]))
    assert "Pul" not in found and found["Lozova"].country == "UKR"
    # Places of two countries tell nothing against a third.
    found = by_text(document(text.format("Kharkiv", "Haidarabad"), [("GPE", "Kharkiv"), ("GPE", "Haidarabad")]))
    assert found["Pul"].country == "IRN"


def test_a_compass_word_before_a_unit_names_a_part_of_the_unit() -> None:
    """ "Northern Baghlan" is coded to Baghlan; "Lower" begins names of its own and is kept."""
    (part,) = places(document("Gunmen attacked a convoy in Northern Baghlan on Monday."))
    assert (part.text, part.name, part.precision) == ("Northern Baghlan", "Baghlan", GeoPrecision.ADMIN1)
    assert not places(document("Gunmen attacked a convoy in Lower Baghlan on Monday."))


def test_a_sadar_upazila_is_the_district_seat_it_is_named_after() -> None:
    """ "(Noakhali Sadar, Chattogram)": the upazila of the district's seat, held by Chattogram."""
    found = by_text(document("Police fired on protesters in Maijdee (Noakhali Sadar, Chattogram) on Monday."))
    sadar = found["Noakhali Sadar"]
    assert (sadar.name, sadar.admin1) == ("Noakhali", "Chattogram")
