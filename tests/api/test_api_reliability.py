"""Issue 12 through the HTTP API: same answers on every store, 4xx for client mistakes and
no internals in a 5xx, extraction off the event loop, the Host guard, private reads, and
`serve` refusing options that cannot work."""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import spacy
import typer
import uvicorn
from api_seed import TOKEN
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sitreport.api import create_app, host_allowed
from sitreport.cli_serve import TOKEN_ENV, register, resolve_token
from sitreport.errors import SitreportError, StoreError
from sitreport.model import Document
from sitreport.pipeline import Pipeline
from sitreport.stages.parse import ParseStage
from sitreport.store import DuckDBStore, EventQuery, MemoryStore, Store
from sitreport.store.codec import INT_MAX
from sitreport.testing import FakePipeline

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCAL = "http://localhost"
POISON = "Wire\nOct 4, 2024\nOfficials said 3000000000 people were killed when Russian forces shelled Kharkiv."
ARTICLE = "Wire\nOct 5, 2024\nRussian forces shelled Kramatorsk on 2024-10-04."
INTERNALS = ("SELECT", "LINE 1", "Conversion Error", "Traceback", "duckdb", 'File "')


def _client(store: Store, base_url: str = LOCAL, raise_server_exceptions: bool = True, **kwargs: Any) -> TestClient:
    kwargs.setdefault("token", TOKEN)
    kwargs.setdefault("pipeline", FakePipeline())
    return TestClient(create_app(store, **kwargs), base_url=base_url, raise_server_exceptions=raise_server_exceptions)


def _no_internals(response: Any) -> None:
    for word in INTERNALS:
        assert word not in response.text, (word, response.text)


# ---- item 1: the poison article is stored the same way on both stores ------------------


def test_api_poison_article_is_stored_clamped_on_every_store(seeded_store: Store) -> None:
    with _client(seeded_store) as c:
        response = c.post("/api/documents", json={"text": POISON}, headers=AUTH)
    assert response.status_code == 201, response.text
    (event,) = response.json()["events"]
    assert event["counts"]["killed"] == INT_MAX and event["counts"]["clamped"] is True


def test_api_poison_answers_match_between_memory_and_duckdb(tmp_path: Path) -> None:
    bodies = []
    for store in (MemoryStore(), DuckDBStore(tmp_path / "p.duckdb")):
        with _client(store) as c:
            bodies.append(c.post("/api/documents", json={"text": POISON}, headers=AUTH).json())
        store.close()
    assert bodies[0] == bodies[1]


# ---- item 7: client errors are 4xx; a 5xx names no internals ---------------------------


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/events?offset=9223372036854775808", "offset"),
        ("/api/events?offset=99999999999", "offset"),
        ("/api/events?min_corroboration=99999999999999999999", "min_corroboration"),
        ("/api/documents?offset=9223372036854775808", "offset"),
        ("/api/events?limit=-1", "limit"),
        ("/api/events?date_from=0000-01-01", "date_from"),
    ],
)
def test_api_out_of_range_parameters_are_422_with_a_message(seeded_store: Store, path: str, field: str) -> None:
    with _client(seeded_store) as c:
        response = c.get(path)
    assert response.status_code == 422
    assert field in response.json()["detail"]
    _no_internals(response)


