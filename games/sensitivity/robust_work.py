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
spent 100 s of CPU in them past a 1,000-step budget). Counted, not timed, so that the same game gets the same
verdict on a loaded machine as on an idle one; an operation that would pass the limit
is not started (`WorkSpent`), so no run goes past its budget by more than one cheap
step.
"""
from __future__ import annotations

from ..numbers import Exact

__all__ = ["UNITS_PER_STEP", "Work", "WorkSpent"]

UNITS_PER_STEP = 250_000    # face-system units per step (the costliest resultants met on
                            # 2x2x2 games take 4e-8 CPU seconds a unit: 10 ms a step)


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


def charge(work: Work | None, units: int) -> None:
    """`work.charge(units)`, nothing when no work is counted."""
    if work is not None:
        work.charge(units)
