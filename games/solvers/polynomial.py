"""Every Nash equilibrium of an N-player game, exactly: support enumeration with
polynomial indifference systems solved over Q.

Support profiles are visited small and balanced first (Porter, Nudelman and
Shoham, 2008). A profile is skipped when a support strategy is conditionally
dominated given the others' supports (weakly against every pure profile of them and
strictly against one: exact, from the payoff signs), or, with three or more players
mixing, when a rigorous interval test (the functions are affine in each player's
block) shows on bisected boxes that the indifference system has no solution in the
simplex that beats every outside strategy; boxes near a face are bisected deeper.
Surviving systems are solved exactly: a Fraction linear solve when at most two players
mix, else a lex Groebner basis over Q, real roots of the
eliminant and back-substitution in the number field Q(alpha) (see algebraic.py).
Every reported point passes an exact deviation check. Positive-dimensional
solution sets are reported as components with verified sample points.
"""
from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import prod
from typing import Any, Iterator, Sequence

import numpy as np

from ..equilibrium import Component, Equilibrium, EquilibriumSet, sort_equilibria
from ..errors import SolverTimeout, TooLargeError
from ..model import mixture_value
from ..budget import alarm_at
from .algebraic import FieldElement, RealRoot, exact_sign, real_roots, to_exact
from .verify import check_equilibrium, max_regret_float

MAX_SUPPORT_PROFILES = 200_000      # above this (after dominance), exact enumeration refuses
BOX_BUDGET = 2000                   # most boxes alive at once in the interval test ...
BIG_BOX_BUDGET = 60_000             # ... for systems of BIG_SYSTEM+ unknowns, where the
BIG_SYSTEM = 6                      #     exact algebra it spares would be far dearer
NEWTON_ROUNDS = (8, 24)             # bisection rounds after which, with more than
NEWTON_BOXES = 16                   # this many boxes alive, Newton looks for an equilibrium
NEWTON_ITERATIONS = 12              # ... with this many steps at most
BOX_LEVELS = 7                      # bisection depth per free probability
DEEP_LEVELS = 30                    # ... continued while few boxes remain (a near miss)
DEEP_BOXES = 64
SAMPLES_PER_COMPONENT = 3
NUMERIC_SECONDS = 20.0              # the numeric method's budget when none is given ...
QRE_SHARE = 0.5                     # ... of which logit tracing may use this share

Support = tuple[tuple[int, ...], ...]


# ----------------------------------------------------------------------------
# public entry points
# ----------------------------------------------------------------------------
def solve_polynomial(game: Any, timeout: float | None = None) -> EquilibriumSet:
    """Every equilibrium of an N-player game, exact, when the set is finite; non-isolated
    solution sets are reported as components with verified sample points."""
    start = time.perf_counter()
    deadline = None if timeout is None else start + timeout
    keep = _undominated(game)
    sub = game.restrict(keep) if any(len(k) < m for k, m in zip(keep, game.shape)) else game
    count = prod(2 ** len(k) - 1 for k in keep)
    if count > MAX_SUPPORT_PROFILES:
        raise TooLargeError(
            f"{count:,} support profiles remain after removing dominated strategies, too many "
            f"for exact enumeration; the numeric method (--method numeric) finds a sample "
            f"of equilibria instead")
    solver = _SupportSolver(game, sub, keep, deadline)
    with alarm_at(deadline, "the polynomial solver"):
        for supports in support_profiles(sub.shape):
            solver.check_time()
            if solver.pruned(supports):
                continue
            solver.solve(supports)
    return solver.result(time.perf_counter() - start)


def numeric_equilibrium(game: Any, timeout: float | None = None) -> EquilibriumSet:
    """At least one equilibrium of a game too large for enumeration: the end of the
    logit QRE branch (qre.py), then support enumeration (small supports first) with a
    numeric solve of each system for more; each point exact when it can be rebuilt and
    verified exactly, else numeric with its regret as the stated tolerance."""
    from .qre import qre_equilibrium

    start = time.perf_counter()
    budget = NUMERIC_SECONDS if timeout is None else timeout
    deadline = start + budget
    found: list[Equilibrium] = []
    traced = qre_equilibrium(game, deadline=start + budget * QRE_SHARE)
    if traced is not None:
        found.append(traced)
    keep = _undominated(game)
    sub = game.restrict(keep) if any(len(k) < m for k, m in zip(keep, game.shape)) else game
    solver = _SupportSolver(game, sub, keep, deadline)
    more: list[Equilibrium] = []
    try:
        with alarm_at(deadline, "the numeric search"):
            _numeric_sweep(solver, sub.shape, more)
    except SolverTimeout:
        pass
    found += [e for e in more if not any(_same_point(e, f) for f in found)]
    if not found:
        raise SolverTimeout("no equilibrium found numerically")
    exact = all(e.exact for e in found)
    out = EquilibriumSet(sort_equilibria(found), method="logit QRE tracing and numeric "
                         "support enumeration", complete=False, exact=exact,
                         seconds=time.perf_counter() - start)
    out.notes.append("a sample of equilibria found numerically, not an enumeration of all")
    return out


def _same_point(a: Equilibrium, b: Equilibrium) -> bool:
    """The same equilibrium, exactly or (for numeric ones) within 1e-9."""
    if a.exact and b.exact:
        return a.key() == b.key()
    return all(abs(x - y) <= 1e-9 for pa, pb in zip(a.float_profile(), b.float_profile())
               for x, y in zip(pa, pb))


