"""Robustness: how far all ranged parameters can move together before the prediction
changes.

In range-scaled coordinates u_i = (x_i - x0_i) / width_i, the radius is the largest
r such that every point of the box with max |u_i| <= r has the baseline's
equilibrium structure. The structure can only change across a critical polynomial
(critical.py), so:

1. for every critical polynomial P, the L-infinity distance r_P from the baseline to
   the nearest point of P = 0 inside the box, with that point: exact for linear P
   (a one-dimensional piecewise-linear equation), exact for polynomials of degree two
   in two parameters (the distance is reached on a diagonal of the square, where the
   curve is tangent to a side of it, or on the box's edge);
2. in increasing r_P, solve the game exactly at the nearest point and just beyond it
   (where P alone has changed sign): the first P whose crossing changes the
   structure gives the radius and the witness;
3. a change needing two crossings at once lies at least max(r_P, r_Q) away; when
   every such pair lies beyond the radius found, the radius is exact, else the
   result is a certified interval [lower, radius].
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import GameError
from ..numbers import Exact, SymExpr, exact_str, sign, simplify_exact, to_float
from .critical import critical
from .thresholds import Solver, Structure, baseline, structure, whole

if TYPE_CHECKING:
    from ..model import Game
    from ..scenario.model import Scenario


@dataclass(frozen=True)
class Robustness:
    """The joint-change radius of the baseline's prediction (None: it holds on the
    whole box), the point where it breaks, and whether the radius is exact."""

    names: tuple[str, ...]
    radius: Exact | None
    witness: dict[str, Exact] | None
    exact: bool = True
    lower: Exact | None = None          # a certified lower bound when not exact
    boundary: Any = None                # the polynomial crossed at the witness
    notes: tuple[str, ...] = ()
    interactions: tuple[tuple[str, str], ...] = ()   # pairs some critical curve couples

    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's "robustness" object."""
        out: dict[str, Any] = {
            "radius": None if self.radius is None else exact_str(self.radius),
            "radius_float": None if self.radius is None else to_float(self.radius),
            "witness": None if self.witness is None else
            {n: exact_str(v) for n, v in self.witness.items()},
            "scale": "range",
            "exact": self.exact,
        }
        if not self.exact:
            out["lower_bound"] = None if self.lower is None else exact_str(self.lower)
        if self.boundary is not None:
            out["boundary"] = str(self.boundary)
        if self.notes:
            out["notes"] = list(self.notes)
        out["interactions"] = [list(p) for p in self.interactions]
        return out

    def sentence(self) -> str:
        """The verdict line of the report."""
        if self.radius is None:
            return ("the prediction holds over the whole box of parameter ranges: no joint "
                    "change within the ranges alters it")
        pct = 100 * to_float(self.radius)
        share = f"{pct:.3g}%" if pct >= 0.1 else f"{pct:.2g}%"
        where = ", ".join(f"{n} = {_show(v)}" for n, v in (self.witness or {}).items())
        bound = "" if self.exact else \
            f" (at least {100 * to_float(self.lower or 0):.3g}%, certified)"
        if self.radius == 0:
            return (f"the prediction is on a knife edge: the baseline lies on a boundary and the "
                    f"slightest change breaks it (for example at {where})")
        return (f"the prediction survives any joint change of up to {share} of each "
                f"range{bound}; it breaks first at {where}")


def _show(v: Exact) -> str:
    s = exact_str(v)
    return s if isinstance(v, Fraction) else f"{s} ≈ {to_float(v):.4g}"


# ------------------------------------------------------------------ the analysis

