"""A per-document time budget: extraction that runs too long fails instead of hanging a run.

    with time_budget(120.0, "extraction"):
        ...
        check_budget("parse")   # raises TimeBudgetError once the 120 s are spent

The budget is cooperative: `Pipeline` checks it after every stage and the parse
stage between the chunks it sends to spaCy, so a document fails at the first
check past its deadline. The deadline lives in a context variable, so threads
(the API's extraction workers) and nested pipelines each see their own, and
`check_budget` costs nothing where no budget is set.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sitreport.errors import TimeBudgetError

__all__ = ["DEFAULT_TIME_BUDGET", "check_budget", "time_budget"]

# Seconds per document. A 1 MB article extracts in about a minute on a laptop core;
# the budget leaves room for the 2 MiB the API accepts and a busy machine.
DEFAULT_TIME_BUDGET = 300.0


@dataclass(frozen=True)
class _Deadline:
    at: float
    seconds: float
    what: str


_DEADLINE: ContextVar[_Deadline | None] = ContextVar("sitreport_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None, what: str = "extraction") -> Iterator[None]:
    """Give the enclosed work `seconds` (None: no limit). An enclosing, earlier deadline still holds."""
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise ValueError("a time budget must be positive")
    outer = _DEADLINE.get()
    deadline = _Deadline(time.monotonic() + seconds, seconds, what)
    if outer is not None and outer.at <= deadline.at:
        deadline = outer
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_budget(where: str) -> None:
    """Raise `TimeBudgetError` if the current budget is spent."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline.at:
        raise TimeBudgetError(
            f"{deadline.what} ran past its {deadline.seconds:g} s time budget (at {where}); "
            "the document is too long or too unusual to extract in time"
        )
