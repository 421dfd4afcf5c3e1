"""Real algebraic numbers with python-flint: exact signs of polynomials at an
irrational root, without sympy's algebraic-number arithmetic.

A real algebraic number x is held as its minimal polynomial m (irreducible over the
integers) and a certified enclosure (an arb ball from flint's complex root
isolation, refined on demand). A polynomial P with rational coefficients vanishes
at x exactly when m divides P (m is irreducible), which is one exact remainder;
otherwise its sign is read off an interval evaluation at growing precision, which
must end because P(x) is not zero. The region decomposition uses this on the lines
a = x through irrational roots (curve crossings there) and for irrational roots in
b over rational a, where sympy's algebraic numbers cost seconds per point.

python-flint and sympy are imported inside functions.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from flint import arb, fmpq_poly, fmpz_mpoly, fmpz_poly

    from ..numbers import SymExpr

PRECISIONS = (64, 128, 256, 512, 1024, 4096, 16384)


class RealRoot:
    """A real algebraic number: minimal polynomial and a certified enclosure."""

    def __init__(self, minpoly: fmpz_poly, approx: float, index: int | None = None) -> None:
        self.m = minpoly                    # flint.fmpz_poly, irreducible
        self.approx = approx
        self.index = index                  # rank among m's real roots, when known
        self._balls: dict[int, Any] = {}
        self._sympy: Any = None

    def __repr__(self) -> str:
        return f"RealRoot({self.m}, ~{self.approx:.6g})"

    def sympy(self) -> SymExpr:
        """The root as a sympy number: radicals for a quadratic, else CRootOf."""
        if self._sympy is None:
            import sympy
            z = sympy.Symbol("z")
            expr = sum(int(c) * z ** k for k, c in enumerate(self.m.coeffs()))
            if self.m.degree() == 2:
                roots = sorted(sympy.roots(expr, z), key=lambda r: float(r))
                self._sympy = min(roots, key=lambda r: abs(float(r) - self.approx))
            else:
                if self.index is None:
                    self.index = sorted(self._reals(128), key=lambda r: float(r.mid())).index(
                        self.ball(128))
                self._sympy = sympy.CRootOf(expr, self.index)
        return self._sympy

    def bounds(self, prec: int) -> tuple[Fraction, Fraction]:
        """Rational lower and upper bounds of the root at `prec` bits: the ball's
        exact ends, midpoint -+ radius (dyadic rationals). Not arb's lower() and
        upper(), which round to flint's working precision (53 bits by default): such
        bounds stop shrinking at about 2**-53, so a root equal to, or closer than that
        to, a rational bound could never be separated from it."""
        from ..solvers.algebraic import arb_fraction
        x = self.ball(prec)
        mid, rad = arb_fraction(x), arb_fraction(x.rad())
        return mid - rad, mid + rad

    def _reals(self, prec: int) -> list[Any]:
        import flint
        old = flint.ctx.prec
        flint.ctx.prec = prec
        try:
            found: list[Any] = list(self.m.complex_roots())    # (acb, multiplicity) pairs
            return [r.real for r, _ in found if r.imag.is_zero()]
        finally:
            flint.ctx.prec = old

    def rank(self) -> int:
        """The root's rank among its minimal polynomial's real roots (set once): two
        roots of one minimal polynomial are equal exactly when their ranks are."""
        if self.index is None:
            reals = sorted(self._reals(128), key=lambda z: float(z.mid()))
            mine = self.ball(128)
            self.index = next(k for k, z in enumerate(reals) if z.overlaps(mine))
        return self.index

    @classmethod
    def from_sympy(cls, x: SymExpr) -> RealRoot:
        """The root a sympy real algebraic number (radical or CRootOf) stands for."""
        import flint
        import sympy
        z = sympy.Dummy("z")
        mp = sympy.Poly(sympy.minimal_polynomial(x, z), z)
        coeffs = [int(c) for c in reversed(mp.all_coeffs())]
        return cls(flint.fmpz_poly(coeffs), float(sympy.re(x.evalf(40))))

    def ball(self, prec: int) -> arb:
        """An arb ball holding the root, computed at `prec` bits."""
        if prec not in self._balls:
            reals = self._reals(prec)
            near = [r for r in reals if abs(float(r.mid()) - self.approx)
                    <= 1e-12 * (1 + abs(self.approx))]
            if len(near) != 1:
                raise ArithmeticError("cannot single out a real root (roots too close)")
            self._balls[prec] = near[0]
        return self._balls[prec]

    def sign(self, p: Union[fmpz_poly, fmpq_poly]) -> int:
        """The exact sign of an integer or rational polynomial (flint fmpz_poly or
        fmpq_poly) at this root."""
        import flint
        if p == 0:
            return 0
        r = flint.fmpq_poly(p) % flint.fmpq_poly(self.m)
        if r == 0:
            return 0
        coeffs = [r[k] for k in range(r.degree() + 1)]

        def value(prec: int) -> arb:
            x = self.ball(prec)
            v = flint.arb(0)
            for c in reversed(coeffs):
                v = v * x + flint.arb(c)
            return v
        got = ball_sign(value, PRECISIONS)
        if got is None:
            raise ArithmeticError("sign undecided at the highest precision")  # pragma: no cover
        return got


def ball_sign(value: Callable[[int], arb], precisions: Sequence[int]) -> int | None:
    """The sign of a nonzero number from arb balls `value(prec)` computed at growing
    precisions (flint's working precision set to each), None when every ball holds 0."""
    import flint
    old = flint.ctx.prec
    try:
        for prec in precisions:
            flint.ctx.prec = prec
            v = value(prec)
            if v > 0:
                return 1
            if v < 0:
                return -1
    finally:
        flint.ctx.prec = old
    return None


def poly_in(terms: dict[tuple[int, int], int], axis: int, value: Fraction) -> fmpq_poly:
    """A bivariate integer polynomial (monomial (i, j) -> coefficient) with one
    variable fixed at a rational `value` (axis 0: a, 1: b), as a flint fmpq_poly in
    the other variable."""
    import flint
    out: dict[int, Fraction] = {}
    for (i, j), c in terms.items():
        k, e = (j, i) if axis == 0 else (i, j)
        out[k] = out.get(k, Fraction(0)) + c * value ** e
    deg = max(out, default=0)
    return flint.fmpq_poly([flint.fmpq(out.get(k, Fraction(0)).numerator,
                                       out.get(k, Fraction(0)).denominator)
                            for k in range(deg + 1)])


def compose_graph(terms: dict[tuple[int, int], int], num: fmpz_poly, den: fmpz_poly,
                  deg_b: int) -> fmpz_poly:
    """h(a, num(a)/den(a)) * den(a)**deg_b for h given by its integer terms: an integer
    polynomial in a (flint fmpz_poly) whose sign at a root x, times sign(den(x))**deg_b,
    is the sign of h on the curve b = num/den over x."""
    import flint
    a = flint.fmpz_poly([0, 1])
    total = flint.fmpz_poly(0)
    pows_n = [flint.fmpz_poly(1)]
    pows_d = [flint.fmpz_poly(1)]
    for _ in range(deg_b):
        pows_n.append(pows_n[-1] * num)
        pows_d.append(pows_d[-1] * den)
    for (i, j), c in terms.items():
        total += c * a ** i * pows_n[j] * pows_d[deg_b - j]
    return total


def coefficients_in_a(terms: dict[tuple[int, int], int], j: int) -> fmpz_poly:
    """The coefficient of b**j, a polynomial in a (flint fmpz_poly)."""
    import flint
    deg = max((i for (i, jj) in terms if jj == j), default=0)
    coeffs = [0] * (deg + 1)
    for (i, jj), c in terms.items():
        if jj == j:
            coeffs[i] += c
    return flint.fmpz_poly(coeffs)


def univariate_a(p: fmpz_mpoly, axis: int = 0) -> fmpz_poly:
    """A flint fmpz_mpoly free of b as an fmpz_poly in a (axis 1: one free of a, in b)."""
    import flint
    d = p.to_dict()
    deg = max((m[axis] for m in d), default=0)
    coeffs = [0] * (deg + 1)
    for m, c in d.items():
        coeffs[m[axis]] += int(c)
    return flint.fmpz_poly(coeffs)


Root = Fraction | RealRoot


def isolate(polys: Sequence[fmpz_poly], lo: Fraction, hi: Fraction) -> list[Root]:
    """The distinct real roots in (lo, hi) of integer polynomials (flint fmpz_poly),
    sorted: rational roots as Fractions, the others as RealRoots (certified balls
    from flint's root isolation; no sympy)."""
    found: dict[str, Root] = {}
    for p in polys:
        if p.degree() < 1:
            continue
        for fac, _ in p.factor()[1]:
            if fac.degree() < 1:
                continue
            if fac.degree() == 1:
                r = Fraction(-int(fac[0]), int(fac[1]))
                if lo < r < hi:
                    found[str(r)] = r
                continue
            key = str(fac)
            if key in found or key + "#0" in found:
                continue
            probe = RealRoot(fac, 0.0)
            reals = sorted(probe._reals(128), key=lambda r: float(r.mid()))
            for k, ball in enumerate(reals):
                root = RealRoot(fac, float(ball.mid()), k)
                root._balls[128] = ball
                a, b = root.bounds(128)     # the ball at hand first: most roots are
                if b < lo or a > hi:        # far from the interval's ends
                    continue
                if (lo < a and b < hi) or _inside(root, lo, hi):
                    found[f"{key}#{k}"] = root
    return sorted(found.values(), key=functools.cmp_to_key(compare))


def _inside(root: RealRoot, lo: Fraction, hi: Fraction) -> bool:
    """lo < root < hi, decided on refined balls (an irreducible polynomial of degree
    two or more has no rational root, so the refinement ends)."""
    for prec in PRECISIONS:
        a, b = root.bounds(prec)
        if b < lo or a > hi:
            return False
        if lo < a and b < hi:
            return True
    raise ArithmeticError("root too close to a range end")     # pragma: no cover


def as_root(x: int | Fraction | SymExpr) -> Root:
    """An exact real number (int, Fraction, sympy rational or real algebraic number)
    as a Fraction or a RealRoot with its rank set (so that it compares equal to the
    same root found by isolation); a sympy number is converted once (cached)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    from sympy import Rational
    if isinstance(x, Rational):
        return Fraction(int(x.p), int(x.q))
    return _sympy_root(x)


@functools.lru_cache(maxsize=4096)
def _sympy_root(x: Any) -> Root:
    """x as a RealRoot, or a Fraction when it is rational (a sympy expression
    sympy did not simplify to one: its minimal polynomial has degree 1)."""
    r = _one_generator(x) or RealRoot.from_sympy(x)
    if r.m.degree() == 1:
        c0, c1 = (int(c) for c in r.m.coeffs())
        return Fraction(-c0, c1)
    r.rank()
    return r


def _one_generator(x: Any) -> RealRoot | None:
    """x = P(theta) / Q(theta) for one algebraic generator theta (a CRootOf or a
    rational's root) as a RealRoot: its minimal polynomial is a factor of the
    resultant res_t(m(t), Q(t) z - P(t)) (python-flint), the one with a root at x's
    value. sympy's minimal_polynomial takes seconds on such sums. None where x has
    another form (a nested root among them), or where the factor is not told apart
    numerically."""
    import flint
    import sympy
    gens = x.atoms(sympy.CRootOf) | {p for p in x.atoms(sympy.Pow)
                                    if p.base.is_Rational and not p.exp.is_Integer}
    if len(gens) != 1:
        return None
    (theta,) = gens
    t = sympy.Dummy("t")
    if isinstance(theta, sympy.CRootOf):
        m = theta.expr.subs(theta.poly.gen, t)  # type: ignore[attr-defined]
    else:
        q = sympy.Rational(theta.exp)
        m = t ** int(q.q) - theta.base ** int(q.p)
    num, den = sympy.fraction(sympy.together(x.subs(theta, t)))
    if not (num.is_polynomial(t) and den.is_polynomial(t)):
        return None         # another symbol, or theta under a root (sqrt(21 sqrt(2) + 26))
    pm, pn, pd = (sympy.Poly(e, t, domain="QQ") for e in (m, num, den))
    ctx = flint.fmpq_mpoly_ctx.get(("t", "z"), "lex")

    def lift(p: Any, zpow: int) -> Any:
        return ctx.from_dict({(k, zpow): flint.fmpq(int(c.p), int(c.q))
                              for (k,), c in p.terms()})
    res = lift(pm, 0).resultant(lift(pd, 1) - lift(pn, 0), "t")
    coeffs = [0] * (res.degrees()[1] + 1)
    for (_, j), c in zip(res.monoms(), res.coeffs()):
        coeffs[j] = c
    approx = complex(x.evalf(40))
    if abs(approx.imag) > 1e-20:
        return None
    near = []
    for g, _ in flint.fmpq_poly(coeffs).numer().factor()[1]:
        pairs: list[Any] = list(g.complex_roots())     # (acb, multiplicity) pairs
        if any(abs(complex(r) - approx.real) < 1e-12 * (1 + abs(approx.real))
               for r, _ in pairs):
            near.append(g)
    if len(near) != 1:
        return None
    return RealRoot(near[0], approx.real)


def compare(x: Root, y: Root) -> int:
    """-1, 0 or 1 as x <, =, > y (exact: balls refined until they separate; two
    RealRoots are equal only when they have one minimal polynomial and rank)."""
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return (x > y) - (x < y)
    if isinstance(x, RealRoot) and isinstance(y, RealRoot) and x.m == y.m:
        return (x.rank() > y.rank()) - (x.rank() < y.rank())
    for prec in PRECISIONS:
        xa, xb = (x, x) if isinstance(x, Fraction) else x.bounds(prec)
        ya, yb = (y, y) if isinstance(y, Fraction) else y.bounds(prec)
        if xb < ya:
            return -1
        if yb < xa:
            return 1
    raise ArithmeticError("roots too close to order")    # pragma: no cover


def between(x: Root, y: Root) -> tuple[Fraction, Fraction]:
    """Rationals lo < hi with x < lo and hi < y (x < y)."""
    for prec in PRECISIONS:
        lo = x if isinstance(x, Fraction) else x.bounds(prec)[1]
        hi = y if isinstance(y, Fraction) else y.bounds(prec)[0]
        if lo < hi:
            return lo, hi
    raise ArithmeticError("roots too close to separate")    # pragma: no cover
