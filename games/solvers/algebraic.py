"""Exact real algebraic numbers as elements of a number field Q(alpha).

The polynomial solver finds each irrational equilibrium as a real root `alpha` of an
irreducible polynomial over Q, with every probability a polynomial in `alpha`.
Arithmetic in Q(alpha) is exact (polynomials reduced modulo the minimal
polynomial), zero is decided by reduction, and a nonzero sign by interval
evaluation on a rational isolating interval that is bisected until the sign is
certain. `to_exact` turns an element into a games.numbers value: a Fraction, a
radical for quadratic irrationals, else a sympy `CRootOf` of its minimal polynomial.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import gcd
from typing import TYPE_CHECKING, Any, Sequence, Union

from ..numbers import remember_float

if TYPE_CHECKING:
    from flint import arb
    from sympy import Poly

    from ..numbers import Exact, SymExpr

Coeffs = tuple[Fraction, ...]           # polynomial coefficients, constant term first
Scalar = Union["FieldElement", Fraction, int]   # what Q(alpha) arithmetic takes
MINPOLY_DEGREE = 16  # elements of larger fields are shown as polynomials in the field's root
FLINT_DEGREE = 8    # products and reductions of polynomials this long go through python-flint
ARB_PREC = 128      # bits of the certified root balls (python-flint): floats to spare


def _trim(c: Sequence[Fraction]) -> Coeffs:
    """Drop leading (highest-degree) zero coefficients."""
    c = list(c)
    while c and c[-1] == 0:
        c.pop()
    return tuple(c)


def poly_eval(c: Sequence[Fraction | int], x: Fraction) -> Fraction:
    """Horner evaluation of a rational polynomial at a rational point."""
    acc = Fraction(0)
    for a in reversed(c):
        acc = acc * x + a
    return acc


def _interval_eval(c: Sequence[Fraction | int], lo: Fraction,
                   hi: Fraction) -> tuple[Fraction, Fraction]:
    """An interval containing every value of the polynomial on [lo, hi] (Horner form)."""
    alo = ahi = Fraction(0)
    for a in reversed(c):
        prods = (alo * lo, alo * hi, ahi * lo, ahi * hi)
        alo, ahi = min(prods) + a, max(prods) + a
    return alo, ahi


class RealRoot:
    """A real root of an irreducible rational polynomial of degree >= 2, isolated in (lo, hi)."""

    def __init__(self, poly: Sequence[Fraction], lo: Fraction, hi: Fraction) -> None:
        self.poly: tuple[int, ...] = _primitive(poly)          # integer, constant first
        self.lo, self.hi = Fraction(lo), Fraction(hi)
        self._lo_sign = _sgn(poly_eval(self.poly, self.lo))
        self._exact_cache: dict[tuple, Any] = {}
        self._indexed: dict[tuple, tuple[tuple[int, ...], int]] = {}   # (num, den) ->
        #   the element's minimal polynomial and real-root index, once its CRootOf is built
        self._sympy: Any = None
        self._ball: tuple[tuple[Fraction, Fraction], ...] | None = None
        self._tightened = False

    @property
    def degree(self) -> int:
        return len(self.poly) - 1

    def refine(self, steps: int = 4) -> None:
        """Halve the isolating interval `steps` times (exact bisection; no rational roots).
        The first call of a root of degree FLINT_DEGREE or more instead narrows it to the
        root's certified ball (`ball`): bisection evaluates the polynomial in Fractions,
        milliseconds a step on large fields, where the ball costs one root isolation in
        C. Every caller refines in a loop until its interval is narrow enough."""
        if not self._tightened:
            self._tightened = True
            ball = self.ball() if self.degree >= FLINT_DEGREE else None
            if ball is not None and max(self.lo, ball[0]) < min(self.hi, ball[1]):
                # the ball holds the root, an irrational one, strictly inside: the
                # interval still isolates it, and the sign at its left end is unchanged
                self.lo, self.hi = max(self.lo, ball[0]), min(self.hi, ball[1])
                return
        for _ in range(steps):
            mid = (self.lo + self.hi) / 2
            s = _sgn(poly_eval(self.poly, mid))
            if s == self._lo_sign:
                self.lo = mid
            else:
                self.hi = mid

    def __float__(self) -> float:
        while self.hi - self.lo > Fraction(1, 2 ** 60):
            self.refine(16)
        return float((self.lo + self.hi) / 2)

    def ball(self) -> tuple[Fraction, Fraction] | None:
        """Tight rational bounds of the root (a certified ball of python-flint's root
        isolation, at ARB_PREC bits), or None when no single ball meets the isolating
        interval. Computed once."""
        if self._ball is None:
            meets = [b for b in _real_root_bounds(self.poly) if b[0] <= self.hi and self.lo <= b[1]]
            self._ball = (meets[0],) if len(meets) == 1 else ()
        return self._ball[0] if self._ball else None

    def element(self, coeffs: Sequence[Fraction]) -> "FieldElement":
        """The field element sum coeffs[k] * alpha**k."""
        fr = [Fraction(a) for a in coeffs]
        den = 1
        for a in fr:
            den = den * a.denominator // gcd(den, a.denominator)
        return FieldElement.make(self, [int(a * den) for a in fr], den)

    def sympy_root(self) -> SymExpr:
        """The root as a sympy CRootOf (or radical when quadratic)."""
        if self._sympy is None:
            import sympy

            x = sympy.Symbol("x")
            q = sympy.Poly(list(reversed(self.poly)), x)
            if self.degree == 2:
                c0, b, a = self.poly
                # 2a*alpha + b = +-sqrt(b^2 - 4ac): its sign is that of 2a*alpha + b
                e = self.element((Fraction(b), Fraction(2 * a)))
                sgn = e.sign()
                self._sympy = (sympy.Integer(-b) + sgn * sympy.sqrt(sympy.Integer(b * b - 4 * a * c0))) \
                    / (2 * sympy.Integer(a))
            else:
                self._sympy = crootof(q, _root_index(self, q))
        return self._sympy


def _root_index(root: "RealRoot", q: Any) -> int:
    """Position of the root among the real roots of its polynomial q (sympy Poly)."""
    alpha = root.element((Fraction(0), Fraction(1)))
    found = real_root_index(root.poly, alpha)
    if found is not None:
        return found
    for idx, ((lo, hi), _) in enumerate(q.intervals()):
        if (alpha - Fraction(int(lo.p), int(lo.q))).sign() > 0 and \
                (Fraction(int(hi.p), int(hi.q)) - alpha).sign() > 0:
            return idx
    raise ArithmeticError("root not found among the real roots of its polynomial")


def _primitive(c: Sequence[Fraction]) -> tuple[int, ...]:
    """Integer coefficients, coprime, with a positive leading one, of a rational polynomial."""
    fr = [Fraction(a) for a in c]
    den: int = 1
    for a in fr:
        den = den * a.denominator // gcd(den, a.denominator)
    ints = [int(a * den) for a in fr]
    g = 0
    for k in ints:
        g = gcd(g, k)
    ints = [k // g for k in ints] if g else ints
    if ints and ints[-1] < 0:
        ints = [-a for a in ints]
    return tuple(ints)


def _sgn(x: Any) -> int:
    return (x > 0) - (x < 0)


class FieldElement:
    """An element num(alpha)/den of Q(alpha), with integer num of degree below deg(alpha).

    Elements are kept canonical (num reduced modulo alpha's minimal polynomial, no
    leading zeros, gcd(num, den) = 1, den > 0), so equal elements of one field have
    equal (num, den) and hash alike; a rational one equals and hashes as its Fraction.
    They are ordered by their exact sign, and divide (inverse by the extended gcd
    with the minimal polynomial): what backward induction does with payoffs
    (games.tree.field_spe)."""

    __slots__ = ("root", "num", "den")

    def __init__(self, root: RealRoot, num: tuple[int, ...], den: int) -> None:
        self.root, self.num, self.den = root, num, den

    @staticmethod
    def make(root: RealRoot, num: list[int], den: int) -> "FieldElement":
        """Reduce num modulo the minimal polynomial and normalise the fraction."""
        p = root.poly
        d = len(p) - 1
        lead = p[-1]
        if len(num) > d >= FLINT_DEGREE:          # large fields: reduce in C (python-flint)
            import flint

            r = flint.fmpq_poly(num) % flint.fmpq_poly(list(p))
            num = [int(v) for v in r.numer().coeffs()]
            den *= int(r.denom())
        for k in range(len(num) - 1, d - 1, -1):
            a = num[k]
            if a:
                if lead != 1:
                    num = [lead * v for v in num]
                    den *= lead
                for j in range(d + 1):
                    num[k - d + j] -= a * p[j]
        num = num[:d]
        while num and num[-1] == 0:
            num.pop()
        if not num:
            return FieldElement(root, (), 1)
        g = den
        for v in num:
            g = gcd(g, v)
        if den < 0:
            g = -g
        return FieldElement(root, tuple(v // g for v in num), den // g)

    @property
    def c(self) -> tuple[Fraction, ...]:
        """Rational coefficients, constant first."""
        return tuple(Fraction(v, self.den) for v in self.num)

    # -- arithmetic ------------------------------------------------------------
    def _coerce(self, other: Any) -> tuple[tuple[int, ...], int] | None:
        if isinstance(other, FieldElement):
            return other.num, other.den
        if isinstance(other, int):
            return ((other,) if other else ()), 1
        if isinstance(other, Fraction):
            return ((other.numerator,) if other else ()), other.denominator
        return None

    def __add__(self, other: Scalar) -> FieldElement:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        onum, oden = o
        n = max(len(self.num), len(onum))
        a = [v * oden for v in self.num] + [0] * (n - len(self.num))
        for k, v in enumerate(onum):
            a[k] += v * self.den
        return FieldElement.make(self.root, a, self.den * oden)

    __radd__ = __add__

    def __neg__(self) -> "FieldElement":
        return FieldElement(self.root, tuple(-v for v in self.num), self.den)

    def __sub__(self, other: Scalar) -> FieldElement:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return self + FieldElement(self.root, tuple(-v for v in o[0]), o[1])

    def __rsub__(self, other: Scalar) -> FieldElement:
        return (-self) + other

    def __mul__(self, other: Scalar) -> FieldElement:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        onum, oden = o
        if not self.num or not onum:
            return FieldElement(self.root, (), 1)
        if min(len(self.num), len(onum)) >= FLINT_DEGREE:
            import flint

            product = flint.fmpz_poly(list(self.num)) * flint.fmpz_poly(list(onum))
            return FieldElement.make(self.root, [int(v) for v in product.coeffs()],
                                     self.den * oden)
        prod = [0] * (len(self.num) + len(onum) - 1)
        for i, a in enumerate(self.num):
            if a:
                for j, b in enumerate(onum):
                    prod[i + j] += a * b
        return FieldElement.make(self.root, prod, self.den * oden)

    __rmul__ = __mul__

    def inverse(self) -> FieldElement:
        """1/self (ZeroDivisionError for 0): s with self*s + m*t = 1 (m irreducible)."""
        if not self.num:
            raise ZeroDivisionError("inverse of zero in a number field")
        if len(self.num) == 1:
            return FieldElement.make(self.root, [self.den], self.num[0])
        import flint

        m = flint.fmpq_poly(list(self.root.poly))
        g, t, _ = (flint.fmpq_poly(list(self.num)) / self.den).xgcd(m)
        r = (t / g) % m
        return FieldElement.make(self.root, [int(v) for v in r.numer().coeffs()],
                                 int(r.denom()))

    def __truediv__(self, other: Scalar) -> FieldElement:
        if isinstance(other, FieldElement):
            return self * other.inverse()
        if isinstance(other, (int, Fraction)):
            return self * (1 / Fraction(other))
        return NotImplemented

    def __rtruediv__(self, other: Scalar) -> FieldElement:
        if not isinstance(other, (int, Fraction)):
            return NotImplemented
        return self.inverse() * other

    # -- comparisons -----------------------------------------------------------
    @property
    def is_zero(self) -> bool:
        return not self.num

    def __bool__(self) -> bool:
        return bool(self.num)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (FieldElement, Fraction, int)):
            return False
        return (self - other).is_zero

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        if len(self.num) <= 1:          # a rational hashes as its Fraction (== agrees)
            return hash(Fraction(self.num[0], self.den) if self.num else Fraction(0))
        return hash((self.num, self.den))

    def _cmp(self, other: object) -> int | None:
        """The sign of self - other; None for a type that is not a number here."""
        if not isinstance(other, (FieldElement, Fraction, int)):
            return None
        return (self - other).sign()

    def __lt__(self, other: object) -> bool:
        c = self._cmp(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other: object) -> bool:
        c = self._cmp(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other: object) -> bool:
        c = self._cmp(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other: object) -> bool:
        c = self._cmp(other)
        return NotImplemented if c is None else c >= 0

    def rational(self) -> Fraction | None:
        """The value as a Fraction when the element is a constant."""
        if len(self.num) <= 1:
            return Fraction(self.num[0], self.den) if self.num else Fraction(0)
        return None

    def sign(self) -> int:
        """The exact sign, by interval evaluation on a shrinking isolating interval."""
        if len(self.num) <= 1:
            return _sgn(self.num[0]) if self.num else 0
        if self.root.degree >= FLINT_DEGREE:       # Arb first: cheap on large fields
            tight = self.enclosure()
            if tight is not None and (tight[0] > 0 or tight[1] < 0):
                return 1 if tight[0] > 0 else -1
        while True:
            lo, hi = _interval_eval(self.num, self.root.lo, self.root.hi)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            self.root.refine(8)

    def interval(self, width: Fraction) -> tuple[Fraction, Fraction]:
        """A rational interval of at most `width` containing the value."""
        while True:
            lo, hi = _interval_eval(self.num, self.root.lo, self.root.hi)
            lo, hi = lo / self.den, hi / self.den
            if hi - lo <= width:
                return lo, hi
            self.root.refine(8)

    def __float__(self) -> float:
        return self.nearest_float()

    def __repr__(self) -> str:
        return f"FieldElement({float(self)!r})"

    # -- exact form -----------------------------------------------------------
    def to_exact(self) -> Exact:
        """A Fraction, or a sympy expression (radical or CRootOf) that sympy parses back."""
        r = self.rational()
        if r is not None:
            return r
        cache = self.root._exact_cache
        key = self._form_key()
        if key not in cache:
            cache[key] = (self._form(), self.nearest_float())
        value, approx = cache[key]
        remember_float(value, approx)
        return value

    def _form_key(self) -> tuple:
        """What identifies the element's exact form in its root's cache."""
        return (self.num, self.den)

    def _form(self) -> Any:
        """The sympy form of an irrational element (to_exact caches it)."""
        return _exact_value(self)

    def enclosure(self) -> tuple[Fraction, Fraction] | None:
        """Tight rational bounds of the value: interval evaluation on the root's
        certified ball (RealRoot.ball); None without one."""
        ball = self.root.ball()
        if ball is None:
            return None
        import flint

        lo, hi = ball
        # Horner in Arb balls (rigorous); enough bits that the coefficients' size
        # above the value's (cancellation) still leaves ARB_PREC bits of it: the same
        # enclosure as Horner in Fractions, at a fraction of its cost on large fields
        spread = max(abs(v) for v in self.num).bit_length() - self.den.bit_length()
        old, flint.ctx.prec = flint.ctx.prec, 2 * ARB_PREC + max(spread, 0)
        try:
            x = arb_span(lo, hi)
            value = flint.fmpz_poly(list(self.num))(x) / self.den
            return arb_bounds(value)
        finally:
            flint.ctx.prec = old

    def nearest_float(self) -> float:
        """The float nearest to the value (correctly rounded): an enclosure whose ends
        round to the same float, from the root's ball or else from the isolating
        interval shrunk until they do. What `to_float` of the sympy form gives, without
        sympy's numerical evaluation of a CRootOf."""
        tight = self.enclosure()
        if tight is not None and float(tight[0]) == float(tight[1]):
            return float(tight[0])
        width = Fraction(1, 2 ** 64)
        for _ in range(8):
            lo, hi = self.interval(width)
            if float(lo) == float(hi):
                return float(lo)
            width /= 2 ** 32
        return float((lo + hi) / 2)


