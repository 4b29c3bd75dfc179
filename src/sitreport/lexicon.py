"""Typed views of the YAML/CSV data tables in `sitreport/resources`.

Each table is loaded once by whoever builds a pipeline and passed to the stages
that use it; nothing here caches at module level.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from sitreport.data import load_yaml, read_resource
from sitreport.data import words as _words
from sitreport.errors import ResourceError
from sitreport.kinds import ArgumentLexicon
from sitreport.vocab import PLOVER, EventType, Sector

__all__ = [
    "ActorLexicon",
    "Anchors",
    "Casualties",
    "Coding",
    "CueLexicon",
    "Entry",
    "EventLexicon",
    "Lexicons",
    "RoleRules",
    "load_yaml",
    "read_resource",
    "unaccented",
]


def _sector(value: Any, where: str) -> Sector | None:
    if value is None:
        return None
    (sector,) = PLOVER.sectors([value], where)
    return sector


def _before(entry: dict[str, Any], where: str) -> tuple[dt.date, Sector] | None:
    """`until: YYYY-MM-DD` with `sector_until: X`: the sector the body had before that day."""
    if "until" not in entry:
        return None
    day, sector = entry["until"], _sector(entry.get("sector_until"), where)
    if not isinstance(day, dt.date) or sector is None:
        raise ResourceError(f"{where}: `until` needs a YYYY-MM-DD day and `sector_until` a sector")
    return day, sector


@dataclass(frozen=True)
class Coding:
    """What a dictionary entry says about an actor. A body whose standing changed on a day
    (an armed group that took power) has its earlier sector in `before`: (day, sector)."""

    country: str | None
    sector: Sector | None
    name: str
    before: tuple[dt.date, Sector] | None = None

    def on(self, day: dt.date | None) -> Coding:
        """The coding as of `day` (a report's publication date; None: as of today)."""
        if self.before is None or day is None or day >= self.before[0]:
            return self
        return replace(self, sector=self.before[1], before=None)


@dataclass(frozen=True)
class ActorLexicon:
    """Countries, demonyms, capitals, people, organisations, outlets, nouns and titles."""

    countries: dict[str, str]
    acronyms: dict[str, str]  # "US", "CAR", "BVI": matched in capitals only
    demonyms: dict[str, str]
    capitals: dict[str, str]
    people: dict[str, Coding]
    organizations: dict[str, Coding]
    outlets: frozenset[str]
    nouns: dict[str, Sector]
    titles: dict[str, Sector]
    org_starts: dict[str, tuple[str, ...]]
    member_nouns: frozenset[str]
    group_nouns: frozenset[str]
    country_nouns: frozenset[str]
    ambiguous_nouns: frozenset[str]
    speaker_nouns: frozenset[str] = frozenset()
    company_suffixes: frozenset[str] = frozenset()
    led_nouns: frozenset[str] = frozenset()
    modifier_sectors: frozenset[Sector] = frozenset()

    @classmethod
    def load(cls) -> ActorLexicon:
        countries: dict[str, str] = {}
        acronyms: dict[str, str] = {}
        demonyms: dict[str, str] = {}
        capitals: dict[str, str] = {}
        for row in csv.DictReader(io.StringIO(read_resource("countries.csv"))):
            iso = row["iso3"]
            for field, table in (("aliases", countries), ("demonyms", demonyms), ("capitals", capitals)):
                for name in filter(None, (row[field] or "").split(";")):
                    name = name.strip()
                    # An acronym matches only in capitals: "CAR" is a country, "car" is not.
                    (acronyms if field == "aliases" and name.isupper() else table)[
                        name if name.isupper() else name.lower()
                    ] = iso
        data = load_yaml("actors.yaml")

        def codings(section: str) -> dict[str, Coding]:
            return {
                name.lower(): Coding(
                    entry.get("country"),
                    _sector(entry.get("sector"), f"actors.yaml {name}"),
                    name,
                    _before(entry, f"actors.yaml {name}"),
                )
                for name, entry in (data.get(section) or {}).items()
            }

        people = codings("people")
        people.update({unaccented(k): v for k, v in list(people.items()) if unaccented(k) != k})

        def by_sector(section: str) -> dict[str, Sector]:
            out: dict[str, Sector] = {}
            for code, ws in data[section].items():
                sector = _sector(code, f"actors.yaml {section}")
                assert sector is not None
                out.update((str(w).lower(), sector) for w in ws)
            return out

        nouns = by_sector("nouns")
        titles = by_sector("titles")
        organizations = codings("organizations")
        starts: dict[str, list[str]] = {}
        for key in organizations:
            starts.setdefault(key.split()[0], []).append(key)
        return cls(
            countries,
            acronyms,
            demonyms,
            capitals,
            people,
            organizations,
            _words(data.get("outlets")),
            nouns,
            titles,
            {k: tuple(v) for k, v in starts.items()},
            _words(data.get("member_nouns")),
            _words(data.get("group_nouns")),
            _words(data.get("country_nouns")),
            _words(data.get("ambiguous_nouns")),
            _words(data.get("speaker_nouns")),
            _words(data.get("company_suffixes")),
            _words(data.get("led_nouns")),
            frozenset(PLOVER.sectors(data.get("modifier_sectors") or [], "actors.yaml modifier_sectors")),
        )

    def country_of(self, text: str) -> str | None:
        """ISO-3 for a country name, demonym or capital; None otherwise."""
        bare = text.strip().removeprefix("the ").removeprefix("The ")
        key = bare.lower()
        return (
            self.acronyms.get(bare) or self.countries.get(key) or self.demonyms.get(key) or self.capitals.get(key)
        )


def unaccented(text: str) -> str:
    """`text` without its diacritics: "Erdoğan" -> "Erdogan", so a name matches however it is spelled."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Entry:
    """What the event lexicon says about a trigger word: its type and mode, and how its
    arguments attach (the frame the roles stage reads)."""

    type: EventType
    mode: str | None = None
    context: str | None = None
    passive_actor: bool = False
    subject: str = "actor"
    needs_object: frozenset[str] = frozenset()
    # A verb that is an event only for a purpose: a clause or a phrase of one of these words
    # ("gathered to demand", "gathered in protest"), not "gathered in the hall".
    needs_purpose: frozenset[str] = frozenset()
    of_actor: bool = False
    # Objects that make the verb another sense, no event: "released the names of the dead".
    not_objects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Anchors:
    """When a noun names an event that happened (events.yaml `anchors`)."""

    request_verbs: frozenset[str]
    request_prepositions: frozenset[str]
    casualty_prepositions: frozenset[str]
    casualty_governors: frozenset[str]
    place_prepositions: frozenset[str]
    part_verbs: frozenset[str]
    part_prepositions: frozenset[str]
    partitive_nouns: frozenset[str]


@dataclass(frozen=True)
class RoleRules:
    """How each type's arguments attach (events.yaml `roles`)."""

    recipient_prepositions: dict[EventType, frozenset[str]]
    patient_is_actor: frozenset[EventType]
    patient_stays: frozenset[str]
    own_theme: frozenset[EventType]
    force: frozenset[EventType]
    noun_agent_prepositions: frozenset[str]
    noun_patient_prepositions: frozenset[str]
    subject_noun_agent_prepositions: frozenset[str]
    sharing_governors: frozenset[str]
    clause_recipients: frozenset[EventType]
    demand_types: frozenset[EventType]
    # verb lemma -> prepositions whose object is the other side ("clashed with police")
    opponent_prepositions: dict[str, frozenset[str]]
    object_agent_prepositions: frozenset[str]
    claim_verbs: frozenset[str]
    sent_objects_verbs: frozenset[str]
    # participles whose agent set off the weapon they describe ("a mine planted by rebels")
    weapon_placers: frozenset[str] = frozenset()
    # prepositions whose object event is done by the copula's subject ("X was behind the attack")
    responsible_prepositions: frozenset[str] = frozenset()
    # modes whose agentless passive ("was arrested, police said") is done by the state body telling it
    authority_modes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Casualties:
    """Words that report the dead, the hurt and the arrested (events.yaml `casualties`)."""

    killed: frozenset[str]
    injured: frozenset[str]
    arrested: frozenset[str]
    verbs: dict[str, str]  # a casualty verb -> the count it reports: "kill" -> killed
    intransitive: frozenset[str]
    singular: frozenset[str]
    death_nouns: frozenset[str]
    result_verbs: frozenset[str]
    singular_pronouns: frozenset[str] = frozenset()
    no_one: frozenset[str] = frozenset()
    collective: frozenset[str] = frozenset()
    death_prepositions: frozenset[str] = frozenset()
    attempt_verbs: frozenset[str] = frozenset()
    cause_prepositions: frozenset[str] = frozenset()
    cause_verbs: frozenset[str] = frozenset()
    near_misses: frozenset[str] = frozenset()
    doubt_marks: frozenset[str] = frozenset()
    victim_prepositions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, Entry]
    nouns: dict[str, Entry]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    ignore_objects: frozenset[str]
    mode_cues: dict[EventType, dict[str, frozenset[str]]]
    territory_verbs: frozenset[str]
    place_nouns: frozenset[str]
    place_notes: tuple[str, ...]
    separate_modes: frozenset[str]
    anchors: Anchors
    roles: RoleRules
    casualties: Casualties
    # type -> mode -> modifier words that shift a trigger to that mode ("violent protests": riot)
    mode_modifiers: dict[EventType, dict[str, frozenset[str]]]
    # "workers are striking": the verbs a workforce strikes with, and the nouns of a workforce
    labour_strike_verbs: frozenset[str]
    workforce_nouns: frozenset[str]
    # "joined the strike", "took part in the strike": verbs of taking part in a labour strike
    strike_joining_verbs: frozenset[str]
    # "nurses observed a strike": verbs a workforce holds a strike with (the noun has no compound)
    strike_holding_verbs: frozenset[str]
    # "the march turned violent": verbs an event turns into another with, and by type and mode
    # the words of what it turned into
    turn_verbs: frozenset[str]
    turn_modes: dict[EventType, dict[str, frozenset[str]]]
    # Verbs that put a question, not a demand, when a clause or phrase opening with one of
    # `question_words` follows: "asked whether the blast was linked to ...".
    question_verbs: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    # Claims a sentence calls false ("groundless accusations"): the claim nouns, the words.
    dismissed_nouns: frozenset[str] = frozenset()
    dismissive_words: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> EventLexicon:
        return cls.from_dict(load_yaml("events.yaml"))

    @classmethod
    def from_dict(cls, data: dict[str, Any], place_nouns: frozenset[str] | None = None) -> EventLexicon:
        """The lexicon from parsed YAML; `ResourceError` for a type, mode or context not in plover.yaml.
        The place nouns are the territory targets of arguments.yaml unless given."""
        if place_nouns is None:
            place_nouns = _words(load_yaml("arguments.yaml")["targets"]["territory"])

        def triggers(section: str) -> dict[str, Entry]:
            out = {}
            for lemma, e in data[section].items():
                where = f"events.yaml {section}: {lemma}"
                etype = PLOVER.check_type(e["type"], where)
                out[lemma.lower()] = Entry(
                    type=etype,
                    mode=PLOVER.check_mode(etype, e.get("mode"), where),
                    context=PLOVER.check_context(e.get("context"), where),
                    passive_actor=bool(e.get("passive_actor", False)),
                    subject=e.get("subject", "actor"),
                    needs_object=_words(e.get("needs_object")),
                    needs_purpose=_words(e.get("needs_purpose")),
                    of_actor=bool(e.get("of_actor", False)),
                    not_objects=_words(e.get("not_objects")),
                )
            return out

        def by_mode(section: str) -> dict[EventType, dict[str, frozenset[str]]]:
            return by_mode_of(data[section], section)

        def by_mode_of(table: dict[str, Any], section: str) -> dict[EventType, dict[str, frozenset[str]]]:
            out: dict[EventType, dict[str, frozenset[str]]] = {}
            for name, modes in table.items():
                etype = PLOVER.check_type(name, f"events.yaml {section}")
                out[etype] = {
                    str(PLOVER.check_mode(etype, mode, f"events.yaml {section} {name}")): _words(words)
                    for mode, words in modes.items()
                }
            return out

        cues = by_mode("mode_cues")
        return cls(
            triggers("verbs"),
            triggers("nouns"),
            _words(data["light_verbs"]),
            _words(data["occurrence_verbs"]),
            _words(data["ignore_objects"]),
            cues,
            _words(data["territory_verbs"]),
            place_nouns,
            tuple(str(n).lower() for n in data["place_notes"]),
            frozenset(
                str(PLOVER.check_modes((), m, "events.yaml separate_modes")) for m in data["separate_modes"]
            ),
            Anchors(**{name: _words(data["anchors"][name]) for name in Anchors.__dataclass_fields__}),
            _role_rules(data["roles"]),
            _casualties(data["casualties"]),
            by_mode("mode_modifiers"),
            _words(data["labour_strikes"]["verbs"]),
            _words(data["labour_strikes"]["workforce"]),
            _words(data["labour_strikes"]["joined_by"]),
            _words(data["labour_strikes"]["held_by"]),
            _words(data["turns"]["verbs"]),
            by_mode_of(data["turns"]["modes"], "turns"),
            question_verbs=_words(data["questions"]["verbs"]),
            question_words=_words(data["questions"]["words"]),
            dismissed_nouns=_words(data["dismissals"]["nouns"]),
            dismissive_words=_words(data["dismissals"]["words"]),
        )


