"""ACLED coding: a projection of each finished event, one coding per cluster and place.

`code_event` reads only the event's fields (type, mode, contexts, trigger lemma, actors
and recipients with their sectors, instruments, targets, actor kinds, counts, place and
date) and the other events of its sentence; it never rereads the text. ACLED records one
event per place: `code_events` keeps, for each cluster (the coreference stage's) and
place, the coding of its first event that happened and leaves the others uncoded. A
casualty report (see `is_report`) is folded into the attack it follows at the same
place, which keeps the most conservative killed figure and the report's civilian
victims, or coded at its own place as that attack there, with its own dead.

Fatalities count only the killed, 0 when none is reported, and nothing under sub-event
types ACLED records none for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sitreport.acled.classes import CROWD, Sides
from sitreport.acled.match import match_rule, rule_for, trigger_lemma
from sitreport.acled.naming import Side, interaction, name_actor
from sitreport.acled.table import AcledTable, Rule
from sitreport.model import AcledCoding, Actor, Document, Event, EventType, Factuality, Place
from sitreport.scene import event_country, home_country
from sitreport.typer.base import NO_EVENT, AcledTyper

# PLOVER types whose country-only actors ("Russia shot down ...") are its armed forces.
_ARMED_PLOVER = frozenset({EventType.ASSAULT, EventType.COERCE, EventType.MOBILIZE, EventType.RETREAT})
# Classes a side is named by when only its words say who it was ("gunmen", "villagers").
_NAMED_UNSEEN = frozenset({"civilians", "communal", "militia", CROWD})
# Events the text does not say took place; ACLED codes none of them.
UNREAL = frozenset({Factuality.NEGATED, Factuality.HYPOTHETICAL, Factuality.PLANNED})


def happened(event: Event) -> bool:
    """Whether the text reports the event as having taken place (however sourced)."""
    return event.factuality not in UNREAL


@dataclass(frozen=True)
class _Context:
    """What coding one event reads besides the event: its country, year, sentence mates."""

    country: str | None
    year: int | None
    siblings: tuple[Event, ...]
    nearby: tuple[Event, ...]  # the other events of its sentence and the next few
    groups: tuple[Actor, ...] = ()  # mentions of named armed groups there ("claimed by Al Shabaab")

    @classmethod
    def of(
        cls, event: Event, doc: Document, mates: Sequence[Event], home: str | None, table: AcledTable
    ) -> _Context:
        """`mates`: events that may share its sentence or follow it closely; `home`: the
        article's country."""
        last = event.sentence + table.nearby_sentences
        nearby = tuple(e for e in mates if event.sentence <= e.sentence <= last and e.id != event.id)
        siblings = tuple(e for e in nearby if e.sentence == event.sentence)
        year = _year(event, doc)
        sentences = doc.sentences[event.sentence : last + 1]
        groups = tuple(
            a for a in doc.actors
            if any(s.start <= a.start < s.end for s in sentences)
            and table.classes.named_group(a.text, year)
            and _agentive(doc, a)
        )
        return cls(event_country(event, home), year, siblings, nearby, groups)


# How a mention that acts stands in its clause: its subject, what the subject is said to be
# ("the assailants were thought to be X"), or the agent of a passive ("planted by X").
_AGENT_DEPS = frozenset({"nsubj", "attr", "appos", "ROOT"})


def _agentive(doc: Document, actor: Actor) -> bool:
    """Whether a mention is told as one who acts, not as a target or victim ("fired at
    suspected X positions", "X fighters were killed")."""
    if not 0 <= actor.head < len(doc.tokens):
        return False
    tok = doc.tokens[actor.head]
    if tok.dep in _AGENT_DEPS:
        return True
    return tok.dep == "pobj" and doc.tokens[tok.head].dep == "agent"


def _year(event: Event, doc: Document) -> int | None:
    if event.date is not None and event.date.start is not None:
        return event.date.start.year
    return doc.published.year if doc.published else None


