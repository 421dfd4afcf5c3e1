"""Every game of the Gambit corpus, read by our .nfg reader, against Gambit's equilibria.

2 players: our extreme equilibria equal enummixed's (exact sets). More players: every
equilibrium enumpoly lists is among ours (to 1e-6), and every one of ours passes the
exact deviation check. The one incomplete entry (a gnm sample, MANIFEST.md) is only
required to be among ours.
"""
from __future__ import annotations

from fractions import Fraction

import pytest

from games.formats.nfg import read_nfg
from games.numbers import to_float
from games.solvers.verify import check_equilibrium, max_regret_float
from tests.corpus import CORPUS, expected, needs_corpus

EXPECTED = expected()
pytestmark = [needs_corpus, pytest.mark.slow]


def _close(ours, theirs, tol=1e-6) -> bool:
    return all(abs(to_float(a) - float(b)) <= tol
               for pa, pb in zip(ours, theirs) for a, b in zip(pa, pb))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_game(name: str) -> None:
    entry = EXPECTED[name]
    game = read_nfg(CORPUS / name)
    assert list(game.shape) == entry["shape"]
    result = game.equilibria()
    ours = [e.profile for e in result.equilibria]
    for e in result.equilibria:
        if all(isinstance(p, Fraction) for probs in e.profile for p in probs):
            assert check_equilibrium(game, e.profile).ok
        else:   # irrational: verified exactly by the solver; re-checked here in floats
            assert max_regret_float(game, e.float_profile()) < 1e-9
    best = entry["best"]
    theirs = [eq["profile"] for eq in best["equilibria"]]
    if best["exact"]:
        want = {tuple(tuple(Fraction(p) for p in probs) for probs in prof) for prof in theirs}
        got = {tuple(tuple(Fraction(p) for p in probs) for probs in prof) for prof in ours}
        assert got == want
    else:
        for prof in theirs:
            assert any(_close(o, prof) for o in ours), f"Gambit's {prof} not found"
    pure_want = {tuple(tuple(Fraction(p) for p in probs) for probs in eq["profile"])
                 for eq in entry["enumpure"]["equilibria"]}
    pure_got = {tuple(tuple(Fraction(p) for p in probs) for probs in e.profile)
                for e in result.equilibria if e.kind == "pure"}
    if not result.degenerate:
        assert pure_got == pure_want
    else:
        assert pure_want <= {tuple(tuple(Fraction(p) for p in probs) for probs in e.profile)
                             for e in game.pure_equilibria()}
