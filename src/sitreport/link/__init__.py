"""Cross-article linking: clusters of reports about one real event, and who corroborates them."""

from sitreport.link.corroboration import (
    attribution_roots,
    contradiction,
    corroboration,
    normalise_source,
)
from sitreport.link.linker import FAMILIES, LinkConfig, LinkResult, family, link_documents, link_events, link_store
from sitreport.link.similarity import HashingEncoder, TextEncoder

__all__ = [
    "FAMILIES",
    "HashingEncoder",
    "LinkConfig",
    "LinkResult",
    "TextEncoder",
    "attribution_roots",
    "contradiction",
    "corroboration",
    "family",
    "link_documents",
    "link_events",
    "link_store",
    "normalise_source",
]
