"""The Store contract, run against every implementation shipped in the library."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import os
import types
import typing
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitreport.errors import StoreError
from sitreport.model import (
    Actor,
    Attribution,
    Counts,
    DateRange,
    Document,
    Event,
    Evidence,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
    Source,
)
from sitreport.store import (
    Batch,
    Cluster,
    DuckDBStore,
    EventKey,
    EventQuery,
    Failure,
    Ingested,
    MemoryStore,
    Store,
)
from sitreport.store.memory import strip_annotations
from sitreport.store.schema import _V5
from sitreport.store.tables import INDEXES
from sitreport.testing import TemporaryPostgres, make_document

_ANNOTATIONS = {"tokens", "sentences", "entities", "actors", "places", "dates", "quantities"}


def _fill(tp: Any, seed: int, name: str) -> Any:
    """A non-default value of type `tp`, so a field the store forgets shows up as a diff."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _fill(inner, seed, name)
    if origin is tuple:
        (inner, *_) = typing.get_args(tp)
        return tuple(_fill(inner, seed + n, name) for n in range(2))
    if dataclasses.is_dataclass(tp):
        return sample(tp, seed)  # type: ignore[arg-type]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = list(tp)
        return members[(seed + 1) % len(members)]
    if tp is bool:
        return True
    if tp is int:
        return seed + 7
    if tp is float:
        return seed + 0.25
    if tp is str:
        return f"{name}-{seed}"
    if tp is dt.date:
        return dt.date(2024, 1 + seed % 12, 1 + seed % 28)
    raise AssertionError(f"no filler for {tp}")


def sample(cls: type, seed: int = 0) -> Any:
    hints = typing.get_type_hints(cls)
    values = {
        f.name: _fill(hints[f.name], seed, f.name)
        for f in dataclasses.fields(cls)
        if not (cls is Document and f.name in _ANNOTATIONS | {"events"})
    }
    return cls(**values)


def full_document(seed: int = 0) -> Document:
    doc: Document = sample(Document, seed)
    events = tuple(dataclasses.replace(sample(Event, seed + n), id=f"e{n}") for n in range(3))
    return dataclasses.replace(doc, events=events)


def event(
    eid: str,
    *,
    type: str = "ASSAULT",
    day: dt.date | None = dt.date(2024, 10, 3),
    country: str | None = "UKR",
    admin1: str | None = "Donetsk Oblast",
    actor: str = "Russian forces",
    actor_country: str = "RUS",
    factuality: Factuality = Factuality.ASSERTED,
) -> Event:
    return Event(
        id=eid,
        type=type,
        trigger="shelled",
        trigger_start=0,
        trigger_end=7,
        sentence=0,
        actors=(Actor(actor, 0, len(actor), actor_country, "MIL"),),
        recipients=(Actor("civilians", 20, 29, country, "CVL"),),
        location=(
            Place(
                "Kramatorsk",
                40,
                50,
                "Kramatorsk",
                country,
                admin1,
                None,
                48.7,
                37.6,
                GeoPrecision.POINT,
            )
            if country
            else None
        ),
        date=DateRange("on October 3", 60, 72, day, day, Precision.DAY) if day else None,
        counts=Counts(killed=2),
        attribution=Attribution((Source("Ukrainian officials", "government"),), "said"),
        factuality=factuality,
        evidence=Evidence("Russian forces shelled civilians.", 0, 33),
    )


@pytest.fixture(scope="module")
def postgres() -> Iterator[TemporaryPostgres]:
    """A real PostgreSQL server for this module (Debian's postgresql package)."""
    pytest.importorskip("psycopg")
    if TemporaryPostgres.find_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; scripts/setup.sh installs it")
        pytest.skip("PostgreSQL is not installed")
    with TemporaryPostgres() as server:
        yield server


