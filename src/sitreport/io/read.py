"""Reading articles: plain text, HTML and standard input become a `Document`.

Offsets in every later stage refer to `Document.text` as built here. Plain text
keeps its header lines (an outlet line and a date line such as the seed's
"Newsweek / Oct 17, 2024"); `body_start` tells the parser where prose begins.

Every read is bounded: `read_limited` stops one byte past the limit, so an
endless stream (`/dev/zero`, a runaway pipe) costs at most the limit in memory.
Publication dates outside `MIN_YEAR`..`MAX_YEAR` are refused wherever they come
from (an option, a header line, a feed field): a news report from year 1 is a
typo, and date arithmetic near year 1 or 9999 overflows.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from typing import BinaryIO

from sitreport.errors import DateError, InputError, TooLargeError
from sitreport.model import Document

MAX_BYTES = 5_000_000  # an article larger than this is a dump, not a news report
MIN_YEAR, MAX_YEAR = 1900, 2100  # publication dates outside these years are mistakes
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


def check_date(day: dt.date, what: str = "date") -> dt.date:
    """`day` if its year is within `MIN_YEAR`..`MAX_YEAR`, else `DateError`."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateError(f"{what} {day.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return day


def parse_date(value: str, what: str = "date") -> dt.date:
    """Parse a user-given date (YYYY-MM-DD or a header date); raise `DateError` if invalid."""
    match = _HEADER_DATE.match(value.strip())
    if match is None:
        raise DateError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    try:
        day = _header_date(match)
    except ValueError as exc:
        raise DateError(f"not a valid date: {value!r}: {exc}") from exc
    return check_date(day, what)


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
            check_date(published, "the header date")
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


def read_limited(stream: BinaryIO, source: str = "input", limit: int = MAX_BYTES) -> bytes:
    """All of `stream` if it holds at most `limit` bytes; `TooLargeError` once it holds more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"{source}: over the {limit}-byte limit (stopped reading there)")
    return data


def read_file(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, bounded by `limit`; `InputError` naming the path if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return read_limited(fh, str(path), limit)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096
_MIN_UNITS = 8  # a few bytes with NULs in them are binary, not a UTF-16 article


def _nul_pattern(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where its NUL bytes fall.

    A Latin character in UTF-16-LE is its byte then a NUL; in UTF-32-BE three NULs then
    its byte. When at least half the code units of the start look like that, the text
    is in that encoding; binary data has no such rhythm.
    """
    sample = data[:_SNIFF_BYTES]
    for width, encodings in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        units = [sample[i : i + width] for i in range(0, len(sample) - width + 1, width)]
        if len(units) < _MIN_UNITS:
            continue
        for encoding in encodings:
            carrier = 0 if encoding.endswith("le") else width - 1  # the byte holding the character
            latin = sum(1 for u in units if u[carrier] != 0 and u.count(0) == width - 1)
            if 2 * latin >= len(units):
                return encoding
    return None


def _encoding(data: bytes) -> tuple[str, int]:
    """The encoding of `data` and the length of its byte-order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return _nul_pattern(data) or "utf-8", 0


def decode(data: bytes, source: str = "input") -> str:
    """Bytes to text, refusing empty, binary and undecodable input with a clear message.

    UTF-8 is the default; UTF-16 and UTF-32 are recognised by their byte-order mark or
    their NUL pattern and decoded, or refused with a message naming the encoding.
    """
    if len(data) > MAX_BYTES:
        raise TooLargeError(f"{source}: {len(data)} bytes is over the {MAX_BYTES}-byte limit")
    if not data.strip():
        raise InputError(f"{source}: empty input")
    encoding, bom = _encoding(data)
    if encoding == "utf-8" and b"\x00" in data:
        raise InputError(
            f"{source}: binary data (NUL bytes), not a text article (UTF-16 or UTF-32 text needs a byte-order mark)"
        )
    try:
        text = data[bom:].decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            raise InputError(f"{source}: not valid UTF-8 (byte {exc.start}); convert it first") from exc
        name = encoding.upper()
        raise InputError(f"{source}: looks like {name} but is not valid {name} (byte {exc.start + bom})") from exc
    if not text.strip():
        raise InputError(f"{source}: empty input")
    if "\x00" in text:
        raise InputError(f"{source}: binary data (NUL characters in {encoding.upper()}), not a text article")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(f"{source}: binary data (control characters), not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(data: str | bytes) -> bool:
    """Whether an article's start has HTML tags (pass decoded text for UTF-16/32 input)."""
    head = data[:_SNIFF_BYTES]
    return bool(_HTML_SNIFF.search(head.encode("utf-8", "replace") if isinstance(head, str) else head))


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
    published = published or header.published
    if published is not None:
        check_date(published, "the publication date")
    return Document(
        id=document_id(text),
        text=text,
        outlet=outlet or header.outlet,
        published=published,
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
    if looks_like_html(text):
        return read_html(text, outlet=outlet, published=published, url=url)
    return read_text(text, outlet=outlet, published=published, url=url)
