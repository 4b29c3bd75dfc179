"""ACLED coding of PLOVER events.

The mapping lives in `resources/acled.yaml`; `AcledTable.load()` reads and checks it once
and the caller passes the table on (to `code_event`, `AcledStage`, the CSV writer), so
nothing is cached at module level.

ACLED conventions applied here, beyond the rule table:
- fatalities count only the killed, the most conservative figure the counts stage kept,
  0 when none is reported, and nothing under sub-event types ACLED records none for;
- `interaction` is the two inter codes as one number, smaller first, and a lone actor's
  code times ten (protesters alone: 60);
- state forces acting outside their own country are "External/Other forces" (8).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pycountry
import yaml

from sitreport.errors import ResourceError
from sitreport.model import (
    AcledCoding,
    Actor,
    DateRange,
    Document,
    Event,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
)
from sitreport.vocab import PLOVER, EventType, Sector

__all__ = [
    "AcledTable",
    "acled_country_name",
    "code_event",
    "code_events",
    "fold_consequences",
    "geo_precision",
    "happened",
    "interaction",
    "time_precision",
]

ROLES = ("protesters", "rioters")
_STATE_TEMPLATES = PLOVER.group("state")
# Event types under which an actor without a sector, or a government, is the armed forces.
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# PLOVER types whose country-only actors ("Russia shot down ...") are its armed forces.
_ARMED_PLOVER = frozenset({EventType.ASSAULT, EventType.COERCE, EventType.MOBILIZE, EventType.RETREAT})
_CIVILIAN_TARGET_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})


def _words(alternation: str) -> re.Pattern[str]:
    """Compile a word-list alternation to match whole words, optionally pluralised."""
    parts = [p.strip() for p in alternation.split("|") if p.strip()]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:e?s)?(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class SameSentence:
    """Another event of the same sentence: its type and, optionally, its modes."""

    type: EventType
    modes: frozenset[str | None] | None = None


@dataclass(frozen=True)
class Condition:
    """What an event must look like for a rule to code it; see acled.yaml."""

    types: frozenset[EventType] = frozenset()
    modes: frozenset[str | None] | None = None
    contexts: frozenset[str] = frozenset()
    actor_sectors: frozenset[Sector] = frozenset()
    recipient_sectors: frozenset[Sector] = frozenset()
    no_recipient_sectors: frozenset[Sector] = frozenset()
    no_actor_sectors: frozenset[Sector] = frozenset()
    trigger: re.Pattern[str] | None = None
    words: re.Pattern[str] | None = None
    target: re.Pattern[str] | None = None
    before: re.Pattern[str] | None = None
    not_target: re.Pattern[str] | None = None
    actor_words: re.Pattern[str] | None = None
    recipient_words: re.Pattern[str] | None = None
    same_sentence: tuple[SameSentence, ...] = ()
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


@dataclass(frozen=True)
class SubEventType:
    event_type: str
    disorder: str
    fatalities: bool


@dataclass(frozen=True)
class AcledTable:
    """The parsed and checked content of acled.yaml."""

    rules: tuple[Rule, ...]
    sub_events: Mapping[str, SubEventType]
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
    consequence_triggers: re.Pattern[str]
    consequence_sentences: int

    @classmethod
    def load(cls, path: Path | None = None) -> AcledTable:
        """Read the packaged table, or the one at `path`."""
        try:
            if path is None:
                text = (resources.files("sitreport") / "resources" / "acled.yaml").read_text(encoding="utf-8")
            else:
                text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
        except (OSError, yaml.YAMLError) as exc:
            raise ResourceError(f"cannot read the ACLED table: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> AcledTable:
        """Build and check a table from parsed YAML; `ResourceError` when malformed."""
        if not isinstance(data, dict):
            raise ResourceError("ACLED table: top level must be a mapping")
        try:
            return _build(data)
        except (KeyError, TypeError, ValueError, re.error) as exc:
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


def _checked(code: Any) -> Sector:
    sector = _one_sector(code, "acled.yaml inter sectors")
    assert sector is not None
    return sector


def _build(data: dict[str, Any]) -> AcledTable:
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
    lexicons = {k: _words(str(v)) for k, v in (data.get("lexicons") or {}).items()}

    def pattern(value: Any) -> re.Pattern[str] | None:
        if value is None:
            return None
        if isinstance(value, str) and value in lexicons:
            return lexicons[value]
        if isinstance(value, list):
            return _words("|".join(str(v) for v in value))
        return _words(str(value))

    def sectors(value: Any, where: str = "acled.yaml") -> frozenset[Sector]:
        """A sector list; a sector group of plover.yaml ("armed"), alone or in the list, stands for its sectors."""
        if value is None:
            return frozenset()
        return PLOVER.sectors([value] if isinstance(value, str) else list(value), where)

    def modes(
        value: Any, types: frozenset[EventType] = frozenset(), where: str = "acled.yaml"
    ) -> frozenset[str | None] | None:
        if value is None:
            return None
        return frozenset(PLOVER.check_modes(types, v, where) for v in value)

    rules: list[Rule] = []
    for raw in data["rules"]:
        when = raw.get("when") or {}
        known = set(Condition.__dataclass_fields__) - {"types", "modes", "contexts"}
        known |= {"type", "mode", "context", "actor_sector", "recipient_sector"}
        known |= {"no_recipient_sector", "no_actor_sector"}
        stray = set(when) - known
        if stray:
            raise ValueError(f"rule {raw['id']}: unknown conditions {sorted(stray)}")
        where = f"acled.yaml rule {raw['id']}"
        types = frozenset(PLOVER.check_type(t, where) for t in when.get("type") or ())
        cond = Condition(
            types=types,
            modes=modes(when.get("mode"), types, where),
            contexts=frozenset(str(PLOVER.check_context(c, where)) for c in when.get("context") or ()),
            actor_sectors=sectors(when.get("actor_sector")),
            recipient_sectors=sectors(when.get("recipient_sector")),
            no_recipient_sectors=sectors(when.get("no_recipient_sector")),
            no_actor_sectors=sectors(when.get("no_actor_sector")),
            trigger=pattern(when.get("trigger")),
            words=pattern(when.get("words")),
            target=pattern(when.get("target")),
            before=pattern(when.get("before")),
            not_target=pattern(when.get("not_target")),
            actor_words=pattern(when.get("actor_words")),
            recipient_words=pattern(when.get("recipient_words")),
            same_sentence=tuple(
                SameSentence(t, modes(s.get("mode"), frozenset({t}), where))
                for s in when.get("same_sentence") or ()
                for t in [PLOVER.check_type(s["type"], where)]
            ),
            state_of_location=when.get("state_of_location"),
            killed=when.get("killed"),
        )
        event_type, sub_event_type = raw["code"]
        info = sub_events.get(sub_event_type)
        if info is None or info.event_type != event_type:
            raise ValueError(f"rule {raw['id']}: {event_type} / {sub_event_type} is not ACLED's")
        for key in ("actor1_role", "actor2_role"):
            if raw.get(key) not in (None, *ROLES):
                raise ValueError(f"rule {raw['id']}: {key} must be one of {ROLES}")
        rules.append(
            Rule(
                id=str(raw["id"]),
                when=cond,
                event_type=event_type,
                sub_event_type=sub_event_type,
                swap=bool(raw.get("swap", False)),
                actor1_role=raw.get("actor1_role"),
                actor2_role=raw.get("actor2_role"),
                actor1_unit=raw.get("actor1_unit"),
                actor2_unit=raw.get("actor2_unit"),
                actor1_default=raw.get("actor1_default"),
                actor1_default_sector=_one_sector(raw.get("actor1_default_sector"), where),
                perpetrator=raw.get("perpetrator"),
            )
        )
    inter = data["inter"]
    consequences = data["consequences"]
    regions = {iso: region for region, isos in data["regions"].items() for iso in isos}
    return AcledTable(
        rules=tuple(rules),
        sub_events=MappingProxyType(sub_events),
        inter_state=int(inter["state"]),
        inter_external=int(inter["external"]),
        inter_unidentified=int(inter["unidentified"]),
        inter_roles=MappingProxyType({k: int(v) for k, v in inter["roles"].items()}),
        inter_sectors=MappingProxyType({_checked(k): int(v) for k, v in inter["sectors"].items()}),
        inter_named=MappingProxyType({k: int(v) for k, v in (inter.get("named") or {}).items()}),
        actor_names=MappingProxyType(dict(data["actor_names"])),
        civilian_name_sectors=sectors(data["civilian_name_sectors"]),
        domestic_sectors=sectors(data["domestic_sectors"]),
        communal_name_sectors=sectors(data["communal_name_sectors"]),
        regimes=MappingProxyType(
            {
                iso: tuple((int(a), None if b is None else int(b)) for a, b in periods)
                for iso, periods in data["regimes"].items()
            }
        ),
        country_names=MappingProxyType(dict(data.get("country_names") or {})),
        with_article=frozenset(data.get("with_article") or ()),
        regions=MappingProxyType(regions),
        consequence_triggers=_words(str(consequences["triggers"])),
        consequence_sentences=int(consequences["sentences"]),
    )


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _View:
    """The text around one event that the word conditions look at."""

    trigger: str
    clause: str
    before: str
    target: str
    actors: str
    recipients: str
    location_country: str | None


_PARTICLE = re.compile(r"\s+(?:down|up|off|out|over|back|away)\b", re.IGNORECASE)


def _view(event: Event, doc: Document) -> _View:
    text = doc.text
    if 0 <= event.sentence < len(doc.sentences):
        sentence = doc.sentences[event.sentence]
        sent_start, sent_end = sentence.start, sentence.end
    elif event.evidence is not None:
        sent_start, sent_end = event.evidence.start, event.evidence.end
    else:
        sent_start, sent_end = 0, len(text)
    neighbours = [e for e in doc.events if e.id != event.id and sent_start <= e.trigger_start < sent_end]
    before = [e.trigger_end for e in neighbours if e.trigger_end <= event.trigger_start]
    after = [e.trigger_start for e in neighbours if e.trigger_start >= event.trigger_end]
    clause_start = max(before, default=sent_start)
    clause_end = min(after, default=sent_end)
    # The trigger and its particle, so "shot" reads "shot down".
    next_word = _PARTICLE.match(text, event.trigger_end, clause_end)
    trigger_end = next_word.end() if next_word else event.trigger_end
    recipients = " ".join(a.text for a in event.recipients)
    return _View(
        trigger=text[event.trigger_start : trigger_end] or event.trigger,
        clause=text[clause_start:clause_end],
        before=text[clause_start : event.trigger_start],
        target=text[event.trigger_end : clause_end] + " | " + recipients,
        actors=" ".join(a.text for a in event.actors),
        recipients=recipients,
        location_country=_location_country(event, doc),
    )


def _location_country(event: Event, doc: Document) -> str | None:
    if event.location is not None and event.location.country:
        return event.location.country
    return next((p.country for p in doc.places if p.country), None)


def _is_state(actor: Actor, table: AcledTable) -> bool:
    return actor.sector is not None and table.inter_sectors.get(actor.sector) == table.inter_state


def _matches(rule: Rule, event: Event, doc: Document, view: _View, table: AcledTable) -> bool:
    c = rule.when
    if c.types and event.type not in c.types:
        return False
    if c.modes is not None and event.mode not in c.modes:
        return False
    if c.contexts and not c.contexts.intersection(event.contexts):
        return False
    if c.actor_sectors and not any(a.sector in c.actor_sectors for a in event.actors):
        return False
    if c.recipient_sectors and not any(r.sector in c.recipient_sectors for r in event.recipients):
        return False
    if c.no_recipient_sectors and any(r.sector in c.no_recipient_sectors for r in event.recipients):
        return False
    if c.no_actor_sectors and any(a.sector in c.no_actor_sectors for a in event.actors):
        return False
    if c.killed is not None and ((event.counts.killed or 0) > 0) != c.killed:
        return False
    if c.state_of_location is not None:
        first = event.actors[0] if event.actors else None
        is_state = (
            first is not None
            and _is_state(first, table)
            and first.country is not None
            and first.country == view.location_country
        )
        if is_state != c.state_of_location:
            return False
    for pattern, text in (
        (c.trigger, view.trigger),
        (c.words, view.clause),
        (c.target, view.target),
        (c.before, view.before),
        (c.actor_words, view.actors),
        (c.recipient_words, view.recipients),
    ):
        if pattern is not None and not pattern.search(text):
            return False
    if c.not_target is not None and c.not_target.search(view.target):
        return False
    if c.same_sentence:
        others = [e for e in doc.events if e.sentence == event.sentence and e.id != event.id]
        if not any(
            o.type == spec.type and (spec.modes is None or o.mode in spec.modes)
            for o in others
            for spec in c.same_sentence
        ):
            return False
    return True


def match_rule(event: Event, doc: Document, table: AcledTable) -> Rule | None:
    """The first rule of the table that codes `event`, or None."""
    view = _view(event, doc)
    return next((r for r in table.rules if _matches(r, event, doc, view, table)), None)


# --------------------------------------------------------------------------- actors


def acled_country_name(iso3: str, table: AcledTable) -> str:
    """ACLED's name for a country ("Russia", "United States")."""
    if iso3 in table.country_names:
        return table.country_names[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or country.name)


