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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Self

import orjson

from sitreport.errors import StoreError
from sitreport.model import Document, Event
from sitreport.store.base import (
    Batch,
    BatchResult,
    Cluster,
    DocumentSummary,
    EventKey,
    EventQuery,
    Facets,
    Failure,
    Ingested,
    LinkFrame,
    Member,
    SourceCounts,
    StoredEvent,
    Summary,
    storable_batch,
)
from sitreport.store.codec import PAYLOADS_KEPT, Kept, from_jsonable, from_payload, to_jsonable
from sitreport.store.linkrows import Coder, Columns, frame, link_view, members
from sitreport.store.memory import make_facets, source_counts, strip_annotations, summarise
from sitreport.store.schema import MIGRATIONS, Migration
from sitreport.store.search import search_terms
from sitreport.store.tables import (
    INDEXES,
    TABLES,
    ActorContext,
    EventContext,
    PlaceContext,
    SourceContext,
    admin1_key,
    column_types,
)

if TYPE_CHECKING:
    from sitreport.independence import SourceRules

__all__ = ["COLUMNS", "SQLStore"]

Row = tuple[Any, ...]

# Column name and DuckDB type of every table we insert into, in insert order.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {name: column_types(name) for name in TABLES}
# The schema version `TABLES` describes.
_SPEC_VERSION = MIGRATIONS[-1].version


_EPOCH = dt.date(1970, 1, 1)

# Whole articles kept decoded (text and events, tens of kB each).
DOCUMENTS_KEPT = 1024


def _day(ordinal: int | None) -> dt.date | None:
    """A stored day number (days since 1970) as a date."""
    return _EPOCH + dt.timedelta(days=int(ordinal)) if ordinal is not None else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _meta_json(doc: Document) -> str:
    """The document's metadata fields (everything but text, events and annotations)."""
    bare = dataclasses.replace(strip_annotations(doc), text="", events=())
    return json.dumps(to_jsonable(bare), ensure_ascii=False, separators=(",", ":"))


def _event_rows(doc: Document, rules: SourceRules) -> dict[str, list[Row]]:
    from sitreport.link.features import event_features

    rows: dict[str, list[Row]] = defaultdict(list)
    for position, ev in enumerate(doc.events):
        features = event_features(doc, ev, rules)
        rows["events"].append(TABLES["events"].row(EventContext(doc, position, ev, features)))
        for role, people in (("actor", ev.actors), ("recipient", ev.recipients)):
            for n, a in enumerate(people):
                rows["actors"].append(TABLES["actors"].row(ActorContext(doc, ev, role, n, a)))
        if ev.location is not None:
            rows["places"].append(TABLES["places"].row(PlaceContext(doc, ev, ev.location)))
        for n, src in enumerate(ev.attribution.chain):
            rows["attributions"].append(TABLES["attributions"].row(SourceContext(doc, ev, n, src)))
        if ev.evidence is not None:
            rows["evidence"].append(TABLES["evidence"].row(EventContext(doc, position, ev)))
    return rows


def _cluster_rows(clusters: Sequence[Cluster]) -> tuple[list[Row], list[Row]]:
    table = TABLES["clusters"]
    return (
        [table.row(c) for c in clusters],
        [(k.document_id, k.event_id, c.id) for c in clusters for k in c.members],
    )


Conflict = Literal["error", "ignore", "replace"]

def _count_in_scan(q: EventQuery) -> bool:
    """Whether a page counts its matches in its own scan (a window count): worth it only
    when a word search makes filtering the cost; on column filters a separate count(*)
    reads one narrow column, and the page's scan keeps only the rows under its LIMIT
    (three times faster on 100k events)."""
    return bool(search_terms(q.text))


@dataclasses.dataclass(frozen=True)
class _Link:
    """What a stored report's row says of its cluster: the part of a report that changes."""

    cluster_id: str | None
    corroboration: int | None
    contradiction: bool | None

    def applied(self, report: StoredEvent) -> StoredEvent:
        return dataclasses.replace(
            report,
            cluster_id=self.cluster_id,
            corroboration=1 if self.corroboration is None else int(self.corroboration),
            contradiction=bool(self.contradiction),
        )


