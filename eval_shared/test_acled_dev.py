"""Real ACLED rows (the development files in ../shared/gold/acled): our reader takes
the export as ACLED publishes it, our writer uses its header, and `sitreport eval acled`
stays above the floors pinned in baseline.json. The held-out world-check.csv is never
read here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shared_data import SHARED
from sitreport.cli import app
from sitreport.eval.acled import read_rows
from sitreport.io.acled_csv import ACLED_COLUMNS

BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
EPSILON = BASELINE["epsilon"]
UKRAINE = SHARED / "gold" / "acled" / "ukraine-2022-2024.csv"
ACLED_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
}  # fmt: skip


def test_acled_dev_export_reads_whole() -> None:
    with UKRAINE.open(encoding="utf-8", newline="") as fh:
        rows = read_rows(fh)
    assert len(rows) == 155
    assert all(r.event_type in ACLED_TYPES and r.sub_event_type and r.notes for r in rows)
    assert all(-90 <= r.latitude <= 90 and -180 <= r.longitude <= 180 for r in rows)
    assert all(r.fatalities >= 0 for r in rows)


def test_acled_dev_header_is_our_writers() -> None:
    with UKRAINE.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == ACLED_COLUMNS


@pytest.mark.parametrize("name", sorted(BASELINE["acled"]))
def test_acled_dev_agreement_floors(name: str) -> None:
    assert name != "world-check.csv", "the held-out file is not for this gate"
    run = CliRunner().invoke(app, ["eval", "acled", str(SHARED / "gold" / "acled" / name), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    got = json.loads(run.stdout)
    below = {k: (got[k], floor) for k, floor in BASELINE["acled"][name].items() if got[k] < floor - EPSILON}
    assert not below, f"{name}: (now, floor) {below}; re-pin eval_shared/baseline.json only in review"