def _regime(iso3: str, year: int | None, table: AcledTable) -> str:
    periods = table.regimes.get(iso3)
    if not periods:
        return ""
    chosen = periods[-1]
    if year is not None:
        fitting = [p for p in periods if p[0] <= year and (p[1] is None or year <= p[1])]
        if fitting:
            chosen = max(fitting)
    first, last = chosen
    return f" ({first}-{'' if last is None else last})"


@dataclass(frozen=True)
class _Side:
    name: str | None
    inter: int | None
    civilian: bool = False


def _name_actor(
    actor: Actor | None,
    *,
    role: str | None,
    unit: str | None,
    default: str | None,
    armed: bool,
    violent: bool,
    year: int | None,
    location: str | None,
    table: AcledTable,
) -> _Side:
    """ACLED name and inter code of one side.

    `armed`: a country named without a sector ("Russia shelled") is its armed forces, not
    its government. `violent`: an attack with no attacker named was by an unidentified
    armed group.
    """
    names = table.actor_names
    if role is not None:
        country = (actor.country if actor else None) or location
        if country is None:
            return _Side(role.capitalize(), table.inter_roles[role])
        cname = acled_country_name(country, table)
        return _Side(names[role].format(country=cname), table.inter_roles[role])
    if actor is None:
        if default is not None:
            return _Side(default, table.inter_named.get(default, table.inter_unidentified))
        if not violent:
            return _Side(None, None)
        if location is None:
            return _Side(names["unknown_country"], table.inter_unidentified)
        cname = acled_country_name(location, table)
        return _Side(names["unidentified"].format(country=cname), table.inter_unidentified)
    sector = actor.sector
    if sector is None or (sector is Sector.GOV and armed):
        sector = Sector.MIL if armed else Sector.GOV
    if sector in _STATE_TEMPLATES:
        return _state_side(actor.country, sector, unit, year, location, table)
    country = actor.country or location
    inter = table.inter_sectors.get(sector, table.inter_unidentified)
    country_name = acled_country_name(country, table) if country else None
    if sector in table.civilian_name_sectors:
        if country_name is None:
            return _Side("Civilians", inter, civilian=True)
        return _Side(names["civilians"].format(country=country_name), inter, civilian=True)
    if sector in table.communal_name_sectors and country_name is not None:
        return _Side(names["communal"].format(country=country_name), inter)
    if actor.name:
        return _Side(actor.name, inter)
    if country_name is None:
        return _Side(names["unknown_country"], inter)
    return _Side(names["unidentified"].format(country=country_name), inter)


