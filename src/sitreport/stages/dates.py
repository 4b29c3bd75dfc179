"""Dates stage: time expressions resolved against the publication date.

News prefers the past: "on Tuesday" in an article published on a Thursday is
two days earlier, "in June" in an October article is this year's June, and in
a February article last year's. Durations ("in 24 years", "for 24 hours") are
not dates. Without a publication date, absolute dates still resolve and
relative ones are kept with no range.

Ranges resolve to their first and last day ("between 3 and 5 May", "from 3
to 5 May 2024", "3-5 May", "over the weekend"); ACLED's own forms
("20-April-2018", "Jan.9", "2024-05-10") are read as dates.

Which date an event takes is the events stage's choice, but two forms date
more than the clause they stand in, and `governing_date` reports them: a date
opening a sentence with a comma ("On 11 March 2024, members ... staged a
protest") dates every event of that sentence, and a bare date opening the
report ("10 May. Gunmen attacked ...") dates every event of the report that
has no date of its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from sitreport.data import load_yaml
from sitreport.model import DateRange, Document, Precision

_MONTHS = [m.lower() for m in calendar.month_name[1:]]
_MONTH_RE = "|".join(
    [m for m in _MONTHS] + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec"]
)
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MON = rf"(?P<month>{_MONTH_RE})\.?"
_PART = r"(?:(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)[\s-]+)?"

_RANGE_LINK = r"(?:-|–|to|and|until|till)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range_dmy",
        re.compile(
            rf"\b(?:(?:between|from)\s+)?(?:the\s+)?(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s*{_RANGE_LINK}\s*"
            rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b",
            re.I,
        ),
    ),
    (
        "range_dmdy",
        re.compile(
            rf"\b(?:(?:between|from)\s+)?(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month1>{_MONTH_RE})\.?"
            rf"(?:,?\s+(?P<year1>(?:19|20)\d\d))?\s*{_RANGE_LINK}\s*{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b",
            re.I,
        ),
    ),
    (
        "range_mdd",
        re.compile(
            rf"\b(?:(?:between|from)\s+)?{_MON}\s+(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?\s*{_RANGE_LINK}\s*"
            rf"{_DAY}\b(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    ("iso", re.compile(r"\b(?:on\s+)?(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b", re.I)),
    ("dmy_hyphen", re.compile(rf"\b(?:on\s+)?{_DAY}-{_MON}-{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b(?:(?:on|since|from|by|until|of)\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?\b", re.I)),
    (
        "mdy",
        re.compile(
            rf"\b(?:(?:on|since|from|by|until|of)\s+)?{_MON}(?:\s+|(?<=\.)\s*){_DAY}\b(?!\s*(?:km|kilomet|mile|%|percent))(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    # "on the 14th": a day of the month the report is in, when nothing names a month or a
    # thing after it ("on the 5th floor" is no date).
    (
        "month_day",
        re.compile(
            r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
            r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|when|as|after|before|at|in|near|during|while|but|morning|night)\b)",
            re.I,
        ),
    ),
    ("my", re.compile(rf"\b(?:(?:in|since|during|by|of|from)\s+)?{_PART}{_MON}(?:\s+(?:of\s+)?{_YEAR})?\b", re.I)),
    ("y", re.compile(rf"\b(?:(?:in|since|during|of|from|throughout)\s+){_PART}{_YEAR}\b", re.I)),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<which>last|this|on|early|late)\s+)?(?P<weekday>{'|'.join(_WEEKDAYS)})"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
    ),
    (
        "which_month",
        re.compile(rf"\b(?P<which>this|last|next|this coming)\s+{_MON}(?!\s+(?:of\s+)?(?:19|20)\d\d)\b", re.I),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|last night|overnight|today|tonight|this morning|tomorrow)\b", re.I)),
    ("weekend", re.compile(r"\b(?:over|during|at)\s+the\s+weekend\b", re.I)),
    (
        "rel",
        re.compile(
            r"\b(?:(?P<early>earlier|later|late|early)\s+)?"
            r"(?P<which>last|this|past|previous|the previous|next|the coming|the)\s+"
            r"(?P<unit>week|month|year|weekend)(?P<before>\s+before)?\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
]
# Told from the date named before them in the text ("in January ... the following month",
# "on 3 May ... two days later"): resolved in text order, dropped when no date precedes.
_ANAPHORIC = [
    (
        "after",
        re.compile(
            r"\b(?:the\s+(?P<dir>following|next|previous|preceding)\s+(?P<unit>day|morning|evening|night|week|month|year)"
            r"|(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<nunit>day|week|month|year)s?\s+"
            r"(?P<ndir>later|earlier)"
            r"|the\s+(?P<bunit>day|week|month|year)\s+(?P<bdir>before|after)(?=\s*(?:[,.;:)]|$)))\b",
            re.I,
        ),
    ),
]
_BACKWARD = {"previous", "preceding", "earlier", "before"}
# "early last month", "late last year": the part of the unit they name (`_part`).
_NAMED_PARTS = frozenset({"early", "late"})
# Characters a label and a lead word may take before a report's opening date.
_MAX_LEAD = 60
# A span longer than this is no event's date range ("1 to 30 June" is a month).
_MAX_RANGE = dt.timedelta(days=31)
_SMALL = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


# Relative expressions, and the calendar dates that may restate them in brackets.
_RELATIVE = frozenset({"yesterday", "weekday", "rel", "ago", "weekend", "after", "month_day"})
_CALENDAR = frozenset({"dmy", "mdy", "iso", "dmy_hyphen"})
_BRACKET_OPEN = re.compile(r"^\s*\(\s*$")
# A coder's note restating a date as the day coded: "between 12 and 16 June [coded to 14 June]".
_CODER_NOTE = re.compile(r"^\s*[\[(]\s*coded\s+(?:to|as)\s+(?:on\s+)?$", re.I)


@dataclass
class DatesStage:
    name: str = "dates"
    requires: tuple[str, ...] = ("sentences",)
    assigns: tuple[str, ...] = ("dates",)

    def __call__(self, doc: Document) -> Document:
        found: list[DateRange] = []
        anchor: DateRange | None = None
        for sent in doc.sentences:
            dates = find_dates(sent.text, sent.start, doc.published, anchor=anchor)
            found.extend(dates)
            anchor = next((d for d in reversed(dates) if d.start is not None), anchor)
        return replace(doc, dates=tuple(found))


def find_dates(
    text: str, offset: int, published: dt.date | None, *, anchor: DateRange | None = None, ahead: bool = False
) -> list[DateRange]:
    """Every time expression in `text`, longest first where two overlap.

    `anchor` is the last date named before `text` ("the following month" counts from it);
    `ahead` reads dates without a year or week as the next ones after publication (a
    planned event's "on Friday", "on 3 May"), not the last ones before it.
    """
    hits = []
    for kind, pattern in [*_PATTERNS, *_ANAPHORIC, ("holiday", _holiday_pattern())]:
        for m in pattern.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), kind, m))
    picked: list[tuple[int, int, str, re.Match[str], Resolved | None]] = []
    for start, _neg, kind, m in sorted(hits, key=lambda h: (h[1], h[0])):
        end = m.end()
        if any(s < end and start < e for s, e, *_ in picked):
            continue
        if kind == "after":
            picked.append((start, end, kind, m, None))  # resolved below, in text order
            continue
        try:
            resolved = resolve(kind, m, published, ahead=ahead)
        except (ValueError, OverflowError):  # "9999999 days ago": a range no calendar holds
            continue
        if resolved is not None:
            picked.append((start, end, kind, m, resolved))
    spans: list[DateRange] = []
    kinds: dict[int, str] = {}  # start offset -> pattern kind
    last = anchor
    for start, _end, kind, m, resolved in sorted(picked, key=lambda h: h[0]):
        if kind == "after":
            resolved = _after(m.groupdict(), last)
        if resolved is None:
            continue
        surface = text[start : m.end()].rstrip(",. ")
        date = DateRange(surface, offset + start, offset + start + len(surface), *resolved)
        spans.append(date)
        kinds[date.start_char] = kind
        if date.start is not None:
            last = date
    following: list[DateRange | None] = [*spans[1:], None]
    return [d for n, d in enumerate(spans) if not _restated(d, following[n], kinds, text, offset)]


def _restated(d: DateRange, after: DateRange | None, kinds: dict[int, str], text: str, offset: int) -> bool:
    """Whether relative date `d` is restated by the calendar date in brackets right after it
    ("yesterday (24 July)", "on Saturday (5 May)"), or any date by one a coder's note in
    brackets gives as coded ("between 3 and 7 May [coded to 5 May]", "in May (coded as 15
    May)"): the calendar date is the one meant."""
    if after is None or kinds[after.start_char] not in _CALENDAR:
        return False
    gap = text[d.end_char - offset : after.start_char - offset]
    if _CODER_NOTE.match(gap):
        return True  # "In May [coded to 15 May]": the coder's note gives the day meant
    return kinds[d.start_char] in _RELATIVE and _BRACKET_OPEN.match(gap) is not None


Resolved = tuple[dt.date | None, dt.date | None, Precision | None]


def resolve(kind: str, m: re.Match[str], published: dt.date | None, *, ahead: bool = False) -> Resolved | None:
    """The date range one match stands for, or None when it is not a date."""
    g = m.groupdict()
    if kind.startswith("range_"):
        return _range(kind, g, published, ahead)
    if kind == "iso":
        try:
            d = dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        except ValueError:
            return None
        return (d, d, Precision.DAY)
    if kind in {"dmy", "mdy", "dmy_hyphen"}:
        month = _month(g["month"])
        day = int(g["day"])
        year = int(g["year"]) if g.get("year") else _nearest_year(month, day, published, ahead)
        if year is None:
            return (None, None, Precision.DAY)
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return (d, d, Precision.DAY)
    if kind in {"my", "which_month"}:
        if not g["month"][0].isupper():
            return None  # "the march against CENI", "this may": a month name in news is capitalised
        month = _month(g["month"])
        if kind == "my" and month in {3, 5} and not g.get("year") and not g.get("part"):
            if not m.group().lower().startswith(("in ", "since ", "during ", "by ", "of ", "from ")):
                return None
        if kind == "which_month":
            year = None if published is None else _named_month_year(g["which"].lower(), month, published)
        else:
            year = int(g["year"]) if g.get("year") else _nearest_year(month, 1, published, ahead)
        if year is None:
            return (None, None, Precision.MONTH)
        start, end = _month_range(year, month)
        return (*_part(start, end, g.get("part")), Precision.MONTH)
    if kind == "y":
        if _names_a_year(m):
            return None
        year = int(g["year"])
        return (*_part(dt.date(year, 1, 1), dt.date(year, 12, 31), g.get("part")), Precision.YEAR)
    if kind == "holiday":
        return _holiday(g, published, ahead)
    if published is None:
        return (None, None, _relative_precision(kind, g))
    if kind == "weekday":
        target = _WEEKDAYS.index(g["weekday"].lower())
        which = (g.get("which") or "").lower()
        if ahead and which != "last":
            d = published + dt.timedelta(days=(target - published.weekday()) % 7)
            return (d, d, Precision.DAY)
        back = (published.weekday() - target) % 7
        if which == "last" and back == 0:
            back = 7
        d = published - dt.timedelta(days=back)
        return (d, d, Precision.DAY)
    if kind == "yesterday":
        word = m.group().lower()
        if word in {"today", "tonight", "this morning"}:
            return (published, published, Precision.DAY)
        if word == "overnight":
            return (published - dt.timedelta(days=1), published, Precision.DAY)
        d = published + dt.timedelta(days=1 if word == "tomorrow" else -1)
        return (d, d, Precision.DAY)
    if kind == "rel":
        return _relative(g, published)
    if kind == "month_day":
        on = _month_day(int(g["day"]), published, ahead)
        return None if on is None else (on, on, Precision.DAY)
    if kind == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return (saturday, min(saturday + dt.timedelta(days=1), published), Precision.WEEK)
    if kind == "ago":
        return _shifted(published, g["unit"].lower(), -(_SMALL.get(g["n"].lower()) or int(g["n"])))
    return None


def _after(g: dict[str, str | None], anchor: DateRange | None) -> Resolved | None:
    """ "the following month", "two days later", "the day before": counted from `anchor`."""
    if anchor is None or anchor.start is None:
        return None
    word = (g.get("dir") or g.get("ndir") or g.get("bdir") or "").lower()
    unit = (g.get("unit") or g.get("nunit") or g.get("bunit") or "").lower()
    n = _SMALL.get((g.get("n") or "").lower()) or int(g.get("n") or 1)
    if word in _BACKWARD:
        return _shifted(anchor.start, unit, -n)
    return _shifted(anchor.end or anchor.start, unit, n)


def _shifted(base: dt.date, unit: str, n: int) -> Resolved:
    """The day, week (Monday to Sunday), month or year `n` units after `base` (before it,
    when negative): "two weeks ago" from publication, "the following month" from a date."""
    if unit in {"day", "morning", "evening", "night"}:
        d = base + dt.timedelta(days=n)
        return (d, d, Precision.DAY)
    if unit == "week":
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=7 * n)
        return (monday, monday + dt.timedelta(days=6), Precision.WEEK)
    if unit == "month":
        return (*_month_range(*_add_months(base, n)), Precision.MONTH)
    return (dt.date(base.year + n, 1, 1), dt.date(base.year + n, 12, 31), Precision.YEAR)


