"""Exact regions in two parameters: a plane decomposition by the critical polynomials.

The equilibrium set can only change where a critical polynomial (critical.py) changes
sign. With two free parameters (a, b) those polynomials cut the box into finitely
many cells, found exactly by a cylindrical decomposition:

1. project: the real roots in a, inside the box, of every polynomial free of b,
   every leading coefficient and discriminant in b, every pairwise resultant in b,
   and every polynomial on the box's lower and upper edges (python-flint);
2. lift: over a rational a in each open slab between those roots, and at each
   rational root, isolate the real roots in b of every polynomial exactly and take
   the sectors between them and the sections on them; at an irrational root, the
   crossings of two curves (the only new sign patterns there) and, where a
   polynomial free of b vanishes (the line a = sqrt 2 of a^2 - 2), every point and
   open segment of that line, each solved in the number field of its sample;
3. group the cells by the sign vector of every polynomial and solve the game exactly
   once per sign vector, at a rational sample point (on a curve, a rational point of
   the curve where one exists); then once more in each other connected piece of a
   sign class on a curve, and with three or more players mixing of any sign class
   (region_split.py: there the signs alone do not fix the structure);
4. keep as boundaries only the polynomials without which some sign class would mix
   two equilibrium structures; the cells are then the sign classes of the
   boundaries, and a region gathers the cells of one structure, with the formulas of
   its equilibria in both parameters.

Steps 1-2 are plane_cells.py (with plane_crossings.py for curves crossing over an
irrational a, plane_boxes.py for where each polynomial may vanish), the result types
and the conditions in words region_map.py, the boundary polynomials' exact evaluation
plane_polys.py. This module runs the steps and does 3-4.

sympy and python-flint are imported inside functions.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from ..budget import Budget, OutOfTime, active, check_deadline, report
from ..equilibrium import EquilibriumSet
from ..errors import GameError
from ..limits import REGION_STEPS
from ..numbers import Exact, exact_str, to_float, to_sympy
from .critical import NotRational, TooComplex, critical
from .formulas import equilibrium_formula, payoff_formulas
from .plane_boxes import zero_boxes
from .plane_cells import _Class, _is_rational, _sign_classes
from .plane_crossings import _sym
from .plane_polys import _evaluator, _Poly, _sign_at
from .region_algebraic import Refused, solve_at_point
from .region_areas import TooLarge
from .region_deduce import Deducer, LazySolved
from .region_split import Split, split_classes
from .segments import may_split
from .region_vertices import vertex_formula
from .region_map import Area, Box, Piece, Point, Region, RegionCell, RegionMap, Signs
from .symbolic import has_pieces, make_symbols, symbolic_payoffs
from .thresholds import Solver, Structure, baseline, structure, whole

if TYPE_CHECKING:
    from ..model import Player
    from ..scenario.model import Scenario
    from .plane_needed import Reach
    from .plane_screen import SideConditions

Values = Mapping[str, Fraction | int | str]

# ------------------------------------------------------------------ the analysis

class AtPoint(Protocol):
    """Equilibria solved at an algebraic point: their structure, the point in
    canonical exact form, and the equilibria as exact numbers."""

    def structure(self) -> Structure: ...

    def exact_point(self) -> tuple[Exact, Exact]: ...

    def equilibrium_set(self, players: Sequence[Player] = ()) -> EquilibriumSet: ...


FieldSolver = Callable[[tuple[str, str], Mapping[str, Fraction], Exact, Exact], AtPoint]

CriticalSource = Callable[[tuple[str, str], Mapping[str, Fraction], tuple[Any, ...]],
                          tuple[list[Any], bool]]

# an equilibrium found at a sample point -> its formulas ({'profile', 'payoffs'}) or None
Formulas = Callable[[tuple[Exact, Exact], Any], "dict[str, Any] | None"]
FormulaSource = Callable[[tuple[str, str], Mapping[str, Fraction], tuple[Any, ...]],
                         "Formulas | None"]


def regions(scenario: Scenario, names: Sequence[str], values: Values | None = None,
            *, solver: Solver, max_seconds: float | None = None,
            max_work: int | None = REGION_STEPS,
            critical_source: CriticalSource | None = None,
            field_solver: FieldSolver | None = None,
            formula_source: FormulaSource | None = None) -> RegionMap:
    """The exact region map of `scenario` in two ranged parameters (the others at their
    values, default the baseline). GameError when the decomposition needs more than
    `max_work` steps (counted: the same on every machine; None: no limit) or, when
    given, more than `max_seconds`. `critical_source` (names, baseline, symbols) ->
    (polynomials, complete) replaces the normal form's critical polynomials, for an
    equilibrium notion whose changes other polynomials bound (a tree's subgame-perfect
    equilibria, games.tree.points.tree_regions); with it, `field_solver` (names,
    baseline, a, b) solves that notion at a point whose coordinates are irrational
    (Refused where it cannot; without it every such point is refused), and
    `formula_source` (names, baseline, symbols) -> (sample, equilibrium) -> formulas
    states that notion's equilibria as formulas (None: from the support systems)."""
    import time
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    budget = Budget("the region map", max_work=max_work)
    try:
        with active(budget):
            return _regions_map(scenario, names, values, solver, deadline, critical_source,
                                field_solver=field_solver, formula_source=formula_source)
    except TooComplex as exc:
        raise GameError(f"no exact region map: {exc}; use --sweep A --sweep B for a grid "
                        "map") from None
    except NotRational as exc:
        raise GameError(f"no exact region map: a parameter ({exc}) is used in an exponent, "
                        "and region boundaries are found only for payoffs polynomial or "
                        "rational in the parameters; use --sweep A --sweep B for a grid "
                        "map") from None
    except OutOfTime as exc:
        limit = (f"{max_seconds:g} s" if str(exc) == "time" else
                 f"its work limit of {max_work:,} steps (curve pieces, crossings and "
                 "sign classes)")
        raise GameError(f"the exact region map needs more than {limit} here (too many "
                        "boundary curves); use --sweep A --sweep B for a grid map") from None


