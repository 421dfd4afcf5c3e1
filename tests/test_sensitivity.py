"""Exact thresholds, intervals, formulas and margins against hand-derived values
(each scenario file in tests/data/sensitivity/ states its derivation) and, for the
equilibria on each interval, against Gambit's enummixed as an independent oracle."""
from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from games.numbers import exact_str
from games.scenario import load_scenario
from games.sensitivity import sensitivity
from games.sensitivity.critical import critical
from games.sensitivity.roots import rational_between, simplest_in
from games.sensitivity.thresholds import structure
from games.solve import solve

DATA = Path(__file__).parent / "data" / "sensitivity"
SEED = Path(__file__).parent.parent / "scenarios" / "idlib_m4_patrols.yaml"


def load(name: str):
    return load_scenario(DATA / name)


def by_name(result, name):
    return next(r for r in result if r.parameter == name)


def same_number(a, b: str) -> bool:
    """Exact equality of one of our numbers with a hand-written value."""
    return sympy.simplify(sympy.sympify(exact_str(a)) - sympy.sympify(b)) == 0


HAND = [
    ("dominance_zero.yaml", "c", ["0"]),
    ("five_halves.yaml", "t", ["5/2"]),
    ("sqrt_two.yaml", "t", ["sqrt(2)"]),
    ("none_in_range.yaml", "c", []),
    ("none_in_range.yaml", "s", []),
    ("two_params.yaml", "a", ["3"]),
    ("two_params.yaml", "b", ["3"]),
    ("outside_gap.yaml", "t", ["1/2"]),
    ("kinked.yaml", "t", ["3/2"]),
    ("kinked.yaml", "u", ["-1", "1"]),
    ("quadratic_mixed.yaml", "k", ["-sqrt(3)", "sqrt(3)"]),
]


@pytest.mark.parametrize("file,param,expected", HAND)
def test_thresholds_match_hand_derivation(file, param, expected):
    res = by_name(sensitivity(load(file), solver=solve), param)
    assert len(res.thresholds) == len(expected)
    for got, want in zip(res.thresholds, expected):
        assert same_number(got, want), (got, want)
    assert len(res.intervals) == len(expected) + 1


def test_rational_thresholds_are_fractions_and_irrational_ones_radicals():
    found = by_name(sensitivity(load("five_halves.yaml"), solver=solve), "t")
    assert isinstance(found.thresholds[0], Fraction)
    root = by_name(sensitivity(load("sqrt_two.yaml"), solver=solve), "t").thresholds[0]
    assert not isinstance(root, Fraction) and exact_str(root) == "sqrt(2)"


def gambit_profiles(game):
    """Every extreme equilibrium of a 2-player game by Gambit's enummixed (exact)."""
    gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")
    A = np.array([[int(v * 840) for v in row] for row in game.payoffs[0]], dtype=object)
    B = np.array([[int(v * 840) for v in row] for row in game.payoffs[1]], dtype=object)
    assert all(v * 840 == int(v * 840) for v in game.payoffs.flat)
    g = gbt.Game.from_arrays(A, B)
    out = set()
    for e in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        out.add(tuple(tuple(Fraction(str(p)) for _, p in e[pl]) for pl in g.players))
    return out


@pytest.mark.parametrize("file", ["dominance_zero.yaml", "outside_gap.yaml", "kinked.yaml",
                                  "five_halves.yaml", "two_params.yaml"])
def test_interval_equilibria_agree_with_gambit(file):
    sc = load(file)
    checked = 0
    for res in sensitivity(sc, solver=solve):
        for iv in res.intervals:
            game = sc.game({res.parameter: iv.sample})
            ours = {tuple(tuple(p) for p in e.profile) for e in iv.equilibria}
            assert ours == gambit_profiles(game)
            checked += 1
    assert checked >= 2         # every file has a threshold: two intervals at least


@pytest.mark.parametrize("file", ["dominance_zero.yaml", "outside_gap.yaml", "kinked.yaml",
                                  "quadratic_mixed.yaml", "sqrt_two.yaml"])
def test_structure_is_constant_inside_each_interval(file):
    """Random rational points of an interval have the interval's equilibrium structure
    (what makes the threshold list complete)."""
    from games.analysis import solve
    sc = load(file)
    rng = random.Random(7)
    checked = 0
    for res in sensitivity(sc, solver=solve):
        for iv in res.intervals:
            a, b = (Fraction(str(sympy.N(sympy.sympify(exact_str(x)), 20)))
                    for x in (iv.lo, iv.hi))
            for _ in range(3):
                x = a + (b - a) * Fraction(rng.randint(1, 999), 1000)
                assert structure(solve(sc.game({res.parameter: x}))) == \
                    structure(iv.equilibria)
            checked += 1
    assert checked >= 2         # every file has a threshold: two intervals at least