class FailingStore(MemoryStore):
    """A store whose reads fail the way a SQL backend does, SQL text and all."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def query_events(self, query: EventQuery) -> list[Any]:
        raise self.error

    def page_events(self, query: EventQuery) -> tuple[list[Any], int]:
        raise self.error


def test_api_store_error_is_503_without_sql() -> None:
    error = StoreError("store query failed: Conversion Error: ... LINE 1: SELECT e.document_id FROM events")
    with _client(FailingStore(error)) as c:
        response = c.get("/api/events")
    assert response.status_code == 503
    assert response.json() == {"detail": "the store could not complete the request"}


def test_api_unexpected_error_is_500_without_internals() -> None:
    failing = FailingStore(RuntimeError('duckdb internal: File "x.py", SELECT'))
    with _client(failing, raise_server_exceptions=False) as c:
        response = c.get("/api/events")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}


def _crash(doc: Document) -> Document:
    raise RuntimeError("index out of range in SELECT-like internals")


def test_api_pipeline_bug_is_500_naming_only_the_step(seeded_store: Store) -> None:
    with _client(seeded_store, pipeline=_crash) as c:
        response = c.post("/api/documents", json={"text": ARTICLE}, headers=AUTH)
    assert response.status_code == 500
    assert response.json()["detail"] == "extraction failed on this article"
    _no_internals(response)


def test_api_time_budget_is_422(seeded_store: Store) -> None:
    @dataclasses.dataclass
    class Slow:
        name: str = "slow"
        requires: tuple[str, ...] = ("text",)
        assigns: tuple[str, ...] = ("events",)

        def __call__(self, doc: Document) -> Document:
            time.sleep(0.05)
            return doc

    with _client(seeded_store, pipeline=Pipeline([Slow()], time_budget=0.01)) as c:
        response = c.post("/api/documents", json={"text": ARTICLE}, headers=AUTH)
    assert response.status_code == 422
    assert "time budget" in response.json()["detail"]


def test_api_published_outside_the_range_is_422(seeded_store: Store) -> None:
    with _client(seeded_store) as c:
        for published in ("0001-01-01", "2101-01-01"):
            response = c.post("/api/documents", json={"text": ARTICLE, "published": published}, headers=AUTH)
            assert response.status_code == 422
            assert "outside the years 1900-2100" in response.json()["detail"]
        header = c.post("/api/documents", json={"text": "Wire\nJan 2, 0001\nTroops shelled Kharkiv."}, headers=AUTH)
    assert header.status_code == 422 and "header date" in header.json()["detail"]


def test_api_two_million_character_line_is_parsed_in_chunks() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = ("Troops shelled the town at dawn. " * 60_607)[:2_000_000]
    with _client(MemoryStore(), pipeline=Pipeline([ParseStage(nlp)]), max_body_bytes=3_000_000) as c:
        response = c.post("/api/documents", json={"text": text}, headers=AUTH)
    assert response.status_code == 201, response.text[:300]


# ---- item 3: extraction off the event loop ---------------------------------------------


class Gate:
    """A thread-safe pipeline that holds documents containing "HOLD" until released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.fake = FakePipeline()

    def __call__(self, doc: Document) -> Document:
        if "HOLD" in doc.text:
            self.entered.set()
            assert self.release.wait(30)
        return self.fake(doc)


@pytest.fixture
def live() -> Iterator[tuple[str, Gate]]:
    """The app under uvicorn on a loopback port, with a pipeline the test controls."""
    gate = Gate()
    app = create_app(MemoryStore(), token=TOKEN, pipeline=gate, linker=None, max_body_bytes=4_000_000)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", gate
    gate.release.set()
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def test_api_reads_and_small_writes_answer_while_a_large_extraction_runs(live: tuple[str, Gate]) -> None:
    base, gate = live
    large = "HOLD. " + "Russian forces shelled Kharkiv on 2024-10-03. " * 4000  # ~190 kB: the large lane
    results: dict[str, int] = {}

    def post_large() -> None:
        response = httpx.post(f"{base}/api/documents", json={"text": large}, headers=AUTH, timeout=60)
        results["large"] = response.status_code

    worker = threading.Thread(target=post_large)
    worker.start()
    assert gate.entered.wait(10), "the large extraction never started"
    started = time.monotonic()
    read = httpx.get(f"{base}/api/events", timeout=5)
    small = httpx.post(f"{base}/api/documents", json={"text": ARTICLE}, headers=AUTH, timeout=5)
    waited = time.monotonic() - started
    assert (read.status_code, small.status_code) == (200, 201)
    assert "large" not in results and waited < 5
    gate.release.set()
    worker.join(30)
    assert results["large"] == 201


def test_api_busy_extractors_answer_503_at_once() -> None:
    gate = Gate()
    app = create_app(MemoryStore(), token=TOKEN, pipeline=gate, linker=None, workers=1, max_waiting=0)
    with TestClient(app, base_url=LOCAL) as c:
        hold = {"text": "HOLD. " + ARTICLE}
        held = threading.Thread(target=lambda: c.post("/api/documents", json=hold, headers=AUTH))
        held.start()
        assert gate.entered.wait(10)
        response = c.post("/api/documents", json={"text": ARTICLE}, headers=AUTH)
        gate.release.set()
        held.join(30)
    assert response.status_code == 503 and response.headers["retry-after"] == "5"


