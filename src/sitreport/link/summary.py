"""One event from its reports: the rules that reconcile a cluster's members.

- Supporting reports are those that say the event took place, however sourced
  (asserted, reported, hedged, alleged). Denials and negations are listed as
  contradictions and count for nothing else; planned and hypothetical claims
  neither support nor contradict. When nothing supports a cluster, its fields
  come from all its members and its factuality says why (denied, negated...).
- Type, mode and ACLED event/sub-event type: the most common among supporting
  reports (ties: alphabetical), with the ACLED actors of the representative report.
- Place: the finest place consistent with the most other reports (same country,
  same admin1 where both know it, points within 50 km).
- Date: an explicit date before one inferred from publication, the finest grain,
  then the most common.
- Counts (killed, injured, people, arrested) and ACLED fatalities: the smallest
  figure any supporting report gives, ACLED's most conservative figure; never a sum.
- Corroboration: the independent roots of supporting reports
  (`sitreport.independence.independent`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from sitreport.geocode.base import km_between
from sitreport.independence import SourceRules, independent
from sitreport.link.features import event_features
from sitreport.model import AcledCoding, Counts, DateRange, Document, Factuality, GeoPrecision, Place, Precision
from sitreport.store.base import Cluster, EventKey, Member, Report, StoredEvent

__all__ = ["AFFIRMING", "DENYING", "best_date", "cluster_id", "consistent", "finest_place", "member_of", "summarize"]

AFFIRMING = (Factuality.ASSERTED, Factuality.REPORTED, Factuality.HEDGED, Factuality.ALLEGED)
DENYING = (Factuality.DENIED, Factuality.NEGATED)
_PRECISION_ORDER = (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR)
_MAX_KM = 50.0


def cluster_id(members: Sequence[EventKey]) -> str:
    """A cluster's id: stable for the same smallest member, whichever run made it."""
    return "c" + hashlib.sha1(str(min(members)).encode()).hexdigest()[:15]


def member_of(se: StoredEvent, rules: SourceRules, text: str = "") -> Member:
    """A `Member` from a stored event; `text` is its document's (for titles of sources)."""
    ev = se.event
    doc = Document(id=se.document_id, text=text, outlet=se.outlet)
    return Member(
        key=se.key,
        type=ev.type,
        factuality=ev.factuality,
        mode=ev.mode,
        location=ev.location,
        date=ev.date,
        counts=ev.counts,
        acled=ev.acled,
        roots=event_features(doc, ev, rules).roots,
        outlet=se.outlet,
        url=se.url,
        published=se.published,
        title=se.title,
        cluster_id=se.cluster_id,
    )