def region_map_or_none(scenario: Scenario, names: Sequence[str], base: Values,
                       solver: Solver) -> RegionMap | None:
    """The region map at its default budget, or None when there is none (its work
    limit passed, payoffs it cannot handle): a 2-D sweep or Monte Carlo run then
    takes its grid or sign-class method."""
    try:
        return regions(scenario, names, base, solver=solver)
    except (GameError, ArithmeticError, ValueError, NotImplementedError):
        return None


def _regions_map(scenario: Scenario, names: Sequence[str], values: Values | None,
                 solver: Solver, deadline: float | None,
                 critical_source: CriticalSource | None = None, prune: bool = True,
                 field_solver: FieldSolver | None = None,
                 formula_source: FormulaSource | None = None) -> RegionMap:
    """The work of `regions` (OutOfTime when the monotonic clock passes `deadline`).
    `prune`: only the curves that can change the equilibrium set in the box enter
    the decomposition (plane_screen.needed_polys), the others' signs still keying
    the sign classes; when their signs turn out to matter, the map is made again
    with every curve."""
    a_name, b_name = _check(scenario, names)
    solve = solver
    base = baseline(scenario, values)
    ra, rb = scenario.parameters[a_name].range, scenario.parameters[b_name].range
    assert ra is not None and rb is not None        # _check: both are ranged
    box: Box = (ra, rb)
    syms = make_symbols([a_name, b_name])
    U = symbolic_payoffs(scenario, [a_name, b_name], base, syms)
    notes: list[str] = []
    guards: list[Any] = []
    pruning: _Pruning | None = None
    if critical_source is None:
        polys, guards, complete, conditions, pruning = _critical_polys(
            scenario, (a_name, b_name), base, U, box, syms, notes, deadline, prune)
    else:
        polys, complete = critical_source((a_name, b_name), base, syms)
        conditions = {}
    evals = [_evaluator(p, syms) for p in polys]
    inside = [k for k, z in enumerate(zero_boxes(evals, box)) if z]
    if pruning is not None:
        pruning = pruning.inside(inside, evals, box)
    polys, evals = [polys[k] for k in inside], [evals[k] for k in inside]
    gevals = [_evaluator(p, syms) for p in guards]
    ded = Deducer(conditions, complete)
    skipped: list[Any] = []         # lines a = x too costly to decompose
    classes = _sign_classes(evals, syms, box, deadline, gevals, skipped=skipped)
    if pruning is not None:
        classes = pruning.merge(classes)

    def at_point(a: Exact, b: Exact) -> AtPoint:
        """The Nash equilibria at an algebraic point (region_algebraic.py); for
        another equilibrium notion (a tree's subgame-perfect ones) `field_solver`'s,
        Refused without one."""
        if field_solver is not None:
            return field_solver((a_name, b_name), base, a, b)
        if critical_source is not None:
            raise Refused("the subgame-perfect equilibria of a tree are not computed at "
                          "points whose coordinates are irrational")
        return solve_at_point(U, syms, a, b)

    def solve_at(a: Exact, b: Exact) -> EquilibriumSet:
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            return whole(solve(scenario.game({**base, a_name: a, b_name: b},
                                             check_range=False)))
        return at_point(a, b).equilibrium_set(scenario.players)

    refused: list[str] = []

    def solve_noting(a: Exact, b: Exact) -> EquilibriumSet:
        """`solve_at`, each refusal's reason kept for the map's note."""
        try:
            return solve_at(a, b)
        except Refused as exc:
            refused.append(str(exc))
            raise

    solved: dict[Signs, EquilibriumSet | None] = {}
    deduced: dict[Signs, Structure] = {}
    pending: dict[Signs, Point] = {}
    stopped = ""
    try:
        for done, signs in enumerate(classes):
            report("region map: sign classes solved", done, len(classes))
            check_deadline(deadline)
            pt = classes[signs].sample
            if not (isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)):
                try:        # every point of the class is irrational: solved in Q(theta)
                    found = at_point(*pt)
                    deduced[signs] = found.structure()
                    classes[signs].sample = found.exact_point()
                    # kept: the regions' formulas read every cell's equilibria
                    solved[signs] = found.equilibrium_set(scenario.players)
                except Refused as exc:
                    solved[signs] = None
                    refused.append(str(exc))
                continue
            st = ded.deduce(signs, pt)
            if st is not None:
                deduced[signs], pending[signs] = st, pt
                continue
            solved[signs] = solve_at(pt[0], pt[1])
    except KeyboardInterrupt:   # Ctrl-C: the boundaries stand; unsolved classes stay open
        stopped = (f"the region map was interrupted (Ctrl-C) after "
                   f"{len(solved) + len(deduced):,} of "
                   f"{len(classes):,} sign classes were solved; the boundary curves are "
                   "exact, the equilibria of the other classes were not solved")
        notes.append(stopped)
        for signs in classes:
            if signs not in deduced:
                solved.setdefault(signs, None)
    structs: dict[Signs, Structure | None] = {
        s: (None if e is None else structure(e)) for s, e in solved.items()}
    structs.update(deduced)
    cx: Any = None
    cell_keys: list[Any] = []
    splits: list[Split] = []
    # nonlinear support systems: an open sign class in separate areas may hold
    # different structures there (region_split.py), so its areas are solved apart
    nonlinear = critical_source is None and may_split(U.shape[1:])
    if not stopped and (len({_struct_key(v) for v in structs.values()}) > 1
                        or (nonlinear and len(classes) > 1)):
        try:        # the cells one by one, for the connected areas (region_areas.py)
            cx, cell_keys = _decomposition(evals, syms, box, classes, structs, pending,
                                           solve_noting, deadline)
        except TooLarge as exc:
            notes.append(f"the regions' connected areas were not computed: {exc}")
            if nonlinear:
                complete = False
                notes.append("so a sign class made of separate areas was solved in "
                             "one of them only (its other areas were not solved: with "
                             "three or more players mixing they may hold other "
                             "equilibria)")
        else:       # classes in separate pieces (joined by the cells' adjacency, no
            # solve): one solve per extra piece (region_split.py)
            splits, unsolved = split_classes(cx, classes, structs, solve_at, nonlinear)
            for sp in splits:
                for k in sp.cells:
                    cell_keys[k] = _struct_key(sp.structure)
            if unsolved:
                complete = False
                notes.append(
                    "some knife-edge cells consist of separate pieces (a boundary "
                    "touches zero there without changing sign), and the pieces at " +
                    ", ".join(f"({exact_str(a)}, {exact_str(b)})"
                              for a, b in unsolved[:5]) +
                    (f" and {len(unsolved) - 5} more" if len(unsolved) > 5 else "") +
                    " have only irrational points and were not solved: they take "
                    "their sign class's structure; solve such points with --set")
    if cx is None and not stopped and skipped:
        # the sign classes hold no piece of such a line between its crossings
        complete = False
        notes.append("the cells on the line" + ("s " if len(skipped) > 1 else " ") +
                     ", ".join(f"{syms[0]} = {exact_str(_sym(x))}" for x in skipped) +
                     " (where a boundary free of " + str(syms[1]) + " vanishes at an "
                     "irrational value) were not computed (too costly): the equilibria "
                     "there may differ from the map's; solve such points with --set")
    if stopped:         # after the cells: those the sign classes missed may be refused
        complete = False
    elif any(v is None for v in structs.values()):
        complete = False
        notes.append("some curve pieces or crossings have only irrational points and "
                     "were not solved there (" + "; ".join(dict.fromkeys(refused)) +
                     "): they take the structure of the region they are merged with")
    keep = _boundaries(list(classes), structs, len(polys))
    if gevals and not _homogeneous(list(classes), structs, keep):
        # the needed curves' signs do not tell some cells apart (a profile held on one
        # component of a sign class and not another): every curve in the decomposition
        return _regions_map(scenario, names, values, solver, deadline, critical_source,
                            prune=False, field_solver=field_solver,
                            formula_source=formula_source)
    args = (scenario, (a_name, b_name), box, base, syms, U, polys, evals, keep, classes)
    formulas = None if formula_source is None else formula_source((a_name, b_name), base, syms)
    try:
        out = _assemble(*args, LazySolved(solved, {} if stopped else pending, solve_at),
                        structs, complete, notes, vertices=critical_source is None,
                        splits=splits, cx=cx, formulas=formulas)
    except KeyboardInterrupt:   # Ctrl-C while regions' formulas were solved: keep the map
        stopped = ("the region map was interrupted (Ctrl-C) while its regions' formulas "
                   "were solved; the boundary curves and every sign class's equilibrium "
                   "structure are exact, some regions' formulas were not solved")
        notes.append(stopped)
        for signs in classes:
            solved.setdefault(signs, None)
        out = _assemble(*args, LazySolved(solved, {}, solve_at), structs, False, notes,
                        vertices=critical_source is None, splits=splits, cx=cx,
                        formulas=formulas)
    if stopped:
        return replace(out, interrupted=stopped)
    if cx is None:      # one structure: the box is one area; or areas not computed
        return out if len(out.regions) > 1 else replace(out, areas=(Area(
            out.regions[0].label, 0, tuple((c.dimension, c.sample) for c in out.cells)),))
    return _with_areas(out, cx, cell_keys)


