"""The 2x2 classification of a strictly ranked game: its place in the Robinson–Goforth
topology, its name, and its Rapoport–Guyer class.

Construction (Robinson & Goforth, *The Topology of the 2x2 Games*, 2005; naming after
Bruns, "Names for Games", Games 6 (2015) 495–520):
- each game is brought to a standard orientation by swapping rows (the row player's best
  outcome, rank 4, goes to the bottom row) and columns (the column player's 4 goes to
  the right column); swapping strategy labels changes nothing strategic, and every one
  of the 144 strict ordinal games has exactly one standard form;
- the *layer* (1..4) is where the two 4s sit: 1 opposite corners off the diagonal
  (Prisoner's Dilemma, Chicken), 2 the same row, 3 the same column, 4 the same cell
  (a win-win outcome);
- each player's *type* is the arrangement of its ranks 1, 2, 3 in the three cells
  without its 4 (the column player's matrix is read transposed, so a symmetric game has
  equal types); the six arrangements form a cycle of swaps of adjacent ranks
  (1-2, 2-3, ...), numbered from the Prisoner's Dilemma's; the index (layer, row type,
  column type) is the game's coordinate, Prisoner's Dilemma = (1, 1, 1);
- a symmetric game (equal types in layer 1 or 4) is named by its T, R, S, P order
  (R both C, S C against D, T D against C, P both D); any other game by the pair of
  symmetric games whose payoffs its players have ("row: Chicken, column: Prisoner's
  Dilemma");
- the Rapoport–Guyer class merges a game with the one whose players are swapped (78
  classes); every class gets its published number (Rapoport & Guyer 1966; the list
  is in `games.ordinal.rapoport_guyer`).
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Arrangement = tuple[int, int, int]

# The cycle of arrangements (ranks in cells (0,0), (0,1), (1,1) of a matrix whose 4 is
# at (1,0)), each obtained from the previous one by swapping two adjacent ranks.
CYCLE: tuple[Arrangement, ...] = ((3, 1, 2), (3, 2, 1), (2, 3, 1), (1, 3, 2), (1, 2, 3),
                                  (2, 1, 3))

# Layer by (column of the row player's 4, row of the column player's 4) in standard form.
LAYERS = {(0, 0): 1, (0, 1): 2, (1, 0): 3, (1, 1): 4}

# Symmetric games by the order of T, R, S, P (highest first).
SYMMETRIC_NAMES = {
    "TRPS": "Prisoner's Dilemma",
    "TPRS": "Deadlock",
    "TRSP": "Chicken",
    "TSRP": "Leader",
    "TSPR": "Battle of the Sexes (Hero)",
    "RTPS": "Stag Hunt",
    "RTSP": "Harmony",
    "RPTS": "Coordination",
}

# Brams' numbers among his 57 conflict games (Theory of Moves, 1994), only where a
# published source was checked: the Prisoner's Dilemma is his game 32 (Willson,
# Mathematical Social Sciences 39 (2000) 323-348, section 7).
BRAMS = {"Prisoner's Dilemma": 32}


@dataclass(frozen=True)
class Classification2x2:
    """Where a strict ordinal 2x2 game sits and what it is called."""

    layer: int
    row_type: int
    column_type: int
    symmetric: bool
    name: str
    row_family: str
    column_family: str
    rapoport_guyer_class: str            # canonical code of the 78-class (players swapped)
    rapoport_guyer: int                  # published number (games.ordinal.rapoport_guyer)
    brams: int | None
    standard_form: tuple[tuple[tuple[int, int], ...], ...]   # rank pairs, standard orientation

    @property
    def index(self) -> str:
        """The Robinson–Goforth coordinate written as layer, row type, column type."""
        return f"{self.layer}{self.row_type}{self.column_type}"


def standard_form(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Rows and columns swapped so the row player's 4 is in row 1 and the column
    player's 4 in column 1; also the column of the row player's 4 and the row of the
    column player's 4."""
    (ra, _), = np.argwhere(a == 4)
    _, cb = np.argwhere(b == 4)[0]
    if ra == 0:
        a, b = a[::-1], b[::-1]
    if cb == 0:
        a, b = a[:, ::-1], b[:, ::-1]
    ca = int(np.argwhere(a == 4)[0][1])
    rb = int(np.argwhere(b == 4)[0][0])
    return a, b, ca, rb


