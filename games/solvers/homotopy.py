"""Every complex root of a support's indifference system, numerically: homotopy
continuation from a linear-product start system, all paths tracked at once in numpy.

The system is given by monomials (exponent rows) and float coefficients. Its
variables fall in blocks (one per mixing player) and each equation has degree 0 or 1
in each block, so the start system g_e = prod over its blocks of a random affine form
in that block has exactly the multihomogeneous Bezout number of roots: one per way of
giving every equation one of its blocks so that each block gets as many equations as
it has variables, the roots found by one small linear solve per block. The homotopy
(1 - t) gamma g + t f with a random complex gamma (the "gamma trick") reaches every
isolated root of f from these starts for all gamma outside a finite set. Nothing
here is trusted: the roots are certified afterwards (certified.py), and a path that
fails only sends the support back to the exact solver.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence, TypeVar

import numpy as np

from ..budget import import_uninterrupted

MAX_PATHS = 4000            # above this Bezout number, the exact solver is used instead
MAX_STEPS = 3000            # predictor-corrector steps per path at most
MIN_STEP = 1e-10            # a path whose step shrinks below this has failed
FAR = 1e9                   # a path that leaves this box (a root at infinity) has failed
ONE_THREAD = 2 ** 18       # multiply-adds per matrix product (see _real_products)
MAX_STEP = 0.2             # largest step in t
PREDICTOR_TOL = 1e-3       # relative first Newton step after a prediction, at most
CORRECTOR_TOL = 1e-9        # relative Newton step accepted by the corrector
STEP_TARGET = 1e-4          # the first Newton step the next step size aims at (RK4's error
                            # grows as h^5): below PREDICTOR_TOL, where the corrector passes
GROW, SHRINK = 2.0, 0.5     # most a step may grow after an accepted step; least it shrinks
                            # after a rejected one (down to a tenth)


@dataclass(frozen=True)
class FloatSystem:
    """Polynomials as a flat monomial table: exps (M, n), and for each polynomial
    (the equations, then every partial derivative d f_e / d x_j at e * n + j) its
    coefficients of those monomials as a dense column of coefs (M, n + n*n)."""

    n: int
    exps: np.ndarray
    coefs: np.ndarray
    gather: np.ndarray      # (M, D): each monomial as D indices into [1, x_0, ..., x_n-1]

    @staticmethod
    def build(polys: list[dict[tuple[int, ...], float]], n: int) -> "FloatSystem":
        """From each polynomial's {exponents: coefficient}."""
        table, columns = monomial_table(polys, n)
        exps = np.array(list(table), dtype=np.int64).reshape(len(table), n)
        coefs = np.zeros((len(table), n + n * n))
        for col, entries in enumerate(columns):
            for row, c in entries.items():
                coefs[row, col] = c
        return FloatSystem(n, exps, coefs, _gather(exps))

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values (N, n) and Jacobians (N, n, n) at the points x (N, n)."""
        table = np.concatenate([np.ones((len(x), 1), dtype=complex), x], axis=1)
        mono = table[:, self.gather[:, 0]]
        for k in range(1, self.gather.shape[1]):
            mono = mono * table[:, self.gather[:, k]]
        vals = _small_matmul(mono, self.coefs)
        return vals[:, :self.n], vals[:, self.n:].reshape(len(x), self.n, self.n)


def _gather(exps: np.ndarray) -> np.ndarray:
    """Each monomial as the list of its variables (1-based, repeated by exponent), padded
    with 0 (the constant 1) to the largest degree: products by gathering columns."""
    width = max(1, int(exps.sum(axis=1).max(initial=0)))
    out = np.zeros((len(exps), width), dtype=np.int64)
    for r, row in enumerate(exps):
        idx = [j + 1 for j, e in enumerate(row) for _ in range(int(e))]
        out[r, :len(idx)] = idx
    return out


def _small_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b for complex a and real b, as real products small enough that BLAS runs
    them on one thread (see _real_products)."""
    out = _real_products(a, b)
    half = len(a)
    return out[:half] + 1j * out[half:]


