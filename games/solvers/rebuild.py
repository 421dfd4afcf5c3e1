"""Exact points from a complete list of certified roots (certified.py): a rational
univariate representation read off high-precision roots and verified exactly.

With t = c . x a linear form taking distinct values t_k on the B roots, the
polynomial P(t) = prod (t - t_k) and, for each variable, G_j(t) = sum_k x_j,k
prod_(l != k) (t - t_l) have rational coefficients (the root set is stable under
Galois conjugation), and x_j = G_j(t) / P'(t) at every root. The coefficients are
guessed as the simplest rationals near their values at growing precision (Newton in
python-flint's acb), and the guess is then proved exactly in Z[t] (fmpz_poly,
`_verified`): P is squarefree of degree B, c . G(t) = t P'(t) and every equation cleared of the
powers of P' vanishes modulo P, and no G_j shares a root with P. Every root of P is
then a root of the system in the torus, B distinct ones, hence (the list being
complete) all of them; the real ones that are wanted are exact points in Q(alpha)
(algebraic.py), with 1 / P' inverted modulo alpha's irreducible factor only. A
guess that does not verify at the largest precision gives None.

Completeness of what is returned: every real root of P is listed, since P is
factored completely over Q (python-flint) and every complex root of each
irreducible factor is isolated in a certified ball, a real one with an exactly zero
imaginary part (algebraic.integer_real_roots); every solution of the system in the
torus is x(tau) for a root tau of P (shown above), and a real solution has a real
tau = c . x. The coordinates' polynomials in alpha are the same at every root of
one factor (the RUR holds at all of them), so they are built once per factor: two
equilibria of a five-player full support in one field of degree 44 share them.
Nothing here is the check of an equilibrium: the caller checks every point exactly.
"""
from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from .algebraic import FieldElement, RealRoot, arb_fraction, integer_real_roots, poly_eval
from .rur import RUR_DEGREE, RurElement, RurField, mod_p
from ..numbers import simplest_between

if TYPE_CHECKING:
    from .certified import ExactPoly

PRECISIONS = (256, 512, 1024, 2048, 4096, 8192, 16384)   # bits tried in turn
SEPARATION = 1e-6       # least relative gap between the t_k of a separating form
FILTER_PRIME = 2 ** 61 - 1  # a word-sized prime: wrong guesses refuted modulo it first
REBUILD_WORK = 2 ** 20  # roots times bits: no precision beyond this is tried. 84 roots
                        # rebuild at 8,192 bits (12 s); the 297 roots of a 3x3x3x3 full
                        # support had not settled at 16,384 bits after 30 s (P alone needs
                        # more than 5,000-bit coefficients), and its points would live in
                        # a field of degree 297, beyond the exact check's reach anyway


def exact_points(polys: Sequence[ExactPoly], mids: np.ndarray,
                 wanted: np.ndarray, tick: Callable[[], None] = lambda: None
                 ) -> list[tuple] | None:
    """The real roots of the system among the `wanted` ones (a mask of the roots) as
    exact points (Fractions or FieldElements), given every root in the torus as float
    midpoints; None when the rebuild is not proved."""
    import flint

    c = _separating_form(mids)
    if c is None:
        return None
    old = flint.ctx.prec
    try:
        from .certified import _Table

        table = _Table(polys, mids.shape[1])
        roots = [[flint.acb(complex(v)) for v in row] for row in mids]
        done = 53
        last: list[Fraction] | None = None
        for prec in PRECISIONS:
            if prec * len(mids) > REBUILD_WORK:
                break
            tick()
            flint.ctx.prec = prec + 32
            while done < prec:
                roots = [_newton(polys, r, table) for r in roots]
                done *= 2
            guess = _guess(roots, c, prec, last)
            if guess is None:
                continue
            if guess[1]:
                found = _verified(polys, guess[1], c, len(mids))
                if found is not None:
                    return _real_points(*found, mids @ np.array(c, dtype=float), wanted, c)
            last = guess[0]
    finally:
        flint.ctx.prec = old
    return None


def _separating_form(mids: np.ndarray) -> list[int] | None:
    """Small integer weights c with c . x well apart on every pair of roots: one
    coordinate when it separates (the numbers then stay small, as in a lex basis in
    shape position), else small combinations."""
    n = mids.shape[1]
    rng = np.random.default_rng(1)
    tries = [[int(j == k) for j in range(n)] for k in reversed(range(n))]
    tries.append([1] * n)
    for a in range(6):
        tries.append([int(rng.integers(1, 4 + 4 * a)) for _ in range(n)])
    for c in tries:
        t = mids @ np.array(c, dtype=float)
        gaps = np.abs(t[:, None] - t[None, :]) + np.eye(len(t)) * 1e300
        if len(t) < 2 or gaps.min() > SEPARATION * (1.0 + np.abs(t).max()):
            return c
    return None


