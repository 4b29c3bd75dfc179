"""The corpus commands end to end, with the fake pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from sitreport.cli_corpus import register

FAKE = "sitreport.testing:fake_pipeline"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(
        "Russian forces shelled Kharkiv on 2024-10-03 and 2 civilians were killed."
    )
    (root / "b.txt").write_text(
        "Russian drones struck Kharkiv on 2024-10-03, according to Ukrainian officials."
    )
    (root / "c.jsonl").write_text(
        json.dumps(
            {
                "outlet": "Sudan Tribune",
                "published": "2024-10-05",
                "text": "Sudanese police arrested protesters in Khartoum.",
            }
        )
        + "\n{bad\n"
    )
    (root / "empty.txt").write_text("")
    return root


def test_query_cli_ingest_link_query_export(app: typer.Typer, corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE])
    assert res.exit_code == 0, res.output
    assert "3 added" in res.output and "2 failed" in res.output
    again = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--pipeline", FAKE])
    assert "0 added" in again.output and "5 already stored" in again.output

    # Ingest linked the new articles already; `link` relinks the whole store.
    assert "linked 3 reports: 2 events" in res.output, res.output
    res = runner.invoke(app, ["link", "--db", db])
    assert res.exit_code == 0 and "2 events, 1 told by several reports" in res.output, res.output

    # Two reports of one Kharkiv shelling are one event; --reports lists both.
    res = runner.invoke(app, ["query", "--db", db, "--country", "UKR"])
    assert res.exit_code == 0 and "1 of 1 events" in res.output, res.output
    res = runner.invoke(app, ["query", "--db", db, "--country", "UKR", "--reports"])
    assert res.exit_code == 0 and "2 of 2 reports" in res.output, res.output

    res = runner.invoke(app, ["query", "--db", db, "--format", "json", "--min-corroboration", "2"])
    assert res.exit_code == 0, res.output
    (event,) = json.loads(res.stdout)
    assert event["corroboration"] == 2 and len(event["reports"]) == 2

    res = runner.invoke(app, ["query", "--db", db, "--format", "geojson", "--type", "coerce"])
    assert res.exit_code == 0, res.output
    (feature,) = json.loads(res.stdout)["features"]
    assert feature["properties"]["country"] == "SDN"

    out = tmp_path / "e.parquet"
    res = runner.invoke(app, ["query", "--db", db, "--format", "parquet", "--out", str(out)])
    assert res.exit_code == 0 and "2 events written" in res.output, res.output
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone() == (2,)
    res = runner.invoke(app, ["query", "--db", db, "--reports", "--format", "parquet", "--out", str(out)])
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone() == (3,)

    res = runner.invoke(app, ["failures", "--db", db])
    assert "empty input" in res.output and "malformed JSONL" in res.output


def test_query_cli_errors_are_short(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["query", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no store" in res.output
    db = str(tmp_path / "x.duckdb")
    runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--pipeline", FAKE])
    res = runner.invoke(app, ["query", "--db", db, "--since", "yesterday"])
    assert res.exit_code == 2 and "--since" in res.output
    res = runner.invoke(app, ["query", "--db", db, "--format", "parquet"])
    assert res.exit_code == 2 and "--out" in res.output
    res = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--pipeline", "nope"])
    assert res.exit_code == 2 and "module:function" in res.output


def test_query_cli_dask_engine(app: typer.Typer, corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    runner = CliRunner()
    db = str(tmp_path / "d.duckdb")
    res = runner.invoke(
        app, ["ingest", str(corpus), "--db", db, "--engine", "dask", "--pipeline", FAKE]
    )
    assert res.exit_code == 0, res.output
    assert "3 added" in res.output


def test_query_cli_every_command_takes_a_postgresql_url(app: typer.Typer, corpus: Path) -> None:
    import os
    import uuid

    pytest.importorskip("psycopg")
    from sitreport.testing import TemporaryPostgres

    if TemporaryPostgres.find_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; scripts/setup.sh installs it")
        pytest.skip("PostgreSQL is not installed")
    runner = CliRunner()
    with TemporaryPostgres() as server:
        name = f"t{uuid.uuid4().hex}"
        server.create_database(name)
        url = f"postgresql://postgres@/{name}?host={server.dir}&port=5432"
        res = runner.invoke(app, ["ingest", str(corpus), "--db", url, "--pipeline", FAKE])
        assert res.exit_code == 0 and "3 added" in res.output, res.output
        res = runner.invoke(app, ["link", "--db", url])
        assert res.exit_code == 0 and "2 events" in res.output, res.output
        res = runner.invoke(app, ["query", "--db", url, "--format", "json"])
        assert res.exit_code == 0 and len(json.loads(res.stdout)) == 2, res.output
        res = runner.invoke(app, ["failures", "--db", url])
        assert res.exit_code == 0 and "empty input" in res.output
