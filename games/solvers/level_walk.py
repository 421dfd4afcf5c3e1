"""Every lex-feasible basis of small polytopes, breadth first, one level at a time.

Why: batch_walk walks the reverse-search tree depth first, one batched step per
level of the stack it unwinds: 13-15 steps for the two polytopes of an 8x8 game,
21-25 at 10x10, 50-130 at 12x12, and at these sizes a step's time is mostly numpy's
fixed costs. The reverse search's children of a basis are among the pivots on its
columns of negative cost (batch_walk._children), and its tree reaches every basis;
so the bases one such pivot away from each basis of a level, less those already
seen, are the next level, and every basis is reached: 7-8 levels at 8x8, 10-15 at
10x10, no parent test. The price is memory: the key of every basis seen (a bit mask
of its cobasic variables, the walk's index above them; a pivot on a column of
negative cost raises the perturbed objective strictly, so a basis may be reached
again from any later level, not only from its neighbours' levels) and one level of
bases are held, so the 2-player solver walks this way small square games only
(pairing.py). The bases visited are the reverse search's, each once (tested).

Exactness is batch_walk's: int64 entries below 2^31 plainly, below 2^60 by
residues, and bases beyond in Python integers (reverse_search._Node), walked
alongside.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import numpy as np

from . import batch_walk
from .batch_walk import Batch, Visits, _batch_of, _listed, _pivot, _ratio_rows, _visits, \
    level_visits

if TYPE_CHECKING:
    from .reverse_search import _Node, _Walk

KEY_BITS = 62                   # r + d + bits of the walk index must fit an int64 key
BATCH = 1024                    # bases of a level pivoted together at most


def fits(walks: list[_Walk]) -> bool:
    """Whether the walks' bases can be named by int64 keys."""
    return walks[0].r + walks[0].d + max(1, len(walks)).bit_length() <= KEY_BITS


def level_batches(walks: list[_Walk]) -> Iterator[Visits]:
    """Every lex-feasible basis of each walk's dictionary (one shape for all), the
    origins first, then level by level; one `Visits` per batched step."""
    from .reverse_search import _Node
    r, d = walks[0].r, walks[0].d
    if any((w.r, w.d) != (r, d) for w in walks) or not fits(walks):
        raise ValueError("a level walk's polytopes share one dictionary shape and fit "
                         "int64 keys")
    width = r + d
    roots = [_Node(w.start, [-1] + list(range(d, d + r)), list(range(d)), 1, t)
             for t, w in enumerate(walks)]
    yield _listed([_report(v, walks) for v in roots])
    seen = {_node_key(v, width) for v in roots}
    batches, python = _sorted(roots)
    while batches or python:
        next_batches: list[Batch] = []
        next_python: list[_Node] = []
        for batch in batches:
            for k in range(0, len(batch), BATCH):
                part = _part(batch, k)
                kids, cobasic, spilled = _children(part, walks, width, seen)
                if len(kids):
                    yield level_visits(kids, cobasic) if cobasic is not None else \
                        _visits(kids)
                    next_batches.append(kids)
                if spilled:
                    yield _listed([_report(v, walks) for v in spilled])
                    next_python.extend(spilled)
        for node in python:
            kids_py = _python_children(node, walks, width, seen)
            if kids_py:
                yield _listed([_report(v, walks) for v in kids_py])
                next_python.extend(kids_py)
        fit, python = _sorted(next_python)
        batches = next_batches + fit


def _part(batch: Batch, k: int) -> Batch:
    which = slice(k, k + BATCH)
    return Batch(batch.rows[which], batch.basis[which], batch.cobasis[which],
                 batch.det[which], batch.tree[which])


def _children(batch: Batch, walks: list[_Walk], width: int, seen: set[int]
              ) -> tuple[Batch, np.ndarray | None, list[_Node]]:
    """The bases one step up from the batch's (columns of negative cost entering)
    not `seen` before (added to it): pivoted (int64 ones as a batch, with the bit
    masks of their cobasic variables when every fresh pivot fit it, and those too
    large as Python nodes)."""
    T = batch.rows
    d = batch.cobasis.shape[1]
    small = bool(T.max() < batch_walk.SMALL and T.min() > -batch_walk.SMALL
                 and batch.det.max() < batch_walk.SMALL)
    n, p = np.nonzero(T[:, 0, :d] < 0)
    u, keep = _ratio_rows(batch, n, p, walks[0], small)
    n, p, u = n[keep], p[keep], u[keep]
    one = np.int64(1)
    cob = batch.cobasis
    mask = (one << cob).sum(axis=1) | (batch.tree << width)
    keys = mask[n] ^ (one << cob[n, p]) | (one << batch.basis[n, u])
    fresh = []
    for k, key in enumerate(keys.tolist()):
        if key not in seen:
            seen.add(key)
            fresh.append(k)
    new = np.array(fresh, dtype=np.intp)
    kids, spilled = _pivot(batch, n[new], u[new], p[new], small)
    cobasic = keys[new] & ((one << width) - 1) if not spilled else None
    return kids, cobasic, spilled


def _python_children(node: _Node, walks: list[_Walk], width: int, seen: set[int]
                     ) -> list[_Node]:
    """`_children` of one basis held in Python integers."""
    from .reverse_search import _candidates
    walk = walks[node.tree]
    base = _node_key(node, width)
    out = []
    for p in _candidates(node):
        u = walk.ratio_row(node, p)
        if u is None:
            continue
        key = base ^ (1 << node.cobasis[p]) | (1 << node.basis[u])
        if key in seen:
            continue
        seen.add(key)
        out.append(node.pivot(u, p))
    return out


def _node_key(node: _Node, width: int) -> int:
    return sum(1 << v for v in node.cobasis) | (node.tree << width)


def _sorted(nodes: list[_Node]) -> tuple[list[Batch], list[_Node]]:
    """Python-integer nodes as a batch where their entries fit int64's range, the
    others as they are."""
    fit = [v for v in nodes if _small_enough(v)]
    rest = [v for v in nodes if not _small_enough(v)]
    return ([_batch_of(fit)] if fit else []), rest


def _small_enough(node: _Node) -> bool:
    mid = batch_walk.MID
    return max(map(max, node.rows)) < mid and min(map(min, node.rows)) > -mid \
        and node.det < mid


def _report(node: _Node, walks: list[_Walk]) -> tuple[int, tuple[int, int, tuple[int, ...], int]]:
    """A Python-integer basis as a visit: walk index, zero and tight masks, point, D."""
    from .reverse_search import _labels, _vertex_of
    walk = walks[node.tree]
    raw = node.basis, node.cobasis, [row[-1] for row in node.rows], node.det
    zeros, tight = _labels(raw, walk.r, walk.d)
    return node.tree, (zeros, tight, _vertex_of(raw, walk.d), node.det)
