"""Exact regions in two parameters: a plane decomposition by the critical polynomials.

The equilibrium set can only change where a critical polynomial (critical.py) changes
sign. With two free parameters (a, b) those polynomials cut the box into finitely
many cells, found exactly by a cylindrical decomposition:

1. project: the real roots in a, inside the box, of every polynomial free of b,
   every leading coefficient and discriminant in b, every pairwise resultant in b,
   and every polynomial on the box's lower and upper edges (python-flint);
2. lift: over a rational a in each open slab between those roots, and at each
   rational root, isolate the real roots in b of every polynomial exactly and take
   the sectors between them and the sections on them; at an irrational root, the
   crossings of two curves (the only new sign patterns there);
3. group the cells by the sign vector of every polynomial and solve the game exactly
   once per sign vector, at a rational sample point (on a curve, a rational point of
   the curve where one exists);
4. keep as boundaries only the polynomials without which some sign class would mix
   two equilibrium structures; the cells are then the sign classes of the
   boundaries, and a region gathers the cells of one structure, with the formulas of
   its equilibria in both parameters.

The result types and the conditions in words are in region_map.py, the boundary
polynomials' exact evaluation in plane_polys.py. This module, about 600 lines, is over
the 500-line guide because steps 1-4 are one algorithm over shared state (the
evaluators, the sign classes, the sample points); the projection and lifting steps are
the part to move out if it grows.

sympy and python-flint are imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from ..equilibrium import EquilibriumSet
from ..errors import GameError
from ..numbers import Exact, exact_str, sign, to_float
from ..budget import Budget, OutOfTime, active, check_deadline, report
from ..limits import REGION_STEPS
from .critical import critical
from .symbolic import has_pieces, make_symbols, symbolic_payoffs
from .formulas import equilibrium_formula, payoff_formulas
from .plane_polys import _evaluator, _Poly, _q, _sign_at
from .region_map import Point, Region, RegionCell, RegionMap, Signs
from .thresholds import (
    Solver,
    Structure,
    baseline,
    rational_between,
    real_roots_between,
    simplest_in,
    structure,
)

# ------------------------------------------------------------------ the analysis

def regions(scenario: Any, names: Sequence[str], values: Mapping[str, Any] | None = None,
            *, solver: Solver, max_seconds: float | None = None,
            max_work: int | None = REGION_STEPS) -> RegionMap:
    """The exact region map of `scenario` in two ranged parameters (the others at their
    values, default the baseline). GameError when the decomposition needs more than
    `max_work` steps (counted: the same on every machine; None: no limit) or, when
    given, more than `max_seconds`."""
    import time
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    budget = Budget("the region map", max_work=max_work)
    try:
        with active(budget):
            return _regions_map(scenario, names, values, solver, deadline)
    except OutOfTime as exc:
        limit = (f"{max_seconds:g} s" if str(exc) == "time" else
                 f"its work limit of {max_work:,} steps (curve pieces, crossings and "
                 "sign classes)")
        raise GameError(f"the exact region map needs more than {limit} here (too many "
                        "boundary curves); use --sweep A --sweep B for a grid map") from None


def _regions_map(scenario: Any, names: Sequence[str], values: Mapping[str, Any] | None,
                 solver: Solver, deadline: float | None) -> RegionMap:
    """The work of `regions` (OutOfTime when the monotonic clock passes `deadline`)."""
    a_name, b_name = _check(scenario, names)
    solve = solver
    base = baseline(scenario, values)
    box = (scenario.parameters[a_name].range, scenario.parameters[b_name].range)
    syms = make_symbols([a_name, b_name])
    U = symbolic_payoffs(scenario, [a_name, b_name], base, syms)
    notes: list[str] = []
    polys, complete = _critical_polys(scenario, (a_name, b_name), base, U, box, syms, notes,
                                      deadline)
    evals = [_evaluator(p, syms) for p in polys]
    inside = [k for k, z in enumerate(zero_boxes(evals, box)) if z]
    polys, evals = [polys[k] for k in inside], [evals[k] for k in inside]
    classes = _sign_classes(polys, evals, syms, box, deadline)

    solved: dict[Signs, EquilibriumSet | None] = {}
    stopped = ""
    try:
        for done, (signs, cls) in enumerate(classes.items()):
            report("region map: sign classes solved", done, len(classes))
            check_deadline(deadline)
            pt = cls.sample
            if isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction):
                solved[signs] = solve(scenario.game({**base, a_name: pt[0], b_name: pt[1]},
                                                    check_range=False))
            else:
                solved[signs] = None
    except KeyboardInterrupt:   # Ctrl-C: the boundaries stand; unsolved classes stay open
        stopped = (f"the region map was interrupted (Ctrl-C) after {len(solved):,} of "
                   f"{len(classes):,} sign classes were solved; the boundary curves are "
                   "exact, the equilibria of the other classes were not solved")
        notes.append(stopped)
        for signs in classes:
            solved.setdefault(signs, None)
    structs = {s: (None if e is None else structure(e)) for s, e in solved.items()}
    if stopped:
        complete = False
    elif any(v is None for v in structs.values()):
        complete = False
        notes.append("some curve pieces or crossings have only irrational points; their "
                     "equilibria were not solved (they take the structure of the region "
                     "they are merged with)")
    keep = _boundaries(list(classes), structs, len(polys))
    out = _assemble(scenario, (a_name, b_name), box, base, syms, U, polys, evals, keep,
                    classes, solved, structs, complete, notes)
    return replace(out, interrupted=stopped) if stopped else out


def _check(scenario: Any, names: Sequence[str]) -> tuple[str, str]:
    """GameError unless `names` are two distinct ranged parameters."""
    from .. import arguments
    names = arguments.parameter_names(names, "a region map")  # type: ignore[assignment]
    if len(names) != 2 or names[0] == names[1]:
        raise GameError("--regions takes two different parameter names")
    for n in names:
        par = scenario.parameters[arguments.parameter(scenario, n)]
        if par.range is None:
            raise GameError(f"parameter '{n}' has no range; give it one (range: [lo, hi])")
    return names[0], names[1]


def _critical_polys(scenario: Any, names: tuple[str, str], base: Mapping[str, Fraction],
                    U: Any, box: Any, syms: tuple[Any, ...], notes: list[str],
                    deadline: float | None = None) -> tuple[list[Any], bool]:
    """The critical polynomials in (a, b); with min/max/abs, those of every piece
    (the split polynomials' sign classes, each sampled once)."""
    crit = critical(scenario, list(names), base, payoffs=U, deadline=deadline)
    polys, complete = list(crit.polys), crit.complete
    notes.extend(crit.notes)
    if has_pieces(U):
        split_evals = [_evaluator(p, syms) for p in crit.polys]
        seen = {p: True for p in map(str, polys)}
        for cls in _sign_classes(list(crit.polys), split_evals, syms, box, deadline).values():
            pt = cls.sample
            if not (isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)):
                continue
            piece = critical(scenario, list(names), base, deadline=deadline,
                             point={names[0]: pt[0], names[1]: pt[1]}, payoffs=U)
            complete = complete and piece.complete
            for p in piece.polys:
                if str(p) not in seen:
                    seen[str(p)] = True
                    polys.append(p)
    return polys, complete


