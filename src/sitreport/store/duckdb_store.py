"""`DuckDBStore`: the event store in one DuckDB file.

A process killed mid-write leaves the file as it was before the batch: DuckDB
replays only committed transactions from its WAL. DuckDB lets one process at a
time open a file for writing (readers may share it with `read_only=True` while
no writer holds it).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from sitreport.errors import StoreError
from sitreport.store.schema import MIGRATIONS, Migration
from sitreport.store.sql import COLUMNS, Conflict, Row, SQLStore

__all__ = ["DuckDBStore"]

_VERBS = {"error": "INSERT", "ignore": "INSERT OR IGNORE", "replace": "INSERT OR REPLACE"}


class DuckDBStore(SQLStore):
    """A `Store` in a DuckDB database file (`":memory:"` for a throwaway one)."""

    def __init__(
        self,
        path: str | Path = "sitreport.duckdb",
        *,
        read_only: bool = False,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self.path = self.name = str(path)
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self._read_only = read_only
        try:
            self._migrate(migrations)
        except BaseException:
            self._con.close()
            raise

    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        self._con.execute(sql, params)

    def _query(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self._con.execute(sql, params).fetchall()

    def _insert(self, table: str, rows: Sequence[Row], *, conflict: Conflict = "error") -> None:
        """Insert many rows in one statement, column-wise (far faster than executemany)."""
        if not rows:
            return
        columns = COLUMNS[table]
        params = {f"c{n}": [row[n] for row in rows] for n in range(len(columns))}
        select = ", ".join(f"unnest($c{n}::{tp}[])" for n, (_, tp) in enumerate(columns))
        names = ", ".join(name for name, _ in columns)
        self._con.execute(f"{_VERBS[conflict]} INTO {table} ({names}) SELECT {select}", params)

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.Error)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The underlying connection, for exports that `COPY` straight from SQL."""
        return self._con

    def close(self) -> None:
        with self._lock:
            self._con.close()
