"""Issue 12, items 1 and 2: no input stops an ingest or costs the good documents.

Unreadable inputs are made to fail for real, even though the tests run as root (for
whom mode 000 changes nothing): a dangling link and a FIFO fail at the file system; a
permission error is injected at the reader seam (`open` inside `sitreport.io.read`,
`list_directory` in `sitreport.io.sources`); and, when the suite runs as root, one test
walks a folder of mode-000 entries in a child process that has dropped to `nobody`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitreport.cli import app
from sitreport.errors import StoreError
from sitreport.ingest import ingest, write_isolated
from sitreport.io import sources
from sitreport.io.sources import RawRecord, iter_records
from sitreport.model import Document
from sitreport.store import Batch, DuckDBStore, EventQuery, Ingested, MemoryStore, Store
from sitreport.store.codec import INT_MAX
from sitreport.testing import fake_pipeline, make_document

POISON = "Officials said 3000000000 people were killed when Russian forces shelled Kharkiv."
FAKE = "--pipeline=sitreport.testing:fake_pipeline"


def _article(n: int) -> str:
    return f"Russian forces shelled Kharkiv on 2024-10-{1 + n:02d}. Report {n}."


@pytest.fixture(params=["memory", "duckdb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else DuckDBStore(tmp_path / "s.duckdb")
    yield made
    made.close()


# ---- item 1: the poison article and other documents a store cannot hold ----------------


def test_ingest_poison_count_is_clamped_and_its_batch_stored(store: Store) -> None:
    records = [RawRecord(f"good-{n}", _article(n).encode(), kind="text") for n in range(3)]
    records.insert(1, RawRecord("poison", POISON.encode(), kind="text"))
    report = ingest(records, store, fake_pipeline, batch_size=4, progress=False)
    assert (report.added, report.failed) == (4, 0)
    events = store.query_events(EventQuery(limit=None))
    (poisoned,) = [se for se in events if se.event.counts.clamped]
    assert poisoned.event.counts.killed == INT_MAX
    assert all(se.event.counts.killed is None for se in events if se.key != poisoned.key)


def test_ingest_poison_article_with_the_real_pipeline(pipeline: Any, tmp_path: Path) -> None:
    records = [
        RawRecord("a", b"Reuters\nOct 3, 2024\n\nRussian forces shelled Kharkiv on Tuesday, killing 4 civilians.\n"),
        RawRecord("poison", f"Reuters\nOct 4, 2024\n\n{POISON}\n".encode()),
        RawRecord("c", b"Reuters\nOct 5, 2024\n\nPolice arrested 12 protesters in Tbilisi on Monday.\n"),
    ]
    with DuckDBStore(tmp_path / "real.duckdb") as db:
        report = ingest(records, db, lambda: pipeline, progress=False)
        assert (report.added, report.failed) == (3, 0)
        killed = {se.event.counts.killed: se.event.counts.clamped for se in db.query_events(EventQuery(limit=None))}
    assert killed[INT_MAX] is True and killed[4] is False


def _unstorable(doc: Document) -> Document:
    """A pipeline bug no clamp can fix: an offset beyond any integer column."""
    doc = fake_pipeline()(doc)
    if "Report 1." in doc.text:
        first = dataclasses.replace(doc.events[0], trigger_start=2**40)
        return dataclasses.replace(doc, events=(first, *doc.events[1:]))
    return doc


def _unstorable_factory() -> Any:
    return _unstorable


def test_ingest_document_the_store_refuses_is_a_failure_row(store: Store) -> None:
    records = [RawRecord(f"r{n}", _article(n).encode(), kind="text") for n in range(4)]
    report = ingest(records, store, _unstorable_factory, batch_size=4, progress=False)
    assert (report.added, report.failed) == (3, 1)
    (failure,) = store.failures()
    assert failure.source == "r1" and failure.error.startswith("StoreError")
    assert "trigger_start" in failure.error


def test_write_isolated_stores_batch_mates_of_a_document_the_backend_rejects(tmp_path: Path) -> None:
    """Whatever the store refuses at write time costs only that document."""

    class Picky(MemoryStore):
        def write_batch(self, batch: Batch) -> Any:
            if any("Report 2" in item.document.text for item in batch.documents):
                raise StoreError("store write failed, nothing written: Conversion Error")
            return super().write_batch(batch)

    picky = Picky()
    docs = [Ingested(make_document(_article(n)), f"r{n}", f"h{n}") for n in range(4)]
    result = write_isolated(picky, Batch(documents=tuple(docs)))
    assert (result.added, result.failures) == (3, 1)
    assert [(f.source, f.source_hash) for f in picky.failures()] == [("r2", "h2")]


def test_write_isolated_stops_on_a_broken_store() -> None:
    class Broken(MemoryStore):
        def write_batch(self, batch: Batch) -> Any:
            raise StoreError("disk full")

    with pytest.raises(StoreError, match="disk full"):
        write_isolated(Broken(), Batch(documents=(Ingested(make_document("x"), "x", "h"),)))


# ---- item 2: folder walks go on past what cannot be read -------------------------------


def _folder(root: Path) -> Path:
    """a.txt .. f.txt, with b.txt a dangling link, e.txt a FIFO and sub/ a folder."""
    root.mkdir(exist_ok=True)
    for name in "acdf":
        (root / f"{name}.txt").write_text(_article(ord(name) - 96))
    (root / "b.txt").symlink_to(root / "missing-target.txt")
    os.mkfifo(root / "e.txt")
    (root / "sub").mkdir()
    (root / "sub" / "g.txt").write_text(_article(7))
    return root


def test_walk_goes_on_past_a_dangling_link_and_a_fifo(tmp_path: Path) -> None:
    root = _folder(tmp_path / "in")
    records = list(iter_records([root]))
    by_name = {Path(r.source).name: r for r in records}
    assert sorted(by_name) == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt"]
    assert "cannot be read" in (by_name["b.txt"].error or "")
    assert "not a regular file" in (by_name["e.txt"].error or "")
    assert all(by_name[n].error is None for n in ("a.txt", "c.txt", "d.txt", "f.txt", "g.txt"))


def _deny(monkeypatch: pytest.MonkeyPatch, files: set[str] = frozenset(), folders: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Permission errors at the reader seam: `open` for `files`, listing for `folders`."""
    real_open, real_list = open, sources.list_directory

    def guarded_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name in files:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def guarded_list(path: Path) -> list[os.DirEntry[str]]:
        if path.name in folders:
            raise PermissionError(13, "Permission denied", str(path))
        return real_list(path)

    monkeypatch.setattr("sitreport.io.read.open", guarded_open, raising=False)
    monkeypatch.setattr(sources, "list_directory", guarded_list)


