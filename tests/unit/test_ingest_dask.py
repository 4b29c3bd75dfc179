"""Dask scale-out: same results as local ingest, shards merged idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitreport.ingest import ingest
from sitreport.io.sources import RawRecord
from sitreport.scale import ingest_dask, read_shard, write_shard
from sitreport.store import Batch, DuckDBStore, EventQuery, Failure, Ingested, MemoryStore
from sitreport.testing import FakePipeline, fake_pipeline, make_document

distributed = pytest.importorskip("distributed")


def _records() -> list[RawRecord]:
    good = [
        RawRecord(
            f"r{n}",
            f"Russian forces shelled Kharkiv on 2024-10-{1 + n:02d}. Item {n}.".encode(),
            kind="text",
            outlet="Wire",
        )
        for n in range(9)
    ]
    return [*good, RawRecord("empty", b"", kind="text"), RawRecord("boom", b"x <<FAIL>>")]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_ingest_dask_shard_round_trip(tmp_path: Path) -> None:
    doc = FakePipeline()(make_document("Russian forces shelled Kharkiv on 2024-10-03."))
    batch = Batch(
        documents=(Ingested(doc, "a.txt", "h1"),), failures=(Failure("b", "InputError: x", "h2"),)
    )
    write_shard(batch, tmp_path / "s.parquet")
    assert read_shard(tmp_path / "s.parquet") == batch


def test_ingest_dask_matches_local_ingest(client: object, tmp_path: Path) -> None:
    local = MemoryStore()
    ingest(_records(), local, fake_pipeline, progress=False)
    with DuckDBStore(tmp_path / "d.duckdb") as store:
        report = ingest_dask(
            _records(),
            store,
            fake_pipeline,
            scheduler=client,
            batch_size=2,
            shard_dir=tmp_path / "shards",
            progress=False,
        )
        assert (report.added, report.failed) == (9, 2)
        got = {se.key: se.event for se in store.query_events(EventQuery(limit=None))}
        assert list((tmp_path / "shards").iterdir()) == []
        again = ingest_dask(_records(), store, fake_pipeline, scheduler=client, progress=False)
        assert again.skipped == 11 and again.added == 0
        assert store.count_documents() == 9
    want = {se.key: se.event for se in local.query_events(EventQuery(limit=None))}
    assert got == want


def test_ingest_dask_merging_a_shard_twice_is_a_no_op(client: object, tmp_path: Path) -> None:
    store = MemoryStore()
    ingest_dask(
        _records(),
        store,
        fake_pipeline,
        scheduler=client,
        batch_size=4,
        shard_dir=tmp_path,
        keep_shards=True,
        progress=False,
    )
    shards = sorted(tmp_path.glob("shard-*.parquet"))
    assert len(shards) == 3
    for shard in shards:
        result = store.write_batch(read_shard(shard))
        assert result.added == 0
    assert store.count_documents() == 9 and len(store.failures()) == 2
