"""Date resolution against a publication date (2024-10-17, a Thursday)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitreport.stages.dates import find_dates

PUB = dt.date(2024, 10, 17)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("on Tuesday", "2024-10-15", "2024-10-15", "day"),
        ("on Thursday", "2024-10-17", "2024-10-17", "day"),
        ("last week", "2024-10-07", "2024-10-13", "week"),
        ("on October 3", "2024-10-03", "2024-10-03", "day"),
        ("in June", "2024-06-01", "2024-06-30", "month"),
        ("in November", "2023-11-01", "2023-11-30", "month"),
        ("earlier this year", "2024-01-01", "2024-10-17", "year"),
        ("last year", "2023-01-01", "2023-12-31", "year"),
        ("in September 2023", "2023-09-01", "2023-09-30", "month"),
        ("On 16 February 2024,", "2024-02-16", "2024-02-16", "day"),
        ("yesterday", "2024-10-16", "2024-10-16", "day"),
        ("two weeks ago", "2024-09-30", "2024-10-06", "week"),
        ("in early March", "2024-03-01", "2024-03-10", "month"),
        ("last month", "2024-09-01", "2024-09-30", "month"),
    ],
)
def test_dates_resolve_relative_to_publication(text: str, start: str, end: str, precision: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end), found.precision and found.precision.value) == (
        start,
        end,
        precision,
    )


@pytest.mark.parametrize("text", ["for the first time in 24 years", "may attack", "about 3 km from the border"])
def test_dates_durations_and_words_are_not_dates(text: str) -> None:
    assert find_dates(text, 0, PUB) == []


def test_dates_trailing_comma_not_in_surface() -> None:
    (found,) = find_dates("On 16 February 2024, Russian forces", 0, PUB)
    assert found.text == "On 16 February 2024"


def test_dates_relative_without_publication_stay_open() -> None:
    (found,) = find_dates("on Tuesday", 0, None)
    assert found.start is None and found.precision is not None


def test_dates_offsets_shift_with_sentence_start() -> None:
    (found,) = find_dates("hit on Tuesday", 100, PUB)
    assert (found.start_char, found.end_char) == (104, 114)
