"""Scale-out ingest on a Dask cluster.

The driver reads and hashes records, skips those already stored, and sends
batches to Dask workers. Each task runs the same pipeline as local ingest and
writes one Parquet shard (one row per input: the document as lossless JSON, or
the error). The driver merges each finished shard into the store in one
transaction, so a run killed anywhere resumes like local ingest: shards not yet
merged are simply redone, and merged inputs are skipped by their content hash.

The shard directory must be visible to the workers and the driver (the
default, a temporary directory, suits a `LocalCluster`; pass a shared path for
remote workers).
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from sitreport.ingest import (
    DEFAULT_BATCH_SIZE,
    IngestReport,
    PipelineFactory,
    PipelineFn,
    _chunks,
    _Progress,
    _Tally,
    default_pipeline_factory,
    process_batch,
    write_isolated,
)
from sitreport.io.sources import RawRecord
from sitreport.store.base import Batch, Failure, Ingested, Store
from sitreport.store.codec import document_from_json, document_to_json

__all__ = ["ingest_dask", "read_shard", "write_shard"]

_SHARD_COLUMNS = "source_hash VARCHAR, source VARCHAR, document VARCHAR, error VARCHAR"

# Pipelines built on this worker process, by the pickled factory that made them:
# a Dask worker runs many tasks and must load the models once, not per task.
_worker_pipelines: dict[bytes, PipelineFn] = {}


def _pipeline_for(factory: PipelineFactory) -> PipelineFn:
    key = hashlib.sha256(pickle.dumps(factory)).digest()
    if key not in _worker_pipelines:
        _worker_pipelines[key] = factory()
    return _worker_pipelines[key]


def write_shard(batch: Batch, path: str | Path) -> None:
    """Write a processed batch as one Parquet file (written whole, then renamed)."""
    rows: list[tuple[str | None, str | None, str | None, str | None]] = [
        (d.source_hash, d.source, document_to_json(d.document), None) for d in batch.documents
    ]
    rows += [(f.source_hash, f.source, None, f.error) for f in batch.failures]
    path = Path(path)
    tmp = path.with_suffix(".partial")
    con = duckdb.connect()
    try:
        con.execute(f"CREATE TABLE shard ({_SHARD_COLUMNS})")
        if rows:
            con.execute(
                "INSERT INTO shard SELECT unnest($a::VARCHAR[]), unnest($b::VARCHAR[]), "
                "unnest($c::VARCHAR[]), unnest($d::VARCHAR[])",
                {k: [r[n] for r in rows] for n, k in enumerate("abcd")},
            )
        target = str(tmp).replace("'", "''")
        con.execute(f"COPY shard TO '{target}' (FORMAT parquet)")
    finally:
        con.close()
    tmp.replace(path)


def read_shard(path: str | Path) -> Batch:
    """The batch a shard holds, ready for `Store.write_batch`."""
    con = duckdb.connect()
    try:
        target = str(path).replace("'", "''")
        rows = con.execute(
            f"SELECT source_hash, source, document, error FROM read_parquet('{target}')"
        ).fetchall()
    finally:
        con.close()
    docs = tuple(
        Ingested(document_from_json(doc), source, h) for h, source, doc, err in rows if doc
    )
    failures = tuple(Failure(source, err, h) for h, source, doc, err in rows if not doc)
    return Batch(documents=docs, failures=failures)


def _shard_task(records: Sequence[RawRecord], factory: PipelineFactory, path: str) -> str:
    """Runs on a Dask worker: extract a batch, write its shard, return the shard's path."""
    write_shard(process_batch(records, _pipeline_for(factory)), path)
    return path


def _shard_name(records: Sequence[RawRecord]) -> str:
    digest = hashlib.sha1("".join(r.content_hash for r in records).encode()).hexdigest()
    return f"shard-{digest[:20]}.parquet"


def ingest_dask(
    records: Iterable[RawRecord],
    store: Store,
    pipeline_factory: PipelineFactory = default_pipeline_factory,
    *,
    scheduler: str | Any | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    shard_dir: str | Path | None = None,
    keep_shards: bool = False,
    progress: bool | None = None,
    retry_failed: bool = False,
    on_batch: Callable[[IngestReport], None] | None = None,
    in_flight: int | None = None,
) -> IngestReport:
    """`sitreport.ingest.ingest`, with the extraction running on Dask workers.

    `scheduler` is a scheduler address ("tcp://host:8786"), a
    `distributed.Client`, or None for a local cluster of worker processes.
    """
    # distributed is untyped: use it through `Any` rather than silence mypy per call.
    dist: Any = importlib.import_module("distributed")
    Client, LocalCluster, as_completed = dist.Client, dist.LocalCluster, dist.as_completed

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    tally = _Tally()
    own_client = not isinstance(scheduler, Client)
    cluster: Any = None
    client: Any
    if isinstance(scheduler, Client):
        client = scheduler
    elif scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    own_dir = shard_dir is None
    directory = Path(shard_dir or tempfile.mkdtemp(prefix="sitreport-shards-"))
    directory.mkdir(parents=True, exist_ok=True)
    limit = in_flight or max(2, 2 * len(client.scheduler_info().get("workers", {})))
    total = len(records) if isinstance(records, Sequence) else None
    show = sys.stderr.isatty() if progress is None else progress

    def merge(path: str, n_records: int, bar: _Progress) -> None:
        result = write_isolated(store, read_shard(path))
        c = tally.counts
        c["added"] += result.added
        c["duplicates"] += result.duplicates
        c["failed"] += result.failures
        c["batches"] += 1
        if not keep_shards:
            Path(path).unlink(missing_ok=True)
        bar.advance(n_records, tally)
        if on_batch is not None:
            on_batch(tally.report(time.perf_counter() - started))

    try:
        with _Progress(show, total) as bar:
            sizes: dict[str, int] = {}
            pending = as_completed()
            for chunk in _chunks(records, store, batch_size, tally, retry_failed):
                path = str(directory / _shard_name(chunk))
                sizes[path] = len(chunk)
                pending.add(client.submit(_shard_task, chunk, pipeline_factory, path, pure=False))
                while pending.count() >= limit:
                    fut = next(pending)
                    merge(fut.result(), sizes.pop(fut.result()), bar)
            for fut in pending:
                path = fut.result()
                merge(path, sizes.pop(path), bar)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
        if own_dir and not keep_shards:
            shutil.rmtree(directory, ignore_errors=True)
    return tally.report(time.perf_counter() - started)
