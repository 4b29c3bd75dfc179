"""The typed gold scorer: matching by anchor, each field's rule, recall and precision.

Hand-made gold and outputs with hand-worked results. (Agreement with the reference
scorer in ../shared/tools is checked by eval_shared/, run by scripts/eval_shared.sh.)
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sitreport.errors import InputError
from sitreport.eval.gold import load_gold, score

GOLD_FILES = sorted((Path(__file__).resolve().parents[1] / "gold").glob("*.json"))

TEXT = (
    "Northwind Courier\nMay 6, 2024\n"
    "Artillery hit the port of Odesa on Sunday, killing four people, the regional governor said.\n"
    "The ministry denied that its troops had crossed the border.\n"
)
SHELLING = {
    "id": "port-shelled", "required": True, "anchor": "Artillery hit the port of Odesa",
    "types": ["ASSAULT"], "recipient": {"country": "UKR", "sector": "CVL"},
    "location": {"country": "UKR", "admin1": ["Odesa", "Odessa"]},
    "date": {"start": "2024-05-05", "end": "2024-05-05", "precision": "day"},
    "counts": {"killed": 4}, "attribution": ["regional governor"], "factuality": ["reported"],
}  # fmt: skip
CROSSING = {
    "id": "crossing-denied", "required": False, "anchor": "its troops had crossed the border",
    "types": ["MOBILIZE", "ASSAULT"], "factuality": ["denied"],
}  # fmt: skip
GOLD = {"doc": "articles/x.txt", "events": [SHELLING, CROSSING]}


def perfect(gold: dict[str, Any]) -> dict[str, Any]:
    """The prediction that gets every field of a gold event right."""
    pred: dict[str, Any] = {"type": gold["types"][0], "evidence": {"sentence": gold["anchor"]}}
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        if role in gold:
            country = gold[role].get("country")
            country = country[0] if isinstance(country, list) else country
            pred[key] = [{"text": "x", "country": country, "sector": gold[role].get("sector")}]
    if "location" in gold:
        admin1 = gold["location"].get("admin1") or [None]
        pred["location"] = {"country": gold["location"]["country"], "admin1": admin1[0], "name": None}
    if "date" in gold:
        spec = gold["date"]
        first = spec.get("latest") or spec["start"]
        last = first if "latest" in spec or spec.get("precision") == "day" else spec["end"]
        pred["date"] = {"start": first, "end": last}
    if "counts" in gold:
        pred["counts"] = dict(gold["counts"])
    if "attribution" in gold:
        pred["attribution"] = {"chain": [{"name": n, "kind": "anonymous"} for n in gold["attribution"]]}
    if "factuality" in gold:
        pred["factuality"] = gold["factuality"][0]
    return pred


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_eval_gold_perfect_output_scores_one_on_our_gold(path: Path) -> None:
    gold, text = load_gold(path)
    result = score(gold, {"events": [perfect(g) for g in gold["events"]]}, text)
    assert (result["recall"], result["precision"], result["missed"]) == (1.0, 1.0, [])
    assert set(result["fields"].values()) == {1.0}
    assert all(checks is not None and all(checks.values()) for checks in result["per_event"].values())


def with_change(path: str, value: Any) -> dict[str, Any]:
    """A perfect prediction of SHELLING with one value replaced (path like 'location.admin1')."""
    pred = perfect(SHELLING)
    *parents, last = path.split(".")
    node = pred
    for key in parents:
        node = node[key]
    node[last] = value
    return pred


@pytest.mark.parametrize(
    ("path", "value", "field", "right"),
    [
        ("type", "COERCE", "type", False),
        ("recipients", [{"text": "x", "country": "RUS", "sector": "CVL"}], "recipient", False),
        ("recipients", [{"text": "x", "country": "UKR", "sector": "MIL"}], "recipient", False),
        ("recipients", [], "recipient", False),
        ("location.admin1", "Odesa Oblast", "location", True),  # a listed spelling inside the name
        ("location", {"country": "UKR", "admin1": None, "name": "Odessa"}, "location", True),
        ("location.admin1", "Kherson Oblast", "location", False),
        ("location.country", "MDA", "location", False),
        ("date", {"start": "2024-05-05", "end": "2024-05-06"}, "date", False),  # a day is wanted
        ("date", {"start": "2024-05-04", "end": "2024-05-04"}, "date", False),
        ("date", None, "date", False),
        ("counts", {"killed": 5}, "counts", False),
        ("counts", {"killed": 4, "injured": 2}, "counts", True),  # only the gold's keys are scored
        ("attribution.chain", [], "attribution", False),
        ("attribution.chain", [{"name": "The Regional Governor's office"}], "attribution", True),
        ("attribution.chain", ["governor"], "attribution", True),  # a plain name, either way round
        ("factuality", "asserted", "factuality", False),
    ],
)
def test_eval_gold_field_rules(path: str, value: Any, field: str, right: bool) -> None:
    result = score(GOLD, {"events": [with_change(path, value)]}, TEXT)
    checks = result["per_event"]["port-shelled"]
    assert checks is not None
    assert checks[field] is right
    assert all(ok for name, ok in checks.items() if name != field)


def test_eval_gold_matches_by_anchor_in_the_sentence_or_the_offsets() -> None:
    by_offsets = perfect(SHELLING)
    start = TEXT.index(SHELLING["anchor"])
    by_offsets["evidence"] = {"sentence": "", "start": start - 2, "end": start + len(SHELLING["anchor"])}
    elsewhere = perfect(SHELLING)
    elsewhere["evidence"] = {"sentence": "The ministry denied that its troops had crossed the border."}
    assert score(GOLD, {"events": [by_offsets]}, TEXT)["recall"] == 1.0
    result = score(GOLD, {"events": [elsewhere]}, TEXT)
    assert result["recall"] == 0.0 and result["missed"] == ["port-shelled"]
    assert result["precision"] == 1.0  # it matched the optional event instead
    assert result["per_event"]["crossing-denied"] == {"type": True, "factuality": False}


def test_eval_gold_precision_counts_predictions_matching_no_anchor() -> None:
    stray = {"type": "ASSAULT", "evidence": {"sentence": "Nothing of the sort."}}
    result = score(GOLD, {"events": [perfect(SHELLING), stray, copy.deepcopy(stray)]}, TEXT)
    assert (result["recall"], result["precision"], result["predicted_events"]) == (1.0, 0.333, 3)
    assert score(GOLD, {"events": []}, TEXT)["precision"] == 0.0
    assert score(GOLD, {}, TEXT)["recall"] == 0.0


def test_eval_gold_keeps_the_best_of_several_matches() -> None:
    wrong = with_change("type", "CONSULT")
    half = with_change("factuality", "asserted")
    result = score(GOLD, {"events": [wrong, half]}, TEXT)
    assert result["per_event"]["port-shelled"] == {**{k: True for k in result["per_event"]["port-shelled"] or {}},
                                                    "factuality": False}  # fmt: skip
    assert result["fields"]["type"] == 1.0
    # Only required events count toward the field scores.
    assert result["field_counts"]["type"] == "1/1"


def test_eval_gold_load_rejects_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "missing.json")
    bad = tmp_path / "gold" / "bad.json"
    bad.parent.mkdir()
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_gold(bad)
    bad.write_text('{"events": []}', encoding="utf-8")
    with pytest.raises(InputError, match="doc"):
        load_gold(bad)
    bad.write_text('{"doc": "corpus/none.txt", "events": []}', encoding="utf-8")
    with pytest.raises(InputError, match="gold document"):
        load_gold(bad)


def test_eval_gold_load_reads_the_doc_beside_the_gold_folder(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "x.json").write_text(json.dumps(GOLD), encoding="utf-8")
    gold, text = load_gold(tmp_path / "gold" / "x.json")
    assert (gold, text) == (GOLD, TEXT)
