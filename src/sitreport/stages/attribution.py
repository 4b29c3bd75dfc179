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
from sitreport.syntax import ENGLISH, RELATIVE_PRONOUNS, Tree, closing_quote, opening_quote
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
# How many paragraphs back a quotation running on from paragraph to paragraph is followed
# to find its speaker.
_RUN_ON_PARAGRAPHS = 4
# The most words a closing reporting clause's speaker may have ("..., the regional military
# administration's press service said").
_MAX_TAIL_SPEAKER = 8
# A descriptor in these sectors ("the rights group Pravo Monitor") outweighs a PERSON label.
_ORGANISATION_SECTORS = PLOVER.group("organisation")
_STATE_SECTORS = PLOVER.group("state")


@dataclass(frozen=True)
class _Person:
    """A person the document names: their fullest name with the office it gives them
    ("Defence Minister Paul Orban"), and the office's words ("defence", "minister")."""

    name: str
    office: frozenset[str]
    country: str | None = None


@dataclass(frozen=True)
class _Lookups:
    """The document's entities by token, actors by head and persons by mention, built once
    per document."""

    entities: dict[int, Entity]
    actors: dict[int, Actor]
    people: dict[int, _Person]  # first token of each PERSON mention -> the person it names

    @classmethod
    def build(cls, doc: Document, tree: Tree) -> _Lookups:
        entities: dict[int, Entity] = {}
        for ent in doc.entities:
            for k in range(ent.first, ent.last):
                entities.setdefault(k, ent)
        actors: dict[int, Actor] = {}
        for actor in doc.actors:
            actors.setdefault(actor.head, actor)
        return cls(entities, actors, _people(doc, tree, actors))

    def person_at(self, i: int) -> _Person | None:
        ent = self.entities.get(i)
        return None if ent is None else self.people.get(ent.first)

    def person_named(self, name: str) -> _Person | None:
        """The person a bare name stands for when the parser gave it no PERSON label: the
        last person whose name ends in it ("Petrov" after "Colonel Ivan Petrov")."""
        words = name.split()
        for k in sorted(self.people, reverse=True):
            if self.people[k].name.split()[-len(words) :] == words:
                return self.people[k]
        return None

    def person_before(self, i: int) -> _Person | None:
        """The person named last before token `i`: whom "he" or "she" stands for."""
        firsts = [k for k in self.people if k < i and not (self.entities[k].first <= i < self.entities[k].last)]
        return self.people[max(firsts)] if firsts else None

    def person_by_office(self, word: str, before: int) -> _Person | None:
        """The person named last before `before` whose office has `word`: "the president"."""
        for k in sorted(self.people, reverse=True):
            if k < before and word in self.people[k].office:
                return self.people[k]
        return None


def _people(doc: Document, tree: Tree, actors: dict[int, Actor]) -> dict[int, _Person]:
    """Every PERSON mention mapped to one person: a surname alone ("Orban") or a shorter
    form is the person named in full before it; the office is read from the title before
    the name ("Defence Minister Paul Orban") or a noun set beside it ("Paul Orban, the
    defence minister")."""
    out: dict[int, _Person] = {}
    known: list[tuple[str, _Person]] = []
    for ent in doc.entities:
        if ent.label != "PERSON":
            continue
        full = _clean(ent.text)
        if not full:
            continue
        earlier = next((p for name, p in reversed(known) if _same_person(full, name)), None)
        title = _title(doc, tree, actors, ent)
        office = frozenset(w.lower() for w in title.split()) | _apposed_office(doc, tree, ent)
        actor = next((actors[k] for k in range(ent.first, ent.last) if k in actors), None)
        country = actor.country if actor is not None else None
        if earlier is not None:
            person = _Person(earlier.name, earlier.office | office, earlier.country or country)
        else:
            person = _Person(f"{title} {full}".strip(), office, country)
        known.append((full, person))
        out[ent.first] = person
    return out


def _same_person(name: str, earlier: str) -> bool:
    """Whether `name` names the person named `earlier`: the same name, or its last words."""
    words, full = name.split(), earlier.split()
    return words == full or (len(words) < len(full) and full[-len(words) :] == words)


def _title(doc: Document, tree: Tree, actors: dict[int, Actor], ent: Entity) -> str:
    """The office written before a name in its own noun phrase: "Defence Minister" of
    "Defence Minister Paul Orban" (the actors stage's phrase for it, less the name)."""
    actor = next((actors[k] for k in range(ent.first, ent.last) if k in actors), None)
    if actor is None or not actor.text.endswith(ent.text) or actor.start >= ent.start:
        return ""
    before = doc.text[actor.start : ent.start].strip()
    if not before or any(c in before for c in ",;:()\"“”"):
        return ""
    return _clean(ENGLISH.bare_name(before))


