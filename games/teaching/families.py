"""The name of a 2x2 game's structure from its ordinal payoffs: the symmetric
families in the T, R, P, S convention (prisoner's dilemma, chicken, stag hunt,
battle of the sexes, ...), with ties handled by weak inequalities where the
textbook definition has them (the stag hunt's T >= P), and asymmetric games by
their dominance and equilibrium structure.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..numbers import sign
from ..solvers.dominance import dominant_strategy
from .pareto import dominating_profiles

if TYPE_CHECKING:
    from ..model import Game


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
    pures = pure_equilibrium_profiles(game.comparable_payoffs)
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
    dominant = [dominant_strategy(game, i) for i in range(2)]
    names = game.player_names
    if len(pures) == 1 and all(d is not None for d in dominant):
        e = pures[0]
        better = dominating_profiles(game, tuple(game.payoff(i, e) for i in range(2)))
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

