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
    exprs, complete = candidate_expressions(spec, table)
    polys = [_numerator(e) for e in exprs]
    unproven: tuple[str, ...] = ()
    if not spec.tree(base).is_perfect_information():
        more, whole = _reduced_form_polys(spec, name, base)
        polys.extend(more)
        unproven = unproven_subgames(spec.tree(base), whole)
    cands = real_roots_between([p for p in polys if p.has(sym)], sym, lo, hi)
    edges = [lo, *cands, hi]
    samples = [rational_between(a, b) for a, b in itertools.pairwise(edges)]
    cache: dict[Fraction, Induction] = {}

    def solved(x: Fraction) -> Induction:
        if x not in cache:
            cache[x] = backward_induction(spec.tree({**base, name: x}))
        return cache[x]

    def key(x: Fraction) -> Any:
        return _key(spec.tree({**base, name: x}), solved(x))

    side = [key(s) for s in samples]
    kept = changes_at(cands, side, key)
    thresholds = tuple(cands[k] for k in kept)
    tedges = [lo, *thresholds, hi]
    intervals = []
    for a, b in itertools.pairwise(tedges):
        v = base[name]
        x = v if _lt(a, v) and _lt(v, b) else rational_between(a, b)
        tree = spec.tree({**base, name: x})
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
    decision node; `complete` is False when a subtree had too many values."""
    import sympy
    flat = [n for n, _ in walk(spec.root)]
    index = {id(n): k for k, n in enumerate(flat)}
    vals: dict[int, list[tuple[Any, ...]]] = {}
    complete = True
    out: dict[str, Any] = {}
    for k in range(len(flat) - 1, -1, -1):
        n = flat[k]
        kids = [vals[index[id(c)]] for c in n.children]
        if n.kind == LEAF:
            vals[k] = [tuple(e.to_sympy(table) for e in n.payoffs)]
            continue
        if n.kind == CHANCE:
            probs = [p.to_sympy(table) for p in n.probs]
            combos = itertools.islice(itertools.product(*kids), MAX_VALUES + 1)
            got = [tuple(sympy.expand(sum(p * v[i] for p, v in zip(probs, combo)))
                         for i in range(len(spec.players))) for combo in combos]
        else:
            i = n.player
            for a, b in itertools.combinations(range(len(kids)), 2):
                for v in kids[a]:
                    for w in kids[b]:
                        d = sympy.expand(v[i] - w[i])
                        if d.free_symbols:
                            out.setdefault(str(d), d)
            got = [v for kid in kids for v in kid]
        uniq = list({str(v): v for v in got}.values())
        if len(uniq) > MAX_VALUES:
            complete = False
            uniq = uniq[:MAX_VALUES]
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
        for k in range(len(tree.nodes) - 1, -1, -1):
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
