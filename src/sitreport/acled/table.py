"""Reading and checking resources/acled.yaml into an `AcledTable`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from sitreport.acled.classes import ActorClasses
from sitreport.data import words
from sitreport.errors import ResourceError
from sitreport.fastyaml import safe_load
from sitreport.kinds import ArgumentLexicon
from sitreport.vocab import PLOVER, EventType, Sector

ROLES = ("protesters", "rioters")


@dataclass(frozen=True)
class SameSentence:
    """Another event of the same sentence: its type and, optionally, its modes and the ACLED
    classes of its first side ("the protesters burned tyres": a crowd) and trigger lemmas."""

    type: EventType
    modes: frozenset[str | None] | None = None
    side1: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()  # its trigger lemma is one of these ("clashes at the protest")


@dataclass(frozen=True)
class Condition:
    """What an event must look like for a rule to code it; see acled.yaml. Every condition
    reads a field of the finished event (or of the other events of its sentence)."""

    types: frozenset[EventType] = frozenset()
    modes: frozenset[str | None] | None = None
    contexts: frozenset[str] = frozenset()
    actor_sectors: frozenset[Sector] = frozenset()
    recipient_sectors: frozenset[Sector] = frozenset()
    no_recipient_sectors: frozenset[Sector] = frozenset()
    no_actor_sectors: frozenset[Sector] = frozenset()
    lemmas: frozenset[str] = frozenset()
    no_lemmas: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()
    no_instruments: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    no_targets: frozenset[str] = frozenset()
    actor_kinds: frozenset[str] = frozenset()
    side1: frozenset[str] = frozenset()
    no_side1: frozenset[str] = frozenset()
    side2: frozenset[str] = frozenset()
    no_side2: frozenset[str] = frozenset()
    same_sentence: tuple[SameSentence, ...] = ()
    nearby: tuple[SameSentence, ...] = ()  # ... in its sentence or the next `nearby_sentences`
    no_nearby: tuple[SameSentence, ...] = ()  # none of these in its sentence or the next few
    state_of_location: bool | None = None
    killed: bool | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    event_type: str
    sub_event_type: str
    swap: bool = False
    actor1_role: str | None = None
    actor2_role: str | None = None
    actor1_unit: str | None = None
    actor2_unit: str | None = None
    actor1_default: str | None = None
    actor1_default_sector: Sector | None = None
    perpetrator: str | None = None
    # The event type follows from who acted as the words tell it (a riot word, a crowd
    # wrecking property): a learned typer may change the sub-event within it, not leave it.
    firm: bool = False
    # The measure is a government's, not its forces' (a curfew): a state named without a
    # sector is its government.
    civil: bool = False


@dataclass(frozen=True)
class SubEventType:
    event_type: str
    disorder: str
    fatalities: bool


@dataclass(frozen=True)
class AcledTable:
    """The parsed and checked content of acled.yaml."""

    rules: tuple[Rule, ...]
    typer_rules: tuple[Rule, ...]  # tried for a sub-event type the learned typer chose
    sub_events: Mapping[str, SubEventType]
    violent_types: frozenset[str]
    civilian_target_types: frozenset[str]
    inter_state: int
    inter_external: int
    inter_unidentified: int
    inter_roles: Mapping[str, int]
    inter_sectors: Mapping[Sector, int]
    inter_named: Mapping[str, int]
    actor_names: Mapping[str, str]
    civilian_name_sectors: frozenset[Sector]
    domestic_sectors: frozenset[Sector]
    communal_name_sectors: frozenset[Sector]
    regimes: Mapping[str, tuple[tuple[int, int | None], ...]]
    country_names: Mapping[str, str]
    with_article: frozenset[str]
    regions: Mapping[str, str]
    consequence_lemmas: frozenset[str]
    consequence_sentences: int
    classes: ActorClasses
    nearby_sentences: int  # how many sentences after an event's own a `nearby` condition reads
    defer: tuple[Condition, ...] = ()  # events left uncoded for a graver one of their sentence
    # countries at war with another state, from a year (where rule perpetrators apply)
    interstate_wars: Mapping[str, int] = field(default_factory=dict)

    def at_war_with_a_state(self, country: str | None, year: int | None) -> bool:
        """Whether `country` was at war with another state in `year` (any year when unknown)."""
        since = self.interstate_wars.get(country) if country else None
        return since is not None and (year is None or year >= since)

    @classmethod
    def load(cls, path: Path | None = None) -> AcledTable:
        """Read the packaged table, or the one at `path`."""
        try:
            if path is None:
                text = (resources.files("sitreport") / "resources" / "acled.yaml").read_text(encoding="utf-8")
            else:
                text = path.read_text(encoding="utf-8")
            data = safe_load(text)
        except (OSError, yaml.YAMLError) as exc:
            raise ResourceError(f"cannot read the ACLED table: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any, arguments: ArgumentLexicon | None = None) -> AcledTable:
        """Build and check a table from parsed YAML; `ResourceError` when malformed. Class
        names in the conditions are checked against arguments.yaml (or `arguments`) and
        acled_actors.yaml."""
        if not isinstance(data, dict):
            raise ResourceError("ACLED table: top level must be a mapping")
        arguments = arguments or ArgumentLexicon.load()
        classes = ActorClasses.load(arguments)
        try:
            return _build(data, arguments, classes)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"ACLED table: {type(exc).__name__}: {exc}") from exc

    @property
    def event_types(self) -> Mapping[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for sub, info in self.sub_events.items():
            out.setdefault(info.event_type, []).append(sub)
        return {k: tuple(v) for k, v in out.items()}

    def region(self, iso3: str | None) -> str | None:
        return self.regions.get(iso3) if iso3 else None


def _one_sector(value: Any, where: str) -> Sector | None:
    if value is None:
        return None
    (sector,) = PLOVER.sectors([value], where)
    return sector


def _sub_events(data: dict[str, Any]) -> dict[str, SubEventType]:
    sub_events: dict[str, SubEventType] = {}
    overrides: dict[str, dict[str, Any]] = data.get("sub_event_overrides") or {}
    for event_type, spec in data["event_types"].items():
        for sub in spec["sub_event_types"]:
            extra = overrides.get(sub, {})
            sub_events[sub] = SubEventType(
                event_type=event_type,
                disorder=str(extra.get("disorder", spec["disorder"])),
                fatalities=bool(extra.get("fatalities", spec["fatalities"])),
            )
    unknown = set(overrides) - set(sub_events)
    if unknown:
        raise ValueError(f"overrides for unknown sub-event types {sorted(unknown)}")
    return sub_events


@dataclass(frozen=True)
class _Reader:
    """Turns one rule's `when` into a `Condition`, checking every name it uses."""

    lemma_lists: Mapping[str, frozenset[str]]
    arguments: ArgumentLexicon
    actor_classes: ActorClasses
    where: str

    def sectors(self, value: Any) -> frozenset[Sector]:
        if value is None:
            return frozenset()
        return PLOVER.sectors([value] if isinstance(value, str) else list(value), self.where)

    def modes(self, value: Any, types: frozenset[EventType]) -> frozenset[str | None] | None:
        if value is None:
            return None
        return frozenset(PLOVER.check_modes(types, v, self.where) for v in value)

    def lemmas(self, value: Any) -> frozenset[str]:
        """A lemma list: a name from `lemmas`, or the lemmas themselves."""
        if value is None:
            return frozenset()
        if isinstance(value, str):
            if value not in self.lemma_lists:
                raise ValueError(f"{self.where}: no lemma list {value!r}")
            return self.lemma_lists[value]
        return words(value)

    def classes(self, value: Any, known: frozenset[str], what: str) -> frozenset[str]:
        names = frozenset(str(v) for v in value or ())
        stray = names - known
        if stray:
            raise ValueError(f"{self.where}: unknown {what} {sorted(stray)} (see arguments.yaml)")
        return names

    def sides(self, value: Any) -> frozenset[str]:
        """Side classes (acled_actors.yaml), groups expanded; `null` in the list is no class."""
        names = [None if v is None else str(v) for v in value or ()]
        stray = {n for n in names if n is not None} - self.actor_classes.names
        if stray:
            raise ValueError(f"{self.where}: unknown side classes {sorted(stray)} (see acled_actors.yaml)")
        out = self.actor_classes.expand(n for n in names if n is not None)
        return out | ({"none"} if None in names else set())

    def others(self, value: Any) -> tuple[SameSentence, ...]:
        """Other events a rule asks for: each a type, optionally modes and first-side classes."""
        return tuple(
            SameSentence(
                t, self.modes(s.get("mode"), frozenset({t})), self.sides(s.get("side1")), self.lemmas(s.get("lemma"))
            )
            for s in value or ()
            for t in [PLOVER.check_type(s["type"], self.where)]
        )

    def condition(self, when: dict[str, Any]) -> Condition:
        known = {
            "type", "mode", "context", "actor_sector", "recipient_sector", "no_recipient_sector",
            "no_actor_sector", "lemma", "no_lemma", "instruments", "no_instruments", "targets", "no_targets",
            "actor_kinds", "side1", "no_side1", "side2", "no_side2", "same_sentence", "nearby", "no_nearby",
            "state_of_location", "killed",
        }  # fmt: skip
        stray = set(when) - known
        if stray:
            raise ValueError(f"{self.where}: unknown conditions {sorted(stray)}")
        types = frozenset(PLOVER.check_type(t, self.where) for t in when.get("type") or ())
        instruments, targets = self.arguments.instruments.names, self.arguments.targets.names
        return Condition(
            types=types,
            modes=self.modes(when.get("mode"), types),
            contexts=frozenset(str(PLOVER.check_context(c, self.where)) for c in when.get("context") or ()),
            actor_sectors=self.sectors(when.get("actor_sector")),
            recipient_sectors=self.sectors(when.get("recipient_sector")),
            no_recipient_sectors=self.sectors(when.get("no_recipient_sector")),
            no_actor_sectors=self.sectors(when.get("no_actor_sector")),
            lemmas=self.lemmas(when.get("lemma")),
            no_lemmas=self.lemmas(when.get("no_lemma")),
            instruments=self.classes(when.get("instruments"), instruments, "instruments"),
            no_instruments=self.classes(when.get("no_instruments"), instruments, "instruments"),
            targets=self.classes(when.get("targets"), targets, "targets"),
            no_targets=self.classes(when.get("no_targets"), targets, "targets"),
            actor_kinds=self.classes(when.get("actor_kinds"), self.arguments.actor_kinds.names, "actor kinds"),
            side1=self.sides(when.get("side1")),
            no_side1=self.sides(when.get("no_side1")),
            side2=self.sides(when.get("side2")),
            no_side2=self.sides(when.get("no_side2")),
            same_sentence=self.others(when.get("same_sentence")),
            nearby=self.others(when.get("nearby")),
            no_nearby=self.others(when.get("no_nearby")),
            state_of_location=when.get("state_of_location"),
            killed=when.get("killed"),
        )