def _types(names: Any, where: str) -> frozenset[EventType]:
    return frozenset(PLOVER.check_type(n, where) for n in names)


def _role_rules(data: dict[str, Any]) -> RoleRules:
    where = "events.yaml roles"
    return RoleRules(
        recipient_prepositions={
            PLOVER.check_type(t, where): _words(ws) for t, ws in data["recipient_prepositions"].items()
        },
        patient_is_actor=_types(data["patient_is_actor"], where),
        patient_stays=_words(data["patient_stays"]),
        own_theme=_types(data["own_theme"], where),
        force=_types(data["force"], where),
        noun_agent_prepositions=_words(data["noun_agent_prepositions"]),
        noun_patient_prepositions=_words(data["noun_patient_prepositions"]),
        subject_noun_agent_prepositions=_words(data["subject_noun_agent_prepositions"]),
        sharing_governors=_words(data["sharing_governors"]),
        clause_recipients=_types(data["clause_recipients"], where),
        demand_types=_types(data["demand_types"], where),
        opponent_prepositions={
            str(verb).lower(): _words(data["opponent_prepositions"]["prepositions"])
            for verb in data["opponent_prepositions"]["verbs"]
        },
        object_agent_prepositions=_words(data["object_agent_prepositions"]),
        claim_verbs=_words(data["claim_verbs"]),
        sent_objects_verbs=_words(data["sent_objects_verbs"]),
        weapon_placers=_words(data["weapon_placers"]),
        responsible_prepositions=_words(data["responsible_prepositions"]),
        authority_modes=_words(data["authority_modes"]),
    )


