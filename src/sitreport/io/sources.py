"""Where articles come from: files, directories, JSONL and RSS/Atom feeds.

`iter_records` turns paths into `RawRecord`s without parsing any article: the
content stays raw bytes, so ingest can hash it and skip what is already stored
before paying for extraction. An input that cannot even be read as a record (a
malformed JSONL line, a feed with no entries) comes out as a record with
`error` set, to be stored as a failure; reading never stops the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

__all__ = [
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "RawRecord",
    "entry_outlet",
    "iter_feed",
    "iter_jsonl",
    "iter_records",
]

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})

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
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ValueError(f"published is not an ISO date: {value!r}") from exc


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, got {type(value).__name__}")
    return value


def iter_jsonl(path: Path, *, outlet: str | None = None) -> Iterator[RawRecord]:
    """One record per line: {url, outlet, published, title, text | html}."""
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            source = f"{path}:{lineno}"
            if not line.strip():
                continue
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
                yield RawRecord(
                    source=source,
                    content=body.encode("utf-8"),
                    kind=kind,
                    outlet=_opt_str(obj, "outlet") or outlet,
                    published=_date(obj.get("published")),
                    url=_opt_str(obj, "url"),
                    title=_opt_str(obj, "title"),
                )
            except (ValueError, UnicodeDecodeError) as exc:
                yield RawRecord(
                    source=source,
                    content=line,
                    error=f"InputError: malformed JSONL record: {exc}",
                )


def _struct_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, ValueError):
        return None


def iter_feed(path: Path, *, outlet: str | None = None) -> Iterator[RawRecord]:
    """One record per RSS/Atom entry; the entry's full content, else its summary."""
    import feedparser

    data = path.read_bytes()
    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    if not entries:
        reason = getattr(parsed, "bozo_exception", None) or "no entries"
        yield RawRecord(
            source=str(path), content=data, error=f"InputError: unreadable feed: {reason}"
        )
        return
    feed = parsed.feed if hasattr(parsed, "feed") else {}
    feed_title = feed.get("title")
    feed_host = _host(feed.get("link"))
    for n, entry in enumerate(entries):
        link = entry.get("link")
        source = f"{path}#{entry.get('id') or link or n}"
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        if not body:
            yield RawRecord(source=source, content=b"", error="InputError: feed entry has no text")
            continue
        yield RawRecord(
            source=source,
            content=str(body).encode("utf-8"),
            kind="auto",
            outlet=outlet or entry_outlet(entry, feed_title, feed_host),
            published=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            url=link,
            title=entry.get("title"),
        )


def _host(url: Any) -> str | None:
    """'https://www.example.com/a' -> 'example.com'."""
    if not isinstance(url, str) or not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def entry_outlet(entry: Any, feed_title: str | None, feed_host: str | None) -> str | None:
    """The outlet of one feed item: its `<source>` (RSS 2.0, an aggregator naming the outlet
    it relays); else, when the item links to another site than the feed's own (an
    aggregator feed), its `dc:creator`/`<author>` or that site's host name; else the feed's
    title (a publisher's own feed, where the author is a journalist, not the outlet)."""
    source = entry.get("source")
    if isinstance(source, dict) and source.get("title"):
        return str(source["title"])
    host = _host(entry.get("link"))
    # A feed that names no site of its own is taken for a publisher's.
    foreign = host is not None and feed_host is not None and host != feed_host
    if foreign or not feed_title:
        author = entry.get("author") or (entry.get("author_detail") or {}).get("name")
        if author:
            return str(author)
        if host:
            return host
    return feed_title


def _iter_file(path: Path, *, outlet: str | None, explicit: bool) -> Iterator[RawRecord]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path, outlet=outlet)
    elif suffix in FEED_SUFFIXES:
        yield from iter_feed(path, outlet=outlet)
    elif suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES or explicit:
        kind: Kind = (
            "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else "auto"
        )
        yield RawRecord(source=str(path), content=path.read_bytes(), kind=kind, outlet=outlet)


def iter_records(
    paths: Iterable[str | os.PathLike[str]], *, outlet: str | None = None
) -> Iterator[RawRecord]:
    """Records from files and directories (recursively, in name order, hidden ones skipped).

    Inside directories only known suffixes are read; a file named explicitly is
    read whatever its suffix (sniffed as text or HTML).
    """
    for item in paths:
        path = Path(item)
        try:
            if path.is_dir():
                for sub in sorted(path.rglob("*")):
                    rel = sub.relative_to(path)
                    if sub.is_file() and not any(p.startswith(".") for p in rel.parts):
                        yield from _iter_file(sub, outlet=outlet, explicit=False)
            elif path.exists():
                yield from _iter_file(path, outlet=outlet, explicit=True)
            else:
                yield RawRecord(source=str(path), content=b"", error="InputError: no such file")
        except OSError as exc:
            yield RawRecord(source=str(path), content=b"", error=f"InputError: {exc}")
