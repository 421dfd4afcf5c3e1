"""Points of a large number field kept in their rational univariate representation.

rebuild.py proves the roots of a support's system as x_j = s_j G_j(alpha) / P'(alpha),
alpha a root of an irreducible factor q of P. In the power basis of Q(alpha) (what
FieldElement holds) those coordinates are s_j G_j / P' reduced modulo q, whose
coefficients are far longer than G_j's (114,000 bits against 3,000 on a 3x3x3x3
support of degree 84), and getting there costs an inversion of P' modulo q (8 s of
fmpq_poly xgcd at degree 84). Here an element stays a quotient

    g(alpha) / d(alpha)^k,    g, d in Q[t], d = P' mod q (fixed per field),

with g NOT reduced modulo q: reducing modulo a q whose leading coefficient has 1,500
bits brings denominators of that size per step (a product of two coordinates of
3,000 bits reduced modulo a degree-84 q has 120,000-bit coefficients), while the
unreduced product of four coordinates has degree 332 and 12,000 bits. Everything the
equilibrium check and the report need is done in that form:

- zero: q divides g (an exact division in Z[t], q primitive: Gauss's lemma);
- rational: g = r d^k modulo q for a rational r. Modulo a word-sized prime p not
  dividing the denominators nor q's leading coefficient, with d^k nonzero modulo
  (p, q): when g and d^k are not proportional modulo (p, q) the value is
  irrational (a rational r = a/b would give b g = a d^k modulo (p, q) with p not
  dividing b); when they are, the ratio modulo p, then modulo further primes, is
  lifted by rational reconstruction to a candidate r, proved by q | b g - a d^k;
- sign: of g(alpha) and d(alpha) (d(alpha) != 0: P is squarefree), by Arb balls of
  growing precision around alpha (interval Newton on q), certain once neither ball
  holds 0, which happens since both values are nonzero;
- the expected payoffs and deviation gains (`gains_and_payoffs`): with every
  probability written over the one denominator d(alpha), a player's payoff from a pure
  strategy is a multilinear sum whose numerator is the same sum of the numerators (a
  factor d per other player), so the values are (sums of products) / d^k, with no
  inversion and no reduction anywhere;
- the exact form: s * G(alpha) / D(alpha)**k with G, D primitive integer polynomials
  and alpha sympy's CRootOf of q (sympy parses it back).

Other arithmetic (sums of elements with different powers, products of two elements,
comparisons with another field's element) falls back to the power basis: the
element's `num`/`den` are computed on first use (one inversion of d per field), so
that every FieldElement operation stays exact, only slower.
"""
from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Any, Sequence, Union

from ..payoffs import dense_mixtures, mixture_value, strategy_values
from .algebraic import FieldElement, RealRoot, Scalar, arb_span, polynomial_expr
from .field_values import _Mod, _scalar

if TYPE_CHECKING:
    from flint import arb, fmpq_poly, fmpz_poly, nmod_poly

    from ..model import Game

RUR_DEGREE = 64         # fields of this degree or more keep this form (below, the power
                        # basis is short enough: a degree-44 field's coordinates have
                        # 12,000-bit coefficients, and its elements keep their JSON)
SIGN_START = 64         # first width (bits) of alpha's ball when deciding a sign
PRIMES = 8              # word-sized primes tried before the power basis decides rationality

Value = Union[FieldElement, Fraction]


