"""Start-up caches: JSON files in the data directory for results that take seconds to build.

A cached value is named by a hash of everything it is computed from (source
code, resource files, package versions, input files), so a change to any of
them builds a new file rather than reading a stale one. A file that cannot be
read is rebuilt and one that cannot be written is skipped: a cache never makes
a command fail.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

KEEP = 4  # files kept per cache name: checkouts with different code share the data directory


def data_dir() -> Path:
    """`$SITREPORT_DATA_DIR`, else ~/.cache/sitreport (where the gazetteer lives)."""
    from sitreport.geocode.gazetteer import default_path

    return default_path().parent


def cached_json(name: str, key: Iterable[bytes], build: Callable[[], Any]) -> Any:
    """`build()`, read from `<data dir>/<name>-<hash of key>.json` when that file exists."""
    digest = hashlib.sha256()
    for part in key:
        digest.update(hashlib.sha256(part).digest())
    path = data_dir() / f"{name}-{digest.hexdigest()[:16]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    _write(path, name, json.dumps(value, ensure_ascii=False))
    return value


def _write(path: Path, name: str, text: str) -> None:
    """Write atomically (parallel workers may build the same file); keep the newest `KEEP`."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        prune(path.parent, f"{name}-*.json")
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def prune(folder: Path, pattern: str) -> None:
    """Delete all but the newest `KEEP` files of `folder` matching `pattern`."""
    files = sorted(folder.glob(pattern), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)


def file_key(path: Path) -> bytes:
    """A file's identity for a cache key: its path, size and modification time."""
    stat = path.stat()
    return f"{path.resolve()}\t{stat.st_size}\t{stat.st_mtime_ns}".encode()