@pytest.fixture(params=["memory", "duckdb", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s: Store
    if request.param == "memory":
        s = MemoryStore()
    elif request.param == "duckdb":
        s = DuckDBStore(tmp_path / "t.duckdb")
    else:
        from sitreport.store.postgres_store import PostgresStore

        server = request.getfixturevalue("postgres")
        s = PostgresStore(server.create_database(f"t{uuid.uuid4().hex}"))
    yield s
    s.close()


def test_store_implementations_satisfy_protocol(tmp_path: Path) -> None:
    assert isinstance(MemoryStore(), Store)
    assert isinstance(DuckDBStore(tmp_path / "p.duckdb"), Store)


def test_store_round_trip_keeps_every_event_field(store: Store) -> None:
    doc = full_document(3)
    assert store.add_document(doc, source="a.txt", source_hash="h1")
    got = store.get_document(doc.id)
    assert got is not None
    assert got.events == doc.events
    assert got == strip_annotations(doc)


def test_store_round_trip_with_empty_optional_parts(store: Store) -> None:
    bare = Event(
        id="e0", type="PROTEST", trigger="marched", trigger_start=0, trigger_end=7, sentence=0
    )
    dated = dataclasses.replace(
        bare, id="e1", date=DateRange("", 0, 0), location=Place("there", 1, 6)
    )
    doc = make_document("Crowds marched.", events=(bare, dated))
    store.add_document(doc)
    got = store.get_document(doc.id)
    assert got is not None and got.events == doc.events


def test_store_readding_a_document_is_a_no_op(store: Store) -> None:
    doc = full_document(1)
    assert store.add_document(doc) is True
    assert store.add_document(doc) is False
    assert store.count_documents() == 1
    assert store.count_events(EventQuery()) == 3


def test_store_batch_counts_duplicates_inside_the_batch(store: Store) -> None:
    doc = full_document(1)
    result = store.write_batch(
        Batch(
            documents=(Ingested(doc, "a", "h1"), Ingested(doc, "b", "h2")),
            failures=(Failure("c", "InputError: empty input", "h3"),),
        )
    )
    assert (result.added, result.duplicates, result.failures) == (1, 1, 1)
    assert store.known_sources(["h1", "h2", "h3", "h4"]) == {"h1", "h2", "h3"}


def test_store_failed_batch_writes_nothing(store: Store) -> None:
    good = full_document(1)
    bad_event = dataclasses.replace(good.events[0], id="dup")
    bad = dataclasses.replace(full_document(2), events=(bad_event, bad_event))
    with pytest.raises(StoreError):
        store.write_batch(
            Batch(documents=(Ingested(good), Ingested(bad)), failures=(Failure("x", "boom", "hx"),))
        )
    assert store.count_documents() == 0
    assert store.failures() == []
    assert store.add_document(good)


def test_store_records_failures_once_per_source(store: Store) -> None:
    store.record_failure("a.bin", "InputError: binary", source_hash="h")
    store.record_failure("a.bin", "InputError: binary", source_hash="h")
    store.record_failure("line 3", "InputError: malformed JSON")
    failures = store.failures()
    assert [(f.source, f.source_hash) for f in failures] == [("a.bin", "h"), ("line 3", None)]
    assert all(f.at is not None for f in failures)


def test_store_list_and_get(store: Store) -> None:
    old = make_document("old", outlet="A", published=dt.date(2024, 1, 1), events=(event("e0"),))
    new = make_document("new", outlet="B", published=dt.date(2024, 5, 1))
    undated = make_document("undated", outlet="C")
    for d in (old, undated, new):
        store.add_document(d, source=f"{d.text}.txt")
    listed = store.list_documents(limit=10)
    assert [d.id for d in listed] == [new.id, old.id, undated.id]
    assert listed[1].n_events == 1 and listed[1].source == "old.txt"
    assert [d.id for d in store.list_documents(limit=1, offset=1)] == [old.id]
    assert store.get_document("nope") is None
    assert store.has_document(old.id) and not store.has_document("nope")
    got = store.get_event(EventKey(old.id, "e0"))
    assert got is not None and got.event == event("e0") and got.outlet == "A"
    assert store.get_event(EventKey(old.id, "e9")) is None


def test_store_reads_again_see_articles_stored_since(store: Store) -> None:
    """Reads are remembered (articles never change) but a miss is not: an article
    stored after a read that did not find it, or after a listing, is found and counted."""
    first = make_document("first", published=dt.date(2024, 1, 1), events=(event("e0"),))
    later = make_document("later", published=dt.date(2024, 2, 1), events=(event("e0"), event("e1")))
    store.add_document(first)
    assert store.get_document(later.id) is None
    assert [(d.id, d.n_events) for d in store.list_documents()] == [(first.id, 1)]
    store.add_document(later)
    assert store.get_document(later.id) == strip_annotations(later)
    assert store.get_document(later.id) == store.get_document(later.id)
    assert [(d.id, d.n_events) for d in store.list_documents()] == [(later.id, 2), (first.id, 1)]
    assert store.get_event(EventKey(later.id, "e1")) is not None


def _seeded(store: Store) -> dict[str, Document]:
    docs = {
        "a": make_document(
            "a",
            outlet="Kyiv Post",
            published=dt.date(2024, 10, 4),
            events=(
                event("e0"),
                event(
                    "e1",
                    type="PROTEST",
                    day=dt.date(2024, 9, 1),
                    country="RUS",
                    admin1="Kursk Oblast",
                    actor="Ukrainian troops",
                    actor_country="UKR",
                ),
            ),
        ),
        "b": make_document(
            "b",
            outlet="Reuters",
            published=dt.date(2024, 10, 5),
            events=(
                event("e0", day=None),
                event("e1", country=None, day=dt.date(2024, 11, 2)),
            ),
        ),
        "c": make_document(
            "c",
            outlet="TASS",
            published=None,
            events=(event("e0", day=None, factuality=Factuality.DENIED),),
        ),
    }
    for d in docs.values():
        store.add_document(d)
    return docs


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), ["b:e1", "b:e0", "a:e0", "a:e1", "c:e0"]),
        (EventQuery(types=("PROTEST",)), ["a:e1"]),
        (EventQuery(country="UKR"), ["b:e0", "a:e0", "c:e0"]),
        (EventQuery(admin1="kursk oblast"), ["a:e1"]),
        (EventQuery(date_from=dt.date(2024, 10, 4)), ["b:e1", "b:e0"]),
        (EventQuery(date_to=dt.date(2024, 10, 3)), ["a:e0", "a:e1"]),
        (
            EventQuery(date_from=dt.date(2024, 10, 1), date_to=dt.date(2024, 10, 31)),
            ["b:e0", "a:e0"],
        ),
        (EventQuery(actor="ukrainian"), ["a:e1"]),
        (EventQuery(actor_country="UKR"), ["b:e0", "a:e0", "a:e1", "c:e0"]),
        (EventQuery(actor_country="RUS"), ["b:e1", "b:e0", "a:e0", "a:e1", "c:e0"]),
        (EventQuery(document_id="b"), ["b:e1", "b:e0"]),
        (EventQuery(limit=2, offset=1), ["b:e0", "a:e0"]),
        (EventQuery(limit=None, offset=4), ["c:e0"]),
        (EventQuery(min_corroboration=2), []),
    ],
)
def test_store_query_filters_and_order(
    store: Store, query: EventQuery, expected: list[str]
) -> None:
    docs = _seeded(store)
    names = {d.id: name for name, d in docs.items()}
    if query.document_id is not None:
        query = dataclasses.replace(query, document_id=docs[query.document_id].id)
    got = [f"{names[se.key.document_id]}:{se.key.event_id}" for se in store.query_events(query)]
    assert got == expected
    counted = dataclasses.replace(query, limit=None, offset=0)
    assert store.count_events(query) == len(store.query_events(counted))


