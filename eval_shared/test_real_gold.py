"""Real articles with gold (../shared/gold/real): mean recall and precision over the
set stay above the floors pinned in baseline.json (the figures score_dir.py prints)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from shared_data import SHARED
from sitreport.eval.gold import load_gold, score
from sitreport.io.read import read_text
from sitreport.pipeline import Pipeline
from sitreport.serialize import document_to_dict

BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
FLOOR = BASELINE["real"]


def test_real_gold_floors(pipeline: Pipeline) -> None:
    paths = sorted((SHARED / "gold" / "real").glob("*.json"))
    assert len(paths) == FLOOR["articles"], "the shared real set changed: re-pin eval_shared/baseline.json"
    recall, precision = [], []
    for path in paths:
        gold, text = load_gold(path)
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        doc = pipeline(read_text(text, outlet=gold.get("outlet"), published=published))
        result = score(gold, document_to_dict(doc), text)
        recall.append(result["recall"] or 0.0)
        precision.append(result["precision"])
    mean_recall, mean_precision = sum(recall) / len(paths), sum(precision) / len(paths)
    assert mean_recall >= FLOOR["recall"] - BASELINE["epsilon"], mean_recall
    assert mean_precision >= FLOOR["precision"] - BASELINE["epsilon"], mean_precision