def _range(kind: str, g: dict[str, str | None], published: dt.date | None, ahead: bool) -> Resolved | None:
    """ "between 3 and 5 May", "from 30 April to 2 May 2024", "May 3-5": first to last day."""
    month = _month(g["month"] or "")
    month1 = _month(g["month1"] or "") if g.get("month1") else month
    day1, day = int(g["day1"] or 0), int(g["day"] or 0)
    if g.get("year"):
        year: int | None = int(g["year"] or 0)
    else:
        # The range is in the past when it starts by publication ("15 - 16 October" on the 15th).
        first_year = _nearest_year(month1, day1, published, ahead)
        year = None if first_year is None else first_year + (1 if month1 > month else 0)
    if year is None:
        return (None, None, Precision.DAY)
    year1 = int(g["year1"] or 0) if g.get("year1") else (year - 1 if month1 > month else year)
    try:
        start, end = dt.date(year1, month1, day1), dt.date(year, month, day)
    except ValueError:
        return None
    if not dt.timedelta(0) < end - start <= _MAX_RANGE:
        return None
    return (start, end, Precision.DAY if start == end else Precision.WEEK)


def _relative(g: dict[str, str | None], published: dt.date) -> Resolved | None:
    which = (g.get("which") or "").lower()
    unit = (g.get("unit") or "").lower()
    early = (g.get("early") or "").lower()
    if which == "the" and not g.get("before"):
        return None
    back = 1 if which in {"last", "past", "previous", "the previous", "the"} else 0
    if which in {"next", "the coming"}:
        back = -1
    if g.get("before"):
        back += 1
    # A range in the past ends by publication ("this week" on a Thursday ends that day).
    cap = published if back >= 0 else dt.date.max
    if unit in {"week", "weekend"}:
        monday = published - dt.timedelta(days=published.weekday() + 7 * back)
        if unit == "weekend":
            sat = monday + dt.timedelta(days=5)
            return (sat, sat + dt.timedelta(days=1), Precision.WEEK)
        return (monday, min(monday + dt.timedelta(days=6), cap), Precision.WEEK)
    if unit == "month":
        start, end = _month_range(*_add_months(published, -back))
        if back == 0 and early == "earlier":
            end = published
        return (*_part(start, min(end, cap), early if early in _NAMED_PARTS else None), Precision.MONTH)
    if unit == "year":
        year = published.year - back
        start, end = _part(dt.date(year, 1, 1), dt.date(year, 12, 31), early if early in _NAMED_PARTS else None)
        if back == 0:
            end = min(end, published)
        return (start, end, Precision.YEAR)
    return None