def _exact_value(e: FieldElement) -> Any:
    """The sympy form of an irrational field element: in a quadratic field a + b*sqrt(d);
    in a field of degree up to MINPOLY_DEGREE the matching CRootOf of its minimal
    polynomial (found by linear algebra); beyond, the polynomial in alpha's CRootOf
    that it is (exact too, and free of a characteristic polynomial of that degree)."""
    import sympy

    if e.root.degree == 2:
        return _quadratic_form(e)
    if e.root.degree > MINPOLY_DEGREE:     # the minimal polynomial would cost seconds
        return polynomial_expr([sympy.Rational(v, e.den) for v in e.num], e.root.sympy_root())
    complement = _complement_index(e)
    if complement is not None:
        return crootof(sympy.Poly(list(reversed(complement[0])), sympy.Symbol("x")),
                       complement[1])
    q = _minimal_polynomial(e)
    if len(q) - 1 == e.root.degree and q == e.root.poly and e.num == (0, 1) and e.den == 1:
        return e.root.sympy_root()
    x = sympy.Symbol("x")
    qp = sympy.Poly(list(reversed(q)), x)
    if qp.degree() == 2:
        c0, b, a = q
        sgn = (2 * a * e + b).sign()
        root = sympy.sqrt(sympy.Integer(b * b - 4 * a * c0))
        return (sympy.Integer(-b) + sgn * root) / (2 * sympy.Integer(a))
    found = real_root_index(q, e)
    if found is not None:
        e.root._indexed[(e.num, e.den)] = (q, found)
        return crootof(qp, found)
    for idx, ((lo, hi), _) in enumerate(qp.intervals()):
        if (e - Fraction(int(lo.p), int(lo.q))).sign() > 0 and \
                (Fraction(int(hi.p), int(hi.q)) - e).sign() > 0:
            return sympy.CRootOf(qp, idx)
    raise ArithmeticError("the element is not a real root of its minimal polynomial")


