"""Hand-made documents and events for the ACLED and eval tests; no models are loaded."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from sitreport.model import (
    Actor,
    Counts,
    DateRange,
    Document,
    Event,
    Evidence,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
    Sentence,
    Trigger,
)

PUBLISHED = dt.date(2024, 2, 16)
LOZOVA = Place(
    text="Lozova",
    start=0,
    end=0,
    name="Lozova",
    country="UKR",
    admin1="Kharkiv Oblast",
    lat=48.889,
    lon=36.317,
    precision=GeoPrecision.POINT,
)


def actor(text: str, country: str | None, sector: str | None, name: str | None = None) -> Actor:
    return Actor(text=text, start=0, end=len(text), country=country, sector=sector, name=name)


RUS_MIL = actor("Russian forces", "RUS", "MIL")
UKR_MIL = actor("Ukrainian forces", "UKR", "MIL")
UKR_CVL = actor("civilians", "UKR", "CVL")
UKR_COP = actor("police", "UKR", "COP")


def sentences(text: str) -> tuple[Sentence, ...]:
    """Split on ". " the way a parser would, keeping offsets."""
    out: list[Sentence] = []
    start = 0
    while start < len(text):
        cut = text.find(". ", start)
        end = len(text) if cut < 0 else cut + 1
        out.append(Sentence(start, end, text[start:end], 0, 0))
        start = end + 1 if cut >= 0 else len(text)
    return tuple(out)


def event_in(
    text: str,
    trigger: str,
    type_: str,
    mode: str | None = None,
    *,
    n: int = 0,
    contexts: tuple[str, ...] = (),
    actors: tuple[Actor, ...] = (RUS_MIL,),
    recipients: tuple[Actor, ...] = (),
    location: Place | None = LOZOVA,
    killed: int | None = None,
    day: dt.date | None = PUBLISHED,
    factuality: Factuality = Factuality.ASSERTED,
    event_id: str | None = None,
    lemma: str | None = None,
    instruments: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    actor_kinds: tuple[str, ...] = (),
    cluster: str = "",
) -> Event:
    """An event whose trigger is the `n`-th occurrence of `trigger` in `text`, with the facts
    the event stages would have found: the trigger's `lemma` (its text by default), the
    weapon classes and target kinds of its clause, the kinds of its actors."""
    pos = -1
    for _ in range(n + 1):
        pos = text.index(trigger, pos + 1)
    sents = sentences(text)
    index = next(i for i, s in enumerate(sents) if s.start <= pos < s.end)
    sent = sents[index]
    return Event(
        id=event_id or f"e{pos}",
        type=type_,
        trigger=trigger,
        trigger_start=pos,
        trigger_end=pos + len(trigger),
        sentence=index,
        mode=mode,
        contexts=contexts,
        actors=actors,
        recipients=recipients,
        location=location,
        date=DateRange("", 0, 0, day, day, Precision.DAY) if day else None,
        counts=Counts(killed=killed),
        factuality=factuality,
        evidence=Evidence(sent.text, sent.start, sent.end),
        mentions=(Trigger(trigger, pos, pos + len(trigger), -1, index, lemma or trigger.lower()),),
        cluster=cluster,
        instruments=instruments,
        targets=targets,
        actor_kinds=actor_kinds,
    )


def document(text: str, *events: Event, published: dt.date | None = PUBLISHED) -> Document:
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        outlet="Test Wire",
        published=published,
        sentences=sentences(text),
        places=tuple(e.location for e in events if e.location is not None),
        events=events,
    )


def single(text: str, trigger: str, type_: str, mode: str | None = None, **kw: object) -> Document:
    """A document with one event."""
    return document(text, event_in(text, trigger, type_, mode, **kw))  # type: ignore[arg-type]


def with_location(place: Place, **changes: object) -> Place:
    return replace(place, **changes)  # type: ignore[arg-type]
