"""Events stage: triggers from the verb and noun lexicons, with their arguments.

One sentence may hold several events. A noun names an event only when the
sentence anchors it (object of "launch"/"carry out"/"report", subject of
"hit"/"kill", or with its own agent, date or place); a casualty verb linked to
another attack in the same clause ("shelled X, killing two", "killed in the
strike") is folded into that attack so one incident gives one event.
Attribution and factuality are set later by their own stages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from sitreport.lexicon import EventLexicon, Trigger
from sitreport.model import (
    Actor,
    Counts,
    DateRange,
    Document,
    Event,
    EventType,
    Evidence,
    Place,
    Quantity,
    Sector,
    Sentence,
    Token,
)
from sitreport.syntax import RELATIVE_PRONOUNS, Tree

_REPORTING = {"say", "report", "tell", "claim", "announce", "state", "write", "add", "confirm", "note"}
CASUALTY = {"kill": "killed", "die": "killed", "injure": "injured", "wound": "injured"}
_KILLED_WORDS = {"kill", "killed", "die", "dead", "death", "fatality", "slay", "perish"}
_INJURED_WORDS = {"injure", "injured", "wound", "wounded", "injury", "hurt"}
_ARRESTED_WORDS = {"arrest", "detain", "apprehend", "jail", "imprison", "round"}
_RECIPIENT_PREPS = {
    "ASSAULT": {"against", "at"},
    "COERCE": {"for", "against", "on"},
    "AID": {"to"},
    "CONSULT": {"with"},
    "COOPERATE": {"with"},
    "AGREE": {"with"},
    "SANCTION": {"on", "against"},
    "PROTEST": {"against"},
    "THREATEN": {"with"},
    "SUPPORT": {"for"},
}
_PLACE_NOUNS = {
    "city",
    "town",
    "village",
    "capital",
    "settlement",
    "territory",
    "district",
    "airport",
    "base",
    "hill",
    "position",
    "positions",
    "stronghold",
    "region",
    "province",
    "area",
    "suburb",
    "suburbs",
    "outskirts",
    "outskirt",
    "border",
    "centre",
    "center",
    "south",
    "north",
    "east",
    "west",
    "port",
    "coast",
    "oblast",
    "oblasts",
    "neighbourhood",
    "neighborhood",
}
# Harm to people that is its own incident even beside a killing ("killed 21 and abducted 30").
_SEPARATE_MODES = {"abduct", "sexual", "beat", "primitive"}
_OWN_THEME = {"MOBILIZE", "AID", "RETREAT"}
_PATIENT_IS_ACTOR = {"MOBILIZE", "RETREAT", "PROTEST"}
_MERGE_DEPS = {"advcl", "conj", "xcomp", "pobj", "nsubj", "nsubjpass", "dobj", "pcomp", "ccomp"}


@dataclass
class Candidate:
    """A trigger token and what the lexicon says about it."""

    i: int
    trigger: Trigger
    noun: bool
    members: list[int] = field(default_factory=list)


@dataclass
class EventsStage:
    lexicon: EventLexicon
    name: str = "events"
    requires: tuple[str, ...] = ("tokens", "sentences", "actors", "places", "dates", "quantities")
    assigns: tuple[str, ...] = ("events",)

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        actors = {a.head: a for a in doc.actors}
        events: list[Event] = []
        for n, sent in enumerate(doc.sentences):
            for cand in self.candidates(doc, tree, sent):
                events.append(self.build(doc, tree, n, sent, cand, actors))
        return replace(doc, events=tuple(events))

    # -- triggers -------------------------------------------------------------

    def candidates(self, doc: Document, tree: Tree, sent: Sentence) -> list[Candidate]:
        found: list[Candidate] = []
        for i in range(sent.first, sent.last):
            tok = doc.tokens[i]
            if tok.dep in {"amod", "compound"}:
                continue
            if tok.pos in {"VERB", "AUX"} or (tok.pos == "NOUN" and tok.tag.startswith("VB")):
                trig = self.verb_trigger(doc, tree, i)
                if trig is not None:
                    found.append(Candidate(i, trig, noun=False))
            elif tok.pos in {"NOUN", "PROPN"}:
                trig = self.noun_trigger(doc, tree, i)
                if trig is not None and self.anchored(doc, tree, i):
                    found.append(Candidate(i, trig, noun=True))
        return self.merge(doc, tree, _drop_support_verbs(doc, found))

    def verb_trigger(self, doc: Document, tree: Tree, i: int) -> Trigger | None:
        """The lexicon entry for verb `i` (phrasal forms first), checked against its object."""
        lemma = doc.tokens[i].lemma.lower()
        if any(o.lemma.lower() in self.lexicon.ignore_objects for o in tree.kids(i, "dobj") + _prep_objects(tree, i)):
            return None
        if lemma in self.lexicon.territory_verbs and self._place_object(doc, tree, i):
            return Trigger(type=EventType.ASSAULT, mode="firearms", context="territory")
        trig = self._entry(doc, tree, i)
        if trig is None:
            return None
        if trig.needs_object and not self._has_object(doc, tree, i, trig.needs_object):
            return None
        if trig.mode == "disrupt":
            if self._crewed_target(doc, tree, i):
                return Trigger(type=EventType.ASSAULT, mode="explosives")
            if self._human_target(doc, tree, i):
                return Trigger(type=EventType.ASSAULT)
        return trig

    def _entry(self, doc: Document, tree: Tree, i: int) -> Trigger | None:
        lemma = doc.tokens[i].lemma.lower()
        verbs = self.lexicon.verbs
        prt = tree.particle(i)
        keys = [f"{lemma} {prt}"] if prt else []
        keys += [f"{lemma} {p.text.lower()}" for p in tree.kids(i, "prep")]
        keys += [f"{lemma} {o.lemma.lower()}" for o in tree.kids(i, "dobj")]
        for key in [*keys, lemma]:
            if key in verbs:
                return verbs[key]
        return None

    def noun_trigger(self, doc: Document, tree: Tree, i: int) -> Trigger | None:
        tok = doc.tokens[i]
        nouns = self.lexicon.nouns
        for mod in tree.kids(i, "compound", "amod"):
            key = f"{mod.text.lower()} {tok.lemma.lower()}"
            if mod.i == i - 1 and key in nouns:
                return nouns[key]
        return nouns.get(tok.lemma.lower()) or nouns.get(tok.text.lower())

    def anchored(self, doc: Document, tree: Tree, i: int) -> bool:
        """A noun trigger counts only when the sentence says it happened."""
        tok = doc.tokens[i]
        head = doc.tokens[tok.head]
        lemma = head.lemma.lower()
        if tok.dep in {"dobj", "nsubjpass"} and lemma in self.lexicon.light_verbs:
            return True
        if tok.dep in {"nsubj", "nsubjpass"} and lemma in self.lexicon.occurrence_verbs:
            return True
        if tok.dep == "pobj" and head.text.lower() == "for" and doc.tokens[head.head].lemma.lower() in {"call", "push"}:
            return True  # "called for a nationwide strike"
        if tok.dep == "pobj" and head.text.lower() in {"in", "during", "by", "after", "since"}:
            return doc.tokens[head.head].lemma.lower() in CASUALTY or doc.tokens[head.head].lemma.lower() in {
                "damage",
                "destroy",
                "hit",
                "injure",
                "wound",
                "kill",
                "die",
            }
        sub = tree.subtree(i)
        start, end = doc.tokens[sub[0]].idx, doc.tokens[sub[-1]].end
        if any(start <= d.start_char < end for d in doc.dates):
            return True
        if any(k.dep in {"poss"} for k in tree.kids(i)):
            return True
        return any(p.text.lower() in {"by", "against", "on", "in", "near"} for p in tree.kids(i, "prep")) and any(
            start <= pl.start < end for pl in doc.places
        )

    def merge(self, doc: Document, tree: Tree, found: list[Candidate]) -> list[Candidate]:
        """Fold casualty verbs and anchoring nouns into the attack they belong to."""
        by_token = {c.i: c for c in found}
        keeper: dict[int, Candidate] = {}
        for cand in found:
            if cand.i in keeper:
                continue
            partner = self._partner(doc, tree, cand, by_token)
            if partner is None:
                continue
            while partner.i in keeper:
                partner = keeper[partner.i]
            if partner is cand:
                continue
            modes = {cand.trigger.mode, partner.trigger.mode} - {None}
            if len(modes) > 1 or modes & _SEPARATE_MODES:
                continue
            keep, drop = (partner, cand) if self._is_subsidiary(doc, cand) else (cand, partner)
            if keep.trigger.mode is None and drop.trigger.mode is not None:
                keep.trigger = replace(keep.trigger, mode=drop.trigger.mode)
            keep.members.extend([drop.i, *drop.members])
            keeper[drop.i] = keep
            for member in drop.members:
                keeper[member] = keep
        return [c for c in found if c.i not in keeper]

    def _partner(self, doc: Document, tree: Tree, cand: Candidate, by_token: dict[int, Candidate]) -> Candidate | None:
        if cand.trigger.type != "ASSAULT" or not (self._is_subsidiary(doc, cand) or cand.noun):
            return None
        tok = doc.tokens[cand.i]
        hops = [tok.head]
        if doc.tokens[tok.head].pos == "ADP":
            hops.append(doc.tokens[tok.head].head)
        if tok.dep not in _MERGE_DEPS and doc.tokens[tok.head].pos != "ADP":
            hops = []
        for h in hops:
            other = by_token.get(h)
            if other is None and h != cand.i:
                # "launched a strike on X, killing three": the attack is the light verb's object
                other = next((by_token[o.i] for o in tree.kids(h, "dobj") if o.i in by_token), None)
            if other is not None and other is not cand and other.trigger.type == "ASSAULT":
                return other
        for child in tree.kids(cand.i, "advcl", "conj", "nsubj", "nsubjpass", "prep"):
            targets = [child.i] if child.pos != "ADP" else [o.i for o in tree.kids(child.i, "pobj")]
            for t in targets:
                other = by_token.get(t)
                if other is not None and other.trigger.type == "ASSAULT":
                    return other
        return None

    def _is_subsidiary(self, doc: Document, cand: Candidate) -> bool:
        return not cand.noun and doc.tokens[cand.i].lemma.lower() in CASUALTY

    def _has_object(self, doc: Document, tree: Tree, i: int, wanted: frozenset[str]) -> bool:
        objs = tree.kids(i, "dobj", "nsubjpass", "attr") + _prep_objects(tree, i)
        for obj in objs:
            for head in tree.conjuncts(obj.i):
                tok = doc.tokens[head]
                if {tok.lemma.lower(), tok.text.lower()} & wanted:
                    return True
        return False

    def _place_object(self, doc: Document, tree: Tree, i: int) -> bool:
        """Whether the verb's object is a place: "seized Goma", "took the town"."""
        for obj in tree.kids(i, "dobj"):
            span = tree.subtree(obj.i)
            lo, hi = doc.tokens[span[0]].idx, doc.tokens[span[-1]].end
            if any(lo <= p.start < hi for p in doc.places) or obj.lemma.lower() in _PLACE_NOUNS:
                return True
        return False

    def _human_target(self, doc: Document, tree: Tree, i: int) -> bool:
        """ "Neutralised 15 fighters" is a killing, not a disrupted weapon."""
        heads = {a.head for a in doc.actors if a.sector}
        weapons = self.lexicon.mode_cues[EventType.COERCE]["disrupt"]
        return any(
            o.i in heads and not _words(doc, tree.subtree(o.i)) & weapons for o in tree.kids(i, "dobj", "nsubjpass")
        )

    def _crewed_target(self, doc: Document, tree: Tree, i: int) -> bool:
        for obj in tree.kids(i, "dobj", "nsubjpass"):
            words = {doc.tokens[j].text.lower() for j in tree.subtree(obj.i)}
            words |= {doc.tokens[j].lemma.lower() for j in tree.subtree(obj.i)}
            if words & self.lexicon.crewed_aircraft and not words & self.lexicon.mode_cues[EventType.COERCE]["disrupt"]:
                return True
        return False

    # -- arguments --------------------------------------------------------------

    def build(
        self,
        doc: Document,
        tree: Tree,
        n: int,
        sent: Sentence,
        cand: Candidate,
        actors: dict[int, Actor],
    ) -> Event:
        tok = doc.tokens[cand.i]
        trig = cand.trigger
        agents: list[int] = []
        patients: list[int] = []
        for member in [cand.i, *cand.members]:
            noun = cand.noun if member == cand.i else doc.tokens[member].pos in {"NOUN", "PROPN"}
            a, p = self.roles(doc, tree, member, noun)
            agents += a
            patients += p
        actor_list = _actors_for(agents, actors, tree)
        recipient_list = _actors_for(patients, actors, tree)
        if trig.type in _PATIENT_IS_ACTOR and not actor_list:
            actor_list, recipient_list = recipient_list, []
        actor_list = [_event_noun_actor(doc, a, cand.i, trig.type) for a in actor_list]
        if trig.type in _OWN_THEME and actor_list:
            recipient_list = [_owned_by(r, actor_list[0]) for r in recipient_list]
        mode = trig.mode or self.mode_from_cues(doc, tree, trig.type, cand.i, sent)
        scope = [cand.i, *cand.members]
        if cand.noun and tok.dep in {"dobj", "nsubjpass"}:
            scope.append(tok.head)
        sub = sorted({j for m in scope for j in tree.subtree(m)})
        place = _pick_place(doc, sub, cand.i, sent, actor_list, recipient_list)
        date = _pick_date(doc, tree, sub, cand.i, sent, self._report_heads(doc, tree, cand.i))
        counts = _counts(doc, tree, trig.type, sent, actor_list, recipient_list)
        contexts = (trig.context,) if trig.context else ()
        return Event(
            id=_event_id(doc.id, tok.idx, trig.type),
            type=trig.type,
            trigger=tok.text,
            trigger_start=tok.idx,
            trigger_end=tok.end,
            sentence=n,
            head=cand.i,
            mode=mode,
            contexts=contexts,
            actors=tuple(actor_list),
            recipients=tuple(recipient_list),
            location=place,
            date=date,
            counts=counts,
            evidence=Evidence(sent.text, sent.start, sent.end),
        )

    def roles(self, doc: Document, tree: Tree, i: int, noun: bool) -> tuple[list[int], list[int]]:
        """Token heads of the agents and patients of trigger `i`."""
        if noun:
            return self.noun_roles(doc, tree, i)
        trig = self.verb_trigger(doc, tree, i) or self.lexicon.verbs.get(doc.tokens[i].lemma.lower())
        passive = tree.is_passive(i)
        agents: list[int] = []
        patients: list[int] = []
        for subj in tree.kids(i, "nsubj"):
            target = patients if trig is not None and trig.subject == "recipient" else agents
            if subj.lemma.lower() in RELATIVE_PRONOUNS and doc.tokens[i].dep == "relcl":
                target.append(doc.tokens[i].head)
            else:
                target.extend(tree.conjuncts(subj.i))
        for subj in tree.kids(i, "nsubjpass"):
            (agents if trig is not None and trig.passive_actor else patients).extend(tree.conjuncts(subj.i))
        for prep in tree.kids(i, "agent"):
            for obj in tree.kids(prep.i, "pobj"):
                agents.extend(tree.conjuncts(obj.i))
        preps = _RECIPIENT_PREPS.get(trig.type if trig else "", set())
        theme_verb = (
            trig is not None and trig.type == "AID" and any(p.text.lower() == "to" for p in tree.kids(i, "prep"))
        )
        for obj in tree.kids(i, "dative", *(() if theme_verb else ("dobj",))):
            patients.extend(tree.conjuncts(obj.i))
        for prep in tree.kids(i, "prep"):
            if prep.text.lower() in preps:
                for obj in tree.kids(prep.i, "pobj"):
                    patients.extend(tree.conjuncts(obj.i))
        tok = doc.tokens[i]
        if tok.dep == "acl" and passive and not patients:
            patients.append(tok.head)
        if not agents:
            agents = self._inherited_agents(doc, tree, i)
        return agents, patients

    def _inherited_agents(self, doc: Document, tree: Tree, i: int) -> list[int]:
        """Subject of a governing verb: "pledging to provide" shares "Moscow and Pyongyang"."""
        tok = doc.tokens[i]
        steps = 0
        if tok.dep == "pcomp" and doc.tokens[tok.head].pos == "ADP":
            governor = doc.tokens[tok.head].head
            objs = tree.kids(governor, "dobj")
            if objs:
                return tree.conjuncts(objs[0].i)
        while tok.dep in {"xcomp", "advcl", "conj", "pcomp", "ccomp"} and steps < 4:
            head = doc.tokens[tok.head]
            if tok.dep == "xcomp":
                objs = tree.kids(head.i, "dobj")
                if objs:
                    return tree.conjuncts(objs[0].i)
            if tok.dep == "ccomp" and head.lemma.lower() not in {"help"}:
                return []
            subj = tree.kids(head.i, "nsubj") or (
                tree.kids(head.i, "nsubjpass") if tok.dep in {"xcomp", "conj"} else []
            )
            if subj:
                return tree.conjuncts(subj[0].i)
            tok = head
            steps += 1
        if tok.dep == "acl":
            return [tok.head]
        return []

    def noun_roles(self, doc: Document, tree: Tree, i: int) -> tuple[list[int], list[int]]:
        trig = self.noun_trigger(doc, tree, i)
        agents: list[int] = []
        patients: list[int] = []
        for poss in tree.kids(i, "poss"):
            agents.extend(tree.conjuncts(poss.i))
        actor_heads = {a.head for a in doc.actors}
        for mod in tree.kids(i, "amod", "compound"):
            if mod.i < i and mod.i in actor_heads:
                agents.append(mod.i)
        for prep in tree.kids(i, "prep"):
            word = prep.text.lower()
            for obj in tree.kids(prep.i, "pobj"):
                if word in {"by", "between"}:
                    agents.extend(tree.conjuncts(obj.i))
                elif word == "of":
                    (agents if trig is not None and trig.of_actor else patients).extend(tree.conjuncts(obj.i))
                elif word in {"on", "against", "into", "with"}:
                    patients.extend(tree.conjuncts(obj.i))
        agents = [a for a in agents if a in actor_heads]
        tok = doc.tokens[i]
        if tok.dep in {"dobj", "nsubjpass"}:
            head = tok.head
            verb_agents, verb_patients = self.roles(doc, tree, head, False)
            agents = agents or verb_agents
            patients += [p for p in verb_patients if p != i]
        elif not agents and tok.dep == "pobj" and doc.tokens[doc.tokens[tok.head].head].pos == "VERB":
            verb = doc.tokens[tok.head].head  # "arrived in Manila for talks"
            agents = [a for s in tree.kids(verb, "nsubj") for a in tree.conjuncts(s.i)]
        return agents, patients

    def _report_heads(self, doc: Document, tree: Tree, i: int) -> set[int]:
        """Reporting verbs governing the trigger: their dates are when it was said."""
        return {a.i for a in tree.ancestors(i) if a.lemma.lower() in _REPORTING}

    def mode_from_cues(self, doc: Document, tree: Tree, etype: EventType, i: int, sent: Sentence) -> str | None:
        cues = self.lexicon.mode_cues.get(etype)
        if not cues:
            return None
        near = _words(doc, tree.subtree(i))
        whole = _words(doc, range(sent.first, sent.last))
        for words in (near, whole):
            for mode, cue_words in cues.items():
                if words & cue_words:
                    return mode
        return None


