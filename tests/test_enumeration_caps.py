"""Tied square 2-player games beyond what exact enumeration finishes: the default work
limit scales with the size of the walked tableau (`games.limits.enumeration_bases`),
so a tied 30x30 or 60x60 game with 0/1 payoffs ends within seconds and under 1 GB
with a partial answer that says so, instead of a minute (30x30, 1,000,000 bases) or
minutes and gigabytes (60x60: the pending faces were paired without a count after the
cap, and the walk's exact ratio tests compared every candidate at once).

Checked independently: the pure equilibria (every cell where both players best
respond, found here by brute force) are all listed, and every listed equilibrium
passes a deviation check written here. Each run is a subprocess under 1 GB; its CPU
time (children's rusage, which load does not inflate) must stay under CPU_SECONDS.
"""
from __future__ import annotations

import json
import resource
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from games import limits
from tests.test_hostile import analyze

CPU_SECONDS = 20.0      # measured 4.7 s (30x30) and 5.8 s (60x60) on a shared, busy machine
WALL_SECONDS = 40.0     # wall time under the load of several test runs on two cores


def _nfg(a: np.ndarray, b: np.ndarray) -> str:
    m, n = a.shape
    cells = " ".join(f"{a[i, j]} {b[i, j]}" for j in range(n) for i in range(m))
    return f'NFG 1 R "tied" {{ "A" "B" }} {{ {m} {n} }}\n{cells}\n'


def _pure(a: np.ndarray, b: np.ndarray) -> set[tuple[int, int]]:
    return {(i, j) for i in range(a.shape[0]) for j in range(a.shape[1])
            if a[i, j] == a[:, j].max() and b[i, j] == b[i, :].max()}


def _deviation_free(a: np.ndarray, b: np.ndarray, x: list[Fraction], y: list[Fraction]
                    ) -> bool:
    """No pure strategy pays either player more than (x, y) does, in Fractions. Each
    payoff sums over the other's support only (terms at probability 0 add nothing):
    the equilibria of tied games mix few of hundreds of strategies."""
    a_rows, b_cols = a.tolist(), b.T.tolist()
    x_on = [(i, p) for i, p in enumerate(x) if p]
    y_on = [(j, q) for j, q in enumerate(y) if q]
    rows = [sum(int(r[j]) * q for j, q in y_on) for r in a_rows[:len(x)]]
    cols = [sum(int(c[i]) * p for i, p in x_on) for c in b_cols[:len(y)]]
    return (sum(p * v for p, v in zip(x, rows)) == max(rows)
            and sum(q * v for q, v in zip(y, cols)) == max(cols))


@pytest.mark.parametrize("n", [30, 60])
def test_tied_square_game_ends_quickly_with_a_labelled_partial_answer(tmp_path: Path,
                                                                      n: int) -> None:
    rng = np.random.default_rng(n)
    a, b = rng.integers(0, 2, size=(n, n)), rng.integers(0, 2, size=(n, n))
    path = tmp_path / "tied.nfg"
    path.write_text(_nfg(a, b))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = analyze(path, "--format", "json", seconds=WALL_SECONDS)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert proc.returncode == 0, proc.stderr
    assert cpu < CPU_SECONDS, cpu
    doc = json.loads(proc.stdout)
    info = doc["equilibria_info"]
    cap = limits.enumeration_bases(n, n)
    assert cap < limits.ENUMERATION_BASES
    assert not info["complete"]
    assert f"enumeration capped at {cap:,} bases" in info["notes"][0]
    assert "--timeout SECONDS" in info["notes"][0] and "there may be others" in info["notes"][0]
    names = [f"{k + 1}" for k in range(n)]
    listed = []
    for e in doc["equilibria"]:
        x = [Fraction(e["strategies"]["A"].get(s, "0")) for s in names]
        y = [Fraction(e["strategies"]["B"].get(s, "0")) for s in names]
        assert _deviation_free(a, b, x, y)
        if max(x) == 1 and max(y) == 1:
            listed.append((x.index(1), y.index(1)))
    assert set(listed) == _pure(a, b)


def test_the_cap_follows_the_tableau() -> None:
    """Bases times the walked tableau's entries stay within ENUMERATION_ENTRIES, and
    games whose bases are cheap keep the full ENUMERATION_BASES (a random 16x16 game
    visits about 87,000 and is still enumerated in full)."""
    for m, n in [(9, 9), (16, 16), (17, 17), (30, 30), (60, 60), (40, 80), (316, 316)]:
        cap = limits.enumeration_bases(m, n)
        assert 1 <= cap <= limits.ENUMERATION_BASES
        assert cap * min(m, n) * (m + n) <= max(limits.ENUMERATION_ENTRIES,
                                                min(m, n) * (m + n))
    assert limits.enumeration_bases(16, 16) > 87_168 * 2
