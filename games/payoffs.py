"""Expected payoffs, one copy for every number type: Fractions, sympy expressions,
elements of sympy's polynomial rings and fraction fields, and floats.

A mixture is given sparsely, as (strategy index, probability) pairs, so strategies
outside a support cost nothing. The payoff array `U` has shape (n_players, *shape).
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Callable, Sequence, TypeVar

import numpy as np

T = TypeVar("T")
Mixture = Sequence[tuple[int, Any]]


def expected_payoff(U: np.ndarray, player: int, strategy: int, mixes: Sequence[Mixture],
                    one: T, zero: T, lift: Callable[[Any], Any] | None = None) -> T:
    """Player's expected payoff from pure `strategy` against the others' mixtures
    (`mixes[k]` for player k; the player's own entry is ignored), in the number type
    whose unit and zero are `one` and `zero`. `lift` converts a payoff entry into
    that type first (e.g. a Fraction into a sympy Rational)."""
    lists = [mixes[k] if k != player else [(strategy, one)] for k in range(U.shape[0])]
    total: Any = zero
    for combo in itertools.product(*lists):
        weight: Any = one
        for _, p in combo:
            weight = weight * p
        u = U[(player, *(j for j, _ in combo))]
        total = total + weight * (lift(u) if lift is not None else u)
    return total


def mixture_value(probs: Sequence[Any], values: Sequence[Any]) -> Any:
    """Expected payoff of a mixture, given each pure strategy's value (exact; the
    strategies it does not play are skipped, so their values may be anything)."""
    total: Any = Fraction(0)
    for p, v in zip(probs, values):
        if p != 0:
            total = total + p * v
    return total
