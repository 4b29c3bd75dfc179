"""Field-level contracts of the default pipeline, checked when it is built.

The event phase used to be five stages that all assigned "events", so any order of
them was accepted: run acled -> discourse -> factuality -> attribution and a third of
the seed article's events silently changed from `reported` to `asserted`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pytest

from sitreport.errors import PipelineError
from sitreport.extract import default_pipeline
from sitreport.geocode import StaticGeocoder
from sitreport.model import Document, Event, Mention
from sitreport.pipeline import Pipeline, Stage, field_path


class _NoParser:
    """Stands in for spaCy: building a pipeline must not need the model."""

    pipe_names: tuple[str, ...] = ()

    def pipe(self, texts: Any, batch_size: int = 0) -> Any:
        raise AssertionError("the parser is never run in these tests")


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return list(default_pipeline(nlp=_NoParser(), geocoder=StaticGeocoder([])).stages)


def _event_phase(stages: list[Stage]) -> int:
    """Index of the first stage that writes events (the trigger finder)."""
    return next(n for n, s in enumerate(stages) if any("event" in f for f in s.assigns))


def test_pipeline_contracts_refuse_the_event_stages_reversed(stages: list[Stage]) -> None:
    """Events found first, then every later event stage in reverse order."""
    first = _event_phase(stages) + 1
    reversed_order = [*stages[:first], *reversed(stages[first:])]
    assert [s.name for s in reversed_order] != [s.name for s in stages]
    with pytest.raises(PipelineError, match="requires"):
        Pipeline(reversed_order)


@pytest.mark.parametrize(
    ("reader", "writer", "field"),
    [
        ("roles", "triggers", "mention.type"),
        ("coreference", "roles", "mention.actors"),
        ("event_place", "coreference", "event.cluster"),
        ("arguments", "event_place", "event.location"),
        ("counts", "arguments", "event.actors"),
        ("factuality", "attribution", "event.attribution"),
        ("event_date", "factuality", "event.factuality"),
        ("acled", "event_date", "event.date"),
    ],
)
def test_pipeline_contracts_refuse_a_stage_before_the_field_it_reads(
    stages: list[Stage], reader: str, writer: str, field: str
) -> None:
    names = [s.name for s in stages]
    i, j = names.index(writer), names.index(reader)
    order = list(stages)
    order[i], order[j] = order[j], order[i]
    with pytest.raises(PipelineError, match=field.replace(".", r"\.")):
        Pipeline(order)


def test_pipeline_contracts_every_event_field_has_one_assigning_stage(stages: list[Stage]) -> None:
    """Each field of an event (and of a mention) is written by exactly one stage of the default pipeline."""
    owners: dict[str, list[str]] = {}
    for stage in stages:
        for path in stage.assigns:
            owners.setdefault(field_path(path), []).append(stage.name)
    for record, cls in (("event", Event), ("mention", Mention)):
        wanted = {f"{record}.{f.name}" for f in fields(cls)}
        assert wanted <= set(owners), sorted(wanted - set(owners))
    assert all(len(names) == 1 for names in owners.values()), owners


def test_pipeline_contracts_refuse_two_stages_assigning_an_event_field(stages: list[Stage]) -> None:
    @dataclass
    class Relocate:
        name: str = "relocate"
        requires: tuple[str, ...] = ("event.location",)
        assigns: tuple[str, ...] = ("event.location",)

        def __call__(self, doc: Document) -> Document:
            return doc

    with pytest.raises(PipelineError, match="already assigned by 'event_place'"):
        Pipeline([*stages, Relocate()])
