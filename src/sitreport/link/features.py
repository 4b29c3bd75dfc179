"""What the linker reads from one event, computed when the event is stored.

Roots (where the claim comes from, `sitreport.independence`), participant
countries as a 64-bit set, and the hashed features of its evidence sentence.
They need the document (its text, outlet) and Python, so stores compute them on
write rather than the linker on every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache

from sitreport.independence import SourceRules
from sitreport.link.similarity import hashes
from sitreport.model import Document, Event
from sitreport.vocab import PLOVER

__all__ = [
    "FAMILIES",
    "EventFeatures",
    "block_key",
    "country_bit",
    "event_features",
    "family",
    "link_text",
    "people_mask",
]

_SIGN = 1 << 63
_EPOCH = dt.date(1970, 1, 1)

# PLOVER event types that reports of one real event may code differently share a family
# (resources/plover.yaml).
FAMILIES: dict[str, str] = PLOVER.families


def family(event_type: str) -> str:
    return FAMILIES.get(event_type.upper(), event_type.upper())


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


@dataclass(frozen=True)
class EventFeatures:
    """What the linker reads from one stored event (see the module docstring).

    `block` is the blocking key (family, location country, admin1) and `lo`/`hi` the
    event's days since 1970 (its own dates, else its document's publication date; None
    when it has neither), so a store finds an event's candidates in one table."""

    roots: tuple[str, ...]
    people_mask: int
    hashes: bytes
    block: str
    lo: int | None
    hi: int | None


def block_key(event_type: str, country: str | None, admin1: str | None) -> str:
    return f"{family(event_type)}|{country or ''}|{admin1.lower() if admin1 else ''}"


def event_features(doc: Document, event: Event, rules: SourceRules) -> EventFeatures:
    """The link features of one event of `doc`."""
    roots = rules.event_roots(event, text=doc.text, outlet=doc.outlet, document_id=doc.id)
    d, p = event.date, event.location
    lo = ((d.start or d.end) if d else None) or doc.published
    hi = ((d.end or d.start) if d else None) or doc.published
    return EventFeatures(
        roots=roots,
        people_mask=people_mask(event),
        hashes=hashes(link_text(event)),
        block=block_key(event.type, p.country if p else None, p.admin1 if p else None),
        lo=(lo - _EPOCH).days if lo else None,
        hi=(hi - _EPOCH).days if hi else None,
    )
