"""Text similarity for event linking, offline and light.

`HashingEncoder` maps a sentence to a signed, hashed bag of word unigrams,
five-letter word prefixes (a cheap stemmer: "shelled"/"shelling") and word
bigrams, L2-normalised, so the dot product of two rows is their cosine. The
`TextEncoder` Protocol is the seam for a heavier backend (sentence embeddings)
without changing the linker.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["STOPWORDS", "HashingEncoder", "TextEncoder", "features", "hashes"]

Matrix = npt.NDArray[np.float32]

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# Function words and reporting verbs say nothing about which event a sentence is about.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "we",
        "our",
        "said",
        "says",
        "say",
        "told",
        "according",
        "reported",
        "reports",
        "report",
        "also",
        "after",
        "before",
        "over",
        "into",
        "than",
        "then",
        "there",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "while",
        "near",
    ]
)
_PREFIX = 5


def features(text: str) -> list[str]:
    """The hashed features of one sentence, before hashing."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    out = list(words)
    out += ["~" + w[:_PREFIX] for w in words if len(w) > _PREFIX]
    out += [a + " " + b for a, b in itertools.pairwise(words)]
    return out


@runtime_checkable
class TextEncoder(Protocol):
    """Sentences to unit-length row vectors; row dot products are cosines."""

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def hashes(text: str) -> bytes:
    """The CRC-32 of each feature of `text`, as little-endian uint32 bytes.

    Stores keep these per event, so linking a million events never tokenises a
    sentence again; `HashingEncoder.from_hashes` turns them into vectors."""
    return np.asarray([zlib.crc32(f.encode("utf-8")) for f in features(text)], dtype="<u4").tobytes()


class HashingEncoder:
    """Signed feature hashing into `dim` buckets (deterministic across runs)."""

    def __init__(self, dim: int = 512) -> None:
        if dim < 16 or dim & (dim - 1):
            raise ValueError("dim must be a power of two, at least 16")
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> Matrix:
        return self.from_hashes([hashes(t) for t in texts])

    def from_hashes(self, rows: Sequence[bytes]) -> Matrix:
        """Vectors from stored `hashes` (the same as `encode` of the texts)."""
        out = np.zeros((len(rows), self.dim), dtype=np.float32)
        if not rows:
            return out
        parts = [np.frombuffer(r, dtype="<u4") for r in rows]
        lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        if lengths.sum() == 0:
            return out
        flat = np.concatenate(parts).astype(np.int64)
        which = np.repeat(np.arange(len(rows)), lengths)
        signs = np.where(flat & 0x80000000, 1.0, -1.0).astype(np.float32)
        np.add.at(out, (which, flat & (self.dim - 1)), signs)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out
