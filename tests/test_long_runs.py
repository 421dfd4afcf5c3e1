"""Long 2-player enumeration: a counted default limit, progress, and Ctrl-C.

Oracles: Gambit's enummixed (pygambit, rational) for the full set of extreme
equilibria; pure equilibria and deviation gains computed here by brute force in
Fractions; real SIGINTs sent to a subprocess once its progress shows it started.
"""
from __future__ import annotations

import itertools
import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from games.analysis import analyze
from games.budget import Progress
from games.solve import solve
from tests.test_bimatrix import bimatrix_game, gambit_extreme, profiles
from tests.test_progress import ROOT, command, interrupted, on_a_terminal, stderr_until
from tests.test_reverse_search import reverse_search_always

LABEL = b"exact enumeration: vertex bases visited"


def random_matrices(n: int, seed: int) -> tuple[list[list[int]], list[list[int]]]:
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 100, (n, n)).tolist(), rng.integers(0, 100, (n, n)).tolist())


def write_nfg(path: Path, A: list[list[int]], B: list[list[int]]) -> None:
    """The game as a Gambit .nfg file (player 1's strategy varies fastest)."""
    n, m = len(A), len(A[0])
    values = [f"{A[i][j]} {B[i][j]}" for j in range(m) for i in range(n)]
    path.write_text(f'NFG 1 R "random {n}x{m}" {{ "P1" "P2" }} {{ {n} {m} }}\n\n'
                    + " ".join(values) + "\n")


def pure_nash(A: list[list[int]], B: list[list[int]]) -> set[tuple[int, int]]:
    """Pure equilibria by brute force: each a best response to the other."""
    n, m = len(A), len(A[0])
    return {(i, j) for i, j in itertools.product(range(n), range(m))
            if A[i][j] == max(A[k][j] for k in range(n))
            and B[i][j] == max(B[i][k] for k in range(m))}


def regret(A: list[list[int]], B: list[list[int]], x: list[F], y: list[F]) -> F:
    """The largest gain from a pure deviation at (x, y), in Fractions."""
    rows = [sum(A[i][j] * y[j] for j in range(len(y))) for i in range(len(x))]
    cols = [sum(B[i][j] * x[i] for i in range(len(x))) for j in range(len(y))]
    return max(max(rows) - sum(a * b for a, b in zip(x, rows)),
               max(cols) - sum(a * b for a, b in zip(y, cols)))


def test_capped_enumeration_keeps_what_it_established() -> None:
    """A work cap (bases visited) ends the reverse search with a subset of Gambit's
    equilibria containing every pure one, marked incomplete and named truthfully;
    the same cap gives the same answer twice."""
    from games.solvers.bimatrix import solve_bimatrix
    for seed in range(3):
        A, B = random_matrices(8, seed)
        game = bimatrix_game(A, B)
        full = gambit_extreme(A, B)
        with reverse_search_always():
            whole = solve_bimatrix(game)
            capped = solve_bimatrix(game, max_bases=64)
            again = solve_bimatrix(game, max_bases=64)
        assert whole.complete and profiles(whole) == full
        assert not capped.complete and not capped.interrupted
        assert profiles(capped) <= full and profiles(capped) == profiles(again)
        pure = {(e.profile[0].index(1), e.profile[1].index(1)) for e in capped.pure}
        assert pure == pure_nash(A, B)
        assert "enumeration capped at 64 bases" in capped.notes[0]


def test_a_timeout_lifts_the_work_cap() -> None:
    from games.solvers.bimatrix import solve_bimatrix
    A, B = random_matrices(7, 9)
    with reverse_search_always():
        res = solve_bimatrix(bimatrix_game(A, B), timeout=60, max_bases=64)
    assert res.complete and profiles(res) == gambit_extreme(A, B)


def test_the_api_callback_sees_the_enumeration() -> None:
    A, B = random_matrices(7, 2)
    seen: list[Progress] = []
    with reverse_search_always():
        res = analyze(bimatrix_game(A, B), progress=seen.append)
    assert res.equilibria.complete
    counts = [p.done for p in seen if p.task == LABEL.decode()]
    assert counts and counts == sorted(counts) and counts[0] > 0


