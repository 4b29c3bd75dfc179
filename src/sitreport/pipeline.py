"""Stages and the pipeline that composes them.

A stage is a callable `Document -> Document` that declares which `Document`
fields it requires and which it assigns. `Pipeline` checks the order once,
when it is built, so a misconfigured pipeline fails before it sees text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Protocol, runtime_checkable

from sitreport.errors import PipelineError
from sitreport.model import Document

_BASE_FIELDS = frozenset({"id", "text", "outlet", "published", "title", "url", "body_start"})
DOCUMENT_FIELDS = frozenset(f.name for f in fields(Document))


@runtime_checkable
class Stage(Protocol):
    """One step of the pipeline with one job."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


class Pipeline:
    """An ordered, validated list of stages."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        check_order(stages)
        self.stages: tuple[Stage, ...] = tuple(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterable[Document]:
        for doc in docs:
            yield self(doc)


def check_order(stages: Sequence[Stage]) -> None:
    """Raise `PipelineError` when a stage needs a field no earlier stage assigns."""
    available = set(_BASE_FIELDS)
    seen: set[str] = set()
    for stage in stages:
        if stage.name in seen:
            raise PipelineError(f"stage {stage.name!r} appears twice")
        seen.add(stage.name)
        unknown = (set(stage.requires) | set(stage.assigns)) - DOCUMENT_FIELDS
        if unknown:
            raise PipelineError(f"stage {stage.name!r} names unknown fields: {sorted(unknown)}")
        missing = set(stage.requires) - available
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage assigns"
            )
        available |= set(stage.assigns)
