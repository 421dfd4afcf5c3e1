"""Counted limits of sweeps, Monte Carlo runs and the HTML page's formulas: the same
answer on every machine, and a limit that stops work named in the output.

Oracles: Gambit's enummixed (pygambit, rational) at sweep points; the other method
of the engine itself (grouping by sign class against solving each point on its own:
two independent routes to the same answers); deviation gains computed here in
Fractions from the test's own payoff formulas; runs with and without competing busy
processes.
"""
from __future__ import annotations

import json
import subprocess
from contextlib import nullcontext
from fractions import Fraction as F
from pathlib import Path

import pytest

from games.limits import CRITICAL_STEPS, PAGE_FORMULA_STEPS
from games.solve import solve
from tests.test_bimatrix import gambit_extreme
from tests.test_html_limits import page_data
from tests.test_long_runs import _mixes, matrices_at, parametric, parametric_scenario, regret
from tests.test_progress import ENV, ROOT, busy_machine, command, quiet_and_busy


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    """A 3x3 scenario in p and q (40 support profiles with a player mixing)."""
    return parametric_scenario(3, 1, tmp_path_factory.mktemp("counted"))


def test_a_capped_sweep_solves_each_point_and_says_so(small) -> None:
    """With the critical polynomials capped, every grid point is solved on its own:
    the same equilibria as the sweep grouped by sign class, Gambit's at each point,
    and a note naming the limit."""
    from games.sensitivity import sweep
    scenario, cells = small
    grouped = sweep(scenario, ["p"], 21, solver=solve)
    capped = sweep(scenario, ["p"], 21, solver=solve, max_work=5)
    assert not grouped.notes and grouped.classes < 21
    assert capped.complete and capped.classes == 21
    assert capped.notes and "work limit of 5 support systems" in capped.notes[0]
    assert [pt.values for pt in capped.points] == [pt.values for pt in grouped.points]
    for a, b in zip(capped.points, grouped.points):
        assert _mixes(a.equilibria, 3) == _mixes(b.equilibria, 3)
    q = F(scenario.parameters["q"].value)
    for pt in capped.points[::5]:
        A, B = matrices_at(3, cells, pt.values["p"], q)
        assert _mixes(pt.equilibria, 3) == gambit_extreme(A, B)


def test_a_capped_monte_carlo_counts_the_same_draws(tmp_path) -> None:
    """The same draws classified two ways, by sign class and one by one past the
    limit, give the same count for every support (three ranged parameters, so that no
    region map is drawn from instead)."""
    from games.scenario import load_scenario
    from games.sensitivity import monte_carlo
    from tests.test_long_runs import parametric
    text, _ = parametric(3, 1)
    path = tmp_path / "p3r.yaml"
    path.write_text(text.replace("parameters:\n", "parameters:\n  r: {value: 0, range: [0, 1]}\n"))
    scenario = load_scenario(path)
    grouped = monte_carlo(scenario, 120, seed=4, solver=solve)
    capped = monte_carlo(scenario, 120, seed=4, solver=solve, max_work=5)
    assert not grouped.notes and grouped.classes < 120
    assert capped.complete and capped.classes == 120
    assert "work limit of 5 support systems" in capped.notes[0]
    assert capped.to_dict()["notes"] == list(capped.notes)
    assert {o.support: o.count for o in capped.outcomes} == \
        {o.support: o.count for o in grouped.outcomes}


def test_the_default_limit_is_counted_and_checked(small) -> None:
    from games.errors import ScenarioError
    from games.sensitivity import monte_carlo, sweep
    scenario, _ = small
    assert CRITICAL_STEPS == 2_000
    with pytest.raises(ScenarioError, match="max_work"):
        sweep(scenario, ["p"], 5, solver=solve, max_work=0)
    with pytest.raises(ScenarioError, match="max_work"):
        monte_carlo(scenario, 5, solver=solve, max_work=-1)


