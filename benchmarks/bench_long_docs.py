"""Extraction time against document length: the event phase must stay linear.

    .venv/bin/python benchmarks/bench_long_docs.py [--sizes 50,200,1000] [--stages]

Builds synthetic documents of about 50 kB, 200 kB and 1 MB from our own articles (the gold
articles and the bundled example, one after another, their figures varied from copy to
copy so no two copies are the same text), times one extraction of each, and prints the
ratio of the 1 MB time to the 200 kB time: 5 is linear, the target is at most 6. It
prints the ratio of the event phase (the stages from triggers on) on its own, and the
stage whose time grows fastest; `--stages` prints each stage's time too.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from pathlib import Path

from sitreport.extract import default_pipeline
from sitreport.io.read import read_text
from sitreport.model import Document
from sitreport.pipeline import Pipeline, Stage

ROOT = Path(__file__).resolve().parents[1]
_NUMBER = re.compile(r"\b\d+\b")
# The event phase: the stages this benchmark holds to linear time.
EVENT_PHASE = ("triggers", "roles", "coreference", "event_place", "arguments", "counts", "attribution",
               "factuality", "event_date", "acled")


def articles() -> list[str]:
    paths = sorted((ROOT / "tests" / "gold" / "articles").glob("*.txt"))
    paths.append(ROOT / "examples" / "kharkiv-strike.txt")
    return [p.read_text(encoding="utf-8").strip() for p in paths]


def synthetic(size: int, texts: list[str]) -> str:
    """About `size` characters of our articles, copy `n` with its numbers shifted by `n`."""
    parts: list[str] = []
    total = copy = 0
    while total < size:
        for text in texts:
            varied = _NUMBER.sub(lambda m, k=copy: str(int(m.group()) + k % 7), text)
            parts.append(varied)
            total += len(varied) + 2
            if total >= size:
                break
        copy += 1
    return "\n\n".join(parts)


class _Timed:
    """A stage that adds its running time to `spent[name]`."""

    def __init__(self, stage: Stage, spent: dict[str, float]) -> None:
        self.stage, self.spent = stage, spent
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, doc: Document) -> Document:
        start = time.perf_counter()
        out = self.stage(doc)
        self.spent[self.name] += time.perf_counter() - start
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,200,1000", help="document sizes in kB")
    parser.add_argument("--stages", action="store_true", help="print each stage's time")
    args = parser.parse_args()
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    texts = articles()
    spent: dict[str, float] = defaultdict(float)
    pipeline = default_pipeline()
    timed = Pipeline([_Timed(s, spent) for s in pipeline.stages])  # type: ignore[list-item]
    timed(read_text(texts[0]))  # warm up the parser and the gazetteer
    results: dict[int, float] = {}
    stages: dict[int, dict[str, float]] = {}
    for size in sizes:
        doc = read_text(synthetic(size, texts))
        spent.clear()
        start = time.perf_counter()
        out = timed(doc)
        results[size] = time.perf_counter() - start
        stages[size] = dict(spent)
        events = sum(spent[name] for name in EVENT_PHASE)
        print(f"{len(doc.text) / 1000:8.0f} kB  {results[size]:7.2f} s  event phase {events:6.2f} s  "
              f"{len(out.events):6d} events")
        if args.stages:
            for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
                print(f"            {name:14s} {seconds:7.2f} s")
    if 200_000 in results and 1_000_000 in results:
        small, large = stages[200_000], stages[1_000_000]
        print(f"1 MB / 200 kB time: {results[1_000_000] / results[200_000]:.2f} (linear: 5; target <= 6)")
        phase = sum(large[n] for n in EVENT_PHASE) / sum(small[n] for n in EVENT_PHASE)
        print(f"1 MB / 200 kB event phase: {phase:.2f}")
        worst = max(small, key=lambda n: large[n] / max(small[n], 1e-9))
        print(f"fastest-growing stage: {worst} ({large[worst] / max(small[worst], 1e-9):.1f}x)")


if __name__ == "__main__":
    main()
