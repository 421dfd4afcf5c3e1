"""Benchmarks: our engine side by side with nashpy and Gambit (pygambit).

    python3 dev.py bench            # full run, about 10 minutes
    python3 dev.py bench --quick    # 1-2 minutes
    .venv/bin/python benchmarks/run.py --only startup --no-write

Prints a Markdown report and writes it to docs/performance.md (with the machine's
description and the exact command). Not part of the test suite. Every solver runs
in a worker process with a per-game time limit (see pool.py), on fixed-seed games
(randgames.py), and each reference solver's equilibria are compared with ours.
"""
from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import bench_games  # noqa: E402
import bench_lrs  # noqa: E402
import bench_process  # noqa: E402
import bench_sensitivity  # noqa: E402
from fmt import INF, median  # noqa: E402
from machine import describe  # noqa: E402
from pool import Pool, Worker  # noqa: E402
from randgames import PAYOFF_HIGH, label  # noqa: E402

SECTIONS = ("startup", "bimatrix", "lrsnash", "nplayer", "sensitivity")
OUTPUT = ROOT / "docs" / "performance.md"


@dataclass(frozen=True)
class Plan:
    """Sizes, repetitions and time limits of one benchmark run."""

    quick: bool
    two_player: tuple[tuple[int, int], ...]      # (n, games) for n x n games
    n_player: tuple[tuple[tuple[int, ...], int], ...]
    startup_runs: int
    cli_runs: int
    repeats: int
    nashpy_limit: float           # per game, for n >= 8
    solver_limit: float           # per game, everything else
    enumpoly_limit: float
    lrs_limit: float = 120.0      # per game and side, against lrsnash
    payoff_high: int = PAYOFF_HIGH  # 3+ players: integer payoffs 0..payoff_high

    def limit_2p(self, n: int) -> Callable[[str], float]:
        """Per-game time limit of each solver on n x n games."""
        def limit(key: str) -> float:
            if key.startswith("nashpy") and n >= 8:
                return self.nashpy_limit
            return self.solver_limit
        return limit

    def limit_np(self, key: str) -> float:
        """Per-game time limit on games with three or more players."""
        return self.enumpoly_limit if key.startswith("gambit") else self.solver_limit


FULL = Plan(False, ((6, 5), (8, 3), (10, 3)),
            (((2, 2, 2), 5), ((3, 2, 2), 5), ((2, 2, 2, 2), 5), ((3, 3, 2), 5), ((3, 3, 3), 3)),
            startup_runs=7, cli_runs=3, repeats=3, nashpy_limit=10, solver_limit=60,
            enumpoly_limit=20)
QUICK = Plan(True, ((6, 2), (8, 1), (10, 1)),
             (((2, 2, 2), 2), ((3, 2, 2), 2), ((2, 2, 2, 2), 1), ((3, 3, 2), 1), ((3, 3, 3), 1)),
             startup_runs=3, cli_runs=1, repeats=1, nashpy_limit=4, solver_limit=30,
             enumpoly_limit=8)


def log(msg: str) -> None:
    """Progress on stderr (the report goes to stdout)."""
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ sections

def startup_section(plan: Plan) -> tuple[str, str]:
    """Whole-process start-up: analyze vs a process that imports pygambit and solves."""
    log("start-up (whole processes)")
    nfg = bench_process.export_nfg(HERE / "idlib_m4_patrols.nfg")
    argv_nfg = nfg.relative_to(ROOT)
    cmds = bench_process.startup_commands(argv_nfg, plan.quick)
    bench_process.time_all(cmds, plan.startup_runs, log)
    ours = next(c for c in cmds if c.name == "analyze (rich table)")
    gambit = next(c for c in cmds if c.name.startswith("import pygambit"))
    m_ours, m_gambit = median(ours.times), median(gambit.times)
    verdict = ("faster" if m_ours < m_gambit else "NOT faster")
    text = "\n".join([
        "## Start-up: the seed scenario as a whole process",
        "",
        f"`analyze {bench_process.SCENARIO}` (payoff tables, dominance, every equilibrium, "
        "exact thresholds for all five parameters) against a Python process that only "
        "imports pygambit, reads the same game (exported with `games.formats.nfg.write_nfg` to "
        f"`{argv_nfg}`) and runs `enumpoly_solve(g, use_strategic=True)`. Wall-clock "
        f"time of the whole process, output discarded, {plan.startup_runs} interleaved runs "
        "each after one untimed run, with bytecode caching on as in a user's shell "
        "(PYTHONDONTWRITEBYTECODE unset for these processes).",
        "",
        bench_process.report(cmds, "analyze (rich table)"),
        "",
        f"**analyze is {verdict}**: median {m_ours:.2f} s against {m_gambit:.2f} s for the "
        f"pygambit process ({m_gambit / m_ours:.2f}x).",
    ])
    summary = (f"start-up: `analyze` on the seed scenario {m_ours:.2f} s vs import pygambit "
               f"+ enumpoly {m_gambit:.2f} s (whole processes, medians): {verdict}, "
               f"{m_gambit / m_ours:.2f}x")
    return text, summary