def robustness(scenario: Scenario, values: Mapping[str, Fraction | int | str] | None = None,
               names: Sequence[str] | None = None,
               *, solver: Solver) -> Robustness | None:
    """The robustness of the baseline's equilibrium structure to joint changes of the
    ranged parameters (`names`, default all); None when no parameter has a range."""
    names = tuple(names) if names is not None else tuple(
        n for n, p in scenario.parameters.items() if p.range is not None)
    if not names:
        return None
    solve = solver
    base = baseline(scenario, values)
    crit = critical(scenario, list(names), base)
    syms = crit.symbols
    x0 = [base[n] for n in names]
    box = [_range(scenario, n) for n in names]
    widths = [hi - lo for lo, hi in box]
    notes = list(crit.notes)
    here = structure(whole(solve(scenario.game(base, check_range=False))))
    pairs = interactions(crit.polys, syms, names)

    def struct_at(point: Sequence[Exact]) -> Structure | None:
        rational = [v for v in point if isinstance(v, Fraction)]
        if len(rational) != len(point):
            return None
        return structure(whole(solve(scenario.game({**base, **dict(zip(names, rational))},
                                                   check_range=False))))

    nearest: list[tuple[Exact, list[Exact], Any]] = []
    unknown: list[Any] = []
    for p in crit.polys:
        got = nearest_point(p, syms, x0, widths, box)
        if got is None:
            continue
        if isinstance(got, str):
            unknown.append(p)
            continue
        nearest.append((got[0], got[1], p))
    nearest.sort(key=lambda t: to_float(t[0]))
    # a curved boundary in three or more parameters: a certified distance below which
    # it cannot vanish (interval arithmetic on the scaled cube)
    def floor_up_to(cap: Fraction) -> Fraction | None:
        return min((clear_radius(p, syms, x0, widths, box, cap=cap) for p in unknown),
                   default=None)
    polys = list(crit.polys)
    edge = knife_edge(polys, syms, x0, widths, box, here, struct_at)
    if edge is not None:
        return Robustness(names, Fraction(0), dict(zip(names, edge[0])), True, None, edge[1],
                          tuple(notes), pairs)
    passed: list[tuple[Exact, Any]] = []
    for r, point, p in nearest:
        if _changes(p, point, polys, syms, x0, here, struct_at, box):
            lower = _lower_bound(passed, r)
            if lower is not None:
                notes.append("two boundaries that each keep the prediction lie closer than "
                             "the radius; their joint crossing was not examined")
            floor = floor_up_to(Fraction(r) if isinstance(r, Fraction) else Fraction(1))
            if floor is not None and floor < to_float(r):
                notes.append("a curved boundary in three or more parameters (or with "
                             "coefficients beyond games.limits.ROBUST_CONIC_BITS bits) may "
                             "come closer than the radius (it is at least "
                             f"{exact_str(floor)} away)")
                lower = floor if lower is None else min(lower, floor, key=to_float)
            exact = lower is None
            return Robustness(names, simplify_exact(r), dict(zip(names, point)), exact,
                              None if exact else (lower if lower is not None else Fraction(0)),
                              p, tuple(notes), pairs)
        passed.append((r, p))
    lower = _lower_bound(passed, None)
    floor = floor_up_to(Fraction(1))
    if floor is not None and floor < 1:
        lower = floor if lower is None else min(lower, floor, key=to_float)
    if lower is not None:
        notes.append("no single boundary changes the prediction; joint crossings of two "
                     "were not examined")
        return Robustness(names, None, None, False, lower, None, tuple(notes), pairs)
    return Robustness(names, None, None, True, None, None, tuple(notes), pairs)


