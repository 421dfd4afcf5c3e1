"""Large two-player games: Lemke-Howson from every initial label, by exact integer
(fraction-free) pivoting on the best-response polytopes of bimatrix.py. Finds a
sample of equilibria, each checked exactly; not an enumeration.
"""
from __future__ import annotations

import time
from fractions import Fraction
from typing import TYPE_CHECKING

from ..budget import expired
from ..equilibrium import Equilibrium, EquilibriumSet, make_equilibrium, sort_equilibria
from ..errors import SolverTimeout
from .bimatrix import constraint_rows, normalise, payoff_matrices
from .verify import check_equilibrium

if TYPE_CHECKING:
    from ..model import Game

LH_METHOD = "Lemke-Howson from every initial label (exact integer pivoting)"
_LH_MAX_PIVOTS = 1_000_000       # lexicographic pivoting cannot cycle; this only bounds time


def lemke_howson(game: Game, timeout: float | None = None) -> EquilibriumSet:
    """Equilibria found by Lemke-Howson from every initial dropped label: exact
    integer pivoting with lexicographic degeneracy resolution (so no cycling and no
    rounding), each result checked exactly. Not complete: some equilibria, for
    games too large to enumerate. Stops early (keeping what it has) at `timeout`."""
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    A, B = payoff_matrices(game)
    m, n = A.shape
    p_rows, q_rows = constraint_rows(B.T), constraint_rows(A)
    found: dict[tuple, Equilibrium] = {}
    timed_out = False
    for label in range(m + n):
        try:
            x, y = lemke_howson_path(p_rows, q_rows, label, deadline)
        except SolverTimeout:
            timed_out = True
            break
        prof = (normalise(x), normalise(y))
        if prof not in found and check_equilibrium(game, prof).ok:
            found[prof] = make_equilibrium(game, prof)
    if not found:
        raise SolverTimeout(f"Lemke-Howson found no equilibrium within {timeout} s")
    notes = ["Lemke-Howson finds some equilibria (one per initial label), not necessarily all"]
    if timed_out:
        notes.append(f"stopped after {timeout} s; later initial labels not tried")
    return EquilibriumSet(sort_equilibria(list(found.values())), method=LH_METHOD,
                          complete=False, exact=True, notes=notes,
                          seconds=time.monotonic() - start)


def lemke_howson_path(p_rows: list[list[int]], q_rows: list[list[int]], label: int,
                      deadline: float | None = None) -> tuple[list[int], list[int]]:
    """Follow the Lemke-Howson path that drops `label` from the artificial
    equilibrium (0, 0); return integer vectors proportional to x and y."""
    n, m = len(p_rows), len(q_rows)
    # P: B^T x + s = 1, variable v has label v; Q: A y + r = 1, y_j -> m + j, r_i -> i
    tp = _Tableau(p_rows, list(range(m + n)))
    tq = _Tableau(q_rows, [m + j for j in range(n)] + list(range(m)))
    current, other = (tp, tq) if label < m else (tq, tp)
    entering = label
    for _ in range(_LH_MAX_PIVOTS):
        left = current.pivot_in(entering)
        if left == label:
            return tp.point(m), tq.point(n)
        entering = left
        current, other = other, current
        if expired(deadline):
            raise SolverTimeout("Lemke-Howson ran out of time")
    raise SolverTimeout(f"Lemke-Howson path exceeded {_LH_MAX_PIVOTS:,} pivots")


class _Tableau:
    """Integer-pivoting tableau for {z >= 0 : C z + slack = 1}; variables are the d
    coordinates then the r slacks, addressed by their labels."""

    def __init__(self, rows: list[list[int]], labels: list[int]) -> None:
        r, d = len(rows), len(rows[0])
        self.d = d
        self.rows = [row[:] + [int(i == k) for k in range(r)] + [1]
                     for i, row in enumerate(rows)]
        self.basis = [d + i for i in range(r)]
        self.labels = labels
        self.column = {lab: v for v, lab in enumerate(labels)}
        self.prev = 1

    def pivot_in(self, label: int) -> int:
        """Bring the variable with `label` into the basis (lexicographic ratio
        test); return the label of the variable that leaves."""
        c = self.column[label]
        r = self._leaving_row(c)
        piv_row = self.rows[r]
        piv = piv_row[c]
        for i, row in enumerate(self.rows):
            if i != r:
                f = row[c]
                self.rows[i] = [(piv * v - f * w) // self.prev
                                for v, w in zip(row, piv_row)]
        self.prev = piv
        leaving = self.basis[r]
        self.basis[r] = c
        return self.labels[leaving]

    def _leaving_row(self, c: int) -> int:
        """Minimum ratio rhs / a_rc over a_rc > 0, ties broken lexicographically by
        the slack columns (the basis inverse), which makes the path unique."""
        cand = [i for i, row in enumerate(self.rows) if row[c] > 0]
        if not cand:
            raise AssertionError("internal error: unbounded Lemke-Howson ray")
        width = len(self.rows[0])
        for col in [width - 1] + list(range(self.d, width - 1)):
            best = min(Fraction(self.rows[i][col], self.rows[i][c]) for i in cand)
            cand = [i for i in cand if Fraction(self.rows[i][col], self.rows[i][c]) == best]
            if len(cand) == 1:
                return cand[0]
        return cand[0]

    def point(self, d: int) -> list[int]:
        """Integer multiple of the current point's first d coordinates."""
        out = [0] * d
        for row, v in zip(self.rows, self.basis):
            if v < d:
                out[v] = row[-1]
        return out
