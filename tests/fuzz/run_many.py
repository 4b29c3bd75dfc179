"""Push many fuzzed inputs through reader, pipeline and store; count what escapes.

    PYTHONPATH=src .venv/bin/python tests/fuzz/run_many.py --inputs 10000

Each input (the fuzz suite's `article_bytes` with a `PUBLISHED` date) is read, run
through the full pipeline, made storable and written, in batches, to a DuckDB store and
a MemoryStore, whose answers must agree. A project error (`SitreportError`) is an
expected refusal; anything else is a bug, counted and printed with its input. The run
is derandomized: the same inputs every time. Exit status 1 if any bug was found.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
import traceback
from pathlib import Path

from fuzz_strategies import FUZZ, PUBLISHED, article_bytes
from hypothesis import Phase, given, settings

from sitreport.errors import SitreportError, StageError
from sitreport.extract import default_pipeline
from sitreport.io.read import read_bytes
from sitreport.store import Batch, DuckDBStore, Ingested, MemoryStore
from sitreport.store.base import storable

BATCH = 64


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    args = parser.parse_args()

    pipeline = default_pipeline()
    outcomes: collections.Counter[str] = collections.Counter()
    bugs: list[str] = []
    pending: list[Ingested] = []
    workdir = Path(tempfile.mkdtemp(prefix="sitreport-fuzz-"))
    duck, memory = DuckDBStore(workdir / "fuzz.duckdb"), MemoryStore()
    started = time.perf_counter()

    def bug(stage: str, exc: BaseException, data: object) -> None:
        outcomes[f"BUG {stage} {type(exc).__name__}"] += 1
        if len(bugs) < 20:
            bugs.append(f"{stage}: {data!r:.300}\n" + "".join(traceback.format_exception(exc)))

    def flush() -> None:
        batch = Batch(documents=tuple(pending))
        pending.clear()
        results = []
        for store in (duck, memory):
            try:
                results.append(store.write_batch(batch))
            except SitreportError as exc:
                results.append(type(exc).__name__)
            except Exception as exc:
                bug("store", exc, [i.document.id for i in batch.documents])
        if results[0] != results[1]:
            bug("store", AssertionError(f"stores disagree: {results}"), None)

    @settings(FUZZ, max_examples=args.inputs, phases=[Phase.generate])
    @given(article_bytes(), PUBLISHED)
    def one(data: bytes, published: object) -> None:
        outcomes["inputs"] += 1
        try:
            doc = storable(pipeline(read_bytes(data, "fuzz", published=published)))  # type: ignore[arg-type]
        except StageError as exc:  # a stage's own bug, wrapped with its name
            bug("extract", exc, (data, published))
            return
        except SitreportError as exc:
            outcomes[f"refused {type(exc).__name__}"] += 1
            return
        except Exception as exc:
            bug("extract", exc, (data, published))
            return
        outcomes["extracted"] += 1
        pending.append(Ingested(doc, "fuzz", None))
        if len(pending) >= BATCH:
            flush()

    one()
    if pending:
        flush()
    stored = (duck.count_documents(), memory.count_documents())
    duck.close()
    seconds = time.perf_counter() - started
    total = outcomes.pop("inputs", 0)
    non_project = sum(n for k, n in outcomes.items() if k.startswith("BUG"))
    print(f"inputs: {total} in {seconds:.0f} s; stored (duckdb, memory): {stored}")
    for key, n in sorted(outcomes.items()):
        print(f"  {key}: {n}")
    print(f"non-project exceptions: {non_project}")
    for text in bugs:
        print("-" * 60, text, sep="\n")
    return 1 if non_project else 0


if __name__ == "__main__":  # run as a script, its folder is on sys.path for fuzz_strategies
    sys.exit(main())
