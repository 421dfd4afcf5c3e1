"""Choosing a solver for a game.

`solve()` drops players with a single strategy (they have no choice to make), sends
2-player games to the exact vertex enumeration and larger ones to exact support
enumeration, and maps the answer back onto the original game.
"""
from __future__ import annotations

import time
from dataclasses import replace
from fractions import Fraction
from typing import Sequence

import numpy as np

from .equilibrium import Component, Equilibrium, EquilibriumSet, make_equilibrium, sort_equilibria
from .errors import GameError, SolverTimeout, TooLargeError
from .model import Game
from .solvers.pure import pure_equilibria
from .solvers.verify import Mixtures, first_failure, integer_mixture, was_checked

METHODS = ("auto", "exact", "pure", "numeric")


def active_players(game: Game) -> list[int]:
    """Players with more than one strategy: the only ones whose choice is in question."""
    return [i for i, k in enumerate(game.shape) if k > 1]


def drop_fixed_players(game: Game, keep: list[int]) -> Game:
    """The game among the players in `keep`, the others held at their only strategy
    (the game itself when every player is kept: what it has computed is reused)."""
    if len(keep) == game.n_players:
        return game
    index = tuple(slice(None) if i in keep else 0 for i in range(game.n_players))
    payoffs = np.stack([game.payoffs[i][index] for i in keep]) if keep else \
        np.empty((0,), dtype=object)
    return Game([game.players[i] for i in keep], payoffs, title=game.title)


def lift(game: Game, keep: list[int], found: EquilibriumSet) -> EquilibriumSet:
    """Map equilibria of the reduced game back to the full game (fixed players play 1)."""
    eqs = []
    for e in found.equilibria:
        it = iter(e.profile)
        profile = tuple(next(it) if i in keep else (Fraction(1),) for i in range(game.n_players))
        if e.exact:
            eqs.append(make_equilibrium(game, profile))
        else:
            eqs.append(Equilibrium(profile, game.expected_payoffs(profile), exact=False,
                                   tolerance=e.tolerance))
    from .solvers.continua import lift_detail
    return replace(found, equilibria=tuple(eqs),
                   components=tuple(replace(c, detail=lift_detail(c.detail, keep,
                                                                  game.n_players))
                                    for c in found.components))


def solve_one_player(game: Game) -> EquilibriumSet:
    """One player choosing alone: its payoff-maximizing strategies, and their hull."""
    u = game.payoffs[0]
    best = max(u)
    winners = [j for j, v in enumerate(u) if v == best]
    from .solvers.two_strategies import check_listing    # 50,000 tied strategies: refused
    check_listing(len(winners), len(winners) * len(u))   # before 2.5e9 probabilities
    eqs = [make_equilibrium(game, game.pure_profile((j,))) for j in winners]
    if len(winners) == 1:
        return EquilibriumSet(eqs, method="single decision maker", complete=True)
    return EquilibriumSet(eqs, method="single decision maker", complete=True, degenerate=True,
                          components=[Component(tuple(range(len(eqs))), description="any "
                                                "mixture of the payoff-maximizing strategies")],
                          notes=["several strategies tie for the best payoff: every mixture "
                                 "of them is an equilibrium"])


def solve(game: Game, method: str = "auto", timeout: float | None = None) -> EquilibriumSet:
    """Every Nash equilibrium of `game` (every extreme one when the game is degenerate).

    method: "auto"/"exact" (exact enumeration), "pure" (pure equilibria only),
    "numeric" (a verified numeric sample for games too large to enumerate).
    The equilibria know the players' names (for str and repr). A bad argument raises
    ScenarioError (games.arguments), before any work.
    """
    from . import arguments
    game = arguments.game(game)
    timeout = arguments.seconds(timeout, "timeout")
    return _solve(game, arguments.method(method), timeout).named(game.players)


