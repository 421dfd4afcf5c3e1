"""Support profiles in which every mixing player mixes over exactly two strategies,
solved exactly by resultants (python-flint) instead of a Groebner basis or homotopy.

With supports {s0, s1} the unknown x_i is the probability of s1, and player i's
indifference equation u_i(s1, x) - u_i(s0, x) = 0 is multilinear in the other mixing
players' unknowns and free of x_i: k equations in k unknowns with integer
coefficients (at most 2^(k-1) terms each; 5 players over two strategies have up to
44 isolated solutions). The variables are eliminated one at a time by resultants
(`fmpz_mpoly.resultant`, squarefree parts kept), which leaves one univariate
polynomial whose roots include the last coordinate of every solution. Each real
root of one of its irreducible factors in (0, 1) is a number field Q(alpha); the
other coordinates are then recovered stage by stage, last eliminated first, as the
one common root of that stage's polynomials over Q(alpha) (a gcd by Euclid's
algorithm, elements reduced modulo alpha's polynomial). Every point so found solves
the original equations exactly; every solution is found, because the stage
polynomials vanish at its projections.

Anything outside that generic picture (an unknown that no equation holds, a
univariate polynomial that vanishes identically, a gcd of degree other than 0 or 1)
returns None, and the caller solves the profile by the general route. The points
still go through the exact equilibrium check of the caller.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from .algebraic import FieldElement, RealRoot, arb_bounds, arb_span
from .support_system import Support

Point = tuple[Fraction | FieldElement, ...]
MAX_UNKNOWNS = 4                # five unknowns (degree 44) stay with the general route: their
                                # resultants carry spurious curves and cost more than it
ROOT_PREC = 128                 # bits of the root balls that isolate the real roots
MAX_ROOT_PREC = 4096            # ... doubled up to this when balls overlap 0 or 1


def is_binary(supports: Support) -> bool:
    """Every mixing player mixes over exactly two strategies, and 1 to MAX_UNKNOWNS of
    them mix."""
    mixing = [s for s in supports if len(s) > 1]
    return 1 <= len(mixing) <= MAX_UNKNOWNS and all(len(s) == 2 for s in mixing)


def binary_points(payoffs: Sequence[np.ndarray], supports: Support,
                  plausible: Callable[[np.ndarray], bool] | None = None
                  ) -> list[Point] | None:
    """Every solution of the profile's indifference system with all unknowns in the open
    interval (0, 1), exactly (Fractions, or FieldElements of one field per point), in
    the variable order of support_system.IndifferenceSystem; None when the system is
    not generic enough for the elimination (the caller then solves it otherwise).
    `payoffs`: each player's integer payoffs (relaxation.integer_payoffs). Points
    whose certified enclosure leaves (0, 1)^k are dropped, and so are those whose
    floats `plausible` rejects (a float regret far above rounding error)."""
    import flint

    mixing = [i for i, s in enumerate(supports) if len(s) > 1]
    k = len(mixing)
    ctx = flint.fmpz_mpoly_ctx.get(("x", k), "lex")
    equations = [_equation(ctx, payoffs, supports, mixing, m) for m in range(k)]
    stages = _eliminate(ctx, equations, k)
    if stages is None:
        return None
    last = stages[-1][0]
    if last.is_zero():
        return None
    if last.is_constant():
        return []
    univariate = _univariate(last, k - 1)
    points: list[Point] = []
    _, factors = univariate.factor()
    for factor, _ in factors:
        found = _points_over(factor, stages, k, plausible)
        if found is None:
            return None
        points.extend(found)
    return points


def _equation(ctx: Any, payoffs: Sequence[np.ndarray], supports: Support,
              mixing: list[int], m: int) -> Any:
    """Player mixing[m]'s u(s1) - u(s0) as a multilinear polynomial in the other mixing
    players' unknowns (x_j the probability of their second support strategy)."""
    i = mixing[m]
    gens = ctx.gens()
    others = [j for j in range(len(mixing)) if j != m]
    poly = ctx.from_dict({})
    base = [s[0] for s in supports]
    for corner in itertools.product((0, 1), repeat=len(others)):
        prof = list(base)
        weight = ctx.from_dict({(0,) * len(mixing): 1})
        for j, c in zip(others, corner):
            prof[mixing[j]] = supports[mixing[j]][c]
            weight *= gens[j] if c else 1 - gens[j]
        prof[i] = supports[i][1]
        hi = int(payoffs[i][tuple(prof)])
        prof[i] = supports[i][0]
        d = hi - int(payoffs[i][tuple(prof)])
        if d:
            poly += d * weight
    return poly


