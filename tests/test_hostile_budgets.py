"""Legal but large input whose work had no bound up front (issue 13): a random game of
5 players of 10 strategies (its numeric stand-in for exact enumeration ran for
minutes, and its text report drew 1,000 payoff tables), and `--method numeric` on a
tree whose reduced form is 256 x 256 (past 100 s). Each runs `analyze` in a
subprocess under the bound of tests/test_hostile.py (processor time under SECONDS,
1 GB; tests/test_hostile_ties.bounded): one line naming
the limit (exit 2), or a partial answer marked partial and checked here against a
brute force written in the test. The inputs are generated here.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tests.test_hostile import refused, write
from tests.test_hostile_large import _per_outcome, chance_tree
from tests.test_hostile_ties import bounded


def _write_nfg(path: Path, u: np.ndarray) -> None:
    """u[i, s1, ..., sn] as a Gambit .nfg payoff list (player 1's strategy fastest)."""
    n = u.shape[0]
    rows = u.transpose(0, *range(n, 0, -1)).reshape(n, -1).T
    names = " ".join(f'"P{i + 1}"' for i in range(n))
    dims = " ".join(str(m) for m in u.shape[1:])
    path.write_text(f'NFG 1 R "random" {{ {names} }} {{ {dims} }}\n\n'
                    + " ".join(map(str, rows.ravel().tolist())) + "\n")


def _random_five_by_ten() -> np.ndarray:
    """5 players of 10 strategies, payoffs drawn without ties (a permutation of
    0 .. 499,999: every payoff different)."""
    rng = np.random.default_rng(13)
    return rng.permutation(5 * 10 ** 5).reshape((5,) + (10,) * 5)


def _pure_equilibria(u: np.ndarray) -> set[tuple[int, ...]]:
    """Every pure equilibrium, by brute force: each player's payoff is its maximum over
    its own strategies, the others fixed."""
    ok = np.ones(u.shape[1:], dtype=bool)
    for i in range(u.shape[0]):
        ok &= u[i] == u[i].max(axis=i, keepdims=True)
    return {tuple(int(v) for v in p) for p in np.argwhere(ok)}


def test_five_players_of_ten_strategies_refused_up_front(tmp_path: Path) -> None:
    """Without --timeout: exit 2, one line naming the support profiles, the limit on
    the numeric search (NUMERIC_PAYOFFS) and the ways forward, before any search."""
    path = tmp_path / "r5.nfg"
    _write_nfg(path, _random_five_by_ten())
    refused(path, "--no-sensitivity",
            words=("exact enumeration refused", "support profiles", "NUMERIC_PAYOFFS",
                   "500,000", "--timeout SECONDS", "--method pure"))


def test_five_players_of_ten_strategies_with_a_timeout_is_partial(tmp_path: Path) -> None:
    """With --timeout: within the bound, marked partial, and what it lists is exactly
    the game's pure equilibria (brute force here)."""
    u = _random_five_by_ten()
    path = tmp_path / "r5.nfg"
    _write_nfg(path, u)
    proc = bounded(path, "--no-sensitivity", "--timeout", "3", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["equilibria_info"]["complete"] is False
    assert "NUMERIC_PAYOFFS" in doc["equilibria_info"]["method"]
    found = set()
    for eq in doc["equilibria"]:            # strategies named 1..10, each played as {"k": "1"}
        assert eq["kind"] == "pure"
        found.add(tuple(int(next(iter(eq["strategies"][f"P{i + 1}"]))) - 1 for i in range(5)))
    assert found == _pure_equilibria(u)


def test_five_players_of_ten_strategies_text_report_is_bounded(tmp_path: Path) -> None:
    """The text report of the same run draws the first SHOWN_PAYOFF_TABLES of its 1,000
    payoff tables (all of them took 21 s) and says so."""
    path = tmp_path / "r5.nfg"
    _write_nfg(path, _random_five_by_ten())
    proc = bounded(path, "--no-sensitivity", "--timeout", "3")
    assert proc.returncode == 0, proc.stderr
    assert "The first 20 of 1,000 tables are shown" in " ".join(proc.stdout.split())
    assert "This list is not a complete enumeration." in proc.stdout


def test_numeric_method_on_a_large_tree_form_is_bounded(tmp_path: Path) -> None:
    """`--method numeric` on a chance move of 8 outcomes (a 256 x 256 reduced form:
    Lemke-Howson in exact fractions ran past 100 s) is bounded like the exact path:
    every pure Nash equilibrium of the reduced form (counted here outcome by outcome
    by brute force), marked incomplete, with the note naming the limit."""
    path = write(tmp_path, "g.yaml", chance_tree(8))
    proc = bounded(path, "--method", "numeric", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    nash = 1
    for i in range(8):
        nash *= _per_outcome(i)[0]
    assert len(doc["equilibria"]) == nash and doc["equilibria_info"]["complete"] is False
    assert all(e["kind"] == "pure" for e in doc["equilibria"])
    assert any("(256 x 256) is larger than" in n and "(the limit)" in n
               for n in doc["equilibria_info"]["notes"])
