"""A linear relaxation that refutes support profiles before any algebra: one small LP
per profile, its float verdict turned into an exact proof.

At an equilibrium with supports S_1..S_n the mixed profile x gives the product
distribution w(a) = prod_j x_j(a_j) on S_1 x ... x S_n. Player i's own action is
independent of the others', so for every s in S_i the others' distribution given
a_i = s is their product, and the equilibrium conditions hold conditionally:

    sum over a with a_i = s of  w(a) (u_i(t, a_-i) - u_i(s0, a_-i))   = 0  (t in S_i)
                                                                       <= 0 (t outside)

(s0 the first strategy of S_i), and w sums to 1. Forgetting that w is a product
leaves an LP in w >= 0 (stronger than the correlated-equilibrium conditions, which
it implies). When it has no solution, neither has the support profile.

The LP is solved in floats (scipy's HiGHS) in phase-one form (least total violation);
a positive optimum's dual multipliers are rounded to integers and checked exactly on
the integer constraint rows (a Farkas-type certificate for w in [0, 1]^N, `_proves`).
Only that exact check refutes: a float verdict never does.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from math import lcm, prod
from typing import TYPE_CHECKING, Any

import numpy as np

from .support_system import Support

if TYPE_CHECKING:
    from ..model import Game

DUAL_SCALE = 2.0 ** 24     # integer multipliers: the float duals times this, rounded
INT_LIMIT = 2 ** 40        # larger scaled payoffs: no exact check in int64 (never refutes)
MIN_VIOLATION = 1e-7       # phase-one optimum (relative) below which no proof is tried
MAX_CELLS = 4096           # profiles with more pure profiles than this are not tried


def integer_payoffs(game: Game) -> list[np.ndarray] | None:
    """Each player's payoffs times the lcm of their denominators, as int64 (positive
    scaling per player keeps every sign condition); None when too large."""
    out = []
    for i in range(game.n_players):
        vals = [Fraction(v) for v in game.payoffs[i].flat]
        den = lcm(*(v.denominator for v in vals)) if vals else 1
        ints = [v.numerator * (den // v.denominator) for v in vals]
        if ints and max(abs(v) for v in ints) > INT_LIMIT:
            return None
        out.append(np.array(ints, dtype=np.int64).reshape(game.shape))
    return out


def constraint_rows(pay: list[np.ndarray], supports: Support
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(equality rows, inequality rows) over w, as int64, flattened over the grid
    S_1 x ... x S_n in C order; the right-hand sides are zero (sum w = 1 apart).
    Player by player, deviation t by t, own action s by s, row (i, t, s) is
    u_i(t, a_-i) - u_i(s0, a_-i) at the grid's profiles a with a_i = s, else 0: read
    from the flat payoffs at once (a few numpy calls a player, none per row)."""
    shape = tuple(len(s) for s in supports)
    grid = np.array(list(itertools.product(*supports)), dtype=np.intp)   # (cells, n)
    strides = np.array([prod(pay[0].shape[j + 1:]) for j in range(len(shape))], dtype=np.intp)
    flat = grid @ strides
    eq: list[np.ndarray] = []
    ub: list[np.ndarray] = []
    for i, u in enumerate(pay):
        s = supports[i]
        others = flat - grid[:, i] * strides[i]             # each cell with a_i = 0
        values = u.reshape(-1)[others[None, :] + np.arange(u.shape[i])[:, None] * strides[i]]
        diff = values - values[s[0]]                        # (t, cells)
        own = grid[:, i][None, :] == np.array(s)[:, None]   # (s, cells)
        rows = diff[:, None, :] * own[None, :, :]           # (t, s, cells)
        inside = [t for t in s[1:]]
        outside = [t for t in range(u.shape[i]) if t not in s]
        eq.append(rows[inside].reshape(-1, len(grid)))
        ub.append(rows[outside].reshape(-1, len(grid)))
    return _stack(eq, prod(shape)), _stack(ub, prod(shape))


def _stack(parts: list[np.ndarray], width: int) -> np.ndarray:
    return np.vstack(parts) if parts else np.zeros((0, width), dtype=np.int64)


def refuted(pay: list[np.ndarray], supports: Support) -> bool:
    """True when the relaxation proves (exactly) that the support profile holds no
    equilibrium; False when it cannot (which proves nothing)."""
    if prod(len(s) for s in supports) > MAX_CELLS:
        return False
    eq, ub = constraint_rows(pay, supports)
    if not len(eq) and not len(ub):
        return False
    return infeasible(eq, ub)


def infeasible(eq: np.ndarray, ub: np.ndarray) -> bool:
    """Phase one in floats, then the exact dual check (module docstring)."""
    n = eq.shape[1] if len(eq) else ub.shape[1]
    a_eq = np.vstack([np.ones((1, n), dtype=np.int64), eq])
    rows = np.vstack([a_eq, ub]).astype(float)
    scale = np.maximum(np.abs(rows).max(axis=1), 1.0)
    m_eq, m_ub = len(a_eq), len(ub)
    rhs = np.zeros(m_eq + m_ub)
    rhs[0] = 1.0
    found = _phase_one(rows / scale[:, None], rhs / scale, m_eq)
    if found is None or found[0] < MIN_VIOLATION:
        return False
    y = found[1] / scale
    return any(_proves(a_eq, ub, sign * y[:m_eq], sign * y[m_eq:]) for sign in (1.0, -1.0))


