"""`sitreport serve`: the HTTP API and web UI on a local port.

Registered on the main Typer app by `register(app)`. The server binds 127.0.0.1
unless told otherwise; the write token comes from `--token` or `SITREPORT_TOKEN`
and there is no default: without one, every write endpoint answers 403.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from sitreport.store import MemoryStore, Store
from sitreport.store.locate import ServerNote, is_url, open_store

if TYPE_CHECKING:
    from sitreport.ingest import PipelineFactory

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


def serve_store(db: str | None, *, writes: bool) -> Store:
    """The store at `db` (a DuckDB file or a postgresql:// URL), or an empty in-memory one.
    Without writes a DuckDB file is opened read-only, so other commands can read it too."""
    if db is None:
        return MemoryStore()
    return open_store(db, read_only=not writes and not is_url(db) and os.path.exists(db))


def serve(
    db: str | os.PathLike[str] | None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    pipeline_factory: PipelineFactory | None = None,
) -> None:
    """Serve the API and UI over the store at `db` until interrupted (`pipeline_factory`:
    the extraction pipeline for writes, the full one by default)."""
    import uvicorn

    from sitreport.api import create_app
    from sitreport.ingest import default_pipeline_factory

    db = str(db) if db is not None else None
    store = serve_store(db, writes=bool(token))
    # Leave a note beside a DuckDB file: other sitreport commands then query through this
    # server instead of failing on the file's lock.
    noted = db is not None and not is_url(db)
    if noted:
        assert db is not None
        ServerNote(f"http://{_url_host(host)}:{port}", os.getpid(), bool(token)).write(db)
    try:
        pipeline = None
        if token:
            # Load the models now, so the first POST does not wait for them.
            print("sitreport: loading the extraction pipeline…", file=sys.stderr)
            pipeline = (pipeline_factory or default_pipeline_factory)()
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
        # uvicorn re-raises SIGTERM once it has shut down; end through SystemExit then, so
        # the note beside the store is taken away.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
    finally:
        if noted:
            assert db is not None
            ServerNote.remove(db)
        store.close()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _url_host(host: str) -> str:
    """Where a client on this machine reaches a server bound to `host`."""
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the `sitreport` CLI."""

    @app.command("serve")
    def serve_command(
        db: Annotated[
            str | None,
            typer.Option(help="DuckDB store file or postgresql:// URL; an empty in-memory store if omitted."),
        ] = None,
        host: Annotated[str, typer.Option(help="Address to bind.")] = DEFAULT_HOST,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port to bind.")] = DEFAULT_PORT,
        token: Annotated[
            str | None,
            typer.Option(
                envvar=TOKEN_ENV,
                show_envvar=True,
                help="Bearer token for write endpoints; without one, writes are refused.",
            ),
        ] = None,
    ) -> None:
        """Serve the HTTP API (/api, /docs) and the web UI (/) on HOST:PORT."""
        serve(db, host, port, token)
