"""The seam where a learned model re-types the rules' ACLED coding.

An `AcledTyper` sees each event of a document with the coding the rules gave it and
proposes, per event, the ACLED sub-event type it should have (`NO_EVENT` for no conflict
event) or None to keep the rules' choice. The acled stage then codes the event as that
sub-event type, naming its sides as the rules do. `StaticAcledTyper` is the shipped fake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sitreport.model import AcledCoding, Document, Event

__all__ = ["NO_EVENT", "AcledTyper", "StaticAcledTyper"]

# The proposal, label and rule fact of an event that is no ACLED event.
NO_EVENT = "none"


@runtime_checkable
class AcledTyper(Protocol):
    """Proposes ACLED sub-event types for a document's events."""

    name: str

    def propose(self, doc: Document, events: Sequence[tuple[Event, AcledCoding | None]]) -> list[str | None]:
        """One proposal per (event, rules' coding) pair, in order."""
        ...


@dataclass
class StaticAcledTyper:
    """A fixed table from trigger words to sub-event types, for tests and small uses."""

    by_trigger: Mapping[str, str] = field(default_factory=dict)
    name: str = "sitreport.typer.static.v1"

    def propose(self, doc: Document, events: Sequence[tuple[Event, AcledCoding | None]]) -> list[str | None]:
        return [self.by_trigger.get(event.trigger.lower()) for event, _ in events]
