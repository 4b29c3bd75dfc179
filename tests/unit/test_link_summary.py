"""The rules that reconcile one event from its reports (sitreport.link.summary)."""

from __future__ import annotations

import datetime as dt

from sitreport.link.summary import best_date, finest_place, summarize
from sitreport.model import AcledCoding, Counts, DateRange, Factuality, GeoPrecision, Place, Precision
from sitreport.store.base import EventKey, Member

KHARKIV = Place("Kharkiv", 0, 7, "Kharkiv", "UKR", "Kharkiv Oblast", None, 49.99, 36.23, GeoPrecision.POINT)
OBLAST = Place("Kharkiv region", 0, 14, "Kharkiv Oblast", "UKR", "Kharkiv Oblast", None, 49.5, 36.5,
               GeoPrecision.ADMIN1)
LVIV = Place("Lviv", 0, 4, "Lviv", "UKR", "Lviv Oblast", None, 49.84, 24.03, GeoPrecision.POINT)
DAY = DateRange("on October 3", 0, 12, dt.date(2024, 10, 3), dt.date(2024, 10, 3), Precision.DAY)
CODED = AcledCoding("Explosions/Remote violence", "Shelling/artillery/missile attack", fatalities=0)


def member(n: int, *, killed: int | None = None, factuality: Factuality = Factuality.REPORTED,
           place: Place | None = KHARKIV, roots: tuple[str, ...] = ()) -> Member:
    coding = CODED if killed is None else AcledCoding(CODED.event_type, CODED.sub_event_type, fatalities=killed)
    return Member(EventKey(f"d{n}", "e0"), "ASSAULT", factuality, location=place, date=DAY,
                  counts=Counts(killed=killed), acled=coding, roots=roots or (f"name:outlet {n}",),
                  outlet=f"Outlet {n}")


def test_link_summary_counts_are_the_lowest_figure_never_a_sum() -> None:
    c = summarize([member(1, killed=4), member(2, killed=3), member(3), member(4, killed=5)])
    assert c.counts.killed == 3
    assert c.acled is not None and c.acled.fatalities == 3  # the report without a figure does not make it 0


def test_link_summary_denials_neither_count_nor_set_figures() -> None:
    denial = member(3, killed=0, factuality=Factuality.DENIED, roots=("office:military:RUS",))
    c = summarize([member(1, killed=4), member(2, killed=3), denial])
    assert c.counts.killed == 3 and c.corroboration == 2
    assert c.contradiction and c.contradictions == (EventKey("d3", "e0"),)
    assert c.factuality is Factuality.REPORTED
    only_denied = summarize([denial])
    assert only_denied.factuality is Factuality.DENIED and only_denied.corroboration == 0
    assert not only_denied.contradiction


def test_link_summary_finest_consistent_place() -> None:
    assert finest_place([OBLAST, KHARKIV, OBLAST]) == KHARKIV
    # A point in another oblast agrees with no one: the majority's place wins.
    assert finest_place([OBLAST, OBLAST, LVIV]) == OBLAST
    assert finest_place([]) is None


def test_link_summary_date_explicit_then_finest_then_most_common() -> None:
    inferred = DateRange("", 0, 0, dt.date(2024, 10, 4), dt.date(2024, 10, 4), Precision.DAY)
    month = DateRange("in October", 0, 10, dt.date(2024, 10, 1), dt.date(2024, 10, 31), Precision.MONTH)
    assert best_date([inferred, month, DAY]) == DAY
    assert best_date([month, inferred]) == month
    assert best_date([]) is None


def test_link_summary_reports_keep_outlets_and_roots() -> None:
    c = summarize([member(2, killed=1), member(1, killed=2)])
    assert [r.key.document_id for r in c.reports] == ["d1", "d2"]
    assert c.outlets == ("Outlet 1", "Outlet 2") and c.size == 2
    assert c.id == summarize([member(1), member(2)]).id  # the id follows the smallest member
