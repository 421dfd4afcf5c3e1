"""Signs of many boundary polynomials at one point of a region map's box, from one
float evaluation with a certified error bound; exact arithmetic only where the bound
does not settle a sign.

The decomposition (plane_cells.py) needs the signs of every polynomial at every
cell's sample point: tens of thousands of points times a hundred or more
polynomials on a parametric 5x5 game, which in exact integer (or algebraic)
arithmetic took most of its time. A sample coordinate is a rational or a real
algebraic number (algebraic.RealRoot); both have a float x~ with a known bound d on
|x - x~|. For f = sum c a^i b^j, with A = |a~| + da and B = |b~| + db,

    |f(a, b) - f(a~, b~)| <= sum |c| (i A^(i-1) B^j da + j A^i B^(j-1) db)

(mean value theorem, term by term), and the float evaluation of f(a~, b~) is off
by far less than 1e-12 * sum |c a~^i b~^j| (coefficients and powers rounded once
each, degrees far below a thousand). A value farther from zero than the sum of both
bounds has the float's sign; anything else (a zero, a point very near a curve, an
overflow) is left to the exact evaluation.

numpy is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .plane_polys import _Poly
from .region_map import Point

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from flint import fmpz_poly

    from .algebraic import RealRoot

    Codes = npt.NDArray[np.int8]

ROUNDING = 1e-12        # relative bound on the float evaluation's own error (far above it)
UNSURE = 2              # the sign code of a polynomial the float bound does not settle


class BatchSigns:
    """Certified float signs of a fixed list of polynomials at one point at a time."""

    def __init__(self, evals: Sequence[_Poly]) -> None:
        import numpy as np
        rows = [(k, i, j, c) for k, f in enumerate(evals) for (i, j), c in f.terms.items()]
        self.n = len(evals)
        self.poly = np.array([r[0] for r in rows], dtype=np.int64)
        self.i = np.array([r[1] for r in rows], dtype=np.float64)
        self.j = np.array([r[2] for r in rows], dtype=np.float64)
        with np.errstate(over="ignore"):
            self.c = np.array([_float(r[3]) for r in rows], dtype=np.float64)
        self.ac = np.abs(self.c)
        self.im1 = np.maximum(self.i - 1, 0)
        self.jm1 = np.maximum(self.j - 1, 0)

    def signs(self, pt: Point) -> Codes:
        """An int8 array: each polynomial's sign at `pt` (Fractions or RealRoots),
        or UNSURE where the bound does not settle it (or a coordinate has no
        certified float: every entry UNSURE)."""
        import numpy as np
        got = [_enclosure(x) for x in pt]
        if got[0] is None or got[1] is None:
            return np.full(self.n, UNSURE, dtype=np.int8)
        return self.near(*got[0], *got[1])

    def near(self, a: float, da: float, b: float, db: float) -> Codes:
        """As `signs`, at a point within da of a and db of b (floats)."""
        import numpy as np
        if self.n == 0 or not (abs(da) < float("inf") and abs(db) < float("inf")):
            return np.full(self.n, UNSURE, dtype=np.int8)
        with np.errstate(all="ignore"):
            pa, pb = a ** self.i, b ** self.j
            terms = self.c * pa * pb
            val = np.bincount(self.poly, weights=terms, minlength=self.n)
            mag = np.bincount(self.poly, weights=np.abs(terms), minlength=self.n)
            A, B = abs(a) + da, abs(b) + db
            drift = self.ac * (self.i * A ** self.im1 * B ** self.j * da
                               + self.j * A ** self.i * B ** self.jm1 * db)
            bound = np.bincount(self.poly, weights=drift, minlength=self.n) * (1 + 1e-9) \
                + ROUNDING * mag + 1e-300
            sure = np.abs(val) > bound          # False for nan and inf
        return np.where(sure, np.sign(val), UNSURE).astype(np.int8)


def _float(c: int) -> float:
    try:
        return float(c)
    except OverflowError:
        return float("inf")


def _enclosure(x: Any) -> tuple[float, float] | None:
    """A float near x and a bound on the distance; None for anything but a Fraction
    or a RealRoot."""
    from .algebraic import RealRoot
    if isinstance(x, Fraction):
        try:
            f = float(x)
        except OverflowError:
            return None
        return f, abs(f) * 2.0 ** -52 + 1e-300
    if isinstance(x, RealRoot):
        return x.approx, _radius(x)
    return None


def _radius(x: Any) -> float:
    """A bound on |x - x.approx| for a RealRoot, from its 64-bit ball."""
    r = getattr(x, "_float_radius", None)
    if r is None:
        try:
            ball = x.ball(64)
        except ArithmeticError:
            return float("inf")
        mid, rad = float(ball.mid()), float(ball.rad())
        r = abs(mid - x.approx) + rad * (1 + 1e-9) + abs(mid) * 2.0 ** -51 + 1e-300
        x._float_radius = r
    return float(r)


def signs_at(batch: BatchSigns, evals: Sequence[_Poly], pt: Point,
             exact: Callable[[_Poly, Point], int], idx: Sequence[int] | None = None
             ) -> list[int]:
    """The exact signs at `pt` of `evals` (all, or those of `idx`): the certified
    float ones of `batch` (built on `evals`), `exact(f, pt)` for the others."""
    fl = batch.signs(pt)
    keys = range(len(evals)) if idx is None else idx
    return [int(fl[k]) if fl[k] != UNSURE else exact(evals[k], pt) for k in keys]


def graph_enclosure(x: RealRoot, num: fmpz_poly, den: fmpz_poly) -> tuple[float, float]:
    """A float near num(x)/den(x) (flint integer polynomials, x a RealRoot) and a
    bound on the distance (infinite when the ball holds a pole)."""
    import flint
    old = flint.ctx.prec
    flint.ctx.prec = 64
    try:
        xb = x.ball(64)
        n, d = flint.arb(0), flint.arb(0)
        for k in range(num.degree(), -1, -1):
            n = n * xb + flint.arb(int(num[k]))
        for k in range(den.degree(), -1, -1):
            d = d * xb + flint.arb(int(den[k]))
        if d.contains(0):
            return 0.0, float("inf")
        v = n / d
        mid, rad = float(v.mid()), float(v.rad())
        return mid, rad * (1 + 1e-9) + abs(mid) * 2.0 ** -51 + 1e-300
    except ArithmeticError:
        return 0.0, float("inf")
    finally:
        flint.ctx.prec = old
