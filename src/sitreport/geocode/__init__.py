"""Offline geocoding: candidate places for a toponym and the rules that pick one.

    Geocoder (Protocol)   candidates(name) -> list[GeoCandidate]
    ├── Gazetteer         the DuckDB file built from GeoNames/ISO data (`ensure_gazetteer`)
    └── StaticGeocoder    a fixed list, for tests and small embedded uses

The gazetteer names are loaded on first access, so importing the package does
not import DuckDB and `python -m sitreport.geocode.gazetteer` runs cleanly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sitreport.geocode.base import GeoCandidate, Geocoder, fold, variant_key
from sitreport.geocode.resolve import Context, choose, resolve, to_place, within
from sitreport.geocode.static import StaticGeocoder

if TYPE_CHECKING:
    from sitreport.geocode.gazetteer import (
        REGISTRY_NAME,
        Gazetteer,
        build_gazetteer,
        default_path,
        ensure_gazetteer,
    )

_LAZY = frozenset({"REGISTRY_NAME", "Gazetteer", "build_gazetteer", "default_path",
                   "ensure_gazetteer"})

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
    "within",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module("sitreport.geocode.gazetteer"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
