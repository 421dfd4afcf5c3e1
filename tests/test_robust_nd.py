"""The robustness radius with a boundary of degree 3 or 4 in three parameters (and of
degree 5 or 6 in two, with games.limits.ROBUST_DEGREE raised), exact, against
references written here:

- textbook cases with a closed form (a*b*c = 2 seen from (2, 2, 2) along the diagonal:
  (2 - 4r)^3 = 2);
- for generated curves and surfaces, a bracket [lo, hi] on the least r whose clipped
  cube reaches f = 0, found by two bisections on r that share nothing with the
  engine: `hi` where a dense exact grid of rational points of that cube holds a point
  where f has the other sign than at the baseline (or is zero: the cube is connected,
  so f vanishes in it), `lo` where a branch-and-bound in exact interval arithmetic
  (mean-value form: f(c) plus the interval gradient times the half-widths) proves f
  keeps its sign on the whole cube.

The engine's exact radius must lie in [lo, hi]; its witness has f = 0 exactly at
distance exactly r; direct solves at random rational points strictly inside keep the
baseline's structure, and one at the rational point reported past the witness (or at
the witness itself) changes it.
"""
from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from games.numbers import sign, to_float
from games.sensitivity.robustness import robustness
from games.solve import solve
from tests.test_robust_higher import oracle as higher_oracle
from tests.test_robustness_exact import (keeps_inside, ranges, scenario_for, solved, value,
                                         with_parameters)

NAMES = ("a", "b", "c")
SYMS = sympy.symbols(NAMES)


def _sym(v):
    return sympy.Rational(v.numerator, v.denominator) if isinstance(v, F) else sympy.sympify(v)


# ------------------------------------------------------------------ the reference

class Poly:
    """f with exact Fraction coefficients, evaluated on points and on boxes."""

    def __init__(self, f, syms) -> None:
        P = sympy.Poly(f, *syms)
        self.terms = [(m, F(int(c.p), int(c.q))) for m, c in P.terms()]
        self.n = len(syms)
        self.grad = []
        for k in range(self.n):
            self.grad.append([(tuple(e - (i == k) for i, e in enumerate(m)), c * m[k])
                              for m, c in self.terms if m[k]])

    def at(self, x) -> F:
        return value(dict(self.terms), x)

    @staticmethod
    def _interval(terms, box) -> tuple[F, F]:
        lo_s = hi_s = F(0)
        for m, c in terms:
            lo = hi = c
            for (a, b), e in zip(box, m):
                if not e:
                    continue
                pa, pb = a ** e, b ** e
                if e % 2 == 0 and a < 0 < b:
                    ends = (F(0), max(pa, pb))
                else:
                    ends = (min(pa, pb), max(pa, pb))
                prods = (lo * ends[0], lo * ends[1], hi * ends[0], hi * ends[1])
                lo, hi = min(prods), max(prods)
            lo_s, hi_s = lo_s + lo, hi_s + hi
        return lo_s, hi_s

    def keeps_sign(self, box, s: int, budget: int) -> bool:
        """Is s*f > 0 on the whole box? (mean-value form on each piece, splitting the
        widest side of a piece it cannot decide; False beyond `budget` pieces.)"""
        todo = [box]
        while todo:
            piece = todo.pop()
            mid = [(a + b) / 2 for a, b in piece]
            fc = s * self.at(mid)
            if fc <= 0:
                return False
            spread = F(0)
            for k, (a, b) in enumerate(piece):
                glo, ghi = self._interval(self.grad[k], piece)
                spread += max(abs(glo), abs(ghi)) * (b - a) / 2
            if fc > spread:
                continue
            budget -= 1
            if budget < 0:
                return False
            k = max(range(self.n), key=lambda i: piece[i][1] - piece[i][0])
            a, b = piece[k]
            m = (a + b) / 2
            todo += [[*piece[:k], half, *piece[k + 1:]] for half in ((a, m), (m, b))]
        return True


def cube(params, r) -> list[tuple[F, F]]:
    return [(max(lo, v - r * (hi - lo)), min(hi, v + r * (hi - lo)))
            for v, lo, hi in params.values()]


