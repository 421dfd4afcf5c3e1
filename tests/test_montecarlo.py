"""Monte Carlo shares against exactly known probabilities; reproducibility; sampling."""
from __future__ import annotations

import math
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from games.errors import GameError
from games.model import Parameter
from games.scenario import load_scenario
from games.sensitivity import monte_carlo
from games.sensitivity.montecarlo import draw
from games.sensitivity.tally import wilson
from games.solve import solve

DATA = Path(__file__).parent / "data" / "sensitivity"
SEED = Path(__file__).parent.parent / "scenarios" / "idlib_m4_patrols.yaml"
MIXED = ((0, 1), (0, 1))
PURE_YX = ((1,), (0,))


def share(result, support):
    return next((o.share for o in result.outcomes if o.support == support), 0.0)


def test_known_share_three_quarters():
    """c ~ U[-1, 3]: the mixed equilibrium exists iff c > 0, probability 3/4."""
    r = monte_carlo(load_scenario(DATA / "dominance_zero.yaml"), 20_000, seed=11, solver=solve)
    assert abs(share(r, MIXED) - 0.75) < 0.02
    assert abs(share(r, PURE_YX) - 0.25) < 0.02
    o = next(o for o in r.outcomes if o.support == MIXED)
    assert o.low < 0.75 < o.high


def test_known_share_of_a_hyperbola():
    """a ~ U[1, 4], b ~ U[1, 5]: P(a*b > 6) = (14 - 6 ln(10/3)) / 12."""
    exact = (14 - 6 * math.log(10 / 3)) / 12
    r = monte_carlo(load_scenario(DATA / "two_params.yaml"), 20_000, seed=3, solver=solve)
    assert abs(share(r, ((0,), (0,))) - exact) < 0.02
    assert abs(share(r, PURE_YX) - (1 - exact)) < 0.02


def test_reproducible_with_a_seed():
    sc = load_scenario(DATA / "dominance_zero.yaml")
    a, b = monte_carlo(sc, 2000, seed=5, solver=solve), monte_carlo(sc, 2000, seed=5, solver=solve)
    assert a.to_dict() == b.to_dict()
    assert a.to_dict() != monte_carlo(sc, 2000, seed=6, solver=solve).to_dict()


def test_to_dict_shape():
    r = monte_carlo(load_scenario(DATA / "dominance_zero.yaml"), 1000, seed=1, solver=solve)
    d = r.to_dict()
    assert d["samples"] == 1000 and d["seed"] == 1
    supports = [o["support"] for o in d["outcomes"]]
    assert {"A": ["x", "y"], "B": ["x", "y"]} in supports and {"A": ["y"], "B": ["x"]} in supports
    assert all(isinstance(o["share"], float) for o in d["outcomes"])


def test_wilson_interval():
    lo, hi = wilson(5, 10)
    assert abs(lo - 0.2366) < 1e-4 and abs(hi - 0.7634) < 1e-4
    assert wilson(0, 100)[0] == 0.0 and wilson(100, 100)[1] == 1.0


def test_distributions_stay_in_range():
    rng = np.random.default_rng(0)
    tri = Parameter("x", Fraction(1), (Fraction(0), Fraction(4)), distribution="triangular",
                    mode=Fraction(1))
    xs = draw(tri, 50_000, rng)
    assert xs.min() >= 0 and xs.max() <= 4 and abs(xs.mean() - 5 / 3) < 0.02
    nor = Parameter("y", Fraction(1), (Fraction(0), Fraction(2)), distribution="normal",
                    sd=Fraction(1))
    ys = draw(nor, 50_000, rng)
    assert ys.min() >= 0 and ys.max() <= 2 and abs(ys.mean() - 1) < 0.02
    uni = Parameter("z", Fraction(0), (Fraction(-1), Fraction(1)))
    zs = draw(uni, 50_000, rng)
    assert zs.min() >= -1 and zs.max() <= 1 and abs(zs.mean()) < 0.02


