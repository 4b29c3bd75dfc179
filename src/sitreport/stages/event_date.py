"""Event date stage: when each event happened, chosen once per cluster.

Each event's own date is the one in its clause nearest the trigger, else one elsewhere
in its sentence that does not date the reporting ("said on Monday"; `Scene.own_date`).
A cluster's date is the narrowest of its events' own dates; an event with no date of
its own, or a wider one holding it, takes it. An undated past event the text says
happened (asserted, reported or hedged) is dated to the week before publication, with
an empty text to flag the inference; that is why this stage runs after factuality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sitreport.index import DocIndex
from sitreport.lexicon import CueLexicon, EventLexicon
from sitreport.model import DateRange, Document, Event, Factuality, Precision
from sitreport.scene import Scene
from sitreport.syntax import Tree

_PAST_TAGS = {"VBD", "VBN"}
_UNDATED_WINDOW = dt.timedelta(days=7)
_HAPPENED = {Factuality.ASSERTED, Factuality.REPORTED, Factuality.HEDGED}


@dataclass
class EventDateStage:
    events: EventLexicon
    cues: CueLexicon
    name: str = "event_date"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.dates",
        "mention.noun",
        "event.head",
        "event.mentions",
        "event.cluster",
        "event.factuality",
    )
    assigns: tuple[str, ...] = ("event.date",)

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        scene = Scene.build(doc, Tree.build(doc.tokens), DocIndex.build(doc), self.events, self.cues)
        own = [scene.own_date(scene.event_span(e)) for e in doc.events]
        best: dict[str, DateRange] = {}
        for e, date in zip(doc.events, own, strict=True):
            if date is not None and (e.cluster not in best or _span(date) < _span(best[e.cluster])):
                best[e.cluster] = date
        dated = []
        for e, date in zip(doc.events, own, strict=True):
            shared = best.get(e.cluster)
            chosen = shared if _narrower(shared, date) else date
            dated.append(replace(e, date=chosen or self._default(doc, scene, e)))
        return replace(doc, events=tuple(dated))

    def _default(self, doc: Document, scene: Scene, event: Event) -> DateRange | None:
        if doc.published is None or event.factuality not in _HAPPENED:
            return None
        if doc.tokens[event.head].tag not in _PAST_TAGS or scene.index.dates_in(event.sentence):
            return None
        start = doc.published - _UNDATED_WINDOW
        return DateRange("", event.trigger_start, event.trigger_start, start, doc.published, Precision.WEEK)


def _span(date: DateRange) -> int:
    assert date.start is not None
    return ((date.end or date.start) - date.start).days


def _narrower(candidate: DateRange | None, current: DateRange | None) -> bool:
    """Whether `candidate` dates an event more narrowly than `current`, within it."""
    if candidate is None:
        return False
    if current is None:
        return True
    if candidate.start is None or current.start is None:
        return False
    cand_end, cur_end = candidate.end or candidate.start, current.end or current.start
    return current.start <= candidate.start and cand_end <= cur_end and _span(candidate) < _span(current)
