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
# How many sentences after an attack a toll with no event of its own may tell its dead.
_TOLL_SENTENCES = 2


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
        own = self._with_tolls(doc, tree, index, [self.counts(doc, tree, index, e) for e in doc.events])
        by_cluster: dict[str, list[Counts]] = defaultdict(list)
        for e, c in zip(doc.events, own, strict=True):
            by_cluster[e.cluster].append(c)
        events = [
            replace(e, counts=_filled(c, [o for o in by_cluster[e.cluster] if o is not c]))
            for e, c in zip(doc.events, own, strict=True)
        ]
        return replace(doc, events=tuple(events))

    def counts(self, doc: Document, tree: Tree, index: DocIndex, event: Event) -> Counts:
        own_theme = self.lexicon.roles.own_theme
        quantities = _quantities(index, event.sentence)
        killed = injured = arrested = None
        if event.type in {EventType.ASSAULT, EventType.COERCE}:
            killed, injured, arrested = self._harm(doc, tree, event.sentence, quantities, event.type)
        words = self.lexicon.casualties
        people = _sum_counts(_heads(event.actors), quantities, tree, words)
        if people is None and event.type in own_theme | {EventType.PROTEST}:
            people = _sum_counts(_heads(event.recipients), quantities, tree, words)
        return Counts(killed=killed, injured=injured, people=people, arrested=arrested)

    def _harm(
        self, doc: Document, tree: Tree, sentence: int, quantities: dict[int, Quantity], etype: EventType
    ) -> tuple[int | None, int | None, int | None]:
        """The killed, injured and (for a coercion) arrested the casualty words of a sentence count."""
        words = self.lexicon.casualties
        sent = doc.sentences[sentence]
        killed = injured = arrested = None
        for i in range(sent.first, sent.last):
            tok = doc.tokens[i]
            lemma, word = tok.lemma.lower(), tok.text.lower()
            if not _told_as_toll(tree, words, i):
                continue
            if lemma in words.killed or word in words.killed:
                killed = _max(killed, _casualty_count(doc, tree, words, i, quantities))
            elif lemma in words.injured or word in words.injured:
                injured = _max(injured, _casualty_count(doc, tree, words, i, quantities))
            elif lemma in words.arrested and etype is EventType.COERCE:
                arrested = _max(arrested, _casualty_count(doc, tree, words, i, quantities))
        return killed, injured, arrested

    def _with_tolls(self, doc: Document, tree: Tree, index: DocIndex, own: list[Counts]) -> list[Counts]:
        """`own`, where an attack lacks its dead or hurt, with those a toll of the next
        sentences tells that has no event of its own ("... attacked a post. Three deaths
        were reported."): the attacks of the nearest earlier sentence with events, up to
        `_TOLL_SENTENCES` back, take it."""
        with_events = sorted({e.sentence for e in doc.events})
        if not with_events:
            return own
        out = list(own)
        for s in range(with_events[0] + 1, len(doc.sentences)):
            if s in with_events:
                continue
            before = max(p for p in with_events if p < s)
            if s - before > _TOLL_SENTENCES:
                continue
            killed, injured, _ = self._harm(doc, tree, s, _quantities(index, s), EventType.ASSAULT)
            if killed is None and injured is None:
                continue
            toll = Counts(killed=killed, injured=injured)
            for k, e in enumerate(doc.events):
                if e.sentence == before and e.type is EventType.ASSAULT:
                    out[k] = _filled(out[k], [toll])
        return out


def _quantities(index: DocIndex, sentence: int) -> dict[int, Quantity]:
    """The numbers of a sentence by the noun they count; of two numbers counting one noun
    the first is the part told of ("freed 21 of the more than 200 schoolgirls")."""
    quantities: dict[int, Quantity] = {}
    for q in sorted(index.quantities_in(sentence), key=lambda q: q.start):
        quantities.setdefault(q.head, q)
    return quantities


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
        victims = _verb_victims(tree, words, i)
        if tok.dep in {"amod", "acl"} and not tree.kids(i, "dobj"):
            victims.append(tok.head)  # "two people killed in the attack"
        if tok.dep in _RESULT_STATES and doc.tokens[tok.head].lemma.lower() in words.result_verbs:
            # "left three sailors injured", however the parser splits it
            victims += [k.i for k in [*tree.kids(i, "nsubj"), *tree.kids(tok.head, "dobj")]]
    elif tok.pos == "ADJ":
        if tok.dep in {"amod"}:
            victims.append(tok.head)
        elif tok.dep in {"acomp", "oprd"}:
            # "left six traders dead": what left them so is no victim
            result = doc.tokens[tok.head].lemma.lower() in words.result_verbs
            victims += [k.i for k in tree.kids(tok.head, *(("dobj",) if result else ("nsubj", "nsubjpass", "dobj")))]
            if not victims and doc.tokens[tok.head].dep == "conj":  # "were chased and shot dead"
                victims += _verb_victims(tree, words, tok.head)
        victims += [k.i for k in tree.kids(i, "nsubj", "npadvmod")]
        if tok.head in quantities and tok.dep in {"amod", "advmod", "acomp", "ROOT"}:
            victims.append(tok.head)
        victims += [k.i for k in tree.kids(i) if k.i in quantities]
    elif tok.pos == "NOUN":
        # "the death of a soldier", "casualties among civilians": those; else the noun's own
        # count ("three deaths", "a fatality")
        for prep in tree.kids(i, "prep"):
            if prep.text.lower() in words.victim_prepositions:
                victims += [o.i for o in tree.kids(prep.i, "pobj")]
        victims = victims or [i]
        if tok.lemma.lower() in words.death_nouns:
            victims.append(tok.head)
            prep = doc.tokens[tok.head]
            if prep.text.lower() in words.death_prepositions and doc.tokens[prep.head].pos == "VERB":
                victims += _verb_victims(tree, words, prep.head)  # "was stoned to death"
    expanded: list[int] = []
    for v in victims:
        expanded.extend(tree.conjuncts(v))
    return _sum_counts(_counted(expanded, tree, quantities), quantities, tree, words, singular_is_one=True)


