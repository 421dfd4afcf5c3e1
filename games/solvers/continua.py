"""Non-isolated equilibria stated exactly: the positive-dimensional solution set of a
support system described by equations and inequalities, with its extreme points.

For a support profile S whose indifference system has a positive-dimensional
solution set, the closed set

    { profiles with support inside S : every strategy of S_i ties for player i,
      and no strategy outside S_i does better }

consists of equilibria only (each player's support strategies are best responses),
and holds every equilibrium with support exactly S. Its description keeps the
indifference equations (reduced by a Groebner basis) and the inequalities
(probabilities >= 0, outside strategies do no better), in named probabilities
p1, p2, ... (each mixing player's last support strategy is implied: 1 minus the
others). Its extreme points (endpoints of a curve, vertices of a polytope) lie where
`dimension` boundary inequalities hold with equality: each such face is a smaller
system, solved exactly by the zero-dimensional solver (DESIGN.md section 4). No
point is sampled. Pieces sharing an extreme point belong to one component.

A piece's stated dimension is that of the set, not of its equations: inequalities
that hold with equality on the whole set are found (`affine_dimension`), and a
listed 2-player set takes the affine rank of its extreme strategies (`affine_rank`).
A curved piece's real set is measured block by block (real_dimension.py): exactly
for blocks of at most two variables (after solving equations for variables they hold
linearly), by the Krull dimension beyond, marked as an upper bound (`dimension_exact`).
A piece with no extreme point lists its critical points instead: of one probability
inside the box (`_interior_points`), or of a linear form on its touching inequalities
(touching.py, which can also prove a block a single point).

Stays whole at about 1,000 lines: the description of a piece, its dimension, its
extreme points and its components are one result type (`ContinuumDetail`) built and
relabelled here.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Protocol

from ..numbers import to_fraction

if TYPE_CHECKING:
    import numpy as np

    from ..numbers import Exact
    from .zero_dim import Solutions
    from .touching import Touching
    from ..equilibrium import Component, EquilibriumSet
    from ..model import Game

Support = tuple[tuple[int, ...], ...]
RingPoly = Any              # a sympy PolyElement over QQ (sympy ships no type stubs)
Ring = Any                  # the sympy PolyRing of a piece's probabilities (and theta)
Coefficient = Any           # an element of that ring's coefficient domain
MAX_FACES = 4000            # most boundary faces tried for the extreme points of one piece
MAX_MINORS = 200            # most Jacobian minors tried for the points of a closed set
SMALL_LP = 64               # inequalities x variables past which a float LP proposes a
#                             point strictly inside, before the exact LPs


class Clock(Protocol):
    """What the zero-dimensional solver needs from its caller (time and notes)."""

    complete: bool
    notes: list[str]

    def check_time(self) -> None: ...


class PayoffTable(Protocol):
    """What `describe` reads of a game: its payoff array (Fractions, or elements of
    the field a `Scalars` lifts) and its shape."""

    @property
    def payoffs(self) -> np.ndarray: ...

    @property
    def shape(self) -> tuple[int, ...]: ...

    @property
    def n_players(self) -> int: ...


class Scalars:
    """The field the payoffs lie in, as `describe` computes over it: Q here (a
    piece's polynomials over Q, its extreme points rational or algebraic). Over a
    number field Q(theta) (region_nplayer.py) the same computation runs in one more
    ring variable t after the probabilities, standing for theta, whose minimal
    polynomial joins the equations; that subclass overrides each method."""

    extra = 0               # ring variables after the probabilities

    def lift(self, u: Exact, R: Ring) -> Coefficient:
        """A payoff as a coefficient of the ring R."""
        from sympy.polys.domains import QQ
        f = to_fraction(u)
        return QQ(f.numerator, f.denominator)

    def base(self, R: Ring) -> list[RingPoly]:
        """Polynomials that join the indifference equations (none over Q)."""
        return []

    def basis(self, polys: list[RingPoly], R: Ring) -> list[RingPoly]:
        """The reduced lex Groebner basis of polys."""
        from .zero_dim import groebner_basis
        return groebner_basis(polys, R)

    def sign_free(self, q: RingPoly) -> int:
        """The sign of a nonzero polynomial free of the probabilities (a constant)."""
        return 1 if q.LC > 0 else -1

    def solve_system(self, polys: list[RingPoly], nvars: int, clock: Clock) -> Solutions:
        """The real points (zero_dim.Solutions) of polys in nvars probabilities."""
        from .zero_dim import solve_zero_dim
        return solve_zero_dim(polys, nvars, clock.check_time)

    def text(self, p: RingPoly, symbols: list) -> str:
        """A ring polynomial as sympy-syntax text in the probabilities."""
        return _expr_str(p, symbols)

    def dimension(self, G: list[RingPoly], bounds: list[RingPoly], nvars: int, krull: int,
                  linear: bool, supports: Support) -> tuple[int, bool] | None:
        """The piece's dimension before its extreme points are known, and whether it is
        exact rather than an upper bound (None: empty)."""
        if linear:
            guess = [Fraction(1, len(s)) for s in supports if len(s) > 1 for _ in s[:-1]]
            d = affine_dimension(nvars, [_form(g) for g in G], [_form(b) for b in bounds],
                                 guess)
            return None if d is None else (d, True)
        from .real_dimension import real_dimension
        return real_dimension(G, bounds, nvars, krull)

    def refined(self, stated: tuple[int, bool], linear: bool, points: Sequence[tuple]
                ) -> tuple[int, bool] | None:
        """The dimension and its exactness once the extreme points are known (None:
        empty)."""
        return stated


RATIONAL = Scalars()


@dataclass(frozen=True)
class Piece:
    """One piece of a component, in the SPEC's JSON terms (strings in sympy syntax).

    `fixed`: (player, strategy) of each player playing one strategy here;
    `variables`: (name, player, strategy) of each named probability; `implied`:
    (player, strategy) of each mixing player's unnamed strategy (1 minus the others);
    `equations` (expr = 0) and `inequalities` (expr >= 0) in the variables."""

    supports: Support
    fixed: tuple[tuple[int, int], ...]
    variables: tuple[tuple[str, int, int], ...]
    implied: tuple[tuple[int, int], ...]
    equations: tuple[str, ...]
    inequalities: tuple[str, ...]
    dimension: int
    linear: bool
    free: tuple[int, ...] = ()      # players who may mix their support in any proportion
    closed_in: str = ""             # a curve touching no boundary: its listed points are
    #                                 where this probability is least or greatest on it
    dimension_exact: bool = True    # False: `dimension` is an upper bound (the Krull
    #                                 dimension of a curved block of 3+ variables)
    touching_in: str = ""           # no extreme point: the listed points include where
    #                                 this linear form of the probabilities is least and
    #                                 greatest on the set (touching.py)

    def to_dict(self, game: Game) -> dict:
        """The SPEC's piece object."""
        fixed: dict[str, dict[str, str]] = {}
        for i, j in self.fixed:
            fixed[game.players[i].name] = {game.players[i].strategies[j].name: "1"}
        out = {"fixed": fixed,
               "variables": {name: [game.players[i].name, game.players[i].strategies[j].name]
                             for name, i, j in self.variables},
               "equations": list(self.equations),
               "inequalities": [f"{e} >= 0" for e in self.inequalities]}
        if self.closed_in:
            out["closed"] = True
            out["listed_points"] = f"where {self.closed_in} is least or greatest"
        elif self.touching_in:
            out["listed_points"] = f"including where {self.touching_in} is least and " \
                "where it is greatest"
        return out


@dataclass(frozen=True)
class ContinuumDetail:
    """A component of equilibria as a set: its pieces, dimension and convexity.
    `dimension_exact` False: the dimension is an upper bound (no piece of that
    dimension had it measured exactly)."""

    dimension: int
    polytope: bool
    pieces: tuple[Piece, ...]
    dimension_exact: bool = True

    def to_dict(self, game: Game) -> dict:
        out: dict = {"dimension": self.dimension}
        if not self.dimension_exact:
            out["dimension_at_most"] = True
        out.update({"polytope": self.polytope, "pieces": [p.to_dict(game) for p in self.pieces]})
        return out


@dataclass(frozen=True)
class PieceResult:
    """A piece and its extreme points, as coordinates of `variables` (exact numbers).
    `arcs`: for a curved 1-dimensional piece, its extreme points grouped by connected
    arc, each with the inequality that picks the arc (arcs.py); None when that was not
    established."""

    piece: Piece
    points: tuple[tuple, ...]
    arcs: tuple[tuple[tuple[int, ...], str | None], ...] | None = None


# ----------------------------------------------------------------------------
# building a piece
# ----------------------------------------------------------------------------
def describe(game: PayoffTable, supports: Support, clock: Clock | None = None,
             with_points: bool = True, scalars: Scalars = RATIONAL) -> PieceResult | None:
    """The piece of the support profile `supports` (strategy indices of `game`), or
    None when its equations or inequalities have no solution at all. With
    `with_points`, its extreme points are computed exactly (needs `clock`), each a
    tuple of the variables' values (over a number field, theta's value in the
    point's field last). `scalars`: the field of the payoffs."""
    from .support_system import ring_of as _ring

    variables, implied, fixed = name_variables(supports)
    nvars = len(variables)
    if nvars == 0:
        return None
    R = _ring(nvars + scalars.extra)
    mixes = _mixtures(game, supports, R)
    values = [_values(game, i, mixes, supports, R, scalars) for i in range(game.n_players)]
    equations: list[RingPoly] = []
    for i, s in enumerate(supports):
        equations.extend(values[i][t] - values[i][s[-1]] for t in s[:-1])
    G = scalars.basis([e for e in equations if e] + scalars.base(R), R)
    if any(g.is_ground for g in G if g):
        return None
    bounds = _bounds(values, mixes, supports, G, game, nvars, scalars)
    if bounds is None:
        return None
    dim = krull_dimension(G, nvars + scalars.extra)
    if dim == 0:
        return None
    linear = all(sum(m[:nvars]) <= 1 for p in list(G) + bounds for m in p)
    measured = scalars.dimension(G, bounds, nvars, dim, linear, supports)
    if measured is None:
        return None
    stated, exact = measured
    symbols = _symbols(nvars)
    piece = Piece(supports=supports, fixed=fixed, variables=variables, implied=implied,
                  equations=tuple(scalars.text(g, symbols) for g in G
                                  if _uses(g, range(nvars))),
                  inequalities=tuple(scalars.text(b, symbols) for b in bounds),
                  dimension=stated, linear=linear,
                  free=_free_players(supports, mixes, G, bounds), dimension_exact=exact)
    points: tuple[tuple, ...] = ()
    groups: tuple[tuple[tuple[int, ...], str | None], ...] | None = None
    if with_points and clock is not None:
        points = tuple(_extreme_points(G, bounds, nvars, dim, clock, scalars))
        if not points and not linear:
            found = _interior_points(G, bounds, nvars, dim, clock, scalars)
            if found is not None and found[1]:
                k, crit = found
                piece = replace(piece, closed_in=symbols[k].name)
                return PieceResult(piece, tuple(crit), None)
            from .touching import touching_points
            touching = touching_points(G, bounds, nvars, dim, clock, scalars)
            if touching is not None and touching.points:
                piece = _with_single_blocks(piece, G, bounds, nvars, touching)
                return PieceResult(piece, tuple(touching.points), None)
        refined = scalars.refined((stated, exact), linear, points)
        if refined is None:
            return None
        piece = replace(piece, dimension=refined[0], dimension_exact=refined[1])
        if dim == 1 and linear:
            groups = ((tuple(range(len(points))), None),)     # a segment: one arc
        elif dim == 1 and not scalars.extra:
            from .arcs import arcs
            groups = arcs(G, bounds, points, symbols)
    return PieceResult(piece, points, groups)


def _uses(p: RingPoly, variables: Sequence[int]) -> bool:
    """Whether p holds one of these ring variables."""
    return any(m[k] for m in p.monoms() for k in variables)


def _form(p: RingPoly) -> Form:
    """A linear ring polynomial as its (variable, coefficient) pairs and constant."""
    terms, const = [], Fraction(0)
    for monom, c in p.terms():
        value = Fraction(int(c.numerator), int(c.denominator))
        if sum(monom):
            terms.append((monom.index(1), value))
        else:
            const = value
    return terms, const


def name_variables(supports: Support) -> tuple[tuple[tuple[str, int, int], ...],
                                                 tuple[tuple[int, int], ...],
                                                 tuple[tuple[int, int], ...]]:
    """Variables p1, p2, ... for every support strategy but the last of each mixing
    player; the implied (last) strategies; the fixed (single-strategy) players."""
    variables: list[tuple[str, int, int]] = []
    implied, fixed = [], []
    for i, s in enumerate(supports):
        if len(s) == 1:
            fixed.append((i, s[0]))
            continue
        for j in s[:-1]:
            variables.append((f"p{len(variables) + 1}", i, j))
        implied.append((i, s[-1]))
    return tuple(variables), tuple(implied), tuple(fixed)


def _mixtures(game: PayoffTable, supports: Support, R: Any) -> list[dict[int, RingPoly]]:
    """Each player's probabilities as ring polynomials, by strategy (support only)."""
    gens = R.gens
    out: list[dict[int, RingPoly]] = []
    c = 0
    for s in supports:
        if len(s) == 1:
            out.append({s[0]: R.one})
            continue
        xs = list(gens[c:c + len(s) - 1])
        c += len(s) - 1
        mix: dict[int, RingPoly] = dict(zip(s[:-1], xs))
        mix[s[-1]] = R.one - sum(xs, R.zero)
        out.append(mix)
    return out


def _values(game: PayoffTable, i: int, mixes: list[dict[int, RingPoly]], supports: Support,
            R: Any, scalars: Scalars = RATIONAL) -> list[RingPoly]:
    """Player i's expected payoff from each strategy against the others' mixtures (the
    one expected-payoff function, payoffs.strategy_values, in the ring R: one
    contraction for all of the player's strategies)."""
    from ..payoffs import strategy_values

    sparse = [[(s, mixes[j][s]) for s in supports[j]] if j != i else []
              for j in range(game.n_players)]
    return [R.zero + v for v in strategy_values(game.payoffs, i, sparse,
                                                lambda u: scalars.lift(u, R))]


def _bounds(values: list[list[RingPoly]], mixes: list[dict[int, RingPoly]], supports: Support,
            G: list, game: PayoffTable, nvars: int, scalars: Scalars = RATIONAL
            ) -> list | None:
    """The inequalities expr >= 0, reduced modulo the equations: probabilities, then
    'no outside strategy does better'. None when one free of the probabilities is
    negative."""
    raw = [p for mix, s in zip(mixes, supports) if len(s) > 1 for p in mix.values()]
    for i, s in enumerate(supports):
        ref = values[i][s[-1]]
        raw.extend(ref - values[i][t] for t in range(game.shape[i]) if t not in s)
    out: list = []
    for p in raw:
        q = p.rem(G) if G else p
        if not _uses(q, range(nvars)):
            if q and scalars.sign_free(q) < 0:
                return None
            continue
        q = _primitive(q)
        if q not in out:
            out.append(q)
    return out


def _free_players(supports: Support, mixes: list[dict[int, RingPoly]], G: list,
                  bounds: list) -> tuple[int, ...]:
    """Mixing players whose probabilities appear in no equation and in no inequality
    but their own simplex bounds: they may mix their support in any proportion."""
    out = []
    c = 0
    for i, s in enumerate(supports):
        if len(s) == 1:
            continue
        own = set(range(c, c + len(s) - 1))
        c += len(s) - 1
        simplex = {_primitive(p) for p in mixes[i].values()}

        def uses(p: RingPoly, own: set[int] = own) -> bool:
            return any(m[k] for m in p for k in own)
        if any(uses(g) for g in G):
            continue
        if all(b in simplex for b in bounds if uses(b)):
            out.append(i)
    return tuple(out)


def krull_dimension(G: list, nvars: int) -> int:
    """Krull dimension of the ideal: the largest set of variables no leading monomial
    of the Groebner basis is made of alone."""
    leads = [tuple(k for k, e in enumerate(g.LM) if e) for g in G]
    for size in range(nvars, -1, -1):
        for u in itertools.combinations(range(nvars), size):
            chosen = set(u)
            if not any(set(lead) <= chosen for lead in leads):
                return size
    return 0


Form = tuple[Sequence[tuple[int, "int | Fraction"]], "int | Fraction"]
#   a linear form: its nonzero (variable, coefficient) pairs, and its constant
Sparse = tuple[dict[int, Fraction], Fraction]


def affine_dimension(nvars: int, equations: Sequence[Form], inequalities: Sequence[Form],
                     guess: Sequence[Fraction] = ()) -> int | None:
    """The dimension of {x : e(x) = 0 for each equation, f(x) >= 0 for each inequality},
    None when that set is empty. The equations alone overstate it when inequalities
    hold with equality on the whole set (a strategy outside the support that ties on
    all of it from either side, say). Those are found by exact LPs max t subject to
    f(x) >= t, t <= 1: t > 0 proves that none is left; at t = 0 the LP's dual weights
    give a sum of inequalities that is zero on the set, so every weighted one is such
    an equality and joins the equations (Freund, Roundy and Todd's test, in rounds).
    First a point strictly inside is sought, which proves that no inequality is such
    an equality: `guess` (the uniform mixtures, say), then past SMALL_LP a float LP's
    proposal, each checked exactly."""
    eqs = [_exact(e) for e in equations]
    ineqs = [_exact(f) for f in inequalities if f[0]]
    if any(f[1] < 0 for f in inequalities if not f[0]):
        return None
    pivots = _pivots(nvars, eqs, ineqs) if ineqs else None
    if pivots is not None and (_inside(ineqs, guess) or len(ineqs) * nvars > SMALL_LP
                               and _inside(ineqs, _proposal(nvars, pivots, ineqs))):
        return nvars - _rank([e[0] for e in eqs])
    while ineqs:
        res = _max_slack(nvars, eqs, ineqs)
        if not res.optimal or res.objective is None or res.objective < 0:
            return None
        if res.objective > 0 or res.dual_ub is None:
            break
        tight = {k for k, y in enumerate(res.dual_ub[:len(ineqs)]) if y > 0}
        if not tight:
            break
        eqs.extend(ineqs[k] for k in sorted(tight))
        ineqs = [f for k, f in enumerate(ineqs) if k not in tight]
    if eqs and _max_slack(nvars, eqs, []).status != "optimal":
        return None                             # the equations contradict each other
    return nvars - _rank([e[0] for e in eqs])


def _exact(form: Form) -> Sparse:
    return {j: Fraction(c) for j, c in form[0] if c}, Fraction(form[1])


def _max_slack(nvars: int, eqs: list[Sparse], ineqs: list[Sparse]) -> Any:
    """The exact LP max t s.t. f(x) >= t for each inequality, t <= 1, on the equations."""
    from .lp import solve_lp

    def dense(f: Sparse, t: int) -> list[Fraction]:
        row = [Fraction(0)] * (nvars + 1)
        for j, c in f[0].items():
            row[j] = c
        row[nvars] = Fraction(t)
        return row
    a_ub = [[-c for c in dense(f, -1)] for f in ineqs] + [dense(({}, Fraction(0)), 1)]
    b_ub = [f[1] for f in ineqs] + [Fraction(1)]
    a_eq = [dense(e, 0) for e in eqs] or None
    b_eq = [-e[1] for e in eqs] or None
    return solve_lp([0] * nvars + [1], a_ub, b_ub, a_eq, b_eq, free=range(nvars + 1),
                    method="exact")


def _rank(rows: Sequence[dict[int, Fraction]]) -> int:
    """The rank of sparse rational rows (variable -> coefficient): scaled to integers,
    each pivoting on its last variable, eliminated fraction-free (integers, many times
    faster than Fractions: describing a tied 10x10 game's sets spent a sixth of its
    time here in Fractions)."""
    scaled = []
    for given in rows:
        scale = math.lcm(*(v.denominator for v in given.values()))
        scaled.append({j: v.numerator * (scale // v.denominator) for j, v in given.items()})
    return integer_rank(scaled)


def _combined(row: dict[int, int], a: int, other: dict[int, int], b: int) -> dict[int, int]:
    """The sparse integer row `row * a - other * b`, its zeros dropped."""
    out = {j: v * a for j, v in row.items()}
    for j, v in other.items():
        w = out.get(j, 0) - v * b
        if w:
            out[j] = w
        else:
            out.pop(j, None)
    return out


def integer_rank(rows: Sequence[dict[int, int]]) -> int:
    """`_rank` of sparse integer rows (column -> nonzero integer)."""
    pivots: dict[int, dict[int, int]] = {}
    for row in rows:
        while row:
            col = max(row)
            if col not in pivots:
                pivots[col] = row
                break
            top = pivots[col]
            out = _combined(row, top[col], top, row[col])
            g = math.gcd(*out.values()) if out else 1
            row = {j: v // g for j, v in out.items()} if g > 1 else out
    return len(pivots)


def _pivots(nvars: int, eqs: list[Sparse], ineqs: list[Sparse]) -> set[int] | None:
    """A variable of each equation that is in no other equation or inequality (the
    callers reduce their inequalities by their equations), or None: the equations then
    hold at any values of the other variables, set to those of a proposed point."""
    used = [0] * nvars
    for form, _ in eqs + ineqs:
        for j in form:
            used[j] += 1
    pivots = set()
    for form, _ in eqs:
        pivot = next((j for j in form if used[j] == 1), None)
        if pivot is None:
            return None
        pivots.add(pivot)
    return pivots


def _inside(ineqs: list[Sparse], x: Sequence[Fraction] | None) -> bool:
    """Whether every inequality holds strictly at x (exactly; False without x)."""
    if not x:
        return False
    point = x
    return all(sum((c * point[j] for j, c in form.items()), const) > 0 for form, const in ineqs)


def _proposal(nvars: int, pivots: set[int], ineqs: list[Sparse]) -> list[Fraction] | None:
    """A point proposed strictly inside the inequalities, in the variables other than
    `pivots` (zero there): a float LP max t with f(x) >= t (scipy's HiGHS), rounded to
    rationals; None when it finds no t > 0 or scipy is missing."""
    import numpy as np
    try:
        from ..budget import import_uninterrupted
        optimize = import_uninterrupted("scipy.optimize")
        sparse = import_uninterrupted("scipy.sparse")
    except ImportError:
        return None
    free = [j for j in range(nvars) if j not in pivots]
    col = {j: n for n, j in enumerate(free)}
    entries = [(i, col[j], -float(c)) for i, (form, _) in enumerate(ineqs)
               for j, c in form.items()]
    size = len(free)
    rows = [i for i, _, _ in entries] + list(range(len(ineqs)))
    cols = [j for _, j, _ in entries] + [size] * len(ineqs)
    vals = [v for _, _, v in entries] + [1.0] * len(ineqs)
    a = sparse.csr_matrix((vals, (rows, cols)), shape=(len(ineqs), size + 1))
    b = np.array([float(f[1]) for f in ineqs])
    cost = np.zeros(size + 1)
    cost[-1] = -1.0
    res = optimize.linprog(cost, A_ub=a, b_ub=b, bounds=[(None, None)] * size + [(None, 1.0)],
                           method="highs")
    if res.status != 0 or res.x is None or res.x[-1] <= 1e-9:
        return None
    x = [Fraction(0)] * nvars
    for j, v in zip(free, res.x[:-1]):
        x[j] = Fraction(float(v)).limit_denominator(1 << 40)
    return x


def affine_rank(points: Sequence[Sequence[Fraction]],
                supports: Sequence[Sequence[int]] | None = None) -> int:
    """The dimension of the convex hull of `points` (exact rationals): the rank of
    their differences from the first. A maximal convex set of 2-player equilibria is
    the product of the hulls of its extreme strategies (each player's polytope is a
    face of its best-response polytope, whose vertices are all extreme equilibrium
    strategies), so its dimension is the sum of the two ranks. Rows are kept sparse,
    each pivoting on its last column: thousands of pure strategies (e_j - e_0) then
    reduce in linear time. `supports`: each point's nonzero coordinates, when known."""
    if len(points) < 3:             # most convex sets pair a point and a segment
        return int(len(points) == 2 and tuple(points[0]) != tuple(points[1]))
    nonzero = supports or [[j for j, a in enumerate(p) if a] for p in points]
    if not all(type(p[j]) is Fraction for p, support in zip(points, nonzero) for j in support):
        return _rank([{j: v for j in range(len(points[0])) if (v := p[j] - points[0][j])}
                      for p in points[1:]])
    ints = []                       # each point as integers over the lcm of its denominators
    for p, support in zip(points, nonzero):
        scale = math.lcm(*(p[j].denominator for j in support))
        ints.append(({j: p[j].numerator * (scale // p[j].denominator) for j in support}, scale))
    base, b = ints[0]
    rows = []
    for point, a in ints[1:]:
        rows.append(_combined(point, b, base, a))
    return integer_rank(rows)


def _symbols(nvars: int) -> list:
    import sympy

    return list(sympy.symbols([f"p{k + 1}" for k in range(nvars)]))


def _expr_str(p: RingPoly, symbols: list) -> str:
    """A ring polynomial as a sympy-syntax string in p1, p2, ... (scaled by a positive
    number to coprime integer coefficients: the sign of an inequality is kept).
    Linear ones (every 2-player piece) are written directly, as sympy would print
    them; others through sympy's printer."""
    q = _primitive(p)
    text = linear_str(q, [x.name for x in symbols])
    return text if text is not None else sympy_str(q, symbols)


def sympy_str(p: RingPoly, symbols: list) -> str:
    """sympy's string of the ring polynomial p in `symbols`."""
    import sympy

    return sympy.sstr(p.as_expr(*symbols))


def linear_str(p: RingPoly, names: Sequence[str]) -> str | None:
    """The string sympy prints for a linear polynomial with integer coefficients (None
    for any other): terms in the order of their variables' names as strings (sympy
    sorts symbols so: p10 before p2), the constant last, except that a positive
    constant with one negative term comes first ('1 - p1'). What sympy's printer
    costs, about a millisecond a polynomial, was most of the time spent describing a
    degenerate 2-player game's connected sets."""
    const = 0
    terms: list[tuple[str, int]] = []
    for monom, c in p.terms():
        if int(c.denominator) != 1 or sum(monom) > 1:
            return None
        if sum(monom) == 0:
            const = int(c.numerator)
        else:
            terms.append((names[monom.index(1)], int(c.numerator)))
    return linear_text(terms, const)


def linear_text(terms: list[tuple[str, int]], const: int) -> str:
    """`linear_str` of sum(c * name) + const, from its (name, c) terms (c != 0)."""
    terms = sorted(terms)
    parts = [name if c == 1 else f"-{name}" if c == -1 else f"{c}*{name}" for name, c in terms]
    if len(parts) == 1 and const > 0 and terms[0][1] < 0:
        parts.insert(0, str(const))
    elif const or not parts:
        parts.append(str(const))
    out = parts[0]
    for part in parts[1:]:
        out += f" - {part[1:]}" if part.startswith("-") else f" + {part}"
    return out


def _primitive(p: RingPoly) -> RingPoly:
    """p times the positive rational that makes its coefficients coprime integers."""
    from math import gcd, lcm

    from sympy.polys.domains import QQ

    coeffs = [Fraction(int(c.numerator), int(c.denominator))
              for c in p.coeffs()]
    den = lcm(*(c.denominator for c in coeffs))
    num = gcd(*(int(c * den) for c in coeffs))
    return p * QQ(den, num)


# ----------------------------------------------------------------------------
# extreme points
# ----------------------------------------------------------------------------
def _extreme_points(G: list, bounds: list, nvars: int, dim: int, clock: Clock,
                    scalars: Scalars = RATIONAL) -> list[tuple]:
    """Points of the piece where `dim` boundary inequalities hold with equality (the
    endpoints of a curve, the vertices of a polytope), each face solved exactly."""
    from .zero_dim import SystemStatus

    faces = list(itertools.combinations(range(len(bounds)), dim))
    if len(faces) > MAX_FACES:
        clock.complete = False
        clock.notes.append("a component has too many boundary faces for its extreme points "
                           "to be listed in full")
        faces = faces[:MAX_FACES]
    found: list[tuple] = []
    for face in faces:
        clock.check_time()
        solved = scalars.solve_system(list(G) + [bounds[k] for k in face], nvars, clock)
        if solved.unresolved:
            clock.complete = False
            clock.notes.append("an endpoint of a set of equilibria was not resolved exactly "
                               "(a multiple irrational root)")
        if solved.status is not SystemStatus.POINTS:
            continue
        for pt in solved.points:
            if all(sign_at(b, pt) >= 0 for b in bounds) and not any(
                    same_point(pt, q) for q in found):
                found.append(pt)
    return found


def _interior_points(G: list, bounds: list, nvars: int, dim: int, clock: Clock,
                     scalars: Scalars = RATIONAL) -> tuple[int, list[tuple]] | None:
    """A piece with no extreme point lies strictly inside its box (closed ovals, closed
    surfaces): on each of its parts a probability p_k is least and greatest where the
    tangent space keeps p_k constant, i.e. where the Jacobian of the equations without
    p_k's column has rank below n - dim (every such minor vanishes; singular points
    qualify too). For the first p_k that gives finitely many such points: k and the
    points inside the box (exact; none: the piece has no real point); None when no
    p_k does (undecided)."""
    from ..linalg import bareiss_det
    from .zero_dim import SystemStatus

    rows_of = [g for g in G if _uses(g, range(nvars))]      # not theta's polynomial
    if not rows_of:             # no equation: nothing keeps any p_k constant
        return None
    R = rows_of[0].ring
    gens = R.gens
    size = nvars - dim
    if len(rows_of) < size or \
            math.comb(len(rows_of), size) * math.comb(nvars - 1, size) > MAX_MINORS:
        return None
    for k in range(nvars):
        clock.check_time()
        others = [gens[c] for c in range(nvars) if c != k]
        minors = [bareiss_det(R, [[g.diff(x) for x in columns] for g in rows])
                  for rows in itertools.combinations(rows_of, size)
                  for columns in itertools.combinations(others, size)]
        solved = scalars.solve_system(list(G) + [m for m in minors if m], nvars, clock)
        if solved.status is SystemStatus.EMPTY:
            return k, []                     # no oval: the curve has no point in the box
        if solved.status is not SystemStatus.POINTS or solved.unresolved:
            continue
        points: list[tuple] = []
        for pt in solved.points:
            if all(sign_at(b, pt) >= 0 for b in bounds) and not any(
                    same_point(pt, q) for q in points):
                points.append(pt)
        return k, points
    return None


def _with_single_blocks(piece: Piece, G: list, bounds: list, nvars: int,
                        touching: Touching) -> Piece:
    """The piece with its dimension measured again, blocks proved single points
    counting 0, and its listed points marked as `touching_points`' (unless the whole
    set is one point)."""
    from .real_dimension import block_dimensions

    blocks = block_dimensions(G, bounds, nvars) or []
    dim = sum(0 if b in touching.single else d for b, d, _ in blocks)
    exact = all(e or b in touching.single for b, _, e in blocks)
    return replace(piece, dimension=dim, dimension_exact=exact,
                   touching_in=touching.form if dim else "")


def sign_at(p: RingPoly, pt: Sequence[object]) -> int:
    from .algebraic import exact_sign
    from .zero_dim import evaluate_at

    return exact_sign(evaluate_at(p, pt))


def same_point(p: Sequence[Exact], q: Sequence[Exact]) -> bool:
    """The same point (coordinates Fractions or elements of possibly different number
    fields): exactly in one field, else by canonical exact forms."""
    from .algebraic import exact_sign, to_exact
    for x, y in zip(p, q):
        if abs(float(x) - float(y)) > 1e-9:
            return False
        if getattr(x, "root", None) is getattr(y, "root", None):
            if exact_sign(x - y) != 0:
                return False
        elif str(to_exact(x)) != str(to_exact(y)):
            return False
    return True


def profile_at(game: PayoffTable, piece: Piece, point: Sequence[object]) -> tuple[tuple, ...]:
    """The full mixed profile of `game` at coordinates `point` of the piece's variables."""
    probs: list[list[object]] = [[Fraction(0)] * m for m in game.shape]
    for i, j in piece.fixed:
        probs[i][j] = Fraction(1)
    for (_, i, j), x in zip(piece.variables, point):
        probs[i][j] = x
    for i, j in piece.implied:
        rest: Any = Fraction(1)
        for (_, i2, _j), x in zip(piece.variables, point):
            if i2 == i:
                rest = rest - x
        probs[i][j] = rest
    return tuple(tuple(p) for p in probs)


# ----------------------------------------------------------------------------
# pieces -> components
# ----------------------------------------------------------------------------
def group_pieces(pieces: Sequence[tuple[Piece, Sequence[object]]]) -> list[list[int]]:
    """Indices of pieces grouped into components: pieces sharing an extreme point
    (by its key) are connected."""
    parent = list(range(len(pieces)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    owner: dict[object, int] = {}
    for k, (_, keys) in enumerate(pieces):
        for key in keys:
            if key in owner:
                parent[find(k)] = find(owner[key])
            else:
                owner[key] = k
    groups: dict[int, list[int]] = {}
    for k in range(len(pieces)):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def detail_of(pieces: Sequence[Piece]) -> ContinuumDetail:
    """The component's detail: its dimension, and convexity (one linear piece). The
    dimension is exact when a piece of that dimension has it exactly (the others' are
    upper bounds no larger)."""
    dim = max(p.dimension for p in pieces)
    return ContinuumDetail(dimension=dim,
                           polytope=len(pieces) == 1 and pieces[0].linear,
                           pieces=tuple(pieces),
                           dimension_exact=any(p.dimension == dim and p.dimension_exact
                                               for p in pieces))


def relabel(piece: Piece, keep: Sequence[Sequence[int]]) -> Piece:
    """The piece with strategy indices of a restricted game mapped to the full game
    (`keep[i]` lists player i's kept strategies)."""
    return replace(piece, supports=tuple(tuple(keep[i][j] for j in s)
                                         for i, s in enumerate(piece.supports)),
                   fixed=tuple((i, keep[i][j]) for i, j in piece.fixed),
                   variables=tuple((n, i, keep[i][j]) for n, i, j in piece.variables),
                   implied=tuple((i, keep[i][j]) for i, j in piece.implied))


def components_of(pieces: Sequence[tuple[Piece, Sequence[object]]],
                  index: dict[object, int]) -> list[Component]:
    """Components from pieces (each with the keys of its extreme points; `index` maps a
    key to its position among the equilibria)."""
    from ..equilibrium import Component

    out = []
    for group in group_pieces(pieces):
        members = sorted({index[k] for g in group for k in pieces[g][1]})
        detail = detail_of([pieces[g][0] for g in group])
        what = f"a {detail.dimension}-dimensional set of equilibria" \
            if detail.dimension_exact else \
            f"a set of equilibria of dimension at most {detail.dimension}"
        out.append(Component(members=tuple(members), description=what, detail=detail))
    return out


# ----------------------------------------------------------------------------
# details for components found by other solvers (2 players, one player)
# ----------------------------------------------------------------------------
def attach_details(game: Game, result: EquilibriumSet) -> EquilibriumSet:
    """`result` with every component that has none given its exact detail (a new set:
    results are frozen): a 2-player convex set (a maximal biclique of extreme
    strategies) is the piece of the union of its extreme strategies' supports; an
    isolated equilibrium is a 0-dimensional piece; any other component is the piece of
    its members' joint support."""
    from .bimatrix import extreme_strategies

    if all(comp.detail is not None for comp in result.components):
        return result           # stated by the solver (solvers/two_strategies.py)
    sides = extreme_strategies(result.equilibria) if game.n_players == 2 else ([], [])
    describe_set = _set_describer(game)
    out = []
    for comp in result.components:
        if comp.detail is None:
            comp = replace(comp, detail=_detail_for(game, result, comp, sides, describe_set))
        out.append(comp)
    return replace(result, components=tuple(out))


Describer = Callable[[Support, "int | None"], "Piece | None"]     # supports, dimension if known


def _set_describer(game: Game) -> Describer:
    """How a support profile's piece is stated: for 2 players by exact integer linear
    algebra (`two_strategies.describe_linear`, the same piece as `describe` without
    sympy rings or Groebner bases: most of the time after a degenerate game's
    enumeration went there) when the payoffs are rational, otherwise by `describe`."""
    if game.n_players == 2 and all(isinstance(u, Fraction) for u in game.payoffs.flat):
        from .two_strategies import describe_linear, integer_payoffs

        payoffs = integer_payoffs(game)

        def linear(supports: Support, dimension: int | None = None) -> Piece | None:
            return describe_linear(game, (supports[0], supports[1]), payoffs, dimension)
        return linear

    def general(supports: Support, dimension: int | None = None) -> Piece | None:
        found = describe(game, supports, with_points=False)
        return None if found is None else found.piece
    return general


def _detail_for(game: Game, result: EquilibriumSet, comp: Component,
                sides: tuple[list, list], describe_set: Describer) -> ContinuumDetail | None:
    members = [result.equilibria[m] for m in comp.members]
    if len(members) == 1:
        return ContinuumDetail(0, True, (point_piece(members[0].profile),))
    groups = [[[sides[0][a] for a in xs], [sides[1][b] for b in ys]]
              for xs, ys in comp.convex_sets] or [[[e.profile[i] for e in members]
                                                   for i in range(game.n_players)]]
    pieces = []
    for group in groups:
        supports = tuple(tuple(sorted({j for probs in side for j, p in enumerate(probs) if p}))
                         for side in group)
        rational = comp.convex_sets and all(type(p) is Fraction for side in group
                                            for probs in side for p in probs)
        piece = describe_set(supports, sum(affine_rank(side) for side in group)
                             if rational else None)
        if piece is not None:
            pieces.append(piece)
    return detail_of(pieces) if pieces else None


def point_piece(profile: Sequence[Sequence[Exact]]) -> Piece:
    """A single equilibrium as a 0-dimensional piece (its probabilities as equations)."""
    from ..numbers import exact_str

    supports = tuple(tuple(j for j, p in enumerate(probs) if p) for probs in profile)
    variables, implied, fixed = name_variables(supports)
    equations = tuple(f"{name} - ({exact_str(profile[i][j])})" for name, i, j in variables)
    return Piece(supports, fixed, variables, implied, equations, (), 0, True)


def lift_detail(detail: ContinuumDetail | None, keep: Sequence[int],
                n_players: int) -> ContinuumDetail | None:
    """A detail of the game among players `keep` stated for the full game, where every
    other player has one strategy (its index 0)."""
    if detail is None:
        return None
    others = [(i, 0) for i in range(n_players) if i not in keep]

    def lift(p: Piece) -> Piece:
        pos = {k: i for k, i in enumerate(keep)}
        supports = tuple(p.supports[keep.index(i)] if i in keep else (0,)
                         for i in range(n_players))
        return replace(p, supports=supports,
                       fixed=tuple(sorted([(pos[i], j) for i, j in p.fixed] + others)),
                       variables=tuple((n, pos[i], j) for n, i, j in p.variables),
                       implied=tuple((pos[i], j) for i, j in p.implied),
                       free=tuple(pos[i] for i in p.free))
    return replace_pieces(detail, tuple(lift(p) for p in detail.pieces))


def replace_pieces(detail: ContinuumDetail, pieces: tuple[Piece, ...]) -> ContinuumDetail:
    return replace(detail, pieces=pieces)


def interval_bounds(inequalities: Sequence[str]) -> list[str]:
    """A piece's inequalities (expr >= 0, this module's own strings in p1, p2, ..., never
    scenario text) as conditions to print: those linear in one probability merged into
    one interval ('3/4 <= p1 <= 1'), the others as written. The strings are read by our
    own exact reader (linear_text); sympy only for a string in a form it does not know."""
    lows: dict[str, list[Fraction]] = {}
    highs: dict[str, list[Fraction]] = {}
    rest = []
    for text in inequalities:
        one = _one_probability(text)
        if one is None:
            rest.append(f"{text} >= 0")
            continue
        name, a, bound = one
        (lows if a > 0 else highs).setdefault(name, []).append(bound)
    out = []
    for name in sorted(set(lows) | set(highs), key=lambda n: int(n[1:])):
        lo = max(lows.get(name, []), default=None)
        hi = min(highs.get(name, []), default=None)
        if lo is not None and hi is not None:
            out.append(f"{lo} <= {name} <= {hi}")
        elif lo is not None:
            out.append(f"{name} >= {lo}")
        else:
            out.append(f"{name} <= {hi}")
    return out + rest


def _one_probability(text: str) -> tuple[str, Fraction, Fraction] | None:
    """(name, coefficient, root) when `text` is a*name + b with a != 0, else None."""
    from .linear_text import Linear, read_linear

    read = read_linear(text)
    if read is None:
        return _one_probability_sympy(text)
    if not isinstance(read, Linear) or len(read.coeffs) != 1:
        return None
    name, a = read.coeffs[0]
    return name, a, -read.constant / a


def _one_probability_sympy(text: str) -> tuple[str, Fraction, Fraction] | None:
    """_one_probability for a string our reader does not know (kept exact by sympy)."""
    import sympy

    e = sympy.sympify(text)
    syms = list(e.free_symbols)
    if len(syms) == 1 and sympy.Poly(e, syms[0]).degree() == 1:
        x = syms[0]
        a = sympy.Poly(e, x).coeffs()[0]
        bound = sympy.solve(e, x)[0]
        if a.is_Rational and bound.is_Rational:
            return str(x), Fraction(int(a.p), int(a.q)), Fraction(int(bound.p), int(bound.q))
    return None
