"""The vertices of one best-response polytope complementary to a vertex of the other.

Why: a 2-player enumeration need not walk both polytopes (lrsnash does not). A
vertex w of the walked polytope W = {w >= 0 : C_W w <= 1} fixes, through its labels,
a face of the other polytope O = {o >= 0 : C_O o <= 1}: the coordinates o_j whose
row j of W is slack at w must be 0, and the rows i of O with w_i > 0 must be tight.
The vertices of O on that face are exactly the partners of w in completely labelled
pairs, i.e. the extreme equilibria containing w.

How, exactly. With `frees` the allowed coordinates and `tights` the forced rows:
when there are as many of each (w nondegenerate, the usual case) and the square
system C_O[tights, frees] o = 1 is nonsingular, the face holds at most its solution;
a batched float pass with rigorous error bounds (`screen.screen_bases`) discards the
faces that are certainly empty, and every other one is solved exactly
(fraction-free) and checked. Otherwise (w degenerate, or the square system singular)
the face may be a whole polytope of partners: its vertices are the vertices of the
smaller polytope {o >= 0 supported on frees : C_O o <= 1} (a face of O, enumerated
as a polytope of its own, once per set `frees`) with the forced rows tight. Nothing
is approximated and no vertex of the face is missed.
"""
from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Hashable, Iterable

import numpy as np

from ..linalg import fraction_free_solve
from .screen import screen_bases

if TYPE_CHECKING:
    from .bimatrix import Vertex

FLOAT_BITS = 900            # integer entries longer than this skip the float screens
BATCH = 256                 # square faces screened together in one float pass


@dataclass(frozen=True)
class FacePoint:
    """A vertex of O on a face: zero and tight bit masks, the point num / den."""

    zeros: int
    tight: int
    num: tuple[int, ...]
    den: int


def bits(mask: int) -> list[int]:
    """The indices of the set bits of a mask, increasing."""
    return [i for i, c in enumerate(bin(mask)[:1:-1]) if c == "1"]


