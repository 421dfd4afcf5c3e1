"""Certified roots that were not rebuilt exactly, settled by interval arithmetic.

When the exact rebuild of a support's roots (rebuild.py) stops at its work bound,
some certified roots may still be equilibria in floats. Each is settled here as far
as ball arithmetic allows:

- **real**: the Krawczyk test (certified.py) passes on a box centred on the real
  part of the root, of equal radius in the real and imaginary directions, holding
  the root's certified box. Such a box is its own complex conjugate, and the
  system's coefficients are real, so the conjugate of its unique root is a root in
  the same box: the root is real;
- **not real**: after refining the root at higher precision (certified._precise_box),
  its certified box misses the real line;
- then, for a real root, **inside** the open simplex (every coordinate's interval
  above 0 and each player's sum of free probabilities below 1) or **outside** it
  (some interval below 0 or some sum above 1).

A root that is not real, or real and outside the simplex, is no equilibrium of the
support: it is dropped, and a support whose every such root is dropped is settled
completely. A real root inside the simplex solves the indifference system with all
probabilities positive: an equilibrium when no strategy lies outside the support
(the caller knows), whose exact form was not built.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from .certified import ExactPoly, _Table
    from .support_system import Support

INSIDE, OUTSIDE, NOT_REAL, UNKNOWN = "inside", "outside", "not real", "unknown"


def settle(polys: Sequence[ExactPoly], supports: Support, mid: np.ndarray,
           radius: float) -> tuple[str, np.ndarray]:
    """(INSIDE / OUTSIDE / NOT_REAL / UNKNOWN, the root's float midpoint) for the
    certified root in the box mid +- radius."""
    from .certified import _precise_box, _Table

    table = _Table(polys, len(mid))
    real = _real_box(table, mid, radius)
    if real is None:
        refined = _precise_box(polys, table, mid)
        if refined is None:
            return UNKNOWN, mid.real
        mid, radius = refined
        if (np.abs(mid.imag) > 2 * radius).any():
            return NOT_REAL, mid.real
        real = _real_box(table, mid, radius)
        if real is None:
            return UNKNOWN, mid.real
    x, r = real
    return _where(supports, x, r), x


def _real_box(table: _Table, mid: np.ndarray, radius: float) -> tuple[np.ndarray, float] | None:
    """(real midpoint, radius) of a conjugation-symmetric box holding mid +- radius on
    which the Krawczyk test passes (its unique root is then real), else None."""
    import flint

    from .certified import _krawczyk_acb

    x = mid.real.copy()
    r = (radius + float(np.abs(mid.imag).max())) * (1 + 1e-9) + 1e-300
    n = len(x)
    y = [flint.acb(float(v)) for v in x]
    try:
        jac = table.jacobian(y)
        inverse = np.linalg.inv(np.array([[complex(jac[i, j]) for j in range(n)]
                                          for i in range(n)]))
    except (np.linalg.LinAlgError, ValueError):
        return None
    Y = flint.acb_mat(n, n, [complex(v) for v in inverse.reshape(-1)])
    for scale in (1.0, 4.0, 16.0):     # a slightly larger box may certify where a tight one does not
        if _krawczyk_acb(table, y, r * scale, Y):
            return x, r * scale
    return None


def _where(supports: Support, x: np.ndarray, r: float) -> str:
    """INSIDE, OUTSIDE or UNKNOWN for the real box x +- r against the open simplex of
    each mixing player's free probabilities (float margins far above rounding)."""
    slack = 1e-12 * (1.0 + float(np.abs(x).max()))
    inside = True
    c = 0
    for s in supports:
        k = len(s) - 1
        if not k:
            continue
        part = x[c:c + k]
        c += k
        if (part + r < -slack).any() or part.sum() - k * r > 1 + slack:
            return OUTSIDE
        if (part - r <= slack).any() or part.sum() + k * r >= 1 - slack:
            inside = False
    return INSIDE if inside else UNKNOWN
