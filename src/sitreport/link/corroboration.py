"""Who independently stands behind a cluster of reports, and whether they disagree.

An event's attribution root is where its claim starts: the first element of
its chain (plus any sources named alongside it), or the outlet itself when the
outlet speaks in its own voice (empty chain). Two outlets both quoting
"Ukrainian officials" are one root, not two: corroboration counts distinct
normalised roots.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sitreport.model import Factuality
from sitreport.store.base import StoredEvent

__all__ = [
    "AFFIRMING",
    "DENYING",
    "attribution_roots",
    "contradiction",
    "corroboration",
    "normalise_source",
]

AFFIRMING = frozenset(
    {Factuality.ASSERTED, Factuality.REPORTED, Factuality.HEDGED, Factuality.ALLEGED}
)
DENYING = frozenset({Factuality.DENIED, Factuality.NEGATED})

_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^(the|a|an)\s+")


def normalise_source(name: str) -> str:
    """'The Kyiv Post' and 'kyiv post.' are one source."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _PUNCT.sub(" ", text.replace("'s ", " "))
    text = _SPACE.sub(" ", text).strip()
    return _LEADING.sub("", text)


def attribution_roots(se: StoredEvent) -> tuple[str, ...]:
    chain = se.event.attribution.chain
    if chain:
        names = (chain[0].name, *chain[0].also)
    elif se.outlet:
        names = (se.outlet,)
    else:
        return (f"document {se.key.document_id[:12]}",)
    roots = {normalise_source(n) for n in names}
    roots.discard("")
    return tuple(sorted(roots)) or (f"document {se.key.document_id[:12]}",)


def corroboration(members: Iterable[StoredEvent]) -> tuple[int, tuple[str, ...]]:
    """How many independent roots affirm the event, and every root seen.

    A denial is a voice in the cluster (its root is listed) but does not
    corroborate; a cluster of denials only counts its denying roots.
    """
    members = list(members)
    all_roots: set[str] = set()
    affirming: set[str] = set()
    for se in members:
        roots = attribution_roots(se)
        all_roots.update(roots)
        if se.event.factuality not in DENYING:
            affirming.update(roots)
    return len(affirming or all_roots), tuple(sorted(all_roots))


def contradiction(members: Iterable[StoredEvent]) -> bool:
    """One member reports the event while another denies or negates it."""
    kinds = {se.event.factuality for se in members}
    return bool(kinds & AFFIRMING) and bool(kinds & DENYING)
