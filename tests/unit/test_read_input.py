"""Reading articles: headers, HTML, and refusing bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from sitreport.errors import DateError, InputError
from sitreport.io.read import MAX_BYTES, decode, detect_header, parse_date, read_bytes, read_text


def test_read_header_outlet_and_date() -> None:
    doc = read_text("Newsweek\nOct 17, 2024\nTroops deserted.\n")
    assert doc.outlet == "Newsweek"
    assert doc.published == dt.date(2024, 10, 17)
    assert doc.text[doc.body_start :].startswith("Troops")


def test_read_no_header_keeps_all_text() -> None:
    header = detect_header("Russian forces shelled Lozova. Casualties unknown.")
    assert header.body_start == 0 and header.published is None


def test_read_given_metadata_wins_over_header() -> None:
    doc = read_text("Newsweek\nOct 17, 2024\nText.", outlet="Reuters", published=dt.date(2024, 1, 2))
    assert (doc.outlet, doc.published) == ("Reuters", dt.date(2024, 1, 2))


def test_read_id_is_content_hash() -> None:
    assert read_text("a b c").id == read_text("a b c").id != read_text("a b d").id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("caf\u00e9".encode("latin-1"), "UTF-8"),
        (b"x" * (MAX_BYTES + 1), "limit"),
    ],
)
def test_read_bad_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "test")


def test_read_html_extracts_article_text() -> None:
    html = (
        "<html><head><title>Strike on Kharkiv</title></head><body><article>"
        + "<p>Russian forces struck Kharkiv on Tuesday, killing two civilians, officials said.</p>" * 3
        + "</article></body></html>"
    ).encode()
    doc = read_bytes(html, "page.html", published=dt.date(2024, 5, 2))
    assert "Russian forces struck Kharkiv" in doc.text
    assert "<p>" not in doc.text


def test_read_html_without_text_is_refused() -> None:
    with pytest.raises(InputError):
        read_bytes(b"<html><body><div></div></body></html>", "empty.html")


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "yesterday", "17/10/2024"])
def test_read_nonsense_dates_are_refused(value: str) -> None:
    with pytest.raises(DateError):
        parse_date(value)
