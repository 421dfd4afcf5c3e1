"""The 78 strict ordinal 2x2 games as numbered by Rapoport & Guyer ("A taxonomy of 2x2
games", General Systems 11 (1966) 203-214), as reproduced in Albrecht, Christianos &
Schäfer, *Multi-Agent Reinforcement Learning: Foundations and Modern Approaches* (MIT
Press, 2024), section 11.2, with that book's correction of game 23 (the row player's
payoff in row 2, column 1 is 1).

Each game is written as four cells, row by row: (1,1) (1,2) (2,1) (2,2), each cell the
row player's rank then the column player's (4 best). Games 1-6, 22-30 and 58-63 have an
outcome best for both players (no conflict); the other 57 do not. In the text this list
was transcribed from, the rows of games 67-71 are interleaved; they are paired here in
the only way that gives both players strict rankings.
"""
from __future__ import annotations

import numpy as np

PUBLISHED: dict[int, str] = {
    1: "44 33 22 11",
    2: "44 33 12 21",
    3: "44 32 23 11",
    4: "44 32 13 21",
    5: "44 31 13 22",
    6: "44 23 32 11",
    7: "33 42 24 11",
    8: "33 42 14 21",
    9: "33 41 14 22",
    10: "23 42 14 31",
    11: "23 41 14 32",
    12: "22 41 14 33",
    13: "34 42 23 11",
    14: "34 42 13 21",
    15: "34 41 23 12",
    16: "34 41 13 22",
    17: "24 42 13 31",
    18: "24 41 13 32",
    19: "34 43 12 21",
    20: "34 43 22 11",
    21: "24 43 12 31",
    22: "44 33 21 12",
    23: "44 33 11 22",
    24: "44 32 21 13",
    25: "44 32 11 23",
    26: "44 23 31 12",
    27: "44 22 31 13",
    28: "44 31 22 13",
    29: "44 31 12 23",
    30: "44 21 32 13",
    31: "34 22 13 41",
    32: "34 21 13 42",
    33: "34 12 23 41",
    34: "34 11 23 42",
    35: "24 32 13 41",
    36: "24 31 13 42",
    37: "34 23 12 41",
    38: "34 13 22 41",
    39: "24 33 12 41",
    40: "34 41 22 13",
    41: "34 41 12 23",
    42: "33 41 22 14",
    43: "33 41 12 24",
    44: "24 41 12 33",
    45: "32 41 23 14",
    46: "32 41 13 24",
    47: "23 41 12 34",
    48: "22 41 13 34",
    49: "34 43 21 12",
    50: "34 43 11 22",
    51: "34 42 21 13",
    52: "34 42 11 23",
    53: "33 42 21 14",
    54: "33 42 11 24",
    55: "24 43 11 32",
    56: "24 42 11 33",
    57: "23 42 11 34",
    58: "44 23 11 32",
    59: "44 22 11 33",
    60: "44 21 12 33",
    61: "44 13 31 22",
    62: "44 12 31 23",
    63: "44 12 21 33",
    64: "34 21 12 43",
    65: "24 31 12 43",
    66: "33 24 42 11",
    67: "23 34 42 11",
    68: "22 34 43 11",
    69: "22 43 34 11",
    70: "34 21 42 13",
    71: "33 21 42 14",
    72: "32 21 43 14",
    73: "24 41 32 13",
    74: "24 31 42 13",
    75: "23 41 32 14",
    76: "23 31 42 14",
    77: "22 41 33 14",
    78: "22 31 43 14",}


def published_game(number: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column rank matrices of Rapoport–Guyer game `number` (1..78)."""
    cells = PUBLISHED[number].split()
    a = np.array([[int(c[0]) for c in cells[:2]], [int(c[0]) for c in cells[2:]]])
    b = np.array([[int(c[1]) for c in cells[:2]], [int(c[1]) for c in cells[2:]]])
    return a, b
