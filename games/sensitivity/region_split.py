"""Sign classes of a region map made of separate pieces with different equilibria.

A boundary polynomial that touches zero without changing sign on another boundary
or on an edge of the box ((3a - 7)^2 on the edge b = 0, 64a + (2b^2 - 5)^2 on the
edge a = 0) cuts that curve into pieces of one sign vector: the signs cannot tell
them apart, yet the equilibria may differ between them. The decomposition's cells
(region_areas.py) are grouped into the connected pieces of each sign class on curves
(cells of one sign vector that touch); a class with several pieces has each solved
once, at a sample of the piece, and a piece whose structure differs from its
class's becomes a cell of its own, found by exact point location in the
decomposition (`locate`) rather than by its signs.

Classes of dimension 2 (open areas where no critical polynomial vanishes) are split
too when some support system is nonlinear (three or more players mix: `open_too`).
Off the curves the equilibrium set keeps its structure on each *connected* open set
(multilinear_critical.py's argument, and the Groebner path's: solutions move
continuously and none reaches a boundary condition), not on a whole sign class. With
two players it does on the whole class: every support system is linear, its unique
solution's probabilities and payoff gaps are quotients of critical polynomials
(numerator over the Cramer determinant), so the signs alone say which profiles carry
an equilibrium. A nonlinear system's number of solutions inside the probability box
is not a function of those signs: the fully mixed equilibria of the 2x2x2 game whose
third player's gain is b - a x1/2 - a x2/2 + x1 x2 (the others' gains x2 - x3/2 - 1/4
and x1 - x3/2 - 1/4) solve s^2 - a s + b = 0 with s = x1 = x2 in (1/4, 3/4), and the
one sign class {a^2 > 4b, g(1/4) > 0, g(3/4) > 0, ...} has three separate areas: both
roots below 1/4, both inside (two equilibria more), both above 3/4
(tests/test_region_split_open.py).

Which classes are disconnected is the cheap check, read off the decomposition alone
(its cells joined along its adjacency edges by union-find, no solve: under a
millisecond on the 153 cells of the parametric 5x5), so the pass runs on every map
whose decomposition is built, 2-player ones too; only a disconnected class costs
solves, one per extra piece. A pruned 2-player map (plane_screen.py) keys its classes
by the decomposition's signs followed by the signs of curves left out of it
(`_owners` maps each vector to its class). On 2-player maps no piece has differed so
far (60 random maps with quadratic payoffs: 41 extra solves, no split): their
extreme equilibria are vertex pairs whose conditions are signs of the map's own
polynomials, so there the pass is a safety net.

python-flint and sympy are imported inside functions.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..numbers import Exact
from .plane_cells import _Class
from .region_algebraic import Refused
from .region_map import Point, Signs

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from .region_areas import Complex, Root
    from .thresholds import Structure


@dataclass(frozen=True)
class Split:
    """A connected piece of a sign class whose equilibrium structure is not its
    class's: a cell of the map of its own."""

    signs: Signs                    # its class's sign vector (of every polynomial)
    cells: frozenset[int]           # the decomposition's cells it is made of
    dimension: int
    sample: Point                   # where it was solved
    equilibria: EquilibriumSet
    structure: Structure


def class_pieces(cx: Complex) -> dict[Signs, list[list[int]]]:
    """The connected pieces of every sign vector: the decomposition's cells of that
    vector joined where they touch (region_areas.areas with the signs as keys),
    each piece sorted, in order of its first cell."""
    from .region_areas import areas
    out: dict[Signs, list[list[int]]] = {}
    for g in areas(cx, [c.signs for c in cx.cells]):
        out.setdefault(cx.cells[g[0]].signs, []).append(g)
    return out


def split_classes(cx: Complex, classes: Mapping[Signs, _Class],
                  structs: Mapping[Signs, Structure | None],
                  solve_at: Callable[[Exact, Exact], EquilibriumSet],
                  open_too: bool = False) -> tuple[list[Split], list[Point]]:
    """The pieces of sign classes on curves (and open ones with `open_too`: some
    support system is nonlinear) whose structure is not their class's, and the
    samples of the pieces that could not be solved (only irrational points, refused
    in their number field). Each class with several pieces costs one solve per
    piece, the piece holding the class's own sample excepted."""
    from .region_areas import sympy_point
    from .thresholds import structure
    out: list[Split] = []
    unsolved: list[Point] = []
    owners = _owners(cx, classes)
    for signs, pieces in class_pieces(cx).items():
        if len(pieces) < 2 or len(owners.get(signs, ())) != 1:
            continue
        key = owners[signs][0]
        cls, want = classes[key], structs.get(key)
        if want is None or (cls.dimension == 2 and not open_too):
            continue
        try:
            home = locate_exact(cx, *cls.sample)
        except (ArithmeticError, ValueError):
            home = -1
        for piece in pieces:
            if home in piece:
                continue        # the class's sample lies in this piece
            pt = sympy_point(cx.cells[_best_cell(cx, piece)].sample)
            try:
                eqs = solve_at(*pt)
            except Refused:
                unsolved.append(pt)
                continue
            st = structure(eqs)
            if st != want:
                out.append(Split(key, frozenset(piece),
                                 max(cx.cells[j].dimension for j in piece), pt, eqs, st))
    return out, unsolved


def _owners(cx: Complex, classes: Mapping[Signs, _Class]) -> dict[Signs, list[Signs]]:
    """The sign classes of each sign vector of the decomposition's polynomials. A
    pruned map (2 players: plane_screen.py) keys its classes by those signs followed
    by the signs of curves left out of the decomposition (guards); a vector shared by
    classes that the guards tell apart is not split here (its classes are cells of
    their own already)."""
    n = len(cx.cells[0].signs) if cx.cells else 0
    out: dict[Signs, list[Signs]] = {}
    for key in classes:
        out.setdefault(tuple(key[:n]), []).append(key)
    return out


def _rational(pt: tuple[Root, Root]) -> bool:
    return isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)


def _best_cell(cx: Complex, piece: list[int]) -> int:
    """The piece's cell to solve at: a rational sample first (the rational solver),
    then the largest dimension."""
    return max(piece, key=lambda k: (_rational(cx.cells[k].sample), cx.cells[k].dimension,
                                     -k))


def locate_exact(cx: Complex, a: Exact, b: Exact) -> int:
    """The decomposition's cell holding an exact point of the box (Fractions, sympy
    rationals or real algebraic numbers)."""
    from .algebraic import as_root
    from .region_areas import locate
    return locate(cx, as_root(a), as_root(b))
