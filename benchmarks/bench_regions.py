"""Exact region maps against the grid method (`sweep` over two parameters).

Run from the repository root: `python benchmarks/bench_regions.py [--quick]`;
`--sweep-300` runs only the 300 x 300 sweep of the parametric 5x5, before and after
its continua had formulas (`sweep_300`); `--split` only the cost of knife-edge
splitting on 2-player maps (`split_cost`).
Times are in-process, after one warm-up call of each method (imports and caches
paid once). The grid method solves per sign class of its points and still draws
boundaries a grid step wide; the region map is exact and then answers any
resolution by evaluating the boundary polynomials (no further solving).

The 2-D sweep is now drawn from the region map (region_grid.py); the grid method's
numbers are those of the sign-class sweep it replaced (still the fallback when the
map needs more than its budget), measured side by side in the same run.

Then the shortcuts of the region map measured against the map without them, side
by side: only the curves that can change the equilibrium set in the decomposition
(plane_screen.needed_polys by interval arithmetic, plane_needed.exactly_needed by a
small decomposition per support profile) and sign classes whose structure is read
off the support conditions instead of solved (region_deduce.py); and Monte Carlo
over two parameters looked up in the region map (region_montecarlo.py) against the
sign-class method, per draw.

The parametric 5x5 game of `parametric_game` (232 critical curves of profiles that
may carry an equilibrium, of 456; 14 of them needed) is in both tables; without
the shortcuts its map does not finish (over 15 minutes), so that row has none.
"""
from __future__ import annotations

import contextlib
import importlib
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from games.scenario import load_scenario, parse_scenario
from games.sensitivity import monte_carlo, sweep
from games.sensitivity.region_grid import region_sweep
from games.sensitivity.regions import regions
from games.sensitivity.thresholds import baseline
from games.solve import solve
from tests.test_region_grid import parametric_game


def timed(f, repeats: int = 3) -> float:
    """The median of `repeats` timings of f() after one warm-up call, in seconds."""
    f()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def grid_method(scen, pair, steps):
    """The sign-class grid sweep (the method before region maps), forced."""
    sweep_module = importlib.import_module("games.sensitivity.sweep")   # not the function
    keep = sweep_module._from_regions
    sweep_module._from_regions = lambda *a, **k: None
    try:
        return sweep(scen, pair, steps, solver=solve)
    finally:
        sweep_module._from_regions = keep


@contextlib.contextmanager
def shortcuts_off():
    """The region map as before its shortcuts: every curve of every support profile
    in the decomposition, every sign class solved (no conditions to deduce from);
    Monte Carlo by sign classes (no region look-up)."""
    screen = importlib.import_module("games.sensitivity.plane_screen")
    needed = importlib.import_module("games.sensitivity.plane_needed")
    lookup = importlib.import_module("games.sensitivity.region_montecarlo")
    keep = screen.needed_polys, needed.exactly_needed, lookup.region_draws

    def everything(U, syms, box, by_support, polys, k=0):
        every = {sup: set(ks) for sup, ks in by_support.items()}
        return every, set().union(*every.values()), {}
    screen.needed_polys = everything
    needed.exactly_needed = lambda *a, **k: {}
    lookup.region_draws = lambda *a, **k: None
    try:
        yield
    finally:
        screen.needed_polys, needed.exactly_needed, lookup.region_draws = keep


def shortcuts(quick: bool) -> None:
    """The region map with and without its shortcuts; Monte Carlo per draw."""
    print()
    print("| case | region map without shortcuts | with | ratio | sign classes solved |")
    print("|---|---|---|---|---|")
    for m in ((3, 4) if quick else (3, 4, 5)):
        scen = parse_scenario(parametric_game(m, m))
        counts = []
        times = []
        for off in ((False,) if m == 5 else (True, False)):
            calls = [0]

            def counted(game, c=calls):
                c[0] += 1
                return solve(game)
            with shortcuts_off() if off else contextlib.nullcontext():
                times.append(timed(lambda s=scen, f=counted: regions(
                    s, ("a", "b"), solver=f, max_seconds=None, max_work=None), 1))
            counts.append(calls[0] // 2)           # the warm-up call solved as many
        if m == 5:
            print(f"| parametric 5x5, a x b | over 15 min (not run) | {times[0]:.2f} s | - | "
                  f"- -> {counts[0]:,} |")
            continue
        print(f"| parametric {m}x{m}, a x b | {times[0]:.2f} s | {times[1]:.2f} s | "
              f"{times[0] / times[1]:.2f} | {counts[0]:,} -> {counts[1]:,} |")
    print()
    print("| Monte Carlo | draws | seconds (map included) | per draw | peak RSS |")
    print("|---|---|---|---|---|")
    for m in (3, 5):
        scen = parse_scenario(parametric_game(m, m))
        small, big = (2_000, 100_000) if quick else (10_000, 1_000_000)
        if m == 5:
            small = 500
        with shortcuts_off():
            t_old = timed(lambda s=scen, n=small: monte_carlo(s, n, seed=1, solver=solve), 1)
        t_new = timed(lambda s=scen, n=big: monte_carlo(s, n, seed=1, solver=solve), 1)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| parametric {m}x{m}, sign classes (before) | {small:,} | {t_old:.2f} | "
              f"{t_old / small * 1e6:.1f} us | |")
        print(f"| parametric {m}x{m}, region map look-up | {big:,} | {t_new:.2f} | "
              f"{t_new / big * 1e6:.2f} us | {rss:.0f} MB (process so far) |")