class RurField:
    """Q(alpha) for alpha a real root of the irreducible integer polynomial q, with the
    fixed denominator d (a nonzero element, d = P' mod q); alpha's balls of growing
    precision are kept (interval Newton), so do d^k and d's inverse once asked for."""

    def __init__(self, root: RealRoot, d: fmpq_poly) -> None:
        import flint

        self.root = root
        self.q = flint.fmpq_poly(list(root.poly))
        self.d = d % self.q
        if self.d.is_zero():
            raise ZeroDivisionError("the representation's denominator vanishes at alpha")
        self._powers: dict[int, Any] = {0: flint.fmpq_poly([1]), 1: self.d}
        self._inverse: Any = None
        self._ball: tuple[int, Any] | None = None        # (bits, arb of alpha)
        self.q_int = flint.fmpz_poly(list(root.poly))     # primitive
        self._modular: dict[int, tuple[Any, dict[int, Any]]] = {}

    def power(self, k: int) -> fmpq_poly:
        """d^k (not reduced)."""
        if k not in self._powers:
            self._powers[k] = self.power(k - 1) * self.d
        return self._powers[k]

    def divides(self, g: fmpq_poly) -> bool:
        """q divides g in Q[t] (exactly: in Z[t] for g's numerator, q primitive)."""
        if g.is_zero():
            return True
        num = g.numer()
        if num.degree() < self.q_int.degree():
            return False
        quotient = num // self.q_int
        return bool(quotient * self.q_int == num)

    def modular(self, p: int, k: int) -> tuple[nmod_poly, nmod_poly] | None:
        """(q mod p, d^k mod (p, q)) as nmod_polys; None when p divides q's leading
        coefficient or d's denominator, or d^k vanishes modulo (p, q)."""
        import flint

        if p not in self._modular:
            lead = int(self.q_int[self.q_int.degree()])
            if lead % p == 0 or int(self.d.denom()) % p == 0:
                self._modular[p] = (None, {})
            else:
                qp = mod_p(self.q_int, p)
                self._modular[p] = (qp, {})
        qp, powers = self._modular[p]
        if qp is None:
            return None
        if k not in powers:
            dp = mod_p(self.d, p) % qp
            powers[k] = dp.pow_mod(k, qp) if k else flint.nmod_poly([1], p)
        return None if powers[k].is_zero() else (qp, powers[k])

    def inverse_power(self, k: int) -> fmpq_poly:
        """d^-k modulo q (the power basis fallback: one xgcd per field)."""
        if self._inverse is None:
            g, inv, _ = self.d.xgcd(self.q)
            self._inverse = inv / g[0]
        out = self._inverse
        for _ in range(k - 1):
            out = (out * self._inverse) % self.q
        return out if k else self._powers[0]

    def alpha(self, bits: int) -> arb:
        """An arb ball around alpha of radius at most 2^-bits (at least that many bits
        of working precision above q's coefficients): interval Newton from the root's
        certified ball, bisection (exact signs of q at rational points) when q' is
        not bounded away from 0 on the current interval."""
        import flint

        if self._ball is not None and self._ball[0] >= bits:
            return self._ball[1]
        q = self.q_int
        dq = q.derivative()
        ball = self.root.ball()
        lo, hi = ball if ball is not None else (self.root.lo, self.root.hi)
        lo, hi = max(lo, self.root.lo), min(hi, self.root.hi)
        old = flint.ctx.prec
        try:
            flint.ctx.prec = bits + q.height_bits() + 64
            x = arb_span(lo, hi)
            target = flint.arb(2) ** -bits
            for _ in range(4 * bits + 64):
                if x.rad() <= target:
                    break
                slope = dq(x)
                if slope.contains(0):
                    x = _bisect(q, x)
                    continue
                mid = flint.arb(x.mid())
                step = mid - q(mid) / slope
                if not step.overlaps(x):
                    raise ArithmeticError("interval Newton left alpha's interval")
                x = step.intersection(x)
            self._ball = (bits, x)
            return x
        finally:
            flint.ctx.prec = old


def _bisect(q: Any, x: Any) -> Any:
    """The half of x holding the root (q changes sign once on x), signs from exact
    evaluation of q at the ends and the midpoint (dyadic rationals)."""
    import flint

    from .algebraic import arb_bounds, arb_fraction

    lo, hi = arb_bounds(x)
    mid = arb_fraction(x)
    fq = flint.fmpq_poly(q)

    def sgn(v: Fraction) -> int:
        val = fq(flint.fmpq(v.numerator, v.denominator))
        return (val > 0) - (val < 0)
    s_mid = sgn(mid)
    if s_mid == 0:
        return flint.arb(flint.fmpq(mid.numerator, mid.denominator))
    return arb_span(lo, mid) if sgn(lo) != s_mid else arb_span(mid, hi)


