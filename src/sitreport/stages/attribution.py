"""Attribution stage: who each claim comes through, outermost source first.

The chain is read off the parse by walking up from the event's trigger:
every reporting verb on the way ("said", "reported") adds its subject, a
"saying" clause adds the noun it hangs on ("sources saying ..."), citing
verbs add the cited source inside the citer ("officials cited by the
broadcaster", "X quoted Y"), and "according to X" is the outermost link.
Definite descriptions and pronouns ("the broadcaster", "he") resolve to the
latest source of the same kind named earlier in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sitreport.lexicon import ActorLexicon, CueLexicon
from sitreport.model import Actor, Attribution, Document, Entity, Event, Factuality, Source, SourceKind, Token
from sitreport.stages.factuality import Commitment
from sitreport.syntax import ENGLISH, RELATIVE_PRONOUNS, Tree, closing_quote
from sitreport.vocab import PLOVER

_CLAUSE_LINKS = {
    "ccomp",
    "xcomp",
    "advcl",
    "conj",
    "parataxis",
    "acl",
    "relcl",
    "pcomp",
    "dobj",
    "prep",
    "pobj",
    "nsubj",
    "nsubjpass",
    "attr",
    "appos",
    "ROOT",
    "dep",
    "oprd",
    "npadvmod",
}
# A descriptor in these sectors ("the rights group Pravo Monitor") outweighs a PERSON label.
_ORGANISATION_SECTORS = PLOVER.group("organisation")
_STATE_SECTORS = PLOVER.group("state")


@dataclass(frozen=True)
class _Lookups:
    """The document's entities by token and actors by head, built once per document."""

    entities: dict[int, Entity]
    actors: dict[int, Actor]

    @classmethod
    def build(cls, doc: Document) -> _Lookups:
        entities: dict[int, Entity] = {}
        for ent in doc.entities:
            for k in range(ent.first, ent.last):
                entities.setdefault(k, ent)
        actors: dict[int, Actor] = {}
        for actor in doc.actors:
            actors.setdefault(actor.head, actor)
        return cls(entities, actors)


