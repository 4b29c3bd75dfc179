"""A geocoder over a fixed list of places, shipped for tests.

It applies the same lookup rule as the gazetteer (`lookup_with_forms`), so a
stage tested against it sees the same "X region" and variant behaviour.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from sitreport.geocode.base import (
    GeoCandidate,
    fold,
    geocode_resources,
    lookup_with_forms,
    variant_key,
)


class StaticGeocoder:
    """`Geocoder` answering from `places`, each findable by its name and `aliases`.

    `aliases` maps an extra name to the place names it denotes, e.g.
    `{"Kiev": ["Kyiv"]}`. Like the gazetteer, an admin1 place named "Kharkiv
    Oblast" is also found as "Kharkiv".
    """

    def __init__(
        self,
        places: Iterable[GeoCandidate],
        aliases: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._exact: dict[str, list[GeoCandidate]] = defaultdict(list)
        self._variant: dict[str, list[GeoCandidate]] = defaultdict(list)
        self.places = list(places)
        by_name: dict[str, list[GeoCandidate]] = defaultdict(list)
        suffixes = set(geocode_resources()["display_suffixes"])
        for place in self.places:
            by_name[place.name].append(place)
            self._add(place.name, replace(place, match="name"))
            words = place.name.split()
            if place.feature == "admin1" and len(words) > 1 and words[-1] in suffixes:
                # As in the gazetteer, "Kharkiv Oblast" is also found as "Kharkiv".
                self._add(" ".join(words[:-1]), replace(place, match="alias"))
        for alias, targets in (aliases or {}).items():
            for target in targets:
                for place in by_name[target]:
                    self._add(alias, replace(place, match="alias"))

    def _add(self, text: str, place: GeoCandidate) -> None:
        self._exact[fold(text)].append(place)
        self._variant[variant_key(text)].append(replace(place, match="variant"))

    def _fetch(self, keys: Sequence[str]) -> dict[str, list[GeoCandidate]]:
        return {
            key: sorted([*self._exact.get(key, ()), *self._variant.get(key, ())],
                        key=lambda c: -c.population)
            for key in keys
        }

    def candidates(self, name: str) -> list[GeoCandidate]:
        return lookup_with_forms(name, self._fetch)

    def admin1_keys(self, country: str) -> dict[str, frozenset[str]]:
        """Display name -> lookup keys of each first-level unit of `country` (as the gazetteer)."""
        out: dict[str, set[str]] = {}
        for key, places in self._exact.items():
            for p in places:
                if p.feature == "admin1" and p.country == country:
                    out.setdefault(p.name, set()).update({key, variant_key(key)})
        return {name: frozenset(keys) for name, keys in out.items()}
