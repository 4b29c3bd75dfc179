"""Every store keeps the same thing: oversized counts clamped and flagged, the unstorable refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitreport.errors import StoreError
from sitreport.model import AcledCoding, Actor, Counts, Document, Event
from sitreport.store import DuckDBStore, EventQuery, MemoryStore, Store
from sitreport.store.codec import INT_MAX, INT_MIN, fit_to_columns
from sitreport.testing import make_document

TEXT = "Officials said 3000000000 people were killed."


def _doc(**counts: int | None) -> Document:
    event = Event(
        id="e1",
        type="ASSAULT",
        trigger="killed",
        trigger_start=38,
        trigger_end=44,
        sentence=0,
        counts=Counts(**counts),
        acled=AcledCoding("Violence against civilians", "Attack", fatalities=counts.get("killed")),
    )
    return make_document(TEXT, events=(event,))


@pytest.fixture(params=["memory", "duckdb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else DuckDBStore(tmp_path / "f.duckdb")
    yield made
    made.close()


@pytest.mark.parametrize(
    ("counts", "stored"),
    [
        ({"killed": 3_000_000_000}, {"killed": INT_MAX}),
        ({"killed": 10**30, "injured": 5}, {"killed": INT_MAX, "injured": 5}),
        ({"people": -(10**12)}, {"people": INT_MIN}),
        ({"arrested": INT_MAX}, None),
    ],
)
def test_store_counts_over_the_column_are_clamped_and_flagged(
    store: Store, counts: dict[str, int], stored: dict[str, int] | None
) -> None:
    assert store.add_document(_doc(**counts))
    (se,) = store.query_events(EventQuery())
    want = Counts(**(stored or counts), clamped=stored is not None)
    assert se.event.counts == want
    assert se.event.acled is not None and se.event.acled.fatalities == want.killed


def test_fit_to_columns_returns_the_document_itself_when_nothing_needs_it() -> None:
    doc = _doc(killed=6)
    assert fit_to_columns(doc) is doc


@pytest.mark.parametrize(
    "broken",
    [
        lambda ev: dataclasses.replace(ev, trigger_start=2**40),
        lambda ev: dataclasses.replace(ev, actors=(Actor("x", 0, 1, head=-(2**33)),)),
        lambda ev: dataclasses.replace(ev, trigger="kill\ud800ed"),
    ],
)
def test_store_refuses_what_no_column_holds_the_same_way_everywhere(store: Store, broken: object) -> None:
    doc = _doc(killed=1)
    bad = dataclasses.replace(doc, events=(broken(doc.events[0]),))  # type: ignore[operator]
    with pytest.raises(StoreError, match="event 0"):
        store.add_document(bad)
    assert store.count_documents() == 0


def test_store_refuses_a_title_that_is_not_unicode(store: Store) -> None:
    with pytest.raises(StoreError, match=r"document\.title"):
        store.add_document(dataclasses.replace(_doc(killed=1), title="bad \udcff title"))
