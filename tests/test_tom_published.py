"""Theory of Moves against published counts over Brams' 57 conflict games.

Brams & Ismail, "Farsightedness in games: stabilizing cooperation in international
conflict" (MPRA paper 91370, 2019; SSRN 3313025): a cooperative outcome (at least
next-best, rank 3 or 4, for both players) is not a Nash equilibrium in 19 of the 57
2x2 strict ordinal conflict games (no outcome best for both), including the
Prisoner's Dilemma and Chicken; in 16 of these 19 the cooperative outcome is a
non-myopic equilibrium. Brams & Ismail, Theory and Decision 92 (2022) 3-23: in the
Prisoner's Dilemma both (3,3) and the Nash equilibrium (2,2) are NMEs.

The 57 games are generated here: the 144 strict games up to relabelling strategies and
swapping the players (78 classes), without an outcome ranked 4 by both.
"""
from __future__ import annotations

import itertools

import numpy as np

from games.ordinal.tom import non_myopic_equilibria

CELLS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def _canonical(g: np.ndarray) -> tuple[int, ...]:
    forms = []
    for h in (g, np.stack([g[1].T, g[0].T])):
        for r, c in itertools.product((0, 1), repeat=2):
            forms.append(tuple(int(x) for x in h[:, [r, 1 - r], :][:, :, [c, 1 - c]].flat))
    return min(forms)


def _conflict_games() -> list[np.ndarray]:
    classes: dict[tuple[int, ...], np.ndarray] = {}
    for a in itertools.permutations((1, 2, 3, 4)):
        for b in itertools.permutations((1, 2, 3, 4)):
            g = np.array([np.reshape(a, (2, 2)), np.reshape(b, (2, 2))])
            classes.setdefault(_canonical(g), g)
    assert len(classes) == 78
    return [g for g in classes.values() if not any(g[0][s] == g[1][s] == 4 for s in CELLS)]


def _nash(g: np.ndarray, s: tuple[int, int]) -> bool:
    r, c = s
    return bool(g[0][r, c] > g[0][1 - r, c] and g[1][r, c] > g[1][r, 1 - c])


def test_brams_ismail_counts_over_the_57_conflict_games():
    games = _conflict_games()
    assert len(games) == 57
    not_nash = stabilised = 0
    for g in games:
        coop = [s for s in CELLS if g[0][s] >= 3 and g[1][s] >= 3 and not _nash(g, s)]
        if coop:
            not_nash += 1
            nme = set(non_myopic_equilibria(g))
            stabilised += all(s in nme for s in coop)
    assert (not_nash, stabilised) == (19, 16)


def test_prisoners_dilemma_both_outcomes_non_myopic():
    pd = np.array([[[3, 1], [4, 2]], [[3, 4], [1, 2]]])     # rows/columns: C, D
    assert set(non_myopic_equilibria(pd)) == {(0, 0), (1, 1)}


def test_brams_ismail_45_conflict_games_have_a_cooperative_outcome():
    """Brams & Ismail, Theory and Decision 92 (2022) 3-23, abstract: 45 of the 57 conflict
    games have a cooperative outcome (rank 3 or 4 for both). The paper's statement about
    how many of these are NMEs uses its revised rules of play, not the 1994 rules
    implemented here, so it is not checked."""
    games = _conflict_games()
    with_cooperative = [g for g in games
                        if any(g[0][s] >= 3 and g[1][s] >= 3 for s in CELLS)]
    assert len(with_cooperative) == 45
