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
    strategies = game.players[d.player].strategies   # the few names needed, not a list of
    if isinstance(d.dominator, int):                  # 50,000 per row (quadratic)
        return strategies[d.dominator].name
    return " + ".join(f"{exact_str(p)} {strategies[j].name}"
                      for j, p in sorted(d.weights.items()))


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


ROWS_SHOWN = 200        # rows of a dominance table in a report; --format json has all


def _cut(sec: Section, total: int, what: str) -> None:
    """Say that a table shows only its first ROWS_SHOWN rows (a player with 50,000
    strategies has 49,999 dominated ones: seconds of drawing, pages of text)."""
    if total > ROWS_SHOWN:
        sec.add(Text(f"The first {ROWS_SHOWN} of the {total:,} {what} are shown; "
                     "--format json lists every one.", "note"))


def dominance_section(game: Game, report: DominanceReport) -> Section:
    """Strictly and weakly dominated strategies, and iterated strict elimination."""
    sec = Section("Dominance")
    headers = ["player", "strategy", "dominated by", "how", "dominator", "least margin"]
    steps = report.strict.steps
    if steps:
        # Round 1 of the elimination is exactly the list of strategies strictly
        # dominated in the full game, so one table says both.
        sec.add(Table(["round"] + headers,
                      [domination_row(game, s.domination, s.round)
                       for s in steps[:ROWS_SHOWN]],
                      caption="Iterated elimination of strictly dominated strategies "
                              "(round 1: dominated in the full game)"))
        _cut(sec, len(steps), "eliminations")
        left = survivors_text(game, report.strict.surviving)
        verdict = ("a single profile survives, so the game is dominance solvable"
                   if report.strict.solved else "the game left after elimination")
        sec.add(Text(f"{verdict}: {left}", "good" if report.strict.solved else ""))
    else:
        sec.add(Text("No strategy is strictly dominated, by a pure strategy or a mixture."))
    if report.weakly_dominated:
        weakly = report.weakly_dominated
        sec.add(Table(headers, [domination_row(game, d) for d in weakly[:ROWS_SHOWN]],
                      caption="Weakly dominated strategies (never better, sometimes worse; "
                              "weak dominance alone does not rule a strategy out)"))
        _cut(sec, len(weakly), "weakly dominated strategies")
    return sec
