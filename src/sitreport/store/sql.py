"""`SQLStore`: the store logic shared by the SQL backends (DuckDB, PostgreSQL).

Events are kept relationally (events, actors, places, attributions, evidence)
so they can be filtered in SQL and exported, plus a lossless JSON payload that
is what reads return (see `schema.py`). Every write runs in one transaction.
SQL here is written once, with `$name` parameters and types both dialects
accept; a backend supplies the connection, parameter style, bulk insert and
error types.

One connection serves a store; a lock serialises its use, so a store may be
shared by the threads of a web server.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, Self

from sitreport.errors import StoreError
from sitreport.model import (
    Document,
    Event,
)
from sitreport.store.base import (
    Batch,
    BatchResult,
    Cluster,
    DocumentSummary,
    EventKey,
    EventQuery,
    Failure,
    Ingested,
    StoredEvent,
    storable_batch,
)
from sitreport.store.codec import from_jsonable, to_jsonable
from sitreport.store.memory import strip_annotations
from sitreport.store.schema import Migration

__all__ = ["COLUMNS", "SQLStore"]

Row = tuple[Any, ...]

# Column name and DuckDB type of every table we insert into, in insert order.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("id", "VARCHAR"),
        ("text", "VARCHAR"),
        ("outlet", "VARCHAR"),
        ("published", "DATE"),
        ("title", "VARCHAR"),
        ("url", "VARCHAR"),
        ("body_start", "INTEGER"),
        ("meta", "VARCHAR"),
        ("source", "VARCHAR"),
        ("added_at", "TIMESTAMP"),
    ),
    "sources": (("hash", "VARCHAR"), ("document_id", "VARCHAR"), ("source", "VARCHAR")),
    "events": (
        ("document_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("position", "INTEGER"),
        ("type", "VARCHAR"),
        ("trigger", "VARCHAR"),
        ("trigger_start", "INTEGER"),
        ("trigger_end", "INTEGER"),
        ("sentence", "INTEGER"),
        ("mode", "VARCHAR"),
        ("contexts", "VARCHAR[]"),
        ("date_text", "VARCHAR"),
        ("date_start_char", "INTEGER"),
        ("date_end_char", "INTEGER"),
        ("date_start", "DATE"),
        ("date_end", "DATE"),
        ("date_precision", "VARCHAR"),
        ("killed", "INTEGER"),
        ("injured", "INTEGER"),
        ("people", "INTEGER"),
        ("arrested", "INTEGER"),
        ("attribution_cue", "VARCHAR"),
        ("factuality", "VARCHAR"),
        ("acled_event_type", "VARCHAR"),
        ("acled_sub_event_type", "VARCHAR"),
        ("acled_disorder_type", "VARCHAR"),
        ("acled_actor1", "VARCHAR"),
        ("acled_actor2", "VARCHAR"),
        ("acled_inter1", "INTEGER"),
        ("acled_inter2", "INTEGER"),
        ("acled_interaction", "INTEGER"),
        ("acled_fatalities", "INTEGER"),
        ("acled_civilian_targeting", "BOOLEAN"),
        ("payload", "VARCHAR"),
    ),
    "actors": (
        ("document_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("role", "VARCHAR"),
        ("position", "INTEGER"),
        ("text", "VARCHAR"),
        ("start_char", "INTEGER"),
        ("end_char", "INTEGER"),
        ("country", "VARCHAR"),
        ("sector", "VARCHAR"),
        ("name", "VARCHAR"),
        ("head", "INTEGER"),
    ),
    "places": (
        ("document_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("text", "VARCHAR"),
        ("start_char", "INTEGER"),
        ("end_char", "INTEGER"),
        ("name", "VARCHAR"),
        ("country", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("admin2", "VARCHAR"),
        ("lat", "DOUBLE"),
        ("lon", "DOUBLE"),
        ("precision", "VARCHAR"),
        ("near", "BOOLEAN"),
    ),
    "attributions": (
        ("document_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("position", "INTEGER"),
        ("name", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("also", "VARCHAR[]"),
    ),
    "evidence": (
        ("document_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("sentence", "VARCHAR"),
        ("start_char", "INTEGER"),
        ("end_char", "INTEGER"),
    ),
    "failures": (
        ("key", "VARCHAR"),
        ("source", "VARCHAR"),
        ("error", "VARCHAR"),
        ("failed_at", "TIMESTAMP"),
    ),
    "clusters": (
        ("id", "VARCHAR"),
        ("type", "VARCHAR"),
        ("corroboration", "INTEGER"),
        ("roots", "VARCHAR[]"),
        ("contradiction", "BOOLEAN"),
        ("country", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("date_start", "DATE"),
        ("date_end", "DATE"),
        ("score", "DOUBLE"),
        ("size", "INTEGER"),
    ),
    "cluster_members": (
        ("document_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        ("cluster_id", "VARCHAR"),
    ),
}


_WHEN_START = "COALESCE(e.date_start, e.date_end, d.published)"
_WHEN_END = "COALESCE(e.date_end, e.date_start, d.published)"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _meta_json(doc: Document) -> str:
    """The document's metadata fields (everything but text, events and annotations)."""
    bare = dataclasses.replace(strip_annotations(doc), text="", events=())
    return json.dumps(to_jsonable(bare), ensure_ascii=False, separators=(",", ":"))