def _newton(polys: Sequence[ExactPoly], x: list[Any], table: Any = None) -> list[Any]:
    """One Newton step at the working precision (midpoints only: a guess, proved
    later); with `table` (certified._Table of the same polynomials), the values and
    Jacobian come from its monomial table (two matrix products instead of a loop per
    term of every partial derivative)."""
    import flint

    from .certified import _partial, _value

    n = len(x)
    if table is not None:
        f, jac = table.values(x), table.jacobian(x)
    else:
        f = flint.acb_mat(n, 1, [_value(p, x) for p in polys])
        jac = flint.acb_mat(n, n, [_partial(p, j, x) for p in polys for j in range(n)])
    step = jac.solve(f)
    return [(x[j] - step[j, 0]).mid() for j in range(n)]


def _guess(roots: list[list[Any]], c: list[int], prec: int,
           last: list[Fraction] | None) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """(a sample of P's coefficients guessed as rationals, then, when the sample is the
    one of the previous precision `last` (worth proving), the guesses of P and every
    G_j, else an empty list). Until the precision suffices, each guess is a
    continued fraction on thousands of bits per coefficient (14 s at 8,192 bits for
    the 298 of a degree-297 P): the sample tells that at a few coefficients' cost."""
    import flint

    ts = [sum((cj * xj for cj, xj in zip(c, r)), flint.acb(0)) for r in roots]
    P = flint.acb_poly.from_roots(ts)
    coeffs = P.coeffs()
    sample = _rationals([coeffs[k] for k in _sample(len(coeffs))], prec)
    if sample is None or sample != last:
        return None if sample is None else (sample, [])
    p_guess = _rationals(coeffs, prec)
    if p_guess is None:
        return None
    dP = P.derivative()
    slopes = [dP(t) for t in ts]
    out = []
    for j in range(len(roots[0])):
        values = [r[j] * s for r, s in zip(roots, slopes)]
        g_guess = _rationals(flint.acb_poly.interpolate(ts, values).coeffs(), prec)
        if g_guess is None:
            return None
        out.append(g_guess)
    return sample, [p_guess, *out]


