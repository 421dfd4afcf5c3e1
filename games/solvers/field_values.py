"""Expected payoffs at a profile whose probabilities lie in one number field Q(alpha),
computed with python-flint polynomials reduced modulo alpha's polynomial.

The exact check of an irrational N-player equilibrium sums products of several
probabilities per pure profile. In FieldElement arithmetic (algebraic.py) each
product and each sum is normalised in Python integers, which for a field of degree
near 30 takes seconds per check; here the whole sum runs on `fmpq_poly` values in
C, and only the few results (one per strategy) are turned back into FieldElements,
whose signs are then decided exactly as before.
"""
from __future__ import annotations

import itertools
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence, Union, cast

import numpy as np

from ..payoffs import dense_mixtures, mixture_value, strategy_values
from .algebraic import FieldElement, RealRoot

if TYPE_CHECKING:
    from ..model import Game

Value = Union[FieldElement, Fraction]
Sums = list[tuple[list[object], object]]
"""Each player's payoff from each pure strategy, and under the profile: polynomials in
alpha (reduced modulo its polynomial) or Fractions, the same at every root."""


class _Mod:
    """A polynomial in alpha, kept reduced modulo alpha's polynomial q (never reduced
    when q is None: rur.py's numerators, whose reduction would only lengthen them)."""

    __slots__ = ("p", "q")

    def __init__(self, p: Any, q: Any) -> None:
        self.p, self.q = p, q

    def __add__(self, other: Any) -> "_Mod":
        o = other.p if isinstance(other, _Mod) else _scalar(other)
        return _Mod(self.p + o, self.q)

    __radd__ = __add__

    def __sub__(self, other: Any) -> "_Mod":
        o = other.p if isinstance(other, _Mod) else _scalar(other)
        return _Mod(self.p - o, self.q)

    def __rsub__(self, other: Any) -> "_Mod":
        return _Mod(_scalar(other) - self.p, self.q)

    def __mul__(self, other: Any) -> "_Mod":
        if isinstance(other, _Mod):
            p = self.p * other.p
            return _Mod(p if self.q is None else p % self.q, self.q)
        return _Mod(self.p * _scalar(other), self.q)

    __rmul__ = __mul__

    def __ne__(self, other: object) -> bool:          # dense_mixtures: "p != 0"
        return not (isinstance(other, int) and other == 0 and self.p.is_zero())

    def __eq__(self, other: object) -> bool:
        return not self.__ne__(other)

    __hash__ = None  # type: ignore[assignment]


def _scalar(x: Any) -> Any:
    import flint

    f = Fraction(x)
    return flint.fmpq(f.numerator, f.denominator)


def field_of(profile: Sequence[Sequence[Value]]) -> RealRoot | None:
    """The root alpha when some probability is a FieldElement and all of them lie in
    Q(alpha) (the same root); None otherwise."""
    roots = {id(p.root): p.root for probs in profile for p in probs if isinstance(p, FieldElement)}
    return next(iter(roots.values())) if len(roots) == 1 else None


def _lift(root: RealRoot, profile: Sequence[Sequence[Value]]) -> list[list[Any]]:
    import flint

    q = flint.fmpq_poly(list(root.poly))

    def one(x: Value) -> Any:
        if isinstance(x, FieldElement):
            return _Mod(flint.fmpq_poly(list(x.num), x.den), q)
        return x
    return [[one(p) for p in probs] for probs in profile]


def _back(root: RealRoot, x: object) -> Value:
    if not isinstance(x, _Mod):
        assert isinstance(x, (Fraction, int))
        return Fraction(x)
    num = [int(v) for v in x.p.numer().coeffs()]
    return FieldElement.make(root, num, int(x.p.denom())) if num else Fraction(0)


def gains_and_payoffs(game: Game, root: RealRoot, profile: Sequence[Sequence[Value]],
                      shared: dict[tuple[object, ...], Sums] | None = None
                      ) -> tuple[list[list[Value]], tuple[Value, ...]]:
    """For each player, each pure strategy's payoff minus the player's payoff under
    the profile, and those payoffs, exactly (FieldElements or Fractions): one pass,
    so that the check of a point and its reported payoffs share the sums.

    `shared` (a dict the caller keeps for one game): the sums are polynomials in
    alpha, the same at every root of alpha's polynomial where the probabilities are
    the same polynomials (two equilibria of one support in one field: the two real
    roots of a degree-44 factor); they are computed once and kept there, and only
    the elements (whose signs the caller decides) are built per root. A profile in a
    large field kept as g(alpha) / P'(alpha)^k goes to rur.py."""
    from . import rur

    field = rur.field_of_rur(profile)
    if field is not None:
        return rur.gains_and_payoffs(game, field, profile)
    sums: list[tuple[list[Any], Any]]
    if shared is None:
        sums = _sums(game, profile, _lift(root, profile))
    else:
        key = (root.poly, tuple(tuple((p.num, p.den) if isinstance(p, FieldElement) else p
                                      for p in probs) for probs in profile))
        if key not in shared:
            shared[key] = _sums(game, profile, _lift(root, profile))
        sums = cast("list[tuple[list[Any], Any]]", shared[key])
    gains = [[_back(root, v - current) for v in vals] for vals, current in sums]
    return gains, tuple(_back(root, current) for _, current in sums)


