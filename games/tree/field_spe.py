"""A tree's subgame-perfect equilibria at a point whose coordinates are irrational.

A region map's cell can consist of irrational points only (a boundary a*a = 2, a
curve piece without a rational point, two curves crossing at an irrational a).
Backward induction needs only sums, products and
comparisons of payoffs and chance probabilities, so it runs unchanged on exact
elements of the point's number field K = Q(theta) (games.sensitivity.region_algebraic:
flint polynomials reduced modulo theta's minimal polynomial, signs certified on arb
balls). `FieldNumber` gives an element of K the operators `backward_induction`
uses; the tree is the spec's, its payoffs and probabilities evaluated in K.

Every equilibrium found is checked on its own, in K, by the one-shot deviation
principle (a finite perfect-information profile is subgame perfect iff at every
decision node no other action gives the mover more, the profile played below); the
payoffs are then stated exactly (Fractions, radicals, CRootOf). Trees with
information sets: the local game of each subgame that has them (its reduced form,
inner subgames cut at their values) is solved in K by field_subgames.py (at most two
players choosing in it), and the check there is that the profile is a Nash
equilibrium of that local game, exactly in K.

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
from .model import CHANCE, DECISION, LEAF, Tree

if TYPE_CHECKING:
    from flint import fmpq_poly

    from ..model import Player
    from ..sensitivity.region_algebraic import Field
    from ..sensitivity.thresholds import Structure
    from .field_subgames import FieldLocalGames
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

    def __truediv__(self, other: object) -> FieldNumber:
        o = self._of(other)
        if o is NotImplemented:
            return NotImplemented
        return FieldNumber(self.K, self.K.mul(self.x, self.K.inv(o)))

    def __rtruediv__(self, other: object) -> FieldNumber:
        o = self._of(other)
        if o is NotImplemented:
            return NotImplemented
        return FieldNumber(self.K, self.K.mul(o, self.K.inv(self.x)))

    def __bool__(self) -> bool:
        return self.x != 0

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

    def reduced(self) -> FieldNumber | Fraction:
        """The number as a Fraction when it is rational (a probability of 0 or 1 reads
        as pure), else itself."""
        if self.x.degree() > 0:
            return self
        return self.K.exact(self.x)      # type: ignore[return-value]   # a Fraction


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
            seen[profile] = Equilibrium(tuple(tuple(_exact(p) for p in row) for row in profile),
                                        tuple(_exact(v) for v in s.value), players=players)
    notes = list(ind.notes)
    if ind.ties:
        where = ", ".join(tree.nodes[k].where for k in ind.ties)
        notes.append(f"ties at {where}: every mixture of the tied optimal actions is also "
                     "subgame perfect; the pure ones are listed")
    eqs = EquilibriumSet(tuple(sort_equilibria(list(seen.values()))),
                         METHOD + ", exact in Q(theta)", degenerate=bool(ind.ties),
                         notes=tuple(notes), players=players)
    return TreeFieldEquilibria(pt, eqs)


def _exact(v: Number) -> Exact:
    return v.exact() if isinstance(v, FieldNumber) else v


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
