"""A support's indifference system solved by certified numerics, then rebuilt exactly:
the fast path in front of the Groebner basis (zero_dim.py).

1. Every complex root by homotopy continuation (homotopy.py).
2. Each root certified by the Krawczyk test in complex ball arithmetic (python-flint
   acb): its box holds exactly one root, a nonsingular one. The boxes are pairwise
   disjoint and avoid every coordinate hyperplane.
3. Completeness: the Newton polytope of each equation lies in a product of simplices
   (degree 0 or 1 per block), so the number of isolated roots in the torus (C*)^n is
   at most the mixed volume, which is at most the multihomogeneous Bezout number B
   (Bernstein 1975, Theorem A; mixed volume is monotone). When B certified roots are
   found, the count equals the mixed volume, so by Bernstein's Theorem B (the bound
   is reached only when no facial system has a root in the torus) the system has no
   positive-dimensional set of roots in the torus: the B roots are all of them, and
   every equilibrium of the support (all probabilities positive) is among them.
4. When no root can be a real point of the open simplex passing the float test of
   the outside strategies (with a margin far above the rounding), the support holds
   no equilibrium. Otherwise the roots are rebuilt exactly (rebuild.py) and every
   real one goes to the exact check as before.

Any failure (a path lost, fewer than B certified roots, a rebuild that does not
verify) returns None: the caller then runs the exact path, so nothing is lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from .homotopy import MAX_PATHS, FloatSystem, bezout_number, start_system, track

if TYPE_CHECKING:
    from .support_system import IndifferenceSystem, Support

ExactPoly = dict[tuple[int, ...], Fraction]
KRAWCZYK_SCALE = 1e3        # box radius: this many times the last Newton step (and more)
ATTEMPTS = 2                # homotopies with fresh random start systems before giving up
PRECISE_BITS = 256          # precision for the roots too ill-conditioned for a float box
PRECISE_NEWTON = 4          # Newton steps at that precision before the test


@dataclass(frozen=True)
class Roots:
    """Every root of a system in the torus, certified: midpoints (B, n) and box radii."""

    mids: np.ndarray
    radii: np.ndarray


def exact_polys(system: IndifferenceSystem) -> list[ExactPoly]:
    """The system's polynomials as {exponents: Fraction}."""
    return [{m: Fraction(int(c.numerator), int(c.denominator)) for m, c in p.items()}
            for p in system.polys]


def blocks_of(supports: Support) -> tuple[tuple[int, ...], ...]:
    """Variable indices of each mixing player's block."""
    out = []
    start = 0
    for s in supports:
        k = len(s) - 1
        if k:
            out.append(tuple(range(start, start + k)))
            start += k
    return tuple(out)


def degree_pattern(polys: Sequence[ExactPoly], blocks: tuple[tuple[int, ...], ...]
                   ) -> np.ndarray | None:
    """pattern[e, b]: equation e has degree 1 in block b (None when some degree is
    above 1, or some equation is zero: the fast path does not apply)."""
    pattern = np.zeros((len(polys), len(blocks)), dtype=bool)
    for e, p in enumerate(polys):
        if not p:
            return None
        for b, idx in enumerate(blocks):
            d = max(sum(m[j] for j in idx) for m in p)
            if d > 1:
                return None
            pattern[e, b] = d == 1
    return pattern


def bezout_bound(polys: Sequence[ExactPoly], supports: Support) -> int | None:
    """The multihomogeneous Bezout number of a support's system (capped above
    MAX_PATHS): the most isolated roots it can have in the torus; None when the
    system has no 0/1 degree pattern (a zero equation) or is not square."""
    blocks = blocks_of(supports)
    pattern = degree_pattern(polys, blocks)
    if pattern is None or len(polys) != sum(len(b) for b in blocks):
        return None
    return bezout_number(pattern, [len(b) for b in blocks])


