"""Cardinal readings of a ranked game tree whose subgame-perfect equilibria depend on
the numbers (chance moves or simultaneous moves; `games.ordinal.tree_ranks`).

Readings are drawn uniformly from the order polytope of the leaves' ranks
(`games.ordinal.polytope`: each player's worst leaf 0, best 1, the ranks between in
order, tied leaves equal), exact with small denominators. Each reading's tree is solved
by the tree engine (backward induction keeping every tie, simultaneous-move subgames
by the exact normal-form solver). The *structure* of a reading is the set of its
subgame-perfect equilibria, each written as the actions played with positive
probability at every information set (when there are too many to list, their payoff
vectors); each structure met is reported with its share,
a 95% Wilson interval and the exact reading that produced it (its witness), solved again.
A positive affine change of one player's payoffs changes no subgame-perfect equilibrium
(expected payoffs are affine in them), so fixing worst 0 and best 1 loses no reading.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..numbers import exact_str
from ..sensitivity.tally import Tally, tally
from ..tree.induction import backward_induction
from ..tree.model import LEAF, Tree
from .polytope import Reading, apply_reading, draw_readings, exact_reading, in_polytope
from .ranks import rank_levels
from .tree_ranks import leaf_values

# One subgame-perfect equilibrium: per information set (by name) the actions played
# with positive probability ("any" where any behaviour will do).
Profile = tuple[tuple[str, tuple[str, ...]], ...]
TreeKey = tuple[Profile, ...]


@dataclass(frozen=True)
class TreeStructure(Tally):
    """One structure of subgame-perfect equilibria met among the readings."""

    key: TreeKey
    witness: np.ndarray         # (n_players, n_leaves) exact leaf payoffs of a reading

    def to_dict(self, tree: Tree) -> dict[str, object]:
        leaves = [n for n in tree.nodes if n.kind == LEAF]
        return {
            "equilibria": [{h: list(acts) for h, acts in p} for p in self.key],
            "count": self.count, "share": self.share, "interval": [self.low, self.high],
            "witness": {leaf.where: [exact_str(self.witness[i, k])
                                     for i in range(tree.n_players)]
                        for k, leaf in enumerate(leaves)},
        }


@dataclass(frozen=True)
class TreeReadings:
    """The subgame-perfect structures of a ranked tree across sampled readings."""

    samples: int
    seed: int | None
    structures: tuple[TreeStructure, ...]

    @property
    def varies(self) -> bool:
        """Whether more than one structure was met (only a sample: one structure met
        does not prove invariance)."""
        return len(self.structures) > 1

    def to_dict(self, tree: Tree) -> dict[str, object]:
        return {"samples": self.samples, "seed": self.seed, "varies": self.varies,
                "structures": [s.to_dict(tree) for s in self.structures]}


def with_leaf_payoffs(tree: Tree, values: np.ndarray) -> Tree:
    """The same tree with leaf k's payoffs replaced by values[:, k] (leaves in preorder)."""
    nodes = []
    k = 0
    for node in tree.nodes:
        if node.kind == LEAF:
            node = dataclasses.replace(node, payoffs=tuple(Fraction(values[i, k])
                                                           for i in range(tree.n_players)))
            k += 1
        nodes.append(node)
    return dataclasses.replace(tree, nodes=tuple(nodes))


def spe_structure(tree: Tree) -> TreeKey:
    """The structure of a tree's subgame-perfect equilibria (see the module docstring)."""
    ind = backward_induction(tree)
    if ind.equilibria is None:      # too many to list: the equilibrium payoffs instead
        return tuple(sorted(((("payoffs", tuple(exact_str(x) for x in v)),)
                             for v in ind.root_values)))
    profiles = set()
    for s in ind.equilibria:
        profiles.add(tuple(sorted(
            (tree.infosets[h].name,
             ("any",) if probs is None else
             tuple(a for a, p in zip(tree.infosets[h].actions, probs) if p != 0))
            for h, probs in s.behavior)))
    return tuple(sorted(profiles))


def tree_readings(tree: Tree, samples: int = 200, seed: int | None = 0,
                  budget: float | None = 60.0) -> TreeReadings:
    """Sample readings of a ranked tree's leaf ranks and tally the SPE structures (the
    sample stops early, with at least one reading, when `budget` seconds have passed)."""
    ranks = leaf_values(tree)
    arrays = draw_readings(rank_levels(ranks), samples, np.random.default_rng(seed))
    counts: dict[TreeKey, int] = {}
    first: dict[TreeKey, Reading] = {}
    start = time.perf_counter()
    done = 0
    for k in range(samples):
        if budget is not None and done and time.perf_counter() - start > budget:
            break
        reading = exact_reading([a[k] for a in arrays])
        key = spe_structure(with_leaf_payoffs(tree, apply_reading(ranks, reading)))
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, reading)
        done += 1
    out = []
    for key, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0])):
        witness = _witness(tree, ranks, key, first[key])
        out.append(TreeStructure(*tally(c, done), key, witness))
    return TreeReadings(done, seed, tuple(out))


def _witness(tree: Tree, ranks: np.ndarray, key: TreeKey, reading: Reading) -> np.ndarray:
    """Leaf payoffs that give the structure `key`: the simplest of the readings tried
    (`games.ordinal.structure.simpler_readings`), else the drawn one; checked again."""
    from .structure import simpler_readings
    for candidate in [*simpler_readings(reading), reading]:
        values = apply_reading(ranks, candidate)
        if in_polytope(ranks, values) and \
                spe_structure(with_leaf_payoffs(tree, values)) == key:
            return values
    raise AssertionError("internal error: a witness does not reproduce its structure")
