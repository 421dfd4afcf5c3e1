"""Boundaries through a common flat: at a rational point where the vanishing
boundaries' normals are dependent, the cells around it are still those of their
tangent planes when every one of them contains the same flat through the point.

Let p be rational, Z the boundaries vanishing at p and the box's edges through it,
their normals (gradients at p) spanning a plane N (rank two), nonzero, and no two of
them parallel unless both are linear. V, the orthogonal complement of N, has
dimension n - 2. Suppose every member of Z vanishes identically on the flat p + V
(checked exactly: each boundary restricted to p + sum s_i v_i is the zero polynomial
in s). In coordinates (y, z), y along V and z in N, each member is f(y, z) with
f(y, 0) = 0, so f = z . g(y, z) (Hadamard's lemma) with g(p) = its gradient in N.
For each y near p the zero set of f in the z-plane is a curve through 0 with tangent
perpendicular to g(y, 0), staying in a thin cone around that line; the tangents of
distinct members stay distinct near p, so these curves meet only at 0 and in the
order of their tangents. The cells near p are therefore those of the tangent
hyperplanes (the arrangement through p + V), and a sign pattern is realised exactly
when its direction LP on the normals is feasible: the picture is complete.

Three quadrics of a 2x2x2 game meeting along a line (two of them coincide on the
plane c = 2, where the third vanishes) are the typical case: the normals are
dependent, yet the picture is a product of three lines in a plane with that line.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ..linalg import linear_solve

if TYPE_CHECKING:
    from .robust_contacts import Boundary

__all__ = ["pencil"]


def pencil(bounds: Sequence[Boundary], zero: Sequence[int], normals: Sequence[list[Fraction]],
           point: Sequence[Fraction]) -> bool:
    """Is the picture at the rational `point` that of the tangent hyperplanes by the
    argument of the module's docstring? `normals`: the gradients of bounds[zero] at
    the point, then the inward normals of the box's edges through it."""
    if len(normals) < 3 or any(not any(g) for g in normals):
        return False
    n = len(point)
    sol = linear_solve([[*g, Fraction(0)] for g in normals])
    if sol is None or len(sol[1]) != n - 2:
        return False                    # the normals do not span a plane
    linear = [bounds[j].linear is not None for j in zero] + [True] * (len(normals) - len(zero))
    for (g, lg), (h, lh) in itertools.combinations(zip(normals, linear), 2):
        if not (lg and lh) and _parallel(g, h):
            return False
    flat = sol[1]                       # a basis of V
    return all(bounds[j].linear is not None or _vanishes_on(bounds[j], point, flat)
               for j in zero)


def _parallel(g: Sequence[Fraction], h: Sequence[Fraction]) -> bool:
    return all(a * d == b * c for (a, b), (c, d) in itertools.combinations(zip(g, h), 2))


def _vanishes_on(b: Boundary, point: Sequence[Fraction], basis: Sequence[Sequence[Fraction]]
                 ) -> bool:
    """Is b identically zero on point + span(basis)? (Exact: b restricted there as a
    polynomial in the span's coordinates, python-flint.)"""
    import flint

    from .robust_faces import constant, substituted
    names = tuple(f"_s{i}" for i in range(len(basis)))
    ctx = flint.fmpq_mpoly_ctx.get(names, "lex")
    s = ctx.gens()
    coords = []
    for k, p in enumerate(point):
        c = constant(ctx, p)
        for i, v in enumerate(basis):
            if v[k]:
                c += constant(ctx, v[k]) * s[i]
        coords.append(c)
    return substituted(b, coords, ctx).is_zero()