class RurElement(FieldElement):
    """g(alpha) / d(alpha)^k in a RurField (see the module docstring); a FieldElement
    whose power-basis `num`/`den` are computed only when generic arithmetic asks."""

    __slots__ = ("field", "g", "k", "_basis", "_zero", "_rational")

    def __init__(self, field: RurField, g: fmpq_poly, k: int) -> None:
        self.field, self.g, self.k = field, g, k
        self.root = field.root
        self._basis: tuple[tuple[int, ...], int] | None = None
        self._zero: bool | None = None
        self._rational: tuple[Fraction | None] | None = None

    # -- the power basis, on demand -----------------------------------------------
    def _power_basis(self) -> tuple[tuple[int, ...], int]:
        if self._basis is None:
            r = (self.g * self.field.inverse_power(self.k)) % self.field.q
            e = FieldElement.make(self.root, [int(v) for v in r.numer().coeffs()],
                                  int(r.denom())) if not r.is_zero() \
                else FieldElement(self.root, (), 1)
            self._basis = (e.num, e.den)
        return self._basis

    @property
    def num(self) -> tuple[int, ...]:  # type: ignore[override]
        return self._power_basis()[0]

    @property
    def den(self) -> int:  # type: ignore[override]
        return self._power_basis()[1]

    # -- cheap operations in this form ---------------------------------------------
    def _same(self, other: object) -> RurElement | None:
        """other as an element of this field's form (rationals and same-field
        RurElements), else None."""
        if isinstance(other, RurElement) and other.field is self.field:
            return other
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            f = Fraction(other)
            return RurElement(self.field, self.field.power(0) * _scalar(f), 0)
        return None

    def _combine(self, other: RurElement, sign: int) -> RurElement:
        k = max(self.k, other.k)
        g = self.g * self.field.power(k - self.k) + sign * (other.g * self.field.power(k - other.k))
        return RurElement(self.field, g, k)

    def __add__(self, other: Scalar) -> FieldElement:
        o = self._same(other)
        return self._combine(o, 1) if o is not None else FieldElement.__add__(self, other)

    __radd__ = __add__

    def __sub__(self, other: Scalar) -> FieldElement:
        o = self._same(other)
        return self._combine(o, -1) if o is not None else FieldElement.__sub__(self, other)

    def __rsub__(self, other: Scalar) -> FieldElement:
        return (-self) + other

    def __neg__(self) -> RurElement:
        return RurElement(self.field, -self.g, self.k)

    def __mul__(self, other: Scalar) -> FieldElement:
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return RurElement(self.field, self.g * _scalar(other), self.k)
        if isinstance(other, RurElement) and other.field is self.field:
            return RurElement(self.field, self.g * other.g, self.k + other.k)
        return FieldElement.__mul__(self, other)

    __rmul__ = __mul__

    @property
    def is_zero(self) -> bool:
        if self._zero is None:
            self._zero = self.field.divides(self.g)
        return self._zero

    def __bool__(self) -> bool:
        return not self.is_zero

    def __eq__(self, other: object) -> bool:
        o = self._same(other)
        if o is not None:
            return (self - o).is_zero
        return FieldElement.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        # equal values have the same rational or the same nearest float
        r = self.rational()
        return hash(r) if r is not None else hash(("rur", self.nearest_float()))

    def _cmp(self, other: object) -> int | None:
        o = self._same(other)
        return (self - o).sign() if o is not None else FieldElement._cmp(self, other)

    def rational(self) -> Fraction | None:
        """The value when it is rational (g = r d^k modulo q), else None; decided
        modulo primes (module docstring), a rational candidate proved exactly."""
        if self._rational is None:
            self._rational = (self._find_rational(),)
        return self._rational[0]

    def _find_rational(self) -> Fraction | None:
        import flint

        if self.is_zero:
            return Fraction(0)
        residues: list[tuple[int, int]] = []
        for p in _primes():
            if int(self.g.denom()) % p == 0:
                continue
            mod = self.field.modular(p, self.k)
            if mod is None:
                continue
            qp, dk = mod
            gp = mod_p(self.g, p) % qp
            ratio = _proportion(gp, dk)
            if ratio is None:
                return None                 # not proportional modulo (p, q): irrational
            residues.append((ratio, p))
            candidate = _reconstruct(residues)
            if candidate is not None:
                a, b = candidate.numerator, candidate.denominator
                if self.field.divides(self.g * b - self.field.power(self.k) * flint.fmpq(a)):
                    return candidate
        # no prime settled it (not met in practice): the power basis decides
        basis = self._power_basis()
        return Fraction(basis[0][0], basis[1]) if len(basis[0]) == 1 else None

    def sign(self) -> int:
        """The exact sign: g(alpha) and d(alpha)^k in Arb balls around alpha of growing
        precision until neither holds 0 (both are nonzero: q does not divide g, and
        d(alpha) != 0)."""
        if self.is_zero:
            return 0
        lo, hi = self._enclose()
        return 1 if lo > 0 else -1

    def _enclose(self, bits: int = SIGN_START) -> tuple[Fraction, Fraction]:
        """Rational bounds of a nonzero value, first at `bits` bits of alpha, doubled
        until the enclosure excludes 0."""
        import flint

        from .algebraic import arb_bounds

        spread = max(_height(self.g), _height(self.field.d) * max(self.k, 1))
        while True:
            x = self.field.alpha(bits)
            old = flint.ctx.prec
            try:
                flint.ctx.prec = 2 * bits + spread + 64
                num = _at(self.g, x)
                den = _at(self.field.d, x) ** self.k if self.k else flint.arb(1)
                if not num.contains(0) and not den.contains(0):
                    return arb_bounds(num / den)
            finally:
                flint.ctx.prec = old
            bits *= 2

    def enclosure(self) -> tuple[Fraction, Fraction] | None:
        if self.is_zero:
            return Fraction(0), Fraction(0)
        return self._enclose()

    def interval(self, width: Fraction) -> tuple[Fraction, Fraction]:
        if self.is_zero:
            return Fraction(0), Fraction(0)
        bits = SIGN_START
        while True:
            lo, hi = self._enclose(bits)
            if hi - lo <= width:
                return lo, hi
            bits *= 2

    def nearest_float(self) -> float:
        r = self.rational()
        if r is not None:
            return float(r)
        bits = SIGN_START
        while True:
            lo, hi = self._enclose(bits)
            if float(lo) == float(hi):
                return float(lo)
            bits *= 2

    def __repr__(self) -> str:
        return f"RurElement({self.nearest_float()!r})"

    def _form_key(self) -> tuple:
        return ("rur", tuple(int(v) for v in self.g.numer().coeffs()), int(self.g.denom()), self.k)

    def _form(self) -> Any:
        """s * G(alpha) / D(alpha)**k in sympy (alpha q's CRootOf; to_exact caches it)."""
        import sympy

        alpha = self.root.sympy_root()
        g_scale, g_poly = _integer_form(self.g)
        value = sympy.Rational(g_scale.numerator, g_scale.denominator) * _poly_expr(g_poly, alpha)
        if self.k:
            d_scale, d_poly = _integer_form(self.field.d)
            value = value / (sympy.Rational(d_scale.numerator, d_scale.denominator) ** self.k
                             * _poly_expr(d_poly, alpha) ** self.k)
        return value


