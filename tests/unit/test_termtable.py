"""Tables that fit the terminal: at 80 and 160 columns, words are never cut, columns are
left out (and named) instead, the least important first."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from sitreport.query import QUERY_COLUMNS, events_table, run_query
from sitreport.store import EventQuery, MemoryStore
from sitreport.termtable import Column, fit_table
from sitreport.testing import FakePipeline, make_document

COLUMNS = [Column("date"), Column("place", drop=1), Column("who", drop=2), Column("source chain", drop=3),
           Column("ACLED", drop=4)]  # fmt: skip
ROWS = [
    ["2024-03-12", "Kharkiv, Kharkiv Oblast, Ukraine", "Russian forces; unidentified drone operators",
     "Suspilne ← the regional military administration",
     "Explosions/Remote violence: Shelling/artillery/missile attack"],
    ["2024-03-13 – 2024-03-14", "Dnipropetrovsk Oblast", "Ukrainian air defence", "(outlet)",
     "Strategic developments: Disrupted weapons use"],
]  # fmt: skip


def render(table: RenderableType, width: int) -> str:
    console = Console(record=True, width=width)
    console.print(table)
    return console.export_text()


def headers(text: str) -> str:
    """The header rows of a rendered table (down to the rule under them)."""
    lines = text.splitlines()
    return "\n".join(lines[: next(i for i, line in enumerate(lines) if line.startswith("┡"))])


def words_intact(text: str, cells: list[str]) -> list[str]:
    """The words of `cells` that do not appear whole in the rendered `text`."""
    return [w for cell in cells for w in cell.split() if w not in text]


@pytest.mark.parametrize("width", [80, 160])
def test_fit_table_never_cuts_words_and_stays_within_the_width(width: int) -> None:
    text = render(fit_table(COLUMNS, ROWS, width), width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    shown = [i for i, c in enumerate(COLUMNS) if c.header.split()[0] in headers(text)]
    assert shown[:3] == [0, 1, 2]
    assert not words_intact(text, [row[i] for row in ROWS for i in shown])


def test_fit_table_leaves_out_the_least_important_columns_and_says_so() -> None:
    narrow = render(fit_table(COLUMNS, ROWS, 60), 60)
    assert "date" in narrow and "place" in narrow
    assert "source" not in headers(narrow)
    assert "(left out for width: source chain, ACLED;" in narrow
    assert "(left out for width: ACLED;" in render(fit_table(COLUMNS, ROWS, 80), 80)
    wide = render(fit_table(COLUMNS, ROWS, 160), 160)
    assert "left out" not in wide
    assert all(c.header.split()[0] in wide for c in COLUMNS)


def test_fit_table_uses_the_room_it_has() -> None:
    """With room for every cell on one line, nothing wraps."""
    text = render(fit_table(COLUMNS, ROWS, 240), 240)
    for row in ROWS:
        for cell in row:
            assert cell in text


def test_fit_table_on_a_terminal_too_narrow_for_one_column_still_renders() -> None:
    text = render(fit_table(COLUMNS, ROWS, 12), 12)
    assert max(cell_len(line) for line in text.splitlines()) <= 12
    assert "date" in headers(text) and "place" not in headers(text)


def test_fit_table_shows_markup_as_text_not_as_width() -> None:
    rows = [["[dim]ASSAULT[/dim]", "x", "y", "z", "w"]]
    text = render(fit_table(COLUMNS, rows, 80), 80)
    assert "ASSAULT" in text and "[dim]" not in text


@pytest.fixture
def events() -> list:  # type: ignore[type-arg]
    store = MemoryStore()
    store.add_document(
        FakePipeline()(
            make_document(
                "Russian forces shelled the outskirts of Kharkiv on 2024-10-03. Police detained protesters in Tbilisi.",
                outlet="Continental Wire",
                published=dt.date(2024, 10, 4),
            )
        )
    )
    return run_query(store, EventQuery())


@pytest.mark.parametrize("width", [80, 160])
def test_query_table_fits_80_and_160_columns(events: list, width: int) -> None:  # type: ignore[type-arg]
    text = render(events_table(events, title="events", width=width), width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "2024-10-03" in text and "Kharkiv" in text
    assert not words_intact(text, [e.event.type for e in events])
    if width == 160:
        assert all(c.header in text for c in QUERY_COLUMNS)
        assert "Continental Wire" in text


def test_query_table_marks_a_date_taken_from_the_publication(events: list) -> None:  # type: ignore[type-arg]
    undated = [replace(e, event=replace(e.event, date=None)) for e in events]
    text = render(events_table(undated, width=160), 160)
    assert "2024-10-04 (pub.)" in text
