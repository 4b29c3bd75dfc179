"""Fixtures for the unit tests: the packaged data tables, loaded once."""

from __future__ import annotations

import pytest

from sitreport.lexicon import Lexicons
from sitreport.stages.quantities import NumberWords


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return Lexicons.load()


@pytest.fixture(scope="session")
def number_words() -> NumberWords:
    return NumberWords.load()
