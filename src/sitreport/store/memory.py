"""`MemoryStore`: the store as plain dictionaries, for tests and small runs.

It honours the same contract as `DuckDBStore` (tests run against both): writes
land whole or not at all, query results come back in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterable, Sequence

from sitreport.model import Document
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

__all__ = ["MemoryStore", "event_sort_key", "matches", "strip_annotations"]


def strip_annotations(doc: Document) -> Document:
    """The part of a document a store keeps: text, metadata and events."""
    return dataclasses.replace(
        doc, tokens=(), sentences=(), entities=(), actors=(), places=(), dates=(), quantities=(), mentions=()
    )


def _when(se: StoredEvent) -> tuple[dt.date | None, dt.date | None]:
    date = se.event.date
    start = date.start if date is not None else None
    end = date.end if date is not None else None
    if start is None and end is None:
        return se.published, se.published
    return start or end, end or start


def matches(q: EventQuery, se: StoredEvent) -> bool:
    """Whether `se` passes every filter of `q` (the reference semantics)."""
    ev = se.event
    if q.types and ev.type not in q.types:
        return False
    loc = ev.location
    if q.country is not None and (loc is None or loc.country != q.country):
        return False
    if q.admin1 is not None and (loc is None or loc.admin1 is None or loc.admin1.casefold() != q.admin1.casefold()):
        return False
    if q.date_from is not None or q.date_to is not None:
        start, end = _when(se)
        if start is None or end is None:
            return False
        if q.date_from is not None and end < q.date_from:
            return False
        if q.date_to is not None and start > q.date_to:
            return False
    people = ev.actors + ev.recipients
    if q.actor is not None:
        needle = q.actor.casefold()
        if not any(needle in a.text.casefold() or (a.name is not None and needle in a.name.casefold()) for a in people):
            return False
    if q.actor_country is not None and not any(a.country == q.actor_country for a in people):
        return False
    if q.min_corroboration is not None and se.corroboration < q.min_corroboration:
        return False
    if q.document_id is not None and se.key.document_id != q.document_id:
        return False
    return q.cluster_id is None or se.cluster_id == q.cluster_id


def event_sort_key(se: StoredEvent, position: int) -> tuple[int, int, str, int]:
    """Newest first (event date, else publication date), undated last; then stable."""
    start, _ = _when(se)
    if start is None:
        return (1, 0, se.key.document_id, position)
    return (0, -start.toordinal(), se.key.document_id, position)


class MemoryStore:
    """A `Store` held in memory."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._docs: dict[str, Document] = {}
        self._doc_source: dict[str, tuple[str | None, dt.datetime]] = {}
        self._sources: dict[str, str] = {}  # raw hash -> document id
        self._failures: dict[str, Failure] = {}
        self._clusters: dict[str, Cluster] = {}
        self._member_of: dict[EventKey, str] = {}

    # writes -------------------------------------------------------------
    def write_batch(self, batch: Batch) -> BatchResult:
        batch = storable_batch(batch)
        with self._lock:
            added = duplicates = 0
            docs = dict(self._docs)
            sources = dict(self._sources)
            doc_source = dict(self._doc_source)
            failures = dict(self._failures)
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            for item in batch.documents:
                doc = item.document
                if doc.id in docs:
                    duplicates += 1
                else:
                    docs[doc.id] = strip_annotations(doc)
                    doc_source[doc.id] = (item.source, now)
                    added += 1
                if item.source_hash is not None:
                    sources.setdefault(item.source_hash, doc.id)
            for f in batch.failures:
                key = f.source_hash or f"source:{f.source}"
                failures[key] = dataclasses.replace(f, at=f.at or now)
            self._docs, self._sources, self._doc_source, self._failures = (
                docs,
                sources,
                doc_source,
                failures,
            )
            return BatchResult(added=added, duplicates=duplicates, failures=len(batch.failures))

    def add_document(self, doc: Document, *, source: str | None = None, source_hash: str | None = None) -> bool:
        result = self.write_batch(Batch(documents=(Ingested(doc, source, source_hash),)))
        return result.added == 1

    def record_failure(self, source: str, error: str, *, source_hash: str | None = None) -> None:
        self.write_batch(Batch(failures=(Failure(source, error, source_hash),)))

    def save_clusters(self, clusters: Sequence[Cluster]) -> None:
        with self._lock:
            self._clusters = {c.id: c for c in clusters}
            self._member_of = {k: c.id for c in clusters for k in c.members}

    # reads --------------------------------------------------------------
    def has_document(self, id: str) -> bool:
        return id in self._docs

    def known_sources(self, hashes: Iterable[str]) -> set[str]:
        with self._lock:
            return {h for h in hashes if h in self._sources or h in self._failures}

    def failures(self, limit: int | None = None, offset: int = 0) -> list[Failure]:
        with self._lock:
            rows = sorted(self._failures.values(), key=lambda f: (f.at or dt.datetime.min, f.source))
        return rows[offset:] if limit is None else rows[offset : offset + limit]

    def get_document(self, id: str) -> Document | None:
        return self._docs.get(id)

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        with self._lock:
            docs = sorted(
                self._docs.values(),
                key=lambda d: (
                    d.published is None,
                    -(d.published or dt.date.min).toordinal(),
                    d.id,
                ),
            )
            return [
                DocumentSummary(
                    id=d.id,
                    outlet=d.outlet,
                    published=d.published,
                    title=d.title,
                    url=d.url,
                    source=self._doc_source.get(d.id, (None, None))[0],
                    n_events=len(d.events),
                )
                for d in docs[offset : offset + limit]
            ]

    def count_documents(self) -> int:
        return len(self._docs)

    def _stored(self, doc: Document, position: int) -> StoredEvent:
        ev = doc.events[position]
        key = EventKey(doc.id, ev.id)
        cluster_id = self._member_of.get(key)
        cluster = self._clusters.get(cluster_id) if cluster_id else None
        return StoredEvent(
            key=key,
            event=ev,
            outlet=doc.outlet,
            published=doc.published,
            url=doc.url,
            title=doc.title,
            cluster_id=cluster_id,
            corroboration=cluster.corroboration if cluster else 1,
            contradiction=cluster.contradiction if cluster else False,
        )

    def _matching(self, query: EventQuery) -> list[StoredEvent]:
        with self._lock:
            found: list[tuple[tuple[int, int, str, int], StoredEvent]] = []
            for doc in self._docs.values():
                for position in range(len(doc.events)):
                    se = self._stored(doc, position)
                    if matches(query, se):
                        found.append((event_sort_key(se, position), se))
        found.sort(key=lambda pair: pair[0])
        return [se for _, se in found]

    def query_events(self, query: EventQuery) -> list[StoredEvent]:
        rows = self._matching(query)
        end = None if query.limit is None else query.offset + query.limit
        return rows[query.offset : end]

    def count_events(self, query: EventQuery) -> int:
        return len(self._matching(query))

    def get_event(self, key: EventKey) -> StoredEvent | None:
        doc = self._docs.get(key.document_id)
        if doc is None:
            return None
        for position, ev in enumerate(doc.events):
            if ev.id == key.event_id:
                return self._stored(doc, position)
        return None

    def clusters(self, limit: int | None = 100, offset: int = 0, min_size: int = 2) -> list[Cluster]:
        with self._lock:
            rows = sorted(
                (c for c in self._clusters.values() if c.size >= min_size),
                key=lambda c: (-c.corroboration, -c.size, c.id),
            )
        return rows[offset:] if limit is None else rows[offset : offset + limit]

    def get_cluster(self, id: str) -> Cluster | None:
        return self._clusters.get(id)

    def close(self) -> None:
        pass
