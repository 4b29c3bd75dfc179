"""Actors stage: noun phrases coded to ISO-3 country and PLOVER sector.

Coding reads, in order of strength: a known person or organisation, a country
or capital used as an actor ("Moscow" = the Russian government), a demonym or
possessive ("Russian forces", "Ukraine's forces"), an "of/from" phrase
("officers from North Korea") and the head noun for the sector ("troops" ->
MIL). Pronouns, bare surnames and definite nouns without a country ("the
soldiers") take the coding of the nearest earlier mention they can refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from sitreport.lexicon import ActorLexicon, Coding, unaccented
from sitreport.model import Actor, Document, Entity, Sector, Token
from sitreport.syntax import ENGLISH, Tree, closing_quote
from sitreport.vocab import PLOVER

_NP_DEPS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "conj",
    "appos",
    "attr",
    "poss",
    "agent",
    "dative",
    "ROOT",
    "npadvmod",
    "oprd",
    "acomp",
}
_LEFT_DEPS = {"det", "amod", "compound", "nummod", "poss", "quantmod", "nmod", "case", "advmod", "punct"}
_NON_STATE = PLOVER.group("non_state")
_STATE_NOUNS = PLOVER.group("state")
# Armed sides that are no state's: "their fighters", "its forces" are of the same side.
_IRREGULAR = frozenset({Sector.REB, Sector.INS, Sector.CRM, Sector.UAF, Sector.ETH})
# What "the group" can stand for: organisations other than outlets.
_ORGANISATIONS = PLOVER.group("organisation") - {Sector.MED}


@dataclass
class ActorsStage:
    lexicon: ActorLexicon
    name: str = "actors"
    requires: tuple[str, ...] = ("doc.tokens", "doc.sentences", "doc.entities")
    assigns: tuple[str, ...] = ("doc.actors",)

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        people: dict[str, Coding] = {}
        actors: list[Actor] = []
        entities: dict[int, Entity] = {}
        for ent in doc.entities:
            for k in range(ent.first, ent.last):
                entities.setdefault(k, ent)
        for sent in doc.sentences:
            for i in range(sent.first, sent.last):
                tok = doc.tokens[i]
                if not _is_np_head(tok):
                    continue
                actor = self.code_phrase(doc, tree, i, people, actors, entities)
                if actor is not None:
                    actors.append(actor)
                    extra = self._conjoined_demonyms(doc, tree, actor, actors)
                    if extra:
                        actors.extend(extra)
                        actors.sort(key=lambda a: a.head)  # lookups read `actors` in text order
        actors.extend(self._modifier_sides(doc, tree, actors))
        actors.sort(key=lambda a: a.head)
        return replace(doc, actors=tuple(actors))

    def _modifier_sides(self, doc: Document, tree: Tree, coded: list[Actor]) -> list[Actor]:
        """A sector noun modifying a noun that names no one is a side of its own: "a rebel
        assault", "shelled army posts", "a police raid" (`modifier_sectors` in actors.yaml).
        Its country is not read here: the event's place gives it (the arguments stage)."""
        heads = {a.head for a in coded}
        out: list[Actor] = []
        for tok in doc.tokens:
            if tok.dep not in {"compound", "amod", "nmod"} or tok.i >= tok.head or tok.pos not in {"NOUN", "ADJ"}:
                continue
            if tok.i in heads or tok.head in heads or doc.tokens[tok.head].pos != "NOUN":
                continue
            if self._person_word(doc.tokens[tok.head]):
                continue  # "a retired army colonel", "police officers": whose they are, not a side
            sector = self._noun_sector(doc, tree, tok.i)
            if sector in self.lexicon.modifier_sectors:
                out.append(Actor(tok.text, tok.idx, tok.end, None, sector, None, tok.i))
        return out

    def _person_word(self, tok: Token) -> bool:
        """A noun for a person or the people of a body (a title, a member, leader or speaker
        noun): the words before it say whose it is."""
        words = {tok.text.lower(), tok.lemma.lower()}
        return bool(words & self._person_nouns) or any(w in self.lexicon.titles for w in words)

    @cached_property
    def _person_nouns(self) -> frozenset[str]:
        lex = self.lexicon
        return lex.member_nouns | lex.led_nouns | lex.speaker_nouns | lex.ambiguous_nouns

    def _conjoined_demonyms(self, doc: Document, tree: Tree, actor: Actor, coded: list[Actor]) -> list[Actor]:
        """ "Ukrainian and Russian troops", "US and British warplanes": each nationality
        coordinated in the noun's modifiers names a side of its own, coded as that country
        with the noun's sector (the phrase itself keeps the first)."""
        if actor.country is None:
            return []
        heads = {a.head for a in coded}
        out: list[Actor] = []
        for mod in tree.kids(actor.head, "amod", "compound", "nmod"):
            if mod.i > actor.head:
                continue
            for j in tree.conjuncts(mod.i)[1:]:
                tok = doc.tokens[j]
                iso = self.lexicon.country_of(tok.text) if tok.pos in {"ADJ", "PROPN"} else None
                if iso and iso != actor.country and j not in heads:
                    out.append(Actor(tok.text, tok.idx, tok.end, iso, actor.sector, None, j))
        return out

    def code_phrase(
        self,
        doc: Document,
        tree: Tree,
        head: int,
        people: dict[str, Coding],
        earlier: list[Actor],
        entities: dict[int, Entity],
    ) -> Actor | None:
        lex = self.lexicon
        tok = doc.tokens[head]
        span = phrase_span(tree, head)
        start, end = doc.tokens[span[0]].idx, doc.tokens[span[-1]].end
        text = doc.text[start:end]
        if tok.pos == "PRON" and tok.text.lower() in ENGLISH.first_person:
            speaker = self._quote_speaker(doc, tree, head, earlier, entities)
            return None if speaker is None else replace(speaker, text=text, start=start, end=end, head=head)
        if tok.pos == "PRON":
            return _resolve_pronoun(doc, tok, text, start, end, earlier)
        country: str | None = None
        sector: Sector | None = None
        name: str | None = None
        entity = _entity_text(entities, head)
        entry = self._person(entity, people) if tok.ent_type == "PERSON" and entity else None
        if entry is None and tok.pos == "PROPN":  # a known name the parser gave no PERSON label
            compound = unaccented(_compound_text(doc, tree, head).lower())
            entry = lex.people.get(compound) or self._seen_person(compound, people)
            if entry is not None:
                people.setdefault(compound, entry)
        if entry is None:
            entry = _longest_match(text, lex.organizations, lex.org_starts)
        if entry is not None:
            entry = entry.on(doc.published)
            country, sector, name = entry.country, entry.sector, entry.name
        head_text = _compound_text(doc, tree, head)
        if lex.country_of(head_text) and tok.pos == "PROPN":
            country = country or lex.country_of(head_text)
            sector = sector or Sector.GOV
            name = name or head_text
        noun_sector = self._noun_sector(doc, tree, head)
        if noun_sector is None and tok.pos == "NOUN" and tok.lemma.lower() in lex.group_nouns:
            noun_sector = self._members_sector(doc, tree, head)  # "a group of forces": MIL
        if tok.pos == "NOUN" and tok.lemma.lower() in lex.led_nouns:
            noun_sector = self._descriptor_sector(tree, head) or noun_sector  # "the militia leader": REB
        named_by_entry = entry is not None and tok.text.lower() in entry.name.lower().split()
        if (
            noun_sector is not None
            and not named_by_entry
            and not (sector in _NON_STATE and noun_sector in _STATE_NOUNS)
        ):
            sector = noun_sector
        if sector is None and tok.pos == "PROPN" and tok.text.rstrip(".").lower() in lex.company_suffixes:
            sector, name = Sector.BUS, head_text  # "Lanting Harbour Supply Co"
        if noun_sector is not None and sector == noun_sector and tok.lemma.lower() in lex.ambiguous_nouns:
            sector = _same_head_sector(doc, tok, earlier) or sector
        if tok.pos == "NOUN" and (tok.lemma.lower() in lex.speaker_nouns or tok.text.lower() in lex.speaker_nouns):
            body = self._body_of(doc, tree, head, people, earlier, entities, ("for", "of"))
            if body is not None and body.sector is not None:  # "a spokesman for the Sudanese army"
                country, sector = country or body.country, body.sector
        if sector is None and tok.ent_type == "PERSON":
            sector = self._title_sector(doc, span, head, entities) or self._descriptor_sector(tree, head)
        if sector is None and tok.pos == "NOUN" and tok.lemma.lower() in lex.member_nouns:
            sector = self._descriptor_sector(tree, head, "poss")  # "opposition chiefs", "the sheriff's office"
            body = None if sector is not None else self._body_of(doc, tree, head, people, earlier, entities)
            if body is not None:  # "the heads of the armies of Chad and Niger", "the head of U.S. diplomacy"
                country = country or body.country
                sector = body.sector or (Sector.GOV if body.country else None)
        if tok.ent_type == "PERSON" and entry is None and (country is None or sector is None):
            described = self._apposition(doc, tree, head, earlier, entities)
            if described is not None:
                country, sector = country or described.country, sector or described.sector
        if country is None:
            country = self._modifier_country(doc, tree, head)
        if country is None and sector is not None:
            country = _possessor_country(tree, head, earlier)
        if country is None and entry is not None and entry.name and sector in _STATE_NOUNS:
            country = _named_before(entry.name, earlier)  # "the US Treasury ... the Treasury said"
        if country is None and sector is None:
            definite = tok.pos == "NOUN" and tree.is_definite(head)
            named = None
            if definite and tok.lemma.lower() in lex.group_nouns:
                named = _last_organisation(doc, earlier)
            elif definite and tok.lemma.lower() in lex.country_nouns:
                named = _last_state(doc, earlier, lex)
            elif definite and tok.lemma.lower() in lex.member_nouns:
                named = _same_head(doc, tok, earlier)  # "the sheriff's department ... the department"
            return None if named is None else Actor(text, start, end, named.country, named.sector, named.name, head)
        if country is None and tok.pos == "NOUN" and tree.is_definite(head):
            country = _antecedent_country(doc.tokens, tok, sector, earlier)
        owners = [p for p in tree.kids(head, "poss") if p.text.lower() in ENGLISH.possessive_pronouns]
        if country is None and owners:
            owner = (
                _actor_with_head(earlier, owners[0].i)  # the pronoun, coded as its referent
                or _reported_speaker(doc, tok, earlier)
                or _previous_subject(doc, tok, earlier, text, start, end)
            )
            country = owner.country if owner is not None else None
            if owner is not None and sector is Sector.MIL and owner.sector in _IRREGULAR:
                sector = owner.sector  # "the rebels said their forces had ...": the rebels' own
        if tok.ent_type == "PERSON" and entity and entry is None:
            people[unaccented(entity.lower())] = Coding(country, sector, entity)
        return Actor(text, start, end, country, sector, name, head)

    def _quote_speaker(
        self, doc: Document, tree: Tree, head: int, earlier: list[Actor], entities: dict[int, Entity]
    ) -> Actor | None:
        """Who "we" or "I" is inside a quotation: the subject of the verb after it closes
        ("“We arrested two men,” police superintendent Ann Cole said")."""
        close = closing_quote(doc.text, doc.tokens[head].idx)
        if close is None:
            return None
        sent = doc.sentences[doc.sentence_of(next((t.i for t in doc.tokens if t.idx > close), head))]
        for i in range(sent.first, sent.last):
            if doc.tokens[i].idx > close and doc.tokens[i].pos == "VERB":
                subjects = tree.kids(i, "nsubj")
                if subjects and subjects[0].pos in {"NOUN", "PROPN"}:
                    return self.code_phrase(doc, tree, subjects[0].i, {}, earlier, entities)
                if subjects and subjects[0].text.lower() in ENGLISH.pronouns:  # "“I will not quit,” he said"
                    subj = subjects[0]
                    return _resolve_pronoun(doc, subj, subj.text, subj.idx, subj.end, earlier)
        return None

    def _body_of(
        self,
        doc: Document,
        tree: Tree,
        head: int,
        people: dict[str, Coding],
        earlier: list[Actor],
        entities: dict[int, Entity],
        prepositions: tuple[str, ...] = (),
    ) -> Actor | None:
        """The body a member noun belongs to by its "of" phrase ("the head of the army"),
        or by one of `prepositions` ("a spokesman for the army")."""
        for prep in tree.kids(head, "prep"):
            word = prep.text.lower()
            if word in ENGLISH.partitive_prepositions or word in prepositions:
                for obj in tree.kids(prep.i, "pobj"):
                    if doc.tokens[obj.i].pos in {"NOUN", "PROPN"}:
                        return self.code_phrase(doc, tree, obj.i, people, earlier, entities)
        return None

    def _apposition(
        self, doc: Document, tree: Tree, head: int, earlier: list[Actor], entities: dict[int, Entity]
    ) -> Actor | None:
        """A name coded by the noun set beside it: "the president's adviser, John Smith" (the
        name in apposition to a coded noun) or "John Smith, a rebel spokesman" (a noun in
        apposition to the name)."""
        tok = doc.tokens[head]
        if tok.dep == "appos":
            named = _actor_with_head(earlier, tok.head)
            if named is not None:
                return named
        for app in tree.kids(head, "appos"):
            if app.pos == "NOUN":
                return self.code_phrase(doc, tree, app.i, {}, earlier, entities)
        return None

    def _person(self, entity: str, people: dict[str, Coding]) -> Coding | None:
        key = unaccented(entity.lower())
        known = self.lexicon.people.get(key) or people.get(key)
        if known is not None:
            people[key] = known
            return known
        for full, coding in reversed(list(people.items()) + list(self.lexicon.people.items())):
            if key in full.split() or full.endswith(" " + key):
                if full in people:
                    return coding
        return None

    def _noun_sector(self, doc: Document, tree: Tree, head: int) -> Sector | None:
        tok = doc.tokens[head]
        compounds = [t for t in tree.kids(head, "compound", "amod") if t.i < head]
        # and theirs: "air defence crews" hangs "air" on "defence"
        compounds += [t for c in list(compounds) for t in tree.kids(c.i, "compound") if t.i < c.i]
        compounds.sort(key=lambda t: t.i)
        for size in range(len(compounds), -1, -1):
            words = [t.text.lower() for t in compounds[len(compounds) - size :]]
            for last in (tok.text.lower(), tok.lemma.lower()):
                phrase = " ".join([*words, last])
                if phrase in self.lexicon.nouns:
                    return self.lexicon.nouns[phrase]
        if tok.pos == "PROPN":
            return None
        return self.lexicon.nouns.get(tok.lemma.lower()) or self.lexicon.nouns.get(tok.text.lower())

    def _members_sector(self, doc: Document, tree: Tree, head: int) -> Sector | None:
        """The sector of the members an "of" phrase names: "a group of forces", "a band of
        rebels"."""
        for prep in tree.kids(head, "prep"):
            if prep.text.lower() in ENGLISH.partitive_prepositions:
                for obj in tree.kids(prep.i, "pobj"):
                    return self._noun_sector(doc, tree, obj.i)
        return None

    def _title_sector(self, doc: Document, span: list[int], head: int, entities: dict[int, Entity]) -> Sector | None:
        """The sector of the longest title before the name: "Defence Minister Ana Ruiz", also
        when the parser hangs the title off the name as a phrase ("Secretary of State X")."""
        ent = entities.get(head)
        first = ent.first if ent is not None else head
        words = " ".join(doc.tokens[j].text.lower() for j in span if j < first)
        best: str | None = None
        for title in self.lexicon.titles:
            if (" " + words + " ").find(" " + title + " ") >= 0 and (best is None or len(title) > len(best)):
                best = title
        return self.lexicon.titles[best] if best else None

    @staticmethod
    def _seen_person(name: str, people: dict[str, Coding]) -> Coding | None:
        """A surname of a person this document named in full ("Cowen" after "Brian Cowen"),
        whatever label the parser gave it."""
        for full, coding in reversed(list(people.items())):
            if full != name and (full.endswith(" " + name) or name in full.split()[1:]):
                return coding
        return None

    def _descriptor_sector(self, tree: Tree, head: int, *deps: str) -> Sector | None:
        """ "Opposition blogger Ihar Lazar": a common-noun descriptor before a name gives its
        sector (and so does a possessor given in `deps`: "the sheriff's office")."""
        words = [t for t in tree.kids(head, "compound", "amod", *deps) if t.i < head]
        words += [t for w in list(words) for t in tree.kids(w.i, "compound", "amod") if t.i < w.i]
        words.sort(key=lambda t: t.i)
        for size in range(len(words), 0, -1):  # "human rights group" before "group"
            for start in range(len(words) - size + 1):
                phrase = " ".join(t.text.lower() for t in words[start : start + size])
                if phrase in self.lexicon.nouns:
                    return self.lexicon.nouns[phrase]
        return None

    def _modifier_country(self, doc: Document, tree: Tree, head: int) -> str | None:
        """Country from a demonym or possessor anywhere left of the head, or an of/from phrase."""
        lex = self.lexicon
        left = [j for j in tree.subtree(head) if j < head and doc.tokens[j].dep in _LEFT_DEPS]
        for j in left:
            if doc.tokens[j].pos not in {"ADJ", "PROPN", "NOUN"}:
                continue
            iso = lex.country_of(_compound_text(doc, tree, j)) or lex.country_of(doc.tokens[j].text)
            if iso:
                return iso
        for prep in tree.kids(head, "prep"):
            if prep.text.lower() in ENGLISH.origin_prepositions:
                for obj in tree.kids(prep.i, "pobj"):
                    iso = lex.country_of(_compound_text(doc, tree, obj.i))
                    if iso is None and doc.tokens[head].lemma.lower() in lex.group_nouns:
                        iso = self._modifier_country(doc, tree, obj.i)  # "a group of Malian soldiers"
                    if iso:
                        return iso
        return None


