"""A bounded loopback load test of the HTTP API.

    .venv/bin/python benchmarks/load_api.py [--requests 2000] [--clients 4] [--docs 400]
                                            [--store memory|duckdb] [--writes 0.02]
                                            [--db PATH] [--rounds 2]

The server runs in its own process (so client and server do not share a GIL) on
127.0.0.1 at a free port, over a store seeded with synthetic annotated articles
(`synthetic_documents`: 40k articles give about 100k reports) and linked into clusters
(`--db PATH` keeps that DuckDB store and reuses it on the next run); POSTed articles go
through `sitreport.testing.FakePipeline`. Concurrent httpx clients send a fixed,
seeded mix of reads (filtered and searched pages of events and reports, event and
report views, facets, map/timeline summaries, documents, the source graph) and, with
--writes, authenticated POSTs of new articles. Each of `--rounds` equal rounds prints
the error count, p50/p95/p99 latency for reads, writes and each endpoint, and the
server's resident memory after the round; each endpoint's p95 is also given as a
multiple of the p95 of cached facets (HTTP and JSON alone, on this machine's load at
the time). Nothing leaves the machine: the only
address used is 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import random
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import httpx

from sitreport.api import DEFAULT_READ_THREADS
from sitreport.model import Document

HOST = "127.0.0.1"
TOKEN = "load-test-token"
START = dt.date(2024, 9, 1)


# The seeded corpus: many places, types, outlets and three years of dates, so that a
# store of 100k reports holds about as many events (clusters) as a real one would; a
# share of events is reported again by another outlet, so clusters of several reports
# (and a few contradictions) exist too. Built as annotated documents directly: seeding
# 40k articles through a pipeline would take longer than the test.
_TYPES = [("ASSAULT", "shelled", 30), ("PROTEST", "marched in", 14), ("COERCE", "detained people in", 10),
          ("MOBILIZE", "deployed to", 8), ("THREATEN", "threatened", 4), ("ACCUSE", "accused officials in", 4),
          ("AID", "delivered aid to", 5), ("SANCTION", "sanctioned firms in", 3), ("REJECT", "rejected talks in", 3),
          ("REQUEST", "asked for help in", 3), ("CONSULT", "met leaders in", 4), ("AGREE", "agreed a truce in", 3),
          ("SUPPORT", "backed officials in", 3), ("COOPERATE", "patrolled with allies in", 2),
          ("RETREAT", "withdrew from", 2), ("CONCEDE", "conceded ground in", 2)]
_SYLLABLES = ["ka", "ro", "mi", "tan", "bel", "dor", "su", "li", "var", "ne", "zo", "phi", "ga", "mur", "ost", "el"]
SPAN_DAYS = 3 * 365


def _gazetteer(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    """(name, country, admin1, lat, lon): 12 countries x 20 regions x 10 places."""
    from sitreport.testing import COUNTRIES

    places = []
    for k, (_, iso3) in enumerate(COUNTRIES.items()):
        lat0, lon0 = -30 + (k % 6) * 14, -60 + (k // 6) * 70 + (k % 6) * 18
        for r in range(20):
            region = f"{rng.choice(_SYLLABLES).title()}{rng.choice(_SYLLABLES)} Province {r + 1}"
            for _ in range(10):
                name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                places.append((name, iso3, region, round(lat0 + rng.uniform(-6, 6), 4),
                               round(lon0 + rng.uniform(-8, 8), 4)))
    return places


def synthetic_documents(n: int, seed: int = 7) -> list[Document]:
    """`n` annotated articles of 1-4 events each (about 2.5 reports per article)."""
    from sitreport.model import (
        Actor,
        Attribution,
        Counts,
        DateRange,
        Event,
        Evidence,
        Factuality,
        Place,
        Precision,
        Source,
    )
    from sitreport.testing import COUNTRIES, make_document

    rng = random.Random(seed)
    places = _gazetteer(rng)
    outlets = [f"{a} {b}" for a in ("Daily", "Evening", "Morning", "Free", "National", "Northern")
               for b in ("Post", "Herald", "Wire", "Times", "Monitor")]
    sources = ["the army", "the Interior Ministry", "local officials", "witnesses", "the governor", "police"]
    people = [f"{c} {u}" for c in COUNTRIES for u in ("forces", "troops", "police", "protesters")]
    weights = [w for _, _, w in _TYPES]
    recent: list[tuple[object, ...]] = []  # events another outlet may report again
    docs = []
    for i in range(n):
        outlet = rng.choice(outlets)
        published = START - dt.timedelta(days=rng.randrange(SPAN_DAYS))
        text = f"Report {i} from {outlet}.\n"
        events = []
        for k in range(rng.randint(1, 4)):
            if recent and rng.random() < 0.15:
                type_, verb, place, day, actor = rng.choice(recent)
            else:
                type_, verb, _ = rng.choices(_TYPES, weights)[0]
                place, actor = rng.choice(places), rng.choice(people)
                day = published - dt.timedelta(days=rng.randrange(3))
                recent = [*recent[-500:], (type_, verb, place, day, actor)]
            source = rng.choice(sources) if rng.random() < 0.7 else None
            denied = rng.random() < 0.04
            killed = rng.randint(1, 40) if type_ == "ASSAULT" and rng.random() < 0.5 else None
            sentence = f"{actor} {verb} {place[0]} on {day.isoformat()}"
            sentence += f", {killed} people were killed" if killed else ""
            sentence += f", according to {source}." if source else "."
            if denied:
                sentence = f"Officials denied that {sentence}"
            start = len(text)
            text += sentence + " "
            a = start + sentence.index(actor)
            t = start + sentence.index(verb.split()[0])
            p = start + sentence.index(place[0])
            d = start + sentence.index(day.isoformat())
            cue = "according to" if source else None
            events.append(Event(
                id=f"e{k}", type=type_, trigger=verb.split()[0], trigger_start=t, trigger_end=t + len(verb.split()[0]),
                sentence=k, actors=(Actor(actor, a, a + len(actor), COUNTRIES[actor.split()[0]], "MIL"),),
                location=Place(place[0], p, p + len(place[0]), place[0], place[1], place[2], None, place[3], place[4]),
                date=DateRange(day.isoformat(), d, d + 10, day, day, Precision.DAY),
                counts=Counts(killed=killed),
                attribution=Attribution((Source(source, "government"),) if source else (), cue),
                factuality=Factuality.DENIED if denied else Factuality.REPORTED if source else Factuality.ASSERTED,
                evidence=Evidence(sentence, start, start + len(sentence)),
            ))
        docs.append(make_document(text, outlet=outlet, published=published, events=tuple(events)))
    return docs


SEARCHES = ["russian forces", "shelled", "marched", "governor", "witnesses", "ukrainian police", "killed",
            "province 3", "detained", "aid", "truce", "interior ministry"]


def _serve(conn: Connection, store_kind: str, docs: int, db_path: str, read_threads: int) -> None:
    """Child process: seed a store (or open the kept one), bind 127.0.0.1:0, report the
    port, serve until killed."""
    import uvicorn

    from sitreport.api import create_app
    from sitreport.link import link_store
    from sitreport.store import Batch, DuckDBStore, EventQuery, Ingested, MemoryStore, Store
    from sitreport.testing import FakePipeline

    pipeline = FakePipeline()
    kept = store_kind == "duckdb" and Path(db_path).exists()
    store: Store = MemoryStore() if store_kind == "memory" else DuckDBStore(db_path)
    if not kept:
        articles = synthetic_documents(docs)
        for lo in range(0, len(articles), 2000):
            store.write_batch(Batch(documents=tuple(Ingested(d) for d in articles[lo : lo + 2000])))
        link_store(store)
    sizes = (store.count_documents(), store.count_events(EventQuery()), store.count_clusters(EventQuery()))
    app = create_app(store, token=TOKEN, pipeline=pipeline, read_threads=read_threads)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    conn.send((sock.getsockname()[1], sizes))
    uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False)).run(sockets=[sock])
    store.close()  # after SIGTERM: a kept store is left checkpointed for the next run


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    path: str
    json: dict[str, str] | None = None


def _filters(rng: random.Random) -> list[str]:
    """A random combination of the UI's filters."""
    types = ["ASSAULT", "PROTEST", "COERCE", "AGREE"]
    countries = ["UKR", "RUS", "PSE", "SDN", "SYR"]
    params = [f"limit={rng.choice([20, 50, 100])}", f"offset={rng.choice([0, 0, 50, 200])}"]
    if rng.random() < 0.5:
        params.append(f"type={rng.choice(types)}")
    if rng.random() < 0.5:
        params.append(f"country={rng.choice(countries)}")
    if rng.random() < 0.3:
        start = START - dt.timedelta(days=rng.randrange(SPAN_DAYS))
        params.append(f"date_from={start}&date_to={start + dt.timedelta(days=30)}")
    if rng.random() < 0.2:
        params.append("min_corroboration=2")
    if rng.random() < 0.2:
        params.append(f"sort={rng.choice(['oldest', 'corroboration', 'killed', 'reports'])}")
    return params


