"""A game tree whose reduced strategic form is too large to analyse in full by default.

A tree's answer is its subgame-perfect equilibria, which backward induction finds on
the tree itself (games.tree.induction, games.tree.spe_set), in time linear in its
nodes whatever the size of the reduced form. The Nash equilibria of the reduced form
are another matter: a chain of 100 moves has a 51 x 51 reduced form whose exact
enumeration may visit up to 1.6e20 vertex bases (it ran past a minute, capped and
incomplete, and dominance by mixtures in it took 10 s more); a chance move of 8
outcomes before two short moves gives 256 x 256.

So, before any work, the cost of enumerating the reduced form is read
(games.solvers.cost: the upper bound on the vertex bases for two players, the support
profiles for more). Beyond `TREE_FORM_BASES` (two players) or `QUICK_SUPPORT_PROFILES`
(more), dominance in the reduced form is left out (its mixture LPs alone took 10 s on
51 x 51), and, unless --timeout or another method is asked for, the reduced form's
pure Nash equilibria are listed (exact, one vectorised pass; at most
LISTED_EXTREME_POINTS of them, else counted only) and the set is marked incomplete.
A note says what was left out, naming the limit and --timeout (which enumerates the
mixed equilibria until then).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..limits import QUICK_SUPPORT_PROFILES, TREE_FORM_BASES

COUNTED = "pure Nash equilibria are counted, not listed"   # the note's words, read by
#                                                            the credibility section

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from ..model import Game


def form_too_large(game: Game) -> str | None:
    """Why the reduced form of a tree game is not analysed in full (the opening of the
    note), or None: not a tree, or a reduced form within the limit."""
    if game.tree is None:
        return None
    from ..solvers.cost import enumeration_cost
    cost = enumeration_cost(game)
    if cost is None:
        return None
    limit = TREE_FORM_BASES if cost.bound else QUICK_SUPPORT_PROFILES
    if cost.count <= limit:
        return None
    dims = " x ".join(str(m) for m in game.shape)
    up_to = "up to " if cost.bound else ""
    return (f"The reduced strategic form ({dims}) is larger than this analysis enumerates by "
            f"default: its exact enumeration {'may visit' if cost.bound else 'examines'} "
            f"{up_to}{cost.count:,} {cost.unit}, more than {limit:,} (the limit)")


def without_dominance(eqs: EquilibriumSet, why: str) -> EquilibriumSet:
    """Equilibria found as asked (--timeout, another method), the note saying that
    dominance in the large reduced form was not analysed."""
    return eqs.with_notes(f"{why}: dominance in it is not analysed.")


def pure_part(game: Game, why: str) -> EquilibriumSet:
    """The reduced form's pure Nash equilibria (exact), marked incomplete, with the
    note saying what was left out and how to get it."""
    from .. import limits
    from ..equilibrium import EquilibriumSet
    from ..solvers.pure import pure_equilibria, pure_equilibrium_profiles
    found = len(pure_equilibrium_profiles(game.comparable_payoffs))
    most = limits.LISTED_EXTREME_POINTS     # read at each call (--max-listed)
    if found > most or found * sum(game.shape) > limits.LISTED_PROBABILITIES:
        eqs = EquilibriumSet([], method="pure: best-response intersection", complete=False)
        listed = (f"its {found:,} {COUNTED} (more than a report lists: {most:,}, "
                  "LISTED_EXTREME_POINTS; --max-listed raises it)")
    else:
        eqs = replace(pure_equilibria(game), complete=False)
        listed = (f"its {found:,} pure Nash equilibri{'um is' if found == 1 else 'a are'} "
                  "listed, exact")
    return eqs.with_notes(
        f"{why}: {listed}; its mixed Nash equilibria and dominance in it are not analysed. "
        "The subgame-perfect equilibria come from the tree itself (backward induction); "
        "their section says whether all are listed. --timeout SECONDS enumerates the mixed "
        "Nash equilibria too, until then.")
