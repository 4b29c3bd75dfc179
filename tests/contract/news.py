"""Running the whole pipeline on a sentence written for a test, as a dated wire story, and
reading its events in the CONTRACT shape (shared by the news-prose contract tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict

PUBLISHED = dt.date(2025, 3, 3)


def events(pipeline: Pipeline, body: str, published: dt.date = PUBLISHED) -> list[dict[str, Any]]:
    header = f"Harbour Desk\n{published:%b} {published.day}, {published.year}\n"
    doc = pipeline(read_text(header + body + "\n", outlet="Harbour Desk", published=published))
    return list(document_to_dict(doc)["events"])


def event(pipeline: Pipeline, body: str, trigger: str, published: dt.date = PUBLISHED) -> dict[str, Any]:
    """The first event of `body` on the word `trigger` (the test fails when there is none)."""
    found = [e for e in events(pipeline, body, published) if e["trigger"]["text"] == trigger]
    assert found, f"no event on {trigger!r} in {body!r}"
    return found[0]


def codes(actors: list[dict[str, Any]]) -> set[tuple[str | None, str | None]]:
    return {(a["country"], a["sector"]) for a in actors}
