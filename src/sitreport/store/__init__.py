"""Where extracted documents, events and cross-article clusters are kept."""

from sitreport.store.base import (
    ORDERS,
    UNITS,
    Batch,
    BatchResult,
    Cluster,
    DocumentSummary,
    EventKey,
    EventQuery,
    Facets,
    Failure,
    Ingested,
    PlaceCount,
    SourceCounts,
    Store,
    StoredEvent,
    Summary,
)
from sitreport.store.duckdb_store import DuckDBStore
from sitreport.store.memory import MemoryStore

__all__ = [
    "ORDERS",
    "UNITS",
    "Batch",
    "BatchResult",
    "Cluster",
    "DocumentSummary",
    "DuckDBStore",
    "EventKey",
    "EventQuery",
    "Facets",
    "Failure",
    "Ingested",
    "MemoryStore",
    "PlaceCount",
    "SourceCounts",
    "Store",
    "StoredEvent",
    "Summary",
]
