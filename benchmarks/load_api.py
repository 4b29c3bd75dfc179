"""A bounded loopback load test of the HTTP API.

    .venv/bin/python benchmarks/load_api.py [--requests 2000] [--clients 4] [--docs 400]
                                            [--store memory|duckdb] [--writes 0.02]

The server runs in its own process (so client and server do not share a GIL) on
127.0.0.1 at a free port, over a store seeded with synthetic articles annotated by
`sitreport.testing.FakePipeline` and linked into clusters. A few concurrent httpx
clients send a fixed, seeded mix of reads (filtered event lists, event details,
documents, the source graph) and, with --writes, authenticated POSTs. It prints the
error count and p50/p95/p99 latency, overall and per endpoint. Nothing leaves the
machine: the only address used is 127.0.0.1.
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

HOST = "127.0.0.1"
TOKEN = "load-test-token"
START = dt.date(2024, 9, 1)


def synthetic_articles(n: int, seed: int = 7) -> list[tuple[str, str, dt.date]]:
    """`n` short articles (text, outlet, published) that FakePipeline can annotate."""
    from sitreport.testing import COUNTRIES, PLACES, TRIGGERS

    rng = random.Random(seed)
    outlets = ["Kyiv Independent", "Reuters", "AP", "Al Jazeera", "BBC", "TASS", "Suspilne"]
    actors = [f"{c} {u}" for c in COUNTRIES for u in ("forces", "troops", "police", "drones")]
    sources = ["the army", "Suspilne", "the Interior Ministry", "local officials", "Reuters"]
    articles = []
    for i in range(n):
        published = START + dt.timedelta(days=rng.randrange(60))
        sentences = []
        for _ in range(rng.randint(1, 4)):
            day = published - dt.timedelta(days=rng.randrange(3))
            sentence = (
                f"{rng.choice(actors)} {rng.choice(list(TRIGGERS))} {rng.choice(list(PLACES))} on {day.isoformat()}"
            )
            if rng.random() < 0.5:
                sentence += f", {rng.randint(1, 30)} people killed"
            if rng.random() < 0.6:
                sentence += f", according to {rng.choice(sources)}"
            if rng.random() < 0.05:
                sentence = "Officials denied that " + sentence[0].lower() + sentence[1:]
            sentences.append(sentence + ".")
        text = f"Article {i}. " + " ".join(sentences)
        articles.append((text, rng.choice(outlets), published))
    return articles


def _serve(conn: Connection, store_kind: str, docs: int, db_dir: str) -> None:
    """Child process: seed a store, bind 127.0.0.1:0, report the port, serve until killed."""
    import uvicorn

    from sitreport.api import create_app
    from sitreport.link import link_store
    from sitreport.store import Batch, DuckDBStore, Ingested, MemoryStore, Store
    from sitreport.testing import FakePipeline, make_document

    store: Store = MemoryStore() if store_kind == "memory" else DuckDBStore(Path(db_dir) / "l.db")
    pipeline = FakePipeline()
    batch = tuple(
        Ingested(pipeline(make_document(text, outlet=outlet, published=published)))
        for text, outlet, published in synthetic_articles(docs)
    )
    store.write_batch(Batch(documents=batch))
    clusters = link_store(store).linked
    app = create_app(store, token=TOKEN, pipeline=pipeline)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    conn.send((sock.getsockname()[1], clusters))
    uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False)).run(sockets=[sock])


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    path: str
    json: dict[str, str] | None = None


def plan(n: int, event_ids: Sequence[str], doc_ids: Sequence[str], writes: float, seed: int = 11) -> list[Call]:
    """A fixed request mix, the same for every run with the same arguments."""
    rng = random.Random(seed)
    types = ["ASSAULT", "PROTEST", "COERCE", "AGREE"]
    countries = ["UKR", "RUS", "PSE", "SDN", "SYR"]
    calls = []
    for i in range(n):
        r = rng.random()
        if r < writes:
            text = f"Load {i}. Russian forces shelled Kharkiv on 2024-10-0{1 + i % 9}."
            calls.append(Call("POST /api/documents", "POST", "/api/documents", {"text": text}))
        elif r < 0.40:
            params = [f"limit={rng.choice([20, 100])}"]
            if rng.random() < 0.5:
                params.append(f"type={rng.choice(types)}")
            if rng.random() < 0.5:
                params.append(f"country={rng.choice(countries)}")
            if rng.random() < 0.3:
                start = START + dt.timedelta(days=rng.randrange(50))
                params.append(f"date_from={start}&date_to={start + dt.timedelta(days=10)}")
            if rng.random() < 0.2:
                params.append("min_corroboration=2")
            calls.append(Call("GET /api/events?…", "GET", "/api/events?" + "&".join(params)))
        elif r < 0.65:
            calls.append(Call("GET /api/events/{id}", "GET", f"/api/events/{rng.choice(event_ids)}"))
        elif r < 0.85:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000, help="total requests (max 20000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (max 32)")
    parser.add_argument("--docs", type=int, default=400, help="articles to seed the store with")
    parser.add_argument("--store", choices=["memory", "duckdb"], default="memory")
    parser.add_argument("--writes", type=float, default=0.0, help="share of POSTs (0-0.5)")
    args = parser.parse_args(argv)
    if not (1 <= args.requests <= 20_000 and 1 <= args.clients <= 32 and 0 <= args.writes <= 0.5):
        parser.error("out of bounds: 1-20000 requests, 1-32 clients, 0-0.5 writes")

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    with tempfile.TemporaryDirectory() as db_dir:
        server = ctx.Process(target=_serve, args=(child, args.store, args.docs, db_dir))
        server.start()
        try:
            if not parent.poll(120):
                print("the server did not start", file=sys.stderr)
                return 1
            port, clusters = parent.recv()
            base = f"http://{HOST}:{port}"
            with httpx.Client(base_url=base, timeout=30.0) as c:
                for _ in range(100):
                    try:
                        c.get("/api/documents?limit=1")
                        break
                    except httpx.ConnectError:
                        time.sleep(0.05)
                events = c.get("/api/events", params={"limit": 1000}).json()["events"]
                docs = c.get("/api/documents", params={"limit": 1000}).json()["documents"]
            calls = plan(args.requests, [e["id"] for e in events], [d["id"] for d in docs], args.writes)
            latencies, errors, wall = asyncio.run(run_clients(base, calls, args.clients))
        finally:
            server.terminate()
            server.join(10)

    done = [v for values in latencies.values() for v in values]
    print(
        f"store={args.store} docs={args.docs} events>={len(events)} clusters={clusters} "
        f"clients={args.clients} requests={len(calls)} writes={args.writes}"
    )
    print(f"errors={sum(errors.values())} wall={wall:.2f}s throughput={len(calls) / wall:.0f} req/s")
    for what, n in sorted(errors.items()):
        print(f"  error {what} x{n}")
    if done:
        print(f"all                      n={len(done):5d} {_ms(done)}")
    for name in sorted(latencies):
        print(f"{name:24s} n={len(latencies[name]):5d} {_ms(latencies[name])}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
