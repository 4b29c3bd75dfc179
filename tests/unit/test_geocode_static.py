"""StaticGeocoder: the lookup rules every geocoder shares, on a fixed list."""

from __future__ import annotations

from places_builders import geocoder

from sitreport.geocode import GeoCandidate, Geocoder, StaticGeocoder


def test_static_geocoder_is_a_geocoder() -> None:
    assert isinstance(geocoder(), Geocoder)


def test_candidates_by_main_name_and_alias() -> None:
    g = geocoder()
    assert [c.name for c in g.candidates("Khan Younis")] == ["Khān Yūnis"]
    assert g.candidates("Khan Younis")[0].match == "alias"
    assert g.candidates("khān yūnis")[0].match == "name"


def test_region_form_keeps_only_admin_units() -> None:
    g = geocoder()
    bare = {c.feature for c in g.candidates("Kharkiv")}
    assert bare == {"city", "admin1"}
    assert [(c.name, c.feature) for c in g.candidates("Kharkiv region")] == [("Kharkiv Oblast", "admin1")]
    assert [c.name for c in g.candidates("Kursk oblast")] == ["Kursk Oblast"]


def test_district_form_finds_second_level_units() -> None:
    assert [c.name for c in geocoder().candidates("Pavlohrad district")] == ["Pavlohrad Raion"]


def test_variants_come_after_exact_matches_and_are_marked() -> None:
    found = geocoder().candidates("Yurivka")
    assert [(c.admin1, c.match) for c in found] == [
        ("Zhytomyr Oblast", "name"),
        ("Dnipropetrovsk Oblast", "variant"),
    ]


def test_unknown_name_has_no_candidates() -> None:
    assert geocoder().candidates("Atlantis") == []
    assert geocoder().candidates("") == []


def test_admin1_short_name_is_found_like_the_gazetteer_does() -> None:
    g = StaticGeocoder(geocoder().places)
    assert "Donetsk Oblast" in [c.name for c in g.candidates("Donetsk")]


def test_a_unit_word_prefers_its_level_then_takes_the_other() -> None:
    sulu = GeoCandidate("Sulu", "PHL", "Autonomous Region in Muslim Mindanao", None, 6.0, 121.0, "admin2")
    nyamira = GeoCandidate("Nyamira", "KEN", None, None, -0.6, 34.9, "admin1")
    g = StaticGeocoder([sulu, nyamira])
    assert [c.feature for c in g.candidates("Sulu province")] == ["admin2"]  # no first-level Sulu
    assert [c.feature for c in g.candidates("Nyamira district")] == ["admin1"]
    assert g.candidates("Sulu region") == g.candidates("Sulu province")


def test_admin1_keys_list_every_name_of_each_unit() -> None:
    unit = GeoCandidate("Zaporizhzhia Oblast", "UKR", None, None, 47.8, 35.2, "admin1")
    g = StaticGeocoder([unit], aliases={"Zaporizhia": ["Zaporizhzhia Oblast"]})
    keys = g.admin1_keys("UKR")["Zaporizhzhia Oblast"]
    assert {"zaporizhzhia oblast", "zaporizhzhia", "zaporizhia"} <= keys
    assert g.admin1_keys("RUS") == {}
