"""A tree's subgame-perfect equilibrium as formulas in two parameters, from the bases
of its local games (the formulas of a region map's SPE, mixed extreme points on
curves included).

The reduced form's support system does not always fix an SPE: when A stays out of a
subgame in which B mixes, B's mixture is set by A's indifference inside the
subgame, which the whole form's payoffs (all equal for B once A is out) do not
see; on a curve where the subgame has a continuum, its extreme point is a vertex
that no support system determines. Here the SPE's own behaviour is followed
instead. The SPE found at a rational sample point (the listing of backward
induction, whose Kuhn image is the equilibrium asked about) is walked subgame by
subgame from the deepest up in Q(a, b) (spe_critical.symbolic_tree):

- a leaf, a chance node: its payoffs, the expectation;
- a decision node of perfect information: the chosen child's value;
- a local game (its inner subgames cut at their values' formulas): each choosing
  player's mixture is the vertex of its best-response polyhedron that it is at the
  sample, stated by a basis: its support's rows and as many columns tight there,
  non-singular at the sample, solved in Q(a, b). By spe_critical.py's claim, the
  basis stays feasible, tight and non-singular on the sample's whole sign class, so
  the formula is the equilibrium's there. The value: the expected payoffs.

The behaviour (Kuhn: each action's mass over the mass reaching its set) is mapped
to the reduced form's plans (points.kuhn_profile) and checked to equal the
equilibrium at the sample, exactly; None when it does not, or where no formula is
made (three or more players choosing at once). At a sample with irrational
coordinates (a cell on a curve such as a*a = 2) the SPE is found and walked in the
point's number field K (field_spe.py), and the formulas are checked there in K.

sympy is imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..numbers import to_fraction, to_sympy
from .model import CHANCE, DECISION, LEAF, Tree
from .reduced import ReducedForm, reduced_form, reduced_payoffs
from .spe_critical import _action_masses, _basis_rows, _expectation, _payoff_matrix
from .subgames import inner_roots, subgame_roots

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium
    from ..numbers import Exact, SymExpr
    from .induction import Solution
    from .scenario import TreeScenario


class _NoFormula(Exception):
    """This SPE has no formula here (the reason is the class)."""


class TreeFormulas:
    """Formulas of a tree's SPE in the parameters `names` (symbols `syms`, the others
    at `base`), one call per equilibrium at a sample point (the region map's
    `formula_source`); inductions and formulas remembered per sample."""

    def __init__(self, scenario: TreeScenario, names: tuple[str, str],
                 base: Mapping[str, Fraction], syms: Sequence[SymExpr]) -> None:
        import sympy
        from sympy.polys.fields import field

        from .spe_critical import symbolic_tree
        self.scenario, self.names, self.base = scenario, names, dict(base)
        self.syms = tuple(syms)
        self.K, *_ = field(list(self.syms), sympy.QQ)
        self.sym_tree = symbolic_tree(scenario.spec, names, self.base, self.syms, self.K)
        self.solved: dict[tuple[Fraction, Fraction], tuple[Tree, list[Solution]]] = {}
        self.locals: dict[tuple[object, ...], tuple[list[tuple[Any, ...]], tuple[Any, ...],
                                                    tuple[Any, ...]]] = {}
        self.fields: dict[tuple[Exact, Exact], tuple[Any, Tree, list[Solution]]] = {}

    def __call__(self, sample: tuple[Exact, Exact], eq: Equilibrium
                 ) -> dict[str, tuple[object, ...]] | None:
        """{'profile': ..., 'payoffs': ...} (sympy expressions) of `eq`, found at
        `sample`, or None."""
        from ..errors import GameError
        from ..sensitivity.region_algebraic import Refused
        a, b = sample
        try:
            if not (isinstance(a, Fraction) and isinstance(b, Fraction)):
                return self._in_field(a, b, eq)
            tree, sols = self._solutions(a, b)
            for s in sols:
                got = self._formula(tree, s, eq, (a, b))
                if got is not None:
                    return got
        except (_NoFormula, GameError, ArithmeticError, Refused):
            return None
        return None

    def _in_field(self, a: Exact, b: Exact, eq: Equilibrium
                  ) -> dict[str, tuple[object, ...]] | None:
        """The formula of `eq` found at an irrational sample: the SPE walked in the
        point's number field K (field_spe.py's induction), the formulas then checked
        to take the SPE's values at the point, exactly in K."""
        from .field_spe import exact_number
        from .points import kuhn_profile
        key = (a, b)
        if key not in self.fields:
            from ..sensitivity.region_algebraic import point_in_field
            from .field_spe import field_tree
            from .field_subgames import FieldLocalGames
            from .induction import backward_induction
            pt = point_in_field(a, b)
            tree = field_tree(self.scenario, self.names, self.base, pt)
            ind = backward_induction(tree, local=FieldLocalGames(pt.field))
            self.fields[key] = (pt, tree, list(ind.equilibria or ()))
        pt, tree, sols = self.fields[key]
        want = tuple(tuple(p) for p in eq.profile)
        for s in sols:
            numbers = kuhn_profile(self.scenario.form, s)
            if tuple(tuple(exact_number(p) for p in row) for row in numbers) != want:
                continue
            profile, payoffs = self._expressions(tree, s)
            pairs = [*zip((f for row in profile for f in row), (p for row in numbers for p in row)),
                     *zip(payoffs, s.value)]
            if all(_in_field_equal(pt, self.syms, f, p) for f, p in pairs):
                return {"profile": profile, "payoffs": payoffs}
        return None

    def _solutions(self, a: Fraction, b: Fraction) -> tuple[Tree, list[Solution]]:
        from .induction import backward_induction
        key = (a, b)
        if key not in self.solved:
            tree = self.scenario.spec.tree({**self.base, self.names[0]: a,
                                            self.names[1]: b})
            ind = backward_induction(tree)
            self.solved[key] = (tree, list(ind.equilibria or ()))
        return self.solved[key]

    def _formula(self, tree: Tree, s: Solution, eq: Equilibrium,
                 at: tuple[Fraction, Fraction]) -> dict[str, tuple[object, ...]] | None:
        """The formula of solution `s` when its Kuhn image is `eq`, else None."""
        from .points import kuhn_profile
        if kuhn_profile(self.scenario.form, s) != tuple(tuple(p) for p in eq.profile):
            return None
        profile, payoffs = self._expressions(tree, s)
        point = dict(zip(self.syms, (to_sympy(at[0]), to_sympy(at[1]))))
        if any(_value(f, point) != p for row, want in zip(profile, eq.profile)
               for f, p in zip(row, want)) or \
                any(_value(f, point) != p for f, p in zip(payoffs, eq.payoffs)):
            return None
        return {"profile": profile, "payoffs": payoffs}

    def _expressions(self, tree: Tree, s: Solution
                     ) -> tuple[tuple[tuple[Any, ...], ...], tuple[Any, ...]]:
        """The formulas (sympy expressions) of solution `s`'s reduced-form profile and
        of its payoffs."""
        from .points import kuhn_profile
        behaviour, value = self._walk(tree, s)
        prof = kuhn_profile(self.scenario.form, _Behaviour(behaviour))  # type: ignore[arg-type]
        return (tuple(tuple(self.K(p).as_expr() for p in row) for row in prof),
                tuple(self.K(v).as_expr() for v in value))

    def _walk(self, tree: Tree, s: Solution) -> tuple[dict[int, Any], tuple[Any, ...]]:
        """Behaviour formulas at every information set `s` specifies, and the root's
        value formula, subgame by subgame from the deepest up."""
        from .points import kuhn_profile
        sym = self.sym_tree
        roots = subgame_roots(tree)
        root_set = set(roots)
        behaviour = dict(s.behavior)
        out: dict[int, Any] = {}
        num: dict[int, tuple[Any, ...]] = {}
        val: dict[int, tuple[Any, ...]] = {}
        for k, node in enumerate(tree.nodes):
            if node.kind == LEAF:
                num[k], val[k] = node.payoffs, sym.nodes[k].payoffs
        for r in sorted(roots, reverse=True):
            node = tree.nodes[r]
            inner = inner_roots(tree, r, root_set)
            direct = set(inner) == set(node.children)
            if node.kind == CHANCE and direct:
                num[r] = _expectation(node.probs, [num[c] for c in node.children])
                val[r] = _expectation(sym.nodes[r].probs, [val[c] for c in node.children],
                                     self.K.zero)
            elif node.kind == DECISION and direct and \
                    len(tree.infosets[node.infoset].nodes) == 1:
                probs = behaviour[node.infoset]
                assert probs is not None
                c = node.children[[p == 1 for p in probs].index(True)]
                num[r], val[r] = num[c], val[c]
                out[node.infoset] = tuple(self.K(p) for p in probs)
            else:
                stops_num = {k: num[k] for k in inner}
                stops_sym = {k: val[k] for k in inner}
                form = reduced_form(tree, r, stops_num)
                local = kuhn_profile(form, s)
                key = (r, tuple(stops_num.items()), tuple(stops_sym.items()), local)
                if key not in self.locals:      # one local game, many SPE through it
                    P = reduced_payoffs(tree, form, r, stops_num)
                    Q = reduced_payoffs(sym, form, r, stops_sym)
                    mix = self._local(P, Q, local)
                    self.locals[key] = (mix, _expected(P, local, Fraction(0)),
                                        _expected(Q, mix, self.K.zero))
                mix, num[r], val[r] = self.locals[key]
                for i, x in enumerate(mix):
                    out.update(_kuhn(tree, form, i, x, behaviour))
        return out, val[0]

    def _local(self, P: np.ndarray, Q: np.ndarray, local: Sequence[Sequence[Fraction]]
               ) -> list[tuple[Any, ...]]:
        """Each player's mixture in the local game as formulas: constant for a
        player with one plan or playing a pure plan alone; a basis of its vertex
        when two players choose (see the module)."""
        active = [i for i, m in enumerate(P.shape[1:]) if m > 1]
        if len(active) > 2:
            raise _NoFormula("three or more players choose")
        mix = [tuple(self._constant(p) for p in row) if k not in active else ()
               for k, row in enumerate(local)]
        if len(active) == 2:
            i, j = active
            mix[i] = self._vertex(_payoff_matrix(P, j, i, j), _payoff_matrix(Q, j, i, j),
                                  local[i])
            mix[j] = self._vertex(_payoff_matrix(P, i, j, i), _payoff_matrix(Q, i, j, i),
                                  local[j])
        elif active:
            if sum(1 for p in local[active[0]] if p) > 1:
                raise _NoFormula("a lone player's mixture is not an extreme equilibrium")
            mix[active[0]] = tuple(self._constant(p) for p in local[active[0]])
        return mix

    def _constant(self, p: object) -> Any:
        """A probability that does not move in the sample's class (a pure plan's 0 or
        1, a lone plan's 1) as an element of Q(a, b)."""
        if not isinstance(p, (int, Fraction)):
            raise _NoFormula("an irrational probability with no basis to state it")
        return self.K(p)

    def _vertex(self, B: list[list[Fraction]], Bq: list[list[Any]],
                x: Sequence[Fraction]) -> tuple[Any, ...]:
        """The mixer's mixture x (rows) as the solution of a basis: its support and
        as many of the other's best replies against it (columns), non-singular at
        the sample; B at the sample, Bq as formulas."""
        from ..linalg import field_solve
        K = self.K
        rows_in = [k for k, p in enumerate(x) if p]
        pays = [sum((x[k] * B[k][t] for k in rows_in), Fraction(0)) for t in range(len(B[0]))]
        best = [t for t, p in enumerate(pays) if p == max(pays)]
        for cols in itertools.combinations(best, len(rows_in)):
            if _singular(_basis_rows(B, rows_in, cols, Fraction(1), Fraction(0))):
                continue
            det, sol = field_solve(K, _basis_rows(Bq, rows_in, cols, K.one, K.zero))
            if det is None:
                continue
            out = [K.zero] * len(x)
            for k, p in zip(rows_in, sol):
                out[k] = p
            return tuple(out)
        raise _NoFormula("no basis of the vertex is non-singular at the sample")


