"""Fixtures for the HTTP API and web UI tests (seed data in api_seed.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_seed import seed

from sitreport.store import DuckDBStore, MemoryStore, Store


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives the web UI in headless Chromium")


@pytest.fixture(params=["memory", "duckdb"])
def seeded_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store: Store
    if request.param == "memory":
        store = MemoryStore()
    else:
        store = DuckDBStore(tmp_path_factory.mktemp("store") / "api.duckdb")
    seed(store)
    yield store
    store.close()
