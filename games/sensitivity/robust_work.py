"""The robustness search's counted work limit (games.limits.ROBUST_STEPS), shared by
the sweep (robust_exact.py) and the face systems (robust_contacts.py, robust_faces.py).

A step is about what a rational cell solve costs (10 ms on a 3-player game): a
candidate decided, a cell solved (a number field's counting ROBUST_FIELD_STEPS), and
the algebra of the face systems, measured in *units* estimated before each operation
from its inputs' sizes (`UNITS_PER_STEP` units make a step): a resultant
len(p) len(q) (deg_v p + deg_v q)^2, a root isolation deg^2 bits, the gcds at one
radius in its number field (an estimate from their sizes), and each inverse those gcds
take, the field's degree times its argument's bits squared over 200 (those were not
counted before: their coefficients grow with the field, and g9 with four parameters
spent 100 s of CPU in them past a 1,000-step budget), and, inside a cell solved in a
number field, each integer-relation search putting a coordinate in the field
(`charge_search`: in g8 with four parameters two such solves, counted 100 steps
each, ran searches of 10 s). Counted, not timed, so that the same game gets the same
verdict on a loaded machine as on an idle one; an operation that would pass the limit
is not started (`WorkSpent`), so no run goes past its budget by more than one cheap
step.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..numbers import Exact

__all__ = ["PSLQ_ITERATIONS", "UNITS_PER_STEP", "Work", "WorkSpent", "charge_search", "counting"]

UNITS_PER_STEP = 250_000    # face-system units per step (the costliest resultants met on
                            # 2x2x2 games take 4e-8 CPU seconds a unit: 10 ms a step)
PSLQ_ITERATIONS = 4_000     # iterations of a counted integer-relation search (PSLQ)


class WorkSpent(Exception):
    """An operation of a face system would pass the work limit: the system is left
    unsolved (its candidates bounded by its members' own distances)."""


class Work:
    """The search's counted work against a limit (None: none). Once spent, candidates
    not yet decided stay undecided and systems not yet solved unsolved: the radius
    then comes with a certified lower bound."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.done = 0
        self.units = 0                  # face-system units not yet a whole step
        self.skipped: set[tuple[Exact, ...]] = set()    # candidates left for the limit
        self.systems_skipped = 0        # face systems left unsolved for the limit

    def add(self, n: int = 1) -> None:
        self.done += n

    def spent(self) -> bool:
        return self.limit is not None and self.done >= self.limit

    def charge(self, units: int) -> None:
        """Count face-system work of `units` before it is done; WorkSpent (nothing
        counted) when it would pass the limit."""
        total = self.units + units
        steps = total // UNITS_PER_STEP
        if self.limit is not None and (self.spent() or self.done + steps > self.limit):
            raise WorkSpent
        self.done += steps
        self.units = total - steps * UNITS_PER_STEP


# the work a solve in a number field counts against (as games.budget's active budget)
_COUNTED: ContextVar[Work | None] = ContextVar("robust_work", default=None)


@contextmanager
def counting(work: Work) -> Iterator[None]:
    """Searches inside (region_algebraic's PSLQ) are counted against `work`."""
    token = _COUNTED.set(work)
    try:
        yield
    finally:
        _COUNTED.reset(token)


def charge_search(degree: int, maxsteps: int) -> int:
    """Count one integer-relation search (PSLQ at 250 digits, n = degree + 1 numbers)
    against the work counting (none outside `counting`: `maxsteps` returned as is):
    n^2 steps, and the number of PSLQ iterations it may take for them,
    PSLQ_ITERATIONS (an iteration costs about 2.5 n^2 microseconds: n^2 steps of
    10 ms buy 4,000). WorkSpent (nothing counted) past the limit. In g8 with four
    parameters a search in a degree-13 field that finds no relation ran 20,000
    iterations, 10 s of CPU, inside a solve counted 100 steps; those that find one
    stop within 1,000."""
    work = _COUNTED.get()
    if work is None:
        return maxsteps
    steps = (degree + 1) ** 2
    if work.limit is not None and (work.spent() or work.done + steps > work.limit):
        raise WorkSpent
    work.add(steps)
    return min(maxsteps, PSLQ_ITERATIONS)


def charge(work: Work | None, units: int) -> None:
    """`work.charge(units)`, nothing when no work is counted."""
    if work is not None:
        work.charge(units)