# ------------------------------------------------------------------ decomposition

@dataclass
class _Class:
    """The CAD cells sharing one sign vector of every critical polynomial."""

    sample: Point
    dimension: int


def _sign_classes(polys: list[Any], evals: list[_Poly], syms: tuple[Any, ...],
                  box: Any, deadline: float | None = None) -> dict[Signs, _Class]:
    """Every sign vector of `polys` met in the box, with an exact sample point (a
    rational one where the cell has one) and the largest dimension of its cells."""
    (a0, a1), (b0, b1) = box
    zb = zero_boxes(evals, box)
    critical_a = _projection_roots(evals, syms, box, zb, deadline)
    out: dict[Signs, _Class] = {}
    fast = _FastSigns()
    fast.deadline = deadline

    def live(x: Exact) -> tuple[list[int], list[int]]:
        """The polynomials that may vanish on the line a = x inside the box, and the
        signs of all at a point of the line's sub-box column (the others keep them
        along the whole line: they have no zero in that column)."""
        cols = _columns(x, box[0])
        idx = [k for k, z in enumerate(zb) if any(c in cols for c, _ in z)]
        c = min(cols)
        xc = a0 + (a1 - a0) * (2 * c + 1) / (2 * GRID)
        base = [0 if k in idx else f.sign(xc, b0) for k, f in enumerate(evals)]
        return idx, base

    def add(pt: Point, dim: int, idx: list[int], base: list[int],
            known: Mapping[int, int] | None = None) -> None:
        sv = list(base)
        for k in idx:
            sv[k] = known[k] if known is not None else fast.sign(evals[k], pt)
        s = tuple(sv)
        old = out.get(s)
        if old is None:
            out[s] = _Class(pt, dim)
            return
        rational = _is_rational(pt)
        if (rational and not _is_rational(old.sample)) or \
                (rational == _is_rational(old.sample) and dim > old.dimension):
            out[s] = _Class(pt if rational or not _is_rational(old.sample) else old.sample,
                            max(dim, old.dimension))
        else:
            old.dimension = max(old.dimension, dim)

    edges = [a0, *critical_a, a1]
    for lo, hi in itertools.pairwise(edges):
        check_deadline(deadline)
        x = _between(lo, hi)
        idx, base = live(x)
        for pt, dim in _stack([evals[k] for k in idx], x, (b0, b1), syms, 1):
            if not _is_rational(pt):
                pt = _rational_on_curve(evals, pt, (lo, hi), (b0, b1), fast) or pt
                if _is_rational(pt):
                    add(pt, dim, list(range(len(evals))), base)
                    continue
            add(pt, dim, idx, base)
    for x in edges:
        check_deadline(deadline)
        idx, base = live(x)
        if isinstance(x, Fraction):
            for pt, dim in _stack([evals[k] for k in idx], x, (b0, b1), syms, 0):
                add(pt, dim, idx, base)
        else:
            pairs = [(i, j) for i, j in itertools.combinations(idx, 2) if zb[i] & zb[j]]
            for pt, known in fast.crossings(evals, pairs, idx, x, (b0, b1), syms):
                add(pt, 0, idx, base, known)
    for c in out.values():
        c.sample = (_sym(c.sample[0]), _sym(c.sample[1]))
    return out


