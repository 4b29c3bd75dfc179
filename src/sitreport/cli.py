"""`sitreport` command line: a thin shell over the library."""

from __future__ import annotations

import enum
import json
import sys
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from sitreport.budget import DEFAULT_TIME_BUDGET
from sitreport.cli_corpus import TimeBudgetOption, budget
from sitreport.cli_corpus import register as register_corpus
from sitreport.cli_eval import eval_app
from sitreport.cli_serve import register as register_serve
from sitreport.errors import SitreportError
from sitreport.io.read import parse_date, read_bytes, read_file, read_limited
from sitreport.model import Document

app = typer.Typer(help="Turn conflict news into a sourced event database.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
register_corpus(app)
register_serve(app)


class Format(str, enum.Enum):
    json = "json"
    table = "table"
    acled_csv = "acled-csv"


def fail(message: str, code: int = 2) -> NoReturn:
    Console(stderr=True).print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="Article file (text or HTML), or - for standard input.")],
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name, when the text does not say.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.json,
    time_budget: TimeBudgetOption = DEFAULT_TIME_BUDGET,
) -> None:
    """Extract sourced PLOVER/ACLED events from one article."""
    from sitreport.extract import PipelineConfig, default_pipeline

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

        write_acled_csv([doc], sys.stdout)
    else:
        print_table(doc)


def print_table(doc: Document) -> None:
    """A readable terminal view: one row per event."""
    console = Console()
    console.print(
        f"[bold]{doc.outlet or 'unknown outlet'}[/bold]  {doc.published or 'undated'}  {len(doc.events)} events"
    )
    table = Table(show_lines=True)
    for column in ("type", "who → whom", "where", "when", "counts", "source chain", "factuality"):
        table.add_column(column)
    for e in doc.events:
        who = ", ".join(f"{a.text} ({a.country or '?'} {a.sector or ''})".strip() for a in e.actors) or "—"
        whom = ", ".join(f"{a.text} ({a.country or '?'} {a.sector or ''})".strip() for a in e.recipients)
        where = f"{e.location.name or e.location.text} ({e.location.country})" if e.location else "—"
        when = f"{e.date.start}…{e.date.end}" if e.date and e.date.start else "—"
        counts = ", ".join(f"{k} {v}" for k, v in vars(e.counts).items() if v is not None and k != "clamped") or "—"
        if e.counts.clamped:
            counts += " (clamped)"
        chain = " ← ".join(s.name for s in e.attribution.chain) or "(outlet)"
        kind = f"{e.type}" + (f"/{e.mode}" if e.mode else "")
        if e.acled:
            kind += f"\n[dim]{e.acled.sub_event_type}[/dim]"
        table.add_row(kind, who + (f" → {whom}" if whom else ""), where, when, counts, chain, e.factuality.value)
    console.print(table)


if __name__ == "__main__":
    app()