def bimatrix_section(plan: Plan, pool: Pool) -> tuple[str, str]:
    """All equilibria of random n x n games."""
    log("two players")
    runs, skip = [], set()
    for n, games in plan.two_player:
        limit = plan.limit_2p(n)
        run = bench_games.run_shape(pool, (n, n), games, bench_games.TWO_PLAYER, limit,
                                    skip, log)
        runs.append(run)
        skip |= {k for k in run.answers if k.startswith("nashpy") and
                 bench_games.timed_out_everywhere(run, k)}
    limit_last = plan.limit_2p(max(n for n, _ in plan.two_player))
    text = "\n".join([
        "## Two players: every equilibrium of random n x n games",
        "",
        f"Integer payoffs drawn uniformly from 0..{PAYOFF_HIGH} (fixed seeds, "
        "`benchmarks/randgames.py`): ties make most of these games degenerate. Ours is "
        "`games.solve` (exact vertex enumeration, every extreme equilibrium, each verified "
        "exactly). Times are the solver call alone, in a warm worker process; medians over "
        f"the games. nashpy runs with a per-game limit of {plan.nashpy_limit:g} s for "
        f"n >= 8 (other solvers: {plan.solver_limit:g} s); a solver that overran on every "
        "game of one size is not run on the next. 'same equilibria': Gambit enummixed and "
        "nashpy must list the same set (exact sets compared exactly, float ones within "
        "1e-6); lcp must find a subset; enumpure must find our pure equilibria.",
        "",
        bench_games.summary(runs, bench_games.TWO_PLAYER, limit_last),
        "",
        "Per game: time (number of equilibria reported).",
        "",
        bench_games.details(runs, bench_games.TWO_PLAYER, limit_last),
    ])
    return text, _two_player_summary(runs)


def _two_player_summary(runs: list[bench_games.ShapeRun]) -> str:
    parts = []
    for run in runs:
        ours = median(bench_games.times(run.answers.get("ours", [])))
        ref = run.answers.get("gambit_enummixed_exact")
        theirs = median(bench_games.times(ref)) if ref else INF
        if ours < INF and theirs < INF:
            parts.append(f"{label(run.shape)}: ours {ours:.3g} s vs Gambit exact enummixed "
                         f"{theirs:.3g} s ({theirs / ours:.3g}x)")
    return "2 players (medians): " + "; ".join(parts)


def nplayer_section(plan: Plan, pool: Pool) -> tuple[str, str]:
    """All equilibria of random games with three or more players."""
    log("three and more players")
    runs = [bench_games.run_shape(pool, shape, games, bench_games.N_PLAYER, plan.limit_np,
                                  set(), log, plan.payoff_high)
            for shape, games in plan.n_player]
    text = "\n".join([
        "## Three and more players: ours against Gambit enumpoly",
        "",
        f"Integer payoffs 0..{plan.payoff_high}, fixed seeds. Ours is `games.solve` (support "
        "enumeration with exact polynomial systems; irrational equilibria as algebraic "
        "numbers). Gambit's enumpoly (`use_strategic=True`) is numerical and may hang on "
        f"degenerate games: per-game limit {plan.enumpoly_limit:g} s (ours: "
        f"{plan.solver_limit:g} s). Sets compared as floats within 1e-6; where ours "
        "reports a non-isolated component, its sample points need not match enumpoly's.",
        "",
        bench_games.summary(runs, bench_games.N_PLAYER, plan.limit_np),
        "",
        "Per game: time (number of equilibria reported).",
        "",
        bench_games.details(runs, bench_games.N_PLAYER, plan.limit_np),
    ])
    parts = []
    for run in runs:
        parts.append(f"{label(run.shape)}: "
                     f"{bench_games.ratio_text(run, 'gambit_enumpoly', plan.enumpoly_limit)}")
    return text, "3+ players, enumpoly/ours (median ratio): " + "; ".join(parts)


