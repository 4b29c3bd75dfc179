"""Quantities stage: numbers attached to the nouns they count.

"Some 18 North Korean soldiers" -> 18 on "soldiers"; "six" -> 6; "dozens of
civilians" -> 12 on "civilians" (ACLED reads "dozens" as 12); "1,200" -> 1200.
"At least", "more than" and "some" keep the stated figure, the most
conservative reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sitreport.lexicon import load_yaml
from sitreport.model import Document, Quantity, Token
from sitreport.syntax import ENGLISH, Tree

_COUNT_DEPS = {"nummod", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "ROOT", "compound"}
_DIGITS = re.compile(r"^\d{1,3}(?:[,\s]\d{3})+$|^\d+$")


@dataclass(frozen=True)
class NumberWords:
    words: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    joiners: frozenset[str]

    @classmethod
    def load(cls) -> NumberWords:
        data = load_yaml("numbers.yaml")
        return cls(
            {str(k).lower(): int(v) for k, v in data["words"].items()},
            {str(k).lower(): int(v) for k, v in data["scales"].items()},
            {str(k).lower(): int(v) for k, v in data["vague"].items()},
            frozenset(str(w).lower() for w in data["joiners"]),
        )

    def phrase_value(self, words: list[str]) -> int | None:
        """Value of a number written over several tokens: "two thousand", "twenty - five"."""
        total = current = 0
        seen = False
        for word in words:
            low = word.lower()
            if low in self.joiners:
                continue
            if low in self.scales:
                current = max(current, 1) * self.scales[low]
                if self.scales[low] >= 1000:
                    total, current = total + current, 0
                seen = True
                continue
            value = self.value(word)
            if value is None:
                return None
            current += value
            seen = True
        return total + current if seen else None

    def value(self, text: str) -> int | None:
        word = text.lower().replace("-", " ")
        if _DIGITS.match(word):
            return int(re.sub(r"[,\s]", "", word))
        if word in self.words:
            return self.words[word]
        parts = word.split()
        if len(parts) == 2 and parts[0] in self.words and parts[1] in self.words:
            return self.words[parts[0]] + self.words[parts[1]]
        return None


@dataclass
class QuantitiesStage:
    numbers: NumberWords
    name: str = "quantities"
    requires: tuple[str, ...] = ("doc.tokens", "doc.sentences")
    assigns: tuple[str, ...] = ("doc.quantities",)

    def __call__(self, doc: Document) -> Document:
        tree = Tree.build(doc.tokens)
        found: list[Quantity] = []
        for tok in doc.tokens:
            quantity = self._quantity(doc, tree, tok.i)
            if quantity is not None:
                found.append(quantity)
        return replace(doc, quantities=tuple(found))

    def _quantity(self, doc: Document, tree: Tree, i: int) -> Quantity | None:
        tok = doc.tokens[i]
        low = tok.text.lower()
        if low in self.numbers.vague and tok.pos in {"NOUN", "ADJ", "NUM", "PRON", "DET"}:
            head = _counted_noun(tree, i)
            if head is None:
                return None
            return Quantity(tok.text, tok.idx, tok.end, self.numbers.vague[low], head, "vague")
        if not self._is_number(tok) or (i + 1 < len(doc.tokens) and self._continues(doc, i + 1)):
            return None  # only the last token of "two thousand" / "twenty-five" speaks for the run
        first = i
        while first > 0 and self._continues(doc, first):
            first -= 1
        value = self.numbers.phrase_value([t.text for t in doc.tokens[first : i + 1]])
        if value is None:
            return None
        if tok.dep not in _COUNT_DEPS:
            return None
        if 1900 <= value <= 2100 and tok.dep != "nummod":
            return None  # a year
        head = tok.head if tok.dep == "nummod" else _counted_noun(tree, i)
        start = doc.tokens[first].idx
        return Quantity(doc.text[start : tok.end], start, tok.end, value, i if head is None else head, None)

    def _is_number(self, tok: Token) -> bool:
        low = tok.text.lower()
        return tok.pos == "NUM" or tok.tag == "CD" or low in self.numbers.words or low in self.numbers.scales

    def _continues(self, doc: Document, j: int) -> bool:
        """Whether token `j` extends the number that ends at token `j - 1`."""
        tok, prev = doc.tokens[j], doc.tokens[j - 1]
        if prev.end != tok.idx and prev.end + 1 != tok.idx:
            return False
        if tok.text == "-" or prev.text == "-":
            return self._is_number(prev if tok.text == "-" else tok) and (
                tok.text != "-" or (j + 1 < len(doc.tokens) and self._is_number(doc.tokens[j + 1]))
            )
        low = tok.text.lower()
        units = low in self.numbers.words and self.numbers.words[low] < 10
        return self._is_number(prev) and self._is_number(tok) and (low in self.numbers.scales or units)


def _counted_noun(tree: Tree, i: int) -> int | None:
    """The noun a number or vague word counts: "dozens of civilians" -> civilians."""
    tok = tree.tokens[i]
    for prep in tree.kids(i, "prep"):
        if prep.text.lower() in ENGLISH.partitive_prepositions:
            objs = tree.kids(prep.i, "pobj")
            if objs:
                return objs[0].i
    if tok.dep in {"nummod", "amod"}:
        return tok.head
    if tok.dep in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        return i
    return None