def _relative_precision(kind: str, g: dict[str, str | None]) -> Precision:
    unit = (g.get("unit") or "").lower()
    if kind in {"weekday", "yesterday", "month_day"} or unit == "day":
        return Precision.DAY
    return {"week": Precision.WEEK, "weekend": Precision.WEEK, "month": Precision.MONTH}.get(unit, Precision.YEAR)


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in _MONTHS].index(key) + 1


# "the Mining Act of 1995", "the Class of 2010": "of" and a year after a capitalised word
# that is no month name the year in a title, not the time of an event.
_TITLE_BEFORE = re.compile(r"\b(?P<word>[A-Z][a-z]+)\s+$")


def _names_a_year(m: re.Match[str]) -> bool:
    """Whether a year match "of YYYY" completes a name ("the Land Act of 1998")."""
    if not m.group().lower().startswith("of"):
        return False
    before = _TITLE_BEFORE.search(m.string, 0, m.start())
    return before is not None and before.group("word").lower().rstrip(".") not in _MONTHS


def _nearest_year(month: int, day: int, published: dt.date | None, ahead: bool) -> int | None:
    """The year that puts month/day on or before publication (news looks back), or on or
    after it when the date is `ahead` (a planned event's)."""
    return _nearest(lambda year: dt.date(year, month, min(day, 28)), published, ahead)


