"""Time budgets that hold even inside library code with no way to stop it.

Our own loops check the clock, but sympy's Groebner basis computation can run for
minutes in one call. `alarm_at` arms a SIGALRM timer that raises SolverTimeout
there; it works in the main thread on Unix and is a no-op elsewhere (the solvers'
own clock checks still apply).
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from .errors import SolverTimeout


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm_at(deadline: float | None, what: str = "the solver") -> Iterator[None]:
    """Raise SolverTimeout in the body once time.perf_counter() passes `deadline`."""
    if deadline is None or not _can_alarm():
        yield
        return
    left = deadline - time.perf_counter()
    if left <= 0:
        raise SolverTimeout(f"{what} ran out of time")

    def ring(signum: int, frame: object) -> None:
        raise SolverTimeout(f"{what} ran out of time")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def expired(deadline: float | None, clock: Callable[[], float] = time.monotonic) -> bool:
    """Has `clock` passed `deadline` (None: no limit)? The one clock check of the
    engine: each caller states the clock its deadline was computed with."""
    return deadline is not None and clock() > deadline


class OutOfTime(Exception):
    """The time budget of a sensitivity analysis ran out."""


def check_deadline(deadline: float | None) -> None:
    """OutOfTime when the monotonic clock has passed `deadline` (None: no limit)."""
    if expired(deadline):
        raise OutOfTime