def _word_primes(count: int) -> tuple[int, ...]:
    """The `count` largest primes below 2^62 (word-sized moduli for nmod_poly)."""
    import flint

    out: list[int] = []
    n = 2 ** 62 - 1
    while len(out) < count:
        if flint.fmpz(n).is_prime():
            out.append(n)
        n -= 2
    return tuple(out)


@cache
def _primes() -> tuple[int, ...]:
    """The primes modulo which rationality is decided, found on first use."""
    return _word_primes(PRIMES)


def mod_p(g: fmpq_poly | fmpz_poly, p: int) -> nmod_poly:
    """g (rational or integer coefficients) modulo p as an nmod_poly; p must not
    divide g's denominator."""
    import flint

    if isinstance(g, flint.fmpz_poly):
        return flint.nmod_poly([int(v) % p for v in g.coeffs()], p)
    inv = pow(int(g.denom()), -1, p)
    return flint.nmod_poly([int(v) * inv % p for v in g.numer().coeffs()], p)


def _proportion(g: Any, h: Any) -> int | None:
    """r with g = r h modulo p (h nonzero nmod_polys), or None when there is none."""
    if g.is_zero():
        return 0
    if g.degree() != h.degree():
        return None
    p = int(g.modulus())
    r = int(g[g.degree()]) * pow(int(h[h.degree()]), -1, p) % p
    return r if g == h * r else None


