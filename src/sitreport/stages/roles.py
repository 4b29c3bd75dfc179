"""Roles stage: the actors and recipients of each mention, read off its own clause.

A verb's subject is its actor and its object its recipient, unless the lexicon frame
says otherwise ("two soldiers died": the subject is the victim; "troops were deployed":
the passive subject is the actor); the objects of a type's recipient prepositions are
recipients too ("clashed with", "sanctions on"). A noun trigger takes its possessor,
its nationality and its "by" phrase as actors, its "on/against" phrase as recipients,
and the subject of the light verb it is the object of ("Russia launched a strike").
With no agent of its own a mention shares the subject of the clause that governs it
("pledging to provide aid": who pledged). Only phrases the actors stage coded count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from sitreport.frames import counting_noun, noun_entry, verb_entry
from sitreport.index import DocIndex
from sitreport.lexicon import Entry, EventLexicon
from sitreport.model import Actor, Document, EventType, Mention, Sector, Token
from sitreport.syntax import ENGLISH, RELATIVE_PRONOUNS, Tree
from sitreport.vocab import PLOVER

# Organs of a state: who makes arrests and hands down sentences.
_STATE = PLOVER.group("state")


@dataclass
class RolesStage:
    lexicon: EventLexicon
    name: str = "roles"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.actors",
        "doc.mentions",
        "mention.type",
        "mention.mode",
        "mention.noun",
    )
    assigns: tuple[str, ...] = ("mention.actors", "mention.recipients")

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        index = DocIndex.build(doc)
        by_sentence: dict[int, list[Mention]] = defaultdict(list)
        for m in doc.mentions:
            by_sentence[m.trigger.sentence].append(m)
        out: list[Mention] = []
        for mentions in by_sentence.values():
            # An actor that is itself an event noun of the same type ("Russian shelling" as the
            # subject of "killed") stands for whoever carried it out.
            events = {(m.trigger.head, m.type) for m in mentions}
            out.extend(self._demanded_of([self.assign(doc, tree, index, m, events) for m in mentions], tree))
        return replace(doc, mentions=tuple(out))

    def _demanded_of(self, mentions: list[Mention], tree: Tree) -> list[Mention]:
        """A protest with no recipient of its own takes those of the demand told inside its
        clause ("crowds gathered outside parliament demanding he quit": he)."""
        demands = [m for m in mentions if m.type in self.lexicon.roles.demand_types and m.recipients]
        out = []
        for m in mentions:
            if m.type is EventType.PROTEST and not m.recipients:
                told = next((d for d in demands if _governs(tree, m.trigger.head, d.trigger.head)), None)
                if told is not None:
                    m = replace(m, recipients=told.recipients)
            out.append(m)
        return out

    def assign(
        self, doc: Document, tree: Tree, index: DocIndex, m: Mention, events: set[tuple[int, EventType]]
    ) -> Mention:
        rules = self.lexicon.roles
        agents, patients = self.roles(doc, tree, index, m.trigger.head, m.noun, m.type)
        actors = _actors_for(agents, index.actors, tree)
        recipients = _actors_for(patients, index.actors, tree)
        if not actors and m.mode in rules.authority_modes and not m.noun and tree.is_passive(m.trigger.head):
            tellers = _actors_for(_tellers(doc, tree, m.trigger.head), index.actors, tree)
            actors = [a for a in tellers if a.sector in _STATE]
        if m.type in rules.patient_is_actor and not actors and m.mode not in rules.patient_stays:
            actors, recipients = recipients, []
        actors = [self._event_noun_actor(doc, a, m.type, (a.head, m.type) in events) for a in actors]
        if m.type is EventType.PROTEST and m.mode == "strike":  # strikers act as labour
            actors = [replace(a, sector=Sector.LAB) if a.sector in {None, Sector.CVL} else a for a in actors]
        if not recipients and _reciprocal(doc, m, actors, rules.opponent_prepositions):
            recipients = list(actors)  # "Sudanese troops and Chadian troops clashed": each fought the other
        if m.type in rules.own_theme and actors:
            recipients = [_owned_by(r, actors[0]) for r in recipients]
        return replace(m, actors=tuple(actors), recipients=tuple(recipients))

    def roles(
        self, doc: Document, tree: Tree, index: DocIndex, i: int, noun: bool, etype: EventType | None
    ) -> tuple[list[int], list[int]]:
        """Token heads of the agents and patients of trigger `i` (of type `etype`, when known)."""
        if noun:
            return self.noun_roles(doc, tree, index, i)
        frame = verb_entry(self.lexicon, doc, tree, i) or self.lexicon.verbs.get(doc.tokens[i].lemma.lower())
        etype = etype or (frame.type if frame else None)
        passive = tree.is_passive(i)
        agents: list[int] = []
        patients: list[int] = []
        antecedent = _relative_antecedent(doc, i)
        for subj in tree.kids(i, "nsubj"):
            target = patients if frame is not None and frame.subject == "recipient" else agents
            if subj.lemma.lower() in RELATIVE_PRONOUNS and antecedent is not None:
                target.append(antecedent)
            else:
                target.extend(tree.conjuncts(subj.i))
        for subj in tree.kids(i, "nsubjpass"):
            target = agents if frame is not None and frame.passive_actor else patients
            if subj.lemma.lower() in RELATIVE_PRONOUNS and antecedent is not None:
                target.append(antecedent)  # "a protester who was arrested": the protester
            else:
                target.extend(tree.conjuncts(subj.i))
        for prep in tree.kids(i, "agent"):
            for obj in tree.kids(prep.i, "pobj"):
                agents.extend(tree.conjuncts(obj.i))
        preps = self.lexicon.roles.recipient_prepositions.get(etype, frozenset()) if etype else frozenset()
        preps |= self.lexicon.roles.opponent_prepositions.get(doc.tokens[i].lemma.lower(), frozenset())
        # "sent aid to Ukraine": the object is the theme, the "to" phrase the recipient.
        theme_verb = etype is EventType.AID and any(p.text.lower() in preps for p in tree.kids(i, "prep"))
        sends = doc.tokens[i].lemma.lower() in self.lexicon.roles.sent_objects_verbs
        for obj in tree.kids(i, "dative", *(() if theme_verb or sends else ("dobj",))):
            patients.extend(tree.conjuncts(obj.i))
        for prep in tree.kids(i, "prep"):
            if prep.text.lower() in preps:
                for obj in tree.kids(prep.i, "pobj"):
                    patients.extend(tree.conjuncts(obj.i))
        tok = doc.tokens[i]
        if not patients and tok.dep in _RESULT_STATES and doc.tokens[tok.head].lemma.lower() in self._results:
            # "left four sailors injured": whom the result verb left so
            patients += _objects(tree, [tok.head])
        if not any(p in index.actors for p in patients):
            patients += self._left_by_verb(tree, i)  # "attacked the town, leaving six dead"
        if tok.dep == "acl" and passive and not any(p in index.actors for p in patients):
            patients.append(tok.head)
        if etype in self.lexicon.roles.clause_recipients and not any(p in index.actors for p in patients):
            patients += _clause_patients(tree, i, self.lexicon.roles.sent_objects_verbs)
        if not agents:
            agents = self._inherited_agents(doc, tree, index, i)
        if etype is EventType.ASSAULT:
            agents = self._weapon_placers(doc, tree, i) or agents
        return agents, patients

    def _weapon_placers(self, doc: Document, tree: Tree, i: int) -> list[int]:
        """Who planted or fired the weapon a trigger's argument names: "a bomb planted by
        rebels exploded", "hit a rebel-planted mine", "killed by a grenade thrown by youths".
        They carried out the attack, whatever the clause's subject (a vehicle hitting a mine)."""
        placers = self.lexicon.roles.weapon_placers
        nouns = [k.i for k in tree.kids(i, "nsubj", "nsubjpass", "dobj")]
        nouns += [o.i for p in tree.kids(i, "agent", "prep") for o in tree.kids(p.i, "pobj")]
        for noun in nouns:
            for mod in tree.kids(noun, "acl", "amod"):
                if mod.lemma.lower() not in placers:
                    continue
                found = [o.i for p in tree.kids(mod.i, "agent") for o in tree.kids(p.i, "pobj")]
                found += [k.i for k in tree.kids(mod.i, "npadvmod", "compound")]
                if found:
                    return [a for f in found for a in tree.conjuncts(f)]
        return []

    def _inherited_agents(self, doc: Document, tree: Tree, index: DocIndex, i: int) -> list[int]:
        """Subject of a governing verb: "pledging to provide" shares "Moscow and Pyongyang"."""
        tok = doc.tokens[i]
        steps = 0
        if tok.dep == "pcomp" and doc.tokens[tok.head].pos in {"ADP", "SCONJ"}:
            governor = doc.tokens[tok.head].head
            if doc.tokens[tok.head].text.lower() in self.lexicon.roles.object_agent_prepositions:
                objs = tree.kids(governor, "dobj")  # "accused the army of shelling"
                if objs:
                    return tree.conjuncts(objs[0].i)
            else:
                subjects = tree.kids(governor, "nsubj")  # "has held her since arresting her"
                if subjects:
                    return tree.conjuncts(subjects[0].i)
        while tok.dep in {"xcomp", "advcl", "conj", "pcomp", "ccomp"} and steps < 4:
            head = doc.tokens[tok.head]
            if tok.dep == "xcomp":
                objs = tree.kids(head.i, "dobj")
                if objs:
                    return tree.conjuncts(objs[0].i)
            if tok.dep == "ccomp" and head.lemma.lower() not in self.lexicon.roles.sharing_governors:
                return []
            if tok.dep == "conj" and not tree.is_passive(tok.i) and _reported_passive(doc, tree, head):
                # "said dozens were hurt, and accused police of ...": the parser hangs the
                # second verb on the reported one; who accused is who said it
                return [a for s in tree.kids(head.head, "nsubj") for a in tree.conjuncts(s.i)]
            subj = tree.kids(head.i, "nsubj") or (
                tree.kids(head.i, "nsubjpass") if tok.dep in {"xcomp", "conj"} else []
            )
            if subj:
                return tree.conjuncts(subj[0].i)
            tok = head
            steps += 1
        if tok.dep == "acl":
            if tree.is_passive(tok.i):
                return []  # "saw nine people killed": the noun is the victim, not who killed
            noun = doc.tokens[tok.head]
            if noun.i not in index.actors and noun.dep == "dobj":
                # "released a statement condemning the attack": who released it
                return [a for s in tree.kids(noun.head, "nsubj") for a in tree.conjuncts(s.i)] or [tok.head]
            return [tok.head]
        return []

    def noun_roles(self, doc: Document, tree: Tree, index: DocIndex, i: int) -> tuple[list[int], list[int]]:
        rules = self.lexicon.roles
        entry: Entry | None = noun_entry(self.lexicon, doc, tree, i)
        agents: list[int] = []
        patients: list[int] = []
        for poss in tree.kids(i, "poss"):
            agents.extend(tree.conjuncts(poss.i))
        sides: list[int] = []  # sector words on the noun ("a rebel assault"): when no one else is named
        for mod in tree.kids(i, "amod", "compound"):
            if mod.i < i and mod.i in index.actors:
                (sides if index.actors[mod.i].country is None else agents).append(mod.i)
        for claim in tree.kids(i, "acl"):  # "a bombing claimed by the group"
            if claim.lemma.lower() in rules.claim_verbs:
                for by in tree.kids(claim.i, "agent"):
                    agents += [a for obj in tree.kids(by.i, "pobj") for a in tree.conjuncts(obj.i)]
        for prep in tree.kids(i, "prep"):
            word = prep.text.lower()
            for obj in tree.kids(prep.i, "pobj"):
                if word in rules.noun_agent_prepositions:
                    agents.extend(tree.conjuncts(obj.i))
                elif word in ENGLISH.partitive_prepositions:
                    (agents if entry is not None and entry.of_actor else patients).extend(tree.conjuncts(obj.i))
                elif word in rules.noun_patient_prepositions:
                    patients.extend(tree.conjuncts(obj.i))
        tok = doc.tokens[i]
        patients += self._left_in_state(doc, tree, i)
        if tok.dep == "nsubj":
            for prep in tree.kids(tok.head, "prep"):
                if prep.text.lower() in rules.subject_noun_agent_prepositions:
                    agents += [a for obj in tree.kids(prep.i, "pobj") for a in tree.conjuncts(obj.i)]
        agents = [a for a in agents if a in index.actors]
        if not agents and _named_by_modifier(tree, index, i):
            agents = [i]  # "a Taliban assault left two dead": the group named on the event noun
        slot = doc.tokens[counting_noun(self.lexicon, doc, i)]  # "launched a number of strikes": the number's
        if slot.dep in {"dobj", "nsubjpass"}:
            verb_agents, verb_patients = self.roles(doc, tree, index, slot.head, False, None)
            agents = agents or verb_agents
            patients += [p for p in verb_patients if p not in {i, slot.i}]
        elif not agents and tok.dep == "pobj" and doc.tokens[tok.head].text.lower() in rules.responsible_prepositions:
            agents = self._responsible(doc, tree, tok.head)
        elif not agents and tok.dep == "pobj" and doc.tokens[doc.tokens[tok.head].head].pos == "VERB":
            verb = doc.tokens[tok.head].head  # "arrived in Manila for talks"
            agents = [a for s in tree.kids(verb, "nsubj") for a in tree.conjuncts(s.i)]
        if not any(a in index.actors for a in agents):
            agents = sides or agents
        return agents, patients

    @property
    def _results(self) -> frozenset[str]:
        """Verbs that leave their object in a state ("left six dead", events.yaml casualties)."""
        return self.lexicon.casualties.result_verbs

    def _left_by_verb(self, tree: Tree, i: int) -> list[int]:
        """The object of a result verb hung on verb `i` ("shelled the town, leaving six dead")."""
        verbs = [k.i for k in tree.kids(i, "advcl", "xcomp", "conj") if k.lemma.lower() in self._results]
        return _objects(tree, verbs)

    def _left_in_state(self, doc: Document, tree: Tree, i: int) -> list[int]:
        """Whom an event noun left dead, hurt or homeless: the object of the result verb it is
        the subject of ("the assault left nine soldiers dead") or that a relative clause on it
        heads ("airstrikes that left 30 civilians dead")."""
        tok = doc.tokens[i]
        verbs = [r.i for r in tree.kids(i, "relcl") if r.lemma.lower() in self._results]
        if tok.dep == "nsubj" and doc.tokens[tok.head].lemma.lower() in self._results:
            verbs.append(tok.head)
        return _objects(tree, verbs)

    @staticmethod
    def _responsible(doc: Document, tree: Tree, prep: int) -> list[int]:
        """Who "is behind" an event noun: the subject of the copula the phrase hangs from,
        or of the verb that copula completes ("X was believed to be behind the attack")."""
        verb = doc.tokens[prep].head
        for _ in range(3):
            subjects = tree.kids(verb, "nsubj", "nsubjpass")
            if subjects:
                return tree.conjuncts(subjects[0].i)
            if doc.tokens[verb].dep not in {"xcomp", "ccomp"}:
                break
            verb = doc.tokens[verb].head
        return []

    def _event_noun_actor(self, doc: Document, actor: Actor, etype: EventType, on_event: bool) -> Actor:
        """ "Israeli strikes", "Ukrainian shelling": the actor is a nationality on the event
        itself; for force that means the armed forces, otherwise the government."""
        force = etype in self.lexicon.roles.force
        # A nationality on its own ("Israeli"); a sector word ("rebel") keeps its sector.
        bare_demonym = doc.tokens[actor.head].pos == "ADJ" and actor.country is not None
        state_name = actor.sector is Sector.GOV and actor.name is not None and actor.text.strip() == actor.name
        if force and state_name and doc.tokens[actor.head].ent_type in {"GPE", ""}:
            return replace(actor, sector=Sector.MIL)  # "Russia launched 62 drones": its armed forces
        if not (on_event and actor.sector is None) and not bare_demonym:
            return actor
        return replace(actor, sector=Sector.MIL if force or etype is EventType.COERCE else Sector.GOV)


