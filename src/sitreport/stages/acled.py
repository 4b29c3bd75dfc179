"""ACLED stage: code each event in ACLED's event types, actors and fatalities."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitreport.acled import AcledTable, code_events
from sitreport.model import Document
from sitreport.typer.base import AcledTyper


@dataclass
class AcledStage:
    """Set `Event.acled` on every event (None where it is no conflict event, or where
    another event of its cluster at the same place carries the coding)."""

    table: AcledTable
    typer: AcledTyper | None = None  # re-types the rules' coding (sitreport.typer)
    name: str = "acled"
    requires: tuple[str, ...] = (
        "event.type",
        "event.mode",
        "event.contexts",
        "event.mentions",
        "event.actors",
        "event.recipients",
        "event.instruments",
        "event.targets",
        "event.actor_kinds",
        "event.location",
        "event.date",
        "event.counts",
        "event.factuality",
        "event.cluster",
    )
    assigns: tuple[str, ...] = ("event.acled",)

    def __call__(self, doc: Document) -> Document:
        return replace(doc, events=code_events(doc.events, doc, self.table, self.typer))
