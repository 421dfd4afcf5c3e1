"""Thresholds on trees: the parameter values at which the subgame-perfect
equilibria change, the equilibrium values as formulas on each interval, and the
answer-first verdicts ("Russia's act_alone at /diplomacy is credible when
moscow_patience < 2").

Critical expressions (DESIGN.md sections 1 and 7): backward induction compares, at a
node of player i, continuation values of different actions. Each continuation value
is a pure-plan value of the subtree (a leaf's payoff, or the expectation over a chance
node of one value per branch), so the differences `v_i - w_i` between the pure-plan
values of two different children of every decision node are a superset of the
places where a comparison can flip. Their real roots inside the range are the
candidates; the tree is solved exactly on every open piece and at every rational
candidate, and a candidate is kept where the answer differs (`changes_at`, shared
with the normal-form thresholds). For a tree with imperfect-information subgames the
candidates add the whole reduced form's critical polynomials; the thresholds are
complete when every such subgame meets the conditions of `unproven_subgames`, and the
result names each subgame that does not (`unproven`, complete=False).
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import Exact, SymExpr, exact_str, sympy_table, to_float
from ..sensitivity.symbolic import make_symbols
from ..sensitivity.roots import rational_between, real_roots_between
from ..sensitivity.thresholds import changes_at, threshold_header
from .build import walk
from .induction import Induction, backward_induction
from .model import CHANCE, DECISION, LEAF, Tree, TreeSpec

if TYPE_CHECKING:
    from ..model import Game

MAX_VALUES = 400            # pure-plan values kept per subtree for the candidates


@dataclass(frozen=True)
class TreeInterval:
    """An open interval of the parameter with its subgame-perfect equilibria."""

    lo: Exact
    hi: Exact
    sample: Fraction
    pure_count: int
    choices: Mapping[tuple[str, str], frozenset[str]]     # (player, set) -> SPE actions
    paths: tuple[tuple[str, ...], ...]
    formulas: tuple[tuple[str, ...], ...]                 # SPE payoffs in the parameter


@dataclass(frozen=True)
class TreeSensitivity:
    """How the subgame-perfect equilibria depend on one ranged parameter."""

    parameter: str
    range: tuple[Fraction, Fraction]
    value: Fraction
    thresholds: tuple[Exact, ...]
    intervals: tuple[TreeInterval, ...]
    verdicts: tuple[str, ...]
    complete: bool = True
    unproven: tuple[str, ...] = ()      # where completeness is not established, and why

    def to_dict(self, game: Game | None = None) -> dict:
        return {
            **threshold_header(self.parameter, self.range, self.value, self.thresholds),
            "intervals": [{
                "from": exact_str(iv.lo), "to": exact_str(iv.hi),
                "sample": exact_str(iv.sample), "pure_count": str(iv.pure_count),
                "paths": [list(p) for p in iv.paths],
                "payoff_formulas": [list(f) for f in iv.formulas],
                "choices": [{"player": p, "at": h, "actions": sorted(a)}
                            for (p, h), a in iv.choices.items()],
            } for iv in self.intervals],
            "verdicts": list(self.verdicts),
            "complete": self.complete,
            "unproven": list(self.unproven),
        }


def tree_sensitivity(spec: TreeSpec, values: Mapping[str, Fraction] | None = None
                     ) -> list[TreeSensitivity]:
    """Subgame-perfect thresholds for every parameter with a range."""
    base = {**spec.baseline, **dict(values or {})}
    return [parameter_thresholds(spec, name, base)
            for name, p in spec.parameters.items() if p.range is not None]


def parameter_thresholds(spec: TreeSpec, name: str, base: Mapping[str, Fraction]
                         ) -> TreeSensitivity:
    lo, hi = spec.parameters[name].range  # type: ignore[misc]
    sym = make_symbols([name])[0]
    table = _table(spec, base, name, sym)
    polys, complete = candidate_polynomials(spec, table, (lo, hi))
    unproven: tuple[str, ...] = ()
    if not spec.tree(base).is_perfect_information():
        more, whole = _reduced_form_polys(spec, name, base)
        polys.extend(more)
        unproven = unproven_subgames(spec.tree(base), whole)
    cands = real_roots_between([p for p in polys if p.has(sym)], sym, lo, hi)
    edges = [lo, *cands, hi]
    samples = [rational_between(a, b) for a, b in itertools.pairwise(edges)]
    cache: dict[Fraction, Induction] = {}
    trees: dict[Fraction, Tree] = {}

    def tree_at(x: Fraction) -> Tree:
        if x not in trees:
            trees[x] = spec.tree({**base, name: x})
        return trees[x]

    def solved(x: Fraction) -> Induction:
        if x not in cache:
            cache[x] = backward_induction(tree_at(x))
        return cache[x]

    def key(x: Fraction) -> Any:
        return _key(tree_at(x), solved(x))

    side = [key(s) for s in samples]
    kept = changes_at(cands, side, key)
    thresholds = tuple(cands[k] for k in kept)
    tedges = [lo, *thresholds, hi]
    intervals = []
    for a, b in itertools.pairwise(tedges):
        v = base[name]
        x = v if _lt(a, v) and _lt(v, b) else rational_between(a, b)
        tree = tree_at(x)
        ind = solved(x)
        intervals.append(TreeInterval(a, b, x, ind.pure_count, _choices(tree, ind),
                                      _paths(tree, ind), _formulas(spec, tree, ind, table)))
    verdicts = _verdicts(name, intervals)
    return TreeSensitivity(name, (lo, hi), base[name], thresholds, tuple(intervals),
                           verdicts, complete and not unproven, unproven)


def _reduced_form_polys(spec: TreeSpec, name: str, base: Mapping[str, Fraction]
                        ) -> tuple[list[Any], bool]:
    """With imperfect information, also the critical polynomials of the whole reduced
    strategic form (pure deviations and support systems; the normal-form machinery),
    and whether its support enumeration was complete."""
    from ..errors import GameError
    from ..sensitivity.critical import critical
    from .scenario import TreeScenario
    try:
        crit = critical(TreeScenario(spec).as_scenario(), [name], base)
    except (GameError, ZeroDivisionError, ValueError):
        return [], False
    return list(crit.polys), crit.complete


def unproven_subgames(tree: Tree, whole_complete: bool) -> tuple[str, ...]:
    """The imperfect-information subgames whose equilibrium changes the candidates are
    not proven to contain, each with the reason ('' none: the thresholds are complete).

    A subgame solved through its reduced form (a local game) changes its equilibria only
    at zeros of its own critical polynomials (pure deviations and support systems).
    Those are among the whole reduced form's when (i) every subgame inside it is of
    perfect information, so its payoffs are pure-plan values of the whole form, and
    (ii) the whole form's support enumeration was complete. Its equilibrium values,
    mixed ones included, are then compared by nobody when (iii) no decision node lies
    above it (chance nodes only average them). Where one of these fails, the subgame is
    named here."""
    from .subgames import subgame_roots
    roots = subgame_roots(tree)
    local = [r for r in roots if not _simple(tree, r, set(roots))]
    out = []
    for r in local:
        node = tree.nodes[r]
        why = []
        if any(q != r and r < q < node.end for q in local):
            why.append("it holds another imperfect-information subgame")
        k = node.parent
        while k >= 0 and tree.nodes[k].kind != DECISION:
            k = tree.nodes[k].parent
        if k >= 0:
            why.append(f"the player at {tree.nodes[k].where} compares its equilibrium values")
        if not whole_complete:
            why.append("the reduced form has too many support profiles to enumerate")
        if why:
            out.append(f"the subgame at {node.where} ({'; '.join(why)})")
    return tuple(out)


def _simple(tree: Tree, r: int, roots: set[int]) -> bool:
    """A subgame root that backward induction handles without a local game: a single-
    node information set or a chance node, each child a subgame root or a leaf."""
    from .subgames import inner_roots
    node = tree.nodes[r]
    if set(inner_roots(tree, r, roots)) != set(node.children):
        return False
    return node.kind == CHANCE or (node.kind == DECISION and
                                   len(tree.infosets[node.infoset].nodes) == 1)


def _lt(a: Exact, b: Exact) -> bool:
    return bool(to_float(a) < to_float(b)) if not (isinstance(a, Fraction) and
                                                   isinstance(b, Fraction)) else a < b


def _table(spec: TreeSpec, base: Mapping[str, Fraction], name: str, sym: Any) -> dict:
    table: dict[str, Any] = sympy_table(base)
    table[name] = sym
    return table


def _numerator(e: Any) -> Any:
    import sympy
    return sympy.numer(sympy.together(sympy.expand(e)))


def candidate_expressions(spec: TreeSpec, table: Mapping[str, SymExpr]
                          ) -> tuple[list[SymExpr], bool]:
    """Differences of the mover's pure-plan values between two children, at every
    decision node; `complete` is False when a subtree had too many values.

    The pairs compared grow with the square of a chain's depth (each node's stop value
    against every value below it), so with one free parameter and polynomial payoffs
    and probabilities the values are exact flint polynomials (a difference costs
    microseconds, not sympy's expand and printing: a 300-level chain took 10 s)."""
    sym, found, complete = _differences(spec, table)
    if sym is None:
        return found, complete
    return [_as_sympy(d, sym) for d in found], complete


def candidate_polynomials(spec: TreeSpec, table: Mapping[str, SymExpr],
                          window: tuple[Fraction, Fraction]) -> tuple[list[SymExpr], bool]:
    """The numerators of candidate_expressions, less those of degree one whose root
    lies outside the open `window` (a deep chain's pairs give hundreds of them)."""
    sym, found, complete = _differences(spec, table)
    if sym is None:
        return [_numerator(e) for e in found], complete
    lo, hi = window
    inside = [d for d in found if d.degree() != 1 or lo < -_fraction(d.coeffs()[0]) < hi]
    return [_as_sympy(d, sym) for d in inside], complete


def _differences(spec: TreeSpec, table: Mapping[str, SymExpr]
                 ) -> tuple[Any, list[Any], bool]:
    """candidate_expressions' differences: (the symbol, monic flint polynomials, complete)
    when the fast path applies, else (None, sympy expressions, complete)."""
    flat = [n for n, _ in walk(spec.root)]
    fast = _flint_leaves(flat, table)
    if fast is None:
        found, complete = _pairwise(spec, flat, _SympyValues(table))
        return None, found, complete
    sym, leaves = fast
    found, complete = _pairwise(spec, flat, _FlintValues(leaves))
    return sym, found, complete


def _fraction(c: Any) -> Fraction:
    """A flint rational as a Fraction."""
    return Fraction(int(c.p), int(c.q))


def _as_sympy(d: Any, sym: Any) -> SymExpr:
    """A flint polynomial over Q as a sympy one with integer coefficients (the same
    roots: its numerator)."""
    import sympy
    return sympy.Add(*(sympy.Integer(int(c)) * sym ** e
                       for e, c in enumerate(d.numer().coeffs())))


class _SympyValues:
    """Pure-plan values as sympy expressions, keyed by themselves (structurally)."""

    def __init__(self, table: Mapping[str, SymExpr]) -> None:
        self.table = table

    def leaf(self, n: Any) -> tuple[Any, ...]:
        return tuple(e.to_sympy(self.table) for e in n.payoffs)

    def probs(self, n: Any) -> list[Any]:
        return [p.to_sympy(self.table) for p in n.probs]

    def mean(self, probs: Sequence[Any], values: Sequence[Any]) -> Any:
        import sympy
        return sympy.expand(sum(p * v for p, v in zip(probs, values)))

    def difference(self, a: Any, b: Any) -> tuple[Any, Any] | None:
        import sympy
        d = sympy.expand(a - b)
        return (d, d) if d.free_symbols else None

    def key(self, value: Any) -> Any:
        return value


class _FlintValues:
    """Pure-plan values as flint polynomials over Q in the one free parameter, keyed by
    their coefficients; leaves and chance probabilities converted once (`leaves`)."""

    def __init__(self, leaves: Mapping[int, tuple[Any, ...]]) -> None:
        self.converted = leaves

    def leaf(self, n: Any) -> tuple[Any, ...]:
        return self.converted[id(n)]

    def probs(self, n: Any) -> list[Any]:
        return list(self.converted[id(n)])

    def mean(self, probs: Sequence[Any], values: Sequence[Any]) -> Any:
        total = probs[0] * values[0]
        for p, v in zip(probs[1:], values[1:]):
            total += p * v
        return total

    def difference(self, a: Any, b: Any) -> tuple[Any, Any] | None:
        """a - b made monic (the same roots; (k - j) x in a chain counted once)."""
        d = a - b
        if d.degree() < 1:
            return None
        d /= d.coeffs()[-1]
        return tuple(d.coeffs()), d

    def key(self, value: Any) -> Any:
        return tuple(value.coeffs())


def _flint_leaves(flat: Sequence[Any], table: Mapping[str, SymExpr]
                  ) -> tuple[Any, dict[int, tuple[Any, ...]]] | None:
    """With one free symbol in `table`: it, and every leaf's payoffs and chance node's
    probabilities as flint polynomials in it (by node id); None when any is not a
    polynomial with rational coefficients as written (or more symbols are free)."""
    import sympy
    free = [v for v in table.values() if isinstance(v, sympy.Symbol)]
    if len(free) != 1:
        return None
    out: dict[int, tuple[Any, ...]] = {}
    for n in flat:
        exprs = n.payoffs if n.kind == LEAF else n.probs if n.kind == CHANCE else ()
        polys = tuple(_flint_poly(e, table, free[0]) for e in exprs)
        if any(q is None for q in polys):
            return None
        out[id(n)] = polys
    return free[0], out


def _flint_poly(e: Any, table: Mapping[str, SymExpr], sym: Any) -> Any:
    """An expression as a flint polynomial over Q in `sym` (the other names' values
    from `table`), or None: a function call, a division by a non-constant or zero, a
    power other than by a small natural number."""
    import flint
    from ..expressions.nodes import BinOp, Name, Neg, Num, Sum
    if isinstance(e, Num):
        return flint.fmpq_poly([flint.fmpq(e.value.numerator, e.value.denominator)])
    if isinstance(e, Name):
        v: Any = table.get(e.name)
        if v is sym:
            return flint.fmpq_poly([0, 1])
        return flint.fmpq_poly([flint.fmpq(int(v.p), int(v.q))]) if getattr(
            v, "is_Rational", False) else None
    if isinstance(e, Neg):
        a = _flint_poly(e.operand, table, sym)
        return None if a is None else -a
    if isinstance(e, Sum):
        terms = [_flint_poly(t, table, sym) for t in e.terms]
        if any(t is None for t in terms):
            return None
        return sum(terms, flint.fmpq_poly([]))
    if not isinstance(e, BinOp):
        return None
    a, b = _flint_poly(e.left, table, sym), _flint_poly(e.right, table, sym)
    if a is None or b is None:
        return None
    if e.op in ("+", "-", "*"):
        return a + b if e.op == "+" else a - b if e.op == "-" else a * b
    if b.degree() != 0:                 # x / 0, x / y, x ** y: left to sympy
        return None
    c = b.coeffs()[0]
    if e.op == "/":
        return a / c
    if c.q != 1 or not 0 <= c.p <= 64:
        return None
    return a ** int(c.p)


def _pairwise(spec: TreeSpec, flat: Sequence[Any], ops: Any) -> tuple[list[Any], bool]:
    """The differences of candidate_expressions, with values in `ops`' arithmetic. Each
    subtree's distinct values are a dict by key, so a parent merges its children's
    without hashing their values again."""
    index = {id(n): k for k, n in enumerate(flat)}
    vals: dict[int, dict[Any, tuple[Any, ...]]] = {}
    complete = True
    out: dict[Any, Any] = {}
    players = range(len(spec.players))
    for k in range(len(flat) - 1, -1, -1):
        n = flat[k]
        kids = [list(vals[index[id(c)]].values()) for c in n.children]
        uniq: dict[Any, tuple[Any, ...]] = {}
        if n.kind == LEAF:
            v = ops.leaf(n)
            vals[k] = {tuple(ops.key(x) for x in v): v}
            continue
        if n.kind == CHANCE:
            probs = ops.probs(n)
            for combo in itertools.islice(itertools.product(*kids), MAX_VALUES + 1):
                v = tuple(ops.mean(probs, [w[i] for w in combo]) for i in players)
                uniq.setdefault(tuple(ops.key(x) for x in v), v)
        else:
            i = n.player
            for a, b in itertools.combinations(range(len(kids)), 2):
                for v in kids[a]:
                    for w in kids[b]:
                        d = ops.difference(v[i], w[i])
                        if d is not None:
                            out.setdefault(d[0], d[1])
            for c in n.children:
                uniq.update(vals[index[id(c)]])
        if len(uniq) > MAX_VALUES:
            complete = False
            uniq = dict(itertools.islice(uniq.items(), MAX_VALUES))
        vals[k] = uniq
    return list(out.values()), complete


def _key(tree: Tree, ind: Induction) -> Any:
    """What 'the subgame-perfect equilibria' means for comparisons."""
    if ind.equilibria is None:
        return (ind.pure_count, len(ind.root_values))
    # supports, not probabilities: a mixed SPE whose probabilities move with the
    # parameter is the same structure (as for the normal-form thresholds)
    return (ind.pure_count, tuple(sorted(
        (s.pure, tuple((h, None if p is None else tuple(j for j, x in enumerate(p) if x != 0))
                       for h, p in s.behavior)) for s in ind.equilibria)))


def _choices(tree: Tree, ind: Induction) -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    if ind.equilibria is not None:
        for s in ind.equilibria:
            for h, probs in s.behavior:
                if probs is None:
                    continue
                info = tree.infosets[h]
                acts = {a for a, p in zip(info.actions, probs) if p != 0}
                out.setdefault((tree.players[info.player], info.name), set()).update(acts)
    else:
        for k, step in ind.steps.items():
            node = tree.nodes[k]
            if step.kind == "decision":
                info = tree.infosets[node.infoset]
                out.setdefault((tree.players[node.player], info.name), set()).update(
                    node.actions[a] for a in step.chosen)
    return {k: frozenset(v) for k, v in out.items()}


def _paths(tree: Tree, ind: Induction) -> tuple[tuple[str, ...], ...]:
    from .analysis import play_path
    if ind.equilibria is None:
        return ()
    return tuple(dict.fromkeys(tuple(play_path(tree, dict(s.behavior)))
                               for s in ind.equilibria))


def _formulas(spec: TreeSpec, tree: Tree, ind: Induction, table: Mapping[str, Any]
              ) -> tuple[tuple[str, ...], ...]:
    """Each pure SPE's payoffs as formulas in the parameter (valid on the interval)."""
    import sympy
    if ind.equilibria is None:
        return ()
    flat = [n for n, _ in walk(spec.root)]
    out = []
    for s in ind.equilibria:
        if not s.pure:
            continue
        beh = dict(s.behavior)
        vals: dict[int, tuple[Any, ...]] = {}
        for k in sorted(_reached(tree, beh), reverse=True):
            node, sn = tree.nodes[k], flat[k]
            if node.kind == LEAF:
                vals[k] = tuple(e.to_sympy(table) for e in sn.payoffs)
            elif node.kind == CHANCE:
                probs = [p.to_sympy(table) for p in sn.probs]
                vals[k] = tuple(sum(p * vals[c][i] for p, c in zip(probs, node.children))
                                for i in range(tree.n_players))
            else:
                chosen = beh[node.infoset] or ()
                a = next(j for j, p in enumerate(chosen) if p != 0)
                vals[k] = vals[node.children[a]]
        out.append(tuple(str(sympy.simplify(v)) for v in vals[0]))
    return tuple(dict.fromkeys(out))


def _reached(tree: Tree, beh: Mapping[int, Any]) -> list[int]:
    """The nodes a pure profile's play reaches with positive probability or through
    chance: the only ones its payoffs depend on (not the whole tree per equilibrium)."""
    out, stack = [], [0]
    while stack:
        k = stack.pop()
        out.append(k)
        node = tree.nodes[k]
        if node.kind == CHANCE:
            stack.extend(node.children)
        elif node.kind == DECISION:
            chosen = beh[node.infoset] or ()
            stack.append(node.children[next(j for j, p in enumerate(chosen) if p != 0)])
    return out


def _verdicts(name: str, intervals: Sequence[TreeInterval]) -> tuple[str, ...]:
    """For every choice that is subgame perfect on some intervals but not all: where."""
    if len(intervals) < 2:
        return ()
    keys = list(dict.fromkeys(k for iv in intervals for k in iv.choices))
    out = []
    for player, at in keys:
        acts = list(dict.fromkeys(a for iv in intervals for a in iv.choices.get((player, at), ())))
        for a in acts:
            where = [a in iv.choices.get((player, at), ()) for iv in intervals]
            if all(where) or not any(where):
                continue
            out.append(f"{player}'s {a} at {at} is credible (subgame perfect) when "
                       f"{_describe(name, intervals, where)}")
    return tuple(out)


def _describe(name: str, intervals: Sequence[TreeInterval], where: Sequence[bool]) -> str:
    """'x < 2', 'x > 3', '2 < x < 3', joined by 'or'."""
    parts = []
    k = 0
    while k < len(where):
        if not where[k]:
            k += 1
            continue
        j = k
        while j + 1 < len(where) and where[j + 1]:
            j += 1
        lo_open = k > 0
        hi_open = j < len(where) - 1
        a, b = exact_str(intervals[k].lo), exact_str(intervals[j].hi)
        if lo_open and hi_open:
            parts.append(f"{a} < {name} < {b}")
        elif hi_open:
            parts.append(f"{name} < {b}")
        elif lo_open:
            parts.append(f"{name} > {a}")
        k = j + 1
    return " or ".join(parts)
