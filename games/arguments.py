"""Arguments of the public API checked at the entry point, as our own errors.

The Python API promises to raise only the documented error types (games.errors). A
wrong type, a NaN or an infinite time, a negative count or one beyond a declared limit
(games.limits) would otherwise travel into numpy, sympy or Fraction arithmetic and come
back as a TypeError, an IndexError, a MemoryError after minutes, or worse, a wrong
answer. Each check here turns such a value into one ScenarioError that names the
argument and what is accepted, before any work starts. Names given by the caller are
shown through games.literal.visible, so a message never carries an escape sequence.
"""
from __future__ import annotations

import math
import os
from collections.abc import Sequence
from numbers import Integral, Rational, Real
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .errors import ScenarioError
from .literal import visible

if TYPE_CHECKING:
    import numpy as np

    from .model import Game, MixedProfile


def shown(value: object, limit: int = 60) -> str:
    """A caller's value as a short literal text for a message (huge integers, long
    texts and control characters made harmless)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not replace our message
        text = f"<{type(value).__name__}>"
    text = visible(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def game(value: object, what: str = "game") -> Game:
    """`value` if it is a Game (games.load, Game.from_matrices, ...)."""
    from .model import Game
    if not isinstance(value, Game):
        raise ScenarioError(f"{what}: a games.Game is needed (games.load, "
                            f"Game.from_matrices), not {type(value).__name__} {shown(value)}")
    return value


def count(value: object, what: str, low: int, high: int, unit: str = "") -> int:
    """An integer within [low, high] (not a bool, not a float)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ScenarioError(f"{what} must be a whole number, not {type(value).__name__} "
                            f"{shown(value)}")
    number = int(value)
    if number < low:
        raise ScenarioError(f"{what} must be at least {low:,} (got {shown(number)})")
    if number > high:
        raise ScenarioError(f"{what} {shown(number)} is above the limit of {high:,}"
                            + (f" {unit}" if unit else ""))
    return number


def optional_count(value: object, what: str, low: int, high: int,
                   unit: str = "") -> int | None:
    """None, or a count as for `count`."""
    return None if value is None else count(value, what, low, high, unit)


def seconds(value: object, what: str, zero_ok: bool = False) -> float | None:
    """None (no limit) or a positive, finite number of seconds, at most a week (0 too
    when `zero_ok`: no time at all, so nothing is analysed)."""
    from .limits import MAX_TIMEOUT
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ScenarioError(f"{what} must be a number of seconds, not "
                            f"{type(value).__name__} {shown(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero_ok):
        raise ScenarioError(f"{what} must be a positive, finite number of seconds (got "
                            f"{shown(value)}); give None for no time limit")
    if number > MAX_TIMEOUT:
        raise ScenarioError(f"{what} {number:g} is above the limit of {MAX_TIMEOUT:,.0f} s "
                            "(a week); give None for no time limit")
    return number


def seed(value: object) -> int | None:
    """None (fresh randomness) or an integer seed numpy accepts."""
    from .limits import MAX_SEED
    return optional_count(value, "seed", 0, MAX_SEED)


def name(value: object, what: str) -> str:
    """A name given as a string (a parameter, a method)."""
    if not isinstance(value, str):
        raise ScenarioError(f"{what} must be a name (a string), not {type(value).__name__} "
                            f"{shown(value)}")
    return value


def path(value: object) -> Path:
    """A file name: a str or os.PathLike naming a path without NUL characters."""
    if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)):
        raise ScenarioError(f"a file name (str or pathlib.Path) is needed, not "
                            f"{type(value).__name__} {shown(value)}")
    text = os.fspath(value)
    if not isinstance(text, str) or "\x00" in text:
        raise ScenarioError(f"not a usable file name: {shown(text)}")
    return Path(text)


def text(value: object, what: str) -> str:
    """The text of a file given as a string (parse_nfg, parse_efg)."""
    if not isinstance(value, str):
        raise ScenarioError(f"{what}: the file's text is needed as a str, not "
                            f"{type(value).__name__} {shown(value)}")
    return value


def pure_profile(g: Game, player: object, profile: object) -> tuple[int, tuple[int, ...]]:
    """A player index and a pure profile (one strategy index per player) of `g`."""
    i = count(player, "player", 0, g.n_players - 1)
    if not isinstance(profile, Sequence) or isinstance(profile, str) \
            or len(profile) != g.n_players:
        raise ScenarioError(f"a pure profile has one strategy index per player "
                            f"({g.n_players}), not {shown(profile)}")
    return i, tuple(count(s, f"strategy of {visible(p.name)}", 0, k - 1)
                    for s, p, k in zip(profile, g.players, g.shape))


def mixed_profile(g: Game, profile: object) -> MixedProfile:
    """A mixed profile of `g`: per player, one exact probability per strategy, each
    at least 0, summing to 1 (numbers read by games.building.exact_input)."""
    from .building import exact_input
    from .errors import GameError
    if not isinstance(profile, Sequence) or isinstance(profile, str) \
            or len(profile) != g.n_players:
        raise ScenarioError(f"a mixed profile has one list of probabilities per player "
                            f"({g.n_players}), not {shown(profile)}")
    out = []
    for p, k, row in zip(g.players, g.shape, profile):
        who = visible(p.name)
        if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != k:
            raise ScenarioError(f"the mixture of {who} needs {k} probabilities, not "
                                f"{shown(row)}")
        if all(getattr(x, "is_number", False) for x in row):    # sympy numbers (radicals)
            probs: list[object] = list(row)
        else:
            try:
                probs = [exact_input(x, f"a probability of {who}") for x in row]
            except GameError as err:
                raise ScenarioError(str(err)) from None
        if any(bool(x < 0) for x in probs) or sum(probs) != 1:  # type: ignore[operator,arg-type]
            raise ScenarioError(f"the mixture of {who} is not a probability distribution "
                                f"(each at least 0, summing to 1): {shown(row)}")
        out.append(tuple(probs))
    return cast("MixedProfile", tuple(out))


