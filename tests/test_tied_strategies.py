"""Legal games with tens of thousands of tied strategies end in bounded time and memory
with an exact answer (issue 13): strategies that are exact copies (the same payoffs for
every player against every profile) are merged beyond games.limits.LISTED_COPIES, and
the report says which, how many, and what the merged list stands for.

The answers are compared with independent ones: Gambit's enummixed (test-only oracle)
on the small game of one strategy per class, built here from the class payoffs, and a
brute-force deviation check written here for the API's full-size profiles.
"""
from __future__ import annotations

import itertools
import json
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import games
from games.limits import LISTED_COPIES, MAX_PROFILES
from tests.test_hostile import analyze, write

gbt = pytest.importorskip("pygambit", reason="pygambit (test extra) is the oracle")

SECONDS = 20.0          # measured about 3-6 s on the shared machine; the bound is 10 s
CLASS_A = [[3, 2], [1, 0], [3, 0]]     # A's payoff against (x, y), by class k = index % 3
CLASS_B = [[1, 4], [3, 0], [1, 0]]     # B's payoff


def _classes_yaml(n: int) -> str:
    """A game of n x 2 profiles written compactly: A's strategy s_j pays by class j % 3."""
    names = ", ".join(f"s{j}" for j in range(n))
    lines = [f"scenario: classes\nplayers:\n  A: [{names}]\n  B: [x, y]\neffects:"]
    for k in range(3):
        members = ", ".join(f"s{j}" for j in range(k, n, 3))
        for col, opp in enumerate(("x", "y")):
            lines.append(f"  - when: {{A: [{members}], B: {opp}}}\n"
                         f"    payoffs: {{A: {CLASS_A[k][col]}, B: {CLASS_B[k][col]}}}")
    return "\n".join(lines) + "\n"


def _oracle() -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Gambit's extreme equilibria of the 3 x 2 game of classes."""
    g = gbt.Game.from_arrays(np.array(CLASS_A, dtype=object), np.array(CLASS_B, dtype=object))
    out = set()
    for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        out.add(tuple(tuple(Fraction(str(eq[s])) for s in p.strategies) for p in g.players))
    return out