def basis_point(rows: list[list[int]], free: list[int], basis: list[int], d: int
                ) -> FacePoint | None:
    """The point of {z >= 0 : rows z <= 1} with support within `free` solving rows
    `basis` = 1 (as many as `free`), exactly (fraction-free), in lowest terms with its
    zero and tight masks; None when the system is singular or the point infeasible.
    The one exact basis solve of 2-player enumeration (bimatrix.py and the faces)."""
    solved = fraction_free_solve([[rows[j][i] for i in free] + [1] for j in basis])
    if solved is None:
        return None
    det, nums = solved
    if det < 0:
        det, nums = -det, [-v for v in nums]
    if any(v < 0 for v in nums):
        return None
    full = [0] * d
    for i, v in zip(free, nums):
        full[i] = v
    tight = 0
    for j, row in enumerate(rows):
        s = sum(row[i] * v for i, v in zip(free, nums))
        if s > det:
            return None
        if s == det:
            tight |= 1 << j
    g = math.gcd(det, *nums)
    return FacePoint(((1 << d) - 1) ^ sum(1 << i for i, v in zip(free, nums) if v), tight,
                     tuple(v // g for v in full), det // g)


def square_point(rows: list[list[int]], free: list[int], basis: list[int], d: int,
                 forced: int) -> FacePoint | None:
    """The point of O with support within `free` solving rows `basis` = 1 (as many
    as `free`), if it is in O and has every `forced` row tight; None otherwise
    (singular, infeasible, or not on the face)."""
    p = basis_point(rows, free, basis, d)
    return None if p is None or forced & ~p.tight else p


def restricted_vertices(rows: list[list[int]], allowed: int,
                        deadline: float | None = None) -> list[FacePoint]:
    """Every vertex of O with support within `allowed` (origin left out): the vertices
    of the face {o in O : o_j = 0 outside `allowed`}, which is itself a polytope
    {z >= 0 : C z <= 1} in the allowed coordinates, enumerated as such by reverse
    search (its cost follows the few vertices such a face has, where trying
    candidate bases costs a batched float pass each time); labels and points are
    mapped back to O's coordinates. SolverTimeout when `deadline` passes first."""
    from .reverse_search import iter_vertices
    d = len(rows[0])
    cols = bits(allowed)
    sub = [[row[i] for i in cols] for row in rows]
    outside = ((1 << d) - 1) & ~allowed
    out = []
    for v in iter_vertices(sub, deadline):
        num = v.num
        if not any(num):
            continue
        full = [0] * d
        zeros = outside
        for i, x in zip(cols, num):
            full[i] = x
            if x == 0:
                zeros |= 1 << i
        out.append(FacePoint(zeros, v.tight, tuple(full), v.den))
    return out


FACE_CANDIDATES = 5_000     # a degenerate face's candidate bases before walking instead
DEGENERATE_BATCH = 4_000    # candidate bases of queued degenerate faces screened together
MATCH_LIMIT = 12_870        # C(r+d, d) up to this: degenerate faces matched against all
                            # vertices of O (enumerated once by candidate bases)
SCREEN_FROM = 2             # fewer bases than this are solved exactly without a float pass


def face_vertices(rows: list[list[int]], allowed: int, forced: int, Cf: np.ndarray | None,
                  restricted: Callable[[int], list[FacePoint]]) -> list[FacePoint]:
    """Every vertex of O on a face that may hold several: coordinates outside
    `allowed` zero, rows in `forced` tight.

    With S0 a maximal independent set of the forced rows (on the allowed
    coordinates, rank r), the face has dimension at most delta = |allowed| - r, and
    each of its vertices is the solution of S0 with delta more tight constraints
    (coordinates set to 0, or other rows) independent of them. When there are few
    such choices they are all tried (float-screened in batches, survivors solved
    exactly and checked); otherwise, or without the float matrix `Cf` (entries too
    long for floats), the vertices of O supported within `allowed` (`restricted`)
    are filtered by the forced rows."""
    cands = face_candidates(rows, allowed, forced, Cf)
    if cands is None:
        return [p for p in restricted(allowed) if forced & ~p.tight == 0]
    assert Cf is not None
    return face_points(rows, allowed, forced, cands, screen_groups(Cf, cands))


Candidate = tuple[list[int], list[int]]        # free coordinates, rows set tight


def face_candidates(rows: list[list[int]], allowed: int, forced: int,
                    Cf: np.ndarray | None) -> list[Candidate] | None:
    """The candidate bases of `face_vertices` for one face, or None when there are
    too many (or no float matrix to screen them): the face is then enumerated as a
    polytope of its own."""
    frees, tights = bits(allowed), bits(forced)
    base = independent_rows(rows, tights, frees)
    delta = len(frees) - len(base)
    others = [j for j in range(len(rows)) if not forced >> j & 1]
    nf = len(frees)
    # choices 0..nf-1 set a free coordinate to zero, nf.. make a row of `others` tight
    if Cf is None or math.comb(nf + len(others), delta) > FACE_CANDIDATES:
        return None
    out = []
    for extra in itertools.combinations(range(nf + len(others)), delta):
        cut = bisect.bisect_left(extra, nf)     # extra[:cut] zero coordinates, the rest rows
        if cut < nf:
            zeroed = extra[:cut]
            out.append(([f for k, f in enumerate(frees) if k not in zeroed],
                        base + [others[k - nf] for k in extra[cut:]]))
    return out


def screen_groups(Cf: np.ndarray, cands: list[Candidate]) -> list[bool]:
    """For each candidate basis, whether the float screen proves it singular or its
    point infeasible (one batched pass per basis size)."""
    gone = [False] * len(cands)
    by_size: dict[int, list[int]] = {}
    for k, (free, _) in enumerate(cands):
        by_size.setdefault(len(free), []).append(k)
    max_row = float(Cf.sum(axis=1).max())
    for which in by_size.values():
        if len(which) >= SCREEN_FROM:
            singular, empty, _, _ = screen_bases(
                Cf, np.array([cands[k][0] for k in which], dtype=np.intp),
                np.array([cands[k][1] for k in which], dtype=np.intp), max_row)
            for k, g in zip(which, (singular | empty).tolist()):
                gone[k] = g
    return gone


def face_points(rows: list[list[int]], allowed: int, forced: int, cands: list[Candidate],
                gone: list[bool]) -> list[FacePoint]:
    """The face's vertices: each candidate not screened out and not already
    satisfied by a found vertex, solved exactly and checked."""
    d = len(rows[0])
    found: dict[tuple[int, ...], FacePoint] = {}
    for (free, basis), dropped in zip(cands, gone):
        if dropped or _covered(found.values(), allowed, free, basis):
            continue
        p = square_point(rows, free, basis, d, forced)
        if p is not None:
            found.setdefault(p.num, p)
    return list(found.values())


def _covered(points: Iterable[FacePoint], allowed: int, free: list[int],
             basis: list[int]) -> bool:
    """Whether a found point satisfies every equation of the candidate basis (its
    coordinates outside `free` zero, its `basis` rows tight): a nonsingular square
    system has that point as its only solution, and a singular one gives no vertex,
    so the candidate can add nothing and need not be solved (degenerate faces have
    many bases per vertex)."""
    zeros = allowed & ~sum(1 << i for i in free)
    tight = sum(1 << j for j in basis)
    return any(zeros & ~p.zeros == 0 and tight & ~p.tight == 0 for p in points)


def independent_rows(rows: list[list[int]], which: list[int], cols: list[int]) -> list[int]:
    """A maximal linearly independent subset of `which` (the rows restricted to
    `cols`), chosen greedily in order, by exact fraction-free elimination."""
    reduced: list[tuple[list[int], int]] = []     # each reduced row with its pivot
    chosen: list[int] = []
    for j in which:
        v = [rows[j][c] for c in cols]
        for b, p in reduced:
            if v[p]:
                v = [x * b[p] - v[p] * y for x, y in zip(v, b)]
        lead = next((c for c, x in enumerate(v) if x), None)
        if lead is not None:
            reduced.append((v, lead))
            chosen.append(j)
            if len(chosen) == len(cols):
                break
    return chosen


Answer = tuple[Hashable, "list[FacePoint]"]


class FaceSolver:
    """Solves the faces of O for vertices of W, square ones in float-screened batches.

    `add` queues a face under the caller's key and returns the answers that became
    known; `flush` returns the rest. An answer is (key, the face's vertices); a face
    certainly empty may get no answer at all."""

    def __init__(self, rows: list[list[int]], deadline: float | None = None) -> None:
        self.rows = rows
        self.deadline = deadline
        self.d = len(rows[0])
        fits = max(abs(x).bit_length() for row in rows for x in row) <= FLOAT_BITS
        self.Cf = np.array(rows, dtype=float) if fits else None
        self.max_row = float(self.Cf.sum(axis=1).max()) if self.Cf is not None else 0.0
        self.pending: dict[int, list[tuple[Hashable, list[int], list[int], int]]] = {}
        self.restricted: dict[int, list[FacePoint]] = {}
        self.faces: dict[tuple[int, int], list[FacePoint]] = {}
        self.every: list[Vertex] | None = None
        self.waiting: dict[tuple[int, int], list[Hashable]] = {}
        self.queued: list[tuple[tuple[int, int], list[Candidate]]] = []
        self.queued_bases = 0

    def add(self, key: Hashable, allowed: int, forced: int) -> list[Answer]:
        """Queue the face (coordinates outside `allowed` zero, rows in `forced` tight)."""
        if bin(allowed).count("1") != bin(forced).count("1"):
            return self._queue_degenerate(key, allowed, forced)
        frees, tights = bits(allowed), bits(forced)
        if self.Cf is None:
            return [(key, self._square(frees, tights, forced))]
        queue = self.pending.setdefault(len(tights), [])
        queue.append((key, frees, tights, forced))
        return self._screen(len(tights)) if len(queue) >= BATCH else []

    def flush(self) -> list[Answer]:
        """The answers of every face still queued."""
        out = []
        for k in list(self.pending):
            out += self._screen(k)
        return out + self._screen_degenerate()

    def _queue_degenerate(self, key: Hashable, allowed: int, forced: int) -> list[Answer]:
        """A face that may hold several points: answered at once when known (or
        small, or too large for candidate bases), otherwise queued so that the
        candidate bases of many faces are float-screened together."""
        face = (allowed, forced)
        if face in self.faces:
            return [(key, self.faces[face])]
        if face in self.waiting:
            self.waiting[face].append(key)
            return []
        cands = None if self._small() else face_candidates(self.rows, allowed, forced,
                                                           self.Cf)
        if cands is None:
            return [(key, self._degenerate(allowed, forced))]
        self.waiting[face] = [key]
        self.queued.append((face, cands))
        self.queued_bases += len(cands)
        return self._screen_degenerate() if self.queued_bases >= DEGENERATE_BATCH else []

    def _screen_degenerate(self) -> list[Answer]:
        """Solve the queued degenerate faces: one float screen for all their
        candidate bases, then each face's survivors exactly."""
        queue, self.queued, self.queued_bases = self.queued, [], 0
        if not queue:
            return []
        assert self.Cf is not None
        gone = screen_groups(self.Cf, [c for _, cands in queue for c in cands])
        out: list[Answer] = []
        at = 0
        for face, cands in queue:
            points = face_points(self.rows, face[0], face[1], cands,
                                 gone[at:at + len(cands)])
            at += len(cands)
            self.faces[face] = points
            out += [(key, points) for key in self.waiting.pop(face)]
        return out

    def _degenerate(self, allowed: int, forced: int) -> list[FacePoint]:
        """A face that may hold several points, each solved once (degenerate games
        repeat their faces): in a polytope small enough for the batched candidate
        enumeration, by matching its every vertex (enumerated once) against the
        face's labels, which costs less than solving face by face there; beyond
        that by `face_vertices`."""
        key = (allowed, forced)
        if key not in self.faces:
            if self._small():
                self.faces[key] = self._matching(allowed, forced)
            else:
                self.faces[key] = face_vertices(self.rows, allowed, forced, self.Cf,
                                                self._restricted)
        return self.faces[key]

    def _small(self) -> bool:
        return math.comb(len(self.rows) + self.d, self.d) <= MATCH_LIMIT

    def _matching(self, allowed: int, forced: int) -> list[FacePoint]:
        """The vertices of O (all enumerated on the first call) on the face."""
        from .bimatrix import exact_point, polytope_vertices
        if self.every is None:
            self.every = [v for v in polytope_vertices(self.rows, self.deadline)
                          if not v.is_origin]
        outside = ((1 << self.d) - 1) & ~allowed
        return [FacePoint(v.zeros, v.tight, exact_point(self.rows, v), 1)
                for v in self.every if outside & ~v.zeros == 0 and forced & ~v.tight == 0]

    def _restricted(self, allowed: int) -> list[FacePoint]:
        if allowed not in self.restricted:
            self.restricted[allowed] = restricted_vertices(self.rows, allowed, self.deadline)
        return self.restricted[allowed]

    def _square(self, frees: list[int], tights: list[int], forced: int) -> list[FacePoint]:
        """A square face: its one point, exactly, or the degenerate path if singular."""
        p = square_point(self.rows, frees, tights, self.d, forced)
        if p is not None:
            return [p]
        if fraction_free_solve([[self.rows[j][i] for i in frees] + [1] for j in tights]) is None:
            return self._degenerate(sum(1 << j for j in frees), forced)
        return []

    def _screen(self, k: int) -> list[Answer]:
        """Screen the queued square faces of size k in floats; solve the rest exactly."""
        queue = self.pending.pop(k, [])
        if not queue:
            return []
        F = np.array([q[1] for q in queue], dtype=np.intp)
        T = np.array([q[2] for q in queue], dtype=np.intp)
        assert self.Cf is not None
        _, empty, _, _ = screen_bases(self.Cf, F, T, self.max_row)
        # only a certainly nonsingular system with an infeasible solution is empty: a
        # singular square face may still hold points
        return [(key, self._square(frees, tights, forced))
                for (key, frees, tights, forced), gone in zip(queue, empty.tolist()) if not gone]