def arrangement(m: np.ndarray) -> Arrangement:
    """Ranks 1..3 of a matrix whose 4 is in row 1, read with the 4 mirrored to (1,0)."""
    if m[1, 1] == 4:
        m = m[:, ::-1]
    return (int(m[0, 0]), int(m[0, 1]), int(m[1, 1]))


def symmetric_name(t: int, r: int, s: int, p: int) -> str:
    """Name of the symmetric game with these ranks, trying both labellings of C and D."""
    for tt, rr, ss, pp in ((t, r, s, p), (s, p, t, r)):
        order = "".join(k for _, k in sorted(((tt, "T"), (rr, "R"), (ss, "S"), (pp, "P")),
                                             reverse=True))
        if order in SYMMETRIC_NAMES:
            return SYMMETRIC_NAMES[order]
    if max(s, p) > max(t, r):
        t, r, s, p = s, p, t, r
    order = " > ".join(k for _, k in sorted(((t, "T"), (r, "R"), (s, "S"), (p, "P")),
                                            reverse=True))
    return f"symmetric game {order}"


def family(layer_col: int, arr: Arrangement) -> str:
    """The symmetric game whose players both have this arrangement with the 4 in this
    column: its payoffs, read as R, S / T, P, give its name."""
    m = np.zeros((2, 2), dtype=int)
    m[0, 0], m[0, 1], m[1, 1] = arr
    m[1, 0] = 4
    if layer_col == 1:
        m = m[:, ::-1]
    return symmetric_name(t=int(m[1, 0]), r=int(m[0, 0]), s=int(m[0, 1]), p=int(m[1, 1]))


def _canonical_code(a: np.ndarray, b: np.ndarray) -> str:
    sa, sb, _, _ = standard_form(a, b)
    return "".join(f"{int(x)}{int(y)}" for x, y in zip(sa.flat, sb.flat))


@functools.cache
def _rapoport_guyer_numbers() -> dict[str, int]:
    """Class code -> Rapoport–Guyer number, from the published list of the 78 games."""
    from .rapoport_guyer import PUBLISHED, published_game
    out = {}
    for number in PUBLISHED:
        a, b = published_game(number)
        out[min(_canonical_code(a, b), _canonical_code(b.T, a.T))] = number
    return out


def classify(rows: Sequence[Sequence[int]] | np.ndarray,
             cols: Sequence[Sequence[int]] | np.ndarray) -> Classification2x2:
    """Classify the strict ordinal 2x2 game with row ranks `rows` and column ranks
    `cols` (each a permutation of 1..4)."""
    from ..arguments import rank_array
    from ..errors import ScenarioError
    a, b = rank_array(rows, "rows", (2, 2)), rank_array(cols, "cols", (2, 2))
    if sorted(a.flat) != [1, 2, 3, 4] or sorted(b.flat) != [1, 2, 3, 4]:
        raise ScenarioError("a strict 2x2 ranking uses each rank 1..4 once per player")
    sa, sb, ca, rb = standard_form(a, b)
    row_arr, col_arr = arrangement(sa), arrangement(sb.T)
    layer = LAYERS[(ca, rb)]
    i, j = CYCLE.index(row_arr) + 1, CYCLE.index(col_arr) + 1
    symmetric = ca == rb and row_arr == col_arr
    row_family, column_family = family(ca, row_arr), family(rb, col_arr)
    if symmetric:
        name = row_family
    else:
        name = f"row: {row_family}, column: {column_family}"
    code = min(_canonical_code(a, b), _canonical_code(b.T, a.T))
    rg = _rapoport_guyer_numbers()[code]
    brams = BRAMS.get(name) if symmetric else None
    form = tuple(tuple((int(sa[r, c]), int(sb[r, c])) for c in range(2)) for r in range(2))
    return Classification2x2(layer, i, j, symmetric, name, row_family, column_family, code,
                             rg, brams, form)
