"""One Nash equilibrium of a game too large for enumeration, by tracing the principal
branch of the logit quantal response equilibrium correspondence (McKelvey and Palfrey,
1995; Turocy, 2005) from the uniform profile at lambda = 0 towards lambda -> infinity.

The branch is followed by predictor-corrector continuation in arc length (so turning
points in lambda are passed) in log-probability coordinates (so every point stays in
the simplex). Its end point is polished by Newton's method on the indifference system
of its support, then rebuilt exactly and checked exactly when possible; otherwise it is
reported as numeric with its exactly computed regret as the tolerance.

Lambda is measured on payoffs divided by the game's payoff range (`payoff_scale`), so
step sizes and `max_lambda` mean the same for every game.
"""
from __future__ import annotations

import math
import string
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Iterator, Sequence

import numpy as np

from ..budget import expired
from ..equilibrium import Equilibrium
from ..payoffs import mixture_value
from .verify import check_equilibrium

if TYPE_CHECKING:
    from ..model import Game

Mixture = list[np.ndarray]              # one float probability vector per player

TRACE_REGRET = 1e-6                     # trace stops below this regret (scale-relative)
POLISH_REGRET = 1e-9                    # a polished point must be this good ...
ACCEPT_REGRET = 1e-8                    # ... and a reported numeric one at least this
FIRST_STEP = 0.03                       # initial arc length
MIN_STEP = 1e-10                        # continuation gives up below this step
BIFURCATION_STEP = 1e-6                 # steps this short may change orientation
MAX_STEPS = 20_000
CORRECTOR_ITERATIONS = 8
MAX_DISTANCE, NOMINAL_DISTANCE = 0.1, 0.02          # corrector step length
MAX_CONTRACTION, NOMINAL_CONTRACTION = 0.5, 0.1     # ratio of successive corrections
MAX_ANGLE, NOMINAL_ANGLE = 0.3, 0.06                # turn of the tangent (radians)
MAX_GROWTH = 1.25                                   # longest next step / this step
RELATIVE_STEP = 0.25                                # longest step / (1 + lambda)
PROB_THRESHOLDS = (1e-2, 1e-4, 1e-6, 1e-8)
GAP_THRESHOLDS = (1e-4, 1e-6)           # payoff gaps (scale-relative) of near-best replies
NEAR = 1e-4                             # a polished point this close is taken at once
DENOMINATORS = (10 ** 4, 10 ** 6, 10 ** 9)


@dataclass(frozen=True)
class LogitPoint:
    """A point of the traced branch: lambda (on range-1 payoffs) and the mixed profile."""

    lam: float
    profile: Mixture


# ----------------------------------------------------------------------------
# payoff contractions (vectorised; loops only over players)
# ----------------------------------------------------------------------------
def payoff_scale(game: Game) -> float:
    """The payoff range (max - min over all players), or 1 for a constant game."""
    u = game.float_payoffs
    span = float(u.max() - u.min()) if u.size else 0.0
    return span if span > 0 else 1.0


