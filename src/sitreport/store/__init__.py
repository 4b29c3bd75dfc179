"""Where extracted documents, events and cross-article clusters are kept."""

from sitreport.store.base import (
    Batch,
    BatchResult,
    Cluster,
    DocumentSummary,
    EventKey,
    EventQuery,
    Failure,
    Ingested,
    Store,
    StoredEvent,
)
from sitreport.store.duckdb_store import DuckDBStore
from sitreport.store.memory import MemoryStore

__all__ = [
    "Batch",
    "BatchResult",
    "Cluster",
    "DocumentSummary",
    "DuckDBStore",
    "EventKey",
    "EventQuery",
    "Failure",
    "Ingested",
    "MemoryStore",
    "Store",
    "StoredEvent",
]
