"""Lexicographic reverse search with many bases at once, exact, in int64 numpy arrays.

Why: the reverse search (reverse_search.py) spends its time on small dictionaries,
about (r+1) x (d+1) integers per basis: pure Python pays an interpreter step per
entry, and numpy pays a fixed cost per call that is larger than the work on one
dictionary. Here the tree is walked a batch of bases at a time (every child of a
batch of nodes is found, then pivoted to, in a few vectorised steps), so numpy's fixed
costs are shared by up to BATCH bases. The set of bases visited is the same as a
depth-first walk's (the tree is fixed by the bases; only the visiting order differs).

Exactness: every dictionary entry is held exactly (as an int64 integer below 2^60).
- While every |entry| of a batch is below 2^31 (degenerate games with small payoffs
  stay there: the 0..3 games of benchmarks/bench_lrs.py need at most 22 bits at
  15x15), products of two entries are below 2^62 and differences of two products
  below 2^63: the fraction-free pivot (x*a - f*y) / D and the parent test are plain
  int64 arithmetic, and the division is exact.
- Entries up to 2^60 (random games with payoffs 0..99 reach 30-60 bits at 10x10 to
  15x15): each new entry v = (x*a - f*y)/D is known two ways, both cheap in int64:
  approximately, as the float quotient est, within a rigorous rounding bound err;
  and exactly modulo the prime P1 = 2^31 - 1 (products of residues stay below 2^62,
  D inverted modulo P1). When err < P1/4, v is the one integer congruent to it modulo
  P1 within P1/2 of round(est). Most bases skip the residues: the numerator modulo
  2^64 (wrapping uint64 products) divided exactly by D gives v itself when every v of
  the basis is below 2^(62-k), 2^k the power of two in D (`_wrapped_quotient`). The
  parent test's signs are read from floats when the margin exceeds the rounding bound
  and decided in Python integers otherwise; the ratio test's near ties, from floats
  where the margin allows and from int64 differences wrapped modulo 2^64 elsewhere.
- Floats only *locate* the least ratio of the ratio test: every true minimum is among
  the rows whose float ratio is within 2^-48 (relative) of the float minimum (the float
  ratio of two integers is within 3 units in the last place of the true one), and when
  more than one row is there they are compared exactly (then lexicographically).
- Beyond 2^60 (random games from 16x16), a basis is held wide (wide_pivot.py): each
  entry as a float within 2^-49 of it and its residues modulo two primes; its children
  come back to int64 when their entries do. Ratio tests and parent tests read the
  floats with wider margins, and decide near ties in Python integers, rebuilt exactly.
- A basis whose entries would pass what wide batches prove (about 2^100, or whose D is
  divisible by one of the primes) is walked by the Python-integer code of
  reverse_search.py, its children batched again when they fit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Union

import numpy as np

if TYPE_CHECKING:
    from .reverse_search import _Node, _Walk

BATCH = 512                     # bases pivoted together at most ...
BATCH_ENTRIES = 30_000_000      # ... and fewer in large dictionaries: bases x entries x
                                # columns at most this, as each base's children are pivoted
                                # at once (a tied 150x150 game's steps took gigabytes)
GATHER = 64                     # Python-integer nodes that fit, gathered into one batch
SMALL = 1 << 31                 # entries below this: plain int64 arithmetic
MID_BITS = 60                   # entries below 2^this: int64 values, pivots by CRT (also the
                                # walk estimate's line between int64 and wider bases)
MID = 1 << MID_BITS
P1 = 2147483647                 # 2^31 - 1, a prime
EPS = 2.0 ** -50                # a generous bound on float rounding, relative


@dataclass
class Batch:
    """Bases of one dictionary shape: rows (N, r+1, d+1), the basic variable of each
    row (N, r+1; row 0 unused, -1), the cobasic variable of each column (N, d), the
    basis determinants (N,)."""

    rows: np.ndarray
    basis: np.ndarray
    cobasis: np.ndarray
    det: np.ndarray
    tree: np.ndarray            # (N,): which walk of a forest each basis belongs to
    res: np.ndarray | None = None       # wide batches (wide_pivot.py): rows and det are
    det_res: np.ndarray | None = None   # floats, these their residues (2, N, ...)

    def __len__(self) -> int:
        return len(self.det)


# what a visited basis is reported as: its vertex's zero and tight masks, its point
# as numerators over the determinant, and the determinant
Visit = tuple[int, int, tuple[int, ...], int]
_Item = Union[Batch, "tuple[_Node, list[tuple[int, int]]]"]


def bases(walk: _Walk) -> Iterator[Visit]:
    """Every lex-feasible basis of `walk`'s dictionary, the origin's first."""
    for _, visit in forest([walk]):
        yield visit


def forest(walks: list[_Walk]) -> Iterator[tuple[int, Visit]]:
    """Every lex-feasible basis of each walk's dictionary, with the walk's index, the
    origins first. Walks of one dictionary shape share their batches (for two small
    polytopes numpy's fixed costs per step, most of their walks' time, are paid once
    for both); the bases visited are each walk's alone."""
    for part in forest_batches(walks):
        yield from part