def _solve(game: Game, method: str, timeout: float | None) -> EquilibriumSet:
    """The work of `solve`."""
    if method not in METHODS:
        raise GameError(f"unknown method '{method}' (choose from {', '.join(METHODS)})")
    start = time.perf_counter()
    from .solvers.copies import copies_to_merge
    copies = copies_to_merge(game)
    if copies is not None:            # thousands of tied strategies: solved once each
        from .solvers.copies import lift_copies, merged
        result = lift_copies(game, copies, _solve(merged(game, copies), method, timeout))
        _assert_verified(game, result)
        return replace(result, seconds=time.perf_counter() - start)
    if method == "pure":
        return replace(pure_equilibria(game), complete=False).with_notes(
            "pure equilibria only: mixed equilibria were not searched for")
    keep = active_players(game)
    reduced = drop_fixed_players(game, keep)
    if len(keep) == 0:
        return EquilibriumSet([make_equilibrium(game, game.pure_profile(
            tuple(0 for _ in game.shape)))], method="no choices to make",
            seconds=time.perf_counter() - start)
    if len(keep) == 1:
        result = solve_one_player(reduced)
    elif method == "numeric":
        result = _numeric(reduced, timeout)
    elif method == "exact":
        result = _exact(reduced, timeout)
    else:
        result = _exact_or_numeric(reduced, timeout)
    from .solvers.continua import attach_details
    result = attach_details(reduced, result)
    if len(keep) < game.n_players:
        result = lift(game, keep, result)
        dropped = [game.players[i].name for i in range(game.n_players) if i not in keep]
        result = result.with_notes(f"{', '.join(dropped)} "
                                   f"{'has' if len(dropped) == 1 else 'have'} "
                                   "a single strategy and took no part in the solving")
    _assert_verified(game, result)
    return replace(result, equilibria=tuple(_ordered(result)), seconds=time.perf_counter() - start)


def _exact(game: Game, timeout: float | None) -> EquilibriumSet:
    """Exact enumeration: vertex enumeration for 2 players, support enumeration beyond."""
    from .solvers import two_strategies
    if two_strategies.applies(game.shape):      # n x 2: the envelope, O(n log n)
        return two_strategies.solve_two_strategies(game, timeout=timeout)
    from .solvers import tall
    if tall.applies(game.shape):                # n x m, m small: from the small side
        return tall.solve_tall(game, timeout=timeout)
    if game.n_players == 2:
        from .solvers.bimatrix import solve_bimatrix
        return solve_bimatrix(game, timeout=timeout, details=True)
    from .solvers.polynomial import solve_polynomial
    return solve_polynomial(game, timeout=timeout)


# Share of the --timeout budget the exact enumeration may use before the numeric
# fallback takes over; the fallback has the rest, and at least NUMERIC_FLOOR of it.
EXACT_SHARE = 0.6
NUMERIC_FLOOR = 0.2


def _exact_or_numeric(game: Game, timeout: float | None) -> EquilibriumSet:
    """Exact enumeration; when the game is too large for it or the budget runs out,
    every pure equilibrium plus a verified numeric sample of mixed ones, with a note
    that says plainly what was not enumerated."""
    start = time.perf_counter()
    try:
        return _exact(game, None if timeout is None else timeout * EXACT_SHARE)
    except TooLargeError as err:
        check_numeric_size(game.shape, timeout, err.reason)
        why = f"too large for exact enumeration ({err})"
    except SolverTimeout:
        why = f"exact enumeration did not finish within {(timeout or 0) * EXACT_SHARE:.3g} s"
    left = None if timeout is None else max(timeout - (time.perf_counter() - start),
                                              timeout * NUMERIC_FLOOR)
    pure = pure_equilibria(game)
    from .limits import NUMERIC_PAYOFFS, numeric_search_too_large
    if numeric_search_too_large(game.shape):      # (with --timeout: pure ones only)
        result = EquilibriumSet([], method="numeric search (not run: more payoffs than "
                                f"NUMERIC_PAYOFFS, {NUMERIC_PAYOFFS:,})", complete=False)
    else:
        try:
            result = _numeric(game, left, at_least_one=not pure.equilibria)
        except SolverTimeout:
            if not pure.equilibria:
                raise
            result = EquilibriumSet([], method="numeric search (stopped at the time limit)",
                                    complete=False)
    have = result.keys()
    result = replace(result, complete=False, equilibria=result.equilibria + tuple(
        e for e in pure.equilibria if e.key() not in have))
    return result.with_notes(f"Not enumerated: {why}. Shown instead: every pure equilibrium "
                             f"and the mixed ones {_how_found(result)}; there may be others.",
                             first=True)


