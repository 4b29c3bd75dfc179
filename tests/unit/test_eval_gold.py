"""The typed gold scorer agrees with shared/tools/score.py on hand-made outputs."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sitreport.errors import InputError
from sitreport.eval.gold import load_gold, score

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "gold" / "newsweek-2024-10-17-north-korean-deserters.json"


def reference_scorer() -> ModuleType:
    """shared/tools/score.py; a missing shared folder fails the test rather than skipping it."""
    path = SHARED / "tools" / "score.py"
    assert path.is_file(), f"reference scorer missing: {path} (is ../shared checked out?)"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    return reference_scorer()


@pytest.fixture(scope="module")
def gold() -> tuple[dict[str, Any], str]:
    assert GOLD.is_file(), f"shared gold file missing: {GOLD}"
    return load_gold(GOLD)


TYPES = ["ASSAULT", "MOBILIZE", "RETREAT", "COERCE", "AGREE", "CONSULT", "AID", "ACCUSE", "REJECT"]
COUNTRIES = ["PRK", "RUS", "UKR", "USA", "KOR", None]
SECTORS = ["MIL", "GOV", None, "CVL"]
FACTUALITY = ["asserted", "reported", "hedged", "alleged", "denied", "planned", "hypothetical"]
NAMES = ["Suspilne", "intelligence officials", "LIGA", "Kyiv Post", "sources", "", "United States"]


def random_entity(rng: random.Random) -> dict[str, Any]:
    return {"text": "x", "country": rng.choice(COUNTRIES), "sector": rng.choice(SECTORS)}


def random_prediction(rng: random.Random, gold: dict[str, Any], text: str) -> dict[str, Any]:
    """A prediction around a gold anchor (or nowhere), with each field right or wrong."""
    anchor = rng.choice(gold["events"])["anchor"]
    pos = text.find(anchor)
    evidence: dict[str, Any]
    style = rng.randrange(4)
    if style == 0:
        evidence = {
            "sentence": "  " + anchor.upper().replace("'", "\u2019") + " and more",
            "start": 0,
            "end": 1,
        }
    elif style == 1 and pos >= 0:
        evidence = {
            "sentence": "",
            "start": max(0, pos - rng.randrange(5)),
            "end": pos + len(anchor) - rng.randrange(3),
        }
    elif style == 2:
        evidence = {"sentence": "nothing to see here", "start": "0", "end": None}
    else:
        evidence = {}
    date_start = rng.choice(["2024-10-03", "2024-06-01", "2023-01-01", None])
    date_end = rng.choice([date_start, "2024-10-17", "2024-06-30", "2023-12-31", None])
    chain: list[Any] = [
        rng.choice([{"name": rng.choice(NAMES), "kind": "outlet"}, rng.choice(NAMES), {"kind": "x"}])
        for _ in range(rng.randrange(3))
    ]
    pred: dict[str, Any] = {
        "type": rng.choice(TYPES),
        "actors": [random_entity(rng) for _ in range(rng.randrange(3))],
        "recipients": [random_entity(rng) for _ in range(rng.randrange(2))],
        "location": rng.choice(
            [
                None,
                {"country": "UKR", "admin1": "Donetsk Oblast", "name": "Donetsk"},
                {"country": "RUS", "admin1": None, "name": "Kursk"},
                {"country": "PRK"},
            ]
        ),
        "date": {"start": date_start, "end": date_end} if rng.random() < 0.8 else None,
        "counts": rng.choice([{}, {"killed": 6}, {"people": 18}, {"injured": 3, "killed": None}]),
        "attribution": rng.choice([{"chain": chain}, None, {}]),
        "factuality": rng.choice(FACTUALITY),
        "evidence": evidence,
    }
    for key in rng.sample(list(pred), rng.randrange(3)):
        del pred[key]
    return pred


@pytest.mark.parametrize("seed", range(40))
def test_eval_gold_agrees_with_reference_scorer(seed: int, ref: ModuleType, gold: tuple[dict[str, Any], str]) -> None:
    gold_doc, text = gold
    rng = random.Random(seed)
    output = {"events": [random_prediction(rng, gold_doc, text) for _ in range(rng.randrange(25))]}
    # Round-trip through JSON so both see exactly what a CLI output file holds.
    output = json.loads(json.dumps(output))
    assert score(gold_doc, output, text) == ref.score(gold_doc, output, text)


def test_eval_gold_agrees_on_an_empty_output(ref: ModuleType, gold: tuple[dict[str, Any], str]) -> None:
    gold_doc, text = gold
    assert score(gold_doc, {}, text) == ref.score(gold_doc, {}, text)
    assert score(gold_doc, {"events": []}, text)["precision"] == 0.0


def test_eval_gold_perfect_prediction(gold: tuple[dict[str, Any], str]) -> None:
    gold_doc, text = gold
    event = next(g for g in gold_doc["events"] if g["id"] == "officers-killed")
    pred = {
        "type": "ASSAULT",
        "recipients": [{"country": "PRK", "sector": "MIL"}],
        "location": {"country": "UKR", "admin1": "Donetsk Oblast"},
        "date": {"start": "2024-10-03", "end": "2024-10-03"},
        "counts": {"killed": 6},
        "attribution": {"chain": [{"name": "Kyiv Post"}, {"name": "intelligence sources"}]},
        "factuality": "reported",
        "evidence": {"sentence": event["anchor"]},
    }
    result = score({"events": [event]}, {"events": [pred]}, text)
    assert result["per_event"]["officers-killed"] == {
        "type": True,
        "recipient": True,
        "location": True,
        "date": True,
        "counts": True,
        "attribution": True,
        "factuality": True,
    }
    assert (result["recall"], result["precision"]) == (1.0, 1.0)


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
