"""Event place stage: where each event happened, chosen once per cluster.

Each event's own place is the most specific one its clause names (`Scene.own_place`), or,
when that is none or only a country or region, a finer one inside its arguments ("Residents of
Matadi demonstrated"; `Scene.argument_place`).
A cluster's place is the finest of its events' own places; every event of the cluster
that has no place, or only a coarser one in the same country, takes it (a lede naming
"the Kursk region" and a restatement naming a village there are both at the village).
An event still without a place happens where the previous sentence was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitreport.index import DocIndex
from sitreport.lexicon import CueLexicon, EventLexicon
from sitreport.model import Document, Event, GeoPrecision, Place
from sitreport.scene import Scene, finer, rank
from sitreport.syntax import Tree


@dataclass
class EventPlaceStage:
    events: EventLexicon
    cues: CueLexicon
    name: str = "event_place"
    requires: tuple[str, ...] = (
        "doc.places",
        "doc.actors",
        "mention.noun",
        "mention.actors",
        "mention.recipients",
        "event.head",
        "event.mentions",
        "event.cluster",
    )
    assigns: tuple[str, ...] = ("event.location",)

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        scene = Scene.build(doc, Tree.build(doc.tokens), DocIndex.build(doc), self.events, self.cues)
        own = [self._own(scene, e) for e in doc.events]
        best: dict[str, Place] = {}
        for e, place in zip(doc.events, own, strict=True):
            if place is not None and (e.cluster not in best or rank(place) < rank(best[e.cluster])):
                best[e.cluster] = place
        located = []
        for e, place in zip(doc.events, own, strict=True):
            shared = best.get(e.cluster)
            chosen = shared if finer(shared, place) else place
            located.append(replace(e, location=chosen or scene.scene_place(e.sentence)))
        return replace(doc, events=tuple(located))

    @staticmethod
    def _own(scene: Scene, event: Event) -> Place | None:
        """The event's own place; a finer one inside its arguments when it names none or only
        a country holding it (`Scene.argument_place`)."""
        span, args = scene.event_span(event), scene.index.arguments(event)
        place = scene.own_place(span, *args)
        if place is not None and rank(place) < GeoPrecision.REGION.rank:
            return place
        aside = scene.argument_place(span, *args)
        return aside if aside is not None and finer(aside, place) else place
