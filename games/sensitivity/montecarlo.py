"""Monte Carlo: how often each equilibrium outcome holds when the ranged parameters
are drawn at random.

Every ranged parameter is drawn (numpy Generator, reproducible with a seed) from its
distribution inside its range: uniform; triangular (peak at `mode`, default the
value); normal(value, sd) truncated to the range by redrawing. Draws are grouped by
the sign vector of the critical polynomials, and each class is solved exactly once at
one of its points; draws on a critical surface are solved on their own. With three
or more players mixing, a class is a connected piece of its sign vector (signs.py):
one sign vector may hold pieces with different equilibria. With exactly
two ranged parameters the draws are looked up in the exact region map instead
(region_montecarlo.py), when it can be built within its budget.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from ..budget import report
from ..display import Tabular, montecarlo_records, montecarlo_text
from ..errors import GameError
from ..limits import CRITICAL_STEPS
from ..parallel import BATCHES_PER_WORKER, Executor, SerialExecutor, map_keeping
from .segments import one_piece
from .signs import SignClass, classify, deduce, evaluate_all, learn, sign_matrix
from .sweep import solve_point
from .tally import Tally, tally
from .thresholds import Solver, baseline, support_names

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from ..model import Game, Parameter
    from ..scenario.model import Scenario

Support = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Outcome(Tally):
    """One equilibrium support profile: in how many draws an equilibrium with it exists."""

    support: Support


@dataclass(frozen=True)
class ParameterProfile:
    """The share of each support among the draws whose `parameter` falls in each of
    the equal-width bins between `edges` (NaN where a bin has no draw)."""

    parameter: str
    edges: tuple[float, ...]
    draws: tuple[int, ...]                      # draws per bin
    shares: dict[Support, tuple[float, ...]]


PROFILE_BINS = 10


def parameter_profiles(names: Sequence[str], arrays: Sequence[np.ndarray],
                       masks: Mapping[Support, np.ndarray]) -> tuple[ParameterProfile, ...]:
    """Per parameter, the share of each support in each bin of the parameter's draws
    (`masks[s][k]`: does draw k have an equilibrium with support s)."""
    out = []
    for name, a in zip(names, arrays):
        lo, hi = float(a.min()), float(a.max())
        edges = np.linspace(lo, hi if hi > lo else lo + 1.0, PROFILE_BINS + 1)
        which = np.clip(np.digitize(a, edges[1:-1]), 0, PROFILE_BINS - 1)
        draws = np.bincount(which, minlength=PROFILE_BINS)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = {s: tuple(float(x) for x in np.bincount(which, weights=m.astype(float),
                                                              minlength=PROFILE_BINS) / draws)
                      for s, m in masks.items()}
        out.append(ParameterProfile(name, tuple(float(e) for e in edges),
                                    tuple(int(d) for d in draws), shares))
    return tuple(out)


@dataclass(frozen=True)
class MonteCarloResult(Tabular):
    """Shares of draws in which each equilibrium support occurs (most frequent first)."""

    samples: int
    seed: int | None
    parameters: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    players: tuple[Any, ...] = ()
    classes: int = 0
    complete: bool = True
    by_parameter: tuple[ParameterProfile, ...] = ()   # how each share moves with each parameter
    predictions: Any = None             # predictions.Predictions: one per draw, sum 1
    distributions: tuple[tuple[str, dict[str, str]], ...] = ()
    interrupted: str = ""           # Ctrl-C: what was cut short (`samples`: draws classified)
    notes: tuple[str, ...] = ()     # how the draws were classified, when a limit changed it

    def records(self) -> list[dict]:
        """One row per equilibrium support: share of draws and its 95% interval."""
        return montecarlo_records(self)

    def text(self) -> str:
        return montecarlo_text(self)

    def caption(self) -> str:
        return f"Monte Carlo, {self.samples} draws"

    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's "monte_carlo" object."""
        players = game.players if game is not None else self.players
        return {
            "samples": self.samples,
            "seed": self.seed,
            "parameters": list(self.parameters),
            "outcomes": [{"support": support_names(players, o.support), "share": o.share,
                          "count": o.count, "interval": [o.low, o.high]}
                         for o in self.outcomes],
            **self._predictions_dict(players),
            **({"notes": list(self.notes)} if self.notes else {}),
        }

    def _predictions_dict(self, players: Sequence[Any]) -> dict:
        """"predictions", "drivers" and "distributions" (SPEC "Monte Carlo predictions")."""
        if self.predictions is None:
            return {}
        preds = self.predictions
        return {
            "predictions": [{"supports": [support_names(players, s) for s in p.supports],
                             "share": p.share, "count": p.count, "interval": [p.low, p.high]}
                            for p in preds.shares],
            "distributions": dict(self.distributions),
            "drivers": [{"parameter": d.parameter, "spread": d.spread,
                         "thirds": [{"range": [t.lo, t.hi], "draws": t.draws,
                                     "shares": list(t.shares)} for t in d.thirds]}
                        for d in preds.drivers],
        }





