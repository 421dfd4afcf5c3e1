"""Critical expressions: the polynomials in the parameters whose signs decide the
equilibrium set.

With the payoffs as expressions in some free parameters (the others held at their
values), whether a support profile carries an equilibrium depends only on the signs
of finitely many polynomials in the free parameters:

- pure deviation differences u_i(s) - u_i(s_i', s_-i);
- for a support system that is linear in the probabilities (at most two players
  mix): the Cramer determinant, the numerators of every probability, and the
  numerators of every outside strategy's payoff gap;
- for a nonlinear support system (three or more players mix): the projections onto
  parameter space of "system and one boundary condition" (a probability is zero, an
  outside strategy earns the support payoff), of "system and singular Jacobian"
  (where real solutions appear or merge) and the leading coefficients of a lex
  Groebner basis (where solutions escape to infinity);
- for `min`, `max` and `abs`: the differences of their arguments (split points).

Everything here is sympy, built from our own parsed expressions (`Expr.to_sympy`),
never from file text. sympy is imported inside functions.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

MAX_SUPPORT_PROFILES = 300      # above this, only balanced or small supports are examined
SMALL_SUPPORT = 3               # the size limit then used per player


@dataclass
class Critical:
    """The critical polynomials of a scenario in some free parameters."""

    free: tuple[str, ...]
    symbols: tuple[Any, ...]                 # sympy Symbols, in `free` order
    polys: list[Any]                         # irreducible, sign-normalized polynomials
    complete: bool = True                    # False when support enumeration was capped
    notes: list[str] = field(default_factory=list)
    # support profile -> indices into `polys` of the polynomials that decide whether
    # it carries an equilibrium (the min/max/abs split polynomials belong to all)
    by_support: dict[tuple, frozenset[int]] = field(default_factory=dict)


# ------------------------------------------------------------------ payoffs

def make_symbols(free: Sequence[str]) -> tuple[Any, ...]:
    """One real sympy Symbol per free parameter (named like the parameter)."""
    import sympy
    return tuple(sympy.Symbol(n, real=True) for n in free)


def symbolic_payoffs(scenario: Any, free: Sequence[str], values: Mapping[str, Fraction],
                     symbols: Sequence[Any] | None = None) -> np.ndarray:
    """The scenario's payoffs as sympy expressions in the free parameters, every other
    parameter replaced by its exact value. Shape (n_players, *shape), dtype object."""
    import sympy
    syms = symbols if symbols is not None else make_symbols(free)
    table: dict[str, Any] = {n: sympy.Rational(v.numerator, v.denominator)
                             for n, v in values.items()}
    table.update(dict(zip(free, syms)))
    exprs = scenario.expressions
    out = np.empty(exprs.shape, dtype=object)
    for idx in np.ndindex(exprs.shape):
        out[idx] = exprs[idx].to_sympy(table)
    return out


def split_expressions(payoffs: np.ndarray) -> list[Any]:
    """Where `min`, `max` or `abs` switch branch: differences of their arguments."""
    import sympy
    out: list[Any] = []
    for e in payoffs.flat:
        for node in sympy.preorder_traversal(e):
            if isinstance(node, (sympy.Min, sympy.Max)):
                out.extend(a - b for a, b in itertools.combinations(node.args, 2))
            elif isinstance(node, sympy.Abs):
                out.append(node.args[0])
    return out


def has_pieces(payoffs: np.ndarray) -> bool:
    """True when some payoff uses min, max or abs."""
    import sympy
    return any(e.has(sympy.Min, sympy.Max, sympy.Abs) for e in payoffs.flat)


def resolve_pieces(expr: Any, point: Mapping[Any, Any]) -> Any:
    """`expr` with every min/max/abs replaced by the branch that holds at `point`
    (a map Symbol -> exact value); polynomial/rational afterwards."""
    import sympy
    if not expr.has(sympy.Min, sympy.Max, sympy.Abs):
        return expr
    args = [resolve_pieces(a, point) for a in expr.args]
    if isinstance(expr, (sympy.Min, sympy.Max)):
        vals = [a.subs(point) for a in args]
        pick = min if isinstance(expr, sympy.Min) else max
        best = pick(range(len(args)), key=lambda k: vals[k])
        return args[best]
    if isinstance(expr, sympy.Abs):
        return args[0] if args[0].subs(point) >= 0 else -args[0]
    return expr.func(*args)


def resolve_payoffs(payoffs: np.ndarray, point: Mapping[Any, Any]) -> np.ndarray:
    """The whole payoff array with min/max/abs resolved at `point`."""
    out = np.empty(payoffs.shape, dtype=object)
    for idx in np.ndindex(payoffs.shape):
        out[idx] = resolve_pieces(payoffs[idx], point)
    return out


# ------------------------------------------------------------- normalizing

_FACTORS: dict[tuple, list[Any]] = {}


def factors(expr: Any, symbols: Sequence[Any]) -> list[Any]:
    """The non-constant irreducible factors (over Q) of a rational expression's
    numerator and denominator, each primitive with a positive leading coefficient."""
    if not symbols:
        return []
    key = (expr, tuple(symbols))
    if key not in _FACTORS:
        if len(_FACTORS) > 20_000:
            _FACTORS.clear()
        _FACTORS[key] = _factors(expr, symbols)
    return _FACTORS[key]


def _factors(expr: Any, symbols: Sequence[Any]) -> list[Any]:
    import sympy
    num, den = sympy.fraction(sympy.together(sympy.expand(expr)))
    out = []
    for part in (num, den):
        part = sympy.expand(part)
        if not part.free_symbols & set(symbols):
            continue
        _, facs = sympy.factor_list(part, *symbols)
        for f, _mult in facs:
            p = sympy.Poly(f, *symbols)
            if p.is_ground:
                continue
            _, p = p.primitive()
            if p.LC() < 0:
                p = -p
            out.append(p.as_expr())
    return out


_KEYS: dict[Any, str] = {}


def poly_key(p: Any) -> str:
    """The text of a sympy expression (remembered: printing is slow), which identifies
    and orders critical polynomials."""
    key = _KEYS.get(p)
    if key is None:
        if len(_KEYS) > 50_000:
            _KEYS.clear()
        key = _KEYS[p] = str(p)
    return key


def dedupe(polys: Iterable[Any]) -> list[Any]:
    """Distinct polynomials, in a stable order."""
    seen: dict[str, Any] = {}
    for p in polys:
        seen.setdefault(poly_key(p), p)
    return [seen[k] for k in sorted(seen)]


# ------------------------------------------------------------ support systems

def expected_value(U: np.ndarray, player: int, strategy: int,
                   mixes: Sequence[Sequence[tuple[int, Any]]]) -> Any:
    """Player's expected payoff from `strategy` against the others' mixtures
    (`mixes[k]`: list of (strategy index, probability expression))."""
    import sympy
    n = U.shape[0]
    lists = [mixes[k] if k != player else [(strategy, sympy.Integer(1))] for k in range(n)]
    total = sympy.Integer(0)
    for combo in itertools.product(*lists):
        w = sympy.Integer(1)
        for _, p in combo:
            w = w * p
        total = total + w * U[(player, *(j for j, _ in combo))]
    return sympy.expand(total)


@dataclass
class SupportSystem:
    """The indifference system of one support profile, with its boundary conditions."""

    support: tuple[tuple[int, ...], ...]
    variables: list[Any]                         # free probability symbols
    probabilities: list[list[tuple[int, Any]]]   # per player: (strategy, prob expr)
    equations: list[Any]                         # = 0
    owners: list[int]                            # the player each equation belongs to
    gaps: list[Any]                              # outside payoff - support payoff (<= 0)
    linear: bool


def support_system(U: np.ndarray, support: Sequence[Sequence[int]]) -> SupportSystem:
    """The indifference equations of a support profile: each mixing player is
    indifferent among its support; the last probability is 1 minus the others."""
    import sympy
    variables: list[Any] = []
    probs: list[list[tuple[int, Any]]] = []
    for i, sup in enumerate(support):
        xs = [sympy.Symbol(f"_p{i}_{j}") for j in sup[:-1]]
        variables.extend(xs)
        last = sympy.Integer(1) - sum(xs, sympy.Integer(0))
        probs.append(list(zip(sup, [*xs, last])))
    equations, gaps, owners = [], [], []
    for i, sup in enumerate(support):
        vals = {s: expected_value(U, i, s, probs) for s in range(U.shape[i + 1])}
        base = vals[sup[0]]
        equations.extend(sympy.expand(vals[s] - base) for s in sup[1:])
        owners.extend(i for _ in sup[1:])
        gaps.extend(sympy.expand(vals[s] - base) for s in vals if s not in sup)
    mixing = sum(1 for s in support if len(s) > 1)
    return SupportSystem(tuple(tuple(s) for s in support), variables, probs, equations, owners,
                         gaps, linear=mixing <= 2)


def linear_solution(system: SupportSystem) -> tuple[dict[Any, Any] | None, list[Any]]:
    """Solve a linear support system by Cramer's rule, block by block (a mixing
    player's indifference equations involve only the other mixing player's
    probabilities).

    Returns (solution or None, critical expressions): the determinants, the
    consistency conditions of equations without unknowns, and for an
    overdetermined block the minors of its augmented matrix."""
    crit: list[Any] = []
    variables = set(system.variables)
    blocks: dict[int, list[Any]] = {}
    for eq, owner in zip(system.equations, system.owners):
        if eq.free_symbols & variables:
            blocks.setdefault(owner, []).append(eq)
        else:
            crit.append(eq)
    sol: dict[Any, Any] = {}
    complete = True
    for rows in blocks.values():
        used = set().union(*(r.free_symbols for r in rows)) & variables
        xs = [v for v in system.variables if v in used]
        part, more = _cramer(rows, xs)
        crit.extend(more)
        if part is None:
            complete = False
        else:
            sol.update(part)
    if not complete or set(sol) != variables:
        return None, crit
    return sol, crit


MAX_MINORS = 10     # consistency minors examined per overdetermined block


def _cramer(rows: list[Any], xs: list[Any]) -> tuple[dict[Any, Any] | None, list[Any]]:
    """One linear block: its solution by Cramer's rule and its critical expressions."""
    import sympy
    A, b = sympy.linear_eq_to_matrix(rows, xs)
    m, n = A.shape
    if m < n:
        return None, []
    if m > n:
        aug = A.row_join(b)
        picks = itertools.islice(itertools.combinations(range(m), n + 1), MAX_MINORS)
        return None, [_det(aug.extract(list(p), list(range(n + 1)))) for p in picks]
    D = _det(A)
    if D == 0:
        return None, []
    out = {}
    for k, x in enumerate(xs):
        Ak = A.copy()
        Ak[:, k] = b
        out[x] = _det(Ak) / D
    return out, [D]


