"""Typed views of the YAML/CSV data tables in `sitreport/resources`.

Each table is loaded once by whoever builds a pipeline and passed to the stages
that use it; nothing here caches at module level.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitreport.errors import ResourceError
from sitreport.fastyaml import safe_load


def read_resource(name: str) -> str:
    try:
        return (resources.files("sitreport") / "resources" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"missing data file resources/{name}") from exc


def load_yaml(name: str) -> dict[str, Any]:
    data = safe_load(read_resource(name))
    if not isinstance(data, dict):
        raise ResourceError(f"resources/{name} must hold a mapping")
    return data


def _words(items: Any) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items or ())


@dataclass(frozen=True)
class Coding:
    """What a dictionary entry says about an actor."""

    country: str | None
    sector: str | None
    name: str


@dataclass(frozen=True)
class ActorLexicon:
    """Countries, demonyms, capitals, people, organisations, outlets, nouns and titles."""

    countries: dict[str, str]
    demonyms: dict[str, str]
    capitals: dict[str, str]
    people: dict[str, Coding]
    organizations: dict[str, Coding]
    outlets: frozenset[str]
    nouns: dict[str, str]
    titles: dict[str, str]
    org_starts: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> ActorLexicon:
        countries: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        capitals: dict[str, str] = {}
        for row in csv.DictReader(io.StringIO(read_resource("countries.csv"))):
            iso = row["iso3"]
            for field, table in (("aliases", countries), ("demonyms", demonyms), ("capitals", capitals)):
                for name in filter(None, (row[field] or "").split(";")):
                    table[name.strip().lower()] = iso
        data = load_yaml("actors.yaml")

        def codings(section: str) -> dict[str, Coding]:
            return {
                name.lower(): Coding(entry.get("country"), entry.get("sector"), name)
                for name, entry in (data.get(section) or {}).items()
            }

        nouns = {w.lower(): sector for sector, ws in data["nouns"].items() for w in ws}
        titles = {w.lower(): sector for sector, ws in data["titles"].items() for w in ws}
        organizations = codings("organizations")
        starts: dict[str, list[str]] = {}
        for key in organizations:
            starts.setdefault(key.split()[0], []).append(key)
        return cls(
            countries,
            demonyms,
            capitals,
            codings("people"),
            organizations,
            _words(data.get("outlets")),
            nouns,
            titles,
            {k: tuple(v) for k, v in starts.items()},
        )

    def country_of(self, text: str) -> str | None:
        """ISO-3 for a country name, demonym or capital; None otherwise."""
        key = text.lower().strip().removeprefix("the ")
        return self.countries.get(key) or self.demonyms.get(key) or self.capitals.get(key)


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None = None
    context: str | None = None
    passive_actor: bool = False
    subject: str = "actor"
    needs_object: frozenset[str] = frozenset()
    of_actor: bool = False


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    ignore_objects: frozenset[str]
    mode_cues: dict[str, dict[str, frozenset[str]]]
    crewed_aircraft: frozenset[str]
    territory_verbs: frozenset[str]

    @classmethod
    def load(cls) -> EventLexicon:
        data = load_yaml("events.yaml")

        def triggers(section: str) -> dict[str, Trigger]:
            out = {}
            for lemma, e in data[section].items():
                out[lemma.lower()] = Trigger(
                    type=e["type"],
                    mode=e.get("mode"),
                    context=e.get("context"),
                    passive_actor=bool(e.get("passive_actor", False)),
                    subject=e.get("subject", "actor"),
                    needs_object=_words(e.get("needs_object")),
                    of_actor=bool(e.get("of_actor", False)),
                )
            return out

        cues = {
            etype: {mode: _words(words) for mode, words in modes.items()} for etype, modes in data["mode_cues"].items()
        }
        return cls(
            triggers("verbs"),
            triggers("nouns"),
            _words(data["light_verbs"]),
            _words(data["occurrence_verbs"]),
            _words(data["ignore_objects"]),
            cues,
            _words(data["crewed_aircraft"]),
            _words(data["territory_verbs"]),
        )


@dataclass(frozen=True)
class CueLexicon:
    reporting_verbs: frozenset[str]
    report_nouns: frozenset[str]
    citing_verbs: frozenset[str]
    allege_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    hedge_words: frozenset[str]
    plan_words: frozenset[str]
    future_modals: frozenset[str]
    conditional_marks: frozenset[str]
    negations: frozenset[str]
    outlet_nouns: frozenset[str]
    anonymous_heads: frozenset[str]

    @classmethod
    def load(cls) -> CueLexicon:
        data = load_yaml("cues.yaml")
        return cls(**{name: _words(data[name]) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Lexicons:
    """Every table the rule stages need, loaded together."""

    actors: ActorLexicon
    events: EventLexicon
    cues: CueLexicon

    @classmethod
    def load(cls) -> Lexicons:
        return cls(ActorLexicon.load(), EventLexicon.load(), CueLexicon.load())
