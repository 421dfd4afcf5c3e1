"""Whether two points of one sign class lie in one connected piece of it: the
straight segment between them keeps every polynomial's sign.

With three or more players mixing, a sign class of the critical polynomials may
consist of separate pieces with different equilibria (region_split.py), so a solve
may stand for another point of its class only when both lie in one piece. The test
here is sufficient, never wrong in the other direction: along the segment
p + t (q - p) each polynomial is a univariate g(t) with rational coefficients; one
identically zero stays zero, and one of strict sign has no root in [0, 1] when
(1 + s)^n g(1 / (1 + s)) shows no sign change in its coefficients (Descartes' rule,
on the halves of the segment in turn when it shows some). A "no" costs a solve, not
a wrong answer.

python-flint is imported inside functions.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Generic, Hashable, TypeVar

import numpy as np

from ..numbers import Exact, SymExpr

Terms = tuple[tuple[tuple[int, ...], Fraction], ...]   # monomial exponents, coefficient
P = TypeVar("P")
V = TypeVar("V")

PIECES = 8          # connected pieces of one sign vector told apart (then: solve alone)
DEPTH = 4           # halvings of the segment before a sign change found is believed


def may_split(shape: Sequence[int]) -> bool:
    """Whether one sign vector may hold pieces with different equilibria: some support
    system may be nonlinear, as three or more players have two strategies or more
    (with two, each mixing player's indifference is linear in the other's
    probabilities: region_split.py)."""
    return sum(1 for m in shape if m > 1) >= 3


def terms_of(poly: SymExpr, syms: Sequence[SymExpr]) -> Terms:
    """A sympy polynomial's exact terms in the symbols `syms`."""
    import sympy
    p = sympy.Poly(poly, *syms)
    return tuple((tuple(int(k) for k in mono), Fraction(int(c.p), int(c.q)))
                 for mono, c in p.terms())


def one_piece(polys: Sequence[Terms], p: Sequence[Fraction], q: Sequence[Fraction]) -> bool:
    """Whether every polynomial keeps its sign at p (strict, or zero) along the whole
    segment from p to q, two points with one sign vector of them (then both lie in
    one connected piece of their sign class). False when that is not proved. A
    polynomial of degree one is skipped: with one sign at both ends it keeps it."""
    polys = curved(polys)
    if not polys or tuple(p) == tuple(q):
        return True
    import flint
    lines = [flint.fmpq_poly([_q(a), _q(b - a)]) for a, b in zip(p, q)]
    powers: dict[tuple[int, int], Any] = {}

    def power(i: int, k: int) -> Any:
        if (i, k) not in powers:
            powers[i, k] = lines[i] ** k
        return powers[i, k]

    for terms in polys:
        g = flint.fmpq_poly(0)
        for mono, c in terms:
            t = flint.fmpq_poly([_q(c)])
            for i, k in enumerate(mono):
                if k:
                    t *= power(i, k)
            g += t
        if not _keeps_sign(g):
            return False
    return True


def _q(x: Fraction) -> Any:
    import flint
    return flint.fmpq(x.numerator, x.denominator)


def _keeps_sign(g: Any, depth: int = DEPTH) -> bool:
    """g identically zero, or of one strict sign on [0, 1] (proved)."""
    import flint
    if g.is_zero():
        return True
    at0, at1 = g(flint.fmpq(0)), g(flint.fmpq(1))
    if at0 == 0 or at1 == 0 or (at0 > 0) != (at1 > 0):
        return False
    if g.degree() <= 0 or _no_root_inside(g):
        return True
    if depth == 0:
        return False
    half = flint.fmpq(1, 2)
    left = g(flint.fmpq_poly([0, half]))
    right = g(flint.fmpq_poly([half, half]))
    return _keeps_sign(left, depth - 1) and _keeps_sign(right, depth - 1)


def _no_root_inside(g: Any) -> bool:
    """Descartes' rule on (1 + s)^n g(1 / (1 + s)): no sign change, no root in (0, 1)."""
    import flint
    n = g.degree()
    coeffs = g.coeffs()
    one_plus = flint.fmpq_poly([1, 1])
    h = flint.fmpq_poly(0)
    for k, c in enumerate(coeffs):
        if c != 0:
            h += c * one_plus ** (n - k)
    signs = [c > 0 for c in h.coeffs() if c != 0]
    return all(s == signs[0] for s in signs)


ROUNDING = 1e-12    # relative bound on the float coefficients' error (far above it)


def joined_floats(polys: Sequence[Terms], p: np.ndarray, qs: np.ndarray,
                  rounded: bool = True) -> np.ndarray:
    """For many points at once (`qs`: one row per coordinate, one column per point, of
    the sign vector of `p`), whether Descartes' rule proves in floats that every
    polynomial keeps its sign from p to the point. The coefficients of
    (1 + s)^n g(1 / (1 + s)) are computed with a bound on their error: ROUNDING of the
    sum of their terms' magnitudes, plus what the points' own rounding can change
    (`rounded`: the floats are the exact points rounded, each within 2^-53 of its
    size; otherwise they are the points). A point counts only when every coefficient
    is farther from zero than its bound and all share one sign; the others are for
    `one_piece`."""
    m = qs.shape[1]
    ok = np.ones(m, dtype=bool)
    p = np.asarray(p, dtype=float)
    d = qs - p[:, None]
    eps = 2.0 ** -52 if rounded else 0.0
    dp = np.abs(p) * (1 + eps)
    dd = np.abs(d) + eps * (np.abs(p)[:, None] + np.abs(qs))     # d's error bound added
    for terms in polys:
        h, plain = _descartes(terms, p, d, np.abs(p), np.abs(d), m)
        _, wide = _descartes(terms, p, d, dp, dd, m)
        sure = np.ones(m, dtype=bool)
        pos, neg = np.zeros(m, dtype=bool), np.zeros(m, dtype=bool)
        for x, y, z in zip(h, plain, wide):
            sure &= np.abs(x) > (z - y) + ROUNDING * z + 1e-300
            pos |= x > 0
            neg |= x < 0
        ok &= sure & ~(pos & neg)
    return ok


