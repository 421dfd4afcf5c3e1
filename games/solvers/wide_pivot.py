"""The batched reverse search's exact pivots for dictionary entries past int64's range
(2^60 up to about 2^100), in numpy: a float and two residues per entry.

Why: from 16x16 on, the bases of random games (payoffs 0..99) have entries of 60 to
100 bits; batch_walk.py holds them exactly in int64 only below 2^60, and walked the
rest in Python integers, one basis at a time (most of a random 20x20 game's bases, and
more of its time than lrsnash's whole run).

The representation (a `Batch` whose `res` is set): each entry v is held as
- a float F with |F - v| <= REL |v| (REL = 2^-49: F has v's sign and is 0 exactly when
  v is), and
- its residues modulo two primes p1, p2 below 2^31 (product P below 2^62).
v is the one integer congruent to them nearest F: |F - v| <= REL |v| < P/8 for every
|v| below 2^100 (WIDE_BITS; a pivot admits at most about P/8 / EPS = 2^104).

A fraction-free pivot v' = (x a - f y) / D (reverse_search._Node.pivot) is computed
- exactly modulo p1 and p2 (D inverted modulo each; a basis whose D is divisible by
  one of them is pivoted in Python integers instead), and
- approximately, est = (Fx Fa - Ff Fy) / FD: with inputs within REL of the exact
  values, |est - v'| <= S 2^-47.3 where S = (|x a| + |f y|) / |D| (two products within
  2^-48 + 2^-53 each, the rounding of the difference and of the quotient, FD within
  REL); taken as err = S' 2^-45 + 1 from the floats' S' (a margin of 4 and more).
When err <= LIMIT (2^59, at most P/8), v' is the integer congruent to its residues
nearest est, whose float `_nearest` computes within REL. A basis any of whose new
entries misses the bound is pivoted in Python integers (reverse_search.py).
Children whose entries all lie below batch_walk.MID / 2 go back to exact int64 batches.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .batch_walk import Batch
    from .reverse_search import _Node

PRIMES = (2147483647, 2147483629)       # two primes below 2^31: products of residues fit
REL = 2.0 ** -49                        # a stored float is within this of its entry, relative
EPS = 2.0 ** -45                        # err of a pivot's estimate, relative to S
LIMIT = 2.0 ** 59                       # err above this: the basis is pivoted in Python
WIDE_BITS = 100                         # Python-integer nodes below 2^this join wide batches


def _data() -> tuple[int, int]:
    """The product P of the primes in use and p1's inverse modulo p2."""
    p1, p2 = PRIMES
    return p1 * p2, pow(p1, -1, p2)


def _limit() -> float:
    """err at most this: below 2^59 and P/8 (see `_nearest`)."""
    return min(LIMIT, float(_data()[0]) / 8)


def residues(values: np.ndarray) -> np.ndarray:
    """Exact int64 values modulo both primes, stacked: shape (2, *values.shape)."""
    return np.stack([values % p for p in PRIMES])


def of_int64(batch: Batch) -> Batch:
    """An exact int64 batch in the wide representation (floats rounded, residues)."""
    from .batch_walk import Batch
    return Batch(batch.rows.astype(float), batch.basis, batch.cobasis, batch.det.astype(float),
                 batch.tree, residues(batch.rows), residues(batch.det))


def of_nodes(nodes: list[_Node]) -> Batch:
    """Python-integer nodes (entries that `fits` admits) as one wide batch."""
    from .batch_walk import Batch
    rows = [v.rows for v in nodes]
    res = np.array([[[[x % p for x in row] for row in t] for t in rows] for p in PRIMES],
                   dtype=np.int64)
    dets = [v.det for v in nodes]
    return Batch(np.array(rows, dtype=float), np.array([v.basis for v in nodes], dtype=np.int64),
                 np.array([v.cobasis for v in nodes], dtype=np.int64),
                 np.array(dets, dtype=float), np.array([v.tree for v in nodes], dtype=np.int64),
                 res, np.array([[x % p for x in dets] for p in PRIMES], dtype=np.int64))


def fits(node: _Node) -> bool:
    """Whether a Python-integer node's entries are below 2^WIDE_BITS, and below
    2^-3 P / REL, so that a float within REL of one locates it modulo P."""
    most = max(max(map(abs, row)) for row in node.rows)
    return max(most, node.det).bit_length() <= min(WIDE_BITS, _data()[0].bit_length() + 45)


def _base(res: np.ndarray) -> np.ndarray:
    """The representative in [0, P) of residues modulo both primes (int64: below 2^62)."""
    p1, p2 = PRIMES
    return res[0] + p1 * ((res[1] - res[0]) % p2 * _data()[1] % p2)


def exact(F: np.ndarray, res: np.ndarray) -> list[int]:
    """The exact integers of wide entries (flattened): the ones congruent to the
    residues nearest round(F)."""
    P = _data()[0]
    base = _base(res.reshape(2, -1))
    k = np.rint((np.rint(F.ravel()) - base.astype(float)) / P)   # within 1/4 of an integer
    return [b + int(m) * P for b, m in zip(base.tolist(), k.tolist())]