def _state_side(
    country: str | None,
    sector: str,
    unit: str | None,
    year: int | None,
    location: str | None,
    table: AcledTable,
) -> _Side:
    """State forces: "Military Forces of Russia (2000-) Air Force", coded 1 at home, 8 abroad.

    Police and security services with no country named act where the event is; armed
    forces with no country named stay unidentified ("its fighter jets" may be anyone's).
    """
    names = table.actor_names
    if country is None and sector in table.domestic_sectors:
        country = location
    if country is None:
        if sector == "MIL":
            name = names["unknown_military"]
            return _Side(name, table.inter_named.get(name, table.inter_external))
        return _Side(names["unknown_country"], table.inter_unidentified)
    the = "the " if country in table.with_article else ""
    name = names[sector].format(
        the=the,
        country=acled_country_name(country, table),
        regime=_regime(country, year, table),
    )
    if unit and sector == "MIL":
        name = f"{name} {unit}"
    own = location is None or country == location
    return _Side(name, table.inter_state if own else table.inter_external)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: smaller code first; a lone actor's code times ten."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


# --------------------------------------------------------------------------- coding


def _year(event: Event, doc: Document) -> int | None:
    if event.date is not None and event.date.start is not None:
        return event.date.start.year
    return doc.published.year if doc.published else None