def certified_roots(polys: Sequence[ExactPoly], blocks: tuple[tuple[int, ...], ...],
                    seed: int = 0, min_bound: int = 1,
                    tick: Callable[[], None] = lambda: None) -> Roots | None:
    """All roots in the torus, certified and proved complete; None when not established
    or when the Bezout bound is below `min_bound` (min_bound >= 1)."""
    n = sum(len(b) for b in blocks)
    pattern = degree_pattern(polys, blocks)
    if pattern is None or len(polys) != n:
        return None
    bound = bezout_number(pattern, [len(b) for b in blocks])
    if not min_bound <= bound <= MAX_PATHS:     # (a bound of 0 proves nothing about continua)
        return None
    polys = [_scaled(p) for p in polys]
    fsys = FloatSystem.build([{m: float(c) for m, c in p.items()} for p in polys], n)
    rng = np.random.default_rng(seed)
    for _ in range(ATTEMPTS):
        ends = track(fsys, start_system(blocks, pattern, rng), rng, tick)
        if ends is None or len(ends) != bound:
            continue
        found = _certify(polys, fsys, ends)
        if found is not None and len(found.mids) == bound:
            return found
    return None


def _scaled(p: ExactPoly) -> ExactPoly:
    """p divided by its largest coefficient in absolute value (the same roots; the float
    system and the Krawczyk test then see the same, well-scaled equations)."""
    top = max(abs(c) for c in p.values())
    return {m: c / top for m, c in p.items()}


