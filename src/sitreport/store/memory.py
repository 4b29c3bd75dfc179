"""`MemoryStore`: the store as plain dictionaries, for tests and small runs.

It honours the same contract as `DuckDBStore` (tests run against both): writes
land whole or not at all, query results come back in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from sitreport.model import Actor, Document, Event, Place
from sitreport.store.base import (
    Batch,
    BatchResult,
    Cluster,
    DocumentSummary,
    EventKey,
    EventQuery,
    Facets,
    Failure,
    Ingested,
    LinkFrame,
    Member,
    PlaceCount,
    SourceCounts,
    StoredEvent,
    Summary,
    storable_batch,
)
from sitreport.store.search import search_terms, search_text

if TYPE_CHECKING:
    from sitreport.independence import SourceRules
    from sitreport.link.features import EventFeatures

K = TypeVar("K")

__all__ = ["MemoryStore", "by_count", "event_sort_key", "matches", "strip_annotations"]


def strip_annotations(doc: Document) -> Document:
    """The part of a document a store keeps: text, metadata and events."""
    return dataclasses.replace(
        doc, tokens=(), sentences=(), entities=(), actors=(), places=(), dates=(), quantities=(), mentions=()
    )


def _when(se: StoredEvent) -> tuple[dt.date | None, dt.date | None]:
    date = se.event.date
    start = date.start if date is not None else None
    end = date.end if date is not None else None
    if start is None and end is None:
        return se.published, se.published
    return start or end, end or start


def _people_match(q: EventQuery, people: Sequence[Actor]) -> bool:
    """The `actor` and `actor_country` filters over actors and recipients."""
    if q.actor is not None:
        needle = q.actor.casefold()
        if not any(needle in a.text.casefold() or (a.name is not None and needle in a.name.casefold()) for a in people):
            return False
    return q.actor_country is None or any(a.country == q.actor_country for a in people)


def matches(q: EventQuery, se: StoredEvent) -> bool:
    """Whether `se` passes every filter of `q` (the reference semantics)."""
    ev = se.event
    if q.types and ev.type not in q.types:
        return False
    loc = ev.location
    if q.country is not None and (loc is None or loc.country != q.country):
        return False
    if q.admin1 is not None and (loc is None or loc.admin1 is None or loc.admin1.casefold() != q.admin1.casefold()):
        return False
    if q.at is not None and (loc is None or (loc.lat, loc.lon) != q.at):
        return False
    if q.date_from is not None or q.date_to is not None:
        start, end = _when(se)
        if start is None or end is None:
            return False
        if q.date_from is not None and end < q.date_from:
            return False
        if q.date_to is not None and start > q.date_to:
            return False
    if not _people_match(q, ev.actors + ev.recipients):
        return False
    if q.min_corroboration is not None and se.corroboration < q.min_corroboration:
        return False
    if q.document_id is not None and se.key.document_id != q.document_id:
        return False
    if q.acled_types and (ev.acled is None or ev.acled.event_type not in q.acled_types):
        return False
    if q.factualities and ev.factuality.value not in q.factualities:
        return False
    if q.outlets and se.outlet not in q.outlets:
        return False
    if not _text_match(q, ev):
        return False
    return q.cluster_id is None or se.cluster_id == q.cluster_id


def _text_match(q: EventQuery, ev: Event) -> bool:
    terms = search_terms(q.text)
    if not terms:
        return True
    haystack = search_text(ev)
    return all(t in haystack for t in terms)


def _newest(day: dt.date | None, order: str) -> tuple[int, int]:
    """Dated first, newest first (oldest first for "oldest")."""
    if day is None:
        return (1, 0)
    return (0, day.toordinal() if order == "oldest" else -day.toordinal())


def _ranked(order: str, corroboration: int, killed: int | None, size: int) -> tuple[int, ...]:
    """The leading sort key of an order other than by date."""
    if order == "corroboration":
        return (-corroboration,)
    if order == "killed":
        return (killed is None, -(killed or 0))
    if order == "reports":
        return (-size,)
    return ()


def event_sort_key(se: StoredEvent, position: int, order: str = "newest", size: int = 1) -> tuple[object, ...]:
    """Newest first (event date, else publication date), undated last; then stable.
    Other orders (`ORDERS`) come first and fall back to this."""
    start, _ = _when(se)
    return (
        *_ranked(order, se.corroboration, se.event.counts.killed, size),
        *_newest(start, order),
        se.key.document_id,
        position,
    )


def _cluster_sort_key(c: Cluster, order: str) -> tuple[object, ...]:
    return (*_ranked(order, c.corroboration, c.counts.killed, c.size), *_newest(c.date_start, order), c.id)


def by_count(counter: Mapping[K, int]) -> tuple[tuple[K, int], ...]:
    """(value, count) most common first, then by value (None first); the order facets use."""
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], _none_first(kv[0]))))


def _none_first(value: object) -> tuple[object, ...]:
    parts = value if isinstance(value, tuple) else (value,)
    return tuple((p is not None, p if p is not None else "") for p in parts)


class MemoryStore:
    """A `Store` held in memory."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._docs: dict[str, Document] = {}
        self._doc_source: dict[str, tuple[str | None, dt.datetime]] = {}
        self._sources: dict[str, str] = {}  # raw hash -> document id
        self._failures: dict[str, Failure] = {}
        self._clusters: dict[str, Cluster] = {}
        self._member_of: dict[EventKey, str] = {}
        # What the linker reads per event, computed on write: roots, people mask, text hashes.
        self._features: dict[EventKey, EventFeatures] = {}
        self._rules: SourceRules | None = None

    def _source_rules(self) -> SourceRules:
        if self._rules is None:
            from sitreport.independence import SourceRules

            self._rules = SourceRules.load()
        return self._rules

    # writes -------------------------------------------------------------
    def write_batch(self, batch: Batch) -> BatchResult:
        batch = storable_batch(batch)
        with self._lock:
            added = duplicates = 0
            docs = dict(self._docs)
            sources = dict(self._sources)
            doc_source = dict(self._doc_source)
            failures = dict(self._failures)
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            from sitreport.link.features import event_features

            features = dict(self._features)
            for item in batch.documents:
                doc = item.document
                if doc.id in docs:
                    duplicates += 1
                else:
                    docs[doc.id] = strip_annotations(doc)
                    for ev in doc.events:
                        features[EventKey(doc.id, ev.id)] = event_features(doc, ev, self._source_rules())
                    doc_source[doc.id] = (item.source, now)
                    added += 1
                if item.source_hash is not None:
                    sources.setdefault(item.source_hash, doc.id)
            for f in batch.failures:
                key = f.source_hash or f"source:{f.source}"
                failures[key] = dataclasses.replace(f, at=f.at or now)
            self._docs, self._sources, self._doc_source, self._failures, self._features = (
                docs,
                sources,
                doc_source,
                failures,
                features,
            )
            return BatchResult(added=added, duplicates=duplicates, failures=len(batch.failures))

    def add_document(self, doc: Document, *, source: str | None = None, source_hash: str | None = None) -> bool:
        result = self.write_batch(Batch(documents=(Ingested(doc, source, source_hash),)))
        return result.added == 1

    def record_failure(self, source: str, error: str, *, source_hash: str | None = None) -> None:
        self.write_batch(Batch(failures=(Failure(source, error, source_hash),)))

    def add_stored_events(self, events: Iterable[StoredEvent]) -> None:
        """Store events as `query_events` returns them, grouped back into documents."""
        docs: dict[str, Document] = {}
        for se in events:
            doc = docs.get(se.document_id) or Document(
                id=se.document_id, text="", outlet=se.outlet, published=se.published, title=se.title, url=se.url
            )
            docs[se.document_id] = dataclasses.replace(doc, events=(*doc.events, se.event))
        self.write_batch(Batch(documents=tuple(Ingested(d) for d in docs.values())))

    def save_clusters(self, clusters: Sequence[Cluster]) -> None:
        with self._lock:
            self._clusters = {c.id: c for c in clusters}
            self._member_of = {k: c.id for c in clusters for k in c.members}

    @contextmanager
    def link_session(self, families: Mapping[str, str]) -> Iterator[_MemoryLinkSession]:
        with self._lock:
            session = _MemoryLinkSession(self, families)
            yield session
            self._clusters, self._member_of = session.clusters, session.member_of

    # reads --------------------------------------------------------------
    def has_document(self, id: str) -> bool:
        return id in self._docs

    def known_sources(self, hashes: Iterable[str]) -> set[str]:
        with self._lock:
            return {h for h in hashes if h in self._sources or h in self._failures}

    def failures(self, limit: int | None = None, offset: int = 0) -> list[Failure]:
        with self._lock:
            rows = sorted(self._failures.values(), key=lambda f: (f.at or dt.datetime.min, f.source))
        return rows[offset:] if limit is None else rows[offset : offset + limit]

    def get_document(self, id: str) -> Document | None:
        return self._docs.get(id)

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        with self._lock:
            docs = sorted(
                self._docs.values(),
                key=lambda d: (
                    d.published is None,
                    -(d.published or dt.date.min).toordinal(),
                    d.id,
                ),
            )
            return [
                DocumentSummary(
                    id=d.id,
                    outlet=d.outlet,
                    published=d.published,
                    title=d.title,
                    url=d.url,
                    source=self._doc_source.get(d.id, (None, None))[0],
                    n_events=len(d.events),
                )
                for d in docs[offset : offset + limit]
            ]

    def count_documents(self) -> int:
        return len(self._docs)

    def _stored(self, doc: Document, position: int) -> StoredEvent:
        ev = doc.events[position]
        key = EventKey(doc.id, ev.id)
        cluster_id = self._member_of.get(key)
        cluster = self._clusters.get(cluster_id) if cluster_id else None
        return StoredEvent(
            key=key,
            event=ev,
            outlet=doc.outlet,
            published=doc.published,
            url=doc.url,
            title=doc.title,
            cluster_id=cluster_id,
            corroboration=cluster.corroboration if cluster else 1,
            contradiction=cluster.contradiction if cluster else False,
        )

    def _matching(self, query: EventQuery) -> list[StoredEvent]:
        with self._lock:
            found: list[tuple[tuple[object, ...], StoredEvent]] = []
            for doc in self._docs.values():
                for position in range(len(doc.events)):
                    se = self._stored(doc, position)
                    if matches(query, se):
                        found.append((event_sort_key(se, position, query.order, self._size(se)), se))
        found.sort(key=lambda pair: pair[0])
        return [se for _, se in found]

    def _size(self, se: StoredEvent) -> int:
        cluster = self._clusters.get(se.cluster_id) if se.cluster_id else None
        return cluster.size if cluster else 1

    def query_events(self, query: EventQuery) -> list[StoredEvent]:
        rows = self._matching(query)
        end = None if query.limit is None else query.offset + query.limit
        return rows[query.offset : end]

    def count_events(self, query: EventQuery) -> int:
        return len(self._matching(query))

    def page_events(self, query: EventQuery) -> tuple[list[StoredEvent], int]:
        rows = self._matching(query)
        end = None if query.limit is None else query.offset + query.limit
        return rows[query.offset : end], len(rows)

    def get_event(self, key: EventKey) -> StoredEvent | None:
        doc = self._docs.get(key.document_id)
        if doc is None:
            return None
        for position, ev in enumerate(doc.events):
            if ev.id == key.event_id:
                return self._stored(doc, position)
        return None

    def clusters(self, limit: int | None = 100, offset: int = 0, min_size: int = 2) -> list[Cluster]:
        with self._lock:
            rows = sorted(
                (c for c in self._clusters.values() if c.size >= min_size),
                key=lambda c: (-c.corroboration, -c.size, c.id),
            )
        return rows[offset:] if limit is None else rows[offset : offset + limit]

    def get_cluster(self, id: str) -> Cluster | None:
        return self._clusters.get(id)

    def _cluster_matches(self, q: EventQuery, c: Cluster) -> bool:
        if q.types and c.type not in q.types:
            return False
        if q.country is not None and c.country != q.country:
            return False
        if q.admin1 is not None and (c.admin1 is None or c.admin1.casefold() != q.admin1.casefold()):
            return False
        if q.at is not None and (c.location is None or (c.location.lat, c.location.lon) != q.at):
            return False
        last = c.date_end or c.date_start
        if q.date_from is not None and (last is None or last < q.date_from):
            return False
        if q.date_to is not None and (c.date_start is None or c.date_start > q.date_to):
            return False
        if q.min_corroboration is not None and c.corroboration < q.min_corroboration:
            return False
        if q.cluster_id is not None and c.id != q.cluster_id:
            return False
        if q.document_id is not None and all(k.document_id != q.document_id for k in c.members):
            return False
        if q.factualities and c.factuality.value not in q.factualities:
            return False
        if q.acled_types and (c.acled is None or c.acled.event_type not in q.acled_types):
            return False
        if q.outlets or q.text:
            members = [se for k in c.members if (se := self.get_event(k)) is not None]
            if q.outlets and not any(se.outlet in q.outlets for se in members):
                return False
            if q.text and not any(_text_match(q, se.event) for se in members):
                return False
        if q.actor is not None or q.actor_country is not None:
            people = [
                a
                for k in c.members
                if (se := self.get_event(k)) is not None
                for a in se.event.actors + se.event.recipients
            ]
            return _people_match(q, people)
        return True

    def query_clusters(self, query: EventQuery) -> list[Cluster]:
        return self.page_clusters(query)[0]

    def page_clusters(self, query: EventQuery) -> tuple[list[Cluster], int]:
        with self._lock:
            found = [c for c in self._clusters.values() if self._cluster_matches(query, c)]
        found.sort(key=lambda c: _cluster_sort_key(c, query.order))
        end = None if query.limit is None else query.offset + query.limit
        return found[query.offset : end], len(found)

    def count_clusters(self, query: EventQuery) -> int:
        with self._lock:
            return sum(1 for c in self._clusters.values() if self._cluster_matches(query, c))

    # facets, summaries and the source graph ---------------------------------
    def _reports(self) -> list[StoredEvent]:
        with self._lock:
            return [self._stored(d, k) for d in self._docs.values() for k in range(len(d.events))]

    def facets(self, unit: str = "events") -> Facets:
        if unit == "reports":
            reports = self._reports()
            firsts, lasts = zip(*(_when(se) for se in reports), strict=True) if reports else ((), ())
            return _facets(
                len(reports),
                [
                    (se.event.type, se.event.acled, se.event.factuality.value, *_country_admin1(se.event.location))
                    for se in reports
                ],
                Counter(se.outlet for se in reports if se.outlet),
                [d for d in firsts if d is not None],
                [d for d in lasts if d is not None],
                max((se.corroboration for se in reports), default=0),
            )
        with self._lock:
            clusters = list(self._clusters.values())
            outlets: Counter[str] = Counter()
            for c in clusters:
                names = {d.outlet for k in c.members if (d := self._docs.get(k.document_id)) and d.outlet}
                outlets.update(names)
        return _facets(
            len(clusters),
            [(c.type, c.acled, c.factuality.value, c.country, c.admin1) for c in clusters],
            outlets,
            [c.date_start for c in clusters if c.date_start is not None],
            [last for c in clusters if (last := c.date_end or c.date_start) is not None],
            max((c.corroboration for c in clusters), default=0),
        )

    def summary(self, query: EventQuery, unit: str = "events", max_places: int = 2000) -> Summary:
        everything = dataclasses.replace(query, limit=None, offset=0)
        rows: list[tuple[str, Place | None, str | None, dt.date | None]]
        if unit == "reports":
            rows = [
                (se.event.type, loc, loc.country if loc else None, _when(se)[0])
                for se in self.query_events(everything)
                for loc in (se.event.location,)
            ]
        else:
            clusters = self.query_clusters(everything)
            rows = [(c.type, c.location, c.country, c.date_start or c.date_end) for c in clusters]
        points: Counter[tuple[float, float, str | None, str | None, str]] = Counter()
        days: Counter[tuple[dt.date, str]] = Counter()
        undated = 0
        for type_, place, country, day in rows:
            if place is not None and place.lat is not None and place.lon is not None:
                points[(place.lat, place.lon, place.name or place.text, country, type_)] += 1
            if day is None:
                undated += 1
            else:
                days[(day, type_)] += 1
        return summarise(len(rows), points, days, undated, max_places)

    def source_counts(self) -> SourceCounts:
        outlets: Counter[str | None] = Counter()
        steps: Counter[tuple[str | None, str, str, str]] = Counter()
        members: Counter[tuple[str, str | None, str]] = Counter()
        with self._lock:
            for se in self._reports():
                outlets[se.outlet] += 1
                previous: tuple[str | None, str] = (se.outlet, "document")
                for link in se.event.attribution.chain:
                    steps[(*previous, link.name, link.kind)] += 1
                    previous = (link.name, link.kind)
            for c in self._clusters.values():
                if c.size < 2:
                    continue
                for k in c.members:
                    found = self.get_event(k)
                    if found is not None:
                        members[(c.id, found.outlet, found.event.factuality.value)] += 1
        return source_counts(outlets, steps, members)

    def unlinked_documents(self) -> list[str]:
        with self._lock:
            return sorted(
                d.id for d in self._docs.values() if any(EventKey(d.id, e.id) not in self._member_of for e in d.events)
            )

    def get_events(self, keys: Sequence[EventKey]) -> dict[EventKey, StoredEvent]:
        return {k: se for k in keys if (se := self.get_event(k)) is not None}

    def representatives(self, clusters: Sequence[Cluster]) -> dict[str, StoredEvent]:
        found = self.get_events([c.representative for c in clusters if c.representative is not None])
        return {c.id: found[c.representative] for c in clusters if c.representative in found}

    def close(self) -> None:
        pass


