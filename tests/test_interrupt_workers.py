"""Ctrl-C with worker processes and in region maps: what was established is kept.

Real SIGINTs: to this process while a real process pool works (the executor keeps
the finished items and stops its workers at once), and to a real `analyze`
subprocess once its progress shows the Monte Carlo run or the region map under way.
Oracles: the uninterrupted run (a support seen in part of the draws is seen in the
whole run at least as often) and deviation gains computed here in Fractions from
the test's own payoff formulas at each region's sample points.
"""
from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from fractions import Fraction as F
from pathlib import Path

import pytest

from games.parallel import Interrupted, ProcessExecutor, SerialExecutor, finished
from games.solve import solve
from tests.test_long_runs import matrices_at, parametric, parametric_scenario, regret
from tests.test_progress import command, interrupted


def nap(x: float) -> float:
    """A picklable task: sleep x seconds, return x doubled."""
    time.sleep(x)
    return 2 * x


def sigint_after(seconds: float) -> threading.Timer:
    """SIGINT to this process after `seconds` (as Ctrl-C sends it)."""
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def test_a_pool_keeps_what_finished_and_stops_at_once() -> None:
    """Four quick items and four that would sleep 30 s: Ctrl-C after the quick ones
    gives exactly their results, and the pool stops within seconds, not 30."""
    pool = ProcessExecutor(2)
    items = [0.01, 0.01, 0.01, 0.01, 30.0, 30.0, 30.0, 30.0]
    try:
        pool.map(nap, [0.0, 0.0])              # start the workers before timing
        timer = sigint_after(1.5)
        start = time.monotonic()
        with pytest.raises(Interrupted) as caught:
            pool.map(nap, items)
        timer.join()
        assert time.monotonic() - start < 10
    finally:
        pool.close()
    assert isinstance(caught.value, KeyboardInterrupt)
    assert finished(caught.value) == {0: 0.02, 1: 0.02, 2: 0.02, 3: 0.02}


def test_the_serial_executor_keeps_what_finished() -> None:
    def stop_at_three(x: int) -> int:
        if x == 3:
            raise KeyboardInterrupt
        return x * x
    with pytest.raises(Interrupted) as caught:
        SerialExecutor().map(stop_at_three, [0, 1, 2, 3, 4])
    assert caught.value.done == {0: 0, 1: 1, 2: 4}
    assert finished(KeyboardInterrupt()) == {}


def test_sigint_during_a_monte_carlo_run_on_workers(tmp_path: Path) -> None:
    """A real SIGINT once the draws are being classified by two worker processes:
    exit 130 within seconds, valid JSON saying it is partial, the shares over the
    draws classified, each support at most as frequent as in the whole run."""
    from games.scenario import load_scenario
    from games.sensitivity import monte_carlo
    text, _ = parametric(4, 1)
    path = tmp_path / "p4r.yaml"         # three ranged parameters: classified by workers
    path.write_text(text.replace("parameters:\n", "parameters:\n  r: {value: 0, range: [0, 1]}\n"))
    # SIGINT as soon as the bar shows some draws classified (a count above 0): a fixed
    # pause after the bar appears either came before the first batch finished or
    # after the whole run on machines of different speeds. Should the run still end
    # before the signal lands, it is tried again with more draws.
    some = re.compile(rb"Monte Carlo: draws classified[^\r\n]*?\x1b\[32m *[1-9][0-9]*/")
    for n in (200_000, 800_000, 3_200_000):
        start = time.monotonic()
        out, err, code, when = interrupted(
            command(path, "--no-sensitivity", "--monte-carlo", str(n), "--seed", "1",
                    "--workers", "2", "--format", "json", "--progress"), 120, some, 0.0)
        assert when is not None, err[-500:]
        if code == 0:                # every draw classified before the signal landed
            continue
        assert code == 130, err[-500:]
        assert time.monotonic() - start - when < 20   # no wait for work in flight
        assert b"interrupted" in err and b"Traceback" not in err
        doc = json.loads(out)
        break
    assert code == 130, "every run ended before its signal"
    assert doc["partial"] is True and "Monte Carlo run was interrupted" in doc["interrupted"]
    mc = doc["monte_carlo"]
    assert 0 < mc["samples"] < n
    assert sum(p["count"] for p in mc["predictions"]) == mc["samples"]
    whole = monte_carlo(load_scenario(path), n, seed=1, solver=solve)
    total = {json.dumps(o["support"], sort_keys=True): o["count"]
             for o in whole.to_dict()["outcomes"]}
    for o in mc["outcomes"]:
        assert o["count"] <= min(mc["samples"], total[json.dumps(o["support"], sort_keys=True)])


