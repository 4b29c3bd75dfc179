"""Building queries from user input, and the table view."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console

from sitreport.errors import InputError
from sitreport.query import build_query, events_table, run_query
from sitreport.store import EventQuery, MemoryStore
from sitreport.testing import FakePipeline, make_document


def test_query_build_normalises_inputs() -> None:
    q = build_query(
        types=["assault, fight", "ASSAULT"],
        country="ukr",
        admin1=" Kharkiv Oblast ",
        since="2024-10-01",
        until="2024-10-31",
        actor=" Russian ",
        actor_country="rus",
        min_corroboration=2,
        limit=5,
        offset=10,
    )
    assert q == EventQuery(
        types=("ASSAULT", "FIGHT"),
        country="UKR",
        admin1="Kharkiv Oblast",
        date_from=dt.date(2024, 10, 1),
        date_to=dt.date(2024, 10, 31),
        actor="Russian",
        actor_country="RUS",
        min_corroboration=2,
        limit=5,
        offset=10,
    )
    assert build_query(admin1="  ", actor="") == EventQuery()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "03/10/2024"}, "--since"),
        ({"until": "2024-13-01"}, "--until"),
        ({"since": "2024-10-05", "until": "2024-10-01"}, "after"),
        ({"country": "Ukraine"}, "--country"),
        ({"actor_country": "U1"}, "--actor-country"),
        ({"min_corroboration": 0}, "at least 1"),
        ({"limit": -1}, "--limit"),
        ({"offset": -1}, "--offset"),
    ],
)
def test_query_build_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        build_query(**kwargs)  # type: ignore[arg-type]


def test_query_table_renders_events() -> None:
    store = MemoryStore()
    store.add_document(
        FakePipeline()(
            make_document("Russian forces shelled Kharkiv on 2024-10-03.", outlet="Reuters")
        )
    )
    events = run_query(store, build_query(country="UKR"))
    console = Console(record=True, width=160)
    console.print(events_table(events, title="events"))
    text = console.export_text()
    assert "2024-10-03" in text and "ASSAULT" in text and "Kharkiv" in text
    assert "Reuters" in text
