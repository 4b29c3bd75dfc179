"""PlacesStage on hand-built documents with the StaticGeocoder."""

from __future__ import annotations

import pytest
from places_builders import document, geocoder

from sitreport.model import Document, GeoPrecision, Place
from sitreport.pipeline import Stage, check_order
from sitreport.stages.places import PlacesStage


def places(doc: Document) -> list[Place]:
    out = PlacesStage(geocoder())(doc).places
    for p in out:
        assert doc.text[p.start:p.end] == p.text
    return list(out)


def test_stage_declares_its_fields() -> None:
    stage = PlacesStage(geocoder())
    assert isinstance(stage, Stage)
    assert (stage.name, stage.requires, stage.assigns) == ("places", ("tokens", "sentences", "entities"), ("places",))


def test_stage_runs_after_a_parse_stage() -> None:
    class Parse:
        name, requires, assigns = "parse", ("text",), ("tokens", "sentences", "entities")

        def __call__(self, doc: Document) -> Document:
            return doc

    check_order([Parse(), PlacesStage(geocoder())])


def test_possessive_country_and_plural_oblasts() -> None:
    doc = document("The troops were deployed in Russia’s Kursk and Bryansk oblasts, about four miles from the border.",
                   [("GPE", "Russia"), ("GPE", "Kursk")])
    found = {p.text: p for p in places(doc)}
    assert found["Russia"].precision is GeoPrecision.COUNTRY
    assert (found["Kursk"].admin1, found["Kursk"].country) == ("Kursk Oblast", "RUS")
    assert (found["Bryansk oblasts"].admin1, found["Bryansk oblasts"].country) == ("Bryansk Oblast", "RUS")
    assert len(found) == 3


def test_near_the_region_includes_the_cue() -> None:
    doc = document("Six officers were killed near the Donetsk region in Ukraine on October 3.", [("GPE", "Ukraine")])
    first, second = places(doc)
    assert (first.text, first.near, first.admin1, first.country) == (
        "near the Donetsk region", True, "Donetsk Oblast", "UKR")
    assert first.precision is GeoPrecision.ADMIN1
    assert (second.text, second.precision, second.near) == ("Ukraine", GeoPrecision.COUNTRY, False)


def test_russian_occupied_territory_near_donetsk_is_ukrainian() -> None:
    doc = document("Engineers were sent to the Russian-occupied territory near Donetsk.")
    (place,) = places(doc)
    assert (place.text, place.near, place.country, place.precision) == (
        "near Donetsk", True, "UKR", GeoPrecision.POINT)


def test_district_coded_to_its_town_within_the_named_region() -> None:
    doc = document("Russian forces struck an electric substation in the Pavlohrad district "
                   "(coded to Pavlohrad, Dnipropetrovsk region).")
    found = places(doc)
    assert [p.text for p in found] == ["Pavlohrad district", "Pavlohrad", "Dnipropetrovsk region"]
    district, town, region = found
    assert (district.precision, district.admin2) == (GeoPrecision.ADMIN2, "Pavlohrad Raion")
    assert (town.precision, town.admin1) == (GeoPrecision.POINT, "Dnipropetrovsk Oblast")
    assert (region.precision, region.admin1) == (GeoPrecision.ADMIN1, "Dnipropetrovsk Oblast")


def test_village_resolved_within_the_named_admin1() -> None:
    doc = document("On 16 February 2024, Russian forces launched an air strike near Katerynivka, Donetsk region.")
    village, region = places(doc)
    assert (village.text, village.near, village.admin1, village.precision) == (
        "near Katerynivka", True, "Donetsk Oblast", GeoPrecision.POINT)
    assert region.admin1 == "Donetsk Oblast"


def test_unknown_village_in_named_admin1_is_coded_to_it() -> None:
    doc = document("On 16 February 2024, Russian forces launched an air strike near Katerynivka, Kharkiv region.")
    village, region = places(doc)
    assert (village.name, village.admin1, village.precision) == ("Katerynivka", "Kharkiv Oblast", GeoPrecision.ADMIN1)
    assert (village.lat, village.lon) == (region.lat, region.lon)


