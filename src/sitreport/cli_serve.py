"""`sitreport serve`: the HTTP API and web UI on a local port.

Registered on the main Typer app by `register(app)`. The server binds 127.0.0.1
unless told otherwise; the write token comes from `--token` or `SITREPORT_TOKEN`
and there is no default: without one, every write endpoint answers 403.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import Annotated

import typer

from sitreport.store import DuckDBStore, MemoryStore, Store

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "TOKEN_ENV", "is_loopback", "register", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "SITREPORT_TOKEN"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def open_store(db: Path | None) -> Store:
    """A DuckDB store at `db`, or an empty in-memory one."""
    return DuckDBStore(db) if db is not None else MemoryStore()


def serve(
    db: Path | None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
) -> None:
    """Serve the API and UI over the store at `db` until interrupted."""
    import uvicorn

    from sitreport.api import create_app
    from sitreport.ingest import default_pipeline_factory

    store = open_store(db)
    try:
        pipeline = None
        if token:
            # Load the models now, so the first POST does not wait for them.
            print("sitreport: loading the extraction pipeline…", file=sys.stderr)
            pipeline = default_pipeline_factory()
        else:
            print(
                f"sitreport: no token given (--token or {TOKEN_ENV}): writes are disabled",
                file=sys.stderr,
            )
        app = create_app(store, token=token or None, pipeline=pipeline)
        if not is_loopback(host):
            print(
                f"sitreport: serving on {host}, reachable from other machines; reads need no token",
                file=sys.stderr,
            )
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the `sitreport` CLI."""

    @app.command("serve")
    def serve_command(
        db: Annotated[
            Path | None,
            typer.Option(help="DuckDB store file (made by `sitreport ingest`); an empty in-memory store if omitted."),
        ] = None,
        host: Annotated[str, typer.Option(help="Address to bind.")] = DEFAULT_HOST,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port to bind.")] = DEFAULT_PORT,
        token: Annotated[
            str | None,
            typer.Option(
                envvar=TOKEN_ENV,
                show_envvar=True,
                help="Optional. Bearer token that enables the write endpoints; reading never needs one.",
            ),
        ] = None,
    ) -> None:
        """Serve the HTTP API (/api, /docs) and the web UI (/) on HOST:PORT.

        Reading needs no token; a token only enables adding articles.
        """
        if db is not None and not db.exists():
            if not token:
                typer.echo(f"error: no store at {db}; run `sitreport ingest` first", err=True)
                raise typer.Exit(2)
            typer.echo(f"sitreport: no store at {db}: starting a new, empty one", err=True)
        serve(db, host, port, token)