class _Payoffs:
    """Payoffs divided by the game's range, with the contractions the solver needs (one
    einsum per player or pair of players; no loops over profiles)."""

    def __init__(self, game: Game) -> None:
        self.u = game.float_payoffs / payoff_scale(game)
        self.shape = tuple(game.shape)
        n = len(self.shape)
        axes = string.ascii_letters[:n]
        self._own = [",".join([axes] + [axes[k] for k in range(n) if k != i]) + "->" + axes[i]
                     for i in range(n)]
        self._pair = {(i, k): ",".join([axes] + [axes[c] for c in range(n) if c not in (i, k)])
                      + "->" + axes[i] + axes[k]
                      for i in range(n) for k in range(n) if k != i}

    def values(self, probs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Each player's expected payoff from each own pure strategy against the others."""
        return [np.einsum(self._own[i], self.u[i], *(p for k, p in enumerate(probs) if k != i))
                for i in range(len(probs))]

    def cross(self, probs: Sequence[np.ndarray]) -> dict[tuple[int, int], np.ndarray]:
        """W[i, k][j, l]: player i's payoff from own j when player k plays l, the others
        mixed (the derivative of player i's strategy values in player k's probabilities)."""
        return {(i, k): np.einsum(sub, self.u[i],
                                  *(p for c, p in enumerate(probs) if c not in (i, k)))
                for (i, k), sub in self._pair.items()}

    def both(self, probs: Sequence[np.ndarray]) -> tuple[list[np.ndarray], dict]:
        """Strategy values and cross derivatives together (values read off the latter)."""
        cross = self.cross(probs)
        if len(probs) == 1:
            return self.values(probs), cross
        return [cross[i, 1 if i == 0 else 0] @ probs[1 if i == 0 else 0]
                for i in range(len(probs))], cross

    def regret(self, probs: Sequence[np.ndarray]) -> float:
        """Largest gain from a pure deviation (in units of the payoff range)."""
        return max((float(v.max() - p @ v) for v, p in zip(self.values(probs), probs)),
                   default=0.0)


# ----------------------------------------------------------------------------
# the logit branch
# ----------------------------------------------------------------------------
class _Homotopy:
    """H(x, lam) = 0 on log-probabilities x: log p_ij - log p_i0 = lam (v_ij - v_i0) and
    sum_j p_ij = 1 for every player i; the unknowns are (x, lam)."""

    def __init__(self, game: Game) -> None:
        self.pay = _Payoffs(game)
        self.shape = self.pay.shape
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.blocks = list(zip(self.offsets[:-1].tolist(), self.offsets[1:].tolist()))
        self.size = int(self.offsets[-1])

    def split(self, y: np.ndarray) -> Mixture:
        """The per-player probability vectors of a point y = (x, lam)."""
        return [np.exp(y[a:b]) for a, b in self.blocks]

    def start(self) -> np.ndarray:
        """The uniform profile at lambda = 0."""
        return np.concatenate([np.full(m, -math.log(m)) for m in self.shape] + [[0.0]])

    def evaluate(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """H(y) and its Jacobian dH/d(x, lam), shape (size, size + 1)."""
        probs, lam = self.split(y), y[-1]
        values, cross = self.pay.both(probs)
        res = np.empty(self.size)
        jac = np.zeros((self.size, self.size + 1))
        for i, (a, b) in enumerate(self.blocks):
            x, v = y[a:b], values[i]
            res[a:b - 1] = x[1:] - x[0] - lam * (v[1:] - v[0])
            res[b - 1] = probs[i].sum() - 1.0
            jac[a:b - 1, a] = -1.0
            jac[a:b - 1, a + 1:b] += np.eye(b - a - 1)
            jac[b - 1, a:b] = probs[i]
            jac[a:b - 1, -1] = -(v[1:] - v[0])
            for k, (c, d) in enumerate(self.blocks):
                if k != i:
                    w = cross[i, k]
                    jac[a:b - 1, c:d] = -lam * (w[1:] - w[0]) * probs[k]
        return res, jac

    def regret(self, y: np.ndarray) -> float:
        return self.pay.regret(self.split(y))


def _tangent(jac: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """Unit null vector of the Jacobian, oriented along `previous` (or increasing lambda)."""
    q, _ = np.linalg.qr(jac.T, mode="complete")
    t = q[:, -1]
    ref = previous @ t if previous is not None else t[-1]
    return -t if ref < 0 else t


def _orientation(jac: np.ndarray, t: np.ndarray) -> float:
    """Sign of det [J; t]: constant along a regular path, so a change means the step
    crossed a bifurcation or jumped to another branch passing close by."""
    return float(np.sign(np.linalg.det(np.vstack([jac, t]))))


def _correct(h: _Homotopy, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """Newton's method with minimum-norm steps back onto H = 0: the point, the Jacobian
    there, the length of the first correction and the worst contraction ratio; None when
    a correction is too long or the iteration does not contract fast enough."""
    first, previous, contraction = None, None, 0.0
    for _ in range(CORRECTOR_ITERATIONS + 1):
        res, jac = h.evaluate(y)
        if previous is not None and previous <= 1e-11 * (1.0 + abs(y[-1])):
            return y, jac, first or 0.0, contraction
        dy = np.linalg.lstsq(jac, -res, rcond=None)[0]
        norm = float(np.linalg.norm(dy))
        if not np.isfinite(norm) or norm > MAX_DISTANCE:
            return None
        if previous is not None and norm > 1e-12 * (1.0 + abs(y[-1])):
            contraction = max(contraction, norm / previous)
            if contraction > MAX_CONTRACTION:
                return None
        y = y + dy
        first = norm if first is None else first
        previous = norm
    return None


def _step_factor(distance: float, contraction: float, angle: float) -> float:
    """How much to lengthen the next step (Allgower and Georg's deceleration factor):
    each measure against its nominal value, the worst deciding; at most MAX_GROWTH."""
    worst = max(math.sqrt(distance / NOMINAL_DISTANCE),
                math.sqrt(contraction / NOMINAL_CONTRACTION),
                angle / NOMINAL_ANGLE, 1.0 / MAX_GROWTH)
    return 1.0 / min(worst, 2.0)


def logit_path(game: Game, deadline: float | None = None,
               max_lambda: float = 1e6) -> Iterator[LogitPoint]:
    """The accepted points of the principal logit branch, from the uniform profile at
    lambda = 0 until the regret falls below TRACE_REGRET (scale-relative) or lambda
    passes max_lambda; stops early (silently) at the deadline or if the step collapses.
    Step lengths follow the corrector's first distance and contraction and the turn of
    the tangent, so that sharp folds of the branch are followed, not jumped over; a
    step that changes the orientation (a jump to a branch passing close by) is retried
    shorter, and accepted only when tiny (a true bifurcation point is crossed)."""
    h = _Homotopy(game)
    y = h.start()
    jac = h.evaluate(y)[1]
    t = _tangent(jac, None)
    side = _orientation(jac, t)
    step = FIRST_STEP
    yield LogitPoint(0.0, h.split(y))
    for _ in range(MAX_STEPS):
        if h.regret(y) <= TRACE_REGRET or y[-1] >= max_lambda:
            return
        if expired(deadline, time.perf_counter):
            return
        done = _correct(h, y + step * t)
        if done is not None and done[0][-1] >= 0:
            t_new = _tangent(done[1], t)
            angle = math.acos(min(1.0, float(t_new @ t)))
            new_side = _orientation(done[1], t_new)
            if angle <= MAX_ANGLE and (new_side == side or step <= BIFURCATION_STEP):
                y, t, side = done[0], t_new, new_side
                yield LogitPoint(float(y[-1]), h.split(y))
                step = min(step * _step_factor(done[2], done[3], angle),
                           RELATIVE_STEP * (1.0 + y[-1]))
                continue
        step *= 0.5
        if step < MIN_STEP:
            return


def _end_point(game: Game, deadline: float | None,
               max_lambda: float) -> tuple[LogitPoint | None, bool]:
    """The last traced point, and whether the trace finished (small regret or lambda at
    max_lambda) rather than being stopped by the deadline or a collapsed step."""
    last = None
    for last in logit_path(game, deadline, max_lambda):  # noqa: B007 (the last point is kept)
        pass
    if last is None:
        return None, False
    return last, last.lam >= max_lambda or _Payoffs(game).regret(last.profile) <= TRACE_REGRET


def trace_logit(game: Game, deadline: float | None = None,
                max_lambda: float = 1e6) -> Mixture | None:
    """The end point of the principal logit branch (regret below TRACE_REGRET times the
    payoff range, or lambda at max_lambda), one probability vector per player; None
    when the deadline or a collapsed step stopped the trace first."""
    last, finished = _end_point(game, deadline, max_lambda)
    return last.profile if finished and last is not None else None


# ----------------------------------------------------------------------------
# polishing on a support
# ----------------------------------------------------------------------------
def _candidate_supports(pay: _Payoffs, profile: Mixture) -> list[tuple[tuple[int, ...], ...]]:
    """Supports to try: strategies above a probability threshold, or within a payoff
    gap of the best reply; the most likely strategy of each player always included."""
    values = pay.values(profile)
    out: list[tuple[tuple[int, ...], ...]] = []
    masks = [[p > thr for p in profile] for thr in PROB_THRESHOLDS]
    masks += [[(v.max() - v <= gap) | (p > PROB_THRESHOLDS[0]) for v, p in zip(values, profile)]
              for gap in GAP_THRESHOLDS]
    for mask in masks:
        sup = tuple(tuple(sorted(set(np.flatnonzero(mk).tolist()) | {int(np.argmax(p))}))
                    for mk, p in zip(mask, profile))
        if sup not in out:
            out.append(sup)
    return out


def _embed(shape: Sequence[int], supports: Sequence[Sequence[int]], q: np.ndarray) -> Mixture:
    """Full probability vectors from the support probabilities q (concatenated)."""
    out, c = [], 0
    for m, s in zip(shape, supports):
        full = np.zeros(m)
        full[list(s)] = q[c:c + len(s)]
        c += len(s)
        out.append(full)
    return out


def _indifference(pay: _Payoffs, supports: Sequence[Sequence[int]],
                  q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Residual and Jacobian of: support strategies earn equal payoffs, and each
    player's support probabilities sum to one (unknowns: support probabilities)."""
    values, cross = pay.both(_embed(pay.shape, supports, q))
    offs = np.concatenate([[0], np.cumsum([len(s) for s in supports])]).astype(int)
    f = np.empty(offs[-1])
    jac = np.zeros((offs[-1], offs[-1]))
    for i, s in enumerate(supports):
        a, b = offs[i], offs[i + 1]
        v = values[i][list(s)]
        f[a:b - 1] = v[1:] - v[0]
        f[b - 1] = q[a:b].sum() - 1.0
        jac[b - 1, a:b] = 1.0
        for k, sk in enumerate(supports):
            if k != i:
                w = cross[i, k][np.ix_(list(s), list(sk))]
                jac[a:b - 1, offs[k]:offs[k + 1]] = w[1:] - w[0]
    return f, jac


def _newton(pay: _Payoffs, supports: Sequence[Sequence[int]], q: np.ndarray,
            iterations: int = 40) -> np.ndarray:
    """Newton's method (least-squares steps, for singular systems) to machine precision."""
    for _ in range(iterations):
        f, jac = _indifference(pay, supports, q)
        dq = np.linalg.lstsq(jac, -f, rcond=None)[0]
        q = q + dq
        if not np.all(np.isfinite(q)) or np.abs(q).max() > 1e6:
            return q
        if np.abs(dq).max() <= 1e-15:
            break
    return q


def _hybrid(pay: _Payoffs, supports: Sequence[Sequence[int]], q: np.ndarray) -> np.ndarray:
    """Powell's hybrid method (scipy), the fallback when Newton does not land."""
    from ..budget import import_uninterrupted
    root = import_uninterrupted("scipy.optimize").root
    sol = root(lambda z: _indifference(pay, supports, z), q, jac=True, method="hybr")
    return sol.x


def _acceptable(pay: _Payoffs, supports: Sequence[Sequence[int]], q: np.ndarray) -> Mixture | None:
    """The full profile of support probabilities q when they are (up to rounding)
    nonnegative and its regret (range-1 payoffs) is at most POLISH_REGRET."""
    if not np.all(np.isfinite(q)) or q.min() < -1e-12:
        return None
    probs = _embed(pay.shape, supports, np.clip(q, 0.0, None))
    if any(p.sum() <= 0 for p in probs):
        return None
    probs = [p / p.sum() for p in probs]
    return probs if pay.regret(probs) <= POLISH_REGRET else None


def solve_on_support(game: Game, supports: Sequence[Sequence[int]], q0: np.ndarray,
                     pay: "_Payoffs | None" = None) -> Mixture | None:
    """The indifference system on `supports` solved from the support probabilities q0
    (concatenated): Newton, then scipy's hybrid method; the full profile when it is a
    probability profile with regret at most POLISH_REGRET times the payoff scale."""
    pay = pay or payoffs_of(game)
    found = newton_on_support(game, supports, q0, pay)
    return found if found is not None else _acceptable(pay, supports, _hybrid(pay, supports, q0))


def newton_on_support(game: Game, supports: Sequence[Sequence[int]], q0: np.ndarray,
                      pay: "_Payoffs | None" = None, iterations: int = 40) -> Mixture | None:
    """As `solve_on_support`, Newton's method only (with few iterations, cheap enough
    to try inside the exact solver's pruning)."""
    pay = pay or payoffs_of(game)
    return _acceptable(pay, supports, _newton(pay, supports, q0, iterations))


def payoffs_of(game: Game) -> "_Payoffs":
    """The scaled payoffs and contractions the QRE and support solvers work with (build
    once per game and pass along when solving many supports)."""
    return _Payoffs(game)


def polish(game: Game, profile: Sequence[Sequence[float]] | Mixture) -> Mixture | None:
    """A nearby exact-to-machine-precision equilibrium: the indifference system on each
    support read off `profile` (probability or payoff-gap thresholds) solved by
    `solve_on_support`; the first solution within NEAR of `profile`, else the nearest
    one (None if none)."""
    pay = _Payoffs(game)
    probs = [np.asarray(p, dtype=float) for p in profile]
    best, best_dist = None, math.inf
    for supports in _candidate_supports(pay, probs):
        q0 = np.concatenate([probs[i][list(s)] / max(probs[i][list(s)].sum(), 1e-300)
                             for i, s in enumerate(supports)])
        found = solve_on_support(game, supports, q0, pay)
        if found is not None:
            dist = max(float(np.abs(a - b).max()) for a, b in zip(found, probs))
            if dist <= NEAR:
                return found
            if dist < best_dist:
                best, best_dist = found, dist
    return best


# ----------------------------------------------------------------------------
# the verified result
# ----------------------------------------------------------------------------
def exact_regret(game: Game, profile: tuple[tuple[Fraction, ...], ...]) -> Fraction:
    """The largest gain from a pure deviation at a rational profile, exactly."""
    worst = Fraction(0)
    for i in range(game.n_players):
        vals = game.strategy_values(i, profile)
        worst = max(worst, max(vals) - mixture_value(profile[i], vals))
    return worst


def _rational_mixture(v: Sequence[float] | np.ndarray, den: int) -> tuple[Fraction, ...]:
    """Rational approximation of a probability vector summing exactly to 1."""
    fr = [Fraction(float(p)).limit_denominator(den) if p > 0 else Fraction(0) for p in v]
    k = max(range(len(fr)), key=lambda j: fr[j])
    fr[k] += 1 - sum(fr)
    return tuple(fr)


def _upper_float(x: Fraction) -> float:
    """A float no smaller than x."""
    f = float(x)
    return f if Fraction(f) >= x else math.nextafter(f, math.inf)


def to_equilibrium(game: Game, profile: Mixture) -> Equilibrium | None:
    """An exact Equilibrium when a rational rounding of the float profile passes the exact
    check; else a numeric one (tolerance = exact regret of its rational rounding) if that
    regret is at most ACCEPT_REGRET times the payoff scale; else None."""
    floats = [np.asarray(p, dtype=float) for p in profile]
    for den in DENOMINATORS:
        prof = tuple(_rational_mixture(p, den) for p in floats)
        if check_equilibrium(game, prof).ok:
            return Equilibrium(prof, game.expected_payoffs(prof))
    prof = tuple(_rational_mixture(p, 10 ** 12) for p in floats)
    regret = exact_regret(game, prof)
    if regret == 0:
        return Equilibrium(prof, game.expected_payoffs(prof))
    if regret > Fraction(ACCEPT_REGRET) * Fraction(payoff_scale(game)):
        return None
    return Equilibrium(prof, game.expected_payoffs(prof), exact=False,
                       tolerance=_upper_float(regret))


def qre_equilibrium(game: Game, deadline: float | None = None,
                    max_lambda: float = 1e6) -> Equilibrium | None:
    """One equilibrium: the end of the principal logit branch, polished and verified
    (exact when possible); None when nothing verified is found before the deadline."""
    last, _ = _end_point(game, deadline, max_lambda)
    if last is None or expired(deadline, time.perf_counter):
        return None
    polished = polish(game, last.profile)
    return to_equilibrium(game, polished if polished is not None else last.profile)