def polynomial_expr(coeffs: Sequence[SymExpr], alpha: SymExpr) -> SymExpr:
    """sum of coeffs[k] * alpha**k (sympy numbers, constant first): the expression
    sympy.Add(*(c * alpha**k)) gives (terms c*alpha**k, the constant first, the rest
    in Add's canonical order), assembled from its parts when alpha is a CRootOf (whose
    powers sympy leaves as they are): sympy's evaluation of each product and of the
    sum was about a tenth of the solve of a five-player game with degree-44 points."""
    import sympy
    from sympy.core.add import _addsort

    if not isinstance(alpha, sympy.CRootOf):         # a radical: powers simplify
        return sympy.Add(*(c * alpha ** k for k, c in enumerate(coeffs) if c))
    const: list[SymExpr] = []
    terms: list[SymExpr] = []
    for k, c in enumerate(coeffs):
        if not c:
            continue
        if k == 0:
            const.append(c)
            continue
        power = alpha if k == 1 else sympy.Pow(alpha, k, evaluate=False)
        terms.append(power if c == 1 else sympy.Mul._from_args((c, power)))
    _addsort(terms)
    args = const + terms
    if not args:
        return sympy.S.Zero
    return args[0] if len(args) == 1 else sympy.Add._from_args(args)


def _complement_index(e: FieldElement) -> tuple[tuple[int, ...], int] | None:
    """The minimal polynomial and real-root index of e when those of 1 - e are known
    (a player's two probabilities): q(1 - y), made primitive, and the index counted
    from the other end, since y -> 1 - y reverses the real roots' order. None when
    1 - e was not built first."""
    num = [-v for v in e.num]
    num[0] += e.den
    known = e.root._indexed.get((tuple(num), e.den))
    if known is None:
        return None
    import flint

    q, index = known
    shifted = flint.fmpz_poly(list(q))(flint.fmpz_poly([1, -1]))
    out = (_primitive([Fraction(int(c)) for c in shifted.coeffs()]),
           len(_real_root_bounds(q)) - 1 - index)
    e.root._indexed[(e.num, e.den)] = out
    return out


