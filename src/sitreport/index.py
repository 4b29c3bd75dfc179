"""Per-document lookups that keep the event phase linear in document length.

A stage that asks "which places are in this sentence", "which actor has this head",
"which token starts at this offset" once per event must not scan the whole document
each time: `DocIndex.build` sorts the document's annotations once (O(n log n)) and
answers each question in O(1) or O(log n).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sitreport.model import Actor, DateRange, Document, Event, Mention, Place, Quantity

T = TypeVar("T")


def _by_sentence(doc: Document, items: Sequence[T], start_of: dict[int, int]) -> tuple[tuple[T, ...], ...]:
    """`items` grouped by the sentence their start offset falls in, in text order."""
    starts = [s.start for s in doc.sentences]
    groups: list[list[T]] = [[] for _ in doc.sentences]
    for n, item in enumerate(items):
        at = start_of[n]
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0 and at < doc.sentences[k].end:
            groups[k].append(item)
    return tuple(tuple(g) for g in groups)


@dataclass(frozen=True)
class DocIndex:
    """The document's places, dates, quantities and actors, found by sentence or head."""

    places: tuple[tuple[Place, ...], ...]
    dates: tuple[tuple[DateRange, ...], ...]
    quantities: tuple[tuple[Quantity, ...], ...]
    actors: dict[int, Actor]  # by head token; the first actor with that head
    mentions: dict[int, Mention]  # by trigger token
    token_starts: tuple[int, ...]

    @classmethod
    def build(cls, doc: Document) -> DocIndex:
        actors: dict[int, Actor] = {}
        for actor in doc.actors:
            actors.setdefault(actor.head, actor)
        return cls(
            places=_by_sentence(doc, doc.places, {n: p.start for n, p in enumerate(doc.places)}),
            dates=_by_sentence(doc, doc.dates, {n: d.start_char for n, d in enumerate(doc.dates)}),
            quantities=_by_sentence(doc, doc.quantities, {n: q.start for n, q in enumerate(doc.quantities)}),
            actors=actors,
            mentions={m.trigger.head: m for m in doc.mentions},
            token_starts=tuple(t.idx for t in doc.tokens),
        )

    def places_in(self, sentence: int) -> tuple[Place, ...]:
        return self.places[sentence] if 0 <= sentence < len(self.places) else ()

    def dates_in(self, sentence: int) -> tuple[DateRange, ...]:
        return self.dates[sentence] if 0 <= sentence < len(self.dates) else ()

    def quantities_in(self, sentence: int) -> tuple[Quantity, ...]:
        return self.quantities[sentence] if 0 <= sentence < len(self.quantities) else ()

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after character `offset` (len(tokens) if none)."""
        return bisect.bisect_left(self.token_starts, offset)

    def mentions_of(self, event: Event) -> list[Mention]:
        """The mentions folded into `event`, its own first."""
        return [self.mentions[t.head] for t in event.mentions if t.head in self.mentions]

    def arguments(self, event: Event) -> tuple[tuple[Actor, ...], tuple[Actor, ...]]:
        """The actors and recipients of all of `event`'s mentions."""
        own = self.mentions_of(event)
        return united(m.actors for m in own), united(m.recipients for m in own)


def united(groups: Iterable[Sequence[Actor]]) -> tuple[Actor, ...]:
    """The actors of several mentions, each once (by where it starts), in mention order."""
    out: list[Actor] = []
    seen: set[int] = set()
    for actors in groups:
        for a in actors:
            if a.start not in seen:
                seen.add(a.start)
                out.append(a)
    return tuple(out)