def code_event(event: Event, doc: Document, table: AcledTable) -> AcledCoding | None:
    """ACLED coding of `event` as it stands in `doc`, or None if it is no conflict event."""
    rule = match_rule(event, doc, table)
    if rule is None:
        return None
    info = table.sub_events[rule.sub_event_type]
    violent = rule.event_type in _VIOLENT_TYPES
    armed = violent or event.type in _ARMED_PLOVER
    year = _year(event, doc)
    location = _location_country(event, doc)
    first: Sequence[Actor] = event.recipients if rule.swap else event.actors
    second: Sequence[Actor] = event.actors if rule.swap else event.recipients
    if rule.perpetrator is not None:
        first, second = (), (*event.recipients, *event.actors)
    if not first and rule.actor1_default_sector is not None:
        first = (Actor(text="", start=0, end=0, sector=rule.actor1_default_sector),)
    side1 = _name_actor(
        first[0] if first else None,
        role=rule.actor1_role,
        unit=rule.actor1_unit,
        default=rule.perpetrator or rule.actor1_default,
        armed=armed,
        violent=violent,
        year=year,
        location=location,
        table=table,
    )
    side2 = (
        _name_actor(
            second[0],
            role=rule.actor2_role,
            unit=rule.actor2_unit,
            default=None,
            armed=armed,
            violent=violent,
            year=year,
            location=location,
            table=table,
        )
        if second
        else _Side(None, None)
    )
    killed = event.counts.killed
    fatalities = max(killed, 0) if info.fatalities and killed is not None else 0
    civilian_targeting = rule.event_type == "Violence against civilians" or (
        rule.event_type in _CIVILIAN_TARGET_TYPES and side2.civilian
    )
    return AcledCoding(
        event_type=rule.event_type,
        sub_event_type=rule.sub_event_type,
        disorder_type=info.disorder,
        actor1=side1.name,
        actor2=side2.name,
        inter1=side1.inter,
        inter2=side2.inter,
        interaction=interaction(side1.inter, side2.inter),
        fatalities=fatalities,
        civilian_targeting=civilian_targeting,
    )


