"""Fixtures for the unit tests: the packaged data tables, loaded once."""

from __future__ import annotations

import pytest

from sitreport.lexicon import Lexicons
from sitreport.pipeline import Stage
from sitreport.stages.actors import ActorsStage
from sitreport.stages.arguments import ArgumentsStage
from sitreport.stages.attribution import AttributionStage
from sitreport.stages.coreference import CoreferenceStage
from sitreport.stages.counts import CountsStage
from sitreport.stages.dates import DatesStage
from sitreport.stages.event_date import EventDateStage
from sitreport.stages.event_place import EventPlaceStage
from sitreport.stages.factuality import FactualityStage
from sitreport.stages.quantities import NumberWords, QuantitiesStage
from sitreport.stages.roles import RolesStage
from sitreport.stages.triggers import TriggersStage
from sitreport.triggers import RuleTriggers


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return Lexicons.load()


@pytest.fixture(scope="session")
def number_words() -> NumberWords:
    return NumberWords.load()


def event_stages(lexicons: Lexicons) -> tuple[Stage, ...]:
    """The event phase from triggers to the event date, in pipeline order."""
    return (
        TriggersStage([RuleTriggers(lexicons.events, lexicons.arguments)]),
        RolesStage(lexicons.events),
        CoreferenceStage(lexicons.events, lexicons.cues),
        EventPlaceStage(lexicons.events, lexicons.cues),
        ArgumentsStage(lexicons.arguments),
        CountsStage(lexicons.events),
        AttributionStage(lexicons.cues, lexicons.actors),
        FactualityStage(lexicons.cues),
        EventDateStage(lexicons.events, lexicons.cues),
    )


@pytest.fixture(scope="session")
def rule_stages(lexicons: Lexicons, number_words: NumberWords) -> tuple[Stage, ...]:
    """The rule stages from actors to the event date, in pipeline order (no spaCy, no gazetteer)."""
    return (ActorsStage(lexicons.actors), DatesStage(), QuantitiesStage(number_words), *event_stages(lexicons))


@pytest.fixture(scope="module")
def stages(rule_stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """The stages a stage test runs (a module may narrow them with its own fixture)."""
    return rule_stages
