"""Dominance in words and tables: what is dominated, by what, and what is left."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from games.numbers import exact_str

from .document import Section, Table, Text

if TYPE_CHECKING:
    from games.solvers.dominance import DominanceReport, Domination
    from games.model import Game


def dominator_text(game: Game, d: Domination) -> str:
    """'defect' or '1/2 top + 1/2 middle'."""
    names = game.players[d.player].strategy_names
    if isinstance(d.dominator, int):
        return names[d.dominator]
    return " + ".join(f"{exact_str(p)} {names[j]}" for j, p in sorted(d.weights.items()))


def domination_row(game: Game, d: Domination, round_: int | None = None) -> list[str]:
    player = game.players[d.player]
    row = [] if round_ is None else [str(round_)]
    return row + [player.name, player.strategies[d.strategy].name, dominator_text(game, d),
                  "strictly" if d.strict else "weakly",
                  "mixture" if d.is_mixed else "pure", exact_str(d.margin)]


def survivors_text(game: Game, surviving: Sequence[Sequence[int]]) -> str:
    """'Alice: top, middle; Bob: left': the strategies each player keeps."""
    return "; ".join(f"{p.name}: {', '.join(p.strategies[j].name for j in keep)}"
                     for p, keep in zip(game.players, surviving))


def dominance_section(game: Game, report: DominanceReport) -> Section:
    """Strictly and weakly dominated strategies, and iterated strict elimination."""
    sec = Section("Dominance")
    headers = ["player", "strategy", "dominated by", "how", "dominator", "least margin"]
    steps = report.strict.steps
    if steps:
        # Round 1 of the elimination is exactly the list of strategies strictly
        # dominated in the full game, so one table says both.
        sec.add(Table(["round"] + headers,
                      [domination_row(game, s.domination, s.round) for s in steps],
                      caption="Iterated elimination of strictly dominated strategies "
                              "(round 1: dominated in the full game)"))
        left = survivors_text(game, report.strict.surviving)
        verdict = ("a single profile survives, so the game is dominance solvable"
                   if report.strict.solved else "the game left after elimination")
        sec.add(Text(f"{verdict}: {left}", "good" if report.strict.solved else ""))
    else:
        sec.add(Text("No strategy is strictly dominated, by a pure strategy or a mixture."))
    if report.weakly_dominated:
        sec.add(Table(headers, [domination_row(game, d) for d in report.weakly_dominated],
                      caption="Weakly dominated strategies (never better, sometimes worse; "
                              "weak dominance alone does not rule a strategy out)"))
    return sec