def article_country(doc: Document) -> str | None:
    """The country an article is about: most of its places' (`home_country`), else, when no
    place has a country, the one most of its actors belong to ("Kenyan police", "Chadian
    rebels"). ACLED names every crowd and unnamed group by the country of its event."""
    home = home_country(doc)
    if home is not None:
        return home
    counts = Counter(a.country for a in doc.actors if a.country)
    return counts.most_common(1)[0][0] if counts else None


def code_event(event: Event, doc: Document, table: AcledTable) -> AcledCoding | None:
    """ACLED coding of `event` as it stands in `doc`, or None if it is no conflict event."""
    return _code_in(event, _Context.of(event, doc, doc.events, article_country(doc), table), table)


def _code_in(event: Event, ctx: _Context, table: AcledTable) -> AcledCoding | None:
    rule = _rule_in(event, ctx, table)
    return None if rule is None else _coding(rule, _as_named(event, ctx, table), ctx, table)


def _rule_in(event: Event, ctx: _Context, table: AcledTable) -> Rule | None:
    return match_rule(event, ctx.siblings, ctx.country, table, nearby=ctx.nearby)


def _harmers(event: Event) -> tuple[Actor, ...]:
    """The event's actors less those it also harmed."""
    harmed = {(r.start, r.end) for r in event.recipients}
    return tuple(a for a in event.actors if (a.start, a.end) not in harmed)


def _as_named(event: Event, ctx: _Context, table: AcledTable) -> Event:
    """The event as its sides are named (its type is coded from the event as told): an
    attack that names no attacker but its victims ("two soldiers were killed following an
    ambush by rebels", "was kidnapped and killed by gunmen", "were killed and wounded ..."
    with the victims read as the subject of both verbs) is by the attacker of another
    attack of its sentence, when one names one; the words that describe that attacker
    ("herders", "gunmen") come with it. Else it is by the one named armed group the report
    names beside it (`_suspected_group`)."""
    if event.type is not EventType.ASSAULT or _harmers(event):
        return event
    if event.actors and trigger_lemma(event) not in table.consequence_lemmas:
        return event  # "attacked ..., but were repelled": only a toll's verb tells its victims as subject
    victims = {(r.start, r.end) for r in event.recipients}
    for other in ctx.siblings:
        actors = _harmers(other)
        if other.type is EventType.ASSAULT and happened(other) and actors:
            if not any((a.start, a.end) in victims for a in actors):
                return replace(event, actors=actors, actor_kinds=other.actor_kinds)
    group = _suspected_group(event, ctx, table)
    return event if group is None else replace(event, actors=(group,))


def _suspected_group(event: Event, ctx: _Context, table: AcledTable) -> Actor | None:
    """The one named armed group the report names beside an attack with no attacker of its
    own, and not among its victims: who planted the bomb, claimed it or is suspected ("an IED
    planted by Al Shabaab", "JNIM claimed the attack")."""
    def group(actor: Actor) -> str | None:
        found = table.classes.named_group(actor.text, ctx.year)
        return found.name if found else None

    harmed = {group(r) for r in event.recipients} - {None}
    named = {group(a): a for a in ctx.groups if group(a) not in harmed}
    return next(iter(named.values())) if len(named) == 1 else None


