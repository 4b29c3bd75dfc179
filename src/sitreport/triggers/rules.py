"""The rule trigger finder: event triggers from the verb and noun lexicons.

A verb is a trigger when the lexicon knows it (phrasal forms first) and its object
does not rule it out ("launched an investigation" is no attack: `launch` needs a
munition). A noun names an event only when the sentence anchors it: the object of
"launch"/"carry out", the subject of "hit"/"kill", the object of "in" under a
casualty verb ("killed in the strike"), or with its own date, possessor or place.
A support verb of a noun of the same type ("imposed sanctions") is no trigger of
its own. The mode is the trigger word's own (shell: explosives) or, failing that,
the one cue words around it suggest (first in the trigger's phrase, then in its
sentence: "killed by drones" is aerial).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitreport.frames import counting_noun, is_verbal, noun_entry, trigger_lemma, verb_entry, verb_key
from sitreport.kinds import ArgumentLexicon
from sitreport.lexicon import Entry, EventLexicon, Lexicons
from sitreport.model import Document, EventType, Mention, Token, Trigger
from sitreport.syntax import Tree
from sitreport.triggers.base import ParsedSentence

# Target kinds that make an object a weapon stopped, not a crew or a person attacked.
_WEAPONS = frozenset({"projectile", "weapons"})


@dataclass(frozen=True)
class _Found:
    i: int
    entry: Entry
    noun: bool


@dataclass
class RuleTriggers:
    """`TriggerFinder` over the event lexicon; ignores candidates it is given (it comes first).
    `kinds` tells a crewed aircraft or a person from a weapon among a verb's objects."""

    lexicon: EventLexicon
    kinds: ArgumentLexicon
    name: str = "sitreport.triggers.rules.v1"

    def find(self, sentence: ParsedSentence, candidates: Sequence[Mention]) -> list[Mention]:
        doc, tree = sentence.doc, sentence.tree
        found: list[_Found] = []
        dates = [(d.start_char, d.end_char) for d in sentence.index.dates_in(sentence.n)]
        for i in range(sentence.sentence.first, sentence.sentence.last):
            tok = doc.tokens[i]
            if (tok.dep in {"amod", "compound"} and tok.tag != "VBD") or any(lo <= tok.idx < hi for lo, hi in dates):
                continue  # a modifier (a past tense the parser hung on a noun is a verb), or a date's word
            if is_verbal(doc, i) and not _people_named_by_participle(tree, tok):
                entry = self.verb_trigger(sentence, i)
                if entry is not None:
                    found.append(_Found(i, entry, noun=False))
            elif tok.pos in {"NOUN", "PROPN"} and self._dismissed(sentence, i):
                found.append(_Found(i, Entry(type=EventType.REJECT), noun=True))
            elif tok.pos in {"NOUN", "PROPN"}:
                entry = noun_entry(self.lexicon, doc, tree, i)
                if entry is not None and self._joined_strike(sentence, i):
                    entry = Entry(type=EventType.PROTEST, mode="strike")
                if entry is not None and self.anchored(sentence, i):
                    found.append(_Found(i, entry, noun=True))
        return [*candidates, *(self._mention(sentence, f) for f in _drop_support_verbs(doc, found))]

    def _mention(self, sentence: ParsedSentence, f: _Found) -> Mention:
        doc = sentence.doc
        tok = doc.tokens[f.i]
        key = None if f.noun else verb_key(self.lexicon, doc, sentence.tree, f.i)
        # A phrasal key names the trigger ("ran over a mine": run over); else the lemma and particle.
        lemma = key if key and " " in key else trigger_lemma(doc, sentence.tree, f.i)
        trigger = Trigger(tok.text, tok.idx, tok.end, f.i, sentence.n, lemma)
        return Mention(
            trigger=trigger,
            type=f.entry.type,
            mode=self.modified_mode(sentence, f) or f.entry.mode,
            cued_mode=None if f.entry.mode else self.mode_from_cues(sentence, f.entry.type, f.i),
            contexts=(f.entry.context,) if f.entry.context else (),
            noun=f.noun,
        )

    def verb_trigger(self, sentence: ParsedSentence, i: int) -> Entry | None:
        """The lexicon entry for verb `i` (phrasal forms first), checked against its object."""
        doc, tree, lex = sentence.doc, sentence.tree, self.lexicon
        lemma = doc.tokens[i].lemma.lower()
        if any(o.lemma.lower() in lex.ignore_objects for o in tree.kids(i, "dobj") + _prep_objects(tree, i)):
            return None
        if lemma in lex.territory_verbs and self._place_object(sentence, i):
            return Entry(type=EventType.ASSAULT, mode="firearms", context="territory")
        if lemma in lex.labour_strike_verbs and self._workforce_stops(sentence, i):
            return Entry(type=EventType.PROTEST, mode="strike")
        entry = verb_entry(lex, doc, tree, i)
        if entry is None:
            return None
        if entry.needs_object and not _has_object(doc, tree, i, entry.needs_object):
            return None
        if entry.not_objects and _has_object(doc, tree, i, entry.not_objects):
            return None
        if lemma in lex.question_verbs and self._puts_question(sentence, i):
            return None
        if entry.needs_purpose and not _has_purpose(doc, tree, i, entry.needs_purpose):
            return None
        if entry.mode == "disrupt":
            if self._crewed_target(sentence, i):
                return Entry(type=EventType.ASSAULT, mode="explosives")
            if self._human_target(sentence, i):
                return Entry(type=EventType.ASSAULT)
        return entry

    def _dismissed(self, sentence: ParsedSentence, i: int) -> bool:
        """ "Such groundless accusations", "the reports are baseless": a claim the sentence
        calls false is rejected, by whoever says so."""
        tree, lex, tok = sentence.tree, self.lexicon, sentence.doc.tokens[i]
        if tok.lemma.lower() not in lex.dismissed_nouns or tok.dep in {"dobj", "ROOT"}:
            return False  # "rebels made false claims": the claimant's act; a bare crosshead says no one's
        words = lex.dismissive_words
        if any(m.text.lower() in words for m in tree.kids(i, "amod")):
            return True
        return tok.dep == "nsubj" and any(c.text.lower() in words for c in tree.kids(tok.head, "acomp"))

    def _puts_question(self, sentence: ParsedSentence, i: int) -> bool:
        """ "Asked whether ...", "asked about ...": a question put, not a demand made."""
        doc, tree, words = sentence.doc, sentence.tree, self.lexicon.question_words
        if any(p.text.lower() in words for p in tree.kids(i, "prep")):
            return True
        return any(doc.tokens[tree.subtree(c.i)[0]].text.lower() in words for c in tree.kids(i, "ccomp"))

    def _workforce_stops(self, sentence: ParsedSentence, i: int) -> bool:
        """ "Hundreds of workers are striking at the airport": a workforce strikes no one."""
        doc, tree = sentence.doc, sentence.tree
        if tree.kids(i, "dobj"):
            return False  # "a driver struck a pedestrian"
        workforce = self.lexicon.workforce_nouns
        for subj in tree.kids(i, "nsubj"):
            heads = [subj.i, *(o.i for p in tree.kids(subj.i, "prep") for o in tree.kids(p.i, "pobj"))]
            if any(doc.tokens[h].lemma.lower() in workforce or doc.tokens[h].text.lower() in workforce for h in heads):
                return True
        return False

    def _joined_strike(self, sentence: ParsedSentence, i: int) -> bool:
        """ "Workers joined the strike", "those taking part in the strike", "nurses observed a
        strike": a stoppage ("staged air strikes" is none: the noun has a compound)."""
        doc, lex = sentence.doc, self.lexicon
        tok = doc.tokens[i]
        if tok.lemma.lower() not in lex.labour_strike_verbs:
            return False
        head = doc.tokens[tok.head]
        if tok.dep == "dobj":
            held = head.lemma.lower() in lex.strike_holding_verbs and not sentence.tree.kids(i, "compound")
            return held or head.lemma.lower() in lex.strike_joining_verbs
        return self._taken_part_in(sentence, i, lex.strike_joining_verbs)

    def _taken_part_in(self, sentence: ParsedSentence, i: int, verbs: frozenset[str]) -> bool:
        """Whether noun `i` is what one of `verbs` takes part in ("participated in a rally",
        "took part in a march")."""
        doc, tree = sentence.doc, sentence.tree
        tok = doc.tokens[i]
        head = doc.tokens[tok.head]
        if tok.dep != "pobj" or head.text.lower() not in self.lexicon.anchors.part_prepositions:
            return False
        governor = doc.tokens[head.head].lemma.lower()
        return governor in verbs or any(k.lemma.lower() in verbs for k in tree.kids(head.head, "dobj"))

    def anchored(self, sentence: ParsedSentence, i: int) -> bool:
        """A noun trigger counts only when the sentence says it happened."""
        doc, tree, lex = sentence.doc, sentence.tree, self.lexicon
        anchors = lex.anchors
        tok = doc.tokens[i]
        if tok.dep == "ROOT":
            return True  # a headline's noun phrase: "Protests over fuel prices in Lagos"
        head = doc.tokens[tok.head]
        lemma = head.lemma.lower()
        counted = counting_noun(lex, doc, i)
        if counted != i:
            return self.anchored(sentence, counted)  # "launched a number of airstrikes"
        if tok.dep in {"dobj", "nsubjpass"} and lemma in lex.light_verbs:
            return True
        if tok.dep in {"nsubj", "nsubjpass"} and lemma in lex.occurrence_verbs:
            return True
        governor = doc.tokens[head.head].lemma.lower()
        preposition = head.text.lower() if tok.dep == "pobj" else ""
        if preposition in anchors.request_prepositions and governor in anchors.request_verbs:
            return True  # "called for a nationwide strike"
        if self._taken_part_in(sentence, i, anchors.part_verbs):
            return True  # "participated in a rally", "took part in a march", "engaged in attacks"
        if preposition in lex.roles.responsible_prepositions:
            return True  # "the group was behind the bombing"
        if self.turned_mode(sentence, i, noun_entry(lex, doc, tree, i)) is not None:
            return True  # "the protest turned violent"
        if preposition in anchors.casualty_prepositions:
            return governor in lex.casualties.verbs or governor in anchors.casualty_governors
        sub = tree.subtree(i)
        start, end = doc.tokens[sub[0]].idx, doc.tokens[sub[-1]].end
        if any(start <= d.start_char < end for d in sentence.index.dates_in(sentence.n)):
            return True
        if any(k.dep in {"poss"} for k in tree.kids(i)):
            return True
        return any(p.text.lower() in anchors.place_prepositions for p in tree.kids(i, "prep")) and any(
            start <= pl.start < end for pl in sentence.index.places_in(sentence.n)
        )

    def modified_mode(self, sentence: ParsedSentence, f: _Found) -> str | None:
        """The mode a modifier of the trigger itself gives it ("violent protests": riot), or
        what it turned into ("the rally turned violent": riot)."""
        turned = self.turned_mode(sentence, f.i, f.entry)
        if turned is not None:
            return turned
        shifts = self.lexicon.mode_modifiers.get(f.entry.type)
        if not shifts:
            return None
        words = {k.lemma.lower() for k in sentence.tree.kids(f.i, "amod", "advmod")}
        words |= {k.text.lower() for k in sentence.tree.kids(f.i, "amod", "advmod")}
        return next((mode for mode, cue in shifts.items() if words & cue), None)

    def turned_mode(self, sentence: ParsedSentence, i: int, entry: Entry | None) -> str | None:
        """The mode of what trigger `i` turned into: it is the subject of a turning verb (or of
        a verb coordinated with one) whose complement or "into" object names the mode."""
        lex, doc, tree = self.lexicon, sentence.doc, sentence.tree
        shifts = lex.turn_modes.get(entry.type) if entry is not None else None
        if not shifts or doc.tokens[i].dep != "nsubj":
            return None
        head = doc.tokens[i].head
        verbs = [head, *(k.i for k in tree.kids(head, "conj"))]
        for v in verbs:
            if doc.tokens[v].lemma.lower() not in lex.turn_verbs:
                continue
            complements = tree.kids(v, "acomp", "oprd", "attr", "xcomp") + [
                o for p in tree.kids(v, "prep") if p.text.lower() == "into" for o in tree.kids(p.i, "pobj")
            ]
            words = {w for t in complements for w in (t.text.lower(), t.lemma.lower())}
            mode = next((m for m, cue in shifts.items() if words & cue), None)
            if mode is not None:
                return mode
        return None

    def mode_from_cues(self, sentence: ParsedSentence, etype: EventType, i: int) -> str | None:
        cues = self.lexicon.mode_cues.get(etype)
        if not cues:
            return None
        doc = sentence.doc
        near = _words(doc, sentence.tree.subtree(i))
        whole = _words(doc, range(sentence.sentence.first, sentence.sentence.last))
        for words in (near, whole):
            for mode, cue_words in cues.items():
                if words & cue_words:
                    return mode
        return None

    def _place_object(self, sentence: ParsedSentence, i: int) -> bool:
        """Whether the verb's object is a place: "seized Goma", "took the town"."""
        doc, tree = sentence.doc, sentence.tree
        for obj in tree.kids(i, "dobj"):
            span = tree.subtree(obj.i)
            lo, hi = doc.tokens[span[0]].idx, doc.tokens[span[-1]].end
            if obj.lemma.lower() in self.lexicon.place_nouns:
                return True
            if any(lo <= p.start < hi for p in sentence.index.places_in(sentence.n)):
                return True
        return False

    def _human_target(self, sentence: ParsedSentence, i: int) -> bool:
        """ "Neutralised 15 fighters" is a killing, not a disrupted weapon."""
        for o in sentence.tree.kids(i, "dobj", "nsubjpass"):
            actor = sentence.index.actors.get(o.i)
            if actor is not None and actor.sector and not set(self._object_kinds(sentence, o.i)) & _WEAPONS:
                return True
        return False

    def _crewed_target(self, sentence: ParsedSentence, i: int) -> bool:
        """ "Shot down a Su-25": an attack on a crewed aircraft, not a stopped weapon."""
        for obj in sentence.tree.kids(i, "dobj", "nsubjpass"):
            kinds = self._object_kinds(sentence, obj.i)
            if "aircraft" in kinds and not set(kinds) & _WEAPONS:
                return True
        return False

    def _object_kinds(self, sentence: ParsedSentence, i: int) -> tuple[str, ...]:
        return self.kinds.targets.find(sentence.doc.tokens, sentence.tree.subtree(i))


