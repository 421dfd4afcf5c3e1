"""The critical polynomials of every piece of a scenario with min/max/abs payoffs, for
the robustness radius in any number of parameters.

`critical()` gives the split polynomials (where a min/max/abs changes branch) and the
support-system polynomials of the branch that holds at one point; away from the
baseline another branch may hold, with polynomials of its own. Each strict sign
pattern of the split polynomials met in the box is one combination of branches, so
one point per pattern suffices: for linear splits the patterns are decided exactly (an
exact LP maximising the smallest signed split value in the box: a pattern is met
exactly when that maximum is positive, and the optimum is its point); otherwise they
are sampled on a grid, and the result is certified complete only when every pattern
was met (or a single split keeps one sign on the box).
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .critical import critical
from .factoring import dedupe, factors
from .robust_contacts import Boundary, boundaries
from .symbolic import has_pieces, make_symbols, split_expressions, symbolic_payoffs

if TYPE_CHECKING:
    from ..numbers import SymExpr
    from ..scenario.model import Scenario

MAX_SPLITS = 10             # linear split polynomials decided pattern by pattern
GRID_POINTS = 1000          # sample points for curved splits


@dataclass(frozen=True)
class Pieces:
    """The union of every piece's critical polynomials, and whether every piece met in
    the box was certainly found."""

    polys: tuple[SymExpr, ...]
    certified: bool
    complete: bool              # no piece's support enumeration was capped


def piece_polys(scenario: Scenario, names: Sequence[str], base: Mapping[str, Fraction],
                box: Sequence[tuple[Fraction, Fraction]]) -> Pieces | None:
    """The critical polynomials of all pieces; None when the payoffs have no pieces."""
    syms = make_symbols(names)
    U = symbolic_payoffs(scenario, list(names), base, syms)
    if not has_pieces(U):
        return None
    splits = boundaries(dedupe(f for e in split_expressions(U) for f in factors(e, syms)), syms)
    points, certified = _pattern_points(splits, box)
    polys = list(critical(scenario, list(names), base, payoffs=U).polys)
    complete = True
    for pt in points:
        piece = critical(scenario, list(names), base, point=dict(zip(names, pt)), payoffs=U)
        complete = complete and piece.complete
        polys.extend(piece.polys)
    return Pieces(tuple(dedupe(polys)), certified, complete)


def _pattern_points(splits: Sequence[Boundary], box: Sequence[tuple[Fraction, Fraction]]
                    ) -> tuple[list[tuple[Fraction, ...]], bool]:
    """One point per strict sign pattern of the splits met in the box, and whether the
    patterns were decided exactly."""
    if all(b.linear is not None for b in splits) and len(splits) <= MAX_SPLITS:
        out = []
        for pattern in itertools.product((-1, 1), repeat=len(splits)):
            pt = _lp_point(splits, pattern, box)
            if pt is not None:
                out.append(pt)
        return out, True
    per = max(2, int(GRID_POINTS ** (1 / len(box))))
    seen: dict[tuple[int, ...], tuple[Fraction, ...]] = {}
    axes = [[lo + (hi - lo) * Fraction(2 * k + 1, 2 * per) for k in range(per)] for lo, hi in box]
    for pt in itertools.product(*axes):
        key = tuple((v > 0) - (v < 0) for v in (b.at(pt) for b in splits))
        if 0 not in key:
            seen.setdefault(key, pt)
            if len(seen) == 2 ** len(splits):
                break
    # every pattern found, or a single split of one sign on the whole box (interval
    # arithmetic): nothing can be missing
    whole = len(seen) == 2 ** len(splits) or (len(splits) == 1 and not splits[0].may_vanish(box))
    return list(seen.values()), whole


def _lp_point(splits: Sequence[Boundary], pattern: Sequence[int],
              box: Sequence[tuple[Fraction, Fraction]]) -> tuple[Fraction, ...] | None:
    """A point of the box where every split has the pattern's strict sign: maximise t
    with sign * split(x) >= t (t <= 1); None when the maximum is not positive."""
    from ..solvers.lp import solve_lp
    n = len(box)
    a_ub: list[list[Fraction]] = []
    b_ub: list[Fraction] = []
    for b, s in zip(splits, pattern):
        assert b.linear is not None
        a_ub.append([*(-s * c for c in b.linear), Fraction(1)])
        b_ub.append(s * b.constant)
    for k, (lo, hi) in enumerate(box):
        unit = [Fraction(int(i == k)) for i in range(n)]
        a_ub += [[*unit, Fraction(0)], [*(-u for u in unit), Fraction(0)]]
        b_ub += [hi, -lo]
    a_ub.append([Fraction(0)] * n + [Fraction(1)])
    b_ub.append(Fraction(1))
    res = solve_lp([0] * n + [1], a_ub, b_ub, free=range(n + 1), method="exact")
    if not res.optimal or res.x is None or res.x[-1] <= 0:
        return None
    return tuple(res.x[:n])