def _country_admin1(place: Place | None) -> tuple[str | None, str | None]:
    return (place.country, place.admin1) if place is not None else (None, None)


def _facets(
    total: int,
    rows: Sequence[tuple[str, object, str, str | None, str | None]],
    outlets: Counter[str],
    firsts: Sequence[dt.date],
    lasts: Sequence[dt.date],
    max_corroboration: int,
) -> Facets:
    """Facets from (type, ACLED coding, factuality, country, admin1) per event or report."""
    types: Counter[str] = Counter()
    acled: Counter[str] = Counter()
    facts: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    admin1: Counter[tuple[str | None, str]] = Counter()
    for type_, coding, fact, country, region in rows:
        types[type_] += 1
        event_type = getattr(coding, "event_type", None)
        if event_type:
            acled[event_type] += 1
        facts[fact] += 1
        if country:
            countries[country] += 1
        if region:
            admin1[(country, region)] += 1
    return make_facets(
        total, types, acled, facts, outlets, countries, admin1,
        min(firsts, default=None), max(lasts, default=None), max_corroboration,
    )


def make_facets(
    total: int,
    types: Mapping[str, int],
    acled: Mapping[str, int],
    facts: Mapping[str, int],
    outlets: Mapping[str, int],
    countries: Mapping[str, int],
    admin1: Mapping[tuple[str | None, str], int],
    date_min: dt.date | None,
    date_max: dt.date | None,
    max_corroboration: int,
) -> Facets:
    """`Facets` from counters, in the one order every store gives (`by_count`)."""
    pairs = by_count(admin1)
    return Facets(
        total=total,
        types=by_count(types),
        acled_types=by_count(acled),
        factualities=by_count(facts),
        outlets=by_count(outlets),
        countries=by_count(countries),
        admin1=tuple((k[0], k[1], n) for k, n in pairs),
        date_min=date_min,
        date_max=date_max,
        max_corroboration=max_corroboration,
    )


