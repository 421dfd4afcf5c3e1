"""The data the HTML report's script evaluates: everything exact, nothing to `eval`.

- the payoff expressions (trees, js_exprs.py), to redraw the payoff tables with
  best responses at any point;
- the baseline's equilibria, as the engine found them;
- per ranged parameter (the others at their values): its exact thresholds, each
  interval's equilibrium formulas, and the equilibria at each threshold;
- the support candidates in all ranged parameters (games.sensitivity.support_formulas),
  for points where several parameters moved;
- the exact region map of two parameters, when the analysis has one (the SPEC's
  "regions" shape).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from games.numbers import exact_str, is_rational, to_float, to_fraction

from .js_exprs import Unsupported, expr_tree, maybe_tree

if TYPE_CHECKING:
    from games.analysis import Analysis
    from games.equilibrium import Equilibrium, EquilibriumSet
    from games.model import Game
    from sympy import Poly as SymPoly

    from games.numbers import Exact, SymExpr
    from games.sensitivity.region_map import RegionMap
    from games.sensitivity.support_formulas import SupportFormulas
    from games.sensitivity.thresholds import ParameterSensitivity

    Ends = tuple[EquilibriumSet, EquilibriumSet]     # the equilibria at a range's two ends

SLIDER_MIN_STEPS = 240          # slider positions at least
SLIDER_MAX_STEPS = 24000        # beyond this the slider grid misses some thresholds


def page_data(analysis: Analysis, extras: Mapping[str, object],
              candidates: SupportFormulas | None = None,
              ends: Mapping[str, Ends] | None = None) -> dict:
    """The JSON object embedded in the page."""
    game = analysis.game
    ends = ends or {}
    left_out = page_payoffs_left_out(game)
    data: dict[str, Any] = {
        "title": game.title,
        "players": [{"name": p.name, "strategies": p.strategy_names} for p in game.players],
        "shape": list(game.shape),
        "parameters": parameters(game, analysis.sensitivity),
        "payoffs": None if left_out else payoff_trees(game),
        "left_out": [left_out] if left_out else [],
        "baseline": [e.to_dict(game) for e in analysis.equilibria],
        "baseline_notes": baseline_notes(analysis.equilibria),
        "lines": {s.parameter: line(s, game, ends.get(s.parameter))
                  for s in analysis.sensitivity if s.complete},
        "candidates": candidate_data(candidates),
        "regions": regions_data(_region_map(extras.get("regions")), game),
    }
    return data


def _region_map(x: object) -> RegionMap | Mapping[str, object] | None:
    """The region map among the extras (a result, or its JSON dict), if any."""
    from games.sensitivity.region_map import RegionMap
    return x if isinstance(x, (RegionMap, Mapping)) else None


def parameters(game: Game, sens: Sequence[ParameterSensitivity]) -> list[dict]:
    """Each parameter: value used, range, description, and the slider's grid size."""
    thresholds = {s.parameter: s.thresholds for s in sens}
    out = []
    for name, par in game.parameters.items():
        value = game.values.get(name, par.value)
        entry: dict[str, Any] = {"name": name, "value": exact_str(value),
                                 "description": (par.description or "").strip()}
        if par.range is not None:
            lo, hi = par.range
            entry["range"] = [exact_str(lo), exact_str(hi)]
            entry["steps"] = slider_steps(lo, hi, [value, *thresholds.get(name, ())])
        out.append(entry)
    return out


def slider_steps(lo: Fraction, hi: Fraction, points: Sequence[Exact]) -> int:
    """A slider grid lo + k (hi - lo) / N that holds every rational point given (the
    baseline and the thresholds) when that is possible with N <= SLIDER_MAX_STEPS."""
    if hi <= lo:
        return 1
    n = 1
    for p in points:
        if is_rational(p) and lo <= p <= hi:
            n = math.lcm(n, ((to_fraction(p) - lo) / (hi - lo)).denominator)
    if n > SLIDER_MAX_STEPS:
        return SLIDER_MIN_STEPS
    return n * math.ceil(SLIDER_MIN_STEPS / n)


def page_payoffs_left_out(game: Game) -> str | None:
    """Why the page holds no payoff expressions (games.limits.PAGE_PAYOFF_CELLS), or
    None: the page's flag, and the reason the candidates are not computed either."""
    from games.limits import page_payoffs_problem
    return page_payoffs_problem(game.n_players, math.prod(game.shape))


def payoff_trees(game: Game) -> list[list]:
    """payoffs[player][flat profile index, C order] as trees (constants for .nfg, and
    for a scenario without parameters: a tree's 256 x 256 reduced form took 15 s to
    write as expressions)."""
    scen = game.scenario if game.parameters else None
    out = []
    for i in range(game.n_players):
        row = []
        for prof in np.ndindex(*game.shape):
            try:
                tree = expr_tree(scen.expressions[(i, *prof)]) if scen is not None else None
            except Unsupported:
                tree = None
            row.append(tree or ["n", exact_str(game.payoffs[(i, *prof)])])
        out.append(row)
    return out


