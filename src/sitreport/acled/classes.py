"""ACLED actor classes of an event's two sides (resources/acled_actors.yaml).

Side 1 is who acted: the class of its first actor with a class (by name, then sector),
else the class its agent-side words name (`Event.actor_kinds`: "gunmen", "supporters").
Side 2 is who it was done to: its first recipient's class, else the class its patient-side
words name (`Event.targets`: "soldiers", "a village"). A state organ that is not armed
(a minister, a councillor) is a civilian when harmed. Nothing here reads the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

from sitreport.errors import ResourceError
from sitreport.fastyaml import safe_load
from sitreport.kinds import ArgumentLexicon
from sitreport.model import Actor, Event, Sector
from sitreport.vocab import PLOVER

# Words as the named-group aliases are matched: letters, digits and inner hyphens.
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The class of a crowd, which is rioters or protesters by what it does.
CROWD = "crowd"
# The class of a side known to fight back, of no known class.
ARMED = "armed"


@dataclass(frozen=True)
class NamedGroup:
    """An armed group ACLED names as such ("Al Shabaab"), its class, the words that name it
    and the year from which the words name someone else (the Taliban became a government)."""

    name: str
    klass: str
    aliases: tuple[tuple[str, ...], ...]  # each a word sequence, lower case
    until: int | None = None
    # Countries (ISO-3) where the words name this group; elsewhere they name a namesake or a
    # branch, which ACLED names with the country ("Islamic State (Afghanistan)"). None: anywhere.
    home: frozenset[str] | None = None
    # ACLED's names of the group's branches, by the country (ISO-3) they fight in.
    branches: Mapping[str, str] = field(default_factory=dict)

    def named_in(self, words: Sequence[str], year: int | None) -> bool:
        if self.until is not None and year is not None and year >= self.until:
            return False
        return any(_contains(words, alias) for alias in self.aliases)


def _contains(words: Sequence[str], alias: tuple[str, ...]) -> bool:
    n = len(alias)
    return any(tuple(words[i : i + n]) == alias for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class ActorClasses:
    """The parsed and checked content of acled_actors.yaml."""

    inter: Mapping[str, int]
    groups: Mapping[str, frozenset[str]]
    sectors: Mapping[Sector, str]
    unarmed_state: frozenset[Sector]
    kinds: tuple[tuple[str, frozenset[str]], ...]  # (class, actor kinds), armed classes first
    targets: tuple[tuple[str, frozenset[str]], ...]  # (class, target kinds)
    named_groups: tuple[NamedGroup, ...] = ()
    # Words that make a harmed member of the forces a civilian ("a former soldier", "an
    # off-duty policeman"); an entry ending in "-" is a prefix ("ex-soldier").
    off_duty: frozenset[str] = frozenset()

    @property
    def names(self) -> frozenset[str]:
        """Every class a rule may name: the classes, the crowd, the armed unknown and the groups."""
        return frozenset({*self.inter, CROWD, ARMED, *self.groups})

    @classmethod
    def load(cls, arguments: ArgumentLexicon) -> ActorClasses:
        try:
            text = (resources.files("sitreport") / "resources" / "acled_actors.yaml").read_text(encoding="utf-8")
            return cls.from_dict(safe_load(text), arguments)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"acled_actors.yaml: {type(exc).__name__}: {exc}") from exc

    @classmethod
    def from_dict(cls, data: Any, arguments: ArgumentLexicon) -> ActorClasses:
        inter = {str(k): int(v) for k, v in data["inter"].items()}
        known = {*inter, CROWD, ARMED}
        groups = {str(k): frozenset(str(c) for c in v) for k, v in data["groups"].items()}
        _check(known, (c for members in groups.values() for c in members), "groups")
        sectors: dict[Sector, str] = {}
        for klass, names in data["sectors"].items():
            _check(known, [klass], "sectors")
            for sector in PLOVER.sectors(list(names), "acled_actors.yaml sectors"):
                sectors.setdefault(sector, str(klass))
        kinds = _classes(data["kinds"], known, arguments.actor_kinds.names, "kinds")
        targets = _classes(data["targets"], known, arguments.targets.names, "targets")
        return cls(
            inter=MappingProxyType(inter),
            groups=MappingProxyType(groups),
            sectors=MappingProxyType(sectors),
            unarmed_state=PLOVER.sectors(list(data["unarmed_state"]), "acled_actors.yaml unarmed_state"),
            kinds=kinds,
            targets=targets,
            named_groups=tuple(_named_group(name, spec, known) for name, spec in data["named_groups"].items()),
            off_duty=frozenset(str(w).lower() for w in data.get("off_duty") or ()),
        )

    def named_group(self, text: str, year: int | None) -> NamedGroup | None:
        """The armed group an actor's words name ("Al Shabaab militants"), or None."""
        words = _WORD.findall(text.lower())
        return next((g for g in self.named_groups if g.named_in(words, year)), None)

    def expand(self, names: Iterable[str]) -> frozenset[str]:
        """Class names with the groups among them replaced by their members."""
        out: set[str] = set()
        for name in names:
            out |= self.groups.get(name, {name})
        return frozenset(out)

    def of_actor(self, actor: Actor, harmed: bool = False) -> str | None:
        """An actor's class by its sector; a harmed state organ that is not armed is a civilian."""
        if actor.sector is None:
            return None
        if harmed and (actor.sector in self.unarmed_state or self.is_off_duty(actor.text)):
            return "civilians"
        return self.sectors.get(actor.sector)

    def is_off_duty(self, text: str) -> bool:
        """Whether an actor's words say it no longer serves or was not on duty ("a retired
        colonel", "an off-duty soldier", "an ex-rebel"): harmed, it is a civilian."""
        words = _WORD.findall(text.lower())
        return any(w in self.off_duty or any(w.startswith(p) for p in self.off_duty if p.endswith("-")) for w in words)


