"""The exact no-profitable-deviation check every reported equilibrium passes."""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Iterable, Sequence, cast
from weakref import WeakKeyDictionary, WeakValueDictionary

import numpy as np

from ..payoffs import dense_mixtures, mixture_value, strategy_values
from ..numbers import Exact, played, sign, to_float

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium
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


# equilibria checked exactly where they were built (`mark_checked`), by id; weakly held,
# so an entry goes with its equilibrium (and a reused id names no other object)
_CHECKED: WeakValueDictionary[int, Equilibrium] = WeakValueDictionary()


def mark_checked(equilibria: Iterable[Equilibrium]) -> None:
    """Record equilibria that passed `check_equilibrium`'s exact test where they were
    built, on the very integers their probabilities and payoffs were made from (the
    2-player enumeration: bimatrix._sorted_equilibria), so that `solve`'s final check
    does not compute it again. Only for a test that is this one, exactly."""
    for e in equilibria:
        _CHECKED[id(e)] = e


def was_checked(e: Equilibrium) -> bool:
    """Whether this very equilibrium object passed the exact test where it was built
    (`mark_checked`); equilibria are frozen, so it still holds."""
    return _CHECKED.get(id(e)) is e


def max_regret_float(game: Game, profile: list[list[float]]) -> float:
    """Largest gain any player gets from a pure deviation, in floats (numeric methods)."""
    u = game.float_payoffs
    mixes = dense_mixtures(profile)
    regret = 0.0
    for i in range(game.n_players):
        vals = strategy_values(u, i, mixes)
        regret = max(regret, float(max(vals)) - float(mixture_value(profile[i], vals)))
    return regret


def first_failure(game: Game, profiles: Sequence[tuple[tuple[Exact, ...], ...]],
                  known: Mixtures | None = None) -> str | None:
    """The exact check of `check_equilibrium` on many rational profiles at once, in
    time about linear in their number: each player's payoff from every pure strategy
    is computed once per distinct profile of the others (equilibria of a degenerate
    game share them by the thousand) and only over the others' supports. Returns the
    first failure's reason, or None when every profile is an equilibrium. `known`:
    the mixtures already read (`integer_mixture`), when the caller read them first."""
    cache: dict[tuple, tuple[Exact, tuple[Exact, ...]]] = {}
    rows = integer_rows(game) if game.n_players == 2 else None
    if rows is not None and len(profiles) >= BATCH_FROM and \
            _all_pass(game, profiles, rows, {} if known is None else known):
        return None
    int_cache: dict[tuple, tuple[int, tuple[int, ...]]] = {}
    mixtures: Mixtures = {} if known is None else known
    for profile in profiles:
        if rows is not None:
            ints = [integer_mixture(probs, mixtures) for probs in profile]
            if ints[0] is not None and ints[1] is not None:
                reason = _two_player_failure(game, profile, (ints[0], ints[1]), rows,
                                             int_cache)
                if reason is not None:
                    return reason
                continue
        supports = [tuple((j, probs[j]) for j in played(probs))     # zeros: neither < 0
                    for probs in profile]                           # nor adding anything
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


# a mixture over its common denominator: its support, the numerators there, the
# denominator, its length
IntMixture = tuple[tuple[int, ...], tuple[int, ...], int, int]
# mixtures read, by the id of their tuple (kept with its entry, so its id stays its own)
Mixtures = dict[int, tuple[Sequence[Exact], "IntMixture | None"]]

BATCH_FROM = 8          # 2-player profiles from which they are checked all at once
INT64_PRODUCTS = 1 << 62


def _all_pass(game: Game, profiles: Sequence[tuple[tuple[Exact, ...], ...]],
              rows: tuple[list[list[int]], list[list[int]]], known: Mixtures) -> bool:
    """Whether every 2-player profile passes `_two_player_failure`'s test, decided at
    once in int64 numpy arrays (each distinct mixture a row of numerators over its
    denominator; each player's payoff from every pure strategy against every distinct
    mixture of the other one matrix product): True only when the bound on every
    product and sum keeps them below 2^62 (exact) and every profile passes. False
    sends the profiles to the one-by-one test, which finds the first failure and its
    reason, or passes them where the integers are too large for int64."""
    places: tuple[dict[int, int], dict[int, int]] = ({}, {})
    mixes: tuple[list[IntMixture], list[IntMixture]] = ([], [])
    pairs = []
    for profile in profiles:
        at = []
        for i in (0, 1):
            ints = integer_mixture(profile[i], known)
            if ints is None:
                return False
            got = places[i].get(id(profile[i]))
            if got is None:
                got = places[i][id(profile[i])] = len(mixes[i])
                mixes[i].append(ints)
            at.append(got)
        pairs.append(at)
    top = max(max(map(abs, row), default=0) for side in rows for row in side)
    dens = [max(den for _, _, den, _ in side) for side in mixes]
    shape = game.shape
    if top * dens[0] * dens[1] * max(shape) >= INT64_PRODUCTS:
        return False
    numerators = []
    for i, side in enumerate(mixes):
        where: list[int] = []       # every numerator at once: (mixture, strategy) -> value
        cols_: list[int] = []
        nums_: list[int] = []
        for k, (cols, nums, den, length) in enumerate(side):
            if length != shape[i] or min(nums, default=-1) < 0 or sum(nums) != den:
                return False
            where.extend([k] * len(cols))
            cols_.extend(cols)
            nums_.extend(nums)
        matrix = np.zeros((len(side), shape[i]), dtype=np.int64)
        matrix[where, cols_] = nums_
        numerators.append(matrix)
    which = np.array(pairs, dtype=np.intp)
    for i in (0, 1):
        # values[k, s]: player i's payoff from s against the other's k-th mixture,
        # times its denominator
        values = numerators[1 - i] @ np.array(rows[i], dtype=np.int64).T
        own = which[:, i]
        vs = values[which[:, 1 - i]]
        dens_own = np.array([den for _, _, den, _ in mixes[i]], dtype=np.int64)[own]
        if (vs.max(axis=1) * dens_own > (numerators[i][own] * vs).sum(axis=1)).any():
            return False
    return True


