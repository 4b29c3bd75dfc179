"""`sitreport extract PATH... | - --format jsonl`: many articles through one pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitreport.cli import app

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "multi-outlet.jsonl"


def test_extract_batch_jsonl_from_files_folders_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("Northern Courier\nOct 4, 2024\n\nRussian forces shelled Kupiansk on Thursday.\n")
    (tmp_path / "empty.txt").write_text("")
    stdin = "Danube Daily\nOct 6, 2024\n\nRussian drones struck the port of Izmail on Saturday.\n"
    result = CliRunner().invoke(app, ["extract", str(tmp_path), str(CORPUS), "-", "--format", "jsonl"], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1 + 1 + 8  # stdin, one.txt, the corpus; empty.txt failed
    assert {d["document"]["outlet"] for d in lines} >= {"Northern Courier", "Danube Daily", "Moscow Evening"}
    assert all("events" in d for d in lines)
    assert result.exit_code == 1  # one input failed, the others were written
    assert "empty.txt" in result.stderr and "10 done, 1 failed" in result.stderr


def test_extract_batch_refuses_json_for_several_inputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(CORPUS), str(CORPUS)])
    assert result.exit_code == 2 and "--format jsonl" in result.stderr