def _words(doc: Document, idx: range | list[int]) -> set[str]:
    toks = [doc.tokens[j] for j in idx]
    out = {t.text.lower() for t in toks} | {t.lemma.lower() for t in toks}
    out |= {f"{a.text.lower()} {b.text.lower()}" for a, b in zip(toks, toks[1:], strict=False)}
    return out


def _prep_objects(tree: Tree, i: int) -> list[Token]:
    return [o for p in tree.kids(i, "prep") for o in tree.kids(p.i, "pobj")]


def _drop_support_verbs(doc: Document, found: list[Candidate]) -> list[Candidate]:
    """ "Imposed sanctions on X": the noun carries the event, the verb only supports it."""
    nouns = {c.i: c for c in found if c.noun}
    support = {
        doc.tokens[n.i].head
        for n in nouns.values()
        if doc.tokens[n.i].dep in {"dobj", "nsubjpass"}
        and any(c.i == doc.tokens[n.i].head and not c.noun and c.trigger.type == n.trigger.type for c in found)
    }
    return [c for c in found if c.i not in support]


def _event_noun_actor(doc: Document, actor: Actor, trigger: int, etype: EventType) -> Actor:
    """ "Israeli strikes", "Ukrainian shelling": the actor is a nationality on the event
    itself; for force that means the armed forces, otherwise the government."""
    force = etype in {"ASSAULT", "MOBILIZE"}
    bare_demonym = doc.tokens[actor.head].pos == "ADJ"
    state_name = actor.sector is Sector.GOV and actor.name is not None and actor.text.strip() == actor.name
    if force and state_name and doc.tokens[actor.head].ent_type in {"GPE", ""}:
        return replace(actor, sector=Sector.MIL)  # "Russia launched 62 drones": its armed forces
    if not (actor.head == trigger and actor.sector is None) and not bare_demonym:
        return actor
    return replace(actor, sector=Sector.MIL if force or etype == "COERCE" else Sector.GOV)


