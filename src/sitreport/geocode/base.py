"""What a geocoder returns and the one method every geocoder offers.

A geocoder answers a single question: which known places could this name
refer to? Choosing among them needs the document's context and is the job of
`resolve.py`; keeping the seam this narrow lets tests run against
`StaticGeocoder` without the gazetteer file.

Name matching is exact on a folded key (`fold`): case, diacritics, apostrophes
and hyphens do not count, so "Kharkiv", "KHARKIV" and "Khar'kiv" meet, but
"Kharkov" only meets "Kharkiv" when the gazetteer lists it as an alias. A
second, looser key (`variant_key`) absorbs the y/i and doubled-letter
differences between transliteration systems ("Yurivka" / "Yuryivka"); matches
through it are marked `match="variant"` so the resolver ranks them last.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol, runtime_checkable

import yaml

from sitreport.errors import ResourceError

Feature = Literal["city", "admin2", "admin1", "country", "region"]
Match = Literal["name", "alias", "variant"]

# Which features an "X <suffix>" form may name: "Kharkiv region" is the oblast,
# never the city. Suffix words themselves live in resources/geocode.yaml. The level
# a word names is a preference, not a rule: a Philippine "province" and a Kenyan
# "county" are second- and first-level units where an oblast or a US county is
# the other way round, so the other level is tried when the named one has no X.
ADMIN_FEATURES: dict[str, frozenset[str]] = {
    "admin1": frozenset({"admin1", "region"}),
    "admin2": frozenset({"admin2"}),
}
_OTHER_LEVEL = {"admin1": "admin2", "admin2": "admin1"}


@dataclass(frozen=True)
class GeoCandidate:
    """One place a name may refer to.

    `country` is ISO 3166-1 alpha-3 (None for regions that span countries);
    `admin1`/`admin2` are English display names ("Kharkiv Oblast").
    `match` says how the name met the place: its main name, another of its
    names (an exonym, a former name), or only the transliteration-tolerant key.
    """

    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    feature: Feature
    population: int = 0
    geonameid: int | None = None
    match: Match = "name"


@runtime_checkable
class Geocoder(Protocol):
    """Anything that lists the places a toponym may refer to."""

    def candidates(self, name: str) -> list[GeoCandidate]:
        """Every known place `name` may denote, best-known first; [] if none."""
        ...


# ---------------------------------------------------------------------------
# Name keys


_APOSTROPHES = re.compile(r"['’‘ʼʹ`´ʻ\"”“]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,]+")
_DOUBLED = re.compile(r"(.)\1+")
# Doubled digraphs of transliterated sibilants: "Zaporizhzhia" / "Zaporizhia".
_DOUBLED_DIGRAPH = re.compile(r"([zcsk]h)\1+")
# Shorter names have too many accidental variant twins ("No" / "Nord").
_MIN_VARIANT_KEY = 5


@cache
def _letter_map() -> dict[int, str]:
    """Letters NFKD cannot take apart (ł, ø, ß, ...), from resources/geocode.yaml."""
    table: dict[str, str] = geocode_resources()["letters"]
    return {ord(k): v for k, v in table.items()}


def strip_marks(name: str) -> str:
    """`name` without diacritics, case kept: "Ségou" -> "Segou"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_letter_map())


def fold(name: str) -> str:
    """The exact-match key: lower case, no diacritics, no apostrophes, single spaces."""
    text = _APOSTROPHES.sub("", strip_marks(name.casefold()))
    return _SEPARATORS.sub(" ", text).strip()


def variant_key(name: str) -> str:
    """A looser key for transliteration variants: y and j read as i, doubled letters single."""
    key = _DOUBLED_DIGRAPH.sub(r"\1", fold(name)).replace("y", "i").replace("j", "i")
    return _DOUBLED.sub(r"\1", key)


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin script (after removing diacritics)."""
    for char in name:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            return False
    return True


# ---------------------------------------------------------------------------
# "X region" forms


def suffix_form(name: str) -> tuple[str, str] | None:
    """Split "Kharkiv region" into ("Kharkiv", "admin1"); None when no admin suffix.

    The level tells which features the base name may match: oblast, region,
    province, krai and the like name first-level units, district and raion
    second-level ones.
    """
    words = name.split()
    if len(words) < 2:
        return None
    levels: dict[str, str] = geocode_resources()["admin_suffixes"]
    level = levels.get(fold(words[-1]))
    if level is None:
        return None
    return " ".join(words[:-1]), level


Fetch = Callable[[Sequence[str]], Mapping[str, Sequence[GeoCandidate]]]


def lookup_with_forms(name: str, fetch: Fetch) -> list[GeoCandidate]:
    """The shared lookup rule of every geocoder.

    `fetch(keys)` returns, for each key, the candidates stored under it, both
    exact entries and transliteration-variant entries (told apart by
    `match`); asking for all keys at once costs one query. A full alias wins
    ("Odesa region" is itself an alias); otherwise an "X region" form keeps
    only the admin features of X. Variants come after exact matches, never
    instead of them.
    """
    full, loose = fold(name), variant_key(name)
    split = suffix_form(name)
    keys = [full, loose]
    if split is not None:
        keys += [fold(split[0]), variant_key(split[0])]
    rows = fetch([k for k in keys if k])
    exact = [c for c in rows.get(full, ()) if c.match != "variant"]
    if not exact and split is not None:
        base = [c for c in rows.get(keys[2], ()) if c.match != "variant"]
        if len(keys[3]) >= _MIN_VARIANT_KEY:
            base += [c for c in rows.get(keys[3], ()) if c.match == "variant"]
        for level in (split[1], _OTHER_LEVEL[split[1]]):
            found = _unique(c for c in base if c.feature in ADMIN_FEATURES[level])
            if found:
                return found
        return []
    if len(loose) < _MIN_VARIANT_KEY:
        return _unique(exact)
    return _unique([*exact, *(c for c in rows.get(loose, ()) if c.match == "variant")])


def _unique(cands: Iterable[GeoCandidate]) -> list[GeoCandidate]:
    """Drop repeats, keeping the first (an exact match before its variant twin)."""
    seen: set[tuple[object, ...]] = set()
    out: list[GeoCandidate] = []
    for c in cands:
        ident = (c.geonameid, c.name, c.feature, c.country, c.admin1)
        if ident not in seen:
            seen.add(ident)
            out.append(c)
    return out


# ---------------------------------------------------------------------------
# Resources


@cache
def geocode_resources() -> dict[str, Any]:
    """resources/geocode.yaml, loaded once: name tables shared by build and lookup."""
    return load_resource("geocode.yaml")


def load_resource(filename: str) -> dict[str, Any]:
    """Read one of our YAML resource files."""
    from importlib.resources import files

    try:
        text = files("sitreport.resources").joinpath(filename).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"cannot read resource {filename}: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"resource {filename} is not a mapping")
    return data


EARTH_KM = 6371.0088  # the Earth's mean radius


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))
