"""The evaluations against ../shared: the seed gold, real ACLED rows, real articles, the reference scorer.

Not part of the default test run (pytest's testpaths is `tests`); run them with
`bash scripts/eval_shared.sh`. Without the shared folder the run stops with an
error: these evaluations never skip.
"""

from __future__ import annotations

import pytest

from shared_data import NEEDED
from sitreport.extract import default_pipeline
from sitreport.pipeline import Pipeline


def pytest_configure(config: pytest.Config) -> None:
    missing = [str(p) for p in NEEDED if not p.exists()]
    if missing:
        raise pytest.UsageError(f"the shared evaluations need {', '.join(missing)} (set SITREPORT_SHARED)")


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()