def _owned_by(theme: Actor, actor: Actor) -> Actor:
    """ "Russia massed 40,000 troops": troops named without a flag are the actor's own."""
    if theme.country is None and theme.sector in {Sector.MIL, Sector.COP}:
        return replace(theme, country=actor.country)
    return theme


def _actors_for(heads: list[int], actors: dict[int, Actor], tree: Tree) -> list[Actor]:
    out: list[Actor] = []
    for h in heads:
        actor = actors.get(h)
        if actor is None:
            for child in tree.kids(h, "compound", "amod", "poss"):
                if child.i in actors:
                    actor = actors[child.i]
                    break
        if actor is not None and all(a.start != actor.start for a in out):
            out.append(actor)
    return out


def _pick_place(
    doc: Document,
    sub: list[int],
    trigger: int,
    sent: Sentence,
    actors: list[Actor],
    recipients: list[Actor],
) -> Place | None:
    """The most specific place in the trigger's clause, else in its sentence.

    A place inside an actor's phrase ("officers from North Korea") or used as a
    subject ("Moscow denied") is an actor, not where the event happened; a
    recipient that is only a place name ("shelled Lozova") is the location.
    """
    if not doc.places:
        return None
    subjects = {a.start for a in doc.actors if _subject_like(doc, a.head)}
    args = [*actors, *(r for r in recipients if (r.start, r.end) not in {(p.start, p.end) for p in doc.places})]
    lo, hi = doc.tokens[sub[0]].idx, doc.tokens[sub[-1]].end
    anchor = doc.tokens[trigger].idx
    best: tuple[tuple[int, int, int], Place] | None = None
    for place in doc.places:
        if not (sent.start <= place.start < sent.end):
            continue
        if place.start in subjects or any(a.start <= place.start and place.end <= a.end for a in args):
            continue
        inside = 0 if lo <= place.start < hi else 1
        if doc.text[max(sent.start, place.start - 12) : place.start].lower().rstrip().endswith("coded to"):
            inside = -1  # a coder's own note ("(coded to Lozova, Kharkiv)") names the location outright
        rank = place.precision.rank if place.precision else 5
        key = (inside, rank, abs(place.start - anchor))
        if best is None or key < best[0]:
            best = (key, place)
    return best[1] if best else None


