"""Signs of boundaries at points with irrational coordinates, decided by 80-digit
arithmetic when they are clearly away from zero.

The robustness search evaluates every boundary at every candidate point; with
coordinates that are roots of quintics or sextics (CRootOf), sympy's exact sign
costs a substitution, an expansion and an evaluation each time, seconds per point.
Here each coordinate is evaluated once to 60 digits, each boundary summed in mpmath
at 80 digits, and the sign is taken when |value| exceeds 10^-40 times the sum of
the terms' absolute values (the rounding is below 10^-55 of that); otherwise None:
the caller decides exactly (a value that small is almost always an exact zero).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..numbers import Exact, to_sympy

if TYPE_CHECKING:
    from mpmath import mpf

    from .robust_contacts import Boundary

DIGITS = 60             # digits of each coordinate
WORKING = 80            # digits of the arithmetic
CLEAR = 40              # |value| above 10^-CLEAR of the terms' scale: its sign is sure


def digits(v: Exact) -> mpf:
    """An exact number to DIGITS digits, as an mpmath number."""
    import mpmath
    mpmath.mp.dps = WORKING
    return mpmath.mpf(str(to_sympy(v).evalf(DIGITS)))


def numeric_sign(b: Boundary, point: Sequence[mpf]) -> int | None:
    """The sign of boundary b at a point given by `digits` (None: too close to zero
    to tell at this precision)."""
    import mpmath
    mpmath.mp.dps = WORKING
    total = scale = mpmath.mpf(0)
    for mono, c in b.terms:
        t = mpmath.mpf(c.numerator) / c.denominator
        for v, e in zip(point, mono):
            if e:
                t *= v ** e
        total += t
        scale += abs(t)
    if abs(total) <= mpmath.mpf(10) ** -CLEAR * (1 + scale):
        return None
    return 1 if total > 0 else -1