def _event_rows(doc: Document) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = defaultdict(list)
    for position, ev in enumerate(doc.events):
        d, k = doc.id, ev.id
        date = ev.date
        acled = ev.acled
        rows["events"].append(
            (
                d,
                k,
                position,
                ev.type,
                ev.trigger,
                ev.trigger_start,
                ev.trigger_end,
                ev.sentence,
                ev.mode,
                list(ev.contexts),
                date.text if date else None,
                date.start_char if date else None,
                date.end_char if date else None,
                date.start if date else None,
                date.end if date else None,
                date.precision.value if date and date.precision else None,
                ev.counts.killed,
                ev.counts.injured,
                ev.counts.people,
                ev.counts.arrested,
                ev.attribution.cue,
                ev.factuality.value,
                acled.event_type if acled else None,
                acled.sub_event_type if acled else None,
                acled.disorder_type if acled else None,
                acled.actor1 if acled else None,
                acled.actor2 if acled else None,
                acled.inter1 if acled else None,
                acled.inter2 if acled else None,
                acled.interaction if acled else None,
                acled.fatalities if acled else None,
                acled.civilian_targeting if acled else None,
                json.dumps(to_jsonable(ev), ensure_ascii=False, separators=(",", ":")),
            )
        )
        for role, people in (("actor", ev.actors), ("recipient", ev.recipients)):
            for n, a in enumerate(people):
                rows["actors"].append((d, k, role, n, a.text, a.start, a.end, a.country, a.sector, a.name, a.head))
        if ev.location is not None:
            p = ev.location
            rows["places"].append(
                (
                    d,
                    k,
                    p.text,
                    p.start,
                    p.end,
                    p.name,
                    p.country,
                    p.admin1,
                    p.admin2,
                    p.lat,
                    p.lon,
                    p.precision.value if p.precision else None,
                    p.near,
                )
            )
        for n, src in enumerate(ev.attribution.chain):
            rows["attributions"].append((d, k, n, src.name, src.kind, list(src.also)))
        if ev.evidence is not None:
            v = ev.evidence
            rows["evidence"].append((d, k, v.sentence, v.start, v.end))
    return rows


Conflict = Literal["error", "ignore", "replace"]


