"""Solution concepts beyond Nash equilibrium, all exact.

- maxmin (security) strategies and values, pure and mixed, for every player; the mixed
  one by the exact LP against the others' joint pure profiles (for 3+ players that is
  the security level against opponents who may coordinate their punishment);
- Pareto efficiency of each equilibrium, checked against every pure outcome and every
  other equilibrium found (not against correlated mixtures of outcomes): pareto.py;
- payoff dominance and Harsanyi-Selten risk dominance (product of deviation losses)
  between the two pure equilibria of a 2x2 game;
- the welfare-maximizing correlated equilibrium, by exact linear programming;
- the value and optimal strategies of a zero-sum (constant-sum) 2-player game;
- the name of a 2x2 game's structure from its ordinal payoffs (Rapoport-Guyer,
  Robinson-Goforth), with ties handled by weak inequalities where the textbook
  definition has them (e.g. the stag hunt's T >= P): families.py.

This module gathers them (`concepts`) and holds the LP-based ones and their JSON.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..numbers import exact_str
from ..solvers.dominance import payoff_matrix
from ..solvers.lp import solve_lp
from .families import Classification, classify_2x2
from .pareto import ParetoCheck, pareto_checks

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from ..model import Game

MAX_CORRELATED_PROFILES = 400     # the correlated LP has one variable per profile


@dataclass(frozen=True)
class Maxmin:
    """`player`'s security level: the best worst-case payoff with a pure strategy
    (`pure_strategies` attain `pure_value`) and with a mixed one (`mixed`, value
    `mixed_value`), the worst case taken over the others' pure profiles."""

    player: int
    pure_strategies: tuple[int, ...]
    pure_value: Fraction
    mixed: tuple[Fraction, ...]
    mixed_value: Fraction


@dataclass(frozen=True)
class EquilibriumSelection:
    """Payoff and risk dominance between the two pure equilibria of a 2x2 game.

    `losses[k]` are the two players' losses from deviating alone from `equilibria[k]`;
    `products[k]` their product (Harsanyi-Selten). `risk_dominant` is the equilibrium
    with the larger product (None on a tie); `payoff_dominant` the one strictly better
    for both players (None when neither is)."""

    equilibria: tuple[tuple[int, ...], tuple[int, ...]]
    payoffs: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    losses: tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]
    products: tuple[Fraction, Fraction]
    payoff_dominant: tuple[int, ...] | None
    risk_dominant: tuple[int, ...] | None


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A welfare-maximizing correlated equilibrium: probability of each recommended
    profile (zero ones left out), the players' expected payoffs and their sum."""

    distribution: tuple[tuple[tuple[int, ...], Fraction], ...]
    payoffs: tuple[Fraction, ...]
    welfare: Fraction


@dataclass(frozen=True)
class ZeroSum:
    """A constant-sum 2-player game: payoffs always add up to `constant`; `value` is
    what player 1 can guarantee (player 2 gets constant - value), `strategies` the
    players' optimal (maxmin) mixed strategies."""

    constant: Fraction
    value: Fraction
    strategies: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


@dataclass(frozen=True)
class Concepts:
    """Every further solution concept that applies to the game."""

    maxmin: tuple[Maxmin, ...]
    pareto: tuple[ParetoCheck, ...]
    selection: EquilibriumSelection | None
    correlated: CorrelatedEquilibrium | None
    zero_sum: ZeroSum | None
    classification: Classification | None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self, game: Game) -> dict:
        """JSON form: names for strategies, exact strings for numbers."""
        return concepts_dict(game, self)


# -- the whole set -----------------------------------------------------------------------

def concepts(game: Game, equilibria: EquilibriumSet) -> Concepts:
    """Every further concept for `game`, given its equilibria (an EquilibriumSet)."""
    notes: list[str] = []
    eqs = [e for e in equilibria.equilibria]
    correlated = None
    if int(np.prod(game.shape)) <= MAX_CORRELATED_PROFILES:
        correlated = correlated_equilibrium(game)
    else:
        notes.append(f"correlated equilibrium skipped: more than {MAX_CORRELATED_PROFILES} "
                     "profiles")
    two_by_two = game.shape == (2, 2)
    return Concepts(
        maxmin=tuple(maxmin(game, i) for i in range(game.n_players)),
        pareto=pareto_checks(game, eqs),
        selection=equilibrium_selection(game) if two_by_two else None,
        correlated=correlated,
        zero_sum=zero_sum(game) if game.n_players == 2 else None,
        classification=classify_2x2(game) if two_by_two else None,
        notes=tuple(notes))