def test_formulas_per_interval():
    c = sympy.Symbol("c", real=True)
    res = by_name(sensitivity(load("dominance_zero.yaml"), solver=solve), "c")
    mixed = res.intervals[1]
    (formula,) = mixed.formulas
    assert sympy.simplify(formula["B"]["x"] - 1 / (c + 1)) == 0
    assert formula["A"] == {"x": sympy.Rational(1, 2), "y": sympy.Rational(1, 2)}
    t = sympy.Symbol("t", real=True)
    gap = by_name(sensitivity(load("outside_gap.yaml"), solver=solve), "t").intervals[1]
    assert sympy.simplify(gap.formulas[0]["A"]["x"] - t) == 0
    assert gap.formulas[0]["B"] == {"r": sympy.Rational(1, 2), "m": sympy.Rational(1, 2)}
    k = sympy.Symbol("k", real=True)
    quad = by_name(sensitivity(load("quadratic_mixed.yaml"), solver=solve), "k")
    for iv in (quad.intervals[0], quad.intervals[2]):
        assert sympy.simplify(iv.formulas[0]["B"]["x"] - 1 / (k ** 2 - 2)) == 0


def test_margins_and_order():
    res = by_name(sensitivity(load("dominance_zero.yaml"), solver=solve), "c")
    assert res.margin_down == 1 and res.margin_up is None          # baseline 1, threshold 0
    sq = by_name(sensitivity(load("sqrt_two.yaml"), solver=solve), "t")
    assert sq.margin_down is None and same_number(sq.margin_up, "sqrt(2) - 1")
    none = sensitivity(load("none_in_range.yaml"), solver=solve)
    assert all(r.margin_down is None and r.margin_up is None for r in none)
    order = [r.parameter for r in sensitivity(load("two_params.yaml"), solver=solve)]
    assert order == ["b", "a"]        # margin 1 of width 4 before margin 1 of width 3


def test_equilibria_at_a_threshold():
    res = by_name(sensitivity(load("dominance_zero.yaml"), solver=solve), "c")
    (at,) = res.at_thresholds
    # at c = 0, A is indifferent when B plays x: (y, x) and every A-mixture with
    # probability of x at most 1/2 against x; extreme points (y, x) and (1/2 x, x).
    profiles = {tuple(tuple(p) for p in e.profile) for e in at}
    half = Fraction(1, 2)
    assert profiles == {((0, 1), (1, 0)), ((half, half), (1, 0))}
    assert by_name(sensitivity(load("sqrt_two.yaml"), solver=solve), "t").at_thresholds == (None,)


def test_values_override_the_baseline():
    res = by_name(sensitivity(load("dominance_zero.yaml"), values={"c": Fraction(-1, 2)}, solver=solve), "c")
    assert res.value == Fraction(-1, 2)
    assert res.margin_down is None and res.margin_up == Fraction(1, 2)


def test_to_dict_shape():
    res = by_name(sensitivity(load("outside_gap.yaml"), solver=solve), "t")
    d = res.to_dict()
    assert d["parameter"] == "t" and d["range"] == ["0", "3/4"]
    assert d["thresholds"] == ["1/2"]
    assert [(iv["from"], iv["to"]) for iv in d["intervals"]] == [("0", "1/2"), ("1/2", "3/4")]
    eq = d["intervals"][1]["equilibria"][0]
    assert eq["kind"] == "mixed" and eq["strategies"]["B"] == {"r": "1/2", "m": "1/2"}
    assert sympy.sympify(d["intervals"][1]["formulas"][0]["A"]["x"]) == sympy.Symbol("t")


def test_critical_polynomials_include_deviation_differences():
    sc = load("two_params.yaml")
    crit = critical(sc, ["a", "b"], {"a": Fraction(2), "b": Fraction(2)})
    a, b = crit.symbols
    assert any(sympy.expand(p - (a * b - 6)) == 0 for p in crit.polys)


def test_simplest_rational():
    assert simplest_in(Fraction(1, 3), Fraction(1, 2)) == Fraction(1, 2)
    assert simplest_in(Fraction(3, 10), Fraction(4, 10)) == Fraction(1, 3)
    assert simplest_in(Fraction(-7, 2), Fraction(-3, 1)) == -3
    r = rational_between(sympy.sqrt(2), sympy.sqrt(3))
    assert sympy.sqrt(2) < sympy.Rational(r.numerator, r.denominator) < sympy.sqrt(3)


# ------------------------------------------------------------ the seed scenario

