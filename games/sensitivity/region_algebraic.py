"""A region map's cells whose points are all irrational, solved exactly at an
algebraic sample point.

A curve without a rational point (a*a + b*b = 3), a curve piece over a slab where it
has none, or a crossing of two curves at an irrational a: every point of such a cell
has an irrational coordinate, so the game there has irrational payoffs and the
rational solvers cannot take it. Here the point's coordinates are put in one number
field K = Q(theta) (theta real algebraic: its minimal polynomial and a certified arb
ball, sensitivity/algebraic.py; a point with two irrational coordinates through
sympy's primitive element), every payoff is evaluated in K (elements are python-flint
rational polynomials reduced modulo theta's minimal polynomial; a value is zero
exactly when the remainder is, its sign otherwise is read off arb balls refined until
it is certain), and the game is solved in K:

- two players: every extreme equilibrium is a completely labelled pair of vertices of
  the two best-response polytopes {x >= 0, B'x <= 1} and {y >= 0, Ay <= 1} (payoffs
  shifted positive), in degenerate games too (on a boundary curve the game usually is
  degenerate: that is why the curve is a boundary). Each vertex is the solution of one
  square system of tight constraints, by exact elimination in K;
- every equilibrium found is checked directly: no pure strategy of any player earns
  more than the equilibrium payoff, exactly in K.

The structure (supports and their counts) needs only K; the equilibria as exact
numbers (radicals, CRootOf: games.solvers.algebraic's forms) are built when a region
needs them. Games of 3 or more players are solved by region_nplayer.py (support
enumeration over K); best-response polytopes with more than VERTEX_BASES candidate
bases are refused with the limit named (`Refused`).

python-flint and sympy are imported inside functions.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import TYPE_CHECKING, Any, cast

from ..equilibrium import Equilibrium, EquilibriumSet
from ..numbers import Exact, is_rational, to_fraction

if TYPE_CHECKING:
    import numpy as np
    from flint import fmpq_poly

    from ..model import Player

    from ..numbers import SymExpr
    from ..solvers.algebraic import FieldElement
    from .algebraic import RealRoot
    from .region_nplayer import NPlayerEquilibria
    from .thresholds import Structure

VERTEX_BASES = 20_000     # candidate bases of one best-response polytope, at most


class Refused(ValueError):
    """The cell cannot be solved here; the message names the limit."""


# ------------------------------------------------------------------ the field Q(theta)

class Field:
    """Q(theta) for a real algebraic theta: elements are flint fmpq_polys of degree
    below theta's; zero is decided by the exact remainder, signs on arb balls."""

    def __init__(self, root: RealRoot | None) -> None:
        import flint
        self.root = root
        self.m = flint.fmpq_poly(root.m) if root is not None else flint.fmpq_poly([0, 1])
        self._exact: Any = None

    def const(self, x: Fraction | int) -> fmpq_poly:
        import flint
        x = Fraction(x)
        return flint.fmpq_poly([flint.fmpq(x.numerator, x.denominator)])

    def gen(self) -> fmpq_poly:
        """theta itself."""
        import flint
        return flint.fmpq_poly([0, 1]) % self.m

    def mul(self, x: fmpq_poly, y: fmpq_poly) -> fmpq_poly:
        return (x * y) % self.m

    def horner(self, coeffs: Sequence[fmpq_poly], t: fmpq_poly) -> fmpq_poly:
        """The polynomial with these coefficients (elements, constant first) at t."""
        out = self.const(0)
        for c in reversed(coeffs):
            out = self.mul(out, t) + c
        return out

    def inv(self, x: fmpq_poly) -> fmpq_poly:
        """1/x (ZeroDivisionError for 0): from x*s + m*t = 1 (m irreducible)."""
        if x == 0:
            raise ZeroDivisionError("inverse of zero in a number field")
        if x.degree() == 0:
            return 1 / x
        g, s, _ = x.xgcd(self.m)
        return (s / g) % self.m

    def sign(self, x: fmpq_poly) -> int:
        if x == 0:
            return 0
        if x.degree() == 0 or self.root is None:
            c = x[0]
            return (c > 0) - (c < 0)
        return self.root.sign(x)

    def exact(self, x: fmpq_poly) -> Exact:
        """x as a games.numbers value: a Fraction, or a radical / CRootOf (the forms of
        games.solvers.algebraic)."""
        if x.degree() <= 0:
            return _rational(x)
        return self.element(x).to_exact()

    def element(self, x: fmpq_poly) -> FieldElement:
        """x as an element of games.solvers.algebraic's Q(alpha) (alpha = theta)."""
        if self._exact is None:
            from ..solvers import algebraic as alg
            assert self.root is not None
            lo, hi = self.root.bounds(128)
            coeffs = [Fraction(int(c)) for c in self.root.m.coeffs()]
            self._exact = alg.RealRoot(coeffs, lo, hi)
        return self._exact.element([Fraction(int(c.p), int(c.q)) for c in x.coeffs()])