def _decomposition(evals: list[_Poly], syms: tuple[Any, ...], box: Any,
                   classes: dict[Signs, _Class], structs: dict[Signs, Structure | None],
                   pending: dict[Signs, Point],
                   solve_at: Callable[[Exact, Exact], EquilibriumSet],
                   deadline: float | None) -> tuple[Any, list[Any]]:
    """The decomposition's cells one by one with the structure of each; a sign
    vector the sign classes missed (should they miss one) is solved at its cell's
    sample and added to `classes`, `structs` and `pending`."""
    from .plane_cells import _projection_roots
    from .region_areas import build, structures, sympy_point
    crit = _projection_roots(evals, syms, box, zero_boxes(evals, box), deadline)
    cx = build(evals, box, crit)
    def solved(pt: Point) -> Structure | None:
        try:
            return structure(solve_at(*pt))
        except Refused:         # left unsolved, as the sign classes refused are
            return None
    keys, extra = structures(cx, _by_needed_signs(structs, len(evals)), solved)
    for c in sorted(cx.cells, key=lambda c: -c.dimension):
        if c.signs in extra and c.signs not in classes:
            classes[c.signs] = _Class(sympy_point(c.sample), c.dimension)
            structs[c.signs] = extra[c.signs]
            if extra[c.signs] is not None:      # refused: stays unsolved
                pending[c.signs] = classes[c.signs].sample
    return cx, [_struct_key(k) for k in keys]


