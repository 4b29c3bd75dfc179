"""Ingest many articles into a store: parallel, idempotent, resumable.

    records -> [skip hashes already stored] -> batches -> worker processes
            -> (documents, failures) -> one store transaction per batch

Each worker process builds its pipeline once (`pipeline_factory()`), so models
load once per process, not once per article. A batch lands whole or not at all;
a run killed at any point loses at most the batches not yet committed, and a
second run over the same inputs skips every raw input already stored (as a
document or as a failure), so nothing is duplicated. One bad article becomes a
failure row with its error; it never stops the run or costs its batch-mates:
whatever fails for one document (reading, extraction, its time budget, or the
store refusing its rows) is caught for that document alone (`write_isolated`).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from sitreport.budget import DEFAULT_TIME_BUDGET
from sitreport.errors import InputError, PipelineError, StoreError
from sitreport.io.sources import RawRecord
from sitreport.model import Document
from sitreport.pipeline import Pipeline
from sitreport.store.base import Batch, BatchResult, Failure, Ingested, Store, storable

__all__ = [
    "IngestReport",
    "PipelineFactory",
    "default_pipeline_factory",
    "ingest",
    "process_batch",
    "process_record",
    "record_to_document",
    "write_isolated",
]

PipelineFn = Callable[[Document], Document]
PipelineFactory = Callable[[], PipelineFn]

DEFAULT_BATCH_SIZE = 32
_IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: enough to keep it busy, bounded memory


@dataclass(frozen=True)
class IngestReport:
    """What one run did. `skipped` were already stored before the run began."""

    seen: int = 0
    skipped: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return self.added + self.duplicates + self.failed

    @property
    def per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


def default_pipeline_factory(time_budget: float | None = DEFAULT_TIME_BUDGET) -> PipelineFn:
    """The full extraction pipeline (`sitreport.extract.default_pipeline`), `time_budget`
    seconds per document (None: no limit)."""
    from sitreport.extract import PipelineConfig, default_pipeline  # loads spaCy: import only when asked

    pipeline: PipelineFn = default_pipeline(PipelineConfig(time_budget=time_budget))
    return pipeline


def record_to_document(record: RawRecord) -> Document:
    """Decode a raw record and read it as text or HTML; `InputError` if it is not an article."""
    from sitreport.io.read import decode, looks_like_html, read_html, read_text

    if record.error is not None:
        raise InputError(record.error.removeprefix("InputError: "))
    text = decode(record.content, record.source)
    html = record.kind == "html" or (record.kind == "auto" and looks_like_html(text))
    if html:
        doc = read_html(text, outlet=record.outlet, published=record.published, url=record.url)
        if record.title and not doc.title:
            doc = dataclasses.replace(doc, title=record.title)
        return doc
    return read_text(text, outlet=record.outlet, published=record.published, title=record.title, url=record.url)


def process_record(record: RawRecord, pipeline: PipelineFn) -> Ingested | Failure:
    """Extract one record; any error becomes a `Failure` carrying its message."""
    if record.error is not None:
        return Failure(record.source, record.error, record.content_hash)
    try:
        doc = storable(pipeline(record_to_document(record)))
    except Exception as exc:  # one article's bug or bad bytes must never stop the run
        return Failure(record.source, f"{type(exc).__name__}: {exc}", record.content_hash)
    return Ingested(doc, record.source, record.content_hash)


def process_batch(records: Sequence[RawRecord], pipeline: PipelineFn) -> Batch:
    """Extract a batch in one go where the pipeline can (spaCy parses faster in
    batches); if anything in it fails, redo it record by record so only the bad
    records become failures."""
    if isinstance(pipeline, Pipeline):
        try:
            read = [record_to_document(r) for r in records]
            docs = [storable(doc) for doc in pipeline.pipe(read, batch_size=max(1, len(read)))]
        except Exception:  # isolate the culprit below
            pass
        else:
            return Batch(
                documents=tuple(Ingested(d, r.source, r.content_hash) for d, r in zip(docs, records, strict=True)),
                failures=(),
            )
    results = [process_record(record, pipeline) for record in records]
    return Batch(
        documents=tuple(r for r in results if isinstance(r, Ingested)),
        failures=tuple(r for r in results if isinstance(r, Failure)),
    )


def write_isolated(store: Store, batch: Batch) -> BatchResult:
    """Write `batch` in one transaction; if the store refuses it, write its documents one
    at a time, so only those it cannot hold become failures (with the store's reason).

    A store that refuses even a failure row is broken, not fed a bad document: that
    `StoreError` propagates and stops the run, with every earlier batch committed.
    """
    try:
        return store.write_batch(batch)
    except StoreError:
        if not batch.documents:
            raise
    added = duplicates = failed = 0
    for item in batch.documents:
        try:
            result = store.write_batch(Batch(documents=(item,)))
        except StoreError as exc:
            source = item.source or f"document {item.document.id[:12]}"
            failure = Failure(source, f"{type(exc).__name__}: {exc}", item.source_hash)
            result = store.write_batch(Batch(failures=(failure,)))
        added, duplicates, failed = added + result.added, duplicates + result.duplicates, failed + result.failures
    if batch.failures:
        failed += store.write_batch(Batch(failures=batch.failures)).failures
    return BatchResult(added=added, duplicates=duplicates, failures=failed)


# Worker-process side ------------------------------------------------------
_worker_pipeline: PipelineFn | None = None
_worker_error: str | None = None


def _exit_with_parent() -> None:
    """End this worker when the ingest process dies, even by SIGKILL.

    Pool workers otherwise wait forever on a queue whose writer they share, and
    a killed run would leave them behind.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="sitreport-parent-watch", daemon=True).start()


