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
from dataclasses import dataclass, replace

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
    ("yesterday", re.compile(r"\b(?:yesterday|last night|overnight|today|tonight|this morning)\b", re.I)),
    ("weekend", re.compile(r"\b(?:over|during|at)\s+the\s+weekend\b", re.I)),
    (
        "rel",
        re.compile(
            r"\b(?:(?P<early>earlier|later|late|early)\s+)?(?P<which>last|this|past|previous|the previous|the)\s+"
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
_RELATIVE = frozenset({"yesterday", "weekday", "rel", "ago", "weekend"})
_CALENDAR = frozenset({"dmy", "mdy", "iso", "dmy_hyphen"})
_BRACKET_OPEN = re.compile(r"^\s*\(\s*$")


@dataclass
class DatesStage:
    name: str = "dates"
    requires: tuple[str, ...] = ("sentences",)
    assigns: tuple[str, ...] = ("dates",)

    def __call__(self, doc: Document) -> Document:
        found: list[DateRange] = []
        for sent in doc.sentences:
            found.extend(find_dates(sent.text, sent.start, doc.published))
        return replace(doc, dates=tuple(found))


def find_dates(text: str, offset: int, published: dt.date | None) -> list[DateRange]:
    """Every time expression in `text`, longest first where two overlap."""
    spans: list[DateRange] = []
    taken: list[tuple[int, int]] = []
    kinds: dict[int, str] = {}  # start offset -> pattern kind
    hits = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            hits.append((m.start(), -(m.end() - m.start()), kind, m))
    for start, _neg, kind, m in sorted(hits, key=lambda h: (h[1], h[0])):
        end = m.end()
        if any(s < end and start < e for s, e in taken):
            continue
        try:
            resolved = resolve(kind, m, published)
        except (ValueError, OverflowError):  # "9999999 days ago": a range no calendar holds
            continue
        if resolved is None:
            continue
        taken.append((start, end))
        surface = text[start:end].rstrip(",. ")
        spans.append(DateRange(surface, offset + start, offset + start + len(surface), *resolved))
        kinds[offset + start] = kind
    spans.sort(key=lambda d: d.start_char)
    following: list[DateRange | None] = [*spans[1:], None]
    return [d for n, d in enumerate(spans) if not _restated(d, following[n], kinds, text, offset)]


def _restated(d: DateRange, after: DateRange | None, kinds: dict[int, str], text: str, offset: int) -> bool:
    """Whether relative date `d` is restated by the calendar date in brackets right after it
    ("yesterday (24 July)", "on Saturday (5 May)"): the calendar date is the one meant."""
    if after is None or kinds[d.start_char] not in _RELATIVE or kinds[after.start_char] not in _CALENDAR:
        return False
    return _BRACKET_OPEN.match(text[d.end_char - offset : after.start_char - offset]) is not None


Resolved = tuple[dt.date | None, dt.date | None, Precision | None]


def resolve(kind: str, m: re.Match[str], published: dt.date | None) -> Resolved | None:
    """The date range one match stands for, or None when it is not a date."""
    g = m.groupdict()
    if kind.startswith("range_"):
        return _range(kind, g, published)
    if kind == "iso":
        try:
            d = dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        except ValueError:
            return None
        return (d, d, Precision.DAY)
    if kind in {"dmy", "mdy", "dmy_hyphen"}:
        month = _month(g["month"])
        day = int(g["day"])
        year = int(g["year"]) if g.get("year") else _past_year(month, day, published)
        if year is None:
            return (None, None, Precision.DAY)
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        return (d, d, Precision.DAY)
    if kind == "my":
        if not g["month"][0].isupper():
            return None  # "the march against CENI": a month name in news is capitalised
        month = _month(g["month"])
        if month in {3, 5} and not g.get("year") and not g.get("part"):
            if not m.group().lower().startswith(("in ", "since ", "during ", "by ", "of ", "from ")):
                return None
        year = int(g["year"]) if g.get("year") else _past_year(month, 1, published)
        if year is None:
            return (None, None, Precision.MONTH)
        start, end = _month_range(year, month)
        return (*_part(start, end, g.get("part")), Precision.MONTH)
    if kind == "y":
        year = int(g["year"])
        return (*_part(dt.date(year, 1, 1), dt.date(year, 12, 31), g.get("part")), Precision.YEAR)
    if published is None:
        return (None, None, _relative_precision(kind, g))
    if kind == "weekday":
        target = _WEEKDAYS.index(g["weekday"].lower())
        back = (published.weekday() - target) % 7
        if (g.get("which") or "").lower() == "last" and back == 0:
            back = 7
        d = published - dt.timedelta(days=back)
        return (d, d, Precision.DAY)
    if kind == "yesterday":
        word = m.group().lower()
        if word in {"today", "tonight", "this morning"}:
            return (published, published, Precision.DAY)
        if word == "overnight":
            return (published - dt.timedelta(days=1), published, Precision.DAY)
        d = published - dt.timedelta(days=1)
        return (d, d, Precision.DAY)
    if kind == "rel":
        return _relative(g, published)
    if kind == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return (saturday, min(saturday + dt.timedelta(days=1), published), Precision.WEEK)
    if kind == "ago":
        n = _SMALL.get(g["n"].lower()) or int(g["n"])
        unit = g["unit"].lower()
        if unit == "day":
            d = published - dt.timedelta(days=n)
            return (d, d, Precision.DAY)
        if unit == "week":
            start = published - dt.timedelta(days=7 * n + published.weekday())
            return (start, start + dt.timedelta(days=6), Precision.WEEK)
        if unit == "month":
            year, month = divmod(published.year * 12 + published.month - 1 - n, 12)
            return (*_month_range(year, month + 1), Precision.MONTH)
        return (dt.date(published.year - n, 1, 1), dt.date(published.year - n, 12, 31), Precision.YEAR)
    return None


def _range(kind: str, g: dict[str, str | None], published: dt.date | None) -> Resolved | None:
    """ "between 3 and 5 May", "from 30 April to 2 May 2024", "May 3-5": first to last day."""
    month = _month(g["month"] or "")
    month1 = _month(g["month1"] or "") if g.get("month1") else month
    day1, day = int(g["day1"] or 0), int(g["day"] or 0)
    if g.get("year"):
        year: int | None = int(g["year"] or 0)
    else:
        # The range is in the past when it starts by publication ("15 - 16 October" on the 15th).
        first_year = _past_year(month1, day1, published)
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
    if g.get("before"):
        back += 1
    if unit in {"week", "weekend"}:
        monday = published - dt.timedelta(days=published.weekday() + 7 * back)
        if unit == "weekend":
            sat = monday + dt.timedelta(days=5)
            return (sat, sat + dt.timedelta(days=1), Precision.WEEK)
        end = min(monday + dt.timedelta(days=6), published)
        return (monday, end, Precision.WEEK)
    if unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 - back, 12)
        start, end = _month_range(year, month + 1)
        if back == 0 and early == "earlier":
            end = published
        return (start, min(end, published), Precision.MONTH)
    if unit == "year":
        year = published.year - back
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if back == 0:
            end = published
        return (start, end, Precision.YEAR)
    return None


def _relative_precision(kind: str, g: dict[str, str | None]) -> Precision:
    unit = (g.get("unit") or "").lower()
    if kind in {"weekday", "yesterday"} or unit == "day":
        return Precision.DAY
    return {"week": Precision.WEEK, "weekend": Precision.WEEK, "month": Precision.MONTH}.get(unit, Precision.YEAR)


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in _MONTHS].index(key) + 1


def _past_year(month: int, day: int, published: dt.date | None) -> int | None:
    """The year that puts month/day on or before publication (news looks back)."""
    if published is None:
        return None
    year = published.year
    try:
        if dt.date(year, month, min(day, 28)) > published:
            year -= 1
    except ValueError:
        return None
    return year


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


def settle_date(doc: Document, sentence: int, own: DateRange | None, at: int) -> DateRange | None:
    """The date an event of sentence `sentence` takes, given `own`, the one its clause offers.

    In order: the sentence's governing date ("On 11 March 2024, ..."), which
    binds every event of the sentence, whatever the parser attached to it;
    the event's own date; the report's opening date ("10 May. ..."); else the
    publication date, flagged `inferred`, with precision `week` (the report
    tells of the event that week; start = end = the publication day as the
    point estimate, as ACLED dates an undated report). `at` is where the
    event's trigger starts.
    """
    ruling = governing_date(doc, sentence)
    if ruling is not None:
        return ruling
    if own is not None:
        return own
    found = opening_date(doc)
    if found is not None:
        return found
    if doc.published is None:
        return None
    return DateRange("", at, at, doc.published, doc.published, Precision.WEEK, inferred=True)
