"""The curves and candidate values of a tree's local game in which three players
choose at once, each between two plans (spe_critical.py's bottom-up pass, the case
its two-player vertices do not cover).

The local game's payoffs are fixed rational functions of (a, b) (one combination of
inner candidate values, each a vector of Q(a, b)); each player's payoffs are
multiplied by the square of their common denominator (a positive factor: the same
equilibria) to be polynomials. Then:

- the local game's own critical polynomials are the N-player normal form's
  (sensitivity/critical.py `critical_polynomials`: pure deviation differences, every
  support system with at most two players mixing by Cramer's rule, and the one in
  which all three mix by the resultants of sensitivity/multilinear_critical.py);
- its candidate values are, for equilibria in which at most two players mix, the
  payoffs of every pure profile and of every vertex pair of each 2x2 game that
  fixing one chooser's plan leaves (spe_critical's vertices: their polynomials join
  the curves), rational functions; and one `Mixed` standing for the equilibria in
  which all three mix, whose payoffs are algebraic: (u, v, w) =
  (-A2/B2, -A1/B1, w) at the roots w of the quadratic h (multilinear_critical.py);
- a comparison of a `Mixed` payoff E_k with a rational option c = p/q above the
  subgame (a decision of perfect information whose mover is k) is the gap
  q E_k - p, multilinear in the probabilities: its resultant with h in w (after u
  and v are eliminated as for an outside strategy's gap) joins the curves
  (`resultants`, at the end of the pass, when every option above is known).

Why these curves bound the changes: on a connected set where none of them vanishes,
the multilinear argument (its docstring) makes the fully mixed equilibria finitely
many, each moving continuously with (a, b), and no gap q E_k - p vanishes at any of
them (the resultant would), so each comparison with an option above keeps its sign;
the equilibria in which at most two mix are vertex pairs whose polynomials keep
their signs (spe_critical's claim) and whose payoffs, rational functions, differ
from the options above by polynomials of the curves. Backward induction above the
subgame only compares these payoffs with options, so its choices keep theirs.

Limits (TooComplex, the map then stays marked incomplete): more than one local game
at the subgame (inner subgames with several candidate values), a chooser that also
moves outside the local game (where its own earlier play can hide its behaviour in
the local game, Kuhn's map could merge two equilibria: not followed), a player with
more than two plans, four or more choosers, the elimination not applying (a
chooser's indifference free of another's probability), and a `Mixed` candidate met
by anything but a decision of perfect information against rational options (a
chance node, a local game, another `Mixed` candidate above).

sympy and python-flint are imported inside functions.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import Tree
from .reduced import ReducedForm
from .spe_critical import _pair_values

if TYPE_CHECKING:
    from sympy.polys.fields import FracElement, FracField

    from ..numbers import SymExpr

Vertices = Callable[[list[list["FracElement"]]],
                    list[tuple[tuple["FracElement", ...], "FracElement"]]]


class Unsupported(Exception):
    """The three-chooser local game is outside this module's case (the message says
    why)."""


@dataclass(frozen=True)
class Mixed:
    """The fully mixed equilibria of the three-chooser local game number `system`:
    a candidate value standing for all of them (payoffs algebraic in a, b)."""

    system: int
    where: str


@dataclass(frozen=True)
class System:
    """A three-chooser local game as polynomial payoffs: the ring R = Q[params], the
    array F (players x plans...), the all-mixing support, and each player's scale
    (the squared common denominator its payoffs were multiplied by, an element of
    the field)."""

    R: Any
    F: np.ndarray
    support: tuple[tuple[int, ...], ...]
    scale: tuple[Any, ...]


def applies(tree: Tree, form: ReducedForm, active: Sequence[int], combos: int) -> str:
    """Why the three-chooser case does not apply here ('' when it does)."""
    if len(active) != 3:
        return "four or more players choose at once"
    if any(form.shape[i] != 2 for i in active):
        return "a player choosing with two others has more than two plans"
    if combos != 1:
        return "the inner subgames have several candidate values"
    for i in active:
        if set(tree.player_infosets(i)) != set(form.infosets[i]):
            return "a player choosing with two others also moves outside that subgame"
    return ""


def local_game(P: np.ndarray, active: Sequence[int], K: FracField,
               symbols: Sequence[SymExpr], vertices: Vertices,
               add: Callable[[FracElement], None], where: str, number: int
               ) -> tuple[list[tuple[FracElement, ...] | Mixed], System]:
    """The candidate values (vectors of K, then one `Mixed`) of the local game P
    (payoffs in K), its critical polynomials sent to `add` (sympy expressions, as
    K elements), and the game as a `System` for the comparisons above."""
    from ..sensitivity.critical import NotRational, TooComplex, critical_polynomials
    from ..sensitivity.domain_critical import ring_payoffs
    n = P.shape[0]
    scale = []
    U = np.empty(P.shape, dtype=object)
    for k in range(n):
        common = K(1)
        for e in P[k].flat:
            common = K(common.numer.lcm(e.denom))
        scale.append(common * common)
        for idx in np.ndindex(*P.shape[1:]):
            U[(k, *idx)] = (P[(k, *idx)] * common * common).as_expr()
    try:
        found, _, _ = critical_polynomials(U, list(symbols))
        ring = ring_payoffs(U, list(symbols))
    except (NotRational, TooComplex) as exc:
        raise Unsupported(f"the local game at {where}: {exc}") from None
    if ring is None:
        raise Unsupported(f"the local game at {where} is not polynomial after scaling")
    for f in found:
        add(K.from_expr(f))
    values = [tuple(P[(k, *prof)] for k in range(n))
              for prof in np.ndindex(*P.shape[1:])]
    for fixed in active:
        i, j = (p for p in active if p != fixed)
        for s in range(2):
            values.extend(_face_values(P, i, j, fixed, s, vertices, K))
    support = tuple((0, 1) if k in active else (0,) for k in range(n))
    R, F = ring
    return [*dict.fromkeys(values), Mixed(number, where)], System(R, F, support,
                                                                   tuple(scale))


def _face_values(P: np.ndarray, i: int, j: int, fixed: int, s: int,
                 vertices: Vertices, K: FracField) -> list[tuple[FracElement, ...]]:
    """The payoffs of every vertex pair of the 2x2 game of players i (rows) and j
    (columns) when `fixed` plays its plan s (the others their one plan)."""
    n = P.shape[0]

    def matrix(k: int) -> list[list[Any]]:
        return [[P[(k, *_at(n, {i: r, j: c, fixed: s}))] for c in range(2)]
                for r in range(2)]
    xs = vertices(matrix(j))
    ys = vertices([list(col) for col in zip(*matrix(i))])
    return _pair_values(xs, ys, i, j, n, matrix, K(0))


def resultants(system: System, against: Sequence[tuple[int, FracElement]], K: FracField,
               add: Callable[[FracElement], None], where: str) -> None:
    """The curves where a fully mixed equilibrium's payoff to player k equals an
    option c above (pairs (k, c), c in K), sent to `add`."""
    from ..sensitivity.multilinear_critical import payoff_resultants
    R = system.R
    triples = []
    for k, c in dict.fromkeys(against):
        scaled = c * system.scale[k]
        triples.append((k, R.from_expr(scaled.numer.as_expr()),
                        R.from_expr(scaled.denom.as_expr())))
        add(K(c.denom))
    found = None
    active = [k for k, sup in enumerate(system.support) if len(sup) > 1]
    for order in itertools.permutations(active):     # the first that eliminates
        perm = _permutation(len(system.support), active, order)
        F = np.transpose(system.F[list(perm)], (0, *(1 + k for k in perm)))
        found = payoff_resultants(R, F, [system.support[k] for k in perm],
                                  [(perm.index(k), p, q) for k, p, q in triples])
        if found is not None:
            break
    if found is None:
        raise Unsupported(f"the fully mixed equilibria of the subgame at {where} are not "
                          "eliminated by resultants (a chooser's indifference is free of "
                          "another's probability)")
    for f in found:
        add(K.from_expr(f.as_expr()))


def _permutation(n: int, active: Sequence[int], order: Sequence[int]) -> list[int]:
    """Player positions with the choosers taken in `order` (the roles P, Q, S of
    multilinear_critical.py), the others in place."""
    out = list(range(n))
    for slot, k in zip(sorted(active), order):
        out[slot] = k
    return out


def _at(n: int, at: dict[int, int]) -> list[int]:
    return [at.get(k, 0) for k in range(n)]
