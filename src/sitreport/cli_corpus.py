"""Corpus commands: `ingest`, `link`, `query` and `failures` over a DuckDB store.

Registered on the main Typer app by `register(app)`. The store file is
`--db`, else `$SITREPORT_DB`, else `sitreport.duckdb` in the working directory.
`ingest` exits 0 when it stored something or everything was already stored,
1 when it stored nothing because every input failed (or there were none), and
2 on a usage or store error.
"""

from __future__ import annotations

import enum
import functools
import importlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from sitreport.budget import DEFAULT_TIME_BUDGET
from sitreport.errors import SitreportError
from sitreport.store.duckdb_store import DuckDBStore

__all__ = ["DB_ENV", "DEFAULT_DB", "Engine", "OutputFormat", "TimeBudgetOption", "budget", "register"]

DB_ENV = "SITREPORT_DB"
DEFAULT_DB = "sitreport.duckdb"
_TABLE_LIMIT = 100


class Engine(enum.StrEnum):
    local = "local"
    dask = "dask"


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    geojson = "geojson"
    acled_csv = "acled-csv"
    parquet = "parquet"


TimeBudgetOption = Annotated[
    float,
    typer.Option(min=0, help="Seconds one article may take before it fails (0: no limit)."),
]
_DEFAULT_FACTORY = "sitreport.ingest:default_pipeline_factory"


def budget(seconds: float) -> float | None:
    """The `--time-budget` option as `PipelineConfig.time_budget` (0 means none)."""
    return seconds or None


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=f"DuckDB store file (default: ${DB_ENV} or {DEFAULT_DB})."),
]


def _db_path(db: Path | None) -> Path:
    return db or Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def _open(db: Path | None, *, read_only: bool = False) -> DuckDBStore:
    path = _db_path(db)
    if read_only and not path.exists():
        raise SitreportError(f"no store at {path}; run `sitreport ingest` first")
    return DuckDBStore(path, read_only=read_only)


def _fail(exc: Exception) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2)


def _load_factory(spec: str) -> Any:
    """`module:attribute` to the pipeline factory it names."""
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise SitreportError(f"--pipeline must look like module:function, got {spec!r}")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise SitreportError(f"cannot load pipeline factory {spec!r}: {exc}") from exc