def _regret_at(cells: list, sample: dict, eq: dict) -> F:
    """The deviation gain of a region's equilibrium (formulas in p and q) at a sample
    point, in Fractions from the test's own payoffs."""
    import sympy
    from sympy.parsing.sympy_parser import parse_expr
    p, q = F(sample["p"]), F(sample["q"])
    at = {sympy.Symbol("p"): sympy.Rational(p.numerator, p.denominator),
          sympy.Symbol("q"): sympy.Rational(q.numerator, q.denominator)}

    def value(text: str) -> F:
        x = parse_expr(text).subs(at)
        assert x.is_Rational, text
        return F(int(x.p), int(x.q))
    x = [value(eq["strategies"]["Row"].get(f"s{k}", "0")) for k in range(4)]
    y = [value(eq["strategies"]["Col"].get(f"s{k}", "0")) for k in range(4)]
    assert sum(x) == 1 == sum(y)
    return regret(*matrices_at(4, cells, p, q), x, y)


@pytest.mark.slow
def test_sigint_during_a_region_map(tmp_path: Path) -> None:
    """A real SIGINT while the region map's sign classes are solved: exit 130, valid
    JSON saying it is partial, the map marked incomplete, and every region already
    solved holding equilibria at its sample points (checked here)."""
    text, cells = parametric(4, 1)
    path = tmp_path / "p4.yaml"
    path.write_text(text)
    out, err, code, when = interrupted(
        command(path, "--no-sensitivity", "--regions", "p", "q", "--format", "json",
                "--progress"), 120, b"region map: sign classes solved", 1.0)
    assert when is not None, err[-500:]
    assert code == 130, err[-500:]
    doc = json.loads(out)
    assert doc["partial"] is True and "region map was interrupted" in doc["interrupted"]
    regions = doc["regions"]
    assert regions["complete"] is False
    assert any("interrupted (Ctrl-C)" in n for n in regions["notes"])
    solved = [r for r in regions["regions"] if r["equilibria"] is not None]
    assert solved
    checked = 0
    for region in solved[:6]:
        cell = next((c for c in region["cells"] if c["dimension"] == 2), None)
        if cell is None:
            continue
        for eq in region["equilibria"]:
            if eq.get("formula") is not False:
                assert _regret_at(cells, cell["sample"], eq) == 0
                checked += 1
    assert checked > 0


class PartialAfter:
    """A solver whose n-th answer is cut short by Ctrl-C, as the exact solvers
    return it (what was found, marked interrupted) instead of raising."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def __call__(self, game):  # noqa: ANN001, ANN204 - the sensitivity Solver protocol
        from dataclasses import replace
        self.calls += 1
        found = solve(game)
        return replace(found, interrupted=True) if self.calls == self.n else found


@pytest.fixture(scope="module")
def scenario3(tmp_path_factory: pytest.TempPathFactory):
    """A 3x3 scenario in p and q (40 support profiles with a player mixing)."""
    return parametric_scenario(3, 1, tmp_path_factory.mktemp("partial"))


def test_a_partial_answer_never_stands_for_a_game(scenario3, tmp_path) -> None:
    """Ctrl-C inside one solve of a sweep, a Monte Carlo run, a region map or a
    sensitivity analysis stops that work (kept as interrupted), instead of the
    partial set being taken as that point's equilibria."""
    from games.scenario import load_scenario
    from games.sensitivity import monte_carlo, sensitivity, sweep
    from games.sensitivity.regions import regions
    scenario, _ = scenario3
    swept = sweep(scenario, ["p"], 41, solver=PartialAfter(3))
    assert swept.interrupted and len(swept.points) < 41
    with pytest.raises(KeyboardInterrupt):     # two parameters: the region map's build stops
        monte_carlo(scenario, 500, seed=1, solver=PartialAfter(3))
    text, _ = parametric(3, 1)                 # three: classified by sign class, kept
    path = tmp_path / "p3r.yaml"
    path.write_text(text.replace("parameters:\n", "parameters:\n  r: {value: 0, range: [0, 1]}\n"))
    drawn = monte_carlo(load_scenario(path), 500, seed=1, solver=PartialAfter(3))
    assert drawn.interrupted and drawn.samples < 500
    mapped = regions(scenario, ["p", "q"], solver=PartialAfter(2))
    assert mapped.interrupted and not mapped.complete
    with pytest.raises(KeyboardInterrupt):
        sensitivity(scenario, solver=PartialAfter(2))