def sensitivity_section(plan: Plan) -> tuple[str, str]:
    """Sweeps and Monte Carlo against one analysis: in-process and whole-process."""
    log("sweeps and Monte Carlo (in-process)")
    worker = Worker("sens")
    todo = bench_sensitivity.tasks(plan.quick)
    try:
        bench_sensitivity.run(worker, todo, plan.repeats, 600.0, log)
    finally:
        worker.stop()
    log("sweeps and Monte Carlo (whole processes)")
    cmds = bench_process.cli_sensitivity_commands(plan.quick)
    bench_process.time_all(cmds, plan.cli_runs, log)
    text = "\n".join([
        "## Sweeps and Monte Carlo of the seed scenario",
        "",
        "In-process: the engine calls (`games.analyze`, `games.sensitivity.sweep`, "
        "`games.sensitivity.monte_carlo`, each including loading the scenario) in a worker "
        f"that has already run each once; median of {plan.repeats} run(s).",
        "",
        bench_sensitivity.report(todo),
        "",
        f"Whole processes (`--format json`, output discarded), {plan.cli_runs} run(s) each:",
        "",
        bench_process.report(cmds, cmds[0].name),
    ])
    base = median(todo[0].times) if todo[0].times else INF
    big = {t.name: median(t.times) for t in todo if t.times}
    parts = [f"{name} {v:.3g} s ({v / base:.3g}x one analysis)" for name, v in big.items()
             if base < INF and ("10,001" in name or "100,000" in name)]
    return text, "in-process: one analysis " + (f"{base:.3g} s; " if base < INF else "failed; ") \
        + "; ".join(parts)


# ------------------------------------------------------------------ main

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a 1-2 minute version")
    p.add_argument("--only", action="append", choices=SECTIONS, default=[],
                   help="run only this section (repeatable); the report is then not "
                        "written unless --output is given")
    p.add_argument("--output", type=Path, help=f"where to write the report (default "
                                              f"{OUTPUT.relative_to(ROOT)})")
    p.add_argument("--no-write", action="store_true", help="print the report only")
    p.add_argument("--shapes", metavar="AxBxC:GAMES,...",
                   help="the 3+-player shapes to run instead of the plan's, e.g. "
                        "2x2x2x2x2:2,3x3x3x3:1,4x4x4:1")
    p.add_argument("--payoff-high", type=int, default=PAYOFF_HIGH, metavar="N",
                   help="3+-player games: integer payoffs 0..N (default %(default)s: "
                        "degenerate games; 99: generic ones)")
    return p


def parse_shapes(text: str) -> tuple[tuple[tuple[int, ...], int], ...]:
    """'2x2x2:3,3x3x3:1' as ((2, 2, 2), 3), ((3, 3, 3), 1)."""
    out = []
    for part in text.split(","):
        shape, _, games = part.partition(":")
        out.append((tuple(int(k) for k in shape.split("x")), int(games or 1)))
    return tuple(out)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.shapes:
        plan = dataclasses.replace(plan, n_player=parse_shapes(args.shapes))
    plan = dataclasses.replace(plan, payoff_high=args.payoff_high)
    wanted = args.only or list(SECTIONS)
    start = time.perf_counter()
    texts, summaries = [], []
    pool = Pool()
    try:
        for name in wanted:
            if name == "startup":
                t, s = startup_section(plan)
            elif name == "bimatrix":
                t, s = bimatrix_section(plan, pool)
            elif name == "lrsnash":
                t, s = bench_lrs.section(pool, plan.quick, plan.lrs_limit, log)
            elif name == "nplayer":
                t, s = nplayer_section(plan, pool)
            else:
                t, s = sensitivity_section(plan)
            texts.append(t)
            summaries.append(s)
    finally:
        pool.close()
    total = time.perf_counter() - start
    doc = document(texts, summaries, argv, plan, total)
    sys.stdout.write(doc)
    target = args.output or (None if args.only or args.no_write else OUTPUT)
    if target is not None and not args.no_write:
        target.write_text(doc, encoding="utf-8")
        log(f"written to {target}")
    return 0


def document(texts: list[str], summaries: list[str], argv: list[str], plan: Plan,
             total: float) -> str:
    """The whole Markdown report."""
    head = [
        "# Performance",
        "",
        "Our engine side by side with nashpy and Gambit (pygambit) on fixed-seed games, "
        "the seed scenario as a whole process, and sweeps and Monte Carlo runs. Produced "
        "by `benchmarks/run.py` (not part of the test suite); every number below is from "
        "one run of it.",
        "",
        f"- command: `{' '.join(['python3 dev.py bench', *argv])}` (runs "
        f"`.venv/bin/python benchmarks/run.py{''.join(' ' + shlex.quote(a) for a in argv)}`)",
        f"- mode: {'quick' if plan.quick else 'full'}; total benchmark time "
        f"{total / 60:.1f} min",
        *describe(),
        "",
        "## Summary",
        "",
        *[f"- {s}" for s in summaries],
        "",
    ]
    return "\n".join(head) + "\n" + "\n\n".join(texts) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