def _subject_like(doc: Document, head: int) -> bool:
    tok = doc.tokens[head]
    while tok.dep == "conj" and tok.head != tok.i:
        tok = doc.tokens[tok.head]
    if tok.dep == "poss":
        return doc.tokens[tok.head].lemma.lower() not in _PLACE_NOUNS
    return tok.dep in {"nsubj", "nsubjpass"}


def _pick_date(
    doc: Document, tree: Tree, sub: list[int], trigger: int, sent: Sentence, reports: set[int]
) -> DateRange | None:
    lo, hi = doc.tokens[sub[0]].idx, doc.tokens[sub[-1]].end
    anchor = doc.tokens[trigger].idx
    best: tuple[tuple[int, int], DateRange] | None = None
    for d in doc.dates:
        if not (sent.start <= d.start_char < sent.end) or d.start is None:
            continue
        inside = 0 if lo <= d.start_char < hi else 1
        if inside and _governed_by(doc, tree, d, reports):
            continue
        key = (inside, abs(d.start_char - anchor))
        if best is None or key < best[0]:
            best = (key, d)
    return best[1] if best else None


def _governed_by(doc: Document, tree: Tree, d: DateRange, heads: set[int]) -> bool:
    """Whether a date expression hangs off one of `heads` (e.g. the "said" of "said on Monday")."""
    for t in doc.tokens:
        if t.idx >= d.start_char and t.end <= d.end_char:
            path = [t, *tree.ancestors(t.i)]
            for a in path:
                if a.i in heads:
                    return True
                if (a.pos in {"VERB", "AUX"} and a.idx < d.start_char) or a.pos in {"VERB"}:
                    return False
            return False
    return False


