"""Learning dynamics for 2-player games (nashpy), and where play settles.

- fictitious play: each round both players best-respond to the empirical frequencies
  of the other's past play; we follow those empirical frequencies;
- replicator dynamics (two populations): the share of each strategy grows in
  proportion to how much better than average it does against the other population.

These are numeric simulations (floats). The verdict compares the end of the path with
the exact equilibria found: play *settles* when the last point is within `tolerance`
(largest difference of any probability) of one of them, or when no player can gain
more than `tolerance` (on payoffs scaled to a range of 1) by deviating there; otherwise it
*approaches* an equilibrium when its distance keeps shrinking, it *cycles* when it keeps
moving over the last quarter of the run, or *stalls* away
from every equilibrium. Ties in fictitious play are broken at random with a fixed seed,
so runs are reproducible.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from ..model import Game

KINDS = ("fictitious-play", "replicator")
SAMPLE_ROWS = 11                 # rows of the evolution table
REPLICATOR_TIME_PER_STEP = 0.25  # time units (payoffs scaled to range 1) per step
CHUNK = 40                       # replicator steps integrated per restart
TOLERANCE = {"fictitious-play": 0.05, "replicator": 0.01}


@dataclass(frozen=True)
class Sample:
    """The state at one point of the run: `at` is the round (fictitious play) or the
    time (replicator); `state[i][j]` player i's frequency or share of strategy j."""

    at: float
    state: tuple[tuple[float, ...], tuple[float, ...]]


@dataclass(frozen=True)
class DynamicsResult:
    """A simulated run: the kind, its length, a sample of states for a table, the full
    path for a plot, the nearest equilibrium (index from 0) and its distance, the
    largest deviation gain at the end (payoffs scaled to a range of 1), the
    nearest equilibrium's probabilities as floats (`target`), and the
    verdict ("settles", "approaches", "cycles" or "stalls") with the tolerance it used."""

    kind: str
    steps: int
    start: tuple[tuple[float, ...], tuple[float, ...]]
    samples: tuple[Sample, ...]
    final: tuple[tuple[float, ...], tuple[float, ...]]
    nearest: int | None
    distance: float
    regret: float
    verdict: str
    tolerance: float
    target: tuple[tuple[float, ...], ...] | None
    times: np.ndarray = field(repr=False, compare=False)
    path: tuple[np.ndarray, np.ndarray] = field(repr=False, compare=False)

    @property
    def settled(self) -> bool:
        """True when play ends at (within tolerance of) an equilibrium."""
        return self.verdict == "settles"

    def to_dict(self, game: Game) -> dict:
        """JSON form: the sampled path with strategy names, and the verdict."""
        def state(s: tuple[tuple[float, ...], ...]) -> dict:
            return {p.name: {st.name: round(float(v), 6) for st, v in zip(p.strategies, vec)}
                    for p, vec in zip(game.players, s)}
        return {"kind": self.kind, "steps": self.steps, "start": state(self.start),
                "samples": [{"at": round(float(x.at), 6), "state": state(x.state)}
                            for x in self.samples],
                "final": state(self.final),
                "nearest_equilibrium": None if self.nearest is None else self.nearest + 1,
                "distance": round(self.distance, 6), "regret": round(self.regret, 6),
                "verdict": self.verdict, "tolerance": self.tolerance}


def run_dynamics(game: Game, kind: str, steps: int, equilibria: EquilibriumSet,
                 seed: int = 0) -> DynamicsResult:
    """Simulate `kind` for `steps` rounds (fictitious play) or time steps (replicator)
    on a 2-player game and compare where it ends with `equilibria`."""
    if game.n_players != 2:
        raise ValueError("learning dynamics need a 2-player game")
    if kind not in KINDS:
        raise ValueError(f"unknown dynamics '{kind}' (choose from {', '.join(KINDS)})")
    a, b = _scaled(game)
    if kind == "fictitious-play":
        times, xs, ys = fictitious_play(a, b, steps, seed)
    else:
        times, xs, ys = replicator(a, b, steps, seed)
    return _result(kind, steps, times, xs, ys, a, b, equilibria)


