"""Cross-article event linking: which reports describe the same real event.

Cost stays near-linear by blocking: events are grouped by event-type family
and location country, sorted by date, and only pairs whose dates fall within
`window_days` of each other are compared (a sweep, not all pairs). Each
candidate pair is scored on place, participants, date, type and the text of
the evidence sentences, all vectorised with numpy; pairs above `threshold` are
joined with union-find into clusters.

Events without any date (no event date, no publication date) are never
linked; events without a location country are compared only with each other.
Union-find is transitive: A~B and B~C put A and C together even if A and C
alone would not link. Hard vetoes (places too far apart, different admin1)
keep chains from drifting across regions, and links are applied strongest
first with a guard that keeps any cluster within `max_span_days`, so a run of
similar daily reports does not chain into one month-long "event".
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sitreport.link.corroboration import contradiction, corroboration
from sitreport.link.similarity import HashingEncoder, TextEncoder
from sitreport.model import GeoPrecision
from sitreport.store.base import Cluster, EventQuery, Store, StoredEvent
from sitreport.vocab import PLOVER

__all__ = ["FAMILIES", "LinkConfig", "LinkResult", "family", "link_events", "link_store"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# PLOVER event types that reports of one real event may code differently share a family
# (resources/plover.yaml).
FAMILIES: dict[str, str] = PLOVER.families

_PRECISE = frozenset({GeoPrecision.POINT, GeoPrecision.ADMIN2})
_EARTH_KM = 6371.0088


def family(event_type: str) -> str:
    return FAMILIES.get(event_type.upper(), event_type.upper())


@dataclass(frozen=True)
class LinkConfig:
    """Thresholds and weights; the weights sum to 1, so scores lie in [0, 1]."""

    window_days: int = 2
    max_km: float = 50.0
    threshold: float = 0.62
    max_span_days: int = 5  # a cluster never spans more days than this (stops chaining)
    w_text: float = 0.35
    w_place: float = 0.25
    w_actors: float = 0.15
    w_date: float = 0.15
    w_type: float = 0.10
    chunk: int = 20_000  # candidate pairs scored at once (bounds memory)


@dataclass(frozen=True)
class LinkResult:
    clusters: tuple[Cluster, ...]
    events: int
    candidates: int
    links: int
    seconds: float


@dataclass
class _Table:
    """Column arrays of the events being linked."""

    start: IntArray
    end: IntArray
    doc: IntArray
    type_: IntArray
    admin1: IntArray
    precise: npt.NDArray[np.bool_]
    lat: FloatArray
    lon: FloatArray
    people: npt.NDArray[np.uint64]
    vectors: npt.NDArray[np.float32]


def _bit(code: str) -> int:
    # Participants as a 64-bit set of hashed country codes: a rare collision only
    # softens one feature of the score.
    return 1 << (int(hashlib.blake2b(code.encode(), digest_size=1).digest()[0]) % 64)


def _table(events: Sequence[StoredEvent], encoder: TextEncoder) -> _Table:
    n = len(events)
    start = np.full(n, -1, np.int64)
    end = np.full(n, -1, np.int64)
    doc_ids: dict[str, int] = {}
    type_ids: dict[str, int] = {}
    admin_ids: dict[str, int] = {}
    doc = np.zeros(n, np.int64)
    type_ = np.zeros(n, np.int64)
    admin1 = np.full(n, -1, np.int64)
    precise = np.zeros(n, np.bool_)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    people = np.zeros(n, np.uint64)
    bits: dict[str, int] = {}
    texts: list[str] = []
    for i, se in enumerate(events):
        ev = se.event
        d = ev.date
        lo = (d.start or d.end) if d else None
        hi = (d.end or d.start) if d else None
        lo = lo or se.published
        hi = hi or se.published
        if lo is not None and hi is not None:
            start[i], end[i] = lo.toordinal(), max(lo, hi).toordinal()
        doc[i] = doc_ids.setdefault(se.key.document_id, len(doc_ids))
        type_[i] = type_ids.setdefault(ev.type, len(type_ids))
        loc = ev.location
        if loc is not None:
            if loc.admin1:
                admin1[i] = admin_ids.setdefault(loc.admin1.casefold(), len(admin_ids))
            if loc.lat is not None and loc.lon is not None:
                lat[i], lon[i] = loc.lat, loc.lon
                precise[i] = loc.precision in _PRECISE
        mask = 0
        for a in ev.actors + ev.recipients:
            if a.country:
                if a.country not in bits:
                    bits[a.country] = _bit(a.country)
                mask |= bits[a.country]
        people[i] = mask
        texts.append(ev.evidence.sentence if ev.evidence else ev.trigger)
    return _Table(start, end, doc, type_, admin1, precise, lat, lon, people, encoder.encode(texts))


def _candidates(group: IntArray, t: _Table, window: int) -> tuple[IntArray, IntArray]:
    """Pairs (i, j) in `group` whose dates lie within `window` days of each other."""
    order = group[np.argsort(t.start[group], kind="stable")]
    starts = t.start[order]
    # An event's span can be long (a month); compare it with everything starting
    # before its end plus the window.
    reach = np.maximum.accumulate(t.end[order]) + window
    hi = np.searchsorted(starts, reach, side="right")
    lo = np.arange(1, len(order) + 1)
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty
    left = np.repeat(np.arange(len(order)), counts)
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    right = lo[left] + (np.arange(total) - offsets)
    return order[left], order[right]


def _haversine(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: FloatArray = 2 * _EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def _score(i: IntArray, j: IntArray, t: _Table, cfg: LinkConfig) -> FloatArray:
    """The link score of each pair, or -1 where a hard rule forbids the link."""
    gap = np.maximum(0, np.maximum(t.start[i], t.start[j]) - np.minimum(t.end[i], t.end[j]))
    date = 1.0 - gap / (cfg.window_days + 1)

    both_precise = t.precise[i] & t.precise[j]
    km = _haversine(t.lat[i], t.lon[i], t.lat[j], t.lon[j])
    both_admin = (t.admin1[i] >= 0) & (t.admin1[j] >= 0)
    same_admin = both_admin & (t.admin1[i] == t.admin1[j])
    near = both_precise & (km <= cfg.max_km)
    place = np.where(near | (same_admin & ~both_precise), 1.0, 0.4)
    place = np.where(same_admin & both_precise & ~near, 0.6, place)
    far = both_precise & ~near & ~same_admin
    other_admin = both_admin & ~same_admin & ~near

    pi, pj = t.people[i], t.people[j]
    known = (pi != 0) & (pj != 0)
    overlap = np.bitwise_count(pi & pj) > 0
    # Known but disjoint participants count against a link (a coding slip can still
    # be outvoted by near-identical text), unknown ones are neutral.
    actors = np.where(known, np.where(overlap, 1.0, -1.0), 0.5)

    same_type = (t.type_[i] == t.type_[j]).astype(np.float64)
    text = np.einsum("ij,ij->i", t.vectors[i], t.vectors[j]).astype(np.float64)
    text = np.clip(text, 0.0, 1.0)

    score = (
        cfg.w_text * text
        + cfg.w_place * place
        + cfg.w_actors * actors
        + cfg.w_date * date
        + cfg.w_type * (0.5 + 0.5 * same_type)
    )
    banned = (t.doc[i] == t.doc[j]) | far | other_admin | (gap > cfg.window_days)
    out: FloatArray = np.where(banned, -1.0, score)
    return out


class _UnionFind:
    """Union-find that refuses a union making a cluster span more than `max_span` days."""

    def __init__(self, start: IntArray, end: IntArray, max_span: int) -> None:
        self.parent = list(range(len(start)))
        self.lo = start.tolist()
        self.hi = end.tolist()
        self.max_span = max_span

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        lo, hi = min(self.lo[ra], self.lo[rb]), max(self.hi[ra], self.hi[rb])
        if hi - lo > self.max_span:
            return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.lo[keep], self.hi[keep] = lo, hi
        return True


def _cluster(members: list[StoredEvent], scores: list[float]) -> Cluster:
    members = sorted(members, key=lambda se: se.key)
    keys = tuple(se.key for se in members)
    count, roots = corroboration(members)

    def common(values: list[str | None]) -> str | None:
        present = [v for v in values if v]
        return Counter(present).most_common(1)[0][0] if present else None

    starts = [d for se in members if se.event.date and (d := se.event.date.start)]
    ends = [
        d for se in members if se.event.date and (d := se.event.date.end or se.event.date.start)
    ]
    locs = [se.event.location for se in members]
    return Cluster(
        id="c" + hashlib.sha1(str(keys[0]).encode()).hexdigest()[:15],
        members=keys,
        type=common([se.event.type for se in members]) or members[0].event.type,
        corroboration=count,
        roots=roots,
        contradiction=contradiction(members),
        country=common([p.country if p else None for p in locs]),
        admin1=common([p.admin1 if p else None for p in locs]),
        date_start=min(starts) if starts else None,
        date_end=max(ends) if ends else None,
        score=round(float(np.mean(scores)), 4) if scores else 0.0,
    )


def link_events(
    events: Sequence[StoredEvent],
    config: LinkConfig | None = None,
    encoder: TextEncoder | None = None,
) -> LinkResult:
    """Cluster `events` (from any number of documents) into real-world events."""
    cfg = config or LinkConfig()
    started = time.perf_counter()
    t = _table(events, encoder or HashingEncoder())
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, se in enumerate(events):
        if t.start[n] < 0:
            continue
        loc = se.event.location
        groups[(family(se.event.type), (loc.country if loc else None) or "?")].append(n)

    heads: list[IntArray] = []
    tails: list[IntArray] = []
    scores: list[FloatArray] = []
    candidates = 0
    for members in groups.values():
        if len(members) < 2:
            continue
        left, right = _candidates(np.asarray(members, np.int64), t, cfg.window_days)
        candidates += len(left)
        for lo in range(0, len(left), cfg.chunk):
            i, j = left[lo : lo + cfg.chunk], right[lo : lo + cfg.chunk]
            score = _score(i, j, t, cfg)
            hit = score >= cfg.threshold
            heads.append(i[hit])
            tails.append(j[hit])
            scores.append(score[hit])

    # Strongest links first, so when the span guard must refuse a union it
    # refuses the weaker one.
    a = np.concatenate(heads) if heads else np.zeros(0, np.int64)
    b = np.concatenate(tails) if tails else np.zeros(0, np.int64)
    sc = np.concatenate(scores) if scores else np.zeros(0)
    order = np.argsort(-sc, kind="stable")
    uf = _UnionFind(t.start, t.end, cfg.max_span_days)
    edge_scores: list[tuple[int, float]] = []
    links = 0
    for x, y, s_ in zip(a[order].tolist(), b[order].tolist(), sc[order].tolist(), strict=True):
        if uf.union(x, y):
            links += 1
            edge_scores.append((x, s_))

    components: dict[int, list[int]] = defaultdict(list)
    for n in range(len(events)):
        components[uf.find(n)].append(n)
    by_root: dict[int, list[float]] = defaultdict(list)
    for node, edge in edge_scores:
        by_root[uf.find(node)].append(edge)
    clusters = [
        _cluster([events[n] for n in idx], by_root[root])
        for root, idx in components.items()
        if len(idx) > 1
    ]
    clusters.sort(key=lambda c: c.id)
    return LinkResult(
        clusters=tuple(clusters),
        events=len(events),
        candidates=candidates,
        links=links,
        seconds=time.perf_counter() - started,
    )


def link_store(
    store: Store, config: LinkConfig | None = None, encoder: TextEncoder | None = None
) -> LinkResult:
    """Link every stored event and replace the store's clusters with the result."""
    events = store.query_events(EventQuery(limit=None))
    result = link_events(events, config, encoder)
    store.save_clusters(result.clusters)
    return result