def _counts(
    doc: Document,
    tree: Tree,
    etype: EventType,
    sent: Sentence,
    actors: list[Actor],
    recipients: list[Actor],
) -> Counts:
    quantities = {q.head: q for q in doc.quantities if sent.start <= q.start < sent.end}
    killed = injured = arrested = None
    if etype in {"ASSAULT", "COERCE"}:
        for i in range(sent.first, sent.last):
            tok = doc.tokens[i]
            lemma = tok.lemma.lower()
            word = tok.text.lower()
            if lemma in _KILLED_WORDS or word in _KILLED_WORDS:
                killed = _max(killed, _casualty_count(doc, tree, i, quantities))
            elif lemma in _INJURED_WORDS or word in _INJURED_WORDS:
                injured = _max(injured, _casualty_count(doc, tree, i, quantities))
            elif lemma in _ARRESTED_WORDS and etype == "COERCE":
                arrested = _max(arrested, _casualty_count(doc, tree, i, quantities))
    people = _sum_counts([a.head for a in actors], quantities, tree)
    if people is None and etype in _OWN_THEME | {"PROTEST"}:
        people = _sum_counts([r.head for r in recipients], quantities, tree)
    return Counts(killed=killed, injured=injured, people=people, arrested=arrested)


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _casualty_count(doc: Document, tree: Tree, i: int, quantities: dict[int, Quantity]) -> int | None:
    """The number of victims a casualty word refers to."""
    tok = doc.tokens[i]
    victims: list[int] = []
    if tok.pos == "VERB":
        if tok.lemma.lower() in {"die", "perish"}:
            victims = [k.i for k in tree.kids(i, "nsubj")]
        victims += [k.i for k in tree.kids(i, "nsubjpass", "dobj")]
        if tok.tag == "VBN" and not tree.kids(i, "aux", "auxpass"):
            victims += [k.i for k in tree.kids(i, "nsubj")]
        if tok.dep in {"amod", "acl"} and not tree.kids(i, "dobj"):
            victims.append(tok.head)  # "two people killed in the attack"
    elif tok.pos == "ADJ":
        if tok.dep in {"amod"}:
            victims.append(tok.head)
        elif tok.dep in {"acomp", "oprd"}:
            victims += [k.i for k in tree.kids(tok.head, "nsubj", "nsubjpass", "dobj")]
        victims += [k.i for k in tree.kids(i, "nsubj", "npadvmod")]
        if tok.head in quantities and tok.dep in {"amod", "advmod", "acomp", "ROOT"}:
            victims.append(tok.head)
        victims += [k.i for k in tree.kids(i) if k.i in quantities]
    elif tok.pos == "NOUN":
        victims.append(i)
        for prep in tree.kids(i, "prep"):
            victims += [o.i for o in tree.kids(prep.i, "pobj")]
        if tok.lemma.lower() == "death":
            head = doc.tokens[tok.head]
            victims.append(head.i)
    expanded: list[int] = []
    for v in victims:
        expanded.extend(tree.conjuncts(v))
    return _sum_counts(_counted(expanded, tree, quantities), quantities, tree, singular_is_one=True)


