"""Places stage: find toponym mentions and geocode them.

Mentions come from two sources, because the small spaCy model both misses and
mislabels place names: entities labelled GPE, LOC or FAC (the gazetteer
EntityRuler built from `place_patterns` adds GPE spans), and runs of
capitalised tokens that the surrounding words mark as places, with a cue
before them ("in", "near", "village of", "coded to"), a unit word after them
("region", "oblasts", "district") or a coordinating link to another mention
("Lozova, Kharkiv"; "Kursk and Bryansk oblasts").

Each mention is looked up (`Geocoder.candidates`) and resolved
(`geocode.resolve`) with what the text says around it: the countries the
document mentions, a country attached by possessive ("Russia's Kursk"), and
a container named next to it ("Katerynivka, Kharkiv region": the admin1 given
next to a village is the strongest disambiguator, and the village is coded to
that admin1 when the gazetteer does not know it).

Offsets are exact: `Place.text == doc.text[Place.start:Place.end]`. A mention
with a "near" cue includes the cue ("near the Donetsk region").
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from sitreport.geocode.base import (
    GeoCandidate,
    Geocoder,
    geocode_resources,
    is_latin,
    km_between,
    load_resource,
)
from sitreport.geocode.resolve import Context, choose, inside, score, to_place, within
from sitreport.lexicon import ActorLexicon
from sitreport.model import Document, Entity, GeoPrecision, Place, Token

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ADJECTIVE_TAGS = frozenset({"JJ", "JJR", "JJS"})
_HYPHENS = frozenset({"-", "‐", "‑", "–"})
_GAP_PUNCT = re.compile(r"^[\s,()]*$")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
# What an acronym ("DRC", "FCT") or a long name joined over links ("Region in Muslim Mindanao") may name.
_UNIT_FEATURES = frozenset({"country", "region", "admin1"})
# Longest lower-case link a hyphen joins inside a name ("Pul-e", "Sangi-ye").
_LINK_MAX = 3
# A known place this large named before ", Kharkiv" is a list item, not a village
# being located ("Kyiv, Kharkiv and Odesa").
_LIST_ITEM_POPULATION = 100_000
# Below this a city in a country the text never names is not believed (see _out_of_context).
_FOREIGN_MIN_POPULATION = 100_000
# Most lower-case links tried inside a unit's long name ("Region in Muslim Mindanao").
_LONG_NAME_LINKS = 2
# Below this a settlement met only through an alias needs support from the text.
_SMALL = 10_000
# A place this far from every country the text's actors belong to is a namesake abroad
# ("Chadian soldiers entered Tire" is no Tire of Turkey), unless the text names its country.
_FAR_FROM_ACTORS_KM = 2_500.0
_HINT_WORDS = 4  # longest organisation name looked for, in tokens
# Longest other name, in tokens, written in parentheses between a name and its unit word.
_ASIDE_WORDS = 4
# Shortest word read as a possessive that lost its apostrophe ("Gomas" for Goma's).
_MIN_POSSESSOR = 4


@dataclass(frozen=True)
class _Phrases:
    """Phrases as word tuples, with their distinct lengths longest first: built once,
    matched at every name of every document."""

    table: frozenset[tuple[str, ...]]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, phrases: Iterable[Iterable[str]]) -> _Phrases:
        table = frozenset(tuple(p) for p in phrases)
        return cls(table, _lengths(table))

    def __contains__(self, words: object) -> bool:
        return words in self.table


@dataclass(frozen=True)
class _Lexicon:
    """The word lists of resources/places.yaml in the shapes the stage uses."""

    cues: _Phrases
    near_cues: _Phrases
    suffixes: dict[tuple[str, ...], dict[str, Any]]
    suffix_lengths: tuple[int, ...]  # distinct lengths of `suffixes`, longest first
    coordinators: frozenset[str]
    possessives: frozenset[str]
    stopwords: frozenset[str]
    trailing_stopwords: frozenset[str]
    particles: frozenset[str]
    hierarchy_links: frozenset[str]
    unit_name_links: frozenset[str]
    directions: frozenset[str]
    name_directions: frozenset[str]
    distance_units: frozenset[str]
    adjective_endings: tuple[tuple[str, tuple[str, ...]], ...]
    pattern_stoplist: frozenset[str]
    suffix_levels: dict[str, str]
    focus: frozenset[str]
    focus_min: int
    world_min: int

    @classmethod
    def load(cls) -> _Lexicon:
        data = load_resource("places.yaml")
        suffixes = {tuple(k.split()): dict(v) for k, v in data["suffixes"].items()}
        return cls(
            cues=_Phrases.of(data["cues"]),
            near_cues=_Phrases.of(data["near_cues"]),
            suffixes=dict(sorted(suffixes.items(), key=lambda kv: -len(kv[0]))),
            suffix_lengths=_lengths(suffixes),
            coordinators=frozenset(data["coordinators"]),
            possessives=frozenset(data["possessives"]),
            stopwords=frozenset(data["stopwords"]),
            trailing_stopwords=frozenset(data["trailing_stopwords"]),
            particles=frozenset(data["name_particles"]),
            hierarchy_links=frozenset(data["hierarchy_links"]),
            unit_name_links=frozenset(data["unit_name_links"]),
            directions=frozenset(data["directions"]),
            name_directions=frozenset(data["name_directions"]),
            distance_units=frozenset(data["distance_units"]),
            adjective_endings=tuple((e, tuple(r)) for e, r in data["adjective_endings"]),
            pattern_stoplist=frozenset(data["patterns"]["stoplist"]),
            suffix_levels=dict(geocode_resources()["admin_suffixes"]),
            focus=frozenset(data["patterns"]["focus_countries"]),
            focus_min=int(data["patterns"]["focus_min_population"]),
            world_min=int(data["patterns"]["world_min_population"]),
        )


@dataclass
class _Mention:
    """A toponym mention: tokens [first, last) name it, [last, end) are its unit word."""

    first: int
    last: int
    end: int
    text_first: int  # where Place.text starts: the near cue, else `first`
    lookup: str | None = None  # unit word handed to the geocoder ("oblast")
    kind: str | None = None  # "city" for "X village"
    plural: bool = False
    near: bool = False
    strong: bool = True  # may be coded to its container even when unknown
    preferred: str | None = None
    candidates: list[GeoCandidate] = field(default_factory=list)
    container: GeoCandidate | None = None
    forced: GeoCandidate | None = None
    guess: GeoCandidate | None = None  # best candidate without context


class PlacesStage:
    """Stage assigning `Document.places` from tokens, sentences and entities."""

    name = "places"
    requires: tuple[str, ...] = ("tokens", "sentences", "entities")
    assigns: tuple[str, ...] = ("places",)

    def __init__(self, geocoder: Geocoder, actors: ActorLexicon | None = None) -> None:
        self.geocoder = geocoder
        self._lex = _Lexicon.load()
        self._gap_words = self._lex.coordinators | {"the"}  # what `_coordination` allows in a gap
        self._actors = actors or ActorLexicon.load()
        self._country_names: dict[str, str] = {}
        for name, iso in self._actors.countries.items():
            self._country_names.setdefault(iso, name)
        self._country_points: dict[str, GeoCandidate | None] = {}

    def __call__(self, doc: Document) -> Document:
        return replace(doc, places=tuple(self.places(doc)))

    # -- finding mentions ---------------------------------------------------

    def places(self, doc: Document) -> list[Place]:
        """Every resolved place mention of `doc`, in text order."""
        if not doc.tokens:
            return []
        sent_of = _sentence_index(doc)
        mentions = self._mentions(doc, sent_of)
        for m in mentions:
            m.candidates = self._lookup(doc, m)
        mentions = self._join_possessive_names(doc, mentions)
        mentions = self._join_long_names(doc, mentions, sent_of)
        mentions = [part for m in mentions for part in self._split_unknown(doc, m, sent_of)]
        self._propagate_possessives(doc, mentions)
        actor_points = self._actor_points(doc)
        actors = frozenset(actor_points)
        for m in mentions:
            m.guess = choose(m.candidates, Context(preferred_country=m.preferred, actors=actors))
        scene = _Scene(mentions, actor_points)
        self._find_containers(doc, mentions, scene, sent_of)
        out: list[Place] = []
        line = dateline_span(doc)
        for m in mentions:
            place = self._resolve(doc, m, scene)
            if place is not None:
                if line is not None and line[0] <= place.start < line[1]:
                    place = replace(place, dateline=True)
                out.append(place)
        if not any(p.precision is not None and p.precision.rank <= GeoPrecision.ADMIN1.rank for p in out):
            out = sorted([*out, *self._units_in_names(doc, sent_of, out, actors)], key=lambda p: p.start)
        return out

    def _units_in_names(
        self, doc: Document, sent_of: list[int], found: Sequence[Place], actors: frozenset[str]
    ) -> list[Place]:
        """First-level units named inside other names, for a text that locates nothing finer
        than a country: "camps of Zamfara militias", "the Kirinyaga Central constituency
        office" (not a demonym of the actors' lexicon: "Turkana herders" names a people).
        Such a unit is where the text's actors are from or act; it is taken only in a
        country the text names, else of its actors, when it names any."""
        countries = {p.country for p in found if p.country} or set(actors)
        taken = [(p.start, p.end) for p in found]
        out: list[Place] = []
        for first, last in self._runs(doc.tokens, sent_of):
            for end in range(last, first, -1):
                if doc.tokens[end - 1].text in _HYPHENS:
                    continue  # "Borkou-" of "Borkou-Ennedi-Tibesti" names nothing
                start, stop = doc.tokens[first].idx, doc.tokens[end - 1].end
                name = doc.text[start:stop]
                if any(a < stop and start < b for a, b in taken) or name in self._lex.pattern_stoplist:
                    continue
                units = [
                    c for c in self.geocoder.candidates(name)
                    if c.feature == "admin1" and c.match != "variant" and (not countries or c.country in countries)
                ]
                if units and name.lower() not in self._actors.demonyms:
                    out.append(to_place(max(units, key=lambda c: c.population), name, start, stop))
                    taken.append((start, stop))
                    break
        return out

    def _mentions(self, doc: Document, sent_of: list[int]) -> list[_Mention]:
        tokens = doc.tokens
        runs = list(self._runs(tokens, sent_of))
        run_at = {i: r for r in runs for i in range(r[0], r[1])}
        found: dict[int, _Mention] = {}
        covered: set[int] = set()  # tokens [first, end) of the mentions in `found`
        for ent in doc.entities:
            m = self._from_entity(doc, ent, run_at, sent_of)
            if m is not None and m.first not in found:
                found[m.first] = m
                covered.update(range(m.first, m.end))
        for first, last in runs:
            if first in found or first in covered:
                continue
            m = self._from_run(doc, first, last, sent_of)
            if m is not None:
                found[m.first] = m
                covered.update(range(m.first, m.end))
        mentions = _drop_overlaps(sorted(found.values(), key=lambda m: m.first))
        self._add_coordinated(tokens, runs, mentions, sent_of)
        mentions.sort(key=lambda m: m.first)
        self._spread_plural_suffixes(tokens, mentions)
        return mentions

    def _runs(self, tokens: Sequence[Token], sent_of: list[int]) -> Iterator[tuple[int, int]]:
        """Maximal runs of capitalised tokens (joined by tight hyphens) within a sentence."""
        i, n = 0, len(tokens)
        while i < n:
            if not self._capitalised(tokens[i]):
                i += 1
                continue
            j = i + 1
            while j < n and sent_of[j] == sent_of[i]:
                step = self._name_continues(tokens, j, sent_of)
                if step == 0:
                    break
                j += step
            # Sentence-initial cue words are capitalised too ("In Lozova ..."): trim them.
            while i < j and (
                tokens[i].text in self._lex.stopwords
                or (tokens[i].text.lower(),) in self._lex.cues
                or (tokens[i].text.lower(),) in self._lex.near_cues
            ):
                i += 1
            end = j
            while end > i + 1 and tokens[end - 1].text in self._lex.trailing_stopwords:
                end -= 1
            if i < end:
                yield i, end
            i = j

    def _name_continues(self, tokens: Sequence[Token], j: int, sent_of: list[int]) -> int:
        """How many tokens from j carry a capitalised name on (0: the name ends before j).

        A capitalised word; a tight hyphen and what it joins ("Porto-Novo",
        "Pul-e Khumri", "Rabat-e Sangi-ye Pain", "Mazar-i-Sharif": a short
        lower-case link after a hyphen); a name particle between capitalised
        words ("Agusan del Sur", "Dar es Salaam").
        """
        n = len(tokens)
        tok = tokens[j]
        if self._capitalised(tok):
            return 1

        def capital_at(k: int) -> bool:
            return k < n and sent_of[k] == sent_of[j] and self._capitalised(tokens[k])

        if tok.text in _HYPHENS and j + 1 < n and tok.idx == tokens[j - 1].end and tokens[j + 1].idx == tok.end:
            nxt = tokens[j + 1]
            if self._capitalised(nxt):
                return 2
            if nxt.text.isalpha() and nxt.text.islower() and len(nxt.text) <= _LINK_MAX and capital_at(j + 2):
                return 3
            if (
                nxt.text.isalpha() and nxt.text.islower() and len(nxt.text) <= _LINK_MAX
                and j + 3 < n and tokens[j + 2].text in _HYPHENS and capital_at(j + 3)
            ):
                return 4
            return 0
        if tok.text in self._lex.particles and capital_at(j + 1):
            return 2
        return 0

    @staticmethod
    def _capitalised(token: Token) -> bool:
        text = token.text
        return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)

    def _from_entity(
        self,
        doc: Document,
        ent: Entity,
        run_at: dict[int, tuple[int, int]],
        sent_of: list[int],
    ) -> _Mention | None:
        if ent.label not in ENTITY_LABELS:
            return None
        tokens = doc.tokens
        first, last = ent.first, ent.last
        while first < last and tokens[first].text.lower() in ("the", "a", "an"):
            first += 1
        if first >= last or not self._capitalised(tokens[first]):
            return None  # "the canton chief": a lower-case word is no toponym
        run = run_at.get(first)
        if run is not None and (run[0] < first or run[1] > last):
            # The entity is part of a longer proper name ("Kyiv" in "Kyiv Post",
            # "Ukraine" in "Interfax-Ukraine"); unless the rest is a unit word
            # ("Kharkiv Oblast") the longer name must itself be a place.
            first, last = min(first, run[0]), max(last, run[1])
        if run is not None and run[0] <= first and run[1] < last:
            # "Titao at geoprecision 2": the name ends where its capitalised run does;
            # a unit word after it is found by `_shape`.
            last = run[1]
        m = self._shape(tokens, first, last, sent_of)
        if self._demonym(tokens, m):
            return None  # a demonym the parser called GPE ("Ukrainian")
        # The parser's span is the name, or the name with its unit word ("Minbya Township").
        m.strong = (ent.first, ent.last) in ((m.first, m.last), (m.first, m.end)) or m.first > ent.first
        return None if self._only_function_words(tokens, m) else m

    def _demonym(self, tokens: Sequence[Token], m: _Mention) -> bool:
        """ "Russian", "North Korean", "the Thai embassy": adjectives naming no place, unless a
        unit word follows ("the Somali region"); the parser tags some as proper nouns, so a name
        that is a demonym of the actors' lexicon counts too."""
        if m.lookup is not None or m.kind is not None:
            return False
        name = " ".join(t.text.lower() for t in tokens[m.first : m.last])
        return tokens[m.last - 1].tag in _ADJECTIVE_TAGS or name in self._actors.demonyms

    def _only_function_words(self, tokens: Sequence[Token], m: _Mention) -> bool:
        """ "Southwestern regions", "May": no name in the mention at all."""
        words = [t.text for t in tokens[m.first : m.last] if t.text not in _HYPHENS]
        return all(w in self._lex.stopwords or w in self._lex.directions for w in words)

    def _from_run(self, doc: Document, first: int, last: int, sent_of: list[int]) -> _Mention | None:
        tokens = doc.tokens
        m = self._shape(tokens, first, last, sent_of)
        if self._demonym(tokens, m) or self._only_function_words(tokens, m):
            return None
        if m.lookup is not None or m.kind is not None:
            return m
        if self._cue_before(tokens, first, sent_of) is not None:
            return m
        # What the EntityRuler would have labelled, whatever the parser made of it
        # ("Pavlohrad, Dnipropetrovsk" as one ORG).
        return m if self._well_known(doc.text[tokens[m.first].idx : tokens[m.last - 1].end]) else None

    def _well_known(self, name: str) -> bool:
        """Is `name` the exact name of a country, region, admin1 unit or sizeable city?"""
        lex = self._lex
        if name in lex.pattern_stoplist:
            return False
        for c in self.geocoder.candidates(name):
            if c.match == "variant":
                continue
            if c.feature in ("country", "region", "admin1"):
                return True
            floor = lex.focus_min if c.country in lex.focus else lex.world_min
            if c.feature == "city" and c.population >= floor:
                return True
        return False

    def _shape(self, tokens: Sequence[Token], first: int, last: int, sent_of: list[int]) -> _Mention:
        """A mention over [first, last) with its unit word and near cue worked out."""
        m = _Mention(first=first, last=last, end=last, text_first=first)
        inner = self._suffix_at(tokens, last - 1, first, backwards=True)
        if inner is not None and inner[0] > first:
            m.last = inner[0]
            self._apply_suffix(m, inner[1])
        else:
            after = self._suffix_at(tokens, last, first) or self._suffix_after_aside(tokens, last, first)
            if after is not None:
                m.end = after[0]
                self._apply_suffix(m, after[1])
        cue = self._near_cue_before(tokens, m.first, sent_of)
        if cue is not None:
            m.near = True
            m.text_first = cue
        if m.lookup is None and m.kind is None:
            self._unit_before(tokens, m, sent_of)
        return m

    def _suffix_after_aside(self, tokens: Sequence[Token], i: int, first: int) -> tuple[int, dict[str, Any]] | None:
        """A unit word after another name of the place in parentheses, starting at token i:
        "Nad Ali (Marja) district", "Kahorole (Kaharole) upazila" (boundary, spec)."""
        if i >= len(tokens) or tokens[i].text != "(":
            return None
        close = next((j for j in range(i + 1, min(i + 2 + _ASIDE_WORDS, len(tokens))) if tokens[j].text == ")"), None)
        if close is None or close == i + 1:
            return None
        for k in range(i + 1, close):
            word = tokens[k].text
            # Capitalised words, hyphens and a short link a hyphen joins ("Shahr-e-Safa").
            link = len(word) <= _LINK_MAX and word.isalpha() and tokens[k - 1].text in _HYPHENS
            if not (self._capitalised(tokens[k]) or word in _HYPHENS or link):
                return None
        return self._suffix_at(tokens, close + 1, first)

    def _unit_before(self, tokens: Sequence[Token], m: _Mention, sent_of: list[int]) -> None:
        """ "the province of Idlib", "the district of Muya": a unit word and "of" before the name."""
        k = m.first - 1
        if k < 1 or tokens[k].text.lower() != "of" or sent_of[k - 1] != sent_of[m.first]:
            return
        spec = self._lex.suffixes.get((tokens[k - 1].text.lower(),))
        if spec is not None and not spec.get("plural") and spec.get("lookup"):
            self._apply_suffix(m, spec)

    def _apply_suffix(self, m: _Mention, spec: dict[str, Any]) -> None:
        m.lookup = spec.get("lookup")
        m.kind = spec.get("kind")
        m.plural = bool(spec.get("plural", False))

    def _suffix_at(
        self, tokens: Sequence[Token], i: int, first: int, *, backwards: bool = False
    ) -> tuple[int, dict[str, Any]] | None:
        """A unit word starting at token i (or, backwards, ending there): (boundary, spec)."""
        for n in self._lex.suffix_lengths:
            start = i - n + 1 if backwards else i
            if start < (first if backwards else 0) or start + n > len(tokens):
                continue
            spec = self._lex.suffixes.get(tuple(t.text.lower() for t in tokens[start : start + n]))
            if spec is not None:
                return (start, spec) if backwards else (start + n, spec)
        return None

    def _cue_before(self, tokens: Sequence[Token], first: int, sent_of: list[int]) -> int | None:
        """Token index where a place cue before `first` starts, if any."""
        for cues in (self._lex.cues, self._lex.near_cues):
            hit = _match_before(tokens, first, cues, sent_of)
            if hit is not None:
                return hit
        return None

    def _near_cue_before(self, tokens: Sequence[Token], first: int, sent_of: list[int]) -> int | None:
        hit = _match_before(tokens, first, self._lex.near_cues, sent_of)
        # "4 km from Pokrovsk": the number belongs to the mention text.
        if (
            hit is not None
            and hit > 0
            and tokens[hit].text.lower() in self._lex.distance_units
            and (tokens[hit - 1].pos == "NUM" or tokens[hit - 1].text.isdigit())
        ):
            return hit - 1
        return hit

    def _add_coordinated(
        self,
        tokens: Sequence[Token],
        runs: Sequence[tuple[int, int]],
        mentions: list[_Mention],
        sent_of: list[int],
    ) -> None:
        """Accept runs linked to a mention by ",", "and", "(" ("Lozova, Kharkiv").

        A run linked to a mention becomes one, and may link the next run: the runs are
        read in text order, pass after pass, until no run is added. Only a run beside a
        mention added since it was last read can change, so each pass reads those alone
        (a heap of run numbers), and a run finds the mentions it is linked to through
        the mentions' first and last tokens: linear in the number of runs.
        """
        taken = {i for m in mentions for i in range(m.text_first, m.end)}
        by_end: dict[int, list[_Mention]] = {}
        by_start: dict[int, list[_Mention]] = {}
        run_by_first: dict[int, int] = {}
        run_by_last: dict[int, int] = {}
        for k, (first, last) in enumerate(runs):
            run_by_first.setdefault(first, k)
            run_by_last.setdefault(last, k)

        def index(m: _Mention) -> None:
            by_end.setdefault(m.end, []).append(m)
            by_start.setdefault(m.text_first, []).append(m)

        for m in mentions:
            index(m)
        current = list(range(len(runs)))  # this pass: run numbers in text order (a heap)
        following: set[int] = set()  # the next pass
        done: set[int] = set()  # runs added, or refused for good (a demonym)
        while current:
            heapq.heapify(current)
            queued = set(current)
            while current:
                k = heapq.heappop(current)
                first, last = runs[k]
                if k in done or first in taken or not self._any_linked(tokens, first, last, by_end, by_start, sent_of):
                    continue
                done.add(k)
                new = self._shape(tokens, first, last, sent_of)
                if self._demonym(tokens, new) or self._only_function_words(tokens, new):
                    continue
                new.strong = False
                mentions.append(new)
                taken.update(range(new.text_first, new.end))
                index(new)
                for j in self._runs_beside(tokens, new, run_by_first, run_by_last):
                    if j in done:
                        continue
                    if j > k and j not in queued:
                        heapq.heappush(current, j)
                        queued.add(j)
                    elif j < k:
                        following.add(j)
            current, following = sorted(following), set()

    def _gap_reach(self, tokens: Sequence[Token], i: int, step: int) -> int:
        """How many tokens from i (going by `step`) are coordinators or "the": the
        farthest a coordinating gap beside a name can stretch."""
        n = 0
        while 0 <= i + n * step < len(tokens) and tokens[i + n * step].text.lower() in self._gap_words:
            n += 1
        return n

    def _any_linked(
        self,
        tokens: Sequence[Token],
        first: int,
        last: int,
        by_end: dict[int, list[_Mention]],
        by_start: dict[int, list[_Mention]],
        sent_of: list[int],
    ) -> bool:
        """Is the run [first, last) linked to any mention (`_linked`)?"""
        before = self._gap_reach(tokens, first - 1, -1)
        for end in range(first - before, first):
            if any(self._linked(tokens, m, first, last, sent_of) for m in by_end.get(end, ())):
                return True
        after = self._gap_reach(tokens, last, 1)
        for start in range(last + 1, last + after + 1):
            if any(self._linked(tokens, m, first, last, sent_of) for m in by_start.get(start, ())):
                return True
        return False

    def _runs_beside(
        self, tokens: Sequence[Token], m: _Mention, run_by_first: dict[int, int], run_by_last: dict[int, int]
    ) -> list[int]:
        """The runs a coordinating gap may join to mention m, before or after it."""
        out = []
        after = self._gap_reach(tokens, m.end, 1)
        out += [run_by_first[i] for i in range(m.end + 1, m.end + after + 1) if i in run_by_first]
        before = self._gap_reach(tokens, m.text_first - 1, -1)
        out += [run_by_last[i] for i in range(m.text_first - before, m.text_first) if i in run_by_last]
        return out

    def _linked(self, tokens: Sequence[Token], m: _Mention, first: int, last: int, sent_of: list[int]) -> bool:
        if sent_of[first] != sent_of[m.first]:
            return False
        if first >= m.end:
            gap = tokens[m.end : first]
        elif last <= m.text_first:
            gap = tokens[last : m.text_first]
        else:
            return False
        return self._coordination(gap)

    def _spread_plural_suffixes(self, tokens: Sequence[Token], mentions: list[_Mention]) -> None:
        """ "Kursk and Bryansk oblasts": every name of the list gets the unit word."""
        for k, m in enumerate(mentions):
            if not m.plural:
                continue
            j = k - 1
            while (
                j >= 0
                and mentions[j].lookup is None
                and mentions[j].kind is None
                and self._coordinated(tokens, mentions[j], mentions[j + 1])
            ):
                mentions[j].lookup = m.lookup
                j -= 1

    # -- lookup and context -------------------------------------------------

    def _lookup(self, doc: Document, m: _Mention) -> list[GeoCandidate]:
        """Candidates for the mention, trying adjectival forms ("Pavlohradskyi district")."""
        base = doc.text[doc.tokens[m.first].idx : doc.tokens[m.last - 1].end]
        if _ACRONYM.match(base) and not self._in_dateline(doc, m):
            # "SLA", "AS": an acronym names a country or unit ("DRC", "FCT"), never a town;
            # only a dateline writes a town in capitals ("GAZA CITY, Gaza Strip —").
            found = self.geocoder.candidates(base)
            return [c for c in found if c.feature in _UNIT_FEATURES and c.match != "variant"]
        if m.kind == "city" and m.end > m.last and self._capitalised(doc.tokens[m.last]):
            # "Quezon City", "Kuwait City": a settlement word written as part of the name names
            # the city of that whole name before another place called by its first part.
            whole = doc.text[doc.tokens[m.first].idx : doc.tokens[m.end - 1].end]
            found = [c for c in self.geocoder.candidates(whole) if c.feature == "city" and c.match != "variant"]
            if found:
                return found
        for form in (base, *self._adjective_stems(base, m)):
            if m.lookup is not None:
                found = self.geocoder.candidates(f"{form} {m.lookup}")
                if found:
                    return found
            if m.lookup is None or self._lex.suffix_levels.get(m.lookup) == "admin2":
                found = self.geocoder.candidates(form)
                if m.lookup is not None or m.kind == "city" or form != base:
                    # A district or community is coded to the settlement it is named after;
                    # a town known only as the district named after it, to the district.
                    towns = [c for c in found if c.feature == "city"]
                    if not towns and m.kind == "city" and m.lookup is None and form == base:
                        towns = [c for c in found if c.feature == "admin2"]
                    found = towns
                if found:
                    return found
        return self._without_direction(base) if m.lookup is None else []

    def _without_direction(self, base: str) -> list[GeoCandidate]:
        """ "Northern Borno", "Eastern Ukraine": a compass word before a unit's name, capitalised
        at a sentence start or as a coder writes it, names a part of that unit; it is coded to
        the unit. Not "Upper" or "Lower", which make names of their own ("Lower Juba")."""
        words = base.split(" ", 1)
        if len(words) < 2 or words[0] not in self._lex.directions or words[0] in self._lex.name_directions:
            return []
        return [c for c in self.geocoder.candidates(words[1]) if c.feature in _UNIT_FEATURES and c.match != "variant"]

    def _join_possessive_names(self, doc: Document, mentions: list[_Mention]) -> list[_Mention]:
        """ "Cox's Bazar", "Martha's Vineyard": a possessive inside a name splits it into two runs;
        they are one mention when the gazetteer knows the whole name ("Russia's Kursk" it
        does not, and stays two)."""
        tokens = doc.tokens
        out: list[_Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.lookup is None
                and prev.kind is None
                and m.text_first == m.first == prev.end + 1
                and tokens[prev.end].text in self._lex.possessives
                and tokens[prev.end].idx == tokens[prev.end - 1].end
            ):
                whole = doc.text[tokens[prev.first].idx : tokens[m.last - 1].end]
                found = [c for c in self.geocoder.candidates(whole) if c.match != "variant"]
                if found:
                    prev.last, prev.end = m.last, m.end
                    prev.lookup, prev.kind, prev.plural = m.lookup, m.kind, m.plural
                    prev.candidates = self._lookup(doc, prev) if m.lookup or m.kind else found
                    continue
            out.append(m)
        return out

    def _join_long_names(self, doc: Document, mentions: list[_Mention], sent_of: list[int]) -> list[_Mention]:
        """ "Bangsamoro Autonomous Region in Muslim Mindanao": a unit's long name, cut by a
        lower-case link into runs that name nothing apart, is one mention. Only an unknown
        mention is extended, and only to a country, region or first-level unit, so "Lozova in
        Kharkiv" stays two places."""
        out: list[_Mention] = []
        swallowed_to = -1
        for m in mentions:
            if m.first < swallowed_to:
                continue
            joined = None if m.candidates else self._long_name(doc, m, sent_of)
            if joined is not None:
                end, found = joined
                m.last = m.end = end
                m.candidates, m.lookup, m.kind, m.plural = found, None, None, False
                swallowed_to = end
            out.append(m)
        return out

    def _long_name(self, doc: Document, m: _Mention, sent_of: list[int]) -> tuple[int, list[GeoCandidate]] | None:
        """(end, candidates) of the longest unit name m starts, over lower-case links."""
        tokens, n = doc.tokens, len(doc.tokens)
        j, best = m.end, None
        for _ in range(_LONG_NAME_LINKS):
            if not (j + 1 < n and sent_of[j + 1] == sent_of[m.first]):
                break
            if tokens[j].text.lower() not in self._lex.unit_name_links or not self._capitalised(tokens[j + 1]):
                break
            j += 1
            while j < n and sent_of[j] == sent_of[m.first] and self._capitalised(tokens[j]):
                j += 1
            name = doc.text[tokens[m.first].idx : tokens[j - 1].end]
            found = [
                c for c in self.geocoder.candidates(name)
                if c.feature in _UNIT_FEATURES and c.match != "variant"
            ]
            if found:
                best = (j, found)
        return best

    @staticmethod
    def _in_dateline(doc: Document, m: _Mention) -> bool:
        line = dateline_span(doc)
        return line is not None and line[0] <= doc.tokens[m.first].idx < line[1]

    def _split_unknown(self, doc: Document, m: _Mention, sent_of: list[int]) -> list[_Mention]:
        """ "the Eldoret-Kitale road", "the Djibo-Mentao axis": an unknown hyphenated name
        whose every part is a known place joins them, each then a mention of its own; and
        "Kutkai Township Shan State", a hierarchy written without its comma, is two names
        cut after the inner unit word when the name after it is known."""
        tokens = doc.tokens
        if m.candidates:
            return [m]
        for i in range(m.first + 1, m.last - 1):
            spec = self._lex.suffixes.get((tokens[i].text.lower(),))
            if spec is None or spec.get("plural") or not self._capitalised(tokens[i + 1]):
                continue
            outer = self._shape(tokens, i + 1, m.end, sent_of)
            outer.strong = False
            outer.candidates = self._lookup(doc, outer)
            if outer.candidates:
                inner = self._shape(tokens, m.first, i + 1, sent_of)
                inner.text_first, inner.near, inner.strong = m.text_first, m.near, m.strong
                inner.candidates = self._lookup(doc, inner)
                return [inner, outer]
        owner = self._bare_possessive(doc, m, sent_of)
        if owner is not None:
            return owner
        if m.lookup is not None:
            return [m]
        cuts = [i for i in range(m.first, m.last) if tokens[i].text in _HYPHENS]
        if not cuts:
            return [m]
        parts: list[_Mention] = []
        for lo, hi in zip([m.first, *(c + 1 for c in cuts)], [*cuts, m.last], strict=True):
            if lo >= hi or not self._capitalised(tokens[lo]):
                return [m]  # "Pul-e Khumri": a link, not two names
            part = _Mention(first=lo, last=hi, end=hi, text_first=lo, strong=False)
            part.candidates = self._lookup(doc, part)
            if not part.candidates:
                return [m]  # "Interfax-Ukraine": a name that is not all places
            parts.append(part)
        if not set.intersection(*({c.country for c in p.candidates} for p in parts)):
            return [m]  # "Guri-Ceel": parts known only in different countries name one village
        return parts

    def _bare_possessive(self, doc: Document, m: _Mention, sent_of: list[int]) -> list[_Mention] | None:
        """ "Nairobis Korogocho slum", "Burkina Fasos Solenzo region": a possessive whose
        apostrophe was lost (exports and wires drop it) names a known place, and what follows
        is a place of its own; None when no word of the mention reads so."""
        tokens = doc.tokens
        for k in range(m.first, m.last):
            word = tokens[k].text
            if len(word) <= _MIN_POSSESSOR or not word.endswith("s") or not word[0].isupper():
                continue
            stem = doc.text[tokens[m.first].idx : tokens[k].end - 1]
            found = [c for c in self.geocoder.candidates(stem) if c.match != "variant"]
            if not found or self._known_name(doc.text[tokens[m.first].idx : tokens[k].end]):
                continue  # "Lagos Mainland" is no possessive of a Lago: Lagos is a name itself
            owner = _Mention(first=m.first, last=k + 1, end=k + 1, text_first=m.text_first, near=m.near)
            owner.candidates = found
            if k + 1 >= m.last:
                return [owner]
            rest = self._shape(tokens, k + 1, m.end, sent_of)
            rest.candidates = self._lookup(doc, rest)
            return [owner, rest]
        return None

    def _known_name(self, name: str) -> bool:
        """Is `name` the main name of a place ("Lagos"), not only an alias or a spelling
        variant of one ("Nairobis", an export's Nairobi's)?"""
        return any(c.match == "name" for c in self.geocoder.candidates(name))

    def _adjective_stems(self, base: str, m: _Mention) -> list[str]:
        words = base.split()
        last = words[-1]
        if m.lookup is None and not m.strong:
            return []
        for ending, replacements in self._lex.adjective_endings:
            if last.lower().endswith(ending) and len(last) > len(ending) + 2:
                stem = last[: -len(ending)]
                return [" ".join([*words[:-1], stem + r]) for r in replacements]
        return []

    def _propagate_possessives(self, doc: Document, mentions: list[_Mention]) -> None:
        """ "Russia's Kursk and Bryansk oblasts": prefer Russia for the whole list."""
        tokens = doc.tokens
        by_end = {m.end: m for m in mentions}
        for k, m in enumerate(mentions):
            p = m.text_first - 1
            owner = by_end.get(p)
            if owner is None or tokens[p].text not in self._lex.possessives:
                continue
            countries = [c for c in owner.candidates if c.feature == "country"]
            if not countries:
                continue
            m.preferred = countries[0].country
            for j in range(k + 1, len(mentions)):
                if not self._coordinated(tokens, mentions[j - 1], mentions[j]):
                    break
                mentions[j].preferred = m.preferred

    def _coordinated(self, tokens: Sequence[Token], a: _Mention, b: _Mention) -> bool:
        """Only coordinators (",", "and", "(", "and the") stand between mentions a and b."""
        return self._coordination(tokens[a.end : b.text_first])

    def _coordination(self, gap: Sequence[Token]) -> bool:
        words = [t.text.lower() for t in gap]
        return any(w in self._lex.coordinators for w in words) and all(
            w in self._lex.coordinators or w == "the" for w in words
        )

    def _find_containers(
        self,
        doc: Document,
        mentions: list[_Mention],
        scene: _Scene,
        sent_of: list[int],
    ) -> None:
        """Hierarchies: "X, Y, Z", "X (Y, Z)", "X district of Y", "X village in Y township".

        Mentions linked this way are resolved together: each coarser one holds
        the finer ones, and a finer reading is taken only when it lies inside
        the coarser readings chosen beside it ("Lamitan City, Basilan province"
        is the Lamitan of Basilan). A finer name with no reading inside is
        coded to the unit that holds it (`_Mention.container`).
        """
        chain: list[_Mention] = []
        for k, m in enumerate(mentions):
            if chain and self._holds(doc, chain[-1], m, mentions, k, sent_of, linked=len(chain) > 1):
                chain.append(m)
                continue
            self._resolve_chain(chain, scene)
            chain = [m]
        self._resolve_chain(chain, scene)

    def _holds(
        self,
        doc: Document,
        m: _Mention,
        n: _Mention,
        mentions: list[_Mention],
        k: int,
        sent_of: list[int],
        *,
        linked: bool = False,
    ) -> bool:
        """Does mention n (the k-th) name a place holding mention m, written right before it?

        `linked`: m is itself held by the mention before it, so an unknown m is a
        unit of the hierarchy, not a stray word.
        """
        tokens, text = doc.tokens, doc.text
        if sent_of[m.first] != sent_of[n.first] or not (m.strong or m.candidates or linked):
            return False
        gap = text[tokens[m.end - 1].end : tokens[n.text_first].idx]
        if n.near:
            return self._placed_near(m, n, gap)
        if not gap.strip() or not (_GAP_PUNCT.match(gap) or self._linked_unit(gap, n, m)):
            return False
        if any(inside(x, c) for c in n.candidates for x in m.candidates):
            return True
        unknown_between = self._unknown_unit(n, mentions, k) and self._held_by_next(doc, n, mentions, k, unknown=True)
        if m.candidates and unknown_between:
            return True  # "Noakhali town (Noakhali Sadar, Chittagong)": an unknown unit between
        # No reading of m inside n: m may be a village the gazetteer lacks, coded to n.
        if self._names_unit(m):
            return False
        holders = [c for c in n.candidates if c.feature in ("admin1", "admin2", "country")]
        # "Barangay X, Town, Province": a town held by the unit after it holds X; and a
        # parenthesis after a name opens its hierarchy ("Salman (Ampatuan, ...)"), never a list.
        continues = self._held_by_next(doc, n, mentions, k)
        opens = gap.strip().startswith("(")
        if not holders and (continues or opens):
            holders = [c for c in n.candidates if c.feature == "city"]
        if not holders or (n.lookup is None and self._list_follows(doc, mentions, k)):
            return False  # "Kyiv, Kharkiv and Odesa": a list of places
        # A town of any size known elsewhere in n's country is no village of n ("Bukavu, in the
        # Ibanda municipality"), unless the text puts it there in parentheses ("Muntinlupa (Metro
        # Manila)"); a town of another country is a namesake ("Kuri, Isiolo County" is no Guri of
        # Korea) unless more places follow, as in a list ("Haidarabad, Helmand Province and Kharkiv").
        countries = None if self._list_follows(doc, mentions, k) else {c.country for c in holders}
        return continues or opens or not any(
            x.feature == "city" and x.match != "variant" and x.population >= _LIST_ITEM_POPULATION
            and (countries is None or x.country in countries)
            for x in m.candidates
        )

    def _linked_unit(self, gap: str, unit: _Mention, part: _Mention | None = None) -> bool:
        """Is `gap` a link word before a unit named with its unit word ("X, in Y Township",
        "X of Y district"), or after a part named with its own ("the X area of Y", "X village
        in Y": the unit word says the part is a place inside the next)?"""
        words = [w for w in re.split(r"[\s,()]+", gap.lower()) if w]
        named = unit.lookup is not None or (part is not None and (part.lookup is not None or part.kind is not None))
        return named and set(words) <= self._lex.hierarchy_links

    def _placed_near(self, m: _Mention, n: _Mention, gap: str) -> bool:
        """ "Elele village near Wargadud town": a settlement the gazetteer knows only in other
        countries than the place it is near is a village it lacks, coded to that place (or to
        what holds it, when the place is unknown too: "near Wargadud town (Lafey, Mandera)")."""
        if gap.strip(" ,") or self._names_unit(m) or not (m.candidates or m.kind == "city"):
            return False
        countries = {c.country for c in n.candidates}
        return not any(x.country in countries for x in m.candidates)

    @staticmethod
    def _unknown_unit(n: _Mention, mentions: list[_Mention], k: int) -> bool:
        """Is n (the k-th mention) a unit the gazetteer lacks: no reading at all, or a unit word
        whose only readings are towns of other countries than the mention after it ("Juri
        upazila (Maulvibazar, ...)" is no Jüri of Estonia)?"""
        if not n.candidates:
            return True
        if n.lookup is None or k + 1 >= len(mentions):
            return False
        return not {c.country for c in n.candidates} & {c.country for c in mentions[k + 1].candidates}

    def _held_by_next(
        self, doc: Document, n: _Mention, mentions: list[_Mention], k: int, *, unknown: bool = False
    ) -> bool:
        """Is mention n (the k-th) named with a unit holding it right after ("Lumban, Laguna")?

        With `unknown`, n has no reading: is the next mention a unit that could hold it?
        """
        if k + 1 >= len(mentions):
            return False
        unit = mentions[k + 1]
        tokens = doc.tokens
        gap = doc.text[tokens[n.end - 1].end : tokens[unit.text_first].idx]
        if not gap.strip() or not (_GAP_PUNCT.match(gap) or self._linked_unit(gap, unit)):
            return False
        if unknown:
            return any(c.feature in ("admin1", "admin2") for c in unit.candidates)
        return any(inside(x, c) for c in unit.candidates for x in n.candidates)

    def _list_follows(self, doc: Document, mentions: list[_Mention], k: int) -> bool:
        """Does "and"/"or" and another mention follow mention k?"""
        if k + 1 >= len(mentions):
            return False
        gap = [t.text.lower() for t in doc.tokens[mentions[k].end : mentions[k + 1].text_first]]
        return self._coordination(doc.tokens[mentions[k].end : mentions[k + 1].text_first]) and any(
            w in ("and", "or", "&") for w in gap
        )

    def _resolve_chain(self, chain: list[_Mention], scene: _Scene) -> None:
        """Choose readings for a finest-first chain of mentions, each inside the coarser ones.

        Every reading of the coarsest mention is tried; the finer mentions take
        their best reading inside the readings already chosen. The choice
        linking most mentions wins, then a unit reading of the coarsest mention, then its
        likeliest reading.
        """
        if len(chain) < 2:
            return
        best: tuple[tuple[int, bool, float], list[GeoCandidate | None]] | None = None
        top = chain[-1]
        for reading in top.candidates:
            assigned: list[GeoCandidate | None] = [None] * len(chain)
            assigned[-1] = reading
            links = 0
            for j in range(len(chain) - 2, -1, -1):
                outer = [a for a in assigned[j + 1 :] if a is not None]
                pool = [c for c in chain[j].candidates if all(inside(c, o) for o in outer[:1])]
                pool = [c for c in pool if all(inside(c, o) or o.feature == "city" for o in outer)]
                pick = choose(pool, scene.context(chain[j])) if pool else None
                assigned[j] = pick
                links += pick is not None
            # A name holding others names a unit: "Calinog, Iloilo" is Iloilo province, not
            # the city of Iloilo, which holds Calinog only as a town standing for its district.
            key = (links, links > 0 and reading.feature != "city", score(reading, scene.context(top)))
            if best is None or key > best[0]:
                best = (key, assigned)
        if best is None:
            # The coarsest mention is unknown: nothing to hold the others.
            return
        (links, _, _), assigned = best
        if not links:
            # No reading of a finer name lies inside: they are places the gazetteer
            # lacks, held by the coarsest mention read as a unit.
            admins = [c for c in top.candidates if c.feature in ("admin1", "admin2", "country")]
            # A town holds only as the last name of a parenthesis ("Pul (Lamitan)", `_holds`).
            admins = admins or [c for c in top.candidates if c.feature == "city"]
            # The unit lies in the country of the name's likeliest reading: "in Porto Novo" is
            # the Beninese city's district, not a smaller unit of that name abroad.
            likeliest = choose(top.candidates, scene.context(top))
            admins = [c for c in admins if likeliest is None or c.country == likeliest.country] or admins
            unit = choose([c for c in admins if c.feature == "admin1"] or admins, scene.context(top))
            if unit is None:
                return
            assigned = [None] * (len(chain) - 1) + [unit]
        for j, m in enumerate(chain):
            pick = assigned[j]
            holder = next((a for a in assigned[j + 1 :] if a is not None), None)
            if pick is not None:
                m.forced = _in_holders_unit(pick, holder)
            elif holder is not None:
                m.container = holder


    def _actor_points(self, doc: Document) -> dict[str, GeoCandidate]:
        """The countries the text's actors belong to, by demonym or organisation ("Chadian
        soldiers", "FARDC"), each with the gazetteer's point for it."""
        words = [t.text.lower() for t in doc.tokens]
        found: set[str] = set()
        for i in range(len(words)):
            for n in range(1, _HINT_WORDS + 1):
                key = " ".join(words[i : i + n])
                coding = self._actors.organizations.get(key)
                iso = self._actors.demonyms.get(key) or (coding.country if coding else None)
                if iso:
                    found.add(iso)
        return {iso: point for iso in sorted(found) if (point := self._country_point(iso)) is not None}

    def _country_point(self, iso: str) -> GeoCandidate | None:
        if iso not in self._country_points:
            name = self._country_names.get(iso)
            found = self.geocoder.candidates(name) if name else []
            points = [c for c in found if c.feature == "country" and c.country == iso]
            self._country_points[iso] = points[0] if points else None
        return self._country_points[iso]

    def _names_unit(self, m: _Mention) -> bool:
        """Does the mention name a first-level unit or larger, not a settlement?"""
        if m.lookup is not None and self._lex.suffix_levels.get(m.lookup) == "admin1":
            return True
        return m.guess is not None and m.guess.feature in ("admin1", "country", "region")

    @staticmethod
    def _unbelievable(chosen: GeoCandidate, m: _Mention, scene: _Scene) -> bool:
        """A guess the rest of the text does not support.

        A small place abroad in a text that names other countries ("near the
        village of Yoro" in a report on Mali is a village the gazetteer lacks,
        not Yoro, Honduras), or whose other places all lie in one other country
        ("the Azizabad area of Shindand, Herat" is no Azizabad of Iran); a text
        with no other place, like most ACLED notes, is left alone. And a settlement met only through a
        transliteration variant, or a small one met only through an alias
        ("Zhuravlevka" for a Zhuravlivka 600 km away), when no other place of
        the text lies in its admin1 unit. In a text that names no country, a place far from
        the countries of all its actors ("Chadian soldiers entered Tire": no Tire of Turkey)
        when small, or met only through an alias or variant ("Deli" for Delhi). A namesake
        nearer the actors is not taken in its place: a text that names it no more than that
        says too little to choose ("Bab" of a Baghdad report is no Al Bab of Syria either).
        """
        if m.container is not None or m.preferred is not None:
            return False
        named = scene.named_countries(m)
        others = set(scene.context(m).countries)
        if len(others) == 1 and not named and chosen.country not in scene.actor_countries:
            # Every other place of the text lies in one country; a place in the country of
            # the text's actors stands against them ("in Djugu area, FARDC, Hema and Lendu
            # clashed": the names listed after it are no places of another country's).
            named = others
        if not named and scene.far_from_actors(chosen):
            return chosen.population < _FOREIGN_MIN_POPULATION or chosen.match != "name"
        if (
            named
            and chosen.feature in ("city", "admin2", "admin1")
            and chosen.country not in named
            and chosen.population < _FOREIGN_MIN_POPULATION
        ):
            return True
        admin1s = scene.admin1s(m)
        if admin1s[chosen.admin1 or ""] or chosen.feature not in ("city", "admin2"):
            return False
        if chosen.match == "variant":
            return True
        return chosen.match == "alias" and chosen.population < _SMALL and bool(admin1s)

    def _resolve(self, doc: Document, m: _Mention, scene: _Scene) -> Place | None:
        tokens = doc.tokens
        start, end = tokens[m.text_first].idx, tokens[m.end - 1].end
        text = doc.text[start:end]
        if m.forced is not None:
            return to_place(m.forced, text, start, end, near=m.near)
        ctx = replace(scene.context(m), container=m.container, near=m.near)
        chosen = choose(m.candidates, ctx)
        if chosen is not None and not self._unbelievable(chosen, m, scene):
            return to_place(chosen, text, start, end, near=m.near)
        if chosen is None and m.container is not None and (m.strong or m.candidates):
            name = doc.text[tokens[m.first].idx : tokens[m.last - 1].end]
            return within(m.container, name, text, start, end, near=m.near)
        return None


