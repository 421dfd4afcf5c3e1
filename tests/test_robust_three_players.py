"""The robustness radius of 3-player 2x2x2 games with two and three ranged
parameters, checked by an equilibrium enumeration written here (exact: Fractions,
and sympy's roots of the one quadratic of the fully mixed support), never by the
engine's solvers:

- a hand-built game whose radius is derived below (the square's corner touching the
  hyperbola a*b = 2): the exact value, the witness, the structure kept at rational
  points just inside and changed at points just past it;
- typical generated games (every payoff a small integer, some plus a multiple of a
  parameter): the witness reported is checked on both sides (points of the segment
  from the baseline to it, just short of it, keep the baseline's equilibria; the
  point past it the search names, or points just past the witness along that
  segment, do not), every run within a time bound, and a certified lower bound is
  below the radius found.
"""
from __future__ import annotations

import itertools
import math
import random
import time
from fractions import Fraction as F

import pytest
import sympy

from games.numbers import to_float, to_sympy
from games.scenario import parse_scenario
from games.sensitivity.robustness import robustness
from games.solve import solve

# ------------------------------------------------------------------ the oracle


class Degenerate(Exception):
    """A support whose system has a continuum of solutions: not a generic point."""


def gains(U: dict[tuple[int, int, int, int], F]):
    """D_i(x) = u_i(first) - u_i(second) against the others' probabilities x_j of
    their first strategies: a function of the 3-tuple x (x_i ignored)."""
    def D(i: int, x):
        total = 0
        for prof in itertools.product(range(2), repeat=3):
            if prof[i] != 0:
                continue
            other = list(prof)
            other[i] = 1
            weight = 1
            for j in range(3):
                if j != i:
                    weight *= x[j] if prof[j] == 0 else 1 - x[j]
            total += weight * (U[(i, *prof)] - U[(i, *other)])
        return total
    return D


def equilibria(U) -> list[tuple]:
    """Every equilibrium of the 2x2x2 game (exact), as x = probabilities of the first
    strategies (Fractions, or sympy numbers for the fully mixed one); Degenerate when
    some support has a continuum."""
    D = gains(U)
    out = []
    for status in itertools.product((1, 0, None), repeat=3):
        mixing = [i for i in range(3) if status[i] is None]
        if len(mixing) == 0:
            cands = [tuple(F(s) for s in status)]
        elif len(mixing) == 1:
            (i,) = mixing
            x = [F(s) if s is not None else F(1, 2) for s in status]
            if D(i, x) == 0 and _some_mixture(D, status, i):
                raise Degenerate(status)
            cands = []
        elif len(mixing) == 2:
            cands = _two_mixing(D, status, mixing)
        else:
            cands = _three_mixing(D)
        for x in cands:
            if _is_equilibrium(D, status, x):
                out.append(x)
    return out


def _some_mixture(D, status, i) -> bool:
    """With the others pure and player i indifferent, is there a probability x_i in
    (0, 1) at which both others' pure strategies are best responses (a segment of
    equilibria)? Their gains are linear in x_i."""
    lo, hi = F(0), F(1)
    for j in range(3):
        if j == i:
            continue
        at = []
        for v in (F(0), F(1)):
            x = [F(s) if s is not None else v for s in status]
            at.append(D(j, x) if status[j] == 1 else -D(j, x))     # want >= 0
        g0, slope = at[0], at[1] - at[0]
        if slope == 0:
            if g0 < 0:
                return False
        elif slope > 0:
            lo = max(lo, -g0 / slope)
        else:
            hi = min(hi, -g0 / slope)
    return lo < hi


def _two_mixing(D, status, mixing):
    i, j = mixing
    x = [F(s) if s is not None else F(0) for s in status]
    for me, other in ((i, j), (j, i)):          # D_me is linear in x_other
        x0, x1 = list(x), list(x)
        x0[other], x1[other] = F(0), F(1)
        g0, g1 = D(me, x0), D(me, x1)
        if g0 == g1:
            if g0 == 0:
                raise Degenerate(status)
            return []
        x[other] = g0 / (g0 - g1)
    return [tuple(x)]


def _three_mixing(D):
    """The real solutions of D1 = D2 = D3 = 0 (lex Groebner basis, then sympy's
    polynomial system solver); Degenerate when they are not finitely many."""
    xs = sympy.symbols("x1:4")
    eqs = [sympy.expand(D(i, list(xs))) for i in range(3)]
    G = sympy.groebner(eqs, *xs, order="lex")
    if list(G.exprs) == [1]:
        return []
    if not G.is_zero_dimensional:
        raise Degenerate("fully mixed")
    out = []
    for sol in sympy.solve_poly_system(list(G.exprs), *xs) or []:
        if all(v.is_real for v in sol):
            out.append(tuple(F(int(v.p), int(v.q)) if v.is_Rational else v for v in sol))
    return out


