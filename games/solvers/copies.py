"""Strategies that are exact copies of one another, merged.

Two strategies of a player are copies when every player gets the same payoff from
them against every profile of the others. Copies change nothing but how a player's
probability is split: the equilibria of a game are exactly those of the game with
one strategy per class of copies (the class's first strategy, its representative),
with the representative's probability split among its copies in any proportion.
The same holds for dominance (a mixture of copies pays as any one of them).

A legal game may declare tens of thousands of strategies that tie exactly (a
compact file through `effects:`); listing every equilibrium of such a game is
quadratic or worse (each split is an extreme point of a continuum), so beyond
`games.limits.LISTED_COPIES` copies the analysis runs on the merged game and says
so, naming the copies. Finding the classes is one hash per strategy: linear in the
number of profiles.
"""
from __future__ import annotations

import math
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from ..equilibrium import Equilibrium, EquilibriumSet, make_equilibrium
from ..limits import LISTED_COPIES, LISTED_EXTREME_POINTS, NAMES_IN_A_NOTE
from ..model import Game


@dataclass(frozen=True)
class Copies:
    """The classes of copies of each player's strategies (each class sorted; its
    first strategy represents it), in the order of their representatives."""

    classes: tuple[tuple[tuple[int, ...], ...], ...]

    @property
    def count(self) -> int:
        """How many strategies are copies of an earlier one (0: none)."""
        return sum(len(c) - 1 for player in self.classes for c in player)

    @property
    def keep(self) -> tuple[tuple[int, ...], ...]:
        """The representatives, per player: the strategies of the merged game."""
        return tuple(tuple(c[0] for c in player) for player in self.classes)

    def played(self, equilibria: Iterable[Equilibrium]) -> bool:
        """Whether an equilibrium of the merged game plays a strategy that has copies
        (then splitting its probability gives a continuum: the game is degenerate)."""
        return any(p != 0 and len(self.classes[i][k]) > 1 for e in equilibria
                   for i, probs in enumerate(e.profile) for k, p in enumerate(probs))


def find_copies(game: Game) -> Copies:
    """The classes of copies of every player's strategies (one pass over the payoffs):
    grouped by their float rows first (equal payoffs have equal floats), then split
    exactly by the game's comparable integers (or, when they do not fit, integer codes of
    the exact payoffs, `_exact_codes`), so no Fraction is hashed or compared one by one
    (five players of ten tied strategies: 3.2 s to 0.1 s)."""
    exact = game.comparable_payoffs if game.comparable_payoffs.dtype == np.int64 else \
        _exact_codes(game.payoffs)
    out = []
    for i in range(game.n_players):
        rows = np.moveaxis(exact, i + 1, 0).reshape(game.shape[i], -1)
        floats = np.moveaxis(game.float_payoffs, i + 1, 0).reshape(game.shape[i], -1)
        near: dict[bytes, list[list[int]]] = {}
        classes: list[list[int]] = []
        for j in range(game.shape[i]):
            group = near.setdefault(floats[j].tobytes(), [])
            same = next((c for c in group if np.array_equal(rows[c[0]], rows[j])), None)
            if same is None:
                same = []
                group.append(same)
                classes.append(same)
            same.append(j)
        out.append(tuple(tuple(c) for c in classes))
    return Copies(tuple(out))


def _exact_codes(payoffs: np.ndarray) -> np.ndarray:
    """Each exact payoff as an int64 code, equal codes for equal payoffs (numerator and
    denominator pairs in lowest terms, looked up in one dict: no Fraction hashed or
    compared): for games whose comparable view does not fit in int64."""
    flat = payoffs.ravel()
    codes: dict[tuple[int, int], int] = {}
    return np.fromiter((codes.setdefault((v.numerator, v.denominator), len(codes))
                        for v in flat), dtype=np.int64, count=flat.size).reshape(payoffs.shape)


_FOUND: "weakref.WeakKeyDictionary[Game, Copies | None]" = weakref.WeakKeyDictionary()