def _most_common(values: Sequence[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _km(a: Place, b: Place) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return km_between(a.lat, a.lon, b.lat, b.lon)


def _points(p: Place) -> bool:
    return p.lat is not None and p.lon is not None and p.precision in (GeoPrecision.POINT, GeoPrecision.ADMIN2)


def consistent(a: Place, b: Place) -> bool:
    """Whether two reports' places can be the same place."""
    if a.country and b.country and a.country != b.country:
        return False
    if a.admin1 and b.admin1 and a.admin1.casefold() != b.admin1.casefold():
        return False
    return not (_points(a) and _points(b) and _km(a, b) > _MAX_KM)


def _rank(p: Place) -> int:
    return p.precision.rank if p.precision is not None else len(GeoPrecision)


def finest_place(places: Sequence[Place]) -> Place | None:
    """The finest place that agrees with the most other places.

    Places are first grouped by name, country, admin1 and grain (reports of one event
    name the same few places), so a cluster of many reports costs little."""
    if not places:
        return None
    groups: dict[tuple[str, str | None, str | None, int], list[Place]] = {}
    for p in places:
        group = ((p.name or p.text).casefold(), p.country, p.admin1.casefold() if p.admin1 else None, _rank(p))
        groups.setdefault(group, []).append(p)
    reps = [(g[0], len(g)) for g in groups.values()]

    def key(i: int) -> tuple[int, int, int, int]:
        p, n = reps[i]
        agree = n - 1 + sum(m for j, (q, m) in enumerate(reps) if j != i and consistent(p, q))
        return (-agree, _rank(p), -n, i)

    return reps[min(range(len(reps)), key=key)][0]


def best_date(dates: Sequence[DateRange]) -> DateRange | None:
    """An explicit date before an inferred one, the finest grain, then the most common."""
    dated = [d for d in dates if d.start is not None]
    if not dated:
        return None

    def grain(d: DateRange) -> int:
        return _PRECISION_ORDER.index(d.precision) if d.precision in _PRECISION_ORDER else len(_PRECISION_ORDER)

    spans = Counter((d.start, d.end) for d in dated)
    return min(dated, key=lambda d: (not d.text, grain(d), -spans[(d.start, d.end)], d.start, d.end or d.start))


def _smallest(values: Sequence[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _acled(basis: Sequence[Member], representative: Member) -> AcledCoding | None:
    coded = [m for m in basis if m.acled is not None]
    if not coded:
        return None
    sub = _most_common([f"{m.acled.event_type}\x00{m.acled.sub_event_type}" for m in coded if m.acled])
    same = [m for m in coded if m.acled and f"{m.acled.event_type}\x00{m.acled.sub_event_type}" == sub]
    chosen = representative if representative in same else same[0]
    assert chosen.acled is not None
    figures = [
        m.acled.fatalities or 0
        for m in same
        if m.acled is not None and (m.counts.killed is not None or m.acled.fatalities)
    ]
    return replace(chosen.acled, fatalities=min(figures) if figures else 0)


def _factuality(support: Sequence[Member], members: Sequence[Member]) -> Factuality:
    if support:
        return min((m.factuality for m in support), key=AFFIRMING.index)
    kinds = [m.factuality.value for m in members]
    if Factuality.DENIED.value in kinds:
        return Factuality.DENIED
    return Factuality(_most_common(kinds))


def summarize(members: Sequence[Member], score: float = 0.0) -> Cluster:
    """The reconciled event of a cluster of reports (rules in this module's docstring)."""
    if not members:
        raise ValueError("a cluster needs at least one member")
    members = sorted(members, key=lambda m: m.key)
    support = [m for m in members if m.factuality in AFFIRMING]
    denying = [m for m in members if m.factuality in DENYING]
    basis = support or members
    etype = _most_common([m.type for m in basis]) or basis[0].type
    typed = [m for m in basis if m.type == etype]
    place = finest_place([m.location for m in basis if m.location is not None])
    date = best_date([m.date for m in basis if m.date is not None])
    representative = min(
        typed,
        key=lambda m: (
            m.location is None or m.location != place,
            m.location is None,
            m.counts.killed is None,
            m.key,
        ),
    )
    roots = independent(r for m in support for r in m.roots)
    counts = Counts(
        killed=_smallest([m.counts.killed for m in basis]),
        injured=_smallest([m.counts.injured for m in basis]),
        people=_smallest([m.counts.people for m in basis]),
        arrested=_smallest([m.counts.arrested for m in basis]),
    )
    keys = tuple(m.key for m in members)
    return Cluster(
        id=cluster_id(keys),
        members=keys,
        type=etype,
        corroboration=len(roots),
        roots=roots,
        contradiction=bool(support) and bool(denying),
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        date_start=date.start if date else None,
        date_end=(date.end or date.start) if date else None,
        score=round(score, 4),
        mode=_most_common([m.mode for m in typed if m.mode]),
        factuality=_factuality(support, members),
        location=place,
        date=date,
        counts=counts,
        acled=_acled(basis, representative),
        reports=tuple(
            Report(m.key, m.outlet, m.url, m.published, m.title, m.factuality, m.counts.killed, m.roots)
            for m in members
        ),
        contradictions=tuple(m.key for m in denying) if support else (),
        representative=representative.key,
    )