def _det(M: Any) -> Any:
    """Determinant of a small matrix of polynomials (sympy's DomainMatrix: fast)."""
    import sympy
    from sympy.polys.matrices import DomainMatrix
    from sympy.polys.polyerrors import CoercionFailed, PolynomialError
    try:
        dM = DomainMatrix.from_Matrix(M)
        return sympy.expand(dM.domain.to_sympy(dM.det()))
    except (CoercionFailed, PolynomialError, NotImplementedError):   # plain sympy then
        return sympy.expand(M.det(method="berkowitz"))


def linear_critical(system: SupportSystem) -> list[Any]:
    """Critical expressions of a linear support system: determinant, probability
    numerators, gap numerators (all signs that decide feasibility)."""
    import sympy
    sol, crit = linear_solution(system)
    if sol is None:
        return crit
    for plist in system.probabilities:
        for _, p in plist:
            crit.append(sympy.together(p.subs(sol)))
    for g in system.gaps:
        crit.append(sympy.together(g.subs(sol)))
    return crit


def projection(polys: list[Any], variables: Sequence[Any], params: Sequence[Any]) -> list[Any]:
    """Generators of the elimination ideal (polys) ∩ Q[params]: where in parameter
    space the system has a (complex) solution; empty when it never or always has."""
    import sympy
    polys = [sympy.numer(sympy.together(p)) for p in polys]
    G = sympy.groebner(polys, *variables, *params, order="lex")
    if G.exprs == [1]:
        return []
    vs = set(variables)
    return [g for g in G.exprs if not g.free_symbols & vs]


