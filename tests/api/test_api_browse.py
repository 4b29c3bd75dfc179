"""What the web UI reads: filters, search, sorting and paging on both units, facets over
the whole store, map and timeline summaries, the event (cluster) view, the bounded and
cached source graph, and exports of the current filter."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_seed import TOKEN
from fastapi.testclient import TestClient

from sitreport.api import ReadCache, create_app, source_graph
from sitreport.link import link_store
from sitreport.store import EventQuery, MemoryStore, SourceCounts, Store
from sitreport.testing import FakePipeline

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(seeded_store: Store) -> Iterator[TestClient]:
    link_store(seeded_store)
    app = create_app(seeded_store, token=TOKEN, pipeline=FakePipeline())
    with TestClient(app, base_url="http://localhost") as c:
        yield c


def _get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _kharkiv_cluster(client: TestClient) -> dict[str, Any]:
    body = _get(client, "/api/clusters", q="kharkiv")
    (event,) = [e for e in body["events"] if len(e["reports"]) == 3]
    return event


def test_api_search_finds_evidence_actors_places_and_sources_on_both_units(client: TestClient) -> None:
    reports = _get(client, "/api/events", q="KHARKIV")
    assert reports["total"] == 3
    assert _get(client, "/api/events", q="syniehubov")["total"] == 1  # a source of the chain
    assert _get(client, "/api/events", q="israeli forces")["total"] == 1  # an actor
    assert _get(client, "/api/events", q="gaza strip")["total"] == 1  # the admin1 of the place
    assert _get(client, "/api/events", q="kharkiv bamako")["total"] == 0  # every word, one report
    # An event matches when one of its reports does.
    events = _get(client, "/api/clusters", q="syniehubov")
    assert events["total"] == 1 and len(events["events"][0]["reports"]) == 3
    assert client.get("/api/events", params={"q": "x" * 201}).status_code == 422


@pytest.mark.parametrize(
    ("params", "reports", "events"),
    [
        ({"outlet": ["TASS", "Reuters"]}, 2, 1),
        ({"factuality": "denied"}, 1, None),
        ({"factuality": ["DENIED", "reported"]}, 4, None),
        ({"type": "protest"}, 1, 1),
        ({"country": "ukr", "admin1": "kharkiv oblast"}, 3, 1),
        ({"at": "49.99,36.23"}, 3, 1),
        ({"at": "49.99,36.2"}, 0, 0),
        ({"date_from": "2024-09-19", "date_to": "2024-09-19"}, 1, 1),
        ({"min_corroboration": 2}, 3, 1),
    ],
)
def test_api_filters_apply_to_reports_and_events(
    client: TestClient, params: dict[str, Any], reports: int, events: int | None
) -> None:
    assert _get(client, "/api/events", **params)["total"] == reports
    if events is not None:
        assert _get(client, "/api/clusters", **params)["total"] == events


@pytest.mark.parametrize(
    "params",
    [
        {"factuality": "maybe"},
        {"sort": "random"},
        {"at": "91,10"},
        {"at": "north"},
        {"outlet": ["x"] * 51},
        {"date_from": "2024-10-02", "date_to": "2024-10-01"},
        {"limit": 1001},
        {"offset": -1},
    ],
)
def test_api_bad_filters_are_client_errors_without_sql(client: TestClient, params: dict[str, Any]) -> None:
    paged = "limit" in params or "offset" in params  # the summary takes no page; an export no page limit
    for path in ("/api/events", "/api/clusters") + (() if paged else ("/api/summary", "/api/export")):
        response = client.get(path, params=params)
        assert response.status_code in (400, 422), (path, params)
        assert "SELECT" not in response.text and "detail" in response.json()


def test_api_sort_and_pages_are_server_side(client: TestClient, seeded_store: Store) -> None:
    for sort in ("newest", "oldest", "corroboration", "killed", "reports"):
        everything = _get(client, "/api/events", sort=sort, limit=100)["events"]
        pages = [e for offset in range(0, 6, 2) for e in _get(client, "/api/events", sort=sort, limit=2,
                                                              offset=offset)["events"]]
        assert [e["id"] for e in pages] == [e["id"] for e in everything]
        expected = seeded_store.query_events(EventQuery(order=sort, limit=None))
        assert [e["id"] for e in everything] == [str(se.key) for se in expected]
    killed = [e["counts"]["killed"] for e in _get(client, "/api/events", sort="killed")["events"]]
    assert killed[:2] == [5, 3] and killed[2:] == [None] * 4
    oldest = _get(client, "/api/clusters", sort="oldest")["events"]
    assert [e["date"]["start"] for e in oldest] == sorted(e["date"]["start"] for e in oldest)
    page = _get(client, "/api/clusters", limit=2, offset=2)
    assert page["total"] == seeded_store.count_clusters(EventQuery()) and len(page["events"]) == 2


def test_api_facets_come_from_the_whole_store(client: TestClient, seeded_store: Store) -> None:
    facets = _get(client, "/api/facets", unit="reports")
    assert facets["total"] == 6
    assert {f["value"]: f["n"] for f in facets["type"]} == {"ASSAULT": 5, "PROTEST": 1}
    assert {f["value"] for f in facets["outlet"]} == {"Kyiv Independent", "Reuters", "TASS", "Al Jazeera",
                                                      "Example Wire"}
    assert {"country": "UKR", "value": "Kharkiv Oblast", "n": 3} in facets["admin1"]
    assert {f["value"]: f["n"] for f in facets["factuality"]}["denied"] == 1
    assert (facets["date_min"], facets["date_max"]) == ("2024-09-01", "2024-10-02")
    events = _get(client, "/api/facets")
    assert events["total"] == seeded_store.count_clusters(EventQuery()) and events["max_corroboration"] >= 2
    assert {f["value"]: f["n"] for f in events["country"]}["UKR"] == 1
    assert MemoryStore().facets().total == 0
    assert client.get("/api/facets", params={"unit": "mentions"}).status_code == 422


def test_api_summary_counts_every_match_by_place_and_day(client: TestClient) -> None:
    body = _get(client, "/api/summary", unit="reports")
    assert body["total"] == 6 and body["located"] == 6 and body["undated"] == 0
    kharkiv = body["places"][0]
    assert (kharkiv["name"], kharkiv["lat"], kharkiv["lon"], kharkiv["n"]) == ("Kharkiv", 49.99, 36.23, 3)
    assert kharkiv["types"] == {"ASSAULT": 3}
    assert {"day": "2024-10-02", "type": "ASSAULT", "n": 3} in body["days"]
    # The point's coordinates, given back as `at`, select exactly its reports.
    at = f"{kharkiv['lat']},{kharkiv['lon']}"
    assert _get(client, "/api/events", at=at)["total"] == 3
    filtered = _get(client, "/api/summary", unit="events", type="PROTEST")
    assert filtered["total"] == 1 and filtered["places"][0]["name"] == "Bamako"
    assert len(_get(client, "/api/summary", unit="reports", places=1)["places"]) == 1


def test_api_cluster_view_puts_every_report_side_by_side(client: TestClient) -> None:
    event = _kharkiv_cluster(client)
    body = _get(client, f"/api/clusters/{event['id']}")
    assert body["event"]["id"] == event["id"] and body["reports_total"] == 3
    by_outlet = {r["document"]["outlet"]: r for r in body["reports"]}
    assert set(by_outlet) == {"Kyiv Independent", "Reuters", "TASS"}
    assert by_outlet["TASS"]["stance"] == "contradicts"
    assert by_outlet["Reuters"]["stance"] == "supports"
    assert [s["name"] for s in by_outlet["Reuters"]["attribution"]["chain"]] == ["Suspilne", "the city's mayor"]
    assert by_outlet["Reuters"]["evidence"]["sentence"].startswith("Ukrainian officials said")
    assert by_outlet["Kyiv Independent"]["sources"]  # its independent root is named
    assert body["event"]["corroboration"] == len(body["event"]["sources"])
    assert client.get("/api/clusters/nope").status_code == 404


def test_api_graph_is_bounded_paged_and_cached(seeded_store: Store) -> None:
    link_store(seeded_store)
    calls: list[int] = []
    counts = seeded_store.source_counts

    def counted() -> SourceCounts:
        calls.append(1)
        return counts()

    seeded_store.source_counts = counted  # type: ignore[method-assign]
    app = create_app(seeded_store, token=TOKEN, pipeline=FakePipeline(), stale_seconds=0)
    with TestClient(app, base_url="http://localhost") as c:
        full = _get(c, "/api/graph")
        assert full["total"] == {"outlets": 6, "sources": 4}
        first = _get(c, "/api/graph", sources=2)
        second = _get(c, "/api/graph", sources=2, offset=2)
        names = [n["name"] for n in full["nodes"] if n["kind"] == "source"]
        assert [n["name"] for n in first["nodes"] + second["nodes"] if n["kind"] == "source"] == names[:4]
        kept = {n["id"] for n in first["nodes"]}
        assert all(e["source"] in kept and e["target"] in kept for e in first["edges"])
        assert len(_get(c, "/api/graph", outlets=1)["nodes"]) == 1 + 4
        assert len(calls) == 1  # counted once, then cached
        text = "Russian forces shelled Kharkiv on 2024-10-03, police said."
        assert c.post("/api/documents", json={"text": text, "outlet": "Night Desk"}, headers=AUTH).status_code == 201
        after = _get(c, "/api/graph")
        assert len(calls) == 2 and after["total"]["outlets"] == 7  # stale_seconds=0: recomputed at once
        assert c.get("/api/graph", params={"sources": 501}).status_code == 422


def test_api_graph_pairs_are_counted_per_outlet_not_per_report() -> None:
    counts = SourceCounts(
        outlets=(("A", 3), ("B", 2)),
        clusters=(("c1", "A", "reported", 2), ("c1", "A", "denied", 1), ("c1", "B", "asserted", 2),
                  ("c2", "A", "planned", 1), ("c2", "b", "denied", 1)),
    )
    edges = {(e["source"], e["target"], e["kind"]): e["weight"] for e in source_graph(counts)["edges"]}
    # c1: 3 x 2 pairs of reports, the A denial against both B reports; c2: planned vs denied agrees.
    assert edges == {("outlet:a", "outlet:b", "contradicts"): 2, ("outlet:a", "outlet:b", "corroborates"): 5}


def test_api_read_cache_keeps_answers_until_cleared_or_stale() -> None:
    cache = ReadCache(ttl=60, size=2)
    calls: list[str] = []

    def compute(name: str) -> Any:
        return lambda: calls.append(name) or name

    assert cache.get("a", compute("a")) == "a" and cache.get("a", compute("a")) == "a"
    cache.get("b", compute("b"))
    cache.get("c", compute("c"))  # over the size: "a" goes
    cache.get("a", compute("a"))
    assert calls == ["a", "b", "c", "a"]
    cache.clear()
    cache.get("a", compute("a"))
    assert calls[-1] == "a" and len(calls) == 5
    stale = ReadCache(ttl=0)
    stale.get("x", compute("x"))
    stale.get("x", compute("x"))
    assert calls.count("x") == 2


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_api_read_cache_serves_stale_answers_and_refreshes_once_per_period() -> None:
    clock = _Clock()
    jobs: list[Any] = []  # background refreshes, run when the test says
    cache = ReadCache(ttl=60, stale=10, clock=clock, refresh=jobs.append)
    version = ["v1"]
    calls: list[str] = []

    def compute() -> str:
        calls.append(version[0])
        return version[0]

    assert cache.get("k", compute) == "v1"
    version[0] = "v2"
    cache.invalidate()  # a write
    clock.now = 3.0
    assert cache.get("k", compute) == "v1" and jobs == []  # under 10 s old: served, no refresh yet
    clock.now = 11.0
    assert cache.get("k", compute) == "v1" and len(jobs) == 1  # due: served while one refresh runs
    assert cache.get("k", compute) == "v1" and len(jobs) == 1  # never two refreshes of one key
    jobs.pop()()
    assert cache.get("k", compute) == "v2" and calls == ["v1", "v2"]
    cache.invalidate()
    clock.now = 15.0
    assert cache.get("k", compute) == "v2" and jobs == []  # refreshed 4 s ago: not again yet
    clock.now = 75.0  # past ttl with no write (another process may have written): refreshed too
    assert cache.get("k", compute) == "v2" and len(jobs) == 1


def test_api_read_cache_keeps_the_old_answer_when_a_refresh_fails() -> None:
    clock = _Clock()
    jobs: list[Any] = []
    cache = ReadCache(ttl=60, stale=1, clock=clock, refresh=jobs.append)
    assert cache.get("k", lambda: "old") == "old"
    cache.invalidate()
    clock.now = 2.0

    def broken() -> str:
        raise RuntimeError("store gone")

    assert cache.get("k", broken) == "old"
    jobs.pop()()  # logs, keeps the answer
    assert cache.get("k", broken) == "old" and len(jobs) == 1  # and tries again when asked


def test_api_write_is_seen_at_once_by_pages_and_items_while_summaries_may_lag(seeded_store: Store) -> None:
    link_store(seeded_store)
    app = create_app(seeded_store, token=TOKEN, pipeline=FakePipeline(), stale_seconds=3600)
    with TestClient(app, base_url="http://localhost") as c:
        before = {path: _get(c, path) for path in ("/api/events", "/api/clusters", "/api/documents")}
        facets = _get(c, "/api/facets")
        text = "Russian forces shelled Kharkiv on 2024-10-03, police said."
        posted = c.post("/api/documents", json={"text": text, "outlet": "Night Desk"}, headers=AUTH)
        assert posted.status_code == 201, posted.text
        doc_id = posted.json()["document"]["id"]
        (event,) = posted.json()["events"]
        assert _get(c, f"/api/documents/{doc_id}")["document"]["outlet"] == "Night Desk"
        assert _get(c, f"/api/events/{event['id']}")["event"]["id"] == event["id"]
        cluster_id = event["cluster"]["id"]
        reports = _get(c, f"/api/clusters/{cluster_id}")["reports"]
        assert event["id"] in [r["id"] for r in reports]
        assert _get(c, "/api/events")["total"] == before["/api/events"]["total"] + 1
        assert _get(c, "/api/documents")["total"] == before["/api/documents"]["total"] + 1
        assert doc_id in [d["id"] for d in _get(c, "/api/documents", limit=1000)["documents"]]
        night = _get(c, "/api/clusters", outlet="Night Desk")
        assert night["total"] == 1 and night["events"][0]["id"] == cluster_id
        assert _get(c, "/api/clusters")["total"] >= before["/api/clusters"]["total"]
        assert [e["id"] for e in _get(c, "/api/events", q="kharkiv", outlet="Night Desk")["events"]] == [event["id"]]
        # Whole-store facets are served as they were, within the hour this app allows.
        assert _get(c, "/api/facets") == facets


@pytest.mark.parametrize("fmt", ["acled-csv", "geojson", "parquet", "plover"])
def test_api_export_takes_the_listing_filters(client: TestClient, fmt: str, tmp_path: Path) -> None:
    import duckdb

    response = client.get("/api/export", params={"format": fmt, "q": "kharkiv", "outlet": "TASS", "reports": "true"})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "parquet":
        path = tmp_path / "x.parquet"
        path.write_bytes(response.content)
        assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall() == [(1,)]
    elif fmt == "geojson":
        assert len(json.loads(response.text)["features"]) == 1
    elif fmt == "plover":
        (record,) = [json.loads(line) for line in response.text.splitlines()]
        assert record["cite_info"]["publication"] == "TASS"
    else:
        assert "0 reports written" in response.headers["x-sitreport-export"]  # a denial is no ACLED event


def test_api_remote_export_sends_every_filter_by_its_api_name() -> None:
    from sitreport.query import query_params

    query = EventQuery(types=("ASSAULT",), text="kharkiv", outlets=("TASS",), factualities=("denied",),
                       at=(49.99, 36.23), order="oldest", date_from=dt.date(2024, 1, 1))
    params = query_params(query, "plover", False)
    assert params["type"] == ["ASSAULT"] and params["q"] == "kharkiv" and params["outlet"] == ["TASS"]
    assert params["factuality"] == ["denied"] and params["at"] == "49.99,36.23" and params["sort"] == "oldest"