class _FastSigns:
    """Exact signs at points with one irrational coordinate through python-flint
    (algebraic.py), and the crossings of two curves on a line a = x through an
    irrational root x; sympy's algebraic numbers only where a crossing is not on a
    curve of degree one in b (several common roots)."""

    def __init__(self) -> None:
        self.roots: dict[str, Any] = {}
        self.resultants: dict[tuple, Any] = {}
        self.deadline: float | None = None

    def root(self, x: Any) -> Any:
        from .algebraic import RealRoot
        if isinstance(x, RealRoot):
            return x
        key = exact_str(x)
        if key not in self.roots:
            self.roots[key] = RealRoot.from_sympy(x)
        return self.roots[key]

    def sign(self, f: _Poly, pt: Point) -> int:
        """The exact sign of f at pt."""
        from .algebraic import poly_in
        a, b = pt
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            return f.sign(a, b)
        try:
            if isinstance(a, Fraction):
                return self.root(b).sign(poly_in(f.terms, 0, a))
            if isinstance(b, Fraction):
                return self.root(a).sign(poly_in(f.terms, 1, b))
        except ArithmeticError:
            pass
        return _sign_at(f, _sym(a), _sym(b))

    def first_subresultant(self, i: int, j: int, evals: list[_Poly], X: Any
                           ) -> tuple[Any, Any] | None:
        """(num, den) with the single common root b = num(x)/den(x) of f_i(x, b) and
        f_j(x, b), from their first subresultant s11(a) b + s10(a) (the gcd over Q(x)
        when s11(x) != 0 and neither leading coefficient vanishes at x); None when
        that does not hold (a common root of higher multiplicity, or a degenerate
        specialization)."""
        import flint
        import sympy

        from .algebraic import coefficients_in_a
        f, g = evals[i], evals[j]
        if X.sign(coefficients_in_a(f.terms, f.deg_b)) == 0 or \
                X.sign(coefficients_in_a(g.terms, g.deg_b)) == 0:
            return None
        key = ("sub", i, j)
        if key not in self.resultants:
            a_, b_ = sympy.symbols("a b")
            fe = sum(c * a_ ** m * b_ ** n for (m, n), c in f.terms.items())
            ge = sum(c * a_ ** m * b_ ** n for (m, n), c in g.terms.items())
            one = [p for p in sympy.subresultants(sympy.Poly(fe, b_), sympy.Poly(ge, b_))
                   if p.degree() == 1]
            if not one:
                self.resultants[key] = None
            else:
                c1, c0 = one[-1].all_coeffs()
                self.resultants[key] = tuple(
                    flint.fmpz_poly([int(t) for t in reversed(sympy.Poly(c, a_).all_coeffs())])
                    for c in (-c0, c1))
        got = self.resultants[key]
        if got is None or X.sign(got[1]) == 0:
            return None
        return got

    def resultant(self, i: int, j: int, evals: list[_Poly]) -> Any:
        """res_b(f_i, f_j), a polynomial in a (flint), cached for the whole map."""
        if (i, j) not in self.resultants:
            import flint

            from .algebraic import univariate_a
            ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
            r = evals[i].flint(ctx).resultant(evals[j].flint(ctx), "b")
            self.resultants[(i, j)] = univariate_a(r)
        return self.resultants[(i, j)]

    def crossings(self, evals: list[_Poly], pairs: list[tuple[int, int]], idx: list[int],
                  x: Any, brange: tuple[Fraction, Fraction], syms: tuple[Any, ...]
                  ) -> list[tuple[Point, dict[int, int] | None]]:
        """The points on a = x (irrational) where two polynomials of `pairs` vanish
        together, each with the signs of the polynomials `idx` there (None: to be
        computed). A pair meets over x only if x is a root of its resultant in b
        (exact divisibility by x's minimal polynomial); on a curve f1(a) b + f0(a)
        with f1(x) != 0 the common point is b = -f0(x)/f1(x), in Q(x), so every sign
        there is the sign of a polynomial in a at x."""
        from .algebraic import coefficients_in_a, compose_graph
        X = self.root(x)
        b0, b1 = brange
        out: list[tuple[Point, dict[int, int] | None]] = []
        seen: set[tuple[int, ...]] = set()
        for i, j in pairs:
            f, g = evals[i], evals[j]
            if f.deg_b == 0 or g.deg_b == 0:
                continue
            if X.sign(self.resultant(i, j, evals)) != 0:
                continue
            check_deadline(self.deadline)
            lin = next((h for h in (f, g) if h.deg_b == 1
                        and X.sign(coefficients_in_a(h.terms, 1)) != 0), None)
            if lin is not None:
                num, den = -coefficients_in_a(lin.terms, 0), coefficients_in_a(lin.terms, 1)
            else:
                got = self.first_subresultant(i, j, evals, X)
                if got is None:
                    out.extend((pt, None) for pt in _crossings(evals, [(i, j)], X.sympy(),
                                                               brange, syms))
                    continue
                num, den = got
            sd = X.sign(den)
            lo = X.sign(num * b0.denominator - den * b0.numerator) * sd
            hi = X.sign(den * b1.numerator - num * b1.denominator) * sd
            if lo < 0 or hi < 0:
                continue
            known = {k: X.sign(compose_graph(evals[k].terms, num, den, evals[k].deg_b))
                     * sd ** evals[k].deg_b for k in idx}
            if known[i] != 0 or known[j] != 0:
                continue
            key = tuple(known[k] for k in idx)
            if key in seen:
                continue
            seen.add(key)
            out.append(((X.sympy(), _graph_value(num, den, X.sympy())), known))
        return out