def _quadratic_form(e: FieldElement) -> Any:
    """a0 + a1*alpha in a quadratic field as p + q*sqrt(D), built term by term: the
    expression sympy.expand gives for a0 + a1*(-b +- sqrt(D))/(2a), without the cost
    of expanding (milliseconds per value)."""
    import sympy

    c0, b, a = e.root.poly
    disc = b * b - 4 * a * c0
    sgn = e.root.element((Fraction(b), Fraction(2 * a))).sign()   # of 2a*alpha + b
    a0, a1 = Fraction(e.num[0], e.den), Fraction(e.num[1], e.den)
    p = a0 - a1 * Fraction(b, 2 * a)
    q = a1 * Fraction(sgn, 2 * a)
    return sympy.Rational(p.numerator, p.denominator) + \
        sympy.Rational(q.numerator, q.denominator) * _sqrt(disc)


@lru_cache(maxsize=256)
def _sqrt(d: int) -> Any:
    import sympy

    return sympy.sqrt(sympy.Integer(d))


def crootof(q: Poly, index: int) -> SymExpr:
    """sympy's CRootOf(q, index) of an irreducible integer polynomial q (a sympy Poly
    of degree 3 or more), built directly when sympy's constructor would change nothing
    (primitive, no rescaling of x): the constructor factors q and isolates its roots
    again (milliseconds per value), which the caller has done with python-flint. The
    same object either way."""
    import sympy
    from sympy.polys.polyroots import _integer_basis

    pure = sympy.PurePoly(q)
    if pure.get_domain().is_ZZ and pure.LC() > 0 and \
            gcd(*(int(c) for c in pure.all_coeffs())) == 1 and _integer_basis(pure) is None:
        return sympy.CRootOf._new(pure, index)
    return sympy.CRootOf(q.as_expr(), index)


