"""Counts on sentences written for this test: the state a verb leaves its victims in, the
part of a group an event concerns, the forms a death is told in and the casualty words
that tell none."""

from __future__ import annotations

import pytest
from news import event, events

from sitreport.pipeline import Pipeline


def test_victims_left_injured_or_dead_are_counted(pipeline: Pipeline) -> None:
    body = "A roadside bomb in the north left four police officers injured, the army said."
    injured = [e["counts"]["injured"] for e in events(pipeline, body)]
    assert 4 in injured
    body = "The mortar strike on the market left six traders dead."
    assert 6 in [e["counts"]["killed"] for e in events(pipeline, body)]


def test_the_part_of_a_group_an_event_concerns_is_its_count(pipeline: Pipeline) -> None:
    body = "The rebels released 14 of the more than 90 hostages they seized in March, officials said."
    assert event(pipeline, body, "released")["counts"]["people"] == 14


def _killed(pipeline: Pipeline, body: str) -> list[int | None]:
    return [e["counts"]["killed"] for e in events(pipeline, body)]


@pytest.mark.parametrize(
    ("body", "killed"),
    [
        # a verb whose sense is killing, and a second verb sharing the first one's victim
        ("An angry crowd lynched a suspected cattle thief near the bus depot.", 1),
        ("Two herders were chased, beaten and shot dead by vigilantes at the well.", 2),
        ("A night watchman was stabbed and killed outside the depot by robbers.", 1),
        # "to death" names the victims of the verb it follows
        ("Villagers stoned a suspected arsonist to death near the chapel.", 1),
        ("Guards burnt him to death inside the depot, a witness said.", 1),
        # one person told by the noun alone, or with a possessor
        ("Bandits attacked a lorry on the ridge road. The driver was killed, and four traders were wounded.", 1),
        ("Rebels raided a farm on the ridge. Their leader's brother died of his wounds.", 1),
        # a toll in a sentence of its own that names no event
        ("Rebels stormed an army outpost on the ridge. Five deaths were reported.", 5),
    ],
)
def test_casualty_forms_count_the_dead(pipeline: Pipeline, body: str, killed: int) -> None:
    assert killed in _killed(pipeline, body)


@pytest.mark.parametrize(
    "body",
    [
        # tried, threatened, almost, in doubt: nobody was killed
        "A crowd tried to lynch a suspected pickpocket at the depot.",
        "The gang threatened to kill a shopkeeper at the depot.",
        "A crowd almost lynched a suspected pickpocket at the depot.",
        "Gunmen cut the throat of a farmer at the well. It is not known whether he died.",
        # the death an event answers, or one told as background, is no toll
        "Hundreds of students marched to the depot over the death of a classmate.",
        "Traders blocked the ridge road to protest the killing of a porter.",
        "A crowd beat a man who had killed his neighbour at the well.",
        # a number that counts no one, and a group told as one noun
        "Militiamen raided the ridge camp at night. No one was killed.",
    ],
)
def test_casualty_words_that_tell_no_death(pipeline: Pipeline, body: str) -> None:
    assert not [k for k in _killed(pipeline, body) if k]


def test_a_victims_place_is_no_second_victim(pipeline: Pipeline) -> None:
    assert 1 in _killed(pipeline, "The chief of Kalemie was shot dead by gunmen at his gate.")


def test_the_victim_of_a_toll_stays_a_victim(pipeline: Pipeline) -> None:
    """A toll whose victims stand as its subject is reported of the fight before it, which
    takes its dead."""
    body = "Soldiers and rebels clashed on the ridge road. One soldier was killed and two rebels were wounded."
    clash = event(pipeline, body, "clashed")
    assert clash["counts"]["killed"] == 1
