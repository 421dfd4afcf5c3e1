"""The cylindrical decomposition of a region map's box by its boundary polynomials:
every sign vector met in the box, with an exact sample point (rational where the cell
has one) and the largest dimension of its cells.

project: the real roots in a, inside the box, of every polynomial free of b, every
leading coefficient and discriminant in b, every pairwise resultant in b, and every
polynomial on the box's lower and upper edges; lift: over a rational a in each open
slab between those roots, and at each rational root, the real roots in b of every
polynomial, exactly, with the sectors between them and the sections on them; at an
irrational root, the crossings of two curves (plane_crossings.py), the only new sign
patterns there unless a polynomial free of b vanishes on the whole line: then the
line's points and the segments between them (roots in b over Q(x), region_areas).

python-flint is imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..budget import check_deadline
from ..numbers import Exact, sign, to_sympy
from .plane_boxes import GRID, _approx, _columns, zero_boxes
from .plane_crossings import _FastSigns, _sym
from .plane_float import BatchSigns, signs_at
from .plane_polys import _Poly
from .region_map import Point, Signs
from .roots import rational_between, simplest_in

if TYPE_CHECKING:
    from .algebraic import Root


@dataclass
class _Class:
    """The CAD cells sharing one sign vector of every critical polynomial."""

    sample: Point
    dimension: int


def _sign_classes(evals: list[_Poly], syms: tuple[Any, ...], box: Any,
                  deadline: float | None = None,
                  guards: Sequence[_Poly] = (), signs_only: bool = False,
                  skipped: list[Any] | None = None) -> dict[Signs, _Class]:
    """Every sign vector of `evals` met in the box, with an exact sample point (a
    rational one where the cell has one) and the largest dimension of its cells.
    `guards`: polynomials left out of the decomposition whose signs at each cell's
    sample are appended to its sign vector (cells of `evals` that differ there are
    kept apart). `signs_only`: the sign vectors are all that is wanted (samples on
    curves stay as found: RealRoots, no search for a rational point, no sympy).
    On a line a = x through an irrational x where a polynomial free of b vanishes,
    its points and the segments between them are cells of their own (_line_cells);
    `skipped` receives each such x whose line was too costly to decompose."""
    (a0, a1), (b0, b1) = box
    zb = zero_boxes(evals, box)
    critical_a = _projection_roots(evals, syms, box, zb, deadline)
    out: dict[Signs, _Class] = {}
    fast = _FastSigns()
    fast.deadline = deadline
    batch, gbatch = BatchSigns(evals), BatchSigns(guards)

    def live(x: Exact) -> tuple[list[int], list[int]]:
        """The polynomials that may vanish on the line a = x inside the box, and the
        signs of all at a point of the line's sub-box column (the others keep them
        along the whole line: they have no zero in that column)."""
        cols = _columns(x, box[0])
        idx = [k for k, z in enumerate(zb) if any(c in cols for c, _ in z)]
        c = min(cols)
        xc = a0 + (a1 - a0) * (2 * c + 1) / (2 * GRID)
        moving = set(idx)
        rest = [k for k in range(len(evals)) if k not in moving]
        base = [0] * len(evals)
        for k, v in zip(rest, signs_at(batch, evals, (xc, b0), fast.sign, rest)):
            base[k] = v
        return idx, base

    def add(pt: Point, dim: int, idx: list[int], base: list[int],
            known: Mapping[int, int] | None = None) -> Signs:
        sv = list(base)
        if known is not None:
            for k in idx:
                sv[k] = known[k]
        else:
            for k, v in zip(idx, signs_at(batch, evals, pt, fast.sign, idx)):
                sv[k] = v
        gs = ([known[-1 - n] for n in range(len(guards))] if known is not None
              else signs_at(gbatch, guards, pt, fast.sign))
        s = tuple(sv) + tuple(gs)
        old = out.get(s)
        if old is None:
            out[s] = _Class(pt, dim)
            return s
        rational = _is_rational(pt)
        if (rational and not _is_rational(old.sample)) or \
                (rational == _is_rational(old.sample) and dim > old.dimension):
            out[s] = _Class(pt if rational or not _is_rational(old.sample) else old.sample,
                            max(dim, old.dimension))
        else:
            old.dimension = max(old.dimension, dim)
        return s

    edges = [a0, *critical_a, a1]
    slabs: list[list[Signs]] = []           # the sign vectors met over each open slab
    for lo, hi in itertools.pairwise(edges):
        check_deadline(deadline)
        x = _between(lo, hi)
        idx, base = live(x)
        slabs.append([])
        for pt, dim in _stack([evals[k] for k in idx], x, (b0, b1), syms, 1):
            if not _is_rational(pt) and not signs_only:
                pt = _rational_on_curve(evals, pt, (lo, hi), (b0, b1), fast, batch) or pt
                if _is_rational(pt):
                    slabs[-1].append(add(pt, dim, list(range(len(evals))), base))
                    continue
            slabs[-1].append(add(pt, dim, idx, base))
    for e, x in enumerate(edges):
        check_deadline(deadline)
        idx, base = live(x)
        if isinstance(x, Fraction):
            for pt, dim in _stack([evals[k] for k in idx], x, (b0, b1), syms, 0):
                add(pt, dim, idx, base)
        else:
            pairs = [(i, j) for i, j in itertools.combinations(idx, 2) if zb[i] & zb[j]]
            for pt, known in fast.crossings(evals, pairs, idx, x, (b0, b1), syms,
                                            guards, gbatch, signs_only):
                add(pt, 0, idx, base, known)
            if signs_only:
                _vertical(out, evals, idx, x, b0, fast, slabs[e - 1] + slabs[e])
            elif any(evals[k].deg_b == 0 and fast.sign(evals[k], (x, b0)) == 0 for k in idx):
                got = _line_cells(evals, idx, x, (b0, b1), guards)
                if got is None and skipped is not None:
                    skipped.append(x)
                for pt, dim, known in got or ():
                    add(pt, dim, idx, base, known)
    if not signs_only:
        for c in out.values():
            c.sample = (_sym(c.sample[0]), _sym(c.sample[1]))
    return out


def _vertical(out: dict[Signs, _Class], evals: list[_Poly], idx: list[int], x: Any,
              b0: Fraction, fast: _FastSigns, beside: list[Signs]) -> None:
    """The sign vectors on the line a = x (x irrational) where polynomials free of b
    vanish: every cell of a neighbouring slab's stack with those polynomials set to
    0 (nothing else vanishes on the line between the crossings, which are found on
    their own, so each piece of the line has the signs of the cells beside it; a
    cell pinched to a point at x adds a vector that may not occur, which only
    makes the caller keep more). Only for sign vectors: their samples are x."""
    zero = [k for k in idx if evals[k].deg_b == 0 and fast.sign(evals[k], (x, b0)) == 0]
    if not zero:
        return
    for key in beside:
        sv = list(key)
        for k in zero:
            sv[k] = 0
        out.setdefault(tuple(sv), _Class((x, x), 1))


def _line_cells(evals: list[_Poly], idx: list[int], x: Root,
                brange: tuple[Fraction, Fraction], guards: Sequence[_Poly]
                ) -> list[tuple[Any, int, dict[int, int]]] | None:
    """The cells of the line a = x (x irrational, a polynomial free of b vanishing
    there): the real roots in b on it of the polynomials `idx` (region_areas: exact,
    in Q(x) and above) with b0 and b1, and the open segments between them, each
    with an exact sample (a rational b on a segment), its dimension and the sign of
    every polynomial of `idx` (and of guards[n] under -1 - n) there. None when the
    norms exceed REGION_AREA_NORMS (the line is then not decomposed)."""
    from ..limits import REGION_AREA_NORMS
    from .region_areas import _line_roots, _sign
    assert not isinstance(x, Fraction)
    if sum(x.m.degree() * evals[k].deg_b for k in idx) > REGION_AREA_NORMS:
        return None
    stops = _line_roots([evals[k] for k in idx], x, brange)
    pts: list[tuple[tuple[Root, Root], int]] = []    # RealRoots until _sym
    for k, y in enumerate(stops):
        if k:
            pts.append(((x, _between(stops[k - 1], y)), 1))
        pts.append(((x, y), 0))
    out = []
    for pt, dim in pts:
        known = {k: _sign(evals[k], *pt) for k in idx}
        known.update({-1 - n: _sign(g, *pt) for n, g in enumerate(guards)})
        out.append((pt, dim, known))
    return out


def _between(lo: Any, hi: Any) -> Fraction:
    """The simplest rational strictly between two roots (Fractions or RealRoots)."""
    from .algebraic import between
    if isinstance(lo, Fraction) and isinstance(hi, Fraction):
        return rational_between(lo, hi)
    fa, fb = between(lo, hi)
    return simplest_in(fa + (fb - fa) / 8, fb - (fb - fa) / 8)


def _is_rational(pt: Point) -> bool:
    return isinstance(pt[0], Fraction) and isinstance(pt[1], Fraction)


def _stack(evals: list[_Poly], x: Fraction, brange: tuple[Fraction, Fraction],
           syms: tuple[Any, ...], extra: int) -> list[tuple[Point, int]]:
    """The cells over a = x: sectors between the real roots in b of every polynomial,
    and the roots (sections); dimensions raised by `extra` (1 over an open slab)."""
    b0, b1 = brange
    univ = [f.in_b(x) for f in evals]
    # RealRoots stand for their sympy numbers in the points until _sign_classes ends (_sym)
    allroots: list[Any] = roots_in([c for c in univ if any(c[1:])], b0, b1, syms[1],
                                   closed=True)
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


def roots_in(polys: Sequence[Sequence[int]], lo: Fraction, hi: Fraction, symbol: object,
             closed: bool = False) -> list[Root]:
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
    return sign(to_sympy(y) - to_sympy(x)) > 0


def _check_projection_size(evals: list[_Poly], zb: list[set[tuple[int, int]]]) -> None:
    """GameError, before any resultant is computed, when one the projection needs would
    exceed REGION_DEGREE in a or REGION_BITS per coefficient (bounds from the operands'
    degrees and coefficient sizes: a resultant of two curves of degree 8 with 100-digit
    coefficients takes minutes inside one uninterruptible library call)."""
    from ..errors import GameError
    from ..limits import REGION_BITS, REGION_DEGREE

    def bits(f: _Poly) -> int:
        return max((abs(c).bit_length() for c in f.terms.values()), default=0) + \
            len(f.terms).bit_length()

    worst = (0, 0)
    for f in evals:
        if f.deg_b >= 2:        # the discriminant in b: Res(f, df/db)
            m = 2 * f.deg_b - 1
            worst = max(worst, (f.deg_a * m, m * (bits(f) + f.deg_b.bit_length())))
    for (f, zf), (h, zh) in itertools.combinations(zip(evals, zb), 2):
        if f.deg_b >= 1 and h.deg_b >= 1 and zf & zh:
            worst = max(worst, (f.deg_a * h.deg_b + h.deg_a * f.deg_b,
                                h.deg_b * bits(f) + f.deg_b * bits(h)))
    degree, size = max([worst[0], *(f.deg_a for f in evals)]), worst[1]
    if degree > REGION_DEGREE or size > REGION_BITS:
        raise GameError(f"the exact region map would need boundary polynomials of degree "
                        f"up to {degree} with coefficients of up to {size:,} bits (the limits "
                        f"are degree {REGION_DEGREE} and {REGION_BITS:,} bits): the payoffs are "
                        f"too complex in these two parameters for an exact map; use --sweep "
                        f"A --sweep B for a grid map")


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
    _check_projection_size(evals, zb)
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


def _rational_on_curve(evals: list[_Poly], pt: Point, arange: tuple[Any, Any],
                       brange: tuple[Fraction, Fraction], fast: _FastSigns,
                       batch: BatchSigns) -> Point | None:
    """A rational point with the same sign vector as `pt` (a point on a curve with an
    irrational b), on a curve of degree 1 in a: choose b rational near pt's b and
    solve for a. None when there is no such curve or the point leaves the slab."""
    s = tuple(signs_at(batch, evals, pt, fast.sign))
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
            if tuple(signs_at(batch, evals, (xq, yq), fast.sign)) == s:
                return (xq, yq)
    return None