def _graph_value(num: Any, den: Any, x: Any) -> Any:
    """num(x) / den(x) as a sympy number (x algebraic)."""
    import sympy
    n = sum((int(num[k]) * x ** k for k in range(num.degree() + 1)), sympy.Integer(0))
    d = sum((int(den[k]) * x ** k for k in range(den.degree() + 1)), sympy.Integer(0))
    return sympy.radsimp(n / d) if x.is_Pow or x.is_Add else n / d


def _sym(x: Any) -> Any:
    """A RealRoot as a sympy number (other numbers unchanged)."""
    from .algebraic import RealRoot
    return x.sympy() if isinstance(x, RealRoot) else x


def _between(lo: Any, hi: Any) -> Fraction:
    """The simplest rational strictly between two roots (Fractions or RealRoots)."""
    from .algebraic import between
    if isinstance(lo, Fraction) and isinstance(hi, Fraction):
        return rational_between(lo, hi)
    fa, fb = between(lo, hi)
    return simplest_in(fa + (fb - fa) / 8, fb - (fb - fa) / 8)


def _approx(x: Any) -> float:
    from .algebraic import RealRoot
    return x.approx if isinstance(x, RealRoot) else to_float(x)


def _is_rational(pt: Point) -> bool:
    return isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)


def _stack(evals: list[_Poly], x: Fraction, brange: tuple[Fraction, Fraction],
           syms: tuple[Any, ...], extra: int) -> list[tuple[Point, int]]:
    """The cells over a = x: sectors between the real roots in b of every polynomial,
    and the roots (sections); dimensions raised by `extra` (1 over an open slab)."""
    b0, b1 = brange
    univ = [f.in_b(x) for f in evals]
    allroots = roots_in([c for c in univ if any(c[1:])], b0, b1, syms[1], closed=True)
    out: list[tuple[Point, int]] = []
    stops = [b0, *allroots, b1]
    for lo, hi in itertools.pairwise(stops):
        if _lt(lo, hi):
            out.append(((x, _between(lo, hi)), 1 + extra))
    for r in allroots:
        out.append(((x, r), 0 + extra))
    out.append(((x, b0), extra))
    out.append(((x, b1), extra))
    return out


