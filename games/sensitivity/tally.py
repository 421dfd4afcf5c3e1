"""A count out of Monte Carlo draws: its share and the share's Wilson 95% interval,
the row of every Monte Carlo table (supports, predictions, tree structures,
ordinal structures).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Tally:
    """A count out of the draws, its share and the share's Wilson 95% interval: what a
    Monte Carlo table reports for each support, prediction or tree structure."""

    count: int
    share: float
    low: float
    high: float


def tally(count: int, n: int) -> tuple[int, float, float, float]:
    """The fields of a Tally (count, share, low, high) for `count` out of `n` draws."""
    return (count, count / n if n else 0.0, *wilson(count, n))


def wilson(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if n == 0:
        return 0.0, 1.0
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return low, high