# Events the text does not say took place; ACLED codes none of them.
UNREAL = frozenset({Factuality.NEGATED, Factuality.HYPOTHETICAL, Factuality.PLANNED})


def happened(event: Event) -> bool:
    """Whether the text reports the event as having taken place (however sourced)."""
    return event.factuality not in UNREAL


def code_events(events: Iterable[Event], doc: Document, table: AcledTable) -> tuple[Event, ...]:
    """Each event with its `acled` field set (None where it is no conflict event), casualty
    reports folded into the attack they follow."""
    coded = [replace(e, acled=code_event(e, doc, table)) for e in events]
    return fold_consequences(coded, doc, table)


def _is_report(event: Event, table: AcledTable) -> bool:
    """An attack told without its attacker or weapon: a casualty or damage report ("1 civilian
    was killed"), or a mention no rule could code ("the attack took place at noon")."""
    return (
        event.type == "ASSAULT"
        and event.mode is None
        and all(a.sector in table.civilian_name_sectors for a in event.actors)
        and (event.acled is None or table.consequence_triggers.fullmatch(event.trigger.strip()) is not None)
    )


def _same_place(a: Place | None, b: Place | None) -> bool:
    """Whether two event places may be the same: one is unknown, or they share a name or a
    first-level division (a report often names a nearby district rather than the town)."""
    if a is None or b is None:
        return True
    return (a.name is not None and a.name == b.name) or (a.admin1 is not None and a.admin1 == b.admin1)


def _host(i: int, events: Sequence[Event], table: AcledTable) -> int | None:
    """Index of the attack events[i] reports on: the first coded attack of its cluster (the
    lede) in the last few sentences before it, or None."""
    report = events[i]
    for j, e in enumerate(events):
        if (
            j != i
            and e.cluster == report.cluster
            and e.acled is not None
            and e.acled.event_type in _VIOLENT_TYPES
            and not _is_report(e, table)
            and e.trigger_start < report.trigger_start
            and 0 <= report.sentence - e.sentence <= table.consequence_sentences
        ):
            return j
    return None


