"""Participants stage: each event's actors and recipients, from all its mentions.

An event's actors are its mentions' actors, each once, in mention order; likewise its
recipients. Actors named without a nationality ("police", "gunmen", "villagers") are
local: they belong to the country where the event happened, else the country most of
the article's places are in. International bodies belong to no country, and drones
and missiles shot down are the other side's, not the local country's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from sitreport.index import DocIndex
from sitreport.model import Actor, Document, Event
from sitreport.vocab import PLOVER

_INTERNATIONAL = PLOVER.group("international")


@dataclass
class ParticipantsStage:
    name: str = "participants"
    requires: tuple[str, ...] = ("doc.places", "mention.actors", "mention.recipients", "event.location")
    assigns: tuple[str, ...] = ("event.actors", "event.recipients")

    def __call__(self, doc: Document) -> Document:
        index = DocIndex.build(doc)
        home = _home_country(doc)
        return replace(doc, events=tuple(self.assign(index, e, home) for e in doc.events))

    def assign(self, index: DocIndex, event: Event, home: str | None) -> Event:
        actors, recipients = index.arguments(event)
        country = event.location.country if event.location and event.location.country else home
        if country is not None:
            actors = _local(actors, country)
            if event.mode != "disrupt":
                recipients = _local(recipients, country)
        return replace(event, actors=actors, recipients=recipients)


def _local(actors: tuple[Actor, ...], country: str) -> tuple[Actor, ...]:
    return tuple(
        replace(a, country=country) if a.country is None and a.sector not in _INTERNATIONAL else a for a in actors
    )


def _home_country(doc: Document) -> str | None:
    """The country most places in the article belong to."""
    counts = Counter(p.country for p in doc.places if p.country)
    return counts.most_common(1)[0][0] if counts else None
