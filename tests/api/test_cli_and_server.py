"""The CLI and `sitreport serve` on one DuckDB store: reads go through the server that
holds the file, writes are refused with a message naming the fix."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from sitreport.cli_corpus import register
from sitreport.cli_serve import TOKEN_ENV

FAKE = "sitreport.testing:fake_pipeline"
TOKEN = "cli-and-server-token"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def served(app: typer.Typer, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A store with two reports of one event, held by a running server with writes on."""
    (tmp_path / "in").mkdir()
    a = "Russian forces shelled Kharkiv on 2024-10-03, and 2 civilians were killed."
    b = "Russian drones struck Kharkiv on 2024-10-03, according to Ukrainian officials."
    (tmp_path / "in" / "a.txt").write_text(a)
    (tmp_path / "in" / "b.txt").write_text(b)
    db = str(tmp_path / "held.duckdb")
    res = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--pipeline", FAKE])
    assert res.exit_code == 0, res.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "import sys; from sitreport.cli_serve import serve; from sitreport.testing import fake_pipeline; "
        f"serve(sys.argv[1], port={port}, token={TOKEN!r}, pipeline_factory=fake_pipeline)"
    )
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    proc = subprocess.Popen([sys.executable, "-c", code, db], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/documents")
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("sitreport serve did not start")
                time.sleep(0.2)
        yield db, base
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
    assert not Path(f"{db}.serve.json").exists()  # the server takes its note away


def test_cli_query_while_serve_holds_the_store(app: typer.Typer, served: tuple[str, str]) -> None:
    db, base = served
    assert json.loads(Path(f"{db}.serve.json").read_text())["url"] == base
    runner = CliRunner()
    res = runner.invoke(app, ["query", "--db", db])
    assert res.exit_code == 0, res.output
    assert "1 of 1 events" in res.stdout and "through the server" in res.stderr
    res = runner.invoke(app, ["query", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    (event,) = json.loads(res.stdout)
    assert len(event["reports"]) == 2 and event["corroboration"] == 2
    res = runner.invoke(app, ["query", "--db", db, "--reports", "--format", "acled-csv"])
    assert res.exit_code == 0 and res.stdout.startswith("event_id_cnty,"), res.output


def test_cli_writes_while_serve_holds_the_store_name_the_fix(
    app: typer.Typer, served: tuple[str, str], tmp_path: Path
) -> None:
    db, base = served
    res = CliRunner().invoke(app, ["link", "--db", db])
    assert res.exit_code == 2
    assert "held by `sitreport serve`" in res.output and f"{base}/api/documents" in res.output
    assert "Conflicting lock" not in res.output
    # The server itself takes the article and links it at once.
    text = "Russian forces shelled Kharkiv on 2024-10-03, police said."
    posted = httpx.post(f"{base}/api/documents", json={"text": text},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert posted.status_code == 201
    (event,) = posted.json()["events"]
    assert event["cluster"] is not None and event["cluster"]["corroboration"] >= 2


def test_cli_ingest_goes_through_the_server_with_its_token(
    app: typer.Typer, served: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = served
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "c.txt").write_text("Russian forces shelled Kharkiv on 2024-10-03, police said.")
    (tmp_path / "more" / "empty.txt").write_text("")
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    res = CliRunner().invoke(app, ["ingest", str(tmp_path / "more"), "--db", db])
    assert res.exit_code == 0, res.output
    assert "1 added, 0 duplicate, 1 failed, through the server" in res.output
    (event,) = json.loads(CliRunner().invoke(app, ["query", "--db", db, "--format", "json"]).stdout)
    assert len(event["reports"]) == 3  # linked by the server on arrival