def knife_edge(polys: Sequence[SymExpr], syms: Sequence[SymExpr], x0: Sequence[Fraction],
               widths: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]],
               here: Structure, struct_at: Callable[[Sequence[Exact]], Structure | None]
               ) -> tuple[list[Fraction], SymExpr] | None:
    """When the baseline lies on critical curves, every side of them touches it: a
    point arbitrarily close to the baseline with another structure (and a curve
    through the baseline), or None. The sides are probed along the directions
    {-1, 0, 1}^n (range-scaled) at a step short of every other zero: polynomials not
    vanishing at the baseline keep their sign within their certified clear radius,
    and those vanishing there have no other root along the ray before the step (its
    univariate restriction's positive roots), so the whole open segment has the
    probe's sign pattern, hence its structure."""
    import sympy
    at: dict[Any, Any] = {s: _q(v) for s, v in zip(syms, x0)}
    on = [p for p in polys if sympy.expand(p.subs(at)) == 0]
    if not on:
        return None
    off = [p for p in polys if p not in on]
    step = min((clear_radius(p, syms, x0, widths, box, cap=Fraction(1, 64)) for p in off),
               default=Fraction(1, 64)) / 2
    t = sympy.Symbol("t", positive=True)
    for d in itertools.product((-1, 0, 1), repeat=len(syms)):
        if not any(d):
            continue
        eps = step
        ray: dict[Any, Any] = {s: _q(v) + k * _q(w) * t
                               for s, v, w, k in zip(syms, x0, widths, d)}
        for p in on:
            e = sympy.expand(p.subs(ray))
            if e == 0:
                continue
            roots = [r for r in sympy.Poly(e, t).real_roots() if to_float(r) > 0]
            if roots:
                eps = min(eps, Fraction(min(to_float(r) for r in roots)) / 2)
        eps = Fraction(eps).limit_denominator(10 ** 9) if eps > 0 else eps
        point = [v + k * eps * w for v, w, k in zip(x0, widths, d)]
        if eps <= 0 or any(not lo <= v <= hi for v, (lo, hi) in zip(point, box)):
            continue
        other = struct_at(point)
        if other is not None and other != here:
            crossed = next((p for p in on if sympy.expand(p.subs(ray)) != 0), on[0])
            return point, crossed
    return None


def _range(scenario: Scenario, name: str) -> tuple[Fraction, Fraction]:
    """A parameter's range; GameError when it has none (robustness is measured in
    shares of each range)."""
    rng = scenario.parameters[name].range
    if rng is None:
        raise GameError(f"parameter '{name}' has no range; give it one (range: [lo, hi])")
    return rng


def interactions(polys: Sequence[SymExpr], syms: Sequence[SymExpr], names: Sequence[str]
                 ) -> tuple[tuple[str, str], ...]:
    """The pairs of parameters that some critical polynomial involves together: their
    joint effect is not a sum of separate thresholds (their region map has boundaries
    that are not parallel to an axis)."""
    found: set[tuple[str, str]] = set()
    for p in polys:
        free = [n for s, n in zip(syms, names) if s in p.free_symbols]
        found.update(itertools.combinations(free, 2))
    order = {n: k for k, n in enumerate(names)}
    return tuple(sorted(found, key=lambda t: (order[t[0]], order[t[1]])))


def _lower_bound(passed: list[tuple[Exact, Any]], r: Exact | None) -> Exact | None:
    """None when no two crossed-but-harmless boundaries are both nearer than r; else
    the smallest distance at which two of them can both be crossed."""
    worst = None
    for (ra, _), (rb, _) in itertools.combinations(passed, 2):
        d = ra if to_float(ra) >= to_float(rb) else rb
        if (r is None or to_float(d) < to_float(r)) and \
                (worst is None or to_float(d) < to_float(worst)):
            worst = d
    return worst


def _changes(p: Any, point: Sequence[Exact], polys: list[Any], syms: Sequence[Any],
             x0: Sequence[Fraction], here: Structure, struct_at: Any,
             box: Sequence[tuple[Fraction, Fraction]]) -> bool:
    """Does the structure differ at `point` (on p = 0) or just beyond it (where p alone
    has changed sign)? Both are solved exactly."""
    at = struct_at(point)
    if at is not None and at != here:
        return True
    beyond = _just_beyond(p, point, polys, syms, x0, box)
    if beyond is None:
        return False
    return struct_at(beyond) != here


