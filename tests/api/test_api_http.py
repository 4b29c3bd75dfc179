"""The HTTP API through FastAPI's TestClient: reads, filters, auth, limits, bad input."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from api_seed import KHARKIV_CLUSTER, TOKEN, seed_documents
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sitreport.api import create_app
from sitreport.cli_serve import TOKEN_ENV, is_loopback, register
from sitreport.errors import InputError
from sitreport.model import Document
from sitreport.store import EventKey, MemoryStore, Store
from sitreport.testing import FakePipeline

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCAL = "http://localhost"  # TestClient's default Host, "testserver", is not a loopback name
ARTICLE = (
    "Example News\nOct 5, 2024\n"
    "Russian forces shelled Kramatorsk on 2024-10-04, according to the Ukrainian army.\n"
    "Sudanese troops clashed with fighters near El Fasher."
)


@pytest.fixture
def client(seeded_store: Store) -> Iterator[TestClient]:
    app = create_app(seeded_store, token=TOKEN, pipeline=FakePipeline(), max_body_bytes=4096)
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def _ids(body: dict[str, Any]) -> set[str]:
    return {e["id"] for e in body["events"]}


def _kharkiv_keys() -> list[str]:
    return [str(EventKey(d.id, "e1")) for d in seed_documents()[:3]]


# ---- reads -----------------------------------------------------------------------------


def test_api_events_lists_every_event_newest_first(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 6
    days = [e["date"]["start"] for e in body["events"]]
    assert days == sorted(days, reverse=True)
    first = body["events"][0]
    assert first["document"]["outlet"] in {"Kyiv Independent", "Reuters", "TASS"}
    assert set(first) >= {"id", "event_id", "type", "evidence", "attribution", "cluster"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "PROTEST"}, 1),
        ({"type": ["PROTEST", "ASSAULT"]}, 6),
        ({"country": "UKR"}, 3),
        ({"country": "ukr"}, 3),
        ({"admin1": "gaza strip"}, 1),
        ({"date_from": "2024-10-01"}, 3),
        ({"date_from": "2024-09-01", "date_to": "2024-09-19"}, 2),
        ({"actor": "drones"}, 1),
        ({"min_corroboration": 2}, 3),
        ({"country": "UKR", "actor": "Russian forces"}, 1),
        ({"country": "SDN"}, 0),
    ],
)
def test_api_events_filters(client: TestClient, params: dict[str, Any], expected: int) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == expected
    assert len(body["events"]) == expected


def test_api_events_pages(client: TestClient) -> None:
    page1 = client.get("/api/events", params={"limit": 4}).json()
    page2 = client.get("/api/events", params={"limit": 4, "offset": 4}).json()
    assert page1["total"] == page2["total"] == 6
    assert len(page1["events"]) == 4 and len(page2["events"]) == 2
    assert not _ids(page1) & _ids(page2)


@pytest.mark.parametrize(
    ("params", "status", "fragment"),
    [
        ({"date_from": "2024-13-01"}, 422, "date_from"),
        ({"date_to": "yesterday"}, 422, "date_to"),
        ({"date_from": "2024-10-05", "date_to": "2024-10-01"}, 400, "after"),
        ({"min_corroboration": 0}, 422, "min_corroboration"),
        ({"limit": 100_000}, 422, "limit"),
        ({"country": "Ukraine"}, 422, "country"),
    ],
)
def test_api_events_bad_filters_are_4xx_with_a_message(
    client: TestClient, params: dict[str, Any], status: int, fragment: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == status
    detail = response.json()["detail"]
    assert isinstance(detail, str) and fragment in detail


def test_api_event_detail_has_evidence_chain_links_and_document(client: TestClient) -> None:
    kyiv, reuters, tass = _kharkiv_keys()
    body = client.get(f"/api/events/{reuters}").json()
    ev = body["event"]
    assert ev["id"] == reuters
    assert ev["cluster"] == {"id": KHARKIV_CLUSTER, "corroboration": 2, "contradiction": True}
    assert [s["name"] for s in ev["attribution"]["chain"]] == ["Suspilne", "the city's mayor"]
    assert ev["document"]["outlet"] == "Reuters"
    assert {e["id"] for e in body["linked"]} == {kyiv, tass}
    assert [e["id"] for e in body["contradictions"]] == [tass]
    # From the denial's side, both reports contradict it.
    denial = client.get(f"/api/events/{tass}").json()
    assert {e["id"] for e in denial["contradictions"]} == {kyiv, reuters}


def test_api_event_without_cluster_has_no_links(client: TestClient) -> None:
    doc = seed_documents()[3]
    body = client.get(f"/api/events/{doc.id}:e2").json()
    assert body["event"]["cluster"] is None
    assert body["linked"] == [] and body["contradictions"] == []


@pytest.mark.parametrize("event_id", ["nope", "abc:e1", f"{'0' * 64}:e9"])
def test_api_event_unknown_is_404(client: TestClient, event_id: str) -> None:
    response = client.get(f"/api/events/{event_id}")
    assert response.status_code == 404
    assert event_id in response.json()["detail"]


def test_api_documents_list_and_detail_offsets_index_the_text(client: TestClient) -> None:
    listing = client.get("/api/documents").json()
    assert listing["total"] == 5
    assert {d["outlet"] for d in listing["documents"]} >= {"Reuters", "TASS"}
    for summary in listing["documents"]:
        body = client.get(f"/api/documents/{summary['id']}").json()
        text = body["document"]["text"]
        assert len(body["events"]) == summary["events"]
        for ev in body["events"]:
            span = ev["evidence"]
            assert text[span["start"] : span["end"]] == span["sentence"]


def test_api_document_unknown_is_404(client: TestClient) -> None:
    assert client.get("/api/documents/deadbeef").status_code == 404


def test_api_graph_links_outlets_sources_and_contradictions(client: TestClient) -> None:
    body = client.get("/api/graph").json()
    names = {n["id"]: n for n in body["nodes"]}
    # Suspilne is cited as an outlet, so it is an outlet node.
    assert names["outlet:suspilne"]["kind"] == "outlet"
    assert names["source:oleh syniehubov"]["source_kind"] == "government"
    edges = {(e["source"], e["target"], e["kind"]) for e in body["edges"]}
    assert ("outlet:kyiv independent", "outlet:reuters", "corroborates") in edges
    assert ("outlet:kyiv independent", "outlet:tass", "contradicts") in edges
    assert ("outlet:reuters", "outlet:suspilne", "cites") in edges
    assert ("outlet:suspilne", "source:city mayor", "cites") in edges


# ---- writes: auth ----------------------------------------------------------------------


def _post(client: TestClient, payload: object, headers: dict[str, str] | None = None) -> Any:
    return client.post("/api/documents", json=payload, headers=headers)


def test_api_write_without_server_token_is_refused(seeded_store: Store) -> None:
    for token in (None, ""):
        app = create_app(seeded_store, token=token, pipeline=FakePipeline())
        with TestClient(app, base_url=LOCAL) as c:
            response = _post(c, {"text": ARTICLE}, AUTH)
            assert response.status_code == 403
            assert "SITREPORT_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        None,
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
    ],
)
def test_api_write_with_bad_credentials_is_401(client: TestClient, headers: dict[str, str] | None) -> None:
    response = _post(client, {"text": ARTICLE}, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_auth_is_checked_before_the_body(client: TestClient) -> None:
    response = client.post("/api/documents", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 401


# ---- writes: good and bad input --------------------------------------------------------


def test_api_post_text_extracts_and_stores(client: TestClient, seeded_store: Store) -> None:
    before = seeded_store.count_documents()
    response = _post(client, {"text": ARTICLE, "title": "Kramatorsk"}, AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["created"] is True
    assert body["document"]["outlet"] == "Example News"  # from the header line
    assert body["document"]["published"] == "2024-10-05"
    assert body["document"]["title"] == "Kramatorsk"
    assert {e["type"] for e in body["events"]} == {"ASSAULT"}
    assert seeded_store.count_documents() == before + 1
    stored = client.get(f"/api/documents/{body['document']['id']}").json()
    assert len(stored["events"]) == 2
    # Posting the same text again stores nothing new.
    again = _post(client, {"text": ARTICLE}, AUTH)
    assert again.status_code == 200 and again.json()["created"] is False
    assert seeded_store.count_documents() == before + 1


def test_api_post_metadata_overrides_the_header(client: TestClient) -> None:
    payload = {"text": ARTICLE, "outlet": "Wire", "published": "2024-10-06", "url": "https://x.y"}
    body = _post(client, payload, AUTH).json()
    assert body["document"]["outlet"] == "Wire"
    assert body["document"]["published"] == "2024-10-06"
    assert body["document"]["url"] == "https://x.y"


def test_api_post_html(client: TestClient) -> None:
    html = (
        "<html><head><title>Clashes</title></head><body><article>"
        "<h1>Clashes in the north</h1>"
        "<p>Sudanese troops clashed with fighters near El Fasher on 2024-10-01, killing dozens "
        "according to residents who spoke to reporters on the phone from the town.</p>"
        "<p>The fighting continued into the night and spread to nearby villages, where "
        "families fled towards the border, aid workers said in a statement.</p>"
        "</article></body></html>"
    )
    response = _post(client, {"html": html, "outlet": "Wire", "published": "2024-10-02"}, AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert [e["type"] for e in body["events"]] == ["ASSAULT"]
    text = client.get(f"/api/documents/{body['document']['id']}").json()["document"]["text"]
    assert "<p>" not in text and "El Fasher" in text


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"text": ""}, "text: empty input"),
        ({"text": "  \n\t "}, "text: empty input"),
        ({"html": " "}, "html: empty input"),
        ({}, "exactly one of 'text' or 'html'"),
        ({"text": ARTICLE, "html": "<p>x</p>"}, "exactly one of 'text' or 'html'"),
        ({"text": "abc\x00def" * 20}, "binary"),
        ({"text": "".join(chr(c) for c in range(1, 32)) * 10}, "binary"),
        ({"text": ARTICLE, "published": "2024-02-30"}, "published"),
        ({"text": ARTICLE, "published": "last week"}, "published"),
        ({"text": ARTICLE, "published": 1728086400}, "published"),
        ({"text": 42}, "text"),
        ({"text": ARTICLE, "colour": "red"}, "colour"),
        ([ARTICLE], "body"),
        ({"html": "<html><body><script>x()</script></body></html>"}, "no article text"),
        ({"text": "Example News\nOct 5, 2024\n"}, "no text after its header"),
    ],
)
def test_api_post_bad_input_is_422_and_stores_nothing(
    client: TestClient, seeded_store: Store, payload: object, fragment: str
) -> None:
    before = seeded_store.count_documents()
    response = _post(client, payload, AUTH)
    assert response.status_code == 422, response.text
    assert fragment in response.json()["detail"]
    assert seeded_store.count_documents() == before


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 422),
        (b'{"text": "\xff\xfe binary"}', "application/json", 422),
        (b'{"text": "Kharkiv \\ud800 shelled"}', "application/json", 422),
        (b"text=hello", "application/x-www-form-urlencoded", 415),
    ],
)
def test_api_post_undecodable_body_is_4xx(
    client: TestClient, seeded_store: Store, content: bytes, content_type: str, status: int
) -> None:
    headers = {**AUTH, "Content-Type": content_type}
    response = client.post("/api/documents", content=content, headers=headers)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)
    assert seeded_store.count_documents() == 5


def test_api_pipeline_input_error_is_422(seeded_store: Store) -> None:
    def refuse(doc: Document) -> Document:
        raise InputError("not a news article")

    with TestClient(create_app(seeded_store, token=TOKEN, pipeline=refuse), base_url=LOCAL) as c:
        response = _post(c, {"text": ARTICLE}, AUTH)
    assert response.status_code == 422
    assert response.json()["detail"] == "not a news article"
    assert seeded_store.count_documents() == 5


# ---- size limit ------------------------------------------------------------------------


def test_api_body_over_the_limit_is_413(client: TestClient, seeded_store: Store) -> None:
    response = _post(client, {"text": "x " * 5000}, AUTH)
    assert response.status_code == 413
    assert "4096-byte limit" in response.json()["detail"]
    assert seeded_store.count_documents() == 5


def test_api_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    headers = {**AUTH, "Content-Type": "application/json"}
    response = client.post("/api/documents", content=chunks(), headers=headers)
    assert response.status_code == 413


def test_api_size_limit_is_checked_before_auth(client: TestClient) -> None:
    response = client.post("/api/documents", content=b"x" * 5000)
    assert response.status_code == 413


def test_api_bad_content_length_is_400() -> None:
    app = create_app(MemoryStore(), token=TOKEN)
    with TestClient(app, base_url=LOCAL) as c:
        response = c.post("/api/documents", content=b"{}", headers={"Content-Length": "1x"})
    assert response.status_code == 400


# ---- UI, docs, headers -----------------------------------------------------------------


def test_api_serves_the_ui_with_a_strict_csp(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    for asset in ("/static/main.js", "/static/vocab.js", "/static/app.css", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200, asset


def test_api_ui_loads_nothing_from_outside(client: TestClient) -> None:
    for page in ("/", "/docs"):
        html = client.get(page).text
        assert "http://" not in html.replace("http://www.w3.org", "")
        assert "https://" not in html


@pytest.mark.parametrize(
    "name",
    [
        "d3-array.min.js",
        "d3-geo.min.js",
        "topojson-client.min.js",
        "countries-110m.json",
        "swagger-ui-bundle.js",
        "swagger-ui.css",
    ],
)
def test_api_serves_the_npm_modules(client: TestClient, name: str) -> None:
    # Installed by scripts/setup.sh (npm ci in src/sitreport/ui).
    response = client.get(f"/vendor/{name}")
    assert response.status_code == 200, "run scripts/setup.sh to install the UI's npm modules"


@pytest.mark.parametrize("name", ["package.json", "..%2Fpackage.json", "d3-geo"])
def test_api_vendor_serves_only_listed_files(client: TestClient, name: str) -> None:
    assert client.get(f"/vendor/{name}").status_code == 404


def test_api_openapi_describes_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/documents", "/api/graph"} <= set(spec["paths"])
    post = spec["paths"]["/api/documents"]["post"]
    assert "text" in post["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert client.get("/docs").status_code == 200


# ---- serve command ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_cli_serve_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_cli_serve_registers_a_command_with_safe_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """sitreport."""

    register(app)
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr("sitreport.cli_serve.serve", lambda *a, **kw: calls.append((*a, kw["private"], kw["create"])))
    runner = CliRunner()
    result = runner.invoke(app, ["serve"], env={TOKEN_ENV: ""})
    assert result.exit_code == 0, result.output
    assert calls == [(None, "127.0.0.1", 8000, None, False, False)]
    result = runner.invoke(app, ["serve", "--port", "9001"], env={TOKEN_ENV: "s3cret"})
    assert result.exit_code == 0, result.output
    assert calls[-1] == (None, "127.0.0.1", 9001, "s3cret", False, False)


def test_api_post_response_dates_are_iso(client: TestClient) -> None:
    body = _post(client, {"text": ARTICLE}, AUTH).json()
    for ev in body["events"]:
        if ev["date"] is not None:
            dt.date.fromisoformat(ev["date"]["start"])


def test_cli_serve_starts_on_loopback_and_refuses_writes_without_a_token(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "import sys; from pathlib import Path; from sitreport.cli_serve import serve; "
        f"serve(Path(sys.argv[1]), port={port}, create=True)"
    )
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / "serve.duckdb")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"{base}/api/documents")
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("sitreport serve did not start")
                time.sleep(0.1)
        assert response.json()["total"] == 0
        assert httpx.get(f"{base}/").status_code == 200
        refused = httpx.post(f"{base}/api/documents", json={"text": ARTICLE}, headers=AUTH)
        assert refused.status_code == 403
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert b"writes are disabled" in output