def summarise(
    total: int,
    points: Mapping[tuple[float, float, str | None, str | None, str], int],
    days: Mapping[tuple[dt.date, str], int],
    undated: int,
    max_places: int,
) -> Summary:
    """A `Summary` from counts per (lat, lon, place name, country, type) and per (day, type).

    A point's name and country are the most common among its events (ties: the
    first in code-point order), so every store names a point the same way.
    """
    # defaultdicts: a Counter made for every row and thrown away was most of the cost
    # of a whole-store map.
    names: defaultdict[tuple[float, float], Counter[str | None]] = defaultdict(Counter)
    countries: defaultdict[tuple[float, float], Counter[str | None]] = defaultdict(Counter)
    types: defaultdict[tuple[float, float], Counter[str]] = defaultdict(Counter)
    for (lat, lon, name, country, type_), n in points.items():
        names[lat, lon][name] += n
        countries[lat, lon][country] += n
        types[lat, lon][type_] += n
    places = []
    for point, counts in types.items():
        name = next((v for v, _ in by_count(names[point]) if v is not None), None)
        country = next((v for v, _ in by_count(countries[point]) if v is not None), None)
        by_type = by_count(counts)
        places.append(PlaceCount(point[0], point[1], name, country, sum(n for _, n in by_type), by_type))
    places.sort(key=lambda p: (-p.n, p.lat, p.lon))
    return Summary(
        total=total,
        places=tuple(places[:max_places]),
        places_total=len(places),
        located=sum(p.n for p in places),
        days=tuple(sorted((day, type_, n) for (day, type_), n in days.items())),
        undated=undated,
    )