def _is_np_head(tok: Token) -> bool:
    if tok.pos == "PRON":
        deps = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "poss"}  # "demanded his ouster"
        low = tok.text.lower()
        return (low in ENGLISH.pronouns or low in ENGLISH.first_person) and tok.dep in deps
    return tok.pos in {"NOUN", "PROPN"} and tok.dep in _NP_DEPS


def phrase_span(tree: Tree, head: int) -> list[int]:
    """The noun phrase around `head`: its left modifiers and any "of/from X" tail."""
    toks = tree.tokens
    left = [head]
    stack = [c for c in tree.children[head] if c < head and toks[c].dep in _LEFT_DEPS]
    while stack:
        c = stack.pop()
        left.append(c)
        stack.extend(g for g in tree.children[c] if g < c or toks[g].dep in _LEFT_DEPS)
    for prep in tree.kids(head, "prep"):
        objs = tree.kids(prep.i, "pobj")
        if prep.text.lower() in ENGLISH.origin_prepositions and prep.i == head + 1 and objs:
            left.append(prep.i)
            for obj in objs:
                left.extend(phrase_span(tree, obj.i))
    span = sorted(set(left))
    first = span[0]
    span = list(range(first, span[-1] + 1))
    while len(span) > 1 and toks[span[0]].pos in {"PUNCT", "SPACE"}:
        span.pop(0)
    while len(span) > 1 and toks[span[-1]].pos in {"PUNCT", "SPACE", "PART"}:
        span.pop()
    return span


