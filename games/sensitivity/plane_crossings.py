"""Where two boundary curves of a region map cross on a line a = x through an
irrational root x, and exact signs at points with an irrational coordinate: through
python-flint (algebraic.py: the crossing's b in Q(x), each sign the sign of a
polynomial in a at x), and through sympy's algebraic numbers only where a crossing is
not on a curve of degree one in b (several common roots).

sympy and python-flint are imported inside functions.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..budget import check_deadline
from ..numbers import exact_str, sign, to_float, to_sympy
from .plane_float import UNSURE, BatchSigns, _radius, graph_enclosure
from .plane_polys import _Poly, _sign_at
from .region_map import Point
from .roots import real_roots_between


class _FastSigns:
    """Exact signs at points with one irrational coordinate through python-flint
    (algebraic.py), and the crossings of two curves on a line a = x through an
    irrational root x; sympy's algebraic numbers only where a crossing is not on a
    curve of degree one in b (several common roots)."""

    def __init__(self) -> None:
        self.roots: dict[str, Any] = {}
        self.resultants: dict[tuple, Any] = {}
        self.deadline: float | None = None

    def root(self, x: Any) -> Any:
        from .algebraic import RealRoot
        if isinstance(x, RealRoot):
            return x
        key = exact_str(x)
        if key not in self.roots:
            self.roots[key] = RealRoot.from_sympy(x)
        return self.roots[key]

    def sign(self, f: _Poly, pt: Point) -> int:
        """The exact sign of f at pt."""
        from .algebraic import poly_in
        a, b = pt
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            return f.sign(a, b)
        try:
            if isinstance(a, Fraction):
                return self.root(b).sign(poly_in(f.terms, 0, a))
            if isinstance(b, Fraction):
                return self.root(a).sign(poly_in(f.terms, 1, b))
        except ArithmeticError:
            pass
        return _sign_at(f, _sym(a), _sym(b))

    def first_subresultant(self, i: int, j: int, evals: list[_Poly], X: Any
                           ) -> tuple[Any, Any] | None:
        """(num, den) with the single common root b = num(x)/den(x) of f_i(x, b) and
        f_j(x, b), from their first subresultant s11(a) b + s10(a) (the gcd over Q(x)
        when s11(x) != 0 and neither leading coefficient vanishes at x); None when
        that does not hold (a common root of higher multiplicity, or a degenerate
        specialization)."""
        import flint
        import sympy

        from .algebraic import coefficients_in_a
        f, g = evals[i], evals[j]
        if X.sign(coefficients_in_a(f.terms, f.deg_b)) == 0 or \
                X.sign(coefficients_in_a(g.terms, g.deg_b)) == 0:
            return None
        key = ("sub", i, j)
        if key not in self.resultants:
            a_, b_ = sympy.symbols("a b")
            fe = sum(c * a_ ** m * b_ ** n for (m, n), c in f.terms.items())
            ge = sum(c * a_ ** m * b_ ** n for (m, n), c in g.terms.items())
            one = [p for p in sympy.subresultants(sympy.Poly(fe, b_), sympy.Poly(ge, b_))
                   if p.degree() == 1]
            if not one:
                self.resultants[key] = None
            else:
                c1, c0 = one[-1].all_coeffs()
                self.resultants[key] = tuple(
                    flint.fmpz_poly([int(t) for t in reversed(sympy.Poly(c, a_).all_coeffs())])
                    for c in (-c0, c1))
        got = self.resultants[key]
        if got is None or X.sign(got[1]) == 0:
            return None
        return got

    def resultant(self, i: int, j: int, evals: list[_Poly]) -> Any:
        """res_b(f_i, f_j), a polynomial in a (flint), cached for the whole map."""
        if (i, j) not in self.resultants:
            import flint

            from .algebraic import univariate_a
            ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
            r = evals[i].flint(ctx).resultant(evals[j].flint(ctx), "b")
            self.resultants[(i, j)] = univariate_a(r)
        return self.resultants[(i, j)]

    def crossings(self, evals: list[_Poly], pairs: list[tuple[int, int]], idx: list[int],
                  x: Any, brange: tuple[Fraction, Fraction], syms: tuple[Any, ...],
                  guards: Sequence[_Poly] = (), gbatch: BatchSigns | None = None,
                  signs_only: bool = False) -> list[tuple[Point, dict[int, int] | None]]:
        """The points on a = x (irrational) where two polynomials of `pairs` vanish
        together, each with the signs of the polynomials `idx` there (None: to be
        computed). A pair meets over x only if x is a root of its resultant in b
        (exact divisibility by x's minimal polynomial); on a curve f1(a) b + f0(a)
        with f1(x) != 0 the common point is b = -f0(x)/f1(x), in Q(x), so every sign
        there is the sign of a polynomial in a at x. The sign of guards[n] there is
        under the key -1 - n (certified floats from `gbatch`, built on `guards`,
        then exactly). `signs_only`: the point's coordinates are not wanted (x
        stands for both)."""
        from .algebraic import coefficients_in_a, compose_graph
        X = self.root(x)
        b0, b1 = brange
        out: list[tuple[Point, dict[int, int] | None]] = []
        seen: set[tuple[int, ...]] = set()
        for i, j in pairs:
            f, g = evals[i], evals[j]
            if f.deg_b == 0 or g.deg_b == 0:
                continue
            if X.sign(self.resultant(i, j, evals)) != 0:
                continue
            check_deadline(self.deadline)
            lin = next((h for h in (f, g) if h.deg_b == 1
                        and X.sign(coefficients_in_a(h.terms, 1)) != 0), None)
            if lin is not None:
                num, den = -coefficients_in_a(lin.terms, 0), coefficients_in_a(lin.terms, 1)
            else:
                got = self.first_subresultant(i, j, evals, X)
                if got is None:
                    out.extend((pt, None) for pt in _crossings(evals, [(i, j)], X.sympy(),
                                                               brange, syms))
                    continue
                num, den = got
            sd = X.sign(den)
            lo = X.sign(num * b0.denominator - den * b0.numerator) * sd
            hi = X.sign(den * b1.numerator - num * b1.denominator) * sd
            if lo < 0 or hi < 0:
                continue
            known = {k: X.sign(compose_graph(evals[k].terms, num, den, evals[k].deg_b))
                     * sd ** evals[k].deg_b for k in idx}
            if known[i] != 0 or known[j] != 0:
                continue
            key = tuple(known[k] for k in idx)
            if key in seen:
                continue
            seen.add(key)
            if guards:
                assert gbatch is not None
                fl = gbatch.near(X.approx, _radius(X), *graph_enclosure(X, num, den))
                for n, (g, v) in enumerate(zip(guards, fl)):
                    known[-1 - n] = int(v) if v != UNSURE else \
                        X.sign(compose_graph(g.terms, num, den, g.deg_b)) * sd ** g.deg_b
            out.append(((X, X) if signs_only else
                        (X.sympy(), _graph_value(num, den, X.sympy())), known))
        return out


def _graph_value(num: Any, den: Any, x: Any) -> Any:
    """num(x) / den(x) as a sympy number (x algebraic)."""
    import sympy
    n = sum((int(num[k]) * x ** k for k in range(num.degree() + 1)), sympy.Integer(0))
    d = sum((int(den[k]) * x ** k for k in range(den.degree() + 1)), sympy.Integer(0))
    return sympy.radsimp(n / d) if x.is_Pow or x.is_Add else n / d


def _sym(x: Any) -> Any:
    """A RealRoot as a sympy number (other numbers unchanged)."""
    from .algebraic import RealRoot
    return x.sympy() if isinstance(x, RealRoot) else x


def _crossings(evals: list[_Poly], pairs: list[tuple[int, int]], x: Any,
               brange: tuple[Fraction, Fraction], syms: tuple[Any, ...]) -> list[Point]:
    """Points on the line a = x (x irrational) where two polynomials (of `pairs`, those
    that may meet inside the box) vanish together: b runs over the roots of their
    resultant in a; each is checked exactly."""
    import sympy
    b0, b1 = brange
    a_sym, b_sym = syms
    out: list[Point] = []
    for i, j in pairs:
        f, g = evals[i], evals[j]
        if f.deg_b == 0 or g.deg_b == 0:
            continue
        if _sign_at_x(f, g, x, syms) != 0:
            continue
        r = sympy.resultant(f.expr, g.expr, a_sym)
        if r == 0:
            continue
        cands = real_roots_between([r], b_sym, b0, b1)
        cands += [e for e in (b0, b1) if r.subs(b_sym, to_sympy(e)) == 0]
        for y in cands:
            if _sign_at(f, x, y) == 0 and _sign_at(g, x, y) == 0:
                out.append((x, y))
    return out


_RESULTANTS: dict[tuple[str, str], Any] = {}


def _sign_at_x(f: _Poly, g: _Poly, x: Any, syms: tuple[Any, ...]) -> int:
    """The sign of res_b(f, g) at a = x."""
    import sympy
    key = (str(f.expr), str(g.expr))
    if key not in _RESULTANTS:
        if len(_RESULTANTS) > 10_000:
            _RESULTANTS.clear()
        _RESULTANTS[key] = sympy.resultant(f.expr, g.expr, syms[1])
    r = _RESULTANTS[key]
    if not r.free_symbols:
        return int(r != 0)
    v = sympy.expand(r.subs(syms[0], x))
    if abs(to_float(v)) > 1e-6 * (1 + max(abs(float(c)) for c in sympy.Poly(r).coeffs())):
        return 1          # clearly not zero (the exact sign is not needed)
    return sign(v)