def register(app: typer.Typer) -> None:
    """Add `ingest`, `link`, `query` and `failures` to the `sitreport` CLI."""

    @app.command("ingest")
    def ingest_command(
        paths: Annotated[
            list[Path],
            typer.Argument(help="Files (.txt .html .jsonl .rss .atom .xml) or directories."),
        ],
        db: DbOption = None,
        workers: Annotated[int, typer.Option(help="Worker processes (1: this process).")] = 1,
        engine: Annotated[Engine, typer.Option(help="local processes or a Dask cluster.")] = (
            Engine.local
        ),
        scheduler: Annotated[
            str | None,
            typer.Option(help="Dask scheduler address; a local cluster if omitted."),
        ] = None,
        batch_size: Annotated[int, typer.Option(help="Articles per transaction.")] = 32,
        outlet: Annotated[
            str | None, typer.Option(help="Outlet for inputs that do not name one.")
        ] = None,
        retry_failed: Annotated[
            bool, typer.Option(help="Extract again the inputs that failed before.")
        ] = False,
        shard_dir: Annotated[
            Path | None, typer.Option(help="Dask: shard directory shared with the workers.")
        ] = None,
        time_budget: TimeBudgetOption = DEFAULT_TIME_BUDGET,
        pipeline: Annotated[
            str, typer.Option(hidden=True, help="Pipeline factory as module:function.")
        ] = _DEFAULT_FACTORY,
    ) -> None:
        """Extract events from many articles into the store; safe to rerun or resume."""
        from sitreport.ingest import ingest
        from sitreport.io.sources import iter_records

        try:
            factory = _load_factory(pipeline)
            if pipeline == _DEFAULT_FACTORY:
                factory = functools.partial(factory, time_budget=budget(time_budget))
            with _open(db) as store:
                records = iter_records(paths, outlet=outlet)
                if engine is Engine.dask:
                    from sitreport.scale import ingest_dask

                    report = ingest_dask(
                        records,
                        store,
                        factory,
                        scheduler=scheduler,
                        batch_size=batch_size,
                        shard_dir=shard_dir,
                        retry_failed=retry_failed,
                    )
                else:
                    report = ingest(
                        records,
                        store,
                        factory,
                        workers=workers,
                        batch_size=batch_size,
                        retry_failed=retry_failed,
                    )
        except (SitreportError, ValueError) as exc:
            raise _fail(exc) from exc
        typer.echo(
            f"{report.added} added, {report.duplicates} duplicate, {report.failed} failed, "
            f"{report.skipped} already stored; {report.per_second:.1f} articles/s "
            f"({report.seconds:.1f} s)"
        )
        if report.failed:
            typer.echo("see `sitreport failures` for what failed and why", err=True)
        if report.added + report.duplicates + report.skipped == 0:
            reason = "every input failed" if report.failed else "no articles were found"
            Console(stderr=True).print(f"[red]error:[/red] nothing was stored: {reason}", highlight=False)
            raise typer.Exit(1)

    @app.command("link")
    def link_command(
        db: DbOption = None,
        window_days: Annotated[int, typer.Option(help="Days two reports may differ by.")] = 2,
        max_km: Annotated[float, typer.Option(help="Farthest two points may lie apart.")] = 50.0,
        threshold: Annotated[float, typer.Option(help="Score needed to link (0-1).")] = 0.62,
        encoder: Annotated[
            str, typer.Option(help="Text similarity: 'hashing' (light, default) or 'minilm' (sentence embeddings).")
        ] = "hashing",
    ) -> None:
        """Cluster reports of the same event across articles; count corroboration."""
        from sitreport.link import LinkConfig, link_store
        from sitreport.link.similarity import HashingEncoder, TextEncoder

        text_encoder: TextEncoder
        if encoder == "minilm":
            from sitreport.link.embeddings import MiniLMEncoder

            text_encoder = MiniLMEncoder()
        elif encoder == "hashing":
            text_encoder = HashingEncoder()
        else:
            raise _fail(SitreportError(f"unknown encoder {encoder!r}; use 'hashing' or 'minilm'"))
        try:
            with _open(db) as store:
                result = link_store(
                    store,
                    LinkConfig(window_days=window_days, max_km=max_km, threshold=threshold),
                    text_encoder,
                )
        except SitreportError as exc:
            raise _fail(exc) from exc
        contradicted = sum(1 for c in result.clusters if c.contradiction)
        typer.echo(
            f"{result.events} events, {result.candidates} pairs compared, {result.links} links, "
            f"{len(result.clusters)} clusters ({contradicted} with contradictions) "
            f"in {result.seconds:.1f} s"
        )

    @app.command("query")
    def query_command(
        db: DbOption = None,
        type: Annotated[
            list[str] | None, typer.Option("--type", help="PLOVER type(s), e.g. ASSAULT,PROTEST.")
        ] = None,
        country: Annotated[str | None, typer.Option(help="Location country, ISO-3.")] = None,
        admin1: Annotated[str | None, typer.Option(help="Location admin1 name.")] = None,
        since: Annotated[str | None, typer.Option(help="On or after YYYY-MM-DD.")] = None,
        until: Annotated[str | None, typer.Option(help="On or before YYYY-MM-DD.")] = None,
        actor: Annotated[str | None, typer.Option(help="Text in an actor's name.")] = None,
        actor_country: Annotated[
            str | None, typer.Option(help="Actor or recipient country, ISO-3.")
        ] = None,
        min_corroboration: Annotated[
            int | None, typer.Option(help="Independent sources at least (after `link`).")
        ] = None,
        format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
        out: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
        limit: Annotated[
            int | None, typer.Option(help=f"Most events (table: {_TABLE_LIMIT}; exports: all).")
        ] = None,
        offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    ) -> None:
        """Filter stored events; show a table or export JSON, GeoJSON, ACLED CSV, Parquet."""
        from sitreport.io.exports import write_export
        from sitreport.query import build_query, events_table

        table = format is OutputFormat.table
        try:
            query = build_query(
                types=type or (),
                country=country,
                admin1=admin1,
                since=since,
                until=until,
                actor=actor,
                actor_country=actor_country,
                min_corroboration=min_corroboration,
                limit=limit if limit is not None else (_TABLE_LIMIT if table else None),
                offset=offset,
            )
            if format is OutputFormat.parquet and out is None:
                raise SitreportError("--format parquet needs --out FILE")
            with _open(db, read_only=True) as store:
                events = store.query_events(query)
                total = store.count_events(query)
            if table:
                console = Console(file=out.open("w", encoding="utf-8") if out else sys.stdout)
                console.print(events_table(events, title=f"{len(events)} of {total} events"))
                if out:
                    console.file.close()
            else:
                n = write_export(events, format.value, out if out is not None else sys.stdout)
                if out is not None:
                    typer.echo(f"{n} events written to {out}", err=True)
        except SitreportError as exc:
            raise _fail(exc) from exc

    @app.command("failures")
    def failures_command(
        db: DbOption = None,
        limit: Annotated[int | None, typer.Option(help="Most rows.")] = None,
    ) -> None:
        """Inputs that could not be ingested, and why."""
        try:
            with _open(db, read_only=True) as store:
                rows = store.failures(limit=limit)
        except SitreportError as exc:
            raise _fail(exc) from exc
        for f in rows:
            typer.echo(f"{f.source}\t{f.error}")