# Reports taken out of their clusters (before the clusters are written again).
_UNMARK = "UPDATE events SET cluster_id = NULL, corroboration = NULL, contradiction = NULL "


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
        """Bring the store to the latest schema: a new store is created from `TABLES`
        (and marked with every migration), an existing one runs the pending migrations."""
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
        if not pending:
            return
        with self._transaction():
            self._run(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
            )
            # A new store at the latest version is created from the table spec directly.
            fresh = current == 0 and self._fresh_ddl is not None and latest == _SPEC_VERSION
            if fresh:
                for statement in self._fresh_ddl or ():
                    self._run(statement)
            for m in pending:
                if not fresh:
                    for statement in m.statements:
                        self._run(statement)
                self._run(
                    "INSERT INTO schema_version VALUES ($v, $d, $t)",
                    {"v": m.version, "d": m.description, "t": _now()},
                )
        if not fresh and latest >= 2:
            self._backfill()
        if not fresh and latest >= 3 and current < 3:
            self._backfill_search()

    # A new store's tables, latest schema (None: always replay the migrations).
    _fresh_ddl: tuple[str, ...] | None = (*(t.ddl() for t in TABLES.values()), *INDEXES)

    def _rules_table(self) -> SourceRules:
        rules = getattr(self, "_rules", None)
        if rules is None:
            from sitreport.independence import SourceRules

            rules = self._rules = SourceRules.load()
        return rules

    def _backfill(self, batch: int = 500) -> None:
        """Fill in the link columns of events stored before they existed (schema v2)."""
        from sitreport.link.features import event_features

        while True:
            ids = [r[0] for r in self._fetch(
                "SELECT DISTINCT document_id FROM events WHERE roots IS NULL ORDER BY document_id LIMIT $n",
                {"n": batch},
            )]
            if not ids:
                return
            rows: list[Row] = []
            for doc_id in ids:
                doc = self.get_document(doc_id)
                assert doc is not None
                for ev in doc.events:
                    rows.append((doc_id, ev.id, event_features(doc, ev, self._rules_table())))
            with self._transaction():
                for doc_id, event_id, f in rows:
                    self._run(
                        "UPDATE events SET roots = $r, people_mask = $m, text_hashes = $h, link_block = $b, "
                        "link_lo = $lo, link_hi = $hi WHERE document_id = $d AND event_id = $e",
                        {"r": list(f.roots), "m": f.people_mask, "h": f.hashes, "b": f.block, "lo": f.lo,
                         "hi": f.hi, "d": doc_id, "e": event_id},
                    )

    def _backfill_search(self, batch: int = 5000) -> None:
        """Fill in the v3 columns (search keys, cluster place names) of rows stored before them."""
        from sitreport.store.search import search_text
        from sitreport.store.tables import admin1_key, place_name

        last = ("", "")
        while True:
            rows = self._fetch(
                "SELECT document_id, event_id, payload FROM events WHERE (document_id, event_id) > ($d, $e) "
                "ORDER BY document_id, event_id LIMIT $n",
                {"d": last[0], "e": last[1], "n": batch},
            )
            if not rows:
                break
            events = [(d, e, from_payload(Event, p)) for d, e, p in rows]
            places = [ev.location for _, _, ev in events]
            with self._transaction():
                self._update_events(
                    [(d, e) for d, e, _ in events],
                    {
                        "search": ("VARCHAR", [search_text(ev) for _, _, ev in events]),
                        "country": ("VARCHAR", [p.country if p else None for p in places]),
                        "admin1": ("VARCHAR", [p.admin1 if p else None for p in places]),
                        "admin1_key": ("VARCHAR", [admin1_key(p.admin1) if p else None for p in places]),
                        "lat": ("DOUBLE", [p.lat if p else None for p in places]),
                        "lon": ("DOUBLE", [p.lon if p else None for p in places]),
                        "place_name": ("VARCHAR", [place_name(p) for p in places]),
                    },
                )
            last = (rows[-1][0], rows[-1][1])
        after = ""
        while True:
            found = self._fetch(
                "SELECT id, payload FROM clusters WHERE id > $a ORDER BY id LIMIT $n", {"a": after, "n": batch}
            )
            if not found:
                return
            names = [(cid, place_name(from_payload(Cluster, p).location)) for cid, p in found]
            with self._transaction():
                self._run(
                    "UPDATE clusters SET place_name = v.p FROM (SELECT unnest($i::VARCHAR[]) AS i, "
                    "unnest($p::VARCHAR[]) AS p) v WHERE clusters.id = v.i",
                    {"i": [n[0] for n in names], "p": [n[1] for n in names]},
                )
            after = found[-1][0]

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
            outer, self._writer = self._writer, threading.get_ident()
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
            finally:
                self._writer = outer

    # The thread inside `_transaction`, whose reads must see its own uncommitted writes.
    _writer: int | None = None

    def _read(self, sql: str, params: dict[str, Any] | None) -> list[Row] | None:
        """Run a read on a connection of this thread's own, outside the lock; None when the
        dialect has none (reads then share the one connection under the lock)."""
        return None

    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        if self._writer != threading.get_ident():
            try:
                rows = self._read(sql, params)
            except Exception as exc:
                if self._is_db_error(exc):
                    raise StoreError(f"store query failed: {exc}") from exc
                raise
            if rows is not None:
                return rows
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
                for table, table_rows in _event_rows(doc, self._rules_table()).items():
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
        cluster_rows, member_rows = _cluster_rows(clusters)
        with self._transaction():
            self._run("DELETE FROM cluster_members")
            self._run("DELETE FROM clusters")
            self._insert("clusters", cluster_rows)
            self._insert("cluster_members", member_rows)
            self._run(_UNMARK + "WHERE cluster_id IS NOT NULL")
            self._mark_members(clusters)

    def _mark_members(self, clusters: Sequence[Cluster]) -> None:
        """Set each member report's `cluster_id`, `corroboration` and `contradiction` to
        its cluster's."""
        rows = [(k.document_id, k.event_id, c) for c in clusters for k in c.members]
        for lo in range(0, len(rows), 50_000):
            chunk = rows[lo : lo + 50_000]
            self._update_events(
                [(d, e) for d, e, _ in chunk],
                {
                    "cluster_id": ("VARCHAR", [c.id for _, _, c in chunk]),
                    "corroboration": ("INTEGER", [c.corroboration for _, _, c in chunk]),
                    "contradiction": ("BOOLEAN", [c.contradiction for _, _, c in chunk]),
                },
            )

    def _update_events(
        self, keys: Sequence[tuple[str, str]], columns: Mapping[str, tuple[str, Sequence[Any]]]
    ) -> None:
        """Set these columns ({name: (type, values in key order)}) of the events with these
        (document, event) keys, in one statement."""
        sets = ", ".join(f"{name} = v.{name}" for name in columns)
        values = ", ".join(f"unnest(${name}::{tp}[]) AS {name}" for name, (tp, _) in columns.items())
        self._run(
            f"UPDATE events SET {sets} FROM (SELECT unnest($d::VARCHAR[]) AS d, unnest($e::VARCHAR[]) AS e, "
            f"{values}) v WHERE events.document_id = v.d AND events.event_id = v.e",
            {"d": [d for d, _ in keys], "e": [e for _, e in keys], **{n: list(v) for n, (_, v) in columns.items()}},
        )

    @contextmanager
    def link_session(self, families: Mapping[str, str]) -> Iterator[_SQLLinkSession]:
        if self._read_only:
            raise StoreError(f"the store {self.name} is open read-only; linking writes clusters")
        with self._transaction():
            session = _SQLLinkSession(self, families)
            try:
                yield session
            finally:
                session.close()

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
        """A stored article never changes, so the last ones read are kept whole."""
        kept = self._kept_documents.get(id)
        if kept is not None:
            return kept
        rows = self._fetch("SELECT text, meta FROM documents WHERE id = $id", {"id": id})
        if not rows:
            return None
        text, meta = rows[0]
        events = self._select(EventQuery(document_id=id, limit=None), order_by_position=True)
        doc = from_jsonable(Document, orjson.loads(meta))
        whole = dataclasses.replace(doc, text=text, events=tuple(se.event for se in events))
        return self._kept_documents.put(id, whole)

    @cached_property
    def _kept_documents(self) -> Kept[str, Document]:
        return Kept(DOCUMENTS_KEPT)

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        # The page first, then its articles' events counted by index lookups (a count in
        # the same query would group every event of the store); an article's count never
        # changes, so the counts read before are kept.
        rows = self._fetch(
            "SELECT d.id, d.outlet, d.published, d.title, d.url, d.source "
            "FROM documents d ORDER BY d.published DESC NULLS LAST, d.id "
            "LIMIT $limit OFFSET $offset",
            {"limit": limit, "offset": offset},
        )
        kept = self._kept_event_counts
        counts = {r[0]: n for r in rows if (n := kept.get(r[0])) is not None}
        missing = [r[0] for r in rows if r[0] not in counts]
        if missing:
            pick, ids = self._pick(missing, "d")
            counted = {d: int(n) for d, n in self._fetch(
                f"SELECT document_id, count(*) FROM events WHERE document_id {pick} GROUP BY 1", ids
            )}
            counts.update((d, kept.put(d, counted.get(d, 0))) for d in missing)
        return [DocumentSummary(id, outlet, published, title, url, source, counts[id])
                for id, outlet, published, title, url, source in rows]

    @cached_property
    def _kept_event_counts(self) -> Kept[str, int]:
        return Kept(PAYLOADS_KEPT)

    def count_documents(self) -> int:
        rows = self._fetch("SELECT count(*) FROM documents")
        return int(rows[0][0])

    def _where(self, q: EventQuery) -> tuple[str, dict[str, Any], bool]:
        """The WHERE clause of a report query over `events e`, its parameters, and whether
        it needs the event's cluster (`m`, `c`) joined."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        cluster = False
        if q.types:
            clauses.append("e.type IN (SELECT unnest($types::VARCHAR[]))")
            params["types"] = list(q.types)
        if q.country is not None:
            clauses.append("e.country = $country")
            params["country"] = q.country
        if q.admin1 is not None:
            clauses.append("e.admin1_key = $admin1")
            params["admin1"] = admin1_key(q.admin1)
        if q.at is not None:
            clauses.append("e.lat = $lat AND e.lon = $lon")
            params.update(lat=q.at[0], lon=q.at[1])
        # link_lo / link_hi: the first and last day (the event's, else its article's
        # publication date) as days since 1970, stored with each event.
        if q.date_from is not None:
            clauses.append("e.link_hi >= $date_from")
            params["date_from"] = (q.date_from - _EPOCH).days
        if q.date_to is not None:
            clauses.append("e.link_lo <= $date_to")
            params["date_to"] = (q.date_to - _EPOCH).days
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
            cluster = True
        if q.document_id is not None:
            clauses.append("e.document_id = $document_id")
            params["document_id"] = q.document_id
        if q.cluster_id is not None:
            clauses.append("e.cluster_id = $cluster_id")
            params["cluster_id"] = q.cluster_id
        self._shared_filters(q, clauses, params, "e")
        if q.outlets:
            clauses.append("e.outlet IN (SELECT unnest($outlets::VARCHAR[]))")
            params["outlets"] = list(q.outlets)
        if q.factualities:
            clauses.append("e.factuality IN (SELECT unnest($facts::VARCHAR[]))")
            params["facts"] = list(q.factualities)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params, cluster

    # Whether `column` holds `term`: standard SQL here, a dialect's faster function in its store.
    _CONTAINS = "strpos({column}, {term}) > 0"

    @classmethod
    def _shared_filters(cls, q: EventQuery, clauses: list[str], params: dict[str, Any], events: str) -> None:
        """The search words and ACLED types, on the events aliased `events`."""
        for n, term in enumerate(search_terms(q.text)):
            clauses.append(cls._CONTAINS.format(column=f"{events}.search", term=f"$term{n}"))
            params[f"term{n}"] = term
        if q.acled_types and events == "e":
            clauses.append("e.acled_event_type IN (SELECT unnest($acled::VARCHAR[]))")
            params["acled"] = list(q.acled_types)

    @staticmethod
    def _report_order(order: str) -> tuple[list[str], bool]:
        """ORDER BY terms of a report query, and whether they need the cluster joined."""
        newest = ["(e.link_lo IS NULL)", f"e.link_lo {'ASC' if order == 'oldest' else 'DESC'}"]
        lead = {
            "corroboration": ["COALESCE(e.corroboration, 1) DESC"],
            "killed": ["(e.killed IS NULL)", "e.killed DESC"],
            "reports": ["COALESCE(c.size, 1) DESC"],
        }.get(order, [])
        return [*lead, *newest, "e.document_id", "e.position"], order == "reports"

    _CLUSTER_JOIN = " LEFT JOIN clusters c ON c.id = e.cluster_id"

    def _select(self, q: EventQuery, *, order_by_position: bool = False) -> list[StoredEvent]:
        return self._page(q, order_by_position=order_by_position, counted=False)[0]

    def _page(self, q: EventQuery, *, order_by_position: bool = False, counted: bool) -> tuple[list[StoredEvent], int]:
        """A page of reports and (when `counted`) how many match in all: the keys found
        first (narrow columns, one scan of `events`), then only those reports read whole."""
        where, params, cluster = self._where(q)
        if order_by_position:
            order, by_cluster = ["e.document_id", "e.position"], False
        else:
            order, by_cluster = self._report_order(q.order)
        join = self._CLUSTER_JOIN if cluster or by_cluster else ""
        in_scan = counted and _count_in_scan(q)
        rows = self._fetch(
            f"SELECT e.document_id, e.event_id, e.cluster_id, e.corroboration, e.contradiction"
            f"{', count(*) OVER ()' if in_scan else ', 0'} FROM events e{join}{where} "
            f"ORDER BY {', '.join(order)} LIMIT $limit OFFSET $offset",
            {**params, "limit": q.limit, "offset": q.offset},
        )
        links = {EventKey(d, e): _Link(cluster, corr, contra) for d, e, cluster, corr, contra, _ in rows}
        found = self._stored_events(list(links), links)
        page = [found[key] for key in links if key in found]
        if not counted:
            return page, 0
        # A page past the end has no row to carry the count.
        return page, int(rows[0][5]) if in_scan and rows else self.count_events(q)

    # Up to this many articles a page is read by index lookups; more by one scan.
    _LOOKUP = 200

    @classmethod
    def _pick(cls, values: Sequence[str], name: str) -> tuple[str, dict[str, Any]]:
        """`IN (...)` over `values` and its parameters (see `_listed`)."""
        inside, params = cls._listed(values, name)
        return f"IN ({inside})", params

    @classmethod
    def _listed(cls, values: Sequence[str], name: str) -> tuple[str, dict[str, Any]]:
        """What goes inside `IN (...)` for `values`, and its parameters: the values listed
        (DuckDB then looks each up in an index) when there are few, else one unnested array."""
        if len(values) <= cls._LOOKUP:
            return ", ".join(f"${name}{n}" for n in range(len(values))), {f"{name}{n}": v for n, v in enumerate(values)}
        return f"SELECT unnest(${name}::VARCHAR[])", {name: list(values)}

    def _stored_events(
        self, keys: Sequence[EventKey], links: Mapping[EventKey, _Link] | None = None
    ) -> dict[EventKey, StoredEvent]:
        """The stored reports with these keys, with their articles and clusters. A report's
        event and article never change once stored, so those are kept decoded and only
        its cluster columns are read again (`links`, when the caller's query read them);
        the reports not kept are read whole, in one query."""
        kept = self._kept_reports
        out: dict[EventKey, StoredEvent] = {}
        missing: list[EventKey] = []
        known: list[EventKey] = []
        for key in dict.fromkeys(keys):
            report = kept.get(key)
            if report is None:
                missing.append(key)
            elif links is not None:
                if key in links:
                    out[key] = links[key].applied(report)
            else:
                known.append(key)
        if known:
            pick, ids = self._pick(sorted({k.document_id for k in known}), "d")
            wanted = set(known)
            for doc_id, event_id, cluster, corr, contra in self._fetch(
                f"SELECT document_id, event_id, cluster_id, corroboration, contradiction FROM events "
                f"WHERE document_id {pick}",
                ids,
            ):
                key = EventKey(doc_id, event_id)
                report = kept.get(key)
                if key in wanted and report is not None:
                    out[key] = _Link(cluster, corr, contra).applied(report)
        out.update(self._read_reports(missing))
        return out

    def _read_reports(self, keys: Sequence[EventKey]) -> dict[EventKey, StoredEvent]:
        """These reports read whole (payload, article columns, cluster columns), and kept."""
        if not keys:
            return {}
        wanted = set(keys)
        pick, ids = self._pick(sorted({k.document_id for k in keys}), "d")
        rows = self._fetch(
            "SELECT document_id, event_id, payload, cluster_id, corroboration, contradiction, outlet, published, "
            f"url, title FROM events WHERE document_id {pick}",
            ids,
        )
        out: dict[EventKey, StoredEvent] = {}
        for doc_id, event_id, payload, cluster, corr, contra, outlet, published, url, title in rows:
            key = EventKey(doc_id, event_id)
            if key not in wanted:
                continue
            report = StoredEvent(
                key=key, event=from_payload(Event, payload), outlet=outlet, published=published, url=url, title=title
            )
            out[key] = _Link(cluster, corr, contra).applied(self._kept_reports.put(key, report))
        return out

    @cached_property
    def _kept_reports(self) -> Kept[EventKey, StoredEvent]:
        return Kept(PAYLOADS_KEPT)

    def query_events(self, query: EventQuery) -> list[StoredEvent]:
        return self._select(query)

    def page_events(self, query: EventQuery) -> tuple[list[StoredEvent], int]:
        return self._page(query, counted=True)

    def count_events(self, query: EventQuery) -> int:
        where, params, cluster = self._where(query)
        join = self._CLUSTER_JOIN if cluster else ""
        rows = self._fetch(f"SELECT count(*) FROM events e{join}{where}", params)
        return int(rows[0][0])

    def get_event(self, key: EventKey) -> StoredEvent | None:
        return self._stored_events([key]).get(key)

    def _clusters(self, where: str, params: dict[str, Any]) -> list[Cluster]:
        rows = self._fetch(f"SELECT c.payload FROM clusters c {where}", params)
        return [from_payload(Cluster, r[0]) for r in rows]

    def clusters(self, limit: int | None = 100, offset: int = 0, min_size: int = 2) -> list[Cluster]:
        return self._clusters(
            "WHERE size >= $min_size ORDER BY corroboration DESC, size DESC, id LIMIT $limit OFFSET $offset",
            {"min_size": min_size, "limit": limit, "offset": offset},
        )

    def get_cluster(self, id: str) -> Cluster | None:
        found = self._clusters("WHERE id = $id", {"id": id})
        return found[0] if found else None

    def _cluster_where(self, q: EventQuery) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        member = (
            "EXISTS (SELECT 1 FROM cluster_members cm JOIN actors a ON a.document_id = cm.document_id "
            "AND a.event_id = cm.event_id WHERE cm.cluster_id = c.id AND "
        )
        if q.types:
            clauses.append("c.type IN (SELECT unnest($types::VARCHAR[]))")
            params["types"] = list(q.types)
        if q.country is not None:
            clauses.append("c.country = $country")
            params["country"] = q.country
        if q.admin1 is not None:
            clauses.append("lower(c.admin1) = lower($admin1)")
            params["admin1"] = q.admin1
        if q.at is not None:
            clauses.append("c.lat = $lat AND c.lon = $lon")
            params.update(lat=q.at[0], lon=q.at[1])
        if q.date_from is not None:
            clauses.append("COALESCE(c.date_end, c.date_start) >= $date_from")
            params["date_from"] = q.date_from
        if q.date_to is not None:
            clauses.append("c.date_start <= $date_to")
            params["date_to"] = q.date_to
        if q.actor is not None:
            clauses.append(
                member + "(strpos(lower(a.text), lower($actor)) > 0 "
                "OR strpos(lower(coalesce(a.name, '')), lower($actor)) > 0))"
            )
            params["actor"] = q.actor
        if q.actor_country is not None:
            clauses.append(member + "a.country = $actor_country)")
            params["actor_country"] = q.actor_country
        if q.min_corroboration is not None:
            clauses.append("c.corroboration >= $min_corroboration")
            params["min_corroboration"] = q.min_corroboration
        if q.document_id is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM cluster_members cm WHERE cm.cluster_id = c.id AND cm.document_id = $document_id)"
            )
            params["document_id"] = q.document_id
        if q.cluster_id is not None:
            clauses.append("c.id = $cluster_id")
            params["cluster_id"] = q.cluster_id
        if q.factualities:
            clauses.append("c.factuality IN (SELECT unnest($facts::VARCHAR[]))")
            params["facts"] = list(q.factualities)
        if q.acled_types:
            clauses.append("c.acled_event_type IN (SELECT unnest($acled::VARCHAR[]))")
            params["acled"] = list(q.acled_types)
        if q.outlets:
            clauses.append(
                "c.id IN (SELECT se.cluster_id FROM events se WHERE se.outlet IN (SELECT unnest($outlets::VARCHAR[])))"
            )
            params["outlets"] = list(q.outlets)
        words: list[str] = []
        self._shared_filters(dataclasses.replace(q, acled_types=()), words, params, "se")
        if words:
            # One report of the event holds every word (the same rule as for a report): one
            # scan of `events`, whose rows name their cluster (a join through
            # `cluster_members` costs as much again as the scan on 100k events).
            clauses.append(
                f"c.id IN (SELECT se.cluster_id FROM events se WHERE {' AND '.join(words)})"
            )
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _cluster_order(order: str) -> str:
        newest = f"(c.date_start IS NULL), c.date_start {'ASC' if order == 'oldest' else 'DESC'}"
        lead = {
            "corroboration": "c.corroboration DESC, ",
            "killed": "(c.killed IS NULL), c.killed DESC, ",
            "reports": "c.size DESC, ",
        }.get(order, "")
        return f"{lead}{newest}, c.id"

    def query_clusters(self, query: EventQuery) -> list[Cluster]:
        return self._cluster_page(query, counted=False)[0]

    def page_clusters(self, query: EventQuery) -> tuple[list[Cluster], int]:
        return self._cluster_page(query, counted=True)

    def _cluster_page(self, query: EventQuery, *, counted: bool) -> tuple[list[Cluster], int]:
        """A page of events and (when `counted`) how many match: their ids found first,
        then only those read whole (or taken from the clusters already decoded)."""
        where, params = self._cluster_where(query)
        params.update(limit=query.limit, offset=query.offset)
        in_scan = counted and _count_in_scan(query)
        rows = self._fetch(
            f"SELECT c.id, c.updated_at{', count(*) OVER ()' if in_scan else ', 0'} FROM clusters c{where} "
            f"ORDER BY {self._cluster_order(query.order)} LIMIT $limit OFFSET $offset",
            params,
        )
        total = (int(rows[0][2]) if in_scan and rows else self.count_clusters(query)) if counted else 0
        return self._clusters_by_id([(r[0], r[1]) for r in rows]), total

    def _clusters_by_id(self, ids: Sequence[tuple[str, Any]]) -> list[Cluster]:
        """These (id, updated_at) clusters, in this order: those decoded before from the
        cache (a cluster written again has a new `updated_at`), the rest read."""
        kept = self._decoded_clusters
        found: dict[str, Cluster] = {}
        missing: list[str] = []
        for cid, updated in ids:
            cached = kept.get((cid, updated))
            if cached is None:
                missing.append(cid)
            else:
                found[cid] = cached
        for lo in range(0, len(missing), self._LOOKUP):
            chunk = missing[lo : lo + self._LOOKUP]
            listed = ", ".join(f"$i{n}" for n in range(len(chunk)))
            for cid, updated, payload in self._fetch(
                f"SELECT id, updated_at, payload FROM clusters WHERE id IN ({listed})",
                {f"i{n}": i for n, i in enumerate(chunk)},
            ):
                found[cid] = kept.put((cid, updated), from_payload(Cluster, payload))
        return [found[i] for i, _ in ids if i in found]

    @cached_property
    def _decoded_clusters(self) -> Kept[tuple[str, Any], Cluster]:
        return Kept(PAYLOADS_KEPT)

    def count_clusters(self, query: EventQuery) -> int:
        where, params = self._cluster_where(query)
        return int(self._fetch(f"SELECT count(*) FROM clusters c{where}", params)[0][0])

    # facets, summaries and the source graph ---------------------------------
    def facets(self, unit: str = "events") -> Facets:
        if unit == "reports":
            source = (
                "SELECT type, acled_event_type AS acled, factuality AS fact, country, admin1 FROM events"
            )
            outlets = "SELECT outlet, count(*) FROM events"
            # A report outside every cluster counts as corroborated once.
            span = (
                "SELECT count(*), min(link_lo), max(link_hi), greatest(COALESCE((SELECT max(corroboration) "
                "FROM clusters), 0), CASE WHEN count(*) > (SELECT count(*) FROM cluster_members) THEN 1 "
                "ELSE 0 END) FROM events"
            )
        else:
            source = (
                "SELECT c.type AS type, c.acled_event_type AS acled, c.factuality AS fact, c.country AS country, "
                "c.admin1 AS admin1 FROM clusters c"
            )
            outlets = (
                "SELECT outlet, count(*) FROM (SELECT DISTINCT cm.cluster_id, d.outlet FROM cluster_members cm "
                "JOIN documents d ON d.id = cm.document_id) x"
            )
            span = (
                "SELECT count(*), min(date_start), max(COALESCE(date_end, date_start)), max(corroboration) "
                "FROM clusters"
            )

        def counted(column: str) -> dict[str, int]:
            rows = self._fetch(f"SELECT {column}, count(*) FROM ({source}) s WHERE {column} IS NOT NULL GROUP BY 1")
            return {str(v): int(n) for v, n in rows if v != ""}

        admin1 = {
            (country, str(region)): int(n)
            for country, region, n in self._fetch(
                f"SELECT country, admin1, count(*) FROM ({source}) s WHERE admin1 IS NOT NULL "
                "AND admin1 <> '' GROUP BY 1, 2"
            )
        }
        by_outlet = {str(o): int(n) for o, n in self._fetch(f"{outlets} WHERE outlet IS NOT NULL GROUP BY 1") if o}
        total, first, last, top = self._fetch(span)[0]
        if unit == "reports":
            first, last = _day(first), _day(last)
        return make_facets(
            int(total), counted("type"), counted("acled"), counted("fact"), by_outlet, counted("country"),
            admin1, first, last, int(top or 0),
        )

    def summary(self, query: EventQuery, unit: str = "events", max_places: int = 2000) -> Summary:
        if unit == "reports":
            where, params, cluster = self._where(query)
            join = self._CLUSTER_JOIN if cluster else ""
            base = (
                "SELECT e.type AS type, e.lat AS lat, e.lon AS lon, e.place_name AS name, "
                f"e.country AS country, e.link_lo AS day FROM events e{join}{where}"
            )
        else:
            where, params = self._cluster_where(query)
            base = (
                "SELECT c.type AS type, c.lat AS lat, c.lon AS lon, c.place_name AS name, c.country AS country, "
                f"COALESCE(c.date_start, c.date_end) AS day FROM clusters c{where}"
            )
        points = {
            (float(lat), float(lon), name, country, str(type_)): int(n)
            for lat, lon, name, country, type_, n in self._fetch(
                f"SELECT lat, lon, name, country, type, count(*) FROM ({base}) b "
                "WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4, 5",
                params,
            )
        }
        days: dict[tuple[dt.date, str], int] = {}
        total = undated = 0
        for day, type_, n in self._fetch(f"SELECT day, type, count(*) FROM ({base}) b GROUP BY 1, 2", params):
            total += int(n)
            if day is None:
                undated += int(n)
            else:
                when: dt.date = _EPOCH + dt.timedelta(days=day) if isinstance(day, int) else day
                days[(when, str(type_))] = days.get((when, str(type_)), 0) + int(n)
        return summarise(total, points, days, undated, max_places)

    def source_counts(self) -> SourceCounts:
        outlets = self._fetch(
            "SELECT d.outlet, count(*) FROM events e JOIN documents d ON d.id = e.document_id GROUP BY 1"
        )
        steps = self._fetch(
            "SELECT CASE WHEN a.position = 0 THEN d.outlet ELSE b.name END, "
            "CASE WHEN a.position = 0 THEN 'document' ELSE b.kind END, a.name, a.kind, count(*) "
            "FROM attributions a JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN attributions b ON b.document_id = a.document_id AND b.event_id = a.event_id "
            "AND b.position = a.position - 1 GROUP BY 1, 2, 3, 4"
        )
        members = self._fetch(
            "SELECT m.cluster_id, d.outlet, e.factuality, count(*) FROM cluster_members m "
            "JOIN clusters c ON c.id = m.cluster_id AND c.size >= 2 "
            "JOIN events e ON e.document_id = m.document_id AND e.event_id = m.event_id "
            "JOIN documents d ON d.id = m.document_id GROUP BY 1, 2, 3"
        )
        return source_counts(
            {o: int(n) for o, n in outlets},
            {(a, str(b), str(c), str(d)): int(n) for a, b, c, d, n in steps},
            {(str(c), o, str(f)): int(n) for c, o, f, n in members},
        )

    def unlinked_documents(self) -> list[str]:
        rows = self._fetch(
            "SELECT DISTINCT e.document_id FROM events e LEFT JOIN cluster_members m "
            "ON m.document_id = e.document_id AND m.event_id = e.event_id WHERE m.cluster_id IS NULL "
            "ORDER BY e.document_id"
        )
        return [r[0] for r in rows]

    def get_events(self, keys: Sequence[EventKey]) -> dict[EventKey, StoredEvent]:
        out: dict[EventKey, StoredEvent] = {}
        ordered = sorted(set(keys))
        for lo in range(0, len(ordered), 5000):
            out.update(self._stored_events(ordered[lo : lo + 5000]))
        return out

    def representatives(self, clusters: Sequence[Cluster]) -> dict[str, StoredEvent]:
        """A representative's cluster columns are its cluster's own (they are written
        together), so only the reports not kept decoded are read."""
        kept = self._kept_reports
        out: dict[str, StoredEvent] = {}
        missing: dict[EventKey, Cluster] = {}
        for c in clusters:
            if c.representative is None:
                continue
            report = kept.get(c.representative)
            if report is None:
                missing[c.representative] = c
            else:
                out[c.id] = _Link(c.id, c.corroboration, c.contradiction).applied(report)
        for key, report in self._read_reports(list(missing)).items():
            out[missing[key].id] = report
        return out

    def _columns(self, sql: str, params: dict[str, Any] | None = None) -> Columns:
        """A query's result as lists by column name (dialects may do this faster)."""
        with self._lock:
            try:
                names, rows = self._described(sql, params)
            except Exception as exc:
                if self._is_db_error(exc):
                    raise StoreError(f"store query failed: {exc}") from exc
                raise
        if not rows:
            return {n: [] for n in names}
        return {n: list(col) for n, col in zip(names, zip(*rows, strict=True), strict=True)}

    def _described(self, sql: str, params: dict[str, Any] | None) -> tuple[list[str], list[Row]]:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _SQLLinkSession:
    """A `LinkSession` over a `SQLStore`, inside its transaction (see `SQLStore.link_session`).

    A full relink numbers the linkable events once into a temporary table in blocking
    order (`link_order`), so each chunk is a range read; group assignments go to
    another (`link_groups`) and members are read back by group range.
    """

    def __init__(self, store: SQLStore, families: Mapping[str, str]) -> None:
        self.store = store
        self.families = families
        self.view = link_view(families)
        self.blocks, self.docs, self.types = Coder(), Coder(), Coder()
        self._ordered = False
        self._linkable = 0
        self._groups = 0
        self._cleared = False

    def close(self) -> None:
        for table in ("link_order", "link_groups"):
            self.store._run(f"DROP TABLE IF EXISTS {table}")

    def _order(self) -> None:
        """Number every stored event once, linkable ones first in blocking order, with all
        the columns the linker and the summaries read: one evaluation of the link view."""
        if self._ordered:
            return
        self.store._run("DROP TABLE IF EXISTS link_order")
        self.store._run(
            "CREATE TEMPORARY TABLE link_order AS SELECT "
            "row_number() OVER (ORDER BY (lo IS NULL), family, country NULLS LAST, admin1_key NULLS LAST, "
            "lo, hi, document_id, event_id) - 1 AS n, "
            "dense_rank() OVER (ORDER BY family, country NULLS LAST, admin1_key NULLS LAST) AS block_id, "
            "dense_rank() OVER (ORDER BY document_id) AS doc_id, "
            "dense_rank() OVER (ORDER BY type) AS type_id, v.* "
            f"FROM ({self.view}) v"
        )
        self._linkable = int(self.store._fetch("SELECT count(*) FROM link_order WHERE lo IS NOT NULL")[0][0])
        self._ordered = True

    def count(self) -> int:
        self._order()
        return self._linkable

    def frame(self, start: int, stop: int) -> LinkFrame:
        self._order()
        cols = self.store._columns(
            "SELECT * FROM link_order WHERE n >= $a AND n < $b ORDER BY n",
            {"a": start, "b": min(stop, self._linkable)},
        )
        return frame(cols, n=cols["n"], blocks=cols["block_id"], docs=cols["doc_id"], types=cols["type_id"])

    def assign(self, n: Any, group: Any) -> None:
        self._order()
        self.store._run("DROP TABLE IF EXISTS link_groups")
        self.store._run("CREATE TEMPORARY TABLE link_groups (n BIGINT, grp BIGINT)")
        self.store._run(
            "INSERT INTO link_groups SELECT unnest($n::BIGINT[]), unnest($g::BIGINT[])",
            {"n": [int(x) for x in n], "g": [int(x) for x in group]},
        )
        linked = int(max(group)) + 1 if len(group) else 0
        # Events that cannot be linked (no date at all) are groups of their own.
        self.store._run(
            "INSERT INTO link_groups SELECT n, $base + n - $linkable FROM link_order WHERE lo IS NULL",
            {"base": linked, "linkable": self._linkable},
        )
        self._groups = int(self.store._fetch("SELECT count(DISTINCT grp) FROM link_groups")[0][0])

    def groups(self) -> int:
        return self._groups

    def assigned_members(self, first_group: int, last_group: int) -> list[tuple[int, Member]]:
        cols = self.store._columns(
            "SELECT g.grp, o.* FROM link_groups g JOIN link_order o ON o.n = g.n "
            "WHERE g.grp >= $a AND g.grp <= $b ORDER BY g.grp, o.document_id, o.event_id",
            {"a": first_group, "b": last_group},
        )
        return list(zip((int(g) for g in cols["grp"]), members(cols), strict=True))

    def _rows(
        self, document_ids: Sequence[str], keep: set[tuple[str, str]] | None = None
    ) -> tuple[LinkFrame, list[Member]]:
        """The events of these documents: linkable rows first (in the frame), then the
        others (members only); `keep` narrows them to these (document, event) keys."""
        inside, params = self.store._listed(document_ids, "d")
        view = link_view(self.families, inside)
        cols = self.store._columns(
            f"SELECT * FROM ({view}) v "
            "ORDER BY (lo IS NULL), family, country, admin1_key, lo, hi, document_id, event_id",
            params,
        )
        if keep is not None:
            rows = [k for k, key in enumerate(zip(cols["document_id"], cols["event_id"], strict=True)) if key in keep]
            cols = {name: [values[k] for k in rows] for name, values in cols.items()}
        found = members(cols)
        linkable = [k for k, lo in enumerate(cols["lo"]) if lo is not None]
        picked: Columns = {name: [values[k] for k in linkable] for name, values in cols.items()}
        return frame(picked, blocks=self.blocks, docs=self.docs, types=self.types), found

    def _rows_of(self, keys: Sequence[tuple[str, str]]) -> tuple[LinkFrame, list[Member]]:
        """The rows of these events, selected by document (which the scan can filter)."""
        docs = sorted({d for d, _ in keys})
        return self._rows(docs, set(keys))

    def new_frame(self, document_ids: Sequence[str]) -> tuple[LinkFrame, list[Member]]:
        return self._rows(document_ids)

    def candidates(self, document_ids: Sequence[str], window: int, cap: int) -> tuple[LinkFrame, list[Member]]:
        # One scan of `events` on the link columns stored with each event.
        keys = self.store._fetch(
            """WITH q AS (
                SELECT document_id, event_id, link_block, link_lo, link_hi FROM events
                WHERE document_id IN (SELECT unnest($ids::VARCHAR[])) AND link_lo IS NOT NULL
            ),
            j AS (
                SELECT c.document_id, c.event_id, row_number() OVER (
                    PARTITION BY q.document_id, q.event_id
                    ORDER BY abs(c.link_lo - q.link_lo), c.document_id, c.event_id) AS r
                FROM q JOIN events c ON c.link_block = q.link_block
                    AND c.link_lo <= q.link_hi + $w AND c.link_hi >= q.link_lo - $w
                WHERE c.document_id NOT IN (SELECT unnest($ids::VARCHAR[]))
            )
            SELECT DISTINCT document_id, event_id FROM j WHERE r <= $cap""",
            {"ids": list(document_ids), "w": window, "cap": cap},
        )
        return self._rows_of([(d, e) for d, e in keys])

    def members_of(self, cluster_ids: Sequence[str]) -> tuple[LinkFrame, list[Member]]:
        keys = self.store._fetch(
            "SELECT document_id, event_id FROM cluster_members WHERE cluster_id IN (SELECT unnest($ids::VARCHAR[]))",
            {"ids": list(cluster_ids)},
        )
        return self._rows_of([(d, e) for d, e in keys])

    def write(self, clusters: Sequence[Cluster], *, drop: Sequence[str] = ()) -> None:
        cluster_rows, member_rows = _cluster_rows(clusters)
        if not self._cleared:
            gone = sorted({*drop, *(c.id for c in clusters)})
            keys = [f"{d}:{e}" for d, e, _ in member_rows]
            self.store._run(
                "DELETE FROM cluster_members WHERE cluster_id IN (SELECT unnest($ids::VARCHAR[])) "
                "OR document_id || ':' || event_id IN (SELECT unnest($keys::VARCHAR[]))",
                {"ids": gone, "keys": keys},
            )
            self.store._run("DELETE FROM clusters WHERE id IN (SELECT unnest($ids::VARCHAR[]))", {"ids": gone})
            self.store._run(_UNMARK + "WHERE cluster_id IN (SELECT unnest($ids::VARCHAR[]))", {"ids": gone})
        self.store._insert("clusters", cluster_rows)
        self.store._insert("cluster_members", member_rows)
        self.store._mark_members(clusters)

    def clear(self) -> None:
        self.store._run("DELETE FROM cluster_members")
        self.store._run("DELETE FROM clusters")
        self.store._run(_UNMARK + "WHERE cluster_id IS NOT NULL")
        self._cleared = True