class _Scene:
    """Where the document's mentions point before any context is applied.

    Each mention's context leaves its own guess out, and those of the other mentions
    guessed alike (the same name written again), so a name cannot vote for its own
    reading ("Gulshan ... the Gulshan market" is not two votes for a Gulshan of Iran).
    A context depends only on the country and unit of the guess left out, so each is
    counted once per document, not once per mention.
    """

    def __init__(self, mentions: Sequence[_Mention], actor_points: dict[str, GeoCandidate] | None = None) -> None:
        self.actor_points = actor_points or {}
        self.actor_countries = frozenset(self.actor_points)
        self.guesses: dict[int, GeoCandidate] = {}
        self.alike: Counter[GeoCandidate] = Counter()  # mentions per guess
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[str] = Counter()
        self.explicit: Counter[str] = Counter()  # countries named as such or through one of their admin1 units
        for m in mentions:
            g = m.guess
            if g is None or g.match == "variant":
                continue  # a name met only through a spelling variant is too weak to vote
            self.guesses[id(m)] = g
            self.alike[g] += 1
            self.countries.update(_country_of(g))
            self.admin1.update(_admin1_of(g))
            if g.feature in ("country", "admin1"):
                self.explicit.update(_country_of(g))
        self._without: dict[tuple[str, tuple[str, ...]], Counter[str]] = {}

    def _less(self, name: str, counts: Counter[str], own: list[str]) -> Counter[str]:
        """`counts` without the guess left out (`own`), computed once per distinct guess."""
        if not own:
            return counts
        key = (name, tuple(own))
        found = self._without.get(key)
        if found is None:
            found = self._without[key] = counts - Counter(own)
        return found

    def context(self, m: _Mention) -> Context:
        own = self.guesses.get(id(m))
        countries = self._less("countries", self.countries, self._own(own, _country_of)) if own else self.countries
        return Context(
            countries=countries, admin1s=self.admin1s(m), preferred_country=m.preferred,
            actors=self.actor_countries,
        )

    def _own(self, guess: GeoCandidate, part: Callable[[GeoCandidate | None], list[str]]) -> list[str]:
        """What the mentions guessed as `guess` add to a count (`part`: its country or unit)."""
        return part(guess) * self.alike[guess]

    def admin1s(self, m: _Mention) -> Counter[str]:
        own = self.guesses.get(id(m))
        return self._less("admin1", self.admin1, self._own(own, _admin1_of)) if own else self.admin1

    def far_from_actors(self, c: GeoCandidate) -> bool:
        """Whether `c` lies outside the countries of the text's actors and far from them all;
        False when the text's actors name no country."""
        if not self.actor_points or c.country in self.actor_points or c.feature not in ("city", "admin2", "admin1"):
            return False
        return all(_km(c, p) > _FAR_FROM_ACTORS_KM for p in self.actor_points.values())

    def named_countries(self, m: _Mention) -> set[str]:
        own = self.guesses.get(id(m))
        rest = self._less("explicit", self.explicit, self._own(own, _country_of)) if own else self.explicit
        return set(rest)


