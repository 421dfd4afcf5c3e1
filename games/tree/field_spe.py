"""A tree's subgame-perfect equilibria at a point whose coordinates are irrational.

A region map's cell can consist of irrational points only (a boundary a*a = 2, a
curve piece without a rational point, two curves crossing at an irrational a). On a
perfect-information tree, backward induction needs only sums, products and
comparisons of payoffs and chance probabilities, so it runs unchanged on exact
elements of the point's number field K = Q(theta) (games.sensitivity.region_algebraic:
flint polynomials reduced modulo theta's minimal polynomial, signs certified on arb
balls). `FieldNumber` gives an element of K the operators `backward_induction`
uses; the tree is the spec's, its payoffs and probabilities evaluated in K.

Every equilibrium found is checked on its own, in K, by the one-shot deviation
principle (a finite perfect-information profile is subgame perfect iff at every
decision node no other action gives the mover more, the profile played below); the
payoffs are then stated exactly (Fractions, radicals, CRootOf). Trees with
information sets (subgames solved through their reduced form) are refused
(`Refused`): the normal-form engine there is rational only.

sympy and python-flint are imported inside functions (through region_algebraic).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from ..equilibrium import Equilibrium, EquilibriumSet, sort_equilibria
from ..numbers import Exact
from ..sensitivity.region_algebraic import (AlgebraicPoint, Refused, canonical_point,
                                            point_in_field, value_in)
from .model import CHANCE, LEAF, Tree

if TYPE_CHECKING:
    from flint import fmpq_poly

    from ..model import Player
    from ..sensitivity.region_algebraic import Field
    from ..sensitivity.thresholds import Structure
    from .induction import Solution
    from .scenario import TreeScenario

Number = Any        # FieldNumber or Fraction: what the field tree's nodes hold


class FieldNumber:
    """An element of K with +, -, *, ==, hash and order (what backward induction
    does with payoffs). Elements are kept reduced, so equal numbers have equal
    coefficients and hash alike; a rational one equals and hashes as its Fraction."""

    __slots__ = ("K", "x")

    def __init__(self, K: Field, x: fmpq_poly) -> None:
        self.K, self.x = K, x % K.m

    def _of(self, other: object) -> Any:
        if isinstance(other, FieldNumber):
            return other.x
        if isinstance(other, (int, Fraction)):
            return self.K.const(other)
        return NotImplemented

    def __add__(self, other: object) -> FieldNumber:
        return FieldNumber(self.K, self.x + self._of(other))

    __radd__ = __add__

    def __sub__(self, other: object) -> FieldNumber:
        return FieldNumber(self.K, self.x - self._of(other))

    def __rsub__(self, other: object) -> FieldNumber:
        return FieldNumber(self.K, self._of(other) - self.x)

    def __mul__(self, other: object) -> FieldNumber:
        return FieldNumber(self.K, self.K.mul(self.x, self._of(other)))

    __rmul__ = __mul__

    def __neg__(self) -> FieldNumber:
        return FieldNumber(self.K, -self.x)

    def sign(self) -> int:
        return self.K.sign(self.x)

    def _cmp(self, other: object) -> int:
        return self.K.sign(self.x - self._of(other))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (FieldNumber, int, Fraction)):
            return NotImplemented
        return self.x == self._of(other)

    def __hash__(self) -> int:
        if self.x.degree() <= 0:        # a rational hashes as its Fraction (== agrees)
            c = self.x[0]
            return hash(Fraction(int(c.p), int(c.q)))
        return hash(tuple(str(c) for c in self.x.coeffs()))

    def __lt__(self, other: object) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: object) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: object) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: object) -> bool:
        return self._cmp(other) >= 0

    def exact(self) -> Exact:
        return self.K.exact(self.x)


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

    def number(e: Any) -> FieldNumber:
        try:
            return FieldNumber(K, value_in(e.to_sympy(table), K, at))
        except ZeroDivisionError:
            raise Refused(f"'{e}' divides by zero at this point") from None

    shape = spec.tree(base)             # the nodes, order and information sets
    nodes = list(shape.nodes)
    # the nodes hold FieldNumbers where Fractions are declared: the induction only
    # adds, multiplies and compares them (cast, not converted)
    for k, (n, _) in enumerate(walk(spec.root)):    # evaluate_tree's preorder
        if n.kind == LEAF:
            pays = tuple(number(e) for e in n.payoffs)
            nodes[k] = replace(nodes[k], payoffs=cast("tuple[Fraction, ...]", pays))
        elif n.kind == CHANCE:
            probs = tuple(number(e) for e in n.probs)
            if any(p.sign() < 0 for p in probs) or sum(probs, Fraction(0)) != 1:
                raise Refused(f"the chance probabilities at {nodes[k].where} are not a "
                              "distribution at this point")
            nodes[k] = replace(nodes[k], probs=cast("tuple[Fraction, ...]", probs))
    return replace(shape, nodes=tuple(nodes))


def field_spe(scenario: TreeScenario, names: tuple[str, str], base: Mapping[str, Fraction],
              a: Exact, b: Exact) -> TreeFieldEquilibria:
    """The subgame-perfect equilibria at the exact point (a, b) (others at `base`),
    by backward induction in the point's number field, each checked by the one-shot
    deviation principle in the field."""
    from .induction import backward_induction
    from .points import METHOD, kuhn_profile
    pt = point_in_field(a, b)
    tree = field_tree(scenario, names, base, pt)
    if not tree.is_perfect_information():
        raise Refused("the subgame-perfect equilibria of a tree with information sets "
                      "are not computed at points whose coordinates are irrational")
    ind = backward_induction(tree)
    players = tuple(scenario.players)
    if ind.equilibria is None:
        raise Refused(f"{ind.pure_count} pure subgame-perfect equilibria: too many to "
                      "list at an irrational point")
    seen: dict[tuple[tuple[Fraction, ...], ...], Equilibrium] = {}
    for s in ind.equilibria:
        _check_one_shot(tree, s)
        profile = kuhn_profile(scenario.form, s)
        if profile not in seen:
            pays = tuple(v.exact() if isinstance(v, FieldNumber) else v for v in s.value)
            seen[profile] = Equilibrium(profile, pays, players=players)
    notes: tuple[str, ...] = ()
    if ind.ties:
        where = ", ".join(tree.nodes[k].where for k in ind.ties)
        notes = (f"ties at {where}: every mixture of the tied optimal actions is also "
                 "subgame perfect; the pure ones are listed",)
    eqs = EquilibriumSet(tuple(sort_equilibria(list(seen.values()))),
                         METHOD + ", exact in Q(theta)", degenerate=bool(ind.ties),
                         notes=notes, players=players)
    return TreeFieldEquilibria(pt, eqs)


def _check_one_shot(tree: Tree, s: Solution) -> None:
    """AssertionError unless the pure behaviour `s` is subgame perfect: the values
    under it, bottom up, give no mover a better action at any decision node."""
    choice = {h: p.index(1) for h, p in s.behavior if p is not None}
    values: dict[int, tuple[Number, ...]] = {}
    for node in reversed(tree.nodes):
        if node.kind == LEAF:
            values[node.id] = node.payoffs
        elif node.kind == CHANCE:
            kids = [values[c] for c in node.children]
            values[node.id] = tuple(sum((p * v[i] for p, v in zip(node.probs, kids)),
                                        Fraction(0)) for i in range(tree.n_players))
        else:
            kids = [values[c] for c in node.children]
            here = kids[choice[node.infoset]]
            if any(v[node.player] > here[node.player] for v in kids):
                raise AssertionError("a subgame-perfect equilibrium failed the one-shot "
                                     f"deviation check at {node.where}")
            values[node.id] = here
    if tuple(values[0]) != tuple(s.value):
        raise AssertionError("a subgame-perfect equilibrium's value is not its play's")
