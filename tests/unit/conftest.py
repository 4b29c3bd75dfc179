"""Fixtures for the unit tests: the packaged data tables, loaded once."""

from __future__ import annotations

import pytest

from sitreport.lexicon import Lexicons
from sitreport.pipeline import Stage
from sitreport.stages.actors import ActorsStage
from sitreport.stages.attribution import AttributionStage
from sitreport.stages.dates import DatesStage
from sitreport.stages.events import EventsStage
from sitreport.stages.factuality import FactualityStage
from sitreport.stages.quantities import NumberWords, QuantitiesStage


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return Lexicons.load()


@pytest.fixture(scope="session")
def number_words() -> NumberWords:
    return NumberWords.load()


@pytest.fixture(scope="session")
def rule_stages(lexicons: Lexicons, number_words: NumberWords) -> tuple[Stage, ...]:
    """The rule stages from actors to factuality, in pipeline order (no spaCy, no gazetteer)."""
    return (
        ActorsStage(lexicons.actors),
        DatesStage(),
        QuantitiesStage(number_words),
        EventsStage(lexicons.events),
        AttributionStage(lexicons.cues, lexicons.actors),
        FactualityStage(lexicons.cues),
    )
