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
boundary curve where a tie holds) is stated as the rational solver states it, by
its code (continua.describe over K: this module's _FieldSolver is its Scalars):
the piece's equations and inequalities with theta written out, its extreme points
checked as above, and the pieces sharing one grouped into a component. Refused
(`Refused`, the support named; the cell is then left unsolved and takes the
structure of the region it is merged with, as the region map's note says): a
piece the rational solver would leave incomplete (too many faces, a multiple root)
or a curved one whose real points are not decided, a game beyond FIELD_PROFILES
support profiles after pruning, or a system of more than FIELD_UNKNOWNS unknowns.

sympy and python-flint are imported inside functions (through the modules used).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ..equilibrium import Equilibrium, EquilibriumSet, sort_equilibria
from ..solvers.continua import Scalars
from .region_algebraic import AlgebraicPoint, Field, Refused, canonical_point, value_in

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from flint import fmpq_poly

    from ..model import Player
    from ..numbers import Exact, SymExpr
    from ..solvers.algebraic import FieldElement, RealRoot
    from ..solvers.continua import Piece as ContinuumPiece
    from ..solvers.support_system import Support
    from .thresholds import Structure

FIELD_PROFILES = 5_000      # support profiles left after pruning, at most
FIELD_UNKNOWNS = 6          # unknown probabilities of one support system, at most


Stated = tuple[tuple["ContinuumPiece", tuple[tuple, ...]], ...]
#   each continuum's piece with the keys of its extreme points (Equilibrium.key)


@dataclass(frozen=True)
class NPlayerEquilibria:
    """The equilibria of a game of 3+ players at an algebraic point, every one
    checked exactly (FieldEquilibria's counterpart): the isolated ones, and each
    continuum's extreme points with its piece (equations and inequalities over the
    point's field)."""

    point: AlgebraicPoint
    equilibria: tuple[Equilibrium, ...]
    pieces: Stated = ()

    def structure(self) -> Structure:
        """Supports with their counts (thresholds.structure's form)."""
        return structure_of_equilibria(self.equilibria)

    def exact_point(self) -> tuple[Exact, Exact]:
        """The point in canonical exact form."""
        return canonical_point(self.point)

    def equilibrium_set(self, players: Sequence[Player] = ()) -> EquilibriumSet:
        """The equilibria as exact numbers (Fractions, radicals, CRootOf), with the
        continua as components (as the rational solver states them)."""
        return _as_set(self.equilibria, players, self.pieces)


def _as_set(equilibria: Sequence[Equilibrium], players: Sequence[Player] = (),
            pieces: Stated = ()) -> EquilibriumSet:
    from dataclasses import replace

    from ..solvers.continua import components_of
    eqs = sort_equilibria([replace(e, players=tuple(players)) for e in equilibria])
    index: dict[object, int] = {e.key(): n for n, e in enumerate(eqs)}
    comps = components_of(pieces, index) if pieces else []
    notes = ("the game has non-isolated equilibria: each connected set is stated "
             "exactly (equations and inequalities, over the point's number field), and "
             "only its extreme points are listed among the equilibria",) if comps else ()
    return EquilibriumSet(tuple(eqs), "support enumeration at an algebraic point "
                          "(each support system over Q(theta), exact)",
                          degenerate=True, players=tuple(players), components=tuple(comps),
                          notes=notes)


def structure_of_equilibria(equilibria: Sequence[Equilibrium]) -> Structure:
    """The supports with their counts (thresholds.structure's form) of equilibria
    found at an algebraic point."""
    from .thresholds import structure
    return structure(_as_set(equilibria))


def solve_n_players(U: np.ndarray, syms: Sequence[SymExpr], pt: AlgebraicPoint
                    ) -> NPlayerEquilibria:
    """Every equilibrium of the game with payoffs U (sympy, in the two parameters; 3+
    players) at the point `pt`, each checked exactly, continua by their pieces and
    extreme points; Refused beyond the limits."""
    table = {syms[0]: pt.a, syms[1]: pt.b}
    found, pieces = _solved(pt.field, _payoffs_in(U, pt.field, table))
    return NPlayerEquilibria(pt, found, pieces)


def field_n_players(U: np.ndarray, K: Field, table: Mapping[SymExpr, fmpq_poly]
                    ) -> tuple[Equilibrium, ...]:
    """Every equilibrium of the game with payoffs U (sympy; 3+ players) where each
    parameter symbol has the element `table` gives it in K, in any number of
    parameters (the robustness search's points); Refused as solve_n_players."""
    return field_n_players_of(K, _payoffs_in(U, K, table))


def _payoffs_in(U: np.ndarray, K: Field, table: Mapping[SymExpr, fmpq_poly]) -> np.ndarray:
    P = np.empty(U.shape, dtype=object)
    for idx in np.ndindex(*U.shape):
        P[idx] = value_in(cast("SymExpr", U[idx]), K, table)
    return P


def field_n_players_of(K: Field, P: np.ndarray) -> tuple[Equilibrium, ...]:
    """Every equilibrium of the game whose payoff array P holds elements of K (flint
    form; a tree's local game too: games.tree.field_subgames), each checked exactly
    (a continuum by its extreme points); Refused as solve_n_players."""
    return _solved(K, P)[0]


def _solved(K: Field, P: np.ndarray) -> tuple[tuple[Equilibrium, ...], Stated]:
    """The equilibria of field_n_players_of, and each continuum's piece."""
    keep = _undominated(K, P)
    profiles = [s for s in _support_profiles(keep) if not _dominated(K, P, s)]
    if len(profiles) > FIELD_PROFILES:
        raise Refused(f"{len(profiles):,} support profiles remain after pruning at an "
                      f"algebraic point, more than the limit of {FIELD_PROFILES:,}")
    solver = _FieldSolver(K, P)
    found: list[Equilibrium] = []
    for supports in profiles:
        found.extend(solver.solve(supports))
    return tuple(_distinct(found)), tuple((p, tuple(k)) for p, k in solver.pieces)


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


class _FieldSolver(Scalars):
    """One support profile at a time: the system over Q with t for theta, its
    points at theta, each checked exactly. As continua's Scalars it is the field
    K = Q(theta) for continua.describe (t a ring variable after the
    probabilities, theta's minimal polynomial among the equations)."""

    def __init__(self, K: Field, P: np.ndarray) -> None:
        self.K, self.P = K, P
        self.theta: FieldElement | None = (None if K.root is None
                                           else K.element(K.gen()))
        self.extra = 0 if self.theta is None else 1
        self._lifted: dict[int, np.ndarray] = {}
        self.pieces: list[tuple[ContinuumPiece, list[tuple]]] = []   # continua, by keys

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
            return self._continuum(supports)
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

    # -- a positive-dimensional system: continua.describe over K -----------------
    def _continuum(self, supports: Support) -> list[Equilibrium]:
        """A positive-dimensional system: its closed piece {indifference equations,
        probabilities >= 0, no outside strategy better} stated as the rational solver
        states it (continua.describe, here over K through this class's Scalars
        methods): the piece kept for its component, its extreme points (or, for a
        closed curve, the points where one probability is least or greatest) checked
        exactly and returned. Refused where the rational solver would leave the map
        incomplete (too many faces, an unresolved multiple root) and where a curved
        piece's real points are not decided."""
        from ..solvers.continua import describe, profile_at
        found = describe(self, supports, _Strict(_names(supports)), scalars=self)
        if found is None:
            return []
        piece = found.piece
        if not found.points and not piece.linear:
            raise Refused(f"at an algebraic point the support profile {_names(supports)} "
                          "has a curved set of candidate equilibria whose real points "
                          "were not decided")
        out: list[Equilibrium] = []
        keys: list[tuple] = []
        for point in found.points:
            t = point[-1] if self.extra else Fraction(1)
            for e in self._verified(profile_at(self, piece, point), t):
                out.append(e)
                keys.append(e.key())
        if piece.dimension > 0 and keys:
            self.pieces.append((piece, list(dict.fromkeys(keys))))
        return out

    @property
    def payoffs(self) -> np.ndarray:
        return self.P

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.P.shape[1:])

    @property
    def n_players(self) -> int:
        return int(self.P.shape[0])

    def lift(self, u: Any, R: Any) -> Any:
        return self._coefficient(R, u)

    def base(self, R: Any) -> list[Any]:
        return [self._minimal(R)] if self.theta is not None else []

    def basis(self, polys: list[Any], R: Any) -> list[Any]:
        from ..solvers.zero_dim import groebner_basis
        if self.theta is None:
            return super().basis(polys, R)
        return groebner_basis(polys, R, method="buchberger")

    def sign_free(self, q: Any) -> int:
        return self._sign_constant(q)

    def solve_system(self, polys: list[Any], nvars: int, clock: Any) -> Any:
        """The real points at theta, each with theta (in its field) last."""
        from ..solvers.zero_dim import Solutions, SystemStatus
        if not polys:
            return Solutions(SystemStatus.POSITIVE)
        status, points = self._at_theta(polys, polys[0].ring, nvars)
        kinds = {"empty": SystemStatus.EMPTY, "positive": SystemStatus.POSITIVE,
                 "points": SystemStatus.POINTS}
        return Solutions(kinds[status], tuple(tuple(p) + ((t,) if self.extra else ())
                                              for p, t in points))

    def text(self, p: Any, symbols: list) -> str:
        """The polynomial with theta written out (sympy syntax: a radical or CRootOf)."""
        if self.theta is None:
            return super().text(p, symbols)
        import sympy

        from ..solvers.continua import _primitive
        nv = len(symbols)
        by_monomial: dict[tuple[int, ...], list[Fraction]] = {}
        for mono, c in _primitive(p).terms():
            coeffs = by_monomial.setdefault(mono[:nv], [Fraction(0)] * (mono[nv] + 1))
            coeffs.extend([Fraction(0)] * (mono[nv] + 1 - len(coeffs)))
            coeffs[mono[nv]] = Fraction(int(c.numerator), int(c.denominator))
        expr = sympy.Integer(0)
        for mono, coeffs in by_monomial.items():
            value = self.K.exact(self.K.horner([self.K.const(c) for c in coeffs],
                                               self.K.gen()))
            term = sympy.sympify(value) if not isinstance(value, Fraction) else \
                sympy.Rational(value.numerator, value.denominator)
            for x, e in zip(symbols, mono):
                term *= x ** e
            expr += term
        return sympy.sstr(sympy.expand(expr))

    def dimension(self, G: list[Any], bounds: list[Any], nvars: int, krull: int,
                  linear: bool, supports: Support) -> tuple[int, bool] | None:
        """Over Q as continua does; over Q(theta) the Krull dimension for now, an upper
        bound (the extreme points make it exact for a linear piece: `refined`)."""
        if self.theta is None:
            return super().dimension(G, bounds, nvars, krull, linear, supports)
        return krull, False

    def refined(self, stated: tuple[int, bool], linear: bool, points: Sequence[tuple]
                ) -> tuple[int, bool] | None:
        """A linear piece over Q(theta) is a bounded polytope: empty without extreme
        points, else of the dimension of their affine hull (exact, in K). A curved
        one keeps its Krull dimension, an upper bound (as the rational solver's
        curved blocks of more than two variables that hold no open set)."""
        if self.theta is None or not linear:
            return stated
        if not points:
            return None
        rows = [[self._in_field(x) for x in p[:-1]] for p in points]
        if any(x is None for row in rows for x in row):
            return stated
        first = rows[0]
        rank = _rank_in(self.K, [[x - y for x, y in zip(row, first)] for row in rows[1:]])
        return rank, True

    def _in_field(self, x: Any) -> Any:
        """A coordinate of an extreme point as an element of K: a Fraction, or an element
        of the field generated by theta itself (a face's points are read off with t as
        the separating form); None for any other."""
        if isinstance(x, Fraction):
            return self.K.const(x)
        import flint
        assert self.theta is not None
        if not _proportional(x.root.poly, self.theta.root.poly) or not _is_theta(
                x.root.element([Fraction(0), Fraction(1)]), self.theta.root):
            return None
        return flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in x.c]) % self.K.m

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

    def _checked(self, supports: Support, point: Sequence[Any], t: Any) -> list[Equilibrium]:
        """The equilibrium at this solution of the support system, when every support
        probability is positive and no pure strategy earns more."""
        profile = _profile(self.P.shape[1:], supports, point)
        return [] if profile is None else self._verified(profile, t)

    def _verified(self, profile: Sequence[Sequence[Any]], t: Any) -> list[Equilibrium]:
        """The profile (its probabilities nonnegative) as an equilibrium when no pure
        strategy of any player earns more (exact, in the profile's field; theta
        written as `t` there)."""
        from ..payoffs import dense_mixtures, mixture_value, strategy_values
        from ..solvers.algebraic import exact_sign, to_exact
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