def _real_products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """[Re a; Im a] @ b for complex a (N, M) and real b (M, K): (2N, K), in row
    blocks of at most ONE_THREAD multiply-adds. OpenBLAS starts its threads above
    about that size, and on a busy machine they cost milliseconds a call where the
    product costs microseconds (a 64 x 36 x 270 product: 24 ms of wall time against
    0.02 ms on one thread)."""
    stacked = np.concatenate([a.real, a.imag])
    rows = max(1, ONE_THREAD // max(1, b.shape[0] * b.shape[1]))
    if len(stacked) <= rows:
        return stacked @ b
    return np.concatenate([stacked[k:k + rows] @ b for k in range(0, len(stacked), rows)])


C = TypeVar("C", float, complex, Fraction)


def monomial_table(polys: Sequence[dict[tuple[int, ...], C]], n: int,
                   table: dict[tuple[int, ...], int] | None = None
                   ) -> tuple[dict[tuple[int, ...], int], list[dict[int, C]]]:
    """The monomials of the equations and of every partial derivative, numbered
    ({exponents: row}), and each polynomial's coefficients by row: the equations in
    columns 0..n-1, d f_e / d x_j in column n + e*n + j (floats, complex numbers or
    Fractions alike). A given `table` is extended (rows shared with other systems)."""
    table = {} if table is None else table
    columns: list[dict[int, C]] = [dict() for _ in range(n + n * n)]
    for e, poly in enumerate(polys):
        for m, c in poly.items():
            _add(table, columns[e], m, c)
            for j in range(n):
                if m[j]:
                    d = m[:j] + (m[j] - 1,) + m[j + 1:]
                    _add(table, columns[n + e * n + j], d, c * m[j])
    return table, columns


def _add(table: dict[tuple[int, ...], int], column: dict[int, C], m: tuple[int, ...],
         c: C) -> None:
    row = table.setdefault(m, len(table))
    column[row] = column[row] + c if row in column else c


@dataclass(frozen=True)
class StartSystem:
    """g_e(x) = prod over the blocks b with pattern[e, b] of (a0[e, b] + a[e, b] . x_b)."""

    blocks: tuple[tuple[int, ...], ...]     # variable indices of each block
    pattern: np.ndarray                     # (n, nblocks) bool: equation e has block b
    a0: np.ndarray                          # (n, nblocks) complex
    a: np.ndarray                           # (n, n) complex: a[e, j] for j in e's blocks

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values (N, n) and Jacobians (N, n, n) of g at the points x (N, n)."""
        N, n = x.shape
        forms = np.ones((N, n, len(self.blocks)), dtype=complex)
        for b, idx in enumerate(self.blocks):
            lin = self.a0[:, b][None, :] + x[:, list(idx)] @ self.a[:, list(idx)].T
            forms[:, :, b] = np.where(self.pattern[:, b][None, :], lin, 1.0)
        vals = forms.prod(axis=2)
        # the product of every form but block b's: prefix and suffix products
        nb = len(self.blocks)
        before = np.ones_like(forms)
        after = np.ones_like(forms)
        for b in range(1, nb):
            before[:, :, b] = before[:, :, b - 1] * forms[:, :, b - 1]
            after[:, :, nb - 1 - b] = after[:, :, nb - b] * forms[:, :, nb - b]
        others = before * after
        jac = np.zeros((N, n, n), dtype=complex)
        for b, idx in enumerate(self.blocks):
            cols = list(idx)
            jac[:, :, cols] = np.where(self.pattern[:, b][None, :, None],
                                       others[:, :, b][:, :, None] * self.a[:, cols][None], 0.0)
        return vals, jac

    def roots(self) -> np.ndarray:
        """Every root (B, n): one per assignment of equations to blocks."""
        n = len(self.a)
        out = []
        for assign in _assignments(self.pattern, [len(b) for b in self.blocks]):
            x = np.zeros(n, dtype=complex)
            for b, idx in enumerate(self.blocks):
                rows = [e for e in range(n) if assign[e] == b]
                A = self.a[np.ix_(rows, list(idx))]
                x[list(idx)] = np.linalg.solve(A, -self.a0[rows, b])
            out.append(x)
        return np.array(out).reshape(len(out), n)


    def expanded(self) -> list[dict[tuple[int, ...], complex]]:
        """Each g_e multiplied out: {exponents: complex coefficient} (one term per
        choice, in each of e's blocks, of the constant or one variable)."""
        n = len(self.a)
        out = []
        for e in range(n):
            poly: dict[tuple[int, ...], complex] = {(0,) * n: 1.0 + 0j}
            for b, idx in enumerate(self.blocks):
                if not self.pattern[e, b]:
                    continue
                nxt: dict[tuple[int, ...], complex] = {}
                for m, c in poly.items():
                    nxt[m] = nxt.get(m, 0j) + c * self.a0[e, b]
                    for j in idx:
                        m2 = m[:j] + (m[j] + 1,) + m[j + 1:]
                        nxt[m2] = nxt.get(m2, 0j) + c * self.a[e, j]
                poly = nxt
            out.append(poly)
        return out


@dataclass(frozen=True)
class Homotopy:
    """H = gamma g + t (f - gamma g) and its derivatives from one monomial table
    shared by f and g: each evaluation gathers the monomials once (a row per monomial,
    a column per path) and multiplies them by two sparse complex matrices, gamma g's
    coefficients and f - gamma g's, instead of evaluating g form by form. Sparse
    because each equation and derivative holds about a seventh of the monomials (an
    8-unknown system of 3x3x3x3: 14%), and because dense products must be cut in row
    blocks small enough that BLAS stays on one thread (_real_products); no product
    here allocates more than its result."""

    n: int
    gather: np.ndarray      # (M, D) as in FloatSystem
    start: Any              # scipy CSR (K, M), complex: gamma g; K = n + n*n columns of H
    slope: Any              # scipy CSR (K, M), complex: f - gamma g (H's derivative in t)

    @staticmethod
    def build(f: FloatSystem, g: StartSystem, gamma: complex) -> "Homotopy":
        n = f.n
        table = {tuple(int(v) for v in row): r for r, row in enumerate(f.exps)}
        table, columns = monomial_table(g.expanded(), n, table)
        fc = np.zeros((len(table), n + n * n))
        fc[:len(f.exps)] = f.coefs
        gc = np.zeros((len(table), n + n * n), dtype=complex)
        for col, entries in enumerate(columns):
            for row, c in entries.items():
                gc[row, col] = gamma * c
        exps = np.array(list(table), dtype=np.int64).reshape(len(table), n)
        sparse = import_uninterrupted("scipy.sparse")
        return Homotopy(n, _gather(exps), sparse.csr_matrix(gc.T), sparse.csr_matrix((fc - gc).T))

    def parts(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """gamma g's and (f - gamma g)'s values and derivatives at x (N, n): two (K, N)
        arrays (H at t is the first plus t times the second)."""
        table = np.concatenate([np.ones((1, len(x)), dtype=complex), x.T])
        mono = table[self.gather[:, 0]]
        for k in range(1, self.gather.shape[1]):
            mono *= table[self.gather[:, k]]
        return self.start @ mono, self.slope @ mono


def _assignments(pattern: np.ndarray, sizes: list[int]) -> list[list[int]]:
    """Every map equation -> block with pattern[e, b] true and block b hit sizes[b] times."""
    n = pattern.shape[0]
    out: list[list[int]] = []
    left = list(sizes)
    chosen: list[int] = []

    def walk(e: int) -> None:
        if len(out) > MAX_PATHS:
            return
        if e == n:
            out.append(list(chosen))
            return
        for b in range(len(sizes)):
            if pattern[e, b] and left[b]:
                left[b] -= 1
                chosen.append(b)
                walk(e + 1)
                chosen.pop()
                left[b] += 1

    walk(0)
    return out


def bezout_number(pattern: np.ndarray, sizes: list[int]) -> int:
    """The multihomogeneous Bezout number of a 0/1 degree pattern (capped above MAX_PATHS)."""
    return len(_assignments(pattern, sizes))


def start_system(blocks: tuple[tuple[int, ...], ...], pattern: np.ndarray,
                 rng: np.random.Generator) -> StartSystem:
    """A random linear-product start system with the given block pattern."""
    n = pattern.shape[0]
    shape = (n, len(blocks))
    a0 = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    a = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    return StartSystem(blocks, pattern, a0, a)


def track(f: FloatSystem, g: StartSystem, rng: np.random.Generator,
          tick: Callable[[], None] = lambda: None) -> np.ndarray | None:
    """The endpoints at t = 1 of every path from the start roots of g (B, n), or None
    when some path fails (diverges, or its step collapses); `tick` is called every step
    (a caller's deadline)."""
    x = g.roots()
    if not len(x):
        return x
    gamma = np.exp(2j * np.pi * rng.random())
    h_sys = Homotopy.build(f, g, gamma)
    t = np.zeros(len(x))
    dt = np.full(len(x), 0.02)
    slope = _slope(h_sys, x, t)     # dx/dt at each path's point, kept between steps
    for _ in range(MAX_STEPS):
        tick()
        live = t < 1.0
        if not live.any():
            break
        idx = np.flatnonzero(live)
        h = np.minimum(dt[idx], 1.0 - t[idx])
        xs, ts = x[idx], t[idx]
        # predictor: classical Runge-Kutta along dx/dt = -H_x^-1 H_t
        k1 = slope[idx]
        k2 = _slope(h_sys, xs + (h / 2)[:, None] * k1, ts + h / 2)
        k3 = _slope(h_sys, xs + (h / 2)[:, None] * k2, ts + h / 2)
        k4 = _slope(h_sys, xs + h[:, None] * k3, ts + h)
        xn = xs + (h / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)
        tn = ts + h
        ok = np.isfinite(xn).all(axis=1)
        sizes = []
        for _k in range(3):
            hv, hxv, htv = _values(h_sys, xn, tn)
            step = _solve(hxv, -hv)
            xn = xn + step
            sizes.append(np.abs(step).max(axis=1) / (1.0 + np.abs(xn).max(axis=1)))
        # accepted: the prediction was close (no jump to another path) and Newton converges
        ok &= np.isfinite(sizes[2]) & (sizes[0] < PREDICTOR_TOL) & (sizes[2] < CORRECTOR_TOL) \
            & (sizes[1] <= 0.1 * sizes[0] + CORRECTOR_TOL)
        good, bad = idx[ok], idx[~ok]
        x[good], t[good] = xn[ok], np.where(1.0 - tn[ok] < 1e-15, 1.0, tn[ok])
        # the next k1 of an accepted path: the slope where the last correction started
        # (a relative 1e-9 from its end, far inside the predictor's error); a rejected
        # path keeps its point and so its slope
        slope[good] = _solve(hxv[ok], -htv[ok])
        factor = _step_factor(sizes[0])
        dt[good] = np.minimum(dt[good] * np.clip(factor[ok], SHRINK, GROW), MAX_STEP)
        dt[bad] *= np.clip(factor[~ok], SHRINK / 5, SHRINK)
        if (dt[bad] < MIN_STEP).any() or (np.abs(x[good]) > FAR).any():
            return None
    if (t < 1.0).any():
        return None
    return polish(f, x)


def _step_factor(first: np.ndarray) -> np.ndarray:
    """How much to scale each path's step so that the next prediction's first Newton
    step is about STEP_TARGET (the predictor's error grows as h^5). Doubling after
    every accepted step and halving after every rejected one rejected 40-50% of all
    steps (each costing seven evaluations); this rejects 10-17% on the benchmark
    games' systems, whose paths then take 0.7-0.9 times the steps."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        factor = (STEP_TARGET / first) ** 0.2
    return np.where(np.isnan(factor), SHRINK, factor)   # an exact prediction: inf, grows


def polish(f: FloatSystem, x: np.ndarray, rounds: int = 4) -> np.ndarray:
    """A few Newton steps on f."""
    for _ in range(rounds):
        vals, jac = f.evaluate(x)
        x = x + _solve(jac, -vals)
    return x


def _slope(h: Homotopy, x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """dx/dt along the path through (x, t): -H_x^-1 H_t."""
    g, d = h.parts(x)
    n = h.n
    hx = (g[n:] + d[n:] * t).T.reshape(len(x), n, n)
    return _solve(hx, -d[:n].T)


def _values(h: Homotopy, x: np.ndarray, t: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """H (N, n), H_x (N, n, n) and H_t (N, n) at (x, t)."""
    g, d = h.parts(x)
    n = h.n
    hall = (g + d * t).T
    return hall[:, :n], hall[:, n:].reshape(len(x), n, n), d[:n].T


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched linear solves; rows with a singular matrix give NaN."""
    try:
        return np.linalg.solve(a, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.nan, dtype=complex)
        for k in range(len(a)):
            try:
                out[k] = np.linalg.solve(a[k], b[k])
            except np.linalg.LinAlgError:
                pass
        return out
