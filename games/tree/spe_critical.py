"""The polynomials that bound every change of a tree's subgame-perfect equilibria in
two parameters, information sets included (the curves of a tree's region map).

Backward induction (induction.py) lists the SPE subgame by subgame from the deepest
up. Each subgame's solutions depend on the point theta = (a, b) only through
finitely many rational functions of theta, collected here bottom-up over the same
subgames, in the rational function field Q(a, b) (sympy's sparse fields):

- the *candidate values* V_r of a subgame r: a finite set of vectors of rational
  functions holding the value of every solution of r at every point (a superset);
- the polynomials P: the irreducible factors of the numerators and denominators of
  every difference below.

Per kind of subgame root (the dispatch of induction.py):

- leaf: V = {its payoffs};
- chance node whose children are subgames: V = the expectations of one candidate per
  child; nothing is compared;
- decision node of perfect information (mover i): a solution chooses child c with a
  solution s_c there and solutions s_d of the other children with
  s_d[i] <= s_c[i]. P gets v[i] - w[i] for every v in V_c, w in V_d, c != d; V = the
  union of the children's;
- any other subgame (information sets): its *local game* is its reduced form with
  each inner subgame cut at one of its candidate values (every combination). In a
  local game where at most two players i, j have more than one plan, the solutions
  listed are its extreme equilibria: the completely labelled vertex pairs (x, y) of
  the best-response polyhedra {x >= 0, 1'x = 1, x'B <= v} and {y >= 0, 1'y = 1,
  Ay <= u} (B: j's payoffs, A: i's). A vertex is the unique solution of a *basis*:
  s rows I, s columns J, with x_I B_IJ = v 1, sum x_I = 1 (x = 0 off I), of
  non-zero determinant. For every basis of every local game P gets the determinant,
  every x_k (k in I) and every slack v - (x'B)_l (l not in J); and, between bases
  of different local games of one subgame, the difference of their behaviour at
  every information set of the mover (Kuhn: the mass of the plans taking an action
  over the mass of the plans reaching the set). V gets, per pair of bases, the
  equilibrium's payoffs: u for i, v for j (each player earns its best-reply value),
  x'C y for a player k with one plan. With one player choosing, the bases are its
  plans (P: the differences of their values). Three players choosing, two plans
  each: spe_three.py (the N-player normal form's critical polynomials of the local
  game; V gets the rational payoffs of its equilibria in which at most two mix and
  one `Mixed` standing for those in which all three mix, whose payoffs are
  algebraic; a decision above comparing a `Mixed` with a rational candidate puts
  into P the resultant of that comparison with the local game's eliminated system).

**Claim.** On a sign class of P (the points where every polynomial of P has a given
sign) the structure of the SPE listed by backward induction (their supports, with
multiplicities: thresholds.structure) is the same at every point, and each SPE's
probabilities and payoffs are given by one formula. By induction from the deepest
subgame: each solution of a subgame has a *type* (an action at each node of perfect
information, a pair of bases at each local game) and a value that is one of V's
rational functions, the same on the class. A leaf or chance node: by the types
below. A decision node: whether (c, s_c, (s_d)) is a solution is the sign of
s_d[i] - s_c[i], fixed on the class. A local game (its payoffs fixed formulas, by
induction): a basis is non-singular, feasible (x_I >= 0, slacks >= 0) and has its
tight labels (the zero x_k and slacks) by the signs of its polynomials; two feasible
bases give one vertex iff the constraints of one are tight at the other (signs
again); a vertex pair is an equilibrium iff its labels cover every plan (signs).
So the vertices, their labels, their supports and the extreme equilibria are the
same on the class, each equilibrium given by the formulas of its bases. Last, two
SPE become one profile of the whole reduced form (Kuhn's map, points.kuhn_profile)
iff their behaviours agree at every information set that the owner's own play
reaches with positive probability (Kuhn: behaviour is read back from the mixed
strategy there): reach by signs of the probabilities; agreement, for pure
behaviour by type, for mixed behaviour of one local game by the vertex test, of two
local games by the signs of the behaviour differences in P. So the list of reduced
profiles, and their supports, are the same on the class.

Three choosers (spe_three.py's argument): the local game's equilibria keep their
supports where its N-player critical polynomials keep their signs (critical.py's
claim, on which the normal form's maps of three-player games rest too); those in
which at most two mix are vertex pairs of a 2x2 game left by fixing the third
chooser's plan, so the argument above applies to them; those in which all three mix
are finitely many and move continuously on a connected set where the resultants do
not vanish, and no comparison of their payoffs with an option above changes sign
there. So this part is proven on each connected piece of a sign class (the normal
form's three-player argument, multilinear_critical.py, is of the same kind).

Not covered (the map then stays marked incomplete, with the reason): a local game in
which four or more players choose, or three with more than two plans each, or three
whose fully mixed equilibria cannot be eliminated by resultants, or whose choosers
also move outside it, or whose fully mixed payoffs meet anything above it but
decisions of perfect information against rational candidates; payoffs that are not
rational functions of the two parameters, and sizes beyond the limits below.

sympy is imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import CHANCE, DECISION, LEAF, Tree
from .reduced import ReducedForm, reduced_form, reduced_payoffs
from .subgames import inner_roots, subgame_roots

if TYPE_CHECKING:
    from sympy.polys.fields import FracField

    from ..numbers import SymExpr
    from .model import TreeSpec

MAX_VALUES = 400        # candidate value vectors of one subgame
MAX_LOCAL_GAMES = 64    # combinations of inner candidate values at one local game
MAX_PLANS = 6           # plans of a choosing player in a local game (bases grow as 2^m)
MAX_POLYS = 600         # distinct polynomials in all

Vector = tuple[Any, ...]        # elements of Q(a, b) (sympy FracElement), one per player


class TooComplex(Exception):
    """The polynomials were not built (the message says why)."""


@dataclass(frozen=True)
class SpeCritical:
    """The polynomials bounding every change of the SPE set (docstring's claim) when
    `complete`; otherwise those found before `reason` stopped the construction."""

    polys: tuple[SymExpr, ...]
    complete: bool
    reason: str = ""


def spe_critical(spec: TreeSpec, names: Sequence[str], base: Mapping[str, Fraction],
                 symbols: Sequence[SymExpr]) -> SpeCritical:
    """The module's polynomials of `spec` in the parameters `names` (as `symbols`),
    the others at `base`."""
    import sympy
    from sympy.polys.fields import field
    from sympy.polys.polyerrors import CoercionFailed, PolynomialError
    K, *_ = field(list(symbols), sympy.QQ)
    builder = _Builder(K)
    try:
        tree = symbolic_tree(spec, names, base, symbols, K)
        builder.run(tree)
    except (PolynomialError, CoercionFailed, ValueError, ZeroDivisionError):
        return SpeCritical(builder.result(), False, "a payoff or probability is not a "
                           "rational function of the two parameters")
    except TooComplex as exc:
        return SpeCritical(builder.result(), False, str(exc))
    return SpeCritical(builder.result(), True)


def symbolic_tree(spec: TreeSpec, names: Sequence[str], base: Mapping[str, Fraction],
                  symbols: Sequence[SymExpr], K: FracField) -> Tree:
    """The spec's tree (nodes, order, information sets as at `base`) with every payoff
    and chance probability an element of the field K (the parameters `names` as
    `symbols`, the others at `base`)."""
    import sympy

    from .build import walk
    table: dict[str, Any] = {n: sympy.Rational(v.numerator, v.denominator)
                             for n, v in base.items()}
    table.update(zip(names, symbols))
    shape = spec.tree(base)
    nodes = list(shape.nodes)
    for k, (n, _) in enumerate(walk(spec.root)):    # evaluate_tree's preorder
        if n.kind == LEAF:
            nodes[k] = replace(nodes[k], payoffs=tuple(K.from_expr(e.to_sympy(table))
                                                       for e in n.payoffs))
        elif n.kind == CHANCE:
            nodes[k] = replace(nodes[k], probs=tuple(K.from_expr(e.to_sympy(table))
                                                     for e in n.probs))
    return replace(shape, nodes=tuple(nodes))


class _Builder:
    """The bottom-up pass: candidate values per node, polynomials collected."""

    def __init__(self, K: Any) -> None:
        self.K = K
        self.polys: dict[str, Any] = {}
        self.seen: set[Any] = set()         # field elements already factored
        self.systems: list[Any] = []        # three-chooser local games (spe_three)
        self.against: dict[int, list[tuple[int, Any]]] = {}   # their options above

    def result(self) -> tuple[SymExpr, ...]:
        from ..sensitivity.factoring import dedupe
        return tuple(dedupe(self.polys.values()))

    def add(self, x: Any) -> None:
        """The irreducible factors of a field element's numerator and denominator."""
        from ..sensitivity.factoring import field_factors, poly_key
        if x in self.seen:
            return
        self.seen.add(x)
        for f in field_factors(x):
            self.polys.setdefault(poly_key(f), f)
        if len(self.polys) > MAX_POLYS:
            raise TooComplex(f"more than {MAX_POLYS} critical polynomials")

    def run(self, tree: Tree) -> None:
        roots = subgame_roots(tree)
        root_set = set(roots)
        cands: dict[int, list[Vector]] = {k: [tuple(n.payoffs)] for k, n in
                                           enumerate(tree.nodes) if n.kind == LEAF}
        for r in sorted(roots, reverse=True):
            node = tree.nodes[r]
            inner = inner_roots(tree, r, root_set)
            direct = set(inner) == set(node.children)
            if node.kind == DECISION and direct and \
                    len(tree.infosets[node.infoset].nodes) == 1:
                cands[r] = self.decision(node.player, [cands[c] for c in node.children])
            elif node.kind == CHANCE and direct:
                cands[r] = self.chance(node.probs, [cands[c] for c in node.children])
            else:
                cands[r] = self.local(tree, r, inner, cands)
            if len(cands[r]) > MAX_VALUES:
                raise TooComplex(f"the subgame at {node.where} has more than {MAX_VALUES} "
                                 "candidate equilibrium values")
        self.compared()

    def compared(self) -> None:
        """The three-chooser local games' fully mixed payoffs against the options above
        them (spe_three.resultants)."""
        from .spe_three import Unsupported, resultants
        for sid, pairs in self.against.items():
            system, where = self.systems[sid]
            try:
                resultants(system, pairs, self.K, self.add, where)
            except Unsupported as exc:
                raise TooComplex(str(exc)) from None

    def decision(self, i: int, kids: Sequence[list[Vector]]) -> list[Vector]:
        from .spe_three import Mixed
        for c, d in itertools.combinations(range(len(kids)), 2):
            for v in kids[c]:
                for w in kids[d]:
                    if isinstance(v, Mixed) and isinstance(w, Mixed):
                        raise TooComplex(f"the fully mixed equilibria of the subgames at "
                                         f"{v.where} and {w.where} are compared")
                    if isinstance(v, Mixed) or isinstance(w, Mixed):
                        mixed: Any = v if isinstance(v, Mixed) else w
                        other = w if mixed is v else v
                        self.against.setdefault(mixed.system, []).append((i, other[i]))
                    else:
                        self.add(v[i] - w[i])
        return _unique(v for kid in kids for v in kid)

    def chance(self, probs: Sequence[Any], kids: Sequence[list[Vector]]) -> list[Vector]:
        _no_mixed(kids, "a chance node")
        if np.prod([len(k) for k in kids], dtype=float) > MAX_VALUES:
            raise TooComplex(f"a chance node combines more than {MAX_VALUES} candidate "
                             "values")
        return _unique(_expectation(probs, combo, self.K.zero)
                       for combo in itertools.product(*kids))

    def local(self, tree: Tree, r: int, inner: list[int], cands: Mapping[int, list[Vector]]
              ) -> list[Vector]:
        """Every local game of the subgame at r (one per combination of inner
        candidates): its bases' polynomials and its candidate values; then the
        behaviour differences between bases of different local games."""
        where = tree.nodes[r].where
        combos = list(itertools.islice(itertools.product(*(cands[k] for k in inner)),
                                       MAX_LOCAL_GAMES + 1))
        if len(combos) > MAX_LOCAL_GAMES:
            raise TooComplex(f"the subgame at {where} has more than {MAX_LOCAL_GAMES} "
                             "combinations of candidate values below it")
        _no_mixed([cands[k] for k in inner], "a subgame with information sets")
        zero = {k: tuple(self.K.zero for _ in tree.players) for k in inner}
        form = reduced_form(tree, r, zero)
        active = [i for i, m in enumerate(form.shape) if m > 1]
        if len(active) > 2:
            return self.three(tree, form, r, active, inner, combos)
        if any(form.shape[i] > MAX_PLANS for i in active):
            raise TooComplex(f"a player has more than {MAX_PLANS} plans in the subgame "
                             f"at {where}")
        values: list[Vector] = []
        mixed: dict[int, list[tuple[int, tuple[Any, ...]]]] = {i: [] for i in active}
        for g, combo in enumerate(combos):
            P = reduced_payoffs(tree, form, r, dict(zip(inner, combo)))
            vals, sides = self.local_game(P, active)
            values.extend(vals)
            for i, xs in sides.items():
                mixed[i].extend((g, _behaviour(tree, form, i, x)) for x in xs)
        for found in mixed.values():     # Kuhn behaviour of two local games' bases
            for (g, b1), (h, b2) in itertools.combinations(_unique(found), 2):
                if g != h:
                    for p, q in zip(b1, b2):
                        self.add(p - q)
        return _unique(values)

    def three(self, tree: Tree, form: ReducedForm, r: int, active: list[int],
              inner: list[int], combos: list[tuple[Vector, ...]]) -> list[Any]:
        """A local game in which three players choose, two plans each (spe_three)."""
        from .spe_three import Unsupported, applies, local_game
        where = tree.nodes[r].where
        why = applies(tree, form, active, len(combos))
        if why:
            raise TooComplex(f"{why} (in the subgame at {where}): its mixed equilibria are "
                             "not followed there")
        P = reduced_payoffs(tree, form, r, dict(zip(inner, combos[0])))
        try:
            values, system = local_game(P, active, self.K, self.K.symbols, self.vertices,
                                        self.add, where, len(self.systems))
        except Unsupported as exc:
            raise TooComplex(str(exc)) from None
        self.systems.append((system, where))
        return values

    def local_game(self, P: np.ndarray, active: Sequence[int]
                   ) -> tuple[list[Vector], dict[int, list[tuple[Any, ...]]]]:
        """One local game (payoff array, players x plans...): its candidate values and
        each choosing player's basis mixtures (for the behaviour differences)."""
        n = P.shape[0]
        if not active:
            return [tuple(P[(k, *([0] * (n)))] for k in range(n))], {}
        if len(active) == 1:
            i = active[0]
            rows = [tuple(P[(k, *_index(n, {i: s}))] for k in range(n))
                    for s in range(P.shape[1 + i])]
            for u, w in itertools.combinations(rows, 2):
                self.add(u[i] - w[i])
            return _unique(rows), {}
        i, j = active
        A, B = _payoff_matrix(P, i, i, j), _payoff_matrix(P, j, i, j)
        xs = self.vertices(B)                                   # i's mixtures, j's value
        ys = self.vertices([list(col) for col in zip(*A)])      # j's mixtures, i's value
        out = _pair_values(xs, ys, i, j, n, lambda k: _payoff_matrix(P, k, i, j), self.K.zero)
        return _unique(out), {i: [x for x, _ in xs], j: [y for y, _ in ys]}

    def vertices(self, B: list[list[Any]]) -> list[tuple[tuple[Any, ...], Any]]:
        """Every basis of {x >= 0, 1'x = 1, x'B <= v} (rows: the mixer's plans;
        columns: the other's) that is non-singular as a function: its solution
        (x, v), after its determinant, probabilities and slacks joined P."""
        from ..linalg import field_solve
        K = self.K
        m, c = len(B), len(B[0])
        out = []
        for s in range(1, min(m, c) + 1):
            for rows_in in itertools.combinations(range(m), s):
                for J in itertools.combinations(range(c), s):
                    det, sol = field_solve(K, _basis_rows(B, rows_in, J, K.one, K.zero))
                    if det is None:
                        continue
                    self.add(det)
                    x = [K.zero] * m
                    for k, p in zip(rows_in, sol):
                        x[k] = p
                        self.add(p)
                    v = sol[s]
                    for t in range(c):
                        if t not in J:
                            self.add(v - sum((x[k] * B[k][t] for k in rows_in), K.zero))
                    out.append((tuple(x), v))
        return out


def _behaviour(tree: Tree, form: ReducedForm, i: int, x: Sequence[Any]) -> tuple[Any, ...]:
    """Player i's behaviour under the mixture x of its local plans (Kuhn): at each of
    its local information sets, each action's mass over the mass reaching the set
    (the reaching mass alone where it may vanish, so that its sign joins P too)."""
    out: list[Any] = []
    for h in form.infosets[i]:
        mass = _action_masses(tree, form, i, x, h)
        total = sum(mass[1:], mass[0])
        out.append(total)
        if total != 0:
            out.extend(q / total for q in mass)
    return tuple(out)


def _action_masses(tree: Tree, form: ReducedForm, i: int, x: Sequence[Any], h: int
                  ) -> list[Any]:
    """Each action's mass at player i's information set h under the mixture x of its
    local plans."""
    return [sum((p for p, plan in zip(x, form.plans[i]) if plan.get(h) == a), x[0] * 0)
            for a in range(len(tree.infosets[h].actions))]


def _pair_values(xs: Sequence[tuple[Sequence[Any], Any]], ys: Sequence[tuple[Sequence[Any], Any]],
                 i: int, j: int, n: int, matrix: Callable[[int], list[list[Any]]],
                 zero: Any) -> list[tuple[Any, ...]]:
    """The value vector of each vertex pair (x of i, y of j) of a local game where only
    i and j choose: their values as the vertices carry them, every other player k's
    expected payoff x C_k y (`matrix(k)`, i's strategies by j's)."""
    out = []
    for (x, vx), (y, vy) in itertools.product(xs, ys):
        vec = []
        for k in range(n):
            if k == i:
                vec.append(vy)
            elif k == j:
                vec.append(vx)
            else:
                C = matrix(k)
                vec.append(sum((x[s] * C[s][t] * y[t] for s in range(len(C))
                                for t in range(len(C[0]))), zero))
        out.append(tuple(vec))
    return out


def _payoff_matrix(P: np.ndarray, k: int, i: int, j: int) -> list[list[Any]]:
    """Player k's payoffs in a local game (payoff array, players x plans...) with
    player i's plans as rows and j's as columns (the others at their one plan)."""
    n = P.shape[0]
    return [[P[(k, *_index(n, {i: s, j: t}))] for t in range(P.shape[1 + j])]
            for s in range(P.shape[1 + i])]


def _basis_rows(B: Sequence[Sequence[Any]], rows_in: Sequence[int], cols: Sequence[int],
               one: Any, zero: Any) -> list[list[Any]]:
    """A basis's equations x_I B_IJ = v 1 and sum x_I = 1 in the unknowns (x_I, v),
    each row its coefficients then its right-hand side."""
    return [[B[k][t] for k in rows_in] + [-one, zero] for t in cols] + \
        [[one] * len(rows_in) + [zero, one]]


def _expectation(probs: Sequence[Any], values: Sequence[Sequence[Any]],
                zero: Any = Fraction(0)) -> tuple[Any, ...]:
    """The expected value vector of `values` (one vector per outcome) under `probs`."""
    return tuple(sum((p * v[i] for p, v in zip(probs, values)), zero)
                 for i in range(len(values[0])))


def _index(n: int, at: Mapping[int, int]) -> list[int]:
    return [at.get(k, 0) for k in range(n)]


def _no_mixed(kids: Sequence[list[Any]], what: str) -> None:
    """TooComplex when a three-chooser subgame's fully mixed equilibria (spe_three.Mixed)
    would enter `what` (only decisions of perfect information compare them)."""
    from .spe_three import Mixed
    for kid in kids:
        for v in kid:
            if isinstance(v, Mixed):
                raise TooComplex(f"the fully mixed equilibria of the subgame at {v.where} "
                                 f"enter {what} above it (not followed)")


def _unique(items: Any) -> list[Any]:
    return list(dict.fromkeys(items))