def _in_holders_unit(pick: GeoCandidate, holder: GeoCandidate | None) -> GeoCandidate:
    """A town read inside the district named beside it lies in that district's first-level
    unit: gazetteer towns keep the unit of an older map ("Lamitan City, Basilan province")."""
    if (
        holder is not None
        and holder.feature == "admin2"
        and pick.feature == "city"
        and holder.admin1
        and pick.admin2 == holder.name
        and pick.admin1 != holder.admin1
    ):
        return replace(pick, admin1=holder.admin1)
    return pick


def _km(a: GeoCandidate, b: GeoCandidate) -> float:
    return km_between(a.lat, a.lon, b.lat, b.lon)


def _country_of(c: GeoCandidate | None) -> list[str]:
    return [c.country] if c is not None and c.country else []


def _admin1_of(c: GeoCandidate | None) -> list[str]:
    if c is None:
        return []
    name = c.name if c.feature == "admin1" else c.admin1
    return [name] if name else []


# ---------------------------------------------------------------------------
# Helpers

_NAME = r"[A-Z][\w'’.\-]*(?:[ /][A-Z][\w'’.\-]*){0,3}"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "TRIPOLI, Libya –", "KYIV, Ukraine (AP) —", "SEOUL, Aug 30 (Reuters) -", "GOMA (AFP) -".
_DATELINE = re.compile(
    rf"\s*(?P<where>{_NAME}(?:,\s*{_NAME})?)(?:,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    r"\s*(?:\([^()\n]{2,40}\))?\s*(?:—|–|--|-)\s"
)