def _just_beyond(p: Any, point: Sequence[Exact], polys: list[Any], syms: Sequence[Any],
                 x0: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]]
                 ) -> list[Fraction] | None:
    """A rational point a little past `point` across p = 0 (away from the baseline's
    side), where every other polynomial keeps its baseline sign."""
    import sympy
    if not all(isinstance(v, Fraction) for v in point):
        return None
    table0 = {s: _q(v) for s, v in zip(syms, x0)}
    s0 = sympy.sign(p.subs(table0))
    grad = [sympy.diff(p, s).subs({s: _q(v) for s, v in zip(syms, point)}) for s in syms]
    direction = [Fraction(-int(s0) * int(sympy.sign(g))) for g in grad]
    if not any(direction) or s0 == 0:
        return None
    others = [(q, sympy.sign(q.subs(table0))) for q in polys if q is not p]
    eps = Fraction(1, 64)
    for _ in range(40):
        cand = [min(max(v + eps * d * (hi - lo), lo), hi)
                for v, d, (lo, hi) in zip(point, direction, box)]
        table = {s: _q(v) for s, v in zip(syms, cand)}
        if sympy.sign(p.subs(table)) == -s0 and \
                all(sympy.sign(q.subs(table)) == sq for q, sq in others if sq != 0):
            return cand
        eps /= 4
    return None


# ------------------------------------------------------------------ distances

def nearest_point(p: SymExpr, syms: Sequence[SymExpr], x0: Sequence[Fraction],
                  widths: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]]
                  ) -> tuple[Exact, list[Exact]] | str | None:
    """The range-scaled L-infinity distance from x0 to the nearest point of p = 0 in
    the box, and that point; None when p = 0 misses the box; "unknown" for a curved
    boundary in more than two parameters, or a conic whose coefficients pass
    ROBUST_CONIC_BITS (sympy's exact solve of it does not end in bounded time); the
    caller then certifies a lower bound instead."""
    import sympy
    P = sympy.Poly(p, *syms)
    if P.total_degree() == 1:
        return _linear_nearest(P, syms, x0, widths, box)
    from ..limits import ROBUST_CONIC_BITS
    small = max((abs(c.p).bit_length() + abs(c.q).bit_length() for c in P.coeffs()),
                default=0) <= ROBUST_CONIC_BITS
    if len(syms) == 2 and P.total_degree() <= 2 and small:
        return _planar_nearest(p, syms, x0, widths, box)
    return "unknown"


def _linear_nearest(P: Any, syms: Sequence[Any], x0: Sequence[Fraction],
                    widths: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]]
                    ) -> tuple[Exact, list[Exact]] | None:
    """min t such that sum c_i u_i = d has a solution with |u_i| <= t inside the box
    (u scaled): the reachable range grows piecewise linearly in t."""
    c = [_f(P.coeff_monomial(s)) * w for s, w in zip(syms, widths)]
    value = _f(P.as_expr().subs({s: _q(v) for s, v in zip(syms, x0)}))
    d = -value
    if d == 0:
        return Fraction(0), list(x0)
    flip = 1 if d > 0 else -1
    c, d = [flip * ci for ci in c], flip * d
    # how far u_i may go in the helpful direction (sign of c_i), in scaled units
    bound = []
    for ci, v, w, (lo, hi) in zip(c, x0, widths, box):
        bound.append((hi - v) / w if ci > 0 else (v - lo) / w if ci < 0 else Fraction(0))
    slopes = [(abs(ci), b) for ci, b in zip(c, bound) if ci != 0]
    if sum(a * b for a, b in slopes) < d:
        return None
    t, reach = Fraction(0), Fraction(0)
    for stop in sorted({b for _, b in slopes}):
        rate = sum(a for a, b in slopes if b > t)
        if reach + rate * (stop - t) >= d:
            t = t + (d - reach) / rate
            break
        reach += rate * (stop - t)
        t = stop
    u = [(1 if ci > 0 else -1) * min(t, b) if ci != 0 else Fraction(0)
         for ci, b in zip(c, bound)]
    return t, [v + ui * w for v, ui, w in zip(x0, u, widths)]


