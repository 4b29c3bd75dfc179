"""Factuality on sentences written for this test: a denial's scope is what the denier
denies, not the clause that describes who denies it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict


def event(pipeline: Pipeline, body: str, trigger: str) -> dict[str, Any]:
    published = dt.date(2025, 3, 3)
    header = f"Harbour Desk\n{published:%b} {published.day}, {published.year}\n"
    doc = pipeline(read_text(header + body + "\n", outlet="Harbour Desk", published=published))
    found = [e for e in document_to_dict(doc)["events"] if e["trigger"]["text"] == trigger]
    assert found, f"no event on {trigger!r} in {body!r}"
    return found[0]


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
