"""The one data model every stage reads and writes.

All records are frozen dataclasses: a stage never mutates what it was given,
it returns a new `Document` built with `dataclasses.replace`. Offsets are
character offsets into `Document.text` (the text as read, after HTML
extraction), end-exclusive.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from dataclasses import dataclass, field

from sitreport.vocab import EventType, Factuality, Sector, SourceKind

__all__ = [
    "AcledCoding",
    "Actor",
    "Attribution",
    "Counts",
    "DateRange",
    "Document",
    "Entity",
    "Event",
    "EventType",
    "Evidence",
    "Factuality",
    "GeoPrecision",
    "Mention",
    "Place",
    "Precision",
    "Quantity",
    "Sector",
    "Sentence",
    "Source",
    "SourceKind",
    "Token",
    "Trigger",
]


class Precision(str, enum.Enum):
    """Grain of a resolved date range."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class GeoPrecision(str, enum.Enum):
    """Grain of a geocoded place."""

    POINT = "point"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    REGION = "region"

    @property
    def rank(self) -> int:
        """Smaller is finer: point < admin2 < admin1 < region < country."""
        return ("point", "admin2", "admin1", "region", "country").index(self.value)


@dataclass(frozen=True)
class Token:
    """One token of the parse, in our own form so stages never touch spaCy.

    `i` and `head` are document-level token indices; `ent_type` is the entity
    label of the entity this token belongs to ("" when none).
    """

    i: int
    text: str
    idx: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    ent_iob: str = "O"

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its character span and its token range [first, last)."""

    start: int
    end: int
    text: str
    first: int
    last: int


@dataclass(frozen=True)
class Entity:
    """A named entity span from the parser or the gazetteer ruler."""

    label: str
    text: str
    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True)
class Actor:
    """A mention coded to ISO-3 country and PLOVER sector."""

    text: str
    start: int
    end: int
    country: str | None = None
    sector: Sector | None = None
    name: str | None = None
    head: int = -1

    def __post_init__(self) -> None:
        if self.sector is not None and not isinstance(self.sector, Sector):
            object.__setattr__(self, "sector", Sector(self.sector))  # a plain "MIL" from a caller or a file


@dataclass(frozen=True)
class Place:
    """A toponym mention and where it resolved to."""

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: GeoPrecision | None = None
    near: bool = False
    dateline: bool = False  # the report's place of writing ("KYIV, Ukraine (AP) —"), not an event place


@dataclass(frozen=True)
class DateRange:
    """A time expression resolved to an inclusive date range.

    `inferred` marks a date no expression states: an event the text does not
    date is put on the report's publication date (start = end = that day,
    precision `week`, empty `text`), as ACLED and news coders do.
    """

    text: str
    start_char: int
    end_char: int
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision | None = None
    inferred: bool = False


@dataclass(frozen=True)
class Quantity:
    """A number attached to a noun: "six North Korean officers" -> 6, head "officers"."""

    text: str
    start: int
    end: int
    value: int
    head: int
    kind: str | None = None


@dataclass(frozen=True)
class Counts:
    """People killed, injured, involved and arrested; `clamped` when the store lowered a
    count too large for its columns (see `sitreport.store.codec.fit_to_columns`)."""

    killed: int | None = None
    injured: int | None = None
    people: int | None = None
    arrested: int | None = None
    clamped: bool = False


@dataclass(frozen=True)
class Source:
    """One link of an attribution chain."""

    name: str
    kind: SourceKind
    also: tuple[str, ...] = ()  # sources named alongside this one ("Kyiv Post and Interfax")

    def __post_init__(self) -> None:
        if not isinstance(self.kind, SourceKind):
            object.__setattr__(self, "kind", SourceKind(self.kind))


@dataclass(frozen=True)
class Attribution:
    """Who a claim comes through, outermost first, excluding the document's outlet."""

    chain: tuple[Source, ...] = ()
    cue: str | None = None


@dataclass(frozen=True)
class Evidence:
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class AcledCoding:
    """The ACLED view of an event."""

    event_type: str
    sub_event_type: str
    disorder_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    fatalities: int | None = None
    civilian_targeting: bool = False


@dataclass(frozen=True)
class Trigger:
    """Where one trigger word of an event stands: "shelled", the "strike" of "air strike"."""

    text: str
    start: int
    end: int
    head: int  # token index
    sentence: int
    lemma: str  # with a phrasal verb's particle: "shoot down"


@dataclass(frozen=True)
class Mention:
    """One trigger, typed by the trigger finders, with the arguments its own clause gives it.

    Mentions are the event phase's raw material (`Document.mentions`): the coreference
    stage folds the mentions of one event in one clause into an `Event` and links the
    events told of one real event across sentences.
    """

    trigger: Trigger
    type: EventType
    mode: str | None = None  # the mode the trigger word itself names ("shelled": explosives)
    cued_mode: str | None = None  # the mode the words around it suggest ("killed by drones": aerial)
    contexts: tuple[str, ...] = ()
    noun: bool = False  # a noun trigger ("the strike") rather than a verb
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.type, EventType):
            object.__setattr__(self, "type", EventType(self.type))


@dataclass(frozen=True)
class Event:
    """One event claim with everything we know about it.

    `mentions` are the triggers folded into this claim within its sentence ("launched a
    strike, killing three": strike, killing), its own first; `cluster` is shared by the
    claims of one real event told across sentences (a lede and its sourced restatement,
    an attack and its toll). `instruments`, `targets` and `actor_kinds` are classes of
    the words in the claim's own clause, read once so that ACLED coding need not reread
    the text.
    """

    id: str
    type: EventType
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: int
    head: int = -1  # token index of the trigger
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    recipients: tuple[Actor, ...] = ()
    location: Place | None = None
    date: DateRange | None = None
    counts: Counts = field(default_factory=Counts)
    attribution: Attribution = field(default_factory=Attribution)
    factuality: Factuality = Factuality.ASSERTED
    evidence: Evidence | None = None
    acled: AcledCoding | None = None
    mentions: tuple[Trigger, ...] = ()
    cluster: str = ""
    instruments: tuple[str, ...] = ()  # what it was done with: weapon classes (resources/arguments.yaml)
    targets: tuple[str, ...] = ()  # what it was done to: target kinds
    actor_kinds: tuple[str, ...] = ()  # what kind of group did it ("crowd")

    def __post_init__(self) -> None:
        # The vocabulary is checked where events are made, so a non-PLOVER type ("FIGHT")
        # fails here and never reaches the store, the linker or the UI.
        if not isinstance(self.type, EventType):
            object.__setattr__(self, "type", EventType(self.type))


@dataclass(frozen=True)
class Document:
    """An article and every annotation the stages have assigned to it."""

    id: str
    text: str
    outlet: str | None = None
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    body_start: int = 0
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateRange, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()

    def sentence_of(self, token_i: int) -> int:
        """Index of the sentence holding token `token_i` (a binary search: sentences are in order)."""
        n = bisect.bisect_right(self.sentences, token_i, key=lambda s: s.first) - 1
        if n < 0 or token_i >= self.sentences[n].last:
            raise IndexError(token_i)
        return n