def _compound_text(doc: Document, tree: Tree, head: int) -> str:
    """Head with its compound/flat proper-noun modifiers: "North Korea", "Kim Jong Un"."""
    idx = [head]
    stack = [t.i for t in tree.kids(head, "compound", "amod") if t.i < head]
    while stack:
        c = stack.pop()
        if doc.tokens[c].pos in {"PROPN", "ADJ", "NOUN"}:
            idx.append(c)
            stack.extend(t.i for t in tree.kids(c, "compound", "amod") if t.i < c)
    idx.sort()
    idx = list(range(idx[0], idx[-1] + 1))
    return doc.text[doc.tokens[idx[0]].idx : doc.tokens[idx[-1]].end]


def _entity_text(entities: dict[int, Entity], head: int) -> str | None:
    ent = entities.get(head)
    return ENGLISH.bare_name(ent.text) if ent is not None else None


def _longest_match(text: str, table: dict[str, Coding], starts: dict[str, tuple[str, ...]]) -> Coding | None:
    """Longest organisation name in `text`; acronyms must match their case ("UN" is not "un")."""
    for mark in (",", *ENGLISH.possessive_endings):
        text = text.replace(mark, " ")
    words = text.split()
    lows = [w.lower() for w in words]
    best: str | None = None
    for n, low in enumerate(lows):
        for key in starts.get(low, ()):
            coding = table.get(key)
            if coding is None:
                continue
            size = key.count(" ") + 1
            exact = coding.name.isupper() or size == 1
            hay = " ".join(words[n : n + size]) if exact else " ".join(lows[n : n + size])
            if exact:  # an acronym in its case; a word's first letter may be either ("al-Shabaab")
                hay, want = (hay, coding.name) if coding.name.isupper() else (_uncapped(hay), _uncapped(coding.name))
            else:
                want = key
            if hay == want and (best is None or len(key) > len(best)):
                best = key
    return table[best] if best else None


