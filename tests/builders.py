"""Small builders of test games shared by several test files."""
from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from games.model import Game, Player, Strategy


def game_from_arrays(arrays: Any) -> Game:
    """A game from payoff arrays of shape (players, *strategies); players P1, P2, ...
    with strategies s1, s2, ..."""
    arr = np.array(arrays, dtype=object)
    players = [Player(f"P{i + 1}", tuple(Strategy(f"s{j + 1}") for j in range(m)))
               for i, m in enumerate(arr.shape[1:])]
    return Game(players, arr)


def game_from_gambit(g: Any) -> Game:
    """Our Game built from a pygambit game's exact payoffs (read through pygambit, not
    through our .nfg reader)."""
    players = list(g.players)
    strats = [list(p.strategies) for p in players]
    shape = [len(s) for s in strats]
    arr = np.empty((len(players), *shape), dtype=object)
    for idx in itertools.product(*(range(m) for m in shape)):
        outcome = g[tuple(strats[k][j] for k, j in enumerate(idx))]
        for i, p in enumerate(players):
            arr[(i, *idx)] = Fraction(str(outcome[p]))
    return Game([Player(p.label, tuple(Strategy(s.label) for s in ss))
                 for p, ss in zip(players, strats)], arr, title=g.title)


def move_line(text: str, kind: str, i: int, j: int) -> str:
    """A mutation for fuzzers: line j inserted again before line i ("dup_line"), or
    lines i and j swapped (anything else)."""
    lines = text.split("\n")
    if kind == "dup_line":
        lines.insert(i, lines[j])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def few_ordinal_readings(scenario: Path | str) -> list[str]:
    """Options for a run whose ordinal section is not checked: a ranked scenario reads
    20 cardinal versions of its ranks (`--monte-carlo 20`) instead of 1,000 (about 4 s
    CPU a run); the equilibria, the exported file and the report's other sections do
    not depend on them. No options for other scenarios (there the option would add a
    Monte Carlo run)."""
    from games.scenario import load_scenario
    ranked = getattr(load_scenario(scenario), "payoffs_are", "") == "ranks"
    return ["--monte-carlo", "20"] if ranked else []