def _phase_one(rows: np.ndarray, rhs: np.ndarray, m_eq: int) -> tuple[float, np.ndarray] | None:
    """min total violation of rows[:m_eq] w = rhs, rows[m_eq:] w <= rhs over w in
    [0, 1]^N (one slack column per violation: +e_k and -e_k for an equality, -e_k
    for an inequality, each of cost 1): (optimum, the rows' dual values), or None
    when HiGHS fails. Calls HiGHS through scipy's bindings directly when present
    (linprog's checks cost twice the solve on LPs this small), the matrix built
    column-wise without its dense slack part, else through linprog."""
    m, n = rows.shape
    slacks = 2 * m_eq + (m - m_eq)
    cost = np.concatenate([np.zeros(n), np.ones(slacks)])
    upper = np.concatenate([np.ones(n), np.full(slacks, np.inf)])
    lower_rows = np.concatenate([rhs[:m_eq], np.full(m - m_eq, -np.inf)])
    try:
        return _phase_one_highs(rows, m_eq, cost, upper, lower_rows, rhs)
    except (ImportError, AttributeError):   # another scipy layout: the public interface
        slack = np.hstack([np.eye(m)[:, :m_eq], -np.eye(m)[:, :m_eq], -np.eye(m)[:, m_eq:]])
        return _phase_one_linprog(np.hstack([rows, slack]), cost, upper, rhs, m_eq)


def _phase_one_highs(rows: np.ndarray, m_eq: int, cost: np.ndarray, upper: np.ndarray,
                     lower_rows: np.ndarray, rhs: np.ndarray) -> tuple[float, np.ndarray] | None:
    """_phase_one through the HiGHS bindings scipy ships (a private module)."""
    _core, highs = _highs()
    m, n = rows.shape
    cols = rows.T
    nz = cols != 0
    index = np.nonzero(nz)[1]
    slack_rows = np.concatenate([np.arange(m_eq), np.arange(m_eq), np.arange(m_eq, m)])
    slack_values = np.concatenate([np.ones(m_eq), -np.ones(m - m_eq + m_eq)])
    lp = _core.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), m
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(len(cost))
    lp.col_upper_ = upper
    lp.row_lower_ = lower_rows
    lp.row_upper_ = rhs
    lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = len(cost), m
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(nz.sum(axis=1)),
                                          len(index) + np.arange(1, len(slack_rows) + 1)]
                                         ).astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate([index, slack_rows]).astype(np.int32)
    lp.a_matrix_.value_ = np.concatenate([cols[nz], slack_values])
    if highs.passModel(lp) == _core.HighsStatus.kError or \
            highs.run() == _core.HighsStatus.kError or \
            highs.getModelStatus() != _core.HighsModelStatus.kOptimal:
        return None
    return float(highs.getInfo().objective_function_value), np.array(highs.getSolution().row_dual)


_SOLVER: list = []


def _highs() -> tuple[Any, Any]:
    """scipy's HiGHS bindings and one quiet HiGHS instance, reused (each passModel
    replaces the model); imported once, not per LP (the uninterrupted import swaps
    the SIGINT handler twice: a tenth of a small LP's cost)."""
    if not _SOLVER:
        from ..budget import import_uninterrupted
        _core = import_uninterrupted("scipy.optimize._highspy._core")
        highs = _core._Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("threads", 1)
        _SOLVER.append((_core, highs))
    return _SOLVER[0]


def _phase_one_linprog(full: np.ndarray, cost: np.ndarray, upper: np.ndarray, rhs: np.ndarray,
                       m_eq: int) -> tuple[float, np.ndarray] | None:
    """_phase_one through scipy's public linprog."""
    from ..budget import import_uninterrupted
    linprog = import_uninterrupted("scipy.optimize").linprog
    has_ub = m_eq < len(full)
    res = linprog(cost, A_ub=full[m_eq:] if has_ub else None, b_ub=rhs[m_eq:] if has_ub else None,
                  A_eq=full[:m_eq], b_eq=rhs[:m_eq], bounds=list(zip(np.zeros(len(cost)), upper)),
                  method="highs")
    if res.status != 0:
        return None
    duals = np.concatenate([res.eqlin.marginals, res.ineqlin.marginals if has_ub else []])
    return float(res.fun), duals


def _proves(a_eq: np.ndarray, ub: np.ndarray, y_eq: np.ndarray, y_ub: np.ndarray) -> bool:
    """The exact check of rounded multipliers k_eq (free) and k_ub >= 0: with
    g = a_eq^T k_eq - ub^T k_ub, every feasible w has g . w = k_eq . b - k_ub . (ub w)
    >= k_eq[0] (the only nonzero right-hand side is sum w = 1), while w >= 0 with
    sum w = 1 (a distribution) gives g . w <= the largest g_j: infeasible when that is
    below k_eq[0]. (The largest g_j, not the sum of the positive ones that w in
    [0, 1]^N would allow: on the box rows of box_relaxation.py the LP's duals are
    those of w >= 0 with sum 1, and only the sharper bound proves them.)"""
    top = max(float(np.abs(y_eq).max(initial=0.0)), float(np.abs(y_ub).max(initial=0.0)))
    if top == 0.0:
        return False
    k_eq = np.rint(y_eq / top * DUAL_SCALE).astype(np.int64)
    k_ub = np.maximum(np.rint(-y_ub / top * DUAL_SCALE), 0).astype(np.int64)
    big = max(int(np.abs(a_eq).max(initial=0)), int(np.abs(ub).max(initial=0)))
    safe = big * int(DUAL_SCALE) * (len(a_eq) + len(ub) + 1) < 2 ** 62
    kind = np.int64 if safe else object
    g = a_eq.T.astype(kind) @ k_eq.astype(kind)
    if len(ub):
        g = g - ub.T.astype(kind) @ k_ub.astype(kind)
    return int(g.max()) < int(k_eq[0])