def _uncapped(word: str) -> str:
    return word[:1].lower() + word[1:]


def _antecedent_country(
    tokens: tuple[Token, ...], tok: Token, sector: Sector | None, earlier: list[Actor]
) -> str | None:
    """Country of the nearest earlier mention with the same head noun, else of the
    nearest main-clause subject of the same sector, else of any same-sector mention."""
    recent = [a for a in reversed(earlier[-40:]) if a.country]
    for actor in recent:
        if actor.text.lower().endswith(tok.text.lower()):
            return actor.country
    same_sector = [a for a in recent if sector and a.sector == sector]
    for actor in same_sector:
        head = tokens[actor.head]
        if head.dep in {"nsubj", "nsubjpass"} and tokens[head.head].dep == "ROOT":
            return actor.country
    return same_sector[0].country if same_sector else None


def _possessor_country(tree: Tree, head: int, earlier: list[Actor]) -> str | None:
    """Country of a coded possessor: "the president's spokesman" is the president's."""
    for poss in tree.kids(head, "poss"):
        owner = _actor_with_head(earlier, poss.i)
        if owner is not None and owner.country:
            return owner.country
    return None


def _last_organisation(doc: Document, earlier: list[Actor]) -> Actor | None:
    """The organisation named last (by its name, not a person, not a state body)."""
    for actor in reversed(earlier[-40:]):
        head = doc.tokens[actor.head]
        named = actor.name is not None or head.pos == "PROPN"  # "the Service Workers Union": named, if unknown
        if head.ent_type != "PERSON" and head.pos != "PRON" and actor.sector in _ORGANISATIONS and named:
            return actor
    return None


