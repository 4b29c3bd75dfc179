"""Evaluation floors: a re-pin raises floors freely, lowers one only with a reason it
records, and a baseline whose floors were edited by hand is caught."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitreport.eval.floors import FloorError, flatten, measure, measure_set, problems, repin, seal

DAY = dt.date(2026, 1, 2)


def baseline() -> dict[str, object]:
    return seal({"epsilon": 0.005, "files": {"a.json": {"recall": 0.8, "type": 0.9}}, "lowered": []})


def test_repin_raises_floors_without_a_reason() -> None:
    new = repin(baseline(), {"files": {"a.json": {"recall": 0.85, "type": 0.95}}}, today=DAY)
    assert flatten(new)["files/a.json/recall"] == 0.85
    assert new["lowered"] == []
    assert problems(new) == []


def test_repin_refuses_to_lower_a_floor_without_a_reason() -> None:
    with pytest.raises(FloorError) as caught:
        repin(baseline(), {"files": {"a.json": {"recall": 0.7, "type": 0.95}}}, today=DAY)
    assert [low.floor for low in caught.value.lowered] == ["files/a.json/recall"]
    assert "--lower" in str(caught.value)


def test_repin_records_a_lowered_floor_with_its_reason() -> None:
    new = repin(baseline(), {"files": {"a.json": {"recall": 0.7, "type": 0.9}}}, lower="gold fixed", today=DAY)
    assert new["lowered"] == [
        {"floor": "files/a.json/recall", "from": 0.8, "to": 0.7, "reason": "gold fixed", "date": "2026-01-02"}
    ]
    assert problems(new) == []


def test_a_new_article_is_pinned_and_a_removed_one_dropped_without_a_reason() -> None:
    new = repin(baseline(), {"files": {"b.json": {"recall": 0.5}}}, today=DAY)
    assert set(new["files"]) == {"b.json"}  # type: ignore[arg-type]
    assert new["lowered"] == []


def test_a_floor_lowered_by_hand_is_caught() -> None:
    edited = json.loads(json.dumps(baseline()))
    edited["files"]["a.json"]["recall"] = 0.5
    assert any("signature" in p for p in problems(edited))


def test_a_record_without_a_reason_or_not_lower_is_caught() -> None:
    forged = seal(
        {
            "epsilon": 0.005,
            "files": {"a.json": {"recall": 0.6}},
            "lowered": [
                {"floor": "files/a.json/recall", "from": 0.8, "to": 0.7, "reason": " ", "date": "2026-01-02"},
                {"floor": "files/a.json/type", "from": 0.8, "to": 0.9, "reason": "x", "date": "2026-01-02"},
            ],
        }
    )
    found = problems(forged)
    assert any("no reason" in p for p in found)
    assert any("'to' is not below" in p for p in found)
    assert any("below the recorded 0.7" in p for p in found)


def test_a_wide_epsilon_is_caught() -> None:
    wide = seal({"epsilon": 0.02, "files": {}, "lowered": []})
    assert any("epsilon" in p for p in problems(wide))


def test_measure_reads_the_score_of_one_article() -> None:
    result = {"recall": None, "precision": 0.5, "fields": {"type": 1.0, "actor": 0.5}}
    assert measure(result) == {"recall": 0.0, "precision": 0.5, "mean_field": 0.75, "type": 1.0}


def test_measure_set_pools_fields_over_the_articles(tmp_path: Path) -> None:
    (tmp_path / "gold" / "articles").mkdir(parents=True)
    text = "Outlet\nJan 1, 2026\nTroops shelled the town. Police arrested two men.\n"
    (tmp_path / "gold" / "articles" / "a.txt").write_text(text, encoding="utf-8")
    events = [
        {"id": "s", "required": True, "anchor": "Troops shelled the town", "types": ["ASSAULT"]},
        {"id": "a", "required": True, "anchor": "Police arrested two men", "types": ["COERCE"]},
    ]
    gold = {"doc": "gold/articles/a.txt", "outlet": "Outlet", "published": "2026-01-01", "events": events}
    path = tmp_path / "gold" / "a.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    start = text.index("Troops")
    evidence = {"sentence": "Troops shelled the town.", "start": start, "end": start + 24}
    shelled = {"type": "ASSAULT", "evidence": evidence}

    got = measure_set([path], lambda g, t: {"events": [shelled]})

    assert got["files"]["a.json"] == {"recall": 0.5, "precision": 1.0, "mean_field": 1.0, "type": 1.0}
    assert got["set"] == {"recall": 0.5, "precision": 1.0, "fields": {"type": 1.0}}