def _ours(doc: dict) -> set[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """The JSON's equilibria as class probabilities (a representative 's_k (+N copies)'
    is class k)."""
    out = set()
    for e in doc["equilibria"]:
        a = [Fraction(0)] * 3
        for name, p in e["strategies"]["A"].items():
            a[int(name.split()[0][1:]) % 3] += Fraction(p)
        b = tuple(Fraction(e["strategies"]["B"].get(s, "0")) for s in ("x", "y"))
        out.add((tuple(a), b))
    return out


def test_largest_legal_game_of_copies_is_exact_and_bounded(tmp_path: Path) -> None:
    n = MAX_PROFILES // 2                      # 50,000 x 2: the profile limit
    path = write(tmp_path, "classes.yaml", _classes_yaml(n))
    proc = analyze(path, "--format", "json", seconds=SECONDS)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert _ours(doc) == _oracle()
    note = doc["equilibria_info"]["notes"][0]
    assert f"({n - 3:,} copies" in note and "16,656 more (not named here)" in note
    assert "in any proportion" in note
    text = analyze(path, seconds=SECONDS)
    assert text.returncode == 0 and "s0 (+16,666 copies)" in text.stdout
    assert len(text.stdout.splitlines()) < 200         # stated, not listed


def test_all_tied_game_at_the_profile_limit(tmp_path: Path) -> None:
    names = ", ".join(f"s{j}" for j in range(MAX_PROFILES // 2))
    text = f"scenario: tied\nplayers:\n  A: [{names}]\n  B: [x, y]\neffects:\n" \
           "  - payoffs: {A: 1, B: 1}\n"
    proc = analyze(write(tmp_path, "tied.yaml", text), "--format", "json", seconds=SECONDS)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""        # no warning of a long enumeration: the merged game is 1 x 1
    doc = json.loads(proc.stdout)
    assert [e["strategies"] for e in doc["equilibria"]] == \
        [{"A": {"s0 (+49,999 copies)": "1"}, "B": {"x (+1 copy)": "1"}}]
    assert "49,999 copies" in doc["equilibria_info"]["notes"][0]


def _regret(game: games.Game, profile: tuple[tuple[Fraction, ...], ...]) -> Fraction:
    """The largest gain from a pure deviation, by brute force over the profiles."""
    worst = Fraction(0)
    for i in range(game.n_players):
        vals = [Fraction(0)] * game.shape[i]
        for idx in itertools.product(*(range(m) for m in game.shape)):
            w = Fraction(1)
            for k, j in enumerate(idx):
                if k != i:
                    w *= profile[k][j]
            if w:
                vals[idx[i]] += w * game.payoffs[(i, *idx)]
        mine = sum(p * v for p, v in zip(profile[i], vals))
        worst = max(worst, max(vals) - mine)
    return worst


def test_api_lifts_to_full_profiles_and_every_split_is_an_equilibrium(tmp_path: Path) -> None:
    n = 3 * (LISTED_COPIES // 2 + 1)           # just above the limit of listed copies
    game = games.load(write(tmp_path, "c.yaml", _classes_yaml(n)))
    found = games.solve(game)
    assert found.degenerate and "copies" in found.notes[0]
    classes = {(tuple(sum(e.profile[0][j] for j in range(k, n, 3)) for k in range(3)),
                e.profile[1]) for e in found}
    assert classes == _oracle()
    rng = random.Random(13)
    for e in found:
        assert _regret(game, e.profile) == 0
        split = [Fraction(0)] * n
        for j, p in enumerate(e.profile[0]):      # spread each class over its copies
            members = list(range(j % 3, n, 3))
            weights = [Fraction(rng.randint(0, 5)) for _ in members]
            weights[0] += 1
            for m, w in zip(members, weights):
                split[m] += p * w / sum(weights)
        assert sum(split) == 1
        assert _regret(game, (tuple(split), e.profile[1])) == 0


def test_few_copies_are_still_listed_one_by_one(tmp_path: Path) -> None:
    n = 30                                     # 27 copies: listed
    game = games.load(write(tmp_path, "c.yaml", _classes_yaml(n)))
    found = games.solve(game)
    assert not any("copies" in note for note in found.notes)
    assert all(_regret(game, e.profile) == 0 for e in found)


def test_batch_verification_agrees_with_brute_force() -> None:
    """games.solvers.verify.first_failure (one best payoff per distinct profile of the
    others, over their supports) against this file's brute-force regret: on random
    2- and 3-player games, every equilibrium found passes, and random profiles and
    one-step perturbations of equilibria pass exactly when their regret is 0."""
    from games.model import Game
    from games.solvers.verify import first_failure

    rng = random.Random(7)
    for trial in range(30):
        shape = (rng.randint(1, 4), rng.randint(2, 4)) if trial % 2 else (2, 2, rng.randint(2, 3))
        arr = np.array([rng.randint(-3, 3) for _ in range(len(shape) * int(np.prod(shape)))],
                       dtype=object).reshape(len(shape), *shape)
        game = Game.from_array(arr)
        found = [e.profile for e in games.solve(game)
                 if all(isinstance(p, Fraction) for probs in e.profile for p in probs)]
        assert first_failure(game, found) is None
        for _ in range(5):
            profile = []
            for m in shape:
                w = [Fraction(rng.randint(0, 2)) for _ in range(m)]
                w[rng.randrange(m)] += 1
                profile.append(tuple(x / sum(w) for x in w))
            cand = tuple(profile)
            assert (first_failure(game, [cand]) is None) == (_regret(game, cand) == 0)
            assert (first_failure(game, [*found, cand]) is None) == (_regret(game, cand) == 0)