def _named_before(name: str, earlier: list[Actor]) -> str | None:
    """The country of the nearest earlier mention of a body known by `name` but not by its
    country ("the Defence Ministry" after "Russia's Defence Ministry")."""
    for actor in reversed(earlier[-60:]):
        if actor.country and name.lower() in actor.text.lower():
            return actor.country
    return None


def _same_head(doc: Document, tok: Token, earlier: list[Actor]) -> Actor | None:
    """The nearest earlier coded mention with the same head noun."""
    for actor in reversed(earlier[-40:]):
        head = doc.tokens[actor.head]
        if head.lemma.lower() == tok.lemma.lower() and actor.sector is not None and head.i != tok.i:
            return actor
    return None


def _same_head_sector(doc: Document, tok: Token, earlier: list[Actor]) -> Sector | None:
    same = _same_head(doc, tok, earlier)
    return same.sector if same is not None else None


def _last_state(doc: Document, earlier: list[Actor], lex: ActorLexicon) -> Actor | None:
    """The state named last as an actor by its name ("Turkey", "Moscow"); a state named
    as the object of a preposition ("the Kurds inside Syria", "a border with Libya") is a
    place or a party to the clause, not the country the story is about."""
    for actor in reversed(earlier[-40:]):
        if doc.tokens[actor.head].dep == "pobj":
            continue
        if actor.sector is Sector.GOV and actor.name and lex.country_of(actor.name) == actor.country:
            return actor
    return None


