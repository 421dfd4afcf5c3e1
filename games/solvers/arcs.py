"""Which endpoints of a curved set of equilibria lie on one connected arc.

A one-dimensional piece (continua.py) whose equations are not linear can fall apart
inside the box of probabilities: the hyperbola (q - 1/2)(r - 1/2) = 1/100 meets the
unit square in two arcs, and the four endpoints are two components, not one. This
module settles the common case exactly, the one indifference conditions of three
players with two strategies each produce: after the variables that linear equations
fix, one equation

    alpha + beta x + gamma y + delta x y = 0      (delta != 0, alpha delta != beta gamma)

in two free probabilities x and y, with bounds on x and y alone. That curve is a
hyperbola whose two branches lie on either side of x = -gamma/delta, and on each
branch y is a monotone function of x; a monotone graph cut by bounds on x and on y is
one interval of x, so each branch's part in the box is connected (and is not empty
exactly when it has endpoints: a branch is unbounded, so it leaves the box). The
endpoints are grouped by the sign of delta x + gamma, and that sign is the inequality
that describes each arc. Any other curved piece is left undecided (None): the caller
says so.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..numbers import SymExpr

if TYPE_CHECKING:
    from .continua import Piece

RingPoly = Any              # a sympy PolyElement over QQ


def _terms(p: RingPoly, fixed: dict[int, Fraction]) -> dict[tuple[int, ...], Fraction]:
    """The polynomial's terms with the fixed variables substituted (exact)."""
    out: dict[tuple[int, ...], Fraction] = {}
    for monom, c in p.terms():
        coeff = Fraction(int(c.numerator), int(c.denominator))
        rest = list(monom)
        for k, v in fixed.items():
            coeff *= v ** monom[k]
            rest[k] = 0
        key = tuple(rest)
        out[key] = out.get(key, Fraction(0)) + coeff
    return {m: c for m, c in out.items() if c}


def _variables(terms: dict[tuple[int, ...], Fraction]) -> set[int]:
    return {k for m in terms for k, e in enumerate(m) if e}


def _fixed_values(G: Sequence[RingPoly]) -> dict[int, Fraction]:
    """Variables that an equation of the form a*x + b fixes."""
    fixed: dict[int, Fraction] = {}
    for g in G:
        t = _terms(g, {})
        vs = _variables(t)
        if len(vs) == 1 and max(sum(m) for m in t) == 1:
            (k,) = vs
            unit = tuple(1 if i == k else 0 for i in range(len(next(iter(t)))))
            zero = tuple(0 for _ in unit)
            fixed[k] = -t.get(zero, Fraction(0)) / t[unit]
    return fixed


def arcs(G: Sequence[RingPoly], bounds: Sequence[RingPoly], points: Sequence[Sequence[object]],
         symbols: Sequence[SymExpr]) -> tuple[tuple[tuple[int, ...], str | None], ...] | None:
    """The endpoints (indices into `points`) grouped by connected arc, each group with
    the inequality text (`expr >= 0`, in `symbols`) that picks its arc (None when the
    piece is one arc); None when the piece is not of the kind settled here."""
    if not G or not points:
        return None
    nvars = len(points[0])
    fixed = _fixed_values(G)
    rest = [t for t in (_terms(g, fixed) for g in G) if t]
    free = [k for k in range(nvars) if k not in fixed]
    if len(free) != 2 or len(rest) != len(G) - len(fixed) or len(rest) != 1:
        return None
    x, y = free
    curve = rest[0]
    shape = {(m[x], m[y]) for m in curve}
    if not shape <= {(0, 0), (1, 0), (0, 1), (1, 1)} or (1, 1) not in shape:
        return None

    def coeff(ex: int, ey: int) -> Fraction:
        return next((c for m, c in curve.items() if (m[x], m[y]) == (ex, ey)), Fraction(0))
    alpha, beta, gamma, delta = coeff(0, 0), coeff(1, 0), coeff(0, 1), coeff(1, 1)
    if alpha * delta == beta * gamma:
        return None                 # two crossing lines: not settled here
    for b in bounds:
        t = _terms(b, fixed)
        if len(_variables(t)) > 1 or (t and max(sum(m) for m in t) > 1):
            return None
    from sympy.polys.domains import QQ

    from .algebraic import exact_sign
    from .zero_dim import evaluate_at
    ring = G[0].ring
    h = ring.gens[x] * QQ(delta.numerator, delta.denominator) + \
        QQ(gamma.numerator, gamma.denominator)
    groups: dict[int, list[int]] = {}
    for n, pt in enumerate(points):
        s = exact_sign(evaluate_at(h, pt))
        if s == 0:
            return None
        groups.setdefault(s, []).append(n)
    if len(groups) == 1:
        return ((tuple(range(len(points))), None),)
    import sympy
    return tuple((tuple(idx), sympy.sstr((s * h).as_expr(*symbols)))
                 for s, idx in sorted(groups.items()))


def by_arc(piece: Piece, groups: Sequence[tuple[tuple[int, ...], str | None]],
           key_of: dict[int, tuple]) -> list[tuple[Piece, list[tuple]]]:
    """One (piece, endpoint keys) entry per arc: the piece with the arc's inequality
    added (continua.Piece), and the keys of its endpoints (`key_of`: endpoint index ->
    key, for the endpoints that passed the exact check)."""
    import dataclasses
    out = []
    for idx, extra in groups:
        arc = dataclasses.replace(piece, inequalities=piece.inequalities + (extra,)) \
            if extra else piece
        out.append((arc, [key_of[n] for n in idx if n in key_of]))
    return out