def _named_by_modifier(tree: Tree, index: DocIndex, i: int) -> bool:
    """Whether event noun `i` was coded as an actor by a group or a nationality before it
    ("a Taliban assault", "Israeli strikes"); a place name before it ("the Gaza truce")
    names where, not who."""
    if i not in index.actors:
        return False
    of_objects = [o for p in tree.kids(i, "prep") if p.lemma.lower() == "of" for o in tree.kids(p.i, "pobj")]
    if any(o.i in index.actors for o in of_objects):
        return False  # "a full-scale invasion of Kyiv": coded by whom it hit, not by its maker
    mods = [k for k in tree.kids(i, "amod", "compound", "nmod") if k.i < i]
    # An adjective names a side only as a nationality: "a brutal attack" names no one.
    # A state's acronym ("US airstrikes", "UK sanctions") names its state, not a place.
    return any(
        k.ent_type == "NORP" if k.pos == "ADJ" else k.ent_type not in _PLACE_LABELS or _acronym(k.text) for k in mods
    )


def _objects(tree: Tree, verbs: list[int]) -> list[int]:
    """The direct objects of these verbs, each with its conjuncts."""
    return [c for v in verbs for o in tree.kids(v, "dobj") for c in tree.conjuncts(o.i)]


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()


# How a casualty word hangs off the verb that left its victims so ("left four sailors injured").
_RESULT_STATES = {"oprd", "xcomp", "ccomp", "advcl", "acomp"}
# Entity labels of a place: a modifier with one names where an event happened.
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _tellers(doc: Document, tree: Tree, i: int) -> list[int]:
    """Who tells the clause of verb `i`: the subject of the verb it is reported by
    ("..., police said"), or the object of its "according to" phrase."""
    tok = doc.tokens[i]
    for _ in range(3):
        for prep in tree.kids(tok.i, "prep"):
            if prep.lemma.lower() == "accord":  # "according to X"
                return [o.i for to in tree.kids(prep.i, "prep") for o in tree.kids(to.i, "pobj")]
        if tok.dep != "ccomp" and tok.dep != "conj":
            return []
        tok = doc.tokens[tok.head]
        subjects = tree.kids(tok.i, "nsubj")
        if subjects:
            return tree.conjuncts(subjects[0].i)
    return []


