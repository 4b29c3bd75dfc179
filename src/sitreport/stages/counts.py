"""Counts stage: the killed, injured, arrested and people of each event.

Casualty words in an attack's sentence give the killed and injured, and in a
coercion's the arrested; each counts the victims it refers to ("killing two
civilians", "two people were killed", "the death of a soldier"), summed over the
words and the largest figure kept. The people are the counted actors (troops,
deserters), or for a mobilisation, aid, retreat or protest the counted recipients.
An event keeps the figures its own sentence gives; one it lacks comes from another
event of its cluster (the lede's "18 soldiers" for "they deserted, Suspilne reported").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace

from sitreport.index import DocIndex
from sitreport.lexicon import Casualties, EventLexicon
from sitreport.model import Actor, Counts, Document, Event, EventType, Quantity
from sitreport.syntax import ENGLISH, Tree

# How a participle tells the state a result verb left its object in ("left three sailors injured").
_RESULT_STATES = {"advcl", "oprd", "xcomp", "ccomp"}


@dataclass
class CountsStage:
    lexicon: EventLexicon
    name: str = "counts"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.quantities",
        "event.type",
        "event.sentence",
        "event.actors",
        "event.recipients",
        "event.cluster",
    )
    assigns: tuple[str, ...] = ("event.counts",)

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        index = DocIndex.build(doc)
        own = [self.counts(doc, tree, index, e) for e in doc.events]
        by_cluster: dict[str, list[Counts]] = defaultdict(list)
        for e, c in zip(doc.events, own, strict=True):
            by_cluster[e.cluster].append(c)
        events = [
            replace(e, counts=_filled(c, [o for o in by_cluster[e.cluster] if o is not c]))
            for e, c in zip(doc.events, own, strict=True)
        ]
        return replace(doc, events=tuple(events))

    def counts(self, doc: Document, tree: Tree, index: DocIndex, event: Event) -> Counts:
        words = self.lexicon.casualties
        own_theme = self.lexicon.roles.own_theme
        sent = doc.sentences[event.sentence]
        # Of two numbers counting one noun the first is the part told of ("freed 21 of the
        # more than 200 schoolgirls").
        quantities: dict[int, Quantity] = {}
        for q in sorted(index.quantities_in(event.sentence), key=lambda q: q.start):
            quantities.setdefault(q.head, q)
        killed = injured = arrested = None
        if event.type in {EventType.ASSAULT, EventType.COERCE}:
            for i in range(sent.first, sent.last):
                tok = doc.tokens[i]
                lemma, word = tok.lemma.lower(), tok.text.lower()
                if lemma in words.killed or word in words.killed:
                    killed = _max(killed, _casualty_count(doc, tree, words, i, quantities))
                elif lemma in words.injured or word in words.injured:
                    injured = _max(injured, _casualty_count(doc, tree, words, i, quantities))
                elif lemma in words.arrested and event.type is EventType.COERCE:
                    arrested = _max(arrested, _casualty_count(doc, tree, words, i, quantities))
        people = _sum_counts(_heads(event.actors), quantities, tree, words)
        if people is None and event.type in own_theme | {EventType.PROTEST}:
            people = _sum_counts(_heads(event.recipients), quantities, tree, words)
        return Counts(killed=killed, injured=injured, people=people, arrested=arrested)


def _filled(own: Counts, others: list[Counts]) -> Counts:
    """`own`, each figure it lacks taken from the first of `others` that has it."""
    changes = {}
    for f in fields(Counts):
        if getattr(own, f.name) is None:
            value = next((getattr(o, f.name) for o in others if getattr(o, f.name) is not None), None)
            if value is not None:
                changes[f.name] = value
    return replace(own, **changes) if changes else own


def _heads(actors: tuple[Actor, ...]) -> list[int]:
    return [a.head for a in actors]


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _casualty_count(
    doc: Document, tree: Tree, words: Casualties, i: int, quantities: dict[int, Quantity]
) -> int | None:
    """The number of victims a casualty word refers to."""
    tok = doc.tokens[i]
    victims: list[int] = []
    if tok.pos == "VERB":
        if tok.lemma.lower() in words.intransitive:
            victims = [k.i for k in tree.kids(i, "nsubj")]
        victims += [k.i for k in tree.kids(i, "nsubjpass", "dobj")]
        if tok.tag == "VBN" and not tree.kids(i, "aux", "auxpass"):
            victims += [k.i for k in tree.kids(i, "nsubj")]
        if tok.dep in {"amod", "acl"} and not tree.kids(i, "dobj"):
            victims.append(tok.head)  # "two people killed in the attack"
        if tok.dep in _RESULT_STATES and doc.tokens[tok.head].lemma.lower() in words.result_verbs:
            # "left three sailors injured", however the parser splits it
            victims += [k.i for k in [*tree.kids(i, "nsubj"), *tree.kids(tok.head, "dobj")]]
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
        if tok.lemma.lower() in words.death_nouns:
            victims.append(tok.head)
    expanded: list[int] = []
    for v in victims:
        expanded.extend(tree.conjuncts(v))
    return _sum_counts(_counted(expanded, tree, quantities), quantities, tree, words, singular_is_one=True)


def _counted(heads: list[int], tree: Tree, quantities: dict[int, Quantity]) -> list[int]:
    """Victim heads, or what an uncounted head counts: "a dozen (of) relatives"."""
    out = list(heads)
    for h in heads:
        if h in quantities:
            continue
        for prep in tree.kids(h, "prep"):
            if prep.text.lower() in ENGLISH.partitive_prepositions:
                out.extend(o.i for o in tree.kids(prep.i, "pobj"))
    return out


def _sum_counts(
    heads: list[int], quantities: dict[int, Quantity], tree: Tree, words: Casualties, singular_is_one: bool = False
) -> int | None:
    total: int | None = None
    for h in dict.fromkeys(heads):
        q = quantities.get(h)
        value: int | None = q.value if q else None
        tok = tree.tokens[h]
        if value is None and singular_is_one and tok.tag in {"NN", "NNP"} and tok.pos in {"NOUN", "PROPN"}:
            if any(d.lemma.lower() in words.singular for d in tree.kids(h, "det", "nummod")) or tok.pos == "PROPN":
                value = 1
        if value is not None:
            total = (total or 0) + value
    return total
