"""Where articles come from: files, directories, JSONL and RSS/Atom feeds.

`iter_records` turns paths into `RawRecord`s without parsing any article: the
content stays raw bytes, so ingest can hash it and skip what is already stored
before paying for extraction. An input that cannot even be read as a record (a
malformed JSONL line, a feed with no entries, a file or folder that cannot be
opened) comes out as a record with `error` set, to be stored as a failure of
its own; reading never stops the run, and a folder walk goes on past it.

Every read is bounded (`MAX_BYTES` per article, `MAX_FEED_BYTES` per feed, a
JSONL line at most `MAX_LINE_BYTES`), so a huge or endless input costs its
limit in memory and becomes a failure. `read_file` and `list_directory` are the
two calls that touch the file system, so tests can make them fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sitreport.errors import InputError
from sitreport.io.read import MAX_BYTES, check_date, read_file

__all__ = [
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_FEED_BYTES",
    "MAX_LINE_BYTES",
    "TEXT_SUFFIXES",
    "RawRecord",
    "iter_feed",
    "iter_jsonl",
    "iter_records",
    "list_directory",
]

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
MAX_FEED_BYTES = 4 * MAX_BYTES  # a feed holds many articles
MAX_LINE_BYTES = 2 * MAX_BYTES  # JSON escapes make a line longer than the article it holds
_SKIP_CHUNK = 1 << 20

Kind = Literal["text", "html", "auto"]


@dataclass(frozen=True)
class RawRecord:
    """One article as read, before extraction.

    `content_hash` (SHA-256 of the raw bytes) is the idempotency key: the same
    bytes are never extracted twice into one store.
    """

    source: str
    content: bytes
    kind: Kind = "auto"
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    error: str | None = None

    @property
    def content_hash(self) -> str:
        if self.error is not None and not self.content:
            # Nothing to hash: key the failure by where it came from.
            return "src-" + hashlib.sha256(self.source.encode("utf-8")).hexdigest()
        return hashlib.sha256(self.content).hexdigest()


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be a string, got {type(value).__name__}")
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ValueError(f"published is not an ISO date: {value!r}") from exc
    return check_date(day, "published")


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, got {type(value).__name__}")
    value.encode("utf-8")  # a lone surrogate ("\\ud800") is no text: UnicodeEncodeError
    return value


def _failed(source: str, exc: BaseException, content: bytes = b"") -> RawRecord:
    return RawRecord(source=source, content=content, error=f"{type(exc).__name__}: {exc}")


def _jsonl_record(line: bytes, source: str, outlet: str | None) -> RawRecord:
    try:
        obj = json.loads(line)
        if not isinstance(obj, dict):
            raise ValueError("a line must hold a JSON object")
        text, html = _opt_str(obj, "text"), _opt_str(obj, "html")
        if text is None and html is None:
            raise ValueError("the object has neither 'text' nor 'html'")
        kind: Kind = "text" if text is not None else "html"
        body = text if text is not None else html
        assert body is not None
        return RawRecord(
            source=source,
            content=body.encode("utf-8"),
            kind=kind,
            outlet=_opt_str(obj, "outlet") or outlet,
            published=_date(obj.get("published")),
            url=_opt_str(obj, "url"),
            title=_opt_str(obj, "title"),
        )
    except InputError as exc:  # a date out of range: the record is well formed
        return _failed(source, exc, line)
    except (ValueError, RecursionError) as exc:  # bad JSON, wrong types, bad Unicode, absurd nesting
        return RawRecord(source=source, content=line, error=f"InputError: malformed JSONL record: {exc}")


def iter_jsonl(path: Path, *, outlet: str | None = None) -> Iterator[RawRecord]:
    """One record per line: {url, outlet, published, title, text | html}.

    A line longer than `MAX_LINE_BYTES` is skipped without being held in memory and
    recorded as a failure; a read error ends the file with a failure for it.
    """
    lineno = 0
    try:
        with path.open("rb") as fh:
            while line := fh.readline(MAX_LINE_BYTES + 1):
                lineno += 1
                source = f"{path}:{lineno}"
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    while (rest := fh.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                        pass
                    yield RawRecord(
                        source=source,
                        content=b"",
                        error=f"TooLargeError: the line is over the {MAX_LINE_BYTES}-byte limit",
                    )
                    continue
                if line.strip():
                    yield _jsonl_record(line, source, outlet)
    except OSError as exc:
        where = f"{path}:{lineno + 1}" if lineno else str(path)
        yield RawRecord(source=where, content=b"", error=f"InputError: cannot be read: {exc.strerror or exc}")


def _struct_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, ValueError, TypeError, OverflowError):
        return None


def iter_feed(path: Path, *, outlet: str | None = None) -> Iterator[RawRecord]:
    """One record per RSS/Atom entry; the entry's full content, else its summary."""
    import feedparser

    try:
        data = read_file(path, MAX_FEED_BYTES)
    except InputError as exc:
        yield _failed(str(path), exc)
        return
    try:
        parsed = feedparser.parse(data)
        entries = list(parsed.entries)
    except Exception as exc:  # feedparser's own bugs on hostile XML must not stop the run
        yield RawRecord(source=str(path), content=data, error=f"InputError: unreadable feed: {exc}")
        return
    if not entries:
        reason = getattr(parsed, "bozo_exception", None) or "no entries"
        yield RawRecord(
            source=str(path), content=data, error=f"InputError: unreadable feed: {reason}"
        )
        return
    feed_title = parsed.feed.get("title") if hasattr(parsed, "feed") else None
    for n, entry in enumerate(entries):
        link = entry.get("link")
        source = f"{path}#{entry.get('id') or link or n}"
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        if not body:
            yield RawRecord(source=source, content=b"", error="InputError: feed entry has no text")
            continue
        content = str(body).encode("utf-8", "replace")
        published = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        try:
            if published is not None:
                check_date(published, "the entry's date")
        except InputError as exc:
            yield _failed(source, exc, content)
            continue
        yield RawRecord(
            source=source,
            content=content,
            kind="auto",
            outlet=outlet or feed_title,
            published=published,
            url=link,
            title=entry.get("title"),
        )