def roots_in(polys: Sequence[Sequence[int]], lo: Fraction, hi: Fraction, symbol: Any,
             closed: bool = False) -> list[Any]:
    """The distinct real roots in (lo, hi) ([lo, hi] when `closed`) of integer
    polynomials (coefficients constant first), sorted: Fractions and, for the
    irrational ones, RealRoots (algebraic.py: python-flint, no sympy)."""
    import flint

    from .algebraic import isolate
    fl = [flint.fmpz_poly(list(c)) for c in polys]
    out = isolate(fl, lo, hi)
    if closed:
        ends = [e for e in (lo, hi) if any(f.degree() >= 1 and f(_fmpq(e)) == 0 for f in fl)]
        if lo in ends:
            out.insert(0, lo)
        if hi in ends:
            out.append(hi)
    return out


def _fmpq(x: Fraction) -> Any:
    import flint
    return flint.fmpq(x.numerator, x.denominator)


def _lt(x: Any, y: Any) -> bool:
    from .algebraic import RealRoot, compare
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return x < y
    if isinstance(x, RealRoot) or isinstance(y, RealRoot):
        return compare(x, y) < 0
    return sign(_q(y) - _q(x)) > 0


def _projection_roots(evals: list[_Poly], syms: tuple[Any, ...], box: Any,
                      zb: list[set[tuple[int, int]]], deadline: float | None = None
                      ) -> list[Any]:
    """The a-values inside the box where the stack over a can change: roots of the
    b-free polynomials, leading coefficients and discriminants in b, pairwise
    resultants in b (only for curves that may meet inside the box: elsewhere their
    order in b cannot change), and the polynomials on the lower and upper edges."""
    import flint
    (a0, a1), (b0, b1) = box
    ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
    fl = [f.flint(ctx) for f in evals]
    proj: list[Any] = []
    for f, g in zip(evals, fl):
        if f.deg_b == 0:
            proj.append(g)
            continue
        proj.append(_lc_b(g, ctx))
        if f.deg_b >= 2:
            proj.append(g.discriminant("b"))
        for bb in (b0, b1):
            proj.append(_at_b(f, bb, ctx))
    for (f, g, zf), (h, k, zh) in itertools.combinations(zip(evals, fl, zb), 2):
        if f.deg_b >= 1 and h.deg_b >= 1 and zf & zh:
            check_deadline(deadline)
            proj.append(g.resultant(k, "b"))
    from .algebraic import isolate, univariate_a
    facs = []
    seen: set[str] = set()
    for p in proj:
        if p == 0 or p.is_constant():
            continue
        for fac, _ in p.factor()[1]:
            if fac.is_constant():
                continue
            key = str(fac)
            if key not in seen:
                seen.add(key)
                facs.append(univariate_a(fac))
    return isolate(facs, a0, a1)


