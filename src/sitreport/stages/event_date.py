"""Event date stage: when each event happened, chosen once per cluster.

Each event's own date is the one in its clause nearest the trigger, else one elsewhere
in its sentence that does not date the reporting ("said on Monday"; `Scene.own_date`).
A cluster's date is the narrowest of its events' own dates; an event with no date of
its own, or a wider one holding it, takes it. A sentence's governing date ("On 11 March
2024, ...") then dates every event of the sentence, whatever the parser hung it on (the
"said" of a claim included). An event the text tells of as past (asserted, reported,
hedged, or alleged or denied by someone: "claimed to have killed") settles as
`dates.settle_date` rules: the governing date, else the date it has, else the report's
opening date, else the date of the telling that carries it ("said Thursday that ..."),
else the publication date, the last two flagged `inferred`. That is why this stage runs
after factuality; hypothetical and negated events keep the date they have, and a planned
event reads its date forward ("will meet on Friday": the next Friday).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sitreport.index import DocIndex
from sitreport.lexicon import CueLexicon, EventLexicon
from sitreport.model import DateRange, Document, Event, Factuality
from sitreport.scene import Scene
from sitreport.stages.dates import governing_date, looking_ahead, opening_date, settle_date
from sitreport.syntax import Tree

# Events told of as past, by the text or by someone it quotes.
_PAST = {Factuality.ASSERTED, Factuality.REPORTED, Factuality.HEDGED, Factuality.ALLEGED, Factuality.DENIED}


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
        settle = _Settle(doc, scene.index)
        spans = [scene.event_span(e) for e in doc.events]
        own = [scene.own_date(span) for span in spans]
        best: dict[str, DateRange] = {}
        for e, date in zip(doc.events, own, strict=True):
            if date is not None and (e.cluster not in best or _span(date) < _span(best[e.cluster])):
                best[e.cluster] = date
        dated = []
        for e, span, date in zip(doc.events, spans, own, strict=True):
            shared = best.get(e.cluster)
            chosen = shared if _narrower(shared, date) else date
            if e.factuality is Factuality.PLANNED and chosen is not None:
                chosen = looking_ahead(chosen, doc.published)
            past = e.factuality in _PAST
            # The day it was told stands in only for an event with no date of its own.
            reporting = scene.reporting_date(span) if past and chosen is None else None
            dated.append(replace(e, date=settle(e, chosen, reporting, past=past)))
        return replace(doc, events=tuple(dated))


@dataclass
class _Settle:
    """`dates.settle_date`, with the document's lookups done once: the governing date of
    each sentence and the report's opening date."""

    doc: Document
    index: DocIndex
    governing: dict[int, DateRange | None] = field(default_factory=dict)
    opening: list[DateRange | None] = field(default_factory=list)

    def __call__(
        self, event: Event, own: DateRange | None, reporting: DateRange | None, *, past: bool
    ) -> DateRange | None:
        n = event.sentence
        if n not in self.governing:
            # governing_date reads only the sentence's dates: hand it only those.
            self.governing[n] = governing_date(replace(self.doc, dates=self.index.dates_in(n)), n)
        if not past:
            return self.governing[n] or own
        if not self.opening:
            self.opening.append(opening_date(self.doc))
        return settle_date(
            governing=self.governing[n],
            own=own,
            opening=self.opening[0],
            reporting=reporting,
            published=self.doc.published,
            at=event.trigger_start,
        )


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
