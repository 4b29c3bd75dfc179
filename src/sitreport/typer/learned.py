"""The learned ACLED typer: a linear model over the event's text and the rules' facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sitreport.model import AcledCoding, Document, Event, Factuality
from sitreport.typer.base import NO_EVENT
from sitreport.typer.features import event_facts, event_text
from sitreport.typer.linear import LinearModel
from sitreport.typer.settings import TyperSettings

__all__ = ["LearnedAcledTyper"]

# Claims the text does not say took place: the rules leave them uncoded, and so does the typer.
_UNREAL = frozenset({Factuality.NEGATED, Factuality.HYPOTHETICAL, Factuality.PLANNED})


@dataclass
class LearnedAcledTyper:
    """Overrides the rules' sub-event type where the model is clearly surer of another."""

    model: LinearModel
    settings: TyperSettings
    name: str = "sitreport.typer.linear.v1"

    def propose(self, doc: Document, events: Sequence[tuple[Event, AcledCoding | None]]) -> list[str | None]:
        picked = [i for i, (e, _) in enumerate(events) if self._candidate(e)]
        out: list[str | None] = [None] * len(events)
        if not picked:
            return out
        texts = [event_text(doc, events[i][0]) for i in picked]
        facts = [event_facts(*events[i]) for i in picked]
        probabilities = self.model.probabilities(texts, facts)
        for i, p in zip(picked, probabilities, strict=True):
            out[i] = self._choose(p, events[i][1])
        return out

    def _candidate(self, event: Event) -> bool:
        return event.type in self.settings.candidate_types and event.factuality not in _UNREAL

    def _choose(self, p: np.ndarray, coding: AcledCoding | None) -> str | None:
        classes = self.model.classes
        best = int(np.argmax(p))
        ruled = coding.sub_event_type if coding else NO_EVENT
        ruled_p = float(p[classes.index(ruled)]) if ruled in classes else 0.0
        if classes[best] == ruled or p[best] < self.settings.min_probability:
            return None
        return classes[best] if p[best] >= self.settings.margin * ruled_p else None
