"""The event store seam: one narrow `Store` Protocol and the records it speaks.

A store holds documents with their events, the inputs that failed, and the
cross-article clusters the linker found. Two implementations ship with the
library: `MemoryStore` (a fake for tests and small runs) and `DuckDBStore`
(a file on disk). Both must pass the same contract tests in
`tests/unit/test_store_contract.py`.

Every write is one transaction: `write_batch` lands whole or not at all, and
writing a document whose id is already stored is a no-op that reports `False`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sitreport.errors import StoreError
from sitreport.model import Document, Event
from sitreport.store.codec import fit_to_columns

__all__ = [
    "Batch",
    "BatchResult",
    "Cluster",
    "DocumentSummary",
    "EventKey",
    "EventQuery",
    "Failure",
    "Ingested",
    "Store",
    "StoredEvent",
    "storable",
    "storable_batch",
    "validate_document",
]


@dataclass(frozen=True, order=True)
class EventKey:
    """Where an event lives: its document id and its id within that document."""

    document_id: str
    event_id: str

    def __str__(self) -> str:
        return f"{self.document_id}:{self.event_id}"

    @classmethod
    def parse(cls, text: str) -> EventKey:
        """Read the `document_id:event_id` form `str()` writes."""
        document_id, sep, event_id = text.partition(":")
        if not sep or not document_id or not event_id:
            raise StoreError(f"not an event key (document_id:event_id): {text!r}")
        return cls(document_id, event_id)


@dataclass(frozen=True)
class EventQuery:
    """A filter over stored events; every field left at its default matches all.

    Dates filter on the event's date range, or the document's publication date
    when the event has none: an event matches when its range overlaps
    [date_from, date_to]. `actor` is a case-insensitive substring of an actor's
    or recipient's text or name; `actor_country` an ISO-3 code of either.
    `limit=None` returns everything.
    """

    types: tuple[str, ...] = ()
    country: str | None = None
    admin1: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str | None = None
    actor_country: str | None = None
    min_corroboration: int | None = None
    document_id: str | None = None
    cluster_id: str | None = None
    limit: int | None = 100
    offset: int = 0


@dataclass(frozen=True)
class StoredEvent:
    """An event as the store returns it: the event, its document and its cluster."""

    key: EventKey
    event: Event
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    cluster_id: str | None = None
    corroboration: int = 1
    contradiction: bool = False

    @property
    def document_id(self) -> str:
        return self.key.document_id


@dataclass(frozen=True)
class DocumentSummary:
    """A stored document without its text and events, for listings."""

    id: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    url: str | None
    source: str | None
    n_events: int


@dataclass(frozen=True)
class Failure:
    """An input that could not be turned into a document, and why."""

    source: str
    error: str
    source_hash: str | None = None
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Ingested:
    """A document ready to store and the raw input it came from (if known)."""

    document: Document
    source: str | None = None
    source_hash: str | None = None


@dataclass(frozen=True)
class Batch:
    """What one transaction writes: documents and failures together."""

    documents: tuple[Ingested, ...] = ()
    failures: tuple[Failure, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    added: int = 0
    duplicates: int = 0
    failures: int = 0


@dataclass(frozen=True)
class Cluster:
    """Events from several reports judged to be the same real-world event.

    `corroboration` counts independent attribution roots (see
    `sitreport.link.corroboration`); `contradiction` is set when one member
    reports the event and another denies or negates it.
    """

    id: str
    members: tuple[EventKey, ...]
    type: str
    corroboration: int
    roots: tuple[str, ...] = ()
    contradiction: bool = False
    country: str | None = None
    admin1: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    score: float = 0.0

    @property
    def size(self) -> int:
        return len(self.members)


@runtime_checkable
class Store(Protocol):
    """Where documents, events, failures and clusters are kept."""

    def write_batch(self, batch: Batch) -> BatchResult:
        """Write documents and failures in one transaction; stored ids are skipped."""
        ...

    def add_document(self, doc: Document, *, source: str | None = None, source_hash: str | None = None) -> bool:
        """Store one document; `False` when a document with its id is already stored."""
        ...

    def has_document(self, id: str) -> bool: ...

    def known_sources(self, hashes: Iterable[str]) -> set[str]:
        """The raw-input hashes already stored, as a document or as a failure."""
        ...

    def record_failure(self, source: str, error: str, *, source_hash: str | None = None) -> None: ...

    def failures(self, limit: int | None = None, offset: int = 0) -> list[Failure]: ...

    def get_document(self, id: str) -> Document | None:
        """The document with its text, metadata and events (no parse annotations)."""
        ...

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]: ...

    def count_documents(self) -> int: ...

    def query_events(self, query: EventQuery) -> list[StoredEvent]: ...

    def count_events(self, query: EventQuery) -> int:
        """How many events match, ignoring `limit` and `offset`."""
        ...

    def get_event(self, key: EventKey) -> StoredEvent | None: ...

    def save_clusters(self, clusters: Sequence[Cluster]) -> None:
        """Replace every stored cluster with these, in one transaction."""
        ...

    def clusters(self, limit: int | None = 100, offset: int = 0, min_size: int = 2) -> list[Cluster]: ...

    def get_cluster(self, id: str) -> Cluster | None: ...

    def close(self) -> None: ...


def validate_document(doc: Document) -> None:
    """Raise `StoreError` for a document no store can hold (duplicate event ids)."""
    seen: set[str] = set()
    for ev in doc.events:
        if ev.id in seen:
            raise StoreError(f"document {doc.id[:12]} has two events with id {ev.id!r}")
        seen.add(ev.id)


def storable(doc: Document) -> Document:
    """The document as every store keeps it (see `fit_to_columns`); `StoreError` if none can."""
    validate_document(doc)
    return fit_to_columns(doc)


def storable_batch(batch: Batch) -> Batch:
    """`batch` with each document made `storable`; `StoreError` names the first that is not."""
    items = tuple(
        item if (doc := storable(item.document)) is item.document else Ingested(doc, item.source, item.source_hash)
        for item in batch.documents
    )
    return Batch(documents=items, failures=batch.failures)