def v1(lexicons: Lexicons) -> RuleTriggers:
    """`sitreport.triggers.rules.v1`: the rule finder over the packaged event lexicon."""
    return RuleTriggers(lexicons.events, lexicons.arguments)


def _words(doc: Document, idx: range | list[int]) -> set[str]:
    toks = [doc.tokens[j] for j in idx]
    out = {t.text.lower() for t in toks} | {t.lemma.lower() for t in toks}
    out |= {f"{a.text.lower()} {b.text.lower()}" for a, b in zip(toks, toks[1:], strict=False)}
    return out


def _prep_objects(tree: Tree, i: int) -> list[Token]:
    return [o for p in tree.kids(i, "prep") for o in tree.kids(p.i, "pobj")]


def _people_named_by_participle(tree: Tree, tok: Token) -> bool:
    """ "Carried the wounded", "some of the injured": a participle standing for the people it
    describes, with a determiner and in a noun's place, is no event mention."""
    return (
        tok.tag == "VBN"
        and tok.dep in {"dobj", "pobj", "nsubj", "nsubjpass", "conj"}
        and bool(tree.kids(tok.i, "det", "predet"))
        and not tree.kids(tok.i, "dobj", "agent", "nsubjpass", "auxpass")
    )


def _has_object(doc: Document, tree: Tree, i: int, wanted: frozenset[str]) -> bool:
    objs = tree.kids(i, "dobj", "nsubjpass", "attr") + _prep_objects(tree, i)
    for obj in objs:
        for head in tree.conjuncts(obj.i):
            tok = doc.tokens[head]
            if {tok.lemma.lower(), tok.text.lower()} & wanted:
                return True
    return False


def _has_purpose(doc: Document, tree: Tree, i: int, wanted: frozenset[str]) -> bool:
    """Whether verb `i` has a clause ("to demand", "demanding") or a phrase ("in protest")
    of one of `wanted`."""
    heads = tree.kids(i, "xcomp", "advcl", "conj") + _prep_objects(tree, i)
    return any({t.lemma.lower(), t.text.lower()} & wanted for t in heads)


def _drop_support_verbs(doc: Document, found: list[_Found]) -> list[_Found]:
    """ "Imposed sanctions on X": the noun carries the event, the verb only supports it."""
    verbs = {(f.i, f.entry.type) for f in found if not f.noun}
    support = {
        doc.tokens[f.i].head
        for f in found
        if f.noun and doc.tokens[f.i].dep in {"dobj", "nsubjpass"} and (doc.tokens[f.i].head, f.entry.type) in verbs
    }
    return [f for f in found if f.i not in support]
