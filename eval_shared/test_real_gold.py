"""Real articles with gold (../shared/gold/real): each article's recall, precision, mean
field score and type score, and over the set the mean recall and precision and each
pooled field (the figures score_dir.py prints), stay above the floors pinned in
baseline.json. Floors move only through scripts/pin_floors.py, which records every
lowered floor with its reason; a baseline edited by hand fails here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from shared_data import SHARED
from sitreport.eval.floors import MAX_EPSILON, measure_set, problems
from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict

BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
EPSILON = BASELINE["epsilon"]
FLOORS = BASELINE["real"]
PATHS = sorted((SHARED / "gold" / "real").glob("*.json"))


@pytest.fixture(scope="module")
def measured(pipeline: Pipeline) -> dict[str, Any]:
    def extract(gold: Mapping[str, Any], text: str) -> Mapping[str, Any]:
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        return document_to_dict(pipeline(read_text(text, outlet=gold.get("outlet"), published=published)))

    return measure_set(PATHS, extract)


def _below(now: Mapping[str, float], floors: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    return {k: (now.get(k, 0.0), floor) for k, floor in floors.items() if now.get(k, 0.0) < floor - EPSILON}


def test_real_gold_baseline_moved_only_by_the_pinning_script() -> None:
    assert problems(BASELINE) == []
    assert EPSILON <= MAX_EPSILON
    assert len(PATHS) == BASELINE["real_articles"], "the shared real set changed: re-pin with scripts/pin_floors.py"
    assert set(FLOORS["files"]) == {p.name for p in PATHS}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_real_gold_article_floors(path: Path, measured: dict[str, Any]) -> None:
    below = _below(measured["files"][path.name], FLOORS["files"][path.name])
    assert not below, f"{path.name}: (now, floor) {below}"


def test_real_gold_set_floors(measured: dict[str, Any]) -> None:
    now, floors = measured["set"], FLOORS["set"]
    below = _below(now["fields"], floors["fields"])
    below |= _below({k: now[k] for k in ("recall", "precision")}, {k: floors[k] for k in ("recall", "precision")})
    assert not below, f"(now, floor) {below}"
