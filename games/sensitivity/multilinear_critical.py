"""Critical polynomials of a support profile in which exactly three players mix, each
over two strategies, by resultants (python-flint) instead of a lex Groebner basis.

Write u, v, w for the probabilities of the three mixing players' first support
strategies. Each one's indifference is multilinear in the other two's probabilities:
E_P = A1(w) + B1(w) v, E_Q = A2(w) + B2(w) u, E_S = a + b u + c v + d u v
(coefficients polynomials in the parameters, and E_S's in w). Eliminating u and v:

    h(w) = B1 B2 E_S(-A2/B2, -A1/B1) = a B1 B2 - b A2 B1 - c A1 B2 + d A1 A2,

and in general N_G = B1^e1 B2^e2 G(-A2/B2, -A1/B1) for any multilinear G (an
outside strategy's payoff gap). Since B2 u = -A2 modulo E_Q and B1 v = -A1 modulo E_P,
h and every N_G lie in the ideal of the system (with G), so each resultant below is
in the elimination ideal that the Groebner path computes: its zero set contains the
projection that the Groebner path finds (a superset of those curves).

It is also sufficient. On a connected set of parameters where none of

    LC_w(h), disc_w(h), h(0), h(1), res_w(h, X) for X in A1, A1 + B1, A2, A2 + B2,
    B1, B2, and every N_G

vanishes, h keeps its degree and simple roots, so its roots move continuously and
real ones stay real; no root meets B1 B2 = 0, so the solutions of the system are
exactly (u, v, w) = (-A2/B2, -A1/B1, w) at h's roots, continuous too; and no
probability reaches 0 or 1 (w, v = -A1/B1, u = -A2/B2) nor any gap 0. The
equilibria of the profile keep their number and every sign condition: the set can
only change on these curves. (The Jacobian determinant of the system at a solution
is +-B1 B2 times the derivative of E_S(-A2/B2, -A1/B1) in w, so with B1 B2 nonzero
it vanishes exactly at h's double roots: the Groebner path's singular locus is in
the discriminant's; solutions escaping to infinity are the leading coefficient's and
the resultants with B1 and B2.)

Where the argument does not apply (a B identically zero, h free of w, or a resultant
identically zero: a family of solutions on a boundary for all parameters) the answer
is None and the caller keeps the Groebner basis.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..payoffs import expected_payoff

if TYPE_CHECKING:
    from sympy.polys.rings import PolyElement, PolyRing

__all__ = ["applies", "multilinear_critical", "payoff_resultants"]


def applies(support: Sequence[Sequence[int]]) -> bool:
    """Do exactly three players mix, each over two strategies (the others pure)?"""
    sizes = [len(s) for s in support]
    return sum(1 for k in sizes if k > 1) == 3 and max(sizes) == 2


def multilinear_critical(R: PolyRing, F: np.ndarray, support: Sequence[Sequence[int]]
                         ) -> list[PolyElement] | None:
    """The critical polynomials (elements of R = Q[params], sympy's sparse ring) of a
    support profile where exactly three players mix over two strategies each, by the
    resultants of the module docstring, each already split into its irreducible factors
    (python-flint); None when the elimination does not apply (the caller then uses the
    Groebner basis)."""
    found = _eliminated(R, F, support)
    if found is None:
        return None
    ctx, h, (A1, B1, A2, B2), gaps, _ = found
    others = [A1, A1 + B1, A2, A2 + B2, B1, B2]
    for G in gaps:
        N = _clear(G, A1, B1, A2, B2)
        if N is None:
            return None
        others.append(N)
    return _curves(R, ctx, h, [h.subs({"_w": 0}), h.subs({"_w": 1})], others)


def payoff_resultants(R: PolyRing, F: np.ndarray, support: Sequence[Sequence[int]],
                      against: Sequence[tuple[int, PolyElement, PolyElement]]
                      ) -> list[PolyElement] | None:
    """For each (k, p, q) of `against` (elements of R), the curves where a solution of
    the support system (exactly three players mixing over two strategies each) pays
    player k exactly p/q: the resultant in w of h and the cleared gap
    q E_k - p (E_k: k's payoff from its first support strategy, multilinear in the
    probabilities), as for an outside strategy's gap in the module docstring; with
    the curves off which the solutions are finitely many continuous functions of the
    parameters (h's leading coefficient and discriminant, its resultants with B1 and
    B2). Irreducible factors; None when the elimination does not apply or one of
    these vanishes identically."""
    found = _eliminated(R, F, support)
    if found is None:
        return None
    ctx, h, (A1, B1, A2, B2), _, value = found
    others = [B1, B2]
    for k, p, q in against:
        N = _clear(_to_flint(q, ctx) * value[k] - _to_flint(p, ctx), A1, B1, A2, B2)
        if N is None:
            return None
        others.append(N)
    return _curves(R, ctx, h, [], others)


def _curves(R: PolyRing, ctx: Any, h: Any, extra: list[Any], others: list[Any]
            ) -> list[PolyElement] | None:
    """h's leading coefficient and discriminant in w, `extra`, and h's resultant in w
    with each of `others` (or the polynomial itself when it is free of w), as
    irreducible factors in R; None when one of them vanishes identically."""
    out = [_top(h, ctx)]
    if h.degrees()[2] >= 2:
        out.append(h.discriminant("_w"))
    out.extend(extra)
    for X in others:
        out.append(h.resultant(X, "_w") if X.degrees()[2] >= 1 else X)
    if any(p.is_zero() for p in out):
        return None
    return _factors_in(R, out, 3)


def _eliminated(R: PolyRing, F: np.ndarray, support: Sequence[Sequence[int]]
                ) -> tuple[Any, Any, tuple[Any, Any, Any, Any], list[Any], list[Any]] | None:
    """The elimination of the module docstring in python-flint (generators u, v, w,
    then the parameters): the context, h, (A1, B1, A2, B2), the outside strategies'
    gaps and each player's payoff from its first support strategy; None when it does
    not apply (not three players mixing over two strategies each, a B identically
    zero or depending on u or v, h free of w)."""
    if not applies(support):
        return None
    import flint
    params = [f"_q{k}" for k in range(R.ngens)]     # names free of clashes
    names = ("_u", "_v", "_w", *params)
    ctx = flint.fmpq_mpoly_ctx.get(names, "lex")
    u, v, w = ctx.gens()[:3]
    mixing = [i for i, s in enumerate(support) if len(s) > 1]
    xs = dict(zip(mixing, (u, v, w)))
    Fq = np.empty(F.shape, dtype=object)
    for idx in np.ndindex(F.shape):
        Fq[idx] = _to_flint(F[idx], ctx)
    one = ctx.from_dict({(0,) * len(names): 1})
    probs = [[(s[0], one)] if len(s) == 1 else [(s[0], xs[i]), (s[1], one - xs[i])]
             for i, s in enumerate(support)]
    zero = ctx.from_dict({})
    E: dict[int, Any] = {}
    gaps: list[Any] = []
    value: list[Any] = []
    for i, sup in enumerate(support):
        vals = [expected_payoff(Fq, i, s, probs, zero) for s in range(F.shape[i + 1])]
        if i in xs:
            E[i] = vals[sup[0]] - vals[sup[1]]
        gaps.extend(vals[s] - vals[sup[0]] for s in range(F.shape[i + 1]) if s not in sup)
        value.append(vals[sup[0]])
    P, Q, S = mixing                # E_P in (v, w), E_Q in (u, w), E_S in (u, v)
    B1, A1 = _split(E[P], "_v")
    B2, A2 = _split(E[Q], "_u")
    if B1.is_zero() or B2.is_zero() or any(X.degrees()[0] or X.degrees()[1]
                                           for X in (A1, B1, A2, B2)):
        return None
    h = _clear(E[S], A1, B1, A2, B2)
    if h is None or h.degrees()[2] < 1:
        return None
    return ctx, h, (A1, B1, A2, B2), gaps, value


def _to_flint(e: Any, ctx: Any) -> Any:
    """A polynomial of Q[params] (sympy's sparse ring) in the flint context whose last
    generators are the parameters."""
    import flint
    lead = len(ctx.gens()) - e.ring.ngens
    return ctx.from_dict({(0,) * lead + tuple(m): flint.fmpq(int(c.numerator), int(c.denominator))
                          for m, c in e.iterterms()})


def _split(p: Any, name: str) -> tuple[Any, Any]:
    """(B, A) with p = A + B x for x the named generator (p of degree at most 1 in x)."""
    k = ["_u", "_v", "_w"].index(name)
    if p.degrees()[k] > 1:
        raise ValueError("not multilinear")
    B = p.derivative(name)
    return B, p - B * p.context().gens()[k]


def _clear(G: Any, A1: Any, B1: Any, A2: Any, B2: Any) -> Any:
    """B1^e1 B2^e2 G(u = -A2/B2, v = -A1/B1) for G multilinear in u, v (e1, e2 its
    degrees in v, u): a polynomial in w and the parameters; None when G is not
    multilinear."""
    deg = G.degrees()
    if deg[0] > 1 or deg[1] > 1:
        return None
    Gu, G0 = _split(G, "_u")                 # G = G0 + Gu u
    G0v, G00 = _split(G0, "_v")
    Guv, Gu0 = _split(Gu, "_v")
    if deg[0] == 0 and deg[1] == 0:
        return G
    if deg[0] == 0:                          # G00 + G0v v
        return G00 * B1 - G0v * A1
    if deg[1] == 0:                          # G00 + Gu0 u
        return G00 * B2 - Gu0 * A2
    return G00 * B1 * B2 - Gu0 * A2 * B1 - G0v * A1 * B2 + Guv * A1 * A2


def _top(h: Any, ctx: Any) -> Any:
    """The leading coefficient of h in w (a polynomial in the parameters)."""
    d = h.degrees()[2]
    return ctx.from_dict({(0, 0, 0, *m[3:]): c for m, c in h.to_dict().items() if m[2] == d})


def _factors_in(R: Any, polys: list[Any], lead: int) -> list[Any]:
    """The distinct irreducible non-constant factors (python-flint) of polynomials free
    of the probabilities, as elements of R."""
    seen: dict[str, Any] = {}
    for p in polys:
        _, facs = p.factor()
        for f, _mult in facs:
            d = f.to_dict()
            if all(not any(m[lead:]) for m in d):
                continue
            seen.setdefault(str(f), f)
    out = []
    for f in seen.values():
        out.append(R.from_dict({m[lead:]: R.domain(int(c.p), int(c.q))
                                for m, c in f.to_dict().items()}))
    return out
