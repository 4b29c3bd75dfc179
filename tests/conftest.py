"""Shared fixtures: one real pipeline per test session (spaCy model + gazetteer)."""

from __future__ import annotations

import pytest

from sitreport.extract import default_pipeline
from sitreport.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()