GRID = 16     # sub-boxes per side for the interval test of where a polynomial may vanish


def zero_boxes(evals: Sequence[_Poly], box: Any, k: int = GRID) -> list[set[tuple[int, int]]]:
    """For each polynomial, the sub-boxes (column, row) of a k x k split of the box
    where interval arithmetic cannot exclude a zero (floats, with a margin far
    above their rounding error). An empty set: the polynomial keeps one sign on the
    whole closed box."""
    import numpy as np
    (a0, a1), (b0, b1) = box
    ax = np.array([float(a0 + (a1 - a0) * i / k) for i in range(k + 1)])
    bx = np.array([float(b0 + (b1 - b0) * j / k) for j in range(k + 1)])
    alo, blo = np.meshgrid(ax[:-1], bx[:-1], indexing="ij")
    ahi, bhi = np.meshgrid(ax[1:], bx[1:], indexing="ij")
    out = []
    for f in evals:
        lo = np.zeros_like(alo)
        hi = np.zeros_like(alo)
        mag = np.zeros_like(alo)
        for (i, j), c in f.terms.items():
            pa = _power_range(alo, ahi, i)
            pb = _power_range(blo, bhi, j)
            prods = [pa[0] * pb[0], pa[0] * pb[1], pa[1] * pb[0], pa[1] * pb[1]]
            tlo, thi = np.minimum.reduce(prods), np.maximum.reduce(prods)
            tlo, thi = (c * tlo, c * thi) if c > 0 else (c * thi, c * tlo)
            lo, hi = lo + tlo, hi + thi
            mag = mag + np.maximum(np.abs(tlo), np.abs(thi))
        margin = 1e-9 * mag + 1e-300
        hit = (lo <= margin) & (hi >= -margin)
        out.append({(int(i), int(j)) for i, j in zip(*np.nonzero(hit))})
    return out


def _power_range(lo: Any, hi: Any, n: int) -> tuple[Any, Any]:
    """The range of x**n for x in [lo, hi] (numpy arrays)."""
    import numpy as np
    if n == 0:
        return np.ones_like(lo), np.ones_like(lo)
    a, b = lo ** n, hi ** n
    low, high = np.minimum(a, b), np.maximum(a, b)
    if n % 2 == 0:
        low = np.where((lo <= 0) & (hi >= 0), 0.0, low)
    return low, high


def _columns(x: Any, arange: tuple[Fraction, Fraction], k: int = GRID) -> set[int]:
    """The sub-box columns whose closed a-range holds x."""
    a0, a1 = arange
    v = (_approx(x) - float(a0)) / float(a1 - a0) * k
    return {c for c in (int(v) - 1, int(v), int(v) + 1) if 0 <= c < k
            and c - 1e-9 <= v <= c + 1 + 1e-9}


def _lc_b(g: Any, ctx: Any) -> Any:
    """The leading coefficient in b (a polynomial in a)."""
    d = g.degrees()[1]
    return ctx.from_dict({(m[0], 0): c for m, c in g.to_dict().items() if m[1] == d})


def _at_b(f: _Poly, bb: Fraction, ctx: Any) -> Any:
    """f(a, bb) times a power of bb's denominator (a polynomial in a, integer)."""
    d = f.deg_b
    out: dict[tuple[int, int], int] = {}
    for (i, j), c in f.terms.items():
        v = c * bb.numerator ** j * bb.denominator ** (d - j)
        out[(i, 0)] = out.get((i, 0), 0) + v
    return ctx.from_dict({m: c for m, c in out.items() if c})


def _crossings(evals: list[_Poly], pairs: list[tuple[int, int]], x: Any,
               brange: tuple[Fraction, Fraction], syms: tuple[Any, ...]) -> list[Point]:
    """Points on the line a = x (x irrational) where two polynomials (of `pairs`, those
    that may meet inside the box) vanish together: b runs over the roots of their
    resultant in a; each is checked exactly."""
    import sympy
    b0, b1 = brange
    a_sym, b_sym = syms
    out: list[Point] = []
    for i, j in pairs:
        f, g = evals[i], evals[j]
        if f.deg_b == 0 or g.deg_b == 0:
            continue
        if _sign_at_x(f, g, x, syms) != 0:
            continue
        r = sympy.resultant(f.expr, g.expr, a_sym)
        if r == 0:
            continue
        cands = real_roots_between([r], b_sym, b0, b1)
        cands += [e for e in (b0, b1) if r.subs(b_sym, _q(e)) == 0]
        for y in cands:
            if _sign_at(f, x, y) == 0 and _sign_at(g, x, y) == 0:
                out.append((x, y))
    return out