def _by_needed_signs(structs: Mapping[Signs, Structure | None], n: int
                     ) -> dict[Signs, Structure | None]:
    """The structures by sign vector, and by the first `n` signs (those of the
    decomposition's polynomials; a pruned map's classes append the guards' signs)
    where every class with those signs has one structure: a cell of the
    decomposition then has it without a solve (on the 2-player 5x5 every one of its
    153 cells was solved again, the keys never matching)."""
    out: dict[Signs, Structure | None] = dict(structs)
    groups: dict[Signs, set[Any]] = {}
    for s, st in structs.items():
        if len(s) > n:
            groups.setdefault(s[:n], set()).add(st)
    for prefix, sts in groups.items():
        if prefix not in out and len(sts) == 1 and None not in sts:
            out[prefix] = next(iter(sts))
    return out


def _with_areas(rm: RegionMap, cx: Any, keys: list[Any]) -> RegionMap:
    """The map with its regions' connected areas (labels numbered A1, A2, ... when
    a region has several)."""
    from .region_areas import areas, sympy_point
    index = {_struct_key(reg.structure): r for r, reg in enumerate(rm.regions)}
    groups = areas(cx, keys)
    per_region: dict[int, int] = {}
    for g in groups:
        r = index[keys[g[0]]]
        per_region[r] = per_region.get(r, 0) + 1
    seen: dict[int, int] = {}
    out = []
    for g in sorted(groups, key=lambda g: (index[keys[g[0]]], g[0])):
        r = index[keys[g[0]]]
        seen[r] = seen.get(r, 0) + 1
        label = rm.regions[r].label + (str(seen[r]) if per_region[r] > 1 else "")
        cells = sorted(g, key=lambda k: -cx.cells[k].dimension)
        out.append((Area(label, r, tuple((cx.cells[k].dimension,
                                          sympy_point(cx.cells[k].sample)) for k in cells)),
                    frozenset(g)))
    return replace(rm, areas=tuple(a for a, _ in out), _complex=cx,
                   _area_cells=tuple(c for _, c in out))