def _minimal_polynomial(e: FieldElement) -> tuple[int, ...]:
    """Integer minimal polynomial of e. Q(alpha) is a field of degree d, so the
    characteristic polynomial of multiplication by e is a power of e's minimal
    polynomial: its one irreducible factor (python-flint's charpoly and factoring)."""
    import flint

    d = e.root.degree
    m = flint.fmpq_poly(list(e.root.poly))
    power = flint.fmpq_poly([flint.fmpq(v, e.den) for v in e.num])
    columns = []
    for _ in range(d):                  # e * alpha^k, reduced modulo the minimal polynomial
        coeffs = power.coeffs()
        columns.append(coeffs + [flint.fmpq(0)] * (d - len(coeffs)))
        power = (power * flint.fmpq_poly([0, 1])) % m
    char = flint.fmpq_mat(d, d, [columns[k][j] for j in range(d) for k in range(d)]).charpoly()
    _, factors = char.factor()
    if len(factors) != 1:
        raise ArithmeticError("a characteristic polynomial in a number field with two "
                              "distinct factors")
    return _primitive([Fraction(int(c.p), int(c.q)) for c in factors[0][0].coeffs()])


def real_root_index(poly: Sequence[int], e: FieldElement) -> int | None:
    """Position of `e` among the real roots of the irreducible integer polynomial
    `poly` (constant first) in increasing order, as sympy's CRootOf numbers them; None
    when it cannot be told at working precision (the caller then asks sympy).

    python-flint isolates every complex root in a ball (Arb: certified, real roots with
    an exactly zero imaginary part); e's enclosure (or its rational interval, shrunk)
    must meet exactly one real root's ball, which is then e's, since e is a root lying
    in the enclosure."""
    bounds = _real_root_bounds(poly)
    if any(a[1] >= b[0] for a, b in zip(bounds, bounds[1:])):
        return None
    enclosure = e.enclosure()
    width = Fraction(1, 2 ** 40)
    for _ in range(4):
        lo, hi = enclosure if enclosure is not None else e.interval(width)
        meets = [k for k, (blo, bhi) in enumerate(bounds) if blo <= hi and lo <= bhi]
        if len(meets) == 1:
            return meets[0]
        if enclosure is None:
            width /= 2 ** 20
        enclosure = None            # too wide: shrink the isolating interval instead
    return None


