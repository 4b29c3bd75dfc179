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
from sitreport.model import Document, Quantity
from sitreport.syntax import Tree

_DIGITS = re.compile(r"^\d{1,3}(?:[,\s]\d{3})+$|^\d+$")


@dataclass(frozen=True)
class NumberWords:
    words: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]

    @classmethod
    def load(cls) -> NumberWords:
        data = load_yaml("numbers.yaml")
        return cls(
            {str(k).lower(): int(v) for k, v in data["words"].items()},
            {str(k).lower(): int(v) for k, v in data["scales"].items()},
            {str(k).lower(): int(v) for k, v in data["vague"].items()},
        )

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
    requires: tuple[str, ...] = ("tokens", "sentences")
    assigns: tuple[str, ...] = ("quantities",)

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
        if tok.pos != "NUM" and tok.tag != "CD":
            return None
        if tok.dep not in {"nummod", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "ROOT", "compound"}:
            return None
        value = self.numbers.value(tok.text)
        if value is None:
            return None
        for scale in tree.kids(i, "compound", "nummod"):
            if scale.i > i and scale.text.lower() in self.numbers.scales:
                value *= self.numbers.scales[scale.text.lower()]
        nxt = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
        if nxt is not None and nxt.text.lower() in self.numbers.scales and nxt.head == i:
            value *= self.numbers.scales[nxt.text.lower()]
        if 1900 <= value <= 2100 and tok.dep not in {"nummod"}:
            return None
        head = tok.head if tok.dep == "nummod" else _counted_noun(tree, i)
        if head is None:
            head = i
        return Quantity(tok.text, tok.idx, tok.end, value, head, None)


def _counted_noun(tree: Tree, i: int) -> int | None:
    """The noun a number or vague word counts: "dozens of civilians" -> civilians."""
    tok = tree.tokens[i]
    for prep in tree.kids(i, "prep"):
        if prep.text.lower() == "of":
            objs = tree.kids(prep.i, "pobj")
            if objs:
                return objs[0].i
    if tok.dep in {"nummod", "amod"}:
        return tok.head
    if tok.dep in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        return i
    return None
