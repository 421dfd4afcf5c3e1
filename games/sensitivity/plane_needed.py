"""Which critical curves can change the equilibrium set of a 2-player game in a
two-parameter box, decided exactly per support profile.

The equilibria with support profile S, and their limits, lie in the set W_S of
points where, on each side of S (plane_screen.py's Cramer conditions, D the
side's determinant): D != 0 and N * D >= 0 for every probability numerator N and
G * D <= 0 for every outside strategy's gap G; or D = 0 and every N and G is zero
(y_j = N_j / D stays in [0, 1] and the value N_v / D is bounded, so the numerators
vanish wherever D does on the closure; G = sum A N_j - N_v); an overdetermined
side needs every maximal minor zero. A critical polynomial p of S whose zero curve
misses W_S never changes what S contributes: each of its zeros has a
neighbourhood without equilibria of support S (regions.py turns that into a
decomposition by the needed curves only).

W_S is found exactly by a small cylindrical decomposition of the box by S's own
curves (plane_cells.py): every condition polynomial factors (python-flint) into
S's irreducible critical polynomials times a constant, so its sign in each cell is
read off the cell's sign vector; p is needed for S when it is zero on a cell in
W_S. A profile whose conditions do not factor that way,
or with a mixture on a segment (a condition that is not a sign condition), keeps
every curve that may vanish where the interval test did not rule it out.

python-flint is imported inside functions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..budget import check_deadline
from ..numbers import SymExpr
from .plane_polys import _Poly
from .plane_screen import SideConditions, SupportProfile
from .region_map import Box

# a condition's sign from the cell's signs: (constant sign, [(poly index, power)]);
# None: a factor that is none of the profile's polynomials
Factored = tuple[int, list[tuple[int, int]]]


Sides = tuple[tuple[tuple[str, Factored, Factored | None], ...], ...]


@dataclass(frozen=True)
class Reach:
    """Where a profile's equilibria can lie (W_S), decided by the signs of its
    polynomials: those it needs (curves meeting W_S), all of its polynomials, and
    its conditions factored into them."""

    needed: frozenset[int]
    polys: tuple[int, ...]
    sides: Sides

    def holds(self, sign: Callable[[int], int]) -> bool:
        """Is a point whose polynomial k has sign `sign(k)` in W_S?"""
        return _in_reach(self.sides, sign)


def exactly_needed(evals: Sequence[_Poly], syms: tuple[SymExpr, ...], box: Box,
                   by_support: Mapping[tuple, Iterable[int]],
                   conditions: SideConditions, vanishing: Sequence[bool],
                   deadline: float | None = None) -> dict[SupportProfile, Reach]:
    """For each profile of `conditions` decided exactly, its Reach: the indices (into
    `evals`, the critical polynomials) of its curves that meet W_S, and how to tell
    whether a point is in W_S; profiles left out are not decided here.
    `vanishing[k]`: polynomial k may vanish in the box (the others keep the sign
    they have at the box's centre)."""
    import flint
    ctx = flint.fmpz_mpoly_ctx.get(("a", "b"), "lex")
    index: dict[str, tuple[int, int]] = {}
    for k, f in enumerate(evals):
        g, s = _normal(f.flint(ctx))
        index.setdefault(str(g), (k, s))
    (a0, a1), (b0, b1) = box
    centre = ((a0 + a1) / 2, (b0 + b1) / 2)
    fixed = {k: f.sign(*centre) for k, f in enumerate(evals) if not vanishing[k]}
    memo: dict[Any, Factored | None] = {}
    out: dict[SupportProfile, Reach] = {}
    for sup, sides in conditions.items():
        check_deadline(deadline)
        if any(kind == "segment" for side in sides for kind, _, _ in side):
            continue
        raw = [[(kind, _factored(p, ctx, index, memo),
                 None if q is None else _factored(q, ctx, index, memo))
                for kind, p, q in side] for side in sides]
        if any(fp is None or (kind != "zero" and fq is None)
               for side in raw for kind, fp, fq in side):
            continue
        facts: Sides = tuple(tuple((kind, fp, fq) for kind, fp, fq in side
                                   if fp is not None) for side in raw)
        mine = sorted({k for side in facts for _, fp, fq in side for f in (fp, fq)
                       if f is not None for k, _ in f[1]} | set(by_support[sup]))
        moving = [k for k in mine if vanishing[k]]
        out[sup] = Reach(frozenset(_touching(evals, syms, box, moving, fixed, facts,
                                             deadline)), tuple(mine), facts)
    return out


def _touching(evals: Sequence[_Poly], syms: tuple[Any, ...], box: Box, moving: list[int],
              fixed: Mapping[int, int], facts: Sides, deadline: float | None) -> set[int]:
    """The polynomials of `moving` that are zero on a cell of their decomposition
    inside W_S (`_within`: where the profile's equilibria and their limits lie)."""
    from .plane_cells import _sign_classes
    classes = _sign_classes([evals[k] for k in moving], syms, box, deadline, signs_only=True)
    pos = {k: n for n, k in enumerate(moving)}
    hit: set[int] = set()
    for signs in classes:
        def sign(k: int, signs: tuple[int, ...] = signs) -> int:
            return signs[pos[k]] if k in pos else fixed[k]
        if _in_reach(facts, sign):
            hit.update(k for k in moving if signs[pos[k]] == 0)
    return hit


def _in_reach(facts: Sides, sign: Callable[[int], int]) -> bool:
    """Is a point in W_S, given each polynomial's sign there?"""
    def of(f: Factored) -> int:
        s = f[0]
        for k, e in f[1]:
            s *= sign(k) ** e
        return s
    return all(_within([(kind, of(fp), None if fq is None else of(fq))
                        for kind, fp, fq in side]) for side in facts)


def _within(side: list[tuple[str, int, int | None]]) -> bool:
    """Is a point with these condition signs (one side of a profile) in W_S? Where
    the side's determinant D is not zero: every condition holds weakly. Where it is:
    every numerator is zero as well (the profile's equilibria have y_j = N_j / D in
    [0, 1] and a bounded value, so near D = 0 their numerators tend to 0; at D = 0
    a solution of the singular system zeroes every Cramer numerator). An
    overdetermined side: every maximal minor zero."""
    for kind, p, q in side:
        if kind == "zero":
            if p != 0:
                return False
            continue
        assert q is not None
        if q == 0:
            if p != 0:
                return False
        elif (kind == "ge" and p * q < 0) or (kind == "le" and p * q > 0):
            return False
    return True


def _normal(g: Any) -> tuple[Any, int]:
    """A nonzero integer polynomial as (primitive part with a positive leading
    coefficient, the sign it was multiplied by)."""
    c = g.content()
    if c != 1:
        g = g / c                     # exact: c divides every coefficient
    if g.leading_coefficient() < 0:
        return -g, -1
    return g, 1


def _factored(p: Any, ctx: Any, index: Mapping[str, tuple[int, int]],
              memo: dict[Any, Factored | None]) -> Factored | None:
    """A condition polynomial (sympy's ring Q[a, b]) as its constant's sign and its
    factors' indices with powers; None when a factor is not one of `index`'s."""
    if p in memo:
        return memo[p]
    import math
    terms = {(int(m[0]), int(m[1])): Fraction(int(c.numerator), int(c.denominator))
             for m, c in p.terms()}
    if not terms:
        memo[p] = (0, [])
        return memo[p]
    den = 1
    for c in terms.values():
        den = den * c.denominator // math.gcd(den, c.denominator)
    g = ctx.from_dict({m: int(c * den) for m, c in terms.items()})
    const, facs = g.factor()
    sign = 1 if const > 0 else -1
    out: list[tuple[int, int]] = []
    for f, e in facs:
        h, s = _normal(f)
        if h.is_constant():
            sign *= (1 if h.leading_coefficient() * s > 0 else -1) ** int(e)
            continue
        got = index.get(str(h))
        if got is None:
            memo[p] = None
            return None
        k, s2 = got
        sign *= (s * s2) ** int(e)
        out.append((k, int(e)))
    memo[p] = (sign, out)
    return memo[p]
