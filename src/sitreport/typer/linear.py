"""A multinomial linear model over `TextVectorizer` rows, stored as plain arrays.

The file is a NumPy `.npz` archive (no pickles: `allow_pickle=False`), so loading a model
can run no code. It carries the fingerprint of what it was trained from; `load` refuses a
file whose arrays do not fit together.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sitreport.errors import ResourceError
from sitreport.typer.vectorize import Block, TextVectorizer

__all__ = ["LinearModel"]


@dataclass(frozen=True)
class LinearModel:
    vectorizer: TextVectorizer
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    fingerprint: str

    def probabilities(self, texts: Sequence[str], facts: Sequence[Sequence[str]]) -> np.ndarray:
        """One row of class probabilities per text."""
        if not texts:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        scores = np.asarray(self.vectorizer.transform(texts, facts) @ self.coef.T) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)

    def save(self, path: Path) -> None:
        v = self.vectorizer
        arrays: dict[str, np.ndarray] = {
            "classes": np.array(self.classes),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
            "fingerprint": np.array([self.fingerprint]),
            "fact_weight": np.array([v.fact_weight], dtype=np.float32),
        }
        for name, block in (("words", v.words), ("chars", v.chars), ("facts", v.facts)):
            arrays[f"{name}_terms"] = np.array(block.terms, dtype=str)
            arrays[f"{name}_idf"] = block.idf.astype(np.float32)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")  # parallel builds write apart
        np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                words, chars, facts = (
                    Block(tuple(str(t) for t in data[f"{n}_terms"]), data[f"{n}_idf"])
                    for n in ("words", "chars", "facts")
                )
                model = cls(
                    TextVectorizer(words, chars, facts, float(data["fact_weight"][0])),
                    tuple(str(c) for c in data["classes"]),
                    data["coef"],
                    data["intercept"],
                    str(data["fingerprint"][0]),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ResourceError(f"cannot read the event typer model {path}: {exc}") from exc
        if model.coef.shape != (len(model.classes), model.vectorizer.size):
            raise ResourceError(f"event typer model {path} is inconsistent: {model.coef.shape}")
        return model
