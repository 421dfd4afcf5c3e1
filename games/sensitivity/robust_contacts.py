"""Where the range-scaled cube around the baseline first touches boundaries of degree at
most two: every candidate point, exactly.

In range-scaled coordinates the ball of radius r around the baseline x0 is the cube
|x_i - x0_i| <= r * w_i (w_i the width of parameter i's range), clipped by the box.
Let x* be the point of a closed set, cut out by polynomial equations and sign
conditions on the boundaries, nearest to x0 in this distance. On a face of the cube:

* some coordinates sit on the cube's surface, x_i = x0_i + s_i r w_i (s_i = +1 or -1;
  at least one does: that is where the distance r is attained),
* some at an edge of the box (the ball is clipped there),
* the others are free (strictly inside both).

With r and the free coordinates as unknowns, x* minimises r on the face, so it is a
Fritz John point of "minimise r" subject to the boundaries J that vanish there: some
combination of e_r and their gradients is zero, so the gradients' columns of the free
coordinates have rank below |J| (always true when |J| = |F| + 1, and never needed
beyond: a minimal dependent subset has at most |F| + 1 members). For each face and
each set J of at most |F| + 1 boundaries this is a polynomial system; its real
solutions in the clipped cube are the candidates (`Contact`). A positive-dimensional
solution set is left out: r is constant along it, and its ends lie on a smaller face
or on one more boundary, which are enumerated too.

Linear J: only |J| = |F| + 1 with a regular square system gives isolated points (a
linear minimum sits at a vertex), solved in Fractions. One quadric with linear
boundaries: on the subspace the linear ones leave, a line along which the quadric is a
quadratic, so the roots are rational or a +- sqrt(d) (`_one_quadric`). Several
quadrics, or boundaries of higher degree: resultants (robust_faces.py); where they
do not separate the solutions, for boundaries up to ROBUST_DEGREE, the system's lex
Groebner basis, the real roots of its eliminant in r (radicals up to degree two,
CRootOf beyond) and back-substitution; a system solved by neither is reported as
`Unsolved` (it cannot lie nearer than its farthest member does alone).

The module runs past 500 lines because its three solvers (linear, one quadric with
linear boundaries, Groebner; the resultants live in robust_faces.py) share the face
conventions, placement and the exact inside-the-cube test; split apart they would
pass those back and forth.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..limits import ROBUST_DEGREE
from ..linalg import linear_solve
from ..numbers import Exact, rational_sqrt, sign, simplify_exact, to_float, to_sympy
from .robust_work import UNITS_PER_STEP, Work, WorkSpent, charge

if TYPE_CHECKING:
    from ..numbers import SymExpr

UP, DOWN, FREE, LOW, HIGH = 1, -1, 0, 2, 3       # a coordinate's place on a face
UNUSED = 4          # a coordinate no member involves: at the baseline while solving
MAX_GROEBNER = 200  # systems of several quadrics solved by sympy before the rest count as
                    # unsolved (the radius then comes with a certified lower bound)
GROEBNER_STEPS = 5  # work steps (robust_work.py) one such system counts: 50 ms, about the
                    # longest met on 2x2x2 games
Face = tuple[int, ...]


@dataclass(frozen=True)
class Geometry:
    """The baseline, the ranges' widths and the box, in the parameters' order."""

    x0: tuple[Fraction, ...]
    widths: tuple[Fraction, ...]
    box: tuple[tuple[Fraction, Fraction], ...]

    def reach(self) -> Fraction:
        """The distance at which the clipped cube covers the whole box."""
        return max(max(hi - c, c - lo) / w for c, w, (lo, hi) in
                   zip(self.x0, self.widths, self.box))


@dataclass(frozen=True)
class Boundary:
    """A boundary polynomial: its sympy form, degree, and (when linear) its exact
    coefficients and constant."""

    expr: SymExpr
    degree: int
    linear: tuple[Fraction, ...] | None
    constant: Fraction
    terms: tuple[tuple[tuple[int, ...], Fraction], ...]

    def at(self, point: Sequence[Fraction]) -> Fraction:
        """The exact value at a rational point."""
        total = Fraction(0)
        for mono, c in self.terms:
            term = c
            for v, k in zip(point, mono):
                if k:
                    term *= v ** k
            total += term
        return total

    def may_vanish(self, box: Sequence[tuple[Fraction, Fraction]]) -> bool:
        """False when interval arithmetic proves the boundary has one strict sign on
        the box (a box of intervals, one per parameter)."""
        lo_sum = hi_sum = Fraction(0)
        for mono, c in self.terms:
            lo = hi = c
            for (a, b), k in zip(box, mono):
                for _ in range(k):
                    prods = (lo * a, lo * b, hi * a, hi * b)
                    lo, hi = min(prods), max(prods)
            lo_sum, hi_sum = lo_sum + lo, hi_sum + hi
        return lo_sum <= 0 <= hi_sum

    def gradient(self, point: Sequence[Fraction]) -> list[Fraction]:
        """The exact gradient at a rational point."""
        out = []
        for i in range(len(point)):
            total = Fraction(0)
            for mono, c in self.terms:
                if not mono[i]:
                    continue
                term = c * mono[i]
                for j, (v, k) in enumerate(zip(point, mono)):
                    e = k - 1 if j == i else k
                    if e:
                        term *= v ** e
                total += term
            out.append(total)
        return out


@dataclass(frozen=True)
class Contact:
    """A candidate: a point of the clipped cube of radius r where the boundaries `on`
    vanish, critical for the distance there."""

    r: Exact
    point: tuple[Exact, ...]
    on: frozenset[int]


@dataclass(frozen=True)
class Unsolved:
    """A system of the boundaries `on` not solved exactly: its candidates (if any) lie
    no nearer than the farthest member's own nearest point. `spent`: left for the
    work limit (robust_work.py)."""

    on: frozenset[int]
    spent: bool = False


def boundaries(polys: Sequence[SymExpr], syms: Sequence[SymExpr]) -> tuple[Boundary, ...]:
    """Each polynomial with its degree and, when linear, its coefficients."""
    import sympy
    out = []
    for p in polys:
        P = sympy.Poly(p, *syms)
        deg = P.total_degree()
        const = _fraction(P.coeff_monomial(1))
        lin = tuple(_fraction(P.coeff_monomial(s)) for s in syms) if deg == 1 else None
        terms = tuple((tuple(m), _fraction(c)) for m, c in P.terms())
        out.append(Boundary(p, deg, lin, const, terms))
    return tuple(out)


def faces(n: int, clipped: Sequence[tuple[bool, bool]], used: set[int]) -> Iterator[Face]:
    """Every face of the clipped cube in the coordinates `used` (the others UNUSED): at
    least one of them on the cube's surface; a box edge only where the box is nearer
    than the cube can grow (`clipped`)."""
    choices = [[UP, DOWN, FREE] + ([LOW] if lo else []) + ([HIGH] if hi else [])
               if k in used else [UNUSED] for k, (lo, hi) in enumerate(clipped)]
    for face in itertools.product(*choices):
        if any(c in (UP, DOWN) for c in face):
            yield face


def contacts(geom: Geometry, bounds: Sequence[Boundary], syms: Sequence[SymExpr],
             sets: Sequence[frozenset[int]], upto: Exact | None = None,
             work: Work | None = None) -> tuple[list[Contact], list[Unsolved]]:
    """The candidates of every face for each set J in `sets` (of boundaries of degree
    at most two), and the systems that could not be solved exactly. With `upto`, box
    edges farther than that are left out (the cube is not clipped by them before).
    The curved systems' algebra is charged to `work`: past its limit they are left
    unsolved (`Unsolved.spent`)."""
    from .robust_faces import face_points   # it reads this module's face tags
    n = len(geom.x0)
    clipped = [(lo < c and _reached((c - lo) / w, upto), c < hi and _reached((hi - c) / w, upto))
               for c, w, (lo, hi) in zip(geom.x0, geom.widths, geom.box)]
    found: list[Contact] = []
    unsolved: list[Unsolved] = []
    top = _rational_cap(geom, upto)
    groups: dict[frozenset[int], dict[int, list[tuple[Face, list[int]]]]] = {}
    groebner = 0                # systems sent to sympy so far
    for J in sets:
        members = [bounds[j] for j in sorted(J)]
        linear = all(b.linear is not None for b in members)
        used = frozenset(k for b in members for mono, _ in b.terms
                         for k, e in enumerate(mono) if e)
        if used not in groups:
            by_free: dict[int, list[tuple[Face, list[int]]]] = {}
            for face in faces(n, clipped, set(used)):
                free = [k for k, c in enumerate(face) if c == FREE]
                by_free.setdefault(len(free), []).append((face, free))
            groups[used] = by_free
        for k, group in groups[used].items():
            if len(J) > k + 1 or (linear and len(J) != k + 1):
                continue
            for face, free in group:
                if not linear:          # interval test: every member may vanish there
                    region = _face_box(geom, face, top)
                    if not all(b.may_vanish(region) for b in members):
                        continue
                got: list[tuple[Exact, tuple[Exact, ...]]] | None
                if linear:
                    pt = _linear_point(geom, members, face, free)
                    got = [] if pt is None else [(pt[0], tuple(pt[1]))]
                else:
                    try:
                        got = _one_quadric(geom, members, face, free)
                        if got is None:
                            got = face_points(geom, members, face, free, top, work)
                        if got is None and groebner < MAX_GROEBNER and \
                                all(b.degree <= ROBUST_DEGREE for b in members):
                            groebner += 1
                            charge(work, GROEBNER_STEPS * UNITS_PER_STEP)
                            got = _curved_points(geom, members, syms, face, free)
                    except WorkSpent:
                        unsolved.append(Unsolved(J, spent=True))
                        continue
                    if got is None:
                        unsolved.append(Unsolved(J))
                        continue
                found.extend(Contact(r, q, J) for r, pt in got for q in _ends(geom, face, r, pt))
    return found, unsolved


def _ends(geom: Geometry, face: Face, r: Exact, point: Sequence[Exact]
          ) -> list[tuple[Exact, ...]]:
    """A solution with its UNUSED coordinates at either end of their range on the
    clipped cube (x0 -+ r w, or the box's edge): along them nothing the members see
    changes, and those ends are where the set of points at distance r ends."""
    options: list[list[Exact]] = []
    for k, (tag, v) in enumerate(zip(face, point)):
        if tag != UNUSED:
            options.append([v])
            continue
        lo, hi = geom.box[k]
        x0, w = geom.x0[k], geom.widths[k]
        if isinstance(r, Fraction):
            options.append(list(dict.fromkeys([max(lo, x0 - r * w), min(hi, x0 + r * w)])))
            continue
        ends: list[Exact] = []
        for t, edge in ((-1, lo), (1, hi)):
            e = simplify_exact(to_sympy(x0) + t * r * to_sympy(w))
            ends.append(edge if sign(t * (to_sympy(e) - to_sympy(edge))) > 0 else e)
        options.append(list(dict.fromkeys(ends)))
    return [tuple(p) for p in itertools.product(*options)]


def linear_nearest(geom: Geometry, b: Boundary) -> tuple[Fraction, tuple[Fraction, ...]] | None:
    """The nearest point of one linear boundary (None: it misses the box): the reach
    of sum c_i u_i over the clipped cube of radius t grows piecewise linearly in t,
    each u_i moving in its helpful direction until the box stops it."""
    assert b.linear is not None
    c = [a * w for a, w in zip(b.linear, geom.widths)]
    d = -(b.constant + sum((a * v for a, v in zip(b.linear, geom.x0)), Fraction(0)))
    if d == 0:
        return Fraction(0), geom.x0
    flip = 1 if d > 0 else -1
    c, d = [flip * ci for ci in c], flip * d
    bound = [(hi - v) / w if ci > 0 else (v - lo) / w if ci < 0 else Fraction(0)
             for ci, v, w, (lo, hi) in zip(c, geom.x0, geom.widths, geom.box)]
    slopes = [(abs(ci), bi) for ci, bi in zip(c, bound) if ci != 0]
    if sum((a * bi for a, bi in slopes), Fraction(0)) < d:
        return None
    t, reach = Fraction(0), Fraction(0)
    for stop in sorted({bi for _, bi in slopes}):
        rate = sum((a for a, bi in slopes if bi > t), Fraction(0))
        if reach + rate * (stop - t) >= d:
            t += (d - reach) / rate
            break
        reach += rate * (stop - t)
        t = stop
    u = [(1 if ci > 0 else -1) * min(t, bi) if ci != 0 else Fraction(0)
         for ci, bi in zip(c, bound)]
    return t, tuple(v + ui * w for v, ui, w in zip(geom.x0, u, geom.widths))


def linear_reach(geom: Geometry, members: Sequence[Boundary]) -> Fraction | None:
    """The distance of the nearest common zero of linear boundaries in the box (an exact
    LP: minimise r with every member zero, |x_i - x0_i| <= r w_i, the box), None when
    they have none there."""
    from ..solvers.lp import solve_lp
    n = len(geom.x0)
    a_ub: list[list[Fraction]] = []
    b_ub: list[Fraction] = []
    for k in range(n):
        unit = [Fraction(int(i == k)) for i in range(n)]
        a_ub += [[*unit, -geom.widths[k]], [*(-u for u in unit), -geom.widths[k]],
                 [*unit, Fraction(0)], [*(-u for u in unit), Fraction(0)]]
        b_ub += [geom.x0[k], -geom.x0[k], geom.box[k][1], -geom.box[k][0]]
    a_eq = [[*(b.linear or ()), Fraction(0)] for b in members]
    b_eq = [-b.constant for b in members]
    res = solve_lp([0] * n + [-1], a_ub, b_ub, a_eq, b_eq, free=range(n), method="exact")
    if not res.optimal or res.objective is None:
        return None
    return -res.objective


def _rational_cap(geom: Geometry, upto: Exact | None) -> Fraction:
    """A rational at least `upto` (the whole box's reach when None)."""
    if upto is None:
        return geom.reach()
    if isinstance(upto, Fraction):
        return upto
    return Fraction(to_float(upto)).limit_denominator(10 ** 9) + Fraction(1, 10 ** 6)


def _face_box(geom: Geometry, face: Face, top: Fraction) -> list[tuple[Fraction, Fraction]]:
    """The part of a face within radius `top`, as intervals (clipped by the box)."""
    out = []
    for k, tag in enumerate(face):
        c, w, (lo, hi) = geom.x0[k], geom.widths[k], geom.box[k]
        if tag == LOW:
            out.append((lo, lo))
        elif tag == HIGH:
            out.append((hi, hi))
        elif tag == UP:
            out.append((c, min(hi, c + top * w)))
        elif tag == DOWN:
            out.append((max(lo, c - top * w), c))
        else:
            out.append((max(lo, c - top * w), min(hi, c + top * w)))
    return out


def _reached(d: Fraction, upto: Exact | None) -> bool:
    return upto is None or d <= to_float(upto) + 1e-9 or sign(to_sympy(d) - to_sympy(upto)) <= 0


def _one_quadric(geom: Geometry, members: Sequence[Boundary], face: Face,
                 free: Sequence[int]) -> list[tuple[Exact, tuple[Exact, ...]]] | None:
    """One quadric and linear boundaries on a face, in Fractions (None: a degenerate
    case for the general path). With z = (r, free coordinates), the linear members
    leave z = p + N t; on that subspace the Fritz John condition says the quadric's
    gradient in t is parallel to r's (rho): H t + g = lambda rho, a line of (t,
    lambda), along which the quadric is a quadratic whose roots are rational or
    a +- sqrt(d) exactly."""
    quads = [b for b in members if b.linear is None]
    if len(quads) != 1 or quads[0].degree != 2:
        return None
    quad, lines = quads[0], [b for b in members if b.linear is not None]
    n = len(face)
    c = [Fraction(0)] * n                   # x(z) = c + M z
    cols: list[list[Fraction]] = [[Fraction(0)] * n]
    for k, tag in enumerate(face):
        if tag in (UP, DOWN):
            c[k], cols[0][k] = geom.x0[k], tag * geom.widths[k]
        elif tag in (LOW, HIGH):
            c[k] = geom.box[k][0] if tag == LOW else geom.box[k][1]
        elif tag == UNUSED:
            c[k] = geom.x0[k]
    for f in free:
        cols.append([Fraction(int(k == f)) for k in range(n)])
    dim = len(cols)
    if lines:
        rows = [[_dot(b.linear or (), col) for col in cols] +
                [-(b.constant + _dot(b.linear or (), c))] for b in lines]
        sol = linear_solve(rows)
        if sol is None:
            return []
        p, N = sol
    else:
        p = [Fraction(0)] * dim
        N = [[Fraction(int(i == j)) for i in range(dim)] for j in range(dim)]
    base = [ci + sum((pz * col[k] for pz, col in zip(p, cols)), Fraction(0))
            for k, ci in enumerate(c)]
    K = [[sum((nz * col[k] for nz, col in zip(vec, cols)), Fraction(0)) for k in range(n)]
         for vec in N]                      # one direction in x per t coordinate
    rho = [vec[0] for vec in N]
    if not N:
        return _points_on(geom, quad, base, [], p[0], [], None)
    if not any(rho):
        if len(N) > 1:
            return []                       # r is constant on it: its ends are elsewhere
        return _points_on(geom, quad, base, K, p[0], rho, ([Fraction(0)], [Fraction(1)]))
    hess = _hessian(quad, n)
    g0 = quad.gradient(base)
    hk = [[sum((hess[i][j] * kv[j] for j in range(n)), Fraction(0)) for i in range(n)] for kv in K]
    rows = [[*(_dot(K[a], hk[b]) for b in range(len(K))), -rho[a], -_dot(K[a], g0)]
            for a in range(len(K))]
    sol = linear_solve(rows)
    if sol is None:
        return []
    part, basis = sol
    if len(basis) != 1:
        return None
    d = len(K)
    return _points_on(geom, quad, base, K, p[0], rho, (part[:d], basis[0][:d]))


def _points_on(geom: Geometry, quad: Boundary, base: Sequence[Fraction],
               K: Sequence[Sequence[Fraction]], r0: Fraction, rho: Sequence[Fraction],
               line: tuple[Sequence[Fraction], Sequence[Fraction]] | None
               ) -> list[tuple[Exact, tuple[Exact, ...]]]:
    """The points where the quadric vanishes on the line t(mu) = line[0] + mu line[1]
    of t-space (the point `base` itself when there is no line), with r = r0 + rho . t."""
    n = len(base)
    if line is None:
        return [(r0, tuple(base))] if quad.at(base) == 0 and inside(geom, r0, base) else []
    t0, t1 = line
    x0 = [base[k] + sum((t * kv[k] for t, kv in zip(t0, K)), Fraction(0)) for k in range(n)]
    x1 = [sum((t * kv[k] for t, kv in zip(t1, K)), Fraction(0)) for k in range(n)]
    ra, rb = r0 + _dot(rho, t0), _dot(rho, t1)
    q0, q1 = quad.at(x0), quad.at([a + b for a, b in zip(x0, x1)])
    qm = quad.at([a - b for a, b in zip(x0, x1)])
    a2, a1 = (q1 + qm) / 2 - q0, (q1 - qm) / 2
    if a2 == 0 and a1 == 0:
        return []                           # the line lies on it: its ends are elsewhere
    mus: list[Exact]
    if a2 == 0:
        mus = [-q0 / a1]
    else:
        disc = a1 * a1 - 4 * a2 * q0
        if disc < 0:
            return []
        root = rational_sqrt(disc)
        if root is not None:
            mus = [(-a1 + root) / (2 * a2), (-a1 - root) / (2 * a2)]
        else:
            import sympy
            import math
            mus = []
            for t in (1, -1):       # far outside by floats: no exact number built
                mf = (-float(a1) + t * math.sqrt(float(disc))) / float(2 * a2)
                if _maybe_inside(geom, float(ra) + mf * float(rb),
                                 [float(a) + mf * float(b) for a, b in zip(x0, x1)]):
                    mus.append((-to_sympy(a1) + t * sympy.sqrt(to_sympy(disc)))
                               / to_sympy(2 * a2))
    out = []
    for mu in mus:
        if isinstance(mu, Fraction):
            r: Exact = ra + mu * rb
            point: tuple[Exact, ...] = tuple(a + mu * b for a, b in zip(x0, x1))
        else:
            import sympy
            r = simplify_exact(sympy.expand(to_sympy(ra) + mu * to_sympy(rb)))
            point = tuple(simplify_exact(sympy.expand(to_sympy(a) + mu * to_sympy(b))) if b
                          else a for a, b in zip(x0, x1))
        if to_float(r) > -1e-9 and inside(geom, r, point):
            out.append((r, point))
    return out


def _maybe_inside(geom: Geometry, r: float, point: Sequence[float]) -> bool:
    """False only when floats put the point clearly outside the clipped cube of radius r
    (margins far above rounding), so the exact test can be skipped."""
    if r < -1e-7:
        return False
    for v, c, w, (lo, hi) in zip(point, geom.x0, geom.widths, geom.box):
        fw = float(w)
        if v < float(lo) - 1e-7 * fw or v > float(hi) + 1e-7 * fw or \
                abs(v - float(c)) > (r + 1e-7) * fw:
            return False
    return True


def _hessian(b: Boundary, n: int) -> list[list[Fraction]]:
    """The (constant) Hessian of a quadric."""
    hess = [[Fraction(0)] * n for _ in range(n)]
    for mono, coef in b.terms:
        if sum(mono) != 2:
            continue
        i, j = [k for k, e in enumerate(mono) for _ in range(e)]
        hess[i][j] += coef
        hess[j][i] += coef
    return hess


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b)), Fraction(0))


