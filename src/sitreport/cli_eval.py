"""`sitreport eval`: measure extraction against ACLED rows and hand-made gold files.

The main app mounts `eval_app` with `app.add_typer(eval_app, name="eval")`. Bad input
(a missing file, a CSV without ACLED's columns, a gold file that is not JSON) is reported
on standard error with exit code 2.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from sitreport.acled import AcledTable
from sitreport.errors import InputError, SitreportError
from sitreport.eval.acled import AcledReport, TypeScore, evaluate, field_scores, read_export, report
from sitreport.eval.gold import GoldScore, load_gold, score
from sitreport.model import Document
from sitreport.typer import registry as typer_registry
from sitreport.typer.registry import DEFAULT_TYPER

__all__ = ["eval_app"]

eval_app = typer.Typer(
    help="Measure extraction against ACLED rows or a hand-made gold file.",
    no_args_is_help=True,
)

BAD_INPUT = 2


class Format(enum.StrEnum):
    json = "json"
    table = "table"


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(BAD_INPUT)


def _extractor(acled_typer: str | None) -> Callable[[Sequence[tuple[str, dt.date]]], Iterable[Document]]:
    """A function running the default pipeline (with `acled_typer`) over many texts,
    building it (and the parser) once."""
    from sitreport.extract import PipelineConfig, default_pipeline, extract_many
    from sitreport.io.read import read_text

    def run(items: Sequence[tuple[str, dt.date]]) -> Iterable[Document]:
        docs = [read_text(text, published=published) for text, published in items]
        return extract_many(docs, default_pipeline(PipelineConfig(acled_typer=acled_typer)))

    return run


def _extract_as_json(text: str, published: dt.date | None, outlet: str | None) -> dict[str, Any]:
    """What `sitreport extract --format json` prints for `text`."""
    from sitreport.extract import extract
    from sitreport.serialize import document_to_dict

    return document_to_dict(extract(text, published=published, outlet=outlet))


@eval_app.command("acled")
def acled_command(
    file: Annotated[Path, typer.Argument(help="An ACLED export (CSV) with a `notes` column.")],
    output_format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.json,
    details: Annotated[bool, typer.Option("--details", help="Add each row's result to the JSON output.")] = False,
    acled_typer: Annotated[
        str, typer.Option("--typer", help="The ACLED typer's registry name, or `none` for the rules alone.")
    ] = DEFAULT_TYPER,
) -> None:
    """Extract each row's notes and compare the coded event with ACLED's coding."""
    if acled_typer != "none" and acled_typer not in typer_registry.names():
        _fail(f"unknown ACLED typer {acled_typer!r}; known: none, {', '.join(typer_registry.names())}")
    try:
        with file.open(encoding="utf-8", newline="") as stream:
            export = read_export(stream, name=str(file))
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"{file} is not UTF-8 text")
    except InputError as exc:
        _fail(str(exc))
    if export.empty_notes:
        typer.echo(f"skipped {export.empty_notes} rows with empty notes", err=True)
    if not export.rows:
        _fail(f"{file} has no rows with notes")
    try:
        from sitreport.geocode import Gazetteer

        table = AcledTable.load()
        with Gazetteer() as units:
            results = evaluate(export.rows, _extractor(None if acled_typer == "none" else acled_typer), table, units)
    except SitreportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    summary = report(results, skipped_empty_notes=export.empty_notes)
    if output_format is Format.json:
        out: dict[str, Any] = dict(summary)
        if details:
            out["rows"] = [r.detail() for r in results]
        typer.echo(json.dumps(out, indent=1))
    else:
        _print_acled(summary)


@eval_app.command("gold")
def gold_command(
    file: Annotated[Path, typer.Argument(help="A gold file in the format of tests/gold/*.json.")],
    output_format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.json,
) -> None:
    """Extract the gold file's document and score the events against it."""
    try:
        gold, text = load_gold(file)
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
    except InputError as exc:
        _fail(str(exc))
    except (TypeError, ValueError) as exc:
        _fail(f"{file}: `published` is not a YYYY-MM-DD date: {exc}")
    try:
        output = _extract_as_json(text, published, gold.get("outlet"))
    except SitreportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    result = score(gold, output, text)
    if output_format is Format.json:
        typer.echo(json.dumps(result, indent=1))
    else:
        _print_gold(result)


def _print_acled(summary: AcledReport) -> None:
    console = Console()
    with_event = summary["with_event"]
    fields = Table(title=f"ACLED agreement over {summary['n']} rows ({int(with_event['n'])} with an event found)")
    fields.add_column("field")
    fields.add_column("accuracy", justify="right")
    fields.add_column("rows with an event", justify="right")
    for name, value in field_scores(summary).items():
        fields.add_row(name, f"{value:.3f}", f"{with_event[name]:.3f}")
    console.print(fields)
    confusion = summary["confusion"]
    predicted = sorted({p for row in confusion.values() for p in row})
    matrix = Table(title="Event types: ACLED (rows) by predicted (columns)")
    matrix.add_column("ACLED \\ predicted")
    for name in predicted:
        matrix.add_column(name, justify="right")
    for gold_type, row in confusion.items():
        matrix.add_row(gold_type, *(str(row.get(p, 0)) for p in predicted))
    console.print(matrix)
    console.print(_type_table("Per event type", summary["per_event_type"]))
    console.print(_type_table("Per sub-event type", summary["per_sub_event_type"]))


def _type_table(title: str, scores: dict[str, TypeScore]) -> Table:
    table = Table(title=title)
    for name in ("type", "rows", "predicted", "right", "recall", "precision"):
        table.add_column(name, justify="left" if name == "type" else "right")
    for name, s in scores.items():
        table.add_row(
            name, str(s["n"]), str(s["predicted"]), str(s["correct"]), f"{s['recall']:.3f}", f"{s['precision']:.3f}"
        )
    return table


def _print_gold(result: GoldScore) -> None:
    console = Console()
    table = Table(
        title=(
            f"recall {result['recall']} ({result['required_events']} required), "
            f"precision {result['precision']} ({result['predicted_events']} predicted)"
        )
    )
    table.add_column("field")
    table.add_column("score", justify="right")
    table.add_column("right", justify="right")
    for name, value in result["fields"].items():
        table.add_row(name, f"{value:.3f}", result["field_counts"][name])
    console.print(table)
    if result["missed"]:
        console.print("missed: " + ", ".join(result["missed"]))
