"""The face systems of the robustness search (robust_contacts.py) solved by resultants
(python-flint) instead of a lex Groebner basis: every real solution, exactly, in
the number field of its radius.

On a face of the clipped cube the unknowns are the radius r and the free
coordinates x_F; the equations are the boundaries J (each a polynomial in r and
x_F once the surface coordinates are x0_k +- r w_k and the box's edges are put in)
and, when |J| <= |F|, the |J| x |J| minors of their Jacobian in x_F (the Fritz
John condition: for one boundary f, f = 0 and df/dx_k = 0 for k in F, its
tangencies to the face). The solutions are found in three steps:

1. *Eliminants.* Each variable is removed in turn by the resultants of pairs of the
   polynomials that involve it. A resultant res_v(p, q) lies in the ideal of p
   and q, so the polynomials left vanish on the projection of every solution:
   for r, their gcd E(r) has every solution's radius among its roots; for a
   free coordinate x_i, the polynomials in (x_i, r) left after removing the other
   free coordinates vanish at every solution's (x_i, r). (Extraneous roots only
   add work, never lose a solution.)
2. *Radii.* The real roots rho of E in (0, top] are isolated exactly (flint factors
   and certified balls: games.sensitivity.algebraic.isolate).
3. *Coordinates.* At each rho, in K = Q(rho) (region_algebraic.Field), the gcd over
   K of the polynomials in (x_i, r) with r = rho holds every solution's x_i among
   its roots. When every such gcd has degree one, the only possible solution at
   rho is the point they give (coordinates in K); it is kept when every equation
   vanishes there exactly (in K) and it lies in the box and on the cube of radius
   rho (exact signs in K). A gcd of degree zero, or one with no real root (its norm
   over Q has none): no solution at rho. Gcds are made squarefree first (a
   tangency is a multiple root). When one coordinate is left undecided it comes
   from the equations' own gcd with the others set; at a rational rho several
   solutions may share it: the first undecided coordinate then runs over the real
   roots of its gcd over Q, each point in its own field Q(x).

Linear equations (a linear boundary) are substituted away first, and a factor common
to every equation (a surface of solutions) is divided out. When the pairwise
resultants share an extraneous factor (their own resultants then vanish
identically), the elimination goes by pivots instead: where the pivot's leading
coefficient c is nonzero, the resultants lose the factors they share with c; where
c = 0 the pivot drops a degree, and that branch is eliminated alike (or, when c
involves none of the variables removed, c itself vanishes on its projection).

Where this does not conclude (an eliminant identically zero: the system has a
positive-dimensional part or extraneous components; a gcd of degree two or more:
two solutions share an irrational radius; degrees beyond MAX_DEGREE, or a radius
whose field has degree beyond MAX_FIELD) the answer is None and the
caller falls back to the Groebner basis, then to a certified bound.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import Exact
from .robust_contacts import DOWN, HIGH, LOW, UNUSED, UP
from .robust_work import Work, charge

if TYPE_CHECKING:
    from flint import fmpq_mpoly, fmpq_mpoly_ctx, fmpq_poly

    from .region_algebraic import Field
    from .robust_contacts import Boundary, Geometry

__all__ = ["MAX_DEGREE", "constant", "face_points", "substituted"]

MAX_DEGREE = 240        # an eliminant of higher degree hands the system to the Groebner path
MAX_PAIRS = 3           # polynomials per variable whose pairwise resultants are taken
MAX_BRANCHES = 8        # nested leading-coefficient branches before a system is handed over
MAX_FIELD = 24          # degree of a radius's number field beyond which it is handed over

# the work of the radius face_points is solving, for the gcds over its number field
_WORK: ContextVar[Work | None] = ContextVar("robust_faces_work", default=None)


def face_points(geom: Geometry, members: Sequence[Boundary], face: Sequence[int],
                free: Sequence[int], top: Fraction, work: Work | None = None
                ) -> list[tuple[Exact, tuple[Exact, ...]]] | None:
    """The real solutions (r, point) of the face system with 0 < r <= top, exactly,
    that lie in the box and on the cube of radius r; None when the elimination does
    not conclude (see the module's docstring). Its resultants, root isolations and
    gcds over number fields are charged to `work` first (robust_work.py):
    WorkSpent when one would pass the limit."""
    import flint
    names = (*(f"_x{k}" for k in free), "_r")
    ctx = flint.fmpq_mpoly_ctx.get(names, "lex")
    coords = _coordinates(geom, face, free, ctx)
    eqs = [substituted(b, coords, ctx) for b in members]
    if any(e.is_zero() or e.is_constant() for e in eqs):
        return []           # a nonzero constant: no zero; zero: the face lies on it
    xs = [f"_x{k}" for k in free]
    if len(members) <= len(free):
        eqs += _minors(eqs, xs)
    eqs, xs, lifts = _linear_substituted([e for e in eqs if not e.is_zero()], xs)
    if any(e.is_constant() for e in eqs):
        return []
    split = _split_common(eqs)
    if split is None or len(split) < len(xs) + 1:
        return []           # a positive-dimensional set: its ends are elsewhere
    eqs = split
    radius = _eliminate(eqs, xs, work)
    if radius is None:
        return None
    E = _gcd(radius)
    if E is None:
        return None
    if E.is_constant():
        return []
    per_coordinate: list[list[fmpq_mpoly]] = []
    for x in xs:
        got = _eliminate(eqs, [y for y in xs if y != x], work)
        if got is None:
            return None
        per_coordinate.append(got)
    from .algebraic import isolate
    out: list[tuple[Exact, tuple[Exact, ...]]] = []
    E_int = _univariate(E)
    charge(work, E_int.degree() ** 2 * max(abs(int(c)).bit_length() for c in E_int.coeffs()))
    radii = isolate([E_int], Fraction(0), top + Fraction(1, 10 ** 9))
    if any(not isinstance(rho, Fraction) and rho.m.degree() > MAX_FIELD for rho in radii):
        return None         # gcds over a field of that degree take minutes
    for rho in radii:
        charge(work, _field_units(rho, [*eqs, *(q for got in per_coordinate for q in got)]))
        token = _WORK.set(work)     # each inverse in the gcds over K charged too
        try:
            got_point = _point_at(geom, face, free, eqs, xs, lifts, per_coordinate, rho)
        finally:
            _WORK.reset(token)
        if got_point is None:
            return None
        out.extend(got_point)
    return out


def _coordinates(geom: Geometry, face: Sequence[int], free: Sequence[int],
                 ctx: fmpq_mpoly_ctx) -> list[fmpq_mpoly]:
    """Each parameter as a polynomial in the face's unknowns."""
    return _placed(geom, face, dict(zip(free, ctx.gens()[:-1])),
                   lambda v: constant(ctx, v), ctx.gens()[-1])


def _placed(geom: Geometry, face: Sequence[int], free: Mapping[int, Any],
            const: Callable[[Fraction], Any], r: Any) -> list[Any]:
    """Every coordinate on the face: x0 +- r w on the cube's sides, the box's edge,
    the baseline where unused, the free ones as given (`const` makes a rational
    number an element of the ring of `r` and the free values)."""
    out = []
    for k, tag in enumerate(face):
        x0, w = geom.x0[k], geom.widths[k]
        if tag in (UP, DOWN):
            out.append(const(x0) + const(tag * w) * r)
        elif tag in (LOW, HIGH):
            out.append(const(geom.box[k][0] if tag == LOW else geom.box[k][1]))
        elif tag == UNUSED:
            out.append(const(x0))
        else:
            out.append(free[k])
    return out


def constant(ctx: fmpq_mpoly_ctx, v: Fraction) -> fmpq_mpoly:
    import flint
    return ctx.from_dict({(0,) * ctx.nvars(): flint.fmpq(v.numerator, v.denominator)}) \
        if v else ctx.from_dict({})


def substituted(b: Boundary, coords: Sequence[fmpq_mpoly], ctx: fmpq_mpoly_ctx) -> fmpq_mpoly:
    """The boundary with each parameter replaced by its polynomial."""
    total = ctx.from_dict({})
    powers: dict[tuple[int, int], fmpq_mpoly] = {}
    for mono, c in b.terms:
        term = constant(ctx, c)
        for k, e in enumerate(mono):
            if e:
                if (k, e) not in powers:
                    powers[k, e] = coords[k] ** e
                term *= powers[k, e]
        total += term
    return total


def _minors(eqs: Sequence[fmpq_mpoly], xs: Sequence[str]) -> list[fmpq_mpoly]:
    """The |J| x |J| minors of the Jacobian of the equations in the free coordinates."""
    jac = [[e.derivative(x) for x in xs] for e in eqs]
    return [_det([[row[c] for c in cols] for row in jac])
            for cols in itertools.combinations(range(len(xs)), len(eqs))]


def _det(m: list[list[fmpq_mpoly]]) -> fmpq_mpoly:
    """A determinant by cofactor expansion (at most a few rows)."""
    if len(m) == 1:
        return m[0][0]
    total = m[0][0] * 0
    for j in range(len(m)):
        minor = [row[:j] + row[j + 1:] for row in m[1:]]
        term = m[0][j] * _det(minor)
        total = total + term if j % 2 == 0 else total - term
    return total


def _field_units(rho: Any, polys: Sequence[fmpq_mpoly]) -> int:
    """The work of the gcds at one radius (robust_work.py's units): the field's degree
    times the terms of the polynomials restricted and their degree squared (a gcd's
    products), 2,000 units each (the costliest met on 2x2x2 games: 0.9 s for a field of
    degree 4 and twelve polynomials of degree 20)."""
    d = 1 if isinstance(rho, Fraction) else int(rho.m.degree())
    return 2000 * d * sum(len(q) + int(q.total_degree()) ** 2 for q in polys)


def _charge_inverse(K: Field, x: fmpq_poly) -> None:
    """Charge the work of face_points' radius being solved (if any) for one inverse in
    K and the multiplications by it: the field's degree times the square of x's
    largest coefficient's bits, over 200 (measured on g9 with four parameters: a
    degree-12 field, 13 s for 113,000-bit coefficients, 4e-8 s a unit)."""
    work = _WORK.get()
    if work is None or K.root is None:
        return
    bits = max((int(c.p).bit_length() + int(c.q).bit_length() for c in x.coeffs()),
               default=1)
    charge(work, int(K.m.degree()) * bits * bits // 200)


def _eliminate(polys: Sequence[fmpq_mpoly], gone: Sequence[str], work: Work | None
               ) -> list[fmpq_mpoly] | None:
    """Nonzero polynomials free of the variables `gone` that vanish on the projection
    of the common zeros of `polys` (a nonzero constant alone when there is no common
    zero): pairwise resultants, else by pivots with their leading coefficients split
    off (`_by_pivots`); None when neither concludes."""
    got = _pairwise(polys, gone, work)
    return got if got is not None else _by_pivots(_reduced(polys), gone, 0, work)


def _by_pivots(polys: list[fmpq_mpoly], gone: Sequence[str], depth: int, work: Work | None
               ) -> list[fmpq_mpoly] | None:
    """`_eliminate` by one pivot per variable: p, of lowest degree d in v, with leading
    coefficient c. Where c != 0, every common zero makes res_v(p, q) vanish, and so
    its quotient by the factors it shares with c (saturation: pairwise resultants
    share such extraneous factors, and then their own resultants vanish
    identically). Where c = 0, p's zeros are those of p - c v^d, of lower degree:
    that branch is eliminated the same way, and the projection lies in the union,
    the zero set of the products. None past a few branches or MAX_DEGREE."""
    if not polys or depth > MAX_BRANCHES:
        return None
    if len(polys) == 1 and polys[0].is_constant():
        return polys
    if not gone:
        return polys
    v, later = gone[0], gone[1:]
    ctx = polys[0].context()
    k = ctx.names().index(v)
    having = sorted((p for p in polys if p.degrees()[k] > 0),
                    key=lambda p: (p.degrees()[k], p.total_degree()))
    rest = [p for p in polys if p.degrees()[k] == 0]
    if len(having) < 2:
        return _by_pivots(rest, later, depth, work) if rest else None
    p, d = having[0], having[0].degrees()[k]
    lead = ctx.from_dict({m[:k] + (0,) + m[k + 1:]: c for m, c in p.to_dict().items()
                          if m[k] == d})
    made = []
    for q in having[1:]:
        m = _resultant(p, q, v, work)
        while not m.is_zero() and not lead.is_constant():
            g = m.gcd(lead)
            if g.is_constant():
                break
            m = m / g
        if not m.is_zero():
            made.append(m)
    if any(m.is_constant() for m in made):
        main: list[fmpq_mpoly] | None = made[:1]
    else:
        nxt = _reduced(rest + made)
        if any(q.total_degree() > MAX_DEGREE for q in nxt):
            return None
        main = _by_pivots(nxt, later, depth, work) if nxt else None
    if main is None or lead.is_constant():
        return main
    lowered = p - lead * ctx.gens()[k] ** d
    if not any(lead.degrees()[ctx.names().index(x)] for x in gone):
        branch: list[fmpq_mpoly] | None = [lead]    # free of the variables removed: it
    else:                                           # vanishes on that branch's projection
        branch = _by_pivots(_reduced([lead, lowered, *having[1:], *rest]), gone, depth + 1,
                            work)
    if branch is None:
        return None
    if len(main) == 1 and main[0].is_constant():
        return branch
    if len(branch) == 1 and branch[0].is_constant():
        return main
    return _reduced([a * b for a in main[:3] for b in branch[:3]])


def _pairwise(polys: Sequence[fmpq_mpoly], gone: Sequence[str], work: Work | None
              ) -> list[fmpq_mpoly] | None:
    """`_eliminate` by the resultants of pairs of the polynomials that involve each
    variable in turn, each reduced to its squarefree part; None when none is left or
    degrees pass MAX_DEGREE."""
    current = _reduced(polys)
    for v in gone:
        k = current[0].context().names().index(v) if current else 0
        having = sorted((p for p in current if p.degrees()[k] > 0),
                        key=lambda p: (p.degrees()[k], p.total_degree()))[:MAX_PAIRS]
        rest = [p for p in current if p.degrees()[k] == 0]
        made = [_resultant(p, q, v, work) for p, q in itertools.combinations(having, 2)]
        made = [m for m in made if not m.is_zero()]
        if any(m.is_constant() for m in made):
            return made[:1]     # a nonzero constant in the ideal: no common zero at all
        current = _reduced(rest + made)
        if not current or any(p.total_degree() > MAX_DEGREE for p in current):
            return None
    return current or None


def _resultant(p: fmpq_mpoly, q: fmpq_mpoly, v: str, work: Work | None) -> fmpq_mpoly:
    """res_v(p, q), its work charged first: len(p) len(q) (deg_v p + deg_v q)^2 units
    (robust_work.py; measured on the face systems of 2x2x2 games, the closest of the
    estimates tried to the CPU time taken, within a factor of three of it)."""
    k = p.context().names().index(v)
    charge(work, len(p) * len(q) * int(p.degrees()[k] + q.degrees()[k]) ** 2)
    return p.resultant(q, v)


def _reduced(polys: Sequence[fmpq_mpoly]) -> list[fmpq_mpoly]:
    """Each polynomial's squarefree part without its constant factor, duplicates left
    out (the zero sets are unchanged)."""
    seen: dict[str, fmpq_mpoly] = {}
    for p in polys:
        if p.is_zero():
            continue
        _, facs = p.factor_squarefree()
        part = p.context().from_dict({(0,) * p.context().nvars(): 1})
        for f, _mult in facs:
            part *= f
        if part.is_constant():
            continue
        lead = part.leading_coefficient()
        part = part / lead
        seen.setdefault(str(part), part)
    return list(seen.values())


def _gcd(polys: Sequence[fmpq_mpoly]) -> fmpq_mpoly | None:
    """The gcd of univariate polynomials (in the last variable); None on none."""
    if not polys:
        return None
    g = polys[0]
    for p in polys[1:]:
        g = g.gcd(p)
    return g


def _univariate(p: fmpq_mpoly) -> Any:
    """A polynomial in the last variable alone as an integer flint fmpz_poly."""
    import flint
    d = p.to_dict()
    deg = max(m[-1] for m in d)
    coeffs = [flint.fmpq(0)] * (deg + 1)
    for m, c in d.items():
        coeffs[m[-1]] = c
    return flint.fmpq_poly(coeffs).numer()


def _linear_substituted(eqs: Sequence[fmpq_mpoly], xs: Sequence[str]
                        ) -> tuple[list[fmpq_mpoly], list[str], dict[str, fmpq_mpoly]]:
    """The system with every free coordinate that some equation gives as a polynomial
    in the others (degree one in it, with a constant coefficient: a linear boundary,
    say) substituted away: (equations, coordinates left, each coordinate removed as
    a polynomial in those left and r). The solutions correspond one to one."""
    eqs, left = list(eqs), list(xs)
    lifts: dict[str, fmpq_mpoly] = {}
    while True:
        pivot = next(((e, x) for e in eqs for x in left if _solvable(e, x)), None)
        if pivot is None:
            return eqs, left, lifts
        e, x = pivot
        ctx = e.context()
        k = ctx.names().index(x)
        c = e.derivative(x)
        value = (c * ctx.gens()[k] - e) / c
        args = [value if name == x else g for name, g in zip(ctx.names(), ctx.gens())]
        eqs = [q.compose(*args) for q in eqs if q is not e]
        eqs = [q for q in eqs if not q.is_zero()]
        lifts = {y: q.compose(*args) for y, q in lifts.items()}
        lifts[x] = value
        left.remove(x)


def _solvable(e: fmpq_mpoly, x: str) -> bool:
    """Is e of degree one in x with a constant coefficient?"""
    k = e.context().names().index(x)
    return e.degrees()[k] == 1 and e.derivative(x).is_constant()


def _split_common(eqs: Sequence[fmpq_mpoly]) -> list[fmpq_mpoly] | None:
    """The equations divided by their common factor G: the zero set is V(G), a
    hypersurface of solutions (positive-dimensional, left out as the Groebner path
    leaves such sets out), and the zeros of the quotients. None when a quotient is a
    nonzero constant (only V(G) is left)."""
    if len(eqs) < 2:
        return list(eqs)
    g = eqs[0]
    for e in eqs[1:]:
        g = g.gcd(e)
    if g.is_constant():
        return list(eqs)
    out = [e / g for e in eqs]
    return None if any(e.is_constant() for e in out) else out


def _point_at(geom: Geometry, face: Sequence[int], free: Sequence[int],
              eqs: Sequence[fmpq_mpoly], xs: Sequence[str], lifts: dict[str, fmpq_mpoly],
              per_coordinate: Sequence[Sequence[fmpq_mpoly]],
              rho: Any) -> list[tuple[Exact, tuple[Exact, ...]]] | None:
    """The solution at radius rho (a Fraction or an algebraic.RealRoot), as a list of
    at most one (r, point), exactly; None when a coordinate's gcd has degree two or
    more (see the module's docstring). The coordinates substituted away (`lifts`)
    follow from the others."""
    from .region_algebraic import Field
    K = Field(None if isinstance(rho, Fraction) else rho)
    r_k = K.const(rho) if isinstance(rho, Fraction) else K.gen()
    at: dict[str, fmpq_poly] = {"_r": r_k}
    pending = []
    for x, polys in zip(xs, per_coordinate):
        got = _common_root(K, polys, x, at)
        if got is False:
            return []
        if got is None or got is True:
            pending.append(x)
        else:
            at[x] = got
    if pending and isinstance(rho, Fraction):
        first = per_coordinate[list(xs).index(pending[0])]
        return _at_rational_radius(geom, face, free, eqs, lifts, at, pending, first)
    if len(pending) > 1:
        return None
    if pending:                 # the last one from the equations themselves
        last = _common_root(K, eqs, pending[0], at)
        if last is None or isinstance(last, bool):
            return None if last is None else []
        at[pending[0]] = last
    return _finish(geom, face, free, eqs, lifts, K, at)


def _finish(geom: Geometry, face: Sequence[int], free: Sequence[int],
            eqs: Sequence[fmpq_mpoly], lifts: dict[str, fmpq_mpoly], K: Field,
            at: dict[str, fmpq_poly]) -> list[tuple[Exact, tuple[Exact, ...]]]:
    """The point with the unknowns `at` (elements of K): kept when every equation
    vanishes there and it lies in the box on the cube of its radius."""
    unknowns = [at.get(name, K.const(0)) for name in eqs[0].context().names()]
    if any(_eval_k(K, e, unknowns) != 0 for e in eqs):
        return []
    at = {**at, **{x: _eval_k(K, q, unknowns) for x, q in lifts.items()}}
    r_k = at["_r"]
    point = _placed(geom, face, {k: at[f"_x{k}"] for k in free}, K.const, r_k)
    if not _inside_k(geom, K, r_k, point):
        return []
    return [_exact_point(K, r_k, point)]


def _at_rational_radius(geom: Geometry, face: Sequence[int], free: Sequence[int],
                        eqs: Sequence[fmpq_mpoly], lifts: dict[str, fmpq_mpoly],
                        at: dict[str, fmpq_poly], pending: Sequence[str],
                        first: Sequence[fmpq_mpoly]
                        ) -> list[tuple[Exact, tuple[Exact, ...]]] | None:
    """Several solutions at one rational radius, the unknowns in `at` rational: the
    first pending coordinate runs over the real roots of its eliminants' gcd over Q
    (`first`, isolated exactly), each in its own field K = Q(x); the others pending
    follow in K from the equations' gcd (one root each, else None)."""
    import flint

    from .region_algebraic import Field
    x = pending[0]
    g = _gcd_at(Field(None), first, x, at)
    if g is None and len(pending) == 1:     # the equations involve only x then
        g = _gcd_at(Field(None), eqs, x, at)
    if g is None:
        return None
    P = flint.fmpq_poly([c[0] if c != 0 else 0 for c in g])
    if P.degree() < 1:
        return []
    out: list[tuple[Exact, tuple[Exact, ...]]] = []
    for xi in _real_roots(P):
        K = Field(None if isinstance(xi, Fraction) else xi)
        here = dict(at)             # rational: constants of every field
        here[x] = K.const(xi) if isinstance(xi, Fraction) else K.gen()
        for y in pending[1:]:
            got = _common_root(K, eqs, y, here)
            if got is None:
                return None
            if isinstance(got, bool):
                break
            here[y] = got
        else:
            out += _finish(geom, face, free, eqs, lifts, K, here)
    return out


def _common_root(K: Field, polys: Sequence[fmpq_mpoly], x: str, at: dict[str, fmpq_poly]
                 ) -> fmpq_poly | bool | None:
    """The one common root in K of the polynomials with every variable but x set as in
    `at` (x's value, an element of K); False when they have no common root; None when
    it is not one root (their gcd over K has degree two or more, or every one of
    them vanishes identically there)."""
    g = _gcd_at(K, polys, x, at)
    if g is None:
        return None
    if len(g) == 1:
        return False
    if len(g) != 2:
        return None if _may_have_real_root(K, g) else False
    return K.mul(-g[0], K.inv(g[1]))


def _gcd_at(K: Field, polys: Sequence[fmpq_mpoly], x: str, at: dict[str, fmpq_poly]
            ) -> list[fmpq_poly] | None:
    """The squarefree gcd over K of the polynomials in x with the other variables set
    as in `at` (a tangency is a multiple root); None when they all vanish there."""
    g: list[fmpq_poly] | None = None
    for p in polys:
        u = _restricted(K, p, x, at)
        if not any(c != 0 for c in u):
            continue                # vanishes identically there: no information
        g = u if g is None else _gcd_k(K, g, u)
    return None if g is None else _squarefree_k(K, _trim(g))


def _may_have_real_root(K: Field, g: list[fmpq_poly]) -> bool:
    """False when g (coefficients in K) has no real root for any real embedding of K:
    its norm res_t(m(t), g(t, x)), a rational polynomial, has none (exact isolation)."""
    import flint
    ctx = flint.fmpq_mpoly_ctx.get(("_t", "_y"), "lex")
    G = ctx.from_dict({(i, j): c for j, coef in enumerate(g)
                       for i, c in enumerate(coef.coeffs()) if c != 0})
    m = ctx.from_dict({(i, 0): c for i, c in enumerate(K.m.coeffs()) if c != 0})
    norm = G.subs({"_t": 0}) if K.root is None else m.resultant(G, "_t")
    coeffs = [flint.fmpq(0)] * (norm.degrees()[1] + 1)
    for (_, j), c in norm.to_dict().items():
        coeffs[j] = c
    P = flint.fmpq_poly(coeffs)
    if P.degree() < 1:
        return P == 0
    return bool(_real_roots(P))


def _real_roots(P: fmpq_poly) -> list[Any]:
    """The real roots of a rational polynomial of degree one or more, isolated exactly
    (games.sensitivity.algebraic.isolate) within Cauchy's bound."""
    from .algebraic import isolate
    lead = abs(Fraction(int(P[P.degree()].p), int(P[P.degree()].q)))
    bound = 1 + max(abs(Fraction(int(c.p), int(c.q))) for c in P.coeffs()) / lead
    return isolate([P.numer()], -bound, bound)


def _restricted(K: Field, p: fmpq_mpoly, x: str, at: dict[str, fmpq_poly]
                ) -> list[fmpq_poly]:
    """p with every variable but x set as in `at` (variables p does not involve may be
    missing): its coefficients in x (constant first), in K."""
    names = p.context().names()
    k = names.index(x)
    coeffs: dict[int, fmpq_poly] = {}
    for m, c in p.to_dict().items():
        term = K.const(Fraction(int(c.p), int(c.q)))
        for name, e in zip(names, m):
            if e and name != x:
                for _ in range(e):
                    term = K.mul(term, at[name])
        coeffs[m[k]] = coeffs.get(m[k], K.const(0)) + term
    return [coeffs.get(d, K.const(0)) for d in range(max(coeffs, default=0) + 1)]


def _trim(a: list[fmpq_poly]) -> list[fmpq_poly]:
    while a and a[-1] == 0:
        a = a[:-1]
    return a


def _gcd_k(K: Field, a: list[fmpq_poly], b: list[fmpq_poly]) -> list[fmpq_poly]:
    """The monic gcd of two polynomials over K (coefficient lists, constant first).
    Each remainder is made monic before it divides: its coefficients are then ratios
    of subresultants, of moderate size; left as they come, they doubled in bits at
    every step (a degree-12 field on g9 with four parameters: 110,000-bit
    coefficients and 13 s for one inverse, minutes for one gcd)."""
    a, b = _trim(a), _monic_k(K, _trim(b))
    while b:
        while len(a) >= len(b):
            q = a[-1]
            shift = len(a) - len(b)
            a = [c - (K.mul(q, b[i - shift]) if i >= shift else K.const(0))
                 for i, c in enumerate(a)]
            a = _trim(a)
        a, b = b, _monic_k(K, a)
    return _monic_k(K, a)


def _monic_k(K: Field, a: list[fmpq_poly]) -> list[fmpq_poly]:
    """a divided by its leading coefficient (a nonzero element of K; [] stays [])."""
    if not a or a[-1] == K.const(1):
        return a
    _charge_inverse(K, a[-1])
    inv = K.inv(a[-1])
    return [K.mul(c, inv) for c in a[:-1]] + [K.const(1)]


def _squarefree_k(K: Field, g: list[fmpq_poly]) -> list[fmpq_poly]:
    """g divided by gcd(g, g'): the same roots, each simple (coefficients over K)."""
    if len(g) <= 2:
        return g
    h = _gcd_k(K, g, [K.mul(K.const(k), c) for k, c in enumerate(g)][1:])
    if len(h) <= 1:
        return g
    quotient = [K.const(0)] * (len(g) - len(h) + 1)
    rest = list(g)
    inv = K.inv(h[-1])
    for shift in range(len(quotient) - 1, -1, -1):
        q = K.mul(rest[shift + len(h) - 1], inv)
        quotient[shift] = q
        for i, c in enumerate(h):
            rest[shift + i] = rest[shift + i] - K.mul(q, c)
    return _trim(quotient)


def _eval_k(K: Field, p: fmpq_mpoly, values: Sequence[fmpq_poly]) -> fmpq_poly:
    """A polynomial at a point of K^n, exactly."""
    total = K.const(0)
    for m, c in p.to_dict().items():
        term = K.const(Fraction(int(c.p), int(c.q)))
        for v, e in zip(values, m):
            for _ in range(e):
                term = K.mul(term, v)
        total += term
    return total


def _inside_k(geom: Geometry, K: Field, r_k: fmpq_poly, point: Sequence[fmpq_poly]) -> bool:
    """r > 0, the point in the box and on the clipped cube of radius r (exact in K)."""
    if K.sign(r_k) <= 0:
        return False
    for v, x0, w, (lo, hi) in zip(point, geom.x0, geom.widths, geom.box):
        if K.sign(v - K.const(lo)) < 0 or K.sign(K.const(hi) - v) < 0:
            return False
        reach, off = K.mul(r_k, K.const(w)), v - K.const(x0)
        if K.sign(reach - off) < 0 or K.sign(reach + off) < 0:
            return False
    return True


def _exact_point(K: Field, r_k: fmpq_poly, point: Sequence[fmpq_poly]
                 ) -> tuple[Exact, tuple[Exact, ...]]:
    """(r, point) as games.numbers values, the point's number field remembered for the
    exact signs taken there later (robust_field.py)."""
    from .robust_field import remember_point
    exact = tuple(K.exact(v) for v in point)
    if K.root is not None:
        remember_point(exact, (K, tuple(point)))
    return K.exact(r_k), exact