def _rational(x: Any) -> Fraction:
    """A constant flint fmpq_poly as a Fraction."""
    if x == 0:
        return Fraction(0)
    c = x[0]
    return Fraction(int(c.p), int(c.q))


@dataclass(frozen=True)
class AlgebraicPoint:
    """A point (a, b) with coordinates in one number field: each coordinate as an
    element of `field` (flint fmpq_poly in theta), and as given (sympy numbers)."""

    field: Field
    a: Any
    b: Any
    given: tuple[Exact, Exact]


def point_in_field(a: Exact, b: Exact) -> AlgebraicPoint:
    """The point's coordinates in one number field Q(theta): theta is the irrational
    coordinate, or with two, sympy's primitive element of both (Refused when the
    roots cannot be told apart at the highest precision)."""
    from .algebraic import RealRoot
    a, b = (to_fraction(x) if is_rational(x) else x for x in (a, b))
    irr = [x for x in (a, b) if not is_rational(x)]
    try:
        if not irr:
            f = Field(None)
            return AlgebraicPoint(f, f.const(to_fraction(a)), f.const(to_fraction(b)), (a, b))
        if len(irr) == 1:
            f = Field(RealRoot.from_sympy(cast("SymExpr", irr[0])))
            pa, pb = (f.gen() if not is_rational(x) else f.const(to_fraction(x))
                      for x in (a, b))
            return AlgebraicPoint(f, pa, pb, (a, b))
        return _two_irrational(a, b)
    except ArithmeticError as exc:
        raise Refused(f"the point ({a}, {b}) cannot be isolated: {exc}") from None


def _rational_if(x: Exact) -> Exact:
    """x as a Fraction when it is rational though written otherwise (a crossing's
    coordinate built as an unsimplified expression), by its minimal polynomial."""
    if is_rational(x):
        return to_fraction(x)
    import sympy
    z = sympy.Dummy("z")
    mp = sympy.Poly(sympy.minimal_polynomial(x, z), z)
    if mp.degree() == 1:
        c1, c0 = mp.all_coeffs()
        return to_fraction(-c0 / c1)
    return x


def _two_irrational(a: Exact, b: Exact) -> AlgebraicPoint:
    """a irrational, b not known rational: b in Q(a) where it is (a crossing on a
    curve's graph b = num(a)/den(a), the usual case: by substitution, else by an
    integer relation), else theta = c1*a + c2*b, sympy's primitive element."""
    from .algebraic import RealRoot
    f = Field(RealRoot.from_sympy(cast("SymExpr", a)))
    y = _substituted(f, a, b)
    if y is not None:
        return AlgebraicPoint(f, f.gen(), y, (a, b))
    b = _rational_if(b)         # an unsimplified rational, found by its minimal polynomial
    if is_rational(b):
        return AlgebraicPoint(f, f.gen(), f.const(to_fraction(b)), (a, b))
    y = _element_for(f, a, b)
    if y is not None:
        return AlgebraicPoint(f, f.gen(), y, (a, b))
    return _primitive(a, b)


def element_of(K: Field, x: Exact, y: Exact) -> fmpq_poly | None:
    """y as an element of K = Q(x) (x irrational, K's generator): by substitution,
    as a rational, or by a certified integer relation; None when none is found."""
    got = _substituted(K, x, y)
    if got is not None:
        return got
    y = _rational_if(y)
    if is_rational(y):
        return K.const(to_fraction(y))
    return _element_for(K, x, y)


