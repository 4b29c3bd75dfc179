"""`sitreport` command line: a thin shell over the library."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from sitreport.budget import DEFAULT_TIME_BUDGET
from sitreport.cli_corpus import TimeBudgetOption, budget
from sitreport.cli_corpus import register as register_corpus
from sitreport.cli_eval import eval_app
from sitreport.cli_serve import register as register_serve
from sitreport.errors import SitreportError
from sitreport.io.read import parse_date, read_bytes, read_file, read_limited
from sitreport.model import Actor, Document, Event
from sitreport.termtable import Column, fit_table

app = typer.Typer(help="Turn conflict news into a sourced event database.", no_args_is_help=True)


def _print_version(value: bool) -> None:
    if value:
        from sitreport import __version__

        typer.echo(f"sitreport {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn conflict news into a sourced event database."""


app.add_typer(eval_app, name="eval")
register_corpus(app)
register_serve(app)


class Format(str, enum.Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    acled_csv = "acled-csv"


def fail(message: str, code: int = 2) -> NoReturn:
    Console(stderr=True).print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(help="Articles (text, HTML, JSONL, RSS/Atom files or folders), or - for standard input."),
    ],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name, when the text does not say.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.json,
    time_budget: TimeBudgetOption = DEFAULT_TIME_BUDGET,
) -> None:
    """Extract sourced PLOVER/ACLED events from articles (JSON Lines for many, one pipeline)."""
    from sitreport.extract import PipelineConfig, default_pipeline

    if len(paths) > 1 or format is Format.jsonl or any(Path(p).is_dir() for p in paths if p != "-"):
        if format is Format.json:
            what = f"{paths[0]} is a folder of articles" if len(paths) == 1 else "several articles"
            fail(f"{what}: use --format jsonl (one JSON document per line)")
        _extract_many(paths, published, outlet, format, time_budget)
        return
    (path,) = paths
    try:
        pub = parse_date(published, "--published") if published else None
        # Both reads stop one byte past the size limit: an endless stream costs no more.
        data = read_limited(sys.stdin.buffer, "stdin") if path == "-" else read_file(path)
        doc = read_bytes(data, "stdin" if path == "-" else path, outlet=outlet, published=pub)
        doc = default_pipeline(PipelineConfig(time_budget=budget(time_budget)))(doc)
    except SitreportError as exc:
        fail(str(exc))
    if format is Format.json:
        from sitreport.serialize import document_to_dict

        typer.echo(json.dumps(document_to_dict(doc), ensure_ascii=False, indent=2))
    elif format is Format.acled_csv:
        from sitreport.io.acled_csv import write_acled_csv

        typer.echo(write_acled_csv([doc], sys.stdout).message(), err=True)
    else:
        print_table(doc)


_BATCH = 16  # articles parsed together (spaCy is faster in batches)


def _extract_many(
    paths: list[str], published: str | None, outlet: str | None, format: Format, time_budget: float
) -> None:
    """Every input through one pipeline, in batches; a failed input is reported on
    standard error and the others go on. Progress goes to standard error."""
    import dataclasses
    import itertools

    from sitreport.extract import PipelineConfig, default_pipeline
    from sitreport.ingest import process_batch
    from sitreport.io.sources import RawRecord, iter_records
    from sitreport.serialize import document_to_dict

    try:
        pub = parse_date(published, "--published") if published else None
    except SitreportError as exc:
        fail(str(exc))
    files = [p for p in paths if p != "-"]
    records = iter_records(files, outlet=outlet)
    if "-" in paths:
        try:
            stdin = RawRecord("stdin", read_limited(sys.stdin.buffer, "stdin"), outlet=outlet)
        except SitreportError as exc:
            stdin = RawRecord("stdin", b"", error=f"{type(exc).__name__}: {exc}")
        records = itertools.chain([stdin], records)
    if pub is not None:
        records = (dataclasses.replace(r, published=r.published or pub) for r in records)
    pipeline = default_pipeline(PipelineConfig(time_budget=budget(time_budget)))
    err = Console(stderr=True)
    done = failed = 0
    docs: list[Document] = []
    while batch := list(itertools.islice(records, _BATCH)):
        result = process_batch(batch, pipeline)
        for failure in result.failures:
            err.print(f"[red]failed:[/red] {failure.source}: {failure.error}", highlight=False)
        failed += len(result.failures)
        done += len(result.documents)
        for item in result.documents:
            if format is Format.jsonl:
                typer.echo(json.dumps(document_to_dict(item.document), ensure_ascii=False))
            elif format is Format.table:
                print_table(item.document)
            else:
                docs.append(item.document)
        err.print(f"extract: {done} done, {failed} failed", highlight=False)
    if format is Format.acled_csv:
        from sitreport.io.acled_csv import write_acled_csv

        err.print(write_acled_csv(docs, sys.stdout).message(), highlight=False)
    if failed and not done:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


# The extract table's columns, the first kept longest when the terminal is narrow.
EXTRACT_COLUMNS = (
    Column("type"),
    Column("factuality", drop=1),
    Column("who → whom", drop=2),
    Column("source chain", drop=3),
    Column("where", drop=4),
    Column("when", drop=5),
    Column("counts", drop=6),
    Column("ACLED", drop=7),
)


def print_table(doc: Document) -> None:
    """A readable terminal view: one row per event, as many columns as the terminal holds."""
    console = Console()
    console.print(
        f"[bold]{doc.outlet or 'unknown outlet'}[/bold]  {doc.published or 'undated'}  {len(doc.events)} events"
    )
    rows = []
    for e in doc.events:
        who = ", ".join(_actor(a) for a in e.actors) or "—"
        whom = ", ".join(_actor(a) for a in e.recipients)
        where = f"{e.location.name or e.location.text} ({e.location.country})" if e.location else "—"
        counts = ", ".join(f"{k} {v}" for k, v in vars(e.counts).items() if v is not None and k != "clamped") or "—"
        if e.counts.clamped:
            counts += " (clamped)"
        chain = " ← ".join(s.name for s in e.attribution.chain) or "(outlet)"
        acled = f"{e.acled.event_type}: {e.acled.sub_event_type}" if e.acled else "—"
        row = [e.factuality.value, who + (f" → {whom}" if whom else ""), chain, where, _when(e), counts, acled]
        kind = escape(e.type) + (f"\n[dim]{escape(e.mode)}[/dim]" if e.mode else "")  # the PLOVER mode below
        rows.append([kind, *(escape(cell) for cell in row)])
    console.print(fit_table(EXTRACT_COLUMNS, rows, console.width, show_lines=True))


def _actor(a: Actor) -> str:
    return f"{a.text} ({a.country or '?'} {a.sector or ''})".replace(" )", ")")


def _when(e: Event) -> str:
    if not e.date or not e.date.start:
        return "—"
    if e.date.end in (None, e.date.start):
        return e.date.start.isoformat()
    return f"{e.date.start} – {e.date.end}"


if __name__ == "__main__":
    app()
