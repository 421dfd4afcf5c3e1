"""Games of 3 or more players at an algebraic point of a region map, solved exactly.

The point's coordinates lie in one number field K = Q(theta) (region_algebraic.py:
`point_in_field`), and so does every payoff. The equilibria are found by the
N-player support enumeration (solvers/polynomial.py's order of support profiles),
each support profile's indifference system taken over K:

- a support strategy conditionally dominated given the others' supports (weakly
  against every pure profile of them, strictly against one) rules the profile out,
  decided by exact signs in K;
- the others' system (solvers/support_system.py) has coefficients in K; each is
  written as a polynomial in one more variable t standing for theta, and theta's
  minimal polynomial m(t) joins the system, so it is a system over Q again. Its lex
  Groebner basis with t last (solvers/zero_dim.py) decides it: empty, finite or
  positive-dimensional. A finite one's real points above t = theta are read off in
  Q(theta) where the basis is in shape position, else through a separating linear
  form in another number field; of those, the points whose t-coordinate is theta
  (a root of m inside theta's isolating interval) are the system's solutions at
  the point;
- a solution with every support probability positive is checked directly: no pure
  strategy of any player earns more than the player's payoff, exactly in the
  solution's field (theta written there as the t-coordinate).

Every isolated equilibrium is thus found and checked exactly. A support profile
whose system is positive-dimensional at the point (a continuum of candidates, on a
boundary curve where a tie holds) is refused with the support named (`Refused`):
such a cell is left unsolved and takes the structure of the region it is merged
with, as the region map's note says. So is a game beyond FIELD_PROFILES support
profiles after pruning, or a system of more than FIELD_UNKNOWNS unknowns.

sympy and python-flint are imported inside functions (through the modules used).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ..equilibrium import Equilibrium, EquilibriumSet, sort_equilibria
from .region_algebraic import AlgebraicPoint, Field, Refused, canonical_point, value_in

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from flint import fmpq_poly

    from ..model import Player
    from ..numbers import Exact, SymExpr
    from ..solvers.algebraic import FieldElement, RealRoot
    from ..solvers.support_system import Support
    from .thresholds import Structure

FIELD_PROFILES = 5_000      # support profiles left after pruning, at most
FIELD_UNKNOWNS = 6          # unknown probabilities of one support system, at most


@dataclass(frozen=True)
class NPlayerEquilibria:
    """The equilibria of a game of 3+ players at an algebraic point, every one
    isolated and checked exactly (FieldEquilibria's counterpart)."""

    point: AlgebraicPoint
    equilibria: tuple[Equilibrium, ...]

    def structure(self) -> Structure:
        """Supports with their counts (thresholds.structure's form)."""
        return structure_of_equilibria(self.equilibria)

    def exact_point(self) -> tuple[Exact, Exact]:
        """The point in canonical exact form."""
        return canonical_point(self.point)

    def equilibrium_set(self, players: Sequence[Player] = ()) -> EquilibriumSet:
        """The equilibria as exact numbers (Fractions, radicals, CRootOf)."""
        return _as_set(self.equilibria, players)


def _as_set(equilibria: Sequence[Equilibrium], players: Sequence[Player] = ()
            ) -> EquilibriumSet:
    from dataclasses import replace
    eqs = [replace(e, players=tuple(players)) for e in equilibria]
    return EquilibriumSet(tuple(sort_equilibria(eqs)), "support enumeration at an "
                          "algebraic point (each support system over Q(theta), exact)",
                          degenerate=True, players=tuple(players))


def structure_of_equilibria(equilibria: Sequence[Equilibrium]) -> Structure:
    """The supports with their counts (thresholds.structure's form) of equilibria
    found at an algebraic point."""
    from .thresholds import structure
    return structure(_as_set(equilibria))


def solve_n_players(U: np.ndarray, syms: Sequence[SymExpr], pt: AlgebraicPoint
                    ) -> NPlayerEquilibria:
    """Every equilibrium of the game with payoffs U (sympy, in the two parameters; 3+
    players) at the point `pt`, each checked exactly; Refused for a continuum of
    candidates and beyond the limits."""
    table = {syms[0]: pt.a, syms[1]: pt.b}
    return NPlayerEquilibria(pt, field_n_players(U, pt.field, table))


def field_n_players(U: np.ndarray, K: Field, table: Mapping[SymExpr, fmpq_poly]
                    ) -> tuple[Equilibrium, ...]:
    """Every equilibrium of the game with payoffs U (sympy; 3+ players) where each
    parameter symbol has the element `table` gives it in K, in any number of
    parameters (the robustness search's points); Refused as solve_n_players."""
    P = np.empty(U.shape, dtype=object)
    for idx in np.ndindex(*U.shape):
        P[idx] = value_in(cast("SymExpr", U[idx]), K, table)
    return field_n_players_of(K, P)


def field_n_players_of(K: Field, P: np.ndarray) -> tuple[Equilibrium, ...]:
    """Every equilibrium of the game whose payoff array P holds elements of K (flint
    form; a tree's local game too: games.tree.field_subgames), each checked exactly;
    Refused as solve_n_players."""
    keep = _undominated(K, P)
    profiles = [s for s in _support_profiles(keep) if not _dominated(K, P, s)]
    if len(profiles) > FIELD_PROFILES:
        raise Refused(f"{len(profiles):,} support profiles remain after pruning at an "
                      f"algebraic point, more than the limit of {FIELD_PROFILES:,}")
    solver = _FieldSolver(K, P)
    found: list[Equilibrium] = []
    for supports in profiles:
        found.extend(solver.solve(supports))
    return tuple(_distinct(found))


def _support_profiles(keep: Sequence[Sequence[int]]) -> list[Support]:
    """The support profiles of the strategies kept, in the N-player solver's order
    (small and balanced first)."""
    from ..solvers.polynomial import support_profiles
    return [tuple(tuple(k[j] for j in s) for k, s in zip(keep, sup))
            for sup in support_profiles([len(k) for k in keep])]


def _undominated(K: Field, P: np.ndarray) -> list[list[int]]:
    """Strategies surviving iterated strict dominance by pure strategies (exact signs
    in K), as the rational solver removes them first."""
    keep = [list(range(m)) for m in P.shape[1:]]
    changed = True
    while changed:
        changed = False
        for i in range(len(keep)):
            others = [keep[j] for j in range(len(keep)) if j != i]
            for a in keep[i]:
                if any(_beats(K, P, i, b, a, others) for b in keep[i] if b != a):
                    keep[i].remove(a)
                    changed = True
                    break
    return keep


def _beats(K: Field, P: np.ndarray, i: int, b: int, a: int,
           others: Sequence[Sequence[int]]) -> bool:
    """Strategy b of player i earns strictly more than a against every pure profile
    of the others' kept strategies."""
    for combo in itertools.product(*others):
        at_b, at_a = list(combo), list(combo)
        at_b.insert(i, b)
        at_a.insert(i, a)
        if K.sign(P[(i, *at_b)] - P[(i, *at_a)]) <= 0:
            return False
    return True


def _dominated(K: Field, P: np.ndarray, supports: Support) -> bool:
    """Some support strategy of some player is weakly beaten by another strategy
    against every pure profile of the others' supports, strictly against one (exact
    signs in K): no equilibrium has this support."""
    n = len(supports)
    for i, sup in enumerate(supports):
        others = [supports[j] for j in range(n) if j != i]
        for s in sup:
            for r in range(P.shape[i + 1]):
                if r == s:
                    continue
                signs = []
                for combo in itertools.product(*others):
                    at_r, at_s = list(combo), list(combo)
                    at_r.insert(i, r)
                    at_s.insert(i, s)
                    signs.append(K.sign(P[(i, *at_r)] - P[(i, *at_s)]))
                    if signs[-1] < 0:
                        break
                if min(signs) >= 0 and max(signs) > 0:
                    return True
    return False


class _FieldSolver:
    """One support profile at a time: the system over Q with t for theta, its
    points at theta, each checked exactly."""

    def __init__(self, K: Field, P: np.ndarray) -> None:
        self.K, self.P = K, P
        self.theta: FieldElement | None = (None if K.root is None
                                           else K.element(K.gen()))
        self._lifted: dict[int, np.ndarray] = {}

    def solve(self, supports: Support) -> list[Equilibrium]:
        from ..solvers.support_system import IndifferenceSystem
        extra = 0 if self.theta is None else 1
        system = IndifferenceSystem.from_payoffs(self.P, supports, extra, self._coefficient)
        if system.nvars == 0:           # a pure profile
            return self._checked(supports, (), Fraction(1) if self.theta is None
                                 else self.theta)
        if system.nvars > FIELD_UNKNOWNS:
            raise Refused(f"a support system with {system.nvars} unknown probabilities at "
                          f"an algebraic point, more than the limit of {FIELD_UNKNOWNS}")
        nv = system.nvars
        status, points = self._at_theta([p for p in system.polys if p], system.ring, nv)
        if status == "positive":
            found = self._extremes(supports)
            return _distinct([e for p, t in found for e in self._checked(supports, p, t, False)])
        return [e for p, t in points for e in self._checked(supports, p, t)]

    def _coefficient(self, R: Any, d: Any) -> Any:
        """A payoff difference (an element of K, a polynomial in theta) as a ring
        element: the polynomial in the last variable t."""
        from sympy.polys.domains import QQ
        t = R.gens[-1]
        total = R.zero
        for k, c in enumerate(d.coeffs()):
            if c != 0:
                total += QQ(int(c.p), int(c.q)) * (t ** k if self.theta is not None else 1)
        return total

    def _at_theta(self, polys: list[Any], R: Any, nv: int
                  ) -> tuple[str, list[tuple[tuple[Any, ...], Any]]]:
        """Solve polynomials in nv probabilities (and t, the ring's last variable,
        standing for theta) at theta: "empty", "positive" or "points" with the real
        points (probabilities, theta in their field)."""
        from ..solvers.zero_dim import (SystemStatus, free_variables, groebner_basis,
                                        shape_points, solve_zero_dim)
        if self.theta is None:          # a rational point: the system is over Q
            got = solve_zero_dim(polys, nv, _tick)
            if got.status is SystemStatus.POSITIVE:
                return "positive", []
            _unresolved(got.unresolved)
            return "points", [(p, Fraction(1)) for p in got.points]
        root = self.theta.root
        G = groebner_basis(polys + [self._minimal(R)], R, method="buchberger")
        if any(g.is_ground and g for g in G):
            return "empty", []
        if free_variables(G, nv + 1):
            return "positive", []
        try:
            got = shape_points(G, nv + 1)
        except ValueError as exc:
            raise Refused(f"a support system at an algebraic point is too large: {exc}"
                          ) from None
        _unresolved(got.unresolved)
        return "points", [(p[:nv], p[nv]) for p in got.points if _is_theta(p[nv], root)]

    def _minimal(self, R: Any) -> Any:
        """theta's minimal polynomial m(t) in the ring's last variable."""
        from sympy.polys.domains import QQ
        assert self.theta is not None
        t = R.gens[-1]
        m = R.zero
        for k, c in enumerate(self.theta.root.poly):
            m += QQ(c) * t ** k
        return m

    def _extremes(self, supports: Support) -> list[tuple[tuple[Any, ...], Any]]:
        """A positive-dimensional system: the extreme points of its closed piece
        {indifference equations, probabilities >= 0, no outside strategy better}
        (solvers/continua.py's description, over K: where `dimension` of those
        inequalities hold with equality, each face solved at theta), as the rational
        solver lists them. Refused when the piece is curved and has none (a closed
        oval) or has more than continua.MAX_FACES faces."""
        from ..solvers.continua import MAX_FACES, krull_dimension
        from ..solvers.zero_dim import groebner_basis
        nv = sum(len(s) - 1 for s in supports)
        R = _ring_of_field(nv, self.theta is not None)
        mixes, values = self._values(supports, R)
        eqs = [values[i][s] - values[i][sup[0]] for i, sup in enumerate(supports)
               for s in sup[1:]]
        base = [e for e in eqs if e] + ([self._minimal(R)] if self.theta is not None else [])
        G = groebner_basis(base, R, method="buchberger")
        if any(g.is_ground and g for g in G):
            return []
        bounds = self._bounds(supports, mixes, values, G)
        if bounds is None:
            return []
        dim = krull_dimension(G, nv + (self.theta is not None))
        faces = list(itertools.combinations(range(len(bounds)), dim))
        if len(faces) > MAX_FACES:
            raise Refused(f"at an algebraic point the continuum of support profile "
                          f"{_names(supports)} has {len(faces):,} boundary faces, more "
                          f"than the limit of {MAX_FACES:,}")
        found: list[tuple[tuple[Any, ...], Any]] = []
        for face in faces:
            status, points = self._at_theta(list(G) + [bounds[k] for k in face], R, nv)
            for p, t in points:
                if all(_sign_at(b, p, t) >= 0 for b in bounds) and not any(
                        _same(p, q) for q, _ in found):
                    found.append((p, t))
        linear = all(sum(mono[:nv]) <= 1 for b in list(G) + bounds for mono in b.keys())
        if not found and not linear:
            raise Refused(f"at an algebraic point the support profile {_names(supports)} "
                          "has a curved set of candidate equilibria with no extreme "
                          "point (a closed oval), not stated in a number field")
        return found

    def _values(self, supports: Support, R: Any) -> tuple[list[list[Any]], list[list[Any]]]:
        """Each player's probabilities as ring polynomials (the first support
        strategy's implied: support_system's convention) over the whole strategy
        list, and each player's payoff from each pure strategy against the others."""
        from ..payoffs import strategy_values
        gens = R.gens
        mixes: list[list[Any]] = []
        c = 0
        for i, sup in enumerate(supports):
            xs = list(gens[c:c + len(sup) - 1])
            c += len(sup) - 1
            full = [R.zero] * self.P.shape[i + 1]
            for j, x in zip(sup, [R.one - sum(xs, R.zero)] + xs):
                full[j] = x
            mixes.append(full)
        sparse = [[(j, mixes[i][j]) for j in sup] for i, sup in enumerate(supports)]
        lifted = self._ring_payoffs(R)
        values = [[R.zero + v for v in strategy_values(lifted, i, sparse)]
                  for i in range(len(supports))]
        return mixes, values

    def _ring_payoffs(self, R: Any) -> np.ndarray:
        out = np.empty(self.P.shape, dtype=object)
        for idx in np.ndindex(*self.P.shape):
            out[idx] = self._coefficient(R, self.P[idx])
        return out

    def _bounds(self, supports: Support, mixes: list[list[Any]], values: list[list[Any]],
                G: list[Any]) -> list[Any] | None:
        """The piece's inequalities expr >= 0 reduced modulo G (probabilities, then no
        outside strategy better); one free of probabilities is decided at theta
        (None when it fails there)."""
        raw = [mixes[i][j] for i, sup in enumerate(supports) if len(sup) > 1 for j in sup]
        for i, sup in enumerate(supports):
            raw.extend(values[i][sup[0]] - values[i][r] for r in range(len(mixes[i]))
                       if r not in sup)
        nv = sum(len(s) - 1 for s in supports)
        out: list[Any] = []
        for p in raw:
            q = p.rem(G) if G else p
            if all(not any(mono[:nv]) for mono in q.keys()):
                if q and self._sign_constant(q) < 0:
                    return None
                continue
            q = q.monic() if q.LC > 0 else -(-q).monic()
            if q not in out:
                out.append(q)
        return out

    def _sign_constant(self, q: Any) -> int:
        """The sign at theta of a polynomial in t alone."""
        if self.theta is None:
            return 1 if q.LC > 0 else -1
        from ..solvers.algebraic import exact_sign
        coeffs = {mono[-1]: c for mono, c in q.items()}
        value: Any = Fraction(0)
        for k in range(max(coeffs), -1, -1):
            c = coeffs.get(k, 0)
            value = value * self.theta + Fraction(int(c.numerator), int(c.denominator))
        return exact_sign(value)

    def _checked(self, supports: Support, point: Sequence[Any], t: Any,
                 strict: bool = True) -> list[Equilibrium]:
        """The equilibrium at this solution, when every support probability is
        positive (`strict`; else nonnegative: a continuum's extreme point) and no
        pure strategy earns more (exact, in the solution's field)."""
        from ..payoffs import dense_mixtures, mixture_value, strategy_values
        from ..solvers.algebraic import exact_sign, to_exact
        profile = _profile(self.P.shape[1:], supports, point, strict)
        if profile is None:
            return []
        U = self._payoffs_at(t)
        mixes = dense_mixtures(profile)
        pays = []
        for i in range(len(profile)):
            vals = strategy_values(U, i, mixes)
            own = mixture_value(profile[i], vals)
            if any(exact_sign(v - own) > 0 for v in vals):
                return []
            pays.append(own)
        return [Equilibrium(tuple(tuple(to_exact(p) for p in probs) for probs in profile),
                            tuple(to_exact(v) for v in pays))]

    def _payoffs_at(self, t: Any) -> np.ndarray:
        """The payoffs with theta written as `t` (theta itself, or theta in another
        number field: a Fraction 1 stands for a rational point)."""
        key = id(t.root) if hasattr(t, "root") else 0
        if key not in self._lifted:
            out = np.empty(self.P.shape, dtype=object)
            for idx in np.ndindex(*self.P.shape):
                out[idx] = _at(self.P[idx], t)
            self._lifted[key] = out
        return self._lifted[key]


def _at(x: Any, t: Any) -> Any:
    """An element of K (a polynomial in theta) with theta replaced by t."""
    coeffs = [Fraction(int(c.p), int(c.q)) for c in x.coeffs()]
    if not coeffs:
        return Fraction(0)
    if not hasattr(t, "root"):          # rational point: x is a constant
        return coeffs[0]
    out: Any = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        out = out * t + c
    return out


def _ring_of_field(nvars: int, with_t: bool) -> Any:
    """The polynomial ring of nvars probabilities, and t last when theta is irrational."""
    from ..solvers.support_system import ring_of
    return ring_of(nvars + (1 if with_t else 0))


def _sign_at(p: Any, point: Sequence[Any], t: Any) -> int:
    """The exact sign of a ring polynomial at (point, theta = t)."""
    from ..solvers.algebraic import exact_sign
    from ..solvers.zero_dim import evaluate_at
    full = tuple(point) + ((t,) if hasattr(t, "root") else ())
    return exact_sign(evaluate_at(p, full))


def _same(p: Sequence[Any], q: Sequence[Any]) -> bool:
    """The same point (coordinates Fractions or elements of possibly different
    number fields): exactly in one field, else by canonical exact forms."""
    from ..solvers.algebraic import exact_sign, to_exact
    for x, y in zip(p, q):
        if abs(float(x) - float(y)) > 1e-9:
            return False
        if getattr(x, "root", None) is getattr(y, "root", None):
            if exact_sign(x - y) != 0:
                return False
        elif str(to_exact(x)) != str(to_exact(y)):
            return False
    return True


def _distinct(eqs: list[Equilibrium]) -> list[Equilibrium]:
    """Each equilibrium once (by its exact key)."""
    return list({e.key(): e for e in eqs}.values())


def _is_theta(t: Any, root: RealRoot) -> bool:
    """Whether t, a root of theta's minimal polynomial, is theta: it lies inside
    theta's isolating interval (whose ends are rational, so never t itself)."""
    from ..solvers.algebraic import exact_sign
    if isinstance(t, Fraction):
        return False        # m is irreducible of degree >= 2: no rational root
    tight = t.enclosure()   # certified bounds from flint balls: nearly always decide
    if tight is not None:
        if root.lo < tight[0] and tight[1] < root.hi:
            return True
        if tight[1] < root.lo or root.hi < tight[0]:
            return False
    return exact_sign(t - root.lo) > 0 and exact_sign(root.hi - t) > 0


def _profile(shape: Sequence[int], supports: Support, point: Sequence[Any],
             strict: bool = True) -> tuple[tuple[Any, ...], ...] | None:
    """The mixed profile of a solution point (support_solver's: each support's first
    probability is 1 minus the others'), None unless every support probability is
    positive (with `strict`; an extreme point's are nonnegative, by its bounds)."""
    from ..solvers.support_solver import profile_from_point
    keep = [list(range(m)) for m in shape]
    return profile_from_point(shape, keep, supports, point, strict)


def _unresolved(count: int) -> None:
    if count:
        raise Refused("a support system at an algebraic point has a multiple "
                      "irrational root that was not resolved exactly")


def _tick() -> None:
    """Between roots: nothing to check (the region map checks its clock per cell)."""


def _names(supports: Support) -> str:
    return "(" + "; ".join(",".join(str(j + 1) for j in s) for s in supports) + ")"