@dataclass
class Visits:
    """The bases of one batched step, column by column: walk index, zero and tight
    masks, points (an int64 array, or tuples) and determinants. A caller keeping only
    new vertices builds a point tuple for those alone (`point`)."""

    trees: list[int]
    zeros: list[int]
    tight: list[int]
    points: np.ndarray | list[tuple[int, ...]] | None   # None: read when first asked,
    dets: list[int]                                     # from `basis` and `rhs`
    rhs: np.ndarray | None = None   # the bases' right-hand sides (N, r), when batched
    degenerate: int | None = None   # bases at degenerate vertices, once counted
    arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None   # trees, zeros and
    #                                 tight as int64 arrays, when batched (masks below 2^62)
    basis: np.ndarray | None = None     # the bases' basic variables (N, r) and the
    dim: int = 0                        # dimension d, for points read when asked

    def __len__(self) -> int:
        return len(self.trees)

    def degenerate_bases(self, d: int) -> int:
        """How many of the step's bases are at degenerate vertices (more than `d` zero
        coordinates and tight rows; a basic variable at zero): a tie makes a vertex
        have several bases. Counted when first asked."""
        if self.degenerate is None:
            self.degenerate = (int((self.rhs == 0).any(axis=1).sum()) if self.rhs is not None
                               else sum(z.bit_count() + t.bit_count() > d
                                        for z, t in zip(self.zeros, self.tight)))
        return self.degenerate

    def label_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Walk indices, zero masks and tight masks as int64 arrays (for callers that
        handle a step's labels in numpy; the masks must fit int64: r + d <= 62)."""
        if self.arrays is None:
            self.arrays = (np.array(self.trees, dtype=np.int64),
                           np.array(self.zeros, dtype=np.int64),
                           np.array(self.tight, dtype=np.int64))
        return self.arrays

    def point(self, k: int) -> tuple[int, ...]:
        if self.points is None:         # read from its basis (few are asked for)
            assert self.basis is not None and self.rhs is not None
            point = [0] * self.dim
            for var, value in zip(self.basis[k].tolist(), self.rhs[k].tolist()):
                if var < self.dim:
                    point[var] = value
            return tuple(point)
        p = self.points[k]
        return p if isinstance(p, tuple) else tuple(p.tolist())

    def __iter__(self) -> Iterator[tuple[int, Visit]]:
        for k, (t, z, ti, det) in enumerate(zip(self.trees, self.zeros, self.tight, self.dets)):
            yield t, (z, ti, self.point(k), det)


def _listed(visits: list[tuple[int, Visit]]) -> Visits:
    """Visits given one by one, as one step's `Visits`."""
    return Visits([t for t, _ in visits], [v[0] for _, v in visits], [v[1] for _, v in visits],
                  [v[2] for _, v in visits], [v[3] for _, v in visits])


def forest_batches(walks: list[_Walk]) -> Iterator[Visits]:
    """`forest`'s bases, one `Visits` per batched step (no Python object per basis)."""
    from .reverse_search import _Node
    shape = {(w.r, w.d) for w in walks}
    if len(shape) > 1:
        raise ValueError("a forest's walks share one dictionary shape")
    stack: list[_Item] = []
    waiting: list[_Node] = []       # Python-integer nodes that fit, batched together
    wide: list[_Node] = []          # ... and those that fit wide batches (wide_pivot.py)
    roots = []
    for t, walk in enumerate(walks):
        r, d = walk.r, walk.d
        roots.append(_Node(walk.start, [-1] + list(range(d, d + r)), list(range(d)), 1, t))
    # bases pivoted at once: each one's children are built together, so their number
    # times the dictionary's entries and columns stays within BATCH_ENTRIES
    r, d = walks[0].r, walks[0].d
    size = max(1, min(BATCH, BATCH_ENTRIES // (r * (d + 1) * d)))
    gather = min(GATHER, size)
    # small batches of children (fewer than `gather` bases: the int64 and the wide ones
    # of a step are apart), held and joined, so that numpy's fixed costs stay shared
    held: tuple[list[Batch], list[Batch]] = ([], [])
    yield _listed(list(_enter(roots, walks, stack, waiting, wide)))
    while stack or waiting or wide or held[0] or held[1]:
        if len(waiting) >= gather or (waiting and not stack):
            _push(stack, _batch_of(waiting), size)
            waiting = []
        if len(wide) >= gather or (wide and not stack):
            from .wide_pivot import of_nodes
            _push(stack, of_nodes(wide), size)
            wide = []
        for group in held:
            if group and (not stack or sum(map(len, group)) >= gather):
                _push(stack, _join(group), size)
                group.clear()
        item = stack.pop()
        if isinstance(item, Batch):
            batches, python = _children(item, walks[0])
            for kids in batches:
                for k in range(0, len(kids), size):
                    part = _take(kids, slice(k, k + size))
                    yield _visits(part)
                    if len(part) < gather:
                        held[part.res is not None].append(part)
                    else:
                        stack.append(part)
            if python:
                yield _listed(list(_enter(python, walks, stack, waiting, wide)))
            continue
        node, todo = item
        if todo:
            u, p = todo.pop()
            stack.append(item)
            yield _listed(list(_enter([node.pivot(u, p)], walks, stack, waiting, wide)))


def _push(stack: list[_Item], batch: Batch, size: int) -> None:
    """Put a batch on the stack in parts of at most `size` bases."""
    if len(batch) <= size:
        stack.append(batch)
        return
    stack.extend(_take(batch, slice(k, k + size)) for k in range(0, len(batch), size))


def _join(batches: list[Batch]) -> Batch:
    """Batches of one kind (all int64, or all wide) as one."""
    if len(batches) == 1:
        return batches[0]

    def cat(name: str, axis: int = 0) -> np.ndarray:
        return np.concatenate([getattr(b, name) for b in batches], axis=axis)
    wide = batches[0].res is not None
    return Batch(cat("rows"), cat("basis"), cat("cobasis"), cat("det"), cat("tree"),
                 cat("res", 1) if wide else None, cat("det_res", 1) if wide else None)


def _enter(nodes: list[_Node], walks: list[_Walk], stack: list[_Item], waiting: list[_Node],
           wide: list[_Node]) -> Iterator[tuple[int, Visit]]:
    """Report Python-integer nodes and queue them: with the nodes `waiting` to be
    batched when they fit int64, with the `wide` ones when they fit wide batches, as
    nodes of the Python walk otherwise."""
    from .reverse_search import _labels, _vertex_of
    from .wide_pivot import fits
    for node in nodes:
        walk = walks[node.tree]
        raw = node.basis, node.cobasis, [row[-1] for row in node.rows], node.det
        zeros, tight = _labels(raw, walk.r, walk.d)
        yield node.tree, (zeros, tight, _vertex_of(raw, walk.d), node.det)
        if max(map(max, node.rows)) < MID and min(map(min, node.rows)) > -MID \
                and node.det < MID:
            waiting.append(node)
        elif fits(node):
            wide.append(node)
        else:
            stack.append((node, walk.children(node)))


def _batch_of(nodes: list[_Node]) -> Batch:
    """Python-integer nodes (entries below MID) as one batch."""
    return Batch(np.array([v.rows for v in nodes], dtype=np.int64),
                 np.array([v.basis for v in nodes], dtype=np.int64),
                 np.array([v.cobasis for v in nodes], dtype=np.int64),
                 np.array([v.det for v in nodes], dtype=np.int64),
                 np.array([v.tree for v in nodes], dtype=np.int64))


def _visits(batch: Batch) -> Visits:
    """The vertex of every basis of the batch, read from its exact right-hand sides:
    a coordinate is nonzero when it is basic with a nonzero value, a row tight when
    its slack is cobasic or basic at zero."""
    from .reverse_search import _labels, _vertex_of
    N, R, D1 = batch.rows.shape
    r, d = R - 1, D1 - 1
    basis, rhs, cob = batch.basis[:, 1:], batch.rows[:, 1:, d], batch.cobasis
    if r + d > 62:                      # masks beyond int64: one basis at a time
        if batch.res is not None:
            batch = _exact_batch(batch)
        out = []
        for t, raw in zip(batch.tree.tolist(), zip(batch.basis.tolist(), cob.tolist(),
                                                    batch.rows[:, :, d].tolist(),
                                                    batch.det.tolist())):
            zeros, tight = _labels(raw, r, d)
            out.append((t, (zeros, tight, _vertex_of(raw, d), raw[3])))
        return _listed(out)
    struct = basis < d
    one = np.int64(1)
    nonzero = np.where(struct & (rhs != 0), one << np.where(struct, basis, 0), 0).sum(axis=1)
    tight = np.where(~struct & (rhs == 0), one << np.where(struct, 0, basis - d), 0).sum(axis=1)
    slack = cob >= d
    tight += np.where(slack, one << np.where(slack, cob - d, 0), 0).sum(axis=1)
    zeros = ((1 << d) - 1) ^ nonzero
    if batch.res is not None:           # wide: the points and dets as exact integers
        return _wide_visits(batch, zeros.tolist(), tight.tolist())
    return Visits(batch.tree.tolist(), zeros.tolist(), tight.tolist(), _points(basis, rhs, d),
                  batch.det.tolist(), rhs, arrays=(batch.tree, zeros, tight))


def _points(basis: np.ndarray, rhs: np.ndarray, d: int) -> np.ndarray:
    """Each basis's vertex as numerators over its determinant: its basic structural
    variables (index below d) at their right-hand sides, zeros elsewhere."""
    point = np.zeros((len(basis), d), dtype=np.int64)
    n, i = np.nonzero(basis < d)
    point[n, basis[n, i]] = rhs[n, i]
    return point


def level_visits(batch: Batch, cobasic: np.ndarray) -> Visits:
    """`_visits` of an int64 batch whose cobasic variables' bit masks are known
    (`cobasic`, as the level walk's keys hold them), in fewer numpy steps (the walk of
    a small game is mostly numpy's fixed cost per step): a vertex's labels are the
    variables at zero, the cobasic ones and the basic ones of zero right-hand side,
    structural variables (index below d) its zero coordinates and slacks its tight
    rows; its point is read when asked (`Visits.point`)."""
    d = batch.cobasis.shape[1]
    basis, rhs = batch.basis[:, 1:], batch.rows[:, 1:, d]
    labels = cobasic | np.where(rhs == 0, np.int64(1) << basis, 0).sum(axis=1)
    zeros = labels & ((1 << d) - 1)
    tight = labels >> d
    return Visits(batch.tree.tolist(), zeros.tolist(), tight.tolist(), None,
                  batch.det.tolist(), rhs, arrays=(batch.tree, zeros, tight), basis=basis,
                  dim=d)


def _wide_visits(batch: Batch, zeros: list[int], tight: list[int]) -> Visits:
    """`_visits` of a wide batch: its masks given, its points and determinants read
    exactly from the floats and residues (wide_pivot.exact)."""
    from .wide_pivot import exact
    assert batch.res is not None and batch.det_res is not None
    N, R, D1 = batch.rows.shape
    d = D1 - 1
    rhs = batch.rows[:, 1:, d]
    values = exact(rhs, batch.res[:, :, 1:, d])
    dets = exact(batch.det, batch.det_res)
    points = []
    for k, row in enumerate(batch.basis[:, 1:].tolist()):
        point = [0] * d
        for i, var in enumerate(row):
            if var < d:
                point[var] = values[k * (R - 1) + i]
        points.append(tuple(point))
    return Visits(batch.tree.tolist(), zeros, tight, points, dets, rhs)


def _take(batch: Batch, which: slice | np.ndarray) -> Batch:
    return Batch(batch.rows[which], batch.basis[which], batch.cobasis[which], batch.det[which],
                 batch.tree[which], None if batch.res is None else batch.res[:, which],
                 None if batch.det_res is None else batch.det_res[:, which])


def _node(batch: Batch, k: int) -> _Node:
    """Basis k of the batch as a Python-integer node."""
    from .reverse_search import _Node
    if batch.res is not None:
        from .wide_pivot import exact_rows
        rows, det = exact_rows(batch, k)
        return _Node(rows, batch.basis[k].tolist(), batch.cobasis[k].tolist(), det,
                     int(batch.tree[k]))
    return _Node(batch.rows[k].tolist(), batch.basis[k].tolist(), batch.cobasis[k].tolist(),
                 int(batch.det[k]), int(batch.tree[k]))


def _exact_batch(batch: Batch) -> Batch:
    """A wide batch with its entries as exact Python integers (object arrays)."""
    nodes = [_node(batch, k) for k in range(len(batch))]
    rows = np.empty(batch.rows.shape, dtype=object)
    for k, v in enumerate(nodes):
        rows[k] = v.rows
    det = np.empty(len(nodes), dtype=object)
    det[:] = [v.det for v in nodes]
    return Batch(rows, batch.basis, batch.cobasis, det, batch.tree)


def _children(batch: Batch, walk: _Walk) -> tuple[list[Batch], list[_Node]]:
    """Every child of every basis of the batch: as batches (exact int64 ones, and wide
    ones, wide_pivot.py), and those whose entries are too large for both as
    Python-integer nodes."""
    T = batch.rows
    d = batch.cobasis.shape[1]
    wide = batch.res is not None
    small = not wide and bool(T.max() < SMALL and T.min() > -SMALL
                              and batch.det.max() < SMALL)
    n, p = np.nonzero(T[:, 0, :d] < 0)
    u, keep = _ratio_rows(batch, n, p, walk, small)
    n, p, u = n[keep], p[keep], u[keep]
    child = _parent_test(batch, n, p, u, small)
    n, p, u = n[child], p[child], u[child]
    if wide:
        return _wide_children(batch, n, u, p)
    kids, rest = _pivot_split(batch, n, u, p, small)
    if not len(rest):
        return [kids], []
    from .wide_pivot import of_int64
    more, python = _wide_children(of_int64(_take(batch, n[rest])), np.arange(len(rest)),
                                  u[rest], p[rest])
    return [kids, *more], python


def _ratio_rows(batch: Batch, n: np.ndarray, p: np.ndarray, walk: _Walk, small: bool
                ) -> tuple[np.ndarray, np.ndarray]:
    """The leaving row of each candidate (basis n, column p) by the lexicographic
    minimum ratio test, and a mask of the candidates that have one. Near ties of the
    float ratios are decided exactly: vectorised while the entries fit int64 (a
    degenerate walk's tie-breaks, one Python call each, were most of its time once its
    entries passed 2^31), in Python integers otherwise."""
    T = batch.rows
    d = batch.cobasis.shape[1]
    col = T[n, 1:, p]
    pos = col > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(pos, T[n, 1:, d] / col, np.inf)
    best = ratio.min(axis=1)
    # a wide batch's floats are within 2^-49 of their entries: ratios within 2^-46.9
    tol = 2.0 ** -48 if batch.res is None else 2.0 ** -45
    hits = pos & (ratio <= best[:, None] * (1 + tol))
    u = hits.argmax(axis=1) + 1
    keep = np.isfinite(best)
    multi = np.flatnonzero(keep & (hits.sum(axis=1) > 1))
    if multi.size and batch.res is None:    # int64 entries: vectorised, exact
        u[multi], unproved = _lex_least(batch, n[multi], p[multi], hits[multi], small)
        multi = multi[unproved]
    nodes: dict[int, _Node] = {}    # a basis has many candidates: converted once
    for k in multi.tolist():
        at = int(n[k])
        if at not in nodes:
            nodes[at] = _node(batch, at)
        node = nodes[at]
        ties = (np.flatnonzero(hits[k]) + 1).tolist()
        u[k] = _exact_least(node, ties, int(p[k]), walk)
    return u, keep


def _lex_least(batch: Batch, n: np.ndarray, p: np.ndarray, rows: np.ndarray,
               small: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The leaving row of candidates whose float ratios tied among `rows` (a mask
    over rows 1..r), for int64 entries, and a mask of the candidates whose meetings
    could not all be decided (entries near 2^60, `_cross_signs`; none when `small`,
    entries below 2^31, whose products fit int64); the least ratio
    rhs / entry compared exactly, then the lexicographic rule of
    reverse_search._Walk.lex_break: the rows of B^-1 (its slack columns in order),
    each divided by its entry, the lexicographically least one leaving. Both at once:
    the least of the vectors [rhs | row of B^-1] / entry over the tied rows, by a
    knockout tournament (a meeting per tied row, a dozen numpy calls each, was most
    of a degenerate walk's time at 8x8). Only the columns of cobasic slacks are read
    (`_Tie`): a basic slack's column of B^-1 is D times a unit vector, which puts its
    row out at the slack's place in the order (reading the whole of B^-1 for up to
    300 tied rows was most of a tied 300x300 walk's time)."""
    counts = rows.sum(axis=1)
    tie = _Tie.of(batch, n)
    out = np.empty(len(n), dtype=np.int64)
    unproved = np.zeros(len(n), dtype=bool)
    # most ties are of two rows: one meeting, without padding to the widest tie (worth
    # its fixed cost on many candidates only)
    pair = counts == 2 if len(n) >= PAIRS_APART else np.zeros(len(n), dtype=bool)
    if pair.any():
        k = np.flatnonzero(pair)
        out[k], unproved[k] = _lex_knockout(tie, k, p[k], rows[k], counts[k], 2, small)
    more = np.flatnonzero(~pair)
    if more.size:
        width = int(counts[more].max())
        step = max(1, _KNOCKOUT_ENTRIES // (width * tie.cols.shape[1]))
        for s in range(0, len(more), step):
            part = more[s:s + step]
            out[part], unproved[part] = _lex_knockout(tie, part, p[part], rows[part],
                                                      counts[part], width, small)
    return out + 1, unproved


_KNOCKOUT_ENTRIES = 1 << 20         # int64 entries of one tournament block
PAIRS_APART = 64                    # tied candidates from which two-row ties go apart


@dataclass(frozen=True)
class _Tie:
    """What the lexicographic tie-break of candidates reads from their bases: for each
    candidate, the row of its basis in the batch (`m`); for each such basis, the
    dictionary columns of [rhs | its cobasic slacks in order of the slacks] (`cols`,
    padded with the rhs column) and the slack of each (`slack`: -1 for the rhs, SPAN
    for a pad); for every row of every basis of the batch, the slack basic there
    (`basic`, SPAN where a structural variable is)."""

    T: np.ndarray
    m: np.ndarray               # (K,): index of each candidate's basis in the batch
    g: np.ndarray               # (K,): ... in `cols` and `slack`
    cols: np.ndarray            # (U, L)
    slack: np.ndarray           # (U, L)
    basic: np.ndarray           # (N, r + 1)
    span: int

    @staticmethod
    def of(batch: Batch, n: np.ndarray) -> _Tie:
        """The tie-break data of candidates on bases n of the batch."""
        d = batch.cobasis.shape[1]
        span = d + batch.rows.shape[1]          # beyond every slack's index (d + r)
        used, g = np.unique(n, return_inverse=True)
        cob = batch.cobasis[used]
        key = np.where(cob >= d, cob, span)
        order = np.argsort(key, axis=1, kind="stable")
        width = int((cob >= d).sum(axis=1).max()) if len(used) else 0
        key = np.take_along_axis(key, order[:, :width], axis=1)
        first = np.full((len(used), 1), d)
        cols = np.concatenate([first, np.where(key < span, order[:, :width], d)], axis=1)
        slack = np.concatenate([np.full((len(used), 1), -1), key], axis=1)
        basic = np.where(batch.basis >= d, batch.basis, span)
        return _Tie(batch.rows, n, g.reshape(-1), cols, slack, basic, span)


def _lex_knockout(tie: _Tie, k: np.ndarray, p: np.ndarray, rows: np.ndarray,
                  counts: np.ndarray, width: int, small: bool = True
                  ) -> tuple[np.ndarray, np.ndarray]:
    """For candidates k (indices into tie.m) with pivot columns p, the index (0-based,
    over rows 1..r) of the lexicographically least [rhs | row of B^-1] / entry among
    the `rows` of each. B^-1 has full rank, so no two rows are proportional and the
    least is unique. A knockout tournament, all candidates at once; log2 of the
    number of tied rows rounds. A meeting of rows i and j is decided at the first
    place where their vectors differ (cross-multiplied by the pivot column's entries,
    a > 0): the first of the first column read (the rhs, then the cobasic slacks in
    order) where vec_i a_j - vec_j a_i is nonzero, and the basic slack of either row,
    whose column is D times that row's unit vector (D > 0: that row is the larger).
    Off the small path the signs come from `_cross_signs`; the second array marks
    the candidates it could not decide (their answer is to be found otherwise)."""
    T = tie.T
    m, g = tie.m[k], tie.g[k]
    # the tied rows of each candidate first, in order, padded with its first tied row
    order = np.argsort(~rows, axis=1, kind="stable")[:, :width]
    idx = np.where(np.arange(width) < counts[:, None], order, order[:, :1]) + 1
    vec = T[m[:, None, None], idx[:, :, None], tie.cols[g][:, None, :]]     # (K, W, L)
    a = T[m[:, None], idx, p[:, None]]                                      # (K, W), > 0
    basic = tie.basic[m[:, None], idx]                                      # (K, W)
    slack = tie.slack[g]                                                    # (K, L)
    K = np.arange(len(k))[:, None]
    unproved = np.zeros(len(k), dtype=bool)
    while idx.shape[1] > 1:                 # a knockout round: pairs (0, 1), (2, 3), ...
        if idx.shape[1] % 2:                # an odd one out meets itself (a draw)
            idx, vec, a, basic = (np.concatenate([x, x[:, -1:]], axis=1)
                                  for x in (idx, vec, a, basic))
        if small:
            diff = vec[:, 0::2] * a[:, 1::2, None] - vec[:, 1::2] * a[:, 0::2, None]
        else:
            diff, unsure = _cross_signs(vec[:, 0::2], a[:, 1::2, None], vec[:, 1::2],
                                        a[:, 0::2, None])
            unproved |= unsure.any(axis=(1, 2))
        nonzero = diff != 0
        first = nonzero.argmax(axis=2)
        at = np.where(nonzero.any(axis=2), slack[K, first], tie.span)
        larger = np.take_along_axis(diff, first[..., None], axis=2)[..., 0] > 0
        bi, bj = basic[:, 0::2], basic[:, 1::2]
        right = np.where(np.minimum(bi, bj) < at, bi < bj, larger)  # the right one wins
        idx = np.where(right, idx[:, 1::2], idx[:, 0::2])
        vec = np.where(right[..., None], vec[:, 1::2], vec[:, 0::2])
        a = np.where(right, a[:, 1::2], a[:, 0::2])
        basic = np.where(right, bj, bi)
    return idx[:, 0] - 1, unproved


WRAPPED = 2.0 ** 61     # below this, a difference of int64 products wrapped modulo 2^64
                        # is exact (see _cross_signs)


def _cross_signs(x: np.ndarray, b: np.ndarray, y: np.ndarray, a: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The sign of x*b - y*a for int64 entries below 2^60 (products up to 2^120), and
    a mask of those not decided. The float difference f is within err of the true one
    (err a rigorous rounding bound): its sign where |f| > err; elsewhere the true
    difference is below 2 err in size, so while err < WRAPPED the int64 products'
    difference, wrapped modulo 2^64, is the exact one (exact zeros included)."""
    left = x.astype(float) * b.astype(float)
    right = y.astype(float) * a.astype(float)
    f = left - right
    err = (np.abs(left) + np.abs(right)) * EPS
    near = np.abs(f) <= err
    sign = np.sign(f).astype(np.int64)
    if near.any():
        sign = np.where(near, np.sign(x * b - y * a), sign)
    return sign, near & (err >= WRAPPED)


def _exact_least(node: _Node, rows: list[int], p: int, walk: _Walk) -> int:
    """Among `rows`, the least ratio rhs / entry (exact, cross-multiplied), then the
    lexicographic tie-break among exact ties."""
    table = node.rows
    vals = [(table[i][-1], table[i][p], i) for i in rows]
    bx, ba, _ = vals[0]
    for x, a, _ in vals[1:]:
        if x * ba < bx * a:
            bx, ba = x, a
    ties = [i for x, a, i in vals if x * ba == bx * a]
    return ties[0] if len(ties) == 1 else walk.lex_break(node, ties, p)


def _parent_test(batch: Batch, n: np.ndarray, p: np.ndarray, u: np.ndarray,
                 small: bool) -> np.ndarray:
    """Bland's parent test of each candidate pivot: the pivot leads to a child when
    no column q != p of variable index below the leaving one has
    obj[q]*a - t*prow[q] > 0 (a = prow[p], t = obj[p]); as in reverse_search."""
    T = batch.rows
    d = batch.cobasis.shape[1]
    k = np.arange(len(n))
    obj, prow = T[n, 0, :d], T[n, u, :d]
    a, t = T[n, u, p], T[n, 0, p]
    mask = batch.cobasis[n] < batch.basis[n, u][:, None]
    mask[k, p] = False
    if small:
        return ~((obj * a[:, None] - t[:, None] * prow > 0) & mask).any(axis=1)
    left = obj.astype(float) * a[:, None].astype(float)
    right = t[:, None].astype(float) * prow.astype(float)
    diff = left - right
    # a wide batch's floats are within 2^-49 of their entries: products within 2^-47.9
    err = (np.abs(left) + np.abs(right)) * (EPS if batch.res is None else 2.0 ** -45)
    bad = ((diff > err) & mask).any(axis=1)
    unsure = ((np.abs(diff) <= err) & mask).any(axis=1) & ~bad
    for j in np.flatnonzero(unsure).tolist():
        if batch.res is None:
            o, pr = obj[j].tolist(), prow[j].tolist()
        else:
            node = _node(batch, int(n[j]))
            o, pr = node.rows[0], node.rows[int(u[j])]
        aj, tj = pr[int(p[j])], o[int(p[j])]
        bad[j] = any(o[q] * aj - tj * pr[q] > 0 for q in np.flatnonzero(mask[j]).tolist())
    return ~bad


def _pivot(batch: Batch, n: np.ndarray, u: np.ndarray, p: np.ndarray, small: bool
           ) -> tuple[Batch, list[_Node]]:
    """Fraction-free pivots of bases n on (row u, column p), as _Node.pivot does: an
    int64 batch, and Python-integer nodes for the pivots whose entries do not fit."""
    kids, rest = _pivot_split(batch, n, u, p, small)
    return kids, _python_pivots(batch, n[rest], u[rest], p[rest])


def _python_pivots(batch: Batch, n: np.ndarray, u: np.ndarray, p: np.ndarray
                   ) -> list[_Node]:
    """The pivots of bases n on (row u, column p) as Python-integer nodes (entries
    beyond what a batch holds)."""
    return [_node(batch, int(j)).pivot(int(uu), int(pp)) for j, uu, pp in zip(n, u, p)]


def _pivot_split(batch: Batch, n: np.ndarray, u: np.ndarray, p: np.ndarray, small: bool
                 ) -> tuple[Batch, np.ndarray]:
    """The int64 pivots of `_pivot`, and the indices (into n) of those that do not fit."""
    k = np.arange(len(n))
    a = batch.rows[n, u, p]
    col = batch.rows[n, :, p]
    prow = batch.rows[n, u, :]
    det = batch.det[n]
    rest = np.zeros(0, dtype=np.intp)
    new, fits = _pivot_values(batch, n, a, col, prow, det, small)
    if not fits.all():              # off the small path: some not proved
        rest = np.flatnonzero(~fits)
        new, k, a, col, prow, det = new[fits], k[: int(fits.sum())], a[fits], \
            col[fits], prow[fits], det[fits]
        n, u, p = n[fits], u[fits], p[fits]
    new[k, u, :] = prow
    new[k, :, p] = -col
    new[k, u, p] = det
    basis, cobasis = batch.basis[n], batch.cobasis[n]
    leaving = basis[k, u]
    basis[k, u] = cobasis[k, p]
    cobasis[k, p] = leaving
    return Batch(new, basis, cobasis, a, batch.tree[n]), rest


PIVOT_ENTRIES = 1 << 22     # entries of a block of pivots computed at once: each of the
                            # pivot's temporaries is this size (a tied 300x300 game's 300
                            # children at once, 27M entries a temporary, peaked near 1 GB)


def _pivot_values(batch: Batch, n: np.ndarray, a: np.ndarray, col: np.ndarray,
                  prow: np.ndarray, det: np.ndarray, small: bool
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The new entries (x*a - f*y) / D of the pivots of bases n (row and column of the
    pivot not yet set) and, off the small path, `_mid_pivot`'s mask of those proved;
    in blocks of PIVOT_ENTRIES, written into one array (the same values as at once)."""
    shape = batch.rows.shape[1:]
    step = max(1, PIVOT_ENTRIES // (shape[0] * shape[1]))
    if len(n) <= step:
        return _pivot_block(batch.rows[n], a, col, prow, det, small)
    new = np.empty((len(n), *shape), dtype=np.int64)
    fits = np.ones(len(n), dtype=bool)
    for s in range(0, len(n), step):
        b = slice(s, s + step)
        new[b], fits[b] = _pivot_block(batch.rows[n[b]], a[b], col[b], prow[b], det[b], small)
    return new, fits


def _pivot_block(T: np.ndarray, a: np.ndarray, col: np.ndarray, prow: np.ndarray,
                 det: np.ndarray, small: bool) -> tuple[np.ndarray, np.ndarray]:
    """`_pivot_values` of one block; `T`: the block's copy of its bases' rows."""
    if small:                       # in place: T is the block's copy
        new = np.multiply(T, a[:, None, None], out=T)
        new -= col[:, :, None] * prow[:, None, :]
        return _exact_quotient(new, det), np.ones(len(a), dtype=bool)
    return _mid_pivot(T, a, col, prow, det)


EXACT_FLOAT_QUOTIENT = 2.0 ** 49    # float quotients below this round to the exact one


def _exact_quotient(num: np.ndarray, det: np.ndarray) -> np.ndarray:
    """num // det[:, None, None] for int64 numerators that det divides exactly (the
    fraction-free pivot), through floats where that is exact: numpy divides int64
    arrays by converting both to floats, within 2^-53 relative each (det, below 2^31,
    exactly), and the quotient rounds within 2^-52 relative of the true one, so below
    2^49 it is within 1/4 of that integer, and rounding finds it. Integer division
    was most of a small-integer game's pivot (several times the float division)."""
    q = num / det[:, None, None]
    if q.size and not (q.max() < EXACT_FLOAT_QUOTIENT and q.min() > -EXACT_FLOAT_QUOTIENT):
        return num // det[:, None, None]
    return np.rint(q, out=q).astype(np.int64)


def _wide_children(batch: Batch, n: np.ndarray, u: np.ndarray, p: np.ndarray
                   ) -> tuple[list[Batch], list[_Node]]:
    """Pivots of a wide batch (wide_pivot.py): those whose entries all fit MID as an
    exact int64 batch, the others wide, and those the wide pivot cannot prove as
    Python-integer nodes."""
    from .wide_pivot import narrow, pivot
    kids, rest = pivot(batch, n, u, p)
    python = _python_pivots(batch, n[rest], u[rest], p[rest])
    low, high = narrow(kids, MID) if len(kids) else (None, None)
    return [b for b in (low, high) if b is not None], python


def _mid_pivot(T: np.ndarray, a: np.ndarray, col: np.ndarray, prow: np.ndarray,
               det: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pivot's v = (x*a - f*y) / D for entries below 2^60 whose products overflow
    int64: the float quotient est is within err of v (err a rigorous rounding bound),
    and v mod P1 is computed exactly (products of residues stay below 2^62, D
    inverted modulo P1); when err < P1/4, v is the one integer congruent to v mod P1
    within P1/2 of round(est). Returns the values and a mask of the bases whose every
    new entry was so proved (the others are to be redone in Python integers). The
    values themselves come from the numerator modulo 2^64 where that proves them
    (`_wrapped_quotient`, most bases), from the residues otherwise."""
    left = T.astype(float) * a.astype(float)[:, None, None]
    right = col.astype(float)[:, :, None] * prow.astype(float)[:, None, :]
    detf = det.astype(float)[:, None, None]
    est = (left - right) / detf
    err = (np.abs(left) + np.abs(right)) * EPS / np.abs(detf) + 1.0
    dm = det % P1
    fits = ((np.abs(est) < MID) & (err < P1 // 4)).all(axis=(1, 2)) & (dm != 0)
    new, wrapped = _wrapped_quotient(T, a, col, prow, det, (np.abs(est) + err).max(axis=(1, 2)))
    rest = np.flatnonzero(fits & ~wrapped)
    if rest.size:
        new[rest] = _residue_quotient(T[rest], a[rest], col[rest], prow[rest], det[rest],
                                      dm[rest], est[rest])
    return new, fits


def _residue_quotient(T: np.ndarray, a: np.ndarray, col: np.ndarray, prow: np.ndarray,
                      det: np.ndarray, dm: np.ndarray, est: np.ndarray) -> np.ndarray:
    """`_mid_pivot`'s v from v mod P1 and the float estimate (bases whose D is prime to
    P1 and whose estimates are proved within P1/4)."""
    inv = np.array([pow(x, -1, P1) if x else 0 for x in dm.tolist()], dtype=np.int64)
    x = T % P1
    y = (x * (a % P1)[:, None, None]
         - (col % P1)[:, :, None] * (prow % P1)[:, None, :]) % P1
    y = y * inv[:, None, None] % P1
    guess = np.rint(np.where(np.abs(est) < MID, est, 0.0)).astype(np.int64)
    delta = (y - guess) % P1
    delta = np.where(delta > P1 // 2, delta - P1, delta)
    return guess + delta


def _wrapped_quotient(T: np.ndarray, a: np.ndarray, col: np.ndarray, prow: np.ndarray,
                      det: np.ndarray, bound: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pivot's v = (x*a - f*y) / D from the numerator wrapped modulo 2^64 (uint64
    arithmetic: a few multiplications, where the residues modulo P1 took several
    integer remainders per entry): with D = 2^k D' (D' odd), v is congruent modulo
    2^(64-k) to (numerator >> k) times the inverse of D' modulo 2^64 (Newton's
    iteration), which gives v itself when every |v| of the basis is below 2^(63-k):
    `bound` (per basis, above every |v|) below 2^(62-k). Returns the values and the
    mask of the bases so proved."""
    du = det.view(np.uint64)
    low = du & (~du + np.uint64(1))                 # D's lowest set bit, 2^k
    k = np.log2(np.maximum(low, np.uint64(1)).astype(float)).astype(np.int64)
    odd = du >> k.astype(np.uint64)
    inv = odd.copy()                                # right modulo 2^3 (odd * odd = 1 mod 8)
    for _ in range(5):                              # ... 2^6, 2^12, ..., 2^96
        inv *= np.uint64(2) - odd * inv
    num = (T.view(np.uint64) * a.view(np.uint64)[:, None, None]
           - col.view(np.uint64)[:, :, None] * prow.view(np.uint64)[:, None, :])
    shift = k[:, None, None]
    q = (num.view(np.int64) >> shift).view(np.uint64) * inv[:, None, None]
    v = (q << shift.astype(np.uint64)).view(np.int64) >> shift
    return v, (det > 0) & (bound < np.ldexp(1.0, 62 - k))