def copies_to_merge(game: Game) -> Copies | None:
    """The copies of `game` when the analysis runs on the merged game, else None (every
    equilibrium is listed): more than LISTED_COPIES copies, or any copies in a game of
    three or more players and more than LISTED_EXTREME_POINTS pure profiles (whose
    continua have no statement as sets beyond a listing: five players of ten tied
    strategies made 10,000 pure equilibria, checked one by one for minutes).
    Remembered per game (the cost note, `analyze` and `solve` all ask)."""
    many = sum(game.shape) - game.n_players > LISTED_COPIES
    multiplying = game.n_players >= 3 and math.prod(game.shape) > LISTED_EXTREME_POINTS
    if not many and not multiplying:
        return None
    if game not in _FOUND:
        found = find_copies(game)
        _FOUND[game] = found if found.count > LISTED_COPIES or (
            multiplying and found.count) else None
    return _FOUND[game]


def merged(game: Game, copies: Copies, renamed: bool = False) -> Game:
    """The game with one strategy per class of copies (its representative); with
    `renamed`, a representative with copies is called 'name (+N copies)', so that
    every table and sentence of a report on the merged game says what it stands for."""
    sub = game.restrict(copies.keep)
    if not renamed:
        return sub
    players = []
    for player, classes in zip(sub.players, copies.classes):
        taken = set(player.strategy_names)
        strategies = []
        for s, c in zip(player.strategies, classes):
            name = s.name
            if len(c) > 1:
                name = f"{s.name} (+{len(c) - 1:,} {'copy' if len(c) == 2 else 'copies'})"
                while name in taken:            # never two strategies shown alike
                    name += "'"
                taken.add(name)
            strategies.append(replace(s, name=name))
        players.append(replace(player, strategies=tuple(strategies)))
    return Game(players, sub.payoffs, title=sub.title, description=sub.description,
                parameters=sub.parameters, values=sub.values)


def copies_note(game: Game, copies: Copies) -> str:
    """The exact statement of what merging leaves out, naming the copies (a long list
    is cut, and says how many were not named)."""
    parts = []
    for i, player in enumerate(game.players):
        for c in copies.classes[i]:
            if len(c) > 1:
                names = [player.strategies[j].name for j in c[1:]]
                shown = ", ".join(names[:NAMES_IN_A_NOTE])
                if len(names) > NAMES_IN_A_NOTE:
                    shown += f" and {len(names) - NAMES_IN_A_NOTE:,} more (not named here)"
                parts.append(f"{player.name}'s {player.strategies[c[0]].name} has "
                             f"{len(names):,} {'copy' if len(names) == 1 else 'copies'} "
                             f"({shown})")
    why = (f"more than the {LISTED_COPIES:,} listed one by one" if copies.count > LISTED_COPIES
           else f"in a game of {len(game.shape)} players and more than "
                f"{LISTED_EXTREME_POINTS:,} pure profiles, where each split among copies "
                "would be listed as an extreme equilibrium of its own")
    return (f"Strategies with exactly the same payoffs for every player against every "
            f"profile ({copies.count:,} copies, {why}) are merged into their first: "
            f"{'; '.join(parts)}. The equilibria "
            f"shown play only that first strategy; every split of its probability among "
            f"it and its copies, in any proportion, is an equilibrium too, with the same "
            f"payoffs, and there are no others. Dominance treats the copies alike.")


def lift_copies(game: Game, copies: Copies, found: EquilibriumSet) -> EquilibriumSet:
    """Equilibria of the merged game stated in `game`: each representative keeps its
    class's probability (an equilibrium of `game`, checked exactly by `solve`); the
    components' pieces are relabelled; the note says what the copies add."""
    from .continua import relabel, replace_pieces

    keep = copies.keep
    eqs = []
    for e in found.equilibria:
        profile = tuple(_spread(probs, keep[i], game.shape[i]) for i, probs in enumerate(e.profile))
        eqs.append(make_equilibrium(game, profile) if e.exact else
                   replace(e, profile=profile))
    comps = tuple(replace(c, detail=None if c.detail is None else replace_pieces(
        c.detail, tuple(relabel(p, keep) for p in c.detail.pieces))) for c in found.components)
    note = copies_note(game, copies)
    if any(c.unlisted for c in comps):      # sets stated with their extreme points counted
        note += (" The extreme points counted for the sets stated are the merged game's "
                 "(each split among copies adds more).")
    return replace(found, equilibria=tuple(eqs), components=comps,
                   degenerate=found.degenerate or copies.played(found.equilibria)).with_notes(
        note, first=True)


def _spread(probs: tuple, keep: tuple[int, ...], size: int) -> tuple:
    """A merged player's probabilities placed on its representatives among `size`."""
    out: list = [Fraction(0)] * size
    for j, p in zip(keep, probs):
        out[j] = p
    return tuple(out)
