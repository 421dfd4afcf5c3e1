"""Robustness: how far all ranged parameters can move together before the prediction
changes.

In range-scaled coordinates u_i = (x_i - x0_i) / width_i, the radius is the largest
r such that every point of the box with max |u_i| <= r has the baseline's
equilibrium structure, i.e. the smallest r at which that closed, box-clipped cube
touches a point where the structure differs (there, or arbitrarily close by). The
structure can only change across a critical polynomial (critical.py); where the
boundaries have degree at most games.limits.ROBUST_DEGREE the radius is exact in any
number of parameters (robust_contacts.py: candidate points, robust_faces.py: their
systems by resultants, up to ROBUST_FACE_DEGREE in three or more parameters,
robust_higher.py: those of curves of degree 3 and up in two parameters,
robust_local.py: the cells touching one, robust_exact.py: the sweep; a cell with
only irrational points found is solved at an algebraic point of it in its number
field, robust_algebraic.py), save the cases docs/sensitivity.md
lists; otherwise it comes with a certified lower bound (`clear_radius`: interval
arithmetic on the cube). The edge of the box is not a change: the cube is clipped there and keeps
growing in the other parameters.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import GameError
from ..numbers import Exact, SymExpr, exact_str, simplify_exact, to_float
from .critical import critical
from .thresholds import Solver, Structure, baseline, structure, whole

if TYPE_CHECKING:
    from ..model import Game
    from .robust_contacts import Geometry
    from .robust_exact import Found
    from ..scenario.model import Scenario


@dataclass(frozen=True)
class Robustness:
    """The joint-change radius of the baseline's prediction (None: it holds on the
    whole box), the point where it breaks, and whether the radius is exact."""

    names: tuple[str, ...]
    radius: Exact | None
    witness: dict[str, Exact] | None
    exact: bool = True
    lower: Exact | None = None          # a certified lower bound when not exact
    boundary: Any = None                # the polynomial crossed at the witness
    notes: tuple[str, ...] = ()
    interactions: tuple[tuple[str, str], ...] = ()   # pairs some critical curve couples
    beyond: dict[str, Fraction] | None = None   # a point with another structure touching
    witness_changes: bool = False               # the structure differs at the witness itself

    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's "robustness" object."""
        out: dict[str, Any] = {
            "radius": None if self.radius is None else exact_str(self.radius),
            "radius_float": None if self.radius is None else to_float(self.radius),
            "witness": None if self.witness is None else
            {n: exact_str(v) for n, v in self.witness.items()},
            "scale": "range",
            "exact": self.exact,
        }
        if not self.exact:
            out["lower_bound"] = None if self.lower is None else exact_str(self.lower)
        if self.boundary is not None:
            out["boundary"] = str(self.boundary)
        if self.witness is not None:
            out["witness_changes"] = self.witness_changes
        if self.beyond is not None and not self.witness_changes:
            out["beyond"] = {n: exact_str(v) for n, v in self.beyond.items()}
        if self.notes:
            out["notes"] = list(self.notes)
        out["interactions"] = [list(p) for p in self.interactions]
        return out

    def sentence(self) -> str:
        """The verdict line of the report."""
        if self.radius is None and not self.exact:
            least = 100 * to_float(self.lower or 0)
            return (f"the prediction survives any joint change of up to {least:.3g}% of each "
                    "range (certified); no change was found beyond, but the search did not "
                    "exclude one")
        if self.radius is None:
            return ("the prediction holds over the whole box of parameter ranges: no joint "
                    "change within the ranges alters it")
        pct = 100 * to_float(self.radius)
        share = f"{pct:.3g}%" if pct >= 0.1 else f"{pct:.2g}%"
        where = ", ".join(f"{n} = {_show(v)}" for n, v in (self.witness or {}).items())
        bound = "" if self.exact else \
            f" (at least {100 * to_float(self.lower or 0):.3g}%, certified; at most {share})"
        if self.radius == 0:
            near = ", ".join(f"{n} = {_show(v)}" for n, v in
                             (self.beyond or self.witness or {}).items())
            return (f"the prediction is on a knife edge: the baseline lies on a boundary and the "
                    f"slightest change breaks it (for example at {near})")
        return (f"the prediction survives any joint change of up to {share} of each "
                f"range{bound}; it breaks first at {where}")


    def details(self) -> tuple[str, ...]:
        """The exact radius (or its certified bounds), and where the structure differs
        when it is still the baseline's at the witness itself."""
        if self.radius is None:
            if self.exact:
                return ()
            return (f"No change was found, but one is not excluded beyond "
                    f"{exact_str(self.lower or 0)} of each range (certified lower bound).",)
        lines = [f"Radius, exactly: {exact_str(self.radius)} of each range's width." if self.exact
                 else f"Radius between {exact_str(self.lower or 0)} (certified) and "
                      f"{exact_str(self.radius)} (a change found there) of each range's width."]
        if self.beyond is not None and not self.witness_changes:
            where = ", ".join(f"{n} = {_show(v)}" for n, v in self.beyond.items())
            lines.append("At that point the equilibria are still the baseline's (it lies on a "
                         f"boundary); right past it they differ, for example at {where}.")
        return tuple(lines)