def source_counts(
    outlets: Mapping[str | None, int],
    steps: Mapping[tuple[str | None, str, str, str], int],
    members: Mapping[tuple[str, str | None, str], int],
) -> SourceCounts:
    """`SourceCounts` from counters, in one order for every store."""
    return SourceCounts(
        outlets=tuple(sorted(outlets.items(), key=lambda kv: _none_first(kv[0]))),
        steps=tuple(sorted(((*k, n) for k, n in steps.items()), key=lambda r: _none_first(r[:4]))),
        clusters=tuple(sorted(((*k, n) for k, n in members.items()), key=lambda r: _none_first(r[:3]))),
    )


class _MemoryLinkSession:
    """A `LinkSession` over a `MemoryStore`: the link view's columns built in Python, the
    same conversions as the SQL stores (`sitreport.store.linkrows`). Cluster changes are
    staged and land when the session closes without an error."""

    def __init__(self, store: MemoryStore, families: Mapping[str, str]) -> None:
        from sitreport.store.linkrows import Coder

        self.store = store
        self.families = families
        self.clusters = dict(store._clusters)
        self.member_of = dict(store._member_of)
        self.blocks, self.docs, self.types = Coder(), Coder(), Coder()
        self._order: list[dict[str, Any]] | None = None
        self._groups: list[list[EventKey]] = []

    def _row(self, doc: Document, position: int) -> dict[str, Any]:
        ev = doc.events[position]
        key = EventKey(doc.id, ev.id)
        features = self.store._features[key]
        roots, mask, hashes = features.roots, features.people_mask, features.hashes
        p, d, a = ev.location, ev.date, ev.acled
        lo = (d.start or d.end) if d else None
        hi = (d.end or d.start) if d else None
        lo, hi = lo or doc.published, hi or doc.published
        epoch = dt.date(1970, 1, 1)
        return {
            "document_id": doc.id,
            "event_id": ev.id,
            "type": ev.type,
            "family": self.families.get(ev.type.upper(), ev.type.upper()),
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "admin1_key": p.admin1.lower() if p and p.admin1 else None,
            "admin2": p.admin2 if p else None,
            "place_name": p.name if p else None,
            "place_text": p.text if p else None,
            "place_start": p.start if p else None,
            "place_end": p.end if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geo_precision": p.precision.value if p and p.precision else None,
            "near": p.near if p else None,
            "date_text": d.text if d else None,
            "date_start_char": d.start_char if d else None,
            "date_end_char": d.end_char if d else None,
            "date_start": d.start if d else None,
            "date_end": d.end if d else None,
            "date_precision": d.precision.value if d and d.precision else None,
            "lo": (lo - epoch).days if lo else None,
            "hi": (hi - epoch).days if hi else None,
            "mode": ev.mode,
            "killed": ev.counts.killed,
            "injured": ev.counts.injured,
            "people": ev.counts.people,
            "arrested": ev.counts.arrested,
            "factuality": ev.factuality.value,
            **{f"acled_{f.name}": getattr(a, f.name) if a else None for f in _ACLED_FIELDS},
            "roots": list(roots),
            "people_mask": mask,
            "text_hashes": hashes,
            "text": ev.evidence.sentence if ev.evidence else ev.trigger,
            "outlet": doc.outlet,
            "url": doc.url,
            "published": doc.published,
            "title": doc.title,
            "cluster_id": self.member_of.get(key),
        }

    @staticmethod
    def _sort_key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (
            r["lo"] is None,
            r["family"],
            r["country"] is None,
            r["country"] or "",
            r["admin1_key"] is None,
            r["admin1_key"] or "",
            r["lo"] or 0,
            r["hi"] or 0,
            r["document_id"],
            r["event_id"],
        )

    def _rows(self, pick: Any = None) -> list[dict[str, Any]]:
        rows = [
            self._row(doc, k)
            for doc in self.store._docs.values()
            for k in range(len(doc.events))
            if pick is None or pick(doc, doc.events[k])
        ]
        rows.sort(key=self._sort_key)
        return rows

    @staticmethod
    def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
        names = rows[0].keys() if rows else _EMPTY_ROW.keys()
        return {n: [r[n] for r in rows] for n in names}

    def _frame(self, rows: list[dict[str, Any]]) -> tuple[LinkFrame, list[Member]]:
        from sitreport.store.linkrows import frame, members

        linkable = [r for r in rows if r["lo"] is not None]
        f = frame(self._columns(linkable), blocks=self.blocks, docs=self.docs, types=self.types)
        return f, members(self._columns(rows))

    def _ordered(self) -> list[dict[str, Any]]:
        if self._order is None:
            self._order = [r for r in self._rows() if r["lo"] is not None]
        return self._order

    def count(self) -> int:
        return len(self._ordered())

    def frame(self, start: int, stop: int) -> LinkFrame:
        from sitreport.store.linkrows import frame

        rows = self._ordered()[start:stop]
        return frame(
            self._columns(rows), n=range(start, start + len(rows)), blocks=self.blocks, docs=self.docs, types=self.types
        )

    def assign(self, n: Any, group: Any) -> None:
        ordered = self._ordered()
        size = int(max(group)) + 1 if len(group) else 0
        groups: list[list[EventKey]] = [[] for _ in range(size)]
        for k, g in zip(n, group, strict=True):
            r = ordered[int(k)]
            groups[int(g)].append(EventKey(r["document_id"], r["event_id"]))
        linkable = {k for g in groups for k in g}
        for doc in self.store._docs.values():
            for ev in doc.events:
                key = EventKey(doc.id, ev.id)
                if key not in linkable:
                    groups.append([key])
        self._groups = groups

    def groups(self) -> int:
        return len(self._groups)

    def assigned_members(self, first_group: int, last_group: int) -> list[tuple[int, Member]]:
        group_of = {k: g for g in range(first_group, last_group + 1) for k in self._groups[g]}
        rows = self._rows(lambda d, e: EventKey(d.id, e.id) in group_of)
        rows.sort(key=lambda r: (group_of[EventKey(r["document_id"], r["event_id"])], r["document_id"], r["event_id"]))
        found = self._frame(rows)[1]
        return [(group_of[m.key], m) for m in found]

    def new_frame(self, document_ids: Sequence[str]) -> tuple[LinkFrame, list[Member]]:
        ids = set(document_ids)
        return self._frame(self._rows(lambda d, e: d.id in ids))

    def candidates(self, document_ids: Sequence[str], window: int, cap: int) -> tuple[LinkFrame, list[Member]]:
        ids = set(document_ids)
        rows = [r for r in self._rows() if r["lo"] is not None]
        new = [r for r in rows if r["document_id"] in ids]
        old = [r for r in rows if r["document_id"] not in ids]
        picked: dict[tuple[str, str], dict[str, Any]] = {}
        for q in new:
            near = [
                c
                for c in old
                if (c["family"], c["country"], c["admin1_key"]) == (q["family"], q["country"], q["admin1_key"])
                and c["lo"] <= q["hi"] + window
                and c["hi"] >= q["lo"] - window
            ]
            near.sort(key=lambda c: (abs(c["lo"] - q["lo"]), c["document_id"], c["event_id"]))
            for c in near[:cap]:
                picked[(c["document_id"], c["event_id"])] = c
        return self._frame(sorted(picked.values(), key=self._sort_key))

    def members_of(self, cluster_ids: Sequence[str]) -> tuple[LinkFrame, list[Member]]:
        ids = set(cluster_ids)
        return self._frame([r for r in self._rows() if r["cluster_id"] in ids])

    def write(self, clusters: Sequence[Cluster], *, drop: Sequence[str] = ()) -> None:
        for cid in (*drop, *(c.id for c in clusters)):
            old = self.clusters.pop(cid, None)
            if old is not None:
                for k in old.members:
                    if self.member_of.get(k) == cid:
                        del self.member_of[k]
        for c in clusters:
            self.clusters[c.id] = c
            for k in c.members:
                self.member_of[k] = c.id

    def clear(self) -> None:
        self.clusters, self.member_of = {}, {}


def _acled_fields() -> tuple[dataclasses.Field[Any], ...]:
    from sitreport.model import AcledCoding

    return dataclasses.fields(AcledCoding)


_ACLED_FIELDS = _acled_fields()
_EMPTY_ROW: dict[str, Any] = dict.fromkeys(
    [
        "document_id",
        "event_id",
        "type",
        "family",
        "country",
        "admin1",
        "admin1_key",
        "admin2",
        "place_name",
        "place_text",
        "place_start",
        "place_end",
        "lat",
        "lon",
        "geo_precision",
        "near",
        "date_text",
        "date_start_char",
        "date_end_char",
        "date_start",
        "date_end",
        "date_precision",
        "lo",
        "hi",
        "mode",
        "killed",
        "injured",
        "people",
        "arrested",
        "factuality",
        "roots",
        "people_mask",
        "text_hashes",
        "text",
        "outlet",
        "url",
        "published",
        "title",
        "cluster_id",
    ]
    + [f"acled_{f.name}" for f in _ACLED_FIELDS]
)
