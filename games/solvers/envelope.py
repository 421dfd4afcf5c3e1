"""The upper envelope of lines over [0, 1]: a player's best responses when the other
player has two strategies and mixes them with probability q on the first.

Strategy i earns the line second[i] + q * (first[i] - second[i]); the envelope is
found by one sort by slope and one pass (the convex hull trick), then cut to [0, 1].
Its *corners* are q = 0, q = 1 and the breakpoints inside; at each, every strategy
whose line passes through it is a best response. Lines that only touch the envelope
at a corner are found by a binary search on the slopes (the envelope minus a line is
convex, least where the envelope's slope passes the line's).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from ..numbers import ZERO

ONE = Fraction(1)
Line = tuple[Fraction, Fraction]            # (slope, intercept) of a payoff line in q


@dataclass(frozen=True)
class Corner:
    """A corner of the many player's upper envelope: the pair player's q, the many
    player's best payoff there, and its tied best responses T(q)."""

    q: Fraction
    value: Fraction
    tied: tuple[int, ...]


def corners(first: Sequence[Fraction], second: Sequence[Fraction]) -> list[Corner]:
    """The corners of the upper envelope over q in [0, 1] of the lines
    second[i] + q * (first[i] - second[i]), in increasing q, each with every strategy
    whose line passes through it."""
    lines: dict[Line, list[int]] = {}
    for i, (a, b) in enumerate(zip(first, second)):
        lines.setdefault((a - b, b), []).append(i)
    hull = _upper_hull(sorted(lines))
    segments: list[tuple[Fraction, Fraction, Line]] = []
    for k, line in enumerate(hull):
        lo = ZERO if k == 0 else max(ZERO, _cross(hull[k - 1], line))
        hi = ONE if k == len(hull) - 1 else min(ONE, _cross(line, hull[k + 1]))
        if lo < hi:
            segments.append((lo, hi, line))
    qs = [ZERO] + [hi for _, hi, _ in segments]
    on = [segments[min(t, len(segments) - 1)][2] for t in range(len(qs))]
    values = [c + s * q for q, (s, c) in zip(qs, on)]
    slopes = [line[0] for _, _, line in segments]
    where = {line: t for t, (_, _, line) in enumerate(segments)}
    tied: list[list[int]] = [[] for _ in qs]
    for line, rows in lines.items():
        if line in where:
            t = where[line]
            tied[t].extend(rows)
            tied[t + 1].extend(rows)
            continue
        t = bisect_left(slopes, line[0])     # where the envelope minus this line is least
        if line[1] + line[0] * qs[t] == values[t]:
            tied[t].extend(rows)
    return [Corner(q, v, tuple(sorted(rows))) for q, v, rows in zip(qs, values, tied)]


def _upper_hull(lines: list[Line]) -> list[Line]:
    """The lines (sorted by slope, then intercept) strictly on top somewhere, over
    all real q, in increasing slope."""
    out: list[Line] = []
    for line in lines:
        if out and out[-1][0] == line[0]:
            out.pop()                        # same slope, lower intercept
        while len(out) >= 2 and _cross(out[-2], out[-1]) >= _cross(out[-1], line):
            out.pop()
        out.append(line)
    return out


def _cross(a: Line, b: Line) -> Fraction:
    """Where two lines of different slopes meet."""
    return (a[1] - b[1]) / (b[0] - a[0])


def best_somewhere_inside(found: Sequence[Corner]) -> frozenset[int]:
    """The strategies that are a best response at some q strictly between 0 and 1 (to
    a belief of full support): those tied at an inner corner, and those on a segment
    of the envelope (tied at two corners)."""
    seen: set[int] = set()
    out: set[int] = set()
    for t, c in enumerate(found):
        inner = 0 < t < len(found) - 1
        for i in c.tied:
            if inner or i in seen:
                out.add(i)
            seen.add(i)
    return frozenset(out)
