"""Our typed gold scorer agrees with the reference ../shared/tools/score.py, on random
outputs around the anchors of the seed gold and of our own gold files."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from shared_data import REPO, SEED_GOLD, SHARED
from sitreport.eval.gold import load_gold, score

GOLD_FILES = [SEED_GOLD, *sorted((REPO / "tests" / "gold").glob("*.json"))]
TYPES = ["ASSAULT", "MOBILIZE", "RETREAT", "COERCE", "AGREE", "CONSULT", "AID", "ACCUSE", "REJECT", "PROTEST"]
COUNTRIES = ["PRK", "RUS", "UKR", "USA", "KOR", "GEO", None]
SECTORS = ["MIL", "GOV", None, "CVL", "COP"]
FACTUALITY = ["asserted", "reported", "hedged", "alleged", "denied", "planned", "hypothetical"]
NAMES = ["Suspilne", "intelligence officials", "governor", "Kyiv Post", "sources", "", "United States"]


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_entity(rng: random.Random) -> dict[str, Any]:
    return {"text": "x", "country": rng.choice(COUNTRIES), "sector": rng.choice(SECTORS)}


def random_prediction(rng: random.Random, gold: dict[str, Any], text: str) -> dict[str, Any]:
    """A prediction around a gold anchor (or nowhere), with each field right or wrong."""
    anchor = rng.choice(gold["events"])["anchor"]
    pos = text.find(anchor)
    evidence: dict[str, Any]
    style = rng.randrange(4)
    if style == 0:
        evidence = {"sentence": "  " + anchor.upper().replace("'", "\u2019") + " and more", "start": 0, "end": 1}
    elif style == 1 and pos >= 0:
        start, end = max(0, pos - rng.randrange(5)), pos + len(anchor) - rng.randrange(3)
        evidence = {"sentence": "", "start": start, "end": end}
    elif style == 2:
        evidence = {"sentence": "nothing to see here", "start": "0", "end": None}
    else:
        evidence = {}
    published = gold.get("published") or "2024-10-17"
    date_start = rng.choice([published, "2024-06-01", "2023-01-01", None])
    date_end = rng.choice([date_start, published, "2024-06-30", "2023-12-31", None])
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
                {"country": "GEO", "admin1": "Tbilisi", "name": "Tbilisi"},
                {"country": "PRK"},
            ]
        ),
        "date": {"start": date_start, "end": date_end} if rng.random() < 0.8 else None,
        "counts": rng.choice([{}, {"killed": 6}, {"people": 18}, {"injured": 3, "killed": None}, {"arrested": 41}]),
        "attribution": rng.choice([{"chain": chain}, None, {}]),
        "factuality": rng.choice(FACTUALITY),
        "evidence": evidence,
    }
    for key in rng.sample(list(pred), rng.randrange(3)):
        del pred[key]
    return pred


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_reference_scorer_agrees_on_random_outputs(path: Path, ref: ModuleType) -> None:
    gold, text = load_gold(path)
    for seed in range(8):
        rng = random.Random(seed)
        output = {"events": [random_prediction(rng, gold, text) for _ in range(rng.randrange(25))]}
        output = json.loads(json.dumps(output))  # exactly what a CLI output file holds
        assert score(gold, output, text) == ref.score(gold, output, text), seed


def test_reference_scorer_agrees_on_empty_outputs(ref: ModuleType) -> None:
    gold, text = load_gold(SEED_GOLD)
    assert score(gold, {}, text) == ref.score(gold, {}, text)
    assert score(gold, {"events": []}, text) == ref.score(gold, {"events": []}, text)