def nonlinear_critical(system: SupportSystem, params: Sequence[Any]) -> list[Any]:
    """Critical expressions of a polynomial support system (three or more players mix):
    boundary projections, the singular locus and the leading coefficients."""
    import sympy
    if not params:
        return []
    F = [sympy.numer(sympy.together(e)) for e in system.equations]
    xs = system.variables
    crit: list[Any] = []
    G = sympy.groebner(F, *xs, *params, order="lex")
    if G.exprs == [1]:
        return []
    for g in G.exprs:
        poly = sympy.Poly(g, *xs)
        crit.append(poly.LC())
    boundaries = [p for plist in system.probabilities for _, p in plist] + list(system.gaps)
    for b in boundaries:
        crit.extend(projection(F + [b], xs, params))
    J = sympy.Matrix(F).jacobian(xs)
    crit.extend(projection(F + [J.det(method="berkowitz")], xs, params))
    return crit


# ------------------------------------------------------------ enumeration

def support_profiles(shape: Sequence[int]) -> tuple[list[tuple[tuple[int, ...], ...]], bool]:
    """Every support profile with at least one player mixing; the flag says whether the
    list is complete. Large games keep fewer: two players only balanced supports
    (equal sizes: the only ones outside isolated degenerate points), more players only
    supports of at most SMALL_SUPPORT strategies."""
    per_player = [[c for r in range(1, k + 1) for c in itertools.combinations(range(k), r)]
                  for k in shape]
    total = int(np.prod([len(p) for p in per_player]))
    if total <= MAX_SUPPORT_PROFILES:
        profiles = itertools.product(*per_player)
        return [p for p in profiles if any(len(s) > 1 for s in p)], True
    if len(shape) == 2:
        return [(a, b) for a in per_player[0] for b in per_player[1]
                if len(a) == len(b) > 1], False
    per_player = [[c for c in opts if len(c) <= SMALL_SUPPORT] for opts in per_player]
    return [p for p in itertools.product(*per_player) if any(len(s) > 1 for s in p)], False


class OutOfTime(Exception):
    """The time budget of a sensitivity analysis ran out."""


def check_deadline(deadline: float | None) -> None:
    """OutOfTime when the monotonic clock has passed `deadline` (None: no limit)."""
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime


def critical_polynomials(U: np.ndarray, symbols: Sequence[Any], deadline: float | None = None
                         ) -> tuple[list[Any], bool, dict[tuple, list[Any]]]:
    """Every critical polynomial of a (min/max/abs-free) symbolic payoff array, whether
    the support enumeration was complete, and the polynomials of each support profile.
    Linear support systems run in sympy's polynomial rings (fraction-free) or, when a
    payoff divides by a parameter, its rational function fields. OutOfTime when
    `deadline` (time.monotonic) passes."""
    ring = ring_payoffs(U, symbols) if symbols else None
    fast = None if ring is not None or not symbols else field_payoffs(U, symbols)

    def linear(sup: tuple) -> list[Any] | None:
        if ring is not None:
            return [f for e in ring_linear_critical(ring[0], ring[1], sup)
                    for f in ring_factors(e)]
        if fast is not None:
            return [f for e in fast_linear_critical(fast[0], fast[1], sup)
                    for f in field_factors(e)]
        return None

    per: dict[tuple, list[Any]] = {}
    for prof in itertools.product(*(range(m) for m in U.shape[1:])):
        sup = tuple((j,) for j in prof)
        arr = ring[1] if ring is not None else fast[1] if fast is not None else U
        facs = ring_factors if ring is not None else field_factors if fast is not None else \
            (lambda e: factors(e, symbols))
        per[sup] = [f for e in pure_differences(arr, prof) for f in facs(e)]
    profiles, complete = support_profiles(U.shape[1:])
    for sup in profiles:
        check_deadline(deadline)
        if sum(1 for s in sup if len(s) > 1) <= 2:
            found = linear(tuple(sup))
        elif ring is not None:
            found = [f for e in ring_nonlinear_critical(ring[0], ring[1], tuple(sup))
                     for f in ring_factors(e)]
        else:
            found = None
        if found is None:
            system = support_system(U, sup)
            raw = linear_critical(system) if system.linear else \
                nonlinear_critical(system, symbols)
            found = [f for e in raw for f in factors(e, symbols)]
        per[tuple(sup)] = found
    polys = dedupe(f for fs in per.values() for f in fs)
    return polys, complete, per


