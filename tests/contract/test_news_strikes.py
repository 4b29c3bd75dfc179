"""A strike people join or take part in is a labour stoppage; one carried out on a target
is an attack (sentences written for this test)."""

from __future__ import annotations

import pytest
from news import event

from sitreport.pipeline import Pipeline


@pytest.mark.parametrize(
    "body",
    [
        "Hundreds of cleaners joined the strike at the port on Monday.",
        "Bus drivers taking part in the strike marched to the transport ministry.",
        "Teachers who participated in the strike were docked a day's pay.",
    ],
)
def test_a_strike_people_join_is_a_stoppage(body: str, pipeline: Pipeline) -> None:
    ev = event(pipeline, body, "strike")
    assert (ev["type"], ev["mode"]) == ("PROTEST", "strike")


def test_a_strike_carried_out_on_a_target_stays_an_attack(pipeline: Pipeline) -> None:
    ev = event(pipeline, "Fighter jets carried out a strike on rebel positions near the border.", "strike")
    assert ev["type"] == "ASSAULT"
