"""The pipeline refuses stages in an impossible order when it is built."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from sitreport.errors import PipelineError, StageError
from sitreport.model import Document
from sitreport.pipeline import Pipeline


@dataclass
class Fake:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document:
        return doc


def test_pipeline_order_accepts_satisfied_requirements() -> None:
    p = Pipeline([Fake("parse", ("text",), ("tokens",)), Fake("events", ("tokens",), ("events",))])
    assert p.names == ["parse", "events"]


def test_pipeline_order_rejects_missing_requirement() -> None:
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([Fake("events", ("tokens",), ("events",)), Fake("parse", ("text",), ("tokens",))])


def test_pipeline_order_rejects_unknown_field_and_duplicates() -> None:
    with pytest.raises(PipelineError, match="unknown"):
        Pipeline([Fake("x", ("text",), ("nonsense",))])
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([Fake("x", ("text",), ()), Fake("x", ("text",), ())])


@dataclass
class Batched(Fake):
    calls: int = 0

    def pipe(self, docs: list[Document]) -> list[Document]:
        self.calls += 1
        return [replace(d, title=f"batch of {len(docs)}") for d in docs]


def test_pipeline_pipe_gives_batch_stages_whole_batches() -> None:
    stage = Batched("parse", ("text",), ("tokens",))
    docs = [Document(id=str(n), text=f"text {n}") for n in range(5)]
    out = list(Pipeline([stage]).pipe(docs, batch_size=2))
    assert [d.id for d in out] == ["0", "1", "2", "3", "4"]
    assert [d.title for d in out] == ["batch of 2", "batch of 2", "batch of 2", "batch of 2", "batch of 1"]
    assert stage.calls == 3


def test_pipeline_order_rejects_two_stages_assigning_one_field() -> None:
    with pytest.raises(PipelineError, match="already assigned"):
        Pipeline([Fake("parse", ("text",), ("tokens",)), Fake("reparse", ("tokens",), ("tokens",))])


@dataclass
class Broken(Fake):
    def __call__(self, doc: Document) -> Document:
        raise KeyError("no such entry")


def test_pipeline_names_the_stage_that_failed() -> None:
    p = Pipeline([Fake("parse", ("text",), ("tokens",)), Broken("events", ("tokens",), ("events",))])
    with pytest.raises(StageError, match="stage 'events' failed") as info:
        p(Document(id="d", text="text"))
    assert info.value.stage == "events"
    assert isinstance(info.value.__cause__, KeyError)