def rational_roots_on_line(b: Boundary, base: Sequence[Fraction], k: int) -> list[Fraction]:
    """The rational roots of a quadric along coordinate k through `base` (the value of
    base[k] is ignored)."""
    pts = [list(base) for _ in range(3)]
    for t, p in zip((0, 1, -1), pts):
        p[k] = Fraction(t)
    q0, q1, qm = (b.at(p) for p in pts)
    a2, a1 = (q1 + qm) / 2 - q0, (q1 - qm) / 2
    if a2 == 0:
        return [-q0 / a1] if a1 != 0 else []
    disc = a1 * a1 - 4 * a2 * q0
    root = rational_sqrt(disc) if disc >= 0 else None
    return [] if root is None else [(-a1 + root) / (2 * a2), (-a1 - root) / (2 * a2)]


def _place(geom: Geometry, face: Face, r: Exact, free_values: Sequence[Exact]) -> list[Exact]:
    """The point of `face` at radius r with the free coordinates given."""
    out: list[Exact] = []
    it = iter(free_values)
    for k, c in enumerate(face):
        x0, w = geom.x0[k], geom.widths[k]
        if c in (UP, DOWN):
            out.append(simplify_exact(x0 + c * r * w) if isinstance(r, Fraction)
                       else simplify_exact(to_sympy(x0) + c * r * to_sympy(w)))
        elif c == LOW:
            out.append(geom.box[k][0])
        elif c == HIGH:
            out.append(geom.box[k][1])
        elif c == UNUSED:
            out.append(x0)
        else:
            out.append(next(it))
    return out