def _relative_antecedent(doc: Document, i: int) -> int | None:
    """The noun a relative clause of verb `i` is about, also when the clause is reported
    inside it ("a firm which officials said had shipped parts": the firm shipped them)."""
    tok = doc.tokens[i]
    for _ in range(3):
        if tok.dep == "relcl":
            return tok.head
        if tok.dep != "ccomp":
            return None
        tok = doc.tokens[tok.head]
    return None


def _governs(tree: Tree, head: int, i: int) -> bool:
    return any(a.i == head for a in tree.ancestors(i))


def _reciprocal(doc: Document, m: Mention, actors: list[Actor], fights: dict[str, frozenset[str]]) -> bool:
    """A fight verb with two sides as its subject and no object: each side is the other's opponent."""
    if m.noun or doc.tokens[m.trigger.head].lemma.lower() not in fights:
        return False
    return len({(a.country, a.sector) for a in actors}) > 1


def _reported_passive(doc: Document, tree: Tree, verb: Token) -> bool:
    """A passive clause reported by a verb with a subject of its own ("X said two were hurt")."""
    return (
        verb.dep == "ccomp"
        and bool(tree.kids(verb.i, "nsubjpass"))
        and bool(tree.kids(verb.head, "nsubj"))
        and doc.tokens[verb.head].pos == "VERB"
    )


