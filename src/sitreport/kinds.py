"""Classes of argument words (resources/arguments.yaml): weapon classes, target kinds,
actor kinds, found in a stretch of tokens.

A class is a list of entries: words, phrases (matched on consecutive tokens, the longest
first, so "stun grenade" is nonlethal and no grenade) and designation prefixes ("su-"
matches "su-25"). A token matches on its text or its lemma.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitreport.data import load_yaml, words
from sitreport.errors import ResourceError
from sitreport.model import Token


@dataclass(frozen=True)
class WordClasses:
    """Entries of several classes, indexed for a left-to-right scan."""

    phrases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (words, class), longest first
    prefixes: Mapping[str, tuple[str, ...]]  # "su-" -> the classes it names
    names: frozenset[str]
    sided: frozenset[str] = frozenset()  # classes read on one side only (see arguments.yaml)

    @classmethod
    def build(cls, classes: Mapping[str, Iterable[Any]], where: str, sided: Iterable[Any] = ()) -> WordClasses:
        phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        prefixes: dict[str, list[str]] = {}
        for name, entries in classes.items():
            for entry in words(entries):
                if entry.endswith("-") and " " not in entry:
                    prefixes.setdefault(entry, []).append(str(name))
                    continue
                parts = tuple(entry.split())
                if not parts:
                    raise ResourceError(f"{where}: an empty entry in {name}")
                for variant in {parts, _split_hyphens(parts)}:
                    phrases.setdefault(variant[0], []).append((variant, str(name)))
        ordered = {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in phrases.items()}
        names = frozenset(str(n) for n in classes)
        one_side = _names(sided, classes, where)
        return cls(ordered, {k: tuple(v) for k, v in prefixes.items()}, names, one_side)

    def find(
        self,
        tokens: Sequence[Token],
        positions: Iterable[int],
        *,
        alone: Iterable[int] = (),
        pairs: Iterable[tuple[int, int]] = (),
    ) -> tuple[str, ...]:
        """The classes named by the tokens at `positions` (indices into `tokens`), in text
        order, each once. Tokens in `alone` count only inside a phrase; `pairs` are
        (modifier, head) positions read as a two-word phrase even when words stand between
        them ("air and navy missiles": "air missiles")."""
        wanted = sorted(set(positions))
        inside, solo = set(wanted), set(wanted) - set(alone)
        found: list[tuple[int, str]] = []
        used: set[int] = set()
        for i in wanted:
            if i in used:
                continue
            match = self._match(tokens, i, inside, i in solo)
            if match is not None:
                used.update(range(i, i + match[0]))
                found.extend((i, name) for name in match[1])
        for mod, head in pairs:
            name = self._pair(tokens[mod], tokens[head])
            if name is not None and mod in inside and head in inside:
                found.append((mod, name))
        out: list[str] = []
        for _, name in sorted(found):
            if name not in out:
                out.append(name)
        return tuple(out)

    def _pair(self, mod: Token, head: Token) -> str | None:
        for form in _forms(mod):
            for parts, name in self.phrases.get(form, ()):
                if len(parts) == 2 and parts[1] in _forms(head):
                    return name
        return None

    def _match(
        self, tokens: Sequence[Token], i: int, inside: set[int], solo: bool
    ) -> tuple[int, tuple[str, ...]] | None:
        """The longest entry starting at token `i` and every class that lists it."""
        forms = _forms(tokens[i])
        best: tuple[int, tuple[str, ...]] | None = None
        for form in forms:
            for parts, name in self.phrases.get(form, ()):
                size = len(parts)
                if (size == 1 and not solo) or (best is not None and size < best[0]):
                    continue
                if all(k in inside for k in range(i, i + size)) and all(
                    parts[n] in _forms(tokens[i + n]) for n in range(1, size)
                ):
                    names = (*best[1], name) if best is not None and best[0] == size else (name,)
                    best = (size, names)
        if best is not None or not solo:
            return best
        for form in forms:
            head, dash, rest = form.partition("-")
            if dash and rest[:1].isdigit() and head + "-" in self.prefixes:
                return 1, self.prefixes[head + "-"]
        return None


def _split_hyphens(parts: tuple[str, ...]) -> tuple[str, ...]:
    """ "remote-controlled bomb" as the parser tokenizes it: remote, -, controlled, bomb."""
    out: list[str] = []
    for part in parts:
        pieces = part.split("-")
        for n, piece in enumerate(pieces):
            if n:
                out.append("-")
            if piece:
                out.append(piece)
    return tuple(out)


def _forms(tok: Token) -> tuple[str, ...]:
    text, lemma = tok.text.lower(), tok.lemma.lower()
    return (text,) if text == lemma else (text, lemma)


@dataclass(frozen=True)
class ArgumentLexicon:
    """resources/arguments.yaml."""

    instruments: WordClasses
    targets: WordClasses
    actor_kinds: WordClasses
    territory: frozenset[str]
    object_is_instrument: frozenset[str]
    instrument_prepositions: frozenset[str]
    circumstance_prepositions: frozenset[str]
    sides_prepositions: frozenset[str]

    @classmethod
    def load(cls) -> ArgumentLexicon:
        data = load_yaml("arguments.yaml")
        sided = data["sided"]
        return cls(
            instruments=WordClasses.build(data["instruments"], "arguments.yaml instruments", sided["instruments"]),
            targets=WordClasses.build(data["targets"], "arguments.yaml targets", sided["targets"]),
            actor_kinds=WordClasses.build(data["actor_kinds"], "arguments.yaml actor_kinds"),
            territory=words(data["targets"]["territory"]),
            object_is_instrument=words(data["object_is_instrument"]),
            instrument_prepositions=words(data["instrument_prepositions"]),
            circumstance_prepositions=words(data["circumstance_prepositions"]),
            sides_prepositions=words(data["sides_prepositions"]),
        )


def _names(names: Iterable[Any], classes: Mapping[str, Any], where: str) -> frozenset[str]:
    out = frozenset(str(n) for n in names)
    stray = out - set(classes)
    if stray:
        raise ResourceError(f"{where}: unknown classes {sorted(stray)}")
    return out
