"""A benchmark worker process: reads one JSON job per line on stdin, answers one
JSON line on stdout. Run by pool.Worker, which kills it when a job overruns its
time limit, so a slow or hanging solver never stalls the benchmark.

Jobs:
  {"kind": "warm", "solver": S}                      import and warm up solver S
  {"kind": "solve", "solver": S, "payoffs": [...]}   time one solve of a game
  {"kind": "sens", "op": OP, "scenario": PATH, ...}  time an engine analysis
Timings cover the solver call only (the game object is built before the clock
starts), after a warm-up that pays every lazy import.
"""
from __future__ import annotations

import json
import sys
import time
import traceback
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import numpy as np
from fmt import count

ROOT = Path(__file__).resolve().parent.parent
for _path in (str(ROOT), str(Path(__file__).resolve().parent)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

Profile = list[list[Any]]


# ------------------------------------------------------------------ our engine

def engine_game(arr: np.ndarray) -> Any:
    """The engine's Game for an integer payoff array (n_players, *shape)."""
    from games.model import Game, Player, Strategy
    players = [Player(f"P{i + 1}", tuple(Strategy(f"s{j + 1}") for j in range(k)))
               for i, k in enumerate(arr.shape[1:])]
    return Game(players, arr.astype(object), title="random game")


def ours_solve(arr: np.ndarray) -> tuple[float, list[Profile], dict]:
    """games.analysis.solve: every (extreme) equilibrium, exact."""
    from games.analysis import solve
    game = engine_game(arr)
    t0, c0 = time.perf_counter(), time.process_time()
    result = solve(game)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    eqs = [[[_exact_or_float(p) for p in probs] for probs in e.profile] for e in result]
    info = {"degenerate": bool(result.degenerate), "complete": bool(result.complete),
            "components": sum(1 for c in result.components if len(c.members) > 1),
            "exact": bool(result.exact), "cpu": cpu}
    return seconds, eqs, info


def ours_enumeration(arr: np.ndarray) -> tuple[float, list[Profile], dict]:
    """solve_bimatrix alone: the enumeration of every extreme equilibrium (exact, the
    connected sets as index sets), without games.solve's final exact check and
    description of each connected set."""
    from games.solvers.bimatrix import solve_bimatrix
    game = engine_game(arr)
    t0, c0 = time.perf_counter(), time.process_time()
    result = solve_bimatrix(game)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    eqs = [[[_exact_or_float(p) for p in probs] for probs in e.profile] for e in result]
    return seconds, eqs, {"complete": bool(result.complete), "cpu": cpu}


def _exact_or_float(p: Any) -> Any:
    """A Fraction as its 'p/q' string; an irrational (sympy) value as a float."""
    if isinstance(p, Fraction):
        return str(p)
    return float(p)


# ------------------------------------------------------------------ Gambit

def gambit_game(arr: np.ndarray) -> Any:
    """A pygambit strategic game with the same payoffs."""
    import pygambit as gbt
    return gbt.Game.from_arrays(*[a.astype(int) for a in arr])


def gambit_runner(name: str, **kwargs: Any) -> Callable[[np.ndarray], tuple]:
    """A runner for pygambit.nash.<name>(game, **kwargs)."""
    def run(arr: np.ndarray) -> tuple[float, list[Profile], dict]:
        import pygambit as gbt
        game = gambit_game(arr)
        func = getattr(gbt.nash, name)
        t0 = time.perf_counter()
        result = func(game, **kwargs)
        seconds = time.perf_counter() - t0
        return seconds, [_gambit_profile(e, arr.shape[1:]) for e in result.equilibria], {}
    return run


def _gambit_profile(eq: Any, shape: tuple[int, ...]) -> Profile:
    """A pygambit mixed profile as lists per player (exact strings or floats)."""
    values = [v for _, v in eq]
    out, c = [], 0
    for k in shape:
        out.append([str(Fraction(v)) if isinstance(v, Fraction) else float(v)
                    for v in values[c:c + k]])
        c += k
    return out


# ------------------------------------------------------------------ nashpy

def nashpy_runner(method: str) -> Callable[[np.ndarray], tuple]:
    """A runner for nashpy.Game(A, B).<method>() (floats)."""
    def run(arr: np.ndarray) -> tuple[float, list[Profile], dict]:
        import nashpy
        game = nashpy.Game(arr[0], arr[1])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            eqs = list(getattr(game, method)())
            seconds = time.perf_counter() - t0
        return seconds, [[[float(v) for v in x], [float(v) for v in y]] for x, y in eqs], {}
    return run


SOLVERS: dict[str, Callable[[np.ndarray], tuple]] = {
    "ours": ours_solve,
    "ours_enumeration": ours_enumeration,
    "gambit_enummixed_exact": gambit_runner("enummixed_solve", rational=True),
    "gambit_enummixed_float": gambit_runner("enummixed_solve", rational=False),
    "gambit_lcp": gambit_runner("lcp_solve", rational=True),
    "gambit_enumpure": gambit_runner("enumpure_solve"),
    "gambit_enumpoly": gambit_runner("enumpoly_solve", use_strategic=True),
    "nashpy_support": nashpy_runner("support_enumeration"),
    "nashpy_vertex": nashpy_runner("vertex_enumeration"),
}

N_PLAYER_SOLVERS = ("ours", "gambit_enumpoly", "gambit_enumpure")


def warm(solver: str) -> None:
    """Pay the solver's imports and first-call costs (its algebra included) on small
    games that are not among the benchmark's (game numbers 900+)."""
    from randgames import random_payoffs
    shapes = [(2, 2), (3, 3)] + ([(2, 2, 2), (3, 2, 2)] if solver in N_PLAYER_SOLVERS else [])
    for shape in shapes:
        for k in (900, 901):
            SOLVERS[solver](random_payoffs(shape, k))


# ------------------------------------------------------------------ sensitivity

def sens(job: dict) -> dict:
    """Time an engine analysis of a scenario: 'analyze', 'sweep' or 'montecarlo'.

    Loading the scenario is inside the timing (it is part of every run)."""
    import games
    from games.analysis import analyze
    from games import monte_carlo, sweep
    path, op = job["scenario"], job["op"]
    t0 = time.perf_counter()
    if op == "analyze":
        out = analyze(games.load(path))
        detail = f"{count(len(out.equilibria), 'equilibrium', 'equilibria')}, " \
                  f"{count(len(out.sensitivity), 'parameter')}"
    elif op == "sweep":
        out = sweep(games.load_scenario(path), job["params"], job["n"])
        detail = f"{len(out.points)} points, {out.classes} sign classes, " \
                  f"{len(out.structures)} equilibrium structures"
    else:
        out = monte_carlo(games.load_scenario(path), job["n"], seed=job.get("seed", 1))
        detail = f"{out.samples} draws, {out.classes} sign classes, " \
                  f"{len(out.outcomes)} outcomes"
    return {"ok": True, "seconds": time.perf_counter() - t0, "detail": detail}


# ------------------------------------------------------------------ loop

def handle(job: dict) -> dict:
    """Run one job; errors become {"ok": false, "error": ...} answers."""
    try:
        if job["kind"] == "warm":
            warm(job["solver"])
            return {"ok": True}
        if job["kind"] == "sens":
            return sens(job)
        arr = np.array(job["payoffs"], dtype=np.int64)
        seconds, eqs, info = SOLVERS[job["solver"]](arr)
        return {"ok": True, "seconds": seconds, "equilibria": eqs, **info}
    except Exception as err:  # a solver failure is a benchmark result, not a crash
        last = traceback.extract_tb(err.__traceback__)[-1]
        return {"ok": False, "error": f"{type(err).__name__}: {str(err)[:160]}",
                "where": f"{Path(last.filename).name}:{last.lineno}"}


def main() -> None:
    """Answer jobs until stdin closes."""
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(handle(json.loads(line))) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