# One end of a road named by its ends: a name of up to three capitalised words.
_ROAD_END = r"[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,2}"


@cache
def _route_pattern() -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(w) for w in load_resource("places.yaml")["route_words"]), key=len, reverse=True))
    ends = rf"{_ROAD_END}(?:\s*[-–—/]\s*{_ROAD_END})+"
    return re.compile(rf"(?P<before>{ends})\s+(?i:{words})\b|\b(?i:{words})\s+(?P<after>{ends})")


def route_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of roads written by the towns at their ends, the ends only ("Dhaka -
    Tangail" of "the Dhaka - Tangail highway", "Djibo-Mentao" of "the axis Djibo-Mentao")."""
    out: list[tuple[int, int]] = []
    for match in _route_pattern().finditer(text):
        group = "before" if match.group("before") is not None else "after"
        out.append(match.span(group))
    return tuple(out)


def event_places(doc: Document) -> tuple[Place, ...]:
    """The places an event of `doc` may be located at.

    A dateline names where the report was written: it locates an event only
    when the report names no other place.
    """
    named = tuple(p for p in doc.places if not p.dateline)
    return named or doc.places


def opening_place(doc: Document, sentence: int) -> Place | None:
    """The place a sentence opens with, set off by a comma, or None.

    "On 5 June 2017, in Tanai Township, Kachin State, the army dropped
    leaflets": a place phrase before the sentence's first verb, closed by a
    comma, sets the scene of every event of the sentence, as a governing date
    sets its time. The finest such place is returned.
    """
    sent = doc.sentences[sentence]
    verb = next((t for t in doc.tokens[sent.first : sent.last] if t.pos in ("VERB", "AUX")), None)
    if verb is None:
        return None
    lead = [p for p in event_places(doc) if sent.start <= p.start < verb.idx and p.country and not p.dateline]
    if not lead:
        return None
    last_end = max(p.end for p in lead)
    if "," not in doc.text[last_end : verb.idx]:
        return None
    return min(lead, key=lambda p: (p.precision.rank if p.precision else 9, p.start))


def dateline_place(doc: Document, start: int, end: int) -> Place | None:
    """The dateline's finest place when the dateline stands in text[start:end], else None.

    An event of the report's opening sentence that names no place of its own
    happened where the report was filed ("OFER PRISON, West Bank (Reuters) -
    Israel indicted ..."): nothing else is named for it.
    """
    line = [p for p in doc.places if p.dateline and start <= p.start < end and p.country]
    return min(line, key=lambda p: p.precision.rank if p.precision else 9) if line else None


def dateline_span(doc: Document) -> tuple[int, int] | None:
    """Where the dateline's place stands, as (start, end), or None.

    A dateline opens the body: the place of writing, perhaps a date and the
    agency, then a dash. It says where the report was filed, not where its
    events happened, so its places are flagged `Place.dateline`.
    """
    m = _DATELINE.match(doc.text, doc.body_start)
    return (m.start("where"), m.end("where")) if m else None



def _sentence_index(doc: Document) -> list[int]:
    """Sentence number of every token (tokens outside any sentence get their own)."""
    out = list(range(-len(doc.tokens), 0))
    for n, sent in enumerate(doc.sentences):
        for i in range(sent.first, min(sent.last, len(doc.tokens))):
            out[i] = n
    return out


def _match_before(
    tokens: Sequence[Token],
    first: int,
    cues: _Phrases,
    sent_of: list[int] | None,
) -> int | None:
    """Start of the longest cue ending right before `first` (an article may stand between)."""
    stop = first
    if stop > 0 and tokens[stop - 1].text.lower() == "the":
        stop -= 1
    for n in cues.lengths:  # longest first: the earliest start wins
        start = stop - n
        if start < 0 or (sent_of is not None and sent_of[start] != sent_of[first]):
            continue
        if tuple(t.text.lower() for t in tokens[start:stop]) in cues:
            return start
    return None


def _lengths(table: Iterable[tuple[str, ...]]) -> tuple[int, ...]:
    """Distinct phrase lengths in a table of word tuples, longest first."""
    return tuple(sorted({len(words) for words in table}, reverse=True))


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """Keep the earlier (then longer) of overlapping mentions."""
    out: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.text_first, -(m.end - m.text_first))):
        if out and m.text_first < out[-1].end:
            continue
        out.append(m)
    return out


