"""The API's event-level views: /api/clusters, /api/export, and POST linking incrementally."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from api_seed import TOKEN
from fastapi.testclient import TestClient

from sitreport.api import create_app
from sitreport.link import link_store
from sitreport.store import EventQuery, Store
from sitreport.testing import FakePipeline

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(seeded_store: Store) -> Iterator[TestClient]:
    link_store(seeded_store)
    with TestClient(create_app(seeded_store, token=TOKEN, pipeline=FakePipeline()), base_url="http://localhost") as c:
        yield c


def test_api_clusters_one_record_per_event(client: TestClient, seeded_store: Store) -> None:
    body = client.get("/api/clusters").json()
    assert body["total"] == seeded_store.count_clusters(EventQuery()) == len(body["events"])
    kharkiv = next(e for e in body["events"] if len(e["reports"]) == 3)
    assert kharkiv["contradiction"] and len(kharkiv["contradictions"]) == 1
    assert kharkiv["location"]["country"] == "UKR"
    assert client.get("/api/clusters", params={"country": "PSE"}).json()["total"] == 1
    assert client.get("/api/clusters", params={"limit": 0}).status_code == 422


def test_api_export_formats(client: TestClient) -> None:
    res = client.get("/api/export", params={"format": "acled-csv"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert "events written" in res.headers["x-sitreport-export"]
    res = client.get("/api/export", params={"format": "plover", "reports": "true"})
    records = [json.loads(line) for line in res.text.splitlines()]
    assert len(records) > len(rows) and all("cite_info" in r for r in records)
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_api_post_links_the_new_article_without_relinking(client: TestClient, seeded_store: Store) -> None:
    before = {c.id: c for c in seeded_store.clusters(limit=None, min_size=1)}
    text = "Russian forces shelled Kharkiv on 2024-10-03, police said."
    res = client.post("/api/documents", json={"text": text, "outlet": "Night Desk"}, headers=AUTH)
    assert res.status_code == 201
    (event,) = res.json()["events"]
    assert event["cluster"] is not None
    after = {c.id: c for c in seeded_store.clusters(limit=None, min_size=1)}
    changed = {k for k in after if after[k] != before.get(k)}
    assert event["cluster"]["id"] in changed and len(changed) == 1  # nothing else was rewritten
    assert seeded_store.unlinked_documents() == []