def _rule(raw: dict[str, Any], reader: _Reader, sub_events: Mapping[str, SubEventType]) -> Rule:
    event_type, sub_event_type = raw["code"]
    info = sub_events.get(sub_event_type)
    if info is None or info.event_type != event_type:
        raise ValueError(f"rule {raw['id']}: {event_type} / {sub_event_type} is not ACLED's")
    for key in ("actor1_role", "actor2_role"):
        if raw.get(key) not in (None, *ROLES):
            raise ValueError(f"rule {raw['id']}: {key} must be one of {ROLES}")
    return Rule(
        id=str(raw["id"]),
        when=reader.condition(raw.get("when") or {}),
        event_type=event_type,
        sub_event_type=sub_event_type,
        swap=bool(raw.get("swap", False)),
        actor1_role=raw.get("actor1_role"),
        actor2_role=raw.get("actor2_role"),
        actor1_unit=raw.get("actor1_unit"),
        actor2_unit=raw.get("actor2_unit"),
        actor1_default=raw.get("actor1_default"),
        actor1_default_sector=_one_sector(raw.get("actor1_default_sector"), reader.where),
        perpetrator=raw.get("perpetrator"),
        firm=bool(raw.get("firm", False)),
        civil=bool(raw.get("civil", False)),
    )