def _nearest(on: Callable[[int], dt.date], published: dt.date | None, ahead: bool) -> int | None:
    """The year whose day `on(year)` is the last on or before publication, or the first on
    or after it when `ahead`; None without a publication date or for a day no year has."""
    if published is None:
        return None
    try:
        this_year = on(published.year)
    except ValueError:
        return None
    if ahead:
        return published.year + (1 if this_year < published else 0)
    return published.year - (1 if this_year > published else 0)


def _named_month_year(which: str, month: int, published: dt.date) -> int:
    """The year of "this March" (this year's), "last March" (the last one before this
    month) and "next March" (the first one after it)."""
    if which == "last":
        return published.year - (0 if month < published.month else 1)
    if which in {"next", "this coming"}:
        return published.year + (0 if month > published.month else 1)
    return published.year


def _month_day(day: int, published: dt.date, ahead: bool) -> dt.date | None:
    """Day `day` of the publication month, else of the nearest month before it (after it,
    when `ahead`) that puts it on the right side of publication and has that day."""
    step = 1 if ahead else -1
    for n in range(0, 3 * step, step):
        try:
            d = dt.date(*_add_months(published, n), day)
        except ValueError:
            continue
        if (d >= published) if ahead else (d <= published):
            return d
    return None


def _add_months(day: dt.date, n: int) -> tuple[int, int]:
    """The year and month `n` months after (before, when negative) the month of `day`."""
    year, month = divmod(day.year * 12 + day.month - 1 + n, 12)
    return year, month + 1


