"""Full extraction pipeline vs bare spaCy sm, words per second, same texts, same run.

    .venv/bin/python benchmarks/bench_pipeline.py [--repeat N]

Texts: the shared seed article, our gold articles and the bundled example. The
ratio (pipeline / bare spaCy) is the figure to watch; absolute numbers depend
on the machine.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from sitreport.extract import default_pipeline
from sitreport.io.read import read_text
from sitreport.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[str]:
    paths = sorted((ROOT / "tests" / "gold" / "articles").glob("*.txt"))
    paths.append(ROOT / "examples" / "kharkiv-strike.txt")
    seed = ROOT.parent / "shared" / "corpus" / "newsweek-2024-10-17-north-korean-deserters.txt"
    if seed.is_file():
        paths.append(seed)
    return [p.read_text(encoding="utf-8") for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = corpus() * args.repeat
    words = sum(len(t.split()) for t in texts)

    nlp = load_nlp()
    start = time.perf_counter()
    list(nlp.pipe(texts))  # bare spaCy as a user would run it: all texts in one stream
    bare = time.perf_counter() - start

    start = time.perf_counter()
    pipeline = default_pipeline()
    build = time.perf_counter() - start
    start = time.perf_counter()
    events = 0
    for text in texts:
        events += len(pipeline(read_text(text)).events)
    full = time.perf_counter() - start

    start = time.perf_counter()
    batched_events = sum(len(d.events) for d in pipeline.pipe(read_text(t) for t in texts))
    batched = time.perf_counter() - start
    assert batched_events == events, "batched and one-by-one runs must agree"
    # Memory in a separate pass: tracing allocations slows the timed one down.
    tracemalloc.start()
    for text in texts[: len(texts) // args.repeat]:
        pipeline(read_text(text))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"texts {len(texts)}, words {words}, events {events}")
    print(f"bare spaCy sm      {words / bare:9.0f} words/s")
    print(f"full pipeline      {words / full:9.0f} words/s  (one document at a time)")
    print(f"full pipeline.pipe {words / batched:9.0f} words/s  (parser batched across documents)")
    print(f"ratio full/bare    {bare / full:9.2f}  (pipe: {bare / batched:.2f})")
    print(f"pipeline build     {build:9.2f} s (model, gazetteer, ruler patterns)")
    print(f"peak Python memory {peak / 2**20:9.1f} MiB during extraction")


if __name__ == "__main__":
    main()
