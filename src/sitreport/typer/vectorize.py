"""TF-IDF features for the learned event typer, in our own small implementation.

Three blocks, each scaled to unit length so none drowns the others: word 1-2 grams, character
3-5 grams inside word boundaries (they carry morphology the word block splits: "shelled",
"shelling"; "militiamen", "militia"), and categorical facts the rule stages found about the
event ("plover=ASSAULT", "actor=rioters"). Training fits the vocabulary and idf; prediction
only reads them, so the model file is plain arrays and no pickled objects are loaded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix, hstack

__all__ = ["Block", "TextVectorizer", "char_grams", "word_grams"]

_WORD = re.compile(r"(?u)\b\w\w+\b")
_DIGITS = re.compile(r"\d")
# Bracketed coder remarks ("[size=no report]") say nothing about the kind of event.
_REMARK = re.compile(r"\[[^\]]{0,80}\]")


def normalise(text: str) -> str:
    """Lower case, coder remarks out, every digit a 0 (counts and dates are not the type)."""
    return _DIGITS.sub("0", _REMARK.sub(" ", text)).lower()


def word_grams(text: str) -> list[str]:
    words = _WORD.findall(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def char_grams(text: str, low: int = 3, high: int = 5) -> list[str]:
    out: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            out.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return out


@dataclass(frozen=True)
class Block:
    """One feature block: its terms (column order) and their inverse document frequencies."""

    terms: tuple[str, ...]
    idf: np.ndarray
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # built once: a model has hundreds of thousands of terms and is applied per document
        object.__setattr__(self, "index", {t: i for i, t in enumerate(self.terms)})

    @classmethod
    def fit(cls, docs: Sequence[list[str]], min_df: int) -> Block:
        df: Counter[str] = Counter()
        for terms in docs:
            df.update(set(terms))
        kept = sorted(t for t, n in df.items() if n >= min_df)
        n_docs = len(docs)
        idf = np.array([math.log((1 + n_docs) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
        return cls(tuple(kept), idf)

    def transform(self, docs: Iterable[list[str]]) -> csr_matrix:
        index = self.index
        data: list[float] = []
        cols: list[int] = []
        ptr = [0]
        for terms in docs:
            counts = Counter(j for j in map(index.get, terms) if j is not None)
            row = [(j, (1.0 + math.log(c)) * float(self.idf[j])) for j, c in sorted(counts.items())]
            norm = math.sqrt(sum(v * v for _, v in row)) or 1.0
            cols.extend(j for j, _ in row)
            data.extend(v / norm for _, v in row)
            ptr.append(len(cols))
        return csr_matrix(
            (np.array(data, dtype=np.float32), np.array(cols, dtype=np.int32), np.array(ptr, dtype=np.int64)),
            shape=(len(ptr) - 1, len(self.terms)),
        )


@dataclass(frozen=True)
class TextVectorizer:
    """Words, character n-grams and rule facts of one event, as one sparse row."""

    words: Block
    chars: Block
    facts: Block
    fact_weight: float = 1.0  # the facts block's length against the text blocks' 1

    @classmethod
    def fit(
        cls, texts: Sequence[str], facts: Sequence[Sequence[str]], *, min_df: int = 2, fact_weight: float = 1.0
    ) -> TextVectorizer:
        norm = [normalise(t) for t in texts]
        return cls(
            Block.fit([word_grams(t) for t in norm], min_df),
            Block.fit([char_grams(t) for t in norm], min_df),
            Block.fit([list(f) for f in facts], 1),
            fact_weight,
        )

    def transform(self, texts: Sequence[str], facts: Sequence[Sequence[str]]) -> csr_matrix:
        # Events of one sentence share their text: its n-grams are counted once.
        position = {t: i for i, t in enumerate(dict.fromkeys(texts))}
        rows = [position[t] for t in texts]
        norm = [normalise(t) for t in position]
        blocks = [
            self.words.transform(word_grams(t) for t in norm)[rows],
            self.chars.transform(char_grams(t) for t in norm)[rows],
            self.facts.transform(list(f) for f in facts) * self.fact_weight,
        ]
        return hstack(blocks, format="csr")

    @property
    def size(self) -> int:
        return len(self.words.terms) + len(self.chars.terms) + len(self.facts.terms)
