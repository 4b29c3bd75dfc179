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
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from sitreport.errors import StoreError
from sitreport.model import AcledCoding, Counts, DateRange, Document, Event, Factuality, Place
from sitreport.store.codec import fit_to_columns

__all__ = [
    "ORDERS",
    "UNITS",
    "Batch",
    "BatchResult",
    "Cluster",
    "DocumentSummary",
    "EventKey",
    "EventQuery",
    "Facets",
    "Failure",
    "Ingested",
    "LinkFrame",
    "LinkSession",
    "Member",
    "PlaceCount",
    "Report",
    "SourceCounts",
    "Store",
    "StoredEvent",
    "Summary",
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


# How a query's results may be ordered; each falls back to "newest" on ties.
#   newest / oldest   by date (the event's, else its article's publication), undated last
#   corroboration     most independent sources first
#   killed            highest death toll first, none given last
#   reports           most reports first (for a report: the size of its event)
ORDERS = ("newest", "oldest", "corroboration", "killed", "reports")
# What a listing counts: events (clusters of reports, the unit an analyst counts) or reports.
UNITS = ("events", "reports")


@dataclass(frozen=True)
class EventQuery:
    """A filter over stored events; every field left at its default matches all.

    Dates filter on the event's date range, or the document's publication date
    when the event has none: an event matches when its range overlaps
    [date_from, date_to]. `actor` is a case-insensitive substring of an actor's
    or recipient's text or name; `actor_country` an ISO-3 code of either.
    `text` is a search: every word of it must occur in one report's evidence,
    actors, places or sources (`sitreport.store.search`). `types`, `acled_types`
    (ACLED event type), `factualities` (values of `Factuality`) and `outlets`
    (exact names) each match any of the values given; `at` is a location's exact
    (lat, lon). `order` is one of `ORDERS`. `limit=None` returns everything.
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
    text: str | None = None
    acled_types: tuple[str, ...] = ()
    factualities: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    at: tuple[float, float] | None = None
    order: str = "newest"
    limit: int | None = 100
    offset: int = 0

    def __post_init__(self) -> None:
        if self.order not in ORDERS:
            raise StoreError(f"unknown order {self.order!r}: one of {', '.join(ORDERS)}")


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
class Report:
    """One report of a clustered event: which article, outlet and link, and what it says."""

    key: EventKey
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    factuality: Factuality = Factuality.ASSERTED
    killed: int | None = None
    roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """One real-world event: the reports judged to describe it, reconciled.

    Every stored event belongs to exactly one cluster once linked (a report no other
    report matches is a cluster of one). The merged fields follow the rules of
    `sitreport.link.summary`: type, place, date and ACLED coding from the supporting
    reports (asserted, reported, hedged, alleged); `counts` the smallest figure any
    supporting report gives (ACLED's most conservative figure, never a sum);
    `corroboration` the number of independent roots among supporting reports, listed
    in `roots` (see `sitreport.independence`); `contradiction` is set when a member
    denies or negates what others report, and `contradictions` lists those members.
    `factuality` is the cluster's: the strongest supporting one, else what the
    members say (denied, negated, planned, hypothetical).
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
    mode: str | None = None
    factuality: Factuality = Factuality.ASSERTED
    location: Place | None = None
    date: DateRange | None = None
    counts: Counts = field(default_factory=Counts)
    acled: AcledCoding | None = None
    reports: tuple[Report, ...] = ()
    contradictions: tuple[EventKey, ...] = ()
    representative: EventKey | None = None

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets of its reports, each once, in report order."""
        return tuple(dict.fromkeys(r.outlet for r in self.reports if r.outlet))


@dataclass(frozen=True)
class Facets:
    """What the filters can choose from, over the whole store, each with how many
    events (or reports) have it, most common first: the values a filter form offers.
    `admin1` pairs are (country, admin1); dates span every dated one."""

    total: int
    types: tuple[tuple[str, int], ...] = ()
    acled_types: tuple[tuple[str, int], ...] = ()
    factualities: tuple[tuple[str, int], ...] = ()
    outlets: tuple[tuple[str, int], ...] = ()
    countries: tuple[tuple[str, int], ...] = ()
    admin1: tuple[tuple[str | None, str, int], ...] = ()
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    max_corroboration: int = 0


@dataclass(frozen=True)
class PlaceCount:
    """The events of a query at one point (exact coordinates), by type."""

    lat: float
    lon: float
    name: str | None
    country: str | None
    n: int
    types: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Summary:
    """A query's events counted by place and by day and type, for a map and a timeline.

    `places` holds the `places_total` points with most events first, at most the
    limit asked for; `days` every (day, type, count) with a date (an event's first
    day, else its article's publication); `undated` how many have no date at all.
    """

    total: int
    places: tuple[PlaceCount, ...] = ()
    places_total: int = 0
    located: int = 0
    days: tuple[tuple[dt.date, str, int], ...] = ()
    undated: int = 0


@dataclass(frozen=True)
class SourceCounts:
    """What the source graph is drawn from, counted in the store (never per pair of
    reports, so its cost grows with the number of distinct outlets and sources).

    `outlets`: reports per article outlet (None: no outlet). `steps`: one attribution
    step, (from name, from kind, to name, to kind, reports), where the first step of a
    chain comes from the article's outlet, kind "document". `clusters`: per event of
    two or more reports, (event id, outlet, factuality, reports) of its members.
    """

    outlets: tuple[tuple[str | None, int], ...] = ()
    steps: tuple[tuple[str | None, str, str, str, int], ...] = ()
    clusters: tuple[tuple[str, str | None, str, int], ...] = ()


IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LinkFrame:
    """The columns the linker scores, for a run of events (one entry per event).

    `block` is the blocking key (event family, location country, admin1): events of
    different blocks are never compared. Dates are day ordinals (-1 when unknown),
    coordinates NaN when unknown, `people` a 64-bit set of participant countries,
    `regional` whether the event's admin1 is known, `hashes` the hashed text features
    of each event (`sitreport.link.similarity.hashes`), `texts` its evidence sentence.
    """

    n: IntArray
    block: IntArray
    start: IntArray
    end: IntArray
    doc: IntArray
    type_: IntArray
    regional: npt.NDArray[np.bool_]
    precise: npt.NDArray[np.bool_]
    lat: FloatArray
    lon: FloatArray
    people: npt.NDArray[np.uint64]
    hashes: list[bytes]
    texts: list[str]

    def __len__(self) -> int:
        return len(self.n)


@dataclass(frozen=True)
class Member:
    """One stored event as the cluster summary needs it."""

    key: EventKey
    type: str
    factuality: Factuality
    mode: str | None = None
    location: Place | None = None
    date: DateRange | None = None
    counts: Counts = field(default_factory=Counts)
    acled: AcledCoding | None = None
    roots: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    cluster_id: str | None = None


class LinkSession(Protocol):
    """A store opened for linking, in one transaction (see `Store.link_session`).

    A full relink reads every linkable event in blocking order (`count`, `frame`),
    records which events go together (`assign`), then reads members cluster by cluster
    (`assigned_members`) to write summaries. An incremental link reads the new
    documents' events, their candidates among stored events, and the members of the
    clusters those belong to, then replaces just those clusters.
    """

    def count(self) -> int:
        """How many events can be linked (those with a date, own or published)."""
        ...

    def frame(self, start: int, stop: int) -> LinkFrame:
        """Linkable events `start <= n < stop` in blocking order (block, start, end, key)."""
        ...

    def assign(self, n: IntArray, group: IntArray) -> None:
        """Record that event `n[i]` belongs to group `group[i]` (full relink)."""
        ...

    def assigned_members(self, first_group: int, last_group: int) -> list[tuple[int, Member]]:
        """(group, member) for groups in [first, last], every stored event included:
        events that cannot be linked come as groups of their own after the others."""
        ...

    def groups(self) -> int:
        """How many groups `assigned_members` will return (after every `assign`)."""
        ...

    def new_frame(self, document_ids: Sequence[str]) -> tuple[LinkFrame, list[Member]]:
        """The events of these documents (numbered from -1 down)."""
        ...

    def candidates(self, document_ids: Sequence[str], window: int, cap: int) -> tuple[LinkFrame, list[Member]]:
        """Stored events of other documents in the blocks of these documents' events,
        starting within `window` days of one of them: the `cap` nearest in date each."""
        ...

    def members_of(self, cluster_ids: Sequence[str]) -> tuple[LinkFrame, list[Member]]:
        """Every member of these clusters."""
        ...

    def write(self, clusters: Sequence[Cluster], *, drop: Sequence[str] = ()) -> None:
        """Store these clusters (replacing their members' old ones) and drop the `drop` ids."""
        ...

    def clear(self) -> None:
        """Drop every cluster (a full relink writes them all again)."""
        ...


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

    def page_events(self, query: EventQuery) -> tuple[list[StoredEvent], int]:
        """`query_events` and `count_events` of one query together (a SQL store finds
        both in one pass)."""
        ...

    def get_event(self, key: EventKey) -> StoredEvent | None: ...

    def save_clusters(self, clusters: Sequence[Cluster]) -> None:
        """Replace every stored cluster with these, in one transaction."""
        ...

    def clusters(self, limit: int | None = 100, offset: int = 0, min_size: int = 2) -> list[Cluster]: ...

    def query_clusters(self, query: EventQuery) -> list[Cluster]:
        """Clusters (events) matching `query`, newest first. Filters apply to the merged
        fields (type, place, date, corroboration) or, for actors and documents, to any
        member; `cluster_id` picks one."""
        ...

    def count_clusters(self, query: EventQuery) -> int: ...

    def page_clusters(self, query: EventQuery) -> tuple[list[Cluster], int]:
        """`query_clusters` and `count_clusters` of one query together."""
        ...

    def facets(self, unit: str = "events") -> Facets:
        """The filter choices over every event ("events", the clusters) or report ("reports")."""
        ...

    def summary(self, query: EventQuery, unit: str = "events", max_places: int = 2000) -> Summary:
        """The events (or reports) matching `query`, ignoring its limit, offset and order,
        counted by place and by day (see `Summary`)."""
        ...

    def source_counts(self) -> SourceCounts:
        """The counts the source graph is drawn from (see `SourceCounts`)."""
        ...

    def unlinked_documents(self) -> list[str]:
        """Ids of documents with events in no cluster (stored since the last link)."""
        ...

    def get_events(self, keys: Sequence[EventKey]) -> dict[EventKey, StoredEvent]:
        """The stored events with these keys (those that exist)."""
        ...

    def representatives(self, clusters: Sequence[Cluster]) -> dict[str, StoredEvent]:
        """Each cluster's representative report, by cluster id (those that exist)."""
        ...

    def link_session(self, families: Mapping[str, str]) -> AbstractContextManager[LinkSession]:
        """Open the store for linking in one transaction; `families` maps an event type
        to its linking family (types not listed are their own family)."""
        ...

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
