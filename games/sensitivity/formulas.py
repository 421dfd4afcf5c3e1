"""Closed forms of an equilibrium in the parameters, and fast exact evaluation of them.

Where the supports are fixed (between two thresholds, or inside one sign class of a
sweep), an equilibrium's probabilities are one formula in the parameters: the
solution of its support system. `equilibrium_formula` solves the system
symbolically and picks the branch that matches a known exact equilibrium;
`compile_exact` turns a formula into a function evaluated with `Fraction`s.
"""
from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from ..numbers import Exact, SymExpr, rational_sqrt, sign, simplify_exact, to_float
from .support_systems import SupportSystem, expected_value, linear_solution, support_system

if TYPE_CHECKING:
    from ..equilibrium import Equilibrium

Profile = tuple[tuple[SymExpr, ...], ...]     # probabilities as formulas, per player


def equilibrium_formula(U: np.ndarray, sample: Mapping[SymExpr, Exact], eq: Equilibrium,
                        cache: dict | None = None) -> Profile | None:
    """The probabilities of `eq` (an Equilibrium found at the parameter point `sample`,
    a map Symbol -> exact value) as sympy expressions in the free symbols of `U`; None
    when its support system does not determine them (a continuum of equilibria).
    `cache` (per payoff array) keeps support systems and their solutions."""
    cache = {} if cache is None else cache
    if eq.support not in cache:
        system = pure_system(eq.support) if all(len(s) == 1 for s in eq.support) else \
            support_system(U, eq.support)
        sols: list | None
        if not system.variables:
            sols = [{}]
        elif system.linear:
            sol = linear_solution(system)
            sols = None if sol is None else [sol]
        else:
            sols = _nonlinear_solutions(system)
        cache[eq.support] = (system, sols)
    system, sols = cache[eq.support]
    if not sols:
        return None
    sol = sols[0] if len(sols) == 1 else _branch(system, sols, sample, eq)
    if sol is None:
        return None
    key = ("profile", eq.support, sols.index(sol))      # one formula per branch
    if key not in cache:
        cache[key] = solved_profile(U, system, sol)
    profile = cache[key]
    if not _matches(profile, sample, eq):
        return None
    return tuple(profile)


def solved_profile(U: np.ndarray, system: SupportSystem, sol: Mapping[SymExpr, SymExpr]
                   ) -> Profile:
    """The mixed profile, as formulas in the parameters, of a support system whose
    probability unknowns are given by `sol` (zero off the support)."""
    import sympy
    profile = []
    for i, plist in enumerate(system.probabilities):
        probs = [sympy.Integer(0)] * U.shape[1 + i]
        for j, p in plist:
            probs[j] = sympy.factor(sympy.cancel(p.subs(sol)))
        profile.append(tuple(probs))
    return tuple(profile)


def pure_system(support: Sequence[Sequence[int]]) -> SupportSystem:
    """The (empty) support system of a pure profile: no unknowns, each probability 1.
    (Its outside payoff gaps are not needed for a formula and are left out.)"""
    import sympy
    return SupportSystem(tuple(tuple(s) for s in support), [],
                         [[(s[0], sympy.Integer(1))] for s in support], [], [], [], True)


def _nonlinear_solutions(system: Any) -> list[dict] | None:
    """Every isolated solution branch of a polynomial support system (sympy.solve)."""
    import sympy
    try:
        sols = sympy.solve(system.equations, system.variables, dict=True)
    except (NotImplementedError, ValueError):
        return None
    # a branch leaving some probability free is a continuum: no formula for it
    return [sol for sol in sols if set(sol) == set(system.variables)]


def _branch(system: Any, sols: list[dict], sample: Mapping[Any, Any], eq: Any) -> dict | None:
    """The solution branch of a support system through `eq` at `sample`."""
    for sol in sols:
        profile = [[p.subs(sol) for _, p in plist] for plist in system.probabilities]
        expected = [[eq.profile[i][j] for j, _ in plist]
                    for i, plist in enumerate(system.probabilities)]
        if _close(profile, expected, sample):
            return sol
    return None