@dataclass(frozen=True)
class Holiday:
    """A named day of resources/holidays.yaml and the rule that puts it in a year."""

    names: tuple[str, ...]
    rule: str  # fixed | nth | easter
    args: tuple[int, ...]

    def on(self, year: int) -> dt.date:
        if self.rule == "fixed":
            return dt.date(year, *self.args)
        if self.rule == "easter":
            return easter(year) + dt.timedelta(days=self.args[0])
        month, weekday, n = self.args
        month_days = calendar.Calendar().itermonthdates(year, month)
        days = [d for d in month_days if d.month == month and d.weekday() == weekday]
        return days[n - 1] if n > 0 else days[n]


@cache
def holidays() -> dict[str, Holiday]:
    """Each name of resources/holidays.yaml and its holiday."""
    out: dict[str, Holiday] = {}
    for entry in load_yaml("holidays.yaml")["holidays"]:
        rule = next(r for r in ("fixed", "nth", "easter") if r in entry)
        value = entry[rule]
        holiday = Holiday(tuple(entry["names"]), rule, tuple(value) if isinstance(value, list) else (int(value),))
        for name in holiday.names:
            out[name.lower()] = holiday
    return out


@cache
def _holiday_pattern() -> re.Pattern[str]:
    names = sorted(holidays(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace("'", "['’]") for n in names)
    return re.compile(rf"\b(?:(?:on|over|at|during|since)\s+)?(?P<holiday>{alternatives})(?:,?\s+{_YEAR})?\b", re.I)


def _holiday(g: dict[str, str | None], published: dt.date | None, ahead: bool) -> Resolved | None:
    name = g["holiday"] or ""
    if not name[:1].isupper():
        return None  # "the easter egg", "a may day": a holiday's name is capitalised
    holiday = holidays()[name.lower().replace("’", "'")]
    year = int(g["year"] or 0) if g.get("year") else _nearest(holiday.on, published, ahead)
    if year is None:
        return (None, None, Precision.DAY)
    day = holiday.on(year)
    return (day, day, Precision.DAY)


def easter(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lr = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lr) // 451
    month, day = divmod(h + lr - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _part(start: dt.date, end: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """Narrow a range to its early, middle or late third."""
    if not part:
        return start, end
    span = (end - start).days + 1
    third = span // 3
    part = part.lower()
    if part in {"early", "the beginning of", "the start of"}:
        return start, start + dt.timedelta(days=third - 1)
    if part in {"mid", "the middle of"}:
        return start + dt.timedelta(days=third), start + dt.timedelta(days=2 * third - 1)
    return start + dt.timedelta(days=2 * third), end


# What may stand before a date that governs its sentence: a label ending in a colon
# ("Weapons seizure:") and one capitalised word ("Reported on 18 March", "Around 15 October").
_LEAD = re.compile(r"^\s*(?:[A-Za-z][\w /&'-]{0,40}:\s*)?(?:[A-Z][a-z]+\s+)?$")
# What may stand between such a date and what closes it: a bracketed aside ("(between 15 - 16
# October)", "26 June (or around).").
_ASIDE = re.compile(r"^\s*(?:\([^()]*\)\s*)?")


def _opens(doc: Document, d: DateRange, start: int, end: int, closers: str) -> bool:
    """Does `d` open text[start:end], followed (after an aside) by one of `closers`?"""
    if d.start is None or not start <= d.start_char < end or not _LEAD.match(doc.text[start : d.start_char]):
        return False
    after = doc.text[d.end_char : end]
    aside = _ASIDE.match(after)
    rest = after[aside.end() :] if aside else after
    return bool(rest) and rest[0] in closers


def governing_date(doc: Document, sentence: int) -> DateRange | None:
    """The date that dates every event of sentence `sentence`, or None.

    A date opening the sentence and closed by a comma ("On 11 March 2024,
    members ... staged a protest") sets the time of the whole sentence,
    whatever clause the parser hangs it on; a label or one word may stand
    before it ("Weapons seizure: On 1 Oct 2018, ...", "Reported on 18 March, ...").
    """
    sent = doc.sentences[sentence]
    return next((d for d in doc.dates if _opens(doc, d, sent.start, sent.end, ",")), None)


def opening_date(doc: Document) -> DateRange | None:
    """The date opening the report, bare ("10 May. Gunmen attacked ...", "22 February: ...",
    "26 June (or around). ...") or governing
    the first sentence ("On 5 May 2024, gunmen attacked ... They also burnt ..."), or None.

    Such a date is the report's own date for its events: an event of the
    report without a date of its own happened then.
    """
    start = len(doc.text) - len(doc.text[doc.body_start :].lstrip())
    first = next((d for d in doc.dates if d.start_char >= start), None)
    if first is None or first.start_char - start > _MAX_LEAD:
        return None
    return first if _opens(doc, first, start, len(doc.text), ".,:") else None


def settle_date(
    *,
    governing: DateRange | None,
    own: DateRange | None,
    opening: DateRange | None,
    reporting: DateRange | None,
    published: dt.date | None,
    at: int,
) -> DateRange | None:
    """The date an event told of as past takes, from the dates its sentence and report offer.

    In order: the sentence's governing date ("On 11 March 2024, ..."), which binds every
    event of the sentence, whatever the parser attached to it; the event's own date; the
    report's opening date ("10 May. ..."); the date of the telling that carries it
    ("officials said Thursday that ..."), the latest day it can have happened; else the
    publication date. The last two are flagged `inferred`, with precision `week` at the
    finest (the report tells of the event that week; start = end = the day as the point
    estimate, as ACLED dates an undated report). `at` is where the event's trigger starts.
    """
    for date in (governing, own, opening):
        if date is not None:
            return date
    if reporting is not None:
        precision = Precision.WEEK if reporting.precision in {Precision.DAY, None} else reporting.precision
        return replace(reporting, precision=precision, inferred=True)
    if published is None:
        return None
    return DateRange("", at, at, published, published, Precision.WEEK, inferred=True)


def looking_ahead(date: DateRange, published: dt.date | None) -> DateRange:
    """`date` read as a planned event's: "on Friday", "on 11 October" the next ones after
    publication rather than the last before it; a date stating its year stays."""
    again = find_dates(date.text, date.start_char, published, ahead=True)
    return next((d for d in again if d.start_char == date.start_char and d.start is not None), date)