def _reported_speaker(doc: Document, tok: Token, earlier: list[Actor]) -> Actor | None:
    """ "The ministry said it had ...": the subject pronoun of a reported clause is the speaker."""
    if tok.dep not in {"nsubj", "nsubjpass"}:
        return None
    clause = doc.tokens[tok.head]
    if clause.dep != "ccomp":
        return None
    verb = doc.tokens[clause.head]
    for i in range(verb.i - 1, -1, -1):
        t = doc.tokens[i]
        if t.head == verb.i and t.dep == "nsubj":
            speaker = _actor_with_head(earlier, i)
            if speaker is None or speaker.sector is None:
                return None
            plural = doc.tokens[speaker.head].tag in {"NNS", "NNPS"}
            wanted_plural = ENGLISH.pronouns.get(tok.text.lower()) == "group"
            person = doc.tokens[speaker.head].ent_type == "PERSON"
            if ENGLISH.pronouns.get(tok.text.lower()) == "thing" and person:
                return None
            agrees = plural == wanted_plural or person or (wanted_plural and _named_body(doc, speaker))
            return speaker if agrees else None
        if t.i < verb.i - 25:
            break
    return None


def _named_body(doc: Document, actor: Actor) -> bool:
    """A body named by its proper name, not a state ("the Taliban", "Hamas"): news calls it
    "they" as often as "it" ("the Taliban said they had ...")."""
    head = doc.tokens[actor.head]
    return head.pos == "PROPN" and head.ent_type in {"ORG", "NORP"}


