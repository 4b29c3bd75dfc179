"""What the typer reads of one event: its text, and the facts the rule stages found.

The text is the event's sentence and the one after it: reports put the attack in one
sentence and its toll or outcome in the next ("... opened fire on the market. Four people
were killed."). The facts are the event's fields as categorical features, so the model
learns when the rules are right (a clash between "crowd" actors is a riot, an attack with
`instruments=grenade` a grenade attack) without being told.
"""

from __future__ import annotations

from sitreport.model import AcledCoding, Actor, Document, Event
from sitreport.typer.base import NO_EVENT

__all__ = ["event_facts", "event_text", "opening_text"]


def event_text(doc: Document, event: Event) -> str:
    """The event's sentence and the next one."""
    n = event.sentence
    return " ".join(s.text for s in doc.sentences[n : n + 2])


def opening_text(doc: Document) -> str:
    """The first two sentences: what a note with no event candidate is read by."""
    return " ".join(s.text for s in doc.sentences[:2]) or doc.text[:400]


def event_facts(event: Event | None, coding: AcledCoding | None) -> list[str]:
    """Categorical facts of `event` and the rules' `coding` of it ("plover=ASSAULT", ...)."""
    if event is None:
        return ["plover=none", f"rule={NO_EVENT}"]
    mode = event.mode or "none"
    facts = [
        f"plover={event.type.value}",
        f"mode={event.type.value}/{mode}",
        f"rule={coding.sub_event_type if coding else NO_EVENT}",
        f"rule_type={coding.event_type if coding else NO_EVENT}",
    ]
    facts += [f"instrument={x}" for x in event.instruments]
    facts += [f"target={x}" for x in event.targets]
    facts += [f"kind={x}" for x in event.actor_kinds]
    facts.append(f"actor={_sector(event.actors)}")
    facts.append(f"recipient={_sector(event.recipients)}")
    counts = event.counts
    facts += [name for name, n in (("killed", counts.killed), ("injured", counts.injured),
                                   ("arrested", counts.arrested)) if n]
    return facts


def _sector(actors: tuple[Actor, ...]) -> str:
    """The first actor's sector; "named" for actors without one."""
    for actor in actors:
        if actor.sector is not None:
            return actor.sector.value
    return "named" if actors else "none"
