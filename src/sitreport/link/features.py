"""What the linker reads from one event, computed when the event is stored.

Roots (where the claim comes from, `sitreport.independence`), participant
countries as a 64-bit set, and the hashed features of its evidence sentence.
They need the document (its text, outlet) and Python, so stores compute them on
write rather than the linker on every run.
"""

from __future__ import annotations

import hashlib
from functools import cache

from sitreport.independence import SourceRules
from sitreport.link.similarity import hashes
from sitreport.model import Document, Event

__all__ = ["EventFeatures", "country_bit", "event_features", "link_text", "people_mask"]

_SIGN = 1 << 63


@cache
def country_bit(code: str) -> int:
    """One of 64 bits for a country code: a rare collision only softens one feature."""
    return 1 << (int(hashlib.blake2b(code.encode(), digest_size=1).digest()[0]) % 64)


def people_mask(event: Event) -> int:
    """The event's actor and recipient countries as a set of bits, as a signed 64-bit int."""
    mask = 0
    for a in event.actors + event.recipients:
        if a.country:
            mask |= country_bit(a.country)
    return mask - (1 << 64) if mask & _SIGN else mask


def link_text(event: Event) -> str:
    return event.evidence.sentence if event.evidence else event.trigger


EventFeatures = tuple[tuple[str, ...], int, bytes]


def event_features(doc: Document, event: Event, rules: SourceRules) -> EventFeatures:
    """(roots, people mask, text hashes) of one event of `doc`."""
    roots = rules.event_roots(event, text=doc.text, outlet=doc.outlet, document_id=doc.id)
    return roots, people_mask(event), hashes(link_text(event))
