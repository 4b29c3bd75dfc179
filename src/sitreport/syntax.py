"""Read-only helpers over the dependency parse held in `Document.tokens`, and the English
function words they and the rule stages read (`ENGLISH`, from resources/grammar.yaml)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sitreport.data import load_yaml, words
from sitreport.model import Token


@dataclass(frozen=True)
class FunctionWords:
    """resources/grammar.yaml: the closed-class words the rules need by name."""

    particles: frozenset[str]
    definite_determiners: frozenset[str]
    articles: tuple[str, ...]
    possessive_endings: tuple[str, ...]
    relative_pronouns: frozenset[str]
    pronouns: dict[str, str]  # pronoun -> person | group | thing
    possessive_pronouns: frozenset[str]
    origin_prepositions: frozenset[str]
    partitive_prepositions: frozenset[str]
    quantity_nouns: frozenset[str]
    first_person: frozenset[str]
    list_joiners: frozenset[str]
    lemma_fixes: dict[str, str]  # word form -> its lemma, where the parser's is wrong

    @classmethod
    def load(cls) -> FunctionWords:
        data = load_yaml("grammar.yaml")
        return cls(
            particles=words(data["particles"]),
            definite_determiners=words(data["definite_determiners"]),
            articles=tuple(str(w).lower() for w in data["articles"]),
            possessive_endings=tuple(str(w) for w in data["possessive_endings"]),
            relative_pronouns=words(data["relative_pronouns"]),
            pronouns={str(w).lower(): kind for kind, ws in data["pronouns"].items() for w in ws},
            possessive_pronouns=words(data["possessive_pronouns"]),
            origin_prepositions=words(data["origin_prepositions"]),
            partitive_prepositions=words(data["partitive_prepositions"]),
            quantity_nouns=words(data["quantity_nouns"]),
            first_person=words(data["first_person"]),
            list_joiners=words(data["list_joiners"]),
            lemma_fixes={str(k).lower(): str(v) for k, v in data["lemma_fixes"].items()},
        )

    def bare_name(self, text: str) -> str:
        """`text` without a leading article or a trailing possessive ending: "the Kremlin's" -> "Kremlin"."""
        for article in self.articles:
            if text[: len(article) + 1].lower() == article + " ":
                text = text[len(article) + 1 :]
                break
        for ending in self.possessive_endings:
            text = text.removesuffix(ending)
        return text


# Read once: the words are part of what the parse helpers mean, like the labels in the code.
ENGLISH = FunctionWords.load()
RELATIVE_PRONOUNS = ENGLISH.relative_pronouns


@dataclass(frozen=True)
class Tree:
    """Children lists and subtree queries for one document's tokens."""

    tokens: Sequence[Token]
    children: tuple[tuple[int, ...], ...] = field(default=())

    @classmethod
    def build(cls, tokens: Sequence[Token]) -> Tree:
        kids: list[list[int]] = [[] for _ in tokens]
        for t in tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        return cls(tokens, tuple(tuple(k) for k in kids))

    def kids(self, i: int, *deps: str) -> list[Token]:
        """Children of token `i`, optionally only those with one of `deps`."""
        return [self.tokens[c] for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def subtree(self, i: int) -> list[int]:
        """Token indices of the subtree under `i`, in text order."""
        out = [i]
        stack = list(self.children[i])
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(self.children[c])
        return sorted(out)

    def ancestors(self, i: int) -> Iterator[Token]:
        """Heads of `i` up to the root, nearest first."""
        seen = {i}
        t = self.tokens[i]
        while t.head != t.i and t.head not in seen:
            seen.add(t.head)
            t = self.tokens[t.head]
            yield t

    def conjuncts(self, i: int) -> list[int]:
        """`i` and the tokens coordinated with it ("Pyongyang and Moscow")."""
        out = [i]
        stack = [i]
        while stack:
            for c in self.kids(stack.pop(), "conj"):
                out.append(c.i)
                stack.append(c.i)
        return out

    def is_passive(self, i: int) -> bool:
        return bool(self.kids(i, "auxpass", "nsubjpass")) or (
            self.tokens[i].tag == "VBN" and self.tokens[i].dep == "acl"
        )

    def is_definite(self, i: int) -> bool:
        """Whether noun `i` has a definite determiner ("the soldiers", "this group")."""
        return any(t.lemma.lower() in ENGLISH.definite_determiners for t in self.kids(i, "det"))

    def particle(self, i: int) -> str | None:
        """The particle of a phrasal verb; the parser sometimes calls the "down" of
        "shot down" an adverb or a preposition, so a bare one right after counts too."""
        prt = self.kids(i, "prt")
        if prt:
            return prt[0].text.lower()
        nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        if nxt is not None and nxt.head == i and nxt.text.lower() in ENGLISH.particles and not self.children[nxt.i]:
            return nxt.text.lower()
        return None


# Quotation marks: typographic opening and closing, and the straight one that is both.
_OPEN, _CLOSE, _STRAIGHT = "\u201c", "\u201d", '"'


def opening_quote(text: str, at: int) -> int | None:
    """Where the quotation that offset `at` is inside opens (within its paragraph), or None
    when `at` is not inside one."""
    start = text.rfind("\n", 0, at) + 1
    before = text[start:at]
    if before.count(_STRAIGHT) % 2 == 1:
        return start + before.rfind(_STRAIGHT)
    if before.rfind(_OPEN) > before.rfind(_CLOSE):
        return start + before.rfind(_OPEN)
    return None


def closing_quote(text: str, at: int) -> int | None:
    """Where the quotation that offset `at` is inside closes, or None when `at` is not
    inside one. Quotations are read within their paragraph (one line of the text)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    before = text[start:at]
    # inside when the last typographic mark before `at` opens (writers leave some unclosed:
    # a quotation running into the next paragraph), or after an odd number of straight ones
    if before.rfind(_OPEN) <= before.rfind(_CLOSE) and before.count(_STRAIGHT) % 2 == 0:
        return None
    closes = [k for k in (text.find(q, at, end) for q in (_CLOSE, _STRAIGHT)) if k >= 0]
    return min(closes) if closes else None