def baseline_notes(eqs: EquilibriumSet) -> list[str]:
    """What the engine says about the baseline's set (degenerate, incomplete)."""
    notes = list(eqs.notes)
    if eqs.degenerate:
        notes.insert(0, "The game is degenerate here: the list holds the extreme "
                        "equilibria of each connected set.")
    if not eqs.complete:
        notes.insert(0, "This list is not a complete enumeration.")
    return notes


def threshold(t: Exact) -> dict:
    """An exact threshold: a rational as text; an irrational one with its minimal
    polynomial and an isolating interval, so the page compares points exactly."""
    if is_rational(t):
        return {"text": exact_str(t), "value": exact_str(t), "approx": to_float(t)}
    assert not isinstance(t, Fraction)          # irrational: a sympy number
    import sympy
    x = sympy.Symbol("x")
    poly = sympy.Poly(sympy.minimal_polynomial(t, x), x)
    lo, hi = isolate(t, poly)
    return {"text": exact_str(t), "approx": to_float(t),
            "poly": [str(c) for c in poly.all_coeffs()], "lo": exact_str(lo),
            "hi": exact_str(hi)}


def isolate(t: SymExpr, poly: SymPoly) -> tuple[Fraction, Fraction]:
    """Rationals lo < t < hi with t the only root of `poly` in [lo, hi]."""
    import sympy
    width = Fraction(1, 10**6)
    while True:
        approx = Fraction(str(sympy.N(t, 60)))
        lo, hi = approx - width, approx + width
        if poly.count_roots(sympy.Rational(str(lo)), sympy.Rational(str(hi))) == 1:
            return lo, hi
        width /= 10**6


def line(s: ParameterSensitivity, game: Game, ends: Ends | None = None) -> dict:
    """One parameter's sensitivity, as the page evaluates it (with the equilibria at
    the range's ends when given: the intervals are open)."""
    from games.sensitivity.symbolic import make_symbols
    names = {sym: n for sym, n in zip(make_symbols(list(game.parameters)), game.parameters)}
    return {
        "thresholds": [threshold(t) for t in s.thresholds],
        "intervals": [{"from": exact_str(iv.lo), "to": exact_str(iv.hi),
                       "equilibria": [interval_equilibrium(game, e, f, names)
                                      for e, f in zip(iv.equilibria, iv.formulas)]}
                      for iv in s.intervals],
        "at": [None if e is None else [x.to_dict(game) for x in e] for e in s.at_thresholds],
        "ends": None if ends is None else [[x.to_dict(game) for x in e] for e in ends],
    }


def interval_equilibrium(game: Game, eq: Equilibrium,
                         formula: Mapping[str, Mapping[str, SymExpr]] | None,
                         names: Mapping[SymExpr, str]) -> dict | None:
    """{"probs": probs[player][strategy] as trees}; without a formula (a point of a
    connected set of equilibria) the sample point's probabilities, marked "sample":
    the page then shows it only where its own exact check passes. None when neither
    can be evaluated in the page."""
    if formula is None:
        rows = [[maybe_tree(p, {}) for p in probs] for probs in eq.profile]
        if any(t is None for row in rows for t in row):
            return None
        return {"probs": rows, "sample": True}
    out = []
    for p in game.players:
        row = []
        for s in p.strategies:
            f = formula.get(p.name, {}).get(s.name)
            tree = ["n", "0"] if f is None else maybe_tree(f, names)
            if tree is None:
                return None
            row.append(tree)
        out.append(row)
    return {"probs": out}


def candidate_data(c: SupportFormulas | None) -> dict | None:
    """The support candidates (games.sensitivity.support_formulas) as trees."""
    if c is None:
        return None
    names = dict(zip(c.symbols, c.parameters))
    formulas = []
    for f in c.formulas:
        rows = [[maybe_tree(x, names) for x in probs] for probs in f.probabilities]
        if all(t is not None for row in rows for t in row):
            formulas.append(rows)
    return {"parameters": list(c.parameters), "complete": c.complete, "note": c.note,
            "formulas": formulas}


# ------------------------------------------------------------ the regions shape

_SAFE = re.compile(r"^[A-Za-z0-9_+\-*/(). ]*$")


def regions_data(regions: RegionMap | Mapping[str, object] | None, game: Game
                 ) -> dict | None:
    """The SPEC's "regions" object (a result with to_dict, or the dict) with every
    condition and formula as a tree; None when absent or not readable."""
    if regions is None:
        return None
    doc: Any = regions.to_dict(game) if hasattr(regions, "to_dict") else regions
    doc = doc.get("regions", doc) if "parameters" not in doc else doc
    try:
        params = list(doc["parameters"])
        parse = _parser(params)
        out_regions = []
        for reg in doc["regions"]:
            cells = [[_condition(c, parse) for c in cell["conditions"]] for cell in reg["cells"]]
            entry = {"label": reg.get("label", ""), "equilibria": _trees(reg["equilibria"], parse),
                     "description": str(reg.get("description", "")),
                     "structure": str(reg.get("structure") or ""), "cells": cells}
            if reg.get("pieces"):   # formulas that change between its cells: per cell
                entry["pieces"] = [_trees(p["equilibria"], parse) for p in reg["pieces"]]
                entry["cell_piece"] = [int(cell.get("piece", 0)) for cell in reg["cells"]]
            out_regions.append(entry)
        return {"parameters": params, "box": doc["box"], "regions": out_regions,
                "boundaries": [str(b) for b in doc.get("boundaries", [])],
                "geometry": _region_geometry(regions, doc),
                "areas": _areas(doc), "area_labels": _area_labels(regions)}
    except (KeyError, TypeError, ValueError, Unsupported):
        return None


