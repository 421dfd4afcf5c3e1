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

def groebner_basis(polys: list[PolyElement], R: PolyRing, method: str = "f5b"
                   ) -> list[PolyElement]:
    """The reduced lex Groebner basis; one indivisible sympy call, so under a deadline it
    runs in a worker process that can be abandoned (games.budget.abandonable).
    `method`: sympy's "f5b" or "buchberger" (far faster on systems holding an
    algebraic number's minimal polynomial, sensitivity/region_nplayer.py)."""
    polys = [p for p in polys if p]
    if not polys:
        return []
    return abandonable(_groebner_now, polys, R, method, pack=_plain_polys,
                       unpack=lambda data: _ring_polys(data, R))


def _groebner_now(polys: list[Any], R: Any, method: str = "f5b") -> list[Any]:
    from sympy.polys.groebnertools import groebner

    return groebner(polys, R, method=method)


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
            sub = points_above(G, nvars, root)
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


def points_above(G: list[PolyElement], nvars: int, root: RealRoot) -> Solutions:
    """Points above an irrational root alpha of the eliminant (in the last variable):
    each other coordinate is read off a basis element linear in it, evaluated in
    Q(alpha), from the last variable upwards. Falls back to a separating linear form
    otherwise (whose points lie above every real root of alpha's polynomial: a
    caller wanting alpha's alone selects them by their last coordinate)."""
    last = nvars - 1
    values: dict[int, FieldElement] = {last: root.element((Fraction(0), Fraction(1)))}
    for v in range(last - 1, -1, -1):
        val = _linear_in(G, v, values, nvars)
        if val is None:
            return _separated_points(G, nvars, root)
        values[v] = val
    pt = tuple(values[k] for k in range(nvars))
    if all(_zero(evaluate_at(g, pt)) for g in G):
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


def _zero(x: Fraction | FieldElement) -> bool:
    return x.is_zero if isinstance(x, FieldElement) else x == 0


def evaluate_at(g: PolyElement, pt: Sequence[object]) -> Fraction | FieldElement:
    """A ring polynomial at a point (Fractions or elements of one Q(alpha))."""
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


# ------------------------------------------------------------------ shape by linear algebra

QUOTIENT_LIMIT = 400        # dimension of Q[x]/I, at most, for `shape_points`


def shape_points(G: list[PolyElement], nvars: int, forms: int = 4) -> Solutions:
    """Every real point of a zero-dimensional lex basis G through a separating linear
    form s, by linear algebra in the quotient algebra A = Q[x]/I (FGLM for one
    variable): the normal forms of 1, s, s^2, ... give s's minimal polynomial h; when
    its degree is dim A (s separates the points and I is radical), every variable is
    a polynomial g_v(s) in the same basis, and each real root of h gives one point
    (coordinates g_v(root) in Q(root)). No second Groebner basis is needed, unlike
    `_separated_points`. Forms: the last variable plus the others with small
    multipliers, `forms` tries; then no points and one unresolved root. ValueError
    when dim A exceeds QUOTIENT_LIMIT."""
    R = G[0].ring
    basis = _standard_monomials(G, nvars)
    index = {m: k for k, m in enumerate(basis)}
    rng = random.Random(7)
    for attempt in range(forms):
        mult = [0] * (nvars - 1) + [1] if attempt == 0 else \
            [rng.randint(-3 - attempt, 3 + attempt) for _ in range(nvars - 1)] + [1]
        s = sum((c * R.gens[k] for k, c in enumerate(mult) if c), R.zero)
        powers = _power_forms(s, G, index, len(basis), R)
        if powers is None:
            continue
        h, solve_in = powers
        out: list[tuple] = []
        exprs = [solve_in(_vector(R.gens[v].rem(G), index, len(basis))) for v in range(nvars)]
        if any(e is None for e in exprs):
            continue
        for root in real_roots(h):
            out.append(tuple(_at_root(e, root) for e in exprs))       # type: ignore[arg-type]
        return Solutions(SystemStatus.POINTS, tuple(out))
    return Solutions(SystemStatus.POINTS, (), unresolved=1)


def _standard_monomials(G: list[Any], nvars: int) -> list[tuple[int, ...]]:
    """The monomials divisible by no leading monomial of G (a basis of Q[x]/I)."""
    leads = [g.LM for g in G]
    found = [(0,) * nvars]
    seen = set(found)
    k = 0
    while k < len(found):
        m = found[k]
        k += 1
        for v in range(nvars):
            n = m[:v] + (m[v] + 1,) + m[v + 1:]
            if n in seen or any(all(a >= b for a, b in zip(n, lead)) for lead in leads):
                continue
            seen.add(n)
            found.append(n)
            if len(found) > QUOTIENT_LIMIT:
                raise ValueError(f"the quotient algebra has dimension above {QUOTIENT_LIMIT}")
    return found


def _vector(p: Any, index: dict[tuple[int, ...], int], n: int) -> list[Fraction]:
    """A normal form's coefficients on the standard monomials."""
    out = [Fraction(0)] * n
    for m, c in p.items():
        out[index[m]] = Fraction(int(c.numerator), int(c.denominator))
    return out


def _power_forms(s: Any, G: list[Any], index: dict[tuple[int, ...], int], n: int, R: Any
                 ) -> tuple[list[Fraction], Callable[[list[Fraction]], list[Fraction] | None]
                            ] | None:
    """s's minimal polynomial h on A (coefficients, constant first) and a solver
    writing a vector of A in the basis 1, s, ..., s^(n-1); None when deg h < n."""
    from ..linalg import linear_solve
    vecs: list[list[Fraction]] = []
    p = R.one
    for _ in range(n):
        vecs.append(_vector(p.rem(G) if G else p, index, n))
        p = (p * s).rem(G)
    top = _vector(p, index, n)
    cols = [[vecs[k][r] for k in range(n)] for r in range(n)]

    def solve_in(target: list[Fraction]) -> list[Fraction] | None:
        got = linear_solve([cols[r] + [target[r]] for r in range(n)])
        if got is None or got[1]:
            return None
        return got[0]
    coeffs = solve_in(top)
    if coeffs is None:
        return None
    return [-c for c in coeffs] + [Fraction(1)], solve_in


def _at_root(coeffs: list[Fraction], root: Fraction | RealRoot) -> Any:
    """The polynomial with these coefficients at a root of h (exact)."""
    if isinstance(root, Fraction):
        total = Fraction(0)
        for c in reversed(coeffs):
            total = total * root + c
        return total
    value = root.element(coeffs)
    r = value.rational()
    return value if r is None else r