def _owned_by(theme: Actor, actor: Actor) -> Actor:
    """ "Russia massed 40,000 troops": troops named without a flag are the actor's own."""
    if theme.country is None and theme.sector in {Sector.MIL, Sector.COP}:
        return replace(theme, country=actor.country)
    return theme


def _clause_patients(tree: Tree, i: int, sends: frozenset[str]) -> list[int]:
    """Who a complement clause of verb `i` acts on: the object of "refused to meet the
    envoy", the subject of "demanded that the army withdraw"; not what a verb in `sends`
    sends ("threatened to fire missiles")."""
    out: list[int] = []
    for clause in tree.kids(i, "xcomp", "ccomp"):
        subjects = tree.kids(clause.i, "nsubj")
        if clause.dep == "ccomp" and subjects:
            out += tree.conjuncts(subjects[0].i)
        objects = ("dative",) if clause.lemma.lower() in sends else ("dobj", "dative")
        for obj in tree.kids(clause.i, *objects):
            out += tree.conjuncts(obj.i)
    return out


def _actors_for(heads: list[int], actors: dict[int, Actor], tree: Tree) -> list[Actor]:
    out: list[Actor] = []
    for h in heads:
        actor = actors.get(h)
        if actor is None:
            for child in tree.kids(h, "compound", "amod", "poss"):
                if child.i in actors:
                    actor = actors[child.i]
                    break
        if actor is None and (_counts_a_group(tree.tokens[h]) or tree.tokens[h].pos == "NOUN"):
            # "hundreds of workers", "a number of lawmakers": the group counted; "searched
            # the homes of 14 activists", "condemned the actions of protesters": whose they are
            for prep in tree.kids(h, "prep"):
                if prep.text.lower() in ENGLISH.partitive_prepositions:
                    actor = next((actors[o.i] for o in tree.kids(prep.i, "pobj") if o.i in actors), None)
                    break
        if actor is not None and all(a.start != actor.start for a in out):
            out.append(actor)
        if actor is not None and actor.head == h:
            sides = [actors[j] for j in _conjoined_modifiers(tree, h) if j in actors]
            out += [s for s in sides if all(a.start != s.start for a in out)]
    return out


def _conjoined_modifiers(tree: Tree, head: int) -> list[int]:
    """Tokens coordinated with a modifier of `head` that the actors stage coded as a side
    of their own ("Ukrainian and Russian troops": Russian)."""
    return [j for m in tree.kids(head, "amod", "compound", "nmod") for j in tree.conjuncts(m.i)[1:]]


def _counts_a_group(tok: Token) -> bool:
    return tok.pos == "NUM" or tok.lemma.lower() in ENGLISH.quantity_nouns or tok.text.lower() in ENGLISH.quantity_nouns