def _reconstruct(residues: Sequence[tuple[int, int]]) -> Fraction | None:
    """The rational a/b with |a|, b at most sqrt(M/2) congruent to the residues (M the
    product of the moduli), by the Chinese remainder theorem and the half-extended
    Euclidean algorithm; None when there is none."""
    from math import isqrt

    value, modulus = 0, 1
    for r, p in residues:
        t = (r - value) * pow(modulus, -1, p) % p
        value, modulus = value + modulus * t, modulus * p
    bound = isqrt(modulus // 2)
    r0, r1, s0, s1 = modulus, value, 0, 1
    while r1 > bound:
        quot = r0 // r1
        r0, r1, s0, s1 = r1, r0 - quot * r1, s1, s0 - quot * s1
    if s1 == 0 or abs(s1) > bound:
        return None
    return Fraction(r1, s1)


def _at(p: Any, x: Any) -> Any:
    """The rational polynomial p at the arb ball x."""
    return p.numer()(x) / p.denom()


def _height(p: Any) -> int:
    """Bits of the largest numerator coefficient of a rational polynomial."""
    return int(p.numer().height_bits()) if not p.is_zero() else 0


def _integer_form(p: Any) -> tuple[Fraction, list[int]]:
    """(s, G) with p = s * G, G a primitive integer polynomial (constant first)."""
    num = [int(v) for v in p.numer().coeffs()]
    from math import gcd

    c = gcd(*num) or 1
    return Fraction(c, int(p.denom())), [v // c for v in num]


def _poly_expr(coeffs: Sequence[int], alpha: Any) -> Any:
    import sympy

    return polynomial_expr([sympy.Integer(v) for v in coeffs], alpha)


# -- the exact check of a profile in one RurField ------------------------------------
def field_of_rur(profile: Sequence[Sequence[Value]]) -> RurField | None:
    """The RurField when some probability is a RurElement and every irrational one is
    a RurElement of that one field; None otherwise."""
    fields = {id(p.field): p.field for probs in profile for p in probs if isinstance(p, RurElement)}
    if len(fields) != 1:
        return None
    if any(isinstance(p, FieldElement) and not isinstance(p, RurElement)
           for probs in profile for p in probs):
        return None
    return next(iter(fields.values()))


def gains_and_payoffs(game: Game, field: RurField, profile: Sequence[Sequence[Value]]
                      ) -> tuple[list[list[Value]], tuple[Value, ...]]:
    """Each player's deviation gains (each pure strategy's payoff minus the player's)
    and payoffs, exactly, as RurElements (or Fractions when rational). Every
    probability is written as n(alpha) / d(alpha) (n = g d^(1-k) for an element of power
    k <= 1, r d for a rational r); a pure strategy's payoff numerator is then the
    multilinear sum of the others' numerators (payoffs.strategy_values on python-flint
    polynomials, never reduced), over d^(players - 1), and the player's payoff
    numerator the sum of its own numerators times those, over d^players."""
    lifted = [[_Mod(_numerator(field, p), None) for p in probs] for probs in profile]
    mixes = dense_mixtures(lifted)
    n = game.n_players
    gains, pays = [], []
    for i in range(n):
        vals = strategy_values(game.payoffs, i, mixes)
        cur = _poly(field, mixture_value(lifted[i], vals))
        row = []
        for v in vals:
            row.append(_simplify(RurElement(field, _poly(field, v) * field.d - cur, n)))
        gains.append(row)
        pays.append(_simplify(RurElement(field, cur, n)))
    return gains, tuple(pays)


def _poly(field: RurField, v: object) -> fmpq_poly:
    """A sum's value as a polynomial (a sum of no term is a plain number)."""
    if isinstance(v, _Mod):
        return v.p
    assert isinstance(v, (int, Fraction))
    return field.power(0) * _scalar(v)


def _numerator(field: RurField, p: Value) -> Any:
    """n with p = n(alpha) / d(alpha)."""
    if isinstance(p, RurElement):
        if p.k > 1:
            raise ValueError("a probability over a power of d above 1")
        return p.g * field.power(1 - p.k)
    if isinstance(p, FieldElement):
        raise ValueError("an element of another field")
    return field.d * _scalar(p)


def _simplify(e: RurElement) -> Value:
    r = e.rational()
    return r if r is not None else e