def strategy_subsets(g: Game, keep: object) -> list[list[int]]:
    """For `Game.restrict`: per player, a non-empty list of distinct strategy indices."""
    if not isinstance(keep, Sequence) or isinstance(keep, str) or len(keep) != g.n_players:
        raise ScenarioError(f"restrict needs one list of strategy indices per player "
                            f"({g.n_players}), not {shown(keep)}")
    out = []
    for p, k, ks in zip(g.players, g.shape, keep):
        who = visible(p.name)
        if isinstance(ks, str) or not isinstance(ks, Sequence) or not ks:
            raise ScenarioError(f"restrict: {who} needs a non-empty list of strategy "
                                f"indices, not {shown(ks)}")
        idx = [count(j, f"a strategy index of {who}", 0, k - 1) for j in ks]
        if len(set(idx)) != len(idx):
            raise ScenarioError(f"restrict: a strategy of {who} is listed twice: {idx}")
        out.append(idx)
    return out


def method(value: object) -> str:
    """One of the solver families of games.solve (auto, exact, pure, numeric)."""
    from .solve import METHODS
    if not isinstance(value, str) or value not in METHODS:
        raise ScenarioError(f"unknown method {shown(value)} (choose from "
                            f"{', '.join(METHODS)})")
    return value


def work(value: object, what: str) -> int | None:
    """A work budget in steps (None: no limit), at least 1."""
    from .limits import MAX_SENSITIVITY_STEPS
    return optional_count(value, what, 1, MAX_SENSITIVITY_STEPS, "steps")


def check_ordinal(g: object, samples: object, seed_value: object, budget: object) -> None:
    """The arguments of games.ordinal.ordinal_analysis: a game whose payoffs are ranks,
    a count of cardinal readings (at most the --monte-carlo limit), a seed, seconds."""
    from .limits import MAX_MONTE_CARLO
    from .ordinal.ranks import rank_problem
    checked = game(g)
    count(samples, "samples", 0, MAX_MONTE_CARLO, "cardinal readings")
    seed(seed_value)
    seconds(budget, "budget")
    problem = rank_problem(checked.payoffs, [visible(p.name) for p in checked.players])
    if problem is not None:
        raise ScenarioError(f"not a ranked game: {problem.message}", hint=problem.hint)


def parameter(scenario: object, value: object) -> str:
    """The name of one of `scenario`'s parameters (shown literally when unknown)."""
    from .errors import did_you_mean
    known = list(getattr(scenario, "parameters", {}))
    if not isinstance(value, str) or value not in known:
        hint = did_you_mean(value, known) if isinstance(value, str) else None
        raise ScenarioError(f"unknown parameter {shown(value)} (the parameters are: "
                            f"{', '.join(visible(k) for k in known) or 'none'})",
                            hint=hint and visible(hint))
    return value


def parameter_names(value: object, what: str) -> tuple[object, ...]:
    """A list of parameter names (a string is refused: it would be read letter by
    letter)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ScenarioError(f"{what} takes a list of parameter names, not {shown(value)}")
    return tuple(value)


def sweep_steps(value: object, dimensions: int) -> int:
    """Grid points per swept parameter: at most as many cells as the largest 2-D map
    (games.limits.MAX_SWEEP_CELLS; the command's --steps has its own, lower limit)."""
    from .limits import MAX_SWEEP_CELLS
    high = MAX_SWEEP_CELLS if dimensions == 1 else math.isqrt(MAX_SWEEP_CELLS)
    return count(value, "steps", 2, high, "grid points per parameter")


def values(value: object) -> dict[str, object]:
    """Parameter overrides: a mapping from parameter names (strings) to values (None:
    none)."""
    from collections.abc import Mapping
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ScenarioError(f"values: a mapping from parameter names to values is needed "
                            f"(e.g. {{'crash_cost': 5}}), not {shown(value)}")
    for key in value:
        if not isinstance(key, str):
            raise ScenarioError(f"values: parameter names are strings, not {shown(key)}")
    return dict(value)


def rank_array(value: object, what: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Ranks as an integer array (whole numbers from 1), of `shape` when given, else
    of shape (n_players, k_1, ..., k_n) (the lower-level functions of games.ordinal)."""
    import numpy as np
    try:
        arr = np.array(value, dtype=object)
    except ValueError:
        arr = None
    if arr is None or arr.ndim == 0 or arr.size == 0 or (
            shape is not None and arr.shape != shape) or (
            shape is None and arr.shape[0] != arr.ndim - 1):
        want = "x".join(map(str, shape)) if shape else "(n_players, k_1, ..., k_n)"
        raise ScenarioError(f"{what}: ranks of shape {want} are needed, not {shown(value)}")
    out = np.empty(arr.shape, dtype=int)
    for idx in np.ndindex(*arr.shape):
        x = arr[idx]
        if isinstance(x, bool) or not isinstance(x, Rational) or x.denominator != 1 \
                or not 1 <= x <= 10 ** 6:
            raise ScenarioError(f"{what}: a rank is a whole number from 1, not {shown(x)}")
        out[idx] = int(x)
    return out
