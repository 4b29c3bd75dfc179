"""Who a claim comes from, and which sources speak with one voice.

Corroboration counts the independent origins of the reports that support an
event. A report's origin (its *root*) is the innermost link of its attribution
chain: "Moscow Evening, citing TASS, citing the defence ministry" comes from
the defence ministry, not from TASS. A claim the outlet makes in its own voice
comes from the outlet. Roots are keys of four kinds (see
docs/data-dictionary.md):

    office:<office>:<scope>   an office of a state or region ("office:military:RUS",
                              "office:regional authority:UKR/Kharkiv Oblast"); a person
                              introduced by a title in the text speaks for that office
    state:<ISO3>              a state-run outlet, one voice with its government
    anon:<outlet>             unnamed sources ("security sources"), once per outlet
    name:<name>               anyone else, by normalised name (aliases merged)

Which names are offices, titles, state media and aliases is data
(`resources/sources.yaml`). Roots are computed once, when an event is stored,
because finding a person's title needs the document's text; `independent`
then merges the roots of a cluster's supporting reports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sitreport.errors import ResourceError
from sitreport.lexicon import ActorLexicon, load_yaml
from sitreport.model import Event, Source

__all__ = ["Office", "SourceRules", "independent", "normalise_source", "root_kind"]

_PUNCT = re.compile(r"[^\w\s/&'-]+")
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s\b")
_WORD = re.compile(r"[\w'’-]+")
# How far around a person's name in the text a title is looked for.
_BEFORE_CHARS = 80
_AFTER_CHARS = 90
_CLAUSE_END = re.compile(r"[.;!?]")


def normalise_source(name: str) -> str:
    """'The Kyiv Post' and 'kyiv post.' are one source."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _POSSESSIVE.sub("", text.replace("’", "'"))
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text).strip(" -'")
    return _LEADING.sub("", text)


