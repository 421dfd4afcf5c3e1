"""The cells that touch a point: one rational probe point in each, so that a direct
solve there decides whether the equilibrium structure differs arbitrarily close by.

Near a point x*, a boundary that does not vanish there keeps its sign; the boundaries
Z that vanish (and the box's edges through x*) cut a small neighbourhood into cells,
one per realisable sign pattern on Z. Two cases are decided completely:

* every vanishing boundary is linear: the cells are the faces of the central
  arrangement of their normals, clipped by the box; a pattern is realised exactly
  when the linear program "normal . d = 0, >= 1 or <= -1" has a solution d (exact
  simplex, games.solvers.lp), and x* + eps d is a probe for small enough eps;
* the curved ones have gradients independent of each other and of the linear normals:
  near x* the picture is then a product (each curved boundary is a coordinate of its
  own), every pattern is realised, a curved boundary's sign along d is the sign of
  its gradient . d, and a cell ON one quadric is reached by the secant through x*
  (a line through a rational point of a quadric meets it again at a rational point,
  as close as wanted when the line is nearly tangent); at an irrational x*, by
  moving a rational point near it along a rational direction of the vanishing
  linear boundaries' subspace along which the curved one is of degree one (several
  curved ones one at a time), or by the secant from a known rational point of the
  quadric (an anchor) towards a target near x*;
* at a rational x*, a planar picture (`_planar`): the boundaries of two coordinates
  have distinct tangents there, the others are independent in the rest; or n + 1
  boundaries and box edges in n coordinates with normals in general position
  (`_one_more`: a quadric through a corner of the box, say); the cells are those of
  the tangent planes, decided by the same LP.

A cell on one curved boundary where no rational point is found gets an algebraic
probe (`Local.algebraic`: p + s v, s a real root of the boundary along a rational
line), which the caller solves exactly in Q(s). Everything else (tangent boundaries,
singular points, a curved boundary through a corner of the box, dependent normals in
three or more coordinates) is reported as not complete. Every probe is accepted
only after its exact sign vector was checked against the pattern.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..linalg import linear_solve
from ..numbers import Exact, sign, to_float
from .robust_contacts import Boundary, Geometry
from .robust_oncurve import algebraic_probe, on_zeros
from .robust_pencil import pencil

if TYPE_CHECKING:
    from ..numbers import SymExpr

Pattern = tuple[int, ...]
_SHRINK = 40            # halvings of the step before a probe is given up
MAX_PATTERNS = 3 ** 7   # sign patterns examined around one point before giving up


@dataclass(frozen=True)
class Local:
    """Rational probe points of the cells touching a point (the point itself first when
    it is rational), and whether every such cell has one."""

    probes: tuple[tuple[Fraction, ...], ...]
    complete: bool
    own: bool = False           # probes[0] lies in the point's own cell
    others: bool = False        # every cell but the point's own has a probe
    algebraic: tuple[tuple[Exact, ...], ...] = ()   # probes of cells with no rational
                                                    # point found: solved exactly there


def signs_at(bounds: Sequence[Boundary], syms: Sequence[SymExpr],
             point: Sequence[Exact]) -> tuple[int, ...]:
    """The exact sign of every boundary at a point (rational or algebraic)."""
    if all(isinstance(v, Fraction) for v in point):
        rat = [v for v in point if isinstance(v, Fraction)]
        return tuple(_sgn(b.at(rat)) for b in bounds)
    from .robust_field import field_signs
    got = field_signs(bounds, point)        # exactly in the point's number field
    if got is not None:
        return got
    import sympy

    from .robust_numeric import digits, numeric_sign
    table: dict[Any, Any] = {s: (sympy.Rational(v.numerator, v.denominator)
                                 if isinstance(v, Fraction) else v) for s, v in zip(syms, point)}
    near = [digits(v) for v in point]
    out = []
    for b in bounds:            # clearly away from zero at 80 digits, else exactly
        got1 = numeric_sign(b, near)
        out.append(got1 if got1 is not None else sign(sympy.expand(b.expr.subs(table))))
    return tuple(out)


def local_cells(geom: Geometry, bounds: Sequence[Boundary], syms: Sequence[SymExpr],
                point: Sequence[Exact],
                anchors: Mapping[int, Sequence[tuple[Fraction, ...]]] | None = None) -> Local:
    """A rational probe in each cell touching `point` (see the module's docstring);
    `anchors`: known rational points of some quadrics, from which secants reach the
    quadric's cells next to an irrational point."""
    anchors = anchors or {}
    here = signs_at(bounds, syms, point)
    zero = [j for j, s in enumerate(here) if s == 0]
    n = len(point)
    rational = all(isinstance(v, Fraction) for v in point)
    approx = [v if isinstance(v, Fraction) else near_rational(v) for v in point]
    # the box's edges through the point: inward unit normals, sign pattern {0, +}
    edges: list[list[Fraction]] = []
    for k, (lo, hi) in enumerate(geom.box):
        for edge, inward in ((lo, 1), (hi, -1)):
            if isinstance(point[k], Fraction) and point[k] == edge:
                edges.append([Fraction(inward if i == k else 0) for i in range(n)])
    grads = [_gradient(bounds[j], approx) for j in zero]
    curved = [i for i, j in enumerate(zero) if bounds[j].degree > 1]
    product = _independent(grads, edges, curved) or (
        rational and bool(curved) and (_planar(bounds, zero, grads, edges) or
                                       _one_more(grads, edges) or
                                       pencil(bounds, zero, [*grads, *edges], approx)))
    complete = others = product or not curved
    probes: list[tuple[Fraction, ...]] = []
    exact: list[tuple[Exact, ...]] = []
    own = _own_cell(geom, bounds, point, here, zero, edges, rational)
    if own is None and not edges and len(zero) == 1 and zero[0] in anchors:
        got = _anchored(geom, bounds, point, anchors[zero[0]], bounds[zero[0]],
                        [Fraction(0)] * n, list(here))
        own = None if isinstance(got, str) else got
    if own is None:
        complete = False
    else:
        probes.append(own)
    if 3 ** len(zero) * 2 ** len(edges) > MAX_PATTERNS:
        return Local(tuple(probes), False, own is not None)   # too many boundaries at once
    patterns, pruned = _patterns([*grads, *edges], len(zero), len(edges))
    if pruned and not (product or not curved):
        complete = others = False   # with curved normals an unrealised one is undecided
    for pattern in patterns:
        if not any(pattern):
            continue
        probe = _probe(geom, bounds, point, approx, here, zero, grads, edges, pattern,
                       rational, product)
        if probe == "missed" and not rational and product and all(pattern[len(zero):]):
            on = [j for i, j in enumerate(zero) if pattern[i] == 0]
            if len(on) == 1 and on[0] in anchors and all(
                    pattern[i] != 0 or bounds[j].degree == 2 for i, j in enumerate(zero)):
                d = _direction([*grads, *edges], pattern)
                if d is not None:
                    want = list(here)
                    for i, j in enumerate(zero):
                        want[j] = pattern[i]
                    probe = _anchored(geom, bounds, point, anchors[on[0]], bounds[on[0]], d,
                                      want)
        if probe == "missed" and product:   # no rational point found: an algebraic one
            alg = algebraic_probe(geom, bounds, syms, point, zero, edges, pattern,
                                   _direction([*grads, *edges], pattern))
            if alg is not None:
                exact.append(alg)
                continue
        if probe is None:
            continue
        if isinstance(probe, str):          # "missed": not decided
            complete = others = False
            continue
        probes.append(probe)
    return Local(tuple(dict.fromkeys(probes)), complete, own is not None, others,
                 tuple(dict.fromkeys(exact)))


def _probe(geom: Geometry, bounds: Sequence[Boundary], point: Sequence[Exact],
           approx: Sequence[Fraction], here: Sequence[int], zero: Sequence[int],
           grads: Sequence[list[Fraction]], edges: Sequence[list[Fraction]],
           pattern: Pattern, rational: bool, product: bool
           ) -> tuple[Fraction, ...] | str | None:
    """A probe with this pattern on the vanishing boundaries and edges; None when the
    pattern is not realised near the point, "missed" when it could not be decided."""
    on_curve = [i for i, j in enumerate(zero) if pattern[i] == 0 and bounds[j].degree > 1]
    curved_any = any(bounds[j].degree > 1 for j in zero)
    d = _direction([*grads, *edges], pattern)
    if d is None:
        # exact for linear normals; with curved ones only when the picture is a product
        return None if (not curved_any or product) else "missed"
    want = list(here)
    for i, j in enumerate(zero):
        want[j] = pattern[i]
    if not rational and any(pattern[i] == 0 for i in range(len(zero))):
        if on_curve and not product:
            return "missed"
        return _projected(geom, bounds, point, zero, edges, pattern, d, want)
    if not on_curve:
        return _along(geom, bounds, approx, d, want)
    if not product:
        return "missed"
    if len(on_curve) > 1:           # on several curved ones: met one at a time
        return _projected(geom, bounds, point, zero, edges, pattern, d, want)
    got: tuple[Fraction, ...] | str = "missed"
    if bounds[zero[on_curve[0]]].degree == 2:
        got = _secant(geom, bounds, approx, zero, grads, edges, pattern, d, on_curve[0], want)
    if isinstance(got, str):        # a boundary of degree one in some coordinate
        got = _projected(geom, bounds, point, zero, edges, pattern, d, want)
    return got


def _first_fit(geom: Geometry, bounds: Sequence[Boundary], d: Sequence[Fraction],
               want: Sequence[int],
               make: Callable[[Fraction], Iterable[tuple[Fraction, ...] | None]]
               ) -> tuple[Fraction, ...] | str:
    """The first point `make(eps)` offers, for eps = step / 2^k (k = 0, 1, ...), that
    lies in the box with exactly the wanted signs; "missed" when none does (or when
    `make` offers None: it cannot build one)."""
    eps = step(geom, d)
    for _ in range(_SHRINK):
        for p in make(eps):
            if p is None:
                return "missed"
            if _fits(geom, bounds, p, want):
                return p
        eps /= 2
    return "missed"


def _along(geom: Geometry, bounds: Sequence[Boundary], start: Sequence[Fraction],
           d: Sequence[Fraction], want: Sequence[int]) -> tuple[Fraction, ...] | str:
    """start + eps d for the largest eps = step / 2^k with the wanted exact signs."""
    return _first_fit(geom, bounds, d, want,
                      lambda eps: [tuple(v + eps * x for v, x in zip(start, d))])


def _projected(geom: Geometry, bounds: Sequence[Boundary], point: Sequence[Exact],
               zero: Sequence[int], edges: Sequence[list[Fraction]], pattern: Pattern,
               d: Sequence[Fraction], want: Sequence[int]) -> tuple[Fraction, ...] | str:
    """For an irrational point: a rational point near point + eps d on the boundaries
    the pattern keeps at zero (`_on_zeros`), with the wanted signs."""
    approx = [near_rational(v, 10 ** 40) for v in point]

    def make(eps: Fraction) -> list[tuple[Fraction, ...] | None]:
        return [on_zeros(geom, bounds, [v + eps * x for v, x in zip(approx, d)], zero,
                          edges, pattern)]
    return _first_fit(geom, bounds, d, want, make)


def _secant(geom: Geometry, bounds: Sequence[Boundary], start: Sequence[Fraction],
            zero: Sequence[int], grads: Sequence[list[Fraction]],
            edges: Sequence[list[Fraction]], pattern: Pattern, d: Sequence[Fraction],
            c: int, want: Sequence[int]) -> tuple[Fraction, ...] | str:
    """A rational point on the quadric zero[c] in the wanted cell: the line through the
    (rational) point in direction d + delta * m, with m moving off the quadric only,
    meets the quadric again at parameter -a/b (a, b its coefficients in t)."""
    rows = [[*g, Fraction(int(i == c))] for i, g in enumerate(grads)] + \
        [[*e, Fraction(0)] for e in edges]
    sol = linear_solve(rows)
    # moving off the quadric only; where the normals are dependent (a planar picture,
    # `_planar`) along its gradient: the secant still meets it again close to the point
    m = sol[0] if sol is not None else list(grads[c])
    quadric = bounds[zero[c]]

    def make(eps: Fraction) -> list[tuple[Fraction, ...] | None]:
        out: list[tuple[Fraction, ...] | None] = []
        for delta, flip in itertools.product((eps, -eps), (1, -1)):
            v = [flip * x + delta * y for x, y in zip(d, m)]
            plus = quadric.at([s + x for s, x in zip(start, v)])
            minus = quadric.at([s - x for s, x in zip(start, v)])
            a, b = (plus - minus) / 2, (plus + minus) / 2
            if b != 0 and a != 0:
                out.append(tuple(s - a / b * x for s, x in zip(start, v)))
        return out
    return _first_fit(geom, bounds, d, want, make)


def _anchored(geom: Geometry, bounds: Sequence[Boundary], point: Sequence[Exact],
              anchors: Sequence[tuple[Fraction, ...]], quadric: Boundary,
              d: Sequence[Fraction], want: Sequence[int]) -> tuple[Fraction, ...] | str:
    """A rational point of a quadric near an irrational point + eps d: the line from a
    known rational point R of the quadric towards a rational target there meets the
    quadric again at R + t v, t = -grad(R).v / q(v) (q its quadratic part), rational
    and close to the target."""
    approx0 = [near_rational(v, 10 ** 40) for v in point]
    near = sorted(anchors, key=lambda a: max(abs(x - y) for x, y in zip(a, approx0)))[:3]

    def make(eps: Fraction) -> list[tuple[Fraction, ...] | None]:
        target = [v + eps * x for v, x in zip(approx0, d)]
        out: list[tuple[Fraction, ...] | None] = []
        for anchor in near:
            v = [t - a for t, a in zip(target, anchor)]
            slope = sum((g * x for g, x in zip(quadric.gradient(list(anchor)), v)), Fraction(0))
            curve = quadric.at([a + x for a, x in zip(anchor, v)]) - slope
            if curve != 0:
                out.append(tuple(a - slope / curve * x for a, x in zip(anchor, v)))
        return out
    unit = d if any(d) else [w for w in geom.widths]
    return _first_fit(geom, bounds, unit, want, make)


def _own_cell(geom: Geometry, bounds: Sequence[Boundary], point: Sequence[Exact],
              here: Sequence[int], zero: Sequence[int], edges: Sequence[list[Fraction]],
              rational: bool) -> tuple[Fraction, ...] | None:
    """The point itself when rational; else a rational point of its own cell near it
    (`_on_zeros` with every vanishing boundary kept at zero)."""
    if rational:
        return tuple(v for v in point if isinstance(v, Fraction))
    pattern = (0,) * (len(zero) + len(edges))
    prec = 10 ** 9
    for _ in range(8):
        p = on_zeros(geom, bounds, [near_rational(v, prec) for v in point], zero, edges, pattern)
        if p is None:
            return None
        if _fits(geom, bounds, p, list(here)):
            return p
        prec *= 1000
    return None


def _patterns(normals: Sequence[Sequence[Fraction]], zeros: int, edges: int
              ) -> tuple[list[Pattern], bool]:
    """The sign patterns around a point (on each vanishing boundary -1, 0 or 1, on each
    box edge through it 0 or 1) that the normals realise, and whether any was left
    out. Only patterns whose every prefix has a direction (`_direction` on the first
    normals) are kept: one whose prefix has none has none either, and in the plane
    k lines through a point realise 4k + 1 of the 3^k patterns, so a few LPs per
    level replace one LP per pattern. (`_probe` decides each kept pattern; a left-out
    one is not realised by the normals, which is final for linear boundaries and
    product or planar pictures, and undecided otherwise.)"""
    choices = [(-1, 0, 1)] * zeros + [(0, 1)] * edges
    if normals and len(normals[0]) == 2:
        plane = sorted({p for p in map(tuple, _plane_patterns(normals))
                        if all(c in opts for c, opts in zip(p, choices))})
        return plane, len(plane) < 3 ** zeros * 2 ** edges
    if normals and _rank(normals) == len(normals[0]):   # no LP: the covectors
        full = sorted(p for p in _covectors(normals)
                      if all(c in opts for c, opts in zip(p, choices)))
        return full, len(full) < 3 ** zeros * 2 ** edges
    level: list[Pattern] = [()]
    pruned = False
    for k, options in enumerate(choices):
        grown = []
        for prefix in level:
            for c in options:
                p = (*prefix, c)
                if not any(p) or _direction(normals[:k + 1], p) is not None:
                    grown.append(p)
                else:
                    pruned = True
        level = grown
    return level, pruned


def _covectors(normals: Sequence[Sequence[Fraction]]) -> set[Pattern]:
    """Every sign pattern some direction realises on normals spanning the whole space
    (the covectors of their central arrangement), without an LP: the sign patterns of
    the arrangement's rays (the directions on n - 1 independent hyperplanes g . d = 0,
    the cocircuits) and every composition of them (X o Y takes X's sign where it is
    nonzero, else Y's: the pattern of d_X + eps d_Y for a small eps > 0). Every
    covector is such a composition (a face of a pointed arrangement is the cone of its
    rays; the sum of its rays, added one at a time, has its pattern). Hundreds of
    exact LPs with large Fractions per point took most of a three-parameter search's
    time."""
    n = len(normals[0])
    rays: set[Pattern] = set()
    for sub in itertools.combinations(normals, n - 1):
        sol = linear_solve([[*g, Fraction(0)] for g in sub])
        if sol is None or len(sol[1]) != 1:
            continue
        v = sol[1][0]
        ray = tuple(_sgn(sum((a * b for a, b in zip(g, v)), Fraction(0))) for g in normals)
        rays |= {ray, tuple(-x for x in ray)}
    out: set[Pattern] = {(0,) * len(normals), *rays}
    frontier = set(rays)
    while frontier:
        grown = {tuple(x if x else y for x, y in zip(f, r)) for f in frontier for r in rays}
        frontier = grown - out
        out |= frontier
    return out


def _direction(normals: Sequence[Sequence[Fraction]], pattern: Pattern) -> list[Fraction] | None:
    """A direction d with normal . d = 0, > 0 or < 0 as the pattern says, None when
    there is none (exact LP). Of those, one with |d_i| <= 1 maximising the smallest
    signed product: well scaled, and led by the normals' large components (a normal
    taken at a rational point near an irrational one has tiny stray components,
    which a mere feasible vertex could lean on)."""
    from ..solvers.lp import solve_lp
    n = len(normals[0]) if normals else 0
    if n == 2:
        return _plane_direction(normals, pattern)
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for g, s in zip(normals, pattern):
        if s == 0:
            a_eq.append([*g, Fraction(0)])
            b_eq.append(Fraction(0))
        else:
            a_ub.append([*(-s * x for x in g), Fraction(1)])      # t <= s * g . d
            b_ub.append(Fraction(0))
    for k in range(n):
        unit = [Fraction(int(i == k)) for i in range(n)]
        a_ub += [[*unit, Fraction(0)], [*(-u for u in unit), Fraction(0)]]
        b_ub += [Fraction(1), Fraction(1)]
    a_ub.append([Fraction(0)] * n + [Fraction(1)])
    b_ub.append(Fraction(1))
    res = solve_lp([0] * n + [1], a_ub, b_ub, a_eq or None, b_eq or None,
                   free=range(n + 1), method="exact")
    if not res.optimal or res.x is None or res.x[-1] <= 0:
        return None
    return list(res.x[:n])


def _plane_patterns(normals: Sequence[Sequence[Fraction]]) -> list[list[int]]:
    """Every sign pattern of the normals that some plane direction realises (the zero
    direction's included): those of `_plane_candidates`, in one pass."""
    out = [[0] * len(normals)]
    for d in _plane_candidates(normals):
        out.append([_sign_dot(g, d) for g in normals])
    return out


def _sign_dot(g: Sequence[Fraction], d: Sequence[Fraction]) -> int:
    v = g[0] * d[0] + g[1] * d[1]
    return (v > 0) - (v < 0)


def _plane_candidates(normals: Sequence[Sequence[Fraction]]) -> list[tuple[Fraction, Fraction]]:
    """The middles of the arcs between angularly consecutive perpendiculars of the
    normals, then the perpendiculars themselves (see `_plane_direction`)."""
    import functools
    crit: list[tuple[Fraction, Fraction]] = []
    for g in normals:
        if g[0] == 0 and g[1] == 0:
            continue
        top = max(abs(g[0]), abs(g[1]))
        perp = (-g[1] / top, g[0] / top)
        crit += [perp, (-perp[0], -perp[1])]
    crit = sorted(set(crit), key=functools.cmp_to_key(_by_angle))
    cands = []
    for k, d in enumerate(crit):
        e = crit[(k + 1) % len(crit)]
        mid = (d[0] + e[0], d[1] + e[1])
        if mid == (0, 0):               # a half turn: parallel normals
            mid = (-d[1], d[0])         # d turned a quarter towards e
        cands.append(mid)
    return cands + crit


def _plane_direction(normals: Sequence[Sequence[Fraction]], pattern: Pattern
                     ) -> list[Fraction] | None:
    """`_direction` in the plane without an LP: the directions d with g . d = 0 are the
    two perpendiculars of g, so every sign pattern that some direction realises is
    realised by one of them or by the middle of an arc between two angularly
    consecutive ones (the sum of the two, each scaled to largest component 1: strictly
    inside an arc shorter than a half turn; for parallel normals, +-g itself). The
    first such candidate with the pattern is returned, an arc's middle preferred (the
    best scaled: the LP's choice maximises the smallest product, nearest an arc's
    middle). Hundreds of exact LPs with large Fractions took most of a two-parameter
    search's time."""
    if not any(pattern):
        return [Fraction(0), Fraction(0)]      # d = 0 (as the LP's optimum)

    def fits(d: tuple[Fraction, Fraction]) -> bool:
        return all(_sign_dot(g, d) == s for g, s in zip(normals, pattern))
    cands = _plane_candidates(normals)
    found = next((d for d in cands if fits(d)), None)
    if found is None:
        return None
    top = max(abs(found[0]), abs(found[1]))
    return [found[0] / top, found[1] / top]


def _by_angle(d: tuple[Fraction, Fraction], e: tuple[Fraction, Fraction]) -> int:
    """Order of two nonzero plane directions by their angle in [0, 2 pi), exactly: the
    upper half first, then by the sign of the cross product."""
    hd = d[1] < 0 or (d[1] == 0 and d[0] < 0)
    he = e[1] < 0 or (e[1] == 0 and e[0] < 0)
    if hd != he:
        return 1 if hd else -1
    cross = d[0] * e[1] - d[1] * e[0]
    return (cross < 0) - (cross > 0)


def _independent(grads: Sequence[list[Fraction]], edges: Sequence[list[Fraction]],
                 curved: Sequence[int]) -> bool:
    """Do the curved boundaries' gradients stay independent of each other and of the
    linear normals and box edges (the product picture)?"""
    if not curved:
        return True
    flat = [g for i, g in enumerate(grads) if i not in curved] + list(edges)
    every = flat + [grads[i] for i in curved]
    return _rank(every) == _rank(flat) + len(curved)


def _one_more(grads: Sequence[list[Fraction]], edges: Sequence[list[Fraction]]) -> bool:
    """At a rational point of n coordinates, n + 1 vanishing boundaries and box edges
    whose normals are in general position (every n of them independent): the cells
    are those of the tangent hyperplanes. Straighten n of them into coordinates y (the
    inverse function theorem); the last is g = c . y + O(|y|^2) with every c_i != 0
    (its gradient is in the span of no n - 1 of the others), so on each orthant face
    {sign y = s} near 0 g keeps the sign of c . y when the c_i s_i on s's support
    agree, and takes every sign when they do not: exactly as its tangent plane does.
    A pattern is then realised exactly when its direction LP is feasible."""
    normals = [*grads, *edges]
    n = len(normals[0]) if normals else 0
    return n >= 2 and len(normals) == n + 1 and all(any(g) for g in normals) and all(
        _rank(rows) == n for rows in itertools.combinations(normals, n))


def _planar(bounds: Sequence[Boundary], zero: Sequence[int], grads: Sequence[list[Fraction]],
            edges: Sequence[list[Fraction]]) -> bool:
    """At a rational point, is the picture that of the boundaries' tangent planes?
    True when the vanishing boundaries and box edges split into a set D involving at
    most two coordinates V, with nonzero gradients pairwise not parallel (curves of
    the plane V through the point with distinct tangents: near it each stays in a
    thin cone around its tangent line, so they meet in the order of their tangents),
    and the rest, whose gradients restricted to the other coordinates are independent
    (each one a coordinate of its own, by the implicit function theorem, leaving D's
    functions of V unchanged). Linear members of D may be parallel: through one
    point they are one hyperplane. The cells are then those of the linearised
    arrangement: a pattern is realised exactly when its direction LP is feasible."""
    n = len(grads[0]) if grads else len(edges[0])
    normals = [*grads, *edges]
    involved = [{k for m, _ in bounds[j].terms for k, e in enumerate(m) if e} for j in zero] + \
        [{next(k for k, v in enumerate(e) if v)} for e in edges]
    if any(not any(g) for g in normals):
        return False
    bent = {i for i, j in enumerate(zero) if bounds[j].linear is None}   # curved ones
    for size in (1, 2):
        for V in itertools.combinations(range(n), size):
            inner = [(i, g) for i, (g, use) in enumerate(zip(normals, involved))
                     if use <= set(V)]
            outer = [g for g, use in zip(normals, involved) if not use <= set(V)]
            rest = [k for k in range(n) if k not in V]
            if len(inner) < 2 or any(_rank([g, h]) < 2 and (i in bent or j in bent)
                                     for (i, g), (j, h) in itertools.combinations(inner, 2)):
                continue
            if not outer or _rank([[g[k] for k in rest] for g in outer]) == len(outer):
                return True
    return False


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    if not rows:
        return 0
    n = len(rows[0])
    sol = linear_solve([[*r, Fraction(0)] for r in rows])
    assert sol is not None            # a homogeneous system is consistent
    return n - len(sol[1])


def _gradient(b: Boundary, approx: Sequence[Fraction]) -> list[Fraction]:
    """The gradient at the point (exact at a rational point; at an irrational one a
    close rational approximation: directions are checked exactly afterwards)."""
    if b.linear is not None:
        return list(b.linear)
    return b.gradient(approx)


def _fits(geom: Geometry, bounds: Sequence[Boundary], p: Sequence[Fraction],
          want: Sequence[int]) -> bool:
    """In the box, with exactly the wanted sign on every boundary."""
    if any(not lo <= v <= hi for v, (lo, hi) in zip(p, geom.box)):
        return False
    return all(_sgn(b.at(p)) == w for b, w in zip(bounds, want))


def step(geom: Geometry, d: Sequence[Fraction]) -> Fraction:
    """A first step: 1/8192 of the smallest width per unit of the largest |d_i| (probes
    close to the point, so that a point reported past a witness is close to it)."""
    big = max((abs(x) for x in d), default=Fraction(1)) or Fraction(1)
    return min(geom.widths) / 8192 / big


def near_rational(v: Exact, prec: int = 10 ** 12) -> Fraction:
    """A rational within about 1/prec of an algebraic number."""
    import sympy
    if isinstance(v, Fraction):
        return v
    digits = max(40, len(str(prec)) + 10)
    text = sympy.Float(v.evalf(digits), digits)
    return Fraction(str(text)).limit_denominator(prec) if prec else Fraction(to_float(v))


def _sgn(x: Fraction) -> int:
    return (x > 0) - (x < 0)
