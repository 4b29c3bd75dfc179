"""DuckDB-specific behaviour: migrations, persistence, atomicity under SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitreport.errors import StoreError
from sitreport.store import DuckDBStore, EventQuery
from sitreport.store.codec import document_to_json
from sitreport.store.schema import MIGRATIONS, Migration
from sitreport.testing import FakePipeline, make_document

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_store_duckdb_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    doc = FakePipeline()(make_document("Russian forces shelled Kharkiv on 2024-10-03."))
    with DuckDBStore(path) as store:
        assert store.add_document(doc)
    with DuckDBStore(path, read_only=True) as store:
        assert store.get_document(doc.id) == doc
        assert store.schema_version() == MIGRATIONS[-1].version


def test_store_duckdb_applies_pending_migrations_in_order(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    DuckDBStore(path).close()
    extra = (
        *MIGRATIONS,
        Migration(90, "a note column", ("ALTER TABLE documents ADD COLUMN note VARCHAR",)),
        Migration(91, "fill it", ("UPDATE documents SET note = 'x'",)),
    )
    with DuckDBStore(path, migrations=extra) as store:
        assert store.schema_version() == 91
        rows = store.connection.execute(
            "SELECT version FROM schema_version ORDER BY version"
        ).fetchall()
        assert [r[0] for r in rows] == [m.version for m in extra]
    # Reopening with the same list applies nothing twice.
    with DuckDBStore(path, migrations=extra) as store:
        assert store.schema_version() == 91


def test_store_duckdb_failed_migration_leaves_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "f.duckdb"
    DuckDBStore(path).close()
    broken = (*MIGRATIONS, Migration(90, "broken", ("ALTER TABLE nope ADD COLUMN x INT",)))
    with pytest.raises(StoreError):
        DuckDBStore(path, migrations=broken)
    with DuckDBStore(path) as store:
        assert store.schema_version() == MIGRATIONS[-1].version


def test_store_duckdb_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "n.duckdb"
    newer = (*MIGRATIONS, Migration(99, "future", ("CREATE TABLE future (x INT)",)))
    DuckDBStore(path, migrations=newer).close()
    with pytest.raises(StoreError, match="newer"):
        DuckDBStore(path)


def test_store_duckdb_open_error_is_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        DuckDBStore(tmp_path / "missing-dir" / "x.duckdb")


_KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {src!r})
    from sitreport.store import duckdb_store
    from sitreport.store import DuckDBStore, Batch, Ingested
    from sitreport.testing import FakePipeline, make_document

    store = DuckDBStore({db!r})
    first = FakePipeline()(make_document("Russian forces shelled Kharkiv on 2024-10-03."))
    store.add_document(first)
    original = DuckDBStore._insert

    def slow_insert(self, table, rows, **kw):
        original(self, table, rows, **kw)
        if table == "events":
            print("inside", flush=True)
            time.sleep(60)

    DuckDBStore._insert = slow_insert
    docs = [FakePipeline()(make_document(f"Police arrested {{n}} protesters in Khartoum."))
            for n in range(5)]
    store.write_batch(Batch(documents=tuple(Ingested(d) for d in docs)))
    """
)


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_store_duckdb_batch_killed_mid_write_leaves_no_trace(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    script = _KILLED_WRITER.format(src=SRC, db=db)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "inside"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    with DuckDBStore(db) as store:
        assert store.count_documents() == 1
        assert store.count_events(EventQuery()) == 1


def _wal(path: Path) -> int:
    wal = Path(f"{path}.wal")
    return wal.stat().st_size if wal.exists() else 0


def test_store_duckdb_checkpoints_a_store_left_with_a_log(tmp_path: Path) -> None:
    """A store a process left without closing it (its writes only in the log) is
    checkpointed when opened for writing, so reads do not pay for replayed rows."""
    path = tmp_path / "u.duckdb"
    doc = FakePipeline()(make_document("Russian forces shelled Kharkiv on 2024-10-03."))
    script = textwrap.dedent(f"""
        import os
        from sitreport.store import DuckDBStore
        from sitreport.store.codec import document_from_json
        store = DuckDBStore({str(path)!r})
        store.connection.execute("SET checkpoint_threshold = '1GB'")
        store.add_document(document_from_json({document_to_json(doc, annotations=True)!r}))
        os._exit(0)  # no close: the write stays in the log
    """)
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "PYTHONPATH": SRC})
    assert _wal(path) > 0
    with DuckDBStore(path) as store:
        assert _wal(path) == 0
        assert store.get_document(doc.id) == doc
    # Read-only, nothing is written, the log included.
    with DuckDBStore(path, read_only=True) as store:
        assert store.get_document(doc.id) == doc