def _sums(game: Game, profile: Sequence[Sequence[Value]], lifted: list[list[Any]]
          ) -> list[tuple[list[Any], Any]]:
    """Each player's payoff from each pure strategy and under the profile (`lifted`:
    its probabilities as polynomials in alpha), as polynomials (_Mod) or Fractions."""
    if all(sum(probs[1:], probs[0]) == 1 for probs in profile):
        products: dict[tuple[tuple[int, int], ...], Any] = {}
        return [_with_current(lifted[i], _values_by_monomials(game, i, lifted, products))
                for i in range(game.n_players)]
    mixes = dense_mixtures(lifted)      # not a distribution: the plain sums (the check fails)
    values = [strategy_values(game.payoffs, i, mixes) for i in range(game.n_players)]
    return [(vals, mixture_value(lifted[i], vals)) for i, vals in enumerate(values)]


def _with_current(probs: Sequence[Any], values: list[Any]) -> tuple[list[Any], Any]:
    """The values and the payoff under the mixture `probs` (summing to 1) as
    v(s0) + sum p(s) (v(s) - v(s0)) over the other support strategies s: at an
    equilibrium those differences vanish, and the payoff costs no multiplication in
    the field (the plain sum costs one per support strategy)."""
    support = [s for s, p in enumerate(probs) if p != 0]
    first = values[support[0]]
    current = first
    for s in support[1:]:
        diff = values[s] - first
        if diff != 0:
            current = current + probs[s] * diff
    return values, current


def _values_by_monomials(game: Game, i: int, lifted: Sequence[Sequence[Any]],
                         products: dict[tuple[tuple[int, int], ...], Any]) -> list[Any]:
    """Player i's payoff from each pure strategy, the others' probabilities summing to
    1: with p_j(s0) = 1 - (the rest) for the first strategy s0 of each support, the
    payoff is a sum of products of at most one other probability per player, and
    every such product (`products`, keyed by (player, strategy) pairs, shared by all
    players) costs one multiplication in the field: fewer than numpy's contraction
    of the whole array makes, which matters when each costs milliseconds (fields
    of degree near 50)."""
    supports = [[j for j, p in enumerate(probs) if p != 0] for probs in lifted]
    others = [k for k in range(game.n_players) if k != i]
    idx = [supports[k] if k != i else list(range(game.shape[i])) for k in range(game.n_players)]
    arr = game.payoffs[i][np.ix_(*idx)]
    for k in others:            # on axis k: the first support strategy's entry, then differences
        arr = np.moveaxis(arr, k, 0)
        arr = np.concatenate([arr[:1], arr[1:] - arr[:1]])
        arr = np.moveaxis(arr, 0, k)
    own = np.moveaxis(arr, i, 0)
    values: list[Any] = [Fraction(0)] * game.shape[i]
    for pick in itertools.product(*(range(len(supports[k])) for k in others)):
        key = tuple((k, supports[k][c]) for k, c in zip(others, pick) if c)
        mono = _product(key, lifted, products)
        coeffs = own[(slice(None),) + pick]
        for t in range(game.shape[i]):
            c = coeffs[t]
            if c:
                values[t] = values[t] + (mono * c if key else Fraction(c))
    return values


def _product(key: tuple[tuple[int, int], ...], lifted: Sequence[Sequence[Any]],
             products: dict[tuple[tuple[int, int], ...], Any]) -> Any:
    """The product of the probabilities lifted[k][s] for (k, s) in key (cached)."""
    if not key:
        return Fraction(1)
    if len(key) == 1:
        k, s = key[0]
        return lifted[k][s]
    if key not in products:
        k, s = key[-1]
        products[key] = _product(key[:-1], lifted, products) * lifted[k][s]
    return products[key]


def deviation_gains(game: Game, root: RealRoot, profile: Sequence[Sequence[Value]]
                    ) -> list[list[Value]]:
    """For each player, each pure strategy's payoff minus the player's payoff under
    the profile, exactly (FieldElements or Fractions)."""
    return gains_and_payoffs(game, root, profile)[0]


def expected_payoffs(game: Game, root: RealRoot, profile: Sequence[Sequence[Value]]
                     ) -> tuple[Value, ...]:
    """Each player's expected payoff under the profile, exactly."""
    return gains_and_payoffs(game, root, profile)[1]
