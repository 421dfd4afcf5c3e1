"""The machine contract: the SPEC's JSON document (`--format json`), one serializer
for the CLI and the API (`Analysis.to_dict()`). Result objects give their own parts
(`to_dict(game)`); this module assembles the document around them.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .literal import json_visible
from .numbers import exact_str

if TYPE_CHECKING:
    from .analysis import Analysis
    from .equilibrium import Component, EquilibriumSet
    from .solvers.dominance import DominanceReport, Domination
    from .model import Game


def players(game: Game) -> list[dict]:
    return [{"name": p.name, "strategies": p.strategy_names} for p in game.players]


def parameters(game: Game) -> dict[str, str]:
    """Parameter values used (baseline or overridden), as exact strings."""
    return {name: exact_str(game.values.get(name, par.value))
            for name, par in game.parameters.items()}


def equilibria(game: Game, eqs: EquilibriumSet) -> list[dict]:
    return [e.to_dict(game) for e in eqs.equilibria]


def document(analysis: Analysis, extras: Mapping[str, object] | None = None
             ) -> dict[str, object]:
    """The top-level JSON object for one analysis (plus sweep/monte_carlo/comparison)."""
    game, eqs = analysis.game, analysis.equilibria
    doc: dict[str, Any] = {
        "scenario": game.title,
        "players": players(game),
        "parameters": parameters(game),
        "equilibria": equilibria(game, eqs),
        "equilibria_info": {"method": eqs.method, "complete": eqs.complete,
                            "exact": eqs.exact, "degenerate": eqs.degenerate,
                            "components": [[m for m in c.members] for c in eqs.components],
                            "component_details": [component_detail(game, c)
                                                  for c in eqs.components],
                            "notes": list(eqs.notes)},
        "dominance": dominance(game, analysis.dominance),
        "sensitivity": [s.to_dict(game) for s in analysis.sensitivity],
    }
    if analysis.interrupted:
        doc["partial"] = True
        doc["interrupted"] = analysis.interrupted
    if analysis.robustness is not None:
        doc["robustness"] = analysis.robustness.to_dict(game)
    doc.update(extras or {})
    return doc


def component_detail(game: Game, comp: Component) -> dict[str, object] | None:
    """A component's exact statement; one whose extreme points were counted but not
    listed (beyond the listing limits) also says how many it has, as
    `"extreme_points"`, with `"listed": false` (its entry in `components` is empty), and
    `"extreme_points_complete": false` when that count is a lower bound."""
    if comp.detail is None:
        return None
    out: dict[str, object] = comp.detail.to_dict(game)
    if comp.unlisted:
        out.update(extreme_points=comp.unlisted, listed=False)
        if not comp.counted:            # a lower bound: the count stopped at its limit
            out.update(extreme_points_complete=False)
    return out


class Serializable(Protocol):
    """An optional analysis's result (sweep, Monte Carlo run, comparison, regions):
    it writes its own part of the JSON document."""

    def to_dict(self, game: Game) -> object: ...


def extras_dicts(game: Game, extras: Mapping[str, Serializable]) -> dict[str, object]:
    """The optional analyses' parts of the document, each its own `to_dict`; a sweep
    (a list, per the SPEC) has its notes beside it as "sweep_notes" (how its points
    were found when a work limit changed that)."""
    out: dict[str, object] = {}
    for key, value in extras.items():
        out[key] = value.to_dict(game)
        notes = getattr(value, "notes", ())
        if notes and isinstance(out[key], list):
            out[f"{key}_notes"] = list(notes)
    return out


def dominance(game: Game, report: DominanceReport | None) -> dict:
    """Dominated strategies and the game left after iterated strict elimination."""
    if report is None:
        return {}
    return dominance_dict(game, report)


def dominance_dict(game: Game, report: DominanceReport) -> dict:
    """JSON form: dominated strategies and the survivors of iterated strict elimination."""
    written: dict[int, dict] = {}       # by id: a first-round elimination is also listed
    #                                     as strictly dominated (50,000 of each, written once)

    def one(d: Domination) -> dict:
        if id(d) in written:
            return written[id(d)]
        player = game.players[d.player]        # a player may have thousands of strategies:
        name = player.strategies                # read the few names needed, not the list
        out = written[id(d)] = {
            "player": player.name, "strategy": name[d.strategy].name,
            "dominated_by": {name[j].name: exact_str(p) for j, p in d.weights.items()},
            "strict": d.strict}
        return out
    return {
        "strictly_dominated": [dict(one(d)) for d in report.strictly_dominated],
        "weakly_dominated": [dict(one(d)) for d in report.weakly_dominated],
        "elimination": [dict(one(s.domination), round=s.round) for s in report.strict.steps],
        "surviving": {p.name: [p.strategies[j].name for j in keep]
                      for p, keep in zip(game.players, report.strict.surviving)},
    }


COMPACT_FROM = 4_000_000    # characters of compact JSON from which a document is written
                            # compact (about 8 MB indented: a 50,000-strategy game's
                            # dominance list); below, indented for people too


def dumps(doc: dict) -> str:
    """The document as JSON text, indented by 2; a huge one (COMPACT_FROM) on one line,
    without spaces: the same data, written by json's C encoder (the indented form is
    written in Python, over a second for 17 MB, twice its size)."""
    compact = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    if len(compact) >= COMPACT_FROM:
        return json_visible(compact)
    return json_visible(json.dumps(doc, indent=2, ensure_ascii=False))
