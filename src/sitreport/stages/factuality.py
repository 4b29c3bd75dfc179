"""Factuality stage: how firmly the text commits to each event.

Read from the trigger up through the clauses that govern it: a negation on
the trigger's own clause negates it; a denial verb above it denies it (and a
"which X denied" in the sentence turns an allegation into a denial); "if" and
an inverted "Should" make it hypothetical; "accused X of" makes it alleged;
future modals and plan verbs ("planning to", "set to") make it planned; hedge
words make it hedged; an attribution chain makes it reported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitreport.lexicon import CueLexicon
from sitreport.model import Document, Event, EventType, Factuality, Token
from sitreport.syntax import Tree
from sitreport.vocab import PLOVER

_STOP_AT = {"parataxis"}
# A clause describing a noun ("the soldiers who shelled", "a protester arrested") and the
# nominal subjects whose description then ends the path (see `_governors`).
_DESCRIBING = {"relcl", "acl", "appos"}
_SUBJECTS = {"nsubj", "nsubjpass"}
# Families whose events an announcement only claims ("the army announced it killed 40").
_CLAIMED = frozenset(t for t, family in PLOVER.families.items() if family in {"violence", "coercion"})


# Speech acts about another claim: a denial or an accusation is itself asserted, whatever
# verb governs it ("Moscow denied the report": the denial happened).
_SPEECH_ACTS = frozenset({EventType.REJECT, EventType.ACCUSE})


@dataclass
class FactualityStage:
    cues: CueLexicon
    name: str = "factuality"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.sentences",
        "event.type",
        "event.head",
        "event.actors",
        "event.attribution",
    )
    assigns: tuple[str, ...] = ("event.factuality",)

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        commitment = Commitment(self.cues)
        return replace(
            doc, events=tuple(replace(e, factuality=commitment.judge(doc, tree, e)) for e in doc.events)
        )


@dataclass(frozen=True)
class Commitment:
    """The factuality rules, shared with the attribution stage (which sources a hedged
    claim through its restatement, and so must know a claim is hedged)."""

    cues: CueLexicon

    def judge(self, doc: Document, tree: Tree, event: Event) -> Factuality:
        """The event's factuality: its `voice`, reported when it is asserted through a source."""
        voice = self.voice(doc, tree, event)
        if voice is Factuality.ASSERTED and event.attribution.chain and not self._own_announcement(doc, tree, event):
            return Factuality.REPORTED
        return voice

    def _own_announcement(self, doc: Document, tree: Tree, event: Event) -> bool:
        """Whether the event is its actor's own act, announced by the actor ("the minister
        announced he had resigned"): the announcement performs it, so the outlet asserts it."""
        if event.type.value in _CLAIMED:
            return False
        verb = next((a for a in tree.ancestors(event.head) if a.lemma.lower() in self.cues.reporting_verbs), None)
        head = doc.tokens[event.head]
        if verb is None and head.pos == "NOUN" and head.dep == "dobj":
            verb = doc.tokens[head.head]  # "announced investigations"
        if verb is None or verb.lemma.lower() not in self.cues.announcing_verbs:
            return False
        speakers = {j for s in tree.kids(verb.i, "nsubj") for j in tree.subtree(s.i)}
        said = set(tree.subtree(verb.i)) - speakers
        # the actor is the speaker, or a pronoun in what the speaker said ("announced he had resigned")
        return any(a.head in speakers or (doc.tokens[a.head].pos == "PRON" and a.head in said) for a in event.actors)

    def voice(self, doc: Document, tree: Tree, event: Event) -> Factuality:
        """How the sentence's own words commit to the event, whoever is its source."""
        cues = self.cues
        trigger = event.head
        path = [doc.tokens[trigger], *self._governors(doc, tree, trigger)]
        if self._negated(doc, tree, trigger):
            return Factuality.NEGATED
        lemmas = [] if event.type in _SPEECH_ACTS else [t.lemma.lower() for t in path[1:]]
        if any(lemma in cues.deny_verbs for lemma in lemmas):
            return Factuality.DENIED
        if self._conditional(doc, tree, path):
            return Factuality.HYPOTHETICAL
        alleging = any(lemma in cues.allege_verbs or lemma in cues.allege_nouns for lemma in lemmas)
        if alleging or self._alleged(tree, path):
            return Factuality.DENIED if self._relative_denial(doc, tree, event) else Factuality.ALLEGED
        if self._planned(doc, tree, path):
            return Factuality.PLANNED
        if self._hedged(doc, tree, path):
            return Factuality.HEDGED
        return Factuality.ASSERTED

    def _negated(self, doc: Document, tree: Tree, trigger: int) -> bool:
        """Whether the trigger's own clause is negated: a negation on the trigger (or on the
        verb an event noun is the object of: "launched no attacks"), a refusal or failure
        it is the infinitive of ("refused to open", "failed to agree"), or a negating
        conjunction on its clause or the clause it is the infinitive of ("nor am I going to
        quit")."""
        tok = doc.tokens[trigger]
        own = [tok]
        if tok.dep in {"dobj", "nsubjpass", "pobj"} and tok.pos == "NOUN":
            own.append(doc.tokens[tok.head])
        if any(k.lemma.lower() in self.cues.negations for t in own for k in tree.kids(t.i, "neg", "det")):
            return True
        # a negation on a verb the trigger is the infinitive of is left alone ("did not
        # hesitate to fire"); a refusal or a "nor" on that verb is not
        while own[-1].dep == "xcomp" and own[-1].head != own[-1].i:
            governor = doc.tokens[own[-1].head]
            if governor.lemma.lower() in self.cues.refusal_verbs:
                return True
            own.append(governor)
        return any(t.dep == "conj" and self._joined_by_negation(tree, t) for t in own)

    def _joined_by_negation(self, tree: Tree, conjunct: Token) -> bool:
        """Whether a conjunct is joined by "nor" (the parser hangs the conjunction on the
        first conjunct, between the two)."""
        joiners = tree.kids(conjunct.i, "cc") + [
            k for k in tree.kids(conjunct.head, "cc") if conjunct.head < k.i < conjunct.i
        ]
        return any(k.text.lower() in self.cues.negating_conjunctions for k in joiners)

    def _governors(self, doc: Document, tree: Tree, trigger: int) -> list[Token]:
        """The words above the trigger whose meaning bears on it, up to its reporting verb.
        An event told in a clause describing a verb's subject is not in that verb's scope:
        "the soldiers who shelled the village denied wrongdoing" denies the wrongdoing, not
        the shelling."""
        out: list[Token] = []
        prev = doc.tokens[trigger]
        described = False
        for anc in tree.ancestors(trigger):
            evidential = prev.dep == "xcomp"
            reporting = anc.lemma.lower() in self.cues.reporting_verbs and not self._denied_claim(doc, anc)
            if prev.dep in _STOP_AT or (reporting and not evidential):
                break
            if anc.text.lower() in self.cues.presupposing_prepositions and prev.dep in {"pobj", "pcomp"}:
                break  # "after the attack that killed 12": the attack is taken as fact
            if described and prev.dep in _SUBJECTS:
                break
            described = described or prev.dep in _DESCRIBING
            out.append(anc)
            prev = anc
        return out

    def _denied_claim(self, doc: Document, word: Token) -> bool:
        """A claim noun that a denial governs: "rejected claims that officers beat ..."
        denies what was claimed (the claim itself bounds nothing)."""
        return word.pos == "NOUN" and doc.tokens[word.head].lemma.lower() in self.cues.deny_verbs

    def _conditional(self, doc: Document, tree: Tree, path: list[Token]) -> bool:
        marks = self.cues.conditional_marks
        for t in path:
            if any(m.text.lower() in marks for m in tree.kids(t.i, "mark", "advmod")):
                return True
        for t in path[1:]:
            # "called for a strike if the bill passes": the condition governs what was called for
            for clause in tree.kids(t.i, "advcl"):
                if any(m.text.lower() in marks for m in tree.kids(clause.i, "mark")):
                    return True
        sent = doc.sentences[doc.sentence_of(path[0].i)]
        first = doc.tokens[sent.first]
        inverted = first.text.lower() in self.cues.conditional_inversions and first.dep in {"aux", "mark"}
        return inverted and any(first.head == t.i for t in path)

    def _alleged(self, tree: Tree, path: list[Token]) -> bool:
        return any(k.lemma.lower() in self.cues.allege_adverbs for t in path[:4] for k in tree.kids(t.i, "advmod"))

    def _planned(self, doc: Document, tree: Tree, path: list[Token]) -> bool:
        trigger = path[0]
        if trigger.pos == "NOUN":
            modifiers = tree.kids(trigger.i, "amod", "compound")
            if any(k.text.lower() in self.cues.plan_modifiers for k in modifiers):
                return True  # "the upcoming visit"
            relatives = tree.kids(trigger.i, "relcl")
            if any(k.lemma.lower() in self.cues.plan_relatives and tree.is_passive(k.i) for k in relatives):
                return True  # "the visit, which is expected to take place ..."
        for n, t in enumerate(path):
            if n > 0 and t.pos == "NOUN" and t.lemma.lower() in self.cues.plan_nouns and path[n - 1].dep == "acl":
                return True  # "plans to call up reservists"
            if any(
                a.lemma.lower() in self.cues.future_modals or a.text.lower() in self.cues.future_modals
                for a in tree.kids(t.i, "aux")
            ):
                return True
            if n > 0 and t.lemma.lower() in self.cues.plan_words and path[n - 1].dep in {"xcomp", "advcl"}:
                return True
        return False

    def _hedged(self, doc: Document, tree: Tree, path: list[Token]) -> bool:
        hedges = self.cues.hedge_words
        for t in path[:4]:
            if t.lemma.lower() in hedges or t.text.lower() in hedges:
                return True
            if t is not path[0] and t.lemma.lower() in self.cues.reporting_verbs:
                return True  # only evidential governors get here: "are believed / said to have"
            for k in tree.kids(t.i, "advmod", "aux", "acomp"):
                if k.lemma.lower() in hedges or k.text.lower() in hedges:
                    return True
        return False

    def _relative_denial(self, doc: Document, tree: Tree, event: Event) -> bool:
        sent = doc.sentences[event.sentence]
        for i in range(sent.first, sent.last):
            tok = doc.tokens[i]
            if tok.lemma.lower() in self.cues.deny_verbs and tok.dep in {"relcl", "conj", "advcl"}:
                return True
        return False
