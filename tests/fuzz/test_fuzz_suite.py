"""Fuzzing the reader, the pipeline, the store and the API: only project errors may escape.

Every test here runs a fixed number of derandomized examples (the same ones on every run),
so the suite is deterministic and takes a few tens of seconds. `run_many.py` next to it
pushes 10,000 inputs through reader, pipeline and store for the release check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from fuzz_strategies import FUZZ, PUBLISHED, article_bytes, documents, jsonl_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from sitreport.api import create_app
from sitreport.errors import SitreportError, StageError, StoreError
from sitreport.ingest import record_to_document
from sitreport.io.read import read_bytes
from sitreport.io.sources import iter_jsonl
from sitreport.pipeline import Pipeline
from sitreport.store import DuckDBStore, MemoryStore, Store
from sitreport.store.base import storable
from sitreport.testing import FakePipeline

TOKEN = "fuzz-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
_ids = itertools.count()


@settings(FUZZ, max_examples=300)
@given(article_bytes(), PUBLISHED)
def test_fuzz_reader_raises_only_project_errors(data: bytes, published: dt.date | None) -> None:
    try:
        doc = read_bytes(data, "fuzz", published=published)
    except SitreportError:
        return
    assert doc.text[doc.body_start :].strip()
    assert doc.published is None or 1900 <= doc.published.year <= 2100


@settings(FUZZ, max_examples=100)
@given(st.lists(jsonl_lines(), max_size=5))
def test_fuzz_jsonl_never_raises_and_keeps_lines_apart(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "in.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    records = list(iter_jsonl(path))
    assert len(records) <= len(lines)
    for record in records:
        with contextlib.suppress(SitreportError):
            record_to_document(record)


@pytest.fixture(scope="module")
def duck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DuckDBStore]:
    store = DuckDBStore(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    yield store
    store.close()


@pytest.mark.slow
@settings(FUZZ, max_examples=60)
@given(article_bytes(), PUBLISHED)
def test_fuzz_pipeline_and_store_raise_only_project_errors(
    pipeline: Pipeline, duck: DuckDBStore, data: bytes, published: dt.date | None
) -> None:
    try:
        doc = storable(pipeline(read_bytes(data, "fuzz", published=published)))
    except StageError:
        raise  # a stage's own bug, wrapped with its name: not a refusal
    except SitreportError:
        return
    for ev in doc.events:
        assert 0 <= ev.trigger_start < ev.trigger_end <= len(doc.text)
    memory = MemoryStore()
    memory.add_document(doc)
    if duck.add_document(doc):  # not when an earlier example had the same text
        assert memory.get_document(doc.id) == duck.get_document(doc.id)


@settings(FUZZ, max_examples=150)
@given(st.data())
def test_fuzz_stores_agree_on_what_they_keep_or_refuse(duck: DuckDBStore, data: st.DataObject) -> None:
    doc = data.draw(documents(id=f"fuzz-{next(_ids)}"))
    outcomes: list[Any] = []
    for store in (MemoryStore(), duck):
        try:
            store.add_document(doc)
        except StoreError as exc:
            outcomes.append(("refused", str(exc)))
        else:
            outcomes.append(("kept", store.get_document(doc.id)))
    assert outcomes[0] == outcomes[1]


# ---- the API ---------------------------------------------------------------------------

QUERY_VALUES = st.one_of(
    st.text(max_size=12),
    st.integers().map(str),
    st.sampled_from(["9223372036854775808", "-1", "0", "1e9", "0001-01-01", "9999-12-31", "2024-02-30", "ASSAULT"]),
)
QUERY = st.dictionaries(
    st.sampled_from(["type", "country", "admin1", "date_from", "date_to", "actor", "min_corroboration",
                     "limit", "offset"]),
    QUERY_VALUES,
    max_size=4,
)
PATHS = st.sampled_from(["/api/events", "/api/documents", "/api/graph"]) | st.tuples(
    st.sampled_from(["/api/events/", "/api/documents/"]), st.text(max_size=20)
).map(lambda p: p[0] + quote(p[1], safe=""))
BODIES = st.one_of(
    st.binary(max_size=100),
    st.fixed_dictionaries(
        {},
        optional={
            "text": st.text(max_size=200) | st.sampled_from(["Troops shelled Kharkiv, killing 3000000000 people."]),
            "html": st.text(max_size=50),
            "published": st.text(max_size=12) | st.dates().map(str) | st.integers(),
            "outlet": st.text(max_size=10) | st.integers(),
            "title": st.text(max_size=10),
            "url": st.text(max_size=10),
            "extra": st.none(),
        },
    ),
)


@pytest.fixture(scope="module", params=["memory", "duckdb"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store: Store = MemoryStore()
    if request.param == "duckdb":
        store = DuckDBStore(tmp_path_factory.mktemp("api") / "a.duckdb")
    app = create_app(store, token=TOKEN, pipeline=FakePipeline(), linker=None, max_body_bytes=10_000)
    with TestClient(app, base_url="http://localhost") as client:
        yield client
    store.close()


def _clean(response: Any) -> None:
    for word in ("SELECT", "LINE 1", "Traceback", "Conversion Error"):
        assert word not in response.text


@settings(FUZZ, max_examples=150)
@given(PATHS, QUERY)
def test_fuzz_api_reads_are_never_5xx(api: TestClient, path: str, query: dict[str, str]) -> None:
    response = api.get(path, params=query)
    assert response.status_code in (200, 400, 404, 422), (path, query, response.text)
    _clean(response)


@settings(FUZZ, max_examples=100)
@given(BODIES)
def test_fuzz_api_writes_are_never_5xx(api: TestClient, body: object) -> None:
    if isinstance(body, bytes):
        response = api.post("/api/documents", content=body, headers={**AUTH, "Content-Type": "application/json"})
    else:
        response = api.post("/api/documents", json=body, headers=AUTH)
    assert response.status_code in (200, 201, 413, 422), (body, response.text)
    _clean(response)