@dataclass
class AttributionStage:
    cues: CueLexicon
    actors: ActorLexicon
    name: str = "attribution"
    requires: tuple[str, ...] = (
        "doc.tokens",
        "doc.sentences",
        "doc.entities",
        "doc.actors",
        "event.type",
        "event.head",
        "event.mentions",
        "event.cluster",
    )
    assigns: tuple[str, ...] = ("event.attribution",)

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        look = _Lookups.build(doc)
        seen: list[Source] = []
        known: set[Source] = set()
        own: list[Event] = []
        by_sentence: dict[int, list[Event]] = {}
        for event in doc.events:
            by_sentence.setdefault(event.sentence, []).append(event)
        for n in sorted(by_sentence):
            for event in by_sentence[n]:
                chain, cue = self.chain(doc, tree, look, event.head, seen)
                if not chain:
                    chain, cue = self._quoted_by(doc, tree, look, event.head, seen), cue or "quote"
                    cue = cue if chain else None
                own.append(replace(event, attribution=Attribution(tuple(chain), cue)))
            for event in own[-len(by_sentence[n]) :]:
                for source in event.attribution.chain:
                    if source.kind is not SourceKind.ANONYMOUS and source not in known:
                        known.add(source)
                        seen.append(source)
        order = {e.id: k for k, e in enumerate(doc.events)}
        own.sort(key=lambda e: order[e.id])
        extended = _extended(own)
        commitment = Commitment(self.cues)
        return replace(doc, events=tuple(self._sourced(doc, tree, commitment, e, extended) for e in extended))

    def _sourced(self, doc: Document, tree: Tree, commitment: Commitment, event: Event, events: list[Event]) -> Event:
        """A hedged claim with no source of its own ("are believed to have deserted") is
        sourced where the article says who reported it: the first sourced event of its cluster."""
        if event.attribution.chain or commitment.voice(doc, tree, event) is not Factuality.HEDGED:
            return event
        mate = next((o for o in events if o.cluster == event.cluster and o is not event and o.attribution.chain), None)
        return event if mate is None else replace(event, attribution=mate.attribution)

    def chain(
        self, doc: Document, tree: Tree, look: _Lookups, trigger: int, seen: list[Source]
    ) -> tuple[list[Source], str | None]:
        """Sources from the trigger outwards; returned outermost first."""
        inner_first: list[Source] = []
        cue: str | None = None
        prev = doc.tokens[trigger]
        for anc in tree.ancestors(trigger):
            lemma = anc.lemma.lower()
            if prev.dep not in _CLAUSE_LINKS or _own_relative_claim(tree, prev):
                break
            evidential = prev.dep == "xcomp"  # "are believed to have", "said to be": a hedge, not a source
            if (
                lemma in self.cues.reporting_verbs
                and anc.pos in {"VERB", "AUX"}
                and prev.dep != "nsubj"
                and not evidential
            ):
                found = self._speaker(doc, tree, look, anc.i, seen)
                if found:
                    inner_first.extend(found)
                    cue = cue or anc.text.lower()
            elif lemma in self.cues.report_nouns and anc.pos == "NOUN" and prev.dep in {"acl", "ccomp", "relcl"}:
                inner_first.append(Source(self._name(doc, tree, look, anc.i), SourceKind.REPORT))
                cue = cue or anc.text.lower()
            elif lemma in self.cues.allege_verbs and prev.dep in {"prep", "ccomp", "xcomp"} and anc.pos == "VERB":
                found = self._speaker(doc, tree, look, anc.i, seen)
                if found:
                    inner_first.extend(found)
                    cue = cue or anc.text.lower()
            elif lemma in self.cues.citing_verbs and prev.dep == "dobj":
                found = self._speaker(doc, tree, look, anc.i, seen)
                inner_first.extend(found)
            elif (
                anc.pos in {"NOUN", "PROPN"}
                and prev.dep == "acl"
                and prev.tag == "VBG"
                and prev.lemma.lower() in self.cues.reporting_verbs
            ):
                inner_first.extend(self._expand(doc, tree, look, anc.i, seen))
                cue = cue or prev.text.lower()
            prev = anc
        sent = doc.sentences[doc.sentence_of(trigger)]
        for i in range(sent.first, sent.last):
            tok = doc.tokens[i]
            if tok.dep == "parataxis" and tok.lemma.lower() in self.cues.reporting_verbs:
                if trigger not in tree.subtree(i):
                    found = self._speaker(doc, tree, look, i, seen)
                    inner_first.extend(s for s in found if s not in inner_first)
                    cue = cue or tok.text.lower()
        for i in range(sent.first, sent.last - 1):
            if f"{doc.tokens[i].text.lower()} {doc.tokens[i + 1].text.lower()}" in self.cues.according_to:
                for obj in tree.kids(i + 1, "pobj"):
                    inner_first.extend(self._expand(doc, tree, look, obj.i, seen))
                    cue = cue or f"{doc.tokens[i].text.lower()} {doc.tokens[i + 1].text.lower()}"
        chain: list[Source] = []
        for source in reversed(inner_first):
            if all(source.name.lower() != c.name.lower() for c in chain):
                chain.append(source)
        return chain, cue

    def _quoted_by(self, doc: Document, tree: Tree, look: _Lookups, trigger: int, seen: list[Source]) -> list[Source]:
        """The speaker of a quotation the trigger is inside, named by a reporting verb after
        the quotation closes: "“We will not retreat. We call on ... ,” the spokesman said."."""
        close = closing_quote(doc.text, doc.tokens[trigger].idx)
        after = None if close is None else next((t.i for t in doc.tokens if t.idx > close), None)
        if close is None or after is None:
            return []
        sent = doc.sentences[doc.sentence_of(after)]
        for i in range(after, sent.last):
            tok = doc.tokens[i]
            if tok.text == "\n":
                break
            if tok.lemma.lower() in self.cues.reporting_verbs and tok.pos in {"VERB", "AUX"}:
                return self._speaker(doc, tree, look, i, seen)
        return []

    def _speaker(self, doc: Document, tree: Tree, look: _Lookups, verb: int, seen: list[Source]) -> list[Source]:
        """Sources behind one reporting or citing verb, inner first."""
        subjects = tree.kids(verb, "nsubj")
        out: list[Source] = []
        if subjects:
            out = self._expand(doc, tree, look, subjects[0].i, seen)
        else:
            for agent in tree.kids(verb, "agent"):
                for obj in tree.kids(agent.i, "pobj"):
                    out = self._expand(doc, tree, look, obj.i, seen)
            if not out:
                out = self._preceding_name(doc, tree, look, verb, seen)
        if doc.tokens[verb].lemma.lower() in self.cues.telling_verbs:
            for hearer in tree.kids(verb, "dobj", "dative"):
                outlet = self.source(doc, tree, look, hearer.i, seen)
                if outlet is not None and outlet.kind is SourceKind.OUTLET:
                    out = [*out, outlet]  # "officials told Reuters": Reuters is further out
        for adv in tree.kids(verb, "advcl", "xcomp", "acl"):
            if adv.lemma.lower() in self.cues.citing_verbs:
                for obj in tree.kids(adv.i, "dobj"):
                    out = self._expand(doc, tree, look, obj.i, seen) + out
        for obj in tree.kids(verb, "dobj"):
            if doc.tokens[verb].lemma.lower() in self.cues.citing_verbs:
                out = self._expand(doc, tree, look, obj.i, seen) + out
        return out

    def _expand(self, doc: Document, tree: Tree, look: _Lookups, head: int, seen: list[Source]) -> list[Source]:
        """One source noun phrase plus whoever it was cited by, inner first."""
        source = self.source(doc, tree, look, head, seen)
        out = [source] if source else []
        for acl in tree.kids(head, "acl", "amod"):
            if acl.lemma.lower() not in self.cues.citing_verbs:
                continue
            agents = [o for a in tree.kids(acl.i, "agent") for o in tree.kids(a.i, "pobj")]
            if agents:
                out.extend(self._expand(doc, tree, look, agents[0].i, seen))
            else:
                out.extend(self._preceding_name(doc, tree, look, acl.i, seen))
        return out

    def _preceding_name(self, doc: Document, tree: Tree, look: _Lookups, verb: int, seen: list[Source]) -> list[Source]:
        """Repair for parses that lose the subject: "The Kyiv Post and Interfax-Ukraine quoted ..."."""
        sent = doc.sentences[doc.sentence_of(verb)]
        names: list[str] = []
        j = verb - 1
        while j >= sent.first:
            chunk_end = j
            while j >= sent.first and (
                doc.tokens[j].pos == "PROPN" or (doc.tokens[j].tag == "HYPH" and j > sent.first)
            ):
                j -= 1
            if j == chunk_end:
                break
            names.insert(0, _clean(doc.text[doc.tokens[j + 1].idx : doc.tokens[chunk_end].end]))
            if j >= sent.first and doc.tokens[j].text.lower() in ENGLISH.list_joiners:
                j -= 1
                continue
            break
        if not names:
            return []
        return [Source(names[0], self._kind(names[0], None, False), tuple(names[1:]))]

    def source(self, doc: Document, tree: Tree, look: _Lookups, head: int, seen: list[Source]) -> Source | None:
        tok = doc.tokens[head]
        low = tok.text.lower()
        if tok.pos == "PRON":
            actor = look.actors.get(head)
            person = ENGLISH.pronouns.get(low) == "person"
            if actor is not None and actor.name:
                kind = SourceKind.PERSON if person else self._kind(actor.name, None, False, actor)
                return Source(actor.name, kind)
            want = SourceKind.PERSON if person else None
            for s in reversed(seen):
                if want is None or s.kind == want:
                    return s
            return None
        if ENGLISH.pronouns.get(low) in {"thing", "group"} or low in ENGLISH.relative_pronouns:
            return None
        conj_names = [self._name(doc, tree, look, c) for c in tree.conjuncts(head)[1:]]
        name, proper = self._name_and_proper(doc, tree, look, head)
        descriptive = " " in name and tok.lemma.lower() not in self.cues.group_nouns  # "the regional administration"
        if not proper and tree.is_definite(head) and not descriptive:
            earlier = self._antecedent(tok.lemma.lower(), self._kind(name, tok.lemma.lower(), False), seen)
            if earlier is not None:
                return earlier
            named = look.actors.get(head)  # "the group said": the organisation the actors stage found
            if named is not None and named.name and named.name.lower() not in name.lower():
                return Source(named.name, self._kind(named.name, None, False, named))
        actor = look.actors.get(head)
        person = tok.ent_type == "PERSON" and (actor is None or actor.sector not in _ORGANISATION_SECTORS)
        kind = SourceKind.ANONYMOUS if not proper else self._kind(name, tok.lemma.lower(), person, actor)
        if not proper and self._kind(name, tok.lemma.lower(), False) is SourceKind.OUTLET:
            kind = SourceKind.OUTLET
        return Source(name, kind, tuple(n for n in conj_names if n))

    def _antecedent(self, lemma: str, kind: SourceKind, seen: list[Source]) -> Source | None:
        """The named source a definite description refers to: "the ministry" -> the last
        source with "Ministry" in its name, "the broadcaster" -> the last outlet,
        "the group" -> the last organisation."""
        unnamed = {SourceKind.PERSON, SourceKind.ANONYMOUS, SourceKind.REPORT}
        named = [s for s in reversed(seen) if s.kind not in unnamed]
        for s in named:
            if lemma in s.name.lower().split():
                return s
        grouping = kind in {SourceKind.ORGANIZATION, SourceKind.ANONYMOUS} and lemma in self.cues.group_nouns
        for s in named:
            if s.kind == kind or grouping:
                return s
        return None

    def _name(self, doc: Document, tree: Tree, look: _Lookups, head: int) -> str:
        return self._name_and_proper(doc, tree, look, head)[0]

    def _name_and_proper(self, doc: Document, tree: Tree, look: _Lookups, head: int) -> tuple[str, bool]:
        """The proper name inside a source phrase, else the phrase without determiners."""
        tok = doc.tokens[head]
        if tok.pos == "PROPN" or tok.ent_type in {"ORG", "PERSON", "GPE", "NORP", "FAC"}:
            ent = look.entities.get(head)
            if ent is not None and ent.label not in {"DATE", "CARDINAL", "TIME"}:
                return _clean(ent.text), True
            chunk = [head] + [c.i for c in tree.kids(head, "compound") if doc.tokens[c.i].pos == "PROPN"]
            return _clean(_text(doc, min(chunk), max(chunk))), True
        for app in tree.kids(head, "appos") + [
            a for p in tree.kids(head, "prep") for o in tree.kids(p.i, "pobj") for a in tree.kids(o.i, "appos")
        ]:
            if app.pos == "PROPN" and not self.actors.country_of(app.text):
                return self._name_and_proper(doc, tree, look, app.i)
        start = head
        while (
            start > 0
            and doc.tokens[start - 1].head == head
            and doc.tokens[start - 1].dep in {"compound", "amod"}
            and doc.tokens[start - 1].pos != "VERB"
        ):
            start -= 1
        while start < head and (
            doc.tokens[start].pos in {"DET", "PRON"} or self.actors.country_of(doc.tokens[start].text)
        ):
            start += 1
        return _clean(_text(doc, start, head)), False

    def _kind(self, name: str, head_lemma: str | None, is_person: bool, actor: Actor | None = None) -> SourceKind:
        low = name.lower()
        if low in self.actors.outlets or (head_lemma and head_lemma in self.cues.outlet_nouns):
            return SourceKind.OUTLET
        if any(low.endswith(" " + w) for w in self.cues.outlet_name_endings):
            return SourceKind.OUTLET
        if is_person:
            return SourceKind.PERSON
        if head_lemma and head_lemma in self.cues.anonymous_heads:
            return SourceKind.ANONYMOUS
        if actor is not None and actor.sector in _STATE_SECTORS:
            return SourceKind.GOVERNMENT
        return SourceKind.ORGANIZATION


