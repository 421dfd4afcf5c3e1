"""Two players against lrsnash (lrslib), side by side on the same games in one run.

For each size: fixed-seed random games with payoffs 0..99 (rarely degenerate) and
small-integer games with payoffs 0..3 (degenerate: ties everywhere). Ours is
`games.solve` in a warm worker process (pool.py), timed around the call; lrsnash is
the whole `lrsnash` process on the same integer matrices (tests/lrsnash.py), which
includes its start-up (about 1-2 ms). Equilibrium sets are compared exactly.
Skipped, with a note, when lrsnash is not installed (apt-get install lrslib).
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np
from fmt import INF, median, seconds, table
from pool import Pool

from tests.lrsnash import LRSNASH, lrsnash

SIZES_FULL = ((8, 3), (10, 3), (12, 2), (15, 1), (20, 1))
SIZES_QUICK = ((8, 1), (10, 1), (12, 1))
FAMILIES = (("random, payoffs 0..99", 99), ("small integers 0..3 (degenerate)", 3))


@dataclass
class Row:
    """One size and payoff family: per-game times and agreement."""

    family: str
    n: int
    ours: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    agree: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def game(n: int, high: int, k: int) -> tuple[list[list[int]], list[list[int]]]:
    """Game k of size n x n with payoffs 0..high (seeded by size, range and index)."""
    rng = np.random.default_rng([n, high, k])
    return (rng.integers(0, high + 1, (n, n)).tolist(), rng.integers(0, high + 1, (n, n)).tolist())


def _ours_set(answer: dict) -> set:
    return {tuple(tuple(Fraction(p) for p in probs) for probs in e) for e in answer["equilibria"]}


def run(pool: Pool, quick: bool, limit: float, log: Callable[[str], None]) -> list[Row]:
    """Every size and family; a side whose game overran `limit` is recorded as such."""
    rows = []
    for family, high in FAMILIES:
        for n, games in (SIZES_QUICK if quick else SIZES_FULL):
            row = Row(family, n)
            for k in range(games):
                A, B = game(n, high, k)
                answer = pool.solve("ours", [A, B], limit)
                try:
                    theirs, t = lrsnash(A, B, timeout=limit)
                except subprocess.TimeoutExpired:
                    theirs, t = None, INF
                ok = answer.get("ok", False)
                row.ours.append(answer["seconds"] if ok else INF)
                row.theirs.append(t)
                if ok and theirs is not None:
                    mine = _ours_set(answer)
                    row.agree.append(mine == theirs)
                    row.counts.append(str(len(theirs)))
                else:
                    row.notes.append("ours over the limit" if not ok else "lrsnash over the limit")
                log(f"  lrsnash {family} {n}x{n} game {k}: ours {seconds(row.ours[-1])}, "
                    f"lrsnash {seconds(t)}")
            rows.append(row)
    return rows


def report(rows: Sequence[Row], limit: float) -> str:
    """The Markdown table: medians, ratio ours/lrsnash, agreement."""
    body = []
    for r in rows:
        mo, mt = median(r.ours), median(r.theirs)
        ratio = f"{mo / mt:.2f}" if mo < INF and mt < INF else "—"
        same = (f"{sum(r.agree)}/{len(r.agree)} equal" if r.agree else "—")
        body.append([r.family, f"{r.n}x{r.n}", str(len(r.ours)), seconds(mo), seconds(mt), ratio,
                     same, ", ".join(r.counts) or "—", "; ".join(r.notes) or ""])
    return table(["games", "size", "games", "ours (median)", "lrsnash (median)",
                  "ours / lrsnash", "equilibrium sets", "equilibria", "notes"], body)


def section(pool: Pool, quick: bool, limit: float, log: Callable[[str], None]) -> tuple[str, str]:
    """The report section and its summary line."""
    head = ["## Two players: complete enumeration against lrsnash", ""]
    if LRSNASH is None:
        note = "lrsnash is not installed (apt-get install lrslib): section skipped."
        return "\n".join(head + [note]), "lrsnash: " + note
    log("two players against lrsnash")
    rows = run(pool, quick, limit, log)
    text = "\n".join(head + [
        __doc__.split("\n\n", 1)[1].strip(),
        f"Per-game limit {limit:g} s for each side. A ratio below 1 means ours is faster.",
        "",
        report(rows, limit),
    ])
    parts = [f"{r.n}x{r.n} {r.family.split(',')[0].split(' (')[0]}: "
             f"{median(r.ours) / median(r.theirs):.2f}x lrsnash's time"
             for r in rows if median(r.ours) < INF and median(r.theirs) < INF]
    agree = all(all(r.agree) for r in rows)
    return text, ("2 players vs lrsnash (ours/lrsnash, medians): " + "; ".join(parts) +
                  ("; equilibrium sets equal wherever both finished" if agree else
                   "; SETS DIFFER somewhere (see the section)"))