def _numeric_sweep(solver: "_SupportSolver", shape: Sequence[int], found: list[Equilibrium]) -> None:
    """Support profiles, smallest first, solved numerically until the first size class
    that yields an equilibrium is done (found grows in place, kept on a timeout)."""
    size_class = None
    for supports in support_profiles(shape):
        solver.check_time()
        size = sum(len(s) for s in supports)
        if found and size != size_class:
            return
        if solver.pruned(supports):
            continue
        eq = solver.numeric_point(supports)
        if eq is not None:
            found.append(eq)
            size_class = size


# ----------------------------------------------------------------------------
# support profiles
# ----------------------------------------------------------------------------
def support_profiles(shape: Sequence[int]) -> Iterator[Support]:
    """Every support profile, smallest total size first, then most balanced first."""
    sizes = sorted(itertools.product(*(range(1, m + 1) for m in shape)),
                   key=lambda ks: (sum(ks), max(ks) - min(ks), ks))
    for ks in sizes:
        yield from itertools.product(*(itertools.combinations(range(m), k)
                                       for m, k in zip(shape, ks)))


def _undominated(game: Any) -> list[list[int]]:
    """Strategies surviving iterated strict dominance by pure strategies (exact)."""
    keep = [list(range(m)) for m in game.shape]
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            if len(keep[i]) == 1:
                continue
            arr = game.payoffs[i][np.ix_(*keep)]
            rows = np.moveaxis(arr, i, 0).reshape(len(keep[i]), -1)
            for a in range(len(keep[i])):
                if any(all(x > y for x, y in zip(rows[b], rows[a]))
                       for b in range(len(keep[i])) if b != a):
                    del keep[i][a]
                    changed = True
                    break
    return keep