def _eliminate(ctx: Any, equations: list[Any], k: int) -> list[tuple[Any, ...]] | None:
    """Resultant elimination of x_0, ..., x_{k-2}: the polynomials present at each stage
    (stage t holds those in x_t..x_{k-1}), the last stage a single polynomial in
    x_{k-1}; None when some unknown is held by no polynomial of its stage."""
    names = ctx.names()
    stages: list[tuple[Any, ...]] = []
    current = [_squarefree(e) for e in equations]
    for t in range(k - 1):
        stages.append(tuple(current))
        holding = [e for e in current if e.degrees()[t] > 0]
        if not holding:
            return None
        pivot = min(holding, key=lambda e: (e.degrees()[t], len(e)))
        rest = [e for e in current if e is not pivot]
        current = [_squarefree(pivot.resultant(e, names[t])) if e.degrees()[t] > 0 else e
                   for e in rest]
    stages.append(tuple(current))
    return stages


def _squarefree(p: Any) -> Any:
    """The product of p's distinct irreducible factors (same zero set, lower degree)."""
    if p.is_zero() or p.is_constant():
        return p
    _, factors = p.factor_squarefree()
    out = p.context().from_dict({(0,) * p.context().nvars(): 1})
    for f, _ in factors:
        out *= f
    return out


def _univariate(p: Any, var: int) -> Any:
    """The polynomial p, in the one unknown x_var, as an fmpz_poly."""
    import flint

    coeffs: dict[int, int] = {}
    for monom, c in zip(p.monoms(), p.coeffs()):
        coeffs[monom[var]] = int(c)
    top = max(coeffs)
    return flint.fmpz_poly([coeffs.get(e, 0) for e in range(top + 1)])


def _points_over(factor: Any, stages: list[tuple[Any, ...]], k: int,
                 plausible: Callable[[np.ndarray], bool] | None) -> list[Point] | None:
    """The solutions whose last coordinate is a root of the irreducible `factor` in (0, 1)."""
    import flint

    coeffs = [int(c) for c in factor.coeffs()]
    balls = _unit_roots(factor)
    if not balls:
        return []
    modulus = flint.fmpq_poly(coeffs)
    lifted = _lift(modulus, stages, k)
    if lifted is None:
        return None
    if not lifted:
        return []
    if len(coeffs) == 2:                 # a rational root: every coordinate a Fraction
        point = tuple(_constant(v) for v in lifted)
        inside = all(0 < x < 1 for x in point)
        return [point] if inside and (plausible is None or plausible(
            np.array([float(x) for x in point]))) else []
    out: list[Point] = []
    for lo, hi in balls:
        approx = _enclosures(lifted, lo, hi)
        if any(b <= 0 or a >= 1 for a, b in approx):
            continue
        if plausible is not None and not plausible(np.array([float((a + b) / 2)
                                                             for a, b in approx])):
            continue
        root = RealRoot([Fraction(c) for c in coeffs], lo, hi)
        out.append(tuple(_element(root, v) for v in lifted))
    return out


