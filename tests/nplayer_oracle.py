"""An independent exact oracle of the whole Nash set of a small N-player game (written
for 2x2x2 and 2x2x3), continua included: test-only, sharing no code with games/.

For every support profile S (a nonempty set of strategies per player) the closed set

    { x : x_i has support inside S_i, the strategies of S_i tie for player i,
          no strategy outside S_i does better }

holds only equilibria, and the union over S of these sets is the Nash set. Each is
solved here with sympy: the indifference equations in the probabilities of S (each
player's last support strategy is 1 minus the others) go to `sympy.solve`, whose
answer is a list of branches, each giving some probabilities as expressions in the
others (the branch's free parameters). sympy divides by expressions in the free
parameters on the way; the points where a denominator vanishes may hold solutions it
leaves out, so each denominator's zero set is solved again as a system of its own
(with the denominator as one more equation). A branch is the expressions, the
inequalities (probabilities >= 0, outside strategies no better: each expr >= 0) and
the denominators that must not vanish.

`Branch.points()` gives exact points of a branch: with one free parameter, every
value where an inequality or a denominator changes sign (the extreme values of the
parameter on the branch) and one between each two; with more, a rational grid and
the points where two inequalities hold with equality. `is_equilibrium` is the exact
deviation check (every pure strategy's payoff against the others' mixtures, no
strategy better than the mixture)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import sympy

Payoffs = dict[tuple[int, ...], tuple[Fraction, ...]]   # profile -> each player's payoff
#   (Fractions, or exact real algebraic sympy numbers such as sqrt(2))


def exact_sign(x: sympy.Expr) -> int:
    """The sign of a real algebraic number (rationals, square roots, CRootOf): the
    sign of its 60-digit value when that is well away from 0 (sympy's evalf tracks
    its precision), else 0 only when sympy proves it zero (simplification or a
    minimal polynomial with root 0)."""
    x = sympy.sympify(x)
    if x.is_Rational:
        return int(bool(x > 0)) - int(bool(x < 0))
    v = sympy.N(x, 60)
    if v.is_real and abs(v) > sympy.Float(10, 60) ** -40:
        return 1 if v > 0 else -1
    if sympy.simplify(x) == 0:
        return 0
    z = sympy.Symbol("z")
    assert sympy.minimal_polynomial(x, z).subs(z, 0) == 0, f"cannot decide the sign of {x}"
    return 0


def is_real(x: sympy.Expr) -> bool:
    """Is an exact number real (complex roots of a support's system are not)?"""
    x = sympy.sympify(x)
    if x.has(sympy.nan, sympy.zoo):
        return False
    if x.is_real:
        return True
    return bool(abs(sympy.im(sympy.N(x, 60))) < sympy.Float(10, 60) ** -40)


def pure_values(payoffs: Payoffs, shape: tuple[int, ...], player: int,
                mixes: list[list[sympy.Expr]]) -> list[sympy.Expr]:
    """Player's payoff from each pure strategy against the others' mixtures: the
    sum over the others' pure profiles of their probability times the payoff."""
    others = [k for k in range(len(shape)) if k != player]
    weights = {rest: sympy.Mul(*(mixes[k][j] for k, j in zip(others, rest)))
               for rest in itertools.product(*(range(shape[k]) for k in others))}

    def payoff(s: int, rest: tuple[int, ...]) -> sympy.Expr:
        prof = list(rest)
        prof.insert(player, s)
        return sympy.sympify(payoffs[tuple(prof)][player])
    return [sympy.expand(sum((w * payoff(s, rest) for rest, w in weights.items()),
                             sympy.Integer(0))) for s in range(shape[player])]


def is_equilibrium(payoffs: Payoffs, shape: tuple[int, ...],
                   profile: tuple[tuple[sympy.Expr, ...], ...]) -> bool:
    """The exact deviation check: each mixture is a probability vector and no pure
    strategy pays a player more than its mixture does."""
    mixes = [[sympy.sympify(p) for p in row] for row in profile]
    if any(exact_sign(sum(r) - 1) != 0 or any(exact_sign(p) < 0 for p in r) for r in mixes):
        return False
    for i in range(len(shape)):
        vals = pure_values(payoffs, shape, i, mixes)
        own = sum(p * v for p, v in zip(mixes[i], vals))
        if any(exact_sign(v - own) > 0 for v in vals):
            return False
    return True


@dataclass(frozen=True)
class Branch:
    """A piece of the Nash set: the profile as expressions in `params` (each in
    [0, 1]), valid where every inequality is >= 0 and no denominator vanishes."""

    supports: tuple[tuple[int, ...], ...]
    params: tuple[sympy.Symbol, ...]
    profile: tuple[tuple[sympy.Expr, ...], ...]
    inequalities: tuple[sympy.Expr, ...]
    nonzero: tuple[sympy.Expr, ...]

    def holds(self, values: dict[sympy.Symbol, sympy.Expr]) -> bool:
        """Is the point at these parameter values real, and on the branch?"""
        if any(exact_sign(d.subs(values)) == 0 for d in self.nonzero):
            return False
        if not all(is_real(p.subs(values)) for row in self.profile for p in row):
            return False
        return all(exact_sign(sympy.together(g.subs(values))) >= 0 for g in self.inequalities)

    def at(self, values: dict[sympy.Symbol, sympy.Expr]) -> tuple[tuple[sympy.Expr, ...], ...]:
        return tuple(tuple(sympy.nsimplify(sympy.simplify(p.subs(values)))
                           if not p.subs(values).is_Rational else p.subs(values)
                           for p in row) for row in self.profile)

    def _critical(self) -> list[sympy.Expr]:
        """Values of a single parameter where an inequality or denominator changes sign,
        in [0, 1] (with 0 and 1), sorted."""
        (t,) = self.params
        out: list[sympy.Expr] = [sympy.Integer(0), sympy.Integer(1)]
        for g in (*self.inequalities, *self.nonzero):
            num, den = sympy.fraction(sympy.together(g))
            for f in (num, den):
                if not f.has(t):
                    continue
                for r in _real_roots(f, t):
                    if exact_sign(r) >= 0 and exact_sign(r - 1) <= 0:
                        out.append(r)
        uniq: list[sympy.Expr] = []
        for r in sorted(out, key=lambda r: sympy.N(r, 40)):
            if not uniq or exact_sign(r - uniq[-1]) != 0:
                uniq.append(r)
        return uniq

    def points(self) -> list[tuple[tuple[sympy.Expr, ...], ...]]:
        """Exact points of the branch, without repeats: its extreme parameter values
        and points between (see the module's docstring). A branch with free
        parameters may still hold one point only (its inequalities pin them)."""
        out: list[tuple[tuple[sympy.Expr, ...], ...]] = []
        for pt in self._points():
            if not any(same_profile(pt, q) for q in out):
                out.append(pt)
        return out

    def _points(self) -> list[tuple[tuple[sympy.Expr, ...], ...]]:
        if not self.params:
            return [self.at({})] if self.holds({}) else []
        if len(self.params) == 1:
            crit = self._critical()
            mids = [_rational_between(x, y) for x, y in zip(crit, crit[1:])]
            return [self.at({self.params[0]: v}) for v in [*crit, *mids]
                    if self.holds({self.params[0]: v})]
        grid = [sympy.Rational(k, 4) for k in range(5)]
        cands = [dict(zip(self.params, vals))
                 for vals in itertools.product(grid, repeat=len(self.params))]
        walls = [sympy.numer(sympy.together(g)) for g in self.inequalities]
        walls += [t for t in self.params] + [1 - t for t in self.params]
        for pair in itertools.combinations(walls, len(self.params)):
            try:
                sols = sympy.solve(list(pair), list(self.params), dict=True)
            except NotImplementedError:
                continue
            for s in sols:
                if len(s) == len(self.params) and all(v.is_real for v in s.values()):
                    cands.append(s)
        return [self.at(v) for v in cands if self.holds(v)]


def _real_roots(f: sympy.Expr, t: sympy.Symbol) -> list[sympy.Expr]:
    """The real roots of a polynomial in t: isolated exactly over Q, solved by
    radicals when its coefficients are irrational (payoffs in Q(sqrt 2), say)."""
    poly = sympy.Poly(f, t)
    if poly.domain.is_ZZ or poly.domain.is_QQ:
        return list(poly.real_roots())
    return [r for r in sympy.solve(f, t) if is_real(r)]


def _rational_between(x: sympy.Expr, y: sympy.Expr) -> sympy.Rational:
    """A rational strictly between two exact numbers x < y."""
    lo, hi = sympy.N(x, 40), sympy.N(y, 40)
    q = 2
    while True:
        k = sympy.floor(lo * q) + 1
        if sympy.Rational(k, q) < hi:
            return sympy.Rational(k, q)
        q *= 2


def solve_branches(equations: list[sympy.Expr], unknowns: list[sympy.Symbol],
                   depth: int = 0) -> list[tuple[dict, tuple[sympy.Expr, ...]]]:
    """Every solution of a polynomial system as (values of solved unknowns in the
    others, denominators that must not vanish): sympy.solve, and again on the zero
    set of each denominator it divided by."""
    eqs = [e for e in (sympy.expand(e) for e in equations) if e != 0]
    if any(e.is_number for e in eqs):
        return []
    if not eqs:
        return [({}, ())]
    out = []
    for sol in sympy.solve(eqs, unknowns, dict=True):
        sol = {k: sympy.factor(sympy.together(v)) for k, v in sol.items()}
        for e in eqs:       # sympy's answer satisfies the system identically
            assert sympy.simplify(sympy.together(e.subs(sol))) == 0, (e, sol)
        dens = set()
        for v in sol.values():
            _, den = sympy.fraction(v)
            for f, _m in sympy.factor_list(den)[1]:
                if f.free_symbols:
                    dens.add(f)
        out.append((sol, tuple(dens)))
        assert depth < 4, "too many nested denominators"
        for d in dens:
            out += solve_branches([*eqs, d], unknowns, depth + 1)
    return out


def nash_branches(payoffs: Payoffs, shape: tuple[int, ...]) -> list[Branch]:
    """The whole Nash set of the game, as branches (see the module's docstring)."""
    out = []
    subsets = [[s for r in range(1, m + 1) for s in itertools.combinations(range(m), r)]
               for m in shape]
    for supports in itertools.product(*subsets):
        syms: dict[tuple[int, int], sympy.Symbol] = {}
        mixes: list[list[sympy.Expr]] = []
        for i, sup in enumerate(supports):
            row: list[sympy.Expr] = [sympy.Integer(0)] * shape[i]
            for j in sup[:-1]:
                syms[i, j] = row[j] = sympy.Symbol(f"x{i}_{j}")
            row[sup[-1]] = 1 - sum(row[j] for j in sup[:-1])
            mixes.append(row)
        unknowns = list(syms.values())
        equations, inequalities = [], []
        for i, sup in enumerate(supports):
            vals = pure_values(payoffs, shape, i, mixes)
            equations += [vals[j] - vals[sup[0]] for j in sup[1:]]
            inequalities += [vals[sup[0]] - vals[k] for k in range(shape[i]) if k not in sup]
            inequalities += [mixes[i][j] for j in sup]
        for sol, dens in solve_branches(equations, unknowns):
            params = tuple(u for u in unknowns if u not in sol)
            prof = tuple(tuple(sympy.together(sympy.sympify(p).subs(sol)) for p in row)
                         for row in mixes)
            ineqs = tuple(sympy.together(sympy.sympify(g).subs(sol)) for g in inequalities)
            out.append(Branch(supports, params, prof, ineqs, dens))
    return out


def nash_points(payoffs: Payoffs, shape: tuple[int, ...]
                ) -> list[tuple[tuple[sympy.Expr, ...], ...]]:
    """Exact sample points of the whole Nash set (each branch's `points`), without
    repeats."""
    seen: list[tuple[tuple[sympy.Expr, ...], ...]] = []
    for br in nash_branches(payoffs, shape):
        for pt in br.points():
            if not any(same_profile(pt, q) for q in seen):
                seen.append(pt)
    return seen


def same_profile(x, y) -> bool:
    return all(exact_sign(sympy.sympify(p) - sympy.sympify(q)) == 0
               for rx, ry in zip(x, y) for p, q in zip(rx, ry))