def _descartes(terms: Terms, p: np.ndarray, d: np.ndarray, ap: np.ndarray, ad: np.ndarray,
               m: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The coefficients of (1 + s)^n g(1 / (1 + s)), g(t) the polynomial on p + t d
    (floats, m points), and the same with every coefficient and coordinate by its
    magnitude (`ap`, `ad`): the sums of the terms' magnitudes."""
    deg = max(sum(mono) for mono, _ in terms)
    g = [np.zeros(m) for _ in range(deg + 1)]
    mag = [np.zeros(m) for _ in range(deg + 1)]
    for mono, c in terms:
        coef, size = [np.full(m, float(c))], [np.full(m, abs(float(c)) * (1 + 2.0 ** -52))]
        for i, k in enumerate(mono):
            for _ in range(k):      # times (p_i + t d_i)
                coef = _times(coef, float(p[i]), d[i])
                size = _times(size, float(ap[i]), ad[i])
        for j, (x, y) in enumerate(zip(coef, size)):
            g[j] += x
            mag[j] += y
    h = [_combined(g, deg, k) for k in range(deg + 1)]
    hm = [_combined(mag, deg, k) for k in range(deg + 1)]
    return h, hm


def _combined(g: list[np.ndarray], deg: int, k: int) -> np.ndarray:
    """The coefficient of s^k in sum_j g_j (1 + s)^(deg - j)."""
    out = np.zeros_like(g[0])
    for j in range(deg + 1):
        out = out + math.comb(deg - j, k) * g[j]
    return out


def _times(coef: list[np.ndarray], a: float, b: np.ndarray) -> list[np.ndarray]:
    """The coefficients (in t) of a polynomial times (a + b t)."""
    out = [x * a for x in coef] + [np.zeros_like(b)]
    for j, x in enumerate(coef):
        out[j + 1] = out[j + 1] + x * b
    return out


def curved(polys: Sequence[Terms]) -> list[Terms]:
    """The polynomials of degree two or more (on a segment between two points of one
    sign vector a linear one keeps its sign)."""
    return [t for t in polys if any(sum(mono) > 1 for mono, _ in t)]


class Pieces(Generic[P, V]):
    """Answers remembered per sign vector, each at the point it was found: a point
    takes the answer of a remembered point with its signs that `joins` proves in one
    piece with it (None when there is none). At most PIECES points per vector."""

    def __init__(self, joins: Callable[[P, P], bool]) -> None:
        self.joins = joins
        self._seen: dict[Hashable, list[tuple[P, V]]] = {}

    def get(self, signs: Hashable, point: P) -> V | None:
        for at, value in self._seen.get(signs, ()):
            if self.joins(at, point):
                return value
        return None

    def put(self, signs: Hashable, point: P, value: V) -> None:
        seen = self._seen.setdefault(signs, [])
        if len(seen) < PIECES:
            seen.append((point, value))


def shift(p: Sequence[Exact], q: Sequence[Exact]) -> tuple[Fraction, ...] | None:
    """q - p when it is rational, found without arithmetic on algebraic numbers: each
    coordinate rational in both, or the same number in both (None otherwise)."""
    out = []
    for a, b in zip(p, q):
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            out.append(b - a)
        elif a is b or (not isinstance(a, Fraction) and not isinstance(b, Fraction)
                        and a == b):
            out.append(Fraction(0))
        else:
            return None
    return tuple(out)


def descartes_polys(terms: Terms, d: Sequence[Fraction], syms: Sequence[SymExpr]
                    ) -> list[SymExpr]:
    """The coefficients of (1 + s)^n g(1 / (1 + s)), g(t) = f(x + t d), as sympy
    polynomials in x (f given by its terms, d a rational direction): their signs at a
    point p decide, by Descartes' rule, that f keeps its sign from p to p + d."""
    import sympy
    t = sympy.Symbol("t")
    f = sum((sympy.Rational(c.numerator, c.denominator) *
             sympy.Mul(*[(x + t * sympy.Rational(v.numerator, v.denominator)) ** k
                         for x, v, k in zip(syms, d, mono)])
             for mono, c in terms), sympy.Integer(0))
    g = sympy.Poly(sympy.expand(f), t)
    n = g.degree()
    coeffs = [g.coeff_monomial(t ** j) for j in range(n + 1)]
    return [sympy.expand(sum((math.comb(n - j, k) * coeffs[j] for j in range(n + 1)),
                             sympy.Integer(0))) for k in range(n + 1)]