@dataclass(frozen=True)
class Sides:
    """The ACLED classes of an event's two sides (None: nothing says)."""

    first: str | None
    second: str | None

    @classmethod
    def of(cls, event: Event, classes: ActorClasses) -> Sides:
        return cls(_first(event, classes), _second(event, classes))


def _first(event: Event, classes: ActorClasses) -> str | None:
    """A crowd the words name outweighs the unarmed state organ it follows ("supporters of
    the governor", "the minister's loyalists"): the organ is not who acted."""
    by_actor = _first_class(event.actors, classes, harmed=False)
    by_words = next((k for k, kinds in classes.kinds if kinds.intersection(event.actor_kinds)), None)
    forces = any(classes.of_actor(a) == "state" and a.sector not in classes.unarmed_state for a in event.actors)
    followers = by_actor == "state" and by_words == CROWD and not forces
    if by_actor not in (None, "civilians") and not followers:
        return by_actor
    if by_words is not None:
        return by_words
    return CROWD if by_actor == "civilians" else None


def _second(event: Event, classes: ActorClasses) -> str | None:
    by_actor = _first_class(event.recipients, classes, harmed=True)
    if by_actor is not None:
        return by_actor
    return next((k for k, kinds in classes.targets if kinds.intersection(event.targets)), None)


def _first_class(actors: Sequence[Actor], classes: ActorClasses, *, harmed: bool) -> str | None:
    """The class of the first actor that has one, an armed one before an unarmed one."""
    found = [c for c in (classes.of_actor(a, harmed) for a in actors) if c is not None]
    armed = [c for c in found if c in classes.groups.get("armed", frozenset())]
    return next(iter(armed or found), None)


def _classes(raw: Any, known: set[str], kinds: frozenset[str], what: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(class, kinds) pairs in the order given: a mapping, or a list of one-entry mappings
    where a class comes back at a lower priority."""
    pairs = [item for entry in raw for item in entry.items()] if isinstance(raw, list) else list(raw.items())
    out = []
    for klass, names in pairs:
        _check(known, [klass], what)
        members = frozenset(str(n) for n in names)
        stray = members - kinds
        if stray:
            raise ValueError(f"{what}: unknown kinds {sorted(stray)} (see arguments.yaml)")
        out.append((str(klass), members))
    return tuple(out)


def _named_group(name: Any, spec: Mapping[str, Any], known: set[str]) -> NamedGroup:
    _check(known, [spec["class"]], f"named_groups {name}")
    aliases = tuple(tuple(_WORD.findall(str(a).lower())) for a in spec["aliases"])
    if not all(aliases):
        raise ValueError(f"named_groups {name}: an empty alias")
    until = spec.get("until")
    home = spec.get("home")
    branches = {str(k): str(v) for k, v in (spec.get("branches") or {}).items()}
    return NamedGroup(
        str(name),
        str(spec["class"]),
        aliases,
        None if until is None else int(until),
        None if home is None else frozenset(str(c) for c in home),
        MappingProxyType(branches),
    )


def _check(known: set[str], names: Iterable[Any], what: str) -> None:
    stray = {str(n) for n in names} - known
    if stray:
        raise ValueError(f"{what}: unknown classes {sorted(stray)}")
