"""Cross-article event linking: which reports describe the same real event.

Events are compared only inside a block: the same event family (types that
reports of one event may code differently), location country and admin1.
Inside a block, sorted by date, each event is compared with at most `cap`
events that follow it within `window_days` (the nearest in date win ties), so
the number of pairs grows linearly with the corpus. Each pair is scored on
place, participants, date, type and the text of the evidence sentences, all
vectorised with numpy; each event keeps its `top` best links above
`threshold`, and links are applied strongest first with union-find under a
guard that keeps any cluster within `max_span_days` (so a run of similar daily
reports does not chain into one month-long "event").

`link_store` relinks a whole store out of core: the store hands over its
events in blocking order, `chunk` rows at a time, so memory holds one chunk of
rows and vectors plus a few small integers per event (union-find and spans),
never the corpus. `link_documents` links new documents incrementally: only
their events, against the stored events of their blocks near their dates, and
only the clusters those belong to are rewritten. Both store every event in a
cluster (a report nothing matches is a cluster of one), summarised by
`sitreport.link.summary`.

Events without any date (no event date, no publication date) are never
linked; events placed only at country level (no admin1) are compared with the
other such events of their country, and events without a location with each
other, never with finer-placed reports (a known limit: such a vague report of
an event found elsewhere stays an event of its own).
"""

from __future__ import annotations

import time
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from sitreport.geocode.base import EARTH_KM
from sitreport.link.features import FAMILIES, family
from sitreport.link.similarity import HashingEncoder, Matrix, TextEncoder
from sitreport.link.summary import summarize
from sitreport.store.base import Cluster, LinkFrame, Member, Store, StoredEvent

__all__ = [
    "FAMILIES",
    "LinkConfig",
    "LinkResult",
    "family",
    "link_documents",
    "link_events",
    "link_store",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]



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
    cap: int = 16  # events each event is compared with, the nearest in date first
    top: int = 2  # links each event keeps (its strongest)
    chunk: int = 50_000  # events read and scored at once (bounds memory)
    pairs_at_once: int = 50_000  # pairs scored in one numpy step


@dataclass(frozen=True)
class LinkResult:
    """What a link run did: events read, pairs scored, links made, clusters written
    (`linked` of them hold several reports, `contradicted` have a denial).
    `clusters` holds the written clusters themselves for `link_events` and
    `link_documents`; a full relink of a store leaves them in the store."""

    events: int
    candidates: int
    links: int
    written: int
    linked: int
    contradicted: int
    seconds: float
    clusters: tuple[Cluster, ...] = ()

    @property
    def multi(self) -> tuple[Cluster, ...]:
        """The returned clusters of more than one report."""
        return tuple(c for c in self.clusters if c.size > 1)


def _vectors(frame: LinkFrame, encoder: TextEncoder) -> Matrix:
    if isinstance(encoder, HashingEncoder):
        return encoder.from_hashes(frame.hashes)
    return encoder.encode(frame.texts)


