"""A region map's connected areas: the cells of the plane decomposition one by one
(not merged by sign vector), which of them touch, and the connected sets of cells
of one equilibrium structure.

The decomposition (plane_cells.py) cuts the box at the critical values x_1 < ... <
x_k of a: in each open slab between two of them the real roots in b of the
boundary polynomials are continuous curves (sections) that never meet, with sectors
between them; on each critical line a = x lie points (the roots there) and the
segments between them. Cells touch:

- in a slab, a section and the sectors just below and above it;
- on a critical line, a point and the segments beside it;
- across a critical line x: a slab's section and the point of the line it tends to,
  a slab's sector and every point and segment of the line between the limits of its
  lower and upper section. The limits are certified by root counting: rational
  separators c_t strictly between consecutive roots on the line, and a rational a'
  in the slab closer to x than any root in a of any f(a, c_t) (so no section crosses
  a separator between x and a'); a section at a' lying between c_{t-1} and c_t tends
  to the one root of the line between them.

On a critical line through an irrational x the roots in b are found exactly: the
real roots of the norm res_a(m(a), f(a, b)) (m: x's minimal polynomial) hold those
of f(x, b) for every conjugate of x; a root beta is one of f(x, b) exactly when the
gcd of f(x, b) and beta's minimal polynomial over Q(x) changes sign across beta's
isolating interval (the gcd divides a squarefree polynomial: simple roots only).

An area is a connected set of cells of one structure: cells that touch and have the
same structure are joined (union-find). Two separated areas of one structure are two
areas. Isolated real points of a curve away from every other curve (acnodes) are not
cells here, as in the decomposition.

python-flint is imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Union

from .plane_cells import _between, _fmpq, roots_in
from .plane_polys import _Poly
from .region_map import Box, Point, Signs

if TYPE_CHECKING:
    from .algebraic import RealRoot
    from .thresholds import Structure

Root = Union[Fraction, "RealRoot"]


class TooLarge(ValueError):
    """The areas would cost more than their work limit; the message names it."""


@dataclass(frozen=True)
class Cell:
    """One cell of the decomposition: where it lies, its dimension and sample point
    (RealRoots for irrational coordinates), its sign vector."""

    column: int        # 2*i + 1: the open slab i; 2*i: the critical line i
    dimension: int
    sample: tuple[Root, Root]
    signs: Signs


@dataclass(frozen=True)
class Complex:
    """The cells of the box, which touch which, and the critical values of a."""

    cells: tuple[Cell, ...]
    edges: tuple[tuple[int, int], ...]
    critical: tuple[Root, ...]          # a0, the critical values, a1
    stacks: tuple[tuple[Root, ...], ...]   # per column: the roots in b (b0, b1 included)
    evals: tuple[_Poly, ...]
    brange: tuple[Fraction, Fraction]


def build(evals: list[_Poly], box: Box, critical: Sequence[Root]) -> Complex:
    """The cell complex of `evals` on `box`, given the critical values of a (those
    of plane_cells._projection_roots, without the box's ends)."""
    from ..limits import REGION_AREA_NORMS
    (a0, a1), (b0, b1) = box
    xs = [a0, *critical, a1]
    work = sum(x.m.degree() * f.deg_b for x in critical if not isinstance(x, Fraction)
               for f in evals)
    if work > REGION_AREA_NORMS:
        raise TooLarge(f"the critical lines through irrational values of the first "
                       f"parameter need norms of total degree {work:,} (the limit is "
                       f"{REGION_AREA_NORMS:,})")
    cells: list[Cell] = []
    edges: list[tuple[int, int]] = []
    stacks: list[tuple[Root, ...]] = []
    first: list[int] = []           # the index in `cells` of each column's first cell
    for col in range(2 * len(xs) - 1):
        x = xs[col // 2] if col % 2 == 0 else _between(xs[col // 2], xs[col // 2 + 1])
        pts = _line_roots(evals, x, (b0, b1))
        stacks.append(tuple(pts))
        first.append(len(cells))
        dim = 1 if col % 2 else 0
        for k, y in enumerate(pts):
            if k:
                mid = _between(pts[k - 1], y)
                cells.append(Cell(col, dim + 1, (x, mid), _signs(evals, x, mid)))
                edges.append((len(cells) - 2, len(cells) - 1))
            cells.append(Cell(col, dim, (x, y), _signs(evals, x, y)))
            if k:
                edges.append((len(cells) - 2, len(cells) - 1))
    for i in range(len(xs) - 1):
        for side, line in ((-1, 2 * i), (1, 2 * i + 2)):
            slab = 2 * i + 1
            x = xs[line // 2]
            near = _near(evals, x, xs[i + 1] if side < 0 else xs[i], stacks[line])
            limits = _limits(evals, near, stacks[line], len(stacks[slab]), (b0, b1))
            for k, lim in enumerate(limits):        # section k of the slab -> point lim
                edges.append((first[slab] + 2 * k, first[line] + 2 * lim))
                if k:                               # the sector below section k
                    lo = limits[k - 1]
                    for j in range(2 * lo, 2 * lim + 1):
                        edges.append((first[slab] + 2 * k - 1, first[line] + j))
    return Complex(tuple(cells), tuple(edges), tuple(xs), tuple(stacks), tuple(evals),
                   (b0, b1))


def areas(cx: Complex, keys: Sequence[Hashable]) -> list[list[int]]:
    """The connected sets of cells of one structure (`keys[k]`: cell k's), as
    indices into cx.cells, each sorted, in order of their first cell."""
    parent = list(range(len(cx.cells)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j in cx.edges:
        if keys[i] == keys[j]:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for k in range(len(cx.cells)):
        groups.setdefault(find(k), []).append(k)
    return sorted(groups.values(), key=lambda g: g[0])


def locate(cx: Complex, a: Root, b: Root) -> int:
    """The index of the cell holding a point of the box (coordinates Fractions or
    RealRoots: a line through an irrational a has its roots found exactly)."""
    from .algebraic import compare
    xs = cx.critical
    col = None
    for i, x in enumerate(xs):
        c = compare(a, x)
        if c == 0:
            col = 2 * i
            break
        if c < 0:
            col = 2 * i - 1
            break
    if col is None or col < 0:
        raise ValueError("the point is outside the box")
    pts = cx.stacks[col]
    first = next(k for k, c in enumerate(cx.cells) if c.column == col)
    if col % 2:     # a slab: the stack at a has the same order as at the sample
        pts = tuple(_line_roots(list(cx.evals), a, cx.brange))
    for k, y in enumerate(pts):
        c = compare(b, y)
        if c == 0:
            return first + 2 * k
        if c < 0:
            return first + 2 * k - 1
    raise ValueError("the point is outside the box")


# ------------------------------------------------------------------ one line a = x

def _line_roots(evals: list[_Poly], x: Root, brange: tuple[Fraction, Fraction]
                ) -> list[Root]:
    """b0, the distinct real roots in b of every polynomial on the line a = x inside
    (b0, b1) (b0, b1 themselves when roots), b1; sorted. A polynomial vanishing on the
    whole line (free of b, zero at x) has no roots there."""
    b0, b1 = brange
    if isinstance(x, Fraction):
        found = roots_in([c for c in (f.in_b(x) for f in evals) if any(c[1:])], b0, b1,
                         None)
    else:
        found = _irrational_line(evals, x, brange)
    return [b0, *(r for r in found if r != b0 and r != b1), b1]


def _irrational_line(evals: list[_Poly], x: Any, brange: tuple[Fraction, Fraction]
                     ) -> list[Root]:
    """The roots in b in [b0, b1] of every polynomial on the line a = x, x a RealRoot:
    the real roots of each norm res_a(m, f), kept where they are roots of f(x, b)."""
    import functools

    import flint

    from .algebraic import compare, isolate, univariate_a
    from .region_algebraic import Field
    b0, b1 = brange
    K = Field(x)
    ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
    m = ctx.from_dict({(k, 0): int(c) for k, c in enumerate(x.m.coeffs()) if c != 0})
    keep: dict[str, Root] = {}
    for f in evals:
        if f.deg_b == 0:
            continue
        fx = [_coefficient(K, f, j) for j in range(f.deg_b + 1)]
        if all(c == 0 for c in fx[1:]):
            continue
        norm = m.resultant(f.flint(ctx), "a")
        nb = univariate_a(norm, axis=1)
        cands = isolate([nb], b0, b1) + [e for e in (b0, b1) if nb(_fmpq(e)) == 0]
        for beta in cands:
            if _ball_sign(f, x, beta, (64, 256)) is None and _is_root(K, fx, beta):
                keep[str(beta) if isinstance(beta, Fraction) else f"{beta.m}#{beta.index}"] = beta
    return sorted(keep.values(), key=functools.cmp_to_key(compare))


def _coefficient(K: Any, f: _Poly, j: int) -> Any:
    """The coefficient of b**j of f(x, b), an element of K = Q(x)."""
    import flint

    from .algebraic import coefficients_in_a
    return flint.fmpq_poly(coefficients_in_a(f.terms, j)) % K.m


def _is_root(K: Any, fx: list[Any], beta: Root) -> bool:
    """Is beta a root of the polynomial fx (coefficients in K, constant first)?"""
    if isinstance(beta, Fraction):
        return K.horner(fx, K.const(beta)) == 0
    p = [K.const(int(c)) for c in beta.m.coeffs()]
    g = _gcd(K, list(fx), p)
    if len(g) < 2:
        return False
    lo, hi = beta.bounds(128)
    return K.sign(K.horner(g, K.const(lo))) != K.sign(K.horner(g, K.const(hi)))


def _trim(f: list[Any]) -> list[Any]:
    while f and f[-1] == 0:
        f.pop()
    return f


def _gcd(K: Any, f: list[Any], g: list[Any]) -> list[Any]:
    """The monic gcd of two polynomials over K (Euclid; coefficient lists)."""
    f, g = _trim(f), _trim(g)
    while g:
        f, g = g, _rem(K, f, g)
    if not f:
        return f
    inv = K.inv(f[-1])
    return [K.mul(c, inv) for c in f]


def _rem(K: Any, f: list[Any], g: list[Any]) -> list[Any]:
    f = list(f)
    inv = K.inv(g[-1])
    while len(f) >= len(g):
        q = K.mul(f[-1], inv)
        shift = len(f) - len(g)
        for k, c in enumerate(g):
            f[shift + k] = f[shift + k] - K.mul(q, c)
        f.pop()
        f = _trim(f)
    return f


def _signs(evals: list[_Poly], x: Root, y: Root) -> Signs:
    """The sign of every polynomial at (x, y) (coordinates Fractions or RealRoots)."""
    return tuple(_sign(f, x, y) for f in evals)


def _sign(f: _Poly, x: Root, y: Root) -> int:
    from .algebraic import poly_in
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return f.sign(x, y)
    if isinstance(x, Fraction):
        assert not isinstance(y, Fraction)
        return y.sign(poly_in(f.terms, 0, x))
    if isinstance(y, Fraction):
        return x.sign(poly_in(f.terms, 1, y))
    return _sign_two(f, x, y)


def _sign_two(f: _Poly, x: Any, y: Any) -> int:
    """The sign at a point with two irrational coordinates: read off arb balls where
    they exclude 0 (the usual case), else 0 exactly when y is a root of f(x, b)
    (exact gcd over Q(x)), else off balls refined until certain."""
    from .algebraic import PRECISIONS
    from .region_algebraic import Field
    got = _ball_sign(f, x, y, PRECISIONS[:3])
    if got is not None:
        return got
    K = Field(x)
    if _is_root(K, [_coefficient(K, f, j) for j in range(f.deg_b + 1)], y):
        return 0
    got = _ball_sign(f, x, y, PRECISIONS)
    if got is None:
        raise ArithmeticError("sign undecided at the highest precision")
    return got


def _ball_sign(f: _Poly, x: Any, y: Any, precisions: Sequence[int]) -> int | None:
    """The sign of f(x, y) from arb balls at the given precisions, None when every
    ball holds 0."""
    import flint

    from .algebraic import ball_sign

    def value(prec: int) -> Any:
        bx, by = (flint.arb(flint.fmpq(v.numerator, v.denominator)) if isinstance(v, Fraction)
                  else v.ball(prec) for v in (x, y))
        v = flint.arb(0)
        for (i, j), c in f.terms.items():
            v += c * bx ** i * by ** j
        return v
    return ball_sign(value, precisions)


# ------------------------------------------------------------------ across a line

def _near(evals: list[_Poly], x: Root, far: Root, line: Sequence[Root]) -> Fraction:
    """A rational a' strictly between x and `far` (the slab's other end) with no
    root in a of any f(a, c) between x and a', for every separator c between
    consecutive roots of the line a = x."""
    import functools

    from .algebraic import compare, isolate
    seps = [_between(p, q) for p, q in itertools.pairwise(line)]
    lo, hi = (x, far) if compare(x, far) < 0 else (far, x)
    lo_q = lo if isinstance(lo, Fraction) else lo.bounds(128)[0]
    hi_q = hi if isinstance(hi, Fraction) else hi.bounds(128)[1]
    polys = []
    for f in (f for f in evals if f.deg_b):     # lines a = const never cross a separator
        for c in seps:
            p = _in_a(f, c)
            if p.degree() >= 1:
                polys.append(p)
    roots = [r for r in isolate(polys, lo_q, hi_q)
             if compare(lo, r) < 0 and compare(r, hi) < 0]
    roots.sort(key=functools.cmp_to_key(compare))
    if compare(x, far) < 0:
        stop = roots[0] if roots else far
        return _between(x, stop)
    stop = roots[-1] if roots else far
    return _between(stop, x)


def _in_a(f: _Poly, c: Fraction) -> Any:
    """f(a, c) times a positive power of c's denominator, an fmpz_poly in a."""
    import flint
    deg = f.deg_a
    coeffs = [0] * (deg + 1)
    p, q = c.numerator, c.denominator
    for (i, j), v in f.terms.items():
        coeffs[i] += v * p ** j * q ** (f.deg_b - j)
    return flint.fmpz_poly(coeffs)


def _limits(evals: list[_Poly], near: Fraction, line: Sequence[Root], count: int,
            brange: tuple[Fraction, Fraction]) -> list[int]:
    """For each root of the stack at a = near (b0 and b1 included), the index in
    `line` of the point it tends to as a goes to the line."""
    from .algebraic import compare
    stack = _line_roots(evals, near, brange)
    if len(stack) != count:
        raise ArithmeticError("the stack changed inside a slab")
    seps = [_between(p, q) for p, q in itertools.pairwise(line)]
    out = []
    for y in stack:
        out.append(sum(1 for c in seps if compare(c, y) < 0))
    return out


def structures(cx: Complex, known: Mapping[Signs, Structure | None],
               solve_point: Callable[[Point], Structure | None]
               ) -> tuple[list[Structure | None], dict[Signs, Structure | None]]:
    """The structure of every cell: its sign class's, or solved at its sample when
    the decomposition met no cell of that sign vector (returned too: sign vector ->
    structure, for the classes to add; None where it was not solved)."""
    extra: dict[Signs, Structure | None] = {}
    out: list[Structure | None] = []
    for c in cx.cells:
        if c.signs in known:
            out.append(known[c.signs])
            continue
        if c.signs not in extra:
            extra[c.signs] = solve_point(sympy_point(c.sample))
        out.append(extra[c.signs])
    return out, extra


def sympy_point(pt: tuple[Root, Root]) -> Point:
    """A cell's sample with RealRoots as sympy numbers (radicals, CRootOf)."""
    from .plane_crossings import _sym
    return (_sym(pt[0]), _sym(pt[1]))