def _enclosures(values: list[Any], lo: Fraction, hi: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Rational bounds of each coordinate (an fmpq_poly in alpha) over alpha's ball."""
    import flint

    old, flint.ctx.prec = flint.ctx.prec, 2 * ROOT_PREC
    try:
        x = arb_span(lo, hi)
        return [arb_bounds(v.numer()(x) / int(v.denom())) for v in values]
    finally:
        flint.ctx.prec = old


def _unit_roots(factor: Any) -> list[tuple[Fraction, Fraction]]:
    """Rational isolating intervals of the real roots of an irreducible integer
    polynomial that may lie in (0, 1) (balls of python-flint's root isolation, refined
    until none straddles 0 or 1)."""
    import flint

    prec = ROOT_PREC
    while True:
        old, flint.ctx.prec = flint.ctx.prec, prec
        try:
            roots = factor.complex_roots()
        finally:
            flint.ctx.prec = old
        out = []
        clear = True
        for r, _ in roots:
            if not (r.imag.is_exact() and r.imag == 0):
                continue
            lo, hi = arb_bounds(r.real)
            if hi <= 0 or lo >= 1:
                continue
            if (lo <= 0 or hi >= 1) and factor.degree() > 1:
                clear = False
            out.append((lo, hi))
        if clear or prec >= MAX_ROOT_PREC:
            return out
        prec *= 2


def _lift(modulus: Any, stages: list[tuple[Any, ...]], k: int) -> list[Any] | None:
    """Every coordinate as an element of Q[t]/(modulus) (python-flint fmpq_poly,
    reduced), with x_{k-1} = t; [] when no solution lies over the root; None when some
    stage's polynomials have no single common root over the field."""
    import flint

    values: list[Any] = [None] * k
    values[k - 1] = flint.fmpq_poly([0, 1]) % modulus
    for t in range(k - 2, -1, -1):
        polys = [_in_field(p, t, values, modulus) for p in stages[t]]
        value = _common_root(polys, modulus)
        if value is None or value is False:
            return None if value is None else []
        values[t] = value
    return values


def _common_root(polys: list[list[Any]], modulus: Any) -> Any:
    """The one common root over Q(alpha) of polynomials given by coefficient lists; False
    when they have none; None when it is not unique (or every one is zero). A linear
    one gives the candidate at the cost of one inverse, checked on the others; else
    their gcd."""
    linear = [p for p in polys if len(p) == 2]
    if linear:
        p = linear[0]
        value = _reduce(-p[0] * _inverse(p[1], modulus), modulus)
        for q in polys:
            acc = q[-1] if q else None
            for c in reversed(q[:-1]):
                acc = _reduce(acc * value + c, modulus)
            if acc is not None and not acc.is_zero():
                return False
        return value
    g = _gcd(polys, modulus)
    if g is None or len(g) > 2:
        return None
    if len(g) == 1:
        return False
    return _reduce(-g[0] * _inverse(g[1], modulus), modulus)


def _in_field(p: Any, t: int, values: list[Any], modulus: Any) -> list[Any]:
    """p with x_{t+1}.. replaced by their field values: coefficients (in Q(alpha)) of
    the powers of x_t, lowest first, trailing zeros dropped."""
    import flint

    out: dict[int, Any] = {}
    powers: dict[tuple[int, int], Any] = {}
    for monom, c in zip(p.monoms(), p.coeffs()):
        term = flint.fmpq_poly([int(c)])
        for j in range(t + 1, len(values)):
            e = monom[j]
            if e:
                key = (j, e)
                if key not in powers:
                    powers[key] = _reduce(values[j] ** e, modulus)
                term = term * powers[key]
        e = monom[t] if t < len(monom) else 0
        out[e] = out.get(e, flint.fmpq_poly([])) + term
    top = max(out) if out else -1
    coeffs = [_reduce(out.get(e, flint.fmpq_poly([])), modulus) for e in range(top + 1)]
    while coeffs and coeffs[-1].is_zero():
        coeffs.pop()
    return coeffs


def _gcd(polys: list[list[Any]], modulus: Any) -> list[Any] | None:
    """A gcd over Q(alpha) (up to a unit) of polynomials given by coefficient lists;
    None when every one is zero (the unknown is not determined)."""
    g: list[Any] = []
    for p in polys:
        g = _gcd2(g, p, modulus)
    return g or None


def _gcd2(a: list[Any], b: list[Any], modulus: Any) -> list[Any]:
    """Euclid's algorithm with pseudo-remainders: no inverse in the field."""
    if len(a) < len(b):
        a, b = b, a
    while b:
        a, b = b, _pseudo_remainder(a, b, modulus)
    return a


def _pseudo_remainder(a: list[Any], b: list[Any], modulus: Any) -> list[Any]:
    """The remainder of lc(b)^(deg a - deg b + 1) * a by b (same zeros as a mod b)."""
    a = list(a)
    lead = b[-1]
    while len(a) >= len(b):
        top = a[-1]
        shift = len(a) - len(b)
        a = [_reduce(c * lead, modulus) for c in a]
        for j, c in enumerate(b):
            a[shift + j] = _reduce(a[shift + j] - top * c, modulus)
        while a and a[-1].is_zero():
            a.pop()
    return [c / _content(a) for c in a] if a else a


def _content(a: list[Any]) -> Any:
    """A rational that keeps the coefficients of a small (their first nonzero leading
    coefficient's), dividing it out changes no zero."""
    for c in a:
        if not c.is_zero():
            return c.coeffs()[-1]
    return 1


def _inverse(a: Any, modulus: Any) -> Any:
    g, s, _ = a.xgcd(modulus)
    return _reduce(s / g, modulus)


def _reduce(a: Any, modulus: Any) -> Any:
    return a % modulus if a.degree() >= modulus.degree() else a


def _constant(v: Any) -> Fraction:
    c = v.coeffs()
    return Fraction(int(c[0].p), int(c[0].q)) if c else Fraction(0)


def _element(root: RealRoot, v: Any) -> Fraction | FieldElement:
    """A reduced fmpq_poly as an element of the field of `root` (Fraction if constant)."""
    coeffs = [Fraction(int(c.p), int(c.q)) for c in v.coeffs()]
    if len(coeffs) <= 1:
        return coeffs[0] if coeffs else Fraction(0)
    return root.element(coeffs)