def _substituted(K: Field, x: Exact, y: Exact) -> fmpq_poly | None:
    """y as an element of K = Q(x) when y is written as a rational function of the
    one algebraic number x is written with (x itself, a CRootOf, or a square root
    sqrt(D) with x = r + s*sqrt(D)): substituted exactly, no minimal polynomial of y
    needed (a crossing's b = num(x)/den(x), as the decomposition builds it). None
    otherwise."""
    import sympy
    gens = set(cast("SymExpr", y).atoms(sympy.CRootOf)) | {
        p for p in cast("SymExpr", y).atoms(sympy.Pow) if p.exp == sympy.Rational(1, 2)}
    if len(gens) != 1:
        return None
    g = gens.pop()
    u = sympy.Dummy("u")
    try:
        xu = sympy.Poly(sympy.sympify(x).subs(g, u), u, domain="QQ")
        num, den = (sympy.Poly(e, u, domain="QQ") for e in
                    sympy.together(sympy.sympify(y).subs(g, u)).as_numer_denom())
    except (sympy.PolynomialError, sympy.CoercionFailed):
        return None
    if xu.degree() != 1:
        return None
    s_, r_ = (to_fraction(c) for c in xu.all_coeffs())
    gen = K.mul(K.gen() - K.const(r_), K.const(1 / s_))      # g = (x - r)/s

    def at(P: Any) -> fmpq_poly:
        return K.horner([K.const(to_fraction(c)) for c in reversed(P.all_coeffs())], gen)
    d = at(den)
    return None if d == 0 else K.mul(at(num), K.inv(d))


def _element_for(K: Field, x: Exact, y: Exact) -> Any:
    """y as an element of K = Q(x), or None when it is not one (or not found): a
    candidate from an integer relation between y and the powers of x (mpmath's PSLQ
    at 250 digits), accepted only when it is exactly a root of y's minimal polynomial
    inside y's certified isolating ball (so it is y)."""
    import flint
    import mpmath
    import sympy

    from .algebraic import RealRoot
    assert K.root is not None
    d = K.m.degree()
    from .robust_work import charge_search
    steps = charge_search(d, 20_000)    # counted in a robustness search (robust_work.py)
    with mpmath.workdps(250):
        xv, yv = (mpmath.mpf(sympy.N(v, 250)) for v in (x, y))
        try:
            rel = mpmath.pslq([yv] + [xv ** k for k in range(d)], maxcoeff=10 ** 40,
                              maxsteps=steps)
        except ValueError:      # a zero entry: y is rational, handled before
            rel = None
    if rel is None or rel[0] == 0:
        return None
    cand = flint.fmpq_poly([flint.fmpq(-int(c), int(rel[0])) for c in rel[1:]]) % K.m
    return cand if is_root(K, cand, RealRoot.from_sympy(cast("SymExpr", y))) else None


def is_root(K: Field, x: fmpq_poly, y: RealRoot) -> bool:
    """Whether the element x of K is the real algebraic number y, exactly: y's minimal
    polynomial vanishes at x (an exact remainder) and x lies strictly inside y's
    isolating ball, where that polynomial has no other root."""
    if K.horner([K.const(int(c)) for c in y.m.coeffs()], x) != 0:
        return False
    lo, hi = y.bounds(128)
    return K.sign(x - K.const(lo)) > 0 and K.sign(K.const(hi) - x) > 0


def _primitive(a: Exact, b: Exact) -> AlgebraicPoint:
    """theta = c1*a + c2*b generating Q(a, b) (sympy's primitive element)."""
    import flint
    import sympy
    from sympy.polys.numberfields import primitive_element

    from .algebraic import RealRoot
    z = sympy.Dummy("z")
    try:
        mp, (c1, c2), reps = primitive_element([a, b], z, ex=True)
    except (sympy.polys.polyerrors.PolynomialError, NotImplementedError, ValueError) as exc:
        raise Refused(f"no common number field found for the point ({a}, {b}): "
                      f"{exc}") from None
    coeffs = [int(c) for c in reversed(sympy.Poly(mp, z).all_coeffs())]
    theta = c1 * a + c2 * b
    f = Field(RealRoot(flint.fmpz_poly(coeffs), float(sympy.re(sympy.N(theta, 40)))))

    def elem(rep: Any) -> Any:
        vals = [Fraction(int(sympy.Rational(c).p), int(sympy.Rational(c).q))
                for c in reversed(rep)]
        return flint.fmpq_poly([flint.fmpq(v.numerator, v.denominator) for v in vals]) % f.m

    return AlgebraicPoint(f, elem(reps[0]), elem(reps[1]), (a, b))