def test_api_write_answers_while_every_read_thread_is_busy() -> None:
    entered, release = threading.Event(), threading.Event()
    timed_out: list[bool] = []

    class SlowReads(MemoryStore):
        def count_documents(self) -> int:  # only the document listing calls it
            entered.set()
            timed_out.append(not release.wait(10))
            return super().count_documents()

    app = create_app(SlowReads(), token=TOKEN, pipeline=FakePipeline(), read_threads=1)
    with TestClient(app, base_url=LOCAL) as c:
        held = threading.Thread(target=lambda: c.get("/api/documents"))
        held.start()
        assert entered.wait(10), "the read never started"
        response = c.post("/api/documents", json={"text": ARTICLE}, headers=AUTH)
        release.set()
        held.join(30)
    # The write did not wait for the one read thread: the read was still held when it returned.
    assert response.status_code == 201 and timed_out == [False]
    with pytest.raises(ValueError, match="read_threads"):
        create_app(MemoryStore(), token=TOKEN, read_threads=0)


# ---- item 8: the Host guard, private reads, the token ----------------------------------


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost", True),
        ("localhost:8000", True),
        ("LOCALHOST.", True),
        ("127.0.0.1:8000", True),
        ("127.1.2.3", True),
        ("[::1]:8000", True),
        ("", False),
        ("evil.example", False),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
        ("localhost.evil.example", False),
        ("10.0.0.5", False),
        ("[::1", False),
    ],
)
def test_api_host_allow_list(host: str, allowed: bool) -> None:
    assert host_allowed(host, frozenset({"localhost"})) is allowed


def test_api_refuses_a_rebound_host_and_serves_an_allowed_one(seeded_store: Store) -> None:
    with _client(seeded_store, base_url="http://evil.example:8000") as c:
        response = c.get("/api/events")
        assert response.status_code == 400 and "--allow-host" in response.json()["detail"]
        assert c.get("/").status_code == 400
    with _client(seeded_store, allowed_hosts=["box.lan"], base_url="http://box.lan:8000") as c:
        assert c.get("/api/events").status_code == 200
    for base in ("http://127.0.0.1:8000", "http://[::1]:8000"):
        with _client(seeded_store, base_url=base) as c:
            assert c.get("/api/events").status_code == 200


def test_api_private_reads_need_the_token(seeded_store: Store) -> None:
    with _client(seeded_store, read_token=True) as c:
        for path in ("/api/events", "/api/documents", "/api/graph"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
            assert c.get(path, headers=AUTH).status_code == 200
        assert c.get("/").status_code == 200  # the UI page itself holds no data


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"token": " \t\n"}, "blank"), ({"token": None, "read_token": True}, "has none")]
)
def test_api_refuses_options_that_cannot_work(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        create_app(MemoryStore(), **kwargs)


def test_cli_token_from_a_file_or_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("  s3cret-from-file\n")
    assert resolve_token(None, secret) == "s3cret-from-file"
    assert resolve_token("s3cret", None) == "s3cret"
    assert resolve_token("", None) is None and resolve_token(None, None) is None
    (tmp_path / "empty").write_text("\n")
    for token, path, message in [
        ("   ", None, "blank"),
        (None, tmp_path / "empty", "empty"),
        ("x", secret, "once"),
        (None, tmp_path / "missing", "cannot be read"),
    ]:
        with pytest.raises(SitreportError, match=message):
            resolve_token(token, path)


def _serve_app(monkeypatch: pytest.MonkeyPatch) -> tuple[typer.Typer, list[Any]]:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """sitreport."""

    register(app)
    runs: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda asgi, **kw: runs.append(asgi))
    return app, runs


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--db", "{tmp}/typo.duckdb"], {}, "no store at"),
        (["--token", "   "], {}, "blank"),
        ([], {TOKEN_ENV: " "}, "blank"),
        (["--private"], {}, "--private needs a token"),
    ],
)
def test_cli_serve_refuses_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    app, runs = _serve_app(monkeypatch)
    result = CliRunner().invoke(app, ["serve", *(a.format(tmp=tmp_path) for a in args)], env={TOKEN_ENV: "", **env})
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert runs == [] and not (tmp_path / "typo.duckdb").exists()


def test_cli_serve_create_makes_the_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app, runs = _serve_app(monkeypatch)
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "new.duckdb"), "--create"], env={TOKEN_ENV: ""})
    assert result.exit_code == 0, result.output
    assert len(runs) == 1 and (tmp_path / "new.duckdb").exists()


_HOLD_LOCK = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"


def test_cli_serve_on_a_locked_store_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    DuckDBStore(db).close()
    with subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
            app, _ = _serve_app(monkeypatch)
            result = CliRunner().invoke(app, ["serve", "--db", str(db)], env={TOKEN_ENV: ""})
        finally:
            holder.kill()
    assert result.exit_code == 2
    assert "is open in another process" in " ".join(result.output.split())
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
