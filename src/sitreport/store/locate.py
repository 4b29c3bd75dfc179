"""Which store a command means, and who holds it.

`--db` takes a DuckDB file path or a PostgreSQL URL (`postgresql://...`); without it,
`$SITREPORT_DB`, else `sitreport.duckdb` in the working directory. A DuckDB file can be
written by one process at a time: `sitreport serve` leaves a note beside the file
(`<file>.serve.json`, its URL and process id) while it holds it, so other commands
can go through its API instead of failing on the lock.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitreport.errors import SitreportError

if TYPE_CHECKING:
    from sitreport.store.sql import SQLStore

__all__ = ["DB_ENV", "DEFAULT_DB", "ServerNote", "is_url", "open_store", "running_server", "store_path"]

DB_ENV = "SITREPORT_DB"
DEFAULT_DB = "sitreport.duckdb"
_URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(spec: str) -> bool:
    return spec.startswith(_URL_PREFIXES)


def store_path(spec: str | os.PathLike[str] | None) -> str:
    """What `--db` names: the given spec, else $SITREPORT_DB, else the default file."""
    return str(spec) if spec else (os.environ.get(DB_ENV) or DEFAULT_DB)


def open_store(
    spec: str | os.PathLike[str] | None, *, read_only: bool = False, create: bool = True
) -> SQLStore:
    """The store `spec` names. A DuckDB file that must exist (`read_only`, or `create=False`)
    and does not is a `SitreportError` saying so."""
    target = store_path(spec)
    if is_url(target):
        from sitreport.store.postgres_store import PostgresStore

        return PostgresStore(target)
    from sitreport.store.duckdb_store import DuckDBStore

    if (read_only or not create) and not Path(target).exists():
        raise SitreportError(f"no store at {target}; run `sitreport ingest` first")
    return DuckDBStore(target, read_only=read_only)


@dataclass(frozen=True)
class ServerNote:
    """A running `sitreport serve` holding a store file."""

    url: str
    pid: int
    writes: bool

    @staticmethod
    def path_for(db: str) -> Path:
        return Path(f"{db}.serve.json")

    def write(self, db: str) -> None:
        self.path_for(db).write_text(json.dumps({"url": self.url, "pid": self.pid, "writes": self.writes}))

    @classmethod
    def remove(cls, db: str) -> None:
        cls.path_for(db).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_server(spec: str | os.PathLike[str] | None) -> ServerNote | None:
    """The server holding the DuckDB store `spec`, if one left its note and still runs."""
    target = store_path(spec)
    if is_url(target):
        return None
    try:
        data = json.loads(ServerNote.path_for(target).read_text())
        note = ServerNote(str(data["url"]), int(data["pid"]), bool(data.get("writes", False)))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return note if _alive(note.pid) else None