def test_progress_on_a_terminal_and_not_on_a_pipe(tmp_path: Path) -> None:
    path = tmp_path / "g16.nfg"
    write_nfg(path, *random_matrices(16, 1))
    shown, when = on_a_terminal(command(path, "--no-sensitivity"), 20, LABEL)
    assert when is not None and when < 10, shown[-500:]
    text, _ = stderr_until(command(path, "--no-sensitivity", "--format", "json"), 4)
    assert LABEL not in text and b"\x1b[" not in text


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_sigint_keeps_the_equilibria_found(tmp_path: Path, fmt: str) -> None:
    """Ctrl-C during the reverse search of a 16x16 game: exit 130, every pure
    equilibrium (brute force) and only verified equilibria; JSON says it is partial."""
    A, B = random_matrices(16, 1)
    path = tmp_path / "g16.nfg"
    write_nfg(path, A, B)
    out, err, code, when = interrupted(command(path, "--format", fmt, "--progress"), 30,
                                       LABEL, 1.0)
    assert when is not None
    assert code == 130, err[-500:]
    assert b"interrupted" in err
    if fmt != "json":
        assert b"interrupted (Ctrl-C)" in out and b"Incomplete" in out[:600]
        return
    doc = json.loads(out)
    assert doc["partial"] is True and "interrupted" in doc["interrupted"]
    assert doc["equilibria_info"]["complete"] is False
    assert "interrupted (Ctrl-C)" in doc["equilibria_info"]["notes"][0]
    pure = set()
    for eq in doc["equilibria"]:
        x = [F(eq["strategies"]["P1"].get(str(k + 1), "0")) for k in range(16)]
        y = [F(eq["strategies"]["P2"].get(str(k + 1), "0")) for k in range(16)]
        assert sum(x) == 1 == sum(y) and regret(A, B, x, y) == 0
        if max(x) == 1 and max(y) == 1:
            pure.add((x.index(1), y.index(1)))
    assert pure == pure_nash(A, B)


# ------------------------------------------------- sweeps, Monte Carlo, region maps

def parametric(n: int, seed: int) -> tuple[str, list[tuple[int, int, int, int, int, int]]]:
    """An n x n scenario in p and q; per cell (a, k, sign of q, b, sign of q, sign of p)
    so the test can evaluate the payoffs itself: row a + k*p or a - q, column b + q or
    b - p."""
    rng = np.random.default_rng(seed)
    names = [f"s{i}" for i in range(n)]
    rows, cells = [], []
    for i, j in itertools.product(range(n), repeat=2):
        a, b = (int(x) for x in rng.integers(0, 10, 2))
        k = int(rng.integers(1, 4)) if rng.random() < 0.5 else 0
        plus_q = rng.random() < 0.5
        left = f"{a} + {k}*p" if k else f"{a} - q"
        right = f"{b} + q" if plus_q else f"{b} - p"
        rows.append(f'  s{i}, s{j}: ["{left}", "{right}"]')
        cells.append((a, k, b, int(plus_q), i, j))
    text = ("scenario: parametric\nparameters:\n  p: {value: 2, range: [0, 5]}\n"
            "  q: {value: 1, range: [0, 4]}\n"
            f"players:\n  Row: [{', '.join(names)}]\n  Col: [{', '.join(names)}]\n"
            "payoffs:\n" + "\n".join(rows) + "\n")
    return text, cells


def matrices_at(n: int, cells: list, p: F, q: F) -> tuple[list[list[F]], list[list[F]]]:
    A = [[F(0)] * n for _ in range(n)]
    B = [[F(0)] * n for _ in range(n)]
    for a, k, b, plus_q, i, j in cells:
        A[i][j] = a + k * p if k else a - q
        B[i][j] = b + q if plus_q else b - p
    return A, B


