"""Factoring critical expressions into irreducible, sign-normalized polynomials, with
the one cache object (`CACHE`) that remembers every slow symbolic step of the
sensitivity engine (factorizations, printed keys, generated numpy functions, system
rings), each table emptied when it outgrows its limit.

`linear_root` and `quadratic_outside` read the univariate form of a factor that
`ring_factors` made (kept in `CACHE.univariate`); for any other polynomial they
answer None / False ("look exactly").
"""
from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..numbers import SymExpr, rational_sqrt

if TYPE_CHECKING:
    from sympy.polys.fields import FracElement
    from sympy.polys.rings import PolyElement


class FactorCache:
    """Memo tables of the sensitivity engine, in one place with their size limits."""

    FACTORS_LIMIT = 20_000
    KEYS_LIMIT = 50_000
    FUNCTIONS_LIMIT = 256
    RINGS_LIMIT = 1000

    def __init__(self) -> None:
        self.expr_factors: dict[tuple, list[Any]] = {}     # (expr, symbols) -> factors
        self.keys: dict[Any, str] = {}                     # expression -> its text
        self.domain_factors: dict[Any, list[Any]] = {}     # ring/field element -> factors
        self.univariate: dict[Any, Any] = {}               # factor expression -> it in Q[t]
        self.functions: dict[str, Any] = {}                # polys -> numpy function
        self.rings: dict[tuple, tuple[Any, list[Any]]] = {}   # support -> system ring

    def clear(self) -> None:
        """Forget everything (tests use this to measure cold runs)."""
        for table in (self.expr_factors, self.keys, self.domain_factors, self.univariate,
                      self.functions, self.rings):
            table.clear()


CACHE = FactorCache()

def factors(expr: SymExpr, symbols: Sequence[SymExpr]) -> list[SymExpr]:
    """The non-constant irreducible factors (over Q) of a rational expression's
    numerator and denominator, each primitive with a positive leading coefficient."""
    if not symbols:
        return []
    key = (expr, tuple(symbols))
    if key not in CACHE.expr_factors:
        if len(CACHE.expr_factors) > CACHE.FACTORS_LIMIT:
            CACHE.expr_factors.clear()
        CACHE.expr_factors[key] = _factors(expr, symbols)
    return CACHE.expr_factors[key]


def _factors(expr: Any, symbols: Sequence[SymExpr]) -> list[Any]:
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


def poly_key(p: SymExpr) -> str:
    """The text of a sympy expression (remembered: printing is slow), which identifies
    and orders critical polynomials."""
    key = CACHE.keys.get(p)
    if key is None:
        if len(CACHE.keys) > CACHE.KEYS_LIMIT:
            CACHE.keys.clear()
        key = CACHE.keys[p] = str(p)
    return key


def dedupe(polys: Iterable[SymExpr]) -> list[SymExpr]:
    """Distinct polynomials, in a stable order."""
    seen: dict[str, Any] = {}
    for p in polys:
        seen.setdefault(poly_key(p), p)
    return [seen[k] for k in sorted(seen)]


def field_factors(x: FracElement) -> list[SymExpr]:
    """Irreducible non-constant factors of a field element's numerator and
    denominator, as sympy expressions, primitive with a positive leading coefficient."""
    out = []
    for part in (x.numer, x.denom):
        if part.is_ground:
            continue
        if part not in CACHE.domain_factors:
            if len(CACHE.domain_factors) > CACHE.FACTORS_LIMIT:
                CACHE.domain_factors.clear()
            facs = []
            for f, _ in part.factor_list()[1]:
                if f.is_ground:
                    continue
                _, f = f.primitive()
                if f.LC < 0:
                    f = -f
                facs.append(f.as_expr())
            CACHE.domain_factors[part] = facs
        out.extend(CACHE.domain_factors[part])
    return out


def ring_factors(p: PolyElement, irreducible: bool = False) -> list[SymExpr]:
    """Irreducible non-constant factors of a polynomial, as sympy expressions,
    primitive with a positive leading coefficient. `irreducible`: p is already known
    to be irreducible over Q (factored by python-flint), and is not factored again."""
    if p.is_ground:
        return []
    facs = CACHE.domain_factors.get(p)
    if facs is None:
        if len(CACHE.domain_factors) > CACHE.FACTORS_LIMIT:
            CACHE.domain_factors.clear()
            CACHE.univariate.clear()
        if irreducible or max(sum(m) for m in p.itermonoms()) == 1:   # as it is
            parts = [p]
        elif p.ring.ngens == 1 and p.degree() == 2:
            parts = _quadratic_factors(p)
        else:
            parts = [f for f, _ in p.factor_list()[1] if not f.is_ground]
        facs = [_normalized(f) for f in parts]
        CACHE.domain_factors[p] = facs
    return facs


def _normalized(f: Any) -> SymExpr:
    """An irreducible factor primitive with a positive leading coefficient, as a sympy
    expression (its univariate form remembered for linear_root / quadratic_outside)."""
    _, f = f.primitive()
    if f.LC < 0:
        f = -f
    e = f.as_expr()
    if f.ring.ngens == 1:
        CACHE.univariate[e] = f
    return e


def _quadratic_factors(p: Any) -> list[Any]:
    """The distinct irreducible factors of a univariate quadratic over Q: two linear ones
    (one for a double root) when its discriminant is a rational square, else itself.
    (sympy's general factoring is slow for this common case.)"""
    terms = dict(p.terms())
    a, b, c = (Fraction(int(v.numerator), int(v.denominator))
               for v in (terms[(2,)], terms.get((1,), 0), terms.get((0,), 0)))
    d = b * b - 4 * a * c
    if d < 0:
        return [p]
    root = rational_sqrt(d)
    if root is None:
        return [p]
    t = p.ring.gens[0]
    roots = {(-b + root) / (2 * a), (-b - root) / (2 * a)}
    return [t * r.denominator - r.numerator for r in sorted(roots)]


def quadratic_outside(p: SymExpr, symbol: SymExpr, lo: Fraction, hi: Fraction) -> bool:
    """True when an irreducible quadratic factor made by `ring_factors` (in `symbol`
    alone) certainly has no real root in [lo, hi]: negative discriminant, or both roots
    outside the range by a wide float margin. False means "look exactly"."""
    f = CACHE.univariate.get(p)
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


def linear_root(p: SymExpr, symbol: SymExpr) -> Fraction | None:
    """The root of an irreducible factor made by `ring_factors` when it is of degree 1
    in `symbol` alone (read off its ring form, without sympy's Poly); else None."""
    f = CACHE.univariate.get(p)
    if f is None or f.ring.symbols[0] != symbol or f.degree() != 1:
        return None
    terms = dict(f.terms())
    a, b = terms[(1,)], terms.get((0,), 0)
    r = -b / a
    return Fraction(int(r.numerator), int(r.denominator))
