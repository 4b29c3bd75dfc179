"""Factuality on sentences written for this test: a denial's scope is what the denier
denies, not the clause that describes who denies it."""

from __future__ import annotations

from news import event

from sitreport.pipeline import Pipeline


def test_an_event_describing_the_deniers_is_not_denied(pipeline: Pipeline) -> None:
    body = "The soldiers who shelled the village on Monday denied any wrongdoing."
    assert event(pipeline, body, "shelled")["factuality"] != "denied"
    body = ("Relatives of Tendai Moyo, a student who was detained in Harare on Friday, "
            "strongly deny the charges against him.")
    assert event(pipeline, body, "detained")["factuality"] != "denied"


def test_what_the_denier_denies_stays_denied(pipeline: Pipeline) -> None:
    body = "The army denied that its soldiers shelled the village on Monday."
    assert event(pipeline, body, "shelled")["factuality"] == "denied"
    body = "Police in Harare denied detaining the student on Friday."
    assert event(pipeline, body, "detaining")["factuality"] == "denied"