def inside(geom: Geometry, r: Exact, point: Sequence[Exact]) -> bool:
    """r >= 0, the point in the box and within distance r of the baseline."""
    if sign(r) < 0:
        return False
    fr = to_float(r)
    for v, c, w, (lo, hi) in zip(point, geom.x0, geom.widths, geom.box):
        fv = to_float(v)            # far outside by floats: no exact test needed
        if fv < lo - 1e-9 * w or fv > hi + 1e-9 * w or abs(fv - float(c)) > (fr + 1e-9) * float(w):
            return False
    for v, c, w, (lo, hi) in zip(point, geom.x0, geom.widths, geom.box):
        if isinstance(v, Fraction) and isinstance(r, Fraction):
            if not lo <= v <= hi or abs(v - c) > r * w:
                return False
            continue
        sv, sr = to_sympy(v), to_sympy(r)
        if sign(sv - to_sympy(lo)) < 0 or sign(to_sympy(hi) - sv) < 0:
            return False
        reach, off = sr * to_sympy(w), sv - to_sympy(c)
        if sign(reach - off) < 0 or sign(reach + off) < 0:
            return False
    return True


def _linear_point(geom: Geometry, members: Sequence[Boundary], face: Face,
                  free: Sequence[int]) -> tuple[Fraction, list[Exact]] | None:
    """The one point of a square linear system on a face (None: singular or outside)."""
    rows = []
    for b in members:
        assert b.linear is not None
        coef_r, const = Fraction(0), b.constant
        for k, c in enumerate(face):
            a = b.linear[k]
            if c in (UP, DOWN):
                const += a * geom.x0[k]
                coef_r += a * c * geom.widths[k]
            elif c == LOW:
                const += a * geom.box[k][0]
            elif c == HIGH:
                const += a * geom.box[k][1]
        rows.append([coef_r, *(b.linear[k] for k in free), -const])
    if not free:                    # one boundary through a vertex of the face
        if rows[0][0] == 0:
            return None
        r = rows[0][1] / rows[0][0]
        point = _place(geom, face, r, [])
        return (r, point) if inside(geom, r, point) else None
    sol = linear_solve(rows)
    if sol is None or sol[1]:
        return None
    r, *xs = sol[0]
    point = _place(geom, face, r, xs)
    return (r, point) if inside(geom, r, point) else None