def pure_differences(U: np.ndarray, prof: Sequence[int]) -> list[Any]:
    """u_i(s) - u_i(s_i', s_-i) for every player i and deviation s_i' at profile s."""
    out = []
    for i in range(U.shape[0]):
        here = U[(i, *prof)]
        for j in range(U.shape[i + 1]):
            if j != prof[i]:
                out.append(here - U[(i, *prof[:i], j, *prof[i + 1:])])
    return out


def critical(scenario: Any, free: Sequence[str], values: Mapping[str, Fraction],
             point: Mapping[str, Fraction] | None = None, payoffs: np.ndarray | None = None,
             deadline: float | None = None) -> Critical:
    """Critical polynomials of `scenario` in the `free` parameters (others at `values`).

    With min/max/abs in the payoffs, the split expressions are always included and the
    support-system expressions are those of the branch that holds at `point`
    (default: `values`). `payoffs`: the symbolic payoffs when already built (in
    `make_symbols(free)`); `deadline`: see `critical_polynomials`."""
    symbols = make_symbols(free)
    U = symbolic_payoffs(scenario, free, values, symbols) if payoffs is None else payoffs
    polys: list[Any] = []
    if has_pieces(U):
        for e in split_expressions(U):
            polys.extend(factors(e, symbols))
        at = {**values, **(point or {})}
        U = resolve_payoffs(U, {s: _rational(at[n]) for n, s in zip(free, symbols)})
    found, complete, per = critical_polynomials(U, symbols, deadline)
    all_polys = dedupe(polys + found)
    index = {poly_key(p): k for k, p in enumerate(all_polys)}
    common = {index[poly_key(p)] for p in polys}
    by_support = {sup: frozenset(common | {index[poly_key(f)] for f in fs})
                  for sup, fs in per.items()}
    result = Critical(tuple(free), symbols, all_polys, complete, by_support=by_support)
    if not complete:
        result.notes.append(f"more than {MAX_SUPPORT_PROFILES} support profiles: only "
                            "balanced supports (two players) or supports of at most "
                            f"{SMALL_SUPPORT} strategies per player were examined")
    return result


def _rational(v: Fraction) -> Any:
    import sympy
    return sympy.Rational(v.numerator, v.denominator)


# ------------------------------------------------------------ numeric signs

