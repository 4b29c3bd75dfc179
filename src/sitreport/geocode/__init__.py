"""Offline geocoding: candidate places for a toponym and the rules that pick one.

    Geocoder (Protocol)   candidates(name) -> list[GeoCandidate]
    ├── Gazetteer         the DuckDB file built from GeoNames/ISO data (`ensure_gazetteer`)
    └── StaticGeocoder    a fixed list, for tests and small embedded uses
"""

from sitreport.geocode.base import GeoCandidate, Geocoder, fold, variant_key
from sitreport.geocode.gazetteer import (
    REGISTRY_NAME,
    Gazetteer,
    build_gazetteer,
    default_path,
    ensure_gazetteer,
)
from sitreport.geocode.resolve import Context, choose, resolve, to_place
from sitreport.geocode.static import StaticGeocoder

__all__ = [
    "REGISTRY_NAME",
    "Context",
    "Gazetteer",
    "GeoCandidate",
    "Geocoder",
    "StaticGeocoder",
    "build_gazetteer",
    "choose",
    "default_path",
    "ensure_gazetteer",
    "fold",
    "resolve",
    "to_place",
    "variant_key",
]