def draw(param: Parameter, n: int, rng: np.random.Generator) -> np.ndarray:
    """n draws of one ranged parameter from its distribution, inside its range."""
    lo, hi = (float(x) for x in param.bounds())
    if lo == hi:
        return np.full(n, lo)
    kind = getattr(param, "distribution", "uniform") or "uniform"
    if kind == "uniform":
        return rng.uniform(lo, hi, n)
    if kind == "triangular":
        mode = float(param.mode if param.mode is not None else param.value)
        return rng.triangular(lo, min(max(mode, lo), hi), hi, n)
    if kind == "normal":
        sd = float(param.sd) if param.sd is not None else (hi - lo) / 4
        return _truncated_normal(float(param.value), sd, lo, hi, n, rng)
    raise GameError(f"parameter '{param.name}': unknown distribution '{kind}'")


def _truncated_normal(mu: float, sd: float, lo: float, hi: float, n: int,
                      rng: np.random.Generator) -> np.ndarray:
    """Normal draws kept inside [lo, hi] by redrawing those outside."""
    if sd <= 0:
        return np.full(n, min(max(mu, lo), hi))
    out = rng.normal(mu, sd, n)
    bad = (out < lo) | (out > hi)
    for _ in range(1000):
        if not bad.any():
            return out
        out[bad] = rng.normal(mu, sd, int(bad.sum()))
        bad = (out < lo) | (out > hi)
    out[bad] = rng.uniform(lo, hi, int(bad.sum()))   # the range is far in a tail
    return out


def monte_carlo(scenario: Scenario, n: int, seed: int | None = None,
                values: Mapping[str, Fraction | int | str] | None = None,
                *, solver: Solver, executor: Executor | None = None,
                max_work: int | None = CRITICAL_STEPS) -> MonteCarloResult:
    """Draw every ranged parameter n times; for each equilibrium support profile, the
    share of draws in which an equilibrium with that support exists.

    The draws are made here, from one generator seeded with `seed`, so they do not
    depend on who solves. Classes whose answer cannot be deduced are solved in waves
    of a few per worker on `executor` (games.parallel; one at a time without it); a
    class deduced or solved gives the same supports, so the counts are the same
    whatever the number of workers. Finding the critical polynomials that group the
    draws is counted, at most `max_work` support systems (None: no limit;
    signs.classify): past it every draw is solved on its own, with a note."""
    from .. import arguments
    from ..limits import MAX_MONTE_CARLO
    n = arguments.count(n, "Monte Carlo draws", 1, MAX_MONTE_CARLO, "draws")
    seed = arguments.seed(seed)
    max_work = arguments.work(max_work, "max_work")
    names = tuple(k for k, p in scenario.parameters.items() if p.range is not None)
    if not names:
        raise GameError("no parameter has a range: nothing to draw")
    solve = solver
    base = baseline(scenario, values)
    rng = np.random.default_rng(seed)
    arrays = [draw(scenario.parameters[k], n, rng) for k in names]

    def exact_at(k: int) -> dict[str, Fraction]:
        return {nm: Fraction(float(a[k])) for nm, a in zip(names, arrays)}

    if len(names) == 2:                     # a look-up per draw in the region map
        from .region_montecarlo import region_draws
        got = region_draws(scenario, names, base, arrays, solve)
        if got is not None:
            return _from_region_draws(scenario, n, seed, names, arrays, got)
    classes, complete, notes = classify(scenario, names, base, arrays, exact_at, max_work,
                                        what="the draws")
    classes.sort(key=lambda c: -len(c.indices))
    counts: dict[Support, int] = {}
    masks: dict[Support, np.ndarray] = {}
    labels: list[tuple] = [()] * n
    known: dict[tuple, bool] = {}
    run = executor or SerialExecutor()
    wave_size = 1 if run.workers == 1 else BATCHES_PER_WORKER * run.workers
    covered = np.zeros(n, dtype=bool)
    k = 0
    stopped = ""
    try:
        while k < len(classes):
            report("Monte Carlo: draws classified", int(covered.sum()), n)
            wave: list[SignClass] = []
            while k < len(classes) and len(wave) < wave_size:
                cls, k = classes[k], k + 1
                present = deduce(cls, known)
                if present is None:
                    wave.append(cls)
                else:
                    record(counts, masks, labels, present, cls.indices, n)
                    covered[cls.indices] = True
            tasks = [(solve, scenario, {**base, **(exact_at(int(c.indices[0])) if c.alone
                                                  else _simple_point(names, arrays, c))})
                     for c in wave]

            def take(i: int, eqs: EquilibriumSet, wave: list[SignClass] = wave) -> None:
                present = {e.support for e in eqs}
                learn(wave[i], present, known)
                record(counts, masks, labels, present, wave[i].indices, n)
                covered[wave[i].indices] = True
            map_keeping(run, solve_point, tasks, take)   # Ctrl-C: keeps those finished
    except KeyboardInterrupt:   # Ctrl-C: the shares of the draws classified so far
        idx = np.flatnonzero(covered)
        if not len(idx):
            raise
        order = ("the draws solved one by one in the order drawn, so a random subsample"
                 if notes else "which are not a random subsample (the largest sign "
                 "classes come first)")
        stopped = (f"the Monte Carlo run was interrupted (Ctrl-C) after {len(idx):,} of "
                   f"{n:,} draws were classified; the shares are over those draws, {order}")
        n, arrays, labels = len(idx), [a[idx] for a in arrays], [labels[i] for i in idx]
        counts, masks = {}, {}
        for i, label in enumerate(labels):
            record(counts, masks, None, set(label), np.array([i]), n)
    return replace(tallied_result(scenario, n, seed, names, arrays, counts, masks, labels,
                                  len(classes), complete, stopped), notes=notes)


