"""Zero-dimensional polynomial systems over Q: lex Groebner basis, real roots of the
eliminant, back-substitution in Q(alpha) (see algebraic.py).

The functions return their findings (`Solutions`: status, points and how many
multiple irrational roots were left unresolved) instead of changing a caller's state;
`tick` is called between roots so a caller's deadline can interrupt.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ..budget import abandonable
from .algebraic import FieldElement, RealRoot, real_roots
from .support_system import ring_of
from .univariate import univariate_coeffs

if TYPE_CHECKING:
    from sympy.polys.rings import PolyElement, PolyRing

Tick = Callable[[], None]


class SystemStatus(Enum):
    """What a polynomial system's solution set is."""

    EMPTY = "empty"             # no complex solution
    POINTS = "points"           # finitely many (the real ones are listed)
    POSITIVE = "positive"       # positive-dimensional


@dataclass(frozen=True)
class Solutions:
    """Real solution points of a system, and the number of multiple irrational roots
    whose points could not be read off exactly (equilibria there may be missing)."""

    status: SystemStatus
    points: tuple[tuple, ...] = ()
    unresolved: int = 0

def groebner_basis(polys: list[PolyElement], R: PolyRing) -> list[PolyElement]:
    """The reduced lex Groebner basis; one indivisible sympy call, so under a deadline it
    runs in a worker process that can be abandoned (games.budget.abandonable)."""
    polys = [p for p in polys if p]
    if not polys:
        return []
    return abandonable(_groebner_now, polys, R, pack=_plain_polys,
                       unpack=lambda data: _ring_polys(data, R))


def _groebner_now(polys: list[Any], R: Any) -> list[Any]:
    from sympy.polys.groebnertools import groebner

    return groebner(polys, R, method="f5b")


def _plain_polys(G: list[Any]) -> list[dict[tuple[int, ...], tuple[int, int]]]:
    """Polynomials over Q as plain dicts (sympy's ring elements do not pickle)."""
    return [{m: (int(c.numerator), int(c.denominator)) for m, c in g.items()} for g in G]


def _ring_polys(data: object, R: Any) -> list[Any]:
    """The inverse of _plain_polys, in the ring R."""
    assert isinstance(data, list)
    return [R.from_dict({m: R.domain(n, d) for m, (n, d) in g.items()}) for g in data]


def solve_zero_dim(polys: list[PolyElement], nvars: int, tick: Tick) -> Solutions:
    """The status and real solutions of a polynomial system over Q."""
    R = ring_of(nvars)
    G = groebner_basis(polys, R)
    if any(g.is_ground and g for g in G):
        return Solutions(SystemStatus.EMPTY)
    if not _zero_dimensional(G, nvars):
        return Solutions(SystemStatus.POSITIVE)
    return triangular_points(G, nvars, tick)


def free_variables(G: list[PolyElement], nvars: int) -> list[int]:
    """Variables with no pure power among the leading monomials (empty: zero-dimensional)."""
    pure = set()
    for g in G:
        nz = [k for k, e in enumerate(g.LM) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return [v for v in range(nvars) if v not in pure]


def _zero_dimensional(G: list[Any], nvars: int) -> bool:
    """Every variable has a pure power among the leading monomials."""
    pure = set()
    for g in G:
        m = g.LM
        nz = [k for k, e in enumerate(m) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return len(pure) == nvars


def triangular_points(G: list[PolyElement], nvars: int, tick: Tick) -> Solutions:
    """Real points of a zero-dimensional lex basis: roots of the eliminant in the last
    variable, then each rational root substituted and the rest solved again; an
    irrational root is handled in Q(alpha) by the shape of the basis."""
    last = nvars - 1
    uni = [g for g in G if all(e == 0 for e in g.LM[:last]) and
           all(all(e == 0 for e in m[:last]) for m in g.keys())]
    h = min(uni, key=lambda g: g.LM[last])
    coeffs = univariate_coeffs(h, last)
    points: list[tuple] = []
    unresolved = 0
    for root in real_roots(coeffs):
        tick()
        if isinstance(root, Fraction):
            if nvars == 1:
                points.append((root,))
                continue
            rest = substitute(G, nvars, {last: root}, pin=False)
            sub = _solve_zero_dim_fixed(rest, nvars, last, tick)
            points.extend(p[:last] + (root,) for p in sub.points)
        else:
            sub = _irrational_points(G, nvars, root)
            points.extend(sub.points)
        unresolved += sub.unresolved
    return Solutions(SystemStatus.POINTS, tuple(points), unresolved)


def _solve_zero_dim_fixed(polys: list[Any], nvars: int, fixed_var: int,
                          tick: Tick) -> Solutions:
    """Solve a system in which variable `fixed_var` no longer occurs (drop it)."""
    if fixed_var != nvars - 1:
        raise ValueError("only the last variable can be fixed here")
    if nvars == 1:
        return Solutions(SystemStatus.POINTS, ((),))
    R = ring_of(nvars - 1)
    small = [R.from_dict({m[:fixed_var]: c for m, c in p.items()}) for p in polys if p]
    sub = solve_zero_dim(small, nvars - 1, tick)
    return Solutions(sub.status, tuple(p + (Fraction(0),) for p in sub.points), sub.unresolved)


def _irrational_points(G: list[Any], nvars: int, root: RealRoot) -> Solutions:
    """Points above an irrational root alpha of the eliminant: each other coordinate is
    read off a basis element linear in it, evaluated in Q(alpha), from the last
    variable upwards. Falls back to a separating linear form otherwise."""
    last = nvars - 1
    values: dict[int, FieldElement] = {last: root.element((Fraction(0), Fraction(1)))}
    for v in range(last - 1, -1, -1):
        val = _linear_in(G, v, values, nvars)
        if val is None:
            return _separated_points(G, nvars, root)
        values[v] = val
    pt = tuple(values[k] for k in range(nvars))
    if all(_eval_poly(g, pt).is_zero if isinstance(_eval_poly(g, pt), FieldElement)
           else _eval_poly(g, pt) == 0 for g in G):
        return Solutions(SystemStatus.POINTS, (pt,))
    return _separated_points(G, nvars, root)


def _linear_in(G: list[Any], v: int, values: dict[int, Any], nvars: int) -> Any:
    """Value of variable v from a basis element of the form c*x_v + r(x_{v+1..}), with
    c nonzero at the known values; None when there is none."""
    for g in G:
        m = g.LM
        if any(m[:v]) or m[v] != 1:
            continue
        if any(mm[v] > 1 or any(mm[:v]) for mm in g.keys()):
            continue
        lead = {mm: c for mm, c in g.items() if mm[v] == 1}
        rest = {mm: c for mm, c in g.items() if mm[v] == 0}
        a = _eval_terms(lead, values, nvars, skip=v)
        if (a.is_zero if isinstance(a, FieldElement) else a == 0):
            continue
        b = _eval_terms(rest, values, nvars, skip=v)
        return _divide(-b, a)
    return None


def _divide(b: Any, a: Any) -> Any:
    """b / a in Q(alpha) (a nonzero): inverse by the extended Euclidean algorithm."""
    if not isinstance(a, FieldElement):
        return b * (1 / Fraction(a))
    import sympy

    t = sympy.Dummy("t")
    p = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(a.root.poly)], t)
    q = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(a.c)], t)
    s, _, g = sympy.gcdex(q, p)
    # Poly / number is an expression in sympy: scale with quo_ground to stay a Poly
    inv_c = [Fraction(int(c.p), int(c.q)) for c in reversed(s.quo_ground(g.LC()).all_coeffs())] \
        if g.degree() == 0 else None
    if inv_c is None:
        raise ZeroDivisionError("not invertible in Q(alpha)")
    return b * a.root.element(inv_c)


