"""Coreference stage: the one place where mentions of one event are merged.

Within a clause, a casualty verb or an anchoring noun linked to an attack is folded into
it ("shelled X, killing two", "killed in the strike", "launched a strike, killing
three"): one `Event` per clause-level group, keeping every trigger in `Event.mentions`.
Harm of a different kind ("killed 21 and abducted 30") stays its own event.

Across sentences, events told of one real event share a `cluster`: a lede and its
sourced restatement (same type and trigger family, compatible actors, within a few
sentences), or an attack and the casualty report that follows it ("... shelled X. Two
civilians were killed."). Events at two different towns or on two stated days that do
not overlap are never one event. Each event stays its own record (each sentence's
claim is scored and shown on its own); later stages choose place and date once per
cluster, and the ACLED stage codes each cluster once per place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sitreport.index import DocIndex, united
from sitreport.lexicon import CueLexicon, EventLexicon
from sitreport.model import Actor, DateRange, Document, Event, EventType, Evidence, Mention, Place
from sitreport.scene import Scene, disjoint_dates, distinct_points
from sitreport.syntax import Tree
from sitreport.vocab import PLOVER

# Dependencies along which a casualty verb or an event noun attaches to the attack it reports.
_FOLD_DEPS = {"advcl", "conj", "xcomp", "pobj", "nsubj", "nsubjpass", "dobj", "pcomp", "ccomp"}
# How far apart (in sentences) two mentions of one event may be.
_WINDOW = 3
# Sectors whose actors do not make an attack theirs: a report of civilians killed names
# no attacker.
_BYSTANDERS = PLOVER.group("noncombatant")


@dataclass
class _Group:
    """Mentions of one clause-level event: the keeper and those folded into it."""

    keeper: Mention
    members: list[Mention] = field(default_factory=list)

    @property
    def mentions(self) -> list[Mention]:
        return [self.keeper, *self.members]

    @property
    def mode(self) -> str | None:
        """The keeper's own mode, else a folded mention's ("killed in the shelling": explosives)."""
        return self.keeper.mode or next((f.mode for f in self.members if f.mode), None)


@dataclass(frozen=True)
class _Record:
    """An event as coreference compares it: its own actors, place and date."""

    event: Event
    actors: tuple[Actor, ...]
    recipients: tuple[Actor, ...]
    place: Place | None
    date: DateRange | None


@dataclass
class CoreferenceStage:
    events: EventLexicon
    cues: CueLexicon
    name: str = "coreference"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.sentences",
        "doc.places",
        "doc.dates",
        "doc.mentions",
        "mention.trigger",
        "mention.type",
        "mention.mode",
        "mention.cued_mode",
        "mention.contexts",
        "mention.noun",
        "mention.actors",
        "mention.recipients",
    )
    assigns: tuple[str, ...] = (
        "doc.events",
        "event.id",
        "event.type",
        "event.mode",
        "event.contexts",
        "event.trigger",
        "event.trigger_start",
        "event.trigger_end",
        "event.sentence",
        "event.head",
        "event.evidence",
        "event.mentions",
        "event.cluster",
    )

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        scene = Scene.build(doc, tree, DocIndex.build(doc), self.events, self.cues)
        records = [self._record(doc, scene, g) for g in self.fold(doc, tree, doc.mentions)]
        clusters = self.link(doc, records)
        events = tuple(replace(r.event, cluster=records[c].event.id) for r, c in zip(records, clusters, strict=True))
        return replace(doc, events=events)

    # -- within a clause --------------------------------------------------------------

    def fold(self, doc: Document, tree: Tree, mentions: Sequence[Mention]) -> list[_Group]:
        """Fold casualty verbs and anchoring nouns into the attack they belong to."""
        groups = {m.trigger.head: _Group(m) for m in mentions}
        keeper: dict[int, _Group] = {}
        for m in mentions:
            head = m.trigger.head
            if head in keeper:
                continue
            partner = self._partner(doc, tree, m, groups)
            if partner is None:
                continue
            while partner.keeper.trigger.head in keeper:
                partner = keeper[partner.keeper.trigger.head]
            own = groups[head]
            if partner is own:
                continue
            modes = {own.mode, partner.mode} - {None}
            if len(modes) > 1 or modes & self.events.separate_modes:
                continue
            keep, drop = (partner, own) if self._casualty_verb(doc, m) else (own, partner)
            keep.members.extend(drop.mentions)
            for folded in drop.mentions:
                keeper[folded.trigger.head] = keep
        return [groups[m.trigger.head] for m in mentions if m.trigger.head not in keeper]

    def _partner(self, doc: Document, tree: Tree, m: Mention, groups: dict[int, _Group]) -> _Group | None:
        if m.type is not EventType.ASSAULT or not (self._casualty_verb(doc, m) or m.noun):
            return None
        tok = doc.tokens[m.trigger.head]
        hops = [tok.head]
        if doc.tokens[tok.head].pos == "ADP":
            hops.append(doc.tokens[tok.head].head)
        if tok.dep not in _FOLD_DEPS and doc.tokens[tok.head].pos != "ADP":
            hops = []
        for h in hops:
            other = groups.get(h)
            if other is None and h != tok.i:
                # "launched a strike on X, killing three": the attack is the light verb's object
                other = next((groups[o.i] for o in tree.kids(h, "dobj") if o.i in groups), None)
            if other is not None and other.keeper is not m and other.keeper.type is EventType.ASSAULT:
                return other
        for child in tree.kids(tok.i, "advcl", "conj", "nsubj", "nsubjpass", "prep"):
            targets = [child.i] if child.pos != "ADP" else [o.i for o in tree.kids(child.i, "pobj")]
            for t in targets:
                other = groups.get(t)
                if other is not None and other.keeper.type is EventType.ASSAULT:
                    return other
        return None

    def _casualty_verb(self, doc: Document, m: Mention) -> bool:
        return not m.noun and doc.tokens[m.trigger.head].lemma.lower() in self.events.casualties.verbs

    def _record(self, doc: Document, scene: Scene, group: _Group) -> _Record:
        m = group.keeper
        mode = group.mode or m.cued_mode
        sent = doc.sentences[m.trigger.sentence]
        event = Event(
            id=_event_id(doc.id, m.trigger.start, m.type),
            type=m.type,
            trigger=m.trigger.text,
            trigger_start=m.trigger.start,
            trigger_end=m.trigger.end,
            sentence=m.trigger.sentence,
            head=m.trigger.head,
            mode=mode,
            contexts=m.contexts,
            evidence=Evidence(sent.text, sent.start, sent.end),
            mentions=tuple(f.trigger for f in group.mentions),
        )
        actors = united(f.actors for f in group.mentions)
        recipients = united(f.recipients for f in group.mentions)
        span = scene.span([f.trigger.head for f in group.mentions], m.trigger.head, m.noun)
        return _Record(event, actors, recipients, scene.own_place(span, actors, recipients), scene.own_date(span))

    # -- across sentences -------------------------------------------------------------

    def link(self, doc: Document, records: Sequence[_Record]) -> list[int]:
        """For each record, the index of the first record of its cluster.

        A record is linked to every earlier record of the last few sentences it restates
        and does not contradict; a casualty report is linked to the first attack among
        them, wherever it was (at another town it is that attack's toll there). Linked
        records share a cluster.
        """
        root = list(range(len(records)))

        def find(i: int) -> int:
            while root[i] != i:
                root[i] = root[root[i]]
                i = root[i]
            return i

        start = 0
        for j, r in enumerate(records):
            while r.event.sentence - records[start].event.sentence > _WINDOW:
                start += 1
            window = range(start, j)
            links = [i for i in window if self._same_event(doc, records[i], r) and _compatible(records[i], r)]
            if _is_report(r):
                links += [i for i in window if _is_attack(records[i])][:1]
            for i in links:
                a, b = find(i), find(j)
                root[max(a, b)] = min(a, b)
        return [find(j) for j in range(len(records))]

    def _same_event(self, doc: Document, a: _Record, b: _Record) -> bool:
        """Two mentions of one event: same type and trigger family, or an unattributed
        attack followed by its toll ("... shelled X. Two civilians were killed.")."""
        ea, eb = a.event, b.event
        if ea.type != eb.type:
            return False
        if _same_lemma(doc, ea, eb):
            return True
        return ea.type is EventType.ASSAULT and abs(ea.sentence - eb.sentence) == 1 and (
            not a.actors or not b.actors
        )


def _compatible(a: _Record, b: _Record) -> bool:
    """Nothing says `a` and `b` are two events: their actors' countries meet, and they are
    not at two towns or on two stated days."""
    if not (_countries_meet(a.actors, b.actors) and _countries_meet(a.recipients, b.recipients)):
        return False
    return not (distinct_points(a.place, b.place) or disjoint_dates(a.date, b.date))


def _is_report(r: _Record) -> bool:
    """An attack told without its attacker or weapon: "1 civilian was killed", "the attack
    took place at noon"."""
    e = r.event
    harmed = {(x.start, x.end) for x in r.recipients}
    harmers = [a for a in r.actors if (a.start, a.end) not in harmed]  # "one soldier was killed and ..."
    return e.type is EventType.ASSAULT and e.mode is None and all(a.sector in _BYSTANDERS for a in harmers)


def _is_attack(r: _Record) -> bool:
    return r.event.type is EventType.ASSAULT and not _is_report(r)


def _same_lemma(doc: Document, a: Event, b: Event) -> bool:
    return doc.tokens[a.head].lemma.lower()[:5] == doc.tokens[b.head].lemma.lower()[:5]


def _countries_meet(xs: Sequence[Actor], ys: Sequence[Actor]) -> bool:
    cx = {x.country for x in xs if x.country}
    cy = {y.country for y in ys if y.country}
    return not cx or not cy or bool(cx & cy)


def _event_id(doc_id: str, start: int, etype: EventType) -> str:
    digest = hashlib.sha1(f"{doc_id}:{start}:{etype.value}".encode()).hexdigest()[:10]
    return f"ev-{digest}"
