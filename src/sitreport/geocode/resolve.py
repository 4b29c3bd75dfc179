"""Toponym disambiguation: which of a name's candidate places the text means.

The rules, strongest first:

1. A container named next to the mention ("Katerynivka, Kharkiv region",
   "Oleksandrivsky (Donetsk)") keeps only candidates inside it. When no
   candidate is inside, `choose` returns None and the caller codes the mention
   to the container itself: we know the oblast, not the village.
2. A country the text attaches to the name ("Russia's Kursk", "Kursk,
   Russia") keeps only candidates in that country. Areas occupied by that
   country stay coded to the state recognised as sovereign (Crimea and
   occupied Donetsk, Luhansk, Zaporizhzhia and Kherson to UKR) but satisfy the
   preference, so "Russian-occupied Donetsk" is still Donetsk, UKR.
3. Exact name matches beat transliteration variants.
4. A score: population (log scale), a bonus for meeting the place's main name
   rather than one of its aliases, bonuses for the countries the document
   mentions (else for those its actors belong to) and for the admin1 units its
   other places lie in, and the
   feature. Curated regions (hand-listed because the name is used for the
   region: "the Sahel", "the Red Sea") and bare country names win outright;
   a first-level unit named like a city of its country ("Kharkiv") yields to
   the city, as English news uses the bare name for the city and says
   "Kharkiv region" for the oblast.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from sitreport.geocode.base import GeoCandidate, geocode_resources
from sitreport.model import GeoPrecision, Place

PRECISION: dict[str, GeoPrecision] = {
    "city": GeoPrecision.POINT,
    "admin2": GeoPrecision.ADMIN2,
    "admin1": GeoPrecision.ADMIN1,
    "country": GeoPrecision.COUNTRY,
    "region": GeoPrecision.REGION,
}

# Score weights; see the module docstring for what each rewards.
_MAIN_NAME = 2.5
_DOC_COUNTRY = 2.0
_DOC_SHARE = 2.0
_DOC_ADMIN1 = 1.5
_ACTOR_COUNTRY = 2.0
_FEATURE = {"country": 8.0, "region": 20.0, "admin1": 1.5, "city": 0.0, "admin2": -1.0}


@dataclass(frozen=True)
class Context:
    """What the text around a mention says about where it is.

    `countries` counts the document's mentions of each ISO-3 country and
    `admin1s` of each first-level unit (by display name);
    `container` is an admin1 unit (or country) named right next to the
    mention; `preferred_country` a country attached to it by possessive or
    apposition; `actors` the countries the text's actors belong to by demonym or
    organisation ("Chadian soldiers", "FARDC"), which most ACLED notes name where
    they name no country.
    """

    countries: Mapping[str, int] = field(default_factory=dict)
    admin1s: Mapping[str, int] = field(default_factory=dict)
    preferred_country: str | None = None
    container: GeoCandidate | None = None
    near: bool = False
    actors: frozenset[str] = frozenset()


def choose(candidates: Sequence[GeoCandidate], context: Context) -> GeoCandidate | None:
    """The candidate the text most likely means, or None (see rule 1)."""
    pool = list(candidates)
    if context.container is not None:
        pool = [c for c in pool if inside(c, context.container)]
        if not pool:
            return None
    if context.preferred_country is not None:
        preferred = [c for c in pool if _in_country(c, context.preferred_country)]
        pool = preferred or pool
    exact = [c for c in pool if c.match != "variant"]
    pool = exact or pool
    if not pool:
        return None
    # A unit named like a city of its country yields to the city (rule 4): every
    # candidate answers the same name, so such a city is named like the unit.
    with_city = {c.country for c in pool if c.feature == "city"}
    pool = [c for c in pool if c.feature not in ("admin1", "admin2") or c.country not in with_city]
    total = sum(context.countries.values()) or 1
    return max(pool, key=lambda c: (_score(c, context, total), c.population))


def inside(candidate: GeoCandidate, container: GeoCandidate) -> bool:
    """True when `candidate` lies in `container`.

    A country holds everything of its own; a first-level unit its cities and
    districts; a second-level unit its cities. A town named as a container
    ("Lusambo, Fizi") stands for its district: it holds the other places of
    its second-level unit.
    """
    if candidate.country != container.country or candidate == container:
        return False
    if container.feature == "country":
        return candidate.feature != "country"
    if container.feature == "admin1":
        return candidate.admin1 == container.name and candidate.feature in ("city", "admin2")
    if container.feature == "admin2":
        return candidate.admin2 == container.name and candidate.feature == "city"
    if container.feature == "city":
        return (
            candidate.feature == "city"
            and container.admin2 is not None
            and (candidate.admin2, candidate.admin1) == (container.admin2, container.admin1)
        )
    return False


def score(candidate: GeoCandidate, context: Context) -> float:
    """How likely the text means `candidate` before any container is applied (rule 4)."""
    return _score(candidate, context, sum(context.countries.values()) or 1)


def _score(c: GeoCandidate, context: Context, total: int) -> float:
    score = math.log10(c.population + 1) + _FEATURE[c.feature]
    if c.match == "name":
        score += _MAIN_NAME
    mentions = context.countries.get(c.country or "", 0)
    if mentions:
        score += _DOC_COUNTRY + _DOC_SHARE * mentions / total
    elif any(_in_country(c, actor) for actor in context.actors):
        # Met too by areas an actor's state occupies: "Russian-occupied ... near Donetsk"
        # favours Donetsk, Ukraine as much as the smaller Donetsk of Russia.
        score += _ACTOR_COUNTRY
    if context.admin1s.get((c.name if c.feature == "admin1" else c.admin1) or "", 0):
        score += _DOC_ADMIN1
    return score


def _in_country(c: GeoCandidate, country: str) -> bool:
    if c.country == country:
        return True
    return (c.country, c.admin1 if c.feature != "admin1" else c.name) in _disputed(country)


@cache
def _disputed(country: str) -> frozenset[tuple[str, str]]:
    """(sovereign ISO-3, admin1) pairs of areas occupied by `country` (resources/geocode.yaml)."""
    table: dict[str, list[dict[str, str]]] = geocode_resources()["disputed"]
    return frozenset((e["country"], e["admin1"]) for e in table.get(country, ()))


def to_place(
    candidate: GeoCandidate, text: str, start: int, end: int, *, near: bool = False
) -> Place:
    """The `Place` for a mention resolved to `candidate`."""
    admin1 = candidate.name if candidate.feature == "admin1" else candidate.admin1
    admin2 = candidate.name if candidate.feature == "admin2" else candidate.admin2
    return Place(
        text=text,
        start=start,
        end=end,
        name=candidate.name,
        country=candidate.country,
        admin1=admin1,
        admin2=admin2,
        lat=candidate.lat,
        lon=candidate.lon,
        precision=PRECISION[candidate.feature],
        near=near,
    )


def within(
    container: GeoCandidate, name: str, text: str, start: int, end: int, *, near: bool = False
) -> Place:
    """A mention we could not find, coded to the unit the text puts it in.

    "Katerynivka, Kharkiv region" with no Katerynivka known in Kharkiv Oblast:
    the place keeps its own name but the oblast's point and precision.
    """
    place = to_place(container, text, start, end, near=near)
    return Place(
        text=place.text, start=start, end=end, name=name, country=place.country,
        admin1=place.admin1, admin2=place.admin2, lat=place.lat, lon=place.lon,
        precision=place.precision, near=near,
    )


def resolve(
    text: str,
    start: int,
    end: int,
    candidates: Sequence[GeoCandidate],
    context: Context,
    *,
    name: str | None = None,
) -> Place | None:
    """Pick a candidate and return the `Place` for the mention text[start:end].

    `name` is the toponym inside the mention ("Katerynivka" in "near
    Katerynivka"), used as the place name when only the container is known.
    """
    chosen = choose(candidates, context)
    if chosen is None:
        if context.container is not None and candidates:
            return within(context.container, name or text, text, start, end, near=context.near)
        return None
    return to_place(chosen, text, start, end, near=context.near)