def _show(v: Exact) -> str:
    s = exact_str(v)
    return s if isinstance(v, Fraction) else f"{s} ≈ {to_float(v):.4g}"


# ------------------------------------------------------------------ the analysis

def robustness(scenario: Scenario, values: Mapping[str, Fraction | int | str] | None = None,
               names: Sequence[str] | None = None,
               *, solver: Solver) -> Robustness | None:
    """The robustness of the baseline's equilibrium structure to joint changes of the
    ranged parameters (`names`, default all); None when no parameter has a range.
    The search itself is robust_exact.py's."""
    from .robust_contacts import Geometry
    names = tuple(names) if names is not None else tuple(
        n for n, p in scenario.parameters.items() if p.range is not None)
    # A range of one point ([c, c]) cannot move: it is no direction of change, and its
    # zero width would divide every share of a range.
    names = tuple(n for n in names if _range(scenario, n)[0] < _range(scenario, n)[1])
    if not names:
        return None
    from ..limits import robust_parameters_problem
    from .critical import TooComplex
    problem = robust_parameters_problem(len(names))
    if problem:                 # before any work: 200 parameters never ended
        raise TooComplex(problem)
    solve = solver
    base = baseline(scenario, values)
    crit = critical(scenario, list(names), base)
    syms = crit.symbols
    box = [_range(scenario, n) for n in names]
    geom = Geometry(tuple(base[n] for n in names), tuple(hi - lo for lo, hi in box),
                    tuple(box))
    here = structure(whole(solve(scenario.game(base, check_range=False))))
    from .robust_pieces import piece_polys
    pieces = piece_polys(scenario, names, base, box)     # min/max/abs: every piece's too
    polys = crit.polys if pieces is None else pieces.polys
    certified = crit.complete and (pieces is None or (pieces.certified and pieces.complete))
    pairs = interactions(polys, syms, names)

    def solve_at(point: Sequence[Fraction]) -> Structure:
        return structure(whole(solve(scenario.game({**base, **dict(zip(names, point))},
                                                   check_range=False))))

    def clear(i: int, cap: Fraction) -> Fraction:
        return clear_radius(polys[i], syms, geom.x0, geom.widths, box, cap=cap)

    payoffs: list[Any] = []             # the symbolic payoffs, built on first need

    def solve_exact(point: tuple[Exact, ...]) -> Structure | None:
        from .region_algebraic import Refused
        from .robust_algebraic import structure_at
        from .symbolic import symbolic_payoffs
        try:
            if not payoffs:
                payoffs.append(symbolic_payoffs(scenario, list(names), base, list(syms)))
            return structure_at(payoffs[0], syms, point)
        except (Refused, ArithmeticError, ZeroDivisionError):
            return None

    from ..limits import ROBUST_FIELD_STEPS, ROBUST_FIELD_STEPS_2P
    steps = ROBUST_FIELD_STEPS_2P if len(scenario.players) == 2 else ROBUST_FIELD_STEPS
    # three or more players mixing: one sign vector may hold pieces of different
    # structures (region_split.py), so solves are shared only within a piece
    from .segments import may_split
    by_piece = may_split([len(p.strategies) for p in scenario.players])
    got = _search_involved(geom, polys, syms, here, solve_at, clear, solve_exact, steps,
                           by_piece)
    notes = (*crit.notes, *got.notes)
    if not certified:           # boundaries may be missing: nothing below is certified
        notes = (*notes, "the support enumeration was capped, or the pieces of min/max/abs "
                         "payoffs were sampled, so the radius is not certified")
        got = replace(got, exact=False, lower=Fraction(0))
    if got.radius is None:
        return Robustness(names, None, None, got.exact, got.lower, None, notes, pairs)
    witness = dict(zip(names, got.witness or ()))
    beyond = None if got.beyond is None else dict(zip(names, got.beyond))
    boundary = polys[got.on[0]] if got.on else None
    return Robustness(names, simplify_exact(got.radius), witness, got.exact, got.lower,
                      boundary, notes, pairs, beyond, got.witness_changes)


