"""Where a boundary polynomial of a region map may vanish: interval arithmetic on a
k x k split of the parameter box (floats with a margin far above their rounding
error). A polynomial with no such sub-box keeps one sign on the whole box, and one
whose sub-boxes miss a column cannot vanish on a line a = x through that column;
the decomposition (plane_cells.py) skips both.

numpy is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import to_float
from .plane_polys import _Poly
from .region_map import Box

if TYPE_CHECKING:
    import numpy as np


GRID = 16     # sub-boxes per side for the interval test of where a polynomial may vanish


def zero_boxes(evals: Sequence[_Poly], box: Box, k: int = GRID) -> list[set[tuple[int, int]]]:
    """For each polynomial, the sub-boxes (column, row) of a k x k split of the box
    where interval arithmetic cannot exclude a zero (floats, with a margin far
    above their rounding error). An empty set: the polynomial keeps one sign on the
    whole closed box."""
    import numpy as np
    out = []
    for pos, neg in certain_signs([f.terms for f in evals], box, k):
        hit = ~(pos | neg)
        out.append({(int(i), int(j)) for i, j in zip(*np.nonzero(hit))})
    return out


def certain_signs(polys: Sequence[Mapping[tuple[int, int], float | int]], box: Box,
                  k: int = GRID) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each polynomial (coefficients by monomial (i, j) of a**i * b**j), two k x k
    boolean arrays over the sub-boxes (column, row) of the box: where it is surely
    positive and where surely negative on the whole closed sub-box (interval
    arithmetic in floats; a value within a margin far above their rounding error of
    zero is neither)."""
    import numpy as np
    (a0, a1), (b0, b1) = box
    ax = np.array([float(a0 + (a1 - a0) * i / k) for i in range(k + 1)])
    bx = np.array([float(b0 + (b1 - b0) * j / k) for j in range(k + 1)])
    alo, blo = np.meshgrid(ax[:-1], bx[:-1], indexing="ij")
    ahi, bhi = np.meshgrid(ax[1:], bx[1:], indexing="ij")
    powers: dict[tuple[str, int], tuple[Any, Any]] = {}

    def power(name: str, n: int) -> tuple[Any, Any]:
        if (name, n) not in powers:
            powers[(name, n)] = (_power_range(alo, ahi, n) if name == "a"
                                 else _power_range(blo, bhi, n))
        return powers[(name, n)]

    out = []
    with np.errstate(over="ignore", invalid="ignore"):   # inf / nan: no certain sign
        for terms in polys:
            out.append(_signs(terms, power, np.zeros_like(alo)))
    return out


def _signs(terms: Mapping[tuple[int, int], float | int], power: Any, zero: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """Where one polynomial is surely positive and surely negative on each sub-box.
    A sum that overflows (huge ranges) gives inf or nan bounds and an inf margin:
    every comparison is then false, so such a sub-box has no certain sign."""
    import numpy as np
    lo = zero.copy()
    hi = zero.copy()
    mag = zero.copy()
    for (i, j), c in terms.items():
        pa, pb = power("a", i), power("b", j)
        prods = [pa[0] * pb[0], pa[0] * pb[1], pa[1] * pb[0], pa[1] * pb[1]]
        tlo, thi = np.minimum.reduce(prods), np.maximum.reduce(prods)
        tlo, thi = (c * tlo, c * thi) if c > 0 else (c * thi, c * tlo)
        lo, hi = lo + tlo, hi + thi
        mag = mag + np.maximum(np.abs(tlo), np.abs(thi))
    margin = 1e-9 * mag + 1e-300
    return lo > margin, hi < -margin


def _power_range(lo: Any, hi: Any, n: int) -> tuple[Any, Any]:
    """The range of x**n for x in [lo, hi] (numpy arrays)."""
    import numpy as np
    if n == 0:
        return np.ones_like(lo), np.ones_like(lo)
    a, b = lo ** n, hi ** n
    low, high = np.minimum(a, b), np.maximum(a, b)
    if n % 2 == 0:
        low = np.where((lo <= 0) & (hi >= 0), 0.0, low)
    return low, high


def _columns(x: Any, arange: tuple[Fraction, Fraction], k: int = GRID) -> set[int]:
    """The sub-box columns whose closed a-range holds x."""
    a0, a1 = arange
    v = (_approx(x) - float(a0)) / float(a1 - a0) * k
    return {c for c in (int(v) - 1, int(v), int(v) + 1) if 0 <= c < k
            and c - 1e-9 <= v <= c + 1 + 1e-9}


def _approx(x: Any) -> float:
    from .algebraic import RealRoot
    return x.approx if isinstance(x, RealRoot) else to_float(x)