def test_needs_a_ranged_parameter(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text((DATA / "dominance_zero.yaml").read_text().replace(
        "c: {value: 1, range: [-1, 3]}", "c: {value: 1}"))
    with pytest.raises(GameError):
        monte_carlo(load_scenario(f), 10, solver=solve)


def test_many_draws_are_fast():
    sc = load_scenario(DATA / "outside_gap.yaml")
    monte_carlo(sc, 100, seed=0, solver=solve)
    start = time.perf_counter()
    r = monte_carlo(sc, 100_000, seed=0, solver=solve)
    assert time.perf_counter() - start < 30.0
    # t ~ U[0, 3/4]: t > 1/2 with probability 1/3
    assert abs(share(r, ((0, 1), (1, 2))) - 1 / 3) < 0.01


@pytest.mark.slow
def test_seed_scenario():
    sc = load_scenario(SEED)
    monte_carlo(sc, 100, seed=0, solver=solve)
    start = time.perf_counter()
    r = monte_carlo(sc, 100_000, seed=0, solver=solve)
    assert time.perf_counter() - start < 60.0
    assert r.samples == 100_000 and r.outcomes


def direct_shares(sc, n, seed):
    """Shares by drawing the same values and solving every draw on its own."""
    from games.analysis import solve
    names = [k for k, p in sc.parameters.items() if p.range is not None]
    rng = np.random.default_rng(seed)
    arrays = [draw(sc.parameters[k], n, rng) for k in names]
    counts = {}
    for k in range(n):
        game = sc.game({nm: Fraction(float(a[k])) for nm, a in zip(names, arrays)},
                       check_range=False)
        for sup in {e.support for e in solve(game)}:
            counts[sup] = counts.get(sup, 0) + 1
    return {s: c / n for s, c in counts.items()}


@pytest.mark.parametrize("path", [DATA / "two_params.yaml", DATA / "outside_gap.yaml", SEED])
def test_classes_agree_with_solving_every_draw(path):
    sc = load_scenario(path)
    r = monte_carlo(sc, 150, seed=9, solver=solve)
    assert {o.support: o.share for o in r.outcomes} == direct_shares(sc, 150, 9)


def direct_predictions(sc, n, seed):
    """Each draw's whole equilibrium set, by solving every draw on its own; and the
    drawn values."""
    from games.analysis import solve
    names = [k for k, p in sc.parameters.items() if p.range is not None]
    rng = np.random.default_rng(seed)
    arrays = [draw(sc.parameters[k], n, rng) for k in names]
    labels = []
    for k in range(n):
        game = sc.game({nm: Fraction(float(a[k])) for nm, a in zip(names, arrays)},
                       check_range=False)
        labels.append(frozenset(e.support for e in solve(game)))
    return names, arrays, labels


@pytest.mark.parametrize("path", [DATA / "two_params.yaml", SEED])
def test_predictions_sum_to_one_and_match_every_draw(path):
    """SPEC 'Monte Carlo predictions': one prediction per draw, shares summing to 1,
    equal to solving each draw alone; the shares by thirds of each range recounted here."""
    sc = load_scenario(path)
    n = 120
    r = monte_carlo(sc, n, seed=4, solver=solve)
    preds = r.predictions
    assert sum(p.count for p in preds.shares) == n
    assert abs(sum(p.share for p in preds.shares) - 1) < 1e-12
    assert all(p.low <= p.share <= p.high for p in preds.shares)
    names, arrays, labels = direct_predictions(sc, n, 4)
    expected = {lab: labels.count(lab) for lab in set(labels)}
    assert {frozenset(p.supports): p.count for p in preds.shares} == expected
    order = [frozenset(p.supports) for p in preds.shares]
    for d in preds.drivers:
        values = arrays[names.index(d.parameter)]
        lo, hi = (float(x) for x in sc.parameters[d.parameter].range)
        cuts = [lo + (hi - lo) * t / 3 for t in range(4)]
        for t, third in enumerate(d.thirds):
            inside = [k for k in range(n) if cuts[t] <= values[k] < cuts[t + 1] or
                      (t == 2 and values[k] == hi)]
            assert third.draws == len(inside)
            for lab, got in zip(order, third.shares):
                want = sum(1 for k in inside if labels[k] == lab) / len(inside) if inside else 0
                assert got == pytest.approx(want)
    spreads = [d.spread for d in preds.drivers]
    assert spreads == sorted(spreads, reverse=True)


def test_predictions_json_echoes_distributions():
    sc = load_scenario(SEED)
    doc = monte_carlo(sc, 50, seed=1, solver=solve).to_dict(sc.game())
    assert abs(sum(p["share"] for p in doc["predictions"]) - 1) < 1e-12
    assert set(doc["distributions"]) == {k for k, p in sc.parameters.items() if p.range}
    for name, d in doc["distributions"].items():
        par = sc.parameters[name]
        assert d["distribution"] == (par.distribution or "uniform")
        assert Fraction(d["low"]) == par.range[0] and Fraction(d["high"]) == par.range[1]
    assert all(isinstance(s, dict) for p in doc["predictions"] for s in p["supports"])


def test_monte_carlo_plot(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is an optional extra")
    from cli.main import main
    out = tmp_path / "mc.png"
    assert main([str(SEED), "--monte-carlo", "200", "--seed", "1", "--plot", str(out),
                 "--brief"]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
