"""`PostgresStore`: the event store in a PostgreSQL database (optional, needs psycopg).

Same schema, SQL and contract as `DuckDBStore` (both are `SQLStore`s); use it
when several processes must write to one store at once, which a DuckDB file
does not allow. Install with `pip install "sitreport[postgres]"`.

Two writers adding the same new document at the same moment make one of the
two batches fail with `StoreError` (nothing of it is written); running that
batch again skips the stored document.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from sitreport.errors import StoreError
from sitreport.store.schema import MIGRATIONS, Migration
from sitreport.store.sql import COLUMNS, Conflict, Row, SQLStore

__all__ = ["PG_MIGRATIONS", "PostgresStore", "pg_dialect"]

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
_DOUBLE = re.compile(r"\bDOUBLE\b(?!\s+PRECISION)")
# The key a replacing insert conflicts on, for the tables written that way.
_KEYS = {"failures": ("key",), "sources": ("hash",)}


_BLOB = re.compile(r"\bBLOB\b")


def pg_dialect(sql: str) -> str:
    """Our DuckDB-flavoured SQL as PostgreSQL: `$name` -> `%(name)s`, DOUBLE PRECISION, BYTEA."""
    sql = _BLOB.sub("BYTEA", _DOUBLE.sub("DOUBLE PRECISION", sql.replace("%", "%%")))
    return _PARAM.sub(r"%(\1)s", sql)


PG_MIGRATIONS: tuple[Migration, ...] = tuple(
    Migration(m.version, m.description, tuple(pg_dialect(s) for s in m.statements))
    for m in MIGRATIONS
)


class PostgresStore(SQLStore):
    """A `Store` in PostgreSQL; `dsn` is a libpq connection string or URL."""

    def __init__(self, dsn: str, *, migrations: Sequence[Migration] | None = None) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise StoreError(
                'the PostgreSQL store needs psycopg: pip install "sitreport[postgres]"'
            ) from exc
        self._psycopg: Any = psycopg
        self.name = _redact(dsn)
        try:
            self._con = psycopg.connect(dsn, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the store {self.name}: {exc}") from exc
        self._lock = threading.RLock()
        self._read_only = False
        try:
            self._migrate(PG_MIGRATIONS if migrations is None else migrations)
        except BaseException:
            self._con.close()
            raise

    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        self._con.execute(pg_dialect(sql), params)

    def _query(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        rows: list[Row] = self._con.execute(pg_dialect(sql), params).fetchall()
        return rows

    def _insert(self, table: str, rows: Sequence[Row], *, conflict: Conflict = "error") -> None:
        if not rows:
            return
        names = [name for name, _ in COLUMNS[table]]
        sql = (
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"VALUES ({', '.join(['%s'] * len(names))})"
        )
        if conflict == "ignore":
            sql += " ON CONFLICT DO NOTHING"
        elif conflict == "replace":
            keys = _KEYS[table]
            updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n not in keys)
            sql += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
        with self._con.cursor() as cur:
            cur.executemany(sql, rows)

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, self._psycopg.Error)

    def _described(self, sql: str, params: dict[str, Any] | None) -> tuple[list[str], list[Row]]:
        cur = self._con.execute(pg_dialect(sql), params)
        rows: list[Row] = cur.fetchall()
        return [d.name for d in cur.description or ()], rows

    def close(self) -> None:
        with self._lock:
            self._con.close()


def _redact(dsn: str) -> str:
    """The connection string without its password, for messages."""
    dsn = re.sub(r"(password\s*=\s*)\S+", r"\1***", dsn)
    return re.sub(r"(://[^:/@]+:)[^@]+@", r"\1***@", dsn)