def _profile(shape: Sequence[int], supports: Support, point: Sequence[Any]
             ) -> tuple[tuple[Any, ...], ...] | None:
    """The mixed profile of a solution point (support_solver's: each support's first
    probability is 1 minus the others'), None unless every support probability is
    positive."""
    from ..solvers.support_solver import profile_from_point
    keep = [list(range(m)) for m in shape]
    return profile_from_point(shape, keep, supports, point)


def _proportional(p: Sequence[Any], q: Sequence[Any]) -> bool:
    """Whether two coefficient lists are the same polynomial up to a nonzero factor."""
    if len(p) != len(q) or not p[-1] or not q[-1]:
        return False
    r = Fraction(p[-1]) / Fraction(q[-1])
    return all(Fraction(x) == r * Fraction(y) for x, y in zip(p, q))


def _rank_in(K: Field, rows: list[list[fmpq_poly]]) -> int:
    """The rank of a matrix over K (Gaussian elimination with K's exact arithmetic)."""
    rank = 0
    rows = [list(r) for r in rows]
    ncols = len(rows[0]) if rows else 0
    for col in range(ncols):
        pivot = next((k for k in range(rank, len(rows)) if rows[k][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        inv = K.inv(rows[rank][col])
        for k in range(rank + 1, len(rows)):
            if rows[k][col] != 0:
                f = K.mul(rows[k][col], inv)
                rows[k] = [x - K.mul(f, y) for x, y in zip(rows[k], rows[rank])]
        rank += 1
    return rank


class _Strict:
    """The clock continua.describe reports to: over a number field whatever would
    leave the rational solver's answer incomplete refuses the cell instead."""

    def __init__(self, names: str) -> None:
        self.names = names
        self.complete = True
        self.notes: list[str] = _Refusing(names)

    def check_time(self) -> None:
        """The region map checks its clock per cell."""


class _Refusing(list[str]):
    """A list of notes whose first entry refuses the cell, naming the support."""

    def __init__(self, names: str) -> None:
        super().__init__()
        self.names = names

    def append(self, note: str) -> None:
        raise Refused(f"at an algebraic point, support profile {self.names}: {note}")


def _unresolved(count: int) -> None:
    if count:
        raise Refused("a support system at an algebraic point has a multiple "
                      "irrational root that was not resolved exactly")


def _tick() -> None:
    """Between roots: nothing to check (the region map checks its clock per cell)."""


def _names(supports: Support) -> str:
    return "(" + "; ".join(",".join(str(j + 1) for j in s) for s in supports) + ")"