def sign_matrix(values: np.ndarray, rel_tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Signs (-1/0/1, int8) of a (n_polys, n_points) value matrix, and a per-point
    mask of points where some value is too close to zero to trust its float sign."""
    if values.size == 0:
        return np.zeros(values.shape, dtype=np.int8), np.zeros(values.shape[1:], dtype=bool)
    scale = np.nanmax(np.abs(values), axis=1, keepdims=True)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
    near = (np.abs(values) <= rel_tol * scale) | ~np.isfinite(values)
    signs = np.sign(np.nan_to_num(values)).astype(np.int8)
    return signs, near.any(axis=0)


# ------------------------------------------------------------ classification

@dataclass
class SignClass:
    """Points sharing one sign vector of every critical polynomial: the equilibrium
    structure is the same at all of them. `alone` marks a point to solve by itself
    (some critical polynomial is zero, or too near zero to trust its float sign)."""

    indices: np.ndarray
    alone: bool = False
    polys: Sequence[Any] = ()        # the critical polynomials that define the class
    symbols: Sequence[Any] = ()
    signs: np.ndarray | None = None  # the class's sign vector (one entry per polynomial)
    critical: "Critical | None" = None


def classify(scenario: Any, free: Sequence[str], values: Mapping[str, Fraction],
             arrays: Sequence[np.ndarray],
             exact_at: Any) -> tuple[list[SignClass], bool]:
    """Group points (float coordinates `arrays`, one per free parameter) by the signs of
    the critical polynomials. `exact_at(k)` gives point k's exact values (a dict), used
    to resolve min/max/abs per group. Returns the classes and a completeness flag."""
    n = len(arrays[0]) if arrays else 0
    symbols = make_symbols(free)
    U = symbolic_payoffs(scenario, free, values, symbols)
    groups: list[tuple[np.ndarray, Mapping[str, Fraction] | None]] = []
    alone: list[int] = []
    if has_pieces(U):
        splits = dedupe(f for e in split_expressions(U) for f in factors(e, symbols))
        for idx, bad, _ in _group(splits, symbols, arrays, np.arange(n)):
            if bad:
                alone.extend(int(k) for k in idx)
            else:
                groups.append((idx, exact_at(int(idx[0]))))
    else:
        groups.append((np.arange(n), None))
    out: list[SignClass] = []
    complete = True
    cache: dict[str, list[Any]] = {}
    for idx, point in groups:
        crit = critical(scenario, free, values, point=point)
        complete = complete and crit.complete
        key = " ".join(map(str, crit.polys))
        polys = cache.setdefault(key, crit.polys)
        for sub, bad, signs in _group(polys, crit.symbols, arrays, idx):
            if bad:
                alone.extend(int(k) for k in sub)
            else:
                out.append(SignClass(sub, False, polys, crit.symbols, signs, crit))
    out.extend(SignClass(np.array([k]), alone=True) for k in sorted(set(alone)))
    return out, complete


def _group(polys: Sequence[Any], symbols: Sequence[Any], arrays: Sequence[np.ndarray],
           idx: np.ndarray) -> list[tuple[np.ndarray, bool, np.ndarray | None]]:
    """Split the points `idx` by sign vector (returned with each group); the near-zero
    points come back as one flagged group."""
    if len(idx) == 0:
        return []
    vals = evaluate_all(polys, symbols, [a[idx] for a in arrays])
    signs, near = sign_matrix(vals)
    out: list[tuple[np.ndarray, bool, np.ndarray | None]] = []
    if near.any():
        out.append((idx[near], True, None))
    keep = ~near
    if keep.any():
        sub = signs[:, keep].T
        uniq, inverse = np.unique(sub, axis=0, return_inverse=True)
        inverse = np.asarray(inverse).reshape(-1)
        kept_idx = idx[keep]
        for c in range(len(uniq)):
            out.append((kept_idx[inverse == c], False, uniq[c]))
    return out


def evaluate_all(polys: Sequence[Any], symbols: Sequence[Any],
                 arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Values of all polynomials at all points, shape (len(polys), n_points), by one
    numpy function generated from our own sympy trees."""
    n = len(arrays[0]) if arrays else 0
    if not polys:
        return np.zeros((0, n))
    fn = _numpy_function(tuple(polys), tuple(symbols))
    with np.errstate(all="ignore"):
        rows = fn(*arrays)
    return np.stack([np.broadcast_to(np.asarray(r, dtype=float), (n,)) for r in rows])


# ------------------------------------------------------------ reuse between classes

def support_key(cls: SignClass, sup: tuple) -> tuple | None:
    """What decides whether `sup` carries an equilibrium in this class: the signs of
    its own critical polynomials (None when unknown)."""
    crit = cls.critical
    if crit is None or cls.signs is None or sup not in crit.by_support:
        return None
    idx = sorted(crit.by_support[sup])
    return (id(crit), sup, tuple(int(cls.signs[k]) for k in idx))


def deduce(cls: SignClass, known: dict[tuple, bool]) -> set | None:
    """The supports present in a class, when every support profile's answer is known
    from an earlier class with the same signs on that profile's polynomials."""
    if cls.alone or cls.critical is None:
        return None
    present = set()
    for sup in cls.critical.by_support:
        key = support_key(cls, sup)
        if key is None or key not in known:
            return None
        if known[key]:
            present.add(sup)
    return present


def learn(cls: SignClass, present: set, known: dict[tuple, bool]) -> None:
    """Record, per support profile, whether it carried an equilibrium in a solved class."""
    if cls.alone or cls.critical is None or not cls.critical.complete:
        return
    for sup in cls.critical.by_support:
        key = support_key(cls, sup)
        if key is not None:
            known[key] = sup in present


_FUNCTIONS: dict[str, Any] = {}


def _numpy_function(polys: tuple[Any, ...], symbols: tuple[Any, ...]) -> Any:
    """lambdify, remembered per list of polynomials (code generation is the slow part)."""
    import sympy
    key = repr((symbols, polys))
    if key not in _FUNCTIONS:
        if len(_FUNCTIONS) > 256:
            _FUNCTIONS.clear()
        _FUNCTIONS[key] = sympy.lambdify(list(symbols), list(polys), modules="numpy")
    return _FUNCTIONS[key]


# ------------------------------------------------------------ fast linear path

def field_payoffs(U: np.ndarray, symbols: Sequence[Any]) -> tuple[Any, np.ndarray] | None:
    """The payoffs as elements of the rational function field Q(symbols) (sympy's
    sparse fields: much faster arithmetic than expressions); None if one is not a
    rational function."""
    from sympy.polys.fields import field
    return _domain_payoffs(U, symbols, field)


def _domain_payoffs(U: np.ndarray, symbols: Sequence[Any], make: Any
                    ) -> tuple[Any, np.ndarray] | None:
    """The payoffs converted into the sparse domain `make(symbols, QQ)` (a ring or a
    field), or None when one of them does not belong to it."""
    import sympy
    from sympy.polys.polyerrors import CoercionFailed, PolynomialError
    D, *_ = make(list(symbols), sympy.QQ)
    out = np.empty(U.shape, dtype=object)
    try:
        for idx in np.ndindex(U.shape):
            out[idx] = D.from_expr(U[idx])
    except (PolynomialError, CoercionFailed, ValueError):
        return None
    return D, out


def fast_linear_critical(K: Any, F: np.ndarray, support: Sequence[Sequence[int]]
                         ) -> list[Any]:
    """Critical polynomials (as field elements) of a support profile in which at most
    two players mix, computed in Q(params): each mixing player's probabilities from
    the other's indifference (Gaussian elimination), then every probability and every
    outside strategy's payoff gap."""
    return _linear_critical(K, F, support, _block, _expected)


def _linear_critical(D: Any, F: np.ndarray, support: Sequence[Sequence[int]],
                     block: Any, expected: Any) -> list[Any]:
    """The critical polynomials of a support profile with at most two players mixing,
    in the domain D: `block` solves one player's indifference for the other's mixture
    (returning it, or None, and the conditions it met), `expected` gives a strategy's
    payoff against the mixtures; then every probability and outside payoff gap."""
    mixing = [i for i, s in enumerate(support) if len(s) > 1]
    n = F.shape[0]
    crit: list[Any] = []
    probs: list[list[tuple[int, Any]]] = [[(s[0], D.one)] if len(s) == 1 else [] for s in support]
    fixed = tuple(support[k][0] if len(support[k]) == 1 else None for k in range(n))
    for i in mixing:
        others = [j for j in mixing if j != i]
        if not others:
            for s in support[i][1:]:                  # constant indifference conditions
                crit.append(_cell(F, i, fixed, {i: s}) - _cell(F, i, fixed, {i: support[i][0]}))
            return crit                                 # its own mixture is undetermined
        j = others[0]
        sol, more = block(D, F, i, j, support, fixed)
        crit.extend(more)
        if sol is None:
            return crit
        probs[j] = sol
    for plist in probs:
        crit.extend(p for _, p in plist)
    for i in range(n):
        vals = [expected(D, F, i, s, probs) for s in range(F.shape[i + 1])]
        base = vals[support[i][0]]
        crit.extend(vals[s] - base for s in range(F.shape[i + 1]) if s not in support[i])
    return crit


def _cell(F: np.ndarray, i: int, fixed: tuple, choice: Mapping[int, int]) -> Any:
    """Player i's payoff at the profile `fixed` with the entries of `choice` set."""
    prof = tuple(choice.get(k, fixed[k]) for k in range(len(fixed)))
    return F[(i, *prof)]


def _block(K: Any, F: np.ndarray, i: int, j: int, support: Sequence[Sequence[int]],
           fixed: tuple) -> tuple[list[tuple[int, Any]] | None, list[Any]]:
    """Player j's mixture making player i indifferent over its support."""
    si, sj = support[i], support[j]
    last = sj[-1]

    def W(s: int, t: int) -> Any:
        return _cell(F, i, fixed, {i: s, j: t})

    rows = []
    for s in si[1:]:
        coeffs = [(W(s, t) - W(s, last)) - (W(si[0], t) - W(si[0], last)) for t in sj[:-1]]
        rhs = -((W(s, last) - W(si[0], last)))
        rows.append(coeffs + [rhs])
    m, k = len(rows), len(sj) - 1
    if m < k:
        return None, []
    if m > k:
        out = []
        for pick in itertools.islice(itertools.combinations(range(m), k + 1), MAX_MINORS):
            out.append(_field_det(K, [rows[r] for r in pick]))
        return None, out
    det, xs = _eliminate(K, rows)
    if det is None:
        return None, []
    rest = K.one
    for x in xs:
        rest = rest - x
    return list(zip(sj, [*xs, rest])), [det]


def _field_det(K: Any, M: list[list[Any]]) -> Any:
    """Determinant of a square matrix over a field (Gaussian elimination)."""
    M = [row[:] for row in M]
    n = len(M)
    det = K.one
    for c in range(n):
        p = next((r for r in range(c, n) if M[r][c] != 0), None)
        if p is None:
            return K.zero
        if p != c:
            M[c], M[p] = M[p], M[c]
            det = -det
        det = det * M[c][c]
        for r in range(c + 1, n):
            f = M[r][c] / M[c][c]
            if f != 0:
                M[r] = [a - f * b for a, b in zip(M[r], M[c])]
    return det


def _eliminate(K: Any, rows: list[list[Any]]) -> tuple[Any, list[Any]]:
    """Solve a square augmented system over a field: (determinant, solution), or
    (None, []) when it is singular for every parameter value."""
    M = [row[:] for row in rows]
    n = len(M)
    det = K.one
    for c in range(n):
        p = next((r for r in range(c, n) if M[r][c] != 0), None)
        if p is None:
            return None, []
        if p != c:
            M[c], M[p] = M[p], M[c]
            det = -det
        det = det * M[c][c]
        piv = M[c][c]
        M[c] = [a / piv for a in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[c])]
    return det, [M[r][n] for r in range(n)]


