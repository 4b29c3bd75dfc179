"""Stages and the pipeline that composes them.

A stage is a callable `Document -> Document` that declares which `Document`
fields it requires and which it assigns. `Pipeline` checks the order once,
when it is built, so a misconfigured pipeline fails before it sees text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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


@runtime_checkable
class BatchStage(Stage, Protocol):
    """A stage that is cheaper run over many documents at once (spaCy batches its matrices)."""

    def pipe(self, docs: Sequence[Document]) -> list[Document]: ...


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

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        """Documents in order; stages that can work on a batch (the parser) get one."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        for stage in self.stages:
            if isinstance(stage, BatchStage):
                batch = stage.pipe(batch)
            else:
                batch = [stage(doc) for doc in batch]
        return batch


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
            raise PipelineError(f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage assigns")
        available |= set(stage.assigns)
