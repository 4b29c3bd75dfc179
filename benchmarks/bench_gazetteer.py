"""Gazetteer build time and lookup throughput.

    .venv/bin/python benchmarks/bench_gazetteer.py [--reuse]

Builds a fresh gazetteer in a temporary directory (or, with --reuse, opens
the default one), then times `candidates()` over a sample of real place names
and their "X region" forms, without and with the per-instance LRU, and
`place_patterns`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from sitreport.geocode import Gazetteer, build_gazetteer, ensure_gazetteer
from sitreport.stages.places import place_patterns

SAMPLE = 2000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="time lookups on the default gazetteer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.reuse:
            path = ensure_gazetteer()
        else:
            path = Path(tmp) / "gazetteer-v1.duckdb"
            started, cpu = time.perf_counter(), time.process_time()
            build_gazetteer(path)
            print(f"build: {time.perf_counter() - started:.1f} s wall, "
                  f"{time.process_time() - cpu:.1f} s CPU, {os.path.getsize(path) / 2**20:.0f} MiB")
        with duckdb.connect(str(path), read_only=True) as con:
            names = [r[0] for r in con.execute("SELECT name FROM places ORDER BY pid").fetchall()]
        rng = random.Random(7)
        sample = rng.sample(names, SAMPLE // 2) + [f"{n} region" for n in rng.sample(names, SAMPLE // 2)]
        for label, cache in (("uncached", 0), ("LRU, each name twice", 4096)):
            with Gazetteer(path, cache_size=cache) as gazetteer:
                queries = sample + sample if cache else sample
                started = time.perf_counter()
                for name in queries:
                    gazetteer.candidates(name)
                print(f"lookups ({label}): {len(queries) / (time.perf_counter() - started):,.0f}/s")
        with Gazetteer(path) as gazetteer:
            started = time.perf_counter()
            patterns = place_patterns(gazetteer)
            print(f"place_patterns: {len(patterns):,} patterns in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
