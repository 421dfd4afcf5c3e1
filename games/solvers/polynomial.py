"""Every Nash equilibrium of an N-player game, exactly: support enumeration with
polynomial indifference systems solved over Q.

Support profiles are visited small and balanced first (Porter, Nudelman and
Shoham, 2008). A profile is skipped when a support strategy is conditionally
dominated given the others' supports (weakly against every pure profile of them and
strictly against one: exact, from the payoff signs), or, with three or more players
mixing, when an LP relaxation proves it (relaxation.py over the whole simplex, then
box_relaxation.py on bisected boxes of probabilities; exact integer certificates), or
when a rigorous interval test (boxes.py) shows on bisected boxes that the
indifference system has no solution in the simplex that beats every outside strategy.
Surviving systems are solved exactly (support_solver.py): a Fraction linear solve when
at most two players mix, else a lex Groebner basis over Q, real roots of the
eliminant and back-substitution in the number field Q(alpha) (zero_dim.py).
Every reported point passes an exact deviation check. Positive-dimensional
solution sets are reported as components with verified sample points.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import replace
from math import prod
from typing import TYPE_CHECKING, Iterator, Sequence

import numpy as np

from ..budget import Budget, active, spend_active
from ..equilibrium import Equilibrium, EquilibriumSet, sort_equilibria
from ..errors import SolverTimeout, TooLargeError
from .support_solver import SupportSolver
from .support_system import Support

if TYPE_CHECKING:
    from ..model import Game

MAX_SUPPORT_PROFILES = 200_000      # above this (after dominance), exact enumeration refuses
NUMERIC_SUPPORTS = 20_000           # support profiles the numeric search tries, without
QRE_SHARE = 0.5                     # --timeout; with one, logit tracing may use this share


def solve_polynomial(game: Game, timeout: float | None = None) -> EquilibriumSet:
    """Every equilibrium of an N-player game, exact, when the set is finite; non-isolated
    solution sets are reported as components with verified sample points."""
    start = time.perf_counter()
    deadline = None if timeout is None else start + timeout
    keep = _undominated(game)
    sub = game.restrict(keep) if any(len(k) < m for k, m in zip(keep, game.shape)) else game
    count = prod(2 ** len(k) - 1 for k in keep)
    if count > MAX_SUPPORT_PROFILES:
        why = f"{count:,} support profiles remain after removing dominated strategies"
        raise TooLargeError(
            f"{why}, too many for exact enumeration; the numeric method (--method numeric) "
            "finds a sample of equilibria instead", reason=why)
    solver = SupportSolver(game, sub, keep, deadline)
    budget = Budget.after(timeout, "the polynomial solver")
    try:
        with active(budget):
            for supports in support_profiles(sub.shape):
                budget.spend(task="exact enumeration: support profiles", total=count)
                solver.check_time()
                if solver.pruned(supports):
                    continue
                solver.solve(supports)
    except KeyboardInterrupt:       # Ctrl-C: keep what is established, marked incomplete
        return _interrupted(solver, budget.work, count, time.perf_counter() - start)
    return solver.result(time.perf_counter() - start)


def _interrupted(solver: SupportSolver, tried: int, count: int, seconds: float
                 ) -> EquilibriumSet:
    """The equilibria found before Ctrl-C, marked incomplete and interrupted."""
    solver.complete = False
    out = solver.result(seconds)
    return replace(out, interrupted=True).with_notes(
        f"interrupted (Ctrl-C) after {max(tried - 1, 0):,} of {count:,} support profiles: "
        "the equilibria listed were found and verified before the interruption; there may "
        "be others", first=True)


def support_profile_count(game: Game) -> int:
    """How many support profiles exact enumeration examines at most (after removing
    strictly dominated strategies): its cost, known before it starts."""
    return prod(2 ** len(k) - 1 for k in _undominated(game))


def numeric_equilibrium(game: Game, timeout: float | None = None) -> EquilibriumSet:
    """At least one equilibrium of a game too large for enumeration: the end of the
    logit QRE branch (qre.py), then support enumeration (small supports first) with a
    numeric solve of each system for more; each point exact when it can be rebuilt and
    verified exactly, else numeric with its regret as the stated tolerance."""
    from .qre import qre_equilibrium

    start = time.perf_counter()
    deadline = None if timeout is None else start + timeout
    found: list[Equilibrium] = []
    traced = qre_equilibrium(game, deadline=None if timeout is None else
                             start + timeout * QRE_SHARE)
    if traced is not None:
        found.append(traced)
    keep = _undominated(game)
    sub = game.restrict(keep) if any(len(k) < m for k, m in zip(keep, game.shape)) else game
    solver = SupportSolver(game, sub, keep, deadline)
    more: list[Equilibrium] = []
    # without --timeout the search is bounded by work, so every machine finds the same
    budget = Budget.after(None if deadline is None else deadline - time.perf_counter(),
                          "the numeric search",
                          max_work=NUMERIC_SUPPORTS if timeout is None else None)
    capped = ""
    try:
        with active(budget):
            _numeric_sweep(solver, sub.shape, more)
    except SolverTimeout as exc:
        capped = str(exc)
    found += [e for e in more if not any(_same_point(e, f) for f in found)]
    if not found:
        raise SolverTimeout("no equilibrium found numerically")
    exact = all(e.exact for e in found)
    return EquilibriumSet(sort_equilibria(found), method="logit QRE tracing and numeric "
                          "support enumeration", complete=False, exact=exact,
                          seconds=time.perf_counter() - start,
                          notes=["a sample of equilibria found numerically, not an "
                                 "enumeration of all" + (f" ({capped})" if capped else "")])


def _same_point(a: Equilibrium, b: Equilibrium) -> bool:
    """The same equilibrium, exactly or (for numeric ones) within 1e-9."""
    if a.exact and b.exact:
        return a.key() == b.key()
    return all(abs(x - y) <= 1e-9 for pa, pb in zip(a.float_profile(), b.float_profile())
               for x, y in zip(pa, pb))


def _numeric_sweep(solver: "SupportSolver", shape: Sequence[int], found: list[Equilibrium]) -> None:
    """Support profiles, smallest first, solved numerically until the first size class
    that yields an equilibrium is done (found grows in place, kept on a timeout)."""
    size_class = None
    for supports in support_profiles(shape):
        spend_active(task="numeric search: support profiles")
        solver.check_time()
        size = sum(len(s) for s in supports)
        if found and size != size_class:
            return
        if solver.pruned(supports):
            continue
        eq = solver.numeric_point(supports)
        if eq is not None:
            found.append(eq)
            size_class = size


def support_profiles(shape: Sequence[int]) -> Iterator[Support]:
    """Every support profile, smallest total size first, then most balanced first."""
    sizes = sorted(itertools.product(*(range(1, m + 1) for m in shape)),
                   key=lambda ks: (sum(ks), max(ks) - min(ks), ks))
    for ks in sizes:
        yield from itertools.product(*(itertools.combinations(range(m), k)
                                       for m, k in zip(shape, ks)))


def _undominated(game: Game) -> list[list[int]]:
    """Strategies surviving iterated strict dominance by pure strategies (exact)."""
    keep = [list(range(m)) for m in game.shape]
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            if len(keep[i]) == 1:
                continue
            arr = game.payoffs[i][np.ix_(*keep)]
            rows = np.moveaxis(arr, i, 0).reshape(len(keep[i]), -1)
            for a in range(len(keep[i])):
                if any(all(x > y for x, y in zip(rows[b], rows[a]))
                       for b in range(len(keep[i])) if b != a):
                    del keep[i][a]
                    changed = True
                    break
    return keep
