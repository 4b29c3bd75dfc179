"""A per-document time budget: extraction that runs too long fails instead of hanging a run.

    with time_budget(120.0, "extraction"):
        ...
        check_budget("a parse batch")   # raises TimeBudgetError once the 120 s are spent

Two mechanisms enforce it. Everywhere, the budget is checked cooperatively:
`Pipeline` checks it after every stage and the parse stage between the batches it
sends to spaCy. On the main thread (`sitreport extract`, ingest in this process and
in its worker processes) an interval timer also interrupts the work at the deadline
itself, so a stage that never reaches a check (a loop quadratic in the document's
length) still fails on time; the interruption lands between Python bytecodes, after
the C call running at that moment returns. Threads cannot be interrupted that way:
the API's extraction workers rely on the checks alone (and run large articles in a
lane of their own). The deadline lives in a context variable, so threads and nested
budgets each see their own, and `check_budget` costs nothing where no budget is set.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType
from typing import Any

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

    def error(self, when: str) -> TimeBudgetError:
        return TimeBudgetError(
            f"{self.what} ran past its {self.seconds:g} s time budget ({when}); "
            "the document is too long or too unusual to extract in time"
        )


_DEADLINE: ContextVar[_Deadline | None] = ContextVar("sitreport_deadline", default=None)


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_armed = False  # whether an alarm now stands for the current deadline (main thread only)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    deadline = _DEADLINE.get()
    if _armed and deadline is not None:
        raise deadline.error("stopped at the deadline")


def _arm(deadline: _Deadline) -> None:
    global _armed
    _armed = True  # before the timer starts: a deadline already past fires at once
    signal.setitimer(signal.ITIMER_REAL, max(deadline.at - time.monotonic(), 1e-6))


def _disarm() -> None:
    global _armed
    _armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)


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
    interrupt = _can_interrupt()
    installed = False
    previous: Any = None
    try:
        if interrupt:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            installed = True
            _arm(deadline)
        yield
    finally:
        # Nested, so an alarm landing during the clean-up cannot skip the rest of it.
        try:
            if installed:
                _disarm()
        finally:
            _DEADLINE.reset(token)
            if installed:
                signal.signal(signal.SIGALRM, previous)
                if outer is not None:
                    _arm(outer)


def check_budget(where: str) -> None:
    """Raise `TimeBudgetError` if the current budget is spent."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline.at:
        raise deadline.error(f"found after {where}")