_RESULTANTS: dict[tuple[str, str], Any] = {}


def _sign_at_x(f: _Poly, g: _Poly, x: Any, syms: tuple[Any, ...]) -> int:
    """The sign of res_b(f, g) at a = x."""
    import sympy
    key = (str(f.expr), str(g.expr))
    if key not in _RESULTANTS:
        if len(_RESULTANTS) > 10_000:
            _RESULTANTS.clear()
        _RESULTANTS[key] = sympy.resultant(f.expr, g.expr, syms[1])
    r = _RESULTANTS[key]
    if not r.free_symbols:
        return int(r != 0)
    v = sympy.expand(r.subs(syms[0], x))
    if abs(to_float(v)) > 1e-6 * (1 + max(abs(float(c)) for c in sympy.Poly(r).coeffs())):
        return 1          # clearly not zero (the exact sign is not needed)
    return sign(v)


def _rational_on_curve(evals: list[_Poly], pt: Point, arange: tuple[Any, Any],
                       brange: tuple[Fraction, Fraction], fast: _FastSigns
                       ) -> Point | None:
    """A rational point with the same sign vector as `pt` (a point on a curve with an
    irrational b), on a curve of degree 1 in a: choose b rational near pt's b and
    solve for a. None when there is no such curve or the point leaves the slab."""
    s = tuple(fast.sign(f, pt) for f in evals)
    y = _approx(pt[1])
    for f, sg in zip(evals, s):
        if sg != 0 or f.deg_a != 1:
            continue
        for k in range(8, 40, 4):
            yq = Fraction(round(y * 2 ** k), 2 ** k)
            if not brange[0] <= yq <= brange[1]:
                continue
            c1 = sum(Fraction(c) * yq ** j for (i, j), c in f.terms.items() if i == 1)
            c0 = sum(Fraction(c) * yq ** j for (i, j), c in f.terms.items() if i == 0)
            if c1 == 0:
                continue
            xq = -c0 / c1
            if not (_lt(arange[0], xq) and _lt(xq, arange[1])):
                continue
            if tuple(g.sign(xq, yq) for g in evals) == s:
                return (xq, yq)
    return None


# ------------------------------------------------------------------ boundaries, regions

def _boundaries(classes: list[Signs], structs: Mapping[Signs, Structure | None],
                n: int) -> list[int]:
    """The polynomials to keep: drop each one whose removal leaves every merged sign
    class with a single structure (unsolved classes go with any)."""
    keep = list(range(n))
    for k in range(n):
        trial = [j for j in keep if j != k]
        if _homogeneous(classes, structs, trial):
            keep = trial
    return keep


def _homogeneous(classes: list[Signs], structs: Mapping[Signs, Structure | None],
                 keep: list[int]) -> bool:
    seen: dict[Signs, Structure] = {}
    for s in classes:
        st = structs[s]
        if st is None:
            continue
        key = tuple(s[j] for j in keep)
        if seen.setdefault(key, st) != st:
            return False
    return True