def _haversine(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: FloatArray = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def _score(i: IntArray, j: IntArray, f: LinkFrame, vectors: Matrix, cfg: LinkConfig) -> FloatArray:
    """The link score of each pair of frame rows, or -1 where a hard rule forbids it."""
    gap = np.maximum(0, np.maximum(f.start[i], f.start[j]) - np.minimum(f.end[i], f.end[j]))
    date = 1.0 - gap / (cfg.window_days + 1)

    both_precise = f.precise[i] & f.precise[j]
    km = _haversine(f.lat[i], f.lon[i], f.lat[j], f.lon[j])
    same_admin = f.regional[i] & f.regional[j]  # one block: the same admin1 when both know it
    near = both_precise & (km <= cfg.max_km)
    place = np.where(near | (same_admin & ~both_precise), 1.0, 0.4)
    place = np.where(same_admin & both_precise & ~near, 0.6, place)
    far = both_precise & ~near & ~same_admin

    pi, pj = f.people[i], f.people[j]
    known = (pi != 0) & (pj != 0)
    overlap = np.bitwise_count(pi & pj) > 0
    # Known but disjoint participants count against a link (a coding slip can still
    # be outvoted by near-identical text), unknown ones are neutral.
    actors = np.where(known, np.where(overlap, 1.0, -1.0), 0.5)

    same_type = (f.type_[i] == f.type_[j]).astype(np.float64)
    text = np.einsum("ij,ij->i", vectors[i], vectors[j]).astype(np.float64)
    text = np.clip(text, 0.0, 1.0)

    score = (
        cfg.w_text * text
        + cfg.w_place * place
        + cfg.w_actors * actors
        + cfg.w_date * date
        + cfg.w_type * (0.5 + 0.5 * same_type)
    )
    banned = (f.doc[i] == f.doc[j]) | far | (gap > cfg.window_days) | (f.block[i] != f.block[j])
    out: FloatArray = np.where(banned, -1.0, score)
    return out


def _forward_pairs(f: LinkFrame, cfg: LinkConfig, first_new: int) -> tuple[IntArray, IntArray]:
    """Pairs (i, j), i before j in blocking order, j at most `cap` rows after i, in one block,
    starting within the window of i, and j at or after `first_new` (rows before it were
    paired in an earlier chunk)."""
    heads: list[IntArray] = []
    tails: list[IntArray] = []
    m = len(f)
    for d in range(1, cfg.cap + 1):
        if d >= m:
            break
        i = np.arange(0, m - d, dtype=np.int64)
        j = i + d
        ok = (j >= first_new) & (f.block[i] == f.block[j]) & (f.start[j] <= f.end[i] + cfg.window_days)
        heads.append(i[ok])
        tails.append(j[ok])
    if not heads:
        empty = np.zeros(0, np.int64)
        return empty, empty
    return np.concatenate(heads), np.concatenate(tails)


def _strongest(
    i: IntArray, j: IntArray, f: LinkFrame, vectors: Matrix, cfg: LinkConfig
) -> tuple[IntArray, IntArray, FloatArray]:
    """The pairs above the threshold, each event's `top` strongest (by either end)."""
    keep_i: list[IntArray] = []
    keep_j: list[IntArray] = []
    keep_s: list[FloatArray] = []
    for lo in range(0, len(i), cfg.pairs_at_once):
        a, b = i[lo : lo + cfg.pairs_at_once], j[lo : lo + cfg.pairs_at_once]
        s = _score(a, b, f, vectors, cfg)
        hit = s >= cfg.threshold
        keep_i.append(a[hit])
        keep_j.append(b[hit])
        keep_s.append(s[hit])
    a = np.concatenate(keep_i) if keep_i else np.zeros(0, np.int64)
    b = np.concatenate(keep_j) if keep_j else np.zeros(0, np.int64)
    s = np.concatenate(keep_s) if keep_s else np.zeros(0)
    if len(a) == 0:
        return a, b, s
    keep = np.zeros(len(a), np.bool_)
    for end in (a, b):
        order = np.lexsort((-s, end))
        ranked = end[order]
        first = np.r_[0, np.flatnonzero(ranked[1:] != ranked[:-1]) + 1]
        rank = np.arange(len(ranked)) - np.repeat(first, np.diff(np.r_[first, len(ranked)]))
        keep[order[rank < cfg.top]] = True
    return a[keep], b[keep], s[keep]


class _UnionFind:
    """Union-find over ids 0..size-1 that refuses a union making a cluster span more than
    `max_span` days. Compact arrays: a few machine words per event, not Python objects."""

    def __init__(self, start: IntArray, end: IntArray, max_span: int) -> None:
        size = len(start)
        self.parent = array("q", range(size))
        self.lo = array("q", start.tolist())
        self.hi = array("q", np.maximum(start, end).tolist())
        self.weight: dict[int, float] = {}
        self.edges: dict[int, int] = {}
        self.max_span = max_span

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int, score: float = 0.0) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        lo, hi = min(self.lo[ra], self.lo[rb]), max(self.hi[ra], self.hi[rb])
        if hi - lo > self.max_span:
            return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.lo[keep], self.hi[keep] = lo, hi
        if score or drop in self.edges:
            self.weight[keep] = self.weight.pop(keep, 0.0) + self.weight.pop(drop, 0.0) + score
            self.edges[keep] = self.edges.pop(keep, 0) + self.edges.pop(drop, 0) + (1 if score else 0)
        return True

    def score(self, root: int) -> float:
        n = self.edges.get(root, 0)
        return self.weight.get(root, 0.0) / n if n else 0.0