def _expected(K: Any, F: np.ndarray, i: int, s: int, probs: list[list[tuple[int, Any]]]) -> Any:
    """Player i's expected payoff from s against the others' mixtures, in the field."""
    lists = [probs[k] if k != i else [(s, K.one)] for k in range(F.shape[0])]
    total = K.zero
    for combo in itertools.product(*lists):
        w = K.one
        for _, p in combo:
            w = w * p
        total = total + w * F[(i, *(t for t, _ in combo))]
    return total


_FIELD_FACTORS: dict[Any, list[Any]] = {}


def field_factors(x: Any) -> list[Any]:
    """Irreducible non-constant factors of a field element's numerator and
    denominator, as sympy expressions, primitive with a positive leading coefficient."""
    out = []
    for part in (x.numer, x.denom):
        if part.is_ground:
            continue
        if part not in _FIELD_FACTORS:
            if len(_FIELD_FACTORS) > 20_000:
                _FIELD_FACTORS.clear()
            facs = []
            for f, _ in part.factor_list()[1]:
                if f.is_ground:
                    continue
                _, f = f.primitive()
                if f.LC < 0:
                    f = -f
                facs.append(f.as_expr())
            _FIELD_FACTORS[part] = facs
        out.extend(_FIELD_FACTORS[part])
    return out


# ------------------------------------------------------------ fraction-free path

def ring_payoffs(U: np.ndarray, symbols: Sequence[Any]) -> tuple[Any, np.ndarray] | None:
    """The payoffs as polynomials in Q[symbols] (sympy's sparse rings), or None when
    some payoff divides by a parameter."""
    from sympy.polys.rings import ring
    return _domain_payoffs(U, symbols, ring)


