"""Support-by-support solving of one game: pruning (boxes.py), the exact solve of each
support's indifference system (support_system.py, zero_dim.py), non-isolated solution
sets as components with verified sample points, and the exact check of every point.

`SupportSolver` is about 350 lines: one class because pruning, solving and component
sampling share the game's sign tensors, caches and the collected results. The module
stays whole at about 530 lines: the rest is the exact check of that class's points.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..budget import expired
from ..equilibrium import Component, Equilibrium, EquilibriumSet, sort_equilibria
from ..errors import SolverTimeout
from ..payoffs import mixture_value
from .algebraic import FieldElement, exact_sign, real_roots, to_exact
from .boxes import (BIG_BOX_BUDGET, BIG_SYSTEM, BOX_BUDGET, BOX_LEVELS, DEEP_BOXES, DEEP_LEVELS,
                    NEWTON_BOXES, NEWTON_ITERATIONS, NEWTON_ROUNDS, box_range, killed_strategies,
                    mixtures, sign_tensor, touch_boundary)
from ..linalg import linear_solve
from .field_values import Sums, field_of, gains_and_payoffs
from .box_relaxation import refuted_on_boxes
from .relaxation import integer_payoffs, refuted
from .support_system import IndifferenceSystem, Support, ring_of
from .univariate import between, interpolate, simple_between
from .verify import check_equilibrium, max_regret_float
from .zero_dim import (Solutions, SystemStatus, free_variables, groebner_basis, solve_zero_dim,
                       substitute, triangular_points)

if TYPE_CHECKING:
    from ..model import Game

SAMPLES_PER_COMPONENT = 3
FAST_MIN_VARS = 4           # support systems with this many unknowns try certified.py first
FAST_MIN_BEZOUT = 9         # ... and a Bezout bound this large (else Groebner is cheaper;
                            # 9, four players over two strategies, is dearer in Groebner)
GROEBNER_MAX_BEZOUT = 60    # a system the certified path left open is solved by the Groebner
GROEBNER_MIN_VARS = 6       # basis only below this Bezout bound or this many unknowns: above
                            # both, sympy's basis runs for hours (12 roots in 6 unknowns
                            # already take minutes), so the support is reported unsettled
QUICK_BOX_WORK = 2000       # boxes the interval test examines before certified numerics
BOX_LPS = 24                # LPs the relaxation on boxes (box_relaxation.py) may spend, on
BOX_LP_MIN_VARS = 5         # systems of this many unknowns or more (on smaller ones the
                            # interval test and the algebra are cheaper than its LPs)
PLAUSIBLE_REGRET = 1e-6     # float regret (relative) above which a certified root is no equilibrium


@dataclass
class SupportSolver:
    """Support-by-support solving, collecting verified equilibria and components."""

    game: Game
    sub: Game
    keep: list[list[int]]
    deadline: float | None
    found: dict[tuple, Equilibrium] = field(default_factory=dict)
    components: list[tuple[Support, list[tuple], str]] = field(default_factory=list)
    pieces: list[tuple[Any, list[tuple]]] = field(default_factory=list)   # continua.Piece
    notes: list[str] = field(default_factory=list)
    complete: bool = True

    def __post_init__(self) -> None:
        u = self.sub.float_payoffs
        self.u = u
        self.eps = 1e-9 * max(1.0, float(np.max(np.abs(u))) if u.size else 1.0)
        self.signs = [sign_tensor(self.sub, i) for i in range(self.sub.n_players)]
        self._killed: dict[tuple, np.ndarray] = {}
        self._pay: Any = None           # scaled float payoffs for Newton (qre.py), on demand
        self._int_pay = integer_payoffs(self.sub)       # for the LP relaxation
        self._int_eps = 0.0 if self._int_pay is None else \
            1e-9 * max(1.0, max(float(np.abs(v).max()) for v in self._int_pay))
        self._scale = 1.0 + float(np.abs(self.game.float_payoffs).max())   # _surely_not
        self._field_sums: dict[tuple[object, ...], Sums] = {}   # payoff sums in a field, shared by its roots

    def check_time(self) -> None:
        if expired(self.deadline, time.perf_counter):
            raise SolverTimeout("the polynomial solver ran out of time")

    # -- pruning ---------------------------------------------------------------
    def pruned(self, supports: Support) -> bool:
        """True when the support profile provably holds no equilibrium: exact conditional
        dominance first, then (3+ mixing players) the LP relaxation over the whole
        simplex, on systems of BOX_LP_MIN_VARS+ unknowns the same on bisected boxes
        (box_relaxation.py), and a bisected interval test."""
        if self._dominated(supports):
            return True
        if sum(1 for s in supports if len(s) > 1) < 3:
            return False
        two = self._two_strategy_boxes(supports)
        if two is not None:
            return two
        if self._int_pay is not None and refuted(self._int_pay, supports):
            return True
        nvars = sum(len(s) - 1 for s in supports)
        if self._int_pay is not None and nvars >= BOX_LP_MIN_VARS and \
                refuted_on_boxes(self._int_pay, supports, BOX_LPS, root_tried=True):
            return True
        # on large systems a short interval test only: certified numerics
        # (_polynomial) settle what it leaves sooner than deep bisection would
        big = nvars >= BIG_SYSTEM
        return self._boxes_empty(supports, BOX_BUDGET, QUICK_BOX_WORK if big else None)

    def _two_strategy_boxes(self, supports: Support) -> bool | None:
        """Every mixing player mixes over two strategies: True when the exact corner
        ranges on bisected boxes refute the profile (binary_boxes.py), False when
        they do not and decide alone (up to ALONE_UNKNOWNS mixing players: they
        converge to the conditions' exact ranges); None otherwise, and for other
        profiles, which meet the LP tests and the interval test."""
        if self._int_pay is None or any(len(s) > 2 for s in supports):
            return None
        from .binary_boxes import ALONE_UNKNOWNS, binary_refuted

        if binary_refuted(self._int_pay, supports, self._int_eps):
            return True
        return False if sum(len(s) > 1 for s in supports) <= ALONE_UNKNOWNS else None

    def _dominated(self, supports: Support) -> bool:
        """Some support strategy is beaten, against every pure profile of the others'
        supports, weakly and at least once strictly by another strategy: with every
        support strategy played with positive probability it is then never a best reply."""
        for i, s in enumerate(supports):
            key = (i, supports[:i] + supports[i + 1:])
            killed = self._killed.get(key)
            if killed is None:
                killed = self._killed[key] = killed_strategies(self.signs[i], key[1])
            if killed[list(s)].any():
                return True
        return False

    def _boxes_empty(self, supports: Support, budget: int, work: int | None = None) -> bool:
        """Rigorous interval test on boxes of free probabilities, bisected: True when no
        box can hold a solution of the indifference system that beats every outside
        strategy. Stops early (False) once Newton from a surviving box lands on a point
        that is an equilibrium in floats: the exact solver must then run anyway; also
        when more than `budget` boxes are alive, or `work` boxes have been examined."""
        n = self.sub.n_players
        diffs = [self._diff_tensor(i, supports) for i in range(n)]
        nv = sum(len(s) - 1 for s in supports)
        lo, hi = np.zeros((1, nv)), np.ones((1, nv))
        spent = 0
        for level in range(DEEP_LEVELS * max(nv, 1)):
            spent += len(lo)
            if work is not None and spent > work:
                return False
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
                    len(lo) > DEEP_BOXES or not touch_boundary(supports, lo, hi))):
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
        found = newton_on_support(self.sub, supports, np.concatenate(mixtures(supports, x)),
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
                vlo, vhi = box_range(diffs[i], others, boxes, corners)
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
        if self._binary(supports):
            return
        system = IndifferenceSystem.build(self.sub, supports)
        if system.nvars == 0:
            self._record(supports, [()])
            return
        if system.is_linear():
            sol = linear_solve(system.linear_rows())
            if sol is None:
                return
            particular, basis = sol
            if not basis:
                self._record(supports, [tuple(particular)])
            elif not self._continuum(supports):
                self._linear_component(supports, system, particular, basis)
            return
        self._polynomial(supports, system)

    def _polynomial(self, supports: Support, system: "IndifferenceSystem") -> None:
        """Three or more mixing players: certified numerics rebuilt exactly
        (certified.py) on systems of FAST_MIN_VARS+ unknowns and a Bezout bound of
        FAST_MIN_BEZOUT+, else (or when that cannot establish the answer) the
        Groebner basis route, within its work bound (_beyond_groebner)."""
        unrebuilt: list[tuple[int, list[np.ndarray]]] = []   # roots certified, possibly
        if system.nvars >= FAST_MIN_VARS:                     # equilibria, not rebuilt
            from .certified import fast_points

            points = fast_points(system, supports, lambda x: self._plausible(supports, x),
                                 min_bound=FAST_MIN_BEZOUT, tick=self.check_time,
                                 unrebuilt=lambda count, inside: unrebuilt.append((count, inside)))
            if points is not None:
                self._record(supports, points)
                return
        # a certified root that may be an equilibrium: no emptiness test can succeed
        if system.nvars >= BIG_SYSTEM and not unrebuilt and \
                self._boxes_empty(supports, BIG_BOX_BUDGET):
            return
        if self._beyond_groebner(supports, system, *(unrebuilt[0] if unrebuilt else ())):
            return
        found = self._count_unresolved(solve_zero_dim(system.polys, system.nvars, self.check_time))
        if found.status is SystemStatus.EMPTY:
            return
        if found.status is SystemStatus.POINTS:
            self._record(supports, found.points)
            return
        if not self._continuum(supports):
            self._polynomial_component(supports, system)

    def _binary(self, supports: Support) -> bool:
        """Every mixing player mixes over two strategies (one to four of them): the
        points by resultant elimination (binary_systems.py), recorded; False when
        that route does not apply or leaves the system to the general one (a
        continuum of solutions, for one)."""
        from .binary_systems import binary_points, is_binary

        if self._int_pay is None or not is_binary(supports):
            return False
        points = binary_points(self._int_pay, supports, lambda x: self._plausible(supports, x))
        if points is None:
            return False
        self._record(supports, points)
        return True

    def _beyond_groebner(self, supports: Support, system: "IndifferenceSystem",
                         unrebuilt: int = 0, inside: Sequence[np.ndarray] = ()) -> bool:
        """The per-system work bound in front of the Groebner basis: True (and the
        enumeration marked incomplete, with a note naming the support) when the system
        has GROEBNER_MIN_VARS+ unknowns and a Bezout bound above GROEBNER_MAX_BEZOUT,
        where the basis would not finish in any useful time. `unrebuilt`: how many
        certified roots may be equilibria but were not rebuilt exactly (the note says
        so), `inside` the float points of those proven real and inside the simplex
        (settle.py): equilibria when the support leaves out no strategy of the game
        left after dominance (the note then says how many, and where)."""
        if system.nvars < GROEBNER_MIN_VARS:
            return False
        from .certified import bezout_bound, exact_polys

        bound = bezout_bound(exact_polys(system), supports)
        if bound is None or bound <= GROEBNER_MAX_BEZOUT:
            return False
        self.complete = False
        names = _support_names(self.game, self.keep, supports)
        if unrebuilt and len(inside) == unrebuilt and \
                all(len(s) == m for s, m in zip(supports, self.sub.shape)):
            self.notes.append(
                f"support {names}: every root of its indifference system ({system.nvars} "
                f"unknowns, {bound} roots) was certified numerically, and {unrebuilt} of them "
                "proven real and inside the simplex by interval arithmetic: "
                f"{_plural(unrebuilt, 'an equilibrium', 'equilibria')} with this support, "
                f"{_approximately(self, supports, inside)}, missing from the list: "
                "not rebuilt exactly within the work bound (its coordinates lie in a number "
                f"field of degree up to {bound})")
            return True
        if unrebuilt:
            self.notes.append(
                f"support {names}: every root of its indifference system ({system.nvars} "
                f"unknowns, {bound} roots) was certified numerically and {unrebuilt} of them "
                "may give an equilibrium, not rebuilt exactly within the work bound (its "
                f"coordinates lie in a number field of degree up to {bound}); equilibria "
                "with this support may be missing")
            return True
        self.notes.append(
            f"support {names}: its indifference "
            f"system ({system.nvars} unknowns, up to {bound} isolated solutions) was not "
            "settled by certified numerics and is beyond the work bound of the exact "
            "(Groebner basis) solver; equilibria with this support may be missing")
        return True

    def _plausible(self, supports: Support, x: np.ndarray) -> bool:
        """The float point x (free probabilities) may be an equilibrium: no outside
        strategy better by more than a margin far above float error."""
        mixes = [[float(p) for p in m] for m in mixtures(supports, x)]
        return max_regret_float(self.sub, _spread(self.sub.shape, supports, mixes)) \
            <= PLAUSIBLE_REGRET * (1.0 + float(np.abs(self.u).max()))

    def _count_unresolved(self, found: Solutions) -> Solutions:
        """Note each multiple irrational root the algebra could not resolve exactly:
        the enumeration is then not known to be complete."""
        for _ in range(found.unresolved):
            self.complete = False
            self.notes.append("a support system with a multiple irrational root was not "
                              "resolved exactly; equilibria there may be missing")
        return found

    def _record(self, supports: Support, points: Sequence[tuple]) -> list[tuple]:
        """Keep the points that are equilibria with exactly this support; return their keys."""
        keys = []
        for point in points:
            profile = profile_from_point(self.game.shape, self.keep, supports, point)
            if profile is None or self._surely_not(profile):
                continue
            checked = _checked(self.game, profile, self._field_sums)
            if checked is not None:
                key, pays = checked
                keys.append(key)
                if key not in self.found:
                    self.found[key] = _to_equilibrium(self.game, profile, pays)
        return keys

    def _surely_not(self, profile: tuple) -> bool:
        """A rational profile whose float regret is far above rounding error (the
        certified path's PLAUSIBLE_REGRET margin) is no equilibrium: the exact check
        (Fractions, milliseconds on five players) is spared."""
        if not all(isinstance(p, Fraction) for probs in profile for p in probs):
            return False
        floats = [[float(p) for p in probs] for probs in profile]
        return max_regret_float(self.game, floats) > PLAUSIBLE_REGRET * self._scale

    # -- positive-dimensional sets ---------------------------------------------
    def _continuum(self, supports: Support) -> bool:
        """State the support's positive-dimensional set exactly (continua.py): record its
        extreme points as verified equilibria and the piece for its component. False
        when no extreme point was found (then the set is examined by sampling lines)."""
        from .continua import describe, profile_at, relabel

        found = describe(self.sub, supports, self)
        if found is None:
            return True
        piece = relabel(found.piece, self.keep)
        keys = []
        key_of: dict[int, tuple] = {}
        for n, point in enumerate(found.points):
            profile = tuple(tuple(_simplify(p) for p in probs)
                            for probs in profile_at(self.game, piece, point))
            key = _field_check(self.game, profile)
            if key is None:
                continue
            keys.append(key)
            key_of[n] = key
            if key not in self.found:
                self.found[key] = _to_equilibrium(self.game, profile)
        if not keys:
            return False
        if piece.dimension == 0:        # its inequalities leave one point: isolated
            return True
        if found.arcs is not None and len(found.arcs) > 1:     # apart: one component per arc
            from .arcs import by_arc
            self.pieces.extend(by_arc(piece, found.arcs, key_of))
            return True
        if found.arcs is None and piece.dimension == 1 and len(keys) > 2:
            what = (f"{len(keys)} listed points (a closed curve may be several ovals)"
                    if piece.closed_in else f"{len(keys)} listed points"
                    if piece.touching_in else f"{len(keys)} endpoints")
            self.notes.append(f"support {_support_names(self.game, self.keep, supports)}: "
                              f"a curved set of equilibria with {what} is shown "
                              "as one component; whether it is connected was not established")
        self.pieces.append((piece, keys))
        return True

    def _linear_component(self, supports: Support, system: "IndifferenceSystem",
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
            direction = [sum((Fraction(rng.randint(-3, 3)) * v[i] for v in basis), Fraction(0))
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
            coeffs = interpolate(ts, [row[col] for row in samples])
            if any(coeffs[1:]):
                roots.extend(real_roots(coeffs))
        roots.sort(key=float)
        cuts: list[Any] = []
        for r in roots:
            if not cuts or abs(float(r) - float(cuts[-1])) > 1e-12 or \
                    (isinstance(r, Fraction) and isinstance(cuts[-1], Fraction) and r != cuts[-1]):
                cuts.append(r)
        mids = between(cuts)
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
                    base, direction, simple_between(left, mid))]))
            if right is not None:
                interval_keys.extend(got_cuts[k])
        return interval_keys

    @staticmethod
    def _line_point(base: list[Fraction], direction: list[Fraction], t: Any) -> tuple:
        at = t if isinstance(t, Fraction) else t.element((Fraction(0), Fraction(1)))
        return tuple(b + at * d for b, d in zip(base, direction))

    def _line_conditions(self, supports: Support, point: list[Fraction]) -> list[Fraction]:
        """Support probabilities and every deviation gain at a rational point."""
        profile = profile_from_point(self.game.shape, self.keep, supports, point, strict=False)
        assert profile is not None      # not strict: every point gives a profile
        out = [p for probs in profile for p in probs]
        for i in range(self.game.n_players):
            vals = self.game.strategy_values(i, profile)
            j0 = self.keep[i][supports[i][0]]
            out.extend(v - vals[j0] for v in vals)
        return out

    def _polynomial_component(self, supports: Support, system: "IndifferenceSystem") -> None:
        """Positive-dimensional polynomial set: repeatedly fix the last variable that the
        Groebner basis leaves free at a rational inside (0, 1), until the rest is finite."""
        rng = random.Random(11)
        points: list[tuple] = []
        values = [Fraction(a, b) for b in range(2, 9) for a in range(1, b)]
        R = ring_of(system.nvars)
        for _ in range(12):
            self.check_time()
            fixed: dict[int, Fraction] = {}
            while True:
                G = groebner_basis(substitute(system.polys, system.nvars, fixed), R)
                if any(g.is_ground and g for g in G):
                    break
                free = free_variables(G, system.nvars)
                if not free:
                    points.extend(self._count_unresolved(
                        triangular_points(G, system.nvars, self.check_time)).points)
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
        system = IndifferenceSystem.build(self.sub, supports)
        if system.nvars == 0 or system.is_linear():
            before = set(self.found)
            try:
                self.solve(supports)
            except SolverTimeout:
                raise
            new = [k for k in self.found if k not in before]
            return self.found[new[0]] if new else None
        return numeric_solve(self, supports, system)

    # -- result -----------------------------------------------------------------
    def result(self, seconds: float) -> EquilibriumSet:
        eqs = sort_equilibria(list(self.found.values()))
        position = {id(e): n for n, e in enumerate(eqs)}
        index: dict[object, int] = {k: position[id(e)] for k, e in self.found.items()}
        comps = [Component(members=tuple(index[k] for k in keys), description=desc)
                 for _, keys, desc in self.components]
        if self.pieces:
            from .continua import components_of
            comps = components_of(self.pieces, index) + comps
        notes = list(self.notes)
        if self.pieces:
            notes.append("the game has non-isolated equilibria: each connected set is "
                         "stated exactly (equations and inequalities), and only its "
                         "extreme points (for a set without them, the points where one "
                         "probability, or a weighted sum of them, is least or greatest) "
                         "are listed among the equilibria")
        if self.components:
            notes.append("the game has non-isolated equilibria: each component is shown "
                         "by verified sample points; the isolated equilibria are all listed")
        return EquilibriumSet(eqs, method="support enumeration + exact polynomial solve",
                              complete=self.complete, exact=True, degenerate=bool(comps) or
                              not self.complete, components=comps, notes=notes,
                              seconds=seconds)


def profile_from_point(shape: Sequence[int], keep: Sequence[Sequence[int]], supports: Support,
                       point: Sequence[Fraction | FieldElement], strict: bool = True
                       ) -> tuple | None:
    """The full-game mixed profile (a game of this shape; support indices through
    `keep`) of a solution point, or (when `strict`) None when some support
    probability is not strictly positive."""
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
        full: list[Any] = [Fraction(0)] * shape[i]
        for j, p in zip(s, probs):
            full[keep[i][j]] = _simplify(p)
        profile.append(tuple(full))
    return tuple(profile)


def _simplify(x: Any) -> Any:
    if isinstance(x, FieldElement):
        r = x.rational()
        return r if r is not None else x
    return x


def _field_check(game: Game, profile: tuple) -> tuple | None:
    """Exact deviation check; returns the equilibrium's key, or None when it fails.
    Rational profiles go through verify.check_equilibrium; irrational ones are checked
    exactly in Q(alpha) (signs by interval refinement)."""
    checked = _checked(game, profile)
    return None if checked is None else checked[0]


def _checked(game: Game, profile: tuple, shared: dict[tuple[object, ...], Sums] | None = None
             ) -> tuple[tuple, tuple | None] | None:
    """(key, the exact payoffs when the check computed them in one number field) for
    a profile passing the exact deviation check (see _field_check), else None.
    `shared`: the sums in a number field kept for the game (gains_and_payoffs)."""
    def key() -> tuple:
        return tuple(tuple(_key_part(p) for p in probs) for probs in profile)
    if all(isinstance(p, Fraction) for probs in profile for p in probs):
        return (key(), None) if check_equilibrium(game, profile).ok else None
    root = field_of(profile)
    if root is not None:        # one number field: sums in C (field_values.py)
        gains, pays = gains_and_payoffs(game, root, profile, shared)
        if any(exact_sign(g) > 0 for row in gains for g in row):
            return None
        return key(), pays
    for i in range(game.n_players):
        vals = game.strategy_values(i, profile)
        current = mixture_value(profile[i], vals)
        if any(exact_sign(v - current) > 0 for v in vals):
            return None
    return key(), None


def _key_part(p: Any) -> Any:
    if isinstance(p, FieldElement):
        return ("alg", p.root.poly, round(float(p), 12))
    return p


def _to_equilibrium(game: Game, profile: tuple, pays: tuple | None = None) -> Equilibrium:
    """An Equilibrium with exact values (Fractions, radicals or CRootOf); `pays`, the
    payoffs when the exact check already computed them in the profile's field."""
    if pays is None:
        root = field_of(profile)
        pays = tuple(game.expected_payoffs(profile)) if root is None else \
            gains_and_payoffs(game, root, profile)[1]
    exact_profile = tuple(tuple(to_exact(p) for p in probs) for probs in profile)
    return Equilibrium(exact_profile, tuple(to_exact(v) for v in pays))


def _float_ok(solver: SupportSolver, supports: Support, point: tuple) -> bool:
    """Quick float test of a candidate point (positivity and regret)."""
    fl = [float(x) for x in point]
    mixes = []
    c = 0
    for s in supports:
        xs = fl[c:c + len(s) - 1]
        c += len(s) - 1
        probs = [1.0 - sum(xs)] + xs
        if min(probs) <= 1e-12:
            return False
        mixes.append(probs)
    return max_regret_float(solver.sub, _spread(solver.sub.shape, supports, mixes)) <= 1e-9


def _spread(shape: tuple[int, ...], supports: Support, mixes: list[list[float]]
            ) -> list[list[float]]:
    """Each player's float mixture over its support as one over all its strategies."""
    prof = []
    for n, s, probs in zip(shape, supports, mixes):
        full = [0.0] * n
        for j, p in zip(s, probs):
            full[j] = p
        prof.append(full)
    return prof


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else f"{count} {many}"


def _approximately(solver: SupportSolver, supports: Support, points: Sequence[np.ndarray]) -> str:
    """'at about [(...); ...]': each point's mixed profile in the whole game, to 4
    places (display only)."""
    shown = []
    for x in points:
        mixes = [[float(p) for p in m] for m in mixtures(supports, x)]
        rows = []
        for i, row in enumerate(_spread(solver.sub.shape, supports, mixes)):
            full = [0.0] * solver.game.shape[i]
            for j, p in enumerate(row):
                full[solver.keep[i][j]] = p
            rows.append("(" + ", ".join(f"{p:.4f}" for p in full) + ")")
        shown.append("; ".join(rows))
    return "at about " + " and ".join(f"[{s}]" for s in shown)


def _support_names(game: Game, keep: list[list[int]], supports: Support) -> str:
    parts = []
    for i, s in enumerate(supports):
        pl = game.players[i]
        parts.append(f"{pl.name}: {{{', '.join(pl.strategies[keep[i][j]].name for j in s)}}}")
    return "; ".join(parts)


def numeric_solve(solver: SupportSolver, supports: Support, system: IndifferenceSystem) -> Equilibrium | None:
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