def _apposed_office(doc: Document, tree: Tree, ent: Entity) -> frozenset[str]:
    """The words of a common noun set beside a name: "Paul Orban, the defence minister"."""
    out: set[str] = set()
    for k in range(ent.first, ent.last):
        for app in tree.kids(k, "appos"):
            if app.pos == "NOUN" and not (ent.first <= app.i < ent.last):
                out.add(app.lemma.lower())
                out.update(c.lemma.lower() for c in tree.kids(app.i, "compound", "amod"))
    return frozenset(out)


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
        look = _Lookups.build(doc, tree)
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
                    chain, cue = self._quoted_by(doc, tree, look, event.head, seen)[::-1], cue or "quote"
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
        below: Token | None = None  # the step before `prev`
        for anc in tree.ancestors(trigger):
            lemma = anc.lemma.lower()
            if prev.dep not in _CLAUSE_LINKS or _own_relative_claim(tree, prev):
                break
            if prev.dep == "conj" and lemma in self.cues.reporting_verbs and not _reported_that(tree, prev):
                break  # "the ministry said ... and urged calm": the urging is told, not said
            evidential = prev.dep == "xcomp"  # "are believed to have", "said to be": a hedge, not a source
            if (
                lemma in self.cues.reporting_verbs
                and anc.pos in {"VERB", "AUX"}
                and prev.dep != "nsubj"
                and not evidential
            ):
                found = self._speaker(doc, tree, look, anc.i, seen)
                if found:
                    inner_first.extend(self._cited_before(doc, tree, look, prev, seen) + found)
                    cue = cue or anc.text.lower()
            elif lemma in self.cues.report_nouns and anc.pos == "NOUN" and prev.dep in {"acl", "ccomp", "relcl"}:
                issuer = self._issuer(doc, tree, look, anc, seen)
                inner_first.append(issuer or Source(self._report_name(doc, tree, look, anc.i), SourceKind.REPORT))
                cue = cue or anc.text.lower()
            elif lemma in self.cues.allege_verbs and anc.pos == "VERB" and (
                prev.dep in {"prep", "ccomp", "xcomp"}
                # "accused the army of shelling": the parser hangs "of" on the object
                or (prev.dep == "dobj" and below is not None and below.dep == "prep")
            ):
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
            below, prev = prev, anc
        sent = doc.sentences[doc.sentence_of(trigger)]
        above = {trigger} | {a.i for a in tree.ancestors(trigger)}
        for i in range(sent.first, sent.last):
            tok = doc.tokens[i]
            if tok.lemma.lower() not in self.cues.reporting_verbs or trigger in tree.subtree(i):
                continue
            if tok.dep == "parataxis":
                found = self._speaker(doc, tree, look, i, seen)
            elif tok.dep == "conj" and tok.head in above and i > trigger:
                found = self._tail_speaker(doc, tree, look, i, seen)
            elif tok.tag == "VBN" and i > sent.first and doc.tokens[i - 1].text.lower() == "as":
                found = self._speaker(doc, tree, look, i, seen)  # "..., as confirmed by the minister"
            else:
                continue
            inner_first.extend(s for s in found if s not in inner_first)
            cue = cue or (tok.text.lower() if found else None)
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

    def _cited_before(
        self, doc: Document, tree: Tree, look: _Lookups, claim: Token, seen: list[Source]
    ) -> list[Source]:
        """Who a reporter cites between its verb and what it reports: "the agency reported,
        citing the border guards, that ...", the parser hanging the citing clause on the claim."""
        out: list[Source] = []
        for adv in tree.kids(claim.i, "advcl"):
            if adv.lemma.lower() not in self.cues.citing_verbs:
                continue
            inside = set(tree.subtree(adv.i))
            rest = [k for k in tree.subtree(claim.i) if k not in inside and doc.tokens[k].pos != "PUNCT"]
            if rest and adv.i < rest[0]:
                for obj in tree.kids(adv.i, "dobj"):
                    out = self._expand(doc, tree, look, obj.i, seen) + out
        return out

    def _quoted_by(self, doc: Document, tree: Tree, look: _Lookups, trigger: int, seen: list[Source]) -> list[Source]:
        """The speaker of a quotation the trigger is inside: named by a reporting verb after
        the quotation closes ("“We will not retreat ... ,” the spokesman said") or just before
        it opens ("The mayor said: “...”"). A paragraph that is nothing but a quotation, its
        speaker unnamed, goes on quoting the speaker of the paragraph before (as news writes
        a quotation that runs on)."""
        at = doc.tokens[trigger].idx
        opened = opening_quote(doc.text, at)
        if opened is None:
            return []
        for _ in range(_RUN_ON_PARAGRAPHS):
            found = self._quote_speaker(doc, tree, look, opened, closing_quote(doc.text, opened + 1), seen)
            para = doc.text.rfind("\n", 0, opened) + 1
            if found or doc.text[para:opened].strip() or para == 0:
                return found
            last = _last_quotation(doc.text, para - 1)
            if last is None:
                return self._last_speaker(doc, tree, look, para - 1, seen)
            opened = last
        return []

    def _last_speaker(self, doc: Document, tree: Tree, look: _Lookups, end: int, seen: list[Source]) -> list[Source]:
        """The speaker of the last reporting verb in the paragraph ending at offset `end` (a
        quotation paragraph after "Superintendent X said the victim was a bystander." is hers)."""
        start = doc.text.rfind("\n", 0, end) + 1
        verbs = [
            t.i
            for t in doc.tokens
            if start <= t.idx < end and t.pos in {"VERB", "AUX"} and t.lemma.lower() in self.cues.reporting_verbs
        ]
        return self._speaker(doc, tree, look, verbs[-1], seen) if verbs else []

    def _quote_speaker(
        self, doc: Document, tree: Tree, look: _Lookups, opened: int, close: int | None, seen: list[Source]
    ) -> list[Source]:
        """Who says the quotation opening at offset `opened` (closing at `close`): the speaker
        of a reporting verb after it in its paragraph, else of one right before it."""
        line_end = doc.text.find("\n", opened)
        line_end = len(doc.text) if line_end < 0 else line_end
        after = None if close is None else next((t.i for t in doc.tokens if t.idx > close), None)
        if after is not None and doc.tokens[after].idx < line_end:
            sent = doc.sentences[doc.sentence_of(after)]
            for i in range(after, sent.last):
                tok = doc.tokens[i]
                if tok.idx >= line_end:
                    break
                if tok.lemma.lower() in self.cues.reporting_verbs and tok.pos in {"VERB", "AUX"}:
                    return self._closing_speaker(doc, tree, look, after, i, seen)
        before = [t for t in doc.tokens if t.idx < opened and doc.text.rfind("\n", 0, opened) < t.idx]
        for tok in reversed(before):
            if tok.pos in {"VERB", "AUX"} and tok.dep != "aux":
                if tok.lemma.lower() in self.cues.reporting_verbs:
                    return self._speaker(doc, tree, look, tok.i, seen)
                break
            if tok.text in {".", "!", "?"}:
                break
        return []

    def _closing_speaker(
        self, doc: Document, tree: Tree, look: _Lookups, first: int, verb: int, seen: list[Source]
    ) -> list[Source]:
        """The speaker of the reporting verb closing a quotation (`first` is the first token
        after the quotation). A quotation of two sentences leaves the parser hanging the
        speaker on the last quoted verb ("... nothing,” a resident told Lusa": "resident" its
        object): then the speaker is the first noun phrase after the quotation."""
        found = self._speaker(doc, tree, look, verb, seen)
        if any(s.kind is not SourceKind.OUTLET for s in found):
            return found
        heads = [
            k
            for k in range(first, verb)
            if doc.tokens[k].pos in {"NOUN", "PROPN"} and not (first <= doc.tokens[k].head < verb)
        ]
        named = self.source(doc, tree, look, heads[0], seen) if heads else None
        return found if named is None else [named, *found]

    def _coded_antecedent(self, doc: Document, pronoun: Actor) -> Source | None:
        """What "it" or "they" stands for, by the coding the actors stage gave the pronoun: the
        last speaker before it coded the same ("The Israeli military said ... It said")."""
        if pronoun.sector is None:
            return None
        for actor in reversed(doc.actors):
            head = doc.tokens[actor.head]
            if actor.start >= pronoun.start or head.pos == "PRON" or head.dep != "nsubj":
                continue
            if doc.tokens[head.head].lemma.lower() not in self.cues.reporting_verbs:
                continue
            if actor.sector == pronoun.sector and actor.country == pronoun.country:
                name = _clean(actor.text)
                return Source(name, self._kind(name, head.lemma.lower(), False, actor)) if name else None
        return None

    def _quoted_as_saying(
        self, doc: Document, tree: Tree, look: _Lookups, verb: int, seen: list[Source]
    ) -> list[Source]:
        """ "The agency quoted a colonel as saying ...", "a colonel was quoted by the agency as
        saying ...": the one quoted, inner first, then who quoted them."""
        word = doc.tokens[doc.tokens[verb].head]
        quoting = doc.tokens[word.head]
        if word.text.lower() != "as" or quoting.lemma.lower() not in self.cues.citing_verbs:
            return []
        quoted = tree.kids(quoting.i, "dobj") or tree.kids(quoting.i, "nsubjpass")
        agents = [o for a in tree.kids(quoting.i, "agent") for o in tree.kids(a.i, "pobj")]
        citers = tree.kids(quoting.i, "nsubj") or agents
        out = [self.source(doc, tree, look, t.i, seen) for t in quoted[:1] + citers[:1]]
        return [s for s in out if s is not None]

    def _tail_speaker(self, doc: Document, tree: Tree, look: _Lookups, verb: int, seen: list[Source]) -> list[Source]:
        """The speaker of a reporting clause closing the sentence after a comma that the parser
        coordinated with the claim ("The sides agreed to ..., Qatar's foreign ministry said in
        a statement"): the words between the comma and the verb, when they hold no verb and no
        conjunction (a coordinated verb, "... and said", is not such a clause)."""
        j = verb - 1
        while j > 0 and doc.tokens[j].text != "," and verb - j <= _MAX_TAIL_SPEAKER:
            j -= 1
        span = list(range(j + 1, verb))
        if doc.tokens[j].text != "," or not span:
            return []
        if any(doc.tokens[k].pos in {"VERB", "AUX", "CCONJ", "SCONJ"} for k in span):
            return []
        if tree.kids(verb, "nsubj"):
            return self._speaker(doc, tree, look, verb, seen)
        head = next((k for k in span if doc.tokens[k].head not in span), span[-1])
        found = self.source(doc, tree, look, head, seen)
        if found is None:
            return []
        name = _clean(ENGLISH.bare_name(_text(doc, span[0], span[-1])))
        if found.kind is SourceKind.PERSON or len(name) <= len(found.name):
            return [found]
        return [Source(name, found.kind, found.also)]

    def _speaker(self, doc: Document, tree: Tree, look: _Lookups, verb: int, seen: list[Source]) -> list[Source]:
        """Sources behind one reporting or citing verb, inner first."""
        subjects = tree.kids(verb, "nsubj")
        if not subjects and not tree.kids(verb, "agent") and doc.tokens[verb].dep in {"conj", "advcl", "xcomp"}:
            # "police arrested five and said ...", "the junta denied it, saying ...", "..., adding that"
            subjects = tree.kids(doc.tokens[verb].head, "nsubj")
        out: list[Source] = []
        quoting = self._quoted_as_saying(doc, tree, look, verb, seen) if not subjects else []
        if quoting:
            return quoting
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
            last = look.person_before(head) if person else None
            if last is not None:
                return Source(last.name, SourceKind.PERSON)
            if low in ENGLISH.first_person:
                return None  # "we", "I" inside a quotation: its speaker, read off the quotation
            third = ENGLISH.pronouns.get(low) in {"thing", "group"}
            same = self._coded_antecedent(doc, actor) if actor is not None and third else None
            if same is not None:
                return same
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
        if not proper and tree.is_definite(head):
            office = look.person_by_office(tok.lemma.lower(), head)
            country = self._modifier_country(doc, tree, head)
            if office is not None and (country is None or office.country in {None, country}):
                return Source(office.name, SourceKind.PERSON)  # "the Ukrainian president" after "President X"
        if not proper and tree.is_definite(head) and not descriptive:
            own_word = len(name.split()) > 1  # "the border service": a modifier of its own
            earlier = self._antecedent(tok.lemma.lower(), self._kind(name, tok.lemma.lower(), False), seen, own_word)
            if earlier is not None:
                return earlier
            named = look.actors.get(head)  # "the group said": the organisation the actors stage found
            if named is not None and named.name and named.name.lower() not in name.lower():
                return Source(named.name, self._kind(named.name, None, False, named))
        actor = look.actors.get(head)
        person = tok.ent_type == "PERSON" and (actor is None or actor.sector not in _ORGANISATION_SECTORS)
        holder = None
        if proper and person:
            holder = look.person_at(head)
        elif proper and tok.pos == "PROPN":
            holder = look.person_named(name)  # "Petrov said", the parser not calling it a person
        if holder is not None:
            return Source(holder.name, SourceKind.PERSON, tuple(n for n in conj_names if n))
        if not proper and tok.lemma.lower() in self.cues.report_nouns:
            name = self._report_name(doc, tree, look, head)  # "according to a statement from the army"
        kind = SourceKind.ANONYMOUS if not proper else self._kind(name, tok.lemma.lower(), person, actor)
        if proper and any(k.lemma.lower() in self.cues.outlet_nouns for k in tree.kids(head, "compound")):
            kind = SourceKind.OUTLET  # "the news agency Lusa", "state broadcaster TVM"
        if not proper and self._kind(name, tok.lemma.lower(), False) is SourceKind.OUTLET:
            kind = SourceKind.OUTLET
        return Source(name, kind, tuple(n for n in conj_names if n))

    def _modifier_country(self, doc: Document, tree: Tree, head: int) -> str | None:
        """The country a demonym or country name before the noun gives it ("the Russian president")."""
        for mod in tree.kids(head, "amod", "compound", "poss"):
            country = self.actors.country_of(mod.text)
            if country:
                return country
        return None

    def _antecedent(self, lemma: str, kind: SourceKind, seen: list[Source], own_word: bool = False) -> Source | None:
        """The named source a definite description refers to: "the ministry" -> the last
        source with "Ministry" in its name, "the broadcaster" -> the last outlet,
        "the group" -> the last organisation. A description with a word of its own
        (`own_word`: "the border service") stands for an earlier source only when it names
        it or its noun is one that stands for any organisation ("the rights group")."""
        unnamed = {SourceKind.PERSON, SourceKind.ANONYMOUS, SourceKind.REPORT}
        named = [s for s in reversed(seen) if s.kind not in unnamed]
        for s in named:
            if lemma in s.name.lower().split():
                return s
        grouping = kind in {SourceKind.ORGANIZATION, SourceKind.ANONYMOUS} and lemma in self.cues.group_nouns
        if own_word and lemma not in self.cues.open_group_nouns:
            return next((s for s in named if s.kind == kind and kind is SourceKind.OUTLET), None)
        for s in named:
            if s.kind == kind or grouping:
                return s
        return None

    def _issuer(self, doc: Document, tree: Tree, look: _Lookups, report: Token, seen: list[Source]) -> Source | None:
        """Who put out a statement or report the claim is in: "the army issued a statement
        saying ..." is the army's claim."""
        if report.dep != "dobj":
            return None
        subjects = tree.kids(report.head, "nsubj")
        return self.source(doc, tree, look, subjects[0].i, seen) if subjects else None

    def _report_name(self, doc: Document, tree: Tree, look: _Lookups, head: int) -> str:
        """A claim-carrying noun with whom it comes from: "statement from the army"."""
        name = self._name(doc, tree, look, head)
        for prep in tree.kids(head, "prep"):
            if prep.text.lower() in self.cues.source_prepositions:
                for obj in tree.kids(prep.i, "pobj"):
                    return f"{name} {prep.text.lower()} {self._name(doc, tree, look, obj.i)}"
        return name

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
            if app.pos == "PROPN":
                named, proper = self._name_and_proper(doc, tree, look, app.i)
                chunk = [app.i] + [c.i for c in tree.kids(app.i, "compound") if c.pos == "PROPN"]
                if self.actors.country_of(named) and len(chunk) > 1:  # the parser's entity cut short
                    named = _clean(_text(doc, min(chunk), max(chunk)))
                if not self.actors.country_of(named):  # "the rights group, Civic Watch Armenia"
                    return named, proper
        for acl in tree.kids(head, "acl"):
            if acl.lemma.lower() in self.cues.naming_verbs:  # "the crime unit, known as Falcon"
                called = [o for p in tree.kids(acl.i, "prep") for o in tree.kids(p.i, "pobj")]
                for word in called + tree.kids(acl.i, "oprd"):
                    if word.pos == "PROPN":
                        return self._name_and_proper(doc, tree, look, word.i)
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


def _reported_that(tree: Tree, clause: Token) -> bool:
    """Whether a clause coordinated with a reporting verb is itself what was said: "said that
    X and that Y" (the second "that" clause hangs on the verb as a conjunct)."""
    return any(m.text.lower() == "that" for m in tree.kids(clause.i, "mark"))


def _last_quotation(text: str, end: int) -> int | None:
    """Where the last quotation of the paragraph ending at offset `end` opens, or None."""
    start = text.rfind("\n", 0, end) + 1
    para = text[start:end]
    marks = [k for k in (para.rfind("\u201c"), para.rfind('"') if para.count('"') >= 2 else -1) if k >= 0]
    if not marks:
        return None
    k = max(marks)
    if para[k] == '"':  # a straight mark: the opening one of the last pair
        k = para.rfind('"', 0, k)
    return start + k if k >= 0 else None


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
