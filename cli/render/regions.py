"""Report sections for `--regions A B` (the exact region table and a text map) and
the robustness verdict line. Nothing here solves: everything is read from a
`RegionMap` or a `Robustness` result; the map's characters are placed by the signs
of the exact boundary polynomials at each character's point."""
from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .document import Cell, Section, Table, Text

if TYPE_CHECKING:
    from games.model import Game
    from games.sensitivity.region_map import RegionMap
    from games.sensitivity.robustness import Robustness

MAP_WIDTH, MAP_HEIGHT = 60, 20


def regions_section(game: Game, rm: RegionMap) -> Section:
    """The region table (baseline's region marked) and the text map."""
    a, b = rm.parameters
    sec = Section(f"Regions over {a} and {b} (exact)")
    rows: list[list[Cell | str]] = []
    split = any(len(area_list(rm, r)) > 1 for r in range(len(rm.regions)))
    for r, reg in enumerate(rm.regions):
        dims = sorted({rm.cells[k].dimension for k in reg.cells}, reverse=True)
        where = {2: "area", 1: "on a curve", 0: "at a point"}[dims[0]]
        mark = r == rm.base_region
        row: list[Cell | str] = [Cell(reg.label + (" (baseline)" if mark else ""), mark),
                                 where, rm.describe(r)]
        if split:
            row.append("\n".join(area_list(rm, r)) if len(area_list(rm, r)) > 1 else "one")
        rows.append([*row, _pieces_text(game, rm, reg)])
    headers = ["region", "kind", "where", *(["separate areas"] if split else []),
               "equilibria (formulas in both parameters)"]
    sec.add(Table(headers, rows, caption="Every point of the box belongs to exactly one region"
                  + ("; a region holding in separate parts lists each area (labelled so on "
                     "the map) with a point inside it" if split else "")))
    if rm.boundaries:
        sec.add(Text("Boundaries: " + "; ".join(f"{p} = 0" for p in rm.boundaries)))
    for line in separate_areas(rm):
        sec.add(Text(line))
    sec.add(Text(text_map(rm), "pre"))
    for note in rm.notes:
        sec.add(Text(note, "note"))
    return sec


def area_list(rm: RegionMap, r: int) -> list[str]:
    """The areas of region r, each with a point inside it ('A1 at a = 1/2, b = 1/2')."""
    from games.numbers import exact_str
    a, b = rm.parameters
    return [f"{ar.label} at {a} = {exact_str(ar.cells[0][1][0])}, "
            f"{b} = {exact_str(ar.cells[0][1][1])}" for ar in rm.areas if ar.region == r]


def separate_areas(rm: RegionMap) -> list[str]:
    """A line per region that holds in several separate areas, each named with a
    sample point of its largest cell."""
    from games.numbers import exact_str
    a, b = rm.parameters
    out = []
    for r, reg in enumerate(rm.regions):
        mine = [ar for ar in rm.areas if ar.region == r]
        if len(mine) > 1:
            where = ", ".join(f"{ar.label} (around {a} = {exact_str(ar.cells[0][1][0])}, "
                              f"{b} = {exact_str(ar.cells[0][1][1])})" for ar in mine)
            out.append(f"Region {reg.label} holds in {len(mine)} separate areas: {where}")
    return out


def _pieces_text(game: Any, rm: RegionMap, reg: Any) -> str:
    """A region's equilibria; when its formulas change between its cells (another
    basis, another solution branch), each piece with the cells where it holds."""
    if len(reg.pieces) < 2:
        return _equilibria_text(game, reg)
    from games.sensitivity.region_map import Region
    out = []
    for pc in reg.pieces:
        one = Region(reg.label, reg.structure, pc.equilibria, pc.sample, pc.formulas,
                     pc.cells)
        out.append(f"where {rm.describe_cells(pc.cells)}:\n" + _equilibria_text(game, one))
    return "\n".join(out)


def _equilibria_text(game: Any, reg: Any) -> str:
    from games.sensitivity.region_map import continua_of, expr_text
    if reg.equilibria is None:
        return "not solved (irrational points only)"
    parts = []
    for e, f in zip(reg.equilibria, reg.formulas):
        if f is None:
            parts.append(f"{e.kind} (a set of equilibria; at the sample: "
                         + "; ".join(_mix(p, row) for p, row in zip(game.players, e.profile))
                         + ")")
            continue
        parts.append("; ".join(_mix(p, row, expr_text) for p, row in
                               zip(game.players, f["profile"])))
    if len(parts) > 1:
        parts = [f"{k}) {p}" for k, p in enumerate(parts, 1)]
    for members, pieces in continua_of(reg):
        ends = ", ".join(f"{m + 1})" for m in members)
        hulls = "; ".join("every mixture of " + " and ".join(f"{m + 1})" for m in p)
                          for p in pieces)
        parts.append(f"continuum with extreme points {ends}" +
                     (f": {hulls}" if hulls else ""))
    return "\n".join(parts) or "no equilibrium"


def _mix(player: Any, row: Any, show: Any = None) -> str:
    from games.numbers import exact_str
    show = show or exact_str
    played = [(s.name, x) for s, x in zip(player.strategies, row) if x != 0]
    if len(played) == 1 and str(played[0][1]) == "1":
        return f"{player.name}: {played[0][0]}"
    return f"{player.name}: " + " + ".join(f"({show(x)}) {n}" for n, x in played)


def text_map(rm: RegionMap, width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> str:
    """A character map: columns run along the first parameter, rows along the second
    (top = high); each character is the label of the region holding its centre,
    decided by the exact signs of the boundaries there; '*' marks the baseline."""
    (a0, a1), (b0, b1) = rm.box
    base_col = _index(rm.base[0], a0, a1, width)
    base_row = _index(rm.base[1], b0, b1, height)
    lines = []
    for row in range(height - 1, -1, -1):
        y = b0 + (b1 - b0) * (2 * row + 1) / (2 * height)
        chars = []
        for col in range(width):
            x = a0 + (a1 - a0) * (2 * col + 1) / (2 * width)
            if row == base_row and col == base_col:
                chars.append("*")
            else:
                chars.append(rm.region_at(x, y).label[0])
        lines.append(f"{_fmt(y):>7} |" + "".join(chars))
    axis = " " * 8 + "+" + "-" * width
    ticks = " " * 9 + _fmt(a0) + " " * max(1, width - len(_fmt(a0)) - len(_fmt(a1))) + _fmt(a1)
    a, b = rm.parameters
    return "\n".join([f"{b} (up) against {a} (across); * = baseline", *lines, axis, ticks])


def _index(v: Fraction, lo: Fraction, hi: Fraction, n: int) -> int:
    if hi == lo:
        return 0
    return min(n - 1, max(0, int((v - lo) / (hi - lo) * n)))


def _fmt(v: Fraction) -> str:
    return f"{float(v):.3g}"


def robustness_section(game: Game, rob: Robustness) -> Section:
    """The verdict line on joint changes."""
    sec = Section("Robustness to joint change")
    sec.add(Text(rob.sentence() + ".", "good" if rob.radius is None else ""))
    sec.add(Text("Each ranged parameter may move by the stated share of its range's width, "
                 "all at once, in any direction.", "note"))
    for line in rob.details():          # the exact radius, and where the change lies
        sec.add(Text(line, "note"))
    if len(rob.names) > 2:
        pairs = ", ".join(f"{a} & {b}" for a, b in rob.interactions) or "none"
        sec.add(Text(f"Parameters whose effects interact (some boundary depends on both; "
                     f"map them with --regions A B): {pairs}."))
    for note in rob.notes:
        sec.add(Text(note, "note"))
    return sec
