"""Event dates on sentences written for this test (published Monday 3 March 2025): a date
dates the claim it belongs to, not another noun's or a describing clause's, and an undated
claim takes the day it was told."""

from __future__ import annotations

from news import event

from sitreport.pipeline import Pipeline


def _day(ev: dict[str, object]) -> tuple[object, object]:
    date = ev["date"]
    assert isinstance(date, dict)
    return date["start"], date["end"]


def test_a_date_modifying_another_noun_does_not_date_the_claim(pipeline: Pipeline) -> None:
    body = "The mayor resigned to fight the April 12 election, officials said on Saturday."
    assert _day(event(pipeline, body, "resigned")) == ("2025-03-01", "2025-03-01")


def test_a_date_in_a_clause_describing_a_noun_does_not_date_the_claim(pipeline: Pipeline) -> None:
    body = "Officials said on Friday that rebels freed five students abducted two years ago."
    assert _day(event(pipeline, body, "freed")) == ("2025-02-28", "2025-02-28")


def test_a_clause_describing_the_claims_own_noun_dates_it(pipeline: Pipeline) -> None:
    body = "Residents described the attack, which took place on Thursday, as the worst in years."
    assert _day(event(pipeline, body, "attack")) == ("2025-02-27", "2025-02-27")


def test_an_undated_claim_takes_the_day_it_was_told(pipeline: Pipeline) -> None:
    ev = event(pipeline, "The army said on Friday that its troops had shelled rebel positions.", "shelled")
    assert _day(ev) == ("2025-02-28", "2025-02-28")
    assert ev["date"]["inferred"] is True


def test_a_planned_event_takes_the_next_day_it_names(pipeline: Pipeline) -> None:
    ev = event(pipeline, "The unions will stage a general strike on Friday.", "strike")
    assert ev["factuality"] == "planned"
    assert _day(ev) == ("2025-03-07", "2025-03-07")


def test_a_clause_opening_with_when_after_a_date_is_dated_by_it(pipeline: Pipeline) -> None:
    body = "Tensions rose sharply 11 months ago, when the army invaded the northern enclave."
    ev = event(pipeline, body, "invaded")
    assert ev["date"]["start"] == "2024-04-01" and ev["date"]["precision"] == "month"