@contextlib.contextmanager
def no_vertex_formulas():
    """Regions as before their continua had formulas: an extreme point that its
    support system does not fix gets none, so its points are solved one by one."""
    module = importlib.import_module("games.sensitivity.regions")
    keep = module.vertex_formula
    module.vertex_formula = lambda *a, **k: None
    try:
        yield
    finally:
        module.vertex_formula = keep


def sweep_300() -> None:
    """The 300 x 300 sweep of the parametric 5x5 (a x b), drawn from its region map,
    against the same map without the continua's formulas (their points solved one by
    one), side by side; CPU seconds (the machine is shared: wall time moves with the
    load)."""
    five = parse_scenario(parametric_game(5, 5))
    base = baseline(five)
    print()
    print("| parametric 5x5, 300 x 300 sweep | region map | drawing | points solved | "
          "sweep (map + drawing) |")
    print("|---|---|---|---|---|")
    for name, ctx in (("before: continua solved per point", no_vertex_formulas),
                      ("after: continua from their formulas", contextlib.nullcontext)):
        with ctx():
            t0 = time.process_time()
            rm = regions(five, ("a", "b"), solver=solve)
            t1 = time.process_time()
            asked: list = []

            def solve_many(pts, s=five, b=base, n=asked):
                n.extend(pts)
                return [solve(s.game({**b, **p}, check_range=False)) for p in pts]
            sw = region_sweep(rm, 300, solve_many)
            sw.label_grid()
            t2 = time.process_time()
            whole = sweep(five, ("a", "b"), 300, solver=solve)
            t3 = time.process_time()
        assert whole.label_grid().shape == (300, 300)
        print(f"| {name} | {t1 - t0:.1f} s | {t2 - t1:.2f} s | {len(asked):,} | "
              f"{t3 - t2:.1f} s |")


def split_cost(repeats: int = 5) -> None:
    """Knife-edge splitting (region_split.py) on 2-player maps: the map with the pass
    as it ran before (3+ players only) against the pass on every map, alternated in
    one process, CPU seconds (median of `repeats`), with the solves it made."""
    import games.sensitivity.region_split as split_module
    import games.sensitivity.regions as regions_module
    real = split_module.split_classes
    made = [0]

    def counted(cx, classes, structs, solve_at):
        def solving(a, b):
            made[0] += 1
            return solve_at(a, b)
        return real(cx, classes, structs, solving)
    cases = [("Idlib (seed), push_cost x moscow_patience",
              load_scenario("scenarios/idlib_m4_patrols.yaml"), ("push_cost", "moscow_patience")),
             ("parametric 5x5, a x b", parse_scenario(parametric_game(5, 5)), ("a", "b"))]
    print("| case | before (3+ players only) | after (every map) | after / before | "
          "solves of the pass |")
    print("|---|---|---|---|---|")
    for name, scen, pair in cases:
        two = len(scen.players) == 2
        before = counted if not two else (lambda cx, classes, structs, solve_at: ([], []))
        times: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(repeats):
            for label, fn in (("before", before), ("after", counted)):
                regions_module.split_classes = fn
                made[0] = 0
                t = time.process_time()
                regions(scen, pair, solver=solve)
                times[label].append(time.process_time() - t)
        regions_module.split_classes = real
        b, a = (sorted(times[k])[len(times[k]) // 2] for k in ("before", "after"))
        print(f"| {name} | {b:.3f} s | {a:.3f} s | {a / b:.2f} | {made[0]} |")


def main() -> None:
    quick = "--quick" in sys.argv
    if "--sweep-300" in sys.argv:
        sweep_300()
        return
    if "--split" in sys.argv:
        split_cost()
        return
    idlib = load_scenario("scenarios/idlib_m4_patrols.yaml")
    three = parse_scenario(parametric_game(3, 3))
    four = parse_scenario(parametric_game(4, 4))
    five = parse_scenario(parametric_game(5, 5))
    cases = [("Idlib (seed), push_cost x moscow_patience", idlib, ("push_cost", "moscow_patience")),
             ("Idlib (seed), militia_support x border_risk", idlib,
              ("militia_support", "border_risk")),
             ("parametric 3x3, a x b", three, ("a", "b")),
             ("parametric 4x4, a x b", four, ("a", "b")),
             ("parametric 5x5, a x b", five, ("a", "b"))]
    steps = 41 if quick else 101
    print(f"| case | region map (exact) | regions | {steps}x{steps} map drawn from it | "
          f"grid method {steps}x{steps} | grid / (map + drawing) |")
    print("|---|---|---|---|---|---|")
    for name, scen, pair in cases:
        big = scen is four or scen is five
        rm = regions(scen, pair, solver=solve, max_seconds=None, max_work=None)
        t_regions = timed(lambda s=scen, p=pair: regions(s, p, solver=solve, max_seconds=None,
                                                         max_work=None),
                          1 if quick or big else 3)
        base = baseline(scen)

        def draw(s=scen, r=rm, b=base):
            return region_sweep(r, steps, lambda pts: [solve(s.game({**b, **p}, check_range=False))
                                                       for p in pts])
        t_draw = timed(draw, 1)
        t_grid = timed(lambda s=scen, p=pair: grid_method(s, p, steps), 1)
        areas = sum(1 for reg in rm.regions if any(rm.cells[k].dimension == 2 for k in reg.cells))
        print(f"| {name} | {t_regions * 1000:.0f} ms | {len(rm.regions)} ({areas} areas), "
              f"{len(rm.cells)} cells, {len(rm.boundaries)} boundaries | {t_draw * 1000:.0f} ms | "
              f"{t_grid * 1000:.0f} ms | {t_grid / (t_regions + t_draw):.2f} |")
    shortcuts(quick)


if __name__ == "__main__":
    main()