def _from_region_draws(scenario: Scenario, n: int, seed: int | None, names: tuple[str, ...],
                       arrays: Sequence[np.ndarray], got: Any) -> MonteCarloResult:
    """The result from the supports of every draw read off a region map
    (region_montecarlo.py). A Ctrl-C while the map was built stops the run, as it
    stops a 2-D sweep drawn from the map (a class left unsolved may sit in any
    cell, so no draw's answer is certain)."""
    if got.interrupted:         # Ctrl-C while the map was built: the run stops
        raise KeyboardInterrupt
    groups = list(got.groups)
    counts: dict[Support, int] = {}
    masks: dict[Support, np.ndarray] = {}
    labels: list[tuple] = [()] * n
    for present, idx in groups:
        record(counts, masks, labels, set(present), idx, n)
    return tallied_result(scenario, n, seed, names, arrays, counts, masks, labels,
                          got.cells, got.complete)


def tallied_result(scenario: Scenario, n: int, seed: int | None, names: tuple[str, ...],
                   arrays: Sequence[np.ndarray], counts: dict[Support, int],
                   masks: dict[Support, np.ndarray], labels: list[tuple], classes: int,
                   complete: bool, stopped: str = "") -> MonteCarloResult:
    """A run's result from its tally of `n` draws (what `record` counted): the shares
    with their intervals, each parameter's profile, the predictions, the distributions."""
    from .predictions import predictions
    outcomes = [Outcome(*tally(c, n), s) for s, c in counts.items()]
    outcomes.sort(key=lambda o: (-o.count, sum(len(x) for x in o.support), o.support))
    ranges = [(float(lo), float(hi))
              for lo, hi in (scenario.parameters[k].bounds() for k in names)]
    preds = predictions(labels, names, arrays, ranges)
    return MonteCarloResult(n, seed, names, tuple(outcomes), tuple(scenario.players),
                            classes, complete and not stopped,
                            parameter_profiles(names, arrays, masks), preds,
                            tuple((k, distribution(scenario.parameters[k])) for k in names),
                            stopped)


def distribution(param: Parameter) -> dict[str, str]:
    """A parameter's distribution as drawn: kind, range, and its mode or sd."""
    from ..numbers import exact_str

    kind = getattr(param, "distribution", "uniform") or "uniform"
    low, high = param.bounds()
    out = {"distribution": kind, "low": exact_str(low), "high": exact_str(high)}
    if kind == "triangular":
        out["mode"] = exact_str(param.mode if param.mode is not None else param.value)
    if kind == "normal":
        out["mean"] = exact_str(param.value)
        out["sd"] = exact_str(param.sd) if param.sd is not None else \
            exact_str((high - low) / 4)
    return out


def record(counts: dict[Support, int], masks: dict[Support, np.ndarray],
           labels: list[tuple] | None, present: set[Support], indices: np.ndarray,
           n: int) -> None:
    """Add a group of draws to the count (and the mask of draws) of every support
    present there, and give each draw its prediction (the sorted tuple of those
    supports) in `labels` (when given)."""
    for sup in present:
        counts[sup] = counts.get(sup, 0) + len(indices)
        masks.setdefault(sup, np.zeros(n, dtype=bool))[indices] = True
    if labels is not None:
        label = tuple(sorted(present))
        for k in indices:
            labels[int(k)] = label


def _simple_point(names: Sequence[str], arrays: Sequence[np.ndarray],
                  cls: SignClass) -> dict[str, Fraction]:
    """A point of the class with small denominators (cheaper exact solving): a draw
    rounded, kept only if it has the same critical signs as the draw itself (and,
    with three or more players mixing, lies in the draw's piece of them)."""
    k = int(cls.indices[0])
    exact = {nm: Fraction(float(a[k])) for nm, a in zip(names, arrays)}
    for limit in (10, 100, 10_000):
        cand = {nm: v.limit_denominator(limit) for nm, v in exact.items()}
        pts = [np.array([float(cand[nm]), float(exact[nm])]) for nm in names]
        signs, near = sign_matrix(evaluate_all(cls.polys, cls.symbols, pts))
        if not near.any() and (signs[:, 0] == signs[:, 1]).all() and (
                not cls.piece or one_piece(cls.piece, [exact[nm] for nm in names],
                                           [cand[nm] for nm in names])):
            return cand
    return exact