def canonical_point(pt: AlgebraicPoint) -> tuple[Exact, Exact]:
    """The point in canonical exact form (Fractions, radicals, CRootOf: the forms of
    games.solvers.algebraic), however it was written when given."""
    a, b = pt.given
    if is_rational(a) or is_rational(b):        # a section's point: already canonical
        return (a, b)
    K = pt.field                                # a crossing: b built as an expression
    return (K.exact(pt.a), K.exact(pt.b))


# ------------------------------------------------------------------ payoffs in K

def evaluate(expr: SymExpr, syms: Sequence[SymExpr], pt: AlgebraicPoint) -> fmpq_poly:
    """A payoff expression (sympy, in the two parameters: polynomials, quotients,
    min/max/abs) at the point, as an element of its field."""
    return value_in(expr, pt.field, {syms[0]: pt.a, syms[1]: pt.b})


def value_in(expr: SymExpr, K: Field, table: Mapping[SymExpr, fmpq_poly]) -> fmpq_poly:
    """A payoff expression (sympy: polynomials, quotients, min/max/abs) with each
    parameter symbol replaced by its element of K (`table`), as an element of K."""
    import sympy
    if expr.is_Rational:
        return K.const(to_fraction(expr))
    if expr in table:
        return table[expr]
    if isinstance(expr, sympy.Add):
        total = K.const(0)
        for t in expr.args:
            total = total + value_in(t, K, table)
        return total
    if isinstance(expr, sympy.Mul):
        prod = K.const(1)
        for t in expr.args:
            prod = K.mul(prod, value_in(t, K, table))
        return prod
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        base = value_in(expr.base, K, table)
        e = int(expr.exp)
        if e < 0:
            base, e = K.inv(base), -e
        out = K.const(1)
        for _ in range(e):
            out = K.mul(out, base)
        return out
    if isinstance(expr, (sympy.Min, sympy.Max)):
        vals = [value_in(cast("SymExpr", t), K, table) for t in expr.args]
        pick = min if isinstance(expr, sympy.Min) else max     # by exact signs in K

        def order(x: Any, y: Any) -> int:
            return K.sign(x - y)
        return pick(vals, key=functools.cmp_to_key(order))
    if isinstance(expr, sympy.Abs):
        v = value_in(expr.args[0], K, table)
        return -v if K.sign(v) < 0 else v
    raise Refused(f"a payoff of the form {type(expr).__name__} cannot be evaluated at "
                  f"an algebraic point")


# ------------------------------------------------------------------ 2 players in K

@dataclass(frozen=True)
class _Vertex:
    point: tuple[Any, ...]          # coordinates in K (not normalized)
    labels: frozenset[int]


@dataclass(frozen=True)
class FieldEquilibria:
    """The extreme equilibria of a 2-player game at an algebraic point, in K."""

    point: AlgebraicPoint
    profiles: tuple[tuple[tuple[Any, ...], ...], ...]    # per equilibrium, per player
    payoffs: tuple[tuple[Any, ...], ...]

    def structure(self) -> Structure:
        """Supports with their counts (thresholds.structure's form)."""
        return structure_of(self.profiles)

    def exact_point(self) -> tuple[Exact, Exact]:
        """The point in canonical exact form."""
        return canonical_point(self.point)

    def equilibrium_set(self, players: Sequence[Player] = ()) -> EquilibriumSet:
        """The equilibria as exact numbers (Fractions, radicals, CRootOf)."""
        K = self.point.field
        eqs = [Equilibrium(tuple(tuple(K.exact(p) for p in row) for row in prof),
                           tuple(K.exact(v) for v in pay), players=tuple(players))
               for prof, pay in zip(self.profiles, self.payoffs)]
        eqs.sort(key=lambda e: e.key())
        return EquilibriumSet(tuple(eqs), "support enumeration at an algebraic point "
                              "(vertex pairs of the best-response polytopes, exact in "
                              "Q(theta))", degenerate=True, players=tuple(players))


