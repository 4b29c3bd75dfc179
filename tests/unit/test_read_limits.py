"""Issue 12, items 5, 6 and 8 (reading): bounded reads, sane dates, UTF-16/32, clear errors."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitreport.cli import app
from sitreport.errors import DateError, InputError, TooLargeError
from sitreport.io import sources
from sitreport.io.read import MAX_BYTES, decode, parse_date, read_bytes, read_limited, read_text
from sitreport.io.sources import iter_records
from sitreport.model import Document, Sentence
from sitreport.pipeline import Pipeline
from sitreport.stages.dates import DatesStage, find_dates

SRC = str(Path(__file__).resolve().parents[2] / "src")
ARTICLE = "Reuters\nOct 3, 2024\nRussian forces shelled Kharkiv on Tuesday, killing four civilians."


class Endless(io.RawIOBase):
    """A stream that never ends, counting what it served."""

    served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = len(buffer)
        buffer[:n] = b"\0" * n
        self.served += n
        return n


# ---- item 5: bounded reads ---------------------------------------------------------------


def test_read_limited_stops_an_endless_stream_at_the_limit() -> None:
    raw = Endless()
    with pytest.raises(TooLargeError, match="over the 1000-byte limit"):
        read_limited(io.BufferedReader(raw), "stream", 1000)
    assert raw.served <= 1000 + io.DEFAULT_BUFFER_SIZE


def test_read_limited_returns_what_fits() -> None:
    assert read_limited(io.BytesIO(b"x" * 1000), "s", 1000) == b"x" * 1000


# The child's own peak resident memory: VmHWM belongs to its address space, while
# getrusage's maxrss also counts the parent image it was forked from before exec.
_EXTRACT_REPORTING_PEAK = """
import re, sys
from sitreport.cli import app
try:
    app(["extract", "-"])
except SystemExit:
    status = open("/proc/self/status").read()
    print("peak-kib", re.search(r"VmHWM:\\s+(\\d+)", status).group(1), file=sys.stderr)
    raise
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
def test_cli_extract_of_an_endless_stdin_stops_with_bounded_memory() -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    with open("/dev/zero", "rb") as zero:
        out = subprocess.run(
            [sys.executable, "-c", _EXTRACT_REPORTING_PEAK],
            stdin=zero, capture_output=True, text=True, timeout=120, env=env,
        )
    assert out.returncode == 2
    assert f"stdin: over the {MAX_BYTES}-byte limit" in out.stderr
    assert "Traceback" not in out.stderr
    peak_kib = int(out.stderr.split("peak-kib")[1].split()[0])
    assert peak_kib < 400 * 1024  # ran at ~60 MiB; the unbounded read grew to gigabytes


def test_cli_ingest_of_dev_zero_is_one_failure(tmp_path: Path) -> None:
    db = str(tmp_path / "z.duckdb")
    result = CliRunner().invoke(app, ["ingest", "/dev/zero", "--db", db, "--pipeline=sitreport.testing:fake_pipeline"])
    assert result.exit_code == 1
    failures = CliRunner().invoke(app, ["failures", "--db", db]).output
    assert "/dev/zero\tTooLargeError" in failures


def test_jsonl_line_over_the_limit_is_skipped_without_losing_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 100)
    path = tmp_path / "in.jsonl"
    long = json.dumps({"text": "x" * 1000})
    path.write_text("\n".join([json.dumps({"text": "one"}), long, json.dumps({"text": "three"})]) + "\n")
    records = list(iter_records([path]))
    assert [r.error is None for r in records] == [True, False, True]
    assert records[1].error is not None and "100-byte limit" in records[1].error
    assert records[2].content == b"three" and records[2].source.endswith(":3")


def test_feed_over_the_limit_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_FEED_BYTES", 100)
    (tmp_path / "big.rss").write_text("<rss>" + "x" * 200 + "</rss>")
    (record,) = iter_records([tmp_path / "big.rss"])
    assert record.error is not None and "100-byte limit" in record.error


# ---- item 6: dates in a sane range at every entry point ---------------------------------


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31", "Jan 2, 0001"])
def test_read_dates_outside_1900_2100_are_refused(value: str) -> None:
    with pytest.raises(DateError, match="outside the years 1900-2100"):
        parse_date(value)


