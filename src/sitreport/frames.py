"""The lexicon entry of a trigger token: its type, mode and frame.

A verb is looked up by its phrasal forms first ("shoot down", "call for", "open fire"),
then by its lemma; a noun by a two-word compound ending in it ("air strike"), then by its
lemma or text. The trigger finders read the entry's type and mode; the roles stage reads
its frame (which role the subject plays, whether a passive subject is the actor).
"""

from __future__ import annotations

from sitreport.lexicon import Entry, EventLexicon
from sitreport.model import Document
from sitreport.syntax import ENGLISH, Tree

# Entity labels of the parser's dates and times.
_TIME_ENTITIES = frozenset({"DATE", "TIME"})


def verb_entry(lexicon: EventLexicon, doc: Document, tree: Tree, i: int) -> Entry | None:
    """The entry for verb `i`: phrasal keys (particle, preposition, object) before the lemma."""
    found = verb_key(lexicon, doc, tree, i)
    return lexicon.verbs[found] if found else None


def verb_key(lexicon: EventLexicon, doc: Document, tree: Tree, i: int) -> str | None:
    """The lexicon key verb `i` is found under: "run over" for "ran over a mine", else its lemma."""
    lemma = doc.tokens[i].lemma.lower()
    prt = tree.particle(i)
    keys = [f"{lemma} {prt}"] if prt else []
    # A preposition heading a date ("called on Friday") is no part of a phrasal verb ("call on").
    keys += [
        f"{lemma} {p.text.lower()}"
        for p in tree.kids(i, "prep")
        if not any(o.ent_type in _TIME_ENTITIES for o in tree.kids(p.i, "pobj"))
    ]
    keys += [f"{lemma} {o.lemma.lower()}" for o in tree.kids(i, "dobj")]
    return next((key for key in [*keys, lemma] if key in lexicon.verbs), None)


def noun_entry(lexicon: EventLexicon, doc: Document, tree: Tree, i: int) -> Entry | None:
    """The entry for noun `i`: "air strike" before "strike"."""
    tok = doc.tokens[i]
    if i >= 2 and doc.tokens[i - 1].text == "-":  # "sit-in", split by the tokenizer
        hyphenated = f"{doc.tokens[i - 2].text.lower()}-{tok.text.lower()}"
        if hyphenated in lexicon.nouns:
            return lexicon.nouns[hyphenated]
    for mod in tree.kids(i, "compound", "amod"):
        key = f"{mod.text.lower()} {tok.lemma.lower()}"
        if mod.i == i - 1 and key in lexicon.nouns:
            return lexicon.nouns[key]
    return lexicon.nouns.get(tok.lemma.lower()) or lexicon.nouns.get(tok.text.lower())


def trigger_lemma(doc: Document, tree: Tree, i: int) -> str:
    """The trigger's lemma with a phrasal verb's particle: "shoot down"."""
    lemma = doc.tokens[i].lemma.lower()
    prt = tree.particle(i)
    return f"{lemma} {prt}" if prt else lemma


def is_verbal(doc: Document, i: int) -> bool:
    """Whether token `i` is read as a verb trigger (the parser tags some verbs NOUN/VB*)."""
    tok = doc.tokens[i]
    return tok.pos in {"VERB", "AUX"} or (tok.pos == "NOUN" and tok.tag.startswith("VB"))


def counting_noun(lexicon: EventLexicon, doc: Document, i: int) -> int:
    """The noun that counts event noun `i` ("launched a number of airstrikes": number), whose
    place in the clause the event noun takes; else `i`."""
    tok = doc.tokens[i]
    head = doc.tokens[tok.head]
    if tok.dep == "pobj" and head.lemma.lower() in ENGLISH.partitive_prepositions:
        if doc.tokens[head.head].lemma.lower() in lexicon.anchors.partitive_nouns:
            return head.head
    return i