def _close(profile: Sequence[Sequence[Any]], expected: Sequence[Sequence[Exact]],
           sample: Mapping[Any, Any]) -> bool:
    """Numerically equal (to 1e-12) once the formulas are evaluated at `sample`."""
    import sympy
    for row, exp in zip(profile, expected):
        for f, e in zip(row, exp):
            v = sympy.sympify(f).subs(sample).evalf(30)
            if not v.is_real and abs(sympy.im(v)) > 1e-20:
                return False
            if abs(complex(v).real - to_float(e)) > 1e-12:
                return False
    return True


def _matches(profile: Profile, sample: Mapping[Any, Any], eq: Any) -> bool:
    """The formulas reproduce the equilibrium at the sample point."""
    return _close(profile, eq.profile, sample)


def payoff_formulas(U: np.ndarray, profile: Profile) -> tuple[SymExpr, ...]:
    """Each player's expected payoff as a formula, given probability formulas."""
    import sympy
    mixes = [[(j, p) for j, p in enumerate(probs) if p != 0] for probs in profile]
    out = []
    for i in range(U.shape[0]):
        total = sympy.Integer(0)
        for j, p in mixes[i]:
            total += p * expected_value(U, i, j, mixes)
        out.append(sympy.factor(sympy.cancel(total)))
    return tuple(out)


def gain_formulas(U: np.ndarray, profile: Profile, payoffs: Sequence[SymExpr]
                  ) -> tuple[SymExpr, ...]:
    """What each pure strategy of each player gains over its expected payoff under
    `profile`, as formulas in the parameters: the profile is an equilibrium at a
    point exactly when none of them is positive there (the deviation check)."""
    import sympy
    mixes = [[(j, p) for j, p in enumerate(probs) if p != 0] for probs in profile]
    return tuple(sympy.cancel(expected_value(U, i, j, mixes) - payoffs[i])
                 for i in range(U.shape[0]) for j in range(U.shape[1 + i]))


# ------------------------------------------------------------ exact evaluation

def compile_exact(expr: SymExpr, names: Mapping[SymExpr, str]
                  ) -> Callable[[Mapping[str, Fraction]], Exact]:
    """A function of {parameter name: Fraction} computing `expr` exactly: rational
    arithmetic in Fractions, square roots exact (a Fraction when the radicand is a
    square), anything else by sympy substitution."""
    import sympy
    if isinstance(expr, sympy.Rational):
        return Constant(Fraction(int(expr.p), int(expr.q)))
    syms = list(names)
    if expr.is_rational_function(*syms) and not expr.atoms(sympy.Function) and \
            not any(not p.exp.is_Integer for p in expr.atoms(sympy.Pow)):
        return _rational_function(expr, syms, [names[s] for s in syms])     # not sqrt(2)*a
    return _compile_tree(expr, names)


class Constant:
    """A compiled formula that does not depend on the parameters."""

    def __init__(self, value: Fraction) -> None:
        self.value = value

    def __call__(self, v: Mapping[str, Fraction]) -> Fraction:
        return self.value


def _compile_tree(expr: Any, names: Mapping[Any, str]) -> Callable[[Mapping[str, Fraction]], Exact]:
    """Node-by-node evaluation (for formulas with square roots)."""
    import sympy
    if expr.is_Rational:
        value = Fraction(int(expr.p), int(expr.q))
        return lambda v: value
    if expr.is_Symbol:
        name = names[expr]
        return lambda v: v[name]
    if expr.is_Add or expr.is_Mul:
        parts = [_compile_tree(a, names) for a in expr.args]
        if expr.is_Add:
            return lambda v: _add([f(v) for f in parts])
        return lambda v: _mul([f(v) for f in parts])
    if expr.is_Pow and expr.exp.is_Integer:
        base = _compile_tree(expr.base, names)
        n = int(expr.exp)
        return lambda v: _power(base(v), n)
    if expr.is_Pow and expr.exp == sympy.Rational(1, 2):
        base = _compile_tree(expr.base, names)
        return lambda v: _sqrt(base(v))
    syms = {s: n for s, n in names.items()}

    def slow(v: Mapping[str, Fraction]) -> Exact:
        sub = {s: sympy.Rational(v[n].numerator, v[n].denominator) for s, n in syms.items()}
        return simplify_exact(sympy.nsimplify(expr.subs(sub)) if expr.has(sympy.Float)
                              else expr.subs(sub))
    return slow


