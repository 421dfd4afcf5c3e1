"""Sweeps, Monte Carlo runs and comparisons on trees report the subgame-perfect
equilibria (the tree's answer), checked at every sampled point against the brute force
of tree_oracle.py (a pure profile is subgame perfect iff it is a Nash equilibrium of
every subgame), with the profiles mapped to the reduced form's plans here: a plan is
the player's choice at each information set the plan names."""
from __future__ import annotations

import contextlib
import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from tree_oracle import brute_spe

from cli.main import build_parser
from cli.commands import compute_extras, load_game
from games.scenario import load_scenario
from games.tree import points

ROOT = Path(__file__).resolve().parents[1]
RANGED = ["idlib_ultimatum", "crisis_bargaining", "bayesian_entry", "entry_deterrence"]


def brute_reduced(game) -> set[tuple[int, ...]]:
    """The pure SPE of `game.tree`, by brute force, as reduced-form profiles."""
    form = game.scenario.form
    out = set()
    for prof in brute_spe(game.tree):
        out.add(tuple(next(j for j, plan in enumerate(plans)
                           if all(prof[h] == a for h, a in plan.items()))
                      for plans in form.plans))
    return out


def pure_of(eqs) -> set[tuple[int, ...]]:
    return {e.pure_profile for e in eqs if e.pure_profile is not None}


def ranged(name: str) -> list[str]:
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    return [n for n, p in sc.parameters.items() if p.range is not None]


@pytest.mark.parametrize("name", RANGED)
def test_sweep_reports_spe_at_every_point(name):
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    for par in ranged(name):
        result = points.tree_sweep(sc, [par], steps=9)
        assert len(result.points) == 9
        for point in result.points:
            game = sc.game({**sc.baseline, **point.values})
            assert pure_of(point.equilibria) == brute_reduced(game), (par, point.values)
            assert point.equilibria.complete


def test_sweep_two_parameters_map():
    sc = load_scenario(ROOT / "scenarios" / "idlib_ultimatum.yaml")
    a, b = ranged("idlib_ultimatum")[:2]
    result = points.tree_sweep(sc, [a, b], steps=5)
    assert result.shape == (5, 5)
    for point in result.points:
        game = sc.game({**sc.baseline, **point.values})
        assert pure_of(point.equilibria) == brute_reduced(game)


def test_sweep_differs_from_nash_somewhere():
    """Not the reduced form's Nash set: the ultimatum tree's SPE are fewer."""
    sc = load_scenario(ROOT / "scenarios" / "idlib_ultimatum.yaml")
    par = ranged("idlib_ultimatum")[0]
    from games.solve import solve
    result = points.tree_sweep(sc, [par], steps=5)
    assert any(len(pure_of(p.equilibria)) < len(pure_of(solve(sc.game(
        {**sc.baseline, **p.values})))) for p in result.points)


@pytest.mark.parametrize("name", ["idlib_ultimatum", "crisis_bargaining", "bayesian_entry"])
def test_monte_carlo_counts_spe_supports(name):
    """Each outcome's count is the number of draws at which the brute force finds a
    pure SPE with that profile (the draws remade from the same seed)."""
    from games.sensitivity.montecarlo import draw
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    n, seed = 60, 7
    result = points.tree_monte_carlo(sc, n, seed=seed)
    names = result.parameters
    rng = np.random.default_rng(seed)
    arrays = [draw(sc.parameters[k], n, rng) for k in names]
    expected: dict[tuple, int] = {}
    for k in range(n):
        at = {nm: Fraction(float(a[k])) for nm, a in zip(names, arrays)}
        for prof in brute_reduced(sc.game({**sc.baseline, **at}, check_range=False)):
            sup = tuple((j,) for j in prof)
            expected[sup] = expected.get(sup, 0) + 1
    got = {o.support: o.count for o in result.outcomes}
    pure_got = {s: c for s, c in got.items() if all(len(x) == 1 for x in s)}
    assert pure_got == expected
    assert abs(sum(p.share for p in result.predictions.shares) - 1) < 1e-9


def test_compare_set_reports_spe_of_both_sides():
    path = str(ROOT / "scenarios" / "idlib_ultimatum.yaml")
    par = ranged("idlib_ultimatum")[0]
    args = build_parser().parse_args([path, "--compare-set", f"{par}=1"])
    game = load_game(path, [])
    extras = compute_extras(args, game, None, {par: Fraction(1)})
    cmp = extras["comparison"]
    other = game.scenario.game({**game.values, par: Fraction(1)})
    assert pure_of(cmp.equilibria_a) == brute_reduced(game)
    assert pure_of(cmp.equilibria_b) == brute_reduced(other)


def test_cli_sweep_and_monte_carlo_json_are_spe(capsys):
    import json
    from cli.main import main
    path = str(ROOT / "scenarios" / "idlib_ultimatum.yaml")
    par = ranged("idlib_ultimatum")[0]
    assert main([path, "--sweep", par, "--steps", "4", "--format", "json",
                 "--no-sensitivity"]) == 0
    doc = json.loads(capsys.readouterr().out)
    sc = load_scenario(path)
    game = sc.game()
    names = [p.strategy_names for p in game.players]
    for entry in doc["sweep"]:
        at = {k: Fraction(v) for k, v in entry["values"].items()}
        g = sc.game({**sc.baseline, **at})
        want = {tuple(names[i][j] for i, j in enumerate(p)) for p in brute_reduced(g)}
        got = {tuple(next(iter(e["strategies"][pl.name])) for pl in game.players)
               for e in entry["equilibria"] if e["kind"] == "pure"}
        assert got == want


def test_regions_on_trees_are_of_the_spe():
    """The CLI and the notebook API map a tree by its subgame-perfect equilibria
    (tests/test_tree_regions.py checks the maps against a brute force)."""
    import games
    from cli.main import main
    path = str(ROOT / "scenarios" / "idlib_ultimatum.yaml")
    a, b = ranged("idlib_ultimatum")[:2]
    with contextlib.redirect_stdout(io.StringIO()):
        assert main([path, "--regions", a, b, "--no-sensitivity"]) == 0
    game = games.load(path)
    m = game.regions(a, b)
    g = game.scenario.game(game.values)
    assert {tuple(j for (j,) in s) for s, _ in m.regions[m.base_region].structure} == \
        brute_reduced(g)


def test_notebook_api_on_trees_is_spe():
    import games
    game = games.load(str(ROOT / "scenarios" / "idlib_ultimatum.yaml"))
    par = ranged("idlib_ultimatum")[0]
    for point in game.sweep(par, steps=4).points:
        g = game.scenario.game({**game.values, **point.values})
        assert pure_of(point.equilibria) == brute_reduced(g)
    cmp = game.compare(**{par: Fraction(1)})
    assert pure_of(cmp.equilibria_b) == brute_reduced(
        game.scenario.game({**game.values, par: Fraction(1)}))
