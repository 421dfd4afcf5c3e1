"""A tree's subgame-perfect equilibria at a point whose coordinates are irrational.

A region map's cell can consist of irrational points only (a boundary a*a = 2, a
curve piece without a rational point, two curves crossing at an irrational a).
Backward induction needs only sums, products and
comparisons of payoffs and chance probabilities, so it runs unchanged on exact
elements of the point's number field K = Q(theta) (games.sensitivity.region_algebraic:
flint polynomials reduced modulo theta's minimal polynomial, signs certified on arb
balls). An irrational element of K is computed with as games.solvers.algebraic's
`FieldElement` (exact arithmetic, division, exact order, hash: the operators
`backward_induction` uses); the tree is the spec's, its payoffs and probabilities
evaluated in K.

Every equilibrium found is checked on its own, in K, by the one-shot deviation
principle (a finite perfect-information profile is subgame perfect iff at every
decision node no other action gives the mover more, the profile played below); the
payoffs are then stated exactly (Fractions, radicals, CRootOf). Trees with
information sets: the local game of each subgame that has them (its reduced form,
inner subgames cut at their values) is solved in K by field_subgames.py (refused
when one of its equilibria lies outside K), and the check there is that the profile
is a Nash equilibrium of that local game, exactly in K.

sympy and python-flint are imported inside functions (through region_algebraic).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from ..equilibrium import Equilibrium, EquilibriumSet, sort_equilibria
from ..numbers import Exact
from ..solvers.algebraic import FieldElement, to_exact
from ..sensitivity.region_algebraic import (AlgebraicPoint, Refused, canonical_point,
                                            point_in_field, value_in)
from .model import CHANCE, DECISION, LEAF, Tree

if TYPE_CHECKING:
    from flint import fmpq_poly

    from ..model import Player
    from ..sensitivity.region_algebraic import Field
    from ..sensitivity.thresholds import Structure
    from .field_subgames import FieldLocalGames
    from .induction import Solution
    from .scenario import TreeScenario

Number = Any        # FieldElement or Fraction: what the field tree's nodes hold


def in_field(K: Field, x: fmpq_poly) -> FieldElement | Fraction:
    """An element of K (flint form) as the number backward induction computes with:
    a Fraction when it is rational, else games.solvers.algebraic's FieldElement (one
    root object per field, so elements of K add and multiply)."""
    if x.degree() <= 0:
        return cast(Fraction, K.exact(x))
    return K.element(x)


@dataclass(frozen=True)
class TreeFieldEquilibria:
    """The pure subgame-perfect equilibria of a tree at an algebraic point (the
    interface region maps read: `structure`, `exact_point`, `equilibrium_set`)."""

    point: AlgebraicPoint
    equilibria: EquilibriumSet

    def structure(self) -> Structure:
        from ..sensitivity.thresholds import structure
        return structure(self.equilibria)

    def exact_point(self) -> tuple[Exact, Exact]:
        return canonical_point(self.point)

    def equilibrium_set(self, players: Sequence[Player] = ()) -> EquilibriumSet:
        return self.equilibria


def field_tree(scenario: TreeScenario, names: tuple[str, str],
               base: Mapping[str, Fraction], pt: AlgebraicPoint) -> Tree:
    """The scenario's tree with names[0], names[1] at the point and the others at
    `base`, every payoff and chance probability an element of the point's field
    (Refused when a probability is negative or they do not sum to 1 there)."""
    import sympy

    from .build import walk
    spec = scenario.spec
    K = pt.field
    syms = sympy.symbols("fa fb")
    table: dict[str, Any] = {n: sympy.Rational(v.numerator, v.denominator)
                             for n, v in base.items()}
    table.update(zip(names, syms))
    at = {syms[0]: pt.a, syms[1]: pt.b}

    def number(e: Any) -> FieldElement | Fraction:
        try:
            return in_field(K, value_in(e.to_sympy(table), K, at))
        except ZeroDivisionError:
            raise Refused(f"'{e}' divides by zero at this point") from None

    shape = spec.tree(base)             # the nodes, order and information sets
    nodes = list(shape.nodes)
    # the nodes hold FieldElements where Fractions are declared: the induction only
    # adds, multiplies and compares them (cast, not converted)
    for k, (n, _) in enumerate(walk(spec.root)):    # evaluate_tree's preorder
        if n.kind == LEAF:
            pays = tuple(number(e) for e in n.payoffs)
            nodes[k] = replace(nodes[k], payoffs=cast("tuple[Fraction, ...]", pays))
        elif n.kind == CHANCE:
            probs = tuple(number(e) for e in n.probs)
            if any(p < 0 for p in probs) or sum(probs, Fraction(0)) != 1:
                raise Refused(f"the chance probabilities at {nodes[k].where} are not a "
                              "distribution at this point")
            nodes[k] = replace(nodes[k], probs=cast("tuple[Fraction, ...]", probs))
    return replace(shape, nodes=tuple(nodes))


def field_spe(scenario: TreeScenario, names: tuple[str, str], base: Mapping[str, Fraction],
              a: Exact, b: Exact) -> TreeFieldEquilibria:
    """The subgame-perfect equilibria at the exact point (a, b) (others at `base`),
    by backward induction in the point's number field (local games of subgames with
    information sets solved there: field_subgames.py), each checked to be subgame
    perfect in the field."""
    from .field_subgames import FieldLocalGames
    from .induction import backward_induction
    from .points import METHOD, kuhn_profile
    pt = point_in_field(a, b)
    tree = field_tree(scenario, names, base, pt)
    local = FieldLocalGames(pt.field)
    ind = backward_induction(tree, local=local)
    players = tuple(scenario.players)
    if ind.equilibria is None:
        raise Refused(f"{ind.pure_count} pure subgame-perfect equilibria: too many to "
                      "list at an irrational point")
    seen: dict[tuple[tuple[Number, ...], ...], Equilibrium] = {}
    for s in ind.equilibria:
        check_subgame_perfect(tree, s, local)
        profile = kuhn_profile(scenario.form, s)
        if profile not in seen:
            seen[profile] = Equilibrium(tuple(tuple(exact_number(p) for p in row) for row in profile),
                                        tuple(exact_number(v) for v in s.value), players=players)
    notes = list(ind.notes)
    if ind.ties:
        where = ", ".join(tree.nodes[k].where for k in ind.ties)
        notes.append(f"ties at {where}: every mixture of the tied optimal actions is also "
                     "subgame perfect; the pure ones are listed")
    eqs = EquilibriumSet(tuple(sort_equilibria(list(seen.values()))),
                         METHOD + ", exact in Q(theta)", degenerate=bool(ind.ties),
                         notes=tuple(notes), players=players)
    return TreeFieldEquilibria(pt, eqs)


def exact_number(v: Number) -> Exact:
    """A number of the tree walked in a field as an exact number (Fraction or sympy)."""
    return to_exact(v) if isinstance(v, FieldElement) else v


def check_subgame_perfect(tree: Tree, s: Solution, local: FieldLocalGames) -> None:
    """AssertionError unless the behaviour `s` is subgame perfect, checked subgame by
    subgame from the deepest up with each inner subgame at its value under `s`: at a
    node of perfect information no action gives the mover more (one-shot deviations),
    and the local game of a subgame with information sets (its reduced form, inner
    subgames cut at their values) is at a Nash equilibrium: no player's pure plan
    earns more than the profile. Given that the inner subgames are at equilibria,
    this is subgame perfection; the value at the root must be s's."""
    from .field_subgames import expected_values
    from .points import kuhn_profile
    from .reduced import reduced_form
    from .subgames import inner_roots, subgame_roots
    roots = subgame_roots(tree)
    root_set = set(roots)
    behavior = dict(s.behavior)
    values: dict[int, tuple[Number, ...]] = {
        k: node.payoffs for k, node in enumerate(tree.nodes) if node.kind == LEAF}
    for r in sorted(roots, reverse=True):
        node = tree.nodes[r]
        inner = inner_roots(tree, r, root_set)
        direct = set(inner) == set(node.children)
        if node.kind == CHANCE and direct:
            kids = [values[c] for c in node.children]
            values[r] = tuple(sum((p * v[i] for p, v in zip(node.probs, kids)), Fraction(0))
                              for i in range(tree.n_players))
        elif node.kind == DECISION and direct and len(tree.infosets[node.infoset].nodes) == 1:
            probs = behavior[node.infoset]
            assert probs is not None
            kids = [values[c] for c in node.children]
            here = kids[[p == 1 for p in probs].index(True)]
            if any(v[node.player] > here[node.player] for v in kids):
                raise AssertionError("a subgame-perfect equilibrium failed the one-shot "
                                     f"deviation check at {node.where}")
            values[r] = here
        else:
            stops = {k: values[k] for k in inner}
            form = reduced_form(tree, r, stops)
            prof = kuhn_profile(form, s)
            vals, pays = expected_values(local.payoffs(tree, form, r, stops), prof)
            if any(sum(p, Fraction(0)) != 1 for p in prof) or \
                    any(v > pays[i] for i, row in enumerate(vals) for v in row):
                raise AssertionError("a subgame-perfect equilibrium is not an equilibrium "
                                     f"of the subgame at {node.where}")
            values[r] = pays
    if tuple(values[0]) != tuple(s.value):
        raise AssertionError("a subgame-perfect equilibrium's value is not its play's")
