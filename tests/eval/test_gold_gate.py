"""Gold gate: extraction on our gold articles must not fall below the floors pinned
in eval_baseline.json. Lowering a floor needs an edit to that file in review, never
a code change here. (The shared seed's gate is in eval_shared/, run by
scripts/eval_shared.sh.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitreport.eval.gold import score
from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict

HERE = Path(__file__).parent
TESTS = HERE.parent
BASELINE = json.loads((HERE / "eval_baseline.json").read_text())
EPSILON = BASELINE["epsilon"]
GOLD_FILES = sorted((TESTS / "gold").glob("*.json"))


def _score(path: Path, pipeline: Pipeline) -> dict[str, object]:
    gold = json.loads(path.read_text())
    text = (path.parent.parent / gold["doc"]).read_text(encoding="utf-8")
    doc = pipeline(read_text(text, outlet=gold["outlet"], published=dt.date.fromisoformat(gold["published"])))
    return dict(score(gold, document_to_dict(doc), text))


def test_gold_gate_has_our_own_articles() -> None:
    assert len(GOLD_FILES) >= 8
    assert set(BASELINE["files"]) == {p.name for p in GOLD_FILES}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_gate_floors(path: Path, pipeline: Pipeline) -> None:
    floor = BASELINE["files"][path.name]
    result = _score(path, pipeline)
    fields = result["fields"]
    assert isinstance(fields, dict)
    mean_field = sum(fields.values()) / len(fields) if fields else 0.0
    assert result["recall"] >= floor["recall"] - EPSILON
    assert result["precision"] >= floor["precision"] - EPSILON
    assert mean_field >= floor["mean_field"] - EPSILON
    assert fields.get("type", 0.0) >= floor["type"] - EPSILON


def test_gold_gate_corpus_hash_matches_baseline() -> None:
    import hashlib

    digest = hashlib.sha256()
    for path in GOLD_FILES:
        gold = json.loads(path.read_text())
        digest.update((path.parent.parent / gold["doc"]).read_text(encoding="utf-8").encode())
        digest.update(path.read_bytes())
    assert digest.hexdigest() == BASELINE["corpus_sha256"], "gold changed: re-pin eval_baseline.json"
