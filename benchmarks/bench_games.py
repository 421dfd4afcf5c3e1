"""All equilibria of fixed-seed random games: our engine against Gambit and nashpy.

For every shape, each solver runs on the same games in its own worker process with
a per-game time limit; each answer is checked against ours (same equilibrium set,
or the relation the method promises: pure ones only, a subset).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from agree import compare
from fmt import INF, count, median, ratio, seconds, table
from pool import Pool
from randgames import PAYOFF_HIGH, game_seed, label, random_payoffs


@dataclass(frozen=True)
class Solver:
    """A reference solver: worker name, display name, what its set is compared as."""

    key: str
    title: str
    mode: str          # "all", "pure" or "subset" (see agree.compare)


TWO_PLAYER = (
    Solver("gambit_enummixed_exact", "Gambit enummixed, exact", "all"),
    Solver("gambit_enummixed_float", "Gambit enummixed, float", "all"),
    Solver("gambit_lcp", "Gambit lcp, exact", "subset"),
    Solver("gambit_enumpure", "Gambit enumpure", "pure"),
    Solver("nashpy_support", "nashpy support_enumeration", "all"),
    Solver("nashpy_vertex", "nashpy vertex_enumeration", "all"),
)
N_PLAYER = (
    Solver("gambit_enumpoly", "Gambit enumpoly", "all"),
    Solver("gambit_enumpure", "Gambit enumpure", "pure"),
)


@dataclass
class ShapeRun:
    """Every answer for one shape: answers[solver key][game index]."""

    shape: tuple[int, ...]
    games: int
    answers: dict[str, list[dict]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def run_shape(pool: Pool, shape: tuple[int, ...], games: int, solvers: Sequence[Solver],
              limit: Callable[[str], float], skip: set[str],
              log: Callable[[str], None], high: int = PAYOFF_HIGH) -> ShapeRun:
    """Run ours and every reference solver on `games` random games of `shape` (payoffs
    0..high)."""
    run = ShapeRun(shape, games)
    for key in ["ours", *(s.key for s in solvers)]:
        if key in skip:
            run.skipped[key] = "timed out on every smaller game, not run"
            continue
        run.answers[key] = []
        for k in range(games):
            payoffs = random_payoffs(shape, k, high).tolist()
            answer = pool.solve(key, payoffs, limit(key))
            run.answers[key].append(answer)
            log(f"  {label(shape)} game {k} {key}: {_short(answer, limit(key))}")
    return run


def _short(answer: dict, lim: float) -> str:
    if answer.get("timeout"):
        return f">{lim:g} s"
    if not answer.get("ok"):
        return f"error {answer.get('error')}"
    return f"{seconds(answer['seconds'])}, " \
           f"{count(len(answer['equilibria']), 'equilibrium', 'equilibria')}"


def times(answers: Sequence[dict]) -> list[float]:
    """Solve times, +inf for a timeout or an error."""
    return [a["seconds"] if a.get("ok") else INF for a in answers]


def timed_out_everywhere(run: ShapeRun, key: str) -> bool:
    """True when the solver overran its limit on every game of this shape."""
    answers = run.answers.get(key)
    if answers is None:
        return key in run.skipped
    return all(a.get("timeout") for a in answers)


def median_text(run: ShapeRun, key: str, limit: float) -> str:
    """The median time, '>limit' when half or more of the games overran."""
    if key in run.skipped:
        return f">{limit:g} s (not run)"
    answers = run.answers[key]
    m = median(times(answers))
    if m == INF:
        if any(a.get("timeout") for a in answers):
            return f">{limit:g} s"
        return "error"
    failed = sum(1 for a in answers if not a.get("ok"))
    return seconds(m) + (f" ({failed} over limit/failed)" if failed else "")


def ratio_text(run: ShapeRun, key: str, limit: float) -> str:
    """Median(theirs) / median(ours); a lower bound when theirs overran the limit."""
    ours = median(times(run.answers.get("ours", [])))
    if key in run.skipped or ours == INF:
        return f">{limit / ours:.3g}x" if ours not in (INF, 0) else "—"
    theirs = median(times(run.answers[key]))
    if theirs == INF:
        return f">{limit / ours:.3g}x"
    return ratio(theirs, ours)


def agreement_text(run: ShapeRun, solver: Solver) -> str:
    """In how many games the reference's equilibrium set agrees with ours (and, when
    not, in how many all of its equilibria are at least among ours)."""
    ours, theirs = run.answers.get("ours"), run.answers.get(solver.key)
    if ours is None or theirs is None:
        return "—"
    checked = agreed = contained = 0
    notes: list[str] = []
    for a, b in zip(ours, theirs):
        if not (a.get("ok") and b.get("ok")):
            continue
        checked += 1
        verdict = compare(a["equilibria"], b["equilibria"], solver.mode)
        agreed += verdict.ok
        contained += verdict.only_theirs == 0
        if not verdict.ok and len(notes) < 2:
            notes.append(verdict.text())
    if not checked:
        return "—"
    text = f"{agreed}/{checked}"
    if agreed < checked and solver.mode != "subset":
        text += f"; theirs among ours {contained}/{checked}"
    return text + (f" ({'; '.join(notes)})" if notes else "")


def summary(runs: Sequence[ShapeRun], solvers: Sequence[Solver],
            limit: Callable[[str], float]) -> str:
    """One row per (shape, reference solver): medians, ratio, agreement."""
    rows = []
    for run in runs:
        ours = median_text(run, "ours", limit("ours"))
        for s in solvers:
            rows.append([label(run.shape), str(run.games), ours, s.title,
                         median_text(run, s.key, limit(s.key)),
                         ratio_text(run, s.key, limit(s.key)), agreement_text(run, s)])
    return table(["game", "games", "ours (median)", "reference", "reference (median)",
                  "ref/ours (>1: ours faster)", "same equilibria"], rows)


def details(runs: Sequence[ShapeRun], solvers: Sequence[Solver],
            limit: Callable[[str], float]) -> str:
    """One row per game: seed, our count and flags, every solver's time and count."""
    header = ["game", "seed", "ours: equilibria", "ours"] + [s.title for s in solvers]
    rows = []
    for run in runs:
        for k in range(run.games):
            ours = run.answers.get("ours", [{}] * run.games)[k]
            rows.append([label(run.shape), str(game_seed(run.shape, k)), _count(ours),
                         _cell(ours, limit("ours"))] +
                        [_cell(run.answers[s.key][k], limit(s.key)) if s.key in run.answers
                         else "not run" for s in solvers])
    return table(header, rows)


def _count(answer: dict) -> str:
    if not answer.get("ok"):
        return "—"
    flags = []
    if answer.get("degenerate"):
        flags.append("degenerate")
    if answer.get("components"):
        flags.append(f"{answer['components']} comp.")
    if answer.get("complete") is False:
        flags.append("incomplete")
    n = len(answer["equilibria"])
    return f"{n}" + (f" ({', '.join(flags)})" if flags else "")


def _cell(answer: dict, lim: float) -> str:
    if answer.get("timeout"):
        return f">{lim:g} s"
    if not answer.get("ok"):
        return f"error: {answer.get('error', '?')[:60]}"
    return f"{seconds(answer['seconds'])} ({len(answer['equilibria'])})"