def test_ingest_unreadable_file_and_unlistable_folder_each_fail_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name in "abcdf":
        (root / f"{name}.txt").write_text(_article(ord(name) - 96))
    (root / "locked").mkdir()
    (root / "locked" / "h.txt").write_text(_article(8))
    (root / "z.txt").write_text(_article(26))
    _deny(monkeypatch, files={"b.txt"}, folders={"locked"})
    with DuckDBStore(tmp_path / "walk.duckdb") as db:
        report = ingest(iter_records([root]), db, fake_pipeline, batch_size=2, progress=False)
        assert (report.added, report.failed) == (5, 2)
        failed = {Path(f.source).name: f.error for f in db.failures()}
        assert set(failed) == {"b.txt", "locked"}
        assert "Permission denied" in failed["b.txt"] and "cannot be listed" in failed["locked"]
        # Once readable, a rerun picks up exactly what was missing.
        monkeypatch.undo()
        again = ingest(iter_records([root]), db, fake_pipeline, progress=False)
        assert (again.added, again.failed) == (2, 0)
        assert db.count_documents() == 7


def _walk_as(uid: int | None, paths: list[Path]) -> dict[str, str | None]:
    """`iter_records(paths)` as (source name, error), in a forked child running as `uid`."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, walk, report, exit without cleanup
        code = 0
        try:
            os.close(read_end)
            if uid is not None:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            found = [[Path(r.source).name, r.error] for r in iter_records(paths)]
            os.write(write_end, json.dumps(found).encode())
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return {name: error for name, error in json.loads(data)}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions")
def test_walk_of_mode_000_entries_as_an_unprivileged_user() -> None:
    """The real thing: chmod 000 on a file and a folder, walked by a user they deny
    (`nobody` when the suite runs as root, else the user running it)."""
    root = Path(tempfile.mkdtemp(prefix="sitreport-perm-"))
    try:
        for name in "abcdf":
            (root / f"{name}.txt").write_text(_article(ord(name) - 96))
        (root / "locked").mkdir()
        (root / "locked" / "h.txt").write_text(_article(8))
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (root / "b.txt").chmod(0)
        (root / "locked").chmod(0)
        inside = root / "locked" / "h.txt"  # named explicitly, behind a folder we may not enter
        records = _walk_as(65534 if os.geteuid() == 0 else None, [root, inside])
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(stat.S_IRWXU)
        shutil.rmtree(root)
    assert sorted(records) == ["a.txt", "b.txt", "c.txt", "d.txt", "f.txt", "h.txt", "locked"]
    assert "Permission denied" in (records["b.txt"] or "")
    assert "cannot be listed" in (records["locked"] or "")
    assert "Permission denied" in (records["h.txt"] or "")
    assert all(records[n] is None for n in ("a.txt", "c.txt", "d.txt", "f.txt"))


# ---- exit codes ------------------------------------------------------------------------


def test_cli_ingest_exits_1_when_every_input_failed(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("  \n")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03PNG")
    db = str(tmp_path / "x.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(bad), "--db", db, FAKE])
    assert result.exit_code == 1, result.output
    assert "nothing was stored: every input failed" in result.output
    (tmp_path / "bad" / "good.txt").write_text(_article(1))
    result = CliRunner().invoke(app, ["ingest", str(bad), "--db", db, FAKE])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(app, ["ingest", str(bad), "--db", db, FAKE])
    assert again.exit_code == 0 and "3 already stored" in again.output


def test_cli_ingest_of_nothing_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "e.duckdb"), FAKE])
    assert result.exit_code == 1 and "no articles were found" in result.output


def test_cli_ingest_poison_article_stores_every_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(_article(n))
    (folder / "poison.txt").write_text(POISON)
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), FAKE])
    assert result.exit_code == 0, result.output
    assert "4 added, 0 duplicate, 0 failed" in result.output