def _search_involved(geom: Geometry, polys: Sequence[SymExpr], syms: Sequence[SymExpr],
                     here: Structure, solve_at: Callable[[Sequence[Fraction]], Structure],
                     clear: Callable[[int, Fraction], Fraction],
                     solve_exact: Callable[[tuple[Exact, ...]], Structure | None],
                     field_steps: int, by_piece: bool = False) -> Found:
    """robust_exact.search in the parameters some boundary involves, the others held at
    their baseline (and put back into the points found). The structure cannot depend
    on a parameter no critical polynomial involves (it is constant on their sign
    classes), and the cube reaches a point of the others at the same distance with
    those at their baseline: the radius is the same, and the plane's exact methods
    apply when two parameters are involved (one involved is kept in a plane with
    another)."""
    from .robust_contacts import Geometry
    from .robust_exact import search
    used = [k for k, s in enumerate(syms) if any(s in p.free_symbols for p in polys)]
    if len(used) == 1 < len(syms):  # kept in a plane, where boundaries of any degree are placed
        used = sorted({*used, next(k for k in range(len(syms)) if k not in used)})
    if not used or len(used) == len(syms):
        return search(geom, polys, syms, here, solve_at, clear, solve_exact=solve_exact,
                      field_steps=field_steps, by_piece=by_piece)

    def full(point: Sequence[Exact]) -> list[Exact]:
        out: list[Exact] = list(geom.x0)
        for k, v in zip(used, point):
            out[k] = v
        return out

    def solve_part(point: Sequence[Fraction]) -> Structure:
        return solve_at([v for v in full(point) if isinstance(v, Fraction)])

    part = Geometry(tuple(geom.x0[k] for k in used), tuple(geom.widths[k] for k in used),
                    tuple(geom.box[k] for k in used))
    got = search(part, polys, [syms[k] for k in used], here, solve_part, clear,
                 solve_exact=lambda point: solve_exact(tuple(full(point))),
                 field_steps=field_steps, by_piece=by_piece)
    return replace(got, witness=None if got.witness is None else tuple(full(got.witness)),
                   beyond=None if got.beyond is None else
                   tuple(v for v in full(got.beyond) if isinstance(v, Fraction)))


def _range(scenario: Scenario, name: str) -> tuple[Fraction, Fraction]:
    """A parameter's range; GameError when it has none (robustness is measured in
    shares of each range)."""
    rng = scenario.parameters[name].range
    if rng is None:
        raise GameError(f"parameter '{name}' has no range; give it one (range: [lo, hi])")
    return rng


def interactions(polys: Sequence[SymExpr], syms: Sequence[SymExpr], names: Sequence[str]
                 ) -> tuple[tuple[str, str], ...]:
    """The pairs of parameters that some critical polynomial involves together: their
    joint effect is not a sum of separate thresholds (their region map has boundaries
    that are not parallel to an axis)."""
    found: set[tuple[str, str]] = set()
    for p in polys:
        free = [n for s, n in zip(syms, names) if s in p.free_symbols]
        found.update(itertools.combinations(free, 2))
    order = {n: k for k, n in enumerate(names)}
    return tuple(sorted(found, key=lambda t: (order[t[0]], order[t[1]])))


# ------------------------------------------------------------------ distances


def clear_radius(p: SymExpr, syms: Sequence[SymExpr], x0: Sequence[Fraction],
                 widths: Sequence[Fraction], box: Sequence[tuple[Fraction, Fraction]],
                 steps: int = 12, cap: Fraction = Fraction(1)) -> Fraction:
    """A certified lower bound on the scaled L-infinity distance from x0 to p = 0 in
    the box, up to `cap`: `cap` itself when p cannot vanish that close, else the
    largest r found by bisection at which p cannot vanish on the cube
    of radius r (clipped to the box): decided exactly at the corners for a
    multilinear p, by interval arithmetic otherwise."""
    from .robust_contacts import boundaries
    (b,) = boundaries([p], syms)
    multilinear = all(k <= 1 for m, _ in b.terms for k in m)

    def clear(r: Fraction) -> bool:
        iv = [(max(lo, v - r * w), min(hi, v + r * w))
              for v, w, (lo, hi) in zip(x0, widths, box)]
        if multilinear:      # its extremes on a box are at the box's corners: exact
            vals = [b.at(corner) for corner in itertools.product(*iv)]
            return min(vals) > 0 or max(vals) < 0
        return not b.may_vanish(iv)

    lo, hi = Fraction(0), cap
    if clear(hi):
        return hi
    for _ in range(steps):
        mid = (lo + hi) / 2
        if clear(mid):
            lo = mid
        else:
            hi = mid
    return lo