def _verb_victims(tree: Tree, words: Casualties, i: int) -> list[int]:
    """Who verb `i` harmed: its object or passive subject (the subject of "died"); a verb
    coordinated with another and naming none has that verb's ("was shot and killed")."""
    tok = tree.tokens[i]
    victims = [k.i for k in tree.kids(i, "nsubj")] if tok.lemma.lower() in words.intransitive else []
    victims += [k.i for k in tree.kids(i, "nsubjpass", "dobj")]
    if tok.tag == "VBN" and not tree.kids(i, "aux", "auxpass"):
        victims += [k.i for k in tree.kids(i, "nsubj")]
    if not victims and not tree.kids(i, "nsubj") and tok.dep == "conj" and tree.tokens[tok.head].pos == "VERB":
        victims = _verb_victims(tree, words, tok.head)
    return victims


def _told_as_toll(tree: Tree, words: Casualties, i: int) -> bool:
    """Whether casualty word `i` tells harm done, not one tried or threatened ("tried to
    lynch", "threatened to kill"), denied ("was not killed"), the cause of an event ("over
    the death of a student") or a modifier ("death threats")."""
    tok = tree.tokens[i]
    if tree.kids(i, "neg") or any(k.lemma.lower() in words.near_misses for k in tree.kids(i, "advmod")):
        return False
    if tok.pos == "NOUN":
        if tok.dep == "compound":
            return False
        head = tree.tokens[tok.head]
        if tok.dep == "pobj" and head.text.lower() in words.cause_prepositions:
            return False
        return not (tok.dep == "dobj" and head.lemma.lower() in words.cause_verbs)
    if any(k.lemma.lower() in words.doubt_marks for k in tree.kids(i, "mark")):
        return False  # "it is not known whether he died"
    if tok.dep == "relcl" and any(k.text.lower() == "had" for k in tree.kids(i, "aux")):
        return False  # "a man who had killed his father": what led to the event
    while tok.dep in {"xcomp", "conj"} and tok.head != tok.i:
        tok = tree.tokens[tok.head]
        if tok.lemma.lower() in words.attempt_verbs:
            return False
    return True


def _counted(heads: list[int], tree: Tree, quantities: dict[int, Quantity]) -> list[int]:
    """Victim heads, or what an uncounted head counts: "a dozen (of) relatives"."""
    out = list(heads)
    for h in heads:
        if h in quantities:
            continue
        for prep in tree.kids(h, "prep"):
            if prep.text.lower() in ENGLISH.partitive_prepositions:
                # "the chief of Kalemie" names the chief's place, not more victims
                out.extend(o.i for o in tree.kids(prep.i, "pobj") if o.pos != "PROPN")
    return out


def _sum_counts(
    heads: list[int], quantities: dict[int, Quantity], tree: Tree, words: Casualties, singular_is_one: bool = False
) -> int | None:
    total: int | None = None
    for h in dict.fromkeys(heads):
        if any(d.lemma.lower() in words.no_one for d in tree.kids(h, "det")):
            continue
        q = quantities.get(h)
        value: int | None = q.value if q else None
        if value is None and singular_is_one:
            value = _one(tree, words, h)
        if value is not None:
            total = (total or 0) + value
    return total


def _one(tree: Tree, words: Casualties, h: int) -> int | None:
    """1 for a victim told as one person ("a soldier", "the driver", "his brother", "him",
    "Ahmed"), else None."""
    tok = tree.tokens[h]
    if tok.text.lower() in words.singular_pronouns:
        return 1
    if tok.pos == "PRON":
        return None
    if tok.tag not in {"NN", "NNP"} or tok.pos not in {"NOUN", "PROPN"}:
        return None
    if tok.pos == "NOUN" and tok.lemma.lower() in words.collective:
        return None
    if tok.pos == "PROPN" or tree.kids(h, "poss"):
        return 1
    return 1 if any(d.lemma.lower() in words.singular for d in tree.kids(h, "det", "nummod")) else None
