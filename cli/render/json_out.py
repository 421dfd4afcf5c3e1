"""The machine contract: the SPEC's JSON document (`--format json`)."""
from __future__ import annotations

import json
from typing import Any

from games.numbers import exact_str


def players(game: Any) -> list[dict]:
    return [{"name": p.name, "strategies": p.strategy_names} for p in game.players]


def parameters(game: Any) -> dict[str, str]:
    """Parameter values used (baseline or overridden), as exact strings."""
    return {name: exact_str(game.values.get(name, par.value))
            for name, par in game.parameters.items()}


def equilibria(game: Any, eqs: Any) -> list[dict]:
    return [e.to_dict(game) for e in eqs.equilibria]


def document(analysis: Any, extras: dict[str, Any] | None = None) -> dict:
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
                            "notes": list(eqs.notes)},
        "dominance": dominance(game, analysis.dominance),
        "sensitivity": [s.to_dict(game) for s in analysis.sensitivity],
    }
    doc.update(extras or {})
    return doc


def dominance(game: Any, report: Any) -> dict:
    """Dominated strategies and the game left after iterated strict elimination."""
    if report is None:
        return {}
    from .dominance import dominance_dict
    return dominance_dict(game, report)


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)