def _is_equilibrium(D, status, x) -> bool:
    for i, s in enumerate(status):
        v = x[i]
        if s is None:
            if not (sympy.sympify(v) > 0 and sympy.sympify(v) < 1):
                return False
            continue
        g = sympy.sympify(D(i, x))
        if (s == 1 and g < 0) or (s == 0 and g > 0):
            return False
    return True


def oracle_structure(text: str, values: dict[str, F]):
    """The multiset of supports of the equilibria at a point (exact, written here)."""
    sc = parse_scenario(text)
    game = sc.game({**{n: p.value for n, p in sc.parameters.items()}, **values},
                   check_range=False)
    U = {(i, *prof): F(game.payoffs[(i, *prof)])
         for i in range(3) for prof in itertools.product(range(2), repeat=3)}
    counts: dict[tuple, int] = {}
    for x in equilibria(U):
        sup = tuple((0,) if v == 1 else (1,) if v == 0 else (0, 1) for v in x)
        counts[sup] = counts.get(sup, 0) + 1
    return tuple(sorted(counts.items()))


def scenario_text(params: dict[str, tuple[F, F, F]], D: dict[int, dict]) -> str:
    """A 2x2x2 scenario: player i's second strategy pays 0, its first pays
    D[i][(s_j, s_k)] (j < k the others' strategies)."""
    lines = "".join(f"  {n}: {{value: {v}, range: [{lo}, {hi}]}}\n"
                    for n, (v, lo, hi) in params.items())
    rows = []
    for prof in itertools.product(range(2), repeat=3):
        pays = []
        for i in range(3):
            j, k = [p for p in range(3) if p != i]
            pays.append(D[i][prof[j], prof[k]] if prof[i] == 0 else "0")
        rows.append(f"  s0{prof[0]}, s1{prof[1]}, s2{prof[2]}: [{', '.join(pays)}]")
    players = "\n".join(f"  P{n + 1}: {{strategies: [s{n}0, s{n}1]}}" for n in range(3))
    return (f"scenario: three players\nparameters:\n{lines}players:\n{players}\n"
            f"payoffs:\n" + "\n".join(rows) + "\n")


# ------------------------------------------------------------------ a hand-derived radius

def test_corner_of_the_square_touches_a_hyperbola():
    """P1's first strategy gains a*b - 2 whatever the others do; P2's gains 1 unless
    P1 and P3 both play first (then b - 1); P3's gains 4 - a - b when P1 and P2 both
    play first, else -1. At a = b = 3/2 (ranges [0, 4], width 4) the only equilibrium
    is (first, first, first); it changes on a*b = 2, on b = 1 and on a + b = 4. In
    scaled coordinates the square of radius r reaches b = 1 at r = 1/8, a + b = 4 at
    r = 1/8 (its corner (+1, +1)), and a*b = 2 first at its corner (-1, -1):
    (3/2 - 4r)^2 = 2, r = 3/8 - sqrt(2)/4 ~ 0.0214 (the hyperbola's normal there is
    (1, 1), so no side point is nearer). Witness a = b = sqrt(2)."""
    params = {"a": (F(3, 2), F(0), F(4)), "b": (F(3, 2), F(0), F(4))}
    D = {0: {k: "a*b - 2" for k in itertools.product(range(2), repeat=2)},
         1: {(0, 0): "b - 1", (0, 1): "1", (1, 0): "1", (1, 1): "1"},
         2: {(0, 0): "4 - a - b", (0, 1): "-1", (1, 0): "-1", (1, 1): "-1"}}
    text = scenario_text(params, D)
    rob = robustness(parse_scenario(text), solver=solve)
    R = sympy.Rational(3, 8) - sympy.sqrt(2) / 4
    assert rob.exact and sympy.simplify(sympy.sympify(rob.radius) - R) == 0
    assert all(sympy.simplify(sympy.sympify(v) - sympy.sqrt(2)) == 0
               for v in rob.witness.values())
    base = oracle_structure(text, {})
    assert base == ((((0,), (0,), (0,)), 1),)
    for m in (3, 8, 20):            # the diagonal just short of sqrt(2), and past it
        low = F(math.isqrt(2 * 10 ** (2 * m)), 10 ** m)       # below sqrt(2)
        high = low + F(1, 10 ** m)                            # above it
        assert oracle_structure(text, {"a": high, "b": high}) == base
        assert oracle_structure(text, {"a": low, "b": low}) != base
    rng = random.Random(7)          # anywhere on the square just inside the radius
    r = F(to_float(R)) * F(999, 1000)
    for _ in range(12):
        pt = {n: v + F(rng.randint(-1000, 1000), 1000) * r * 4
              for n, (v, _, _) in params.items()}
        assert oracle_structure(text, pt) == base


# ------------------------------------------------------------------ generated games

