"""Word 8-grams a training-notes file shares with the development rows (a check, not a filter).

    .venv/bin/python scripts/note_overlap.py src/sitreport/resources/typer/notes-X.jsonl \
        ../shared/gold/acled/world-tune.csv ../shared/gold/acled/ukraine-2022-2024.csv

The typer's notes are written by us, never from ACLED rows (resources/typer/README.md). This
prints every note that shares a run of eight lower-cased words with a development row's
notes, and the shared runs, so that a paraphrase would show; the rows are only read here,
never written anywhere. Pass only development files: the held-out file's rows are not read.
Exit 1 when some note shares a run.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

_WORD = re.compile(r"\w+")
N = 8


def grams(text: str, n: int = N) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def development_grams(paths: Iterable[Path]) -> set[str]:
    out: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                out |= grams(row.get("notes") or "")
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    notes, *rows = (Path(a) for a in argv)
    seen = development_grams(rows)
    shared = 0
    for line in notes.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        note = json.loads(line)
        common = grams(note["notes"]) & seen
        if common:
            shared += 1
            print(f"{note['id']}: {sorted(common)}")
    print(f"{shared} notes of {notes.name} share a word {N}-gram with the development rows")
    return 1 if shared else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
