"""Stages and the pipeline that composes them.

A stage is a callable `Document -> Document` that declares, field by field, what it
requires and what it assigns, spaCy-style:

    doc.tokens, doc.mentions, doc.events      a `Document` field ("tokens" alone means doc.tokens)
    mention.type, mention.actors              a field of every `Mention` in doc.mentions
    event.location, event.factuality          a field of every `Event` in doc.events

`Pipeline` checks the order once, when it is built, so a misconfigured pipeline fails
before it sees text: every field a stage requires must be assigned by an earlier stage,
no field may be assigned by two stages, and a stage that reads or writes `event.*`
needs `doc.events` from an earlier stage (or assigns it). When a stage fails on a
document with an error that is not one of ours, the pipeline raises `StageError`
naming the stage, the original error chained as its cause.

A pipeline may carry a per-document time budget (`sitreport.budget`): a document that
takes longer fails with `TimeBudgetError` at the next check.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Protocol, runtime_checkable

from sitreport.budget import check_budget, time_budget
from sitreport.errors import PipelineError, SitreportError, StageError
from sitreport.io.read import check_date
from sitreport.model import Document, Event, Mention

_BASE_FIELDS = frozenset({"id", "text", "outlet", "published", "title", "url", "body_start"})
DOCUMENT_FIELDS = frozenset(f.name for f in fields(Document))
# The records a path prefix names, the fields they have, and the Document field that holds them.
RECORDS: dict[str, tuple[frozenset[str], str]] = {
    "doc": (DOCUMENT_FIELDS, ""),
    "mention": (frozenset(f.name for f in fields(Mention)), "mentions"),
    "event": (frozenset(f.name for f in fields(Event)), "events"),
}
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
                doc = _run(stage, doc)
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
                batch = _run_all(stage, batch) if isinstance(stage, BatchStage) else [_run(stage, d) for d in batch]
            return batch
        budget = self.time_budget
        spent = [0.0] * len(batch)
        for stage in self.stages:
            where = f"the {stage.name} stage"
            if isinstance(stage, BatchStage):
                started = time.monotonic()
                with time_budget(max(budget * len(batch) - sum(spent), 1e-9)):
                    batch = _run_all(stage, batch)
                    check_budget(where)
                elapsed = time.monotonic() - started
                chars = sum(len(d.text) for d in batch) or 1
                spent = [s + elapsed * len(d.text) / chars for s, d in zip(spent, batch, strict=True)]
            else:
                done = []
                for n, doc in enumerate(batch):
                    started = time.monotonic()
                    with time_budget(max(budget - spent[n], 1e-9)):
                        done.append(_run(stage, doc))
                        check_budget(where)
                    spent[n] += time.monotonic() - started
                batch = done
        return batch


def _run(stage: Stage, doc: Document) -> Document:
    try:
        return stage(doc)
    except SitreportError:
        raise  # our own errors say what went wrong already (bad input stays an InputError)
    except Exception as exc:
        raise StageError(stage.name, exc) from exc


def _run_all(stage: BatchStage, batch: list[Document]) -> list[Document]:
    try:
        return stage.pipe(batch)
    except SitreportError:
        raise
    except Exception as exc:
        raise StageError(stage.name, exc) from exc


def _check_published(doc: Document) -> None:
    """Date arithmetic in the stages assumes a plausible publication date (see `check_date`)."""
    if doc.published is not None:
        check_date(doc.published, "the publication date")


def field_path(name: str) -> str:
    """A declared field as a full path: "tokens" -> "doc.tokens"."""
    return name if "." in name else f"doc.{name}"


def check_order(stages: Sequence[Stage]) -> None:
    """Raise `PipelineError` when a stage needs a field no earlier stage assigns, or
    assigns one an earlier stage assigned."""
    available = {f"doc.{f}" for f in _BASE_FIELDS}
    owner: dict[str, str] = {}
    seen: set[str] = set()
    for stage in stages:
        if stage.name in seen:
            raise PipelineError(f"stage {stage.name!r} appears twice")
        seen.add(stage.name)
        requires = {field_path(f) for f in stage.requires}
        assigns = {field_path(f) for f in stage.assigns}
        unknown = sorted(p for p in requires | assigns if not _known(p))
        if unknown:
            raise PipelineError(f"stage {stage.name!r} names unknown fields: {unknown}")
        # Fields of events or mentions need the list that holds them.
        requires |= {f"doc.{RECORDS[p.split('.')[0]][1]}" for p in requires | assigns if not p.startswith("doc.")}
        missing = sorted(requires - available - assigns)
        if missing:
            raise PipelineError(f"stage {stage.name!r} requires {missing}, which no earlier stage assigns")
        for path in sorted(assigns):
            if path in owner:
                raise PipelineError(f"stage {stage.name!r} assigns {path}, already assigned by {owner[path]!r}")
            owner[path] = stage.name
        available |= assigns


def _known(path: str) -> bool:
    record, _, name = path.partition(".")
    return record in RECORDS and name in RECORDS[record][0]
