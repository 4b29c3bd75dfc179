"""Start-up: wall time of `sitreport --help` and of `sitreport extract` on one short article.

    .venv/bin/python benchmarks/bench_startup.py [--repeat N] [--before SRC]

Each command runs as a fresh process, as a user runs it, `--repeat` times; the
median is the figure (the machine is shared, so the spread and the load average
are printed too). The baseline, timed in the same run, is bare spaCy: import
the English model, load it and parse the same article, the least any spaCy
extractor pays. `--before SRC` also times another source tree (say an export of
the previous commit) for a before/after ratio. Target: extract <= 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "kharkiv-strike.txt"
CLI = Path(sys.executable).with_name("sitreport")
BARE_SPACY = (
    "import sys, importlib; from sitreport.nlp import available_model; "
    "nlp = importlib.import_module(available_model()).load(); nlp(open(sys.argv[1]).read())"
)


CPU: dict[int, list[float]] = {}  # id(times list) -> CPU seconds of the same runs


def wall(command: list[str], src: Path, repeat: int) -> list[float]:
    """Wall seconds of `repeat` fresh runs of `command` importing sitreport from `src`.

    The runs' CPU seconds (user + system, which other load on the machine
    inflates far less than wall time) are kept in `CPU` for `line`.
    """
    env = {**os.environ, "PYTHONPATH": str(src)}
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    CPU[id(times)] = cpu
    return times


def line(label: str, times: list[float]) -> str:
    cpu = statistics.median(CPU[id(times)])
    spread = f"(min {min(times):.2f}, max {max(times):.2f})"
    return f"{label:<52} median {statistics.median(times):5.2f} s {spread}  CPU {cpu:5.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another source tree (its src/ folder) to time for comparison")
    args = parser.parse_args()
    src = ROOT / "src"
    commands = {
        "sitreport --help": [str(CLI), "--help"],
        f"sitreport extract {ARTICLE.relative_to(ROOT)}": [str(CLI), "extract", str(ARTICLE), "--format", "table"],
    }
    # A first, untimed run warms the page cache and builds any on-disk cache.
    wall(commands[f"sitreport extract {ARTICLE.relative_to(ROOT)}"], src, 1)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores")
    bare = wall([sys.executable, "-c", BARE_SPACY, str(ARTICLE)], src, args.repeat)
    print(line("bare spaCy (import, load, parse)", bare))
    results: dict[str, list[float]] = {}
    for label, command in commands.items():
        results[label] = wall(command, src, args.repeat)
        print(line(label, results[label]))
    extract = statistics.median(results[f"sitreport extract {ARTICLE.relative_to(ROOT)}"])
    print(f"{'ratio extract / bare spaCy':<52} {extract / statistics.median(bare):5.2f}")
    if args.before:
        for label, command in commands.items():
            before = wall(command, args.before, args.repeat)
            print(line(f"before: {label}", before))
            print(f"{'ratio now / before':<52} {statistics.median(results[label]) / statistics.median(before):5.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"extract <= 3 s: {'yes' if extract <= 3.0 else 'NO'} ({extract:.2f} s)")


if __name__ == "__main__":
    main()
