"""Where and when an event claim's own words put it.

`Scene` answers, for one document, which place and which date an event claim's own
clause names. The coreference stage asks it to keep claims at two different towns or on
two different days apart; the place and date stages ask it for each claim's own place and
date before they choose one per cluster. One function per question, so a new cue (a
dateline, say) is respected everywhere by changing it here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitreport.index import DocIndex
from sitreport.lexicon import CueLexicon, EventLexicon
from sitreport.model import Actor, DateRange, Document, Event, GeoPrecision, Place, Token
from sitreport.stages.places import dateline_place, opening_place, route_spans
from sitreport.syntax import Tree

# How a date hangs off a noun it dates ("the March 11 election", "Sunday's vote").
_NOUN_MODIFIERS = {"compound", "nmod", "nummod", "poss", "amod"}
# Clauses that describe a noun ("the girls kidnapped ...", "the man who fled ...").
_DESCRIBING = {"acl", "relcl"}
# Placed at no grain at all: coarser than a country.
_NO_RANK = 5


def rank(place: Place | None) -> int:
    """Smaller is finer; a place without a grain ranks below a country."""
    return place.precision.rank if place is not None and place.precision else _NO_RANK


@dataclass(frozen=True)
class Span:
    """The token scope of an event claim: its triggers' subtrees, and its trigger."""

    first: int  # token range [first, last] of the scope
    last: int
    trigger: int
    sentence: int


