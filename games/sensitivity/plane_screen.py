"""Which support profiles of a 2-player parametric game can carry an equilibrium
somewhere in a two-parameter box: the others' critical polynomials are left out of a
region map before its decomposition (they can never change the equilibrium set
there), which is most of them in a random game.

A support profile (I, J) with |I| = |J| has one candidate: player 2's mixture y on J
making player 1 indifferent over I (Cramer: y_j = D_j / D, value D_v / D) and player
1's mixture x likewise. It is an equilibrium exactly where every y_j >= 0 and every
outside row r earns at most the value, i.e. where D_j * D >= 0 and
(sum_j A[r, j] D_j - D_v) * D <= 0 (and the same for x). A profile with |I| != |J|
has an overdetermined side; it needs every maximal minor of that side's augmented
system to vanish (and when that holds identically, a player mixing over two
strategies against a pure one makes a segment of candidates: its conditions are
kept for the exact test at points, region_deduce.py). The profile is ruled out on a
sub-box of a k x k split of the box when interval arithmetic (plane_boxes.py, the
same margin as there) shows one of these conditions fails strictly on the whole
sub-box (a condition whose polynomial may vanish in the sub-box never rules it
out), and left out of the map when it is ruled out on every sub-box. The
polynomials of the profiles kept are a superset of those that can change the
equilibrium set inside the box.

Only payoffs polynomial in the two parameters (no min/max/abs, no division by a
parameter) of 2-player games are screened; otherwise every profile is kept.
sympy is imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..linalg import bareiss_det
from ..numbers import SymExpr
from .plane_boxes import certain_signs
from .region_map import Box

SCREEN_GRID = 32      # sub-boxes per side of the screening (finer: fewer profiles kept)

SupportProfile = tuple[tuple[int, ...], ...]


# ("ge" | "le" | "zero", p, q): p*q >= 0, p*q <= 0, p = 0; ("segment", p, q): this
# player's one strategy is a best response to the other's mixture (t, 1 - t) on two
# strategies only if t*p + (1 - t)*q >= 0 for some 0 < t < 1 (one per outside strategy)
Condition = tuple[str, Any, Any]
SideConditions = dict[SupportProfile, tuple[list[Condition], list[Condition]]]   # per profile


def support_conditions(U: np.ndarray, syms: Sequence[SymExpr],
                       supports: Iterable[SupportProfile]) -> SideConditions | None:
    """For each support profile of a 2-player game with payoffs polynomial in
    `syms`, the conditions of each side (player 1 indifferent against player 2's
    mixture, then the other way round) as polynomials of sympy's ring Q[syms];
    None for any other game."""
    from .domain_critical import ring_payoffs
    if U.shape[0] != 2 or len(syms) != 2:
        return None
    ring = ring_payoffs(U, syms)
    if ring is None:
        return None
    R, F = ring
    return {sup: (_side(R, F[0], sup[0], sup[1]), _side(R, F[1].T, sup[1], sup[0]))
            for sup in supports if len(sup) == 2}


def possible_supports(U: np.ndarray, syms: Sequence[SymExpr], box: Box,
                      supports: Iterable[SupportProfile], k: int = SCREEN_GRID
                      ) -> tuple[set[SupportProfile], SideConditions]:
    """The profiles of `supports` that may carry an equilibrium somewhere in the
    closed box (all of them when the game is not a 2-player one with polynomial
    payoffs in `syms`), and the conditions of those kept (empty when not computed)."""
    supports = list(supports)
    conds = support_conditions(U, syms, supports)
    if conds is None:
        return set(supports), {}
    where = _alive(conds, box, k)
    keep = {sup for sup in supports if sup not in where or where[sup].any()}
    return keep, {sup: conds[sup] for sup in keep if sup in conds}


def needed_polys(U: np.ndarray, syms: Sequence[SymExpr], box: Box,
                 by_support: Mapping[SupportProfile, Iterable[int]],
                 polys: Sequence[Mapping[tuple[int, int], int]], k: int = SCREEN_GRID
                 ) -> tuple[dict[SupportProfile, set[int]], set[int], SideConditions] | None:
    """Which critical polynomials (`polys`, coefficients by monomial; `by_support`
    indexes them per profile) may change the equilibrium set in the box, by the
    interval test: a polynomial of profile S is needed for S when it may vanish on
    a sub-box where S is not ruled out; one that vanishes only where every profile
    holding it is ruled out (some condition fails strictly around each of its
    zeros) changes nothing there (plane_needed.py decides the same exactly).
    Returns (needed per profile that may carry an equilibrium, every polynomial of
    those profiles, their conditions); None when not screened (not a 2-player game
    with payoffs polynomial in `syms`)."""
    supports = list(by_support)
    conds = support_conditions(U, syms, supports)
    if conds is None:
        return None
    where = _alive(conds, box, k)
    vanish = [~(pos | neg) for pos, neg in certain_signs(polys, box, k)]
    needed: dict[SupportProfile, set[int]] = {}
    used: set[int] = set()
    for sup in supports:
        alive = where.get(sup)
        if alive is not None and not alive.any():
            continue
        used.update(by_support[sup])
        needed[sup] = {i for i in by_support[sup]
                       if alive is None or (alive & vanish[i]).any()}
    kept = {sup: conds[sup] for sup in needed if sup in conds}
    return needed, used, kept


def _alive(conds: SideConditions, box: Box, k: int) -> dict[SupportProfile, np.ndarray]:
    """For each profile of `conds`, the k x k sub-boxes where none of its
    conditions is shown to fail strictly."""
    polys: dict[Any, Any] = {}          # every condition polynomial once, by value
    for sides in conds.values():
        for side in sides:
            for _, p, q in side:
                polys.setdefault(p, p)
                if q is not None:
                    polys.setdefault(q, q)
    order = list(polys)
    signs = dict(zip(order, certain_signs([_terms(p) for p in order], box, k)))
    out = {}
    for sup, sides in conds.items():
        alive = np.ones((k, k), dtype=bool)
        for side in sides:
            alive &= _possible(side, signs, k)
            if not alive.any():
                break
        out[sup] = alive
    return out


def _side(R: Any, A: np.ndarray, I: Sequence[int], J: Sequence[int]  # noqa: E741
          ) -> list[Condition]:
    """The conditions of one player's indifference over I against the other's
    mixture on J, with payoff matrix A (rows: this player's strategies): ("ge", p, q)
    for p * q >= 0, ("le", p, q) for p * q <= 0, ("zero", p, None) for p = 0."""
    m = A.shape[0]
    rows = [[A[i, j] for j in J] + [-R.one] for i in I] + [[R.one] * len(J) + [R.zero]]
    rhs = [R.zero] * len(I) + [R.one]
    if len(I) != len(J):
        if len(I) == 1 and len(J) == 2:     # the other mixes on a segment: t, 1 - t
            i, (j0, j1) = I[0], J
            return [("segment", A[i, j0] - A[r, j0], A[i, j1] - A[r, j1])
                    for r in range(m) if r != i]
        if len(I) < len(J):
            return []                 # underdetermined on this side: no condition here
        aug = [row + [r] for row, r in zip(rows, rhs)]
        size = len(J) + 2
        return [("zero", bareiss_det(R, [aug[r] for r in pick]), None)
                for pick in itertools.combinations(range(len(aug)), size)]
    D = bareiss_det(R, rows)
    if D == 0:
        return []                     # singular everywhere: a continuum; keep it
    cols = []
    for c in range(len(J) + 1):
        cols.append(bareiss_det(R, [row[:c] + [r] + row[c + 1:] for row, r in zip(rows, rhs)]))
    out: list[Condition] = [("ge", cols[c], D) for c in range(len(J))]
    for r in range(m):
        if r in I:
            continue
        gap = sum((A[r, j] * cols[c] for c, j in enumerate(J)), R.zero) - cols[-1]
        out.append(("le", gap, D))
    return out


def _possible(conds: list[Condition], signs: Mapping[Any, tuple[np.ndarray, np.ndarray]],
              k: int) -> np.ndarray:
    """The sub-boxes where no condition is shown to fail strictly (`signs`: where
    each polynomial is surely positive, surely negative)."""
    alive = np.ones((k, k), dtype=bool)
    for kind, p, q in conds:
        pos_p, neg_p = signs[p]
        if kind == "segment":
            continue                      # decided at points only (region_deduce.py)
        if kind == "zero":
            alive &= ~(pos_p | neg_p)
        else:
            pos_q, neg_q = signs[q]
            if kind == "ge":
                alive &= ~((pos_p & neg_q) | (neg_p & pos_q))
            else:
                alive &= ~((pos_p & pos_q) | (neg_p & neg_q))
        if not alive.any():
            break
    return alive


def _terms(p: Any) -> dict[tuple[int, int], float]:
    """A polynomial of Q[a, b] as float coefficients by monomial."""
    return {(int(m[0]), int(m[1])): float(c) for m, c in p.terms()}