def test_seed_scenario_thresholds():
    """The thresholds derived by hand in the comments of idlib_m4_patrols.yaml."""
    res = sensitivity(load_scenario(SEED), solver=solve)
    expected = {"militia_support": ["3"], "border_risk": ["1"], "moscow_patience": ["2"],
                "push_cost": ["1", "3"], "escalation_cost": []}
    for name, want in expected.items():
        got = by_name(res, name)
        assert [exact_str(t) for t in got.thresholds] == want, name
    push = by_name(res, "push_cost")
    middle = push.intervals[1]
    assert {e.support for e in middle.equilibria} == {
        ((1,), (0,), (0,)), ((1,), (1,), (1,)), ((1,), (0, 1), (0, 1))}
    p = sympy.Symbol("push_cost", real=True)
    mixed = next(f for f, e in zip(middle.formulas, middle.equilibria) if e.kind == "mixed")
    assert sympy.simplify(mixed["Russia"]["act_alone"] - (p - 1) / 2) == 0
    assert mixed["Damascus"]["hold_stalemate"] == sympy.Rational(3, 4)
    assert by_name(res, "escalation_cost").margin_up is None


SCENARIOS = Path(__file__).parent.parent / "scenarios"
SHIPPED = [   # the expected thresholds written by hand in each file's comments
    ("prisoners_dilemma.yaml", {"temptation": ["3"], "sucker": ["1"]}),
    ("stag_hunt.yaml", {"stag_value": ["3"], "hare_value": ["4"]}),
    ("chicken.yaml", {"crash_cost": ["1"]}),
    ("battle_of_the_sexes.yaml", {"alone": ["1"], "favourite": []}),
    ("rock_paper_scissors.yaml", {"rock_win": []}),
    ("mixed_dominance.yaml", {"bottom_value": ["3/2"]}),
    ("idlib_turkey_militias.yaml", {"militia_support": ["4"], "patrol_value": ["2"],
                                    "moscow_pressure": ["2"], "roadblock_leverage": ["0"],
                                    "clash_cost": []}),
]


@pytest.mark.parametrize("file,expected", SHIPPED)
def test_shipped_scenarios(file, expected):
    path = SCENARIOS / file
    if not path.exists():
        pytest.skip(f"{file} not shipped")
    res = sensitivity(load_scenario(path), solver=solve)
    for name, want in expected.items():
        assert [exact_str(t) for t in by_name(res, name).thresholds] == want, name


def test_prisoners_dilemma_formula():
    path = SCENARIOS / "prisoners_dilemma.yaml"
    if not path.exists():
        pytest.skip("not shipped")
    res = by_name(sensitivity(load_scenario(path), solver=solve), "temptation")
    T = sympy.Symbol("temptation", real=True)
    below = res.intervals[0]
    (mixed,) = [f for f, e in zip(below.formulas, below.equilibria) if e.kind == "mixed"]
    assert sympy.simplify(mixed["Ann"]["cooperate"] - 1 / (4 - T)) == 0


# ------------------------------------------------------------ budget and fast paths

def test_time_budget_gives_incomplete_results():
    """With no time left every parameter comes back unanalysed, marked and explained."""
    res = sensitivity(load("two_params.yaml"), max_seconds=0, solver=solve)
    assert {r.parameter for r in res} == {"a", "b"}
    for r in res:
        assert not r.complete and r.thresholds == () and r.intervals == ()
        assert any("time limit of the sensitivity analysis (0 s) was reached" in n
                   for n in r.notes)
    found = by_name(sensitivity(load("two_params.yaml"), max_seconds=None, solver=solve), "a")
    assert [exact_str(t) for t in found.thresholds] == ["3"]


def test_work_budget_gives_incomplete_results_named_truthfully():
    """A work limit too small for the analysis: each parameter is marked with the limit
    in steps; a sufficient one gives the full answer (the threshold 3 of 'a')."""
    for r in sensitivity(load("two_params.yaml"), max_work=2, solver=solve):
        assert not r.complete and r.thresholds == ()
        assert any(f"the sensitivity analysis of '{r.parameter}' reached its limit of 2 steps"
                   in n for n in r.notes)
    full = sensitivity(load("two_params.yaml"), max_work=50, solver=solve)
    assert all(r.complete for r in full)
    assert [exact_str(t) for t in by_name(full, "a").thresholds] == ["3"]


def test_ring_elimination_matches_expression_elimination():
    """The polynomial-ring path for a three-player support system gives the same critical
    factors as the expression-level Groebner bases it replaces."""
    from games.sensitivity.domain_critical import ring_nonlinear_critical, ring_payoffs
    from games.sensitivity.factoring import factors, ring_factors
    from games.sensitivity.support_systems import nonlinear_critical, support_system
    from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
    sc = load_scenario(SEED)
    base = {n: p.value for n, p in sc.parameters.items()}
    for free in (["push_cost"], ["militia_support", "moscow_patience"]):
        syms = make_symbols(free)
        U = symbolic_payoffs(sc, free, base, syms)
        sup = ((0, 1), (0, 1), (0, 1))
        slow = {str(f) for e in nonlinear_critical(support_system(U, sup), syms)
                for f in factors(e, syms)}
        R, F = ring_payoffs(U, syms)
        fast = {str(f) for e in ring_nonlinear_critical(R, F, sup) for f in ring_factors(e)}
        assert fast == slow and fast
