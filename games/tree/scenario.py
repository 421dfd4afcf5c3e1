"""A tree scenario seen as a scenario of its reduced strategic form.

`TreeScenario` wraps a `TreeSpec` and offers what the rest of the engine asks of a
`games.scenario.Scenario`: players with strategies (the reduced plans), parameters,
`values()`, `parse_assignment()`, `game(values)` and the payoff `expressions` (each
reduced-form payoff as an expression: the sum over the leaves a profile reaches of
the product of the chance probabilities on the way times the leaf's payoff). So the
normal-form report, sensitivity of the Nash equilibria, sweeps, Monte Carlo and
comparisons work on trees unchanged; `game.tree` holds the exact tree.
"""
from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property

import numpy as np

from ..errors import GameError
from ..expressions import BinOp, Expr, add_all
from ..limits import game_size_problem
from ..model import Game, Player, Strategy
from ..scenario.model import Scenario
from .build import walk
from .model import CHANCE, LEAF, Tree, TreeSpec
from .reduced import ReducedForm, plan_count, reduced_form, reduced_game


class TreeScenario:
    """The reduced strategic form of a tree scenario, as a parametric scenario."""

    # the parameter handling of normal-form scenarios, shared (it reads only
    # `parameters` and `source_path`)
    values = Scenario.values
    parse_assignment = Scenario.parse_assignment
    _check_override = Scenario._check_override

    def __init__(self, spec: TreeSpec) -> None:
        self.spec = spec
        self.title = spec.title
        self.description = spec.description
        self.source = spec.source
        self.source_path = spec.source_path
        self.parameters = spec.parameters
        self.player_descriptions = spec.player_descriptions
        base = spec.tree()
        problem = game_size_problem(tuple(plan_count(base, i, [0])
                                          for i in range(base.n_players)))
        if problem:         # before the plans are built (2**17 of them from 51 nodes)
            raise GameError(f"{spec.source_path or spec.title}: the tree's reduced strategic "
                            f"form: {problem}")
        self.form: ReducedForm = reduced_form(base)
        self.players = tuple(Player(name, tuple(Strategy(s) for s in self.form.names[i]))
                             for i, name in enumerate(spec.players))

    def as_scenario(self) -> Scenario:
        """This tree scenario where the engine expects a normal-form Scenario: it offers
        everything the engine asks of one (players, parameters, values, game,
        expressions), by duck typing rather than by inheritance."""
        return self  # type: ignore[return-value]

    @property
    def shape(self) -> tuple[int, ...]:
        return self.form.shape

    @property
    def baseline(self) -> dict[str, Fraction]:
        return self.spec.baseline

    def tree(self, values: Mapping[str, Fraction] | None = None) -> Tree:
        return self.spec.tree(values)

    def game(self, values: Mapping[str, Fraction] | None = None,
             check_range: bool = True) -> Game:
        """The reduced strategic form at these values; `game.tree` is the exact tree."""
        vals = self.values(values, check_range)  # type: ignore[misc]
        tree = self.spec.tree(vals)
        game = reduced_game(tree, self.form, title=self.title)
        game.description = self.description
        game.parameters = self.parameters
        game.values = vals
        game.scenario = self.as_scenario()
        game.tree = tree
        return game

    def to_yaml(self, values: Mapping[str, Fraction] | None = None) -> str:
        """The tree scenario as YAML (games.tree.writer), at these parameter values."""
        from .writer import tree_to_yaml
        return tree_to_yaml(self.spec, self.values(values))  # type: ignore[misc]

    @cached_property
    def expressions(self) -> np.ndarray:
        """Reduced-form payoffs as expressions in the parameters, shape (n, *shape)."""
        specs = [n for n, _ in walk(self.spec.root)]
        tree = self.spec.tree()
        n = len(self.spec.players)
        out = np.empty((n, *self.shape), dtype=object)
        for prof in np.ndindex(*self.shape):
            plans = [self.form.plans[i][j] for i, j in enumerate(prof)]
            terms: list[list[Expr]] = [[] for _ in range(n)]
            stack: list[tuple[int, Expr | None]] = [(0, None)]
            while stack:
                k, w = stack.pop()
                node = tree.nodes[k]
                if node.kind == LEAF:
                    for i in range(n):
                        e = specs[k].payoffs[i]
                        terms[i].append(e if w is None else BinOp("*", w, e))
                elif node.kind == CHANCE:
                    for c, p in zip(node.children, specs[k].probs):
                        stack.append((c, p if w is None else BinOp("*", w, p)))
                else:
                    stack.append((node.children[plans[node.player][node.infoset]], w))
            for i in range(n):
                out[(i, *prof)] = add_all(terms[i])
        return out