def bracket(f, params, steps: int = 12, per_axis: int = 13):
    """[lo, hi] around the least r whose clipped cube reaches f = 0 (None: f keeps its
    sign on the whole box)."""
    p = Poly(f, SYMS[:len(params)])
    x0 = [v for v, _, _ in params.values()]
    s = 1 if p.at(x0) > 0 else -1
    top = max(max(hi - v, v - lo) / (hi - lo) for v, lo, hi in params.values())

    def grid_reaches(r) -> bool:
        axes = [[a + (b - a) * F(k, per_axis - 1) for k in range(per_axis)] for a, b in cube(params, r)]
        return any(s * p.at(x) <= 0 for x in itertools.product(*axes))

    def clear(r) -> bool:
        return p.keeps_sign(cube(params, r), s, 3000)

    if not grid_reaches(top):
        assert clear(top), "the reference could not decide the whole box"
        return None
    lo, hi = F(0), top
    for _ in range(steps):          # the smallest r found reached on the grid
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if grid_reaches(mid) else (mid, hi)
    upper = hi
    lo, hi = F(0), upper
    for _ in range(steps):          # the largest r certified clear
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if clear(mid) else (lo, mid)
    return lo, upper


# ------------------------------------------------------------------ the check

def decision(params, f: str):
    """P1 prefers r0 exactly where f > 0, P2 has one strategy (so only P1 may mix:
    payoffs up to degree 8 stay within games.limits.CRITICAL_DEGREE)."""
    return with_parameters(params, f"""\
players:
  P1: {{strategies: [r0, r1]}}
  P2: {{strategies: [c0]}}
payoffs:
  r0, c0: [{f}, 0]
  r1, c0: [0, 0]
""")


def check(f, params, seed: int = 0, width: float = 0.05, alone: bool = False,
          steps: int = 12):
    """The engine's radius against the bracket, and its witness by direct solves
    (`alone`: the one-decision game, for degrees above 4)."""
    names = list(params)
    sc = decision(params, str(f)) if alone else scenario_for(params, str(f), "1", "1")
    rob = robustness(sc, solver=solve)
    # two parameters: test_robust_higher's 50-digit bisection (its own method: the
    # extremes of f on each square); three: the bracket above
    expected = higher_oracle(f, params) if len(params) == 2 else bracket(f, params, steps)
    if expected is None:
        assert rob.radius is None and rob.exact, (rob.radius, rob.notes)
        return rob
    lo, hi = expected
    assert hi - lo < width, (lo, hi)            # the reference itself is informative
    assert rob.exact, rob.notes
    assert to_float(lo) - 1e-12 <= to_float(rob.radius) <= to_float(hi) + 1e-12, \
        (rob.radius, to_float(rob.radius), float(lo), float(hi))
    r = _sym(rob.radius)
    w = {n: _sym(v) for n, v in rob.witness.items()}
    syms = SYMS[:len(names)]
    assert sign(sympy.expand(f.subs(dict(zip(syms, [w[n] for n in names]))))) == 0
    base = {n: v for n, (v, _, _) in params.items()}
    widths = {n: hi_ - lo_ for n, (_, lo_, hi_) in params.items()}
    dist = [abs(w[n] - _sym(base[n])) / _sym(widths[n]) for n in names]
    assert max(sign(d - r) for d in dist) == 0
    keeps_inside(sc, params, r, seed)
    here = solved(sc, {})
    if rob.witness_changes and all(isinstance(v, F) for v in rob.witness.values()):
        assert solved(sc, rob.witness) != here
    elif rob.witness_changes:
        # solved exactly at the irrational witness by the engine; here: a rational
        # point just past it on the ray from the baseline, where f has the other sign
        approx = {n: F(to_float(w[n])) for n in names}
        p = Poly(f, syms)
        s0 = sign(p.at([base[n] for n in names]))
        past = None
        for t in (F(1001, 1000), F(101, 100)):
            pt = {n: min(max(base[n] + (approx[n] - base[n]) * t, params[n][1]), params[n][2])
                  for n in names}
            if sign(p.at([pt[n] for n in names])) == -s0:
                past = pt
                break
        assert past is not None
        assert solved(sc, past) != here
    else:
        assert rob.beyond is not None and solved(sc, rob.beyond) != here
        far = max(abs(rob.beyond[n] - base[n]) / widths[n] for n in names)
        assert sign(_sym(far) - r) >= 0 and to_float(far) - to_float(r) < 1e-3
    return rob


P3 = {n: (F(2), F(0), F(4)) for n in NAMES}
A, B, C = SYMS


def test_cubic_surface_reached_along_the_diagonal():
    """a*b*c = 2 from (2, 2, 2): by symmetry the corner (2 - 4r)^3 = 2 reaches it,
    r = (2 - 2^(1/3)) / 4."""
    rob = check(A * B * C - 2, P3)
    assert sympy.simplify(_sym(rob.radius) - (2 - sympy.cbrt(2)) / 4) == 0