class StopAfter:
    """A solver that raises KeyboardInterrupt (as Ctrl-C does) on its n-th call."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def __call__(self, game):  # noqa: ANN001, ANN204 - the sensitivity Solver protocol
        from games.solve import solve
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return solve(game)


def _mixes(eqs, n: int) -> set:
    return {tuple(tuple(F(x) for x in probs) for probs in e.profile) for e in eqs}


def parametric_scenario(n: int, seed: int, folder: Path):  # noqa: ANN201 - (Scenario, cells)
    """`parametric(n, seed)` written in `folder` and loaded: the scenario and its cells."""
    from games.scenario import load_scenario
    text, cells = parametric(n, seed)
    path = folder / f"p{n}.yaml"
    path.write_text(text)
    return load_scenario(path), cells


@pytest.fixture(scope="module")
def scenario3(tmp_path_factory: pytest.TempPathFactory):
    return parametric_scenario(3, 1, tmp_path_factory.mktemp("long"))


def test_an_interrupted_sweep_keeps_its_solved_points(scenario3) -> None:
    """Ctrl-C (a KeyboardInterrupt from the solver) in a sweep: the points kept are in
    grid order, each with Gambit's equilibria of the game at that point."""
    from games.sensitivity import sweep
    scenario, cells = scenario3
    res = sweep(scenario, ["p"], 41, solver=StopAfter(4))
    assert res.interrupted and not res.complete and 0 < len(res.points) < 41
    order = [pt.values["p"] for pt in res.points]
    assert order == sorted(order)
    base_q = scenario.parameters["q"].value
    checked = 0
    for pt in res.points[:: max(1, len(res.points) // 6)]:
        A, B = matrices_at(3, cells, pt.values["p"], F(base_q))
        assert _mixes(pt.equilibria, 3) == gambit_extreme(A, B)
        checked += 1
    assert checked >= 2 and len(res.to_dict()) == len(res.points)


def test_an_interrupted_two_parameter_sweep_stops(scenario3) -> None:
    """Ctrl-C while a 2-D sweep is drawn from its region map: the sweep stops, marked
    interrupted and incomplete, instead of going on point by point."""
    from games.sensitivity import sweep
    scenario, _ = scenario3
    res = sweep(scenario, ["p", "q"], 9, solver=StopAfter(2))
    assert res.interrupted and not res.complete and len(res.points) < 81


def test_an_interrupted_monte_carlo_counts_the_draws_classified(tmp_path) -> None:
    """Ctrl-C in the sign-class method (three ranged parameters: no region map)."""
    from games.scenario import load_scenario
    from games.sensitivity import monte_carlo
    text, _ = parametric(3, 1)
    path = tmp_path / "p3r.yaml"
    path.write_text(text.replace("parameters:\n", "parameters:\n  r: {value: 0, range: [0, 1]}\n"))
    scenario = load_scenario(path)
    whole = monte_carlo(scenario, 3000, seed=1, solver=solve)
    res = monte_carlo(scenario, 3000, seed=1, solver=StopAfter(3))
    assert res.interrupted and not res.complete and 0 < res.samples < 3000
    assert "of 3,000 draws" in res.interrupted
    assert res.predictions is not None
    assert sum(p.count for p in res.predictions.shares) == res.samples
    for o in res.outcomes:            # a support seen in part of the draws is seen overall
        total = next(w for w in whole.outcomes if w.support == o.support)
        assert o.count <= total.count


def test_an_interrupted_monte_carlo_over_a_region_map_stops(scenario3) -> None:
    """Two ranged parameters: the draws are looked up in the region map; Ctrl-C while
    the map is built stops the run, as it stops a 2-D sweep."""
    from games.sensitivity import monte_carlo
    scenario, _ = scenario3
    with pytest.raises(KeyboardInterrupt):
        monte_carlo(scenario, 3000, seed=1, solver=StopAfter(2))


def test_an_interrupted_region_map_keeps_its_boundaries(scenario3) -> None:
    from games.sensitivity.regions import regions
    scenario, _ = scenario3
    whole = regions(scenario, ["p", "q"], solver=solve)
    res = regions(scenario, ["p", "q"], solver=StopAfter(2))
    assert res.interrupted and not res.complete
    assert "sign classes were solved" in res.interrupted
    assert set(map(str, res.boundaries)) <= set(map(str, whole.boundaries)) or \
        len(res.boundaries) <= len(whole.boundaries)


def test_sigint_during_a_sweep_gives_partial_json(tmp_path: Path) -> None:
    # a 5x5: the 4x4's sweep is now drawn from its exact region map within seconds,
    # while the 5x5's map leaves regions of continua to a grid of direct solves (41
    # steps: the most whose ungrouped points fit games.limits.SWEEP_ALONE_WORK; seconds)
    text, cells = parametric(5, 1)
    path = tmp_path / "p5.yaml"
    path.write_text(text)
    out, err, code, when = interrupted(
        command(path, "--no-sensitivity", "--sweep", "p", "--sweep", "q", "--steps", "41",
                "--workers", "1", "--format", "json", "--progress"),
        120, b"sweep: grid points", 1.0)
    assert when is not None
    assert code == 130, err[-500:]
    doc = json.loads(out)
    assert doc["partial"] is True and "sweep was interrupted" in doc["interrupted"]
    points = doc["sweep"]
    assert 0 < len(points) < 41 * 41
    for point in points[:: max(1, len(points) // 25)]:
        p, q = F(point["values"]["p"]), F(point["values"]["q"])
        A, B = matrices_at(5, cells, p, q)
        for eq in point["equilibria"]:
            x = [F(eq["strategies"]["Row"].get(f"s{k}", "0")) for k in range(5)]
            y = [F(eq["strategies"]["Col"].get(f"s{k}", "0")) for k in range(5)]
            assert regret(A, B, x, y) == 0


def test_sigint_during_a_batch_keeps_the_files_done(tmp_path: Path) -> None:
    big = tmp_path / "g16.nfg"
    write_nfg(big, *random_matrices(16, 1))
    small = ROOT / "scenarios" / "chicken.yaml"
    out, err, code, when = interrupted(
        command(small, big, small, "--workers", "1", "--format", "json", "--progress",
                "--no-sensitivity"), 60, LABEL, 0.5)
    assert when is not None
    assert code == 130, err[-500:]
    docs = json.loads(out)
    assert len(docs) == 3
    assert "partial" not in docs[0] and docs[0]["equilibria_info"]["complete"] is True
    assert docs[1]["partial"] is True and docs[1]["equilibria_info"]["complete"] is False
    assert docs[2] == {"scenario": str(small), "partial": True,
                       "interrupted": docs[2]["interrupted"]}
    assert "not analysed" in docs[2]["interrupted"]


def test_the_region_map_limit_counts_work(scenario3) -> None:
    """The default limit of a region map is a count of steps, named when it stops."""
    from games.errors import GameError
    from games.sensitivity.regions import regions
    scenario, _ = scenario3
    with pytest.raises(GameError, match="work limit of 5 steps"):
        regions(scenario, ["p", "q"], solver=solve, max_work=5)
    assert regions(scenario, ["p", "q"], solver=solve).regions   # the default suffices


def test_a_long_enumeration_says_so_at_once(tmp_path: Path) -> None:
    """Before exact enumeration of a 4x4x4 game (15**3 = 3,375 support profiles, none
    removed by dominance here), the cost and the ways forward appear on stderr."""
    from tests.test_progress import random_444
    path = tmp_path / "g.nfg"
    random_444(path)
    text, when = stderr_until(command(path, "--format", "json"), 20,
                              b"Ctrl-C keeps what was found")
    assert when is not None, text[-500:]
    assert b"up to 3,375 support profiles" in text
    for way in (b"--timeout SECONDS", b"--method numeric", b"--progress"):
        assert way in text


def test_callbacks_see_monte_carlo_and_region_maps(scenario3) -> None:
    """The API's progress callback (games.budget.reporting) sees each long stage."""
    from games.budget import reporting
    from games.sensitivity import monte_carlo
    from games.sensitivity.regions import regions
    scenario, _ = scenario3
    seen: list[Progress] = []
    with reporting(seen.append):
        monte_carlo(scenario, 500, seed=2, solver=solve)
        regions(scenario, ["p", "q"], solver=solve)
    tasks = {p.task for p in seen}
    assert {"Monte Carlo: draws classified", "region map: sign classes solved",
            "critical polynomials: support profiles", "the region map"} <= tasks
    draws = [p for p in seen if p.task == "Monte Carlo: draws classified"]
    assert all(p.total == 500 and 0 <= p.done <= 500 for p in draws)


# ------------------------------------------------- the 2-player estimate (issue 18, item 4)

def dual_cyclic_vertices(d: int, f: int) -> int:
    """The vertices of the dual of the cyclic d-polytope with f vertices (Grünbaum,
    Convex Polytopes, 4.7): f/(f-k) * C(f-k, k) for d = 2k, 2 * C(f-k-1, k) for
    d = 2k + 1; the extremal case of the upper bound theorem, written here
    independently of games.solvers.cost."""
    from math import comb
    k = d // 2
    return f * comb(f - k, k) // (f - k) if d % 2 == 0 else 2 * comb(f - k - 1, k)


def test_the_bound_on_bases_is_the_upper_bound_theorem() -> None:
    from games.solvers.cost import bimatrix_bases_bound, max_vertices
    assert [max_vertices(2, f) for f in (3, 4, 7)] == [3, 4, 7]         # polygons
    assert [max_vertices(3, f) for f in (4, 6, 9)] == [4, 8, 14]        # 2f - 4
    assert [max_vertices(4, f) for f in (5, 8, 11)] == [5, 20, 44]      # f(f-3)/2
    for d in (5, 6, 10, 14, 16, 17):
        assert max_vertices(d, 2 * d) == dual_cyclic_vertices(d, 2 * d)
    assert bimatrix_bases_bound(7, 7) is None          # candidate bases: no estimate
    assert bimatrix_bases_bound(8, 8) == dual_cyclic_vertices(8, 16)   # walked from 8x8
    assert bimatrix_bases_bound(14, 14) == dual_cyclic_vertices(14, 28) == 155_040
    assert bimatrix_bases_bound(9, 20) == dual_cyclic_vertices(9, 29)  # the smaller side


@pytest.mark.parametrize("n,seed", [(9, 0), (10, 3), (11, 5)])
def test_the_bases_visited_stay_under_the_bound(n: int, seed: int) -> None:
    """The reverse search of random games (counted through the API's callback)
    visits no more bases than the bound the note states."""
    from games.solvers.cost import bimatrix_bases_bound
    seen: list[Progress] = []
    with reverse_search_always():
        res = analyze(bimatrix_game(*random_matrices(n, seed)), progress=seen.append,
                      sensitivity=False)
    visited = max(p.done for p in seen if p.task == LABEL.decode())
    bound = bimatrix_bases_bound(n, n)
    assert res.equilibria.complete and bound is not None and 0 < visited <= bound


def test_a_large_two_player_enumeration_says_so_at_once(tmp_path: Path) -> None:
    """A random 14x14 game: before the reverse search starts, the bound on its work,
    a rough time and the ways forward are on stderr within a second of what a trivial
    run costs; a 17x17 game's note adds that the default cap may stop it."""
    from games.limits import enumeration_bases
    from tests.test_progress import start_up_seconds
    path = tmp_path / "g14.nfg"
    write_nfg(path, *random_matrices(14, 1))
    text, when = stderr_until(command(path, "--format", "json"), 20,
                              b"Ctrl-C keeps what was found")
    assert when is not None, text[-500:]
    assert when - start_up_seconds() < 1.0, when
    bound = dual_cyclic_vertices(14, 28)
    assert f"up to {bound:,} vertex bases".encode() in text
    for way in (b"--timeout SECONDS", b"--method numeric", b"--progress"):
        assert way in text
    assert bound < enumeration_bases(14, 14)
    assert b"default cap" not in text                   # 155,040 < 306,122
    big = tmp_path / "g17.nfg"
    write_nfg(big, *random_matrices(17, 1))
    text, when = stderr_until(command(big, "--format", "json"), 20,
                              b"Ctrl-C keeps what was found")
    cap = enumeration_bases(17, 17)
    assert dual_cyclic_vertices(17, 34) > cap
    assert when is not None and f"default cap of {cap:,} bases".encode() in text


@pytest.mark.parametrize("args", [(), ("--method", "numeric"), ("--timeout", "30")])
def test_no_note_when_the_work_is_small_or_bounded(tmp_path: Path, args: tuple) -> None:
    """No note for a 13x13 game (bound 54,264), nor for a 14x14 one with --method
    numeric or --timeout (the note comes before any work, so a few seconds tell)."""
    path = tmp_path / "g.nfg"
    write_nfg(path, *random_matrices(13 if not args else 14, 1))
    text, when = stderr_until(command(path, "--format", "json", *args), 3,
                              b"note: exact enumeration")
    assert when is None, text[-500:]
