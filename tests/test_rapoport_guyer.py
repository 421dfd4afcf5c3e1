"""Rapoport–Guyer numbers checked against the published list of the 78 games.

The list (games.ordinal.rapoport_guyer: Rapoport & Guyer 1966 as reproduced by
Albrecht, Christianos & Schäfer 2024, section 11.2) is checked for transcription
errors here (every entry a strict game, 78 distinct classes, the 21 no-conflict games where
the list puts them), and
every one of the 144 strict games is matched to its published number by this test's own
brute-force equivalence (relabelling either player's strategies, swapping the players).
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from games.ordinal.classify import classify
from games.ordinal.rapoport_guyer import PUBLISHED, published_game


# the 21 games with an outcome best for both, as the published list groups them
NO_CONFLICT = {*range(1, 7), *range(22, 31), *range(58, 64)}


def _variants(a: np.ndarray, b: np.ndarray) -> set[tuple[int, ...]]:
    out = set()
    for x, y in ((a, b), (b.T, a.T)):
        for r, c in itertools.product((0, 1), repeat=2):
            xx, yy = x[[r, 1 - r]][:, [c, 1 - c]], y[[r, 1 - r]][:, [c, 1 - c]]
            out.add(tuple(int(v) for v in np.concatenate([xx.flat, yy.flat])))
    return out


def _all_games() -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.reshape(p, (2, 2)), np.reshape(q, (2, 2)))
            for p in itertools.permutations((1, 2, 3, 4))
            for q in itertools.permutations((1, 2, 3, 4))]


def test_published_list_is_78_distinct_strict_games():
    assert sorted(PUBLISHED) == list(range(1, 79))
    seen: set[tuple[int, ...]] = set()
    for number in PUBLISHED:
        a, b = published_game(number)
        assert sorted(a.flat) == [1, 2, 3, 4] and sorted(b.flat) == [1, 2, 3, 4], number
        v = _variants(a, b)
        assert not v & seen, f"game {number} repeats an earlier class"
        seen |= v
        no_conflict = bool(((a == 4) & (b == 4)).any())
        assert no_conflict == (number in NO_CONFLICT), number
    assert len(seen) == 576                  # every labelled game: 144 per player order x 4


def test_every_strict_game_gets_its_published_number():
    number_of = {}
    for number in PUBLISHED:
        for v in _variants(*published_game(number)):
            number_of[v] = number
    checked = 0
    for a, b in _all_games():
        key = tuple(int(x) for x in np.concatenate([a.flat, b.flat]))
        assert classify(a, b).rapoport_guyer == number_of[key]
        checked += 1
    assert checked >= 78        # at least one game per published number


@pytest.mark.parametrize("trsp, number", [
    ((4, 3, 1, 2), 12),     # Prisoner's Dilemma: T > R > P > S
    ((4, 3, 2, 1), 66),     # Chicken: T > R > S > P
    ((4, 2, 3, 1), 68),     # Leader: T > S > R > P
    ((4, 1, 3, 2), 69),     # Hero: T > S > P > R
])
def test_textbook_games_have_their_well_known_numbers(trsp, number):
    """Published numbers quoted throughout the literature (Prisoner's Dilemma 12,
    Chicken 66, Leader 68, Hero 69) agree with the list."""
    t, r, s, p = trsp
    a = np.array([[r, s], [t, p]])
    assert _variants(a, a.T) & _variants(*published_game(number))
    assert classify(a, a.T).rapoport_guyer == number