def integer_real_roots(poly: Sequence[int]) -> list[Fraction | RealRoot]:
    """Real roots of a nonzero integer polynomial (constant first), each once:
    Fractions for rational roots, `RealRoot`s (one irreducible factor each, in
    increasing order) otherwise. What `real_roots` gives, by python-flint's factoring
    and certified root isolation instead of sympy's: a degree-44 polynomial with
    370-bit coefficients (a five-player full support) costs 9 ms here, 86 ms there.
    An isolating ball's real interval holds no other real root (the balls are
    disjoint), and its ends are no roots (the root is irrational, they rational)."""
    import flint

    out: list[Fraction | RealRoot] = []
    _, factors = flint.fmpz_poly(list(poly)).factor()
    for f, _ in factors:
        c = [int(a) for a in f.coeffs()]
        if len(c) == 2:
            out.append(Fraction(-c[0], c[1]))
        elif len(c) > 2:
            out.extend(RealRoot([Fraction(a) for a in c], lo, hi)
                       for lo, hi in _real_root_bounds(c))
    return out


def _real_root_bounds(poly: Sequence[int]) -> list[tuple[Fraction, Fraction]]:
    """Rational bounds of certified balls around the real roots of a squarefree
    integer polynomial, in increasing order, at ARB_PREC bits (python-flint); the
    roots of one polynomial (every real root of an equilibrium's field asks for
    them) are isolated once."""
    return list(_root_bounds_of(tuple(int(c) for c in poly)))