class _Behaviour:
    """A behaviour map in the shape points.kuhn_profile reads (`behavior` pairs)."""

    def __init__(self, behaviour: Mapping[int, Any]) -> None:
        self.behavior = tuple(behaviour.items())


def _kuhn(tree: Tree, form: ReducedForm, i: int, x: Sequence[Any],
          numeric: Mapping[int, Any]) -> dict[int, Any]:
    """Player i's behaviour at its local information sets under the mixture x of
    its local plans (each action's mass over the mass reaching the set); a set the
    solution leaves without behaviour (not reached by its plans) stays so."""
    out: dict[int, Any] = {}
    for h in form.infosets[i]:
        if numeric.get(h) is None:
            out[h] = None
            continue
        mass = _action_masses(tree, form, i, x, h)
        total = sum(mass[1:], mass[0])
        out[h] = tuple(q / total for q in mass)
    return out


def _expected(P: np.ndarray, mix: Sequence[Sequence[Any]], zero: Any) -> tuple[Any, ...]:
    """Each player's expected payoff in the local game under the mixtures."""
    out = []
    for k in range(P.shape[0]):
        total = zero
        for prof in np.ndindex(*P.shape[1:]):
            w = zero + 1
            for i, j in enumerate(prof):
                w = w * mix[i][j]
            total = total + w * P[(k, *prof)]
        out.append(total)
    return tuple(out)


def _singular(rows: list[list[Fraction]]) -> bool:
    from ..linalg import linear_solve
    n = len(rows)
    got = linear_solve(rows)
    return got is None or bool(got[1]) or len(got[0]) != n


def _in_field_equal(pt: Any, syms: Sequence[Any], f: Any, number: Any) -> bool:
    """The formula f (sympy, in `syms`) takes the tree's number (Fraction or
    FieldElement of the point's field) at the algebraic point `pt`, exactly in K."""
    from ..sensitivity.region_algebraic import value_in
    from ..solvers.algebraic import FieldElement
    K = pt.field
    got = value_in(f, K, {syms[0]: pt.a, syms[1]: pt.b})
    if isinstance(number, FieldElement):
        import flint
        want = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in number.c])
    else:
        want = K.const(Fraction(number))
    return bool((got - want) % K.m == 0)       # m: theta's minimal polynomial


def _value(f: Any, point: Mapping[Any, Any]) -> Fraction:
    return to_fraction(f.subs(point) if getattr(f, "free_symbols", None) else f)
