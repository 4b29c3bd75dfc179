"""ACLED's geo_precision and time_precision of an event's place and date."""

from __future__ import annotations

from sitreport.model import DateRange, GeoPrecision, Place, Precision

# A range up to this long is "a week" or "part of a month" to ACLED (time_precision 2):
# "last week", "early March" (days 1-10), "mid-March".
_PART_OF_MONTH_DAYS = 16


def geo_precision(place: Place | None) -> int:
    """ACLED geo_precision: 1 the town itself, 2 near it or a part of a region, 3 larger."""
    if place is None or place.precision is None:
        return 3
    if place.precision is GeoPrecision.POINT:
        return 2 if place.near else 1
    if place.precision is GeoPrecision.ADMIN2:
        return 2
    return 3


def time_precision(date: DateRange | None) -> int:
    """ACLED time_precision: 1 the day, 2 a week or part of a month, 3 a month or longer."""
    if date is None or date.start is None:
        return 3
    end = date.end or date.start
    span = (end - date.start).days
    if date.precision is Precision.DAY or span == 0:
        return 1
    if date.precision is Precision.WEEK or span < _PART_OF_MONTH_DAYS:
        return 2
    return 3