def _build(data: dict[str, Any], arguments: ArgumentLexicon, classes: ActorClasses) -> AcledTable:
    sub_events = _sub_events(data)
    lemma_lists = {str(k): words(v) for k, v in (data.get("lemmas") or {}).items()}
    defer_reader = _Reader(lemma_lists, arguments, classes, "acled.yaml defer")
    defer = tuple(defer_reader.condition(when) for when in data.get("defer") or ())
    rules, typer_rules = (
        tuple(
            _rule(raw, _Reader(lemma_lists, arguments, classes, f"acled.yaml rule {raw['id']}"), sub_events)
            for raw in data.get(section) or ()
        )
        for section in ("rules", "typer_rules")
    )
    reader = _Reader(lemma_lists, arguments, classes, "acled.yaml")
    inter = data["inter"]
    consequences = data["consequences"]
    regions = {iso: region for region, isos in data["regions"].items() for iso in isos}
    kinds = {name: spec for name, spec in data["event_types"].items()}
    by_class = classes.inter
    inter_sectors = {sector: by_class[klass] for sector, klass in classes.sectors.items()}
    return AcledTable(
        rules=rules,
        typer_rules=typer_rules,
        sub_events=MappingProxyType(sub_events),
        violent_types=frozenset(name for name, spec in kinds.items() if spec.get("violent")),
        civilian_target_types=frozenset(name for name, spec in kinds.items() if spec.get("targets_civilians")),
        inter_state=by_class["state"],
        inter_external=by_class["external"],
        inter_unidentified=by_class[str(inter["unidentified"])],
        inter_roles=MappingProxyType({role: by_class[role] for role in ROLES}),
        inter_sectors=MappingProxyType(inter_sectors),
        inter_named=MappingProxyType({k: int(v) for k, v in (inter.get("named") or {}).items()}),
        actor_names=MappingProxyType(dict(data["actor_names"])),
        civilian_name_sectors=reader.sectors(data["civilian_name_sectors"]),
        domestic_sectors=reader.sectors(data["domestic_sectors"]),
        communal_name_sectors=reader.sectors(data["communal_name_sectors"]),
        regimes=MappingProxyType(
            {
                iso: tuple((int(a), None if b is None else int(b)) for a, b in periods)
                for iso, periods in data["regimes"].items()
            }
        ),
        country_names=MappingProxyType(dict(data.get("country_names") or {})),
        with_article=frozenset(data.get("with_article") or ()),
        regions=MappingProxyType(regions),
        consequence_lemmas=reader.lemmas(consequences["lemmas"]),
        consequence_sentences=int(consequences["sentences"]),
        classes=classes,
        nearby_sentences=int(data["nearby_sentences"]),
        defer=defer,
        interstate_wars=MappingProxyType({str(k): int(v) for k, v in (data.get("interstate_wars") or {}).items()}),
    )
