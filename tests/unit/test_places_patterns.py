"""EntityRuler patterns from the geocoder."""

from __future__ import annotations

from places_builders import PLACES

from sitreport.geocode import GeoCandidate, StaticGeocoder
from sitreport.stages.places import place_patterns


def test_patterns_label_place_names_gpe() -> None:
    patterns = place_patterns(StaticGeocoder(PLACES))
    texts = {p["pattern"] for p in patterns}
    assert {"Ukraine", "Kharkiv Oblast", "Kharkiv", "Donbas"} <= texts
    assert {p["label"] for p in patterns} == {"GPE"}
    assert len(texts) == len(patterns)


def test_patterns_skip_ordinary_words_and_add_apostrophe_variants() -> None:
    odd = [
        GeoCandidate("Of", "TUR", "Trabzon", None, 40.9, 40.3, "city", 20_000),
        GeoCandidate("May", "USA", "Texas", None, 31.9, -98.9, "city", 300_000),
        GeoCandidate("Côte d'Ivoire", "CIV", None, None, 5.3, -4.0, "country", 26_000_000),
    ]
    texts = {p["pattern"] for p in place_patterns(StaticGeocoder(odd))}
    assert texts == {"Côte d'Ivoire", "Côte d’Ivoire"}
