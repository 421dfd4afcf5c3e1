"""Expected payoffs, one copy for every number type: Fractions, sympy expressions,
elements of sympy's polynomial rings and fraction fields, Q(alpha) field elements,
and floats.

`strategy_values` is the one computation: the payoff array contracted with each
other player's mixture (numpy's tensordot, which runs in C for float arrays and
calls the numbers' own + and * for object arrays, so the same code is exact on
exact numbers and fast on floats). A mixture is given sparsely, as (strategy index,
probability) pairs, so strategies outside a support cost nothing. The payoff array
`U` has shape (n_players, *shape).
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable, Sequence, TypeVar

import numpy as np

from .numbers import Exact

T = TypeVar("T")
Mixture = Sequence[tuple[int, T]]          # (strategy index, probability) pairs


def strategy_values(U: np.ndarray, player: int, mixes: Sequence[Mixture[T]],
                    lift: Callable[[Exact], T] | None = None) -> list[T]:
    """Player's expected payoff from each of its pure strategies against the others'
    mixtures (`mixes[k]` for player k; the player's own entry is ignored), in the
    number type of the payoffs and probabilities: floats for a float array, exact
    for an object array. `lift` converts the payoffs taken into the probabilities'
    type first (e.g. a Fraction into a sympy Rational)."""
    arr = U[player]
    for k, mix in enumerate(mixes):
        played = [j for j, _ in mix]
        if k != player and played != list(range(arr.shape[k])):   # a full mixture: no copy
            arr = np.take(arr, played, axis=k)
    if lift is not None:
        arr = np.frompyfunc(lift, 1, 1)(arr)
    for k in reversed(range(len(mixes))):       # last axis first: the others keep theirs
        if k == player:
            continue
        probs = np.empty(len(mixes[k]), dtype=arr.dtype)
        probs[:] = [p for _, p in mixes[k]]
        arr = np.tensordot(arr, probs, axes=([k], [0]))
    return list(arr)


def expected_payoff(U: np.ndarray, player: int, strategy: int, mixes: Sequence[Mixture[T]],
                    zero: T, lift: Callable[[Exact], T] | None = None) -> T:
    """Player's expected payoff from pure `strategy` against the others' mixtures
    (`strategy_values` for that strategy alone), in the number type whose zero is
    `zero` (the sum starts there, so an empty mixture gives it)."""
    own = np.take(U, [strategy], axis=player + 1)
    total: T = zero + strategy_values(own, player, mixes, lift)[0]  # type: ignore[operator]
    return total


def dense_mixtures(profile: Sequence[Sequence[T]]) -> list[list[tuple[int, T]]]:
    """A mixed profile (one probability vector per player) as sparse mixtures: the
    strategies played with nonzero probability."""
    return [[(j, p) for j, p in enumerate(probs) if p != 0] for probs in profile]


def mixture_value(probs: Sequence[T], values: Sequence[T]) -> T | Fraction:
    """Expected payoff of a mixture, given each pure strategy's value (exact; the
    strategies it does not play are skipped, so their values may be anything)."""
    total: T | None = None
    for p, v in zip(probs, values):
        if p != 0:
            term: T = p * v                 # type: ignore[operator]
            total = term if total is None else total + term  # type: ignore[operator]
    return Fraction(0) if total is None else total