class SQLStore:
    """A `Store` over a SQL connection; subclasses supply the dialect."""

    _lock: threading.RLock
    _read_only: bool
    name: str  # for messages: a file path or a server description

    # dialect hooks --------------------------------------------------------
    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        """Execute one statement (`$name` parameters); dialect errors pass through."""
        raise NotImplementedError

    def _query(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Execute and fetch all rows; dialect errors pass through."""
        raise NotImplementedError

    def _insert(self, table: str, rows: Sequence[Row], *, conflict: Conflict = "error") -> None:
        """Insert many rows; on a key conflict fail, ignore the row or replace the old one."""
        raise NotImplementedError

    def _is_db_error(self, exc: BaseException) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # plumbing -----------------------------------------------------------
    def _migrate(self, migrations: Sequence[Migration]) -> None:
        versions = [m.version for m in migrations]
        if versions != sorted(set(versions)):
            raise StoreError(f"migrations out of order: {versions}")
        latest = versions[-1] if versions else 0
        current = self.schema_version()
        if current > latest:
            raise StoreError(
                f"the store {self.name} has schema version {current}, newer than this "
                f"sitreport knows ({latest}); upgrade sitreport"
            )
        pending = [m for m in migrations if m.version > current]
        if pending and self._read_only:
            raise StoreError(f"the store {self.name} needs migrating; open it for writing once")
        for m in pending:
            with self._transaction():
                self._run(
                    "CREATE TABLE IF NOT EXISTS schema_version ("
                    "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
                )
                for statement in m.statements:
                    self._run(statement)
                self._run(
                    "INSERT INTO schema_version VALUES ($v, $d, $t)",
                    {"v": m.version, "d": m.description, "t": _now()},
                )

    def schema_version(self) -> int:
        """The version of the last migration applied (0 for an empty file)."""
        exists = self._fetch("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        if not exists[0][0]:
            return 0
        row = self._fetch("SELECT max(version) FROM schema_version")
        return int(row[0][0]) if row[0][0] is not None else 0

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._run("BEGIN TRANSACTION")
            try:
                yield
            except BaseException as exc:
                self._run("ROLLBACK")
                if self._is_db_error(exc):
                    raise StoreError(f"store write failed, nothing written: {exc}") from exc
                raise
            else:
                try:
                    self._run("COMMIT")
                except Exception as exc:
                    if self._is_db_error(exc):
                        raise StoreError(f"store commit failed, nothing written: {exc}") from exc
                    raise

    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        with self._lock:
            try:
                return self._query(sql, params)
            except Exception as exc:
                if self._is_db_error(exc):
                    raise StoreError(f"store query failed: {exc}") from exc
                raise

    # writes -------------------------------------------------------------
    def write_batch(self, batch: Batch) -> BatchResult:
        batch = storable_batch(batch)
        with self._lock:
            ids = list(dict.fromkeys(item.document.id for item in batch.documents))
            stored = {
                r[0]
                for r in self._fetch(
                    "SELECT id FROM documents WHERE id IN (SELECT unnest($ids::VARCHAR[]))",
                    {"ids": ids},
                )
            }
            now = _now()
            fresh: dict[str, Ingested] = {}
            for item in batch.documents:
                if item.document.id not in stored:
                    fresh.setdefault(item.document.id, item)
            rows: dict[str, list[Row]] = defaultdict(list)
            for item in fresh.values():
                doc = item.document
                rows["documents"].append(
                    (
                        doc.id,
                        doc.text,
                        doc.outlet,
                        doc.published,
                        doc.title,
                        doc.url,
                        doc.body_start,
                        _meta_json(doc),
                        item.source,
                        now,
                    )
                )
                for table, table_rows in _event_rows(doc).items():
                    rows[table].extend(table_rows)
            sources = {
                item.source_hash: (item.source_hash, item.document.id, item.source)
                for item in batch.documents
                if item.source_hash is not None
            }
            failures = {
                (f.source_hash or f"source:{f.source}"): (
                    f.source_hash or f"source:{f.source}",
                    f.source,
                    f.error,
                    f.at or now,
                )
                for f in batch.failures
            }
            with self._transaction():
                for table in (
                    "documents",
                    "events",
                    "actors",
                    "places",
                    "attributions",
                    "evidence",
                ):
                    self._insert(table, rows[table])
                self._insert("sources", list(sources.values()), conflict="ignore")
                self._insert("failures", list(failures.values()), conflict="replace")
            return BatchResult(
                added=len(fresh),
                duplicates=len(batch.documents) - len(fresh),
                failures=len(batch.failures),
            )

    def add_document(self, doc: Document, *, source: str | None = None, source_hash: str | None = None) -> bool:
        result = self.write_batch(Batch(documents=(Ingested(doc, source, source_hash),)))
        return result.added == 1

    def record_failure(self, source: str, error: str, *, source_hash: str | None = None) -> None:
        self.write_batch(Batch(failures=(Failure(source, error, source_hash),)))

    def save_clusters(self, clusters: Sequence[Cluster]) -> None:
        cluster_rows = [
            (
                c.id,
                c.type,
                c.corroboration,
                list(c.roots),
                c.contradiction,
                c.country,
                c.admin1,
                c.date_start,
                c.date_end,
                c.score,
                c.size,
            )
            for c in clusters
        ]
        member_rows = [(k.document_id, k.event_id, c.id) for c in clusters for k in c.members]
        with self._transaction():
            self._run("DELETE FROM cluster_members")
            self._run("DELETE FROM clusters")
            self._insert("clusters", cluster_rows)
            self._insert("cluster_members", member_rows)

    # reads --------------------------------------------------------------
    def has_document(self, id: str) -> bool:
        return bool(self._fetch("SELECT 1 FROM documents WHERE id = $id", {"id": id}))

    def known_sources(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(hashes))
        if not wanted:
            return set()
        rows = self._fetch(
            "SELECT hash FROM sources WHERE hash IN (SELECT unnest($h::VARCHAR[])) "
            "UNION SELECT key FROM failures WHERE key IN (SELECT unnest($h::VARCHAR[]))",
            {"h": wanted},
        )
        return {r[0] for r in rows}

    def failures(self, limit: int | None = None, offset: int = 0) -> list[Failure]:
        rows = self._fetch(
            "SELECT source, error, key, failed_at FROM failures ORDER BY failed_at, source LIMIT $limit OFFSET $offset",
            {"limit": limit, "offset": offset},
        )
        return [
            Failure(source, error, None if key.startswith("source:") else key, at) for source, error, key, at in rows
        ]

    def get_document(self, id: str) -> Document | None:
        rows = self._fetch("SELECT text, meta FROM documents WHERE id = $id", {"id": id})
        if not rows:
            return None
        text, meta = rows[0]
        events = self._select(EventQuery(document_id=id, limit=None), order_by_position=True)
        doc = from_jsonable(Document, json.loads(meta))
        return dataclasses.replace(doc, text=text, events=tuple(se.event for se in events))

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        rows = self._fetch(
            "SELECT d.id, d.outlet, d.published, d.title, d.url, d.source, "
            "(SELECT count(*) FROM events e WHERE e.document_id = d.id) "
            "FROM documents d ORDER BY d.published DESC NULLS LAST, d.id "
            "LIMIT $limit OFFSET $offset",
            {"limit": limit, "offset": offset},
        )
        return [DocumentSummary(*r) for r in rows]

    def count_documents(self) -> int:
        rows = self._fetch("SELECT count(*) FROM documents")
        return int(rows[0][0])

    def _where(self, q: EventQuery) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if q.types:
            clauses.append("e.type IN (SELECT unnest($types::VARCHAR[]))")
            params["types"] = list(q.types)
        if q.country is not None:
            clauses.append("p.country = $country")
            params["country"] = q.country
        if q.admin1 is not None:
            clauses.append("lower(p.admin1) = lower($admin1)")
            params["admin1"] = q.admin1
        if q.date_from is not None:
            clauses.append(f"{_WHEN_END} >= $date_from")
            params["date_from"] = q.date_from
        if q.date_to is not None:
            clauses.append(f"{_WHEN_START} <= $date_to")
            params["date_to"] = q.date_to
        if q.actor is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM actors a WHERE a.document_id = e.document_id "
                "AND a.event_id = e.event_id AND (strpos(lower(a.text), lower($actor)) > 0 "
                "OR strpos(lower(coalesce(a.name, '')), lower($actor)) > 0))"
            )
            params["actor"] = q.actor
        if q.actor_country is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM actors a WHERE a.document_id = e.document_id "
                "AND a.event_id = e.event_id AND a.country = $actor_country)"
            )
            params["actor_country"] = q.actor_country
        if q.min_corroboration is not None:
            clauses.append("COALESCE(c.corroboration, 1) >= $min_corroboration")
            params["min_corroboration"] = q.min_corroboration
        if q.document_id is not None:
            clauses.append("e.document_id = $document_id")
            params["document_id"] = q.document_id
        if q.cluster_id is not None:
            clauses.append("m.cluster_id = $cluster_id")
            params["cluster_id"] = q.cluster_id
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    _FROM = (
        " FROM events e JOIN documents d ON d.id = e.document_id"
        " LEFT JOIN places p ON p.document_id = e.document_id AND p.event_id = e.event_id"
        " LEFT JOIN cluster_members m ON m.document_id = e.document_id"
        " AND m.event_id = e.event_id"
        " LEFT JOIN clusters c ON c.id = m.cluster_id"
    )

    def _select(self, q: EventQuery, *, order_by_position: bool = False) -> list[StoredEvent]:
        where, params = self._where(q)
        order = (
            "e.position"
            if order_by_position
            else f"({_WHEN_START} IS NULL), {_WHEN_START} DESC, e.document_id, e.position"
        )
        params["limit"] = q.limit
        params["offset"] = q.offset
        sql = (
            "SELECT e.document_id, e.payload, d.outlet, d.published, d.url, d.title, "
            "m.cluster_id, COALESCE(c.corroboration, 1), COALESCE(c.contradiction, false)"
            f"{self._FROM}{where} ORDER BY {order} LIMIT $limit OFFSET $offset"
        )
        rows = self._fetch(sql, params)
        out: list[StoredEvent] = []
        for doc_id, payload, outlet, published, url, title, cluster, corr, contra in rows:
            event = from_jsonable(Event, json.loads(payload))
            out.append(
                StoredEvent(
                    key=EventKey(doc_id, event.id),
                    event=event,
                    outlet=outlet,
                    published=published,
                    url=url,
                    title=title,
                    cluster_id=cluster,
                    corroboration=int(corr),
                    contradiction=bool(contra),
                )
            )
        return out

    def query_events(self, query: EventQuery) -> list[StoredEvent]:
        return self._select(query)

    def count_events(self, query: EventQuery) -> int:
        where, params = self._where(query)
        rows = self._fetch(f"SELECT count(*){self._FROM}{where}", params)
        return int(rows[0][0])

    def get_event(self, key: EventKey) -> StoredEvent | None:
        found = self._select(EventQuery(document_id=key.document_id, limit=None))
        return next((se for se in found if se.key == key), None)

    def _clusters(self, where: str, params: dict[str, Any]) -> list[Cluster]:
        rows = self._fetch(
            "SELECT id, type, corroboration, roots, contradiction, country, admin1, "
            f"date_start, date_end, score FROM clusters {where}",
            params,
        )
        if not rows:
            return []
        members: dict[str, list[EventKey]] = defaultdict(list)
        for doc_id, event_id, cluster_id in self._fetch(
            "SELECT document_id, event_id, cluster_id FROM cluster_members "
            "WHERE cluster_id IN (SELECT unnest($ids::VARCHAR[])) "
            "ORDER BY document_id, event_id",
            {"ids": [r[0] for r in rows]},
        ):
            members[cluster_id].append(EventKey(doc_id, event_id))
        return [
            Cluster(
                id=r[0],
                members=tuple(members[r[0]]),
                type=r[1],
                corroboration=r[2],
                roots=tuple(r[3]),
                contradiction=r[4],
                country=r[5],
                admin1=r[6],
                date_start=r[7],
                date_end=r[8],
                score=r[9],
            )
            for r in rows
        ]

    def clusters(self, limit: int | None = 100, offset: int = 0, min_size: int = 2) -> list[Cluster]:
        return self._clusters(
            "WHERE size >= $min_size ORDER BY corroboration DESC, size DESC, id LIMIT $limit OFFSET $offset",
            {"min_size": min_size, "limit": limit, "offset": offset},
        )

    def get_cluster(self, id: str) -> Cluster | None:
        found = self._clusters("WHERE id = $id", {"id": id})
        return found[0] if found else None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
