"""What a new user meets first: --version, progress with counts and time left, commands
that only read refusing a store that does not exist, `failures` on a clean store."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import sitreport.ingest
from sitreport.cli import app
from sitreport.ingest import ingest, progress_mode
from sitreport.io.sources import RawRecord
from sitreport.store import MemoryStore
from sitreport.testing import fake_pipeline

FAKE = "sitreport.testing:fake_pipeline"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    for n in range(5):
        (root / f"{n}.txt").write_text(f"Russian forces shelled Kharkiv on 2024-10-0{n + 1}. Report {n}.")
    return root


def test_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    version = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    assert result.stdout.strip() == f"sitreport {version}"


def test_ingest_without_a_terminal_prints_progress_lines(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitreport.ingest, "PROGRESS_EVERY", 0.0)  # a line for every batch
    db = str(tmp_path / "news.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE, "--batch-size", "2"])
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("ingest:")]
    assert [re.match(r"ingest: (\d+/\d+) \((\d+)%\)", line).groups() for line in lines] == [  # type: ignore[union-attr]
        ("2/5", "40"),
        ("4/5", "80"),
        ("5/5", "100"),
    ]
    assert all("articles/s" in line and re.search(r"\d+m\d\ds left", line) for line in lines)
    assert "5 added, 0 failed" in lines[-1]
    # Run again: everything is already stored, and that counts as done.
    again = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE, "--batch-size", "2"])
    assert "0 added" in again.stdout and "5 already stored" in again.stdout


def test_ingest_prints_no_progress_lines_in_a_short_run(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE])
    assert result.exit_code == 0
    assert "ingest:" not in result.stderr  # the first line comes after PROGRESS_EVERY seconds
    assert result.stdout.startswith("5 added")


def test_progress_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress_mode(True) == "bar" and progress_mode(False) is None
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert progress_mode(None) == "lines"
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert progress_mode(None) == "bar"


def test_ingest_bar_shows_done_of_total(capsys: pytest.CaptureFixture[str]) -> None:
    records = iter([RawRecord(f"r{n}", f"Police detained {n + 2} protesters.".encode(), kind="text") for n in range(3)])
    report = ingest(records, MemoryStore(), fake_pipeline, batch_size=1, progress=True, total=3)
    assert report.added == 3
    err = capsys.readouterr().err
    assert "3/3" in err and "3 added, 0 failed" in err


@pytest.mark.parametrize("command", [["query"], ["link"], ["failures"]])
def test_commands_that_need_a_store_refuse_a_missing_one(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    result = CliRunner().invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == 2
    assert "no store at" in result.stderr and "sitreport ingest" in result.stderr
    assert not missing.exists()  # nothing was created


def test_serve_refuses_a_missing_store_without_a_token(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    result = CliRunner().invoke(app, ["serve", "--db", str(missing)], env={"SITREPORT_TOKEN": ""})
    assert result.exit_code == 2
    assert "no store at" in result.stderr
    assert not missing.exists()


def test_failures_says_when_there_are_none(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "news.duckdb")
    assert CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE]).exit_code == 0
    result = CliRunner().invoke(app, ["failures", "--db", db])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"no failed inputs in {db}" in result.stderr
    (corpus / "empty.txt").write_text("")
    CliRunner().invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE])
    listed = CliRunner().invoke(app, ["failures", "--db", db])
    assert "empty.txt\tInputError" in listed.stdout and "no failed" not in listed.stderr
