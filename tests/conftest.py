"""Shared fixtures: one real pipeline per test session (spaCy model + gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitreport.extract import default_pipeline
from sitreport.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()