def _scaled(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """Both payoff matrices divided by the game's payoff range (a change of time scale
    only), so that speeds and tolerances do not depend on the payoff units."""
    a, b = game.float_payoffs[0], game.float_payoffs[1]
    spread = max(float(np.ptp(a)), float(np.ptp(b)), 1e-12)
    return a / spread, b / spread


def fictitious_play(a: np.ndarray, b: np.ndarray, steps: int,
                    seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Empirical frequencies after rounds 1..steps of nashpy's fictitious play."""
    import nashpy
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        counts = list(nashpy.Game(a, b).fictitious_play(iterations=steps))[1:]
    finally:
        np.random.set_state(state)
    xs = np.array([c[0] / c[0].sum() for c in counts])
    ys = np.array([c[1] / c[1].sum() for c in counts])
    return np.arange(1, len(counts) + 1, dtype=float), xs, ys


def replicator(a: np.ndarray, b: np.ndarray, steps: int,
               seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two-population replicator dynamics from a fixed pseudo-random interior start."""
    import nashpy
    rng = np.random.default_rng(seed)
    x0 = rng.dirichlet(np.ones(a.shape[0]))
    y0 = rng.dirichlet(np.ones(a.shape[1]))
    times = np.linspace(0.0, REPLICATOR_TIME_PER_STEP * steps, steps)
    game = nashpy.Game(a, b)
    xs, ys = [x0], [y0]
    for start in range(0, steps - 1, CHUNK):
        # integrate a chunk at a time, restarting from the clipped, renormalised end
        # point: long runs near the boundary otherwise drift off the simplex
        chunk = times[start:min(start + CHUNK, steps - 1) + 1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cx, cy = game.asymmetric_replicator_dynamics(x0=xs[-1], y0=ys[-1],
                                                         timepoints=chunk - chunk[0])
        xs.extend(_normalised(v) for v in np.asarray(cx)[1:])
        ys.extend(_normalised(v) for v in np.asarray(cy)[1:])
    return times, np.array(xs), np.array(ys)


def _normalised(v: np.ndarray) -> np.ndarray:
    """A probability vector: negatives from rounding clipped, then rescaled to sum 1."""
    v = np.clip(v, 0.0, None)
    total = v.sum()
    return v / total if total > 0 else np.full(len(v), 1.0 / len(v))


def _result(kind: str, steps: int, times: np.ndarray, xs: np.ndarray, ys: np.ndarray,
            a: np.ndarray, b: np.ndarray, equilibria: EquilibriumSet) -> DynamicsResult:
    """Sample the path and decide where it ends."""
    tol = TOLERANCE[kind]
    final = (xs[-1], ys[-1])
    nearest, distance = _nearest(final, equilibria)
    regret = _regret(a, b, *final)
    if distance <= tol or regret <= tol:
        verdict = "settles"
    elif _approaching(xs, ys, equilibria, nearest):
        verdict = "approaches"
    else:
        tail = max(1, len(times) // 4)
        moving = max(float(np.ptp(xs[-tail:], axis=0).max()),
                     float(np.ptp(ys[-tail:], axis=0).max()))
        verdict = "cycles" if moving > tol else "stalls"
    target = None if nearest is None else tuple(
        tuple(v) for v in equilibria.equilibria[nearest].float_profile())
    picks = sorted(set(np.linspace(0, len(times) - 1, SAMPLE_ROWS).round().astype(int)))
    samples = tuple(Sample(float(times[k]), (_tup(xs[k]), _tup(ys[k]))) for k in picks)
    return DynamicsResult(kind, steps, (_tup(xs[0]), _tup(ys[0])), samples,
                          (_tup(final[0]), _tup(final[1])), nearest, distance, regret,
                          verdict, tol, target, times, (xs, ys))


def _approaching(xs: np.ndarray, ys: np.ndarray, equilibria: EquilibriumSet, nearest: int | None) -> bool:
    """True when the distance to the nearest equilibrium keeps shrinking: its largest
    value over the last quarter of the run is under 70% of that over the second."""
    if nearest is None or len(xs) < 8:
        return False
    fp = equilibria.equilibria[nearest].float_profile()
    d = np.maximum(np.abs(xs - np.asarray(fp[0])).max(axis=1),
                   np.abs(ys - np.asarray(fp[1])).max(axis=1))
    q = len(d) // 4
    return float(d[-q:].max()) < 0.7 * float(d[q:2 * q].max())


def _tup(v: np.ndarray) -> tuple[float, ...]:
    return tuple(float(x) for x in v)


def _nearest(point: tuple[np.ndarray, np.ndarray], equilibria: EquilibriumSet) -> tuple[int | None, float]:
    """The equilibrium closest to `point` (largest probability difference) and how close."""
    best, dist = None, float("inf")
    for k, e in enumerate(equilibria.equilibria):
        fp = e.float_profile()
        d = max(float(np.max(np.abs(np.asarray(fp[i]) - point[i]))) for i in range(2))
        if d < dist:
            best, dist = k, d
    return best, dist


def _regret(a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """The largest gain either player could get by a pure deviation at (x, y)."""
    ua, ub = a @ y, x @ b
    return float(max(ua.max() - x @ ua, ub.max() - ub @ y))