# -- maxmin ---------------------------------------------------------------------------------

def maxmin(game: Game, player: int) -> Maxmin:
    """Pure and mixed security strategies and values of one player."""
    u = payoff_matrix(game, player)
    worst = [min(row) for row in u]
    best = max(worst)
    mixed, value = mixed_maxmin(u)
    return Maxmin(player, tuple(k for k, w in enumerate(worst) if w == best), best,
                  mixed, value)


def mixed_maxmin(u: np.ndarray) -> tuple[tuple[Fraction, ...], Fraction]:
    """max_x min_t sum_k x_k u[k, t] by the exact LP: maximise v subject to
    v <= x.u[:, t] for every column t, x a distribution."""
    k, m = u.shape
    c = [Fraction(0)] * k + [Fraction(1)]
    a_ub = [[-u[s, t] for s in range(k)] + [Fraction(1)] for t in range(m)]
    b_ub = [Fraction(0)] * m
    a_eq = [[Fraction(1)] * k + [Fraction(0)]]
    res = solve_lp(c, a_ub, b_ub, a_eq, [1], free=[k])
    assert res.optimal and res.x is not None and res.objective is not None
    return tuple(res.x[:k]), res.objective


# -- payoff and risk dominance ----------------------------------------------------------------

def equilibrium_selection(game: Game) -> EquilibriumSelection | None:
    """Payoff and risk dominance between the two strict pure equilibria of a 2x2 game
    (None when the game does not have exactly two pure equilibria)."""
    from ..solvers.pure import pure_equilibrium_profiles
    pures = pure_equilibrium_profiles(game.comparable_payoffs)
    if len(pures) != 2:
        return None
    a, b = pures
    if a[0] == b[0] or a[1] == b[1]:
        return None       # a degenerate pair (one player indifferent): no selection question
    losses = (_deviation_losses(game, a), _deviation_losses(game, b))
    products = (losses[0][0] * losses[0][1], losses[1][0] * losses[1][1])
    pay = (tuple(game.payoff(i, a) for i in range(2)), tuple(game.payoff(i, b) for i in range(2)))
    payoff_dominant = None
    if all(x > y for x, y in zip(pay[0], pay[1])):
        payoff_dominant = a
    elif all(y > x for x, y in zip(pay[0], pay[1])):
        payoff_dominant = b
    risk = a if products[0] > products[1] else b if products[1] > products[0] else None
    return EquilibriumSelection((a, b), pay, losses, products, payoff_dominant, risk)


def _deviation_losses(game: Game, e: tuple[int, ...]) -> tuple[Fraction, Fraction]:
    """What each player loses by deviating alone from the pure profile e (2x2)."""
    r, c = e
    return (game.payoff(0, e) - game.payoff(0, (1 - r, c)),
            game.payoff(1, e) - game.payoff(1, (r, 1 - c)))


# -- correlated equilibrium --------------------------------------------------------------------