def generated(seed: int, names: str) -> str:
    """A typical parametric 2x2x2 game in gain form: player i's first strategy pays a
    nonzero integer in [-3, 3] against each pure profile of the others, in about
    two cases in five plus (1, -1 or 2) times a parameter; its second pays 0.
    Baselines 1..3, ranges [0, 4]."""
    rnd = random.Random(seed)
    params = {n: (F(rnd.randint(1, 3)), F(0), F(4)) for n in names}
    D: dict[int, dict] = {}
    for i in range(3):
        D[i] = {}
        for prof in itertools.product(range(2), repeat=2):
            term = str(rnd.choice([-3, -2, -1, 1, 2, 3]))
            if rnd.random() < 0.4:
                term += f" + {rnd.choice([1, -1, 2])}*{rnd.choice(names)}"
            D[i][prof] = term
    return scenario_text(params, D)


def _near(v) -> F:
    return F(v) if isinstance(v, (int, F)) else F(sympy.Rational(
        sympy.N(v, 40).round(35)))


def both_sides(text: str, rob) -> None:
    """Points on the segment from the baseline to the witness, just short of it (of
    the certified lower bound when the radius is not exact), keep the baseline's
    structure (oracle); the point past it that the search reports, else points just
    past the witness on that segment, do not."""
    sc = parse_scenario(text)
    x0 = {n: sc.parameters[n].value for n in rob.names}
    w = {n: _near(v) for n, v in rob.witness.items()}
    base = oracle_structure(text, {})
    # short of the witness: certified when exact; else only below the lower bound
    scale = F(1) if rob.exact else F(to_float(rob.lower)) / F(to_float(rob.radius))
    for t in (F(1, 2), F(99, 100), F(999_999, 1_000_000)):
        t *= scale
        pt = {n: x0[n] + t * (w[n] - x0[n]) for n in rob.names}
        assert oracle_structure(text, pt) == base, (t, pt)
    if rob.beyond is not None:
        assert differs(text, dict(rob.beyond), base)
    elif rob.witness_changes and all(isinstance(v, F) for v in rob.witness.values()):
        assert differs(text, dict(rob.witness), base)
    else:
        past = [{n: x0[n] + t * (w[n] - x0[n]) for n in rob.names}
                for t in (F(1_000_001, 1_000_000), F(1001, 1000))]
        assert any(differs(text, p, base) for p in past)


def differs(text: str, point: dict[str, F], base) -> bool:
    """Do the equilibria at the point differ from the baseline's (a generic one)? A
    continuum there (ties on a boundary) is a difference: the baseline has none."""
    try:
        return oracle_structure(text, point) != base
    except Degenerate:
        return True


# (seed, parameters): exact radii (3/28, 1/4, roots of cubics; 1/8, 1/4 and a cubic's
# root where boundaries of degree 5 or 6, or more than six of degree 3 and 4, are
# placed: 4, 6, 8 and 9 with two parameters; 1/2 for 1 and 3 with three, since the
# face systems' resultants, tests/test_robust_faces.py), two and three parameters;
# each checked on both sides by the oracle (a certified bound would be too)
CASES = [(0, "ab"), (1, "ab"), (5, "ab"), (4, "ab"), (6, "ab"), (8, "ab"), (9, "ab"),
         (1, "abc"), (3, "abc")]


@pytest.mark.parametrize("seed,names", CASES)
def test_generated_witness_on_both_sides(seed, names):
    text = generated(seed, names)
    oracle_structure(text, {})          # a generic baseline (no continuum there)
    start = time.perf_counter()
    rob = robustness(parse_scenario(text), solver=solve)
    took = time.perf_counter() - start
    assert took < 60, f"robustness took {took:.1f} s"
    assert rob is not None and rob.radius is not None
    if not rob.exact:
        assert rob.lower is not None and to_float(rob.lower) <= to_float(rob.radius)
    both_sides(text, rob)


@pytest.mark.parametrize("seed", [7])
def test_four_parameters_exact_on_both_sides(seed):
    """Four ranged parameters (g7 with a, b, c, d): the radius is exact, met on a
    quadric at an irrational point; the witness lies at exactly that distance, and the
    oracle keeps the baseline's equilibria just short of it and at random points of
    the cube inside it, and sees them change just past it."""
    from tests.test_robust_faces import _inside_points
    text = generated(seed, "abcd")
    oracle_structure(text, {})
    rob = robustness(parse_scenario(text), solver=solve)
    assert rob is not None and rob.exact and rob.radius is not None
    assert len(rob.names) == 4
    sc = parse_scenario(text)
    far = max(abs(to_sympy(w) - to_sympy(sc.parameters[n].value)) /
              to_sympy(sc.parameters[n].range[1] - sc.parameters[n].range[0])
              for n, w in rob.witness.items())
    assert sympy.simplify(far - to_sympy(rob.radius)) == 0
    both_sides(text, rob)
    _inside_points(text, rob, 3, seed)