def _check(scenario: Scenario, names: Sequence[str]) -> tuple[str, str]:
    """GameError unless `names` are two distinct ranged parameters."""
    from .. import arguments
    names = arguments.parameter_names(names, "a region map")  # type: ignore[assignment]
    if len(names) != 2 or names[0] == names[1]:
        raise GameError("--regions takes two different parameter names")
    for n in names:
        par = scenario.parameters[arguments.parameter(scenario, n)]
        if par.range is None:
            raise GameError(f"parameter '{n}' has no range; give it one (range: [lo, hi])")
    return names[0], names[1]


def _critical_polys(scenario: Scenario, names: tuple[str, str], base: Mapping[str, Fraction],
                    U: Any, box: Any, syms: tuple[Any, ...], notes: list[str],
                    deadline: float | None = None, prune: bool = True
                    ) -> tuple[list[Any], list[Any], bool, SideConditions, _Pruning | None]:
    """The critical polynomials in (a, b); with min/max/abs, those of every piece
    (the split polynomials' sign classes, each sampled once); without them, only
    those of the support profiles that may carry an equilibrium in the box
    (plane_screen.py: the others can never change the equilibrium set there), with
    those profiles' conditions (empty when not computed). With `prune`, of those
    only the ones that may vanish where a profile holding them is not ruled out;
    the others come second (guards: signs only, no curves), and last how to merge
    the sign classes whose guards' signs cannot matter (None: nothing pruned)."""
    crit = critical(scenario, list(names), base, payoffs=U, deadline=deadline)
    polys, complete = list(crit.polys), crit.complete
    notes.extend(crit.notes)
    conditions: SideConditions = {}
    guards: list[Any] = []
    pruning = None
    if not has_pieces(U) and crit.by_support:
        from .plane_needed import exactly_needed
        from .plane_screen import needed_polys
        evals = [_evaluator(p, syms) for p in crit.polys]
        got = needed_polys(U, syms, box, crit.by_support, [f.terms for f in evals])
        if got is not None:
            per, used, conditions = got
            reach = {}
            if prune:
                vanishing = [bool(z) for z in zero_boxes(evals, box)]
                reach = exactly_needed(evals, syms, box, crit.by_support, conditions,
                                       vanishing, deadline)
                per.update({sup: set(r.needed) for sup, r in reach.items()})
            used |= {k for r in reach.values() for k in r.polys}
            needed = set().union(*per.values()) if prune else used
            unneeded = used - needed
            polys = [crit.polys[k] for k in sorted(needed)]
            guards = [crit.polys[k] for k in sorted(unneeded)]
            loose = {k for sup in per if sup not in reach
                     for k in crit.by_support[sup]} & unneeded
            pruning = _Pruning(sorted(needed), sorted(unneeded), sorted(loose), reach)
    if has_pieces(U):
        split_evals = [_evaluator(p, syms) for p in crit.polys]
        seen = {p: True for p in map(str, polys)}
        for cls in _sign_classes(split_evals, syms, box, deadline).values():
            pt = cls.sample
            if not (isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)):
                continue
            piece = critical(scenario, list(names), base, deadline=deadline,
                             point={names[0]: pt[0], names[1]: pt[1]}, payoffs=U)
            complete = complete and piece.complete
            for p in piece.polys:
                if str(p) not in seen:
                    seen[str(p)] = True
                    polys.append(p)
    return polys, guards, complete, conditions, pruning


