"""A region's formulas in pieces, each valid on every cell it is stated for.

A region gathers the cells of one equilibrium structure (the multiset of supports),
but one formula need not hold on all of them: a 2-player extreme equilibrium is a
vertex pair whose basis may change inside the region (another row becomes tight
on one side of a curve that changes no support), or whose ties hold only on the
curve of a knife-edge cell; a 3-player support system may have two solution
branches, one the equilibrium in one cell, the other in another. So the region's
cells are taken best first (areas, rational samples) and each is given the first
piece already built that is valid there, or a new piece built at its own sample:

- a piece of vertex formulas (region_vertices.py) is valid at a cell when the cell
  lies where the piece's ties hold (anywhere for a piece built on an area; on the
  piece's curves, or at its points, otherwise) and every one of its sign conditions
  holds at the cell's exact sample (algebraic samples too). Then each formula is
  the extreme equilibrium with the sample's labels there; two of them with
  different labels are different points, so they are as many extreme equilibria as
  the structure has, with its supports: all of them;
- a piece of support formulas (formulas.py: no conditions) is valid at a cell
  whose sample is rational when its formulas, evaluated exactly there, are the
  cell's equilibria (solved at the sample; exact comparison of every probability
  and payoff), at a cell whose points are all irrational too (the formulas
  substituted exactly, compared through exact signs of algebraic numbers).

A cell whose equilibria have no formula (a continuum without a basis of the
sample's labels, an unsolved cell) gets a piece without formulas: its region lists
the equilibria at that piece's sample and states no formula for those cells.

sympy is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import Exact, SymExpr, sign, to_sympy
from .plane_polys import _evaluator, _Poly, _sign_at

Formula = dict[str, Any]

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from .region_map import Point, RegionCell

    Where = tuple[list[Any], list[tuple[Fraction, Fraction]]]
    Build = Callable[[Point, EquilibriumSet, Where | None], list[Formula | None]]


@dataclass
class _Built:
    """A piece while a region is assembled: its formulas, where its ties hold (the
    boundary indices zero on it, its points; None: anywhere) and its cells."""

    formulas: list[Formula | None]
    sample: Point
    equilibria: EquilibriumSet | None
    on: tuple[int, ...] | None
    points: tuple[Point, ...]
    cells: list[int]
    conditions: list[tuple[_Poly, int]]
    compiled: Any = None


def region_pieces(cells: Sequence[RegionCell], mine: Sequence[int],
                  equilibria_of: Callable[[int], EquilibriumSet | None],
                  build: Build, boundaries: Sequence[SymExpr] | None,
                  syms: tuple[SymExpr, ...], names: tuple[str, str]
                  ) -> list[tuple[list[Formula | None], Point, EquilibriumSet | None, list[int]]]:
    """The pieces of one region: (formulas, sample, equilibria there, cell indices),
    the first built at the region's best cell. `mine`: the region's cell indices
    into `cells`; `equilibria_of(k)`: cell k's equilibria at its sample (solved on
    demand); `build(sample, equilibria, where)`: the formulas of those equilibria
    (vertex formulas where `where` allows, support formulas otherwise);
    `boundaries` None: no vertex formulas (a tree's map)."""
    order = sorted(mine, key=lambda k: (-cells[k].dimension, not _rational(cells[k].sample)))
    pieces: list[_Built] = []
    for k in order:
        cell = cells[k]
        found = next((p for p in pieces if _valid(p, cell, k, equilibria_of, names, syms)),
                     None)
        if found is None:
            found = _new(cell, equilibria_of(k), build, boundaries, syms)
            same = next((p for p in pieces if _text(p) == _text(found)), None)
            if same is None:
                pieces.append(found)
            else:       # the same formulas (or none) built again at this cell's sample
                found = same
        found.cells.append(k)
    return [(p.formulas, p.sample, p.equilibria, p.cells) for p in pieces]


def _text(piece: _Built) -> tuple[str, ...]:
    """A piece's formulas as text, to recognise the same ones built at two cells."""
    return tuple("" if f is None else repr((f["profile"], f["payoffs"], f.get("conditions")))
                 for f in piece.formulas) + (repr(piece.on), repr(piece.points))


def _new(cell: RegionCell, eqs: EquilibriumSet | None, build: Build,
         boundaries: Sequence[Any] | None, syms: tuple[Any, ...]) -> _Built:
    """A piece built at the cell's sample: its ties must hold on the cell's own
    curves (or at its point) wherever it is used again."""
    if eqs is None:
        return _Built([], cell.sample, None, None, (), [], [])
    where = None if boundaries is None else _where(cell, boundaries)
    forms = build(cell.sample, eqs, where)
    on: tuple[int, ...] | None = None
    if cell.dimension == 1:
        on = tuple(j for j, s in enumerate(cell.signs) if s == 0)
    points: tuple[Point, ...] = (cell.sample,) if cell.dimension == 0 else ()
    conds = dict.fromkeys(c for f in forms if f is not None for c in f.get("conditions", ()))
    return _Built(forms, cell.sample, eqs, on, points, [],
                  [(_evaluator(p, syms), s) for p, s in conds])


def _where(cell: RegionCell, boundaries: Sequence[Any]) -> Where | None:
    """Where a piece built at this cell may use vertex formulas (vertex_formula's
    `on` and `points`): the plane for an area, its curves for a cell on curves, its
    point for a point (None: an irrational point)."""
    if cell.dimension == 2:
        return [], []
    if cell.dimension == 0:
        a, b = cell.sample
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            return [], [(a, b)]
        return None
    on = [f for f, s in zip(boundaries, cell.signs) if s == 0]
    return (on, []) if on else None


def _valid(piece: _Built, cell: RegionCell, k: int,
           equilibria_of: Callable[[int], EquilibriumSet | None],
           names: tuple[str, str], syms: tuple[Any, ...]) -> bool:
    """Whether the piece's formulas are the cell's equilibria (module docstring)."""
    if not piece.formulas or any(f is None for f in piece.formulas):
        return False
    if piece.points and cell.sample not in piece.points:
        return False
    if piece.on is not None and any(cell.signs[j] != 0 for j in piece.on):
        return False
    a, b = cell.sample
    if any(_sign_at(f, a, b) != want for f, want in piece.conditions):
        return False
    if all("conditions" in f for f in piece.formulas if f is not None):
        return True                         # vertex formulas: their conditions decide
    eqs = equilibria_of(k)
    if eqs is None:
        return False
    try:
        if _rational(cell.sample):
            return _agrees(_evaluate(piece, names, syms, (a, b)), eqs)
        in_field = _agrees_in_field(piece, syms, (a, b), eqs)
        if in_field is not None:
            return in_field
        return _agrees(_evaluate_algebraic(piece, syms, (a, b)), eqs)
    except ZeroDivisionError:               # a denominator of the formulas vanishes here:
        return False                        # not this cell's (it gets a piece of its own)


def _agrees_in_field(piece: _Built, syms: tuple[Any, ...], point: tuple[Exact, Exact],
                     eqs: EquilibriumSet) -> bool | None:
    """`_agrees` at an irrational point, in the point's number field K = Q(theta)
    (region_algebraic.py): each formula evaluated as an element of K, each solved
    value compared with it exactly by `_field_equal`. sympy's minimal polynomial of
    every difference took seconds a comparison. None where the formulas leave K (a
    square root of a parameter expression) or the point cannot be put in one field:
    the caller then compares through sympy."""
    import sympy

    from .region_algebraic import Refused, point_in_field, value_in
    try:
        pt = point_in_field(*point)
        table = {syms[0]: pt.a, syms[1]: pt.b}

        def value(f: Any) -> Any:
            return value_in(sympy.sympify(f), pt.field, table)
        values = [tuple(tuple(value(p) for p in row) for row in f["profile"]) +
                  (tuple(value(p) for p in f["payoffs"]),)
                  for f in piece.formulas if f is not None]
    except ZeroDivisionError:
        raise                               # the caller's: not this cell's piece
    except (Refused, ArithmeticError):
        return None
    return _matched(values, _listed(eqs), lambda p, q: _field_equal(pt.field, p, q))


def _field_equal(K: Any, p: Any, q: Exact) -> bool:
    """Whether the element p of K is the exact number q (region_algebraic.is_root)."""
    from .algebraic import as_root
    from .region_algebraic import is_root
    y = as_root(q)
    return bool(p == K.const(y)) if isinstance(y, Fraction) else is_root(K, p, y)


def _evaluate_algebraic(piece: _Built, syms: tuple[Any, ...], point: tuple[Exact, Exact]
                        ) -> list[tuple[tuple[Exact, ...], ...]]:
    """`_evaluate` at a point with irrational coordinates: the formulas substituted
    exactly (sympy), compared by `_agrees` through exact signs."""
    import sympy
    at = dict(zip(syms, (to_sympy(point[0]), to_sympy(point[1]))))

    def value(f: Any) -> Exact:
        v = sympy.sympify(f).subs(at)
        if v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            raise ZeroDivisionError
        return v
    return [tuple(tuple(value(p) for p in row) for row in f["profile"]) +
            (tuple(value(p) for p in f["payoffs"]),)
            for f in piece.formulas if f is not None]


def _evaluate(piece: _Built, names: tuple[str, str], syms: tuple[Any, ...],
              point: tuple[Exact, Exact]) -> list[tuple[tuple[Exact, ...], ...]]:
    """The piece's equilibria at a rational point, each as its profile rows followed
    by its payoffs (exact)."""
    from .formulas import compile_exact
    if piece.compiled is None:
        sym_names = dict(zip(syms, names))
        piece.compiled = [([[compile_exact(p, sym_names) for p in row] for row in f["profile"]],
                           [compile_exact(p, sym_names) for p in f["payoffs"]])
                          for f in piece.formulas if f is not None]
    at = dict(zip(names, point))
    return [tuple(tuple(f(at) for f in row) for row in prof) + (tuple(f(at) for f in pays),)
            for prof, pays in piece.compiled]


def _agrees(values: list[tuple[tuple[Exact, ...], ...]], eqs: EquilibriumSet) -> bool:
    """Whether the formulas' values are the solved equilibria, one to one (every
    probability and payoff equal exactly)."""
    return _matched(values, _listed(eqs), _equal)


def _listed(eqs: EquilibriumSet) -> list[tuple[tuple[Exact, ...], ...]]:
    """Each solved equilibrium as its probability rows and then its payoffs."""
    return [tuple(tuple(row) for row in e.profile) + (tuple(e.payoffs),) for e in eqs]


def _matched(values: Sequence[tuple[tuple[Any, ...], ...]],
             listed: Sequence[tuple[tuple[Exact, ...], ...]],
             equal: Callable[[Any, Exact], bool]) -> bool:
    """Whether `values` and `listed` are the same equilibria, one to one: every entry
    of a matched pair equal by `equal`."""
    if len(listed) != len(values):
        return False
    left = list(range(len(listed)))
    for v in values:
        hit = next((i for i in left if _same(v, listed[i], equal)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _same(x: tuple[tuple[Any, ...], ...], y: tuple[tuple[Exact, ...], ...],
          equal: Callable[[Any, Exact], bool]) -> bool:
    return len(x) == len(y) and all(
        len(r) == len(s) and all(equal(p, q) for p, q in zip(r, s)) for r, s in zip(x, y))


def _equal(p: Exact, q: Exact) -> bool:
    if isinstance(p, Fraction) and isinstance(q, Fraction):
        return p == q
    return sign(to_sympy(p) - to_sympy(q)) == 0


def _rational(pt: Point) -> bool:
    return isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)


def compiled_conditions(formulas: Sequence[Formula | None], syms: tuple[SymExpr, ...]
                        ) -> list[tuple[_Poly, int]]:
    """The sign conditions of a piece's vertex formulas, as exact evaluators."""
    found: Mapping[Any, None] = dict.fromkeys(
        c for f in formulas if f is not None for c in f.get("conditions", ()))
    return [(_evaluator(p, syms), s) for p, s in found]
