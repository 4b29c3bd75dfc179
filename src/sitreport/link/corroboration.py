"""Who independently stands behind reports of one event, and whether they disagree.

The rules live in `sitreport.independence` (roots and which sources are one
voice) and `sitreport.link.summary` (which reports support an event); these are
the same rules for a list of `StoredEvent`s.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitreport.independence import SourceRules, independent, normalise_source
from sitreport.link.summary import AFFIRMING, DENYING
from sitreport.store.base import StoredEvent

__all__ = [
    "AFFIRMING",
    "DENYING",
    "attribution_roots",
    "contradiction",
    "corroboration",
    "normalise_source",
]


def attribution_roots(se: StoredEvent, rules: SourceRules | None = None, text: str = "") -> tuple[str, ...]:
    """The root keys of one report (see `sitreport.independence`)."""
    rules = rules or SourceRules.load()
    return rules.event_roots(se.event, text=text, outlet=se.outlet, document_id=se.document_id)


def corroboration(members: Iterable[StoredEvent], rules: SourceRules | None = None) -> tuple[int, tuple[str, ...]]:
    """How many independent roots support the event, and which."""
    rules = rules or SourceRules.load()
    roots = independent(
        r for se in members if se.event.factuality in AFFIRMING for r in attribution_roots(se, rules)
    )
    return len(roots), roots


def contradiction(members: Iterable[StoredEvent]) -> bool:
    """One member reports the event while another denies or negates it."""
    kinds = {se.event.factuality for se in members}
    return any(k in AFFIRMING for k in kinds) and any(k in DENYING for k in kinds)
