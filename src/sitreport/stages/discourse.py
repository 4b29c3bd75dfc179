"""Discourse stage: one event told across several sentences.

News states an event in the lede and sources it later ("Some 18 soldiers are
believed to have deserted ... they deserted, Suspilne reported"). Mentions of
the same event (same type and trigger family, compatible actors) share what
one of them lacks: place, date, counts, and for a hedged mention, attribution.
Actors named without a nationality are coded to the event's country. A source's own
sourcing, once the article states it ("officials cited by the broadcaster"),
extends the chains that stop at that source. An undated past event reported
as news is dated to the week before publication, flagged by an empty text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from sitreport.model import (
    Actor,
    Counts,
    DateRange,
    Document,
    Event,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
    Source,
)
from sitreport.vocab import PLOVER

_PAST_TAGS = {"VBD", "VBN"}
_UNDATED_WINDOW = dt.timedelta(days=7)
_SCENE_SENTENCES = 1
_INTERNATIONAL = PLOVER.group("international")


@dataclass
class DiscourseStage:
    name: str = "discourse"
    requires: tuple[str, ...] = ("tokens", "sentences", "places", "events")
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Document) -> Document:
        events = list(doc.events)
        events = [self._extend_chain(e, events) for e in events]
        events = [self._share(doc, e, events) for e in events]
        events = [self._scene_place(doc, e) for e in events]
        events = [self._default_date(doc, e) for e in events]
        home = _home_country(doc)
        events = [_local_actors(e, home) for e in events]
        return replace(doc, events=tuple(events))

    def _extend_chain(self, event: Event, events: list[Event]) -> Event:
        chain = event.attribution.chain
        if not chain:
            return event
        last = chain[-1]
        inner: set[Source] = set()
        for other in events:
            oc = other.attribution.chain
            for a, b in zip(oc, oc[1:], strict=False):
                if a.name == last.name:
                    inner.add(b)
        if len(inner) == 1:
            extra = inner.pop()
            if all(extra.name != c.name for c in chain):
                chain = (*chain, extra)
        return replace(event, attribution=replace(event.attribution, chain=chain))

    def _share(self, doc: Document, event: Event, events: list[Event]) -> Event:
        mates = [o for o in events if o is not event and _same_event(doc, event, o)]
        if not mates:
            return event
        changes: dict[str, object] = {}
        sourced = [m for m in mates if m.attribution.chain and _shares_actor(event, m)]
        # A hedged claim with no source of its own ("are believed to have deserted")
        # is sourced where the article says who reported it.
        if not event.attribution.chain and sourced and event.factuality is Factuality.HEDGED:
            changes["attribution"] = sourced[0].attribution
        finer = [m.location for m in mates if _finer(m.location, event.location)]
        if finer:
            changes["location"] = finer[0]
        dated = [m for m in mates if m.date is not None and m.date.start is not None]
        if event.date is None and dated:
            changes["date"] = dated[0].date
        counts = event.counts
        for m in mates:
            counts = Counts(
                killed=counts.killed if counts.killed is not None else m.counts.killed,
                injured=counts.injured if counts.injured is not None else m.counts.injured,
                people=counts.people if counts.people is not None else m.counts.people,
                arrested=counts.arrested if counts.arrested is not None else m.counts.arrested,
            )
        if counts != event.counts:
            changes["counts"] = counts
        return replace(event, **changes) if changes else event  # type: ignore[arg-type]

    def _scene_place(self, doc: Document, event: Event) -> Event:
        """An event with no place of its own happens where the previous sentence was."""
        if event.location is not None or event.sentence == 0:
            return event
        lo = doc.sentences[max(0, event.sentence - _SCENE_SENTENCES)].start
        hi = doc.sentences[event.sentence].start
        before = [p for p in doc.places if lo <= p.start < hi and p.country]
        return replace(event, location=before[-1]) if before else event

    def _default_date(self, doc: Document, event: Event) -> Event:
        if event.date is not None or doc.published is None:
            return event
        if event.factuality not in {Factuality.ASSERTED, Factuality.REPORTED, Factuality.HEDGED}:
            return event
        if doc.tokens[event.head].tag not in _PAST_TAGS:
            return event
        sent = doc.sentences[event.sentence]
        if any(sent.start <= d.start_char < sent.end for d in doc.dates):
            return event
        start = doc.published - _UNDATED_WINDOW
        return replace(
            event, date=DateRange("", event.trigger_start, event.trigger_start, start, doc.published, Precision.WEEK)
        )


def _finer(candidate: Place | None, current: Place | None) -> bool:
    """Whether another mention places the event more precisely, in the same country."""
    if candidate is None:
        return False
    if current is None:
        return True
    if current.country and candidate.country != current.country:
        return False
    rank = candidate.precision.rank if candidate.precision else 5
    return rank < (current.precision.rank if current.precision else 5)


def _home_country(doc: Document) -> str | None:
    """The country most places in the article belong to."""
    counts = Counter(p.country for p in doc.places if p.country)
    return counts.most_common(1)[0][0] if counts else None


def _local_actors(event: Event, home: str | None) -> Event:
    """Actors named without a nationality ("police", "gunmen", "villagers") are local:
    they belong to the country where the event happened, else the article's country."""
    country = event.location.country if event.location and event.location.country else home
    if country is None:
        return event

    def fill(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
        return tuple(
            replace(a, country=country) if a.country is None and a.sector not in _INTERNATIONAL else a for a in actors
        )

    # Intercepted drones and missiles are the other side's, not the local country's.
    recipients = event.recipients if event.mode == "disrupt" else fill(event.recipients)
    return replace(event, actors=fill(event.actors), recipients=recipients)


def _same_event(doc: Document, a: Event, b: Event) -> bool:
    """Two mentions of one event: same type and trigger family, or an unattributed
    attack followed by its toll ("... shelled X. Two civilians were killed.")."""
    if a.type != b.type or abs(a.sentence - b.sentence) > 3:
        return False
    if not (_compatible(a.actors, b.actors) and _compatible(a.recipients, b.recipients)):
        return False
    if _distinct_points(a.location, b.location) or _disjoint_dates(a.date, b.date):
        return False
    if _same_lemma(doc, a, b):
        return True
    return a.type == "ASSAULT" and abs(a.sentence - b.sentence) == 1 and (not a.actors or not b.actors)


def _same_lemma(doc: Document, a: Event, b: Event) -> bool:
    return doc.tokens[a.head].lemma.lower()[:5] == doc.tokens[b.head].lemma.lower()[:5]


def _shares_actor(a: Event, b: Event) -> bool:
    ca = {x.country for x in (*a.actors, *a.recipients) if x.country}
    cb = {x.country for x in (*b.actors, *b.recipients) if x.country}
    return bool(ca & cb) or not ca or not cb


def _distinct_points(a: Place | None, b: Place | None) -> bool:
    """Two different towns or villages: two events, whatever the wording."""
    if a is None or b is None or a.precision is not GeoPrecision.POINT or b.precision is not GeoPrecision.POINT:
        return False
    return (a.name or a.text) != (b.name or b.text)


def _disjoint_dates(a: DateRange | None, b: DateRange | None) -> bool:
    if a is None or b is None or not (a.start and a.end and b.start and b.end) or not (a.text and b.text):
        return False
    return a.end < b.start or b.end < a.start


def _compatible(xs: tuple[Actor, ...], ys: tuple[Actor, ...]) -> bool:
    cx = {x.country for x in xs if x.country}
    cy = {y.country for y in ys if y.country}
    return not cx or not cy or bool(cx & cy)
