"""Arguments stage: each event's actors, recipients, instruments, targets and actor kinds.

An event's actors are its mentions' actors, each once, in mention order; likewise its
recipients. Actors named without a nationality ("police", "gunmen", "villagers") are
local: they belong to the country where the event happened, else the country most of
the article's places are in. International bodies belong to no country, and drones and
missiles shot down are the other side's, not the local country's.

Instruments and targets are classes of the words in the event's own scope: its triggers
and their dependents (a noun trigger's light verb too: "Russian air forces launched a
strike"), cut at the triggers of other events, so a weapon named in another clause is
that clause's. The agent side (subject, "by", "with", "in", the trigger's own modifiers:
"drone strike") names instruments; the patient side (object, "at", "on", a purpose
clause: "to disperse protesters") names targets, except that the object of a verb that
sends it ("fired tear gas", "launched missiles") is an instrument. A word that only
modifies an actor's noun ("a mine worker", "drone operators") is no argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sitreport.index import DocIndex
from sitreport.kinds import ArgumentLexicon, WordClasses
from sitreport.lexicon import ActorLexicon
from sitreport.model import Actor, Document, Event, EventType, Place, Sector, Token
from sitreport.scene import home_country
from sitreport.syntax import ENGLISH, Tree
from sitreport.vocab import PLOVER

_INTERNATIONAL = PLOVER.group("international")
# Dependents whose words name the means: the agent side of the trigger.
_AGENT_SIDE = {"nsubj", "csubj", "agent", "compound", "amod", "nmod", "poss"}
# Dependents whose words name what was hit: the patient side and the rest of the predicate.
_MODIFIERS = {"compound", "amod", "nmod"}
# A trigger hung on a verb that is no event itself shares that verb's clause.
_CLIMB = {"advcl", "xcomp", "conj", "pcomp"}
_PATIENT_SIDE = {
    "nsubjpass",
    "dative",
    "attr",
    "oprd",
    "xcomp",
    "advcl",
    "ccomp",
    "acl",
    "relcl",
    "pcomp",
    "pobj",
}


# Target classes of places people live in: the recipient of an attack on one is civilians.
_CIVILIAN_PLACES = "civilian_places"
# Events whose object may be a place rather than people ("shelled the town", "raided a market").
_PLACE_HIT = {EventType.ASSAULT, EventType.COERCE}


@dataclass
class ArgumentsStage:
    lexicon: ArgumentLexicon
    actors: ActorLexicon | None = None  # demonyms of a place attacked ("Ukrainian facilities")
    name: str = "arguments"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.places",
        "mention.noun",
        "mention.actors",
        "mention.recipients",
        "event.mode",
        "event.mentions",
        "event.location",
    )
    assigns: tuple[str, ...] = (
        "event.actors",
        "event.recipients",
        "event.instruments",
        "event.targets",
        "event.actor_kinds",
    )

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        index = DocIndex.build(doc)
        home = home_country(doc)
        triggers = {t.head: e.id for e in doc.events for t in e.mentions}
        assigned = [self.assign(doc, tree, index, e, home, triggers) for e in doc.events]
        return replace(doc, events=tuple(self.launched_by(doc, tree, e, assigned) for e in assigned))

    def launched_by(self, doc: Document, tree: Tree, event: Event, events: list[Event]) -> Event:
        """Drones or missiles an interception stopped ("air defences shot down 41 of the
        drones") are the side's that launched them: the actor's country of the nearest attack
        with a weapon of the same class by a side other than the interceptor's. A weapon whose
        own phrase names its country ("Russian drones") keeps it."""
        if event.mode != "disrupt" or not event.recipients:
            return event
        own = {a.country for a in event.actors if a.country}
        if event.location is not None and event.location.country:
            own.add(event.location.country)
        attacks = sorted(
            (e for e in events if e.type is EventType.ASSAULT and e.id != event.id),
            key=lambda e: (abs(e.sentence - event.sentence), e.sentence > event.sentence),
        )
        recipients = []
        for r in event.recipients:
            classes = set(self.lexicon.instruments.find(doc.tokens, _left(tree, r.head)))
            if classes and not self._names_country(doc, r):
                side = next(
                    (a.country for e in attacks if classes & set(e.instruments) for a in e.actors
                     if a.country and a.country not in own),
                    None,
                )
                r = replace(r, country=side) if side is not None else r
            recipients.append(r)
        return replace(event, recipients=tuple(recipients))

    def _names_country(self, doc: Document, actor: Actor) -> bool:
        """Whether a word of the actor's own phrase names a country ("Russian drones")."""
        if self.actors is None:
            return False
        words = doc.text[actor.start : actor.end].replace("-", " ").split()
        return any(self.actors.country_of(ENGLISH.bare_name(w)) for w in words)

    def assign(
        self, doc: Document, tree: Tree, index: DocIndex, event: Event, home: str | None, triggers: dict[int, str]
    ) -> Event:
        actors, recipients = index.arguments(event)
        if not recipients and event.type in _PLACE_HIT:
            recipients = self.place_recipients(doc, tree, index, event)
        country = event.location.country if event.location and event.location.country else home
        if country is not None:
            actors = _local(actors, country)
            if event.mode != "disrupt":
                recipients = _local(recipients, country)
        scope = self.scope(doc, tree, index, event, triggers)
        words = _Words(_actor_modifiers(doc, index, scope.all), _modifier_pairs(doc, scope.all))
        spans = [j for a in actors for j in range(index.token_at(a.start), index.token_at(a.end))]
        return replace(
            event,
            actors=actors,
            recipients=recipients,
            instruments=_classes(doc, scope, self.lexicon.instruments, scope.means, words),
            targets=_classes(doc, scope, self.lexicon.targets, scope.patients, words),
            actor_kinds=self.lexicon.actor_kinds.find(doc.tokens, [*spans, *scope.means]),
        )

    def place_recipients(self, doc: Document, tree: Tree, index: DocIndex, event: Event) -> tuple[Actor, ...]:
        """Whom an attack on a place people live in hit, when it names no people: civilians
        ("strikes on residential areas", "raided a market", "set fire to homes"). The object
        of the trigger (or of its light verb) and its "on/at/against/to" phrase are read; the
        country comes from a demonym in the phrase ("Syrian villages"), else from the toponym
        it names ("homes in Hama"), else (later) from where the event happened. A town or a
        facility alone names no side."""
        out: list[Actor] = []
        for head in _objects(doc, tree, index, event):
            classes = self.lexicon.targets.find(doc.tokens, _left(tree, head))
            if _CIVILIAN_PLACES not in classes:
                continue  # a town or a facility names no side: the ACLED stage names that one
            place = _toponym(doc, tree, head)
            sector = Sector.CVL
            country = self._demonym(doc, tree, head) or (place.country if place is not None else None)
            span = tree.subtree(head)
            start, end = doc.tokens[span[0]].idx, doc.tokens[span[-1]].end
            out.append(Actor(doc.text[start:end], start, end, country, sector, None, head))
        return tuple(out)

    def _demonym(self, doc: Document, tree: Tree, head: int) -> str | None:
        if self.actors is None:
            return None
        for mod in tree.kids(head, "amod", "compound", "poss"):
            iso = self.actors.country_of(ENGLISH.bare_name(doc.tokens[mod.i].text))
            if iso:
                return iso
        return None

    def scope(self, doc: Document, tree: Tree, index: DocIndex, event: Event, triggers: dict[int, str]) -> _Scope:
        """Token positions of the event's scope and of its two sides (see the module docstring)."""
        tokens = doc.tokens
        heads = [t.head for t in event.mentions] or [event.head]
        scope = _Scope(set(heads), set(heads), set())
        for h in list(heads):
            tok = tokens[h]
            governor = tokens[tok.head]
            lead = index.mentions.get(h)
            if lead is not None and lead.noun and tok.dep in {"dobj", "nsubjpass"}:
                heads.append(tok.head)  # the light verb: "Russian air forces launched a strike"
            elif tok.dep in _CLIMB and governor.i != h and _verb(doc, governor.i, triggers):
                heads.append(tok.head)  # "planted an IED, killing three": the planting is the attack
            elif lead is not None and lead.noun and tok.dep == "nsubj" and _verb(doc, governor.i, triggers):
                for prep in tree.kids(governor.i, "prep"):  # "clashes broke out between rioters and police"
                    if prep.text.lower() in self.lexicon.sides_prepositions:
                        scope.add(tree.subtree(prep.i), "means")
            elif tok.dep == "relcl":
                # "the explosion of an IED that struck the vehicle": what the clause is about
                scope.add(_pruned(tree, governor.i, {h}.__contains__), "means")
            elif tok.dep == "pobj" and governor.pos == "ADP" and _verb(doc, governor.head, triggers):
                heads.append(governor.head)  # "was subjected to an attack when men threw a grenade"
            elif tok.dep == "acl" and tree.is_passive(h) and governor.i not in triggers:
                # "1,041 weapons seized in raids"; the parser also hangs "an IED planted by
                # militants detonated" on the militants: the noun phrase's top is the IED.
                top = _phrase_top(doc, governor.i)
                scope.add([*_left(tree, governor.i), *_left(tree, top), *_appositions(tree, top)], "patients")
        own = set(heads)

        def stop(j: int) -> bool:
            """Another event is cut off unless it is a purpose or result clause of this one
            ("fired tear gas to disperse protesters": the protesters were fired at)."""
            eid = triggers.get(j)
            return eid is not None and eid != event.id and not _adjunct_of(tokens[j], own)

        for h in heads:
            sends = tokens[h].lemma.lower() in self.lexicon.object_is_instrument
            for child in tree.kids(h):
                if child.i in own or stop(child.i):
                    continue  # another event
                side = self._side(child.dep, child.text.lower(), sends)
                if child.dep == "conj" and child.pos in {"VERB", "AUX"}:
                    side = "neither"  # "raided the town and stole valuables": on no side of the raid
                scope.add(_pruned(tree, child.i, stop), side)
        return scope

    def _side(self, dep: str, word: str, sends: bool) -> str:
        """Which side a dependent names: means, patients, both, or neither."""
        if dep in _AGENT_SIDE:
            return "means"
        if dep == "dobj":
            return "means" if sends else "patients"
        if dep == "prep":
            if word in self.lexicon.instrument_prepositions:
                return "means"
            return "both" if word in self.lexicon.circumstance_prepositions else "patients"
        return "patients" if dep in _PATIENT_SIDE else "neither"


@dataclass(frozen=True)
class _Words:
    """How the scope's words are read: tokens that count only inside a phrase, and
    (modifier, head) pairs read as phrases."""

    alone: set[int]
    pairs: list[tuple[int, int]]


def _classes(doc: Document, scope: _Scope, classes: WordClasses, side: set[int], words: _Words) -> tuple[str, ...]:
    """Classes named anywhere in the scope, and the sided ones only on their side."""
    anywhere = classes.find(doc.tokens, scope.all, alone=words.alone, pairs=words.pairs)
    on_side = classes.find(doc.tokens, side, alone=words.alone, pairs=words.pairs) if classes.sided else ()
    own = [c for c in anywhere if c not in classes.sided]
    return tuple(dict.fromkeys([*own, *(c for c in on_side if c in classes.sided)]))


@dataclass
class _Scope:
    """The tokens an event's arguments are read from: all of them, and each side."""

    all: set[int]
    means: set[int]
    patients: set[int]

    def add(self, positions: list[int], side: str) -> None:
        self.all.update(positions)
        if side in ("means", "both"):
            self.means.update(positions)
        if side in ("patients", "both"):
            self.patients.update(positions)


def _verb(doc: Document, i: int, triggers: dict[int, str]) -> bool:
    """Whether token `i` is a verb that is no event's trigger."""
    return doc.tokens[i].pos == "VERB" and i not in triggers


def _adjunct_of(tok: Token, heads: set[int]) -> bool:
    return tok.dep in {"advcl", "xcomp"} and tok.head in heads


def _phrase_top(doc: Document, i: int) -> int:
    """The noun a noun phrase hangs from, up through "by/of" phrases and participles:
    "an IED planted by militants" from "militants"."""
    tokens = doc.tokens
    tok = tokens[i]
    for _ in range(len(tokens)):
        if tok.dep != "pobj" or tokens[tok.head].dep not in {"prep", "agent"}:
            break
        up = tokens[tokens[tok.head].head]
        if up.dep == "acl" and up.pos == "VERB":
            up = tokens[up.head]
        if up.pos not in {"NOUN", "PROPN"} or up.i == tok.i:
            break
        tok = up
    return tok.i


def _appositions(tree: Tree, i: int) -> list[int]:
    return [j for a in tree.kids(i, "appos") for j in tree.subtree(a.i)]


def _left(tree: Tree, i: int) -> list[int]:
    """Noun `i` and its left modifiers: "1,041 weapons", "an IED"."""
    return [i, *(c.i for c in tree.kids(i) if c.i < i)]


def _pruned(tree: Tree, i: int, stop: Callable[[int], bool]) -> list[int]:
    """The subtree under `i`, not descending into tokens where `stop` holds (other events' triggers)."""
    out = [i]
    stack = list(tree.children[i])
    while stack:
        c = stack.pop()
        if stop(c):
            continue
        out.append(c)
        stack.extend(tree.children[c])
    return out


def _actor_modifiers(doc: Document, index: DocIndex, positions: set[int]) -> set[int]:
    """Words that only modify an actor's noun ("a mine worker", "drone operators"): no
    argument on their own, though "air forces" still names aircraft as a phrase."""
    tokens = doc.tokens
    return {
        j
        for j in positions
        if tokens[j].dep in _MODIFIERS and tokens[j].head in index.actors and j not in index.actors
    }


def _modifier_pairs(doc: Document, positions: set[int]) -> list[tuple[int, int]]:
    """(modifier, head) pairs, a modifier's conjuncts included: "air and navy missiles"."""
    tokens = doc.tokens
    pairs = []
    for j in positions:
        tok = tokens[j]
        if tok.dep in _MODIFIERS:
            pairs.append((j, tok.head))
        elif tok.dep == "conj" and tokens[tok.head].dep in _MODIFIERS:
            pairs.append((j, tokens[tok.head].head))
    return pairs


def _local(actors: tuple[Actor, ...], country: str) -> tuple[Actor, ...]:
    return tuple(
        replace(a, country=country) if a.country is None and a.sector not in _INTERNATIONAL else a for a in actors
    )


def _objects(doc: Document, tree: Tree, index: DocIndex, event: Event) -> list[int]:
    """Heads of what an event acted on: its triggers' (or light verbs') objects, passive
    subjects and "on/at/against/into" phrases, coordinated ones included."""
    heads: list[int] = []
    for t in event.mentions:
        tok = doc.tokens[t.head]
        verbs = [t.head]
        lead = index.mentions.get(t.head)
        if lead is not None and lead.noun and tok.dep in {"dobj", "nsubj"}:
            verbs.append(tok.head)  # "launched strikes on X", "strikes hit X"
        for v in verbs:
            kids = [k.i for k in tree.kids(v, "dobj", "nsubjpass") if k.i != t.head]
            for prep in tree.kids(v, "prep"):
                if prep.text.lower() in _HIT_PREPOSITIONS:
                    kids += [o.i for o in tree.kids(prep.i, "pobj")]
            heads += [c for k in kids for c in tree.conjuncts(k)]
    return [h for h in dict.fromkeys(heads) if doc.tokens[h].pos in {"NOUN", "PROPN"}]


# What an attack was aimed at: "strikes on", "fired at", "a raid against", "set fire to".
_HIT_PREPOSITIONS = {"on", "at", "against", "into", "upon", "to"}


def _toponym(doc: Document, tree: Tree, head: int) -> Place | None:
    """The place the phrase under `head` names ("the outskirts of Hama"), datelines apart."""
    span = tree.subtree(head)
    start, end = doc.tokens[span[0]].idx, doc.tokens[span[-1]].end
    return next((p for p in doc.places if start <= p.start < end and not p.dateline and p.country), None)