def test_quartic_surface_tangent_to_a_face():
    """(a - 5)^4 + (b - 2)^2 + (c - 2)^2 = 2 from (2, 2, 2): the face a = 2 + 4r touches
    it at a = 5 - 2^(1/4), b = c = 2."""
    rob = check(2 - (A - 5) ** 4 - (B - 2) ** 2 - (C - 2) ** 2, P3, steps=7)
    assert sympy.simplify(_sym(rob.radius) - (3 - sympy.root(2, 4)) / 4) == 0
    assert sympy.simplify(_sym(rob.witness["a"]) - (5 - sympy.root(2, 4))) == 0
    assert rob.witness["b"] == 2 and rob.witness["c"] == 2


def test_cubic_surface_met_inside_a_face():
    check(4 * C - (A - 3) ** 3 - B ** 2 - 6, P3, seed=1)


def test_quintic_curve_in_two_parameters(monkeypatch):
    """a^5 + b^5 = 64 from (1, 1) in [0, 4]^2: the corner (1 + 4r)^5 = 32, r = 1/4
    (degree 5: placed once games.limits.ROBUST_DEGREE allows it)."""
    import games.limits
    monkeypatch.setattr(games.limits, "ROBUST_DEGREE", 6)
    params = {"a": (F(1), F(0), F(4)), "b": (F(1), F(0), F(4))}
    rob = check(A ** 5 + B ** 5 - 64, params, alone=True)
    assert rob.radius == F(1, 4)


def test_sextic_curve_tangent_to_a_side():
    """3 - (a - 5)^6 - (b - 2)^2 from (2, 2): the side a = 2 + 4r touches it at
    a = 5 - 3^(1/6) (degree 6: placed by default in two parameters,
    games.limits.ROBUST_PLANE_DEGREE)."""
    params = {"a": (F(2), F(0), F(4)), "b": (F(2), F(0), F(4))}
    rob = check(3 - (A - 5) ** 6 - (B - 2) ** 2, params, alone=True)
    assert sympy.simplify(_sym(rob.radius) - (3 - sympy.root(3, 6)) / 4) == 0


@st.composite
def surfaces(draw, n: int, top: int):
    syms = SYMS[:n]
    monos = [m for m in itertools.product(range(top + 1), repeat=n) if 0 < sum(m) <= top]
    f = draw(st.integers(-6, 6))
    for m in draw(st.lists(st.sampled_from(monos), min_size=2, max_size=4, unique=True)):
        term = draw(st.integers(-3, 3).filter(bool))
        for s, e in zip(syms, m):
            term *= s ** e
        f += term
    f = sympy.expand(f)
    assume(sympy.Poly(f, *syms).total_degree() >= 3)
    params = draw(ranges(n))
    assume(f.subs({s: _sym(params[nm][0]) for s, nm in zip(syms, NAMES)}) != 0)
    return f, params


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(surfaces(3, 3))
def test_generated_cubic_surfaces(case):
    check(*case)


def test_three_players_solved_exactly_at_an_irrational_point():
    """The robustness search's exact solve at an irrational point, with three players:
    the volunteer's dilemma at cost = sqrt(2), benefit = 3 (the symmetric equilibrium
    then volunteers with probability 1 - (2/9)^(1/4)) has the structure of a direct
    rational solve at cost = 7/5 (the same cell: 0 < cost < benefit), 3 + 3 + 1
    equilibria, as the scenario's own comment says."""
    from games import load_scenario
    from games.sensitivity.robust_algebraic import structure_at
    from games.sensitivity.symbolic import symbolic_payoffs
    from games.sensitivity.thresholds import baseline
    sc = load_scenario("scenarios/three_player_volunteer.yaml")
    syms = sympy.symbols("benefit cost")
    U = symbolic_payoffs(sc, ["benefit", "cost"], baseline(sc), list(syms))
    got = structure_at(U, syms, (F(3), sympy.sqrt(2)))
    assert got == solved(sc, {"cost": F(7, 5)})
    assert sum(count for _, count in got) == 7


@pytest.mark.parametrize("limit,value,note", [("ROBUST_PLANE_DEGREE", 4, "not placed exactly"),
                                               ("ROBUST_PLANE_SECONDS", 0.0, "took more than")])
def test_sextic_beyond_the_plane_limits_keeps_certified_bounds(monkeypatch, limit, value, note):
    """With the plane's degree limit at 4, or no time to place it, the sextic gives
    certified bounds around the 50-digit reference, and the note says why."""
    import games.limits
    monkeypatch.setattr(games.limits, limit, value)
    params = {"a": (F(2), F(0), F(4)), "b": (F(2), F(0), F(4))}
    f = 3 - (A - 5) ** 6 - (B - 2) ** 2
    rob = robustness(decision(params, str(f)), solver=solve)
    lo, hi = higher_oracle(f, params)
    assert not rob.exact and any(note in n for n in rob.notes), rob.notes
    assert to_float(rob.lower) <= float(hi) + 1e-12
    assert rob.radius is None or to_float(rob.radius) >= float(lo) - 1e-12
