"""Sweeps against solving every grid point on its own, exact grids, 2-D maps, speed."""
from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import pytest

from games.analysis import solve
from games.errors import GameError
from games.scenario import load_scenario
from games.sensitivity import sweep
from games.sensitivity.sweep import grid

DATA = Path(__file__).parent / "data" / "sensitivity"
SEED = Path(__file__).parent.parent / "scenarios" / "idlib_m4_patrols.yaml"


def load(name):
    return load_scenario(DATA / name)


def assert_matches_pointwise(sc, result):
    for point in result.points:
        direct = solve(sc.game(point.values))
        assert point.equilibria.keys() == direct.keys(), point.values
        for e in point.equilibria:
            twin = next(f for f in direct if f.key() == e.key())
            assert tuple(map(str, e.payoffs)) == tuple(map(str, twin.payoffs))


@pytest.mark.parametrize("file,name", [("dominance_zero.yaml", "c"), ("outside_gap.yaml", "t"),
                                       ("quadratic_mixed.yaml", "k"), ("kinked.yaml", "u"),
                                       ("kinked.yaml", "t"), ("sqrt_two.yaml", "t")])
def test_nine_step_sweep_equals_pointwise_solving(file, name):
    sc = load(file)
    result = sweep(sc, [name], 9, solver=solve)
    assert len(result.points) == 9
    assert_matches_pointwise(sc, result)


def test_grid_is_exact():
    assert grid(Fraction(-1), Fraction(3), 9) == tuple(Fraction(-1) + Fraction(k, 2)
                                                        for k in range(9))
    sc = load("outside_gap.yaml")
    r = sweep(sc, ["t"], 4, solver=solve)
    assert [p.values["t"] for p in r.points] == [0, Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)]


def test_two_dimensional_map():
    sc = load("two_params.yaml")
    r = sweep(sc, ["a", "b"], 7, solver=solve)           # a in 1, 3/2, ..., 4; b in 1, 5/3, ..., 5
    assert r.shape == (7, 7) and len(r.points) == 49
    labels = r.label_grid()
    for k, p in enumerate(r.points):
        ab = p.values["a"] * p.values["b"]
        want = {((0,), (0,))} if ab > 6 else {((1,), (0,))} if ab < 6 else \
            {((0,), (0,)), ((1,), (0,))}
        assert {e.support for e in p.equilibria} == want
        i, j = divmod(k, 7)
        assert labels[i, j] == r.labels[k]
    assert_matches_pointwise(sc, r)
    assert "x / x" in {r.structure_label(k) for k in range(len(r.structures))}


def test_to_dict_shape():
    r = sweep(load("dominance_zero.yaml"), ["c"], 5, solver=solve)
    d = r.to_dict()
    assert [p["values"] for p in d] == [{"c": v} for v in ["-1", "0", "1", "2", "3"]]
    assert d[0]["equilibria"][0]["strategies"] == {"A": {"y": "1"}, "B": {"x": "1"}}
    assert d[2]["equilibria"][0]["strategies"]["B"] == {"x": "1/2", "y": "1/2"}


@pytest.mark.parametrize("names,steps", [(["nope"], 5), (["c", "c"], 5), (["c"], 1),
                                         ([], 5)])
def test_bad_requests(names, steps):
    with pytest.raises(GameError):
        sweep(load("dominance_zero.yaml"), names, steps, solver=solve)


def test_unranged_parameter_is_refused(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text((DATA / "dominance_zero.yaml").read_text().replace(
        "c: {value: 1, range: [-1, 3]}", "c: {value: 1}"))
    with pytest.raises(GameError, match="no range"):
        sweep(load_scenario(f), ["c"], 5, solver=solve)


@pytest.mark.slow
def test_large_sweep_is_fast():
    sc = load("dominance_zero.yaml")
    sweep(sc, ["c"], 5, solver=solve)                     # start-up: imports, caches
    start = time.perf_counter()
    r = sweep(sc, ["c"], 10_001, solver=solve)
    assert time.perf_counter() - start < 30.0
    assert r.classes <= 10 and len(r.points) == 10_001
    assert r.points[7500].values["c"] == 2
    assert str(r.points[7500].equilibria[0].profile[1][0]) == "1/3"


def test_seed_scenario_sweep():
    sc = load_scenario(SEED)
    r9 = sweep(sc, ["push_cost"], 9, solver=solve)
    assert_matches_pointwise(sc, r9)
    sweep(sc, ["push_cost"], 5, solver=solve)
    start = time.perf_counter()
    r = sweep(sc, ["push_cost"], 10_001, solver=solve)
    assert time.perf_counter() - start < 30.0
    assert len(r.points) == 10_001


def test_plot_files(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is an optional extra")
    from cli.render.plot import plot_sweep
    one = plot_sweep(sweep(load("dominance_zero.yaml"), ["c"], 21, solver=solve), str(tmp_path / "a.png"))
    two = plot_sweep(sweep(load("two_params.yaml"), ["a", "b"], 11, solver=solve), str(tmp_path / "b.png"))
    for f in (one, two):
        assert Path(f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib(monkeypatch):
    import builtins
    from cli.render import plot
    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(ImportError, match="pip install"):
        plot.plot_sweep(None, "x.png")


def test_seed_scenario_map_equals_pointwise_solving():
    sc = load_scenario(SEED)
    r = sweep(sc, ["push_cost", "moscow_patience"], 5, solver=solve)
    assert r.shape == (5, 5)
    assert_matches_pointwise(sc, r)


@pytest.mark.parametrize("file,name", [("quadratic_mixed.yaml", "k"), ("outside_gap.yaml", "t")])
def test_gain_formulas_agree_with_the_deviation_check(file, name):
    """The sweep's check of a carried equilibrium (its deviation gains as formulas,
    evaluated exactly at the point) says yes exactly when verify.check_equilibrium on
    the game built at that point does: for every pure profile and every equilibrium."""
    import itertools

    import sympy

    from games.sensitivity.formulas import compile_exact, gain_formulas, payoff_formulas
    from games.sensitivity.symbolic import make_symbols, symbolic_payoffs
    from games.sensitivity.thresholds import baseline
    from games.solvers.verify import check_equilibrium

    sc = load(file)
    symbols = make_symbols([name])
    U = symbolic_payoffs(sc, [name], baseline(sc), symbols)
    table = {symbols[0]: name}
    verdicts = set()
    for x in grid(*sc.parameters[name].range, 7):
        game = sc.game({name: x})
        profiles = [game.pure_profile(p) for p in itertools.product(*map(range, game.shape))]
        profiles += [e.profile for e in solve(game)]
        for prof in profiles:
            # the profile as (constant) formulas: the check must not depend on how it was found
            formula = tuple(tuple(sympy.sympify(str(p)) for p in row) for row in prof)
            gains = gain_formulas(U, formula, payoff_formulas(U, formula))
            ok = all(compile_exact(g, table)({name: x}) <= 0 for g in gains)
            assert ok == check_equilibrium(game, prof).ok, (x, prof)
            verdicts.add(ok)
    assert verdicts == {True, False}


def test_points_whose_carried_equilibria_fail_the_check_are_solved(monkeypatch):
    """When the exact check rejects what a formula carries, the point is solved itself."""
    from games.sensitivity.formulas import ClassFormulas

    calls = []

    def reject(self, values):
        calls.append(values)
        return None

    monkeypatch.setattr(ClassFormulas, "checked_at", reject)
    sc = load("quadratic_mixed.yaml")
    result = sweep(sc, ["k"], 9, solver=solve)
    assert calls                        # some points were carried, and every one refused
    assert_matches_pointwise(sc, result)