def _init_worker(factory: PipelineFactory) -> None:
    global _worker_pipeline, _worker_error
    _exit_with_parent()
    try:
        _worker_pipeline = factory()
    except Exception as exc:  # reported on the first batch, so the parent can stop cleanly
        _worker_error = f"{type(exc).__name__}: {exc}"


def _worker_batch(records: Sequence[RawRecord]) -> Batch:
    if _worker_pipeline is None:
        raise PipelineError(f"the pipeline could not be built in a worker: {_worker_error}")
    return process_batch(records, _worker_pipeline)


# Parent side ----------------------------------------------------------------
class _Tally:
    def __init__(self) -> None:
        self.counts = dict.fromkeys(("seen", "skipped", "added", "duplicates", "failed", "batches"), 0)

    def report(self, seconds: float) -> IngestReport:
        return IngestReport(**self.counts, seconds=seconds)


def _chunks(
    records: Iterable[RawRecord],
    store: Store,
    batch_size: int,
    tally: _Tally,
    retry_failed: bool,
) -> Iterator[list[RawRecord]]:
    """Batches of records not yet stored; hashes are checked a batch at a time."""
    seen_hashes: set[str] = set()
    pending: list[RawRecord] = []

    def flush() -> list[RawRecord]:
        known = store.known_sources(r.content_hash for r in pending)
        if retry_failed:
            known -= {f.source_hash for f in store.failures() if f.source_hash in known}
        fresh = [r for r in pending if r.content_hash not in known]
        tally.counts["skipped"] += len(pending) - len(fresh)
        return fresh

    for record in records:
        tally.counts["seen"] += 1
        h = record.content_hash
        if h in seen_hashes:
            tally.counts["skipped"] += 1
            continue
        seen_hashes.add(h)
        pending.append(record)
        if len(pending) >= batch_size:
            fresh = flush()
            pending = []
            if fresh:
                yield fresh
    if pending:
        fresh = flush()
        if fresh:
            yield fresh