def _certify(polys: Sequence[ExactPoly], fsys: FloatSystem, ends: np.ndarray) -> Roots | None:
    """Krawczyk boxes around the endpoints; None unless every one certifies, the boxes
    are pairwise disjoint and none meets a coordinate hyperplane. A root too
    ill-conditioned for a float box is refined and certified at higher precision
    (`_precise_box`)."""
    vals, jac = fsys.evaluate(ends)
    try:
        step = np.linalg.solve(jac, -vals[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return None
    mids = ends + step
    scale = 1.0 + np.abs(mids).max(axis=1)
    radii = np.maximum(KRAWCZYK_SCALE * np.abs(step).max(axis=1), 1e-11 * scale)
    if not np.all(np.isfinite(mids)):
        return None
    import flint

    inverses = np.linalg.inv(jac)
    table = _Table(polys, mids.shape[1])
    n = mids.shape[1]
    for k in range(len(mids)):
        if np.isfinite(radii[k]) and radii[k] <= 1e-4 * scale[k] and _krawczyk_acb(
                table, [flint.acb(complex(v)) for v in mids[k]], float(radii[k]),
                flint.acb_mat(n, n, [complex(v) for v in inverses[k].reshape(-1)])):
            continue
        box = _precise_box(polys, table, mids[k])
        if box is None:
            return None
        mids[k], radii[k] = box
    if (np.abs(mids) <= 2 * radii[:, None] + 1e-300).any():
        return None                                   # may meet a coordinate hyperplane
    if not _disjoint(mids, radii):
        return None
    return Roots(mids, radii)


def _precise_box(polys: Sequence[ExactPoly], table: _Table, mid: np.ndarray
                 ) -> tuple[np.ndarray, float] | None:
    """An ill-conditioned root certified at PRECISE_BITS: Newton at that precision from
    the float root, then the Krawczyk test on a box of a few times the last step
    (which, the rounding of the float midpoint included, contains the float box
    returned: (float midpoint, radius)); None when it does not certify."""
    import flint

    from .rebuild import _newton

    old = flint.ctx.prec
    try:
        flint.ctx.prec = PRECISE_BITS
        x = [flint.acb(complex(v)) for v in mid]
        for _ in range(PRECISE_NEWTON):
            x = _newton(polys, x)
        y = _newton(polys, x)
        step = max(float(abs(a - b).upper()) for a, b in zip(x, y))
        size = 1.0 + max(abs(complex(v)) for v in y)
        radius = max(KRAWCZYK_SCALE * step, 2.0 ** -(PRECISE_BITS // 2) * size)
        if not radius <= 1e-8 * size:
            return None
        if not _krawczyk_acb(table, y, radius, table.jacobian(y).inv()):
            return None
        # the float midpoint is off by at most a rounding of each part: widen by it
        fmid = np.array([complex(v) for v in y])
        return fmid, radius + 4.0 * 2.0 ** -52 * size
    except (ZeroDivisionError, ValueError):
        return None
    finally:
        flint.ctx.prec = old


def _disjoint(mids: np.ndarray, radii: np.ndarray) -> bool:
    """The boxes mid +- r (real and imaginary parts) are pairwise disjoint (with a
    margin above the rounding of the differences)."""
    for k in range(len(mids)):
        gap = np.maximum(np.abs(mids[k + 1:].real - mids[k].real),
                         np.abs(mids[k + 1:].imag - mids[k].imag)).max(axis=1) \
            if k + 1 < len(mids) else np.zeros(0)
        need = (radii[k + 1:] + radii[k]) * (1 + 1e-9) + 1e-15 * (1 + np.abs(mids[k]).max())
        if (gap <= need).any():
            return False
    return True


def krawczyk(polys: Sequence[ExactPoly], mid: np.ndarray, radius: float,
             inverse: np.ndarray) -> bool:
    """The Krawczyk test on the box mid +- radius (each coordinate, real and imaginary
    parts) in acb ball arithmetic: K = y - Y f(y) + (I - Y J(X)) (X - y) inside the
    box proves a unique root there, and a nonsingular Jacobian."""
    import flint

    n = len(mid)
    Y = flint.acb_mat(n, n, [complex(v) for v in inverse.reshape(-1)])
    return _krawczyk_acb(_Table(polys, n), [flint.acb(complex(v)) for v in mid], radius, Y)


def _krawczyk_acb(table: _Table, y: Sequence[Any], radius: float, Y: Any) -> bool:
    """The Krawczyk test around the acb midpoint y with the preconditioner Y (any
    matrix: the test is rigorous whatever Y is, and succeeds when Y is near J^-1)."""
    import flint

    n = len(y)
    r = flint.arb(0, radius)
    box = [flint.acb(flint.arb(v.real.mid(), radius), flint.arb(v.imag.mid(), radius))
           for v in y]
    y = [flint.acb(v.real.mid(), v.imag.mid()) for v in y]
    fy = table.values(y)
    jx = table.jacobian(box)
    ident = flint.acb_mat(n, n, [1 if i == j else 0 for i in range(n) for j in range(n)])
    dx = flint.acb_mat(n, 1, [flint.acb(r, r)] * n)
    K = -(Y * fy) + (ident - Y * jx) * dx
    for j in range(n):
        k = K[j, 0]
        if not (abs(k.real).upper() < radius and abs(k.imag).upper() < radius):
            return False
    return True


class _Table:
    """The system and its Jacobian as one monomial table for ball arithmetic: each
    monomial as D indices into [1, x_0, ..., x_n-1] (homotopy._gather), and the exact
    coefficients of the equations and of every partial derivative as acb matrices
    (M, n) and (M, n*n), made at each working precision on demand. Evaluating is then
    M products of D balls and two matrix products in C, not a Python loop per term."""

    def __init__(self, polys: Sequence[ExactPoly], n: int) -> None:
        from .homotopy import _gather, monomial_table

        rows, cols = monomial_table(polys, n)
        self.n = n
        self.gather = _gather(np.array(list(rows), dtype=np.int64).reshape(len(rows), n)).tolist()
        self.cols = cols
        self.by_prec: dict[int, tuple[Any, Any]] = {}

    def _coefs(self) -> tuple[Any, Any]:
        import flint

        prec = flint.ctx.prec
        if prec not in self.by_prec:
            M, n = len(self.gather), self.n
            dense = [[flint.acb(0)] * (n + n * n) for _ in range(M)]
            for col, entries in enumerate(self.cols):
                for row, c in entries.items():
                    dense[row][col] = flint.acb(flint.fmpq(c.numerator, c.denominator))
            self.by_prec[prec] = (flint.acb_mat([r[:n] for r in dense]),
                                  flint.acb_mat([r[n:] for r in dense]))
        return self.by_prec[prec]

    def _monomials(self, x: Sequence[Any]) -> Any:
        import flint

        table = [flint.acb(1), *x]
        out = []
        for idx in self.gather:
            v = table[idx[0]]
            for k in idx[1:]:
                if k:
                    v = v * table[k]
            out.append(v)
        return flint.acb_mat([out])

    def values(self, x: Sequence[Any]) -> Any:
        """f(x) as an (n, 1) acb matrix."""
        return (self._monomials(x) * self._coefs()[0]).transpose()

    def jacobian(self, x: Sequence[Any]) -> Any:
        """J(x) as an (n, n) acb matrix (x may be a box)."""
        import flint

        row = self._monomials(x) * self._coefs()[1]
        n = self.n
        return flint.acb_mat([[row[0, e * n + j] for j in range(n)] for e in range(n)])


def _value(p: ExactPoly, x: Sequence[Any]) -> Any:
    """p at the acb point x."""
    import flint

    total = flint.acb(0)
    for m, c in p.items():
        term = flint.acb(flint.fmpq(c.numerator, c.denominator))
        for j, e in enumerate(m):
            for _ in range(e):
                term *= x[j]
        total += term
    return total


def _partial(p: ExactPoly, j: int, x: Sequence[Any]) -> Any:
    """d p / d x_j at the acb point (or box) x."""
    import flint

    total = flint.acb(0)
    for m, c in p.items():
        if not m[j]:
            continue
        term = flint.acb(flint.fmpq(c.numerator * m[j], c.denominator))
        for i, e in enumerate(m):
            for _ in range(e - 1 if i == j else e):
                term *= x[i]
        total += term
    return total


def fast_points(system: IndifferenceSystem, supports: Support,
                plausible: Callable[[np.ndarray], bool], min_bound: int = 1,
                tick: Callable[[], None] = lambda: None,
                unrebuilt: Callable[[int, list[np.ndarray]], None] = lambda count, inside: None
                ) -> list[tuple] | None:
    """Every real solution of the support's system that can be an equilibrium with
    exactly this support, as exact points (Fractions or Q(alpha) elements), or None
    when the fast path cannot establish the complete answer, or the system's Bezout
    bound is below `min_bound` (small systems: the exact path is cheaper). `plausible(x)` tells
    whether the float point x (free probabilities, all positive) may pass the outside
    strategies; only when some root may, is the exact rebuild run. `tick` is called
    as the work goes (a caller's deadline); `unrebuilt(count, inside)` when every root
    was certified and `count` of them may be equilibria, but their exact rebuild failed
    (the caller then knows that no emptiness test can settle the support): `inside`
    holds the float points of those proven real and inside the open simplex
    (settle.py; the others were neither proven nor refuted). When the rebuild fails
    and every root that looked like an equilibrium is proven not real or outside the
    simplex, the support holds none: []."""
    from .rebuild import exact_points

    polys = exact_polys(system)
    found = certified_roots(polys, blocks_of(supports), min_bound=min_bound, tick=tick)
    if found is None:
        return None
    wanted = np.array([_may_equilibrium(supports, mid, r, plausible)
                       for mid, r in zip(found.mids, found.radii)], dtype=bool)
    if not wanted.any():
        return []
    points = exact_points(polys, found.mids, wanted, tick)
    if points is None:      # settled by interval arithmetic as far as it goes (settle.py)
        from .settle import INSIDE, OUTSIDE, NOT_REAL, settle

        kept = []
        for k in np.flatnonzero(wanted):
            tick()
            where, x = settle(polys, supports, found.mids[k], float(found.radii[k]))
            if where not in (OUTSIDE, NOT_REAL):
                kept.append((where == INSIDE, x))
        if not kept:
            return []           # every root that looked like an equilibrium is none
        unrebuilt(len(kept), [x for inside, x in kept if inside])
    return points


def _may_equilibrium(supports: Support, mid: np.ndarray, radius: float,
                     plausible: Callable[[np.ndarray], bool]) -> bool:
    """The root in the box mid +- radius may be real, inside the open simplex and
    pass the outside strategies (rigorous for the first two; the last in floats)."""
    if (np.abs(mid.imag) > radius).any():
        return False                    # some coordinate's box misses the real line
    x = mid.real
    c = 0
    for s in supports:
        k = len(s) - 1
        if k and (x[c:c + k].min() < -radius or x[c:c + k].sum() > 1 + k * radius):
            return False
        c += k
    return plausible(x)