class _Pruning:
    """The curves left out of a map's decomposition, and how they key its sign
    classes. A class's vector holds the needed curves' signs, then every guard's
    (plane_cells). A profile decided exactly (plane_needed.Reach) contributes
    nothing off W_S, and on W_S its equilibria depend on its own polynomials'
    signs only (its guards do not vanish there): so two classes whose needed
    signs agree, whose loose guards (of profiles decided by the interval test)
    agree and which lie in the same W_S's with the same signs of those profiles'
    guards have one structure, and are merged (solved once)."""

    def __init__(self, needed: list[int], guards: list[int], loose: list[int],
                 reach: Mapping[Any, Reach]) -> None:
        self.needed, self.guards, self.loose, self.reach = needed, guards, loose, reach
        self.constant: dict[int, int] = {}

    def inside(self, inside: list[int], evals: list[_Poly], box: Any) -> _Pruning:
        """The same after the needed polynomials that cannot vanish in the box left
        the vectors (positions `inside` stay); theirs is the sign at the centre."""
        (a0, a1), (b0, b1) = box
        centre = ((a0 + a1) / 2, (b0 + b1) / 2)
        keep = set(inside)
        out = _Pruning([k for n, k in enumerate(self.needed) if n in keep], self.guards,
                       self.loose, self.reach)
        out.constant = {k: evals[n].sign(*centre) for n, k in enumerate(self.needed)
                        if n not in keep}
        return out

    def merge(self, classes: dict[Signs, _Class]) -> dict[Signs, _Class]:
        """The classes with the same key (see the class), each with its best sample
        (rational first, then of the largest dimension)."""
        if not self.reach:
            return classes
        n = len(self.needed)
        pos = {k: i for i, k in enumerate(self.needed)}
        pos.update({k: n + i for i, k in enumerate(self.guards)})
        order = sorted(self.reach)
        out: dict[Signs, _Class] = {}
        for s, cls in classes.items():
            def sign(k: int, s: Signs = s) -> int:
                return s[pos[k]] if k in pos else self.constant[k]
            key = list(s[:n]) + [sign(k) for k in self.loose]
            for sup in order:
                r = self.reach[sup]
                if r.holds(sign):       # 3: in W_S, then its guards' signs; 2: not in it
                    key += [3] + [sign(k) for k in r.polys if k in pos and pos[k] >= n]
                else:
                    key.append(2)
            t = tuple(key)
            old = out.get(t)
            if old is None:
                out[t] = _Class(cls.sample, cls.dimension)
            else:
                better = (_is_rational(cls.sample), cls.dimension) > \
                    (_is_rational(old.sample), old.dimension)
                out[t] = _Class(cls.sample if better else old.sample,
                                max(cls.dimension, old.dimension))
        return out


# ------------------------------------------------------------------ boundaries, regions

