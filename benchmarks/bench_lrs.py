"""Two players against lrsnash (lrslib), side by side on the same games in one run.

For each size: fixed-seed random games with payoffs 0..99 (rarely degenerate) and
small-integer games with payoffs 0..3 (degenerate: ties everywhere), and on request
(`--families tied`) games with payoffs 0/1 (more ties still). Ours is timed
twice in a warm worker process (pool.py), around the call: `games.solve` (the
enumeration, the final exact check of every equilibrium and the exact description of
each connected set) and `solve_bimatrix` alone (the enumeration: every extreme
equilibrium, exact, with its connected sets as index sets). lrsnash is the whole
`lrsnash` process on the same integer matrices (tests/lrsnash.py), which includes its
start-up (about 1-2 ms). For each game the three run one after the other, so a
ratio compares runs under the same load. Equilibrium sets are compared exactly.
Wall times on a loaded machine mostly measure waiting for a core (a 10 ms job moves
by 2x between rounds), so the processor time of each side is reported too: ours by
time.process_time() around the call, lrsnash's as its child process's user + system
time (which leaves out part of its start-up).
With `--baseline DIR` (another checkout of this repository, e.g. `git archive REV`
unpacked there), that code is timed the same way in its own worker, on the same
games, just before ours: before/after ratios to lrsnash from one run.
Skipped, with a note, when lrsnash is not installed (apt-get install lrslib).

Standalone: `python benchmarks/bench_lrs.py [--quick] [--limit S] [--sizes n:games,...]
[--families random,small] [--baseline DIR] [--solve-only] [--output FILE]`; a size may
carry its own rounds and families, `n:games:rounds:random+small+tied` (e.g. several
rounds of the 8x8 games and one of the 20x20 ones in one run).
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from fmt import INF, median, seconds, table  # noqa: E402
from pool import Pool, Worker  # noqa: E402

from tests.lrsnash import LRSNASH, lrsnash  # noqa: E402

SIZES_FULL = ((8, 5), (10, 5), (12, 3), (15, 3), (18, 1), (20, 1))
SIZES_QUICK = ((8, 1), (10, 1), (12, 1))
FAMILIES = (("random, payoffs 0..99", 99), ("small integers 0..3 (degenerate)", 3))
TIED = ("payoffs 0/1 (degenerate, tied)", 1)       # `--families ...,tied`
KEYS = {99: "random", 3: "small", 1: "tied"}        # each family's name on the command line
Size = tuple  # (n, games) or (n, games, rounds, family names or None): `--sizes`


@dataclass
class Row:
    """One size and payoff family: per-game times and agreement."""

    family: str
    n: int
    ours: list[float] = field(default_factory=list)
    enum: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    agree: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    base: list[float] = field(default_factory=list)         # the baseline's games.solve
    base_enum: list[float] = field(default_factory=list)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # processor time by side


def game(n: int, high: int, k: int) -> tuple[list[list[int]], list[list[int]]]:
    """Game k of size n x n with payoffs 0..high (seeded by size, range and index)."""
    rng = np.random.default_rng([n, high, k])
    return (rng.integers(0, high + 1, (n, n)).tolist(), rng.integers(0, high + 1, (n, n)).tolist())


def _ours_set(answer: dict) -> set:
    return {tuple(tuple(Fraction(p) for p in probs) for probs in e) for e in answer["equilibria"]}


def _timed(answer: dict, key: str = "seconds") -> float:
    return answer.get(key, INF) if answer.get("ok", False) else INF


def _lrsnash_cpu(A: list[list[int]], B: list[list[int]], limit: float
                 ) -> tuple[set | None, float, float]:
    """lrsnash's equilibria, wall time and processor time (its child process's user and
    system time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        theirs, t = lrsnash(A, B, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, INF, INF
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return theirs, t, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(pool: Pool, quick: bool, limit: float, log: Callable[[str], None],
        sizes: Sequence[Size] | None = None,
        families: Sequence[tuple[str, int]] = FAMILIES,
        baseline: Worker | None = None, repeat: int = 1,
        enumeration: bool = True) -> list[Row]:
    """Every size and family; a side whose game overran `limit` is recorded as such.
    Without `enumeration`, `solve_bimatrix` alone is not timed (its column shows —):
    at 18x18 and 20x20 each run of ours takes minutes. A size of four entries has its
    own rounds and families (`--sizes`)."""
    rows = []
    for family, high in families:
        for size in sizes or (SIZES_QUICK if quick else SIZES_FULL):
            n, games = size[0], size[1]
            rounds = size[2] if len(size) > 2 else repeat
            if len(size) > 3 and size[3] is not None and KEYS[high] not in size[3]:
                continue
            row = Row(family, n)
            for k in range(games):
                A, B = game(n, high, k)
                times: dict[str, list[float]] = {}
                cpu: dict[str, list[float]] = {}
                for _ in range(rounds):             # every side once per round
                    if baseline is not None:
                        for solver in ("ours", "ours_enumeration"):
                            got = baseline.solve(solver, [A, B], limit)
                            times.setdefault("base " + solver, []).append(_timed(got))
                            cpu.setdefault("base " + solver, []).append(_timed(got, "cpu"))
                    answer = pool.solve("ours", [A, B], limit)
                    enum = (pool.solve("ours_enumeration", [A, B], limit) if enumeration
                            else {"ok": False})
                    times.setdefault("ours", []).append(_timed(answer))
                    times.setdefault("enum", []).append(_timed(enum))
                    cpu.setdefault("ours", []).append(_timed(answer, "cpu"))
                    cpu.setdefault("enum", []).append(_timed(enum, "cpu"))
                    theirs, t, c = _lrsnash_cpu(A, B, limit)
                    times.setdefault("lrsnash", []).append(t)
                    cpu.setdefault("lrsnash", []).append(c)
                    if INF in (times["ours"][-1], t) or (enumeration
                                                          and times["enum"][-1] == INF):
                        break                       # over the limit: not repeated
                for side, values in cpu.items():
                    row.cpu.setdefault(side, []).append(min(values))
                if baseline is not None:
                    row.base.append(min(times["base ours"]))
                    row.base_enum.append(min(times["base ours_enumeration"]))
                ok = answer.get("ok", False)
                row.ours.append(min(times["ours"]))
                row.enum.append(min(times["enum"]))
                row.theirs.append(min(times["lrsnash"]))
                if ok and theirs is not None:
                    same = _ours_set(answer) == theirs
                    if enum.get("ok", False):
                        same = same and _ours_set(enum) == theirs
                    row.agree.append(same)
                    row.counts.append(str(len(theirs)))
                else:
                    row.notes.append("ours over the limit" if not ok else "lrsnash over the limit")
                log(f"  lrsnash {family} {n}x{n} game {k}: ours {seconds(row.ours[-1])} "
                    f"(enumeration {seconds(row.enum[-1])}), lrsnash {seconds(t)}")
            rows.append(row)
    return rows


def _ratio(a: list[float], b: list[float]) -> str:
    ma, mb = median(a), median(b)
    return f"{ma / mb:.2f}" if ma < INF and mb < INF else "—"


def _per_game(a: list[float], b: list[float]) -> str:
    return ", ".join(f"{x / y:.2f}" if x < INF and y < INF else "—" for x, y in zip(a, b))


def report(rows: Sequence[Row], limit: float) -> str:
    """The Markdown table: medians, ratios to lrsnash, agreement."""
    body = []
    base = any(r.base for r in rows)
    for r in rows:
        same = (f"{sum(r.agree)}/{len(r.agree)} equal" if r.agree else "—")
        before = [_ratio(r.base, r.theirs), _ratio(r.base_enum, r.theirs)] if base else []
        body.append([r.family, f"{r.n}x{r.n}", str(len(r.ours)), seconds(median(r.ours)),
                     seconds(median(r.enum)), seconds(median(r.theirs)), *before,
                     _ratio(r.ours, r.theirs), _ratio(r.enum, r.theirs),
                     _per_game(r.ours, r.theirs), same, ", ".join(r.counts) or "—",
                     "; ".join(r.notes) or ""])
    return table(["games", "size", "games", "games.solve (median)",
                  "enumeration (median)", "lrsnash (median)",
                  *(["before: solve / lrsnash", "before: enumeration / lrsnash"]
                    if base else []),
                  "solve / lrsnash", "enumeration / lrsnash", "solve / lrsnash per game",
                  "equilibrium sets", "equilibria", "notes"], body) + "\n\n" + _cpu_table(rows)


def _cpu_table(rows: Sequence[Row]) -> str:
    """Processor time, the same rounds: medians over the games of each side's least."""
    base = any("base ours" in r.cpu for r in rows)
    body = []
    for r in rows:
        c = r.cpu
        theirs = c.get("lrsnash", [INF])
        before = ([_ratio(c["base ours"], theirs), _ratio(c["base ours_enumeration"], theirs)]
                  if base else [])
        body.append([r.family, f"{r.n}x{r.n}", seconds(median(c.get("ours", [INF]))),
                     seconds(median(c.get("enum", [INF]))), seconds(median(theirs)), *before,
                     _ratio(c.get("ours", [INF]), theirs), _ratio(c.get("enum", [INF]), theirs),
                     _per_game(c.get("ours", [INF]), theirs)])
    return "Processor time (the same runs):\n\n" + table(
        ["games", "size", "games.solve (median)", "enumeration (median)", "lrsnash (median)",
         *(["before: solve / lrsnash", "before: enumeration / lrsnash"] if base else []),
         "solve / lrsnash", "enumeration / lrsnash", "solve / lrsnash per game"], body)


def section(pool: Pool, quick: bool, limit: float, log: Callable[[str], None],
            sizes: Sequence[Size] | None = None,
            families: Sequence[tuple[str, int]] = FAMILIES,
            baseline: Worker | None = None, repeat: int = 1,
            enumeration: bool = True) -> tuple[str, str]:
    """The report section and its summary line."""
    head = ["## Two players: complete enumeration against lrsnash", ""]
    if LRSNASH is None:
        note = "lrsnash is not installed (apt-get install lrslib): section skipped."
        return "\n".join(head + [note]), "lrsnash: " + note
    log("two players against lrsnash")
    rows = run(pool, quick, limit, log, sizes, families, baseline, repeat, enumeration)
    text = "\n".join(head + [
        __doc__.split("\n\n", 1)[1].split("\n\nStandalone")[0].strip(),
        f"Per-game limit {limit:g} s for each side. A ratio below 1 means ours is faster; "
        "ratios are of the medians"
        + (f"; each game's time is the least of {repeat} rounds (every side once a round)."
           if repeat > 1 else ".")
        + (" Rounds per size: " + ", ".join(f"{s[0]}x{s[0]} {s[2] if len(s) > 2 else repeat}"
                                             for s in sizes) + "."
           if sizes and any(len(s) > 2 for s in sizes) else ""),
        "",
        report(rows, limit),
    ])
    parts = [f"{r.n}x{r.n} {r.family.split(',')[0].split(' (')[0]}: "
             f"{_ratio(r.ours, r.theirs)}x lrsnash's time"
             for r in rows if median(r.ours) < INF and median(r.theirs) < INF]
    agree = all(all(r.agree) for r in rows)
    return text, ("2 players vs lrsnash (ours/lrsnash, medians): " + "; ".join(parts) +
                  ("; equilibrium sets equal wherever both finished" if agree else
                   "; SETS DIFFER somewhere (see the section)"))


def _size(text: str, repeat: int) -> Size:
    """One `--sizes` entry: n:games, or n:games:rounds, or n:games:rounds:families."""
    parts = text.split(":")
    if len(parts) == 2:
        return int(parts[0]), int(parts[1])
    names = parts[3].split("+") if len(parts) > 3 else None
    return int(parts[0]), int(parts[1]), int(parts[2]) if parts[2] else repeat, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one game of 8x8-12x12")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per game and side")
    parser.add_argument("--sizes", help="n:games[:rounds[:random+small+tied]],... "
                        "(default 8:5,10:5,12:3,15:3,18:1,20:1)")
    parser.add_argument("--families", default="random,small",
                        help="random (payoffs 0..99), small (0..3), tied (0/1), comma-separated")
    parser.add_argument("--baseline", help="another checkout, timed alongside (before/after)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds per game (each side once a round); the least time counts")
    parser.add_argument("--solve-only", action="store_true",
                        help="time games.solve only, not the enumeration alone as well")
    parser.add_argument("--output", help="also write the section to this file")
    args = parser.parse_args()
    sizes = [_size(part, args.repeat) for part in args.sizes.split(",")] if args.sizes else None
    families = [f for f, key in zip((*FAMILIES, TIED), ("random", "small", "tied"))
                if key in args.families.split(",")]
    baseline = (Worker("baseline", Path(args.baseline).resolve() / "benchmarks" / "worker.py")
                if args.baseline else None)
    pool = Pool()
    try:
        text, summary = section(pool, args.quick, args.limit,
                                lambda s: print(s, file=sys.stderr, flush=True), sizes,
                                families, baseline, args.repeat, not args.solve_only)
    finally:
        pool.close()
        if baseline is not None:
            baseline.stop()
    print(text + "\n\n" + summary)
    if args.output:
        Path(args.output).write_text(text + "\n\n" + summary + "\n")


if __name__ == "__main__":
    main()