@dataclass(frozen=True)
class Scene:
    """One document's places and dates, read for event claims."""

    doc: Document
    tree: Tree
    index: DocIndex
    subjects: frozenset[int]  # start offsets of actors used as subjects ("Moscow denied")
    place_spans: frozenset[tuple[int, int]]
    events: EventLexicon
    cues: CueLexicon
    # A dateline names where the report was written: an event place only when the report
    # names no other (`places.event_places`).
    datelines_only: bool = False
    routes: tuple[tuple[int, int], ...] = ()  # roads written by their ends (`places.route_spans`)

    @classmethod
    def build(cls, doc: Document, tree: Tree, index: DocIndex, events: EventLexicon, cues: CueLexicon) -> Scene:
        subjects = frozenset(a.start for a in doc.actors if _subject_like(doc, events, a.head))
        spans = frozenset((p.start, p.end) for p in doc.places)
        datelines_only = bool(doc.places) and all(p.dateline for p in doc.places)
        return cls(doc, tree, index, subjects, spans, events, cues, datelines_only, route_spans(doc.text))

    def places_in(self, sentence: int) -> list[Place]:
        """The places of a sentence an event may be at (no dateline, unless that is all there is)."""
        return [p for p in self.index.places_in(sentence) if self.datelines_only or not p.dateline]

    def span(self, heads: Sequence[int], trigger: int, noun: bool) -> Span:
        """The scope of triggers `heads`; a noun trigger that is a verb's object brings the
        verb's subtree ("launched an air strike on X": the verb's subject and place count)."""
        tokens = self.doc.tokens
        scope = list(heads)
        if noun and tokens[trigger].dep in {"dobj", "nsubjpass"}:
            scope.append(tokens[trigger].head)
        sub = [j for m in scope for j in self.tree.subtree(m)]
        return Span(min(sub), max(sub), trigger, self.doc.sentence_of(trigger))

    def event_span(self, event: Event) -> Span:
        lead = self.index.mentions.get(event.head)
        return self.span([t.head for t in event.mentions] or [event.head], event.head, lead.noun if lead else False)

    def own_place(self, span: Span, actors: Sequence[Actor], recipients: Sequence[Actor]) -> Place | None:
        """The most specific place in the claim's clause, else in its sentence.

        A place inside an argument's phrase ("officers from North Korea") or used as a
        subject ("Moscow denied") is an actor, not where the event happened; a recipient
        that is only a place name ("shelled Lozova") is the location.
        """
        doc = self.doc
        tokens = doc.tokens
        args = [*actors, *(r for r in recipients if (r.start, r.end) not in self.place_spans)]
        lo, hi = tokens[span.first].idx, tokens[span.last].end
        anchor = tokens[span.trigger].idx
        sent = doc.sentences[span.sentence]
        best: tuple[tuple[int, int, int, int], Place] | None = None
        for place in self.places_in(span.sentence):
            if place.start in self.subjects or any(a.start <= place.start and place.end <= a.end for a in args):
                continue
            inside = 0 if lo <= place.start < hi else 1
            before = doc.text[max(sent.start, place.start - 12) : place.start].lower().rstrip()
            if any(before.endswith(note) for note in self.events.place_notes):
                inside = -1  # a coder's own note names the location outright
            key = (self._aside(place), inside, rank(place), abs(place.start - anchor))
            if best is None or key < best[0]:
                best = (key, place)
        return best[1] if best else None

    def _aside(self, place: Place) -> int:
        """1 for a place that locates the claim only when its sentence names no other: an end of a
        road written by its ends ("on the Dhaka-Tangail highway, in X upazila"), or a country named
        inside an actor's phrase ("the Myanmar military", "Kenya police"), which the claim's own
        roles may not hold ("fighting between the Myanmar military and ..."), as it says whose the
        actor is. A town inside a phrase the actors stage took for an actor ("Dhaka - Shahbagh")
        is left alone."""
        if any(a <= place.start < b for a, b in self.routes):
            return 1
        if rank(place) < GeoPrecision.COUNTRY.rank:
            return 0
        return int(any(
            a.start <= place.start and place.end <= a.end and (a.start, a.end) != (place.start, place.end)
            for a in self.doc.actors
        ))

    def argument_place(self, span: Span, actors: Sequence[Actor], recipients: Sequence[Actor]) -> Place | None:
        """The finest place below country grain named inside one of the claim's argument
        phrases, not as the whole phrase: "Residents of Matadi demonstrated", "Migori residents
        protested", "fired on civilians in Qoryooley town". `own_place` leaves such places out,
        as an argument may come from elsewhere; with no place of its own, or only its country,
        the claim is most likely where its participants are."""
        args = [*actors, *recipients]
        anchor = self.doc.tokens[span.trigger].idx
        best: tuple[tuple[int, int], Place] | None = None
        for place in self.places_in(span.sentence):
            if rank(place) >= GeoPrecision.REGION.rank:
                continue
            holders = [a for a in args if a.start <= place.start and place.end <= a.end]
            if not holders or any((a.start, a.end) == (place.start, place.end) for a in holders):
                continue
            key = (rank(place), abs(place.start - anchor))
            if best is None or key < best[0]:
                best = (key, place)
        return best[1] if best else None

    def own_date(self, span: Span) -> DateRange | None:
        """The date in the claim's clause nearest its trigger, else one in its sentence that
        does not date the reporting ("said on Monday"). A date that dates something else
        is none of the claim's: one modifying another noun ("through the March 11
        election") or told in a clause describing a noun ("the girls kidnapped two years
        ago"; `_elsewhere`)."""
        tokens = self.doc.tokens
        lo, hi = tokens[span.first].idx, tokens[span.last].end
        anchor = tokens[span.trigger].idx
        reports = self._reports(span.trigger)
        best: tuple[tuple[int, int], DateRange] | None = None
        for d in self.index.dates_in(span.sentence):
            if d.start is None or self._elsewhere(d, span.trigger):
                continue
            inside = 0 if lo <= d.start_char < hi else 1
            if inside and self._governed_by(d, reports):
                continue
            key = (inside, abs(d.start_char - anchor))
            if best is None or key < best[0]:
                best = (key, d)
        return best[1] if best else None

    def reporting_date(self, span: Span) -> DateRange | None:
        """The date of the telling that carries the claim ("officials said Thursday that
        ..."), the latest day the claim's event can have happened."""
        reports = self._reports(span.trigger)
        return next(
            (d for d in self.index.dates_in(span.sentence) if d.start is not None and self._governed_by(d, reports)),
            None,
        )

    def _reports(self, trigger: int) -> set[int]:
        return {a.i for a in self.tree.ancestors(trigger) if a.lemma.lower() in self.cues.speech_verbs}

    def _elsewhere(self, d: DateRange, trigger: int) -> bool:
        """Whether date `d` dates another word than the claim at `trigger`: it modifies a
        noun the claim is not ("the March 11 election"), or one of the two stands in a
        clause describing a noun the other is outside of ("the girls kidnapped two years
        ago were freed"); a clause describing the claim's own noun dates it ("the attack,
        which took place on Monday")."""
        tokens = self.doc.tokens
        top = tokens[self.index.token_at(d.start_char)]
        while top.head != top.i and d.start_char <= tokens[top.head].idx < d.end_char:
            top = tokens[top.head]
        head = tokens[top.head]
        if top.dep in _NOUN_MODIFIERS and head.pos in {"NOUN", "PROPN"} and not self._names_claim(head.i, trigger):
            return True
        date_chain = [top, *self.tree.ancestors(top.i)]
        claim_chain = [tokens[trigger], *self.tree.ancestors(trigger)]
        if self._when_after(d, {t.i for t in claim_chain}):
            return False
        in_date = set(range(self.index.token_at(d.start_char), self.index.token_at(d.end_char)))
        return _describes_below(date_chain, {t.i for t in claim_chain}) or _describes_below(
            claim_chain, {t.i for t in date_chain} | in_date
        )

    def _when_after(self, d: DateRange, claim_chain: set[int]) -> bool:
        """Whether the claim's clause opens with "when" right after date `d` ("11 months
        ago, when the army invaded ..."): the date is the clause's, however it is parsed."""
        tokens = self.doc.tokens
        i = self.index.token_at(d.end_char)
        while i < len(tokens) and tokens[i].pos == "PUNCT":
            i += 1
        return i < len(tokens) and tokens[i].text.lower() == "when" and tokens[i].head in claim_chain

    def _names_claim(self, noun: int, trigger: int) -> bool:
        """Whether `noun` is the claim's trigger or a compound word inside its name."""
        tokens = self.doc.tokens
        t = tokens[noun]
        while t.i != trigger and t.dep == "compound" and t.head != t.i:
            t = tokens[t.head]
        return t.i == trigger

    def scene_place(self, sentence: int) -> Place | None:
        """Where an event whose clause names no place happened: where its sentence opens
        ("In X, ..."; `places.opening_place`), else in a verbless fragment the parser cut
        off its end, else, in the opening sentence, the dateline, else where the nearest sentence
        before that names a place was (its finest place with a country: "Gunmen opened fire in X.
        The motive is unknown. One woman was killed."), else, when the sentences before name
        none, where the next sentence is: a report that opens on the event and names its place
        only after ("Protesters blocked the road. They marched to the town hall in X")."""
        doc = self.doc
        # The sentence's own places are all opening_place reads: hand it only those.
        opening = opening_place(replace(doc, places=self.index.places_in(sentence)), sentence)
        if opening is not None:
            return opening
        tail = self._fragment_place(sentence + 1)
        if tail is not None:
            return tail
        if sentence == 0:
            sent = doc.sentences[0]
            line = dateline_place(replace(doc, places=self.index.places_in(0)), sent.start, sent.end)
            if line is not None:
                return line
        near = next((k for k in range(sentence - 1, -1, -1) if any(p.country for p in self.places_in(k))), None)
        before = [p for p in self.places_in(near) if p.country] if near is not None else []
        # Its finest place, the last of them on a tie: "in Qoryooley town (Qoryooley, Lower
        # Shabelle)" was in the town, not the region named last.
        if before:
            return min(reversed(before), key=rank)
        if any(self.places_in(k) for k in range(sentence)) or sentence + 1 >= len(doc.sentences):
            return None
        after = [p for p in self.places_in(sentence + 1) if p.country]
        return min(reversed(after), key=rank) if after else None

    def _fragment_place(self, sentence: int) -> Place | None:
        """The finest place of `sentence` when it has no verb: the parser cut the sentence before
        it ("clashes took place between FARDC and Mayi | Mayi FPP in Muhangi, Lubero."), so its
        places are those of the sentence before."""
        doc = self.doc
        if sentence >= len(doc.sentences):
            return None
        sent = doc.sentences[sentence]
        if any(t.pos in ("VERB", "AUX") for t in doc.tokens[sent.first : sent.last]):
            return None
        found = [p for p in self.places_in(sentence) if p.country]
        return min(found, key=rank) if found else None

    def _governed_by(self, d: DateRange, heads: set[int]) -> bool:
        """Whether a date expression hangs off one of `heads` (the "said" of "said on Monday")."""
        tokens = self.doc.tokens
        i = self.index.token_at(d.start_char)
        if i >= len(tokens) or tokens[i].end > d.end_char:
            return False
        for a in [tokens[i], *self.tree.ancestors(i)]:
            if a.i in heads:
                return True
            if (a.pos in {"VERB", "AUX"} and a.idx < d.start_char) or a.pos in {"VERB"}:
                return False
        return False


