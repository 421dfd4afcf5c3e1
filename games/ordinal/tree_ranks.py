"""Ranked game trees (`payoffs_are: ranks` with a `tree:`): the leaves' payoffs are each
player's ranking of the outcomes, and what that makes of the subgame-perfect equilibria.

A cardinal reading of the ranks gives each player's leaves numbers in the same order,
tied leaves equal (`games.ordinal.polytope` for payoff tables). In a tree with perfect
information and no chance move, a pure behaviour profile is subgame perfect iff at
every decision node the mover's chosen action leads (under the profile) to a leaf it
ranks at least as high as the leaf each other action leads to: only comparisons of one
player's payoffs, which every reading preserves. So the set of pure subgame-perfect
equilibria is *rank-invariant*, and with strict rankings (no player ties two leaves)
there is exactly one. Chance moves (expected payoffs) and simultaneous moves (mixed
equilibria of the subgames) make the equilibria depend on the numbers: such trees are
analysed as one cardinal reading (the ranks taken as numbers) and labelled so.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..tree.build import walk
from ..tree.model import CHANCE, LEAF, SpecNode, Tree, TreeSpec
from .ranks import RankProblem, is_strict, rank_problem


@dataclass(frozen=True)
class TreeRankReading:
    """Whether a ranked tree's subgame-perfect equilibria hold for every reading."""

    invariant: bool         # the pure subgame-perfect equilibria are rank-invariant
    strict: bool            # no player ties two leaves
    reason: str             # why, in words

    def to_dict(self) -> dict[str, object]:
        return {"payoffs_are": "ranks", "rank_invariant": self.invariant,
                "strict": self.strict, "reason": self.reason}


def leaf_values(tree: Tree) -> np.ndarray:
    """The leaves' payoffs as an array (n_players, n_leaves), leaves in preorder."""
    leaves = [n for n in tree.nodes if n.kind == LEAF]
    out = np.empty((tree.n_players, len(leaves)), dtype=object)
    for k, leaf in enumerate(leaves):
        for i in range(tree.n_players):
            out[i, k] = Fraction(leaf.payoffs[i])
    return out


def leaf_rank_problem(spec: TreeSpec) -> tuple[SpecNode, RankProblem] | None:
    """The first leaf whose payoff breaks a player's ranking (1..k, every rank used),
    with the problem; None when every player's leaf payoffs are a ranking."""
    tree = spec.tree()
    problem = rank_problem(leaf_values(tree), tree.players)
    if problem is None:
        return None
    spec_leaves = [n for n, _ in walk(spec.root) if n.kind == LEAF]
    return spec_leaves[problem.index[1]], problem


def tree_rank_reading(tree: Tree) -> TreeRankReading:
    """What the ranks decide about a ranked tree's subgame-perfect equilibria."""
    strict = is_strict(leaf_values(tree))
    if any(n.kind == CHANCE for n in tree.nodes):
        return TreeRankReading(False, strict, "the tree has chance moves: expected payoffs "
                               "add the numbers, so the equilibria shown are those of one "
                               "cardinal reading (the ranks taken as numbers)")
    if not tree.is_perfect_information():
        return TreeRankReading(False, strict, "the tree has simultaneous moves (information "
                               "sets with several nodes): their mixed equilibria depend on "
                               "the numbers, so the equilibria shown are those of one "
                               "cardinal reading (the ranks taken as numbers)")
    if strict:
        return TreeRankReading(True, True, "perfect information, no chance move and strict "
                               "rankings: backward induction compares only each mover's "
                               "ranks, so the one subgame-perfect equilibrium is the same "
                               "for every cardinal reading")
    return TreeRankReading(True, False, "perfect information and no chance move: backward "
                           "induction compares only each mover's ranks, so the pure "
                           "subgame-perfect equilibria are the same for every cardinal "
                           "reading; at a tie, a mixture of the tied actions is subgame "
                           "perfect too, but what it gives the others depends on the "
                           "numbers")