class _Progress:
    """A rich progress bar on a terminal; silent otherwise."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self._bar: Any = None
        self._task: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=False)
            self._task = self._bar.add_task("ingest", total=total)

    def __enter__(self) -> _Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def advance(self, n: int, tally: _Tally) -> None:
        if self._bar is not None:
            c = tally.counts
            self._bar.update(
                self._task,
                advance=n,
                description=f"ingest: {c['added']} added, {c['failed']} failed",
            )


def ingest(
    records: Iterable[RawRecord],
    store: Store,
    pipeline_factory: PipelineFactory = default_pipeline_factory,
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = None,
    retry_failed: bool = False,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Extract `records` into `store`.

    `workers <= 1` runs in this process; more start that many worker processes
    (spawned, so they share no state with this one: `pipeline_factory` must be
    picklable, e.g. a module-level function or a `functools.partial` of one).
    `progress=None` shows a bar only when standard error is a terminal.
    `retry_failed` extracts again inputs stored as failures by an earlier run.
    `on_batch` is called after each committed batch with the running totals.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    tally = _Tally()
    total = len(records) if isinstance(records, Sequence) else None
    show = sys.stderr.isatty() if progress is None else progress
    chunks = _chunks(records, store, batch_size, tally, retry_failed)

    def commit(batch: Batch, n_records: int) -> None:
        result = write_isolated(store, batch)
        c = tally.counts
        c["added"] += result.added
        c["duplicates"] += result.duplicates
        c["failed"] += result.failures
        c["batches"] += 1
        bar.advance(n_records, tally)
        if on_batch is not None:
            on_batch(tally.report(time.perf_counter() - started))

    with _Progress(show, total) as bar:
        if workers <= 1:
            pipeline = pipeline_factory()
            for chunk in chunks:
                commit(process_batch(chunk, pipeline), len(chunk))
        else:
            _run_pool(chunks, pipeline_factory, workers, commit)
    return tally.report(time.perf_counter() - started)


def _new_pool(factory: PipelineFactory, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(factory,),
    )


def _run_pool(
    chunks: Iterator[list[RawRecord]],
    factory: PipelineFactory,
    workers: int,
    commit: Callable[[Batch, int], None],
) -> None:
    limit = workers * _IN_FLIGHT_PER_WORKER
    pool = _new_pool(factory, workers)
    in_flight: dict[Future[Batch], list[RawRecord]] = {}
    suspects: list[list[RawRecord]] = []

    def collect(done: Iterable[Future[Batch]]) -> None:
        for fut in done:
            chunk = in_flight.pop(fut)
            try:
                batch = fut.result()
            except BrokenProcessPool:
                suspects.append(chunk)
                continue
            commit(batch, len(chunk))

    try:
        for chunk in chunks:
            in_flight[pool.submit(_worker_batch, chunk)] = chunk
            while len(in_flight) >= limit:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                collect(done)
            if suspects:
                pool = _recover(pool, suspects, in_flight, factory, workers, commit)
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            collect(done)
        if suspects:
            pool = _recover(pool, suspects, in_flight, factory, workers, commit)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _recover(
    pool: ProcessPoolExecutor,
    suspects: list[list[RawRecord]],
    in_flight: dict[Future[Batch], list[RawRecord]],
    factory: PipelineFactory,
    workers: int,
    commit: Callable[[Batch, int], None],
) -> ProcessPoolExecutor:
    """A worker died (crash, OOM kill): redo the affected batches one record at a time.

    A record that kills a fresh worker on its own is recorded as a failure; the
    others are stored as usual.
    """
    pool.shutdown(wait=False, cancel_futures=True)
    records = [r for chunk in suspects for r in chunk]
    records += [r for chunk in in_flight.values() for r in chunk]
    suspects.clear()
    in_flight.clear()
    pool = _new_pool(factory, workers)
    for record in records:
        try:
            batch = pool.submit(_worker_batch, [record]).result()
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _new_pool(factory, workers)
            failure = Failure(
                record.source,
                "WorkerCrash: the worker process died on this input",
                record.content_hash,
            )
            batch = Batch(failures=(failure,))
        commit(batch, 1)
    return pool
