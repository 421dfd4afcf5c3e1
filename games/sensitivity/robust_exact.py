"""The exact robustness radius: candidates in increasing distance, each decided by
direct solves in the cells touching it.

The radius R is the smallest r at which the closed clipped cube of radius r around
the baseline touches a point where the equilibrium structure is not the baseline's
(at the point itself, or arbitrarily close to it). The structure is constant on each
connected piece of a sign class of the critical polynomials, so that point lies in
the closure of a cell with another structure, and its nearest point is a Fritz John point of some face
and boundary set (robust_contacts.py). Hence:

1. the baseline itself (distance 0) and every single boundary's candidates, in
   increasing distance: at each, the cells touching it (robust_local.py) are solved
   (one solve per sign vector; with three or more players mixing, per connected
   piece of one, segments.py); the first where some cell's structure differs gives
   an upper bound U, with its witness;
2. the candidates of sets of 2 .. n boundaries that can all be reached within U (each
   member's own distance at most U) join the list, and the sweep is repeated: the
   first candidate with a change is the radius, exactly, when every candidate before
   it was decided completely and every system was solved;
3. in two parameters, each boundary of degree 3 up to ROBUST_DEGREE that interval arithmetic cannot
   certify clear of the cube up to the change found is placed exactly
   (robust_higher.py: corners, tangencies to the sides, box edges, crossings) and
   its candidates join the sweep (in three or more parameters such boundaries take
   part in steps 1 and 2 like the quadrics, up to ROBUST_FACE_DEGREE, through the
   face systems' resultants, robust_faces.py);
4. otherwise the result is certified bounds: the lower bound is the first candidate
   not decided (or the nearest distance of a system not solved, or the certified
   clear radius of a boundary left unplaced), the upper bound the first
   confirmed change.

Crossing a boundary that does not change the structure is passed over (its
candidates are decided "no change"); a structure that differs only ON a boundary
(ties adding equilibria) is found by the probe on it.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..numbers import Exact, sign, to_float, to_sympy
from .robust_contacts import (Boundary, Contact, Geometry, boundaries, contacts,
                              linear_nearest, linear_reach)
from .robust_higher import higher_contacts
from .robust_local import local_cells, signs_at
from .robust_work import Work
from .segments import Pieces, one_piece

if TYPE_CHECKING:
    from ..numbers import SymExpr
    from .thresholds import Structure

MAX_SETS = 3000         # boundary sets examined jointly before settling for bounds
MAX_HIGHER = 6          # boundaries of degree 3 and up placed exactly in two parameters
                        # (more, and those of degree 5 and 6, within ROBUST_PLANE_SECONDS)
MAX_HIGHER_TIMED = 24   # ... and at most this many in all


@dataclass(frozen=True)
class Found:
    """What the search established: the radius (an upper bound when not exact; None
    when nothing within the box changes the structure), the contact point at that
    distance, a rational point with another structure touching it (the witness itself
    when the structure differs there), the boundaries through the witness, and a
    certified lower bound when not exact."""

    radius: Exact | None
    witness: tuple[Exact, ...] | None
    beyond: tuple[Fraction, ...] | None
    on: tuple[int, ...]
    exact: bool
    lower: Exact | None
    notes: tuple[str, ...]
    witness_changes: bool = False


@dataclass(frozen=True)
class _Verdict:
    change: tuple[Exact, ...] | None          # a probe with another structure (the
                                              # point itself when solved there exactly)
    complete: bool
    own_differs: bool = False                 # the point's own cell differs


def search(geom: Geometry, polys: Sequence[SymExpr], syms: Sequence[SymExpr],
           here: Structure, solve_at: Callable[[Sequence[Fraction]], Structure],
           clear: Callable[[int, Fraction], Fraction], by_sign_vector: bool = True,
           solve_exact: Callable[[tuple[Exact, ...]], Structure | None] | None = None,
           work: Work | None = None, field_steps: int | None = None,
           by_piece: bool = False) -> Found:
    """The radius of the baseline's structure `here` (see the module's docstring);
    `solve_at` solves at a rational point, `clear(i, cap)` certifies how far boundary
    i (one not placed exactly) stays clear of zero, up to cap. Probes with one sign
    vector share one solve (`by_sign_vector`); the point reported past the witness is
    solved directly, and should it disagree the search is repeated solving every
    probe (with three or more players mixing one sign vector may hold separate
    pieces of different structures, region_split.py: that check catches a change the
    sharing reports wrongly, not one it hides). With `by_piece` (three or more players
    mixing) probes share a solve only when a segment inside their sign vector joins
    them (segments.py), and irrational points none: that hides no change either.
    `solve_exact` solves at an irrational
    point exactly (None when it cannot): a candidate whose own cell has no rational
    probe, every other cell around it having one, is decided by solving at the
    candidate itself. `work` counts candidates decided and cells solved against its
    limit (default games.limits.ROBUST_STEPS; a
    cell solved in a number field counts `field_steps`, default ROBUST_FIELD_STEPS):
    once spent, the rest stay undecided and the result is certified bounds."""
    from ..limits import (ROBUST_CONIC_BITS, ROBUST_DEGREE, ROBUST_FACE_DEGREE,
                          ROBUST_FIELD_STEPS, ROBUST_PLANE_DEGREE, ROBUST_PLANE_SECONDS,
                          ROBUST_STEPS)
    work = Work(ROBUST_STEPS) if work is None else work
    if solve_exact is not None:
        solve_exact = _counted(solve_exact, work,
                               ROBUST_FIELD_STEPS if field_steps is None else field_steps)
    bounds = boundaries(polys, syms)
    # a curved boundary is placed exactly up to ROBUST_CONIC_BITS-bit coefficients; beyond
    # (or above degree two) only its certified clear radius is used
    low = [i for i, b in enumerate(bounds) if b.degree == 1 or
           (b.degree == 2 and _bits(b) <= ROBUST_CONIC_BITS) or
           (len(syms) > 2 and b.degree <= max(ROBUST_DEGREE, ROBUST_FACE_DEGREE) and
            _bits(b) <= ROBUST_CONIC_BITS)]
    high = [i for i in range(len(bounds)) if i not in set(low)]
    by_signs: dict[tuple[int, ...] | tuple[Fraction, ...], Structure] = {}
    terms = [b.terms for b in bounds]
    pieces: Pieces[tuple[Fraction, ...], Structure] = Pieces(
        lambda a, b: one_piece(terms, a, b))
    irrational: Pieces[tuple[Exact, ...], Structure | None] = Pieces(
        lambda a, b: _joined(bounds, syms, a, b))
    decided: dict[tuple[Exact, ...], _Verdict] = {}

    def structure_at(p: tuple[Fraction, ...]) -> Structure:
        if by_piece and by_sign_vector:     # one solve per connected piece found
            vector = signs_at(bounds, syms, p)
            got = pieces.get(vector, p)
            if got is None:
                work.add()
                got = solve_at(p)
                pieces.put(vector, p, got)
            return got
        key = signs_at(bounds, syms, p) if by_sign_vector else p
        if key not in by_signs:
            work.add()
            by_signs[key] = solve_at(p)
        return by_signs[key]

    anchors: dict[int, list[tuple[Fraction, ...]]] = _grid_anchors(geom, bounds)
    # undecided points, with the anchors known then: asked again only once more are known
    pending: dict[tuple[Exact, ...], tuple[int, _Verdict]] = {}

    open_at: dict[tuple[Exact, ...], Exact] = {}    # undecided points' distances
    asked: list[Exact] = [Fraction(0)]              # the distance of the point asked

    def exact_structure(p: tuple[Exact, ...]) -> Structure | None:
        """The structure at an irrational point: that of its sign vector when a point
        with the same signs was solved already (as for rational probes), else solved
        exactly in its number field; not solved (None: undecided) past the work limit,
        nor past a nearer point left undecided: the radius is then a bound below that
        point anyway, and a solve in a number field (seconds, with three players) could
        only bring the upper bound down."""
        assert solve_exact is not None
        if work.spent() or any(_cmp(r, asked[0]) < 0 for r in open_at.values()):
            return None
        if by_piece and by_sign_vector:     # one solve per connected piece found
            vector = signs_at(bounds, syms, p)
            got = irrational.get(vector, p)
            if got is None:
                got = solve_exact(p)
                if got is not None:
                    irrational.put(vector, p, got)
            return got
        if not by_sign_vector:
            return solve_exact(p)
        key = signs_at(bounds, syms, p)
        if key not in by_signs:
            st = solve_exact(p)
            if st is None:
                return None
            by_signs[key] = st
        return by_signs[key]

    def verdict(c: Contact) -> _Verdict:
        if c.point in decided:
            return decided[c.point]
        known = sum(map(len, anchors.values()))
        if c.point in pending and pending[c.point][0] == known:
            return pending[c.point][1]
        if work.spent():            # past the work limit: left undecided
            work.skipped.add(c.point)
            return _Verdict(None, False)
        work.add()
        asked[0] = c.r
        open_at.pop(c.point, None)
        cells = local_cells(geom, bounds, syms, c.point, anchors)
        change: tuple[Exact, ...] | None = next(
            (p for p in cells.probes if structure_at(p) != here), None)
        own = cells.own and change is not None and change == cells.probes[0]
        complete = cells.complete
        if change is None and cells.algebraic:   # cells with no rational point found
            got = _solve_algebraic(cells.algebraic, here,
                                   None if solve_exact is None else exact_structure)
            complete = complete and got is not False
            change = got if isinstance(got, tuple) else None
        found = _Verdict(change, complete, own)
        if change is None and not cells.own and cells.others and solve_exact is not None:
            st = exact_structure(c.point)   # its own cell, at the point itself
            if st is not None:
                found = _Verdict(c.point if st != here else None, True, st != here)
        if change is None and not found.complete:
            if work.spent():        # cut short by the work limit
                work.skipped.add(c.point)
            pending[c.point] = (known, found)
            open_at[c.point] = c.r   # asked again once more anchors are known
            return found
        decided[c.point] = found
        return found

    def anchor(cands: Sequence[Contact]) -> None:
        for c in cands:
            if all(isinstance(v, Fraction) for v in c.point):
                for j in c.on:
                    if bounds[j].degree == 2 and c.point not in anchors.setdefault(j, []):
                        anchors[j].append(c.point)      # type: ignore[arg-type]

    start = Contact(Fraction(0), geom.x0, frozenset())
    # A: the baseline and the nearest point of each linear boundary (a closed form) give
    # a first upper bound; then every candidate of the linear boundaries within it
    lin = [i for i in low if bounds[i].linear is not None]
    near = {i: linear_nearest(geom, bounds[i]) for i in lin}
    upper = _first_change([start, *(Contact(got[0], got[1], frozenset({i}))
                                    for i, got in near.items() if got is not None)], verdict)
    lin = [i for i in lin if near[i] is not None and
           (upper is None or _cmp(near[i][0], upper) <= 0)]   # type: ignore[index]
    found, unsolved = contacts(geom, bounds, syms, [frozenset({i}) for i in lin], upper,
                               work)
    anchor(found)
    upper = _first_change([start, *found], verdict)
    # B: each curved boundary alone, unless certified clear of the cube within that bound
    curved = [i for i in low if bounds[i].linear is None and
              (upper is None or clear(i, _rational_above(upper)) < _rational_above(upper))]
    more, unsolved1 = contacts(geom, bounds, syms, [frozenset({i}) for i in curved],
                                upper, work)
    found += more
    unsolved += unsolved1
    anchor(more)
    upper = _first_change([start, *found], verdict)
    nearest: dict[int, Exact] = {}
    for c in found:
        (i,) = c.on
        if i not in nearest or _cmp(c.r, nearest[i]) < 0:
            nearest[i] = c.r
    # C: sets of boundaries that can all be reached within the bound (grown level by
    # level: a set is kept only when every smaller part of it is, and its linear
    # members have a common zero within the bound)
    reach_to = _budget_cap([start, *found], verdict, upper, work)
    reach = [i for i in low if i in nearest and
             (reach_to is None or _cmp(nearest[i], reach_to) <= 0)]
    sets = _joint_sets(geom, bounds, reach, reach_to)
    notes: list[str] = []
    floor: Exact | None = None
    if len(sets) > MAX_SETS:
        skipped = sets[MAX_SETS:]
        floor = min((max((nearest[j] for j in J), key=to_float) for J in skipped), key=to_float)
        notes.append(f"more than {MAX_SETS} sets of boundaries meet near the baseline; the "
                     "farther ones were not examined jointly")
        sets = sets[:MAX_SETS]
    more, unsolved2 = contacts(geom, bounds, syms, sets, reach_to, work)
    anchor(more)
    hit, undecided = _sweep([start, *found, *more], verdict)
    # D: in two parameters, a boundary of degree 3 up to ROBUST_DEGREE that may come nearer than the
    # change found is placed exactly (robust_higher.py): its candidates join the sweep
    # (crossings with a boundary left unplaced need not be: that one is either clear of
    # the cube up to the change, or its certified distance makes the radius a bound)
    placed: set[int] = set()
    top = max(ROBUST_DEGREE, ROBUST_FACE_DEGREE if len(syms) != 2 else ROBUST_PLANE_DEGREE)
    placeable = [i for i in high if bounds[i].degree <= top and
                 _bits(bounds[i]) <= ROBUST_CONIC_BITS][:MAX_HIGHER_TIMED]
    import time
    # all of degree 5 and 6, in CPU seconds of this process: the same verdict on a
    # machine shared with other work as on an idle one
    plane_deadline = time.process_time() + ROBUST_PLANE_SECONDS
    for n, i in enumerate(placeable):
        cap = _rational_above(hit.r) if hit is not None else geom.reach()
        if clear(i, cap) >= cap:
            continue                    # certified clear of the cube up to the change
        others = [k for k in [*low, *placeable] if k != i]
        budgeted = bounds[i].degree > ROBUST_DEGREE or n >= MAX_HIGHER
        timed = _within(verdict, plane_deadline if budgeted else None)
        try:
            got_i = higher_contacts(geom, bounds, syms, i, others,
                                    None if hit is None else cap)
            if got_i is not None:
                swept = _sweep([start, *found, *more, *got_i], timed)
        except _PlaneTimeout:
            notes.append(f"placing the boundaries of degree 5 and 6 (and those past the "
                         f"first {MAX_HIGHER}) exactly took more than "
                         f"games.limits.ROBUST_PLANE_SECONDS ({ROBUST_PLANE_SECONDS:g} s); "
                         f"one of degree {bounds[i].degree} is bounded instead")
            continue
        if got_i is not None:
            placed.add(i)
            more += got_i
            hit, undecided = swept
    high = [i for i in high if i not in placed]
    far = _rational_above(hit.r) if hit is not None else geom.reach()
    # a member whose own nearest point is not known (never met alone, or a system of
    # it alone left unsolved): its certified distance
    partial = {j for u in unsolved if len(u.on) == 1 for j in u.on}
    for u in dict.fromkeys([*unsolved, *unsolved2]):
        at = max((nearest[j] if j in nearest and j not in partial else clear(j, far)
                  for j in u.on), key=to_float)
        floor = at if floor is None else min(floor, at, key=to_float)
        notes.append(f"the search stopped at its work limit of {work.limit:,} steps "
                     "(games.limits.ROBUST_STEPS) with systems of curved boundaries "
                     "unsolved" if u.spent else
                     "a system of curved boundaries was not solved exactly")
    if undecided is not None and undecided.point in work.skipped:
        floor = undecided.r if floor is None else min(floor, undecided.r, key=to_float)
        notes.append(f"the search stopped at its work limit of {work.limit:,} steps "
                     "(candidate points decided and cells solved; games.limits.ROBUST_STEPS) "
                     f"with the candidates from distance {to_float(undecided.r):.4g} on "
                     "undecided")
    elif undecided is not None:
        floor = undecided.r if floor is None else min(floor, undecided.r, key=to_float)
        notes.append("the cells around a point at distance "
                     f"{to_float(undecided.r):.4g} could not all be solved exactly "
                     "(a tangency, or a cell with only irrational points)")
    cap = _rational_above(hit.r) if hit is not None else geom.reach()
    for i in high:
        got = clear(i, cap)
        if got < cap:
            floor = got if floor is None else min(floor, got, key=to_float)
            notes.append("a boundary not placed exactly (of degree above "
                         f"{top}, or with coefficients beyond "
                         "games.limits.ROBUST_CONIC_BITS bits) may come closer (it is at "
                         f"least {got} away, by interval arithmetic)")
    if hit is None:
        exact = floor is None
        return Found(None, None, None, (), exact, floor, tuple(dict.fromkeys(notes)))
    exact = floor is None or _cmp(floor, hit.r) >= 0
    at_hit = decided[hit.point]
    seen: tuple[str, ...] = ()
    if at_hit.change == hit.point and not _rational(hit.point):
        beyond = None           # solved exactly at the witness itself (robust_algebraic)
    elif at_hit.change is not None and not _rational(at_hit.change):
        beyond = None           # a touching cell with no rational point, solved exactly
        seen = ("next to the witness the equilibria differ on a boundary, in a cell "
                "whose points found are irrational; solved exactly at "
                f"({', '.join(str(v) for v in at_hit.change)})",)
    else:
        beyond = _rational_point(at_hit.change)
        if beyond is not None and beyond != hit.point:
            beyond = _closer(geom, bounds, syms, hit.point, beyond, here, solve_at)
        if beyond is None or solve_at(beyond) == here:
            if by_sign_vector:      # one sign vector, two structures: solve every probe
                return search(geom, polys, syms, here, solve_at, clear, by_sign_vector=False,
                              solve_exact=solve_exact, work=work, field_steps=field_steps,
                              by_piece=by_piece)
            beyond = None
    on = tuple(j for j, s in enumerate(signs_at(bounds, syms, hit.point)) if s == 0)
    return Found(hit.r, hit.point, beyond, on, exact, None if exact else floor,
                 (*(dict.fromkeys(notes) if not exact else ()), *seen), at_hit.own_differs)


def _joined(bounds: Sequence[Boundary], syms: Sequence[SymExpr], p: tuple[Exact, ...],
            q: tuple[Exact, ...]) -> bool:
    """Whether the segment from p to q (one sign vector, irrational coordinates, q - p
    rational) keeps every curved boundary's sign, decided exactly: the signs at p of
    the polynomials whose signs Descartes' rule reads (segments.descartes_polys), all
    zero for a boundary zero at p (it is zero along the segment), all one sign for
    the others. Linear boundaries keep their signs between two points of one vector."""
    from .segments import descartes_polys, shift
    d = shift(p, q)
    if d is None:
        return False
    for b in bounds:
        if b.degree <= 1:
            continue
        at = signs_at(boundaries(descartes_polys(b.terms, d, syms), syms),
                      syms, p)
        zero = signs_at([b], syms, p)[0] == 0
        if (zero and any(at)) or (not zero and (0 in at or len(set(at)) > 1)):
            return False
    return True


def _counted(solve_exact: Callable[[tuple[Exact, ...]], Structure | None], work: Work,
             steps: int) -> Callable[[tuple[Exact, ...]], Structure | None]:
    """An exact solve at an irrational point, counted as `steps` of `work` and its
    integer-relation searches (robust_work.charge_search); one that would pass the
    limit leaves the point unsolved (None) and the work spent."""
    from .robust_work import WorkSpent, counting

    def counted(point: tuple[Exact, ...]) -> Structure | None:
        work.add(steps)
        try:
            with counting(work):        # its PSLQ searches too (robust_work.py)
                return solve_exact(point)
        except WorkSpent:               # one would pass the limit: not solved
            work.done = max(work.done, work.limit or 0)
            return None
    return counted


def _budget_cap(cands: Sequence[Contact], verdict: Callable[[Contact], _Verdict],
                upper: Exact | None, work: Work) -> Exact | None:
    """How far sets of boundaries are examined jointly: up to the change found
    (`upper`), and once the work limit is spent not past the first undecided candidate
    (the certified lower bound cannot pass it, and a set's candidates lie no nearer
    than its farthest member's nearest point)."""
    if not work.spent():
        return upper
    _, undecided = _sweep(cands, verdict)
    if undecided is None:
        return upper
    return undecided.r if upper is None else min(upper, undecided.r, key=to_float)


def _solve_algebraic(points: Sequence[tuple[Exact, ...]], here: Structure,
                     solve_exact: Callable[[tuple[Exact, ...]], Structure | None] | None
                     ) -> tuple[Exact, ...] | bool:
    """The first algebraic probe whose structure differs, solved exactly; True when
    none differs, False when one could not be solved."""
    if solve_exact is None:
        return False
    for p in points:
        st = solve_exact(p)
        if st is None:
            return False
        if st != here:
            return p
    return True


def _rational(point: Sequence[Exact]) -> bool:
    return all(isinstance(v, Fraction) for v in point)


def _rational_point(point: tuple[Exact, ...] | None) -> tuple[Fraction, ...] | None:
    """A probe's point as Fractions (probes are rational; None stays None)."""
    if point is None:
        return None
    return tuple(v for v in point if isinstance(v, Fraction))


def _bits(b: Boundary) -> int:
    """The largest coefficient size of a boundary, in bits (numerator plus denominator)."""
    return max((c.numerator.bit_length() + c.denominator.bit_length() for _, c in b.terms),
               default=0)


def _grid_anchors(geom: Geometry, bounds: Sequence[Boundary]
                  ) -> dict[int, list[tuple[Fraction, ...]]]:
    """Rational points of each quadric found on axis-parallel lines through a small grid
    of the box (where the quadratic in one coordinate has a rational root)."""
    from .robust_contacts import rational_roots_on_line
    out: dict[int, list[tuple[Fraction, ...]]] = {}
    n = len(geom.x0)
    axes = [[lo + (hi - lo) * Fraction(k, 4) for k in range(5)] for lo, hi in geom.box]
    if 5 ** (n - 1) * n > 400:
        return out
    for j, b in enumerate(bounds):
        if b.degree != 2:
            continue
        for k in range(n):
            for rest in itertools.product(*(axes[i] for i in range(n) if i != k)):
                base = [*rest[:k], Fraction(0), *rest[k:]]
                for v in rational_roots_on_line(b, base, k):
                    if geom.box[k][0] <= v <= geom.box[k][1]:
                        out.setdefault(j, []).append(tuple(base[:k] + [v] + base[k + 1:]))
    return out


def _joint_sets(geom: Geometry, bounds: Sequence[Boundary], reach: Sequence[int],
                upper: Exact | None) -> list[frozenset[int]]:
    """Sets of 2 .. n boundaries whose every part is reachable within `upper`."""
    alive: set[frozenset[int]] = {frozenset({i}) for i in reach}
    level = sorted(alive, key=sorted)
    out: list[frozenset[int]] = []
    for _ in range(2, len(geom.x0) + 1):
        grown: set[frozenset[int]] = set()
        for J in level:
            for i in reach:
                if i in J or i < max(J):
                    continue
                K = J | {i}
                if all(K - {j} in alive for j in K) and _reachable(geom, bounds, K, upper):
                    grown.add(K)
        alive |= grown
        level = sorted(grown, key=sorted)
        out += level
    return out


def _reachable(geom: Geometry, bounds: Sequence[Boundary], J: frozenset[int],
               upper: Exact | None) -> bool:
    """Do the linear members of J have a common zero within distance `upper`?"""
    lines = [bounds[j] for j in sorted(J) if bounds[j].linear is not None]
    if len(lines) < 2:
        return True
    r = linear_reach(geom, lines)
    return r is not None and (upper is None or _cmp(r, upper) <= 0)


def _closer(geom: Geometry, bounds: Sequence[Boundary], syms: Sequence[SymExpr],
            point: tuple[Exact, ...], probe: tuple[Fraction, ...], here: Structure,
            solve_at: Callable[[Sequence[Fraction]], Structure]) -> tuple[Fraction, ...]:
    """The probe moved towards the witness while its exact sign vector stays the same
    (the same cell), so the reported point beyond is close to the witness; solved
    directly at the end (the probe itself when that would not differ)."""
    from .robust_local import near_rational
    want = signs_at(bounds, syms, probe)
    best = probe
    for k in range(1, 30):
        prec = 10 ** (12 + k)
        at = [v if isinstance(v, Fraction) else near_rational(v, prec) for v in point]
        cand = tuple(a + (p - a) / 2 ** k for a, p in zip(at, probe))
        if any(not lo <= v <= hi for v, (lo, hi) in zip(cand, geom.box)) or \
                signs_at(bounds, syms, cand) != want:
            break
        best = cand
    if best == probe:
        return probe
    for digits in range(2, 16):         # the same cell with a shorter denominator
        short = tuple(v.limit_denominator(10 ** digits) for v in best)
        if all(lo <= v <= hi for v, (lo, hi) in zip(short, geom.box)) and \
                signs_at(bounds, syms, short) == want:
            best = short
            break
    return best if solve_at(best) != here else probe


def _within(verdict: Callable[[Contact], _Verdict], deadline: float | None
            ) -> Callable[[Contact], _Verdict]:
    """The verdict, checking before each candidate that the deadline (CPU seconds,
    time.process_time) has not passed (_PlaneTimeout otherwise; None: no check): placing boundaries of
    degree 5 and 6 is abandoned after ROBUST_PLANE_SECONDS in all rather than let run
    for minutes (their candidates can be many irrational points). Verdicts are
    remembered, so an abandoned sweep leaves only decided candidates behind."""
    if deadline is None:
        return verdict
    import time

    from ..budget import expired

    def checked(c: Contact) -> _Verdict:
        if expired(deadline, time.process_time):
            raise _PlaneTimeout
        return verdict(c)
    return checked


class _PlaneTimeout(Exception):
    """Placing one boundary of degree 5 or 6 passed ROBUST_PLANE_SECONDS."""


def _first_change(cands: Sequence[Contact], verdict: Callable[[Contact], _Verdict]
                  ) -> Exact | None:
    """The distance of the first candidate with a change (an upper bound), or None."""
    hit, _ = _sweep(cands, verdict)
    return None if hit is None else hit.r


def _sweep(cands: Sequence[Contact], verdict: Callable[[Contact], _Verdict]
           ) -> tuple[Contact | None, Contact | None]:
    """The first candidate (in increasing distance) with a change, and the first one
    before it that could not be decided completely."""
    undecided = None
    def order(a: Contact, b: Contact) -> int:
        return _cmp(a.r, b.r)

    for c in sorted(cands, key=functools.cmp_to_key(order)):
        v = verdict(c)
        if v.change is not None:
            return c, undecided
        if not v.complete and undecided is None:
            undecided = c
    return None, undecided


def _cmp(a: Exact, b: Exact) -> int:
    """Exact comparison, by floats when they are far apart."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return (a > b) - (a < b)
    fa, fb = to_float(a), to_float(b)
    if abs(fa - fb) > 1e-9 * (1 + abs(fa)):
        return (fa > fb) - (fa < fb)
    return sign(to_sympy(a) - to_sympy(b))


def _rational_above(r: Exact) -> Fraction:
    """A rational at least r (r itself when rational)."""
    if isinstance(r, Fraction):
        return r
    q = Fraction(to_float(r)).limit_denominator(10 ** 9) + Fraction(1, 10 ** 8)
    while sign(to_sympy(q) - r) < 0:
        q += Fraction(1, 10 ** 6)
    return q