# ----------------------------------------------------------------------------
# the solver for one game
# ----------------------------------------------------------------------------
@dataclass
class _SupportSolver:
    """Support-by-support solving, collecting verified equilibria and components."""

    game: Any
    sub: Any
    keep: list[list[int]]
    deadline: float | None
    found: dict[tuple, Equilibrium] = field(default_factory=dict)
    components: list[tuple[Support, list[tuple], str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    complete: bool = True

    def __post_init__(self) -> None:
        u = self.sub.float_payoffs
        self.u = u
        self.eps = 1e-9 * max(1.0, float(np.max(np.abs(u))) if u.size else 1.0)
        self.signs = [_sign_tensor(self.sub, i) for i in range(self.sub.n_players)]
        self._killed: dict[tuple, np.ndarray] = {}
        self._pay: Any = None           # scaled float payoffs for Newton (qre.py), on demand

    def check_time(self) -> None:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise SolverTimeout("the polynomial solver ran out of time")

    # -- pruning ---------------------------------------------------------------
    def pruned(self, supports: Support) -> bool:
        """True when the support profile provably holds no equilibrium: exact conditional
        dominance first, then (3+ mixing players) a bisected interval test."""
        if self._dominated(supports):
            return True
        if sum(1 for s in supports if len(s) > 1) < 3:
            return False
        return self._boxes_empty(supports)

    def _dominated(self, supports: Support) -> bool:
        """Some support strategy is beaten, against every pure profile of the others'
        supports, weakly and at least once strictly by another strategy: with every
        support strategy played with positive probability it is then never a best reply."""
        for i, s in enumerate(supports):
            key = (i, supports[:i] + supports[i + 1:])
            killed = self._killed.get(key)
            if killed is None:
                killed = self._killed[key] = _killed(self.signs[i], key[1])
            if killed[list(s)].any():
                return True
        return False

    def _boxes_empty(self, supports: Support) -> bool:
        """Rigorous interval test on boxes of free probabilities, bisected: True when no
        box can hold a solution of the indifference system that beats every outside
        strategy. Stops early (False) once Newton from a surviving box lands on a point
        that is an equilibrium in floats: the exact solver must then run anyway."""
        n = self.sub.n_players
        diffs = [self._diff_tensor(i, supports) for i in range(n)]
        nv = sum(len(s) - 1 for s in supports)
        budget = BIG_BOX_BUDGET if nv >= BIG_SYSTEM else BOX_BUDGET
        lo, hi = np.zeros((1, nv)), np.ones((1, nv))
        for level in range(DEEP_LEVELS * max(nv, 1)):
            ok = self._feasible_boxes(supports, diffs, lo, hi)
            lo, hi = lo[ok], hi[ok]
            if not len(lo):
                return True
            if len(lo) > budget:
                return False
            if level in NEWTON_ROUNDS and len(lo) > NEWTON_BOXES and \
                    self._newton_lands(supports, (lo[0] + hi[0]) / 2):
                return False
            widths = hi - lo
            k = np.argmax(widths, axis=1)
            rows = np.arange(len(lo))
            widest = widths[rows, k].max()
            if widest < 2.0 ** -DEEP_LEVELS or (widest < 2.0 ** -BOX_LEVELS and (
                    len(lo) > DEEP_BOXES or not _touch_boundary(supports, lo, hi))):
                return False
            mid = (lo[rows, k] + hi[rows, k]) / 2
            lo2, hi1 = lo.copy(), hi.copy()
            hi1[rows, k] = mid
            lo2[rows, k] = mid
            lo, hi = np.vstack([lo, lo2]), np.vstack([hi1, hi])
        return False

    def _newton_lands(self, supports: Support, x: np.ndarray) -> bool:
        """Newton's method on the indifference system from free probabilities x: True
        when it converges to a point with every support probability positive and no
        better outside strategy (in floats), i.e. the support very likely holds an
        equilibrium."""
        from .qre import newton_on_support, payoffs_of

        if self._pay is None:
            self._pay = payoffs_of(self.sub)
        found = newton_on_support(self.sub, supports, np.concatenate(_mixtures(supports, x)),
                                  self._pay, iterations=NEWTON_ITERATIONS)
        return found is not None and all(float(p[list(s)].min()) > 1e-9
                                         for p, s in zip(found, supports))

    def _diff_tensor(self, i: int, supports: Support) -> np.ndarray:
        """u_i(t, a_-i) - u_i(s0, a_-i) for every own t and a_-i in the others' supports;
        axes: own strategy, then the other mixing players (pure ones squeezed out)."""
        idx = [list(s) if j != i else list(range(self.sub.shape[i])) for j, s in enumerate(supports)]
        arr = self.u[i][np.ix_(*idx)]
        arr = np.moveaxis(arr, i, 0)
        arr = arr - arr[supports[i][0]]
        pure_axes = tuple(a + 1 for a, j in enumerate(j for j in range(len(supports)) if j != i)
                          if len(supports[j]) == 1)
        return arr.reshape([d for a, d in enumerate(arr.shape) if a not in pure_axes])

    def _feasible_boxes(self, supports: Support, diffs: list[np.ndarray], lo: np.ndarray,
                        hi: np.ndarray) -> np.ndarray:
        """For each box of free probabilities (rows of lo, hi): False when, everywhere in
        it, some indifference fails or some strategy is strictly better than the support.
        The functions are affine in each player's block, so their exact range over a box
        comes from the corners of all blocks but one and the coefficients of the last."""
        ok = np.ones(len(lo), dtype=bool)
        boxes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        c = 0
        for j, s in enumerate(supports):
            k = len(s) - 1
            if k == 0:
                continue
            boxes[j] = (lo[:, c:c + k], hi[:, c:c + k])
            c += k
            ok &= boxes[j][0].sum(axis=1) <= 1 + 1e-12
        corners: dict[int, np.ndarray] = {}
        for i in range(len(supports)):
            others = [j for j in range(len(supports)) if j != i and j in boxes]
            if others:
                vlo, vhi = _box_range(diffs[i], others, boxes, corners)
            else:
                vlo = vhi = np.broadcast_to(diffs[i].reshape(1, -1), (len(lo), diffs[i].shape[0]))
            inside = np.zeros(vlo.shape[1], dtype=bool)
            inside[list(supports[i])] = True
            ok &= ~np.any(vlo > self.eps, axis=1)
            ok &= ~np.any(inside & (vhi < -self.eps), axis=1)
        return ok

    # -- exact solving -----------------------------------------------------------
    def solve(self, supports: Support) -> None:
        """Solve one support profile's indifference system exactly and record results."""
        system = _System.build(self.sub, supports)
        if system.nvars == 0:
            self._record(supports, [()])
            return
        if system.is_linear():
            sol = _linear_solve(system.linear_rows())
            if sol is None:
                return
            particular, basis = sol
            if not basis:
                self._record(supports, [tuple(particular)])
            else:
                self._linear_component(supports, system, particular, basis)
            return
        self._polynomial(supports, system)

    def _polynomial(self, supports: Support, system: "_System") -> None:
        """Groebner basis route for three or more mixing players."""
        status, points = _solve_zero_dim(system.polys, system.nvars, self)
        if status == "empty":
            return
        if status == "points":
            self._record(supports, points)
            return
        self._polynomial_component(supports, system)

    def _record(self, supports: Support, points: Sequence[tuple]) -> list[tuple]:
        """Keep the points that are equilibria with exactly this support; return their keys."""
        keys = []
        for point in points:
            profile = _profile_from_point(self.game, self.keep, supports, point)
            if profile is None:
                continue
            key = _field_check(self.game, profile)
            if key is not None:
                keys.append(key)
                if key not in self.found:
                    self.found[key] = _to_equilibrium(self.game, profile)
        return keys

    # -- positive-dimensional sets ---------------------------------------------
    def _linear_component(self, supports: Support, system: "_System",
                          particular: list[Fraction], basis: list[list[Fraction]]) -> None:
        """Affine solution set: on lines through it the equilibrium conditions are
        polynomials in one parameter, so their real roots cut each line into intervals
        that are equilibria entirely or not at all; a 1-dimensional set is thus settled
        exactly, a larger one is sampled along several lines."""
        rng = random.Random(17)
        lines = [(particular, v) for v in basis]
        for _ in range(4 if len(basis) > 1 else 0):
            t = [Fraction(rng.randint(-6, 6), rng.randint(1, 6)) for _ in basis]
            base = [p + sum(tk * v[i] for tk, v in zip(t, basis)) for i, p in enumerate(particular)]
            direction = [sum(Fraction(rng.randint(-3, 3)) * v[i] for v in basis)
                         for i in range(len(particular))]
            if any(direction):
                lines.append((base, direction))
        keys: list[tuple] = []
        for base, direction in lines:
            self.check_time()
            for k in self._line_intervals(supports, base, direction):
                if k not in keys:
                    keys.append(k)
        names = _support_names(self.game, self.keep, supports)
        if keys:
            self.components.append((supports, keys[:2 * SAMPLES_PER_COMPONENT],
                                    f"non-isolated equilibria with support {names} "
                                    f"(a {len(basis)}-dimensional affine set of solutions); "
                                    f"sample points listed"))
        elif len(basis) > 1:
            self.complete = False
            self.notes.append(f"support {names}: the indifference system has a "
                              f"{len(basis)}-dimensional affine set of solutions; sampled "
                              f"lines through it held no equilibrium, so some may be missing")

    def _line_intervals(self, supports: Support, base: list[Fraction],
                        direction: list[Fraction]) -> list[tuple]:
        """Record every equilibrium on the line base + t*direction (all of its support
        conditions are polynomials in t); return the keys of the points in the open
        intervals of equilibria found (the non-isolated ones)."""
        n = self.game.n_players
        ts = [Fraction(k) for k in range(n + 2)]
        samples = [self._line_conditions(supports, [b + t * d for b, d in zip(base, direction)])
                   for t in ts]
        roots: list[Any] = []
        for col in range(len(samples[0])):
            coeffs = _interpolate(ts, [row[col] for row in samples])
            if any(coeffs[1:]):
                roots.extend(real_roots(coeffs))
        roots.sort(key=float)
        cuts: list[Any] = []
        for r in roots:
            if not cuts or abs(float(r) - float(cuts[-1])) > 1e-12 or \
                    (isinstance(r, Fraction) and isinstance(cuts[-1], Fraction) and r != cuts[-1]):
                cuts.append(r)
        mids = _between(cuts)
        interval_keys: list[tuple] = []
        got_cuts = [self._record(supports, [self._line_point(base, direction, c)]) for c in cuts]
        for k, (mid, left, right) in enumerate(mids):
            got = self._record(supports, [self._line_point(base, direction, mid)])
            if not got:
                continue
            interval_keys.extend(got)
            if left is not None:
                interval_keys.extend(got_cuts[k - 1])
                interval_keys.extend(self._record(supports, [self._line_point(
                    base, direction, _simple_between(left, mid))]))
            if right is not None:
                interval_keys.extend(got_cuts[k])
        return interval_keys

    @staticmethod
    def _line_point(base: list[Fraction], direction: list[Fraction], t: Any) -> tuple:
        at = t if isinstance(t, Fraction) else t.element((Fraction(0), Fraction(1)))
        return tuple(b + at * d for b, d in zip(base, direction))

    def _line_conditions(self, supports: Support, point: list[Fraction]) -> list[Fraction]:
        """Support probabilities and every deviation gain at a rational point."""
        profile = _profile_from_point(self.game, self.keep, supports, point, strict=False)
        out = [p for probs in profile for p in probs]
        for i in range(self.game.n_players):
            vals = self.game.strategy_values(i, profile)
            j0 = self.keep[i][supports[i][0]]
            out.extend(v - vals[j0] for v in vals)
        return out

    def _polynomial_component(self, supports: Support, system: "_System") -> None:
        """Positive-dimensional polynomial set: repeatedly fix the last variable that the
        Groebner basis leaves free at a rational inside (0, 1), until the rest is finite."""
        rng = random.Random(11)
        points: list[tuple] = []
        values = [Fraction(a, b) for b in range(2, 9) for a in range(1, b)]
        R = _ring(system.nvars)
        for _ in range(12):
            self.check_time()
            fixed: dict[int, Fraction] = {}
            while True:
                G = _groebner(_substitute(system.polys, system.nvars, fixed), R)
                if any(g.is_ground and g for g in G):
                    break
                free = _free_variables(G, system.nvars)
                if not free:
                    points.extend(_triangular_points(G, system.nvars, self))
                    break
                fixed[free[-1]] = rng.choice(values)
            if len(points) >= 3 * SAMPLES_PER_COMPONENT:
                break
        self._sample_component(supports, points, "a positive-dimensional algebraic set")

    def _sample_component(self, supports: Support, candidates: Sequence[tuple], what: str) -> None:
        """Record verified sample points of a non-isolated set as a component."""
        keys: list[tuple] = []
        numeric = [c for c in candidates if _float_ok(self, supports, c)]
        for c in numeric + [c for c in candidates if c not in numeric][:20]:
            for k in self._record(supports, [c]):
                if k not in keys:
                    keys.append(k)
            if len(keys) >= SAMPLES_PER_COMPONENT:
                break
        names = _support_names(self.game, self.keep, supports)
        if keys:
            self.components.append((supports, keys, f"non-isolated equilibria with support "
                                                    f"{names}: {what}; sample points listed"))
        else:
            self.complete = False
            self.notes.append(f"support {names}: the indifference system has {what} of "
                              f"solutions; no sample point in it was verified as an "
                              f"equilibrium, so equilibria there may be missing")

    # -- numeric ---------------------------------------------------------------
    def numeric_point(self, supports: Support) -> Equilibrium | None:
        """A numeric solution of the support system (exact when rebuilt), or None."""
        system = _System.build(self.sub, supports)
        if system.nvars == 0 or system.is_linear():
            before = set(self.found)
            try:
                self.solve(supports)
            except SolverTimeout:
                raise
            new = [k for k in self.found if k not in before]
            return self.found[new[0]] if new else None
        return _numeric_solve(self, supports, system)

    # -- result -----------------------------------------------------------------
    def result(self, seconds: float) -> EquilibriumSet:
        eqs = sort_equilibria(list(self.found.values()))
        position = {id(e): n for n, e in enumerate(eqs)}
        index = {k: position[id(e)] for k, e in self.found.items()}
        comps = [Component(members=tuple(index[k] for k in keys), description=desc)
                 for _, keys, desc in self.components]
        out = EquilibriumSet(eqs, method="support enumeration + exact polynomial solve",
                             complete=self.complete, exact=True, degenerate=bool(comps) or
                             not self.complete, components=comps, notes=list(self.notes),
                             seconds=seconds)
        if comps:
            out.notes.append("the game has non-isolated equilibria: each component is shown "
                             "by verified sample points; the isolated equilibria are all listed")
        return out


def _sign_tensor(game: Any, i: int) -> np.ndarray:
    """Exact signs of u_i(t, a) - u_i(s, a), axes (t, s, the others' strategies)."""
    arr = np.moveaxis(game.payoffs[i], i, 0)
    diff = arr[:, None] - arr[None, :]
    return ((diff > 0).astype(np.int8) - (diff < 0).astype(np.int8))


def _killed(signs: np.ndarray, others: Support) -> np.ndarray:
    """For each own strategy s: is some t at least as good against every pure profile of
    the others' supports and strictly better against one?"""
    sub = signs[np.ix_(range(signs.shape[0]), range(signs.shape[1]), *others)]
    sub = sub.reshape(signs.shape[0], signs.shape[1], -1)
    weak = (sub >= 0).all(axis=2) & (sub > 0).any(axis=2)
    return weak.any(axis=0)


def _touch_boundary(supports: Support, lo: np.ndarray, hi: np.ndarray) -> bool:
    """Does some box reach a face of the simplex (a probability that can be zero)? Only
    then is deeper bisection worth it: a solution just outside is a common near miss."""
    c = 0
    for s in supports:
        k = len(s) - 1
        if k:
            if (lo[:, c:c + k] <= 0).any() or (hi[:, c:c + k].sum(axis=1) >= 1).any():
                return True
            c += k
    return False


def _mixtures(supports: Support, x: np.ndarray) -> list[np.ndarray]:
    """Each player's mixture over its support from the free probabilities x."""
    out, c = [], 0
    for s in supports:
        k = len(s) - 1
        out.append(np.concatenate([[1.0 - x[c:c + k].sum()], x[c:c + k]]))
        c += k
    return out


def _box_corners(blo: np.ndarray, bhi: np.ndarray) -> np.ndarray:
    """Mixed strategies at the corners of each box: shape (boxes, corners, support)."""
    bits = _bits(blo.shape[1])
    cv = blo[:, None, :] + bits[None] * (bhi - blo)[:, None, :]
    return np.concatenate([1.0 - cv.sum(axis=2, keepdims=True), cv], axis=2)


def _box_range(diff: np.ndarray, others: list[int], boxes: dict, corners: dict
               ) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest value over each box of every row of `diff` (axes: own
    strategy, then the mixing others in order): corners of every block except the
    largest, whose (affine) contribution is bounded coefficient by coefficient."""
    big = max(range(len(others)), key=lambda a: boxes[others[a]][0].shape[1])
    w = np.moveaxis(diff, big + 1, -1)
    w = w.reshape(1, w.shape[0], 1, *w.shape[1:])             # (boxes, t, corners, a..., a_big)
    for a, j in enumerate(others):
        if a == big:
            continue
        if j not in corners:
            corners[j] = _box_corners(*boxes[j])
        p = corners[j]
        rest = w.shape[4:]
        w3 = w.reshape(w.shape[0], w.shape[1], w.shape[2], w.shape[3], -1)
        if w3.shape[0] == 1:
            out = np.einsum("tcar,zka->ztckr", w3[0], p)
        else:
            out = np.einsum("ztcar,zka->ztckr", w3, p)
        w = out.reshape(out.shape[0], out.shape[1], out.shape[2] * out.shape[3], *rest)
    blo, bhi = boxes[others[big]]
    base = w[..., 0]
    coef = w[..., 1:] - w[..., :1]
    lo_t, hi_t = coef * blo[:, None, None, :], coef * bhi[:, None, None, :]
    vmin = base + np.minimum(lo_t, hi_t).sum(axis=-1)
    vmax = base + np.maximum(lo_t, hi_t).sum(axis=-1)
    return vmin.min(axis=2), vmax.max(axis=2)


@lru_cache(maxsize=32)
def _bits(k: int) -> np.ndarray:
    """The 2**k corners of the unit cube in k dimensions, as rows of 0/1."""
    return np.array(list(itertools.product((0.0, 1.0), repeat=k))).reshape(-1, k)


# ----------------------------------------------------------------------------
# the polynomial system of a support profile
# ----------------------------------------------------------------------------
@lru_cache(maxsize=64)
def _ring(nvars: int) -> Any:
    from sympy.polys.domains import QQ
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring

    return ring(",".join(f"x{k}" for k in range(nvars)), QQ, lex)[0]


@dataclass
class _System:
    """Indifference equations of one support profile as polynomials over Q.

    Variables: for each player with a support of k >= 2 strategies, the probabilities
    of its support strategies 2..k (the first gets 1 minus their sum)."""

    nvars: int
    polys: list[Any]
    ring: Any

    @staticmethod
    def build(game: Any, supports: Support) -> "_System":
        nvars = sum(len(s) - 1 for s in supports)
        if nvars == 0:
            return _System(0, [], None)
        from sympy.polys.domains import QQ

        R = _ring(nvars)
        gens = R.gens
        mixes: list[list[Any]] = []
        c = 0
        for s in supports:
            xs = list(gens[c:c + len(s) - 1])
            c += len(s) - 1
            mixes.append([R.one - sum(xs, R.zero)] + xs if xs else [R.one])
        polys = []
        n = len(supports)
        for i in range(n):
            if len(supports[i]) < 2:
                continue
            others = [j for j in range(n) if j != i]
            weights = _weights([mixes[j] for j in others], R)
            arr = game.payoffs[i]
            for s in supports[i][1:]:
                poly = R.zero
                for combo, w in zip(itertools.product(*(supports[j] for j in others)), weights):
                    prof_s = list(combo)
                    prof_s.insert(i, s)
                    prof_0 = list(combo)
                    prof_0.insert(i, supports[i][0])
                    d = arr[tuple(prof_s)] - arr[tuple(prof_0)]
                    if d:
                        poly += w * QQ(d.numerator, d.denominator)
                polys.append(poly)
        return _System(nvars, polys, R)

    def is_linear(self) -> bool:
        return all(sum(m) <= 1 for p in self.polys for m in p.keys())

    def linear_rows(self) -> list[list[Fraction]]:
        """Rows [a_1..a_n | -b] of the linear equations a.x + b = 0 as Fractions."""
        rows = []
        for p in self.polys:
            row = [Fraction(0)] * (self.nvars + 1)
            for m, c in p.items():
                v = Fraction(int(c.numerator), int(c.denominator))
                if sum(m) == 0:
                    row[-1] = -v
                else:
                    row[m.index(1)] = v
            rows.append(row)
        return rows


def _weights(mixes: list[list[Any]], R: Any) -> list[Any]:
    """Products of one entry per mixture, in itertools.product order."""
    out = [R.one]
    for mix in mixes:
        out = [w * m for w in out for m in mix]
    return out


def _linear_solve(rows: list[list[Fraction]]) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """Exact solution of a linear system: a particular solution and a null-space basis,
    or None when inconsistent."""
    if not rows:
        return None
    n = len(rows[0]) - 1
    m = [list(r) for r in rows]
    pivots: list[int] = []
    r = 0
    for col in range(n):
        piv = next((k for k in range(r, len(m)) if m[k][col] != 0), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        inv = 1 / m[r][col]
        m[r] = [v * inv for v in m[r]]
        for k in range(len(m)):
            if k != r and m[k][col] != 0:
                f = m[k][col]
                m[k] = [a - f * b for a, b in zip(m[k], m[r])]
        pivots.append(col)
        r += 1
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in m):
        return None
    particular = [Fraction(0)] * n
    for k, col in enumerate(pivots):
        particular[col] = m[k][n]
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        v = [Fraction(0)] * n
        v[free] = Fraction(1)
        for k, col in enumerate(pivots):
            v[col] = -m[k][free]
        basis.append(v)
    return particular, basis


# ----------------------------------------------------------------------------
# zero-dimensional systems: Groebner basis, eliminant, back-substitution
# ----------------------------------------------------------------------------
def _groebner(polys: list[Any], R: Any) -> list[Any]:
    from sympy.polys.groebnertools import groebner

    polys = [p for p in polys if p]
    if not polys:
        return []
    return groebner(polys, R, method="f5b")


def _solve_zero_dim(polys: list[Any], nvars: int, solver: Any) -> tuple[str, list[tuple]]:
    """('empty'|'points'|'positive', real solutions) of a polynomial system over Q."""
    R = _ring(nvars)
    G = _groebner(polys, R)
    if any(g.is_ground and g for g in G):
        return "empty", []
    if not _zero_dimensional(G, nvars):
        return "positive", []
    return "points", _triangular_points(G, nvars, solver)


def _free_variables(G: list[Any], nvars: int) -> list[int]:
    """Variables with no pure power among the leading monomials (empty: zero-dimensional)."""
    pure = set()
    for g in G:
        nz = [k for k, e in enumerate(g.LM) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return [v for v in range(nvars) if v not in pure]


def _zero_dimensional(G: list[Any], nvars: int) -> bool:
    """Every variable has a pure power among the leading monomials."""
    pure = set()
    for g in G:
        m = g.LM
        nz = [k for k, e in enumerate(m) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return len(pure) == nvars


def _triangular_points(G: list[Any], nvars: int, solver: Any) -> list[tuple]:
    """Real points of a zero-dimensional lex basis: roots of the eliminant in the last
    variable, then each rational root substituted and the rest solved again; an
    irrational root is handled in Q(alpha) by the shape of the basis."""
    last = nvars - 1
    uni = [g for g in G if all(e == 0 for e in g.LM[:last]) and
           all(all(e == 0 for e in m[:last]) for m in g.keys())]
    h = min(uni, key=lambda g: g.LM[last])
    coeffs = _univariate_coeffs(h, last)
    points: list[tuple] = []
    for root in real_roots(coeffs):
        solver.check_time()
        if isinstance(root, Fraction):
            if nvars == 1:
                points.append((root,))
                continue
            rest = _substitute(G, nvars, {last: root}, pin=False)
            status, sub_pts = _solve_zero_dim_fixed(rest, nvars, last, solver)
            points.extend(p[:last] + (root,) for p in sub_pts)
        else:
            points.extend(_irrational_points(G, nvars, root, solver))
    return points


def _solve_zero_dim_fixed(polys: list[Any], nvars: int, fixed_var: int,
                          solver: Any) -> tuple[str, list[tuple]]:
    """Solve a system in which variable `fixed_var` no longer occurs (drop it)."""
    if fixed_var != nvars - 1:
        raise ValueError("only the last variable can be fixed here")
    if nvars == 1:
        return "points", [()]
    R = _ring(nvars - 1)
    small = [R.from_dict({m[:fixed_var]: c for m, c in p.items()}) for p in polys if p]
    status, pts = _solve_zero_dim(small, nvars - 1, solver)
    return status, [p + (Fraction(0),) for p in pts]


def _irrational_points(G: list[Any], nvars: int, root: RealRoot, solver: Any) -> list[tuple]:
    """Points above an irrational root alpha of the eliminant: each other coordinate is
    read off a basis element linear in it, evaluated in Q(alpha), from the last
    variable upwards. Falls back to a separating linear form otherwise."""
    last = nvars - 1
    values: dict[int, FieldElement] = {last: root.element((Fraction(0), Fraction(1)))}
    for v in range(last - 1, -1, -1):
        val = _linear_in(G, v, values, nvars)
        if val is None:
            return _separated_points(G, nvars, root, solver)
        values[v] = val
    pt = tuple(values[k] for k in range(nvars))
    if all(_eval_poly(g, pt).is_zero if isinstance(_eval_poly(g, pt), FieldElement)
           else _eval_poly(g, pt) == 0 for g in G):
        return [pt]
    return _separated_points(G, nvars, root, solver)


def _linear_in(G: list[Any], v: int, values: dict[int, Any], nvars: int) -> Any:
    """Value of variable v from a basis element of the form c*x_v + r(x_{v+1..}), with
    c nonzero at the known values; None when there is none."""
    for g in G:
        m = g.LM
        if any(m[:v]) or m[v] != 1:
            continue
        if any(mm[v] > 1 or any(mm[:v]) for mm in g.keys()):
            continue
        lead = {mm: c for mm, c in g.items() if mm[v] == 1}
        rest = {mm: c for mm, c in g.items() if mm[v] == 0}
        a = _eval_terms(lead, values, nvars, skip=v)
        if (a.is_zero if isinstance(a, FieldElement) else a == 0):
            continue
        b = _eval_terms(rest, values, nvars, skip=v)
        return _divide(-b, a)
    return None


def _divide(b: Any, a: Any) -> Any:
    """b / a in Q(alpha) (a nonzero): inverse by the extended Euclidean algorithm."""
    if not isinstance(a, FieldElement):
        return b * (1 / Fraction(a))
    import sympy

    t = sympy.Dummy("t")
    p = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(a.root.poly)], t)
    q = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(a.c)], t)
    s, _, g = sympy.gcdex(q, p)
    # Poly / number is an expression in sympy: scale with quo_ground to stay a Poly
    inv_c = [Fraction(int(c.p), int(c.q)) for c in reversed(s.quo_ground(g.LC()).all_coeffs())] \
        if g.degree() == 0 else None
    if inv_c is None:
        raise ZeroDivisionError("not invertible in Q(alpha)")
    return b * a.root.element(inv_c)


def _eval_terms(terms: dict, values: dict[int, Any], nvars: int, skip: int) -> Any:
    total: Any = Fraction(0)
    for m, c in terms.items():
        term: Any = Fraction(int(c.numerator), int(c.denominator))
        for k, e in enumerate(m):
            if e and k != skip:
                term = term * _power(values[k], e)
        total = total + term
    return total


def _power(x: Any, e: int) -> Any:
    out: Any = Fraction(1)
    for _ in range(e):
        out = out * x
    return out


def _eval_poly(g: Any, pt: Sequence[Any]) -> Any:
    return _eval_terms(dict(g.items()), dict(enumerate(pt)), len(pt), skip=-1)


def _separated_points(G: list[Any], nvars: int, root: RealRoot, solver: Any) -> list[tuple]:
    """Points above an irrational root when the basis is not in shape position: add the
    eliminant factor and a random separating variable t, and read every coordinate
    off the new lex basis in Q(t)."""
    rng = random.Random(5)
    R1 = _ring(nvars + 1)
    lift = [R1.from_dict({m + (0,): c for m, c in g.items()}) for g in G]
    gens = R1.gens
    from sympy.polys.domains import QQ

    p_last = R1.zero
    for k, a in enumerate(root.poly):
        p_last += QQ(a.numerator, a.denominator) * gens[nvars - 1] ** k
    for attempt in range(4):
        coeffs = [rng.randint(1, 7 + 4 * attempt) for _ in range(nvars)]
        sep = gens[nvars] - sum((c * gens[k] for k, c in enumerate(coeffs)), R1.zero)
        G1 = _groebner(lift + [p_last, sep], R1)
        pts = []
        ok = True
        for t_root in real_roots(_univariate_coeffs(
                min((g for g in G1 if not any(g.LM[:nvars])), key=lambda g: g.LM[nvars]), nvars)):
            values: dict[int, Any] = {nvars: t_root if isinstance(t_root, Fraction)
                                      else t_root.element((Fraction(0), Fraction(1)))}
            for v in range(nvars - 1, -1, -1):
                val = _linear_in(G1, v, values, nvars + 1)
                if val is None:
                    ok = False
                    break
                values[v] = val
            if not ok:
                break
            pts.append(tuple(values[k] for k in range(nvars)))
        if ok:
            return pts
    solver.complete = False
    solver.notes.append("a support system with a multiple irrational root was not resolved "
                        "exactly; equilibria there may be missing")
    return []


def _univariate_coeffs(h: Any, var: int) -> list[Fraction]:
    deg = max(m[var] for m in h.keys())
    c = [Fraction(0)] * (deg + 1)
    for m, a in h.items():
        c[m[var]] = Fraction(int(a.numerator), int(a.denominator))
    return c


def _substitute(polys: list[Any], nvars: int, fixed: dict[int, Fraction],
                pin: bool = True) -> list[Any]:
    """The polynomials with the given variables replaced by rationals (same ring); with
    `pin`, also the equations x_v = value that keep the fixed variables in the system."""
    from sympy.polys.domains import QQ

    R = _ring(nvars)
    out = []
    for p in polys:
        terms: dict[tuple, Any] = {}
        for m, c in p.items():
            coef = Fraction(int(c.numerator), int(c.denominator))
            mm = list(m)
            for v, val in fixed.items():
                if mm[v]:
                    coef *= val ** mm[v]
                    mm[v] = 0
            key = tuple(mm)
            terms[key] = terms.get(key, Fraction(0)) + coef
        q = R.from_dict({m: QQ(c.numerator, c.denominator) for m, c in terms.items() if c})
        out.append(q)
    if pin:
        for v, val in fixed.items():
            out.append(R.gens[v] - QQ(val.numerator, val.denominator))
    return out


def _interpolate(xs: list[Fraction], ys: list[Fraction]) -> list[Fraction]:
    """Coefficients (constant first) of the polynomial through the points (Newton form)."""
    n = len(xs)
    coef = list(ys)
    for j in range(1, n):
        for i in range(n - 1, j - 1, -1):
            coef[i] = (coef[i] - coef[i - 1]) / (xs[i] - xs[i - j])
    poly = [Fraction(0)] * n
    for i in range(n - 1, -1, -1):
        poly = [Fraction(0)] + poly[:-1]                 # multiply by x
        poly = [a - xs[i] * b for a, b in zip(poly, poly[1:] + [Fraction(0)])]
        poly[0] += coef[i]
    return poly


def _between(cuts: list[Any]) -> list[tuple[Fraction, Fraction | None, Fraction | None]]:
    """A rational point in each open interval cut out by sorted real numbers (and beyond),
    with the interval's rational inner bounds (None on an unbounded side)."""
    if not cuts:
        return [(Fraction(1, 2), None, None)]
    bounds = []
    for c in cuts:
        if isinstance(c, Fraction):
            bounds.append((c, c))
        else:
            while c.hi - c.lo > Fraction(1, 10 ** 6):
                c.refine(8)
            bounds.append((c.lo, c.hi))
    out = [(bounds[0][0] - 1, None, bounds[0][0])]
    for (_, hi), (lo, _) in zip(bounds, bounds[1:]):
        out.append((_simple_between(hi, lo), hi, lo))
    out.append((bounds[-1][1] + 1, bounds[-1][1], None))
    return out


def _simple_between(a: Fraction, b: Fraction) -> Fraction:
    """A rational with a small denominator strictly between a < b."""
    for den in (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 64, 100, 1000):
        num = (a * den).__floor__() + 1
        if Fraction(num, den) < b:
            return Fraction(num, den)
    return (a + b) / 2


def _merge_fixed(point: tuple, fixed: dict[int, Fraction]) -> tuple:
    return tuple(fixed.get(k, x) for k, x in enumerate(point))


# ----------------------------------------------------------------------------
# points -> profiles -> verified equilibria
# ----------------------------------------------------------------------------
def _profile_from_point(game: Any, keep: list[list[int]], supports: Support,
                        point: Sequence[Any], strict: bool = True) -> tuple | None:
    """The full-game mixed profile of a solution point, or (when `strict`) None when
    some support probability is not strictly positive."""
    profile = []
    c = 0
    for i, s in enumerate(supports):
        xs = list(point[c:c + len(s) - 1])
        c += len(s) - 1
        first: Any = Fraction(1)
        for x in xs:
            first = first - x
        probs = [first] + xs
        if strict and any(exact_sign(p) <= 0 for p in probs):
            return None
        full: list[Any] = [Fraction(0)] * game.shape[i]
        for j, p in zip(s, probs):
            full[keep[i][j]] = _simplify(p)
        profile.append(tuple(full))
    return tuple(profile)


def _simplify(x: Any) -> Any:
    if isinstance(x, FieldElement):
        r = x.rational()
        return r if r is not None else x
    return x


def _field_check(game: Any, profile: tuple) -> tuple | None:
    """Exact deviation check; returns the equilibrium's key, or None when it fails.
    Rational profiles go through verify.check_equilibrium; irrational ones are checked
    exactly in Q(alpha) (signs by interval refinement)."""
    if all(isinstance(p, Fraction) for probs in profile for p in probs):
        if not check_equilibrium(game, profile).ok:
            return None
    else:
        for i in range(game.n_players):
            vals = game.strategy_values(i, profile)
            current = mixture_value(profile[i], vals)
            if any(exact_sign(v - current) > 0 for v in vals):
                return None
    return tuple(tuple(_key_part(p) for p in probs) for probs in profile)


def _key_part(p: Any) -> Any:
    if isinstance(p, FieldElement):
        return ("alg", p.root.poly, round(float(p), 12))
    return p


def _to_equilibrium(game: Any, profile: tuple) -> Equilibrium:
    """An Equilibrium with exact values (Fractions, radicals or CRootOf)."""
    pays = tuple(to_exact(v) for v in game.expected_payoffs(profile))
    exact_profile = tuple(tuple(to_exact(p) for p in probs) for probs in profile)
    return Equilibrium(exact_profile, pays)


def _float_ok(solver: _SupportSolver, supports: Support, point: tuple) -> bool:
    """Quick float test of a candidate point (positivity and regret)."""
    fl = [float(x) for x in point]
    c = 0
    prof = []
    for i, s in enumerate(supports):
        xs = fl[c:c + len(s) - 1]
        c += len(s) - 1
        probs = [1.0 - sum(xs)] + xs
        if min(probs) <= 1e-12:
            return False
        full = [0.0] * solver.sub.shape[i]
        for j, p in zip(s, probs):
            full[j] = p
        prof.append(full)
    return max_regret_float(solver.sub, prof) <= 1e-9


def _support_names(game: Any, keep: list[list[int]], supports: Support) -> str:
    parts = []
    for i, s in enumerate(supports):
        pl = game.players[i]
        parts.append(f"{pl.name}: {{{', '.join(pl.strategies[keep[i][j]].name for j in s)}}}")
    return "; ".join(parts)


# ----------------------------------------------------------------------------
# numeric solving (games too large for exact enumeration)
# ----------------------------------------------------------------------------
def _numeric_solve(solver: _SupportSolver, supports: Support, system: _System) -> Equilibrium | None:
    """The support's indifference system solved numerically from a few starts (the
    QRE module's support solver), then made exact when a rational rounding passes the
    exact check, else reported with its exact regret as the tolerance."""
    from .qre import solve_on_support, to_equilibrium

    full = tuple(tuple(solver.keep[i][j] for j in s) for i, s in enumerate(supports))
    rng = np.random.default_rng(3)
    starts = [np.concatenate([np.full(len(s), 1.0 / len(s)) for s in supports])]
    starts += [np.concatenate([rng.dirichlet(np.ones(len(s))) for s in supports])
               for _ in range(6)]
    for q0 in starts:
        solver.check_time()
        probs = solve_on_support(solver.game, full, q0)
        if probs is not None:
            eq = to_equilibrium(solver.game, probs)
            if eq is not None:
                return eq
    return None
