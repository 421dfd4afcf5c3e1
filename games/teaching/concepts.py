"""Solution concepts beyond Nash equilibrium, all exact.

- maxmin (security) strategies and values, pure and mixed, for every player; the mixed
  one by the exact LP against the others' joint pure profiles (for 3+ players that is
  the security level against opponents who may coordinate their punishment);
- Pareto efficiency of each equilibrium, checked against every pure outcome and every
  other equilibrium found (not against correlated mixtures of outcomes);
- payoff dominance and Harsanyi-Selten risk dominance (product of deviation losses)
  between the two pure equilibria of a 2x2 game;
- the welfare-maximizing correlated equilibrium, by exact linear programming;
- the value and optimal strategies of a zero-sum (constant-sum) 2-player game;
- the name of a 2x2 game's structure from its ordinal payoffs (Rapoport-Guyer,
  Robinson-Goforth), with ties handled by weak inequalities where the textbook
  definition has them (e.g. the stag hunt's T >= P).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..numbers import Exact, exact_str, sign
from ..solvers.dominance import dominant_strategy, payoff_matrix
from ..solvers.lp import solve_lp

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium, EquilibriumSet
    from ..model import Game

MAX_CORRELATED_PROFILES = 400     # the correlated LP has one variable per profile
MAX_PARETO_LISTED = 5             # dominating outcomes listed per equilibrium


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
class ParetoCheck:
    """Whether equilibrium `index` (from 0) is Pareto efficient: the pure outcomes that
    give every player at least as much and someone more (at most a few listed,
    `outcomes_dominating` counts them all), and the other equilibria that do."""

    index: int
    payoffs: tuple[Exact, ...]
    dominated_by_outcomes: tuple[tuple[int, ...], ...]
    outcomes_dominating: int
    dominated_by_equilibria: tuple[int, ...]

    @property
    def efficient_among_outcomes(self) -> bool:
        """No pure outcome Pareto-dominates this equilibrium."""
        return self.outcomes_dominating == 0

    @property
    def efficient_among_equilibria(self) -> bool:
        """No other equilibrium Pareto-dominates it."""
        return not self.dominated_by_equilibria


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
class Classification:
    """The structure of a 2x2 game.

    `name` is the family ("prisoner's dilemma", "chicken", ..., None when the game has
    no standard name), `variant` a finer ordinal type where one applies ("leader",
    "hero"), `reason` a one-line factual basis. `ranks[r][c]` are the players' ordinal
    ranks of each outcome (1 = worst; equal payoffs share a rank). For symmetric games,
    `labels` gives each player's strategy playing the role of C (the first letter of
    T, R, P, S's convention: R = (C, C), S = (C, D), T = (D, C), P = (D, D)) and of D,
    and `ordering` the payoff order, e.g. "T > R > P > S"."""

    name: str | None
    variant: str
    reason: str
    strictly_ordinal: bool
    symmetric: bool
    ranks: tuple[tuple[tuple[int, int], ...], ...]
    ties: tuple[int, ...]                       # players who rank two outcomes equally
    labels: tuple[tuple[int, int], ...] | None  # per player: (C strategy, D strategy)
    ordering: str | None


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


# -- Pareto ----------------------------------------------------------------------------------

def _weakly_better_everywhere(a: Sequence[Exact], b: Sequence[Exact]) -> bool:
    """a Pareto-dominates b: at least as good for all, better for someone."""
    diffs = [sign(x - y) for x, y in zip(a, b)]
    return all(d >= 0 for d in diffs) and any(d > 0 for d in diffs)


def pareto_checks(game: Game, eqs: Sequence[Equilibrium]) -> tuple[ParetoCheck, ...]:
    """`pareto_check` for every equilibrium, comparing each distinct payoff vector once:
    a tree's reduced form can have thousands of equilibria (extreme points of continua)
    sharing a handful of payoff vectors, and pairwise checks would be quadratic in them."""
    groups: dict[tuple[Exact, ...], list[int]] = {}
    for k, e in enumerate(eqs):
        groups.setdefault(tuple(e.payoffs), []).append(k)
    outcomes = {v: _dominating_profiles(game, v) for v in groups}
    better = {v: [w for w in groups if _weakly_better_everywhere(w, v)] for v in groups}
    out = []
    for k, e in enumerate(eqs):
        v = tuple(e.payoffs)
        others = sorted(j for w in better[v] for j in groups[w])
        out.append(ParetoCheck(k, v, tuple(outcomes[v][:MAX_PARETO_LISTED]), len(outcomes[v]),
                               tuple(others)))
    return tuple(out)


def pareto_check(game: Game, index: int, eqs: Sequence[Equilibrium]) -> ParetoCheck:
    """Pure outcomes and other equilibria that Pareto-dominate equilibrium `index`."""
    e = eqs[index]
    payoffs = tuple(e.payoffs)
    profiles = _dominating_profiles(game, payoffs)
    others = tuple(k for k, f in enumerate(eqs)
                   if k != index and _weakly_better_everywhere(f.payoffs, payoffs))
    return ParetoCheck(index, payoffs, tuple(profiles[:MAX_PARETO_LISTED]), len(profiles),
                       others)


def _dominating_profiles(game: Game, payoffs: tuple[Exact, ...]) -> list[tuple[int, ...]]:
    """Every pure profile whose payoff vector Pareto-dominates `payoffs`."""
    if all(isinstance(v, Fraction) for v in payoffs):
        geq = np.ones(game.shape, dtype=bool)
        gt = np.zeros(game.shape, dtype=bool)
        for i, v in enumerate(payoffs):
            geq &= game.payoffs[i] >= v
            gt |= game.payoffs[i] > v
        return [tuple(int(j) for j in idx) for idx in np.argwhere(geq & gt)]
    return [p for p in game.profiles() if _weakly_better_everywhere(
        [game.payoff(i, p) for i in range(game.n_players)], payoffs)]


# -- payoff and risk dominance ----------------------------------------------------------------

def equilibrium_selection(game: Game) -> EquilibriumSelection | None:
    """Payoff and risk dominance between the two strict pure equilibria of a 2x2 game
    (None when the game does not have exactly two pure equilibria)."""
    from ..solvers.pure import pure_equilibrium_profiles
    pures = pure_equilibrium_profiles(game.payoffs)
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


# -- 2x2 classification ---------------------------------------------------------------------

def ranks(values: Sequence[Fraction]) -> list[int]:
    """Dense ordinal ranks, 1 for the lowest value (equal values share a rank)."""
    distinct = sorted(set(values))
    return [distinct.index(v) + 1 for v in values]


def _relabel(m: np.ndarray, r: int, c: int) -> np.ndarray:
    """A 2x2 matrix with its rows (r) and columns (c) swapped or not."""
    out = m[::-1] if r else m
    return out[:, ::-1] if c else out


def _ordinally_symmetric(a: np.ndarray, b: np.ndarray) -> bool:
    """True when the column player's payoffs rank like the transpose of the row player's."""
    cells = [(i, j) for i in range(2) for j in range(2)]
    return all(sign(a[p] - a[q]) == sign(b[p[::-1]] - b[q[::-1]])
               for p in cells for q in cells)


def name_symmetric(t: Fraction, r: Fraction, p: Fraction, s: Fraction) -> tuple[
        str, str, str] | None:
    """(name, variant, reason) of a symmetric 2x2 game in the T, R, P, S convention
    (R = both C, S = C against D, T = D against C, P = both D), or None when this
    labelling does not fit a named family (the swapped labelling may)."""
    if t > r and p > s:
        if p >= t:
            return ("harmony", "", "D is dominant and (D, D) is both players' best outcome: "
                    "no conflict")
        if r > p:
            return ("prisoner's dilemma", "", "D is dominant for both, yet both prefer "
                    "(C, C) to the equilibrium (D, D): T > R > P and P > S")
        if p > r:
            return ("deadlock", "", "D is dominant and both prefer (D, D) to (C, C): no "
                    "dilemma")
        return None
    if r > t and p > s and r >= p:
        if r == p:
            return ("pure coordination", "", "two equilibria, (C, C) and (D, D), equally "
                    "good: the players only need to match")
        if t >= p:
            return ("stag hunt", "", "two equilibria: (C, C) pays both more, but C is risky "
                    "(R > T >= P > S)")
        return ("coordination", "", "two equilibria, (C, C) better for both than (D, D), "
                "and the better one is also the safer (R > P > T, P > S)")
    if t > r and s > p and t >= s:
        if r > s:
            return ("chicken", "", "each prefers D if the other plays C and C if the other "
                    "plays D, and mutual D is the worst outcome (T > R > S > P)")
        if s > r:
            variant = "leader" if r > p else "hero" if p > r else ""
            return ("battle of the sexes", variant, "two equilibria, (C, D) and (D, C), "
                    "each preferred by a different player; both beat the mismatches "
                    "(T, S > R, P)")
        return None
    return None


def classify_2x2(game: Game) -> Classification:
    """The 2x2 game's family by its ordinal structure (see name_symmetric); asymmetric
    games by their equilibrium and dominance structure."""
    a, b = game.payoffs[0], game.payoffs[1]
    ra, rb = ranks(list(a.flat)), ranks(list(b.flat))
    rank_table = tuple(tuple((ra[2 * i + j], rb[2 * i + j]) for j in range(2))
                       for i in range(2))
    ties = tuple(k for k, rr in enumerate((ra, rb)) if len(set(rr)) < 4)
    strict = not ties
    from ..solvers.pure import pure_equilibrium_profiles
    pures = pure_equilibrium_profiles(game.payoffs)
    if not pures:
        return Classification("cyclic (matching pennies type)", "", "no pure equilibrium: "
                              "the best responses chase each other round the four outcomes, "
                              "so the only equilibrium is mixed", strict, False, rank_table,
                              ties, None, None)
    for r, c in itertools.product((0, 1), repeat=2):
        a2, b2 = _relabel(a, r, c), _relabel(b, r, c)
        if not _ordinally_symmetric(a2, b2):
            continue
        for swap in (False, True):
            R, S, T, P = a2[0, 0], a2[0, 1], a2[1, 0], a2[1, 1]
            if swap:
                R, S, T, P = P, T, S, R
            named = name_symmetric(T, R, P, S)
            if named is None:
                continue
            labels = ((r ^ swap, 1 - (r ^ swap)), (c ^ swap, 1 - (c ^ swap)))
            return Classification(named[0], named[1], named[2], strict, True, rank_table,
                                  ties, labels, _ordering(T, R, P, S))
    symmetric = any(_ordinally_symmetric(_relabel(a, r, c), _relabel(b, r, c))
                    for r, c in itertools.product((0, 1), repeat=2))
    name, reason = _asymmetric_family(game, pures)
    return Classification(name, "", reason, strict, symmetric, rank_table, ties, None, None)


def _ordering(t: Fraction, r: Fraction, p: Fraction, s: Fraction) -> str:
    """'T > R > P > S' (with '=' for ties), highest first."""
    items = sorted([("T", t), ("R", r), ("P", p), ("S", s)], key=lambda kv: -kv[1])
    out = items[0][0]
    for (_, prev), (name, v) in zip(items, items[1:]):
        out += (" = " if v == prev else " > ") + name
    return out


def _asymmetric_family(game: Game, pures: list[tuple[int, ...]]) -> tuple[str | None, str]:
    """A family for a 2x2 game that is not symmetric, from dominance and equilibria."""
    dominant = [_dominant(game, i) for i in range(2)]
    names = game.player_names
    if len(pures) == 1 and all(d is not None for d in dominant):
        e = pures[0]
        better = _dominating_profiles(game, tuple(game.payoff(i, e) for i in range(2)))
        if better:
            return ("prisoner's dilemma (asymmetric)", "both players have a dominant "
                    "strategy, yet another outcome is better for both than the equilibrium")
        return ("dominance solvable, no conflict", "both players have a dominant strategy "
                "and the equilibrium is Pareto efficient")
    if len(pures) == 1 and any(d is not None for d in dominant):
        i = 0 if dominant[0] is not None else 1
        return ("one-sided dominance", f"only {names[i]} has a dominant strategy; "
                f"{names[1 - i]} best-responds to it")
    if len(pures) == 2:
        e, f = pures
        pe = [game.payoff(i, e) for i in range(2)]
        pf = [game.payoff(i, f) for i in range(2)]
        if all(x >= y for x, y in zip(pe, pf)) or all(y >= x for x, y in zip(pe, pf)):
            return ("coordination (asymmetric)", "two pure equilibria, ranked the same way "
                    "by both players")
        return ("battle of the sexes type (asymmetric)", "two pure equilibria, and the "
                "players disagree about which is better")
    return (None, f"{len(pures)} pure equilibria; ties make some player indifferent")


def _dominant(game: Game, player: int) -> int | None:
    """A strictly dominant strategy of `player` in a 2x2 game, or None."""
    return dominant_strategy(game, player)


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
