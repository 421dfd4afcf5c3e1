"""Exact region maps against the grid method (`sweep` over two parameters).

Run from the repository root: `python benchmarks/bench_regions.py [--quick]`.
Times are in-process, after one warm-up call of each method (imports and caches
paid once). The grid method solves per sign class of its points and still draws
boundaries a grid step wide; the region map is exact and then answers any
resolution by evaluating the boundary polynomials (no further solving).

Not listed: the parametric 4x4 and 5x5 games of `parametric_game` (63 and 297
critical curves inside the box) exceed the region map's 120 s budget today.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from games.scenario import load_scenario, parse_scenario
from games.sensitivity import sweep
from games.sensitivity.regions import regions
from games.solve import solve


def parametric_game(m: int, n: int, seed: int = 7) -> str:
    """A 2-player m x n scenario: every payoff a small integer, a quarter of them
    moving with a or with b (linear), as scenario YAML."""
    rnd = random.Random(seed)
    rows = []
    for i in range(m):
        for j in range(n):
            pays = []
            for _ in range(2):
                c = rnd.randint(-5, 5)
                r = rnd.random()
                pays.append(f"{c} + {rnd.randint(1, 3)}*a" if r < 0.125 else
                            f"{c} - {rnd.randint(1, 3)}*b" if r < 0.25 else str(c))
            rows.append(f"  r{i}, c{j}: [{pays[0]}, {pays[1]}]")
    return (f"scenario: parametric {m}x{n}\n"
            "parameters:\n  a: {value: 1, range: [0, 4]}\n  b: {value: 2, range: [0, 4]}\n"
            f"players:\n  P1: {{strategies: [{', '.join(f'r{i}' for i in range(m))}]}}\n"
            f"  P2: {{strategies: [{', '.join(f'c{j}' for j in range(n))}]}}\n"
            "payoffs:\n" + "\n".join(rows) + "\n")


def timed(f, repeats: int = 3) -> float:
    """The median of `repeats` timings of f() after one warm-up call, in seconds."""
    f()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def main() -> None:
    quick = "--quick" in sys.argv
    idlib = load_scenario("scenarios/idlib_m4_patrols.yaml")
    three = parse_scenario(parametric_game(3, 3))
    cases = [("Idlib (seed), push_cost x moscow_patience", idlib, ("push_cost", "moscow_patience")),
             ("Idlib (seed), militia_support x border_risk", idlib,
              ("militia_support", "border_risk")),
             ("parametric 3x3, a x b", three, ("a", "b"))]
    steps = 41 if quick else 101
    print(f"| case | region map (exact) | regions | grid {steps}x{steps} (sweep) | grid classes |")
    print("|---|---|---|---|---|")
    for name, scen, pair in cases:
        rm = regions(scen, pair, solver=solve)
        t_regions = timed(lambda s=scen, p=pair: regions(s, p, solver=solve), 1 if quick else 3)
        sw = sweep(scen, pair, steps, solver=solve)
        t_grid = timed(lambda s=scen, p=pair: sweep(s, p, steps, solver=solve), 1)
        areas = sum(1 for reg in rm.regions if any(rm.cells[k].dimension == 2 for k in reg.cells))
        print(f"| {name} | {t_regions * 1000:.0f} ms | {len(rm.regions)} ({areas} areas), "
              f"{len(rm.cells)} cells, {len(rm.boundaries)} boundaries | "
              f"{t_grid * 1000:.0f} ms | {sw.classes} |")


if __name__ == "__main__":
    main()