def exact_rows(batch: Batch, k: int) -> tuple[list[list[int]], int]:
    """Basis k of a wide batch: its exact rows and determinant."""
    assert batch.res is not None and batch.det_res is not None
    T = batch.rows[k]
    flat = exact(T, batch.res[:, k])
    width = T.shape[1]
    rows = [flat[i:i + width] for i in range(0, len(flat), width)]
    return rows, exact(batch.det[k:k + 1], batch.det_res[:, k:k + 1])[0]


def pivot(batch: Batch, n: np.ndarray, u: np.ndarray, p: np.ndarray
          ) -> tuple[Batch, np.ndarray]:
    """Fraction-free pivots of bases n of a wide batch on (row u, column p), as
    reverse_search._Node.pivot does: the new wide batch of the bases proved, and the
    indices (into n) of those to be pivoted in Python integers instead."""
    from .batch_walk import Batch, _take
    assert batch.res is not None and batch.det_res is not None
    P = _data()[0]
    k = np.arange(len(n))
    T = batch.rows[n]
    a, col, prow, det = T[k, u, p], T[k, :, p], T[k, u, :], batch.det[n]
    left = T * a[:, None, None]
    right = col[:, :, None] * prow[:, None, :]
    detf = det[:, None, None]
    est = (left - right) / detf
    err = (np.abs(left) + np.abs(right)) / np.abs(detf) * EPS + 1.0
    ok = (err <= _limit()).all(axis=(1, 2))
    R, Rd = batch.res[:, n], batch.det_res[:, n]
    new_res = np.empty_like(R)
    for j, q in enumerate(PRIMES):
        x, d = R[j], Rd[j]
        inverse = np.array([pow(v, -1, q) if v else 0 for v in d.tolist()], dtype=np.int64)
        ok &= d != 0
        ra, rc, rp = x[k, u, p], x[k, :, p], x[k, u, :]
        y = (x * ra[:, None, None] - rc[:, :, None] * rp[:, None, :] % q) % q
        new_res[j] = y * inverse[:, None, None] % q
    F = _nearest(est, new_res, P)
    # the pivot row and column: copies of the old ones (the formula is not theirs)
    F[k, u, :] = prow
    F[k, :, p] = -col
    F[k, u, p] = det
    for j, q in enumerate(PRIMES):
        x = R[j]
        new_res[j][k, u, :] = x[k, u, :]
        new_res[j][k, :, p] = (-x[k, :, p]) % q
        new_res[j][k, u, p] = Rd[j]
    basis, cobasis = batch.basis[n], batch.cobasis[n]
    leaving = basis[k, u]
    basis[k, u] = cobasis[k, p]
    cobasis[k, p] = leaving
    new_det_res = np.stack([R[j][k, u, p] for j in range(2)])
    out = Batch(F, basis, cobasis, a, batch.tree[n], new_res, new_det_res)
    return _take(out, ok), np.flatnonzero(~ok)


def _nearest(est: np.ndarray, res: np.ndarray, P: int) -> np.ndarray:
    """The float of each v within REL of it, v the integer congruent to `res` (modulo
    both primes) nearest `est` (|est - v| <= P/8 and |est| below about 2^42 P): v =
    v0 + k P with v0 the residues' representative in [0, P) and k = round((est - v0)
    / P) (the quotient within 1/8 + 2^-9 of that integer). For |k| <= 1, v is an exact
    int64 (|v| < 2P < 2^63), rounded once; beyond, |v| >= |k| P / 2 >= P and the float
    k P + v0 (P, k P, v0 and the sum rounded once each) is within 6 units in the last
    place of v."""
    v0 = _base(res)
    k = np.rint((np.where(np.isfinite(est), est, 0.0) - v0.astype(float)) / float(P))
    near = np.abs(k) <= 1
    plain = (v0 + np.where(near, k, 0).astype(np.int64) * P).astype(float)
    return np.where(near, plain, k * float(P) + v0.astype(float))


def narrow(batch: Batch, mid: int) -> tuple[Batch | None, Batch | None]:
    """Split a wide batch into the bases whose entries all lie below `mid` / 2 (and
    P/4) in magnitude, as an exact int64 batch (their values from the residues modulo
    P, centred: |v| < P/2), and the others, still wide."""
    from .batch_walk import Batch, _take
    assert batch.res is not None and batch.det_res is not None
    half = min(mid / 2, _data()[0] / 4)
    low = (np.abs(batch.rows) < half).all(axis=(1, 2)) & (np.abs(batch.det) < half)
    if not low.any():
        return None, batch
    P = _data()[0]

    def centred(res: np.ndarray) -> np.ndarray:
        v = _base(res)
        return np.where(v > P // 2, v - P, v)

    part = _take(batch, low)
    assert part.res is not None and part.det_res is not None
    exact_part = Batch(centred(part.res), part.basis, part.cobasis, centred(part.det_res),
                       part.tree)
    return exact_part, (_take(batch, ~low) if not low.all() else None)