# ---------------------------------------------------------------------------
# EntityRuler patterns


def place_patterns(geocoder: Geocoder, focus_countries: Sequence[str] | None = None) -> list[dict[str, str]]:
    """spaCy EntityRuler patterns labelling gazetteer names GPE.

    A bounded set (some 15,000 names): countries, first-level units ("Kharkiv
    Oblast", "Kharkiv"), curated regions, and cities above
    `focus_min_population` in the focus countries and `world_min_population`
    elsewhere (resources/places.yaml). Names that are ordinary English words
    are left out. With the gazetteer this is one query (< 0.5 s); call it once
    per process and add the patterns with only the tokenizer running (see
    docs in the stage report), or spaCy parses every pattern.
    A geocoder without `pattern_names` (StaticGeocoder) contributes the names
    of its `places`.
    """
    data = load_resource("places.yaml")
    config = data["patterns"]
    focus = tuple(focus_countries or config["focus_countries"])
    stop = set(config["stoplist"]) | set(data["stopwords"]) | set(data["directions"])
    lister = getattr(geocoder, "pattern_names", None)
    names: Iterable[tuple[str, str]]
    if lister is not None:
        names = lister(focus, config["focus_min_population"], config["world_min_population"])
    else:
        floor = {True: config["focus_min_population"], False: config["world_min_population"]}
        names = (
            (p.name, p.feature)
            for p in getattr(geocoder, "places", ())
            if p.feature != "city" or p.population >= floor[p.country in focus]
        )
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for name, feature in names:
        if not _pattern_worthy(name, feature, stop):
            continue
        # Texts write "People’s" as often as "People's"; the ruler matches exact tokens.
        for text in {name, name.replace("'", "’"), name.replace("’", "'")}:
            if text not in seen:
                seen.add(text)
                out.append({"label": "GPE", "pattern": text})
    return out


def _pattern_worthy(text: str, feature: str, stop: set[str]) -> bool:
    if text in stop or not text[:1].isupper() or not is_latin(text):
        return False
    if len(text) < 3 and not (feature == "country" and text.isupper()):
        return False
    return not any(ch.isdigit() for ch in text)