def _actor_with_head(earlier: list[Actor], head: int) -> Actor | None:
    """The actor coded at token `head`; `earlier` is in text order, so the search stops there."""
    for actor in reversed(earlier):
        if actor.head == head:
            return actor
        if actor.head < head:
            return None
    return None


def _previous_subject(doc: Document, tok: Token, earlier: list[Actor], text: str, start: int, end: int) -> Actor | None:
    """ "It denied ...": an organisation that was the subject of a recent clause."""
    for actor in reversed(earlier[-20:]):
        head = doc.tokens[actor.head]
        if (
            head.dep in {"nsubj", "nsubjpass"}
            and head.tag in {"NN", "NNP"}
            and head.ent_type != "PERSON"
            and actor.sector not in {None, Sector.CVL}
            and head.pos != "PRON"
        ):
            return Actor(text, start, end, actor.country, actor.sector, actor.name, tok.i)
    return None


def _resolve_pronoun(doc: Document, tok: Token, text: str, start: int, end: int, earlier: list[Actor]) -> Actor | None:
    """He/she -> the nearest earlier person; they/them -> the nearest plural group."""
    number = ENGLISH.pronouns.get(tok.text.lower())
    speaker = _reported_speaker(doc, tok, earlier)
    if speaker is not None:
        return Actor(text, start, end, speaker.country, speaker.sector, speaker.name, tok.i)
    if number == "thing":
        return _previous_subject(doc, tok, earlier, text, start, end)
    governor = tok.head
    while doc.tokens[governor].pos == "ADP" and doc.tokens[governor].head != governor:
        governor = doc.tokens[governor].head
    for actor in reversed(earlier[-30:]):
        if actor.sector is None:
            continue
        head = doc.tokens[actor.head]
        if actor.head >= tok.i or (head.dep in {"nsubj", "nsubjpass"} and head.head == governor):
            continue
        if number == "person" and head.ent_type != "PERSON":
            continue
        if (
            number == "group"
            and head.tag not in {"NNS", "NNPS"}
            and not any(
                doc.tokens[k].dep == "conj" and doc.tokens[k].head == head.i
                for k in range(head.i, min(head.i + 6, len(doc.tokens)))
            )
        ):
            continue
        return Actor(text, start, end, actor.country, actor.sector, actor.name, tok.i)
    return None