def _assemble(scenario: Any, names: tuple[str, str], box: Any, base: Mapping[str, Fraction],
              syms: tuple[Any, ...], U: Any, polys: list[Any], evals: list[_Poly],
              keep: list[int], classes: dict[Signs, _Class],
              solved: dict[Signs, EquilibriumSet | None],
              structs: dict[Signs, Structure | None], complete: bool, notes: list[str]
              ) -> RegionMap:
    """Merge the sign classes over the kept boundaries into cells and regions."""
    merged: dict[Signs, list[Signs]] = {}
    for s in classes:
        merged.setdefault(tuple(s[j] for j in keep), []).append(s)
    cell_struct: dict[Signs, Structure | None] = {}
    cell_best: dict[Signs, Signs] = {}
    for key, members in merged.items():
        known = [m for m in members if structs[m] is not None]
        cell_struct[key] = structs[known[0]] if known else None
        cell_best[key] = max(members, key=lambda m: (structs[m] is not None,
                                                    _is_rational(classes[m].sample),
                                                    classes[m].dimension))
    bpt = (base[names[0]], base[names[1]])
    bkey = tuple(_sign_at(evals[j], *bpt) for j in keep)
    order = _region_order(merged, cell_struct, classes, cell_best, bkey)
    reg_index = {st: k for k, st in enumerate(order)}
    cells: list[RegionCell] = []
    for key in sorted(merged, key=lambda k: (-classes[cell_best[k]].dimension,
                                            _sort_point(classes[cell_best[k]].sample))):
        best = cell_best[key]
        dim = max(classes[m].dimension for m in merged[key])
        cells.append(RegionCell(key, dim, classes[best].sample,
                                reg_index[_struct_key(cell_struct[key])]))
    regs = _regions(order, cells, classes, cell_best, solved, U, syms, scenario.players)
    boundaries = tuple(polys[j] for j in keep)
    base_cell = next(c for c in cells if c.signs == bkey)
    return RegionMap(names, box, boundaries, tuple(cells), tuple(regs), bpt, base_cell.region,
                     tuple(scenario.players), complete, tuple(dict.fromkeys(notes)), syms,
                     tuple(evals[j] for j in keep))


def _struct_key(st: Structure | None) -> Any:
    return ("unsolved",) if st is None else st


def _sort_point(pt: Point) -> tuple[float, float]:
    return (to_float(pt[0]), to_float(pt[1]))


def _region_order(merged: Mapping[Signs, list[Signs]], cell_struct: Mapping[Signs, Any],
                  classes: Mapping[Signs, _Class], cell_best: Mapping[Signs, Signs],
                  bkey: Signs) -> list[Any]:
    """The structures in label order: the baseline's first, then by their first area
    cell from the lower left."""
    first: dict[Any, tuple] = {}
    for key in merged:
        st = _struct_key(cell_struct[key])
        c = classes[cell_best[key]]
        rank = (key != bkey, -c.dimension, _sort_point(c.sample))
        if st not in first or rank < first[st]:
            first[st] = rank
    return sorted(first, key=lambda s: first[s])


def _regions(order: list[Any], cells: list[RegionCell], classes: Mapping[Signs, _Class],
             cell_best: Mapping[Signs, Signs], solved: Mapping[Signs, EquilibriumSet | None],
             U: Any, syms: tuple[Any, ...], players: Sequence[Any]) -> list[Region]:
    """One Region per structure, its equilibria and formulas from its best sample."""
    out = []
    cache: dict = {}
    for r, st in enumerate(order):
        mine = [k for k, c in enumerate(cells) if c.region == r]
        best = max(mine, key=lambda k: (cells[k].dimension, _is_rational(cells[k].sample)))
        key = cells[best].signs
        full = cell_best[key]
        eqs = solved.get(full)
        if eqs is None:
            eqs = next((solved[cell_best[cells[k].signs]] for k in mine
                        if solved.get(cell_best[cells[k].signs]) is not None), None)
        sample = cells[best].sample
        forms: list[dict[str, Any] | None] = []
        if eqs is not None:
            pt = {s: _q(v) for s, v in zip(syms, sample)}
            for e in eqs:
                forms.append(_formula(U, pt, e, cache))
        label = _label(r)
        out.append(Region(label, None if st == ("unsolved",) else st, eqs, sample,
                          tuple(forms), tuple(mine)))
    return out


def _formula(U: Any, pt: Mapping[Any, Any], e: Any, cache: dict) -> dict[str, Any] | None:
    """An equilibrium's probabilities and payoffs as formulas in both parameters; None
    when its support system does not fix them at the sample (a continuum, or a
    sample where the system's formula is 0/0)."""
    try:
        prof = equilibrium_formula(U, pt, e, cache)
    except (TypeError, ZeroDivisionError):
        return None
    if prof is None:
        return None
    return {"profile": prof, "payoffs": payoff_formulas(U, prof)}


def _label(r: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[r] if r < 26 else f"R{r + 1}"


def simplest_rational(lo: Fraction, hi: Fraction) -> Fraction:
    """The simplest rational in [lo, hi] (exposed for tests and plots)."""
    return simplest_in(lo, hi)


