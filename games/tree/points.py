"""A tree's answer at other parameter values: its subgame-perfect equilibria as an
`EquilibriumSet` of the reduced strategic form, so that sweeps, Monte Carlo runs and
comparisons on a tree report the SPE set (the tree's answer), not the Nash set of its
reduced form, and render, serialise and plot as they do for matrices.

A behaviour strategy becomes a mixed strategy over reduced plans by Kuhn's map: a
plan's probability is the product of the behaviour probabilities of the actions it
names. Several SPE that differ only where their own earlier choices exclude play map
to one reduced profile and are listed once. Every profile is checked exactly to be a
Nash equilibrium of the reduced form.

`tree_sample_classes` groups sample points by the signs of the tree's critical
expressions (the differences of the mover's pure-plan values between two children,
at every decision node): on a perfect-information tree the SPE set's structure is the
same at every point of a class, so one exact solve per class suffices; points on a
critical surface are solved on their own. With imperfect information (subgames solved
through their reduced form) the grouping is not proven, and every point is solved.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..equilibrium import Equilibrium, EquilibriumSet, sort_equilibria
from ..errors import GameError
from ..model import Game
from ..sensitivity.factoring import dedupe
from .induction import Solution, backward_induction
from .reduced import ReducedForm

if TYPE_CHECKING:
    from ..numbers import Exact, SymExpr
    from ..sensitivity.compare import Comparison
    from ..sensitivity.montecarlo import MonteCarloResult
    from ..sensitivity.region_map import RegionMap
    from ..scenario.model import Scenario
    from ..sensitivity.sweep import SweepResult
    from .field_spe import TreeFieldEquilibria
    from .spe_formulas import TreeFormulas
    from .model import TreeSpec
    from .scenario import TreeScenario

METHOD = "backward induction (subgame-perfect equilibria)"


def spe_set(game: Game) -> EquilibriumSet:
    """The subgame-perfect equilibria of `game.tree` as equilibria of its reduced form.

    Lists every pure SPE (and the mixed ones that ties in simultaneous-move subgames
    produce); when there are too many to list, the set is marked incomplete."""
    tree = game.tree
    if tree is None:
        raise GameError("subgame-perfect equilibria need a game tree")
    form: ReducedForm = game.scenario.form      # type: ignore[union-attr]
    ind = backward_induction(tree)
    notes = list(ind.notes)
    if ind.ties:
        where = ", ".join(tree.nodes[k].where for k in ind.ties)
        notes.append(f"ties at {where}: every mixture of the tied optimal actions is also "
                     "subgame perfect; the pure ones are listed")
    if ind.equilibria is None:
        return EquilibriumSet((), METHOD, complete=False, notes=(
            *notes, f"{ind.pure_count} pure subgame-perfect equilibria: too many to list"),
            players=tuple(game.players))
    seen: dict[tuple[tuple[Fraction, ...], ...], Equilibrium] = {}
    for s in ind.equilibria:
        profile = kuhn_profile(form, s)
        if profile not in seen:
            seen[profile] = Equilibrium(profile, tuple(s.value), players=tuple(game.players))
    eqs = _checked(game, list(seen.values()))
    return EquilibriumSet(tuple(sort_equilibria(eqs)), METHOD, degenerate=bool(ind.ties),
                          notes=tuple(notes), players=tuple(game.players))


def kuhn_profile(form: ReducedForm, s: Solution) -> tuple[tuple[Fraction, ...], ...]:
    """Each player's probabilities over its reduced plans under behaviour `s` (an
    information set without behaviour, never reached by the player's own play, counts
    as probability 0: a plan through it already has a zero factor before it)."""
    behavior = dict(s.behavior)
    out = []
    for plans in form.plans:
        probs = []
        for plan in plans:
            p = Fraction(1)
            for h, a in plan.items():
                b = behavior.get(h)
                p *= b[a] if b is not None else Fraction(0)
            probs.append(p)
        out.append(tuple(probs))
    return tuple(out)


def _checked(game: Game, eqs: Sequence[Equilibrium]) -> list[Equilibrium]:
    """Every profile a distribution and a Nash equilibrium of the reduced form, exactly."""
    from ..solvers.verify import check_equilibrium
    for e in eqs:
        ok = all(sum(p) == 1 for p in e.profile) and check_equilibrium(game, e.profile).ok
        if not ok:
            raise AssertionError(f"a subgame-perfect equilibrium failed the exact check: {e}")
    return list(eqs)


def tree_critical(spec: TreeSpec, names: Sequence[str], base: Mapping[str, Fraction]
                  ) -> tuple[list[SymExpr], list[SymExpr], bool]:
    """The tree's critical polynomials in the parameters `names` (others at `base`),
    their symbols, and whether they are proven to bound the SPE set's changes (a
    perfect-information tree whose pure-plan values were all kept)."""
    from ..sensitivity.symbolic import make_symbols
    from .sensitivity import _numerator, candidate_expressions
    import sympy
    symbols = make_symbols(list(names))
    table: dict[str, Any] = {n: sympy.Rational(v.numerator, v.denominator)
                             for n, v in base.items()}
    table.update(zip(names, symbols))
    exprs, complete = candidate_expressions(spec, table)
    polys = [p for p in (_numerator(e) for e in exprs) if p.free_symbols & set(symbols)]
    return polys, list(symbols), complete and spec.tree(base).is_perfect_information()


def tree_regions(scenario: Scenario | TreeScenario, names: Sequence[str],
                 values: Mapping[str, Fraction] | None = None) -> RegionMap:
    """The exact region map of a tree in two ranged parameters by its subgame-perfect
    equilibria: the plane is cut by polynomials proven to bound every change of the
    SPE set (a perfect-information tree: `tree_critical`; with information sets:
    spe_critical.py, the local games' bases composed bottom-up) and each sign class
    is solved by backward induction (`spe_set`; at a class whose points are all
    irrational, in the point's number field: field_spe.py). Where spe_critical.py
    cannot build its polynomials (three players choosing at once in a subgame,
    limits), the tree's and the reduced form's Nash critical polynomials are used
    instead and the map is marked incomplete, with the reason."""
    from dataclasses import replace

    from ..sensitivity.regions import regions
    from .field_spe import field_spe
    from .spe_critical import spe_critical
    from .spe_formulas import TreeFormulas
    tree_scenario = _tree_scenario(scenario)
    spec = tree_scenario.spec
    reasons: list[str] = []

    def source(pair: tuple[str, str], base: Mapping[str, Fraction], syms: tuple[Any, ...]
               ) -> tuple[list[Any], bool]:
        from ..sensitivity.critical import NotRational
        polys, complete = curves(pair, base, syms)
        if not all(p.is_polynomial(*syms) for p in polys):    # a parameter in an
            raise NotRational(", ".join(pair))      # exponent: regions() says so
        return polys, complete

    def curves(pair: tuple[str, str], base: Mapping[str, Fraction], syms: tuple[Any, ...]
               ) -> tuple[list[Any], bool]:
        if not spec.tree(base).is_perfect_information():
            found = spe_critical(spec, pair, base, syms)
            if found.complete:      # the tree's pure-plan curves are not needed
                return list(found.polys), True
        polys, symbols, proven = tree_critical(spec, pair, base)
        rename: dict[Any, Any] = dict(zip(symbols, syms))
        polys = [p.xreplace(rename) for p in polys]
        if spec.tree(base).is_perfect_information():
            if not proven:
                reasons.append("a subtree has too many pure-plan values")
            return polys, proven
        reasons.append(found.reason)    # information sets, not covered: also where
        crit = _nash_critical(tree_scenario, pair, base)    # the reduced form's Nash
        return dedupe([*polys, *found.polys, *(p.xreplace(rename) for p in crit)]), False

    def at_point(pair: tuple[str, str], base: Mapping[str, Fraction], a: Exact, b: Exact
                 ) -> TreeFieldEquilibria:
        return field_spe(tree_scenario, pair, base, a, b)

    def formulas(pair: tuple[str, str], base: Mapping[str, Fraction], syms: tuple[Any, ...]
                 ) -> TreeFormulas | None:
        from sympy.polys.polyerrors import CoercionFailed, PolynomialError
        if spec.tree(base).is_perfect_information():
            return None         # every SPE pure: the support systems state them
        try:
            return TreeFormulas(tree_scenario, pair, base, syms)
        except (CoercionFailed, PolynomialError, ValueError, ZeroDivisionError):
            return None         # not rational in the parameters: support systems only

    out = regions(tree_scenario, names, values, solver=spe_set,  # type: ignore[arg-type]
                  critical_source=source, field_solver=at_point,
                  formula_source=formulas)
    note = ("regions of the subgame-perfect equilibria (backward induction in each sign "
            "class of the tree's critical polynomials); at ties the pure ones are listed")
    if reasons:
        note += ("; the curves are not proven to bound every change of the subgame-"
                 "perfect equilibria (" + "; ".join(dict.fromkeys(reasons)) + ")")
        out = replace(out, complete=False)
    return replace(out, notes=(*out.notes, note))


def _nash_critical(scenario: TreeScenario, pair: tuple[str, str],
                   base: Mapping[str, Fraction]) -> list[SymExpr]:
    """The critical polynomials of the reduced form's Nash equilibria (support
    enumeration over the reduced form; none when it is too complex), in
    `make_symbols(pair)`: where spe_critical.py does not apply, they hold a
    subgame's mixed value tying with an option above it and a mover's average
    indifference at an information set, which the tree's own curves miss."""
    from ..sensitivity.critical import NotRational, TooComplex, critical
    try:
        return list(critical(scenario.as_scenario(), list(pair), base).polys)
    except (NotRational, TooComplex):
        return []


def tree_sample_classes(spec: TreeSpec, names: Sequence[str], base: Mapping[str, Fraction],
                        arrays: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Sample points (float coordinates, one array per name) grouped so that one exact
    solve per group gives every point's SPE structure: by critical signs on a perfect-
    information tree (each point on a critical surface alone), else one point each."""
    n = len(arrays[0]) if arrays else 0
    polys, symbols, proven = tree_critical(spec, names, base)
    if not proven:
        return [np.array([k]) for k in range(n)]
    if not polys:
        return [np.arange(n)]
    from ..sensitivity.signs import evaluate_all, sign_matrix
    signs, near = sign_matrix(evaluate_all(polys, symbols, list(arrays)))
    groups: dict[bytes, list[int]] = {}
    alone: list[np.ndarray] = []
    for k in range(n):
        if near[k]:
            alone.append(np.array([k]))
        else:
            groups.setdefault(signs[:, k].tobytes(), []).append(k)
    return [np.array(v) for v in groups.values()] + alone


def tree_sweep(scenario: Scenario | TreeScenario, names: Sequence[str], steps: int = 11,
               values: Mapping[str, Fraction] | None = None) -> SweepResult:
    """The SPE set at every point of a grid over one or two ranged parameters, each
    point solved exactly by backward induction (a tree's sweep)."""
    import itertools
    from ..sensitivity.sweep import SweepPoint, SweepResult, _check, grid
    from ..sensitivity.thresholds import baseline, structure
    names = tuple(names)
    as_scenario = _tree_scenario(scenario).as_scenario()
    ranges = _check(as_scenario, names, steps)
    base = baseline(as_scenario, values)
    grids = tuple(grid(lo, hi, steps) for lo, hi in ranges)
    points = []
    structs: dict[Any, int] = {}
    labels = []
    for combo in itertools.product(*grids):
        at = dict(zip(names, combo))
        eqs = spe_set(scenario.game({**base, **at}, check_range=False))
        points.append(SweepPoint(at, eqs))
        labels.append(structs.setdefault(structure(eqs), len(structs)))
    return SweepResult(names, grids, tuple(points), tuple(structs), tuple(labels),
                       tuple(scenario.players), len(structs),
                       all(p.equilibria.complete for p in points))


def tree_monte_carlo(scenario: Scenario | TreeScenario, n: int, seed: int | None = None,
                     values: Mapping[str, Fraction] | None = None) -> MonteCarloResult:
    """How often each SPE support profile holds when the ranged parameters are drawn:
    the draws are those `games.sensitivity.monte_carlo` makes (same generator, same
    order), grouped by `tree_sample_classes`, one exact SPE solve per group."""
    from ..sensitivity.montecarlo import draw, record, tallied_result
    from ..sensitivity.thresholds import baseline
    if n < 1:
        raise GameError("Monte Carlo needs at least one draw")
    names = tuple(k for k, p in scenario.parameters.items() if p.range is not None)
    if not names:
        raise GameError("no parameter has a range: nothing to draw")
    tree_scenario = _tree_scenario(scenario)
    base = baseline(tree_scenario.as_scenario(), values)
    rng = np.random.default_rng(seed)
    arrays = [draw(scenario.parameters[k], n, rng) for k in names]
    groups = tree_sample_classes(tree_scenario.spec, names, base, arrays)
    counts: dict[Any, int] = {}
    masks: dict[Any, np.ndarray] = {}
    labels: list[tuple] = [()] * n
    complete = True
    for idx in groups:
        k = int(idx[0])
        at = {nm: Fraction(float(a[k])) for nm, a in zip(names, arrays)}
        eqs = spe_set(scenario.game({**base, **at}, check_range=False))
        complete = complete and eqs.complete
        record(counts, masks, labels, {e.support for e in eqs}, idx, n)
    return tallied_result(tree_scenario.as_scenario(), n, seed, names, arrays, counts,
                          masks, labels, len(groups), complete)


def _tree_scenario(scenario: Scenario | TreeScenario) -> TreeScenario:
    """The tree scenario behind a game tree's scenario (typed as a Scenario elsewhere)."""
    from .scenario import TreeScenario
    if not isinstance(scenario, TreeScenario):
        raise GameError("this analysis of subgame-perfect equilibria needs a game tree")
    return scenario


def tree_compare(game_a: Game, game_b: Game, labels: tuple[str, str] | None = None
                 ) -> Comparison:
    """Two trees (or one tree at two parameter settings) compared by their SPE sets."""
    from ..sensitivity import compare
    if game_b.tree is None:
        raise GameError("--compare: a game tree is compared with another game tree")
    return compare(game_a, game_b, solver=spe_set,
                   **({} if labels is None else {"labels": labels}))
