"""Ingest: failures recorded not fatal, idempotent reruns, workers, crash and resume."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sitreport.errors import PipelineError
from sitreport.ingest import IngestReport, ingest
from sitreport.io.sources import RawRecord
from sitreport.model import Document
from sitreport.store import DuckDBStore, EventQuery, MemoryStore
from sitreport.testing import FakePipeline, fake_pipeline

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _good(n: int) -> RawRecord:
    text = f"Russian forces shelled Kharkiv on 2024-10-{1 + n % 28:02d}. Report number {n}."
    return RawRecord(f"good-{n}", text.encode(), kind="text", outlet="Reuters")


BAD = [
    RawRecord("empty", b"   \n", kind="text"),
    RawRecord("binary", b"\x00\x01\x02PNG", kind="auto"),
    RawRecord("latin1", "Caf\xe9 attacked".encode("latin-1"), kind="text"),
    RawRecord("jsonl:3", b"{oops", error="InputError: malformed JSONL record: bad"),
    RawRecord("boom", b"Police arrested 3 people. <<FAIL>>", kind="text"),
]


def test_ingest_records_failures_and_keeps_good_documents() -> None:
    store = MemoryStore()
    records = [_good(0), *BAD, _good(1)]
    report = ingest(records, store, fake_pipeline, batch_size=3, progress=False)
    assert (report.added, report.failed, report.skipped) == (2, 5, 0)
    assert store.count_documents() == 2
    errors = {f.source: f.error for f in store.failures()}
    assert set(errors) == {"empty", "binary", "latin1", "jsonl:3", "boom"}
    assert "empty input" in errors["empty"]
    assert "binary" in errors["binary"]
    assert "UTF-8" in errors["latin1"]
    assert errors["jsonl:3"].startswith("InputError: malformed JSONL")
    assert errors["boom"].startswith("ValueError")


def test_ingest_rerun_skips_everything_already_seen(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "i.duckdb") as store:
        records = [_good(n) for n in range(7)] + BAD
        first = ingest(records, store, fake_pipeline, batch_size=4, progress=False)
        second = ingest(records, store, fake_pipeline, batch_size=4, progress=False)
        assert (first.added, first.failed) == (7, 5)
        assert second == IngestReport(seen=12, skipped=12, seconds=second.seconds)
        assert store.count_documents() == 7
        assert len(store.failures()) == 5
        again = ingest(BAD, store, fake_pipeline, progress=False, retry_failed=True)
        assert again.failed == 5 and len(store.failures()) == 5


def test_ingest_same_text_from_two_inputs_is_one_document() -> None:
    store = MemoryStore()
    a = _good(1)
    b = RawRecord("bom", b"\xef\xbb\xbf" + a.content, kind="text")  # other bytes, same text
    report = ingest([a, a, b], store, fake_pipeline, progress=False)
    assert (report.skipped, report.added, report.duplicates) == (1, 1, 1)
    assert store.known_sources([a.content_hash, b.content_hash]) == {
        a.content_hash,
        b.content_hash,
    }


def test_ingest_with_worker_processes_matches_inline(tmp_path: Path) -> None:
    records = [_good(n) for n in range(20)] + BAD
    inline = MemoryStore()
    ingest(records, inline, fake_pipeline, batch_size=3, progress=False)
    with DuckDBStore(tmp_path / "w.duckdb") as store:
        report = ingest(records, store, fake_pipeline, workers=2, batch_size=3, progress=False)
        assert (report.added, report.failed) == (20, 5)
        got = {se.key: se.event for se in store.query_events(EventQuery(limit=None))}
    want = {se.key: se.event for se in inline.query_events(EventQuery(limit=None))}
    assert got == want and len(got) == 20


def test_ingest_worker_crash_costs_only_the_crashing_input() -> None:
    store = MemoryStore()
    crash = RawRecord("crash", b"Police arrested people. <<CRASH>>", kind="text")
    records = [_good(n) for n in range(6)] + [crash]
    report = ingest(records, store, fake_pipeline, workers=2, batch_size=2, progress=False)
    assert report.added == 6
    assert [(f.source, f.error.split(":")[0]) for f in store.failures()] == [
        ("crash", "WorkerCrash")
    ]


def _broken_factory() -> FakePipeline:
    raise RuntimeError("no model")


def test_ingest_pipeline_that_cannot_be_built_stops_the_run() -> None:
    with pytest.raises(RuntimeError, match="no model"):
        ingest([_good(0)], MemoryStore(), _broken_factory, progress=False)


def test_ingest_pipeline_that_cannot_be_built_in_workers_stops_the_run() -> None:
    with pytest.raises(PipelineError, match="no model"):
        ingest([_good(0)], MemoryStore(), _broken_factory, workers=2, progress=False)


def test_ingest_reports_progress_per_batch() -> None:
    seen: list[int] = []
    ingest(
        [_good(n) for n in range(5)],
        MemoryStore(),
        fake_pipeline,
        batch_size=2,
        progress=False,
        on_batch=lambda r: seen.append(r.added),
    )
    assert seen == [2, 4, 5]


def test_ingest_rejects_bad_batch_size() -> None:
    with pytest.raises(ValueError):
        ingest([], MemoryStore(), fake_pipeline, batch_size=0)


def _identity() -> object:
    return lambda doc: doc


def test_ingest_document_without_events_is_stored() -> None:
    store = MemoryStore()
    ingest([RawRecord("calm", b"Nothing happened today.", kind="text")], store, _identity,
           progress=False)  # type: ignore[arg-type]
    (summary,) = store.list_documents()
    assert summary.n_events == 0
    doc = store.get_document(summary.id)
    assert isinstance(doc, Document) and doc.text == "Nothing happened today."


_KILLED_INGEST = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {src!r})
    from sitreport.ingest import ingest
    from sitreport.io.sources import RawRecord
    from sitreport.store import DuckDBStore
    from sitreport.testing import fake_pipeline

    def records():
        for n in range({n}):
            text = f"Russian forces shelled Kharkiv on 2024-10-03. Item {{n}}."
            yield RawRecord(f"r{{n}}", text.encode(), kind="text", outlet="Wire")
        yield RawRecord("bad", b"", kind="text")

    def factory():
        with open({pids!r}, "a") as fh:
            print(os.getpid(), file=fh)
        return fake_pipeline(delay={delay})

    def tick(report):
        print("batch", report.batches, flush=True)

    if __name__ == "__main__":
        store = DuckDBStore({db!r})
        ingest(records(), store, factory, workers={workers}, batch_size=4, progress=False,
               on_batch=tick)
        print("done", flush=True)
    """
)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_killed_mid_run_resumes_without_loss_or_duplicates(
    tmp_path: Path, workers: int
) -> None:
    n = 40
    db = str(tmp_path / "crash.duckdb")
    script = tmp_path / "run_ingest.py"
    pids = tmp_path / "pids.txt"
    params = {"src": SRC, "db": db, "n": n, "workers": workers, "pids": str(pids)}
    script.write_text(_KILLED_INGEST.format(delay=0.02, **params))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(3):  # let three batches commit, then kill during the next ones
        assert proc.stdout.readline().startswith("batch")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    # Worker processes notice their parent died and end too.
    workers_left = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers_left):
        time.sleep(0.1)
    assert not [p for p in workers_left if _alive(p) and p != proc.pid]

    with DuckDBStore(db) as store:
        partial = store.count_documents()
        assert 12 <= partial < n
    script.write_text(_KILLED_INGEST.format(delay=0, **params))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip().endswith("done")
    with DuckDBStore(db) as store:
        assert store.count_documents() == n
        assert store.count_events(EventQuery()) == n
        assert [f.source for f in store.failures()] == ["bad"]
        rows = store.connection.execute(
            "SELECT count(*), count(DISTINCT document_id) FROM events"
        ).fetchone()
        assert rows == (n, n)


def test_ingest_run_batched_pipeline_isolates_a_bad_record() -> None:
    """A real `Pipeline` gets whole batches; one bad record must still fail alone."""
    from sitreport.ingest import process_batch
    from sitreport.io.sources import RawRecord
    from sitreport.pipeline import Pipeline

    @dataclasses.dataclass
    class Upper:
        name: str = "upper"
        requires: tuple[str, ...] = ("text",)
        assigns: tuple[str, ...] = ("title",)

        def __call__(self, doc: Document) -> Document:
            return self.pipe([doc])[0]

        def pipe(self, docs: list[Document]) -> list[Document]:
            if any("boom" in d.text for d in docs):
                raise RuntimeError("boom")
            return [dataclasses.replace(d, title=d.text.upper()[:10]) for d in docs]

    records = [RawRecord(f"r{n}", text.encode()) for n, text in enumerate(["good one", "boom here", "good two"])]
    batch = process_batch(records, Pipeline([Upper()]))
    assert [d.document.title for d in batch.documents] == ["GOOD ONE", "GOOD TWO"]
    assert [f.source for f in batch.failures] == ["r1"]