def _coding(rule: Rule, event: Event, ctx: _Context, table: AcledTable) -> AcledCoding:
    info = table.sub_events[rule.sub_event_type]
    violent = rule.event_type in table.violent_types
    armed = violent or (event.type in _ARMED_PLOVER and not rule.civil)
    sides = Sides.of(event, table.classes)
    first: Sequence[Actor] = event.recipients if rule.swap else event.actors
    second: Sequence[Actor] = event.actors if rule.swap else event.recipients
    class1, class2 = (sides.second, sides.first) if rule.swap else (sides.first, sides.second)
    if rule.perpetrator is not None:
        first, second = (), (*event.recipients, *event.actors)
        class1, class2 = None, None
    if not first and rule.actor1_default_sector is not None:
        first = (Actor(text="", start=0, end=0, sector=rule.actor1_default_sector),)

    def side(actor: Actor | None, role: str | None, unit: str | None, default: str | None, klass: str | None) -> Side:
        return name_actor(
            actor,
            role=role or _crowd_role(klass, rule),
            unit=unit,
            default=default,
            armed=armed,
            violent=violent,
            year=ctx.year,
            location=ctx.country,
            table=table,
            klass=klass,
        )

    perpetrator = rule.perpetrator if table.at_war_with_a_state(ctx.country, ctx.year) else None
    default = perpetrator or rule.actor1_default
    side1 = side(first[0] if first else None, rule.actor1_role, rule.actor1_unit, default, class1)
    side2 = side(second[0] if second else None, rule.actor2_role, rule.actor2_unit, None, class2)
    if not second and class2 not in _NAMED_UNSEEN and rule.actor2_role is None:
        side2 = Side(None, None)
    killed = event.counts.killed
    return AcledCoding(
        event_type=rule.event_type,
        sub_event_type=rule.sub_event_type,
        disorder_type=info.disorder,
        actor1=side1.name,
        actor2=side2.name,
        inter1=side1.inter,
        inter2=side2.inter,
        interaction=interaction(side1.inter, side2.inter),
        fatalities=max(killed, 0) if info.fatalities and killed is not None else 0,
        civilian_targeting=_civilian_targeting(rule.event_type, side2, table),
    )


def _crowd_role(klass: str | None, rule: Rule) -> str | None:
    """A crowd is protesters in a protest and rioters in a riot; elsewhere (an agreement
    between factions, say) its own words name it."""
    if klass != CROWD:
        return None
    return {"Protests": "protesters", "Riots": "rioters"}.get(rule.event_type)


def _civilian_targeting(event_type: str, victims: Side, table: AcledTable) -> bool:
    always = event_type == "Violence against civilians"
    return always or (event_type in table.civilian_target_types and victims.civilian)


def code_events(
    events: Iterable[Event], doc: Document, table: AcledTable, typer: AcledTyper | None = None
) -> tuple[Event, ...]:
    """Each event with its `acled` field set: None where it is no conflict event or where
    another event of its cluster at its place carries the coding. A `typer` may re-type the
    rules' coding of each event before one coding per cluster and place is kept."""
    events = list(events)
    home = article_country(doc)
    contexts = [_Context.of(e, doc, events, home, table) for e in events]
    coded = [replace(e, acled=_code_in(e, ctx, table)) for e, ctx in zip(events, contexts, strict=True)]
    if typer is not None:
        proposals = typer.propose(doc, [(e, e.acled) for e in coded])
        coded = [
            replace(e, acled=_code_as(sub, e, ctx, table)) if sub is not None and _may_retype(sub, e, ctx, table)
            else e
            for e, ctx, sub in zip(coded, contexts, proposals, strict=True)
        ]
    return one_per_cluster(coded, doc, table, home)


def _may_retype(sub_event_type: str, event: Event, ctx: _Context, table: AcledTable) -> bool:
    """Whether the typer's proposal stands: a `firm` rule's event type is kept."""
    rule = _rule_in(event, ctx, table) if event.acled is not None else None
    if rule is None or not rule.firm:
        return True
    return sub_event_type != NO_EVENT and table.sub_events[sub_event_type].event_type == rule.event_type


def _code_as(sub_event_type: str, event: Event, ctx: _Context, table: AcledTable) -> AcledCoding | None:
    """The coding of `event` as `sub_event_type` (or none, for `NO_EVENT`)."""
    if sub_event_type == NO_EVENT:
        return None
    rule = rule_for(sub_event_type, event, ctx.siblings, ctx.country, table, ctx.nearby)
    return _coding(rule, _as_named(event, ctx, table), ctx, table)


def is_report(event: Event, table: AcledTable) -> bool:
    """An attack told without its attacker or weapon: a casualty or damage report ("1 civilian
    was killed", "one soldier was killed and two were wounded", whose victims may stand as
    actors too), or a mention no rule could code ("the attack took place at noon")."""
    return (
        event.type is EventType.ASSAULT
        and event.mode is None
        and all(a.sector in table.civilian_name_sectors for a in _harmers(event))
        and (event.acled is None or trigger_lemma(event) in table.consequence_lemmas)
    )