@pytest.mark.parametrize("value", ["1900-01-01", "2100-12-31", "2024-10-17"])
def test_read_dates_inside_the_range_are_accepted(value: str) -> None:
    assert parse_date(value) == dt.date.fromisoformat(value)


@pytest.mark.parametrize("header", ["Jan 2, 0001", "9999-12-31", "2 March 1066"])
def test_read_header_date_outside_the_range_is_refused(header: str) -> None:
    with pytest.raises(DateError, match="the header date"):
        read_text(f"Wire\n{header}\nRussian forces shelled Kharkiv.")


def test_read_given_date_outside_the_range_is_refused() -> None:
    with pytest.raises(DateError):
        read_text("Russian forces shelled Kharkiv.", published=dt.date(1, 1, 1))


class SentencesGiven:
    """Stands in for the parse stage: the test document comes with its sentences."""

    name = "given"
    requires: tuple[str, ...] = ("text",)
    assigns: tuple[str, ...] = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        return doc


def test_pipeline_refuses_a_hand_built_document_from_year_one() -> None:
    text = "Troops shelled the town last week."
    doc = Document(id="x", text=text, published=dt.date(1, 1, 2), sentences=(Sentence(0, len(text), text, 0, 6),))
    pipeline = Pipeline([SentencesGiven(), DatesStage()])
    with pytest.raises(DateError):
        pipeline(doc)
    with pytest.raises(DateError):
        list(pipeline.pipe([doc]))


@pytest.mark.parametrize(
    "text",
    ["It began 99999999999 days ago.", "It happened 5000 years ago.", "They left 9" * 50 + " weeks ago."],
)
def test_dates_resolution_never_overflows(text: str) -> None:
    for published in (dt.date(1900, 1, 1), dt.date(2100, 12, 31), None):
        for found in find_dates(text, 0, published):
            assert found.start is None or dt.date(1, 1, 1) <= found.start


def test_jsonl_and_feed_dates_outside_the_range_are_failures(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "x", "published": "0001-01-01"}) + "\n")
    (tmp_path / "b.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><guid>g</guid>'
        "<pubDate>Mon, 01 Jan 1810 00:00:00 GMT</pubDate><description>Troops shelled Kharkiv.</description>"
        "</item></channel></rss>"
    )
    errors = [r.error for r in iter_records([tmp_path])]
    assert len(errors) == 2 and all(e and e.startswith("DateError") and "outside" in e for e in errors)


def test_cli_extract_published_year_one_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["extract", "-", "--published", "0001-01-01"], input=ARTICLE)
    assert result.exit_code == 2
    assert "--published 0001-01-01 is outside the years 1900-2100" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("kind", ["folder", "denied"])
def test_cli_extract_of_an_unreadable_file_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = tmp_path / "article.txt"
    if kind == "folder":
        path.mkdir()
    else:
        path.write_text(ARTICLE)

        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("sitreport.io.read.open", denied, raising=False)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    reason = "Is a directory" if kind == "folder" else "Permission denied"
    assert f"article.txt: cannot be read: {reason}" in " ".join(result.output.split())
    assert isinstance(result.exception, SystemExit)


# ---- item 8: UTF-16 and UTF-32 ----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_read_utf16_and_utf32_are_decoded(encoding: str) -> None:
    text = ARTICLE + " Ukrainian officials — «Київ» — said so."
    assert decode(text.encode(encoding), "a.txt") == text
    doc = read_bytes(text.encode(encoding), "a.txt")
    assert doc.published == dt.date(2024, 10, 3)


def test_read_utf16_html_is_read_as_html() -> None:
    html = "<html><body><article><p>" + "Russian forces shelled Kharkiv on Tuesday, officials said. " * 5
    doc = read_bytes((html + "</p></article></body></html>").encode("utf-16"), "page")
    assert "<p>" not in doc.text and "Kharkiv" in doc.text


def test_read_broken_utf16_is_refused_naming_the_encoding() -> None:
    data = "\ufeffRussian forces".encode("utf-16-le") + b"\x00\xd8" + "shelled Kharkiv".encode("utf-16-le")
    with pytest.raises(InputError, match="UTF-16-LE"):
        decode(data, "a.txt")


def test_read_binary_with_nuls_is_still_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)) * 8, "blob")