def _curved_points(geom: Geometry, members: Sequence[Boundary], syms: Sequence[SymExpr],
                   face: Face, free: Sequence[int]) -> list[tuple[Exact, tuple[Exact, ...]]] | None:
    """The isolated real solutions of a face system with a quadric (None: not solved
    exactly, the caller keeps a lower bound instead)."""
    import sympy
    r = sympy.Symbol("r")
    xs = [syms[k] for k in free]
    table: dict[Any, Any] = {}
    for k, c in enumerate(face):
        if c in (UP, DOWN):
            table[syms[k]] = to_sympy(geom.x0[k]) + c * r * to_sympy(geom.widths[k])
        elif c == LOW:
            table[syms[k]] = to_sympy(geom.box[k][0])
        elif c == HIGH:
            table[syms[k]] = to_sympy(geom.box[k][1])
    eqs = [sympy.expand(b.expr.subs(table)) for b in members]
    if any(e.is_number and e != 0 for e in eqs):
        return []
    if any(e == 0 for e in eqs):
        return []           # the whole face lies on the boundary: its ends are elsewhere
    if len(members) <= len(free):
        jac = sympy.Matrix([[sympy.diff(e, x) for x in xs] for e in eqs])
        for cols in itertools.combinations(range(len(xs)), len(members)):
            eqs.append(sympy.expand(jac[:, list(cols)].det()))
    eqs = [e for e in eqs if e != 0]
    gens = [*xs, r]
    try:
        G = sympy.groebner(eqs, *gens, order="lex")
    except Exception:       # sympy's own failures on a system: no exact answer
        return None
    if list(G.exprs) == [1]:
        return []
    if not G.is_zero_dimensional:
        return []           # r is constant along it; its ends are on other faces
    out = []
    for root in _eliminant_roots(G, r):
        solutions = _back_substitute(G, gens, root)
        if solutions is None:
            return None
        for values in solutions:
            point = tuple(_place(geom, face, root, values))
            if inside(geom, root, point):
                out.append((root, point))
    return out


