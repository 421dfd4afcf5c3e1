"""Exact linear programming over the rationals: a two-phase simplex with Bland's rule.

    maximise   c . x
    subject to A_ub x <= b_ub,  A_eq x == b_eq,  x_j >= 0 (except the `free` ones)

Every number is a `Fraction`, so "optimal", "infeasible" and "unbounded" are exact
verdicts and an optimal answer carries an exact dual certificate (`LPResult.dual_ub`,
`LPResult.dual_eq`) that `check_certificate` re-checks. Bland's smallest-index rule
makes the simplex terminate on degenerate problems.

An optional float fast path (`method="float"`, chosen by `"auto"` for larger
problems) asks scipy's HiGHS for an optimum, rebuilds its basis exactly, and accepts
it only when the basic solution is exactly primal and dual feasible; otherwise the
exact simplex runs from scratch. The answer is exact either way.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, Sequence, Union

OPTIMAL = "optimal"
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"

Method = Literal["auto", "exact", "float"]
Entry = Union[int, Fraction, str]              # an input number: int, Fraction, numeric string
Rows = Union[Sequence[Sequence[Entry]], None]   # a constraint matrix as rows (None: no rows)
Column = Union[Sequence[Entry], None]          # a right-hand side
_AUTO_FLOAT_CELLS = 1200        # "auto" tries the float path from rows * columns >= this

Matrix = list[list[Fraction]]


@dataclass(frozen=True)
class LPResult:
    """An exact LP verdict. For `status == "optimal"`: the optimal point `x`, the
    objective value, and dual values (`dual_ub >= 0` per inequality row, `dual_eq` per
    equality row) proving optimality; all None otherwise. `method` names the path used."""

    status: str
    x: tuple[Fraction, ...] | None = None
    objective: Fraction | None = None
    dual_ub: tuple[Fraction, ...] | None = None
    dual_eq: tuple[Fraction, ...] | None = None
    method: str = "exact simplex"

    @property
    def optimal(self) -> bool:
        """True when an optimum was found."""
        return self.status == OPTIMAL


# -- the problem in standard form ---------------------------------------------------

@dataclass
class _Standard:
    """The LP as  max cost.z  s.t.  rows z == rhs (rhs >= 0), z >= 0.

    Columns: the n original variables, one negative part per free variable, one slack
    per inequality row, then one artificial per row that has no slack basis column.
    `unit[k]` is the column that starts basic in row k (its slack or its artificial);
    `sign[k]` is -1 when row k was negated to make its right-hand side non-negative.
    """

    rows: Matrix
    rhs: list[Fraction]
    cost: list[Fraction]
    n_x: int
    free: list[int]
    n_ub: int
    slack0: int                 # first slack column
    art0: int                   # first artificial column
    unit: list[int]
    sign: list[int]

    @property
    def n_cols(self) -> int:
        """Number of columns, artificials included."""
        return len(self.cost)


def _fractions(rows: Any, n: int, what: str) -> Matrix:
    """A list-of-lists Fraction copy of a 2-D input (or an empty matrix), checked for width."""
    if rows is None:
        return []
    out = [[Fraction(v) for v in row] for row in rows]
    for row in out:
        if len(row) != n:
            raise ValueError(f"{what} has a row of length {len(row)}, expected {n}")
    return out


def _vector(v: Any, m: int, what: str) -> list[Fraction]:
    """A Fraction copy of a 1-D input of length m."""
    out = [Fraction(x) for x in (v if v is not None else [])]
    if len(out) != m:
        raise ValueError(f"{what} has length {len(out)}, expected {m}")
    return out


def _standard_form(c: list[Fraction], a_ub: Matrix, b_ub: list[Fraction], a_eq: Matrix,
                   b_eq: list[Fraction], free: list[int]) -> _Standard:
    """Split free variables, add slacks and artificials, make every rhs non-negative."""
    n, m_ub, m_eq = len(c), len(a_ub), len(a_eq)
    m = m_ub + m_eq
    base = [row + [-row[j] for j in free] for row in a_ub + a_eq]
    n_struct = n + len(free)
    slack0 = n_struct
    art0 = slack0 + m_ub
    rhs = list(b_ub) + list(b_eq)
    sign = [1 if b >= 0 else -1 for b in rhs]
    needs_art = [k for k in range(m) if k >= m_ub or sign[k] < 0]
    n_cols = art0 + len(needs_art)
    rows: Matrix = []
    unit = [0] * m
    for k in range(m):
        row = base[k] + [Fraction(0)] * (n_cols - n_struct)
        if k < m_ub:
            row[slack0 + k] = Fraction(1)
            unit[k] = slack0 + k
        if sign[k] < 0:
            row = [-v for v in row]
        rows.append(row)
    for a, k in enumerate(needs_art):
        rows[k][art0 + a] = Fraction(1)
        unit[k] = art0 + a
    cost = list(c) + [-c[j] for j in free] + [Fraction(0)] * (n_cols - n_struct)
    return _Standard(rows, [abs(b) for b in rhs], cost, n, list(free), m_ub, slack0, art0,
                     unit, sign)


# -- the tableau --------------------------------------------------------------------

class _Tableau:
    """A simplex tableau in exact arithmetic: rows (B^-1 A), rhs (B^-1 b), basis."""

    def __init__(self, std: _Standard) -> None:
        self.rows: Matrix = [list(r) for r in std.rows]
        self.rhs: list[Fraction] = list(std.rhs)
        self.basis: list[int] = list(std.unit)

    def pivot(self, i: int, j: int) -> None:
        """Make column j basic in row i (Gauss-Jordan step on the exact tableau)."""
        row, piv = self.rows[i], self.rows[i][j]
        if piv != 1:
            row[:] = [v / piv for v in row]
            self.rhs[i] /= piv
        nz = [(k, v) for k, v in enumerate(row) if v != 0]
        for r, other in enumerate(self.rows):
            f = other[j]
            if r != i and f != 0:
                for k, v in nz:
                    other[k] -= f * v
                self.rhs[r] -= f * self.rhs[i]
        self.basis[i] = j

    def reduced_costs(self, cost: list[Fraction]) -> list[Fraction]:
        """cost_j - c_B . column_j for every column (positive means "improving")."""
        red = list(cost)
        for i, b in enumerate(self.basis):
            cb = cost[b]
            if cb != 0:
                for k, v in enumerate(self.rows[i]):
                    if v != 0:
                        red[k] -= cb * v
        return red

    def run(self, cost: list[Fraction], allowed: int) -> str:
        """Maximise cost.z from the current feasible basis over columns < `allowed`,
        with Bland's rule (smallest improving column; ties in the ratio test go to the
        smallest basic column). Returns OPTIMAL or UNBOUNDED."""
        while True:
            red = self.reduced_costs(cost)
            enter = next((j for j in range(allowed) if red[j] > 0), None)
            if enter is None:
                return OPTIMAL
            leave, best = None, None
            for i, row in enumerate(self.rows):
                a = row[enter]
                if a > 0:
                    ratio = self.rhs[i] / a
                    if best is None or leave is None or ratio < best or (
                            ratio == best and self.basis[i] < self.basis[leave]):
                        leave, best = i, ratio
            if leave is None:
                return UNBOUNDED
            self.pivot(leave, enter)

    def drive_out(self, first_artificial: int) -> None:
        """After phase 1: pivot basic artificials (all at zero) out of the basis, and
        drop the rows in which that is impossible (they are redundant equations)."""
        i = 0
        while i < len(self.rows):
            if self.basis[i] >= first_artificial:
                j = next((k for k in range(first_artificial) if self.rows[i][k] != 0), None)
                if j is None:
                    del self.rows[i], self.rhs[i], self.basis[i]
                    continue
                self.pivot(i, j)
            i += 1


# -- solving ------------------------------------------------------------------------

def solve_lp(c: Sequence[Entry], A_ub: Rows = None, b_ub: Column = None, A_eq: Rows = None,
             b_eq: Column = None, free: Sequence[int] = (), method: Method = "auto") -> LPResult:
    """Maximise c.x s.t. A_ub x <= b_ub, A_eq x == b_eq, x >= 0 except x[j] for j in
    `free`, exactly. Inputs may be ints, Fractions or numeric strings (no floats needed).

    `method`: "exact" (the simplex only), "float" (scipy first, its basis checked
    exactly, simplex as fallback) or "auto" (float only for larger problems when scipy
    is installed)."""
    cost = [Fraction(v) for v in c]
    n = len(cost)
    a_ub, a_eq = _fractions(A_ub, n, "A_ub"), _fractions(A_eq, n, "A_eq")
    bu, be = _vector(b_ub, len(a_ub), "b_ub"), _vector(b_eq, len(a_eq), "b_eq")
    free_list = sorted(set(int(j) for j in free))
    if any(not 0 <= j < n for j in free_list):
        raise ValueError("a free-variable index is out of range")
    std = _standard_form(cost, a_ub, bu, a_eq, be, free_list)
    if _wants_float(method, std):
        result = _float_path(std)
        if result is not None:
            return result
    return _exact_simplex(std)


def _wants_float(method: Method, std: _Standard) -> bool:
    """Whether to try the float fast path first."""
    if method == "exact":
        return False
    if method == "auto" and len(std.rows) * std.n_cols < _AUTO_FLOAT_CELLS:
        return False
    try:
        from ..budget import import_uninterrupted
        import_uninterrupted("scipy.optimize")
    except ImportError:
        return False
    return True


def _exact_simplex(std: _Standard) -> LPResult:
    """Two-phase simplex: phase 1 minimises the artificials, phase 2 the real cost."""
    tab = _Tableau(std)
    if std.art0 < std.n_cols:
        phase1 = [Fraction(0)] * std.art0 + [Fraction(-1)] * (std.n_cols - std.art0)
        tab.run(phase1, std.n_cols)
        if any(tab.rhs[i] != 0 for i, b in enumerate(tab.basis) if b >= std.art0):
            return LPResult(INFEASIBLE)
        tab.drive_out(std.art0)
    if tab.run(std.cost, std.art0) == UNBOUNDED:
        return LPResult(UNBOUNDED)
    return _optimal_result(std, tab.basis, tab.rhs, tab.reduced_costs(std.cost),
                           "exact simplex")


def _optimal_result(std: _Standard, basis: list[int], values: list[Fraction],
                    red: list[Fraction], method: str) -> LPResult:
    """Assemble x, the objective and the duals from an optimal basis."""
    z = [Fraction(0)] * std.n_cols
    for b, v in zip(basis, values):
        z[b] = v
    x = z[:std.n_x]
    for t, j in enumerate(std.free):
        x[j] -= z[std.n_x + t]
    # The dual of standard row k is  cost[unit_k] - red[unit_k]  (the unit column starts
    # as e_k, so its reduced cost is cost - y_k), also for rows dropped as redundant;
    # undo the row negation to get the dual of the row as the caller wrote it.
    dual = [(std.cost[u] - red[u]) * s for u, s in zip(std.unit, std.sign)]
    objective = sum((ci * xi for ci, xi in zip(std.cost, x)), Fraction(0))
    return LPResult(OPTIMAL, tuple(x), objective, tuple(dual[:std.n_ub]),
                    tuple(dual[std.n_ub:]), method)


# -- the exact certificate ----------------------------------------------------------

def check_certificate(c: Sequence[Entry], A_ub: Rows, b_ub: Column, A_eq: Rows, b_eq: Column,
                      result: LPResult, free: Sequence[int] = ()) -> bool:
    """Exactly re-check an optimal `result`: x primal feasible, the duals dual feasible
    (y_ub >= 0, A^T y >= c, with equality on free variables), and c.x == b.y."""
    cost = [Fraction(v) for v in c]
    n = len(cost)
    a_ub, a_eq = _fractions(A_ub, n, "A_ub"), _fractions(A_eq, n, "A_eq")
    bu, be = _vector(b_ub, len(a_ub), "b_ub"), _vector(b_eq, len(a_eq), "b_eq")
    if not result.optimal or result.x is None or result.dual_ub is None or result.dual_eq is None:
        return False
    x, yu, ye = result.x, result.dual_ub, result.dual_eq
    free_set = set(free)
    if any(x[j] < 0 for j in range(n) if j not in free_set):
        return False
    if any(_dot(row, x) > b for row, b in zip(a_ub, bu)):
        return False
    if any(_dot(row, x) != b for row, b in zip(a_eq, be)):
        return False
    if any(y < 0 for y in yu):
        return False
    for j in range(n):
        col = sum((row[j] * y for row, y in zip(a_ub, yu)), Fraction(0)) + \
              sum((row[j] * y for row, y in zip(a_eq, ye)), Fraction(0))
        if col < cost[j] or (j in free_set and col != cost[j]):
            return False
    primal = _dot(cost, x)
    return primal == result.objective == _dot(bu, yu) + _dot(be, ye)


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    """Exact inner product."""
    return sum((u * v for u, v in zip(a, b)), Fraction(0))


# -- the float fast path ------------------------------------------------------------

def _float_path(std: _Standard) -> LPResult | None:
    """Solve the standard form with scipy's HiGHS, rebuild the basis its optimum points
    to, and return the exact result when that basis is exactly optimal; else None."""
    import numpy as np
    from ..budget import import_uninterrupted
    linprog = import_uninterrupted("scipy.optimize").linprog
    if not std.rows:
        return None
    a = np.array([[float(v) for v in row[:std.art0]] for row in std.rows])
    b = np.array([float(v) for v in std.rhs])
    c = np.array([float(v) for v in std.cost[:std.art0]])
    try:
        res = linprog(-c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
    except (ValueError, np.linalg.LinAlgError):
        return None
    if res.status != 0 or res.x is None:
        return None
    scale = max(1.0, float(np.max(np.abs(res.x))))
    order = sorted((j for j in range(std.art0) if res.x[j] > 1e-9 * scale),
                   key=lambda j: -res.x[j])
    return _try_basis(std, order)


def _try_basis(std: _Standard, columns: list[int]) -> LPResult | None:
    """Pivot `columns` into a fresh tableau (skipping dependent ones, keeping unit
    columns elsewhere) and accept the basis when it is exactly optimal."""
    tab = _Tableau(std)
    chosen: set[int] = set()
    for j in columns:
        i = next((r for r, b in enumerate(tab.basis)
                  if b not in chosen and tab.rows[r][j] != 0), None)
        if i is not None:
            tab.pivot(i, j)
            chosen.add(j)
    if any(v < 0 for v in tab.rhs):
        return None
    if any(b >= std.art0 and v != 0 for b, v in zip(tab.basis, tab.rhs)):
        return None
    tab.drive_out(std.art0)
    red = tab.reduced_costs(std.cost)
    if any(red[j] > 0 for j in range(std.art0)):
        # primal feasible but not optimal: finish with the exact simplex from here
        if tab.run(std.cost, std.art0) == UNBOUNDED:
            return LPResult(UNBOUNDED, method="float basis + exact simplex")
        red = tab.reduced_costs(std.cost)
        return _optimal_result(std, tab.basis, tab.rhs, red,
                               "float basis + exact simplex")
    return _optimal_result(std, tab.basis, tab.rhs, red, "float basis, exact check")