def _contains(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in f" {haystack} "


@dataclass(frozen=True)
class Office:
    name: str
    scope: str  # "region" | "country"
    names: tuple[str, ...]
    titles: tuple[str, ...]


def root_kind(root: str) -> str:
    """The kind of a root key: office, state, anon, name or doc."""
    return root.partition(":")[0]


@dataclass(frozen=True)
class SourceRules:
    """The tables of `resources/sources.yaml` and the country names of `countries.csv`."""

    offices: tuple[Office, ...]
    state_media: dict[str, str]
    aliases: dict[str, str]
    anonymous_words: frozenset[str]
    outlets: frozenset[str]
    actors: ActorLexicon
    # Phrase lists and lookups already made (names repeat across a corpus).
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls) -> SourceRules:
        data = load_yaml("sources.yaml")
        try:
            offices = tuple(
                Office(
                    name=str(name),
                    scope=str(spec["scope"]),
                    names=tuple(normalise_source(n) for n in spec.get("names") or ()),
                    titles=tuple(normalise_source(t) for t in spec.get("titles") or ()),
                )
                for name, spec in data["offices"].items()
            )
            bad = [o.name for o in offices if o.scope not in ("region", "country")]
            if bad:
                raise ValueError(f"offices with an unknown scope: {bad}")
            state = {
                normalise_source(n): str(iso) for iso, names in data["state_media"].items() for n in names
            }
            aliases: dict[str, str] = {}
            for line in data["aliases"]:
                canonical = normalise_source(line[0])
                for n in line:
                    aliases[normalise_source(n)] = canonical
            anonymous = frozenset(normalise_source(w) for w in data["anonymous_words"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ResourceError(f"resources/sources.yaml: {type(exc).__name__}: {exc}") from exc
        actors = ActorLexicon.load()
        outlets = frozenset(normalise_source(o) for o in actors.outlets) | frozenset(state) | frozenset(aliases)
        return cls(offices, state, aliases, anonymous, outlets, actors)

    # -- one source ---------------------------------------------------------------

    def _phrases(self, attr: str) -> list[tuple[str, Office]]:
        """(phrase, office), longest phrase first, built once per table."""
        memo: dict[str, list[tuple[str, Office]]] = self._memo.setdefault("phrases", {})
        if attr not in memo:
            found = [(p, o) for o in self.offices for p in getattr(o, attr)]
            memo[attr] = sorted(found, key=lambda pair: -len(pair[0]))
        return memo[attr]

    def _first(self, attrs: tuple[str, ...], text: str) -> Office | None:
        key = normalise_source(text)
        memo: dict[tuple[tuple[str, ...], str], Office | None] = self._memo.setdefault("offices", {})
        if (attrs, key) not in memo:
            found = None
            for attr in attrs:
                found = next((o for phrase, o in self._phrases(attr) if _contains(key, phrase)), None)
                if found is not None:
                    break
            memo[(attrs, key)] = found
        return memo[(attrs, key)]

    def office_of_name(self, name: str) -> Office | None:
        """The office a source's own name holds ("the regional military administration")."""
        return self._first(("names", "titles"), name)

    def _title_in(self, window: str) -> Office | None:
        return self._first(("titles",), window)

    def office_of_person(self, name: str, text: str) -> tuple[Office, str] | None:
        """A person's office from a title next to their name in `text`: "Governor Oleh
        Petrenko", "Oleh Petrenko, the head of the regional administration, said"; with the
        text before the title, where a country may be named."""
        start = text.find(name)
        while start >= 0:
            before = text[max(0, start - _BEFORE_CHARS) : start]
            before = _CLAUSE_END.split(before)[-1]
            after = text[start + len(name) : start + len(name) + _AFTER_CHARS]
            # A title just before the name: the last few words before it.
            words = _WORD.findall(before)
            for n in range(min(8, len(words)), 0, -1):
                office = self._title_in(" ".join(words[-n:]))
                if office is not None and not before.rstrip().endswith(","):
                    return office, " ".join(words[: len(words) - n])
            # A title in an apposition: "Name, the governor of X," or "the governor, Name,".
            if after.lstrip().startswith(","):
                clause = after.lstrip()[1:].split(",")[0]
                office = self._title_in(clause)
                if office is not None:
                    return office, clause
            if before.rstrip().endswith(","):
                office = self._title_in(before.rstrip()[:-1].split(",")[-1])
                if office is not None:
                    return office, before
            start = text.find(name, start + len(name))
        return None

    def _country_in(self, words: Iterable[str]) -> str | None:
        for word in words:
            iso = self.actors.country_of(_POSSESSIVE.sub("", word.replace("’", "'")))
            if iso:
                return iso
        return None

    def _context(self, name: str, text: str) -> list[str]:
        """The few words before the first mention of `name` in `text` (same clause)."""
        start = text.lower().find(name.lower()) if name else -1
        if start < 0:
            return []
        before = _CLAUSE_END.split(text[max(0, start - 40) : start])[-1]
        return _WORD.findall(before)[-3:]

    def _scope(self, office: Office, country: str | None, location: tuple[str | None, str | None]) -> str:
        loc_country, admin1 = location
        if office.scope == "region":
            return f"{loc_country or '?'}/{admin1 or '?'}"
        return country or "?"

    def root(
        self,
        source: Source | str,
        *,
        text: str = "",
        outlet: str | None = None,
        location: tuple[str | None, str | None] = (None, None),
    ) -> str:
        """The root key of one source, a `Source` or a bare outlet name."""
        name, kind = (source, "outlet") if isinstance(source, str) else (source.name, source.kind)
        key = normalise_source(name)
        if not key:
            return f"anon:{normalise_source(outlet or '') or '?'}"
        canonical = self.aliases.get(key, key)
        if canonical in self.state_media:
            return f"state:{self.state_media[canonical]}"
        if kind == "outlet" or canonical in self.outlets:
            return f"name:{canonical}"
        # "the ministry" after "Russia's Defence Ministry": the words before the name's
        # mention may make the office more specific and name its country.
        context = self._context(name, text)
        office = self.office_of_name(" ".join([*context, name])) or self.office_of_name(name)
        country = self._country_in([*_WORD.findall(name), *reversed(context)]) if office else None
        if office is None and kind == "person" and text:
            found = self.office_of_person(name, text)
            if found is not None:
                office, before = found
                country = self._country_in(reversed(_WORD.findall(before))) or self._country_in(context)
        if office is not None:
            return f"office:{office.name}:{self._scope(office, country, location)}"
        if kind == "anonymous" or any(_contains(key, w) for w in self.anonymous_words):
            return f"anon:{self.aliases.get(normalise_source(outlet or ''), normalise_source(outlet or '')) or '?'}"
        return f"name:{canonical}"

    def event_roots(
        self, event: Event, *, text: str = "", outlet: str | None = None, document_id: str = ""
    ) -> tuple[str, ...]:
        """Where `event`'s claim starts: the innermost link of its chain (with the sources
        named alongside it), or the outlet speaking in its own voice."""
        loc = event.location
        location = (loc.country, loc.admin1) if loc is not None else (None, None)
        chain = event.attribution.chain
        roots: set[str] = set()
        if chain:
            inner = chain[-1]
            roots.add(self.root(inner, text=text, outlet=outlet, location=location))
            for also in inner.also:
                roots.add(self.root(Source(also, inner.kind), text=text, outlet=outlet, location=location))
        elif outlet:
            roots.add(self.root(outlet, text=text, outlet=outlet, location=location))
        else:
            roots.add(f"doc:{document_id[:12]}")
        return tuple(sorted(roots))


def independent(roots: Iterable[str]) -> tuple[str, ...]:
    """The distinct voices among a cluster's supporting roots.

    An office whose country the text did not name joins the one office of the same kind
    that has one; a state-run outlet joins an office of its own state.
    """
    keys = set(roots)
    offices = [k.split(":", 2) for k in keys if root_kind(k) == "office"]
    for _, office, scope in offices:
        if scope == "?" or scope.startswith("?/"):
            known = {s for _, o, s in offices if o == office and s != scope and not s.startswith("?")}
            if len(known) == 1:
                keys.discard(f"office:{office}:{scope}")
    countries = {s.split("/")[0] for _, _, s in offices}
    states = [k for k in keys if root_kind(k) == "state"]
    for key in states:
        if key.split(":", 1)[1] in countries:
            keys.discard(key)
    if len(states) == 1:
        # "The ministry said", told by a state agency: the ministry it relays.
        for _, office, scope in offices:
            if scope.startswith("?") and f"office:{office}:{scope}" in keys:
                keys.discard(f"office:{office}:{scope}")
    return tuple(sorted(keys))