def _eliminant_roots(G: Any, r: Any) -> list[Exact]:
    """The real roots of the basis element in r alone (radicals up to degree two)."""
    import sympy
    last = [g for g in G.exprs if g.free_symbols <= {r}]
    if not last:
        return []
    out: list[Exact] = []
    for f, _ in sympy.factor_list(sympy.Poly(last[0], r))[1]:
        if f.degree() <= 2:
            roots = [x for x in sympy.roots(f, multiple=True) if x.is_real]
        else:
            roots = list(f.real_roots())
        out.extend(simplify_exact(x) for x in roots)
    return out


def _back_substitute(G: Any, gens: Sequence[Any], root: Exact) -> list[list[Exact]] | None:
    """Every real solution for the free coordinates at r = root, from the triangular lex
    basis: each variable from an element linear in it, or the real roots of one of
    degree two with rational coefficients (a branch per root, kept when the whole basis
    vanishes there); None when the basis is not of that shape."""
    import sympy
    r = gens[-1]
    branches: list[dict[Any, Any]] = [{r: to_sympy(root)}]
    for x in reversed(gens[:-1]):
        grown: list[dict[Any, Any]] = []
        for known in branches:
            values = _values_of(G, x, known)
            if values is None:
                return None
            grown.extend({**known, x: v} for v in values)
        branches = grown
    out = []
    for known in branches:
        # a branch off the variety is dropped when some basis element is clearly not zero
        # there (50 digits); keeping a stray point would only add a candidate to decide
        if len(branches) == 1 or all(abs(complex(sympy.N(g.subs(known), 50))) < 1e-30
                                     for g in G.exprs):
            out.append([simplify_exact(known[x]) for x in gens[:-1]])
    return out


def _values_of(G: Any, x: Any, known: dict[Any, Any]) -> list[Any] | None:
    """The real values of x given the others (see `_back_substitute`)."""
    import sympy
    for g in G.exprs:
        if x not in g.free_symbols or not g.free_symbols <= set(known) | {x}:
            continue
        P = sympy.Poly(sympy.expand(g.subs(known)), x)
        if P.degree() == 1:
            a, b = P.all_coeffs()
            if sign(simplify_exact(a)) != 0:
                return [sympy.radsimp(-b / a)]
        elif P.degree() == 2 and all(c.is_Rational for c in P.all_coeffs()):
            return [v for v in sympy.roots(P, multiple=True) if v.is_real]
    return None


def _fraction(v: Any) -> Fraction:
    return Fraction(int(v.p), int(v.q))