def test_store_clusters_feed_corroboration(store: Store) -> None:
    docs = _seeded(store)
    members = (
        EventKey(docs["a"].id, "e0"),
        EventKey(docs["b"].id, "e0"),
        EventKey(docs["c"].id, "e0"),
    )
    members = tuple(sorted(members))
    cluster = Cluster(
        id="c1",
        members=members,
        type="ASSAULT",
        corroboration=3,
        roots=("kyiv post", "reuters", "tass"),
        contradiction=True,
        country="UKR",
        admin1="Donetsk Oblast",
        date_start=dt.date(2024, 10, 3),
        date_end=dt.date(2024, 10, 5),
        score=0.8,
    )
    store.save_clusters([cluster])
    assert store.clusters() == [cluster]
    assert store.get_cluster("c1") == cluster
    assert store.get_cluster("nope") is None
    hits = store.query_events(EventQuery(min_corroboration=2))
    assert sorted(se.key for se in hits) == list(members)
    assert all(se.cluster_id == "c1" and se.contradiction for se in hits)
    assert [se.key for se in store.query_events(EventQuery(cluster_id="c1"))] == [
        se.key for se in hits
    ]
    # Saving again replaces, it does not add.
    store.save_clusters([])
    assert store.clusters() == []
    assert store.query_events(EventQuery(min_corroboration=2)) == []