def _planar_nearest(p: Any, syms: Sequence[Any], x0: Sequence[Fraction],
                    widths: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]]
                    ) -> tuple[Exact, list[Exact]] | None:
    """The nearest point of a conic (two parameters) in scaled L-infinity distance:
    among the curve's points on the square's diagonals, its points of horizontal or
    vertical tangency, and its points on the box's edges."""
    import sympy
    x, y = syms
    cands: list[tuple[Any, Any]] = []
    t = sympy.Symbol("t", real=True)
    X0, Y0 = _q(x0[0]), _q(x0[1])
    W1, W2 = _q(widths[0]), _q(widths[1])
    for sgn in (1, -1):
        e = sympy.expand(p.subs({x: X0 + W1 * t, y: Y0 + sgn * W2 * t}))
        for r in _real_roots(e, t):
            cands.append((X0 + W1 * r, Y0 + sgn * W2 * r))
    for d in (sympy.diff(p, x), sympy.diff(p, y)):
        try:
            sols = sympy.solve([p, d], [x, y], dict=True)
        except NotImplementedError:
            sols = []
        cands.extend((s[x], s[y]) for s in sols if x in s and y in s)
    for k, (lo, hi) in enumerate(box):
        for edge in (lo, hi):
            other = syms[1 - k]
            e = sympy.expand(p.subs(syms[k], _q(edge)))
            for r in _real_roots(e, other):
                cands.append((_q(edge), r) if k == 0 else (r, _q(edge)))
    best = None
    for cx, cy in cands:
        if not (cx.is_real and cy.is_real):
            continue
        if sign(cx - _q(box[0][0])) < 0 or sign(_q(box[0][1]) - cx) < 0:
            continue
        if sign(cy - _q(box[1][0])) < 0 or sign(_q(box[1][1]) - cy) < 0:
            continue
        du, dv = abs((cx - X0) / W1), abs((cy - Y0) / W2)
        r = sympy.Max(du, dv)
        r = sympy.nsimplify(r) if r.has(sympy.Float) else r
        if best is None or to_float(r) < to_float(best[0]):
            best = (simplify_exact(sympy.radsimp(r)), [simplify_exact(cx), simplify_exact(cy)])
    return best


def clear_radius(p: SymExpr, syms: Sequence[SymExpr], x0: Sequence[Fraction],
                 widths: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]],
                 steps: int = 12, cap: Fraction = Fraction(1)) -> Fraction:
    """A certified lower bound on the scaled L-infinity distance from x0 to p = 0 in
    the box, up to `cap`: `cap` itself when p cannot vanish that close, else the
    largest r found by bisection at which p cannot vanish on the cube
    of radius r (clipped to the box): decided exactly at the corners for a
    multilinear p, by interval arithmetic otherwise."""
    import sympy
    terms = [(m, _f(c)) for m, c in sympy.Poly(p, *syms).terms()]

    multilinear = all(k <= 1 for m, _ in terms for k in m)

    def clear(r: Fraction) -> bool:
        iv = [(max(lo, v - r * w), min(hi, v + r * w))
              for v, w, (lo, hi) in zip(x0, widths, box)]
        if multilinear:      # its extremes on a box are at the box's corners: exact
            vals = [sum((c * _prod(corner, m) for m, c in terms), Fraction(0))
                    for corner in itertools.product(*iv)]
            return min(vals) > 0 or max(vals) < 0
        tot_lo = tot_hi = Fraction(0)
        for mono, c in terms:
            lo, hi = Fraction(c), Fraction(c)
            for (a, b), k in zip(iv, mono):
                for _ in range(k):
                    prods = (lo * a, lo * b, hi * a, hi * b)
                    lo, hi = min(prods), max(prods)
            tot_lo, tot_hi = tot_lo + lo, tot_hi + hi
        return tot_lo > 0 or tot_hi < 0

    lo, hi = Fraction(0), cap
    if clear(hi):
        return hi
    for _ in range(steps):
        mid = (lo + hi) / 2
        if clear(mid):
            lo = mid
        else:
            hi = mid
    return lo


def _prod(point: Sequence[Fraction], mono: Sequence[int]) -> Fraction:
    out = Fraction(1)
    for v, k in zip(point, mono):
        out *= v ** k
    return out


def _real_roots(e: Any, t: Any) -> list[Any]:
    import sympy
    if not e.free_symbols:
        return []
    return [r for r in sympy.roots(sympy.Poly(e, t)) if r.is_real]


def _q(v: Exact) -> Any:
    import sympy
    return sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else v


def _f(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))