def ring_linear_critical(R: Any, F: np.ndarray, support: Sequence[Sequence[int]]
                         ) -> list[Any]:
    """As `fast_linear_critical`, fraction-free: each mixing player's probabilities
    are Cramer numerators over one determinant (Bareiss), and every payoff gap is
    scaled by the (sign-critical) product of the determinants."""
    return _linear_critical(R, F, support, _ring_block, _ring_expected)


def _ring_block(R: Any, F: np.ndarray, i: int, j: int, support: Sequence[Sequence[int]],
                fixed: tuple) -> tuple[list[tuple[int, Any]] | None, list[Any]]:
    """Player j's mixture making player i indifferent: Cramer numerators (the last
    probability's is det - the others'), all over det."""
    si, sj = support[i], support[j]
    last = sj[-1]

    def W(s: int, t: int) -> Any:
        return _cell(F, i, fixed, {i: s, j: t})

    A, b = [], []
    for s in si[1:]:
        A.append([(W(s, t) - W(s, last)) - (W(si[0], t) - W(si[0], last)) for t in sj[:-1]])
        b.append(-(W(s, last) - W(si[0], last)))
    m, k = len(A), len(sj) - 1
    if m < k:
        return None, []
    if m > k:
        aug = [row + [v] for row, v in zip(A, b)]
        picks = itertools.islice(itertools.combinations(range(m), k + 1), MAX_MINORS)
        return None, [_bareiss(R, [aug[r] for r in p]) for p in picks]
    D = _bareiss(R, A)
    if D == 0:
        return None, []
    nums = []
    for c in range(k):
        nums.append(_bareiss(R, [row[:c] + [v] + row[c + 1:] for row, v in zip(A, b)]))
    rest = D
    for x in nums:
        rest = rest - x
    return list(zip(sj, [*nums, rest])), [D]


def _bareiss(R: Any, M: list[list[Any]]) -> Any:
    """Determinant of a square polynomial matrix, fraction-free (Bareiss)."""
    M = [row[:] for row in M]
    n = len(M)
    if n == 0:
        return R.one
    sign, prev = 1, R.one
    for k in range(n - 1):
        if M[k][k] == 0:
            p = next((r for r in range(k + 1, n) if M[r][k] != 0), None)
            if p is None:
                return R.zero
            M[k], M[p] = M[p], M[k]
            sign = -sign
        for r in range(k + 1, n):
            for c in range(k + 1, n):
                v = M[r][c] * M[k][k] - M[r][k] * M[k][c]
                # exquo can leave a stale cached hash on its result (sympy builds the
                # quotient in place after hashing it): copy, or dict lookups degrade
                M[r][c] = v if prev == 1 else v.exquo(prev).copy()
        prev = M[k][k]
    return M[n - 1][n - 1] if sign > 0 else -M[n - 1][n - 1]


def _ring_expected(R: Any, F: np.ndarray, i: int, s: int,
                   probs: list[list[tuple[int, Any]]]) -> Any:
    """Player i's payoff from s against the others' mixtures, times the product of
    their determinants (numerators only)."""
    lists = [probs[k] if k != i else [(s, R.one)] for k in range(F.shape[0])]
    total = R.zero
    for combo in itertools.product(*lists):
        w = F[(i, *(t for t, _ in combo))]
        for _, p in combo:
            w = w * p
        total = total + w
    return total


def ring_factors(p: Any) -> list[Any]:
    """Irreducible non-constant factors of a polynomial, as sympy expressions,
    primitive with a positive leading coefficient."""
    if p.is_ground:
        return []
    facs = _FIELD_FACTORS.get(p)
    if facs is None:
        if len(_FIELD_FACTORS) > 20_000:
            _FIELD_FACTORS.clear()
            _UNIVARIATE.clear()
        if max(sum(m) for m in p.itermonoms()) == 1:     # linear: irreducible as it is
            parts = [p]
        elif p.ring.ngens == 1 and p.degree() == 2:
            parts = _quadratic_factors(p)
        else:
            parts = [f for f, _ in p.factor_list()[1] if not f.is_ground]
        facs = []
        for f in parts:
            _, f = f.primitive()
            if f.LC < 0:
                f = -f
            e = f.as_expr()
            if f.ring.ngens == 1:
                _UNIVARIATE[e] = f
            facs.append(e)
        _FIELD_FACTORS[p] = facs
    return facs


def _quadratic_factors(p: Any) -> list[Any]:
    """The distinct irreducible factors of a univariate quadratic over Q: two linear ones
    (one for a double root) when its discriminant is a rational square, else itself.
    (sympy's general factoring is slow for this common case.)"""
    import math
    terms = dict(p.terms())
    a, b, c = (Fraction(int(v.numerator), int(v.denominator))
               for v in (terms[(2,)], terms.get((1,), 0), terms.get((0,), 0)))
    d = b * b - 4 * a * c
    if d < 0:
        return [p]
    rn, rd = math.isqrt(d.numerator), math.isqrt(d.denominator)
    if rn * rn != d.numerator or rd * rd != d.denominator:
        return [p]
    t = p.ring.gens[0]
    roots = {(-b + Fraction(rn, rd)) / (2 * a), (-b - Fraction(rn, rd)) / (2 * a)}
    return [t * r.denominator - r.numerator for r in sorted(roots)]


