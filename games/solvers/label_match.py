"""Completely labelled vertex pairs found by matching the labels of both polytopes.

Why: in a degenerate game (small integer payoffs: ties everywhere) many vertices of the
walked best-response polytope W have more tight constraints than the dimension, and
each such vertex's complementary face of the other polytope O is a polytope of its own,
solved candidate basis by candidate basis (faces.py): most of the time of a degenerate
8x8-15x15 game went there. Walking O as well (the same batched reverse search)
costs about as much as walking W, and then every extreme equilibrium is a pair of
vertices w of W and o of O whose labels together cover every label (bimatrix.py).

Matching without comparing every pair. Write L(w) for w's label mask (its zero
coordinates, then its tight rows shifted past them) and L(o) in the same label
positions (o's tight rows, then its zero coordinates), F for all labels; d_W, d_O the
dimensions. A pair is complete when L(w) | L(o) == F. A nondegenerate vertex has
exactly its dimension's number of labels, so:

- w and o nondegenerate: |L(w)| + |L(o)| = |F|, so L(o) is exactly F & ~L(w): one
  dictionary look-up per w;
- o degenerate, with f labels beyond d_O, and w nondegenerate: F & ~L(w) is L(o) with
  f of its labels dropped: one look-up per such subset of L(o);
- w degenerate (e labels beyond d_W), o nondegenerate: L(o) is F & ~L(w) plus e labels
  of L(w): one look-up per such subset;
- both degenerate (a few per cent of each side): compared directly, vectorised.

Small games (at most DIRECT_PAIRS vertex pairs) compare every pair at once instead: one
numpy step costs less than the look-ups' Python loops there. A subset enumeration
larger than SUBSETS is replaced by the direct comparison of that
vertex with the whole other side. Everything is exact (bit masks of exact labels).
"""
from __future__ import annotations

import itertools
import math
from typing import Sequence

import numpy as np

from .faces import basis_point, bits, independent_rows

SUBSETS = 64                # subsets enumerated per vertex before comparing directly
DIRECT_PAIRS = 1 << 16      # vertex pairs up to which every pair is compared at once (one
#                             numpy step costs less than the look-ups' Python loops)
BLOCK = 1 << 22             # mask comparisons per vectorised step


LABEL_BITS = 62            # label masks are compared in int64


def complete_pairs(w_labels: Sequence[int], o_labels: Sequence[int], d_w: int,
                   d_o: int) -> list[tuple[int, int]]:
    """The index pairs (k, l) with w_labels[k] | o_labels[l] covering all d_w + d_o
    labels (at most LABEL_BITS of them), each once, sorted."""
    if d_w + d_o > LABEL_BITS:
        raise ValueError(f"more than {LABEL_BITS} labels")
    full = (1 << (d_w + d_o)) - 1
    if len(w_labels) * len(o_labels) <= DIRECT_PAIRS:      # small: every pair at once
        return _direct(np.array(w_labels, dtype=np.int64), np.array(o_labels, dtype=np.int64),
                       full)
    w_nd: dict[int, int] = {}       # F & ~L(w) -> k, for nondegenerate w
    o_nd: dict[int, int] = {}       # L(o) -> l, for nondegenerate o
    w_deg: list[int] = []
    o_deg: list[int] = []
    for k, lab in enumerate(w_labels):
        if lab.bit_count() == d_w:
            w_nd[full & ~lab] = k
        else:
            w_deg.append(k)
    for k, lab in enumerate(o_labels):
        if lab.bit_count() == d_o:
            o_nd[lab] = k
        else:
            o_deg.append(k)
    pairs = {(k, o_nd[need]) for need, k in w_nd.items() if need in o_nd}
    w_side = _Side(w_labels, w_nd, full, drop=True)
    o_side = _Side(o_labels, o_nd, full, drop=False)
    for j in o_deg:                                     # w nondegenerate, o degenerate
        pairs.update((k, j) for k in w_side.completing(o_labels[j], d_o))
    for k in w_deg:                                     # w degenerate, o nondegenerate
        pairs.update((k, j) for j in o_side.completing(w_labels[k], d_w))
    if w_deg and o_deg:                                 # both degenerate
        w_sub, o_sub = np.array(w_deg), np.array(o_deg)
        for a, b in _direct(w_side.masks[w_sub], o_side.masks[o_sub], full):
            pairs.add((int(w_sub[a]), int(o_sub[b])))
    return sorted(pairs)


class _Side:
    """The nondegenerate vertices of one side, looked up by what completes them.

    `lookup` maps what a vertex of this side must equal to its index: for W (`drop`),
    F & ~L(w), which is a degenerate o's label mask less its excess labels; for O,
    L(o), which is F & ~L(w) for a degenerate w plus its excess labels."""

    def __init__(self, labels: Sequence[int], lookup: dict[int, int], full: int,
                 drop: bool) -> None:
        self.lookup, self.full, self.drop = lookup, full, drop
        self.masks = np.array(labels, dtype=np.int64)
        self.nondegenerate = np.zeros(len(labels), dtype=bool)
        self.nondegenerate[list(lookup.values())] = True

    def completing(self, lab: int, dim: int) -> list[int]:
        """This side's nondegenerate vertices completing a degenerate vertex of the
        other side (label mask `lab`, dimension `dim`)."""
        own = bits(lab)
        excess = len(own) - dim
        if math.comb(len(own), excess) > SUBSETS:
            hit = (self.masks | lab) == self.full
            return [int(k) for k in np.nonzero(hit & self.nondegenerate)[0]]
        base = lab if self.drop else self.full & ~lab
        out = []
        for chosen in itertools.combinations(own, excess):
            key = base
            for b in chosen:
                key ^= 1 << b
            if key in self.lookup:
                out.append(self.lookup[key])
        return out


def _direct(w: np.ndarray, o: np.ndarray, full: int) -> list[tuple[int, int]]:
    """Every (a, b) with w[a] | o[b] == full, block by block, sorted."""
    out: list[tuple[int, int]] = []
    step = max(1, BLOCK // max(1, len(o)))
    for s in range(0, len(w), step):
        a, b = np.nonzero((w[s:s + step, None] | o[None, :]) == full)
        out.extend(zip((a + s).tolist(), b.tolist()))
    return out


def point_of(rows: list[list[int]], zeros: int, tight: int) -> tuple[int, ...]:
    """The exact vertex of {z >= 0 : rows z <= 1} with exactly these zero coordinates
    and tight rows, as integer numerators (any positive multiple of the point): the
    tight rows, restricted to the nonzero coordinates, have full rank there, so an
    independent set of them solves for it. Checked against the labels."""
    d = len(rows[0])
    free = bits(((1 << d) - 1) & ~zeros)
    basis = independent_rows(rows, bits(tight), free)
    p = basis_point(rows, free, basis, d)
    if p is None or p.zeros != zeros or p.tight != tight:
        raise AssertionError("internal error: a walked vertex does not solve its labels")
    return p.num