def _eval_terms(terms: dict, values: dict[int, Any], nvars: int, skip: int) -> Any:
    total: Any = Fraction(0)
    for m, c in terms.items():
        term: Any = Fraction(int(c.numerator), int(c.denominator))
        for k, e in enumerate(m):
            if e and k != skip:
                term = term * _power(values[k], e)
        total = total + term
    return total


def _power(x: Any, e: int) -> Any:
    out: Any = Fraction(1)
    for _ in range(e):
        out = out * x
    return out


def _eval_poly(g: Any, pt: Sequence[Any]) -> Any:
    return _eval_terms(dict(g.items()), dict(enumerate(pt)), len(pt), skip=-1)


def _separated_points(G: list[Any], nvars: int, root: RealRoot) -> Solutions:
    """Points above an irrational root when the basis is not in shape position: add the
    eliminant factor and a random separating variable t, and read every coordinate
    off the new lex basis in Q(t). When no separating form works, no points and one
    unresolved root."""
    rng = random.Random(5)
    R1 = ring_of(nvars + 1)
    lift = [R1.from_dict({m + (0,): c for m, c in g.items()}) for g in G]
    gens = R1.gens
    from sympy.polys.domains import QQ

    p_last = R1.zero
    for k, a in enumerate(root.poly):
        p_last += QQ(a.numerator, a.denominator) * gens[nvars - 1] ** k
    for attempt in range(4):
        coeffs = [rng.randint(1, 7 + 4 * attempt) for _ in range(nvars)]
        sep = gens[nvars] - sum((c * gens[k] for k, c in enumerate(coeffs)), R1.zero)
        G1 = groebner_basis(lift + [p_last, sep], R1)
        pts = []
        ok = True
        for t_root in real_roots(univariate_coeffs(
                min((g for g in G1 if not any(g.LM[:nvars])), key=lambda g: g.LM[nvars]), nvars)):
            values: dict[int, Any] = {nvars: t_root if isinstance(t_root, Fraction)
                                      else t_root.element((Fraction(0), Fraction(1)))}
            for v in range(nvars - 1, -1, -1):
                val = _linear_in(G1, v, values, nvars + 1)
                if val is None:
                    ok = False
                    break
                values[v] = val
            if not ok:
                break
            pts.append(tuple(values[k] for k in range(nvars)))
        if ok:
            return Solutions(SystemStatus.POINTS, tuple(pts))
    return Solutions(SystemStatus.POINTS, (), unresolved=1)


def substitute(polys: list[PolyElement], nvars: int, fixed: dict[int, Fraction],
                pin: bool = True) -> list[PolyElement]:
    """The polynomials with the given variables replaced by rationals (same ring); with
    `pin`, also the equations x_v = value that keep the fixed variables in the system."""
    from sympy.polys.domains import QQ

    R = ring_of(nvars)
    out = []
    for p in polys:
        terms: dict[tuple, Any] = {}
        for m, c in p.items():
            coef = Fraction(int(c.numerator), int(c.denominator))
            mm = list(m)
            for v, val in fixed.items():
                if mm[v]:
                    coef *= val ** mm[v]
                    mm[v] = 0
            key = tuple(mm)
            terms[key] = terms.get(key, Fraction(0)) + coef
        q = R.from_dict({m: QQ(c.numerator, c.denominator) for m, c in terms.items() if c})
        out.append(q)
    if pin:
        for v, val in fixed.items():
            out.append(R.gens[v] - QQ(val.numerator, val.denominator))
    return out
