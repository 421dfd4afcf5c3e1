"""Learning dynamics in a table and words: how play evolves, and where it ends."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Section, Table, Text

if TYPE_CHECKING:
    from games.teaching.dynamics import DynamicsResult
    from games.model import Game

WHAT = {
    "fictitious-play": ("Fictitious play", "round",
                        "each round both players best-respond to the frequencies of the "
                        "other's past play; the table follows those empirical frequencies"),
    "replicator": ("Replicator dynamics", "time",
                   "two populations, one per player; a strategy's share grows in "
                   "proportion to how much better than its population's average it does "
                   "against the other population (payoffs scaled to a range of 1)"),
}


def dynamics_sections(game: Game, r: DynamicsResult) -> list[Section]:
    """The evolution table and the verdict."""
    title, axis, how = WHAT[r.kind]
    sec = Section(f"Learning dynamics: {title.lower()}")
    sec.add(Text(f"{title}: {how}. A numeric simulation ({r.steps} steps).", "note"))
    headers = [axis] + [f"{p.name}: {s.name}" for p in game.players for s in p.strategies]
    rows = []
    for sample in r.samples:
        at = f"{sample.at:g}" if axis == "round" else f"{sample.at:.2f}"
        rows.append([at] + [f"{v:.3f}" for vec in sample.state for v in vec])
    sec.add(Table(headers, rows, caption="How play evolves (a sample of the run)"))
    sec.add(Text(verdict_text(game, r), "good" if r.settled else ""))
    return [sec]


def verdict_text(game: Game, r: DynamicsResult) -> str:
    """Where play ends, compared with the exact equilibria."""
    near = f"equilibrium {r.nearest + 1}" if r.nearest is not None else "no equilibrium"
    dist = f"largest probability difference {r.distance:.3g}"
    if r.verdict == "settles":
        return f"Play settles on {near} ({dist}; tolerance {r.tolerance:g}; largest gain " \
               f"from deviating at the end {max(r.regret, 0.0):.3g})."
    if r.verdict == "approaches":
        return f"Play is still approaching {near} ({dist}, shrinking; tolerance " \
               f"{r.tolerance:g}): more steps (--steps) bring it closer."
    if r.verdict == "cycles":
        return f"Play does not settle: it keeps cycling (nearest is {near}, {dist} at " \
               "the end)."
    return f"Play stalls away from every equilibrium (nearest is {near}, {dist})."
