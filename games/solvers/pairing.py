"""How a 2-player enumeration pairs the vertices of the two best-response polytopes
into its completely labelled pairs (the extreme equilibria; bimatrix.py has the
polytopes and label conventions).

Two ways, chosen per game: walk one polytope W (as lrsnash does) and solve each
vertex's complementary face of the other, O (faces.py): cheap when the game is
nondegenerate, as each face is one square system, mostly screened out in floats; or
walk O as well and match the labels (label_match.py), which costs less when many of
W's vertices are degenerate (small integer payoffs), since a degenerate face is a
polytope of its own to solve. Small square games walk both polytopes at once in
shared batches: numpy's fixed cost per batched step is most of their walks' time.
The choice changes the time only: every way finds the same pairs (tested, each way
forced on the same games).
"""
from __future__ import annotations

import itertools
import math
from typing import Iterable, Iterator

from . import bimatrix
from .bimatrix import Pair, Vertex, is_degenerate_vertex, exact_point, iter_polytope_vertices
from .batch_walk import Visits
from .faces import Answer, FaceSolver
from .label_match import LABEL_BITS, complete_pairs, point_of

PROBE = 512             # walked vertices seen before choosing how to find their partners
BOTH_FROM = 0.03        # share of degenerate vertices among them from which O is walked too
O_CAP = (3, 1000)       # O's walk abandoned beyond 3 x W's vertices + 1000 (faces then)
TOGETHER_UP_TO = (9, 12)  # square games walking both polytopes in shared batches: up
#                           to 9x9, and up to 12x12 when few distinct payoffs (ties)
POINTS_KEPT = 200_000   # vertices whose points are kept for the matching (the rest: solved)
POSITION_BITS = 32      # a vertex's place in a together walk: step << 32 | index in it
BOTH_MOST = 250_000     # W's vertices beyond which O is not walked after all (memory: the
#                         second walk keeps a label set as large as the first's)