def correlated_equilibrium(game: Game) -> CorrelatedEquilibrium:
    """The welfare-maximizing correlated equilibrium, by exact LP over the distribution
    x on pure profiles: for every player i and strategies a != a', following the
    recommendation a is at least as good as switching to a':
        sum_{t} x(a, t) (u_i(a, t) - u_i(a', t)) >= 0,
    x >= 0, sum x = 1; maximise the expected sum of payoffs."""
    profiles = list(game.profiles())
    pos = {p: k for k, p in enumerate(profiles)}
    n = len(profiles)
    a_ub: list[list[Fraction]] = []
    for i in range(game.n_players):
        for a, alt in itertools.permutations(range(game.shape[i]), 2):
            row = [Fraction(0)] * n
            for p in profiles:
                if p[i] != a:
                    continue
                q = list(p)
                q[i] = alt
                row[pos[p]] = game.payoff(i, tuple(q)) - game.payoff(i, p)
            a_ub.append(row)
    c = [sum((game.payoff(i, p) for i in range(game.n_players)), Fraction(0))
         for p in profiles]
    res = solve_lp(c, a_ub or None, [Fraction(0)] * len(a_ub) if a_ub else None,
                   [[Fraction(1)] * n], [1])
    assert res.optimal and res.x is not None and res.objective is not None
    dist = tuple((p, x) for p, x in zip(profiles, res.x) if x != 0)
    payoffs = tuple(sum((x * game.payoff(i, p) for p, x in dist), Fraction(0))
                    for i in range(game.n_players))
    return CorrelatedEquilibrium(dist, payoffs, res.objective)


# -- zero-sum ----------------------------------------------------------------------------------

def zero_sum(game: Game) -> ZeroSum | None:
    """Value and optimal strategies when the two players' payoffs have a constant sum."""
    total = game.payoffs[0] + game.payoffs[1]
    constant = total.flat[0]
    if not all(v == constant for v in total.flat):
        return None
    x, value = mixed_maxmin(payoff_matrix(game, 0))
    y, _ = mixed_maxmin(payoff_matrix(game, 1))
    return ZeroSum(constant, value, (x, y))


# -- JSON -----------------------------------------------------------------------------------

def concepts_dict(game: Game, c: Concepts) -> dict:
    """Concepts as JSON-ready data."""
    names = game.player_names

    def strat(i: int, j: int) -> str:
        return game.players[i].strategies[j].name

    def prof(p: tuple[int, ...]) -> dict:
        return {names[i]: strat(i, s) for i, s in enumerate(p)}

    def mix(i: int, probs: Sequence[Fraction]) -> dict:
        return {strat(i, j): exact_str(p) for j, p in enumerate(probs) if p != 0}

    out: dict[str, Any] = {
        "maxmin": [{"player": names[m.player],
                    "pure": {"strategies": [strat(m.player, s) for s in m.pure_strategies],
                             "value": exact_str(m.pure_value)},
                    "mixed": {"strategy": mix(m.player, m.mixed),
                              "value": exact_str(m.mixed_value)}} for m in c.maxmin],
        "pareto": [{"equilibrium": p.index + 1,
                    "efficient_among_outcomes": p.efficient_among_outcomes,
                    "efficient_among_equilibria": p.efficient_among_equilibria,
                    "dominated_by_outcomes": [prof(q) for q in p.dominated_by_outcomes],
                    "dominated_by_equilibria": [k + 1 for k in p.dominated_by_equilibria]}
                   for p in c.pareto],
        "notes": list(c.notes),
    }
    if c.selection is not None:
        s = c.selection
        out["selection"] = {
            "equilibria": [prof(e) for e in s.equilibria],
            "deviation_losses": [[exact_str(x) for x in ls] for ls in s.losses],
            "loss_products": [exact_str(x) for x in s.products],
            "payoff_dominant": prof(s.payoff_dominant) if s.payoff_dominant else None,
            "risk_dominant": prof(s.risk_dominant) if s.risk_dominant else None}
    if c.correlated is not None:
        ce = c.correlated
        out["correlated"] = {
            "distribution": [{"profile": prof(p), "probability": exact_str(x)}
                             for p, x in ce.distribution],
            "payoffs": {n: exact_str(v) for n, v in zip(names, ce.payoffs)},
            "welfare": exact_str(ce.welfare)}
    if c.zero_sum is not None:
        z = c.zero_sum
        out["zero_sum"] = {"constant": exact_str(z.constant), "value": exact_str(z.value),
                           "strategies": {names[i]: mix(i, z.strategies[i]) for i in range(2)}}
    if c.classification is not None:
        k = c.classification
        out["classification"] = {
            "name": k.name, "variant": k.variant, "reason": k.reason,
            "strictly_ordinal": k.strictly_ordinal, "symmetric": k.symmetric,
            "ordering": k.ordering,
            "ranks": [[list(cell) for cell in row] for row in k.ranks]}
    return out
