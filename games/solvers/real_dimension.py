"""The real dimension of a curved piece of equilibria, decided exactly where it can be.

A piece (continua.py) is {x : g(x) = 0 for g in G, b(x) >= 0 for b in bounds}. The
Krull dimension of G overstates the dimension of that real set when inequalities
hold with equality on all of it (4yz >= 1 and 4(1-y)(1-z) >= 1 on the unit square
leave only y = z = 1/2) or when a complex curve has finitely many real points.

The variables split into blocks that share no polynomial; the set is the product
of its blocks' sets, so its dimension is the sum of theirs. A block whose
polynomials are linear is settled by exact LPs (`continua.affine_dimension`). A
curved block in one or two variables is settled by a cylindrical argument: the
values of the first variable where the picture can change are the real roots of
leading coefficients, discriminants and resultants of the irreducible factors
(McCallum's projection); between them the roots in the second variable move
continuously without meeting, so one rational sample per open interval decides
whether the block holds an open set (dimension 2) or an arc of a curve
(dimension 1). Every sign is computed exactly (isolating intervals of rational
polynomials). A larger curved block is measured the same way once its equations
are solved for the variables they hold linearly (c1 = x1: the set is a graph over the
other variables), found open (of full dimension) when, free of equations, a
rational point satisfies its inequalities strictly, or, with one equation, found of
one dimension less when a segment inside the inequalities crosses its hypersurface;
any other keeps its Krull dimension, an upper bound, and the result says the
dimension is not exact.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

import sympy
from sympy import Poly, QQ

RingPoly = Any              # a sympy PolyElement over QQ
U, V = sympy.symbols("u v")
GUESSES = [(sympy.Rational(i, 7), sympy.Rational(j, 7)) for i in (3, 1, 5) for j in (3, 1, 5)]
#   points tried first for an open set (probabilities: the box's middle, then nearer
#   its corners), before the cylindrical decomposition


def real_dimension(G: Sequence[RingPoly], bounds: Sequence[RingPoly], nvars: int,
                   krull: int) -> tuple[int, bool] | None:
    """The dimension of the piece's real set (G reduced Groebner basis, bounds
    reduced by it) and whether it is exact; None when a linear block is empty. A
    curved block that `_measured` does not settle keeps its Krull dimension, an upper
    bound (`krull` bounds the whole): not exact."""
    blocks = block_dimensions(G, bounds, nvars)
    if blocks is None:
        return None
    total = sum(d for _, d, _ in blocks)
    exact = all(e for _, _, e in blocks)
    return (total, exact) if total <= krull else (krull, False)


def block_dimensions(G: Sequence[RingPoly], bounds: Sequence[RingPoly], nvars: int
                     ) -> list[tuple[list[int], int, bool]] | None:
    """Each block of variables with its dimension and whether that is exact (else its
    Krull dimension, an upper bound); None when a linear block is empty."""
    out = []
    for block, eqs, ineqs in variable_blocks(G, bounds, nvars):
        d = _measured(block, eqs, ineqs, nvars)
        if d == _EMPTY:
            return None
        out.append((block, d, True) if d is not None else (block, block_krull(eqs, block), False))
    return out


_EMPTY = -1         # `_measured`'s answer for a linear block with no point


def _measured(block: list[int], eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly],
              nvars: int) -> int | None:
    """A block's exact dimension (_EMPTY: a linear block with no point); None when it
    is curved in three or more variables and neither open (`_open_block`), nor one
    equation's hypersurface crossed inside the inequalities (`_crossed`), nor reduced
    to settled blocks by solving its equations for variables they hold linearly."""
    from .continua import affine_dimension

    index = {k: i for i, k in enumerate(block)}
    if all(sum(m) <= 1 for p in list(eqs) + list(ineqs) for m in p.monoms()):
        d = affine_dimension(len(block), [_form(p, index) for p in eqs],
                             [_form(p, index) for p in ineqs])
        return _EMPTY if d is None else d
    if len(block) <= 2:
        return _small_block([_restrict(p, index) for p in eqs],
                            [_restrict(p, index) for p in ineqs], len(block))
    if not eqs and _open_block(ineqs, block):
        return len(block)
    if len(eqs) == 1 and _crossed(eqs[0], ineqs, block):
        return len(block) - 1                   # one equation: at most that, and crossed
    reduced = _eliminated(block, eqs, ineqs)
    if reduced is None:
        return None
    rest, eqs, ineqs = reduced
    if any(e.is_ground and e for e in eqs) or \
            any(b.is_ground and b.LC < 0 for b in ineqs if b):
        return 0                            # no point (as `_small_block` counts it)
    total = 0
    for sub, sub_eqs, sub_ineqs in variable_blocks([e for e in eqs if not e.is_ground],
                                           [b for b in ineqs if not b.is_ground], nvars):
        if sub[0] not in rest:
            continue
        d = _measured(sub, sub_eqs, sub_ineqs, nvars)
        if d is None or d == _EMPTY:
            return d
        total += d
    return total


def _eliminated(block: list[int], eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]
                ) -> tuple[list[int], list[RingPoly], list[RingPoly]] | None:
    """The block with each variable that an equation holds linearly, with a constant
    coefficient (a x_k + h, h free of x_k), replaced by -h / a everywhere: the set is
    the graph of those formulas over the rest, so it has the rest's dimension. None
    when no equation is of that form."""
    rest, eqs, ineqs = list(block), list(eqs), list(ineqs)
    while True:
        found = next(((g, k) for g in eqs for k in rest
                      if g.degree(k) == 1 and g.diff(g.ring.gens[k]).is_ground), None)
        if found is None:
            break
        g, k = found
        x = g.ring.gens[k]
        a = g.diff(x)
        value = (a * x - g) * (1 / a.LC)
        eqs = [e.compose(x, value) for e in eqs if e is not g]
        ineqs = [b.compose(x, value) for b in ineqs]
        rest.remove(k)
    return None if len(rest) == len(block) else (rest, eqs, ineqs)


def _open_block(ineqs: Sequence[RingPoly], block: Sequence[int]) -> bool:
    """Whether a rational point satisfies every inequality strictly (`_inner_points`):
    the block, free of equations, then holds an open set."""
    return next(_inner_points(ineqs, block), None) is not None


def _inner_points(ineqs: Sequence[RingPoly], block: Sequence[int]
                  ) -> Iterator[list[Fraction]]:
    """The points, among a few of the open unit box (its centre, then the points of a
    1/7, 3/7, 5/7 grid; past four variables the centre and the grid's diagonal), where
    every inequality holds strictly (values by variable index, 0 off the block)."""
    from .continua import sign_at
    steps = [Fraction(1, 2)] + [Fraction(k, 7) for k in (3, 1, 5)]
    if len(block) <= 4:
        tries: Any = itertools.chain(
            [(Fraction(1, 2),) * len(block)],
            itertools.product(steps[1:], repeat=len(block)))
    else:
        tries = [(s,) * len(block) for s in steps]
    for point in tries:
        values = [Fraction(0)] * (max(block) + 1)
        for k, x in zip(block, point):
            values[k] = x
        if all(sign_at(b, values) > 0 for b in ineqs):
            yield values


def _crossed(f: RingPoly, ineqs: Sequence[RingPoly], block: Sequence[int]) -> bool:
    """Whether the hypersurface f = 0 meets the open set where every inequality holds
    strictly in a set of dimension len(block) - 1: two inner points a, b with f(a) < 0
    < f(b) joined by a segment on which every inequality stays positive (no root of it
    on the segment, by exact root counting). Nearby parallel segments cross f = 0 too,
    so the crossings project onto an open set of a hyperplane."""
    from .continua import sign_at
    below: list[list[Fraction]] = []
    above: list[list[Fraction]] = []
    for values in _inner_points(ineqs, block):
        sign = sign_at(f, values)
        (below if sign < 0 else above if sign > 0 else []).append(values)
    return any(_segment_inside(ineqs, block, a, b)
               for a in below[:8] for b in above[:8])


def _segment_inside(ineqs: Sequence[RingPoly], block: Sequence[int],
                    a: Sequence[Fraction], b: Sequence[Fraction]) -> bool:
    """Every inequality (positive at a) has no root on the segment from a to b."""
    t = sympy.Symbol("t")
    for g in ineqs:
        names = g.ring.symbols
        line = {names[k]: sympy.Rational(a[k].numerator, a[k].denominator)
                + t * sympy.Rational((b[k] - a[k]).numerator, (b[k] - a[k]).denominator)
                for k in block}
        p = Poly(g.as_expr().xreplace(line), t, domain=QQ)
        if p.is_zero or p.count_roots(0, 1) > 0:
            return False
    return True


def _form(p: RingPoly, index: dict[int, int]) -> tuple[list[tuple[int, Fraction]], Fraction]:
    """A linear ring polynomial as (block variable, coefficient) pairs and constant."""
    terms, const = [], Fraction(0)
    for monom, c in p.terms():
        value = Fraction(int(c.numerator), int(c.denominator))
        if sum(monom):
            terms.append((index[monom.index(1)], value))
        else:
            const = value
    return terms, const


def variable_blocks(G: Sequence[RingPoly], bounds: Sequence[RingPoly], nvars: int
            ) -> list[tuple[list[int], list[RingPoly], list[RingPoly]]]:
    """Variables joined when a polynomial holds both, with each block's equations and
    inequalities (polynomials in no variable are dropped: the caller checked them)."""
    parent = list(range(nvars))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def used(p: RingPoly) -> list[int]:
        return sorted({k for m in p.monoms() for k, e in enumerate(m) if e})
    for p in list(G) + list(bounds):
        vs = used(p)
        for k in vs[1:]:
            parent[find(k)] = find(vs[0])
    groups: dict[int, list[int]] = {}
    for k in range(nvars):
        groups.setdefault(find(k), []).append(k)
    out = []
    for block in groups.values():
        root = find(block[0])
        eqs = [g for g in G if used(g) and find(used(g)[0]) == root]
        ineqs = [b for b in bounds if used(b) and find(used(b)[0]) == root]
        out.append((block, eqs, ineqs))
    return out


def _restrict(p: RingPoly, index: dict[int, int]) -> Poly:
    """A ring polynomial in a block's one or two variables as a Poly in u, v."""
    terms = {}
    for monom, c in p.terms():
        local = [0, 0]
        for k, e in enumerate(monom):
            if e:
                local[index[k]] = e
        terms[tuple(local)] = QQ(int(c.numerator), int(c.denominator))
    return Poly.from_dict(terms, U, V, domain=QQ)


def block_krull(eqs: Sequence[RingPoly], block: Sequence[int]) -> int:
    """Krull dimension of a block's equations (a reduced Groebner basis in disjoint
    variables is the union of its blocks' bases)."""
    leads = [tuple(k for k, e in enumerate(g.LM) if e) for g in eqs]
    for size in range(len(block), -1, -1):
        for chosen in itertools.combinations(block, size):
            if not any(set(lead) <= set(chosen) for lead in leads):
                return size
    return 0


# ----------------------------------------------------------------------------
# one or two variables: a cylindrical argument
# ----------------------------------------------------------------------------
def _small_block(eqs: Sequence[Poly], ineqs: Sequence[Poly], nvars: int) -> int:
    """Dimension of {eqs = 0, ineqs >= 0} in u (and v): 2, 1 or 0 (0 also when the
    set is empty: it then holds no open set and no arc)."""
    eqs = [e for e in eqs if not e.is_zero]
    if eqs:
        h = eqs[0]
        for e in eqs[1:]:
            h = h.gcd(e)
        if h.total_degree() == 0 or nvars == 1:
            return 0                                  # finitely many points
        factors = _factors([h])
        return 1 if any(_arc(phi, ineqs) for phi in factors) else 0
    if _open(ineqs):
        return nvars
    if nvars == 1:
        return 0
    return 1 if any(_arc(phi, ineqs) for phi in _factors(ineqs)) else 0


def _factors(polys: Sequence[Poly]) -> list[Poly]:
    """The distinct irreducible factors over QQ of nonconstant polynomials, monic."""
    out: list[Poly] = []
    for p in polys:
        if p.total_degree() == 0:
            continue
        for f, _ in p.factor_list()[1]:
            f = f.monic()
            if f not in out:
                out.append(f)
    return out


def _samples(polys: Sequence[Poly], var: sympy.Symbol) -> list[Fraction]:
    """A rational point in each open interval of the real line that the real roots
    of the univariate polynomials (in `var`) leave, from left to right."""
    live = [p for p in polys if p.degree(var) > 0]
    if not live:
        return [Fraction(0)]
    product = Poly(sympy.Mul(*[p.as_expr() for p in live]), var, domain=QQ).sqf_part()
    eps: Fraction | None = None
    while True:
        ivs = product.intervals(eps=sympy.Rational(eps.numerator, eps.denominator)) \
            if eps is not None else product.intervals()
        spans = sorted((Fraction(str(a)), Fraction(str(b))) for (a, b), _ in ivs)
        if not spans:
            return [Fraction(0)]
        points = [spans[0][0] - 1] + [(spans[k][1] + spans[k + 1][0]) / 2
                                      for k in range(len(spans) - 1)] + [spans[-1][1] + 1]
        if all(product.eval(sympy.Rational(p.numerator, p.denominator)) != 0 for p in points):
            return points
        eps = Fraction(1, 10 ** 6) if eps is None else eps / 1000


def _at(p: Poly, u0: Fraction) -> Poly:
    """p(u0, v) as a polynomial in v."""
    r = QQ(u0.numerator, u0.denominator)
    out: dict[tuple[int], Any] = {}
    for (i, j), c in p.terms():
        out[(j,)] = out.get((j,), QQ(0)) + c * r ** i
    return Poly.from_dict({m: c for m, c in out.items() if c} or {(0,): QQ(0)}, V, domain=QQ)


def _positive_1d(ineqs: Sequence[Poly]) -> bool:
    """Some real v makes every univariate polynomial positive."""
    for s in _samples(ineqs, V):
        if all(_value(p, s) > 0 for p in ineqs):
            return True
    return False


def _value(p: Poly, s: Fraction) -> sympy.Rational:
    return p.eval(sympy.Rational(s.numerator, s.denominator)) if p.degree() > 0 \
        else p.LC()


def _projection(polys: Sequence[Poly]) -> list[Poly]:
    """McCallum's projection of irreducible polynomials in u, v onto u."""
    out: list[Poly] = []
    for p in polys:
        if p.degree(V) == 0:
            out.append(Poly(p.as_expr(), U, domain=QQ))
            continue
        out.append(Poly(Poly(p.as_expr(), V).LC(), U, domain=QQ))
        if p.degree(V) > 1:
            out.append(Poly(sympy.discriminant(p.as_expr(), V), U, domain=QQ))
    for p, q in itertools.combinations([p for p in polys if p.degree(V) > 0], 2):
        out.append(Poly(sympy.resultant(p.as_expr(), q.as_expr(), V), U, domain=QQ))
    return [q for q in out if not q.is_zero]


def _open(ineqs: Sequence[Poly]) -> bool:
    """Some point makes every inequality strict (in u alone, or in u and v)."""
    if any(p.total_degree() == 0 and p.LC() <= 0 for p in ineqs):
        return False
    live = [p for p in ineqs if p.total_degree() > 0]
    if not live:
        return True
    for guess in GUESSES:                   # most pieces: a simple point is inside
        if all(p.eval({U: guess[0], V: guess[1]}) > 0 for p in live):
            return True
    factors = _factors(live)
    for u0 in _samples(_projection(factors), U):
        if _positive_1d([_at(p, u0) for p in live]):
            return True
    return False


def _arc(phi: Poly, ineqs: Sequence[Poly]) -> bool:
    """The real curve phi = 0 (phi irreducible) holds infinitely many points where
    every inequality is >= 0: an arc over an open interval of u (or of v, when phi
    is in u alone), on which each inequality phi does not divide keeps one strict
    sign."""
    if phi.degree(V) == 0:
        phi, ineqs = _swap(phi), [_swap(p) for p in ineqs]
    rest = [p for p in ineqs if p.total_degree() > 0 and not p.rem(phi).is_zero]
    if any(p.total_degree() == 0 and p.LC() < 0 for p in ineqs):
        return False
    base = [phi] + [f for f in _factors(rest) if f != phi]
    for u0 in _samples(_projection(base), U):
        curve = _at(phi, u0)
        if curve.degree() <= 0:
            continue
        at = [_at(p, u0) for p in rest]
        for root_sign in _signs_at_roots(curve, at):
            if all(s > 0 for s in root_sign):
                return True
    return False


def _swap(p: Poly) -> Poly:
    return Poly.from_dict({(j, i): c for (i, j), c in p.terms()}, U, V, domain=QQ)


def _signs_at_roots(curve: Poly, polys: Sequence[Poly]) -> list[list[int]]:
    """For each real root of `curve` (squarefree in v), the signs of `polys` there,
    none of which vanishes there: isolating intervals of all of them at once,
    disjoint, so each polynomial keeps one sign on a root's interval."""
    live = [p for p in polys if p.degree() > 0]
    ivs = sympy.intervals([curve.as_expr()] + [p.as_expr() for p in live])
    out = []
    for (a, b), which in ivs:
        if 0 not in which:
            continue
        mid = (sympy.Rational(a) + sympy.Rational(b)) / 2
        out.append([int(sympy.sign(p.eval(mid) if p.degree() > 0 else p.LC()))
                    for p in polys])
    return out
