"""Exact thresholds: the parameter values at which the equilibrium set changes.

For one ranged parameter (the others at their values), the real roots inside the
range of every critical polynomial (critical.py) are a superset of the thresholds.
They are sorted exactly, the game is solved exactly at a rational point inside every
open interval between them and at every rational root, and a root is kept only where
the equilibrium structure (the multiset of supports) differs on its two sides or at
the point itself. Between kept thresholds the supports are fixed, so each mixed
equilibrium is one formula in the parameter. The exact roots and the rationals
between them are roots.py.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..display import Tabular, sensitivity_records, sensitivity_text
from ..equilibrium import EquilibriumSet
from ..numbers import Exact, SymExpr, exact_str, simplify_exact, to_float
from ..budget import Budget, OutOfTime, abandonable, active, check_deadline
from ..errors import SolverTimeout
from ..limits import SENSITIVITY_STEPS
from .critical import NotRational, TooComplex, critical
from .symbolic import has_pieces, make_symbols, resolve_payoffs, symbolic_payoffs
from .formulas import equilibrium_formula, solved_profile
from .readable import readable
from .roots import at_most, rational_between, real_roots_between

if TYPE_CHECKING:
    import numpy as np

    from ..model import Player
    from ..model import Game
    from ..scenario.model import Scenario

Solver = Callable[[Any], EquilibriumSet]


def whole(eqs: EquilibriumSet) -> EquilibriumSet:
    """A solver's answer, or KeyboardInterrupt again when Ctrl-C cut it short.

    The exact solvers catch Ctrl-C and return what they found, marked interrupted,
    which is right for the one game a person is waiting for; inside a sensitivity
    analysis, sweep, map or Monte Carlo run such a partial set must never stand for
    the game's equilibria, so the interruption goes on to the caller that keeps what
    was established before it."""
    if eqs.interrupted:
        raise KeyboardInterrupt
    return eqs
Structure = tuple[tuple[tuple[tuple[int, ...], ...], int], ...]


# ------------------------------------------------------------ shared helpers

def baseline(scenario: Scenario, values: Mapping[str, Fraction | int | str] | None = None
             ) -> dict[str, Fraction]:
    """Every parameter's value: the scenario's baseline, overridden by `values`."""
    out = {name: p.value for name, p in scenario.parameters.items()}
    for k, v in (values or {}).items():
        out[k] = Fraction(v)
    return out


def structure(eqs: EquilibriumSet) -> Structure:
    """What "the equilibrium set" means for comparisons: the multiset of supports
    (a pure equilibrium's support is its profile). A connected set stated without its
    extreme points (beyond the listing limits) counts as its pieces' joint support,
    as many times as it has extreme points."""
    counts: dict[tuple, int] = {}
    for e in eqs:
        counts[e.support] = counts.get(e.support, 0) + 1
    for c in eqs.components:
        if c.unlisted and c.detail is not None:
            key = tuple(tuple(sorted({j for p in c.detail.pieces for j in p.supports[i]}))
                        for i in range(len(c.detail.pieces[0].supports)))
            counts[key] = counts.get(key, 0) + c.unlisted
    return tuple(sorted(counts.items()))


def support_names(players: Sequence[Player], support: Sequence[Sequence[int]]) -> dict[str, list[str]]:
    """A support profile with player and strategy names."""
    return {p.name: [p.strategies[j].name for j in s] for p, s in zip(players, support)}


class _Names:
    """The minimal game-like object Equilibrium.to_dict needs (player names)."""

    def __init__(self, players: Sequence[Player]) -> None:
        self.players = tuple(players)


def equilibria_dicts(eqs: EquilibriumSet | None, players: Sequence[Player]) -> list[dict]:
    """The SPEC's JSON list of equilibria."""
    if eqs is None:
        return []
    names = _Names(players)
    return [e.to_dict(names) for e in eqs]


# ------------------------------------------------------------ result objects

@dataclass(frozen=True)
class Interval:
    """An open stretch of the range with one equilibrium structure: the equilibria at
    a sample point and, per equilibrium, per player and strategy, the probability as a
    formula in the parameter (None where it is not determined)."""

    lo: Exact
    hi: Exact
    sample: Fraction
    equilibria: EquilibriumSet
    formulas: tuple[dict[str, dict[str, Any]] | None, ...] = ()


def threshold_header(parameter: str, rng: tuple[Fraction, Fraction], value: Fraction,
                     thresholds: Sequence[Exact]) -> dict:
    """The JSON fields every threshold result starts with (normal form and trees)."""
    return {"parameter": parameter, "range": [exact_str(rng[0]), exact_str(rng[1])],
            "value": exact_str(value), "thresholds": [exact_str(t) for t in thresholds],
            "thresholds_float": [to_float(t) for t in thresholds]}


@dataclass(frozen=True)
class ParameterSensitivity(Tabular):
    """How the equilibria of a scenario depend on one ranged parameter."""

    parameter: str
    range: tuple[Fraction, Fraction]
    value: Fraction
    thresholds: tuple[Exact, ...]
    intervals: tuple[Interval, ...]
    margin_down: Exact | None              # None: no threshold below within the range
    margin_up: Exact | None
    at_thresholds: tuple[EquilibriumSet | None, ...]   # None at irrational thresholds
    players: tuple[Any, ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = ()

    @property
    def relative_margin(self) -> float:
        """The smaller margin as a share of the range width (inf when none)."""
        width = to_float(self.range[1] - self.range[0]) or 1.0
        ms = [to_float(m) for m in (self.margin_down, self.margin_up) if m is not None]
        return min(ms) / width if ms else math.inf

    def records(self) -> list[dict]:
        """One row per interval and per threshold, with the equilibria there."""
        return sensitivity_records(self)

    def text(self) -> str:
        return sensitivity_text(self)

    def caption(self) -> str:
        return f"Sensitivity to {self.parameter}"

    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's JSON shape for one parameter (plus margins and formulas)."""
        players = game.players if game is not None else self.players
        return {
            **threshold_header(self.parameter, self.range, self.value, self.thresholds),
            "intervals": [{
                "from": exact_str(iv.lo), "to": exact_str(iv.hi),
                "sample": exact_str(iv.sample),
                "equilibria": equilibria_dicts(iv.equilibria, players),
                "formulas": [None if f is None else
                             {pl: {s: readable(x) for s, x in d.items()} for pl, d in f.items()}
                             for f in iv.formulas],
            } for iv in self.intervals],
            "at_thresholds": [None if e is None else equilibria_dicts(e, players)
                              for e in self.at_thresholds],
            "margin_down": None if self.margin_down is None else exact_str(self.margin_down),
            "margin_up": None if self.margin_up is None else exact_str(self.margin_up),
            "complete": self.complete,
            "notes": list(self.notes),
        }


# ------------------------------------------------------------ the analysis

DEFAULT_MAX_WORK = SENSITIVITY_STEPS      # default work budget per parameter (below)


def sensitivity(scenario: Scenario, values: Mapping[str, Fraction | int | str] | None = None,
                *, solver: Solver, max_seconds: float | None = None,
                max_work: int | None = DEFAULT_MAX_WORK) -> list[ParameterSensitivity]:
    """Thresholds, intervals and margins for every parameter with a range, the most
    sensitive (smallest relative margin) first.

    Each parameter gets a work budget of `max_work` steps (support systems examined,
    polynomials whose roots are isolated, games solved; None: no limit), so the same
    input gives the same answer on every machine; `max_seconds` (None: none) adds a
    wall-clock limit for the whole analysis. A parameter not finished within them
    comes back with complete=False and a note naming the limit."""
    from .. import arguments
    max_seconds = arguments.seconds(max_seconds, "max_seconds", zero_ok=True)
    max_work = arguments.work(max_work, "max_work")
    base = baseline(scenario, values)
    if max_seconds is not None:     # imported once here, not again in every worker
        import sympy  # noqa: F401
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    solved: dict[tuple, EquilibriumSet] = {}       # shared: the baseline recurs
    out = []
    for name, p in scenario.parameters.items():
        if p.range is None:
            continue
        out.append(_within_budget(scenario, name, base, solver, solved, max_work,
                                  deadline, max_seconds))
    order = {n: k for k, n in enumerate(scenario.parameters)}
    return sorted(out, key=lambda s: (s.relative_margin, order[s.parameter]))


def _within_budget(scenario: Scenario, name: str, base: Mapping[str, Fraction],
                   solver: Solver, solved: dict, max_work: int | None,
                   deadline: float | None, max_seconds: float | None) -> ParameterSensitivity:
    """One parameter's sensitivity under its work budget and the wall-clock deadline.

    The cooperative checks between steps cannot reach inside one long sympy call
    (factoring, root isolation, a support system's solution), so with a deadline the
    whole parameter runs through games.budget.abandonable: in a worker process killed
    at the deadline, which leaves this process's state untouched and bounds the overrun
    by the time to kill a process. Without a deadline it runs here (and shares the
    solved games of the other parameters)."""
    work = Budget(f"the sensitivity analysis of '{name}'", max_work=max_work)

    def run() -> ParameterSensitivity:
        with active(work):
            return parameter_sensitivity(scenario, name, base, solver, deadline=deadline,
                                         solved=solved, max_seconds=max_seconds)
    if deadline is None:
        return run()
    clock = Budget(work.what, deadline=deadline, seconds=max_seconds)
    try:
        with active(clock):
            return abandonable(run)
    except SolverTimeout:
        return not_analysed(scenario, name, base, _time_limit(max_seconds))


def _time_limit(max_seconds: float | None) -> str:
    budget = "" if max_seconds is None else f" ({max_seconds:g} s)"
    return f"the time limit of the sensitivity analysis{budget} was reached"


def not_analysed(scenario: Scenario, name: str, base: Mapping[str, Fraction],
                 why: str) -> ParameterSensitivity:
    """The result for a parameter whose analysis was cut short: no thresholds, a note."""
    lo, hi = scenario.parameters[name].bounds()
    return ParameterSensitivity(
        name, (lo, hi), base[name], (), (), None, None, (),
        players=tuple(scenario.players), complete=False,
        notes=(f"not analysed: {why}; thresholds unknown",))


class _Solver:
    """Solves the scenario at a value of one parameter, remembering each answer (in
    `solved`, keyed by the whole parameter point, which several parameters share)."""

    def __init__(self, scenario: Scenario, name: str, base: Mapping[str, Fraction],
                 solver: Solver, solved: dict | None = None,
                 deadline: float | None = None) -> None:
        self.scenario, self.name, self.base, self.solver = scenario, name, base, solver
        self.cache: dict[tuple, EquilibriumSet] = {} if solved is None else solved
        self.deadline = deadline

    def __call__(self, x: Fraction) -> EquilibriumSet:
        point = {**self.base, self.name: x}
        key = tuple(sorted(point.items()))
        if key not in self.cache:
            check_deadline(self.deadline)
            game = self.scenario.game(point, check_range=False)
            self.cache[key] = whole(self.solver(game))
        return self.cache[key]


def candidate_points(scenario: Scenario, name: str, base: Mapping[str, Fraction],
                     payoffs: np.ndarray | None = None, deadline: float | None = None
                     ) -> tuple[list[Exact], bool]:
    """Roots inside the range of every critical polynomial in `name`: a superset of
    the thresholds. With min/max/abs, each piece between split points gets its own
    support-system polynomials. `payoffs`: the symbolic payoffs if already built."""
    lo, hi = scenario.parameters[name].bounds()
    sym = make_symbols([name])[0]
    U = symbolic_payoffs(scenario, [name], base, (sym,)) if payoffs is None else payoffs
    crit = critical(scenario, [name], base, payoffs=U, deadline=deadline)
    roots = real_roots_between(crit.polys, sym, lo, hi, deadline)
    complete = crit.complete
    if has_pieces(U):
        edges = [lo, *roots, hi]
        extra: list[Any] = []
        for a, b in zip(edges, edges[1:]):
            piece = critical(scenario, [name], base, point={name: rational_between(a, b)},
                             payoffs=U, deadline=deadline)
            extra.extend(piece.polys)
            complete = complete and piece.complete
        roots = real_roots_between(list(crit.polys) + extra, sym, lo, hi, deadline)
    return roots, complete


def parameter_sensitivity(scenario: Scenario, name: str, base: Mapping[str, Fraction],
                          solver: Solver, deadline: float | None = None,
                          solved: dict | None = None,
                          max_seconds: float | None = None) -> ParameterSensitivity:
    """The sensitivity of the equilibria to one parameter over its range (complete=False
    with a note, and no thresholds, when the monotonic clock passes `deadline`)."""
    try:
        return _parameter_sensitivity(scenario, name, base, solver, deadline, solved)
    except OutOfTime as exc:
        if str(exc) == "time":
            why = _time_limit(max_seconds)
        else:
            why = (f"{exc} (support systems, root isolations and solves; raise it with "
                   "--sensitivity-steps)")
    except NotRational:
        why = (f"'{name}' is used in an exponent, and thresholds are found only for payoffs "
               "that are polynomial or rational in the parameter")
    except TooComplex as exc:
        why = f"too complex in '{name}': {exc}"
    return not_analysed(scenario, name, base, why)


def _check_rational(U: Any, sym: SymExpr) -> None:
    """NotRational when `sym` appears in the exponent of some power in the payoffs."""
    import sympy
    if any(p.exp.has(sym) for e in U.flat for p in e.atoms(sympy.Pow)):
        raise NotRational(str(sym))


def _parameter_sensitivity(scenario: Scenario, name: str, base: Mapping[str, Fraction],
                           solver: Solver, deadline: float | None,
                           solved: dict | None) -> ParameterSensitivity:
    """The work of `parameter_sensitivity` (OutOfTime when the budget runs out)."""
    solve_at = _Solver(scenario, name, base, solver, solved, deadline)
    lo, hi = scenario.parameters[name].bounds()
    sym = make_symbols([name])[0]
    U = symbolic_payoffs(scenario, [name], base, (sym,))
    _check_rational(U, sym)
    cands, complete = candidate_points(scenario, name, base, payoffs=U, deadline=deadline)
    edges = [lo, *cands, hi]
    samples = [rational_between(a, b) for a, b in zip(edges, edges[1:])]
    side = [structure(solve_at(s)) for s in samples]
    kept = changes_at(cands, side, lambda c: structure(solve_at(c)))
    thresholds = tuple(cands[k] for k in kept)
    intervals = _intervals(scenario, name, base, lo, hi, cands, kept, samples, solve_at,
                           (sym, U))
    at = tuple(solve_at(t) if isinstance(t, Fraction) else None for t in thresholds)
    down, up = _margins(base[name], thresholds, intervals, at, solve_at)
    return ParameterSensitivity(name, (lo, hi), base[name], thresholds, intervals, down, up, at,
                                players=tuple(scenario.players), complete=complete,
                                notes=() if complete else ("support enumeration was capped",))


def changes_at(cands: Sequence[Exact], side: Sequence[Structure | None],
               key_at: Callable[[Fraction], Structure | None]
               ) -> list[int]:
    """Which candidate points are real thresholds: those where the answer (`side[k]`
    on the open piece below candidate k, `side[k + 1]` above) differs on the two
    sides or, at a rational candidate, at the point itself (`key_at`). Shared by the
    normal-form and the game-tree sensitivity analyses."""
    kept: list[int] = []
    for k, c in enumerate(cands):
        changes = side[k] != side[k + 1]
        if not changes and isinstance(c, Fraction):
            changes = key_at(c) != side[k]
        if changes:
            kept.append(k)
    return kept


def _intervals(scenario: Scenario, name: str, base: Mapping[str, Fraction], lo: Fraction,
               hi: Fraction, cands: list[Exact], kept: list[int], samples: list[Fraction],
               solve_at: _Solver, symbolic: tuple[Any, Any] | None = None
               ) -> tuple[Interval, ...]:
    """Merge the open pieces between kept thresholds into intervals with formulas."""
    groups: list[list[int]] = [[]]
    for k in range(len(samples)):
        groups[-1].append(k)
        if k in kept:
            groups.append([])
    edges = [lo, *(cands[k] for k in kept), hi]
    if symbolic is None:
        sym = make_symbols([name])[0]
        U = symbolic_payoffs(scenario, [name], base, (sym,))
    else:
        sym, U = symbolic
    cache: dict = {}                # support systems and their solutions, shared
    out = []
    for g, (a, b) in zip(groups, zip(edges, edges[1:])):
        check_deadline(solve_at.deadline)
        v = base[name]
        sample = v if _lt(a, v) and _lt(v, b) and v not in cands else \
            min((samples[k] for k in g), key=lambda x: (x.denominator, abs(x)))
        eqs = solve_at(sample)
        forms = tuple(_formula(U, sym, sample, e, scenario.players, [samples[k] for k in g],
                               cache) for e in eqs)
        out.append(Interval(a, b, sample, eqs, forms))
    return tuple(out)


def _lt(a: Exact, b: Exact) -> bool:
    """a < b for exact numbers."""
    return at_most(a, b) and not (isinstance(a, Fraction) and isinstance(b, Fraction) and a == b)


def _formula(U: Any, sym: Any, sample: Fraction, eq: Any, players: Sequence[Player],
             pieces: Sequence[Fraction], cache: dict | None = None
             ) -> dict[str, dict[str, Any]] | None:
    """Per player and strategy, the probability of `eq` as a formula in the parameter;
    with min/max/abs, only when the same formula holds on every piece. `cache` keeps
    support systems between calls (payoffs without min/max/abs only)."""
    import sympy
    point = {sym: sympy.Rational(sample.numerator, sample.denominator)}
    resolved = resolve_payoffs(U, point) if has_pieces(U) else U
    prof = equilibrium_formula(resolved, point, eq, None if has_pieces(U) else cache)
    if prof is None:
        return None
    if has_pieces(U):
        for s in pieces:
            pt = {sym: sympy.Rational(s.numerator, s.denominator)}
            other = resolve_payoffs(U, pt)
            if any(sympy.simplify(f - g) != 0 for row, orow in
                   zip(prof, _branch_or_none(other, pt, eq, prof)) for f, g in zip(row, orow)):
                return None
    return {p.name: {s.name: prof[i][j] for j, s in enumerate(p.strategies) if prof[i][j] != 0}
            for i, p in enumerate(players)}


def _branch_or_none(U: Any, point: Any, eq: Any, fallback: Any) -> Any:
    """The formula on another piece (by the same support), or the given one."""
    from .support_systems import linear_solution, support_system
    system = support_system(U, eq.support)
    if system.linear:
        sol = linear_solution(system)
        if sol is not None:
            return [list(probs) for probs in solved_profile(U, system, sol)]
    return fallback


def _margins(v: Fraction, thresholds: Sequence[Exact], intervals: Sequence[Interval],
             at: Sequence[EquilibriumSet | None], solve_at: _Solver) -> tuple[Exact | None, Exact | None]:
    """Distance from the baseline to the nearest value, below and above, at which the
    prediction differs from the baseline's (None: nowhere within the range)."""
    here = structure(solve_at(v))
    down = up = None
    for k in range(len(thresholds) - 1, -1, -1):
        t = thresholds[k]
        if at_most(t, v) and _differs(here, k, intervals, at, below=True):
            down = simplify_exact(v - t) if isinstance(t, Fraction) else v - t
            break
    for k, t in enumerate(thresholds):
        if at_most(v, t) and _differs(here, k, intervals, at, below=False):
            up = simplify_exact(t - v) if isinstance(t, Fraction) else t - v
            break
    return down, up


def _differs(here: Structure, k: int, intervals: Sequence[Interval],
             at: Sequence[EquilibriumSet | None], below: bool) -> bool:
    """Does moving past threshold k (downwards when `below`) change the prediction?"""
    beyond = intervals[k] if below else intervals[k + 1]
    if structure(beyond.equilibria) != here:
        return True
    on = at[k]
    return on is not None and structure(on) != here