def one_per_cluster(
    events: Sequence[Event], doc: Document, table: AcledTable, home: str | None
) -> tuple[Event, ...]:
    """One coding per cluster and place (see the module docstring); `home` is the article's country."""
    out = list(events)
    members: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        members[event.cluster].append(i)
    heads: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if is_report(event, table):
            j = _host(i, out, members[event.cluster], table)
            if j is None:
                continue
            host = out[j]
            if _same_place(host.location, event.location):
                out[j] = replace(host, acled=_absorb(host, event, doc, table, home))
                out[i] = replace(event, acled=None)
            else:
                out[i] = replace(event, acled=_inherit(host, event, doc, table, home))
            continue
        if event.acled is None or not happened(event):
            continue  # an event the text does not say happened neither carries nor loses the coding
        coded = any(_same_place(out[h].location, event.location) for h in heads[event.cluster])
        if coded and event.cluster:
            out[i] = replace(event, acled=None)
        else:
            heads[event.cluster].append(i)
    return tuple(out)


def _same_place(a: Place | None, b: Place | None) -> bool:
    """Whether two event places may be the same: one is unknown, or they share a name or a
    first-level division (a report often names a nearby district rather than the town)."""
    if a is None or b is None:
        return True
    return (a.name is not None and a.name == b.name) or (a.admin1 is not None and a.admin1 == b.admin1)


def _host(i: int, events: Sequence[Event], cluster: Sequence[int], table: AcledTable) -> int | None:
    """Index of the attack events[i] reports on: the first coded attack of its cluster (the
    lede, among the indices `cluster`) in the last few sentences before it, or None."""
    report = events[i]
    for j in cluster:
        e = events[j]
        if (
            j != i
            and e.acled is not None
            and e.acled.event_type in table.violent_types
            and not is_report(e, table)
            and e.trigger_start < report.trigger_start
            and 0 <= report.sentence - e.sentence <= table.consequence_sentences
        ):
            return j
    return None


def _victims_side(report: Event, host: Event, doc: Document, table: AcledTable, home: str | None) -> Side | None:
    victims = [a for a in (*report.recipients, *report.actors) if a.sector in table.civilian_name_sectors]
    if not victims:
        return None
    return name_actor(
        victims[0],
        role=None,
        unit=None,
        default=None,
        armed=True,
        violent=True,
        year=_year(host, doc),
        location=event_country(report, home),
        table=table,
    )


def _with_victims(coding: AcledCoding, side: Side, table: AcledTable) -> AcledCoding:
    return replace(
        coding,
        actor2=side.name,
        inter2=side.inter,
        interaction=interaction(coding.inter1, side.inter),
        civilian_targeting=coding.civilian_targeting or _civilian_targeting(coding.event_type, side, table),
    )


def _absorb(host: Event, report: Event, doc: Document, table: AcledTable, home: str | None) -> AcledCoding:
    """The host's coding with the report's dead (the most conservative figure) and victims."""
    coding = host.acled
    assert coding is not None
    if table.sub_events[coding.sub_event_type].fatalities and report.counts.killed is not None:
        known = host.counts.killed is not None or bool(coding.fatalities)
        figures = [report.counts.killed, *([coding.fatalities or 0] if known else [])]
        coding = replace(coding, fatalities=min(figures))
    side = _victims_side(report, host, doc, table, home)
    if coding.actor2 is None and side is not None:
        coding = _with_victims(coding, side, table)
    return coding


def _inherit(host: Event, report: Event, doc: Document, table: AcledTable, home: str | None) -> AcledCoding:
    """The host's kind of attack by the same attacker, at the report's own place, with the
    report's own dead and victims: "In the deadliest strike, a house in Maarake ..."."""
    coding = host.acled
    assert coding is not None
    recorded = table.sub_events[coding.sub_event_type].fatalities
    coding = replace(
        coding,
        actor2=None,
        inter2=None,
        interaction=interaction(coding.inter1, None),
        civilian_targeting=coding.event_type == "Violence against civilians",
        fatalities=(report.counts.killed or 0) if recorded else 0,
    )
    side = _victims_side(report, host, doc, table, home)
    return coding if side is None else _with_victims(coding, side, table)
