"""Property: any resolved date range has start <= end and sits on real offsets."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sitreport.stages.dates import find_dates

PHRASES = st.sampled_from(
    ["on Tuesday", "last week", "in June", "earlier this year", "3 October", "in March 2021",
     "yesterday", "last month", "two weeks ago", "late last year", "in mid-May", "overnight"]
)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), PHRASES, st.text(max_size=20))
def test_dates_property_range_is_ordered(published: dt.date, phrase: str, noise: str) -> None:
    text = f"{noise} {phrase} {noise}"
    for found in find_dates(text, 0, published):
        assert text[found.start_char : found.end_char] == found.text
        if found.start is not None and found.end is not None:
            assert found.start <= found.end