@lru_cache(maxsize=64)
def _root_bounds_of(poly: tuple[int, ...]) -> tuple[tuple[Fraction, Fraction], ...]:
    import flint

    old, flint.ctx.prec = flint.ctx.prec, ARB_PREC
    try:
        roots: list[Any] = flint.fmpz_poly(list(poly)).complex_roots()  # (acb, multiplicity)
    finally:
        flint.ctx.prec = old
    balls = [r.real for r, _ in roots if r.imag.is_exact() and r.imag == 0]
    return tuple(sorted(arb_bounds(b) for b in balls))


def arb_bounds(ball: arb) -> tuple[Fraction, Fraction]:
    """The exact rational bounds of a real Arb ball (midpoint -+ radius)."""
    mid, rad = arb_fraction(ball), arb_fraction(ball.rad())
    return mid - rad, mid + rad


def arb_fraction(ball: arb) -> Fraction:
    """The midpoint of a real Arb ball as an exact Fraction (a dyadic rational)."""
    man, exp = ball.mid().man_exp()
    return Fraction(int(man)) * Fraction(2) ** int(exp)


def arb_span(lo: Fraction, hi: Fraction) -> arb:
    """The smallest Arb ball (at the working precision) holding [lo, hi]."""
    import flint

    return flint.arb(flint.fmpq(lo.numerator, lo.denominator)).union(
        flint.arb(flint.fmpq(hi.numerator, hi.denominator)))


def real_roots(coeffs: Sequence[Fraction], inf: Fraction | None = None,
               sup: Fraction | None = None) -> list[Fraction | RealRoot]:
    """Real roots (in [inf, sup] when given) of a rational polynomial, each once:
    Fractions for rational roots, `RealRoot`s (one irreducible factor each) otherwise."""
    import sympy

    x = sympy.Dummy("x")
    poly = sympy.Poly([sympy.Rational(a.numerator, a.denominator) for a in reversed(list(coeffs))],
                      x, domain="QQ")
    out: list[Fraction | RealRoot] = []
    if poly.degree() <= 0:
        return out
    kw = {}
    if inf is not None:
        kw["inf"] = sympy.Rational(inf.numerator, inf.denominator)
    if sup is not None:
        kw["sup"] = sympy.Rational(sup.numerator, sup.denominator)
    for q, _ in poly.factor_list()[1]:
        qc = [Fraction(int(a.p), int(a.q)) for a in reversed(q.all_coeffs())]
        if q.degree() == 1:
            r = -qc[0] / qc[1]
            if (inf is None or r >= inf) and (sup is None or r <= sup):
                out.append(r)
            continue
        for (lo, hi), _ in q.intervals(**kw):
            out.append(RealRoot(qc, Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q))))
    return out


def exact_sign(x: Scalar) -> int:
    """Sign of a Fraction or a FieldElement, exactly."""
    if isinstance(x, FieldElement):
        return x.sign()
    return _sgn(Fraction(x))


def to_exact(x: FieldElement | Exact) -> Exact:
    """A games.numbers exact value from a Fraction or a FieldElement."""
    return x.to_exact() if isinstance(x, FieldElement) else x
