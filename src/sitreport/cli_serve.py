"""`sitreport serve`: the HTTP API and web UI on a local port.

Registered on the main Typer app by `register(app)`. The server binds 127.0.0.1
unless told otherwise and answers only requests addressed to a loopback name or
an `--allow-host` name (the DNS-rebinding guard). The write token comes from
`SITREPORT_TOKEN`, `--token-file` or `--token` (visible to other users in `ps`)
and there is no default: without one, every write endpoint answers 403;
`--private` makes reads need it too. `--db` must name an existing store unless
`--create` is given, so a typo does not silently serve an empty one.
"""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sitreport.budget import DEFAULT_TIME_BUDGET
from sitreport.cli_corpus import TimeBudgetOption, budget
from sitreport.errors import SitreportError
from sitreport.store import DuckDBStore, MemoryStore, Store

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "TOKEN_ENV",
    "TOKEN_FILE_ENV",
    "is_loopback",
    "read_token_file",
    "register",
    "resolve_token",
    "serve",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "SITREPORT_TOKEN"
TOKEN_FILE_ENV = "SITREPORT_TOKEN_FILE"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_MAX_TOKEN_FILE_BYTES = 4096
_WILDCARD_BINDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token_file(path: Path) -> str:
    """The token in `path` (surrounding whitespace and the final newline dropped)."""
    from sitreport.io.read import read_file

    data = read_file(path, _MAX_TOKEN_FILE_BYTES)
    try:
        token = data.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise SitreportError(f"the token file {path} is not UTF-8 text") from exc
    if not token:
        raise SitreportError(f"the token file {path} is empty")
    return token


def resolve_token(token: str | None, token_file: Path | None) -> str | None:
    """The write token from `--token`/`SITREPORT_TOKEN` or a file; None for none.

    Surrounding whitespace is dropped (the UI trims what is typed); a token of only
    whitespace is refused, since no client could ever send it.
    """
    if token_file is not None:
        if token:
            raise SitreportError("give the token once: --token (or SITREPORT_TOKEN) or --token-file")
        return read_token_file(token_file)
    if token is None or token == "":
        return None
    if not token.strip():
        raise SitreportError("the token is blank (only whitespace); give a real secret or none")
    return token.strip()


def open_store(db: Path | None, *, create: bool = False) -> Store:
    """A DuckDB store at `db` (which must exist unless `create`), or an empty in-memory one."""
    if db is None:
        return MemoryStore()
    if not db.exists() and not create:
        raise SitreportError(f"no store at {db}; check the path, or pass --create to start a new one")
    return DuckDBStore(db)


def served_hosts(host: str, allowed: Sequence[str]) -> list[str]:
    """Host names the server answers to: loopback (always), `allowed`, and the bound name."""
    from sitreport.api import DEFAULT_ALLOWED_HOSTS

    names = [*DEFAULT_ALLOWED_HOSTS, *allowed]
    if host not in _WILDCARD_BINDS:
        names.append(host)
    return names


def serve(
    db: Path | None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    *,
    create: bool = False,
    private: bool = False,
    allowed_hosts: Sequence[str] = (),
    workers: int = 2,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> None:
    """Serve the API and UI over the store at `db` until interrupted.

    Raises `SitreportError` before serving anything if the options cannot work (a
    missing store, a store another process holds, reads private without a token).
    """
    import functools

    import uvicorn

    from sitreport.api import create_app
    from sitreport.ingest import default_pipeline_factory

    if private and not token:
        raise SitreportError("--private needs a token (SITREPORT_TOKEN, --token-file or --token)")
    store = open_store(db, create=create)
    try:
        if token:
            # Load the models now, so the first POST does not wait for them.
            print("sitreport: loading the extraction pipeline…", file=sys.stderr)
        else:
            print(
                f"sitreport: no token given ({TOKEN_ENV}, --token-file or --token): writes are disabled",
                file=sys.stderr,
            )
        app = create_app(
            store,
            token=token or None,
            pipeline_factory=functools.partial(default_pipeline_factory, time_budget=time_budget),
            read_token=private,
            allowed_hosts=served_hosts(host, allowed_hosts),
            workers=workers,
            preload=bool(token),
        )
        if not is_loopback(host):
            reads = "reads need the token" if private else "reads need no token"
            print(f"sitreport: serving on {host}, reachable from other machines; {reads}", file=sys.stderr)
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the `sitreport` CLI."""

    @app.command("serve")
    def serve_command(
        db: Annotated[
            Path | None,
            typer.Option(help="DuckDB store file; an empty in-memory store if omitted."),
        ] = None,
        create: Annotated[bool, typer.Option(help="Create the --db file if it does not exist.")] = False,
        host: Annotated[str, typer.Option(help="Address to bind.")] = DEFAULT_HOST,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port to bind.")] = DEFAULT_PORT,
        token: Annotated[
            str | None,
            typer.Option(
                envvar=TOKEN_ENV,
                show_envvar=True,
                help="Bearer token for write endpoints; without one, writes are refused. "
                "Prefer the environment variable or --token-file: a command line is visible in `ps`.",
            ),
        ] = None,
        token_file: Annotated[
            Path | None,
            typer.Option(envvar=TOKEN_FILE_ENV, show_envvar=True, help="Read the bearer token from this file."),
        ] = None,
        private: Annotated[bool, typer.Option(help="Reads need the token too.")] = False,
        allow_host: Annotated[
            list[str] | None,
            typer.Option(help="Also answer requests for this Host name (repeatable; '*' for any)."),
        ] = None,
        workers: Annotated[int, typer.Option(min=1, max=16, help="Extraction worker threads.")] = 2,
        time_budget: TimeBudgetOption = DEFAULT_TIME_BUDGET,
    ) -> None:
        """Serve the HTTP API (/api, /docs) and the web UI (/) on HOST:PORT."""
        try:
            serve(
                db,
                host,
                port,
                resolve_token(token, token_file),
                create=create,
                private=private,
                allowed_hosts=allow_host or (),
                workers=workers,
                time_budget=budget(time_budget),
            )
        except SitreportError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(2) from None
