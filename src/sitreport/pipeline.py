"""Stages and the pipeline that composes them.

A stage is a callable `Document -> Document` that declares which `Document`
fields it requires and which it assigns. `Pipeline` checks the order once,
when it is built, so a misconfigured pipeline fails before it sees text.
A pipeline may carry a per-document time budget (`sitreport.budget`): a
document that takes longer fails with `TimeBudgetError` at the next check.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Protocol, runtime_checkable

from sitreport.budget import check_budget, time_budget
from sitreport.errors import PipelineError
from sitreport.io.read import check_date
from sitreport.model import Document

_BASE_FIELDS = frozenset({"id", "text", "outlet", "published", "title", "url", "body_start"})
DOCUMENT_FIELDS = frozenset(f.name for f in fields(Document))
SOLO_CHARS = 100_000  # documents this long are not batched with others


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
    """An ordered, validated list of stages; `time_budget` seconds per document (None: no limit)."""

    def __init__(self, stages: Sequence[Stage], *, time_budget: float | None = None) -> None:
        check_order(stages)
        if time_budget is not None and time_budget <= 0:
            raise PipelineError("the time budget must be positive")
        self.stages: tuple[Stage, ...] = tuple(stages)
        self.time_budget = time_budget

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        _check_published(doc)
        with time_budget(self.time_budget):
            for stage in self.stages:
                doc = stage(doc)
                check_budget(f"the {stage.name} stage")
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        """Documents in order; stages that can work on a batch (the parser) get one.

        A document of `SOLO_CHARS` or more runs on its own: batching gains it nothing,
        and its time budget stays its own.
        """
        batch: list[Document] = []
        for doc in docs:
            if len(doc.text) >= SOLO_CHARS:
                yield from self._run_batch(batch)
                batch = []
                yield self(doc)
                continue
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Document]:
        """Each document keeps its own budget: a batch stage's time is shared out by text
        length, a per-document stage is timed per document. Over budget, the whole batch
        fails with `TimeBudgetError` (callers redo a failed batch one document at a time)."""
        if not batch:
            return batch
        for doc in batch:
            _check_published(doc)
        if self.time_budget is None:
            for stage in self.stages:
                batch = stage.pipe(batch) if isinstance(stage, BatchStage) else [stage(d) for d in batch]
            return batch
        budget = self.time_budget
        spent = [0.0] * len(batch)
        for stage in self.stages:
            where = f"the {stage.name} stage"
            if isinstance(stage, BatchStage):
                started = time.monotonic()
                with time_budget(max(budget * len(batch) - sum(spent), 1e-9)):
                    batch = stage.pipe(batch)
                    check_budget(where)
                elapsed = time.monotonic() - started
                chars = sum(len(d.text) for d in batch) or 1
                spent = [s + elapsed * len(d.text) / chars for s, d in zip(spent, batch, strict=True)]
            else:
                done = []
                for n, doc in enumerate(batch):
                    started = time.monotonic()
                    with time_budget(max(budget - spent[n], 1e-9)):
                        done.append(stage(doc))
                        check_budget(where)
                    spent[n] += time.monotonic() - started
                batch = done
        return batch


def _check_published(doc: Document) -> None:
    """Date arithmetic in the stages assumes a plausible publication date (see `check_date`)."""
    if doc.published is not None:
        check_date(doc.published, "the publication date")


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