def _extended(events: list[Event]) -> list[Event]:
    """A source's own sourcing, once the article states it ("officials cited by the
    broadcaster"), extends every chain that stops at that source."""
    inner: dict[str, set[Source]] = {}
    for e in events:
        oc = e.attribution.chain
        for outer, within in zip(oc, oc[1:], strict=False):
            inner.setdefault(outer.name, set()).add(within)
    out = []
    for e in events:
        chain = e.attribution.chain
        extra = inner.get(chain[-1].name, set()) if chain else set()
        if len(extra) == 1:
            (source,) = extra
            if all(source.name != c.name for c in chain):
                e = replace(e, attribution=replace(e.attribution, chain=(*chain, source)))
        out.append(e)
    return out


def _own_relative_claim(tree: Tree, clause: Token) -> bool:
    """ "..., which Moscow has denied": a relative clause with a subject of its own is
    that subject's claim, told in the outlet's voice, not part of the outer report."""
    if clause.dep != "relcl":
        return False
    return any(s.lemma.lower() not in RELATIVE_PRONOUNS for s in tree.kids(clause.i, "nsubj", "nsubjpass"))


def _text(doc: Document, first: int, last: int) -> str:
    return doc.text[doc.tokens[first].idx : doc.tokens[last].end]


def _clean(name: str) -> str:
    return ENGLISH.bare_name(name.strip(' ,.—-–"“”')).strip()
