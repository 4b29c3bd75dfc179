"""Terminal tables that fit the terminal: fewer columns before broken words.

Rich squeezes every column of a table that is too wide, down to a few
characters, and then cuts words in the middle. Here each column keeps at least
the width of its longest word, so cells wrap only between words; when the
columns cannot all fit, the least important are left out and named in a note
under the table. Only a terminal too narrow even for the first column cuts
words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = ["Column", "fit_table"]

_PAD = 2  # a cell's left and right padding
_RULE = 1  # one vertical rule per column, plus the closing one


@dataclass(frozen=True)
class Column:
    """A column's header and its rank: columns are left out from the highest `drop` first."""

    header: str
    drop: int = 0


def _words(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


def _lines(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def fit_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    title: str | None = None,
    show_lines: bool = False,
) -> RenderableType:
    """A table of `rows` (cells in rich markup) no wider than `width` characters."""
    plain = [[Text.from_markup(cell).plain for cell in row] for row in rows]
    least = [max(_words(c.header), *(_words(r[i]) for r in plain)) for i, c in enumerate(columns)]
    most = [max(_lines(c.header), *(_lines(r[i]) for r in plain)) for i, c in enumerate(columns)]
    kept = list(range(len(columns)))

    def room() -> int:
        return width - _RULE - len(kept) * (_PAD + _RULE)

    while len(kept) > 1 and sum(max(least[i], 1) for i in kept) > room():
        kept.remove(max(kept, key=lambda i: (columns[i].drop, i)))
    widths = _share(room(), [max(least[i], 1) for i in kept], [max(most[i], 1) for i in kept])
    table = Table(title=title, show_lines=show_lines)
    for i, w in zip(kept, widths, strict=True):
        table.add_column(columns[i].header, width=w, overflow="fold")
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    left_out = [columns[i].header for i in range(len(columns)) if i not in kept]
    if not left_out:
        return table
    note = Text(f"(left out for width: {', '.join(left_out)}; a wider terminal shows them)", style="dim")
    return Group(table, note)


def _share(room: int, least: list[int], most: list[int]) -> list[int]:
    """Widths from `least` up towards `most`, handing out `room` a character at a time
    to the column furthest below its natural width."""
    widths = list(least)
    spare = room - sum(widths)
    while spare > 0:
        short = [i for i in range(len(widths)) if widths[i] < most[i]]
        if not short:
            break
        i = max(short, key=lambda k: (most[k] - widths[k]) / most[k])
        widths[i] += 1
        spare -= 1
    return widths