def _rational_function(expr: Any, syms: Sequence[Any], names: Sequence[str]
                       ) -> Callable[[Mapping[str, Fraction]], Fraction]:
    """N/D with integer polynomials N, D, evaluated in integer arithmetic: at
    x_j = a_j/b_j, P = sum c * prod a_j^e_j b_j^(d_j - e_j) / prod b_j^d_j."""
    import sympy
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr)))
    pn, pd = sympy.Poly(num, *syms), sympy.Poly(den, *syms)
    cn, cd = pn.LC(), pd.LC()
    # clear rational coefficients: scale both by the lcm of denominators
    scale = sympy.ilcm(*[c.q for c in pn.coeffs() + pd.coeffs()])
    tn = [(int(c * scale), m) for m, c in pn.terms()]
    td = [(int(c * scale), m) for m, c in pd.terms()]
    deg = [max(max((m[j] for _, m in tn), default=0), max((m[j] for _, m in td), default=0))
           for j in range(len(syms))]
    del cn, cd

    def poly(terms: list, ab: list[tuple[int, int]]) -> int:
        total = 0
        for c, m in terms:
            t = c
            for (a, b), e, d in zip(ab, m, deg):
                t *= a ** e * b ** (d - e)
            total += t
        return total

    def run(v: Mapping[str, Fraction]) -> Fraction:
        ab = [(v[n].numerator, v[n].denominator) for n in names]
        d = poly(td, ab)
        if d == 0:
            raise ZeroDivisionError("formula undefined at this point")
        return Fraction(poly(tn, ab), d)
    return run


def _add(vals: list[Exact]) -> Exact:
    total: Exact = Fraction(0)
    for x in vals:
        total = total + x
    return _tidy(total)


def _mul(vals: list[Exact]) -> Exact:
    total: Exact = Fraction(1)
    for x in vals:
        total = total * x
    return _tidy(total)


def _power(x: Exact, n: int) -> Exact:
    if isinstance(x, Fraction):
        return x ** n
    return _tidy(x ** n)


def _sqrt(x: Exact) -> Exact:
    import sympy
    root = rational_sqrt(x) if isinstance(x, Fraction) else None
    if root is not None:
        return root
    return _tidy(sympy.sqrt(sympy.sympify(x)))


def _tidy(x: Exact) -> Exact:
    """Fractions stay; sympy values become Fractions when rational."""
    if isinstance(x, Fraction):
        return x
    import sympy
    x = sympy.sympify(x)
    if isinstance(x, sympy.Rational):
        return Fraction(int(x.p), int(x.q))
    return sympy.radsimp(sympy.expand(x)) if x.has(sympy.Pow) else x


