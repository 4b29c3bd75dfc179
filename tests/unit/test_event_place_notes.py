"""A coder's own note names the event's location outright, end to end (rules, no typer)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitreport.eval.acled import pick_event
from sitreport.extract import PipelineConfig, default_pipeline, extract
from sitreport.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline(PipelineConfig(acled_typer=None))


@pytest.mark.parametrize("note", ["coded as", "coded to"])
def test_the_place_a_coders_note_names_locates_the_event(note: str, pipeline: Pipeline) -> None:
    text = f"Gunmen ambushed a bus in Mwingi town ({note} Garissa at geoprecision 2), killing two."
    event = pick_event(extract(text, published=dt.date(2024, 3, 1), pipeline=pipeline))
    assert event is not None and event.location is not None
    assert (event.location.name, event.location.country) == ("Garissa", "KEN")