def _boundaries(classes: list[Signs], structs: Mapping[Signs, Structure | None],
                n: int) -> list[int]:
    """The polynomials to keep: drop each one whose removal leaves every merged sign
    class with a single structure (unsolved classes go with any)."""
    keep = list(range(n))
    for k in range(n):
        trial = [j for j in keep if j != k]
        if _homogeneous(classes, structs, trial):
            keep = trial
    return keep


def _homogeneous(classes: list[Signs], structs: Mapping[Signs, Structure | None],
                 keep: list[int]) -> bool:
    seen: dict[Signs, Structure] = {}
    for s in classes:
        st = structs[s]
        if st is None:
            continue
        key = tuple(s[j] for j in keep)
        if seen.setdefault(key, st) != st:
            return False
    return True


def _assemble(scenario: Scenario, names: tuple[str, str], box: Any, base: Mapping[str, Fraction],
              syms: tuple[Any, ...], U: Any, polys: list[Any], evals: list[_Poly],
              keep: list[int], classes: dict[Signs, _Class],
              solved: Mapping[Signs, EquilibriumSet | None],
              structs: dict[Signs, Structure | None], complete: bool, notes: list[str],
              vertices: bool = True, splits: Sequence[Split] = (), cx: Any = None,
              formulas: Formulas | None = None) -> RegionMap:
    """Merge the sign classes over the kept boundaries into cells and regions.
    `vertices`: the regions' equilibria are the Nash equilibria (not a tree's
    subgame-perfect ones), so a 2-player one is stated as its vertex pair.
    `splits`: pieces of sign classes with another structure than their class's
    (region_split.py), each a cell of its own after the others, found in the
    decomposition `cx` by point location. `formulas`: the equilibria's formulas,
    tried first (a tree's SPE: games.tree.spe_formulas)."""
    merged: dict[Signs, list[Signs]] = {}
    for s in classes:
        merged.setdefault(tuple(s[j] for j in keep), []).append(s)
    cell_struct: dict[Signs, Structure | None] = {}
    cell_best: dict[Signs, Signs] = {}
    for key, members in merged.items():
        known = [m for m in members if structs[m] is not None]
        cell_struct[key] = structs[known[0]] if known else None
        cell_best[key] = max(members, key=lambda m: (structs[m] is not None,
                                                    _is_rational(classes[m].sample),
                                                    classes[m].dimension))
    bpt = (base[names[0]], base[names[1]])
    bkey = tuple(_sign_at(evals[j], *bpt) for j in keep)
    order = _region_order(merged, cell_struct, classes, cell_best, bkey)
    order += list(dict.fromkeys(sp.structure for sp in splits if sp.structure not in order))
    reg_index = {st: k for k, st in enumerate(order)}
    cells: list[RegionCell] = []
    for key in sorted(merged, key=lambda k: (-classes[cell_best[k]].dimension,
                                            _sort_point(classes[cell_best[k]].sample))):
        best = cell_best[key]
        dim = max(classes[m].dimension for m in merged[key])
        cells.append(RegionCell(key, dim, classes[best].sample,
                                reg_index[_struct_key(cell_struct[key])]))
    own: dict[int, EquilibriumSet] = {}
    located: dict[int, int] = {}
    for sp in splits:
        own[len(cells)] = sp.equilibria
        located.update({k: len(cells) for k in sp.cells})
        cells.append(RegionCell(tuple(sp.signs[j] for j in keep), sp.dimension, sp.sample,
                                reg_index[sp.structure]))
    regs = _regions(order, cells, classes, cell_best, solved, U, syms, names,
                    [polys[j] for j in keep] if vertices else None, own, formulas)
    boundaries = tuple(polys[j] for j in keep)
    base_cell = next(c for c in cells if c.signs == bkey)
    rm = RegionMap(names, box, boundaries, tuple(cells), tuple(regs), bpt, base_cell.region,
                   tuple(scenario.players), complete, tuple(dict.fromkeys(notes)), syms,
                   tuple(evals[j] for j in keep), _complex=cx if splits else None,
                   _located=located)
    if located:     # the baseline may lie on a separate piece of its sign class
        rm = replace(rm, base_region=cells[rm.cell_at(*bpt)].region)
    return rm


