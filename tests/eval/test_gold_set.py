"""tests/gold/check_gold.py, the sanity checks of our gold set, passes on the set and
catches a broken annotation."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "gold"
CHECK = GOLD / "check_gold.py"


def run_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK), *map(str, paths)], capture_output=True, text=True, timeout=60)


def test_gold_set_passes_its_checks() -> None:
    done = run_check()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("ok ") == len(list(GOLD.glob("*.json")))


def test_gold_set_check_catches_a_broken_anchor(tmp_path: Path) -> None:
    source = GOLD / "continental-wire-2024-11-12-dnipro-strike.json"
    gold = json.loads(source.read_text(encoding="utf-8"))
    (tmp_path / "gold" / "articles").mkdir(parents=True)
    shutil.copy(GOLD.parent / gold["doc"], tmp_path / "gold" / "articles")
    gold["events"][0]["anchor"] = "words that are nowhere in the article"
    gold["events"][1]["factuality"] = ["certain"]
    broken = tmp_path / "gold" / source.name
    broken.write_text(json.dumps(gold), encoding="utf-8")
    done = run_check(broken)
    assert done.returncode != 0
    assert "anchor not found verbatim" in done.stdout
    assert "bad factuality" in done.stdout


def test_reporting_style_gold_passes_the_same_checks() -> None:
    """The reporting-style articles (tests/gold_style) follow the gold format too."""
    paths = sorted((GOLD.parent / "gold_style").glob("*.json"))
    assert len(paths) >= 3
    done = run_check(*paths)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("ok ") == len(paths)