def plan(
    n: int, event_ids: Sequence[str], cluster_ids: Sequence[str], doc_ids: Sequence[str], writes: float,
    seed: int = 11, tag: str = "",
) -> list[Call]:
    """A fixed request mix, the same for every run with the same arguments (`tag` only
    makes the written articles new)."""
    rng = random.Random(seed)
    calls = []
    for i in range(n):
        r = rng.random()
        if r < writes:
            text = f"Load {tag}{i}. Russian forces shelled Kharkiv on 2024-10-0{1 + i % 9}."
            calls.append(Call("POST /api/documents", "POST", "/api/documents", {"text": text}))
        elif r < 0.22:
            calls.append(Call("GET /api/clusters?…", "GET", "/api/clusters?" + "&".join(_filters(rng))))
        elif r < 0.32:
            calls.append(Call("GET /api/events?…", "GET", "/api/events?" + "&".join(_filters(rng))))
        elif r < 0.44:
            unit = rng.choice(["clusters", "events"])
            query = "&".join([f"q={rng.choice(SEARCHES).replace(' ', '+')}", *_filters(rng)[:2]])
            calls.append(Call(f"GET /api/{unit}?q=…", "GET", f"/api/{unit}?{query}"))
        elif r < 0.52:
            calls.append(Call("GET /api/summary?…", "GET", "/api/summary?" + "&".join(_filters(rng)[2:])))
        elif r < 0.55:
            calls.append(Call("GET /api/facets", "GET", f"/api/facets?unit={rng.choice(['events', 'reports'])}"))
        elif r < 0.67:
            calls.append(Call("GET /api/clusters/{id}", "GET", f"/api/clusters/{rng.choice(cluster_ids)}"))
        elif r < 0.77:
            calls.append(Call("GET /api/events/{id}", "GET", f"/api/events/{rng.choice(event_ids)}"))
        elif r < 0.89:
            doc = rng.choice(doc_ids)
            calls.append(Call("GET /api/documents/{id}", "GET", f"/api/documents/{doc}"))
        elif r < 0.97:
            calls.append(Call("GET /api/documents", "GET", "/api/documents?limit=50"))
        else:
            calls.append(Call("GET /api/graph", "GET", "/api/graph"))
    return calls


