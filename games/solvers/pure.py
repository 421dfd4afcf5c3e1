"""All pure-strategy Nash equilibria, and best responses, vectorized over profiles."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..equilibrium import Equilibrium, EquilibriumSet, pure_equilibrium

if TYPE_CHECKING:
    from ..model import Game


def best_response_mask(payoffs: np.ndarray) -> np.ndarray:
    """Boolean array (n_players, *shape): is player i's strategy a best response at
    that profile, given the others' strategies? Exact when `payoffs` holds Fractions."""
    n = payoffs.shape[0]
    mask = np.empty(payoffs.shape, dtype=bool)
    for i in range(n):
        best = np.max(payoffs[i], axis=i, keepdims=True)
        mask[i] = payoffs[i] == best
    return mask


def pure_equilibrium_profiles(payoffs: np.ndarray) -> list[tuple[int, ...]]:
    """Profiles at which every player is best-responding, in lexicographic order."""
    mask = best_response_mask(payoffs).all(axis=0)
    return [tuple(int(j) for j in idx) for idx in np.argwhere(mask)]


def pure_equilibria(game: Game) -> EquilibriumSet:
    """Every pure Nash equilibrium of `game`, exact (one vectorized pass)."""
    eqs: list[Equilibrium] = [pure_equilibrium(game, prof)
                              for prof in pure_equilibrium_profiles(game.comparable_payoffs)]
    return EquilibriumSet(eqs, method="pure: best-response intersection", complete=True)
