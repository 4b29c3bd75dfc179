"""Which rule of the ACLED table codes an event: conditions on the finished event's fields."""

from __future__ import annotations

from collections.abc import Sequence

from sitreport.acled.classes import Sides
from sitreport.acled.table import AcledTable, Condition, Rule, SameSentence
from sitreport.model import Actor, Event


def trigger_lemma(event: Event) -> str:
    """The event's own trigger lemma ("shoot down"); an event made without mentions offers its text."""
    return event.mentions[0].lemma if event.mentions else event.trigger.lower()


def is_state(actor: Actor, table: AcledTable) -> bool:
    return actor.sector is not None and table.inter_sectors.get(actor.sector) == table.inter_state


def matches(
    rule: Rule,
    event: Event,
    siblings: Sequence[Event],
    country: str | None,
    table: AcledTable,
    sides: Sides,
    nearby: Sequence[Event] = (),
) -> bool:
    """Whether every condition of `rule` holds for `event`; `siblings` are the other events of
    its sentence, `nearby` those of its sentence and the next few, `country` the country it
    happened in, `sides` its sides' ACLED classes."""
    return _holds(rule.when, event, siblings, country, table, sides, nearby)


def _holds(
    c: Condition,
    event: Event,
    siblings: Sequence[Event],
    country: str | None,
    table: AcledTable,
    sides: Sides,
    nearby: Sequence[Event],
) -> bool:
    return (
        _kind(c, event)
        and _sides(c, event)
        and _classes(c, sides)
        and _facts(c, event, country, table)
        and _others(c.same_sentence, siblings, table)
        and _others(c.nearby, nearby, table)
        and not (c.no_nearby and _others(c.no_nearby, nearby, table))
    )


def match_rule(
    event: Event, siblings: Sequence[Event], country: str | None, table: AcledTable, nearby: Sequence[Event] = ()
) -> Rule | None:
    """The first rule of the table that codes `event`, or None (also when a graver event of
    its sentence stands for the incident: the table's `defer` conditions)."""
    sides = Sides.of(event, table.classes)
    if any(_holds(c, event, siblings, country, table, sides, nearby) for c in table.defer):
        return None
    return next((r for r in table.rules if matches(r, event, siblings, country, table, sides, nearby)), None)


def _classes(c: Condition, sides: Sides) -> bool:
    """The ACLED classes of the two sides ("none": nothing names the side)."""
    first, second = sides.first or "none", sides.second or "none"
    if (c.side1 and first not in c.side1) or first in c.no_side1:
        return False
    return not ((c.side2 and second not in c.side2) or second in c.no_side2)


def rule_for(
    sub_event_type: str,
    event: Event,
    siblings: Sequence[Event],
    country: str | None,
    table: AcledTable,
    nearby: Sequence[Event] = (),
) -> Rule:
    """The rule that codes `event` as `sub_event_type` (the learned typer's choice): the first of
    that type whose conditions hold, the table's rules before its typer rules; else one with
    no condition and plain naming."""
    sides = Sides.of(event, table.classes)
    for rule in (*table.rules, *table.typer_rules):
        if rule.sub_event_type == sub_event_type and matches(rule, event, siblings, country, table, sides, nearby):
            return rule
    info = table.sub_events[sub_event_type]
    return Rule(id=f"typer:{sub_event_type}", when=Condition(), event_type=info.event_type,
                sub_event_type=sub_event_type)


def _kind(c: Condition, event: Event) -> bool:
    """Type, mode, context and trigger."""
    if c.types and event.type not in c.types:
        return False
    if c.modes is not None and event.mode not in c.modes:
        return False
    if c.contexts and not c.contexts.intersection(event.contexts):
        return False
    lemma = trigger_lemma(event)
    return (not c.lemmas or lemma in c.lemmas) and lemma not in c.no_lemmas


def _sides(c: Condition, event: Event) -> bool:
    """Who did it to whom, with what."""
    if c.actor_sectors and not any(a.sector in c.actor_sectors for a in event.actors):
        return False
    if c.recipient_sectors and not any(r.sector in c.recipient_sectors for r in event.recipients):
        return False
    if c.no_recipient_sectors and any(r.sector in c.no_recipient_sectors for r in event.recipients):
        return False
    if c.no_actor_sectors and any(a.sector in c.no_actor_sectors for a in event.actors):
        return False
    if c.instruments and not c.instruments.intersection(event.instruments):
        return False
    if c.no_instruments and c.no_instruments.intersection(event.instruments):
        return False
    if c.targets and not c.targets.intersection(event.targets):
        return False
    if c.no_targets and c.no_targets.intersection(event.targets):
        return False
    return not c.actor_kinds or bool(c.actor_kinds.intersection(event.actor_kinds))


def _facts(c: Condition, event: Event, country: str | None, table: AcledTable) -> bool:
    """The toll, and whose country it happened in."""
    if c.killed is not None and ((event.counts.killed or 0) > 0) != c.killed:
        return False
    if c.state_of_location is not None:
        first = event.actors[0] if event.actors else None
        at_home = first is not None and is_state(first, table) and first.country is not None
        if (at_home and first is not None and first.country == country) != c.state_of_location:
            return False
    return True


def _others(specs: Sequence[SameSentence], others: Sequence[Event], table: AcledTable) -> bool:
    """Whether one of `others` is of one of `specs` (no specs: no condition)."""
    if not specs:
        return True
    return any(
        o.type == spec.type
        and (spec.modes is None or o.mode in spec.modes)
        and (not spec.side1 or (Sides.of(o, table.classes).first or "none") in spec.side1)
        and (not spec.lemmas or trigger_lemma(o) in spec.lemmas)
        for o in others
        for spec in specs
    )