def _sample(length: int) -> list[int]:
    """Indices of the coefficients whose guesses tell whether the precision suffices:
    all of a short polynomial, else four spread out (the leading one of the monic P is
    1 whatever the precision)."""
    return list(range(length)) if length <= 8 else [0, 1, length // 2, length - 2]


def _rationals(coeffs: Sequence[Any], prec: int) -> list[Fraction] | None:
    """A rational near each coefficient's real part: within its ball, its imaginary
    part and a relative 2^-(0.9 prec) (the roots are accurate to about prec bits, which
    their balls do not record); None when a value is far from real. The coefficients
    of one polynomial share most of their denominator: a value whose window is
    narrower than 1/(4D) (D the lcm of the denominators guessed so far) and holds a
    multiple of 1/D takes it, a rounding (it is then the only one there, so a value
    with a denominator dividing D is found exactly); only the others pay a continued
    fraction (the simplest rational in the window), on numbers of thousands of bits.
    Any guess is proved afterwards."""
    import flint

    out = []
    den = 1
    slack = flint.arb(2) ** (-(prec * 9 // 10))
    for a in coeffs:
        re, im = a.real, a.imag
        tol = re.rad() + abs(im).upper() + slack * (1 + abs(re.mid()))
        if abs(im.mid()) > tol * 16 + slack:
            return None
        mid = arb_fraction(re)
        width = arb_fraction(tol.upper())
        near = Fraction(round(mid * den), den)
        if 4 * den * width < 1 and abs(near - mid) <= width:
            out.append(near)            # the one multiple of 1/D in the window
            continue
        value = simplest_between(mid - width, mid + width)
        den = lcm(den, value.denominator)
        out.append(value)
    return out


def _verified(polys: Sequence[ExactPoly], guess: list[list[Fraction]], c: list[int],
              count: int) -> tuple[Any, list[tuple[Fraction, Any]]] | None:
    """(P, [(s_j, G_j)]) with P and G_j in Z[t] (python-flint fmpz_poly, P primitive)
    and s_j > 0 rational, when the guess is proved (else None): at every root tau of
    P the system has the root x_j = s_j G_j(tau) / P'(tau).

    The proof stays in Z[t] and never inverts P' modulo P (the power-basis forms
    R_j = s_j G_j / P' mod P have coefficients far longer than G_j: 114,000 bits
    against 3,000 on a degree-84 system, and building them cost most of the proof):
    P is squarefree of degree B (gcd(P, P') = 1, so P' is nonzero at its roots); no
    G_j shares a root with P (no x_j is 0 at a root); P divides sum_j c_j s_j G_j -
    t P' (c . x = t at every root, so the B roots give B distinct points); and for
    every equation f of degree at most D, P divides P'^D f(s G / P') (in Z[t] once
    denominators are cleared), so f vanishes at every root's point. Divisibility is
    proved by multiplying back the exact quotient."""
    import flint

    # the guess's P is P_int / den_p, P_int = content * P with P primitive in Z[t] (the
    # same roots; a primitive P divides A in Z[t] when it does in Q[t], Gauss's lemma)
    den_p = lcm(*(v.denominator for v in guess[0]))
    content = _content(guess[0], den_p)
    P = flint.fmpz_poly([int(v * den_p) // content for v in guess[0]])
    if P.degree() != count:
        return None
    dP = P.derivative()
    terms: list[tuple[Fraction, Any]] = []
    for coeffs in guess[1:]:
        den_g = lcm(*(v.denominator for v in coeffs))
        G = flint.fmpz_poly([int(v * den_g) for v in coeffs])
        # x_j = (G / den_g) / (content * P' / den_p)
        terms.append((Fraction(den_p, den_g * content), G))
    if _refuted_modulo(FILTER_PRIME, polys, P, terms, c):
        return None     # a wrong guess (too little precision), found at a fraction of the cost
    if P.gcd(dP).degree() != 0 or any(P.gcd(G).degree() != 0 for _, G in terms):
        return None
    t = flint.fmpz_poly([0, 1])
    if not _divides(P, _combination([(cj * s_j, G) for cj, (s_j, G) in zip(c, terms) if cj]
                                    + [(Fraction(-1), t * dP)])):
        return None
    cache: dict[tuple[int, ...], Any] = {}
    scales: dict[tuple[int, ...], Fraction] = {}
    s_list, g_list = [s_j for s_j, _ in terms], [G for _, G in terms]
    one = flint.fmpz_poly([1])
    for p in polys:
        degree = max(sum(m) for m in p)
        powers = [flint.fmpz_poly([1])]
        for _ in range(degree):
            powers.append(powers[-1] * dP)
        parts = []
        for m, coef in p.items():
            scale = Fraction(coef) * _product(m, s_list, scales, Fraction(1))
            parts.append((scale, _product(m, g_list, cache, one) * powers[degree - sum(m)]))
        if not _divides(P, _combination(parts)):
            return None
    return P, terms


def _refuted_modulo(p: int, polys: Sequence[ExactPoly], P: Any,
                    terms: list[tuple[Fraction, Any]], c: list[int]) -> bool:
    """True when a divisibility the proof needs fails modulo the prime p, so that the
    exact proof would fail too (False proves nothing; also when p divides a leading
    coefficient or a denominator). With every scale invertible modulo p and P of the
    same degree modulo p, P | A in Z[t] gives P | A modulo p for the integer multiple
    A the proof builds, so a nonzero remainder modulo (p, P) refutes the guess. The
    arithmetic is in nmod_poly, reduced modulo P at every product: microseconds
    where the exact proof takes seconds on a degree-84 system."""
    import flint

    if int(P[P.degree()]) % p == 0:
        return False
    scales = [Fraction(coef) for poly in polys for coef in poly.values()] + [s for s, _ in terms]
    if any(f.denominator % p == 0 for f in scales):
        return False

    def unit(f: Fraction) -> int:
        return f.numerator * pow(f.denominator, -1, p) % p
    Pp = mod_p(P, p)
    dP = mod_p(P.derivative(), p) % Pp
    xs = [(mod_p(G, p) * unit(s_j)) % Pp for s_j, G in terms]      # x_j = xs_j / P'
    if not (sum((x * cj for x, cj in zip(xs, c)), flint.nmod_poly([], p))
            - flint.nmod_poly([0, 1], p) * dP) % Pp == 0:
        return True
    for poly in polys:
        degree = max(sum(m) for m in poly)
        total = flint.nmod_poly([], p)
        for m, coef in poly.items():
            term = flint.nmod_poly([unit(Fraction(coef))], p)
            for j, e in enumerate(m):
                for _ in range(e):
                    term = (term * xs[j]) % Pp
            for _ in range(degree - sum(m)):
                term = (term * dP) % Pp
            total += term
        if total % Pp != 0:
            return True
    return False


def _content(coeffs: Sequence[Fraction], den: int) -> int:
    """The gcd of the integer coefficients of the rational polynomial times `den`."""
    return gcd(*(int(v * den) for v in coeffs))


def _combination(parts: Sequence[tuple[Fraction, Any]]) -> Any:
    """sum q_k A_k (q_k rational, A_k in Z[t]) times the lcm of the q_k's denominators:
    a positive integer multiple, divisible by P exactly when the sum is."""
    import flint

    den = lcm(*(q.denominator for q, _ in parts)) if parts else 1
    total = flint.fmpz_poly([])
    for q, poly in parts:       # q * den without a Fraction (and its gcd) in between
        total += (q.numerator * (den // q.denominator)) * poly
    return total


def _divides(P: Any, A: Any) -> bool:
    """P divides A in Z[t], proved by multiplying back the quotient."""
    return A == 0 or (A // P) * P == A


def _product(m: tuple[int, ...], factors: Sequence[Any], cache: dict[tuple[int, ...], Any],
             one: Any) -> Any:
    """prod factors_j^m_j (polynomials G_j in Z[t], or the rational scales s_j),
    sharing sub-products between monomials through `cache`."""
    if m in cache:
        return cache[m]
    last = max((j for j, e in enumerate(m) if e), default=None)
    if last is None:
        value = one
    else:
        rest = m[:last] + (m[last] - 1,) + m[last + 1:]
        value = _product(rest, factors, cache, one) * factors[last]
    cache[m] = value
    return value


def _real_points(P: Any, terms: list[tuple[Fraction, Any]], ts: np.ndarray,
                 wanted: np.ndarray, c: Sequence[int] = ()) -> list[tuple]:
    """The real roots of P that are wanted (nearest of the separated values ts) mapped
    to x_j = s_j G_j / P': Fractions at rational roots, elements of Q(alpha) at the
    others (alpha a root of one irreducible factor q of P: 1 / P' is inverted modulo q
    only, once per factor holding a wanted root, never modulo all of P; the
    coordinates' polynomials in alpha, the same at every root of that factor, are
    built once too, and a coordinate that is the separating form `c` itself is alpha).
    In a field of degree RUR_DEGREE or more the points keep s_j G_j / P' (rur.py):
    no inversion, no power basis."""
    import flint

    dP = P.derivative()
    points: list[tuple] = []
    forms: dict[tuple, list[Any]] = {}
    for root in integer_real_roots([int(a) for a in P.coeffs()]):
        if not wanted[int(np.argmin(np.abs(ts - float(root))))]:
            continue
        if isinstance(root, Fraction):
            slope = poly_eval([Fraction(int(a)) for a in dP.coeffs()], root)
            points.append(tuple(s_j * poly_eval([Fraction(int(a)) for a in G.coeffs()], root)
                                / slope for s_j, G in terms))
            continue
        if root.degree >= RUR_DEGREE:       # a large field: keep s_j G_j / P' (rur.py)
            field = RurField(root, flint.fmpq_poly(dP))       # one per root: its own alpha
            points.append(tuple(RurElement(field, flint.fmpq(s_j.numerator, s_j.denominator)
                                           * flint.fmpq_poly(G), 1) for s_j, G in terms))
            continue
        key = tuple(root.poly)
        if key not in forms:        # every root of one factor shares the polynomials
            q = flint.fmpq_poly(list(root.poly))
            g, inv, _ = (flint.fmpq_poly(dP) % q).xgcd(q)    # inv * P' = g (mod q), g constant
            inv = inv / g[0]
            forms[key] = [flint.fmpq_poly([0, 1]) if list(c) == [int(i == j) for i in range(len(c))]
                          else (flint.fmpq(s_j.numerator, s_j.denominator) * flint.fmpq_poly(G)
                                * inv) % q for j, (s_j, G) in enumerate(terms)]
        points.append(tuple(_element(root, r) for r in forms[key]))
    return points


def _element(root: RealRoot, r: Any) -> FieldElement:
    """The element r(alpha) of Q(alpha), r already reduced modulo alpha's polynomial."""
    num = [int(v) for v in r.numer().coeffs()]
    return FieldElement.make(root, num, int(r.denom())) if num else FieldElement(root, (), 1)