class ClassFormulas:
    """The equilibria of one sign class as compiled exact formulas: built once from the
    exact solution at a representative point, then evaluated at every other point."""

    def __init__(self, U: np.ndarray, symbols: Sequence[SymExpr], names: Sequence[str],
                 sample: Mapping[str, Fraction], eqs: Iterable[Equilibrium],
                 cache: dict | None = None) -> None:
        import sympy
        point = {s: sympy.Rational(sample[n].numerator, sample[n].denominator)
                 for s, n in zip(symbols, names)}
        table = dict(zip(symbols, names))
        self.ok = True
        self.funcs: list[Compiled] = []
        cache = {} if cache is None else cache
        compiled = cache.setdefault("compiled", {})
        for e in eqs:
            prof = equilibrium_formula(U, point, e, cache)
            if prof is None:
                self.ok = False
                return
            self.funcs.append(_compiled(U, prof, table, compiled))

    @classmethod
    def from_supports(cls, U: np.ndarray, symbols: Sequence[SymExpr], names: Sequence[str],
                      supports: Sequence[tuple], cache: dict) -> "ClassFormulas | None":
        """The equilibria of a class known only by its supports, when each support's
        system has exactly one solution (a unique formula); None otherwise."""
        self = cls.__new__(cls)
        self.ok, self.funcs = True, []
        table = dict(zip(symbols, names))
        compiled = cache.setdefault("compiled", {})
        for sup in supports:
            if sup not in cache:
                return None           # never solved: the branch count is unknown
            system, sols = cache[sup]
            if not sols or len(sols) != 1:
                return None
            prof = solved_profile(U, system, sols[0])
            self.funcs.append(_compiled(U, prof, table, compiled))
        return self

    def at(self, values: Mapping[str, Fraction]) -> list[Equilibrium]:
        """The class's equilibria at a point (exact values by formula)."""
        from ..equilibrium import Equilibrium
        out = []
        for rows, pays, _ in self.funcs:
            profile = tuple(row if isinstance(row, tuple) else tuple([f(values) for f in row])
                            for row in rows)
            payoffs = pays if isinstance(pays, tuple) else tuple([f(values) for f in pays])
            out.append(Equilibrium(profile, payoffs))
        return out

    def checked_at(self, values: Mapping[str, Fraction]) -> list[Equilibrium] | None:
        """The class's equilibria at a point, each passing the exact deviation check
        there (probabilities non-negative summing to 1, no pure strategy gaining, every
        gain evaluated exactly from the payoffs at the point); None when one fails."""
        eqs = self.at(values)
        for e, (rows, _, gains) in zip(eqs, self.funcs):
            varying = [probs for probs, row in zip(e.profile, rows) if not isinstance(row, tuple)]
            if any(_sign(p) < 0 for probs in varying for p in probs) or \
                    any(_sign(sum(probs, Fraction(0)) - 1) != 0 for probs in varying) or \
                    any(_sign(g(values)) > 0 for g in gains):
                return None
        return eqs


Compiled = tuple[list[Any], Any, list[Callable[[Mapping[str, Fraction]], Exact]]]
"""An equilibrium's compiled formulas: probabilities (per player), payoffs, deviation
gains; fixed rows and payoffs are tuples of values (see `_template`). The parts that do
not depend on the parameters are checked once, when compiled: a fixed row must be a
distribution, and only gains that vary (or a constant positive one) are kept."""


def _compiled(U: np.ndarray, prof: Profile, table: Mapping[Any, str],
              compiled: dict[str, Compiled]) -> Compiled:
    """The compiled formulas of one profile, built once per distinct formula."""
    key = str(prof)
    if key not in compiled:
        pays = payoff_formulas(U, tuple(prof))
        rows = [_template([compile_exact(p, table) for p in row]) for row in prof]
        gains = [compile_exact(g, table) for g in gain_formulas(U, prof, pays)]
        gains = [g for g in gains if not isinstance(g, Constant) or g.value > 0]
        if any(isinstance(row, tuple) and (min(row) < 0 or sum(row) != 1) for row in rows):
            gains.append(Constant(Fraction(1)))     # never an equilibrium
        compiled[key] = (rows, _template([compile_exact(p, table) for p in pays]), gains)
    return compiled[key]


def _sign(x: Exact) -> int:
    """The exact sign, without a function call's detour for the common Fraction."""
    if isinstance(x, Fraction):
        return (x > 0) - (x < 0)
    return sign(x)


def _template(funcs: list[Callable]) -> tuple | list[Callable]:
    """A fixed tuple when every formula is constant, else the functions themselves."""
    if all(isinstance(f, Constant) for f in funcs):
        return tuple(f.value for f in funcs)  # type: ignore[attr-defined]
    return funcs
