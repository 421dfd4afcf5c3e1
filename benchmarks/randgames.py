"""Fixed-seed random games with small integer payoffs, shared by every solver.

Small integer payoffs (0..9) give ties, hence degenerate games: the realistic case
for hand-written scenarios, and the hard case for enumeration.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

PAYOFF_HIGH = 9


def game_seed(shape: Sequence[int], k: int) -> int:
    """The seed of the k-th benchmark game of a shape (stable across runs)."""
    code = 0
    for m in shape:
        code = code * 16 + m
    return 100_003 * code + k


def random_payoffs(shape: Sequence[int], k: int, high: int = PAYOFF_HIGH) -> np.ndarray:
    """Integer payoffs in 0..high, array shape (n_players, *shape), for game k."""
    rng = np.random.default_rng(game_seed(shape, k))
    return rng.integers(0, high + 1, size=(len(shape), *shape)).astype(np.int64)


def label(shape: Sequence[int]) -> str:
    """'3x3x2' for a shape."""
    return "x".join(str(m) for m in shape)
