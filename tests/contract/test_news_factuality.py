"""Factuality on sentences written for this test: a denial's scope is what the denier
denies, not the clause that describes who denies it; what someone refused or failed to do,
or said "nor" of, did not happen."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    ("body", "trigger"),
    [
        ("The junta refused to release the detained reporters.", "release"),
        ("The regional bloc failed to agree on a peacekeeping force at its summit.", "agree"),
        ("“We have not surrendered, nor are we going to surrender,” the commander said.", "surrender"),
    ],
)
def test_a_refused_failed_or_nor_joined_act_is_negated(pipeline: Pipeline, body: str, trigger: str) -> None:
    assert event(pipeline, body, trigger)["factuality"] == "negated"


def test_the_refusal_itself_is_asserted(pipeline: Pipeline) -> None:
    body = "The junta refused to release the detained reporters."
    assert event(pipeline, body, "refused")["factuality"] == "asserted"
