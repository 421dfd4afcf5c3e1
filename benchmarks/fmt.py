"""Formatting helpers for the Markdown report: durations, ratios, tables."""
from __future__ import annotations

import math
import statistics
from typing import Sequence

INF = math.inf


def seconds(x: float) -> str:
    """A duration with a unit that keeps 2-3 significant digits."""
    if x == INF:
        return "—"
    if x < 1e-3:
        return f"{x * 1e6:.0f} µs"
    if x < 1:
        return f"{x * 1e3:.3g} ms"
    return f"{x:.3g} s"


def median(xs: Sequence[float]) -> float:
    """Median, with timeouts counted as +inf (so half or more timed out gives inf)."""
    return statistics.median(sorted(xs)) if xs else INF


def ratio(theirs: float, ours: float) -> str:
    """theirs / ours as '12.3x' (how many times longer the other tool takes)."""
    if ours == INF or ours <= 0:
        return "—"
    if theirs == INF:
        return "—"
    r = theirs / ours
    return f"{r:.3g}x"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 equilibrium', '3 equilibria': a number with its noun in the right form."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
