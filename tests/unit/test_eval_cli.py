"""`sitreport eval`: outputs, and exit code 2 with a message on bad input."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from acled_builders import document, event_in
from typer.testing import CliRunner

from sitreport import cli_eval
from sitreport.acled import AcledTable
from sitreport.cli_eval import eval_app
from sitreport.model import Document
from sitreport.stages.acled import AcledStage

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,actor1,admin1,latitude,longitude,fatalities,notes\n"
NOTES = "On 16 February 2024, Russian forces shelled Lozova, Kharkiv. Casualties unknown."
ROW = (
    f"UKR1,16 February 2024,Explosions/Remote violence,Shelling/artillery/missile attack,"
    f'Military Forces of Russia (2000-),Kharkiv,48.889,36.317,0,"{NOTES}"\n'
)

runner = CliRunner()


def fake_extract_many(items: Sequence[tuple[str, dt.date]]) -> list[Document]:
    table = AcledTable.load()
    stage = AcledStage(table)
    return [
        stage(document(text, event_in(text, "shelled", "ASSAULT", "explosives", lemma="shell"))) for text, _ in items
    ]


@pytest.fixture
def acled_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli_eval, "_extractor", lambda _typer: fake_extract_many)
    path = tmp_path / "acled.csv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    return path


def test_eval_cli_acled_json(acled_csv: Path) -> None:
    result = runner.invoke(eval_app, ["acled", str(acled_csv)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    for key in (
        "event_type",
        "sub_event_type",
        "fatalities",
        "admin1",
        "date",
        "location_25km",
        "actor1_country",
        "n",
        "confusion",
    ):
        assert key in out
    assert out["n"] == 1
    assert out["event_type"] == 1.0
    assert "rows" not in out


def test_eval_cli_acled_details(acled_csv: Path) -> None:
    result = runner.invoke(eval_app, ["acled", str(acled_csv), "--details"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert rows[0]["event_id"] == "UKR1"
    assert rows[0]["plover"] == ["ASSAULT", "explosives", "shelled"]


def test_eval_cli_acled_table(acled_csv: Path) -> None:
    result = runner.invoke(eval_app, ["acled", str(acled_csv), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "sub_event_type" in result.stdout
    assert "ACLED \\ predicted" in result.stdout
    assert "Per event type" in result.stdout and "Per sub-event type" in result.stdout


def test_eval_cli_acled_skips_rows_without_notes(acled_csv: Path) -> None:
    empty = ROW.replace(f'"{NOTES}"', "").replace("UKR1", "UKR2")
    acled_csv.write_text(HEADER + ROW + empty, encoding="utf-8")
    result = runner.invoke(eval_app, ["acled", str(acled_csv)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["n"] == 1 and out["skipped_empty_notes"] == 1
    assert "skipped 1 rows with empty notes" in result.stderr


def test_eval_cli_acled_only_empty_notes_is_bad_input(acled_csv: Path) -> None:
    acled_csv.write_text(HEADER + ROW.replace(f'"{NOTES}"', ""), encoding="utf-8")
    result = runner.invoke(eval_app, ["acled", str(acled_csv)])
    assert result.exit_code == 2
    assert "no rows with notes" in result.stderr


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"event_date,event_type\n16 February 2024,Battles\n", "missing columns"),
        (HEADER.encode(), "no rows"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        ((HEADER + ROW.replace("16 February 2024", "someday")).encode(), "not an ACLED date"),
    ],
    ids=["missing-file", "bad-header", "no-rows", "binary", "bad-date"],
)
def test_eval_cli_acled_bad_input_exits_2(
    tmp_path: Path, content: bytes | None, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_eval, "_extractor", lambda _typer: fake_extract_many)
    path = tmp_path / "in.csv" if content is None else write(tmp_path, "in.csv", content)
    result = runner.invoke(eval_app, ["acled", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_eval_cli_acled_typer_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen: list[str | None] = []

    def extractor(name: str | None) -> object:
        chosen.append(name)
        return fake_extract_many

    monkeypatch.setattr(cli_eval, "_extractor", extractor)
    path = write(tmp_path, "in.csv", (HEADER + ROW).encode())
    assert runner.invoke(eval_app, ["acled", str(path), "--typer", "none"]).exit_code == 0
    assert runner.invoke(eval_app, ["acled", str(path)]).exit_code == 0
    assert chosen == [None, "sitreport.typer.linear.v1"]
    unknown = runner.invoke(eval_app, ["acled", str(path), "--typer", "mypkg.typer.v9"])
    assert unknown.exit_code == 2
    assert "unknown ACLED typer" in unknown.stderr
    assert chosen == [None, "sitreport.typer.linear.v1"]


def test_eval_cli_acled_bad_format_exits_2(acled_csv: Path) -> None:
    result = runner.invoke(eval_app, ["acled", str(acled_csv), "--format", "xml"])
    assert result.exit_code == 2


GOLD_TEXT = "Russian forces shelled Lozova on Friday."


def gold_file(tmp_path: Path, content: str | None = None) -> Path:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    (tmp_path / "corpus" / "doc.txt").write_text(GOLD_TEXT, encoding="utf-8")
    (tmp_path / "gold").mkdir(exist_ok=True)
    path = tmp_path / "gold" / "doc.json"
    gold = {
        "doc": "corpus/doc.txt",
        "published": "2024-02-16",
        "events": [{"id": "shelling", "required": True, "anchor": "shelled Lozova", "types": ["ASSAULT"]}],
    }
    path.write_text(content if content is not None else json.dumps(gold), encoding="utf-8")
    return path


def fake_extract_as_json(text: str, published: dt.date | None, outlet: str | None) -> dict[str, Any]:
    assert published == dt.date(2024, 2, 16)
    return {"events": [{"type": "ASSAULT", "evidence": {"sentence": text}}]}


def test_eval_cli_gold_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_eval, "_extract_as_json", fake_extract_as_json)
    result = runner.invoke(eval_app, ["gold", str(gold_file(tmp_path))])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["recall"], out["precision"], out["fields"]) == (1.0, 1.0, {"type": 1.0})


def test_eval_cli_gold_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_eval, "_extract_as_json", fake_extract_as_json)
    result = runner.invoke(eval_app, ["gold", str(gold_file(tmp_path)), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "recall 1.0" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{broken", "not valid JSON"),
        ('{"doc": "corpus/doc.txt"}', "events"),
        ('{"doc": "corpus/other.txt", "events": []}', "gold document"),
        ('{"doc": "corpus/doc.txt", "events": [], "published": "17/10/2024"}', "published"),
    ],
    ids=["bad-json", "no-events", "missing-doc", "bad-date"],
)
def test_eval_cli_gold_bad_input_exits_2(
    tmp_path: Path, content: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_eval, "_extract_as_json", fake_extract_as_json)
    result = runner.invoke(eval_app, ["gold", str(gold_file(tmp_path, content))])
    assert result.exit_code == 2
    assert message in result.stderr


def test_eval_cli_gold_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(eval_app, ["gold", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
