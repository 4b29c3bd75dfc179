"""The PLOVER vocabulary: event types and their modes, contexts, actor sectors and their
groups, source kinds and factuality values.

The names are enums, so mypy sees every use and a typo is an error; what we know about
each name (a type's modes, linking family and UI colour, the groups a sector belongs to)
is data in `resources/plover.yaml`. `PLOVER` is that file read once, at import, and
checked against the enums: both must name the same types, sectors, source kinds and
factuality values, or importing sitreport fails with `ResourceError`. Lexicons and the
ACLED table check their entries against `PLOVER` when they load (`check_type`,
`check_mode`, `check_context`, `sectors`), so an entry naming an unknown type or a mode
its type does not have fails at load, not silently at run time.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sitreport.data import load_yaml
from sitreport.errors import ResourceError

__all__ = ["PLOVER", "EventType", "Factuality", "Sector", "SourceKind", "TypeInfo", "Vocabulary"]


class EventType(enum.StrEnum):
    """The 16 PLOVER event types."""

    AGREE = "AGREE"
    ACCUSE = "ACCUSE"
    ASSAULT = "ASSAULT"
    AID = "AID"
    COERCE = "COERCE"
    CONCEDE = "CONCEDE"
    CONSULT = "CONSULT"
    COOPERATE = "COOPERATE"
    MOBILIZE = "MOBILIZE"
    PROTEST = "PROTEST"
    REJECT = "REJECT"
    REQUEST = "REQUEST"
    RETREAT = "RETREAT"
    SANCTION = "SANCTION"
    SUPPORT = "SUPPORT"
    THREATEN = "THREATEN"


class Sector(enum.StrEnum):
    """Actor sectors, PLOVER/CAMEO codes."""

    GOV = "GOV"
    MIL = "MIL"
    COP = "COP"
    SPY = "SPY"
    LEG = "LEG"
    JUD = "JUD"
    REB = "REB"
    INS = "INS"
    UAF = "UAF"
    CRM = "CRM"
    ETH = "ETH"
    OPP = "OPP"
    PTY = "PTY"
    CVL = "CVL"
    JRN = "JRN"
    MED = "MED"
    REF = "REF"
    LAB = "LAB"
    EDU = "EDU"
    NGO = "NGO"
    BUS = "BUS"
    REL = "REL"
    HLH = "HLH"
    AGR = "AGR"
    ELI = "ELI"
    IGO = "IGO"


class SourceKind(enum.StrEnum):
    """What kind of source one link of an attribution chain is."""

    OUTLET = "outlet"
    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    ANONYMOUS = "anonymous"
    REPORT = "report"


class Factuality(str, enum.Enum):
    """How the text commits to an event happening."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    HEDGED = "hedged"
    ALLEGED = "alleged"
    DENIED = "denied"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


@dataclass(frozen=True)
class TypeInfo:
    """What plover.yaml says about one event type."""

    modes: frozenset[str]
    family: str
    colour: str
    quad: int


@dataclass(frozen=True)
class Vocabulary:
    """plover.yaml, checked against the enums."""

    types: Mapping[EventType, TypeInfo]
    contexts: frozenset[str]
    sector_groups: Mapping[str, frozenset[Sector]]

    @classmethod
    def load(cls, name: str = "plover.yaml") -> Vocabulary:
        return cls.from_dict(load_yaml(name), name)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "plover.yaml") -> Vocabulary:
        try:
            return _build(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"resources/{name}: {type(exc).__name__}: {exc}") from exc

    @property
    def families(self) -> dict[str, str]:
        return {t.value: info.family for t, info in self.types.items()}

    @property
    def quad_codes(self) -> dict[str, int]:
        return {t.value: info.quad for t, info in self.types.items()}

    @property
    def colours(self) -> dict[str, str]:
        return {t.value: info.colour for t, info in self.types.items()}

    def check_type(self, value: Any, where: str) -> EventType:
        """`value` as an EventType; `ResourceError` naming `where` when it is none."""
        try:
            return EventType(str(value))
        except ValueError:
            raise ResourceError(f"{where}: {value!r} is not a PLOVER event type") from None

    def check_mode(self, etype: EventType, mode: Any, where: str) -> str | None:
        """`mode` when it is one of `etype`'s modes (None stays None)."""
        if mode is None:
            return None
        if str(mode) not in self.types[etype].modes:
            raise ResourceError(f"{where}: {mode!r} is not a mode of {etype.value}")
        return str(mode)

    def check_modes(self, etypes: Iterable[EventType], mode: Any, where: str) -> str | None:
        """`mode` when it is a mode of at least one of `etypes` (any type when none are named)."""
        if mode is None:
            return None
        pool = list(etypes) or list(EventType)
        if not any(str(mode) in self.types[t].modes for t in pool):
            raise ResourceError(f"{where}: {mode!r} is not a mode of {sorted(t.value for t in pool)}")
        return str(mode)

    def check_context(self, context: Any, where: str) -> str | None:
        if context is None:
            return None
        if str(context) not in self.contexts:
            raise ResourceError(f"{where}: {context!r} is not a known context")
        return str(context)

    def sectors(self, names: Iterable[Any], where: str) -> frozenset[Sector]:
        """Sectors from a list of sector codes and group names ("armed", "civilian")."""
        out: set[Sector] = set()
        for name in names:
            text = str(name)
            if text in self.sector_groups:
                out |= self.sector_groups[text]
            elif text in Sector.__members__:
                out.add(Sector(text))
            else:
                raise ResourceError(f"{where}: {text!r} is neither a sector nor a sector group")
        return frozenset(out)

    def group(self, name: str) -> frozenset[Sector]:
        return self.sector_groups[name]


def _same(names: Iterable[Any], enum_cls: type[enum.Enum], what: str) -> None:
    listed = {str(n) for n in names}
    known = {str(m.value) for m in enum_cls}
    if listed != known:
        raise ValueError(f"{what} differ from {enum_cls.__name__}: {sorted(listed ^ known)}")


def _build(data: Mapping[str, Any]) -> Vocabulary:
    _same(data["types"], EventType, "types")
    _same(data["sectors"], Sector, "sectors")
    _same(data["source_kinds"], SourceKind, "source_kinds")
    _same(data["factuality"], Factuality, "factuality")
    types = {
        EventType(name): TypeInfo(
            modes=frozenset(str(m) for m in spec["modes"]),
            family=str(spec["family"]),
            colour=str(spec["colour"]),
            quad=int(spec["quad"]),
        )
        for name, spec in data["types"].items()
    }
    groups = {str(name): frozenset(Sector(s) for s in members) for name, members in data["sector_groups"].items()}
    return Vocabulary(
        types=MappingProxyType(types),
        contexts=frozenset(str(c) for c in data["contexts"]),
        sector_groups=MappingProxyType(groups),
    )


# Read once: it is part of the enums' definition, as their members are.
PLOVER = Vocabulary.load()