class Pairing:
    """Every completely labelled vertex pair, walking one polytope W (as lrsnash) and
    solving each vertex's complementary face of the other, O (`faces.FaceSolver`);
    or, when W's first PROBE vertices show a degenerate game, walking O as well and
    matching labels (`label_match`), which costs less than solving degenerate faces
    one by one; should O turn out much larger than W (or W have more than BOTH_MOST
    vertices), O's walk is abandoned (or not begun) and the faces are solved after
    all. Square games up to TOGETHER_UP_TO strategies walk both polytopes at once, in
    shared batches, and match (their walks are short, so numpy's fixed cost per
    batched step is most of their time). `pairs` holds the integer points (x, y) found
    so far, so a cut-short enumeration keeps them.

    The polytope of the player with fewer strategies is W (P, player 1's, on ties).
    `degenerate` is set when a walked vertex or a partner has more tight constraints
    than its dimension: the degeneracy that can make equilibria non-isolated (a game
    degenerate only at vertices of O that pair with nothing is not flagged)."""

    def __init__(self, p_rows: list[list[int]], q_rows: list[list[int]],
                 deadline: float | None) -> None:
        m, n = len(p_rows[0]), len(q_rows[0])
        self.walk_p = m <= n
        self.w_rows, self.o_rows = (p_rows, q_rows) if self.walk_p else (q_rows, p_rows)
        self.d_w, self.d_o = len(self.w_rows[0]), len(self.o_rows[0])
        self.deadline = deadline
        self.pairs: list[Pair] = []
        self.degenerate = False
        self.solver: FaceSolver | None = None
        self.walked = 0
        self.probe: list[Vertex] = []           # W's vertices not yet given to faces
        self.w_labels: list[int] | None = None  # set when both polytopes are walked
        self.o_labels: list[int] = []
        self.points: tuple[dict[int, tuple[int, ...]], ...] = ({}, {})   # by label
        self.matched = False                    # the labels were matched (once only)
        self._parts: list[Visits] = []          # a together walk's steps, and where
        self._located: tuple[dict[int, int], dict[int, int]] = ({}, {})   # each vertex
        #                                         was first met in them (`_walk_together`)

    def run(self) -> None:
        """Walk every vertex of W, pairing each (by faces or by matching)."""
        self.solver = FaceSolver(self.o_rows, self.deadline)
        if self._together():
            self._walk_together()
            self.finish()
            return
        vertices = self._walk_w()
        self.probe = list(itertools.islice(vertices, PROBE))
        if self._both_worth():
            self.w_labels = [self._w_label(v) for v in self.probe]
            self.probe = []
            self.w_labels.extend(self._w_label(v) for v in vertices)
            if len(self.w_labels) > BOTH_MOST:
                self._faces_of_labels()
            else:
                self._walk_o()
        else:
            self._faces(self.probe)
            self.probe = []
            self._faces(vertices)
        self.finish()

    def vertices_found(self) -> int:
        """How many vertices of the two polytopes were found (origins included)."""
        if self.w_labels is not None:
            return len(self.w_labels) + len(self.o_labels) + 2
        return self.walked

    def _walk_w(self) -> Iterator[Vertex]:
        """W's vertices but the origin, counted, the degenerate ones flagged."""
        for v in iter_polytope_vertices(self.w_rows, self.deadline):
            self.walked += 1
            if v.is_origin:
                continue
            if is_degenerate_vertex(v, self.d_w):
                self.degenerate = True
            yield v

    def _both_worth(self) -> bool:
        """Whether to walk O too: the game looks degenerate (a share of BOTH_FROM of the
        probed vertices of W are), its polytopes are of comparable dimension (a tall
        game's large polytope is left alone), and the labels fit in int64."""
        if not self.probe or self.d_w + self.d_o > LABEL_BITS or self.d_o > 2 * self.d_w:
            return False
        degenerate = sum(is_degenerate_vertex(v, self.d_w) for v in self.probe)
        return degenerate >= BOTH_FROM * len(self.probe)

    def _w_label(self, v: Vertex) -> int:
        label = v.zeros | (v.tight << self.d_w)
        if v.num is not None and len(self.points[0]) < POINTS_KEPT:
            self.points[0][label] = v.num
        return label

    def _together(self) -> bool:
        """Whether both polytopes are walked at once: a square game (one dictionary
        shape) beyond the candidate-basis sizes, of at most TOGETHER_UP_TO[0]
        strategies, or of at most TOGETHER_UP_TO[1] when either constraint matrix has
        fewer distinct entries than a quarter of its size: small integer payoffs, whose
        ties make the degenerate faces that walking O instead saves (a random game's
        faces cost less than O's walk from 10x10 on)."""
        d = self.d_w
        if d != self.d_o or math.comb(2 * d, d) <= bimatrix.CANDIDATE_LIMIT:
            return False
        if d <= TOGETHER_UP_TO[0]:
            return True
        return d <= TOGETHER_UP_TO[1] and any(
            4 * len({v for row in rows for v in row}) < d * d
            for rows in (self.w_rows, self.o_rows))

    def _walk_together(self) -> None:
        """Both polytopes' vertices, walked in shared batches, their labels kept. Each
        vertex once (its label names it, first occurrence kept), found in numpy once
        the walk is over (or cut short: what was walked is kept for `finish`): every
        step's labels as arrays, made unique; a vertex's point is read from its step
        only when it is paired (`_match`): most vertices pair with nothing."""
        from .reverse_search import counted_batches
        parts = self._parts
        try:
            parts.extend(counted_batches([self.w_rows, self.o_rows], self.deadline,
                                         breadth=True))
        finally:
            self._label_parts()

    def _label_parts(self) -> None:
        """The distinct labels of a together walk's steps (`_walk_together`)."""
        import numpy as np
        full, d = (1 << self.d_w) - 1, self.d_w
        parts = self._parts
        if not parts:
            self.w_labels, self.o_labels = [], []
            return
        arrays = [part.label_arrays() for part in parts]
        trees, zeros, tight = (np.concatenate([a[c] for a in arrays]) for c in range(3))
        where = np.concatenate([(k << POSITION_BITS) + np.arange(len(part), dtype=np.int64)
                                for k, part in enumerate(parts)])
        walked = zeros != full                          # origins left out
        labels: list[list[int]] = []
        for side, (low, high) in enumerate(((zeros, tight), (tight, zeros))):
            on = walked & (trees == side)
            lab = low[on] | (high[on] << d)
            _, first = np.unique(lab, return_index=True)
            first.sort()                                # in the order first seen
            labels.append(lab[first].tolist())
            self._located[side].update(zip(labels[side], where[on][first].tolist()))
        self.w_labels, self.o_labels = labels
        self.degenerate = bool(len(labels[0]) and
                               (np.bitwise_count(np.array(labels[0], dtype=np.int64)) > d)
                               .any())

    def _point(self, side: int, label: int, rows: list[list[int]], zeros: int,
               tight: int) -> tuple[int, ...]:
        """The point of a vertex of W (side 0) or O (side 1) known by its label: kept
        by its walk, read from the walk's step where it was first met, or solved from
        its labels."""
        got = self.points[side].get(label)
        if got is None:
            where = self._located[side].get(label)
            if where is not None:
                got = self._parts[where >> POSITION_BITS].point(
                    where & ((1 << POSITION_BITS) - 1))
            else:
                got = point_of(rows, zeros, tight)
            self.points[side][label] = got
        return got

    def _walk_o(self) -> None:
        """Every vertex of O (their labels), unless there are too many: then W's
        vertices go to the faces after all."""
        assert self.w_labels is not None
        cap = O_CAP[0] * len(self.w_labels) + O_CAP[1]
        for v in iter_polytope_vertices(self.o_rows, self.deadline):
            if v.is_origin:
                continue
            label = v.tight | (v.zeros << self.d_w)
            self.o_labels.append(label)
            if v.num is not None and len(self.points[1]) < POINTS_KEPT:
                self.points[1][label] = v.num
            if len(self.o_labels) > cap:
                self._faces_of_labels()
                return

    def _faces_of_labels(self) -> None:
        """Back to the faces, for W's vertices known by their labels."""
        assert self.w_labels is not None
        labels, self.w_labels, self.o_labels = self.w_labels, None, []
        mask = (1 << self.d_w) - 1
        self._faces(Vertex(lab & mask, lab >> self.d_w, (), ()) for lab in labels)

    def _faces(self, vertices: Iterable[Vertex]) -> None:
        """Give each vertex of W its face of O, taking the answers as they come."""
        assert self.solver is not None
        full = (1 << self.d_w) - 1
        for v in vertices:
            self._take(self.solver.add(v, v.tight, full & ~v.zeros))

    def finish(self) -> None:
        """Pair what is still pending (also after a walk cut short): the probed vertices
        and the queued faces, or the labels of both walks so far."""
        if self.w_labels is not None:
            if not self.matched:
                self.matched = True
                self._match()
            return
        if self.solver is not None:
            probe, self.probe = self.probe, []
            self._faces(probe)
            self._take(self.solver.flush())

    def _match(self) -> None:
        """The completely labelled pairs among the labels of both walks, their points
        solved exactly from the labels."""
        assert self.w_labels is not None
        w_labels = self.w_labels
        mask = (1 << self.d_w) - 1
        seen: set[int] = set()
        for k, j in complete_pairs(w_labels, self.o_labels, self.d_w, self.d_o):
            lw, lo = w_labels[k], self.o_labels[j]
            w = self._point(0, lw, self.w_rows, lw & mask, lw >> self.d_w)
            o = self._point(1, lo, self.o_rows, lo >> self.d_w, lo & mask)
            if lo not in seen:
                seen.add(lo)
                if lo.bit_count() > self.d_o:
                    self.degenerate = True
            self.pairs.append((w, o) if self.walk_p else (o, w))

    def _take(self, answers: list[Answer]) -> None:
        """Record the partners of answered faces."""
        d_o = len(self.o_rows[0])
        for v, points in answers:
            assert isinstance(v, Vertex)
            w = exact_point(self.w_rows, v) if v.num is not None or v.free else \
                point_of(self.w_rows, v.zeros, v.tight)
            for p in points:
                if bin(p.zeros).count("1") + bin(p.tight).count("1") > d_o:
                    self.degenerate = True
                self.pairs.append((w, p.num) if self.walk_p else (p.num, w))