def check_numeric_size(shape: tuple[int, ...], timeout: float | None, why: str) -> None:
    """Without a time limit, refuse the numeric stand-in of a game whose payoffs are
    beyond limits.NUMERIC_PAYOFFS (`shape`: its strategies, copies merged;
    EnumerationTooLong, the ways forward named); `why` says in a few words why exact
    enumeration was refused (TooLargeError.reason, never parsed from a message). The
    CLI asks before its note on a long enumeration (cli.commands.warn_if_long), the
    API when the enumeration refuses."""
    from .limits import numeric_search_problem
    problem = None if timeout is not None else numeric_search_problem(shape, why)
    if problem is not None:
        from .errors import EnumerationTooLong
        raise EnumerationTooLong(problem)


def _how_found(result: EquilibriumSet) -> str:
    """How the fallback's mixed equilibria were found and checked, truthfully."""
    mixed = result.mixed
    if not mixed:
        return "that the fallback search found (none within the budget)"
    if all(e.exact for e in mixed):
        return f"found by {result.method}, each verified exactly"
    tol = max(e.tolerance or 0.0 for e in mixed if not e.exact)
    return (f"found by {result.method}, numeric ones verified to a tolerance of {tol:.1e} "
            f"(no player gains more than that by deviating)")


def _numeric(game: Game, timeout: float | None, at_least_one: bool = True) -> EquilibriumSet:
    """A verified numeric sample of equilibria for games beyond exact enumeration.

    With `at_least_one` (the promise of --timeout: at least one verified equilibrium),
    a search that the clock stopped before it found anything is run once more without
    the clock, bounded by its counted work limit instead, and a note says the time
    limit was exceeded; SolverTimeout only when even that finds nothing."""
    try:
        return _numeric_search(game, timeout)
    except SolverTimeout:
        from .limits import numeric_search_too_large
        if timeout is None or not at_least_one or numeric_search_too_large(game.shape):
            raise           # (a game beyond NUMERIC_PAYOFFS: no search past the clock)
    return _numeric_search(game, None).with_notes(
        "the time limit ran out before any equilibrium was found; the numeric search went "
        "on past it, bounded by its counted work limit instead, to show at least one")


def _numeric_search(game: Game, timeout: float | None) -> EquilibriumSet:
    """Lemke-Howson for 2 players, QRE tracing and numeric supports beyond."""
    if game.n_players == 2:
        from .solvers.lemke_howson import lemke_howson
        return lemke_howson(game, timeout=timeout)
    from .solvers.polynomial import numeric_equilibrium
    return numeric_equilibrium(game, timeout=timeout)


def _ordered(result: EquilibriumSet) -> Sequence[Equilibrium]:
    """Sort equilibria readably, keeping component member indices valid."""
    if result.components:
        return result.equilibria
    return sort_equilibria(result.equilibria)


def _assert_verified(game: Game, result: EquilibriumSet) -> None:
    """A last exact check of every rational equilibrium (irrational ones are verified
    by the solver that built them): nothing unverified may reach the user. Checked all
    at once (games.solvers.verify.first_failure): each player's best payoff once per
    distinct profile of the others, not once per equilibrium. Equilibria that passed
    the same exact test where they were built, on the integers they were made from
    (verify.mark_checked: the 2-player enumeration's), are not tested twice."""
    known: Mixtures = {}      # each shared tuple read once, here and in the check
    rational = [e.profile for e in result.equilibria
                if e.exact and not was_checked(e)
                and all(integer_mixture(probs, known) is not None for probs in e.profile)]
    reason = first_failure(game, rational, known)
    if reason is not None:
        raise AssertionError(f"internal error: solver returned a non-equilibrium "
                             f"({reason}); please report this game")
