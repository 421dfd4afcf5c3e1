"""The equilibrium structure at a point of any number of parameters whose coordinates
are irrational, solved exactly: the robustness search's contact points whose own
cell holds no rational point.

Where the range-scaled cube first touches a quadric (robust_contacts.py), the contact
point's coordinates are rational or a + b*sqrt(d) with one d. When the structure
differs only ON the quadric (a tie there adds equilibria, both sides agree) and the
quadric has no rational point near the contact (a*a + b*b = 3 has none at all), no
rational probe reaches that cell, and the rational solvers cannot take the point.
Here the point itself is solved: its coordinates are put in one number field
K = Q(theta) (theta its first irrational coordinate, each other one as an element of
K: region_algebraic.element_of), every payoff is evaluated in K, and the 2-player
game is solved there (region_algebraic.field_equilibria: every extreme equilibrium
as a vertex pair of the best-response polytopes, each checked directly, exactly in
K); with 3 or more players every isolated equilibrium is found by the support
enumeration over K (region_nplayer.field_n_players). The cell's structure is that
point's (the structure is constant on a cell).

Points whose coordinates share no field found, and 3-player points where a support
system has a continuum of solutions (a tie on the boundary usually gives one) or
that pass region_nplayer's limits, are refused (`Refused`, with the reason): the
radius then keeps its certified bounds.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from ..numbers import Exact, is_rational, to_fraction
from .region_algebraic import Field, Refused, element_of, field_equilibria, structure_of

if TYPE_CHECKING:
    import numpy as np

    from ..numbers import SymExpr
    from .thresholds import Structure


def structure_at(U: np.ndarray, syms: Sequence[SymExpr], point: Sequence[Exact]) -> Structure:
    """The equilibrium structure of the game with payoffs U (sympy, in `syms`) at an
    exact point with irrational coordinates (Refused when it cannot be solved
    there)."""
    from .algebraic import RealRoot
    irrational = [v for v in point if not is_rational(v)]
    if not irrational:
        raise Refused("the point is rational: solve it directly")
    x = irrational[0]
    try:
        K = Field(RealRoot.from_sympy(cast("SymExpr", x)))
    except ArithmeticError as exc:
        raise Refused(f"the coordinate {x} cannot be isolated: {exc}") from None
    table = {}
    for s, v in zip(syms, point):
        if is_rational(v):
            table[s] = K.const(to_fraction(v))
            continue
        got = K.gen() if v == x else element_of(K, x, v)
        if got is None:
            raise Refused(f"the coordinates {x} and {v} were not put in one number field")
        table[s] = got
    if U.shape[0] != 2:         # 3 or more players: every isolated equilibrium
        from .region_nplayer import field_n_players, structure_of_equilibria
        return structure_of_equilibria(field_n_players(U, K, table))
    profiles, _ = field_equilibria(U, K, table)
    return structure_of(profiles)