def _counted(heads: list[int], tree: Tree, quantities: dict[int, Quantity]) -> list[int]:
    """Victim heads, or what an uncounted head counts: "a dozen (of) relatives"."""
    out = list(heads)
    for h in heads:
        if h in quantities:
            continue
        for prep in tree.kids(h, "prep"):
            if prep.text.lower() == "of":
                out.extend(o.i for o in tree.kids(prep.i, "pobj"))
    return out


def _sum_counts(
    heads: list[int], quantities: dict[int, Quantity], tree: Tree, singular_is_one: bool = False
) -> int | None:
    total: int | None = None
    for h in dict.fromkeys(heads):
        q = quantities.get(h)
        value: int | None = q.value if q else None
        tok = tree.tokens[h]
        if value is None and singular_is_one and tok.tag in {"NN", "NNP"} and tok.pos in {"NOUN", "PROPN"}:
            if any(d.lemma.lower() in {"a", "an", "one"} for d in tree.kids(h, "det", "nummod")) or tok.pos == "PROPN":
                value = 1
        if value is not None:
            total = (total or 0) + value
    return total


def _event_id(doc_id: str, start: int, etype: EventType) -> str:
    digest = hashlib.sha1(f"{doc_id}:{start}:{etype}".encode()).hexdigest()[:10]
    return f"ev-{digest}"
