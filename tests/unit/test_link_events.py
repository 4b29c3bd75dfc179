"""Cross-article linking, corroboration and contradictions, on hand-made events."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from sitreport.link import (
    HashingEncoder,
    LinkConfig,
    attribution_roots,
    corroboration,
    family,
    link_documents,
    link_events,
    link_store,
    normalise_source,
)
from sitreport.model import (
    Actor,
    Attribution,
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
from sitreport.store import DuckDBStore, EventKey, EventQuery, MemoryStore, StoredEvent
from sitreport.testing import make_document

KHARKIV = ("Kharkiv", "UKR", "Kharkiv Oblast", 49.99, 36.23)
CHUHUIV = ("Chuhuiv", "UKR", "Kharkiv Oblast", 49.84, 36.69)  # ~36 km from Kharkiv
DONETSK = ("Donetsk", "UKR", "Donetsk Oblast", 48.02, 37.80)
LVIV = ("Lviv", "UKR", "Lviv Oblast", 49.84, 24.03)


def stored(
    doc: str,
    sentence: str,
    *,
    eid: str = "e0",
    type: str = "ASSAULT",
    day: dt.date = dt.date(2024, 10, 3),
    place: tuple[str, str, str, float, float] | None = KHARKIV,
    outlet: str = "Outlet",
    chain: tuple[Source, ...] = (),
    factuality: Factuality = Factuality.ASSERTED,
    actors: tuple[str, ...] = ("RUS",),
    recipients: tuple[str, ...] = ("UKR",),
) -> StoredEvent:
    loc = None
    if place is not None:
        name, country, admin1, lat, lon = place
        loc = Place(name, 0, len(name), name, country, admin1, None, lat, lon, GeoPrecision.POINT)
    event = Event(
        id=eid,
        type=type,
        trigger="x",
        trigger_start=0,
        trigger_end=1,
        sentence=0,
        actors=tuple(Actor(c, 0, 1, c, "MIL") for c in actors),
        recipients=tuple(Actor(c, 0, 1, c, "CVL") for c in recipients),
        location=loc,
        date=DateRange("today", 0, 5, day, day, Precision.DAY),
        attribution=Attribution(chain),
        factuality=factuality,
        evidence=Evidence(sentence, 0, len(sentence)),
    )
    return StoredEvent(EventKey(doc, eid), event, outlet=outlet, published=day)


OFFICIALS = (Source("Ukrainian officials", "government"),)


def shelling_reports() -> list[StoredEvent]:
    return [
        stored("d1", "Russian forces shelled a residential area of Kharkiv, killing two.",
               outlet="Reuters"),
        stored("d2", "Russian shelling hit residential Kharkiv overnight, two killed.",
               outlet="Kyiv Independent", chain=OFFICIALS, factuality=Factuality.REPORTED,
               day=dt.date(2024, 10, 4)),
        stored("d3", "Two people were killed when Russian artillery shelled Kharkiv.",
               outlet="The Guardian", chain=(Source("the Ukrainian Officials.", "government"),),
               factuality=Factuality.REPORTED),
        # The same city ten days later: another event.
        stored("d4", "Russian forces shelled a residential area of Kharkiv, killing two.",
               outlet="Reuters", day=dt.date(2024, 10, 13)),
        # Same day, other region: another event.
        stored("d5", "Russian forces shelled a residential area of Donetsk, killing two.",
               outlet="AP", place=DONETSK),
        # A protest in Kharkiv: another family.
        stored("d6", "Residents protested in Kharkiv against the shelling.", type="PROTEST",
               outlet="AP"),
    ]


def test_link_groups_reports_of_one_event() -> None:
    events = shelling_reports()
    result = link_events(events)
    assert [c.members for c in result.multi] == [
        (EventKey("d1", "e0"), EventKey("d2", "e0"), EventKey("d3", "e0"))
    ]
    assert len(result.clusters) == 4  # the others are events of one report each
    (cluster,) = result.multi
    # Two outlets quoting Ukrainian officials are one root (the Ukrainian government);
    # Reuters in its own voice is another.
    assert cluster.roots == ("name:reuters", "office:government:UKR")
    assert cluster.corroboration == 2
    assert not cluster.contradiction
    assert cluster.type == "ASSAULT" and cluster.country == "UKR"
    # Two reports say October 3, one October 4: the most common day wins.
    assert cluster.date_start == cluster.date_end == dt.date(2024, 10, 3)
    assert 0.62 <= cluster.score <= 1.0


def test_link_denial_joins_the_cluster_and_flags_contradiction() -> None:
    denial = stored(
        "d7", "The Russian defence ministry denied that its forces shelled Kharkiv.",
        outlet="TASS", chain=(Source("Russian defence ministry", "government"),),
        factuality=Factuality.DENIED,
    )
    (cluster,) = link_events([*shelling_reports(), denial]).multi
    assert EventKey("d7", "e0") in cluster.members
    assert cluster.contradiction
    assert cluster.corroboration == 2  # a denial is a voice, not a corroboration
    assert cluster.contradictions == (EventKey("d7", "e0"),)
    assert not any("military" in r for r in cluster.roots)


def test_link_nearby_places_within_50_km_link_far_ones_do_not() -> None:
    text = "Russian drones struck an energy facility, officials said."
    near = [stored("a", text, outlet="A"), stored("b", text, outlet="B", place=CHUHUIV)]
    far = [stored("a", text, outlet="A"), stored("c", text, outlet="C", place=LVIV)]
    assert len(link_events(near).multi) == 1
    assert link_events(far).multi == ()


def test_link_never_links_events_of_one_document() -> None:
    text = "Russian forces shelled Kharkiv."
    events = [stored("d", text, eid="e0"), stored("d", text, eid="e1")]
    assert link_events(events).multi == ()


def test_link_undated_and_unlocated_events() -> None:
    text = "Russian forces shelled the city."
    undated = stored("a", text)
    undated = StoredEvent(
        undated.key,
        Event(id="e0", type="ASSAULT", trigger="x", trigger_start=0, trigger_end=1, sentence=0),
    )
    located = stored("b", text)
    nowhere = [stored("c", text, place=None), stored("d", text, place=None, outlet="Other")]
    result = link_events([undated, located, *nowhere])
    assert [c.members for c in result.multi] == [(EventKey("c", "e0"), EventKey("d", "e0"))]
    assert len(result.clusters) == 3  # the undated one is a cluster of its own


def test_link_blocking_keeps_candidates_near_linear() -> None:
    rng = random.Random(7)
    places = [KHARKIV, DONETSK, LVIV, CHUHUIV]
    events = [
        stored(f"d{n}", f"Report {n} of shelling.", place=rng.choice(places),
               day=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365)),
               type=rng.choice(["ASSAULT", "PROTEST", "AGREE"]))
        for n in range(3000)
    ]
    result = link_events(events)
    assert result.candidates < 3000 * 60  # all pairs would be 4.5 million


def test_link_store_saves_clusters_and_feeds_queries(tmp_path: Path) -> None:
    with DuckDBStore(tmp_path / "l.duckdb") as store:
        for se in shelling_reports():
            doc = make_document(se.key.document_id, outlet=se.outlet, published=se.published,
                                events=(se.event,))
            store.add_document(doc)
        result = link_store(store)
        assert (result.written, result.linked) == (4, 1)
        assert len(store.clusters()) == 1 and len(store.clusters(min_size=1)) == 4
        strong = store.query_events(EventQuery(min_corroboration=2))
        assert len(strong) == 3 and all(se.corroboration == 2 for se in strong)
        # Linking again replaces the clusters instead of piling up.
        link_store(store)
        assert len(store.clusters(limit=None)) == 1


def test_link_memory_and_duckdb_agree(tmp_path: Path) -> None:
    mem = MemoryStore()
    with DuckDBStore(tmp_path / "a.duckdb") as duck:
        for se in shelling_reports():
            doc = make_document(se.key.document_id, outlet=se.outlet, published=se.published,
                                events=(se.event,))
            mem.add_document(doc)
            duck.add_document(doc)
        link_store(mem), link_store(duck)
        assert mem.clusters(limit=None, min_size=1) == duck.clusters(limit=None, min_size=1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Kyiv Post", "kyiv post"),
        ("kyiv  post.", "kyiv post"),
        ("Ukraine's General Staff", "ukraine general staff"),
        ("ＴＡＳＳ", "tass"),
    ],
)
def test_link_normalise_source(name: str, expected: str) -> None:
    assert normalise_source(name) == expected


def test_link_roots_include_sources_named_alongside() -> None:
    se = stored("d", "x", chain=(Source("Kyiv Post", "outlet", also=("Interfax",)),))
    assert attribution_roots(se) == ("name:interfax", "name:kyiv post")
    assert attribution_roots(stored("d", "x", outlet="The Times")) == ("name:times",)
    count, roots = corroboration([se, stored("e", "x", outlet="Interfax")])
    assert (count, roots) == (2, ("name:interfax", "name:kyiv post"))


def test_link_family_groups_types_reports_code_differently() -> None:
    assert family("ASSAULT") == "violence"
    assert family("accuse") == family("REJECT") == family("THREATEN") == "verbal"
    assert family("NEWTYPE") == "NEWTYPE"


def test_link_hashing_encoder_cosines() -> None:
    enc = HashingEncoder(256)
    v = enc.encode([
        "Russian forces shelled Kharkiv overnight.",
        "Overnight Russian shelling of Kharkiv.",
        "Farmers protested grain prices in Warsaw.",
        "",
    ])
    assert v.shape == (4, 256) and v.dtype == np.float32
    sims = v @ v.T
    assert sims[0, 1] > 0.4 > sims[0, 2]
    assert np.allclose(np.diag(sims)[:3], 1.0, atol=1e-5) and not v[3].any()
    assert np.array_equal(enc.encode(["same text"]), enc.encode(["same text"]))
    with pytest.raises(ValueError):
        HashingEncoder(100)


def test_link_config_threshold_controls_linking() -> None:
    events = shelling_reports()
    assert link_events(events, LinkConfig(threshold=1.01)).multi == ()


def _doc_of(se: StoredEvent) -> Document:
    return make_document(se.key.document_id, outlet=se.outlet, published=se.published, events=(se.event,))


def test_link_documents_joins_new_reports_to_stored_events(tmp_path: Path) -> None:
    reports = shelling_reports()
    with DuckDBStore(tmp_path / "i.duckdb") as store:
        for se in reports[:1] + reports[3:]:
            store.add_document(_doc_of(se))
        link_store(store)
        assert store.clusters() == []  # nothing told twice yet
        before = {c.id: c for c in store.clusters(limit=None, min_size=1)}
        # Two more reports of the first shelling arrive: only they are linked.
        new = [_doc_of(se) for se in reports[1:3]]
        for doc in new:
            store.add_document(doc)
        result = link_documents(store, [d.id for d in new])
        assert result.events == 2 and result.written == 1
        (cluster,) = store.clusters()
        assert cluster.members == tuple(sorted(EventKey(_doc_of(se).id, "e0") for se in reports[:3]))
        assert cluster.corroboration == 2
        after = {c.id: c for c in store.clusters(limit=None, min_size=1)}
        # The events not touched are as they were; every report is in exactly one event.
        assert {k: v for k, v in after.items() if k != cluster.id} == {
            k: v for k, v in before.items() if k != cluster.id
        }
        assert sum(c.size for c in after.values()) == len(reports)
        assert store.unlinked_documents() == []
        # The same result as relinking everything.
        link_store(store)
        assert {c.id: c.members for c in store.clusters(limit=None, min_size=1)} == {
            k: v.members for k, v in after.items()
        }


def test_link_documents_twice_changes_nothing() -> None:
    store = MemoryStore()
    docs = [_doc_of(se) for se in shelling_reports()]
    for doc in docs:
        store.add_document(doc)
    link_documents(store, [d.id for d in docs])
    first = store.clusters(limit=None, min_size=1)
    link_documents(store, [docs[1].id])
    assert store.clusters(limit=None, min_size=1) == first