def test_store_postgres_two_writers_share_one_database(postgres: TemporaryPostgres) -> None:
    from sitreport.store.postgres_store import PostgresStore

    dsn = postgres.create_database(f"t{uuid.uuid4().hex}")
    with PostgresStore(dsn) as a, PostgresStore(dsn) as b:
        assert a.add_document(full_document(1))
        assert b.add_document(full_document(2))
        assert not b.add_document(full_document(1))
        assert a.count_documents() == b.count_documents() == 2
        assert a.schema_version() == b.schema_version()


def test_store_postgres_dialect_and_messages() -> None:
    from sitreport.store.postgres_store import _redact, pg_dialect

    assert pg_dialect("SELECT $a::DOUBLE[], 5 % 2 WHERE x = $b_2") == (
        "SELECT %(a)s::DOUBLE PRECISION[], 5 %% 2 WHERE x = %(b_2)s"
    )
    assert _redact("postgresql://me:secret@db/x") == "postgresql://me:***@db/x"
    assert _redact("host=db password=secret user=me") == "host=db password=*** user=me"


def test_store_postgres_unreachable_server_is_store_error(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    from sitreport.store.postgres_store import PostgresStore

    with pytest.raises(StoreError, match="cannot open"):
        PostgresStore(f"host={tmp_path} port=1 user=nobody dbname=x connect_timeout=2")


def _columns(store: DuckDBStore) -> dict[str, list[tuple[str, str]]]:
    rows = store._fetch(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_name <> 'schema_version' ORDER BY table_name, ordinal_position"
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, tp in rows:
        out.setdefault(table, []).append((column, tp))
    return out


def _indexes(store: DuckDBStore) -> list[tuple[str, str]]:
    return [(str(t), str(n)) for t, n in store._fetch(
        "SELECT table_name, index_name FROM duckdb_indexes() ORDER BY 1, 2")]


# What the migrations add, read from them: a test that rebuilds an older store takes them away.
_INDEXES = tuple(statement.split()[2] for statement in INDEXES)
_V5_COLUMNS = tuple(statement.split()[5] for statement in _V5 if statement.startswith("ALTER TABLE events ADD COLUMN"))


def test_store_migrated_schema_equals_a_new_stores(tmp_path: Path) -> None:
    """A v1 store upgraded by the migrations has the tables a new store gets from the spec,
    and its events get the link columns v2 added, so linking it works."""
    from sitreport.link import link_store
    from sitreport.store.schema import _V1, MIGRATIONS

    # A store as version 1 left it: written now, then the v2 additions taken away.
    old_path = tmp_path / "old.duckdb"
    with DuckDBStore(old_path) as old:
        docs = _seeded(old)
        for index in _INDEXES:
            old._run(f"DROP INDEX {index}")
        v3 = ("search", "outlet", "country", "admin1", "admin1_key", "lat", "lon", "place_name", "cluster_id")
        for column in ("roots", "people_mask", "text_hashes", "link_block", "link_lo", "link_hi", *v3, *_V5_COLUMNS):
            old._run(f"ALTER TABLE events DROP COLUMN {column}")
        old._run("DROP TABLE clusters")
        old._run(next(s for s in _V1 if s.startswith("CREATE TABLE clusters")))
        old._run("DELETE FROM schema_version WHERE version > 1")
    with DuckDBStore(old_path, migrations=MIGRATIONS[:1]) as old:
        assert old.schema_version() == 1
    with DuckDBStore(old_path) as migrated, DuckDBStore(tmp_path / "new.duckdb") as new:
        assert migrated.schema_version() == new.schema_version() == MIGRATIONS[-1].version
        assert _columns(migrated) == _columns(new)
        assert _indexes(migrated) == _indexes(new) != []
        assert migrated._fetch("SELECT count(*) FROM events WHERE roots IS NULL OR search IS NULL") == [(0,)]
        found = migrated.query_events(EventQuery(text="Ukrainian TROOPS"))
        assert [se.key for se in found] == [EventKey(docs["a"].id, "e1")]
        link_store(migrated)
        assert migrated.count_clusters(EventQuery(limit=None)) >= 1
        assert migrated.get_document(docs["a"].id) == strip_annotations(docs["a"])


def test_store_link_sessions_agree_with_the_memory_store(store: Store) -> None:
    """Linking (whole and incremental) gives the same events on every backend."""
    from sitreport.link import link_documents, link_store

    reference = MemoryStore()
    docs = _seeded(reference)
    _seeded(store)
    first = [d.id for d in docs.values()][:2]
    link_documents(reference, first)
    link_documents(store, first)
    assert store.clusters(limit=None, min_size=1) == reference.clusters(limit=None, min_size=1)
    link_store(reference)
    link_store(store)
    got = store.clusters(limit=None, min_size=1)
    assert got == reference.clusters(limit=None, min_size=1)
    assert sum(c.size for c in got) == store.count_events(EventQuery(limit=None))
    query = EventQuery(country="UKR", limit=None)
    assert store.query_clusters(query) == reference.query_clusters(query)
    assert store.count_clusters(query) == reference.count_clusters(query)
    assert store.unlinked_documents() == []


# ---- search, the new filters, orders, facets, summaries, source counts ----------------


def _report(
    eid: str,
    sentence: str,
    *,
    type: str = "ASSAULT",
    place: tuple[str, str, str, float, float] | None = ("Kramatorsk", "UKR", "Donetsk Oblast", 48.7, 37.6),
    day: dt.date | None = dt.date(2024, 10, 3),
    factuality: Factuality = Factuality.REPORTED,
    chain: tuple[Source, ...] = (Source("Ukrainian officials", "government"),),
    acled: str | None = "Explosions/Remote violence",
    killed: int | None = None,
    actor: str = "Russian forces",
) -> Event:
    from sitreport.model import AcledCoding

    return Event(
        id=eid,
        type=type,
        trigger=sentence.split()[1],
        trigger_start=0,
        trigger_end=1,
        sentence=0,
        actors=(Actor(actor, 0, len(actor), "RUS", "MIL"),),
        location=Place(place[0], 0, 1, place[0], place[1], place[2], None, place[3], place[4], GeoPrecision.POINT)
        if place
        else None,
        date=DateRange("", 0, 0, day, day, Precision.DAY) if day else None,
        counts=Counts(killed=killed),
        attribution=Attribution(chain, "said" if chain else None),
        factuality=factuality,
        acled=AcledCoding(acled, "Shelling/artillery/missile attack") if acled else None,
        evidence=Evidence(sentence, 0, len(sentence)),
    )


ODESA = ("Odesa", "UKR", "Odesa Oblast", 46.48, 30.72)
SAO_PAULO = ("São Paulo", "BRA", "São Paulo", -23.55, -46.63)


def _corpus(store: Store) -> dict[str, Document]:
    """Reports of a few events by several outlets: two of one Odesa strike (one denies
    it), a São Paulo protest, Kramatorsk shelling with and without tolls, an undated one."""
    day = dt.date(2024, 10, 3)
    docs = {
        "kp": make_document("kp", outlet="Kyiv Post", published=day, events=(
            _report("e0", "Russian drones hit Odesa’s port overnight.", place=ODESA, killed=4),
            _report("e1", "Shelling of Kramatorsk continued.", killed=1, day=dt.date(2024, 9, 20)),
        )),
        "rt": make_document("rt", outlet="Reuters", published=day, events=(
            _report("e0", "Drones struck the port of Odesa, officials said.", place=ODESA, killed=2),
        )),
        "ta": make_document("ta", outlet="TASS", published=day, events=(
            _report("e0", "The ministry denied striking Odesa port.", place=ODESA, factuality=Factuality.DENIED,
                    chain=(Source("TASS", "outlet"), Source("the defence ministry", "government"))),
        )),
        "ab": make_document("ab", outlet="Agência Brasil", published=dt.date(2024, 8, 1), events=(
            _report("e0", "Thousands marched in São Paulo against pensions.", type="PROTEST", place=SAO_PAULO,
                    acled="Protests", chain=(), factuality=Factuality.ASSERTED, actor="Protesters",
                    day=dt.date(2024, 8, 1)),
        )),
        "un": make_document("un", outlet=None, published=None, events=(
            _report("e0", "Forces shelled a village.", place=None, day=None, acled=None, chain=()),
        )),
    }
    for d in docs.values():
        store.add_document(d)
    return docs


QUERIES = [
    EventQuery(limit=None),
    EventQuery(text="odesa", limit=None),
    EventQuery(text="ODESA port", limit=None),
    EventQuery(text="odesa s", limit=None),
    EventQuery(text="sao paulo", limit=None),
    EventQuery(text="defence ministry", limit=None),
    EventQuery(text="kramatorsk donetsk oblast", limit=None),
    EventQuery(text="odesa kramatorsk", limit=None),
    EventQuery(text="  ,;  ", limit=None),
    EventQuery(outlets=("Reuters", "TASS"), limit=None),
    EventQuery(factualities=("denied",), limit=None),
    EventQuery(factualities=("reported", "asserted"), limit=None),
    EventQuery(acled_types=("Protests",), limit=None),
    EventQuery(at=(ODESA[3], ODESA[4]), limit=None),
    EventQuery(at=(46.0, 30.0), limit=None),
    EventQuery(order="oldest", limit=None),
    EventQuery(order="killed", limit=None),
    EventQuery(order="corroboration", limit=None),
    EventQuery(order="reports", limit=None),
    EventQuery(order="killed", limit=2, offset=1),
    EventQuery(limit=2, offset=50),  # a page past the end still knows the total
    EventQuery(country="UKR", text="drones", order="oldest", limit=None),
]


def _keys(events: list[Any]) -> list[str]:
    return [str(getattr(e, "key", None) or e.id) for e in events]


@pytest.mark.parametrize("query", QUERIES, ids=[str(n) for n in range(len(QUERIES))])
def test_store_search_filters_and_orders_agree_with_the_memory_store(store: Store, query: EventQuery) -> None:
    from sitreport.link import link_store

    reference = MemoryStore()
    _corpus(reference)
    _corpus(store)
    link_store(reference)
    link_store(store)
    assert _keys(store.query_events(query)) == _keys(reference.query_events(query))
    assert store.count_events(query) == reference.count_events(query)
    assert _keys(store.query_clusters(query)) == _keys(reference.query_clusters(query))
    assert store.count_clusters(query) == reference.count_clusters(query)
    events, n_events = store.page_events(query)
    assert (_keys(events), n_events) == (_keys(store.query_events(query)), store.count_events(query))
    clusters, n_clusters = store.page_clusters(query)
    assert (_keys(clusters), n_clusters) == (_keys(store.query_clusters(query)), store.count_clusters(query))
    for unit in ("events", "reports"):
        assert store.summary(query, unit) == reference.summary(query, unit)


def test_store_search_matches_evidence_actors_places_and_sources(store: Store) -> None:
    docs = _corpus(store)

    def found(**kw: Any) -> list[str]:
        names = {d.id: name for name, d in docs.items()}
        return sorted(f"{names[se.key.document_id]}:{se.key.event_id}" for se in
                      store.query_events(EventQuery(limit=None, **kw)))

    assert found(text="Odesa") == ["kp:e0", "rt:e0", "ta:e0"]  # evidence and place
    assert found(text="odesa port drones") == ["kp:e0", "rt:e0"]  # every word, in one report
    assert found(text="strik") == ["ta:e0"]  # a word's beginning...
    assert found(text="trike") == []  # ...not any part of it
    assert found(text="odesa’s port") == found(text="odesa s port")
    assert found(text="SAO PAULO") == ["ab:e0"]  # accents and case folded
    assert found(text="defence ministry") == ["ta:e0"]  # a source of the chain
    assert found(text="protesters") == ["ab:e0"]  # an actor
    assert found(text="odesa oblast") == ["kp:e0", "rt:e0", "ta:e0"]  # the admin1 of the place
    assert found(text="kyiv") == []  # the outlet is not searched
    assert found(text="%") == found()  # no words: no search
    assert found(outlets=("Reuters", "TASS")) == ["rt:e0", "ta:e0"]
    assert found(factualities=("denied",)) == ["ta:e0"]
    assert found(acled_types=("Protests",)) == ["ab:e0"]
    assert found(at=ODESA[3:]) == ["kp:e0", "rt:e0", "ta:e0"]
    killed = [se.event.counts.killed for se in store.query_events(EventQuery(order="killed", limit=None))]
    assert killed == [4, 2, 1, None, None, None]
    oldest = store.query_events(EventQuery(order="oldest", limit=None))
    assert oldest[0].key.document_id == docs["ab"].id
    assert oldest[-1].key.document_id == docs["un"].id  # undated last either way


def test_store_facets_cover_the_whole_store(store: Store) -> None:
    from sitreport.link import link_store

    _corpus(store)
    link_store(store)
    reports = store.facets("reports")
    assert reports.total == 6
    assert reports.types == (("ASSAULT", 5), ("PROTEST", 1))
    assert dict(reports.outlets) == {"Kyiv Post": 2, "Reuters": 1, "TASS": 1, "Agência Brasil": 1}
    assert reports.outlets[0] == ("Kyiv Post", 2)
    assert reports.factualities == (("reported", 4), ("asserted", 1), ("denied", 1))
    assert dict(reports.acled_types) == {"Explosions/Remote violence": 4, "Protests": 1}
    assert dict(reports.countries) == {"UKR": 4, "BRA": 1}
    assert ("UKR", "Odesa Oblast", 3) in reports.admin1
    assert (reports.date_min, reports.date_max) == (dt.date(2024, 8, 1), dt.date(2024, 10, 3))
    events = store.facets("events")
    reference = MemoryStore()
    _corpus(reference)
    link_store(reference)
    assert events == reference.facets("events")
    assert reports == reference.facets("reports")
    assert events.total == store.count_clusters(EventQuery(limit=None)) < reports.total
    assert dict(events.outlets)["Reuters"] == 1


def test_store_summary_counts_places_and_days(store: Store) -> None:
    _corpus(store)
    got = store.summary(EventQuery(), "reports", max_places=2)
    assert got.total == 6 and got.undated == 1
    assert got.places_total == 3 and len(got.places) == 2 and got.located == 5
    odesa = got.places[0]
    assert (odesa.lat, odesa.lon, odesa.name, odesa.country, odesa.n) == (*ODESA[3:], "Odesa", "UKR", 3)
    assert odesa.types == (("ASSAULT", 3),)
    assert got.days == ((dt.date(2024, 8, 1), "PROTEST", 1), (dt.date(2024, 9, 20), "ASSAULT", 1),
                        (dt.date(2024, 10, 3), "ASSAULT", 3))
    assert sum(n for _, _, n in got.days) == 5


def test_store_source_counts_agree_with_the_memory_store(store: Store) -> None:
    from sitreport.link import link_store

    reference = MemoryStore()
    _corpus(reference)
    _corpus(store)
    link_store(reference)
    link_store(store)
    got = store.source_counts()
    assert got == reference.source_counts()
    assert ("TASS", "document", "TASS", "outlet", 1) in got.steps
    assert ("TASS", "outlet", "the defence ministry", "government", 1) in got.steps
    assert (None, 1) in got.outlets


def _cluster_columns_disagree(store: DuckDBStore) -> int:
    """Reports whose `events.cluster_id` is not what `cluster_members` says."""
    rows = store._fetch(
        "SELECT count(*) FROM events e LEFT JOIN cluster_members m ON m.document_id = e.document_id "
        "AND m.event_id = e.event_id WHERE e.cluster_id IS DISTINCT FROM m.cluster_id"
    )
    return int(rows[0][0])


def test_store_events_name_their_cluster_after_every_kind_of_cluster_write(tmp_path: Path) -> None:
    from sitreport.link import link_documents, link_store

    with DuckDBStore(tmp_path / "c.duckdb") as store:
        docs = _corpus(store)
        link_store(store)
        assert _cluster_columns_disagree(store) == 0
        odesa = store.query_clusters(EventQuery(text="odesa"))
        assert len(odesa) == 1 and store.count_clusters(EventQuery(outlets=("TASS",))) == 1
        reports_before = sum(c.size for c in store.page_clusters(EventQuery(text="odesa"))[0])
        # A new report of the Odesa strike joins (or replaces) its cluster incrementally.
        late = make_document("late", outlet="Ukrinform", published=dt.date(2024, 10, 3), events=(
            _report("e0", "Drones hit the port of Odesa overnight.", place=ODESA, killed=4),))
        store.add_document(late)
        link_documents(store, [late.id])
        assert _cluster_columns_disagree(store) == 0
        assert store.count_clusters(EventQuery(outlets=("Ukrinform",))) == 1
        # A page read before the write (its clusters decoded and kept) shows the new report.
        assert sum(c.size for c in store.page_clusters(EventQuery(text="odesa"))[0]) == reports_before + 1
        # Clusters saved whole replace every report's cluster.
        store.save_clusters([c for c in store.query_clusters(EventQuery(limit=None)) if docs["ab"].id not in
                             {k.document_id for k in c.members}])
        assert _cluster_columns_disagree(store) == 0
        assert store.count_clusters(EventQuery(text="sao paulo")) == 0


def test_store_migration_v3_fills_search_keys_and_place_names(tmp_path: Path) -> None:
    from sitreport.link import link_store
    from sitreport.store.schema import MIGRATIONS

    path = tmp_path / "v2.duckdb"
    with DuckDBStore(path) as old:
        docs = _corpus(old)
        link_store(old)
        before = old.summary(EventQuery())
        for index in _INDEXES:
            old._run(f"DROP INDEX {index}")
        for column in ("search", "outlet", "country", "admin1", "admin1_key", "lat", "lon", "place_name", "cluster_id",
                       *_V5_COLUMNS):
            old._run(f"ALTER TABLE events DROP COLUMN {column}")
        old._run("ALTER TABLE clusters DROP COLUMN place_name")
        old._run("DELETE FROM schema_version WHERE version > 2")
    with DuckDBStore(path) as migrated:
        assert migrated.schema_version() == MIGRATIONS[-1].version
        assert migrated._fetch("SELECT count(*) FROM events WHERE cluster_id IS NULL") == [(0,)]
        assert migrated.count_clusters(EventQuery(text="sao paulo")) == 1
        found = migrated.query_events(EventQuery(text="sao paulo"))
        assert [se.key.document_id for se in found] == [docs["ab"].id]
        assert migrated.summary(EventQuery()) == before


def test_store_migration_v5_copies_article_and_event_fields_onto_reports(tmp_path: Path) -> None:
    """A v4 store migrated to v5 reads every report as before: its article's date, address
    and title and its event's corroboration now come from the report's own row."""
    from sitreport.link import link_store

    path = tmp_path / "v4.duckdb"
    with DuckDBStore(path) as old:
        _corpus(old)
        link_store(old)
        before = old.query_events(EventQuery(limit=None))
        for index in ("events_document", "places_document", "evidence_document"):
            old._run(f"DROP INDEX {index}")  # v4 had only the first; DuckDB drops no column of an indexed table
        for column in _V5_COLUMNS:
            old._run(f"ALTER TABLE events DROP COLUMN {column}")
        old._run("CREATE INDEX events_document ON events (document_id)")
        old._run("DELETE FROM schema_version WHERE version > 4")
    with DuckDBStore(path) as migrated:
        assert migrated.query_events(EventQuery(limit=None)) == before
        assert any(se.contradiction for se in before) and all(se.cluster_id for se in before)
        assert migrated._fetch(
            "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id "
            "WHERE e.published IS DISTINCT FROM d.published OR e.title IS DISTINCT FROM d.title"
        ) == [(0,)]


def test_store_representatives_are_the_reports_the_clusters_name(store: Store) -> None:
    """Read cold, read again (kept), and after the clusters are written again."""
    from sitreport.link import link_store

    _corpus(store)
    link_store(store)
    for _ in range(2):
        clusters = store.query_clusters(EventQuery(limit=None))
        assert clusters
        expected = {c.id: store.get_event(c.representative) for c in clusters if c.representative is not None}
        assert store.representatives(clusters) == expected
        store.save_clusters([dataclasses.replace(c, corroboration=c.corroboration + 1) for c in clusters])
    assert store.representatives([]) == {}


def test_store_reports_follow_their_cluster_when_clusters_are_rewritten(tmp_path: Path) -> None:
    """A report shows its event's current corroboration: after a relink, and none once
    the clusters are gone, whether read in a page or by key (reports read before are
    kept decoded; their cluster columns must not be)."""
    from sitreport.link import link_store

    with DuckDBStore(tmp_path / "s.duckdb") as store:
        _corpus(store)
        before = store.query_events(EventQuery(limit=None))
        assert {se.corroboration for se in before} == {1}
        keys = [se.key for se in before]
        assert {se.cluster_id for se in store.get_events(keys).values()} == {None}
        link_store(store)
        linked = store.query_events(EventQuery(limit=None))
        clusters = {c.id: c for c in store.query_clusters(EventQuery(limit=None))}
        assert all(se.cluster_id in clusters for se in linked)
        assert [se.corroboration for se in linked] == [clusters[str(se.cluster_id)].corroboration for se in linked]
        assert [se.contradiction for se in linked] == [clusters[str(se.cluster_id)].contradiction for se in linked]
        by_key = store.get_events(keys)
        assert [by_key[se.key] for se in linked] == linked
        assert store.get_event(linked[0].key) == linked[0]
        store.save_clusters([])
        assert {(se.cluster_id, se.corroboration) for se in store.query_events(EventQuery(limit=None))} == {(None, 1)}
        assert {(se.cluster_id, se.corroboration) for se in store.get_events(keys).values()} == {(None, 1)}