@pytest.mark.slow
def test_sweep_and_monte_carlo_json_on_a_quiet_and_a_busy_machine(tmp_path: Path) -> None:
    """A 7x7 scenario in one ranged parameter (3,382 balanced support profiles, more
    than the default limit): the same JSON with and without competing busy processes,
    the limit named in both parts, and every sweep point's equilibria without a
    profitable deviation (checked here in Fractions)."""
    text, cells = parametric(7, 1)
    text = text.replace("q: {value: 1, range: [0, 4]}", "q: {value: 1}")
    path = tmp_path / "p7.yaml"
    path.write_text(text)
    args = command(path, "--no-sensitivity", "--sweep", "p", "--steps", "3",
                   "--monte-carlo", "8", "--seed", "1", "--format", "json")
    quiet, busy = quiet_and_busy(args)
    doc = json.loads(quiet.stdout)
    assert doc == json.loads(busy.stdout)
    limit = f"work limit of {CRITICAL_STEPS:,} support systems"
    assert limit in doc["sweep_notes"][0] and limit in doc["monte_carlo"]["notes"][0]
    assert doc["monte_carlo"]["samples"] == 8
    for point in doc["sweep"]:
        A, B = matrices_at(7, cells, F(point["values"]["p"]), F(1))
        assert point["equilibria"]
        for eq in point["equilibria"]:
            x = [F(eq["strategies"]["Row"].get(f"s{k}", "0")) for k in range(7)]
            y = [F(eq["strategies"]["Col"].get(f"s{k}", "0")) for k in range(7)]
            assert sum(x) == 1 == sum(y) and regret(A, B, x, y) == 0


# ------------------------------------------------------------- the page's formulas

def test_the_page_formulas_stop_at_a_count(small) -> None:
    """The page's candidates in every ranged parameter: complete by default, and cut
    at a count (the same twice) with a note naming it."""
    from games.sensitivity.support_formulas import support_formulas
    scenario, _ = small
    base = {k: F(p.value) for k, p in scenario.parameters.items()}
    seen = [(base, e) for e in solve(scenario.game(base)).equilibria]
    whole = support_formulas(scenario, base, seen)
    assert whole.complete and whole.formulas and PAGE_FORMULA_STEPS == 1_000
    cut = support_formulas(scenario, base, seen, max_work=3)
    again = support_formulas(scenario, base, seen, max_work=3)
    assert not cut.complete and "limit of 3 support systems" in cut.note
    assert [str(f) for f in cut.formulas] == [str(f) for f in again.formulas]


def test_the_page_formulas_read_no_clock(small, monkeypatch: pytest.MonkeyPatch) -> None:
    """No clock decides what the page holds: with every clock of the time module
    broken, the candidates are still found, complete."""
    import time

    from games.sensitivity.support_formulas import support_formulas
    scenario, _ = small
    base = {k: F(p.value) for k, p in scenario.parameters.items()}

    def no_clock() -> float:
        raise AssertionError("the page's formulas read a clock")
    for name in ("monotonic", "perf_counter", "time", "process_time"):
        monkeypatch.setattr(time, name, no_clock)
    assert support_formulas(scenario, base).complete


@pytest.mark.slow
def test_the_page_is_the_same_on_a_quiet_and_a_busy_machine(tmp_path: Path) -> None:
    """A 4x4 scenario in two ranged parameters (67 support formulas): the page's data
    is identical with and without competing busy processes, and its candidates are
    complete."""
    text, _ = parametric(4, 1)
    path = tmp_path / "p4.yaml"
    path.write_text(text)
    data = []
    for name in ("quiet", "busy"):
        page = tmp_path / f"{name}.html"
        args = command(path, "--no-sensitivity", "--format", "json", "--html", page)
        with busy_machine() if name == "busy" else nullcontext():
            proc = subprocess.run(args, cwd=ROOT, env=ENV, capture_output=True,
                                  timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr[-500:]
        data.append(page_data(page))
    assert data[0] == data[1]
    assert data[0]["candidates"]["complete"] is True
