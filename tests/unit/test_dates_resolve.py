"""Date resolution against a publication date (2024-10-17, a Thursday)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitreport.model import DateRange, Document, Precision, Sentence
from sitreport.stages.dates import (
    DatesStage,
    easter,
    find_dates,
    governing_date,
    holidays,
    looking_ahead,
    opening_date,
    settle_date,
)

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
        ("in the night of Oct 9", "2024-10-09", "2024-10-09", "day"),  # "of" before a day, not a month
        ("on the morning of 9 October", "2024-10-09", "2024-10-09", "day"),
        ("This March", "2024-03-01", "2024-03-31", "month"),
        ("last March", "2024-03-01", "2024-03-31", "month"),
        ("last November", "2023-11-01", "2023-11-30", "month"),
        ("next March", "2025-03-01", "2025-03-31", "month"),
        ("tomorrow", "2024-10-18", "2024-10-18", "day"),
        ("next week", "2024-10-21", "2024-10-27", "week"),
        ("next month", "2024-11-01", "2024-11-30", "month"),
        ("late last month", "2024-09-21", "2024-09-30", "month"),
        ("early last year", "2023-01-01", "2023-05-01", "year"),
        ("on the 9th,", "2024-10-09", "2024-10-09", "day"),  # a day of the publication month
        ("on the 28th.", "2024-09-28", "2024-09-28", "day"),  # after publication: the month before
        ("on the 31st", "2024-08-31", "2024-08-31", "day"),  # September has no 31st
    ],
)
def test_dates_resolve_relative_to_publication(text: str, start: str, end: str, precision: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end), found.precision and found.precision.value) == (
        start,
        end,
        precision,
    )


@pytest.mark.parametrize(
    "text", ["for the first time in 24 years", "may attack", "about 3 km from the border", "on the 5th floor"]
)
def test_dates_durations_and_words_are_not_dates(text: str) -> None:
    assert find_dates(text, 0, PUB) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("teachers want the School Reform Law of 2009 repealed, they said on 3 October", "2024-10-03"),
        ("alumni of the Class of 1988 marched on 9 October", "2024-10-09"),
    ],
)
def test_dates_a_year_completing_a_title_is_no_date(text: str, day: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end)) == (day, day)


def test_dates_a_year_after_a_month_or_a_lower_case_word_stays_a_date() -> None:
    assert [str(d.start) for d in find_dates("a rise since the spring of 2019 and in March of 2020", 0, PUB)] == [
        "2019-01-01",
        "2020-03-01",
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [("attacked yesterday (12 October) near", "2024-10-12"), ("marched on Monday (7 October 2024), and", "2024-10-07")],
)
def test_dates_a_calendar_date_in_brackets_restates_the_relative_one(text: str, day: str) -> None:
    """The bracketed date is the one meant, even where the relative expression reads otherwise."""
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end)) == (day, day)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Between 2 and 6 October [coded to 4 October], gunmen raided farms", "2024-10-04"),
        ("In September (coded as 20 September), the army detained dozens", "2024-09-20"),
    ],
)
def test_dates_a_coders_note_gives_the_day_coded(text: str, day: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end)) == (day, day)


def test_dates_a_bracket_that_does_not_follow_keeps_both() -> None:
    found = find_dates("clashed yesterday after a truce (signed on 12 October)", 0, PUB)
    assert [str(d.start) for d in found] == ["2024-10-16", "2024-10-12"]


def test_dates_trailing_comma_not_in_surface() -> None:
    (found,) = find_dates("On 16 February 2024, Russian forces", 0, PUB)
    assert found.text == "On 16 February 2024"


def test_dates_relative_without_publication_stay_open() -> None:
    (found,) = find_dates("on Tuesday", 0, None)
    assert found.start is None and found.precision is not None


def test_dates_offsets_shift_with_sentence_start() -> None:
    (found,) = find_dates("hit on Tuesday", 100, PUB)
    assert (found.start_char, found.end_char) == (104, 114)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("between 3 and 5 May", "2024-05-03", "2024-05-05", "week"),
        ("from 3 to 5 May 2023", "2023-05-03", "2023-05-05", "week"),
        ("from 28 September to 2 October", "2024-09-28", "2024-10-02", "week"),
        ("from 30 December to 2 January 2024", "2023-12-30", "2024-01-02", "week"),
        ("on 7-8 October", "2024-10-07", "2024-10-08", "week"),
        ("October 7-8", "2024-10-07", "2024-10-08", "week"),
        ("over the weekend", "2024-10-12", "2024-10-13", "week"),
        ("overnight", "2024-10-16", "2024-10-17", "day"),
    ],
)
def test_dates_ranges_resolve_to_first_and_last_day(text: str, start: str, end: str, precision: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end), found.precision and found.precision.value) == (start, end, precision)


def test_dates_a_range_longer_than_a_month_is_no_range() -> None:
    assert all(d.start == d.end for d in find_dates("from 1 March to 30 June 2024", 0, PUB))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("On 20-April-2018, soldiers", "2018-04-20"),
        ("since Jan.9 the army", "2024-01-09"),
        ("on 2023-05-10", "2023-05-10"),
    ],
)
def test_dates_acled_numeric_forms(text: str, day: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end)) == (day, day)


@pytest.mark.parametrize(
    "text", ["police dispersed the march with tear gas", "a March to Dhaka rally", "8-9 policemen"]
)
def test_dates_a_march_is_not_a_month(text: str) -> None:
    assert find_dates(text, 0, PUB) == []


def _doc(*sentences: str, published: dt.date | None = PUB) -> Document:
    text, spans, offset = "", [], 0
    for sent in sentences:
        spans.append(Sentence(offset, offset + len(sent), sent, 0, 0))
        text += sent + " "
        offset = len(text)
    dates = tuple(d for s in spans for d in find_dates(s.text, s.start, published))
    return Document(id="d", text=text, published=published, sentences=tuple(spans), dates=dates)


def _settle(
    doc: Document, sentence: int, own: DateRange | None, reporting: DateRange | None = None
) -> DateRange | None:
    return settle_date(
        governing=governing_date(doc, sentence),
        own=own,
        opening=opening_date(doc),
        reporting=reporting,
        published=doc.published,
        at=0,
    )


def test_dates_a_sentence_opening_date_with_a_comma_governs_the_sentence() -> None:
    doc = _doc("On 11 March 2024, members of the union staged a protest.", "They marched on Friday.")
    ruling = governing_date(doc, 0)
    assert ruling is not None and ruling.start == dt.date(2024, 3, 11)
    assert governing_date(doc, 1) is None


def test_dates_a_label_may_stand_before_the_governing_date() -> None:
    doc = _doc("Weapons seizure: On 1 Oct 2018, police seized bullets.")
    ruling = governing_date(doc, 0)
    assert ruling is not None and ruling.start == dt.date(2018, 10, 1)


def test_dates_a_date_inside_the_sentence_governs_nothing() -> None:
    assert governing_date(_doc("Police said on 11 March 2024, that protesters gathered."), 0) is None


def test_dates_a_bare_opening_date_dates_the_report() -> None:
    doc = _doc("10 May.", "Gunmen attacked a village.", "Two people were killed.")
    opening = opening_date(doc)
    assert opening is not None and opening.start == dt.date(2024, 5, 10)
    assert _settle(doc, 2, None) is opening


@pytest.mark.parametrize(
    "lead", ["10 May: Gunmen attacked a village.", "10 May (or around). Gunmen attacked a village."]
)
def test_dates_an_opening_date_may_close_with_a_colon_or_after_an_aside(lead: str) -> None:
    opening = opening_date(_doc(lead, "Two people were killed."))
    assert opening is not None and opening.start == dt.date(2024, 5, 10)


def test_dates_an_opening_date_must_stand_alone() -> None:
    assert opening_date(_doc("10 May was a quiet day.")) is None


def test_dates_an_undated_event_takes_the_publication_date_inferred() -> None:
    doc = _doc("Gunmen attacked a village.")
    date = _settle(doc, 0, None)
    assert date is not None and date.inferred and date.text == ""
    assert (date.start, date.end, date.precision) == (PUB, PUB, Precision.WEEK)
    assert _settle(_doc("Gunmen attacked a village.", published=None), 0, None) is None


def test_dates_the_governing_date_binds_over_a_dated_clause() -> None:
    doc = _doc("On 11 March 2024, police dispersed protesters overnight.")
    ruling, own = doc.dates
    assert _settle(doc, 0, own) is ruling


def test_dates_an_events_own_date_wins_over_the_reports() -> None:
    doc = _doc("10 May.", "Police said protesters had marched on Friday.")
    own = doc.dates[-1]
    assert _settle(doc, 1, own) is own


def test_dates_a_governing_first_sentence_dates_the_report() -> None:
    doc = _doc("On 5 May 2024, gunmen attacked a village.", "They burnt ten houses.")
    opening = opening_date(doc)
    assert opening is not None and _settle(doc, 1, None) is opening


def test_dates_a_lead_word_and_an_aside_may_surround_the_governing_date() -> None:
    doc = _doc("Around 15 October 2018 (between 15 - 16 October), soldiers detained a man.")
    ruling = governing_date(doc, 0)
    assert ruling is not None and ruling.start == dt.date(2018, 10, 15)


def test_dates_a_range_starting_on_publication_day_is_this_year() -> None:
    (found,) = find_dates("between 17 - 18 October", 0, PUB)
    assert (found.start, found.end) == (dt.date(2024, 10, 17), dt.date(2024, 10, 18))


def test_dates_an_undated_claim_takes_the_day_it_was_told_inferred() -> None:
    doc = _doc("Officials said on Tuesday that gunmen had freed the hostages.")
    (told,) = doc.dates
    date = _settle(doc, 0, None, reporting=told)
    assert date is not None and date.inferred
    assert (date.start, date.end, date.precision) == (dt.date(2024, 10, 15), dt.date(2024, 10, 15), Precision.WEEK)


def test_dates_the_reports_opening_date_wins_over_the_day_it_was_told() -> None:
    doc = _doc("10 May.", "Police said on Tuesday that gunmen had attacked a village.")
    opening, told = doc.dates
    assert _settle(doc, 1, None, reporting=told) is opening


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("on Christmas Eve", "2023-12-24"),
        ("on Christmas Day 2019", "2019-12-25"),
        ("over Easter", "2024-03-31"),
        ("on Good Friday", "2024-03-29"),
        ("on Thanksgiving", "2023-11-23"),
        ("on New Year’s Eve", "2023-12-31"),
    ],
)
def test_dates_holidays_resolve_to_their_last_day_before_publication(text: str, day: str) -> None:
    (found,) = find_dates(text, 0, PUB)
    assert (str(found.start), str(found.end)) == (day, day)


def test_dates_holiday_names_must_be_capitalised() -> None:
    assert find_dates("they hunted for an easter egg", 0, PUB) == []


@pytest.mark.parametrize("year", [2016, 2019, 2024, 2025, 2038])
def test_dates_easter_falls_on_a_sunday_after_the_spring_equinox(year: int) -> None:
    day = easter(year)
    assert day.weekday() == 6 and dt.date(year, 3, 22) <= day <= dt.date(year, 4, 25)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Rebels took the town in January and the city the following month.", "2024-02-01", "2024-02-29"),
        ("Talks opened on 3 May. Two days later they collapsed.", "2024-05-05", "2024-05-05"),
        ("Talks opened on 3 May. They had met the day before.", "2024-05-02", "2024-05-02"),
        ("Troops arrived in June 2023. The next week they left.", "2023-07-03", "2023-07-09"),
    ],
)
def test_dates_told_from_the_date_before_them(text: str, start: str, end: str) -> None:
    doc = DatesStage()(_doc(*(s if s.endswith(".") else s + "." for s in text.split(". "))))
    told = doc.dates[-1]
    assert (str(told.start), str(told.end)) == (start, end)


def test_dates_told_from_a_date_need_one_before_them() -> None:
    assert find_dates("Two days later they collapsed.", 0, PUB) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [("on Friday", "2024-10-18"), ("on October 11", "2025-10-11"), ("between 19 and 21 October", "2024-10-19")],
)
def test_dates_a_planned_events_date_looks_ahead(text: str, day: str) -> None:
    (back,) = find_dates(text, 0, PUB)
    assert back.start is not None and back.start <= PUB
    ahead = looking_ahead(back, PUB)
    assert str(ahead.start) == day


def test_dates_a_planned_date_with_its_year_stays() -> None:
    (stated,) = find_dates("on 3 May 2024", 0, PUB)
    assert looking_ahead(stated, PUB) == stated


@pytest.mark.parametrize("name", sorted(holidays()))
def test_dates_every_holiday_name_is_found_and_dated(name: str) -> None:
    text = f"on {name.title()} 2021"
    (found,) = find_dates(text, 0, PUB)
    holiday = holidays()[name]
    assert found.start == holiday.on(2021) and found.start.year == 2021
    if holiday.rule != "easter":
        assert found.start.month == holiday.args[0]