def _trees(listed: list[dict] | None, parse: Callable[[str], object]) -> list[dict] | None:
    """A region piece's equilibria with every formula as a tree (None: no formulas)."""
    if listed is None or any(e.get("formula") is False for e in listed):
        return None
    return [{pl: {s: parse(v) for s, v in st.items()} for pl, st in e["strategies"].items()}
            for e in listed]


MAP_SIZE = (480, 360)        # the page's map, in SVG units (report.js draws it)
LABEL_FONT = 13             # its area labels' font size (bold), in SVG units


def _areas(doc: Mapping[str, Any]) -> list[dict]:
    """Each connected area: its label and its region's (the SPEC shape's "areas")."""
    return [{"label": str(a["label"]), "region": str(a["region"])}
            for a in doc.get("areas", [])]


def _area_labels(regions: Any) -> list[dict]:
    """Where the map writes each area's label (area_labels.place on a grid of half
    SVG units), as fractions of the box: [{"label", "region", "u", "v"}]; empty for
    a map handed over in the SPEC's shape (no exact cells to place them by)."""
    from games.sensitivity.region_map import RegionMap

    from .area_labels import place
    if not isinstance(regions, RegionMap):
        return []
    nx, ny = MAP_SIZE[0] // 2, MAP_SIZE[1] // 2
    texts = [a.label for a in regions.areas] or [r.label for r in regions.regions]
    size = {t: ((0.7 * LABEL_FONT * len(t) + 8) / 2, (LABEL_FONT + 6) / 2) for t in texts}
    return [{"label": lab.text, "region": regions.regions[lab.region].label,
             "u": round(lab.u, 6), "v": round(lab.v, 6)}
            for lab in place(regions, nx, ny, size)]


def _region_geometry(regions: Any, doc: Mapping[str, Any]) -> dict | None:
    """Where the exact boundary curves are, for the SVG (region_geometry.py): from a
    RegionMap's polynomials, or from the boundaries of the SPEC's shape."""
    from .region_geometry import geometry
    if hasattr(regions, "boundaries"):
        return geometry(list(regions.boundaries), list(regions.symbols), regions.box)
    params = list(doc["parameters"])
    if "boundaries" not in doc:
        return None
    symbols, parse = _sympy_parser(params)
    box = tuple((Fraction(doc["box"][n][0]), Fraction(doc["box"][n][1])) for n in params)
    try:
        polys = [parse(text) for text in doc["boundaries"]]
    except (ValueError, SyntaxError, TypeError):
        return None                         # the page then tests a grid of exact points
    return geometry(polys, symbols, box)    # type: ignore[arg-type]


def _sympy_parser(params: list[str]) -> tuple[list[Any], Any]:
    """The parameters' symbols and a reader of the engine's own formula strings (sympy
    syntax over those parameters, checked against a whitelist first: this text comes
    from the engine's JSON, never from a scenario)."""
    import sympy
    from sympy.parsing.sympy_parser import parse_expr
    from games.sensitivity.symbolic import make_symbols
    symbols = list(make_symbols(params))
    syms = dict(zip(params, symbols))
    allowed = set(params) | {"sqrt"}

    def parse(text: str) -> Any:
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
        if not _SAFE.match(text) or not words <= allowed:
            raise ValueError(f"unexpected formula {text!r}")
        return parse_expr(text, local_dict={**syms, "sqrt": sympy.sqrt},
                          global_dict={"Integer": sympy.Integer, "Rational": sympy.Rational,
                                       "Symbol": sympy.Symbol, "Float": sympy.Float})
    return symbols, parse


def _parser(params: list[str]) -> Any:
    """Reads the engine's formula strings into the page's trees."""
    symbols, parse_sympy = _sympy_parser(params)
    names = dict(zip(symbols, params))

    def parse(text: str) -> list:
        tree = maybe_tree(parse_sympy(text), names)
        if tree is None:
            raise Unsupported(text)
        return tree
    return parse


def _condition(text: str, parse: Any) -> list:
    """'expr > 0' as [tree, '>'] (also '<', '=', '>=', '<=')."""
    m = re.match(r"^(.*?)\s*(>=|<=|>|<|=)\s*0\s*$", text)
    if m is None:
        raise ValueError(f"unexpected condition {text!r}")
    return [parse(m.group(1)), m.group(2)]
