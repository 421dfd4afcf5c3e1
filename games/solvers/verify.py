"""The exact no-profitable-deviation check every reported equilibrium passes."""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence, cast

import numpy as np

from ..payoffs import dense_mixtures, mixture_value, strategy_values
from ..numbers import Exact, played, sign, to_float

if TYPE_CHECKING:
    from ..model import Game


@dataclass(frozen=True)
class Verification:
    """Outcome of a deviation check: `ok`, and the largest gain from deviating."""

    ok: bool
    max_regret: Exact
    reason: str = ""


def check_equilibrium(game: Game, profile: tuple[tuple[Exact, ...], ...]) -> Verification:
    """Exactly check that `profile` is a Nash equilibrium of `game`.

    Each vector must be a probability distribution, and no pure strategy may earn
    more than the player's expected payoff against the others.
    """
    worst: Exact = Fraction(0)
    for i, probs in enumerate(profile):
        if len(probs) != game.shape[i]:
            return Verification(False, Fraction(0), f"player {i + 1}: wrong length")
        if any(sign(p) < 0 for p in probs):
            return Verification(False, Fraction(0), f"player {i + 1}: negative probability")
        total = sum(probs, Fraction(0))
        if sign(total - 1) != 0:
            return Verification(False, Fraction(0), f"player {i + 1}: probabilities sum to {total}")
    for i in range(game.n_players):
        vals = game.strategy_values(i, profile)
        current = mixture_value(profile[i], vals)
        for j, v in enumerate(vals):
            gain = v - current
            if sign(gain) > 0:
                name = game.players[i].strategies[j].name
                return Verification(False, gain,
                                    f"{game.players[i].name} gains by switching to {name}")
            if to_float(gain) > to_float(worst):
                worst = gain
    return Verification(True, worst)


def max_regret_float(game: Game, profile: list[list[float]]) -> float:
    """Largest gain any player gets from a pure deviation, in floats (numeric methods)."""
    u = game.float_payoffs
    mixes = dense_mixtures(profile)
    regret = 0.0
    for i in range(game.n_players):
        vals = strategy_values(u, i, mixes)
        regret = max(regret, float(max(vals)) - float(mixture_value(profile[i], vals)))
    return regret


def first_failure(game: Game, profiles: Sequence[tuple[tuple[Exact, ...], ...]]
                  ) -> str | None:
    """The exact check of `check_equilibrium` on many rational profiles at once, in
    time about linear in their number: each player's payoff from every pure strategy
    is computed once per distinct profile of the others (equilibria of a degenerate
    game share them by the thousand) and only over the others' supports. Returns the
    first failure's reason, or None when every profile is an equilibrium."""
    cache: dict[tuple, tuple[Exact, tuple[Exact, ...]]] = {}
    rows = integer_rows(game) if game.n_players == 2 else None
    int_cache: dict[tuple, tuple[int, tuple[int, ...]]] = {}
    for profile in profiles:
        supports = [tuple((j, probs[j]) for j in played(probs))     # zeros: neither < 0
                    for probs in profile]                           # nor adding anything
        if rows is not None and all(isinstance(p, Fraction)
                                    for support in supports for _, p in support):
            reason = _two_player_failure(game, profile, cast(Rational, supports), rows,
                                         int_cache)
            if reason is not None:
                return reason
            continue
        for i, (probs, support) in enumerate(zip(profile, supports)):
            if len(probs) != game.shape[i] or any(p < 0 for _, p in support) or \
                    sum(p for _, p in support) != 1:
                return f"player {i + 1}: not a probability distribution"
        for i in range(game.n_players):
            key = (i, *supports[:i], *supports[i + 1:])
            if key not in cache:
                values = tuple(strategy_values(game.payoffs, i, supports))
                cache[key] = (max(values), values)
            best, values = cache[key]
            mine = sum((p * values[j] for j, p in supports[i]), Fraction(0))
            if best > mine:
                return f"{game.players[i].name} gains by deviating"
    return None


def integer_matrix(M: np.ndarray) -> tuple[list[list[int]], int]:
    """A matrix of Fractions times the least common multiple of its denominators, as
    rows of Python integers, and that multiple (numerators scaled: no Fraction
    arithmetic, which cost more than the rest of building a small game's result)."""
    scale = math.lcm(*(x.denominator for x in M.flat))
    return [[x.numerator * (scale // x.denominator) for x in row] for row in M.tolist()], scale


def integer_rows(game: Game) -> tuple[list[list[int]], list[list[int]]]:
    """A 2-player game's payoffs as integer rows by each player's own strategy (player
    2's transposed), each player's scaled by a positive integer (which no deviation
    test depends on)."""
    return (integer_matrix(np.asarray(game.payoffs[0]))[0],
            integer_matrix(np.asarray(game.payoffs[1]).T)[0])


Rational = list[tuple[tuple[int, Fraction], ...]]     # (strategy, probability) per player


def _two_player_failure(game: Game, profile: tuple[tuple[Exact, ...], ...],
                        supports: Rational, rows: tuple[list[list[int]], list[list[int]]],
                        cache: dict[tuple, tuple[int, tuple[int, ...]]]) -> str | None:
    """`first_failure`'s test of one rational 2-player profile (given with its
    supports) in Python integers: each mixture over its common denominator (a
    distribution when its numerators are nonnegative and add up to it), the payoffs
    scaled to integers, each player's best value cached per profile of the other."""
    ints = []
    for i, support in enumerate(supports):
        den = math.lcm(*(p.denominator for _, p in support))
        nums = tuple(p.numerator * (den // p.denominator) for _, p in support)
        if len(profile[i]) != game.shape[i] or min(nums, default=-1) < 0 or sum(nums) != den:
            return f"player {i + 1}: not a probability distribution"
        ints.append((tuple(j for j, _ in support), nums, den))
    for i in (0, 1):
        cols, nums, _ = ints[1 - i]
        key = (i, cols, nums)
        if key not in cache:
            values = tuple(sum(row[j] * w for j, w in zip(cols, nums)) for row in rows[i])
            cache[key] = (max(values), values)
        best, values = cache[key]
        own, weights, den = ints[i]
        if best * den > sum(values[j] * w for j, w in zip(own, weights)):
            return f"{game.players[i].name} gains by deviating"
    return None