def quadratic_outside(p: Any, symbol: Any, lo: Fraction, hi: Fraction) -> bool:
    """True when an irreducible quadratic factor made by `ring_factors` (in `symbol`
    alone) certainly has no real root in [lo, hi]: negative discriminant, or both roots
    outside the range by a wide float margin. False means "look exactly"."""
    f = _UNIVARIATE.get(p)
    if f is None or f.ring.symbols[0] != symbol or f.degree() != 2:
        return False
    terms = dict(f.terms())
    a, b, c = (Fraction(int(v.numerator), int(v.denominator))
               for v in (terms[(2,)], terms.get((1,), 0), terms.get((0,), 0)))
    d = b * b - 4 * a * c
    if d < 0:
        return True
    if max(abs(a), abs(b), abs(c), abs(lo), abs(hi)) > 10 ** 9:
        return False
    sq = float(d) ** 0.5
    roots = [(-float(b) + sq) / (2 * float(a)), (-float(b) - sq) / (2 * float(a))]
    margin = 1e-6 * (1 + abs(float(lo)) + abs(float(hi)))
    return all(r < float(lo) - margin or r > float(hi) + margin for r in roots)


_UNIVARIATE: dict[Any, Any] = {}     # factor expression -> the same factor in Q[t]


def linear_root(p: Any, symbol: Any) -> Fraction | None:
    """The root of an irreducible factor made by `ring_factors` when it is of degree 1
    in `symbol` alone (read off its ring form, without sympy's Poly); else None."""
    f = _UNIVARIATE.get(p)
    if f is None or f.ring.symbols[0] != symbol or f.degree() != 1:
        return None
    terms = dict(f.terms())
    a, b = terms[(1,)], terms.get((0,), 0)
    r = -b / a
    return Fraction(int(r.numerator), int(r.denominator))


# ------------------------------------------------------------ polynomial systems in rings

def ring_nonlinear_critical(R: Any, F: np.ndarray, support: Sequence[Sequence[int]]
                            ) -> list[Any]:
    """As `nonlinear_critical`, in sympy's sparse ring Q[probabilities, params] (lex,
    probabilities first): the basis of the support system is computed once and each
    boundary condition / the Jacobian determinant is added to it (same ideal, so the
    same reduced basis as from the raw system). Returns polynomials of R."""
    from sympy.polys.groebnertools import groebner
    S, xs = _system_ring(R, support)
    nx = len(xs)
    Fs = _lift(F, S)
    probs, it = [], iter(xs)
    for sup in support:
        mine = [next(it) for _ in sup[:-1]]
        last = S.one
        for x in mine:
            last = last - x
        probs.append(list(zip(sup, [*mine, last])))
    eqs, gaps = [], []
    for i, sup in enumerate(support):
        vals = [_ring_expected(S, Fs, i, s, probs) for s in range(F.shape[i + 1])]
        eqs.extend(vals[s] - vals[sup[0]] for s in sup[1:])
        gaps.extend(vals[s] - vals[sup[0]] for s in range(F.shape[i + 1]) if s not in sup)
    G = groebner(eqs, S)
    if _unit(G):
        return []
    crit = [_leading_coefficient(R, g, nx) for g in G]
    boundaries = [p for plist in probs for _, p in plist] + gaps
    J = [[e.diff(x) for x in xs] for e in eqs]
    boundaries.append(_bareiss(S, J))
    for b in boundaries:
        crit.extend(_eliminate_to(R, groebner(G + [b], S), nx))
    return crit


_SYSTEM_RINGS: dict[tuple, tuple[Any, list[Any]]] = {}


def _system_ring(R: Any, support: Sequence[Sequence[int]]) -> tuple[Any, list[Any]]:
    """The lex ring Q[probabilities of `support`, params] and its probability generators."""
    import sympy
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring
    names = tuple(f"_p{i}_{j}" for i, sup in enumerate(support) for j in sup[:-1])
    key = (names, R.symbols, R.domain)
    if key not in _SYSTEM_RINGS:
        if len(_SYSTEM_RINGS) > 1000:
            _SYSTEM_RINGS.clear()
        S, *gens = ring([*(sympy.Symbol(n) for n in names), *R.symbols], R.domain, lex)
        _SYSTEM_RINGS[key] = (S, gens[:len(names)])
    return _SYSTEM_RINGS[key]


def _lift(F: np.ndarray, S: Any) -> np.ndarray:
    """The payoff array with every entry moved into the bigger ring S."""
    out = np.empty(F.shape, dtype=object)
    for idx in np.ndindex(F.shape):
        out[idx] = F[idx].set_ring(S)
    return out


def _unit(G: list[Any]) -> bool:
    """Is the Groebner basis that of the whole ring (no solution anywhere)?"""
    return any(g.is_ground and g != 0 for g in G)


def _leading_coefficient(R: Any, g: Any, nx: int) -> Any:
    """The coefficient (in Q[params]) of g's lex-largest monomial in the probabilities."""
    top = max(m[:nx] for m in g.itermonoms())
    return R.from_dict({m[nx:]: c for m, c in g.iterterms() if m[:nx] == top})


def _eliminate_to(R: Any, G: list[Any], nx: int) -> list[Any]:
    """The elements of a lex basis free of the probabilities, as polynomials of R
    (none for the unit ideal: the system never has a solution)."""
    if _unit(G):
        return []
    zero = (0,) * nx
    return [R.from_dict({m[nx:]: c for m, c in g.iterterms()})
            for g in G if all(m[:nx] == zero for m in g.itermonoms())]
