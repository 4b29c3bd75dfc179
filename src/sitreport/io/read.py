"""Reading articles: plain text, HTML and standard input become a `Document`.

Offsets in every later stage refer to `Document.text` as built here. Plain text
keeps its header lines (an outlet line and a date line such as the seed's
"Newsweek / Oct 17, 2024"); `body_start` tells the parser where prose begins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sitreport.errors import DateError, InputError
from sitreport.model import Document

MAX_BYTES = 5_000_000  # an article larger than this is a dump, not a news report
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|body|head|article|p|div)\b", re.I)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ALT = "|".join(m[:3] + "(?:" + m[3:] + ")?" for m in _MONTHS) + "|sept"
_HEADER_DATE = re.compile(
    rf"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:(?P<m1>{_MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_ALT})\.?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))"
    rf"(?:[\s,]+\d{{1,2}}:\d{{2}}.*)?\s*$",
    re.I,
)
_MAX_OUTLET_WORDS = 6


@dataclass(frozen=True)
class Header:
    outlet: str | None
    published: dt.date | None
    body_start: int


def document_id(text: str) -> str:
    """Content hash: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_date(value: str) -> dt.date:
    """Parse a user-given date (YYYY-MM-DD or a header date); raise `DateError` if invalid."""
    match = _HEADER_DATE.match(value.strip())
    if match is None:
        raise DateError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    try:
        return _header_date(match)
    except ValueError as exc:
        raise DateError(f"not a valid date: {value!r}: {exc}") from exc


def _month(name: str) -> int:
    name = name.lower()[:3]
    return [m[:3] for m in _MONTHS].index(name) + 1


def _header_date(match: re.Match[str]) -> dt.date:
    if match["iso"]:
        return dt.date.fromisoformat(match["iso"])
    if match["m1"]:
        return dt.date(int(match["y1"]), _month(match["m1"]), int(match["d1"]))
    return dt.date(int(match["y2"]), _month(match["m2"]), int(match["d2"]))


def detect_header(text: str) -> Header:
    """Find an outlet line and a date line at the top of a plain-text article."""
    lines = text.split("\n")
    outlet: str | None = None
    published: dt.date | None = None
    offset = 0
    for n, line in enumerate(lines[:3]):
        stripped = line.strip()
        match = _HEADER_DATE.match(stripped) if stripped else None
        if match and published is None:
            try:
                published = _header_date(match)
            except ValueError:
                break
        elif (
            n == 0
            and stripped
            and len(stripped.split()) <= _MAX_OUTLET_WORDS
            and not stripped.endswith((".", "?", "!", "”", '"'))
        ):
            outlet = stripped
        else:
            break
        offset += len(line) + 1
    if published is None:
        return Header(None, None, 0)
    return Header(outlet, published, min(offset, len(text)))


def decode(data: bytes, source: str = "input") -> str:
    """Bytes to text, refusing empty, binary and non-UTF-8 input with a clear message."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: {len(data)} bytes is over the {MAX_BYTES}-byte limit")
    if not data.strip():
        raise InputError(f"{source}: empty input")
    if b"\x00" in data:
        raise InputError(f"{source}: binary data (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not valid UTF-8 (byte {exc.start}); convert it first") from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(f"{source}: binary data (control characters), not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.search(data[:4096]))


def read_text(
    text: str,
    *,
    outlet: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """A plain-text article; header lines fill outlet and date when not given."""

    header = detect_header(text)
    if not text[header.body_start :].strip():
        raise InputError("the article has no text after its header")
    return Document(
        id=document_id(text),
        text=text,
        outlet=outlet or header.outlet,
        published=published or header.published,
        title=title,
        url=url,
        body_start=header.body_start,
    )


def read_html(
    html: str,
    *,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """An HTML page: trafilatura extracts the article text and its metadata."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, url=url)
    if not text or not text.strip():
        raise InputError("no article text could be extracted from the HTML")
    meta = trafilatura.extract_metadata(html, default_url=url)
    meta_date: dt.date | None = None
    if meta is not None and meta.date:
        try:
            meta_date = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            meta_date = None
    doc = read_text(
        text,
        outlet=outlet or (meta.sitename if meta is not None else None),
        published=published or meta_date,
        title=meta.title if meta is not None else None,
        url=url,
    )
    return doc


def read_bytes(
    data: bytes,
    source: str = "input",
    *,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """Text or HTML bytes to a `Document`."""
    text = decode(data, source)
    if looks_like_html(data):
        return read_html(text, outlet=outlet, published=published, url=url)
    return read_text(text, outlet=outlet, published=published, url=url)