async def run_clients(base: str, calls: list[Call], clients: int) -> tuple[dict[str, list[float]], Counter[str], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    queue: asyncio.Queue[Call] = asyncio.Queue()
    for call in calls:
        queue.put_nowait(call)
    headers = {"Authorization": f"Bearer {TOKEN}"}

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30.0, headers=headers) as client:
            while True:
                try:
                    call = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    response = await client.request(call.method, call.path, json=call.json)
                    ok = response.status_code < 400
                    if not ok:
                        errors[f"{call.name}: HTTP {response.status_code}"] += 1
                except httpx.HTTPError as exc:
                    ok = False
                    errors[f"{call.name}: {type(exc).__name__}"] += 1
                if ok:
                    latencies[call.name].append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def percentile(values: Sequence[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _ms(values: Sequence[float]) -> str:
    return " ".join(f"p{q}={percentile(values, q) * 1000:7.1f}ms" for q in (50, 95, 99))


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid`, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


BASELINE = "GET /api/facets"


def _report(latencies: dict[str, list[float]], errors: Counter[str], wall: float, n: int) -> None:
    reads = [v for name, values in latencies.items() if not name.startswith("POST") for v in values]
    writes = [v for name, values in latencies.items() if name.startswith("POST") for v in values]
    print(f"errors={sum(errors.values())} wall={wall:.2f}s throughput={n / wall:.0f} req/s")
    for what, k in sorted(errors.items()):
        print(f"  error {what} x{k}")
    for label, values in (("reads", reads), ("writes", writes)):
        if values:
            print(f"{label:30s} n={len(values):5d} {_ms(values)}")
    # The baseline: facets come from the server's cache after the first call, so their
    # latency is what HTTP, JSON and this machine's load cost a request on their own.
    base = sorted(latencies.get(BASELINE, []))[1:]  # without the uncached first call
    for name in sorted(latencies):
        ratio = f"  p95/baseline p95={percentile(latencies[name], 95) / percentile(base, 95):5.1f}" if base else ""
        print(f"  {name:28s} n={len(latencies[name]):5d} {_ms(latencies[name])}{ratio}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (max 20000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (max 32)")
    parser.add_argument("--docs", type=int, default=400, help="articles to seed the store with (max 200000)")
    parser.add_argument("--store", choices=["memory", "duckdb"], default="memory")
    parser.add_argument("--writes", type=float, default=0.0, help="share of POSTs (0-0.5)")
    parser.add_argument("--db", type=Path, default=None, help="DuckDB store to keep and reuse (implies duckdb)")
    parser.add_argument("--rounds", type=int, default=1, help="equal rounds, memory measured after each (1-5)")
    parser.add_argument("--read-threads", type=int, default=None, help="the server's read threads (default: the API's)")
    args = parser.parse_args(argv)
    ok = 1 <= args.requests <= 20_000 and 1 <= args.clients <= 32 and 0 <= args.writes <= 0.5
    if not (ok and 1 <= args.rounds <= 5 and 1 <= args.docs <= 200_000):
        parser.error("out of bounds: 1-20000 requests, 1-32 clients, 0-0.5 writes, 1-5 rounds, 1-200000 docs")
    kind = "duckdb" if args.db is not None else args.store

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(args.db) if args.db is not None else str(Path(tmp) / "l.db")
        threads = args.read_threads or DEFAULT_READ_THREADS
        server = ctx.Process(target=_serve, args=(child, kind, args.docs, db_path, threads))
        server.start()
        try:
            deadline = time.monotonic() + 3600
            while not parent.poll(1):
                if not server.is_alive() or time.monotonic() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return 1
            port, (n_docs, n_events, n_clusters) = parent.recv()
            base = f"http://{HOST}:{port}"
            with httpx.Client(base_url=base, timeout=60.0) as c:
                for _ in range(100):
                    try:
                        c.get("/api/documents?limit=1")
                        break
                    except httpx.ConnectError:
                        time.sleep(0.05)
                # Ids from the middle of the store where it has one (the first pages are the newest).
                skip = {"offset": min(500, n_docs // 4), "limit": 1000}
                events = c.get("/api/events", params=skip).json()["events"]
                clusters = c.get("/api/clusters", params={"limit": 1000, "sort": "reports"}).json()["events"]
                docs = c.get("/api/documents", params=skip).json()["documents"]
            print(
                f"store={kind} documents={n_docs} reports={n_events} events={n_clusters} "
                f"clients={args.clients} requests/round={args.requests} writes={args.writes} read_threads={threads} "
                f"load={' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
            )
            failed = False
            for round_ in range(1, args.rounds + 1):
                calls = plan(args.requests, [e["id"] for e in events], [e["id"] for e in clusters],
                             [d["id"] for d in docs], args.writes, tag=f"{time.time_ns()}-")
                latencies, errors, wall = asyncio.run(run_clients(base, calls, args.clients))
                print(f"-- round {round_}: server RSS {rss_mb(server.pid or 0):.0f} MB")
                _report(latencies, errors, wall, len(calls))
                failed = failed or bool(errors)
        finally:
            server.terminate()
            server.join(120)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
