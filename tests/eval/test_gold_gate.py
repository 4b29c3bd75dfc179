"""Gold gate: extraction on our gold articles must not fall below the floors pinned
in eval_baseline.json, per article and over the set. Floors move only through
scripts/pin_floors.py, which refuses to lower one without `--lower REASON` and records
the reason in the file; a file edited by hand fails here. (The shared seed's and the
real articles' gates are in eval_shared/, run by scripts/eval_shared.sh.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from sitreport.eval.floors import MAX_EPSILON, measure_set, problems
from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict

HERE = Path(__file__).parent
TESTS = HERE.parent
BASELINE = json.loads((HERE / "eval_baseline.json").read_text())
EPSILON = BASELINE["epsilon"]
GOLD_FILES = sorted((TESTS / "gold").glob("*.json"))


@pytest.fixture(scope="module")
def measured(pipeline: Pipeline) -> dict[str, Any]:
    def extract(gold: Mapping[str, Any], text: str) -> Mapping[str, Any]:
        doc = pipeline(read_text(text, outlet=gold["outlet"], published=dt.date.fromisoformat(gold["published"])))
        return document_to_dict(doc)

    return measure_set(GOLD_FILES, extract)


def _below(now: Mapping[str, float], floors: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    return {k: (now.get(k, 0.0), floor) for k, floor in floors.items() if now.get(k, 0.0) < floor - EPSILON}


def test_gold_gate_has_our_own_articles() -> None:
    assert len(GOLD_FILES) >= 24
    assert set(BASELINE["files"]) == {p.name for p in GOLD_FILES}


def test_gold_gate_floors_moved_only_by_the_pinning_script() -> None:
    assert problems(BASELINE) == []
    assert EPSILON <= MAX_EPSILON


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_gate_floors(path: Path, measured: dict[str, Any]) -> None:
    below = _below(measured["files"][path.name], BASELINE["files"][path.name])
    assert not below, f"{path.name}: (now, floor) {below}"


def test_gold_gate_set_floors(measured: dict[str, Any]) -> None:
    now, floors = measured["set"], BASELINE["set"]
    below = _below(now["fields"], floors["fields"])
    below |= _below({k: now[k] for k in ("recall", "precision")}, {k: floors[k] for k in ("recall", "precision")})
    assert not below, f"(now, floor) {below}"


def test_gold_gate_corpus_hash_matches_baseline() -> None:
    digest = hashlib.sha256()
    for path in GOLD_FILES:
        gold = json.loads(path.read_text())
        digest.update((path.parent.parent / gold["doc"]).read_text(encoding="utf-8").encode())
        digest.update(path.read_bytes())
    assert digest.hexdigest() == BASELINE["corpus_sha256"], "gold changed: re-pin with scripts/pin_floors.py"
