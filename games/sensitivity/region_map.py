"""The result of a region map (regions.py): its cells (sign vectors of the boundary
polynomials, with an exact sample point), its regions (cells of one equilibrium
structure, with formulas) and the map, which answers for any exact point; and the
conditions of a cell in words ('2 < a < 6 and b > 3').

sympy is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import GameError
from ..numbers import Exact, SymExpr, exact_str, to_sympy
from .plane_polys import _Poly, _sign_at
from .sweep import describe_structure

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium, EquilibriumSet
    from ..model import Game
    from .thresholds import Structure

Point = tuple[Exact, Exact]
Signs = tuple[int, ...]
Box = tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]


@dataclass(frozen=True)
class RegionCell:
    """A piece of the box where every boundary polynomial has one sign (-1, 0, 1)."""

    signs: Signs                    # one per boundary of the RegionMap
    dimension: int                  # 2: open area, 1: on a curve, 0: a point
    sample: Point                   # an exact point of the cell
    region: int                     # index into RegionMap.regions
    piece: int = 0                  # index into its region's pieces (the formulas here)


@dataclass(frozen=True)
class Piece:
    """Formulas of a region's equilibria valid on every one of `cells` (where their
    conditions hold: region_pieces.py); a region whose basis or solution branch
    changes between its cells has several."""

    formulas: tuple[dict[str, Any] | None, ...]   # per equilibrium; () or None: no formula
    sample: Point                   # where they were built
    equilibria: EquilibriumSet | None   # at `sample`
    cells: tuple[int, ...]          # indices into RegionMap.cells


@dataclass(frozen=True)
class Region:
    """Cells sharing one equilibrium structure, with the equilibria as formulas: those
    of its first piece (valid on that piece's cells), the others in `pieces` (the JSON
    then states each piece's, and no region-wide list)."""

    label: str
    structure: Structure | None     # None: not solved (only irrational sample points)
    equilibria: EquilibriumSet | None   # at `sample`
    sample: Point
    formulas: tuple[dict[str, Any] | None, ...]   # per equilibrium: probabilities, payoffs
    cells: tuple[int, ...]
    pieces: tuple[Piece, ...] = ()  # every piece, the first one's formulas above

    def all_pieces(self) -> tuple[Piece, ...]:
        """The pieces (one covering every cell for a region built without them)."""
        return self.pieces or (Piece(self.formulas, self.sample, self.equilibria, self.cells),)


@dataclass(frozen=True)
class Area:
    """A connected set of cells of one equilibrium structure: one piece of a region
    (a region whose structure holds in two separated parts has two areas)."""

    label: str                      # the region's label, numbered when it has several
    region: int                     # index into RegionMap.regions
    cells: tuple[tuple[int, Point], ...]   # the decomposition's cells: (dimension, sample)


@dataclass(frozen=True)
class RegionMap:
    """The exact decomposition of a two-parameter box into regions."""

    parameters: tuple[str, str]
    box: tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]
    boundaries: tuple[Any, ...]     # sympy polynomials in the two parameters
    cells: tuple[RegionCell, ...]
    regions: tuple[Region, ...]
    base: tuple[Fraction, Fraction]
    base_region: int
    players: tuple[Any, ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = ()
    symbols: tuple[Any, ...] = ()
    _evals: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    _compiled: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    interrupted: str = ""           # Ctrl-C: what was cut short (unsolved regions open)
    areas: tuple[Area, ...] = ()    # the connected pieces of the regions (region_areas.py)
    _complex: Any = field(default=None, repr=False, compare=False)
    _area_cells: tuple[frozenset[int], ...] = field(default=(), repr=False, compare=False)
    # cells that share their signs with another (a sign class's separate pieces with
    # another structure, region_split.py): the decomposition's cells -> map's cell
    _located: Mapping[int, int] = field(default_factory=dict, repr=False, compare=False)

    def area_at(self, a: Fraction, b: Fraction) -> int:
        """The index of the area holding a rational point of the box (exact point
        location in the decomposition)."""
        from .region_areas import locate
        if self._complex is None:
            if len(self.areas) == 1:
                return 0
            raise GameError("the connected areas of this region map were not computed")
        k = locate(self._complex, a, b)
        return next(i for i, cells in enumerate(self._area_cells) if k in cells)

    def signs_at(self, a: Exact, b: Exact) -> Signs:
        """The sign of every boundary polynomial at an exact point."""
        return tuple(_sign_at(f, a, b) for f in self._evals)

    def cell_at(self, a: Exact, b: Exact) -> int:
        """The index of the cell holding the point (every point of the box is in one)."""
        s = self.signs_at(a, b)
        found = [k for k, c in enumerate(self.cells) if c.signs == s]
        if len(found) > 1:      # pieces told apart by where they lie, not by signs
            from .region_split import locate_exact
            k = self._located.get(locate_exact(self._complex, a, b))
            return k if k is not None else next(
                j for j in found if j not in self._located.values())
        if found:
            return found[0]
        raise GameError(f"no cell holds ({exact_str(a)}, {exact_str(b)}): outside the box?")

    def region_at(self, a: Exact, b: Exact) -> Region:
        """The region holding an exact point."""
        return self.regions[self.cells[self.cell_at(a, b)].region]

    def equilibria_at(self, a: Fraction, b: Fraction) -> list[Equilibrium] | None:
        """The equilibria at a rational point, from the formulas of its cell's piece
        (None where a formula is missing: a continuum, or an unsolved region; or where
        its conditions fail at the point)."""
        cell = self.cells[self.cell_at(a, b)]
        return self.equilibria_in(cell.region, a, b, piece=cell.piece)

    def equilibria_in(self, region: int, a: Fraction, b: Fraction, checked: bool = False,
                      piece: int | None = None) -> list[Equilibrium] | None:
        """The equilibria of `region` at an exact point known to lie in it, from the
        formulas of `piece` (None: the piece of the point's cell) (None where a
        formula is missing, or where the conditions of a continuum's extreme point
        fail there: region_vertices.py). `checked`: the caller has checked those
        conditions at the point already."""
        from ..equilibrium import Equilibrium
        if piece is None:
            cell = self.cells[self.cell_at(a, b)]
            piece = cell.piece if cell.region == region else 0
        pc = self.regions[region].all_pieces()[piece]
        if pc.equilibria is None or not pc.formulas or any(f is None for f in pc.formulas):
            return None
        if not checked and any(f.sign(a, b) != want
                               for f, want in self.conditions(region, piece)):
            return None
        key = (region, piece)
        if key not in self._compiled:
            self._compiled[key] = self._compile(pc)
        at = dict(zip(self.parameters, (a, b)))
        return [Equilibrium(tuple(tuple(f(at) for f in row) for row in prof),
                            tuple(f(at) for f in pays), players=tuple(self.players))
                for prof, pays in self._compiled[key]]

    def conditions(self, region: int, piece: int = 0) -> list[tuple[_Poly, int]]:
        """The polynomials whose signs must hold at a point of `region` (a cell of
        `piece`) for its vertex formulas (continua's extreme points) to hold there,
        each with that sign."""
        key = ("conditions", region, piece)
        if key not in self._compiled:
            from .region_pieces import compiled_conditions
            self._compiled[key] = compiled_conditions(
                self.regions[region].all_pieces()[piece].formulas, self.symbols)
        return self._compiled[key]

    def _compile(self, pc: Piece) -> list[tuple[Any, Any]]:
        """A piece's formulas as functions evaluated exactly with Fractions."""
        from .formulas import compile_exact
        names = dict(zip(self.symbols, self.parameters))
        return [([[compile_exact(p, names) for p in row] for row in f["profile"]],
                 [compile_exact(p, names) for p in f["payoffs"]])
                for f in pc.formulas if f is not None]

    def condition_text(self, k: int) -> list[str]:
        """The sign conditions of cell k, as sympy-syntax text."""
        rel = {1: ">", -1: "<", 0: "="}
        return [f"{_poly_text(p)} {rel[s]} 0" for p, s in zip(self.boundaries, self.cells[k].signs)]

    def describe(self, r: int) -> str:
        """Region r in words, from the sign conditions of its cells of the largest
        dimension ('2 < moscow_patience < 6 and push_cost > 3'; parallel lines merged
        into one range, a box edge left unsaid), alternatives joined by 'or'."""
        return self.describe_cells(self.regions[r].cells)

    def describe_cells(self, cells: Sequence[int]) -> str:
        """Cells in words, from the sign conditions of those of the largest dimension
        (`describe`); a piece of a region's formulas is named by its cells so."""
        top = max(self.cells[k].dimension for k in cells)
        parts = [describe_conditions(self.boundaries, self.cells[k].signs, self.box,
                                     self.symbols) + self._where_apart(k)
                 for k in cells if self.cells[k].dimension == top]
        parts = list(dict.fromkeys(parts))
        if len(parts) > 1:
            parts = [f"({p})" if " and " in p else p for p in parts]
        return " or ".join(parts)

    def _where_apart(self, k: int) -> str:
        """For a cell whose sign conditions another cell shares (a sign class in
        separate parts with different equilibria, region_split.py): which part."""
        split = set(self._located.values())
        twins = [j for j, c in enumerate(self.cells)
                 if j != k and j in split and c.signs == self.cells[k].signs]
        a, b = self.parameters

        def at(j: int) -> str:
            pt = self.cells[j].sample
            return f"{a} = {exact_str(pt[0])}, {b} = {exact_str(pt[1])}"
        if k in split:
            return f", in the separate part holding {at(k)}"
        if twins:
            return ", outside the separate part" + ("s" if len(twins) > 1 else "") + \
                " holding " + "; ".join(at(j) for j in twins)
        return ""

    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's "regions" object."""
        players = game.players if game is not None else self.players
        a, b = self.parameters
        return {
            "parameters": [a, b],
            "box": {a: [exact_str(self.box[0][0]), exact_str(self.box[0][1])],
                    b: [exact_str(self.box[1][0]), exact_str(self.box[1][1])]},
            "boundaries": [_poly_text(p) for p in self.boundaries],
            "baseline": {a: exact_str(self.base[0]), b: exact_str(self.base[1]),
                         "region": self.regions[self.base_region].label},
            "regions": [{
                "label": reg.label,
                "description": self.describe(r),
                "structure": None if reg.structure is None else
                describe_structure(players, reg.structure),
                **_region_equilibria_json(reg, players),
                "cells": [{"dimension": self.cells[k].dimension,
                           "conditions": self.condition_text(k),
                           **({"piece": self.cells[k].piece} if len(reg.pieces) > 1 else {}),
                           "sample": {a: exact_str(self.cells[k].sample[0]),
                                      b: exact_str(self.cells[k].sample[1])}}
                          for k in reg.cells],
            } for r, reg in enumerate(self.regions)],
            "areas": [{"label": ar.label, "region": self.regions[ar.region].label,
                       "cells": [{"dimension": d, "sample": {a: exact_str(p[0]),
                                                             b: exact_str(p[1])}}
                                 for d, p in ar.cells]} for ar in self.areas],
            "complete": self.complete,
            "notes": list(self.notes),
        }


def _region_equilibria_json(reg: Region, players: Sequence[Any]) -> dict[str, Any]:
    """A region's `equilibria` (formulas valid on every one of its cells), with their
    components; for a region in several pieces no one list is valid everywhere, so
    `equilibria` is null and each piece states its own, with the cells it holds on."""
    if len(reg.pieces) > 1:
        return {"equilibria": None, "components": [], "convex_pieces": [],
                **_pieces_json(reg, players)}
    return {"equilibria": _equilibria_json(reg.equilibria, reg.formulas, players),
            "components": [list(members) for members, _ in continua_of(reg)],
            "convex_pieces": [[list(p) for p in pieces] for _, pieces in continua_of(reg)]}


def _pieces_json(reg: Region, players: Sequence[Any]) -> dict[str, list[dict]]:
    """Each piece of a region: its equilibria and the positions, in the region's
    `cells`, of the cells where its formulas hold."""
    return {"pieces": [{"cells": [reg.cells.index(k) for k in pc.cells],
                        "equilibria": _equilibria_json(pc.equilibria, pc.formulas, players),
                        "components": [list(members) for members, _ in continua_of(pc)],
                        "convex_pieces": [[list(p) for p in pieces]
                                          for _, pieces in continua_of(pc)]}
                       for pc in reg.pieces]}


def _equilibria_json(eqs: EquilibriumSet | None, formulas: Sequence[dict[str, Any] | None],
                     players: Sequence[Any]) -> list[dict] | None:
    """Each equilibrium of a region's piece with formula strings (values at the
    sample point where no formula exists)."""
    if eqs is None:
        return None
    out = []
    for e, f in zip(eqs, formulas):
        if f is None:
            d = e.to_dict(_Names(players))
            d["formula"] = False
            out.append(d)
            continue
        out.append({"kind": e.kind,
                    "strategies": {p.name: {s.name: expr_text(x) for s, x in
                                            zip(p.strategies, row) if x != 0}
                                   for p, row in zip(players, f["profile"])},
                    "payoffs": {p.name: expr_text(x) for p, x in zip(players, f["payoffs"])}})
        if f.get("conditions"):       # a vertex formula holds where these hold
            out[-1]["conditions"] = [f"{c} {'>' if want > 0 else '<'} 0"
                                     for c, want in f["conditions"]]
    return out


def continua_of(reg: Region | Piece) -> list[tuple[tuple[int, ...], list[tuple[int, ...]]]]:
    """The region's (or one of its pieces') components with more than one extreme
    point: (indices into its equilibria, its convex pieces as the indices of the
    extreme equilibria each is the convex hull of). With 2 players a piece is every x of the hull of some of
    player 1's extreme strategies with every y of the hull of some of player 2's
    (solvers.bimatrix), whose extreme points are those pairs: so each piece, like the
    extreme points, holds as formulas on the whole region."""
    from ..solvers.bimatrix import extreme_strategies
    if reg.equilibria is None:
        return []
    eqs = reg.equilibria.equilibria
    two = bool(eqs) and len(eqs[0].profile) == 2
    firsts, seconds = extreme_strategies(eqs) if two else ([], [])
    out = []
    for c in reg.equilibria.components:
        if len(c.members) < 2:
            continue
        pieces = [tuple(m for m in c.members
                        if eqs[m].profile[0] in [firsts[i] for i in xs]
                        and eqs[m].profile[1] in [seconds[j] for j in ys])
                  for xs, ys in c.convex_sets] if firsts else []
        out.append((c.members, pieces))
    return out


class _Names:
    def __init__(self, players: Sequence[Any]) -> None:
        self.players = tuple(players)


def expr_text(x: Exact) -> str:
    """A region's formula as sympy-syntax text, factored (the JSON's and the table's)."""
    import sympy
    if getattr(x, "free_symbols", None):
        return str(sympy.factor(x))
    if isinstance(x, sympy.Rational):
        return exact_str(Fraction(int(x.p), int(x.q)))
    return exact_str(x)


def _poly_text(p: Any) -> str:
    return str(p)


def describe_conditions(polys: Sequence[SymExpr], signs: Signs, box: Box,
                        syms: Sequence[SymExpr]) -> str:
    """Sign conditions in words: each linear polynomial as a range of its linear form
    (parallel boundaries merged, bounds at the box's edges dropped), each other one
    as 'expr > 0'."""
    import sympy
    ranges: dict[str, list[Any]] = {}      # form text -> [form, lo, lo_strict, hi, hi_strict, eq]
    other: list[str] = []
    for p, s in zip(polys, signs):
        P = sympy.Poly(p, *syms)
        if P.total_degree() != 1:
            other.append(f"{p} {_REL[s]} 0")
            continue
        coeffs = [P.coeff_monomial(v) for v in syms]
        const = P.coeff_monomial(1)
        lead = next(c for c in coeffs if c != 0)
        scale = abs(lead)
        form = sympy.expand(sum(c / scale * v for c, v in zip(coeffs, syms)))
        value = -const / scale
        if lead < 0:                      # keep the form's first coefficient positive
            form, value, s = -form, -value, -s
        entry = ranges.setdefault(str(form), [form, None, None, None])
        if s == 0:
            entry[3] = value
        elif s > 0:
            entry[1] = value if entry[1] is None else max(entry[1], value)
        else:
            entry[2] = value if entry[2] is None else min(entry[2], value)
    words = []
    for form, lo, hi, eq in ranges.values():
        if eq is not None:
            words.append(f"{form} = {eq}")
            continue
        lo_box, hi_box = _form_range(form, syms, box)
        lo = None if lo is not None and lo <= lo_box else lo
        hi = None if hi is not None and hi >= hi_box else hi
        if lo is not None and hi is not None:
            words.append(f"{lo} < {form} < {hi}")
        elif lo is not None:
            words.append(f"{form} > {lo}")
        elif hi is not None:
            words.append(f"{form} < {hi}")
    return " and ".join(words + other) or "everywhere"


_REL = {1: ">", -1: "<", 0: "="}


def _form_range(form: Any, syms: Sequence[Any], box: Any) -> tuple[Any, Any]:
    """The least and greatest values of a linear form on the box."""
    import sympy
    lo = hi = sympy.Integer(0)
    for v, (a, b) in zip(syms, box):
        c = sympy.Poly(form, *syms).coeff_monomial(v)
        x, y = c * to_sympy(a), c * to_sympy(b)
        lo, hi = lo + min(x, y), hi + max(x, y)
    return lo, hi