def _describes_below(chain: Sequence[Token], other: set[int]) -> bool:
    """Whether `chain` (a token and its heads) passes a clause describing a noun before it
    meets `other` (the other chain's tokens), one whose noun is not on `other`: a clause
    describing the claim's own noun or the date's dates them ("the attack, which took
    place on Monday"; "on Wednesday evening, when 10,000 people marched")."""
    for t in chain:
        if t.i in other:
            return False
        if t.dep in _DESCRIBING and t.head not in other:
            return True
    return False


def _subject_like(doc: Document, events: EventLexicon, head: int) -> bool:
    tok = doc.tokens[head]
    while tok.dep == "conj" and tok.head != tok.i:
        tok = doc.tokens[tok.head]
    if tok.dep == "poss":
        return doc.tokens[tok.head].lemma.lower() not in events.place_nouns
    return tok.dep in {"nsubj", "nsubjpass"}


def home_country(doc: Document) -> str | None:
    """The country most places in the article belong to (the first of them on a tie)."""
    counts = Counter(p.country for p in doc.places if p.country)
    return counts.most_common(1)[0][0] if counts else None


def event_country(event: Event, home: str | None) -> str | None:
    """Where an event happened, as a country: its place's, else the article's (`home`,
    `home_country` of its document, found once per document)."""
    if event.location is not None and event.location.country:
        return event.location.country
    return home


def finer(candidate: Place | None, current: Place | None) -> bool:
    """Whether `candidate` places an event more precisely than `current`, inside it: in the
    same country, and in the same first-level unit when `current` is one or within one
    (a toll told at a village of another region is no finer place of the attack)."""
    if candidate is None:
        return False
    if current is None:
        return True
    if current.country and candidate.country != current.country:
        return False
    if current.admin1 and candidate.admin1 and current.admin1 != candidate.admin1:
        return False
    return rank(candidate) < rank(current)


def distinct_points(a: Place | None, b: Place | None) -> bool:
    """Two different towns or villages: two events, whatever the wording."""
    if a is None or b is None or a.precision is not GeoPrecision.POINT or b.precision is not GeoPrecision.POINT:
        return False
    return (a.name or a.text) != (b.name or b.text)


def disjoint_dates(a: DateRange | None, b: DateRange | None) -> bool:
    """Two dates the text states (not inferred) that do not overlap."""
    if a is None or b is None or not (a.start and a.end and b.start and b.end) or not (a.text and b.text):
        return False
    return a.end < b.start or b.end < a.start
