"""The JSON views of the data model: the document shape `sitreport extract` prints
(docs/contract.md describes every field), a stored report, and a stored event (cluster
of reports). The API, `query` and the exports all build their JSON here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitreport.model import AcledCoding, Actor, DateRange, Document, Event, GeoPrecision, Place
from sitreport.store.base import Cluster, Report, StoredEvent


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
    """The contract knows point | admin1 | country | region; a district is reported as
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


def stored_event_to_dict(se: StoredEvent) -> dict[str, Any]:
    """A stored report: the CONTRACT event fields, its global `id` ("document:event"),
    `event_id`, its `document` and its `cluster`. The one view of a report that the API,
    `query --reports` and the JSON exports share."""
    view = event_to_dict(se.event)
    view["event_id"] = view["id"]
    view["id"] = str(se.key)
    view["document"] = {
        "id": se.document_id,
        "outlet": se.outlet,
        "published": _iso(se.published),
        "title": se.title,
        "url": se.url,
    }
    view["cluster"] = (
        {"id": se.cluster_id, "corroboration": se.corroboration, "contradiction": se.contradiction}
        if se.cluster_id is not None
        else None
    )
    view["corroboration"] = se.corroboration
    return view


def report_to_dict(r: Report) -> dict[str, Any]:
    return {
        "id": str(r.key),
        "document": r.key.document_id,
        "outlet": r.outlet,
        "url": r.url,
        "published": _iso(r.published),
        "title": r.title,
        "factuality": r.factuality.value,
        "killed": r.killed,
        "sources": list(r.roots),
    }


def cluster_to_dict(c: Cluster, representative: StoredEvent | None = None) -> dict[str, Any]:
    """One event of the store (a cluster of reports), reconciled (see `sitreport.link.summary`);
    actors, recipients, contexts, attribution and evidence come from its representative report."""
    rep = representative.event if representative is not None else None
    return {
        "id": c.id,
        "type": c.type,
        "mode": c.mode,
        "contexts": list(rep.contexts) if rep else [],
        "acled": acled_to_dict(c.acled),
        "actors": [actor_to_dict(a) for a in rep.actors] if rep else [],
        "recipients": [actor_to_dict(a) for a in rep.recipients] if rep else [],
        "location": place_to_dict(c.location),
        "date": date_to_dict(c.date)
        if c.date is not None
        else ({"text": None, "start": _iso(c.date_start), "end": _iso(c.date_end), "precision": None,
               "inferred": True} if c.date_start else None),
        "counts": {
            "killed": c.counts.killed,
            "injured": c.counts.injured,
            "people": c.counts.people,
            "arrested": c.counts.arrested,
        },
        "factuality": c.factuality.value,
        "corroboration": c.corroboration,
        "sources": list(c.roots),
        "contradiction": c.contradiction,
        "contradictions": [str(k) for k in c.contradictions],
        "reports": [report_to_dict(r) for r in c.reports],
        "representative": str(c.representative) if c.representative else None,
        "evidence": (
            {"sentence": rep.evidence.sentence, "report": str(representative.key) if representative else None}
            if rep is not None and rep.evidence is not None
            else None
        ),
        "score": c.score,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
