"""The JSON shape `sitreport extract` prints (see shared/CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from sitreport.model import AcledCoding, Actor, DateRange, Document, Event, GeoPrecision, Place


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "document": {
            "id": doc.id,
            "outlet": doc.outlet,
            "published": doc.published.isoformat() if doc.published else None,
            "title": doc.title,
            "url": doc.url,
        },
        "events": [event_to_dict(e) for e in doc.events],
    }


def event_to_dict(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "type": e.type,
        "mode": e.mode,
        "contexts": list(e.contexts),
        "acled": acled_to_dict(e.acled),
        "trigger": {"text": e.trigger, "start": e.trigger_start, "end": e.trigger_end},
        "actors": [actor_to_dict(a) for a in e.actors],
        "recipients": [actor_to_dict(a) for a in e.recipients],
        "location": place_to_dict(e.location),
        "date": date_to_dict(e.date),
        "counts": {
            "killed": e.counts.killed,
            "injured": e.counts.injured,
            "people": e.counts.people,
            "arrested": e.counts.arrested,
            "clamped": e.counts.clamped,
        },
        "attribution": {
            "chain": [
                {"name": s.name, "kind": s.kind, **({"also": list(s.also)} if s.also else {})}
                for s in e.attribution.chain
            ],
            "cue": e.attribution.cue,
        },
        "factuality": e.factuality.value,
        "evidence": (
            {"sentence": e.evidence.sentence, "start": e.evidence.start, "end": e.evidence.end} if e.evidence else None
        ),
        "instruments": list(e.instruments),
        "targets": list(e.targets),
        "actor_kinds": list(e.actor_kinds),
        "cluster": e.cluster or None,
        "mentions": [{"text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence} for m in e.mentions],
    }


def actor_to_dict(a: Actor) -> dict[str, Any]:
    return {"text": a.text, "country": a.country, "sector": a.sector, "name": a.name, "start": a.start, "end": a.end}


def place_to_dict(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "text": p.text,
        "name": p.name,
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "lat": p.lat,
        "lon": p.lon,
        "precision": _contract_precision(p),
        "grain": p.precision.value if p.precision else None,
        "near": p.near,
        "dateline": p.dateline,
        "start": p.start,
        "end": p.end,
    }


def _contract_precision(p: Place) -> str | None:
    """CONTRACT.md knows point | admin1 | country | region; a district is reported as
    admin1 there, and its own grain under the added key `grain`."""
    if p.precision is None:
        return None
    return "admin1" if p.precision is GeoPrecision.ADMIN2 else p.precision.value


def date_to_dict(d: DateRange | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "text": d.text or None,
        "start": d.start.isoformat() if d.start else None,
        "end": d.end.isoformat() if d.end else None,
        "precision": d.precision.value if d.precision else None,
        "inferred": d.inferred,
    }


def acled_to_dict(a: AcledCoding | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "event_type": a.event_type,
        "sub_event_type": a.sub_event_type,
        "disorder_type": a.disorder_type,
        "actor1": a.actor1,
        "actor2": a.actor2,
        "inter1": a.inter1,
        "inter2": a.inter2,
        "interaction": a.interaction,
        "fatalities": a.fatalities,
        "civilian_targeting": a.civilian_targeting,
    }