def integer_mixture(probs: Sequence[Exact], known: Mixtures) -> IntMixture | None:
    """A mixture of Fractions over its common denominator (None when some played
    probability is not a Fraction), computed once per distinct tuple: the solvers
    share one tuple per extreme strategy, which many equilibria of a degenerate game
    play (the tuple is kept with its entry, so its id stays its own)."""
    got = known.get(id(probs))
    if got is not None and got[0] is probs:
        return got[1]
    support = [(j, probs[j]) for j in played(probs)]
    out: IntMixture | None = None
    if all(isinstance(p, Fraction) for _, p in support):
        fracs = cast(list[tuple[int, Fraction]], support)
        den = math.lcm(*(p.denominator for _, p in fracs))
        out = (tuple(j for j, _ in fracs),
               tuple(p.numerator * (den // p.denominator) for _, p in fracs), den, len(probs))
    known[id(probs)] = (probs, out)
    return out


def integer_matrix(M: np.ndarray) -> tuple[list[list[int]], int]:
    """A matrix of Fractions times the least common multiple of its denominators, as
    rows of Python integers, and that multiple (numerators scaled: no Fraction
    arithmetic, which cost more than the rest of building a small game's result)."""
    scale = math.lcm(*(x.denominator for x in M.flat))
    return [[x.numerator * (scale // x.denominator) for x in row] for row in M.tolist()], scale


IntMatrix = tuple[list[list[int]], int]       # integer rows and the scale they carry

# per game (weakly held: the entry goes with the game): its payoff array, both players'
# integer matrices and the rows by own strategy; the solver, the final check and the
# description of convex sets each need them, and building them from Fractions cost
# about 30 us a matrix at 8x8 (a few percent of solving such a game)
_INTEGER: WeakKeyDictionary[Game, tuple[np.ndarray, tuple[IntMatrix, IntMatrix],
                                        tuple[list[list[int]], list[list[int]]]]] = \
    WeakKeyDictionary()


def integer_matrices(game: Game) -> tuple[IntMatrix, IntMatrix]:
    """A 2-player game's payoff matrices (rows by player 1's strategy) as
    `integer_matrix` gives them, computed once per game (shared: not to be changed)."""
    return _integer_entry(game)[1]


def integer_rows(game: Game) -> tuple[list[list[int]], list[list[int]]]:
    """A 2-player game's payoffs as integer rows by each player's own strategy (player
    2's transposed), each player's scaled by a positive integer (which no deviation
    test depends on); computed once per game (shared: not to be changed)."""
    return _integer_entry(game)[2]


def _integer_entry(game: Game) -> tuple[np.ndarray, tuple[IntMatrix, IntMatrix],
                                        tuple[list[list[int]], list[list[int]]]]:
    got = _INTEGER.get(game)
    if got is None or got[0] is not game.payoffs:     # (payoffs replaced: built again)
        a, b = (integer_matrix(np.asarray(game.payoffs[i])) for i in (0, 1))
        got = (game.payoffs, (a, b), (a[0], [list(col) for col in zip(*b[0])]))
        _INTEGER[game] = got
    return got


def _two_player_failure(game: Game, profile: tuple[tuple[Exact, ...], ...],
                        ints: tuple[IntMixture, IntMixture],
                        rows: tuple[list[list[int]], list[list[int]]],
                        cache: dict[tuple, tuple[int, tuple[int, ...]]]) -> str | None:
    """`first_failure`'s test of one rational 2-player profile (each mixture over its
    common denominator, `_integer_mixture`) in Python integers: a distribution when
    its numerators are nonnegative and add up to the denominator, the payoffs scaled
    to integers, each player's best value cached per mixture of the other."""
    for i, (_, nums, den, length) in enumerate(ints):
        if length != game.shape[i] or min(nums, default=-1) < 0 or sum(nums) != den:
            return f"player {i + 1}: not a probability distribution"
    for i in (0, 1):
        cols, nums, _, _ = ints[1 - i]
        key = (i, cols, nums)
        if key not in cache:
            values = tuple(sum(row[j] * w for j, w in zip(cols, nums)) for row in rows[i])
            cache[key] = (max(values), values)
        best, values = cache[key]
        own, weights, den, _ = ints[i]
        if best * den > sum(values[j] * w for j, w in zip(own, weights)):
            return f"{game.players[i].name} gains by deviating"
    return None
