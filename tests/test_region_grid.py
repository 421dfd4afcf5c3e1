"""Maps drawn from an exact region map (region_grid.py) against a direct solve at
every grid point, and the 2-D sweep that now goes through them."""
from __future__ import annotations

import random
from fractions import Fraction as F
from pathlib import Path

from games.scenario import load_scenario, parse_scenario
from games.sensitivity.region_grid import cells_of, region_sweep
from games.sensitivity.regions import regions
from games.sensitivity.sweep import sweep
from games.sensitivity.thresholds import baseline
from games.solve import solve

ROOT = Path(__file__).resolve().parent.parent


def parametric_game(m: int, n: int, seed: int = 7) -> str:
    """A 2-player m x n scenario with small integer payoffs, some moving with a or b."""
    rnd = random.Random(seed)
    rows = []
    for i in range(m):
        for j in range(n):
            pays = []
            for _ in range(2):
                c, r = rnd.randint(-5, 5), rnd.random()
                pays.append(f"{c} + {rnd.randint(1, 3)}*a" if r < 0.125 else
                            f"{c} - {rnd.randint(1, 3)}*b" if r < 0.25 else str(c))
            rows.append(f"  r{i}, c{j}: [{pays[0]}, {pays[1]}]")
    return (f"scenario: g\nparameters:\n  a: {{value: 1, range: [0, 4]}}\n"
            "  b: {value: 2, range: [0, 4]}\n"
            f"players:\n  P1: {{strategies: [{', '.join(f'r{i}' for i in range(m))}]}}\n"
            f"  P2: {{strategies: [{', '.join(f'c{j}' for j in range(n))}]}}\n"
            "payoffs:\n" + "\n".join(rows) + "\n")


def _key(eqs) -> list:
    return sorted((tuple(tuple(r) for r in e.profile), tuple(e.payoffs)) for e in eqs)


def _against_direct(scenario, names, steps) -> tuple[int, int]:
    base = baseline(scenario)
    rm = regions(scenario, names, solver=solve)
    got = region_sweep(rm, steps, lambda pts: [solve(scenario.game({**base, **p},
                                                                   check_range=False))
                                               for p in pts])
    bad = 0
    for p in got.points:
        direct = solve(scenario.game({**base, **p.values}, check_range=False))
        bad += _key(p.equilibria) != _key(direct)
    return len(got.points), bad


def test_battle_of_the_sexes_map_equals_direct_solves():
    checked, bad = _against_direct(load_scenario(ROOT / "scenarios/battle_of_the_sexes.yaml"),
                                   ("favourite", "alone"), 31)
    assert checked == 31 * 31 and bad == 0


def test_parametric_3x3_map_equals_direct_solves():
    """The grid method's sign classes once lost an equilibrium on the line b = 16/5 of
    this game; the map drawn from the regions agrees with a direct solve everywhere."""
    scenario = parse_scenario(parametric_game(3, 3, 7))
    checked, bad = _against_direct(scenario, ("a", "b"), 21)
    assert checked == 441 and bad == 0


def test_generated_3x3_maps_equal_direct_solves():
    for seed in (1, 2):
        _, bad = _against_direct(parse_scenario(parametric_game(3, 3, seed)), ("a", "b"), 13)
        assert bad == 0, seed


def test_cells_of_is_exact_on_the_boundaries():
    """Points exactly on the Idlib map's boundary lines land in the line's cell (the
    float evaluation alone could not tell)."""
    scenario = load_scenario(ROOT / "scenarios/idlib_m4_patrols.yaml")
    rm = regions(scenario, ("push_cost", "moscow_patience"), solver=solve)
    pts = [(F(1), F(k, 3)) for k in range(19)] + [(F(k, 7), F(6)) for k in range(29)]
    cells = cells_of(rm, [p[0] for p in pts], [p[1] for p in pts])
    for (a, b), k in zip(pts, cells):
        assert rm.cells[int(k)].signs == rm.signs_at(a, b)


def test_two_parameter_sweep_is_drawn_from_the_regions():
    scenario = load_scenario(ROOT / "scenarios/idlib_m4_patrols.yaml")
    res = sweep(scenario, ("push_cost", "moscow_patience"), 9, solver=solve)
    assert any("region" in p.equilibria.method for p in res.points)
    base = baseline(scenario)
    for p in res.points[::7]:
        direct = solve(scenario.game({**base, **p.values}, check_range=False))
        assert _key(p.equilibria) == _key(direct)


def test_crossings_of_curves_quadratic_in_b_at_irrational_a():
    """Two curves of degree two in b meeting over irrational values of a: the flint
    path (first subresultant, signs as polynomials in a) finds the same points as
    sympy's algebraic numbers, with the same signs of every curve there."""
    import sympy

    from games.sensitivity.algebraic import isolate, univariate_a
    from games.sensitivity.plane_crossings import _FastSigns
    from games.sensitivity.plane_polys import _evaluator, _sign_at
    a, b = sympy.symbols("a b", real=True)
    exprs = [b**2 + a*b - 2, b**2 - a - 1, a + b - 3]
    evals = [_evaluator(e, (a, b)) for e in exprs]
    import flint
    ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
    res = evals[0].flint(ctx).resultant(evals[1].flint(ctx), "b")
    roots = [r for r in isolate([univariate_a(res)], F(0), F(4)) if not isinstance(r, F)]
    assert roots
    fast = _FastSigns()
    found = 0
    for x in roots:
        for (px, py), known in fast.crossings(evals, [(0, 1)], [0, 1, 2], x, (F(-4), F(4)),
                                              (a, b)):
            found += 1
            for k, f in enumerate(evals):
                assert known[k] == _sign_at(f, px, py)
            assert known[0] == 0 and known[1] == 0
    assert found == len(roots)