def structure_of(profiles: Sequence[Sequence[Sequence[fmpq_poly]]]) -> Structure:
    """The supports of profiles in K with their counts (thresholds.structure's form)."""
    counts: dict[tuple, int] = {}
    for prof in profiles:
        sup = tuple(tuple(j for j, p in enumerate(row) if p != 0) for row in prof)
        counts[sup] = counts.get(sup, 0) + 1
    return tuple(sorted(counts.items()))


def solve_at_point(U: np.ndarray, syms: Sequence[SymExpr], a: Exact, b: Exact
                   ) -> FieldEquilibria | NPlayerEquilibria:
    """Every extreme equilibrium of the game with payoffs U (sympy, in the two
    parameters) at the exact point (a, b), each checked directly; with 3 or more
    players every isolated one (region_nplayer.py). Refused beyond VERTEX_BASES, and
    where region_nplayer refuses."""
    if U.shape[0] != 2:
        from .region_nplayer import solve_n_players
        return solve_n_players(U, syms, point_in_field(a, b))
    _within_limits(U)
    pt = point_in_field(a, b)
    profiles, payoffs = field_equilibria(U, pt.field, {syms[0]: pt.a, syms[1]: pt.b})
    return FieldEquilibria(pt, profiles, payoffs)


Profiles = tuple[tuple[tuple["fmpq_poly", ...], ...], ...]   # per equilibrium, per player


def field_equilibria(U: np.ndarray, K: Field, table: Mapping[SymExpr, fmpq_poly]
                     ) -> tuple[Profiles, tuple[tuple[fmpq_poly, ...], ...]]:
    """The extreme equilibria (profiles, payoffs: elements of K) of the 2-player game
    with payoffs U (sympy) at the point whose parameters have the elements `table`
    of K, each checked directly. Refused for 3+ players and beyond VERTEX_BASES."""
    _within_limits(U)
    m, n = U.shape[1], U.shape[2]
    A = [[value_in(U[0, i, j], K, table) for j in range(n)] for i in range(m)]
    B = [[value_in(U[1, i, j], K, table) for j in range(n)] for i in range(m)]
    return field_bimatrix(K, A, B)


def field_bimatrix(K: Field, A: list[list[fmpq_poly]], B: list[list[fmpq_poly]]
                   ) -> tuple[Profiles, tuple[tuple[fmpq_poly, ...], ...]]:
    """The extreme equilibria (profiles, payoffs) of the bimatrix game (A, B) whose
    entries are elements of K, each checked directly (a tree's local game at an
    algebraic point too: games.tree.field_subgames). Refused beyond VERTEX_BASES."""
    m, n = len(A), len(A[0])
    if comb(m + n, min(m, n)) > VERTEX_BASES:
        raise Refused(f"a {m}x{n} game has {comb(m + n, m):,} candidate vertex bases, "
                      f"more than the limit of {VERTEX_BASES:,} at an algebraic point")
    sa, sb = _shift(K, A), _shift(K, B)
    Ap = [[x + K.const(sa) for x in row] for row in A]
    Bp = [[x + K.const(sb) for x in row] for row in B]
    # x: labels i (x_i = 0) and m + j ((B'x)_j = 1); y: labels m + j (y_j = 0), i ((Ay)_i = 1)
    xs = _vertices(K, m, [([K.const(-1) if k == i else K.const(0) for k in range(m)],
                           K.const(0), i) for i in range(m)]
                   + [([Bp[i][j] for i in range(m)], K.const(1), m + j) for j in range(n)])
    ys = _vertices(K, n, [([K.const(-1) if k == j else K.const(0) for k in range(n)],
                           K.const(0), m + j) for j in range(n)]
                   + [(list(Ap[i]), K.const(1), i) for i in range(m)])
    everything = frozenset(range(m + n))
    profiles, payoffs = [], []
    for vx in xs:
        for vy in ys:
            if vx.labels | vy.labels != everything:
                continue
            tx, ty = _total(K, vx.point), _total(K, vy.point)
            ix, iy = K.inv(tx), K.inv(ty)
            prof = (tuple(K.mul(c, ix) for c in vx.point), tuple(K.mul(c, iy) for c in vy.point))
            pay = (iy - K.const(sa), ix - K.const(sb))
            _check(K, A, B, prof, pay)
            profiles.append(prof)
            payoffs.append(pay)
    return tuple(profiles), tuple(payoffs)