def _apply(uf: _UnionFind, a: Iterable[int], b: Iterable[int], s: Iterable[float]) -> int:
    links = 0
    for x, y, w in zip(a, b, s, strict=True):
        if uf.union(x, y, w):
            links += 1
    return links


def link_store(store: Store, config: LinkConfig | None = None, encoder: TextEncoder | None = None) -> LinkResult:
    """Relink every stored event and replace the store's clusters with the result."""
    cfg = config or LinkConfig()
    enc = encoder or HashingEncoder()
    started = time.perf_counter()
    with store.link_session(FAMILIES) as session:
        total = session.count()
        starts = np.full(total, -1, np.int64)
        ends = np.full(total, -1, np.int64)
        edge_a: list[IntArray] = []
        edge_b: list[IntArray] = []
        edge_s: list[FloatArray] = []
        candidates = 0
        for pos in range(0, total, cfg.chunk):
            back = max(0, pos - cfg.cap)
            f = session.frame(back, min(total, pos + cfg.chunk))
            starts[f.n], ends[f.n] = f.start, f.end
            i, j = _forward_pairs(f, cfg, pos - back)
            candidates += len(i)
            a, b, s = _strongest(i, j, f, _vectors(f, enc), cfg)
            edge_a.append(f.n[a])
            edge_b.append(f.n[b])
            edge_s.append(s)
            del f
        a = np.concatenate(edge_a) if edge_a else np.zeros(0, np.int64)
        b = np.concatenate(edge_b) if edge_b else np.zeros(0, np.int64)
        s = np.concatenate(edge_s) if edge_s else np.zeros(0)
        del edge_a, edge_b, edge_s
        order = np.argsort(-s, kind="stable")
        uf = _UnionFind(starts, ends, cfg.max_span_days)
        del starts, ends
        links = _apply(uf, a[order].tolist(), b[order].tolist(), s[order].tolist())
        del a, b, s, order
        roots = np.fromiter((uf.find(n) for n in range(total)), dtype=np.int64, count=total)
        # Groups numbered by their first event, so clusters come out in blocking order.
        unique, first, group = np.unique(roots, return_index=True, return_inverse=True)
        rank = np.empty(len(first), np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))
        group = rank[group]
        scores = {int(rank[k]): uf.score(int(r)) for k, r in enumerate(unique) if int(r) in uf.edges}
        sizes = np.bincount(group, minlength=len(first)) if total else np.zeros(0, np.int64)
        session.assign(np.arange(total, dtype=np.int64), group)
        del uf, roots, group, unique, first, rank
        session.clear()
        written = linked = contradicted = 0
        groups = session.groups()
        # Unlinkable events come after the linked groups, one each.
        sizes = np.concatenate([sizes, np.ones(groups - len(sizes), np.int64)])
        for lo, hi in _ranges(sizes, cfg.chunk):
            by_group: dict[int, list[Member]] = defaultdict(list)
            for k, member in session.assigned_members(lo, hi):
                by_group[k].append(member)
            batch = [summarize(ms, scores.get(k, 0.0)) for k, ms in by_group.items()]
            session.write(batch)
            written += len(batch)
            linked += sum(1 for c in batch if c.size > 1)
            contradicted += sum(1 for c in batch if c.contradiction)
    return LinkResult(
        events=total,
        candidates=candidates,
        links=links,
        written=written,
        linked=linked,
        contradicted=contradicted,
        seconds=time.perf_counter() - started,
    )