def _victims_side(report: Event, host: Event, doc: Document, table: AcledTable) -> _Side | None:
    victims = [a for a in (*report.recipients, *report.actors) if a.sector in table.civilian_name_sectors]
    if not victims:
        return None
    return _name_actor(
        victims[0],
        role=None,
        unit=None,
        default=None,
        armed=True,
        violent=True,
        year=_year(host, doc),
        location=_location_country(report, doc),
        table=table,
    )


def _with_victims(coding: AcledCoding, side: _Side) -> AcledCoding:
    return replace(
        coding,
        actor2=side.name,
        inter2=side.inter,
        interaction=interaction(coding.inter1, side.inter),
        civilian_targeting=coding.civilian_targeting or (side.civilian and coding.event_type in _CIVILIAN_TARGET_TYPES),
    )


def _absorb(host: Event, report: Event, doc: Document, table: AcledTable) -> AcledCoding:
    """The host's coding with the report's dead (the most conservative figure) and victims."""
    coding = host.acled
    assert coding is not None
    if table.sub_events[coding.sub_event_type].fatalities and report.counts.killed is not None:
        known = host.counts.killed is not None or bool(coding.fatalities)
        figures = [report.counts.killed, *([coding.fatalities or 0] if known else [])]
        coding = replace(coding, fatalities=min(figures))
    side = _victims_side(report, host, doc, table)
    if coding.actor2 is None and side is not None:
        coding = _with_victims(coding, side)
    return coding


def _inherit(host: Event, report: Event, doc: Document, table: AcledTable) -> AcledCoding:
    """The host's kind of attack by the same attacker, at the report's own place, with the
    report's own dead and victims: "In the deadliest strike, a house in Maarake ..."."""
    coding = host.acled
    assert coding is not None
    recorded = table.sub_events[coding.sub_event_type].fatalities
    coding = replace(
        coding,
        actor2=None,
        inter2=None,
        interaction=interaction(coding.inter1, None),
        civilian_targeting=coding.event_type == "Violence against civilians",
        fatalities=(report.counts.killed or 0) if recorded else 0,
    )
    side = _victims_side(report, host, doc, table)
    return coding if side is None else _with_victims(coding, side)


def fold_consequences(events: Sequence[Event], doc: Document, table: AcledTable) -> tuple[Event, ...]:
    """One coding per cluster and place (the coreference stage decides which events tell of
    one event): each report (see `_is_report`) is folded into the attack it follows at the
    same place, or coded after it at another place; any other coded event of the cluster at a
    place already coded is left uncoded."""
    out = list(events)
    heads: list[int] = []
    for i, event in enumerate(events):
        if _is_report(event, table):
            j = _host(i, out, table)
            if j is None:
                continue
            host = out[j]
            if _same_place(host.location, event.location):
                out[j] = replace(host, acled=_absorb(host, event, doc, table))
                out[i] = replace(event, acled=None)
            else:
                out[i] = replace(event, acled=_inherit(host, event, doc, table))
            continue
        if event.acled is None or not happened(event):
            continue  # an event the text does not say happened neither carries nor loses the coding
        coded = any(out[h].cluster == event.cluster and _same_place(out[h].location, event.location) for h in heads)
        if coded and event.cluster:
            out[i] = replace(event, acled=None)
        else:
            heads.append(i)
    return tuple(out)


# --------------------------------------------------------------------------- precision


def geo_precision(place: Place | None) -> int:
    """ACLED geo_precision: 1 the town itself, 2 near it or a part of a region, 3 larger."""
    if place is None or place.precision is None:
        return 3
    if place.precision is GeoPrecision.POINT:
        return 2 if place.near else 1
    if place.precision is GeoPrecision.ADMIN2:
        return 2
    return 3


# A range up to this long is "a week" or "part of a month" to ACLED (time_precision 2):
# "last week", "early March" (days 1-10), "mid-March".
_PART_OF_MONTH_DAYS = 16


def time_precision(date: DateRange | None) -> int:
    """ACLED time_precision: 1 the day, 2 a week or part of a month, 3 a month or longer."""
    if date is None or date.start is None:
        return 3
    end = date.end or date.start
    span = (end - date.start).days
    if date.precision is Precision.DAY or span == 0:
        return 1
    if date.precision is Precision.WEEK or span < _PART_OF_MONTH_DAYS:
        return 2
    return 3
