"""Critical polynomials computed in sympy's sparse domains: rational function fields
Q(params) and, fraction-free, polynomial rings Q[params] (much faster than sympy
expressions). One generic linear computation (`linear_critical`) serves both
domains (fraction-free in a ring, by elimination in a field); nonlinear
support systems run in the ring Q[probabilities, params] with one Groebner basis.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from ..numbers import SymExpr
from ..linalg import bareiss_det, field_det, field_solve
from ..payoffs import expected_payoff
from .factoring import CACHE

if TYPE_CHECKING:
    from ..linalg import Domain, DomainElement

MAX_MINORS = 10     # consistency minors examined per overdetermined block

def field_payoffs(U: np.ndarray, symbols: Sequence[SymExpr]) -> tuple[Domain, np.ndarray] | None:
    """The payoffs as elements of the rational function field Q(symbols) (sympy's
    sparse fields: much faster arithmetic than expressions); None if one is not a
    rational function."""
    from sympy.polys.fields import field
    return _domain_payoffs(U, symbols, field)


def _domain_payoffs(U: np.ndarray, symbols: Sequence[SymExpr], make: Any
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


def linear_critical(D: Domain, F: np.ndarray, support: Sequence[Sequence[int]]
                    ) -> list[DomainElement]:
    """The critical polynomials of a support profile in which at most two players mix,
    in the domain D of the payoffs F: a polynomial ring Q[params] (fraction-free:
    probabilities are Cramer numerators over one Bareiss determinant, payoff gaps are
    scaled by the sign-critical product of the determinants) or a rational function
    field Q(params) (Gaussian elimination). Each mixing player's indifference gives
    the other's mixture; then every probability and every outside strategy's payoff
    gap.

    The two blocks are independent: when one does not determine a mixture (its
    determinant is identically zero, as when a player's payoffs do not depend on its
    own strategy, or the supports' sizes differ), the other's mixture, its
    probabilities and its owner's payoff gaps still decide where extreme equilibria
    of the profile appear (the ends of a segment of equilibria where the undetermined
    player mixes freely), and are kept; only the gaps that depend on an undetermined
    mixture are left out."""
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
        sol, more = _block(D, F, i, j, support, fixed)
        crit.extend(more)
        if sol is not None:
            probs[j] = sol
    for plist in probs:
        crit.extend(p for _, p in plist)
    for i in range(n):
        if any(not probs[k] for k in range(n) if k != i):
            continue                    # an opponent's mixture is not determined
        vals = [_expected(D, F, i, s, probs) for s in range(F.shape[i + 1])]
        base = vals[support[i][0]]
        crit.extend(vals[s] - base for s in range(F.shape[i + 1]) if s not in support[i])
    return crit


def _cell(F: np.ndarray, i: int, fixed: tuple, choice: Mapping[int, int]) -> Any:
    """Player i's payoff at the profile `fixed` with the entries of `choice` set."""
    prof = tuple(choice.get(k, fixed[k]) for k in range(len(fixed)))
    return F[(i, *prof)]


def _fraction_free(D: Any) -> bool:
    """Is D a polynomial ring (compute fraction-free) rather than a field?"""
    from sympy.polys.rings import PolyRing
    return isinstance(D, PolyRing)


def _block(D: Any, F: np.ndarray, i: int, j: int, support: Sequence[Sequence[int]],
           fixed: tuple) -> tuple[list[tuple[int, Any]] | None, list[Any]]:
    """Player j's mixture making player i indifferent over its support, and the
    conditions met on the way (the determinant; for an overdetermined system the
    minors of its augmented matrix). In a ring the mixture is the Cramer numerators
    (the last probability's is det minus the others'), all over det; in a field it
    is the probabilities themselves."""
    si, sj = support[i], support[j]
    last = sj[-1]

    def W(s: int, t: int) -> Any:
        return _cell(F, i, fixed, {i: s, j: t})

    A, b = [], []
    for s in si[1:]:
        A.append([(W(s, t) - W(s, last)) - (W(si[0], t) - W(si[0], last)) for t in sj[:-1]])
        b.append(-(W(s, last) - W(si[0], last)))
    m, k = len(A), len(sj) - 1
    ring = _fraction_free(D)
    if m < k:
        return None, []
    if m > k:
        aug = [row + [v] for row, v in zip(A, b)]
        det = bareiss_det if ring else field_det
        picks = itertools.islice(itertools.combinations(range(m), k + 1), MAX_MINORS)
        return None, [det(D, [aug[r] for r in p]) for p in picks]
    if ring:
        d = bareiss_det(D, A)
        if d == 0:
            return None, []
        xs = [bareiss_det(D, [row[:c] + [v] + row[c + 1:] for row, v in zip(A, b)])
              for c in range(k)]
        rest = d
    else:
        solved, xs = field_solve(D, [row + [v] for row, v in zip(A, b)])
        if solved is None:
            return None, []
        d = solved
        rest = D.one
    for x in xs:
        rest = rest - x
    return list(zip(sj, [*xs, rest])), [d]


def _expected(D: Any, F: np.ndarray, i: int, s: int, probs: list[list[tuple[int, Any]]]) -> Any:
    """Player i's expected payoff from s against the others' mixtures, in D (in a ring,
    times the product of the mixtures' determinants: numerators only)."""
    return expected_payoff(F, i, s, probs, D.zero)


def ring_payoffs(U: np.ndarray, symbols: Sequence[SymExpr]) -> tuple[Domain, np.ndarray] | None:
    """The payoffs as polynomials in Q[symbols] (sympy's sparse rings), or None when
    some payoff divides by a parameter."""
    from sympy.polys.rings import ring
    return _domain_payoffs(U, symbols, ring)


def ring_nonlinear_critical(R: Domain, F: np.ndarray, support: Sequence[Sequence[int]]
                            ) -> list[DomainElement]:
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
    eqs: list[Any] = []
    gaps: list[Any] = []
    for i, sup in enumerate(support):
        vals = [_expected(S, Fs, i, s, probs) for s in range(F.shape[i + 1])]
        eqs.extend(vals[s] - vals[sup[0]] for s in sup[1:])
        gaps.extend(vals[s] - vals[sup[0]] for s in range(F.shape[i + 1]) if s not in sup)
    G = groebner(_nonzero(eqs), S)
    if _unit(G):
        return []
    crit = [_leading_coefficient(R, g, nx) for g in G]
    boundaries = [p for plist in probs for _, p in plist] + gaps
    J = [[e.diff(x) for x in xs] for e in eqs]
    boundaries.append(bareiss_det(S, J))
    for b in boundaries:
        crit.extend(_eliminate_to(R, groebner(_nonzero(G + [b]), S), nx))
    return crit


def _nonzero(polys: list[Any]) -> list[Any]:
    """The polynomials that are not zero (the same ideal). sympy's Buchberger divides
    by the zero polynomial when given two or more zeros (ZeroDivisionError), as in a
    game where a player's payoffs are all equal: its indifferences vanish."""
    return [p for p in polys if p]


def _system_ring(R: Any, support: Sequence[Sequence[int]]) -> tuple[Any, list[Any]]:
    """The lex ring Q[probabilities of `support`, params] and its probability generators."""
    import sympy
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring
    names = tuple(f"_p{i}_{j}" for i, sup in enumerate(support) for j in sup[:-1])
    key = (names, R.symbols, R.domain)
    if key not in CACHE.rings:
        if len(CACHE.rings) > CACHE.RINGS_LIMIT:
            CACHE.rings.clear()
        S, *gens = ring([*(sympy.Symbol(n) for n in names), *R.symbols], R.domain, lex)
        CACHE.rings[key] = (S, gens[:len(names)])
    return CACHE.rings[key]


def _lift(F: Any, S: Any) -> np.ndarray:
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