def _ranges(sizes: IntArray, budget: int) -> list[tuple[int, int]]:
    """Consecutive group ranges [lo, hi] holding at most `budget` events each (a larger
    group goes alone)."""
    out: list[tuple[int, int]] = []
    lo, held = 0, 0
    for g, size in enumerate(sizes.tolist()):
        if held and held + size > budget:
            out.append((lo, g - 1))
            lo, held = g, 0
        held += size
    if len(sizes):
        out.append((lo, len(sizes) - 1))
    return out


def _concat(frames: Sequence[LinkFrame]) -> LinkFrame:
    def cat(name: str) -> Any:
        return np.concatenate([getattr(f, name) for f in frames])

    return LinkFrame(
        n=cat("n"),
        block=cat("block"),
        start=cat("start"),
        end=cat("end"),
        doc=cat("doc"),
        type_=cat("type_"),
        regional=cat("regional"),
        precise=cat("precise"),
        lat=cat("lat"),
        lon=cat("lon"),
        people=cat("people"),
        hashes=[h for f in frames for h in f.hashes],
        texts=[t for f in frames for t in f.texts],
    )


def _near_pairs(f: LinkFrame, new: int, cfg: LinkConfig) -> tuple[IntArray, IntArray]:
    """Pairs (i, j) with i one of the first `new` rows (the new events), j another row of
    its block starting within the window: the `cap` nearest in date."""
    by_block: dict[int, IntArray] = {}
    for block in np.unique(f.block[:new]).tolist():
        rows = np.flatnonzero(f.block == block)
        by_block[block] = rows[np.argsort(f.start[rows], kind="stable")]
    heads: list[IntArray] = []
    tails: list[IntArray] = []
    reach = cfg.window_days + cfg.max_span_days
    for i in range(new):
        rows = by_block[int(f.block[i])]
        starts = f.start[rows]
        lo = np.searchsorted(starts, f.start[i] - reach, side="left")
        hi = np.searchsorted(starts, f.end[i] + cfg.window_days, side="right")
        near = rows[lo:hi]
        near = near[near != i]
        gap = np.maximum(0, np.maximum(f.start[near], f.start[i]) - np.minimum(f.end[near], f.end[i]))
        near = near[gap <= cfg.window_days]
        if len(near) > cfg.cap:
            near = near[np.argsort(np.abs(f.start[near] - f.start[i]), kind="stable")[: cfg.cap]]
        heads.append(np.full(len(near), i, np.int64))
        tails.append(near.astype(np.int64))
    if not heads:
        empty = np.zeros(0, np.int64)
        return empty, empty
    return np.concatenate(heads), np.concatenate(tails)