def test_bare_admin1_after_a_village_is_the_container() -> None:
    doc = document("On 8 May 2022, Russian forces shelled Lozova, Kharkiv. 1 civilian was killed.")
    town, region = places(doc)
    assert (town.name, town.precision) == ("Lozova", GeoPrecision.POINT)
    assert (region.text, region.precision, region.admin1) == ("Kharkiv", GeoPrecision.ADMIN1, "Kharkiv Oblast")


def test_list_of_cities_is_not_a_container() -> None:
    doc = document("Drones were shot down over Donetsk, Kharkiv and Kursk.")
    assert [(p.name, p.precision) for p in places(doc)] == [
        ("Donetsk", GeoPrecision.POINT), ("Kharkiv", GeoPrecision.POINT), ("Kursk", GeoPrecision.POINT)]


def test_transliteration_variant_inside_the_named_admin1() -> None:
    doc = document("Russian forces launched a missile strike at Yurivka, Dnipropetrovsk region.")
    village = places(doc)[0]
    assert (village.name, village.admin1) == ("Yuryivka", "Dnipropetrovsk Oblast")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israeli strikes hit the Gaza Strip overnight.", ("Gaza Strip", "PSE", GeoPrecision.ADMIN1)),
        ("Shelling was reported in Khan Younis on Monday.", ("Khān Yūnis", "PSE", GeoPrecision.POINT)),
        ("Fighting continued in Ukraine.", ("Ukraine", "UKR", GeoPrecision.COUNTRY)),
        ("Reinforcements were sent to the Donbas.", ("Donbas", "UKR", GeoPrecision.REGION)),
    ],
)
def test_single_places(text: str, expected: tuple[str, str, GeoPrecision]) -> None:
    (place,) = places(document(text))
    assert (place.name, place.country, place.precision) == expected


def test_demonyms_are_not_places() -> None:
    doc = document("Russian and North Korean officers met Ukrainian officials.",
                   [("NORP", "Russian"), ("GPE", "Ukrainian")])
    assert places(doc) == []


def test_distance_from_the_border_is_no_place_but_from_a_town_is_near() -> None:
    assert places(document("Troops were 10 km from the border.")) == []
    (place,) = places(document("Troops were 10 km from Lozova."))
    assert (place.text, place.near, place.name) == ("10 km from Lozova", True, "Lozova")


def test_capitalised_words_without_cue_are_not_looked_up_as_villages() -> None:
    assert places(document("Interception: Casualties unknown. Officials said Yuryivka.")) == []


def test_part_of_a_longer_name_is_not_a_place() -> None:
    doc = document("The Kyiv Post and Interfax-Ukraine reported it.", [("GPE", "Kyiv"), ("GPE", "Ukraine")])
    assert places(doc) == []


def test_small_place_abroad_in_a_text_about_other_countries_is_dropped() -> None:
    doc = document("Mali's army struck a hideout near the village of Yoro, in Mali.",
                   [("GPE", "Mali"), ("GPE", "Mali")])
    assert [p.name for p in places(doc)] == ["Mali", "Mali"]


def test_empty_document() -> None:
    assert places(Document(id="x", text="")) == []


def test_a_list_joins_names_read_before_the_one_that_is_known() -> None:
    # Only "Kursk" is a mention of its own; the small village "Yuryivka" is joined to it,
    # then "Yurivka" to "Yuryivka", though both are read before the name that links them.
    doc = document("Officials listed Yurivka, Yuryivka and Kursk.", [("GPE", "Kursk")])
    assert [p.text for p in places(doc)] == ["Yurivka", "Yuryivka", "Kursk"]
    assert places(document("Officials listed Yurivka, Yuryivka and Smith.")) == []