def _struct_key(st: Structure | None) -> Any:
    return ("unsolved",) if st is None else st


def _sort_point(pt: Point) -> tuple[float, float]:
    return (to_float(pt[0]), to_float(pt[1]))


def _region_order(merged: Mapping[Signs, list[Signs]], cell_struct: Mapping[Signs, Any],
                  classes: Mapping[Signs, _Class], cell_best: Mapping[Signs, Signs],
                  bkey: Signs) -> list[Any]:
    """The structures in label order: the baseline's first, then by their first area
    cell from the lower left."""
    first: dict[Any, tuple] = {}
    for key in merged:
        st = _struct_key(cell_struct[key])
        c = classes[cell_best[key]]
        rank = (key != bkey, -c.dimension, _sort_point(c.sample))
        if st not in first or rank < first[st]:
            first[st] = rank
    return sorted(first, key=lambda s: first[s])


def _regions(order: list[Any], cells: list[RegionCell], classes: Mapping[Signs, _Class],
             cell_best: Mapping[Signs, Signs], solved: Mapping[Signs, EquilibriumSet | None],
             U: Any, syms: tuple[Any, ...], names: tuple[str, str],
             boundaries: Sequence[Any] | None = (),
             own: Mapping[int, EquilibriumSet] | None = None,
             formulas: Formulas | None = None) -> list[Region]:
    """One Region per structure, its equilibria as formulas in pieces, each valid on
    every cell it is stated for (region_pieces.py); `cells` gets each cell's piece.
    `boundaries` None: no vertex formulas (the equilibria are not all Nash ones).
    `own`: the equilibria of cells that are not their sign class (split pieces)."""
    from .region_pieces import region_pieces
    out = []
    cache: dict = {}

    def equilibria_of(k: int) -> EquilibriumSet | None:
        if own and k in own:
            return own[k]
        return solved.get(cell_best[cells[k].signs])

    def build(sample: Point, eqs: EquilibriumSet, where: Any) -> list[dict[str, Any] | None]:
        pt = {s: to_sympy(v) for s, v in zip(syms, sample)}
        forms: list[dict[str, Any] | None] = []
        for e in eqs:
            form = None
            if where is not None and isinstance(sample[0], Fraction) \
                    and isinstance(sample[1], Fraction):
                # 2 players: every extreme equilibrium as its vertex pair, with the
                # conditions under which it keeps its labels (region_vertices.py):
                # so the components stay the sample's wherever they hold
                form = vertex_formula(U, syms, (sample[0], sample[1]), e, cache, *where)
            if form is None and formulas is not None:
                form = formulas(sample, e)
            if form is None:
                form = _formula(U, pt, e, cache)
            forms.append(form)
        return forms

    for r, st in enumerate(order):
        mine = [k for k, c in enumerate(cells) if c.region == r]
        pieces = [Piece(tuple(forms), sample, eqs, tuple(ks)) for forms, sample, eqs, ks
                  in region_pieces(cells, mine, equilibria_of, build, boundaries, syms, names)]
        pieces.sort(key=lambda pc: pc.equilibria is None)   # a solved piece first
        for p, pc in enumerate(pieces):
            for k in pc.cells:
                cells[k] = replace(cells[k], piece=p)
        first = pieces[0]
        out.append(Region(_label(r), None if st == ("unsolved",) else st, first.equilibria,
                          first.sample, first.formulas, tuple(mine),
                          tuple(pieces) if len(pieces) > 1 else ()))
    return out


def _formula(U: Any, pt: Mapping[Any, Any], e: Any, cache: dict) -> dict[str, Any] | None:
    """An equilibrium's probabilities and payoffs as formulas in both parameters; None
    when its support system does not fix them at the sample (a continuum, or a
    sample where the system's formula is 0/0)."""
    try:
        prof = equilibrium_formula(U, pt, e, cache)
    except (TypeError, ZeroDivisionError):
        return None
    if prof is None:
        return None
    key = ("payoffs", prof)             # the same profile in several regions: once
    if key not in cache:
        cache[key] = payoff_formulas(U, prof)
    return {"profile": prof, "payoffs": cache[key]}


def _label(r: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[r] if r < 26 else f"R{r + 1}"