def link_documents(
    store: Store,
    document_ids: Sequence[str],
    config: LinkConfig | None = None,
    encoder: TextEncoder | None = None,
) -> LinkResult:
    """Link the events of newly stored documents into the store's clusters.

    Only their events are scored, against stored events of their blocks near their
    dates (at most `cap` each); the clusters those belong to are loaded, extended or
    merged under the same rules as a full relink, and written back. The rest of the
    store is not read.
    """
    cfg = config or LinkConfig()
    enc = encoder or HashingEncoder()
    started = time.perf_counter()
    with store.link_session(FAMILIES) as session:
        new, new_members = session.new_frame(document_ids)
        # Events already in a cluster stay where they are: only unlinked ones are linked.
        linkable_new = [k for k in range(len(new)) if new_members[k].cluster_id is None]
        rest = [m for m in new_members[len(new) :] if m.cluster_id is None]
        new = _take(new, linkable_new)
        new_members = [new_members[k] for k in linkable_new] + rest
        if len(new_members) == 0:
            return LinkResult(0, 0, 0, 0, 0, 0, time.perf_counter() - started)
        cand, cand_members = session.candidates(document_ids, cfg.window_days + cfg.max_span_days, cfg.cap)
        touched = sorted({m.cluster_id for m in (*cand_members, *new_members) if m.cluster_id})
        old, old_members = session.members_of(touched)
        # Candidates not yet in any cluster (never linked) join as rows of their own.
        seen = {m.key for m in old_members}
        extra = [k for k, m in enumerate(cand_members) if m.key not in seen]
        cand_rows = _take(cand, extra)
        # The new events come first; stored events already in a cluster come with it.
        new_keys = {m.key for m in new_members}
        keep_old = [k for k, m in enumerate(old_members) if m.key not in new_keys]
        old = _take(old, keep_old)
        old_members = [old_members[k] for k in keep_old]
        f = _concat([new, old, cand_rows])
        members = [*new_members[: len(new)], *old_members, *(cand_members[k] for k in extra)]
        linkable = len(new)
        uf = _UnionFind(f.start, f.end, cfg.max_span_days)
        by_cluster: dict[str, int] = {}
        for x, m in enumerate(members):
            if m.cluster_id is not None:
                if m.cluster_id in by_cluster:
                    uf.union(by_cluster[m.cluster_id], x)
                else:
                    by_cluster[m.cluster_id] = x
        i, j = _near_pairs(f, linkable, cfg)
        a, b, s = _strongest(i, j, f, _vectors(f, enc), cfg)
        order = np.argsort(-s, kind="stable")
        links = _apply(uf, a[order].tolist(), b[order].tolist(), s[order].tolist())
        groups: dict[int, list[int]] = defaultdict(list)
        for x in range(len(f)):
            groups[uf.find(x)].append(x)
        changed = {uf.find(x) for x in range(linkable)}
        clusters = [summarize([members[x] for x in groups[r]], uf.score(r)) for r in sorted(changed)]
        # New events without a date cannot be linked: each is its own cluster.
        clusters += [summarize([m]) for m in new_members[len(new) :]]
        dropped = sorted(
            {cid for r in changed for x in groups[r] if (cid := members[x].cluster_id)}
            | {cid for m in new_members if (cid := m.cluster_id)}
        )
        session.write(clusters, drop=dropped)
    return LinkResult(
        events=len(new_members),
        candidates=len(i),
        links=links,
        written=len(clusters),
        linked=sum(1 for c in clusters if c.size > 1),
        contradicted=sum(1 for c in clusters if c.contradiction),
        seconds=time.perf_counter() - started,
        clusters=tuple(clusters),
    )


def _take(f: LinkFrame, rows: Sequence[int]) -> LinkFrame:
    idx = np.asarray(rows, np.int64)
    return LinkFrame(
        n=f.n[idx],
        block=f.block[idx],
        start=f.start[idx],
        end=f.end[idx],
        doc=f.doc[idx],
        type_=f.type_[idx],
        regional=f.regional[idx],
        precise=f.precise[idx],
        lat=f.lat[idx],
        lon=f.lon[idx],
        people=f.people[idx],
        hashes=[f.hashes[k] for k in rows],
        texts=[f.texts[k] for k in rows],
    )


def link_events(
    events: Sequence[StoredEvent],
    config: LinkConfig | None = None,
    encoder: TextEncoder | None = None,
) -> LinkResult:
    """Cluster `events` (from any number of documents) held in memory: a full relink of a
    `MemoryStore` holding just them."""
    from sitreport.store.memory import MemoryStore

    store = MemoryStore()
    store.add_stored_events(events)
    result = link_store(store, config, encoder)
    return replace(result, clusters=tuple(sorted(store.clusters(limit=None, min_size=1), key=lambda c: c.id)))