def _within_limits(U: np.ndarray) -> None:
    """Refused unless a 2-player game within VERTEX_BASES candidate bases."""
    if U.shape[0] != 2:
        raise Refused(f"points whose coordinates are all irrational are solved for "
                      f"2-player games; this game has {U.shape[0]} players")
    m, n = U.shape[1], U.shape[2]
    if comb(m + n, min(m, n)) > VERTEX_BASES:
        raise Refused(f"a {m}x{n} game has {comb(m + n, m):,} candidate vertex bases, "
                      f"more than the limit of {VERTEX_BASES:,} at an algebraic point")


def _shift(K: Field, M: list[list[Any]]) -> Fraction:
    """A rational c with every entry + c > 0 (exact signs)."""
    lo = min(_lower(K, x) for row in M for x in row)
    return 1 - lo if lo <= 0 else Fraction(0)


def _lower(K: Field, x: Any) -> Fraction:
    """A rational lower bound of x (an integer at most x)."""
    if x.degree() <= 0:
        return _rational(x)
    import math
    t = K.root.approx if K.root is not None else 0.0
    guess = Fraction(math.floor(sum(float(c) * t ** k for k, c in enumerate(x.coeffs()))) - 1)
    while K.sign(x - K.const(guess)) < 0:
        guess -= abs(guess) + 1
    return guess


def _total(K: Field, v: Sequence[Any]) -> Any:
    total = K.const(0)
    for c in v:
        total = total + c
    return total


def _vertices(K: Field, dim: int, cons: list[tuple[list[Any], Any, int]]) -> list[_Vertex]:
    """Every vertex of {z : row . z <= rhs for each constraint} other than 0, with
    the labels of its tight constraints: one square system per choice of `dim`
    constraints made tight, solved exactly in K, kept when feasible."""
    found: dict[tuple[str, ...], _Vertex] = {}
    for chosen in itertools.combinations(range(len(cons)), dim):
        z = _solve(K, [list(cons[k][0]) for k in chosen], [cons[k][1] for k in chosen])
        if z is None or all(c == 0 for c in z):
            continue
        key = tuple(str(c) for c in z)
        if key in found:
            continue
        tight = []
        feasible = True
        for row, rhs, label in cons:
            s = K.sign(_dot(K, row, z) - rhs)
            if s > 0:
                feasible = False
                break
            if s == 0:
                tight.append(label)
        if feasible:
            found[key] = _Vertex(tuple(z), frozenset(tight))
    return list(found.values())


def _dot(K: Field, row: Sequence[Any], z: Sequence[Any]) -> Any:
    total = K.const(0)
    for r, c in zip(row, z):
        if r != 0 and c != 0:
            total = total + K.mul(r, c)
    return total


def _solve(K: Field, M: list[list[Any]], rhs: list[Any]) -> list[Any] | None:
    """The solution of the square system M z = rhs in K (Gauss-Jordan, exact zero
    tests), None when M is singular."""
    n = len(M)
    rows = [M[i] + [rhs[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if piv is None:
            return None
        rows[col], rows[piv] = rows[piv], rows[col]
        inv = K.inv(rows[col][col])
        rows[col] = [K.mul(x, inv) for x in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [x - K.mul(f, y) for x, y in zip(rows[r], rows[col])]
    return [rows[i][n] for i in range(n)]


def _check(K: Field, A: list[list[Any]], B: list[list[Any]],
           prof: tuple[tuple[Any, ...], ...], pay: tuple[Any, Any]) -> None:
    """The direct check: probabilities nonnegative summing to 1, and no pure strategy
    of either player earning more than its equilibrium payoff (exactly, in K).
    ArithmeticError otherwise (never expected: the vertices were solved exactly)."""
    x, y = prof
    m, n = len(x), len(y)
    for probs in prof:
        if any(K.sign(p) < 0 for p in probs) or _total(K, probs) != K.const(1):
            raise ArithmeticError("not a mixed profile")
    rows = [_dot(K, A[i], y) for i in range(m)]
    cols = [_dot(K, [B[i][j] for i in range(m)], x) for j in range(n)]
    for vals, probs, v in ((rows, x, pay[0]), (cols, y, pay[1])):
        if _dot(K, vals, probs) != v or any(K.sign(u - v) > 0 for u in vals):
            raise ArithmeticError("not an equilibrium at the algebraic point")
