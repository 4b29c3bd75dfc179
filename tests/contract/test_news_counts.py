"""Counts on sentences written for this test: the state a verb leaves its victims in, and
the part of a group an event concerns."""

from __future__ import annotations

from news import event, events

from sitreport.pipeline import Pipeline


def test_victims_left_injured_or_dead_are_counted(pipeline: Pipeline) -> None:
    body = "A roadside bomb in the north left four police officers injured, the army said."
    injured = [e["counts"]["injured"] for e in events(pipeline, body)]
    assert 4 in injured
    body = "The mortar strike on the market left six traders dead."
    assert 6 in [e["counts"]["killed"] for e in events(pipeline, body)]


def test_the_part_of_a_group_an_event_concerns_is_its_count(pipeline: Pipeline) -> None:
    body = "The rebels released 14 of the more than 90 hostages they seized in March, officials said."
    assert event(pipeline, body, "released")["counts"]["people"] == 14