def _kind(path: Path) -> Kind:
    suffix = path.suffix.lower()
    return "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else "auto"


def _iter_file(path: Path, *, outlet: str | None) -> Iterator[RawRecord]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path, outlet=outlet)
    elif suffix in FEED_SUFFIXES:
        yield from iter_feed(path, outlet=outlet)
    else:
        try:
            content = read_file(path)
        except InputError as exc:
            yield _failed(str(path), exc)
            return
        yield RawRecord(source=str(path), content=content, kind=_kind(path), outlet=outlet)


def list_directory(path: Path) -> list[os.DirEntry[str]]:
    """The entries of one folder (the walk's only listing call)."""
    with os.scandir(path) as entries:
        return list(entries)


def _problem(path: Path) -> str | None:
    """Why a folder entry with an article suffix is not a readable file, or None if it is one."""
    try:
        st = os.stat(path)  # follows a link; a dangling or looping one fails here
    except OSError as exc:
        return f"InputError: {path}: cannot be read: {exc.strerror or exc}"
    if stat.S_ISREG(st.st_mode):
        return None
    return f"InputError: {path}: not a regular file"


def _walk(root: Path, outlet: str | None, seen: set[tuple[int, int]]) -> Iterator[RawRecord]:
    """Records of the visible files under `root`, in name order; folders linked twice are read once."""
    try:
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        entries = sorted(list_directory(root), key=lambda e: e.name)
    except OSError as exc:
        error = f"InputError: {root}: the folder cannot be listed: {exc.strerror or exc}"
        yield RawRecord(source=str(root), content=b"", error=error)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = root / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, outlet, seen)
        elif path.suffix.lower() in KNOWN_SUFFIXES:
            problem = _problem(path)
            if problem is None:
                yield from _iter_file(path, outlet=outlet)
            else:
                yield RawRecord(source=str(path), content=b"", error=problem)


def iter_records(
    paths: Iterable[str | os.PathLike[str]], *, outlet: str | None = None
) -> Iterator[RawRecord]:
    """Records from files and directories (recursively, in name order, hidden ones skipped).

    Inside directories only known suffixes are read; a file named explicitly is
    read whatever its suffix (sniffed as text or HTML), and may be a pipe or a
    device (`/dev/stdin`): reads stop at the size limit. A file or folder that
    cannot be read becomes a failure record of its own and the walk goes on.
    """
    for item in paths:
        path = Path(item)
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except OSError as exc:  # a parent folder we may not enter
            yield RawRecord(source=str(path), content=b"", error=f"InputError: cannot be read: {exc.strerror or exc}")
            continue
        if is_dir:
            yield from _walk(path, outlet, set())
        elif exists:
            yield from _iter_file(path, outlet=outlet)
        else:
            yield RawRecord(source=str(path), content=b"", error="InputError: no such file")