def _casualties(data: dict[str, Any]) -> Casualties:
    verbs = {str(k).lower(): str(v) for k, v in data["verbs"].items()}
    stray = set(verbs.values()) - {"killed", "injured"}
    if stray:
        raise ResourceError(f"events.yaml casualties verbs: unknown counts {sorted(stray)}")
    return Casualties(
        killed=_words(data["killed"]),
        injured=_words(data["injured"]),
        arrested=_words(data["arrested"]),
        verbs=verbs,
        intransitive=_words(data["intransitive"]),
        singular=_words(data["singular"]),
        death_nouns=_words(data["death_nouns"]),
        result_verbs=_words(data["result_verbs"]),
        singular_pronouns=_words(data["singular_pronouns"]),
        no_one=_words(data["no_one"]),
        collective=_words(data["collective"]),
        death_prepositions=_words(data["death_prepositions"]),
        attempt_verbs=_words(data["attempt_verbs"]),
        cause_prepositions=_words(data["cause_prepositions"]),
        cause_verbs=_words(data["cause_verbs"]),
        near_misses=_words(data["near_misses"]),
        doubt_marks=_words(data["doubt_marks"]),
        victim_prepositions=_words(data["victim_prepositions"]),
    )


@dataclass(frozen=True)
class CueLexicon:
    reporting_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    report_nouns: frozenset[str]
    citing_verbs: frozenset[str]
    allege_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    hedge_words: frozenset[str]
    plan_words: frozenset[str]
    future_modals: frozenset[str]
    conditional_marks: frozenset[str]
    negations: frozenset[str]
    refusal_verbs: frozenset[str]
    negating_conjunctions: frozenset[str]
    outlet_nouns: frozenset[str]
    anonymous_heads: frozenset[str]
    according_to: frozenset[str]
    telling_verbs: frozenset[str]
    group_nouns: frozenset[str]
    open_group_nouns: frozenset[str]
    outlet_name_endings: frozenset[str]
    conditional_inversions: frozenset[str]
    announcing_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    source_prepositions: frozenset[str]
    allege_nouns: frozenset[str]
    allege_adverbs: frozenset[str]
    plan_nouns: frozenset[str]
    plan_modifiers: frozenset[str]
    plan_relatives: frozenset[str]
    presupposing_prepositions: frozenset[str]

    @classmethod
    def load(cls) -> CueLexicon:
        data = load_yaml("cues.yaml")
        cues = cls(**{name: _words(data[name]) for name in cls.__dataclass_fields__})
        stray = cues.speech_verbs - cues.reporting_verbs
        if stray:
            raise ResourceError(f"cues.yaml: speech verbs that are no reporting verbs: {sorted(stray)}")
        stray = cues.open_group_nouns - cues.group_nouns
        if stray:
            raise ResourceError(f"cues.yaml: open group nouns that are no group nouns: {sorted(stray)}")
        return cues


@dataclass(frozen=True)
class Lexicons:
    """Every table the rule stages need, loaded together."""

    actors: ActorLexicon
    events: EventLexicon
    cues: CueLexicon
    arguments: ArgumentLexicon

    @classmethod
    def load(cls) -> Lexicons:
        arguments = ArgumentLexicon.load()
        events = EventLexicon.from_dict(load_yaml("events.yaml"), arguments.territory)
        return cls(ActorLexicon.load(), events, CueLexicon.load(), arguments)
