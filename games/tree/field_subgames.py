"""The local games of a tree's subgames with information sets, solved at a point
whose coordinates are irrational.

Backward induction (induction.py) cuts a subgame with information sets at its
largest proper subgames and solves the remaining local game, its inner subgames
replaced by their equilibrium values, through its reduced strategic form. At a point
of a region map whose coordinates lie in a number field K = Q(theta), every payoff,
chance probability and continuation value is an element of K (a Fraction or a
games.solvers.algebraic `FieldElement`: field_spe.in_field), and so
is the reduced form (summed profile by profile: reduced.reduced_payoffs). Here it is
solved in K:

- pure equilibria: each profile compared with every own deviation, exact signs in K;
- every extreme equilibrium, for a local game in which at most two players have more
  than one plan: the vertex pairs of the two best-response polytopes, each vertex one
  square system solved by exact elimination in K and each equilibrium checked
  directly (region_algebraic.field_bimatrix, the normal form's irrational cells'
  solver). The players with one plan ride along; their payoffs are the expectations
  under the profile. A local game in which three or more players choose is refused
  (`Refused`): its equilibria may lie outside K;
- a continuum: two extreme equilibria sharing one player's strategy (then the
  segment between them is all equilibria, and conversely every continuum of a
  bimatrix game is a union of such products of faces).

python-flint is imported inside functions (through region_algebraic).
"""
from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ..numbers import Exact
from ..payoffs import dense_mixtures, mixture_value, strategy_values
from ..sensitivity.region_algebraic import Field, Refused, field_bimatrix
from ..solvers.algebraic import FieldElement
from .field_spe import in_field
from .model import Tree
from .reduced import MAX_CELLS, ReducedForm, Values, reduced_payoffs

if TYPE_CHECKING:
    from flint import fmpq_poly

FIELD_PROFILES = 10_000         # profiles of one local game solved in K, at most


@dataclass(frozen=True)
class FieldLocalEquilibrium:
    """One extreme equilibrium of a local game: probabilities and payoffs in K (or
    Fractions), and its pure profile when it is pure."""

    profile: tuple[tuple[Exact, ...], ...]
    payoffs: tuple[Exact, ...]
    pure_profile: tuple[int, ...] | None


class FieldLocalGames:
    """induction.LocalGames for trees whose numbers are elements of K."""

    def __init__(self, K: Field) -> None:
        self.K = K

    def payoffs(self, tree: Tree, form: ReducedForm, root: int,
                stops: Mapping[int, Values]) -> np.ndarray:
        """The local game's payoff array (players x plans...), entries in K."""
        size = int(np.prod(form.shape))
        if size > FIELD_PROFILES or size * tree.n_players > MAX_CELLS:
            raise Refused(f"a local game of {size:,} profiles, more than the limit of "
                          f"{FIELD_PROFILES:,} at an algebraic point")
        return reduced_payoffs(tree, form, root, stops)

    def pure(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
             ) -> list[tuple[int, ...]]:
        P = self.payoffs(tree, form, root, stops)
        return pure_equilibria(P)

    def solve(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
              ) -> tuple[list[FieldLocalEquilibrium], bool]:
        P = self.payoffs(tree, form, root, stops)
        shape = form.shape
        active = [i for i, k in enumerate(shape) if k > 1]
        if len(active) > 2:
            raise Refused(f"a subgame with information sets in which {len(active)} "
                          "players choose is not solved at points whose coordinates "
                          "are irrational (2 at most)")
        if not active:
            prof = tuple(0 for _ in shape)
            return [_equilibrium(P, tuple((Fraction(1),) for _ in shape), prof)], False
        i = active[0]
        j = active[1] if len(active) > 1 else None
        A, B = self._bimatrix(P, i, j)
        profiles, _ = field_bimatrix(self.K, A, B)
        out = []
        for x, y in profiles:
            rows: list[tuple[Exact, ...]] = [(Fraction(1),) for _ in shape]
            rows[i] = tuple(self._number(c) for c in x)
            if j is not None:
                rows[j] = tuple(self._number(c) for c in y)
            out.append(_equilibrium(P, tuple(rows), _pure(rows)))
        return out, _continuum(profiles)

    def _bimatrix(self, P: np.ndarray, i: int, j: int | None
                  ) -> tuple[list[list[fmpq_poly]], list[list[fmpq_poly]]]:
        """The active players' payoff matrices (rows: player i's plans; columns:
        player j's, or one column when only i chooses) as flint elements of K."""
        index = [0] * (P.ndim - 1)
        m = P.shape[1 + i]
        n = 1 if j is None else P.shape[1 + j]
        A, B = [], []
        for r in range(m):
            rows_a, rows_b = [], []
            for c in range(n):
                index[i] = r
                if j is not None:
                    index[j] = c
                rows_a.append(self._element(P[(i, *index)]))
                rows_b.append(self._element(P[(j, *index)]) if j is not None
                              else self.K.const(0))
            A.append(rows_a)
            B.append(rows_b)
        return A, B

    def _element(self, v: object) -> fmpq_poly:
        """A number of the tree (Fraction or FieldElement of K) in flint form."""
        if isinstance(v, FieldElement):
            import flint
            return flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in v.c])
        assert isinstance(v, (int, Fraction))
        return self.K.const(v)

    def _number(self, x: fmpq_poly) -> Exact:
        """An element of K in flint form as the tree's numbers are (field_spe.in_field)."""
        return in_field(self.K, x)     # type: ignore[return-value]


def pure_equilibria(P: np.ndarray) -> list[tuple[int, ...]]:
    """Every pure equilibrium of the game with payoff array P (exact numbers that
    compare: Fractions, FieldElements): no player has a better own plan."""
    shape = P.shape[1:]
    out = []
    for prof in itertools.product(*(range(k) for k in shape)):
        ok = True
        for i, k in enumerate(shape):
            here = P[(i, *prof)]
            for a in range(k):
                dev = list(prof)
                dev[i] = a
                if P[(i, *dev)] > here:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            out.append(prof)
    return out


def expected_values(P: np.ndarray, profile: Sequence[Sequence[Exact]]
                    ) -> tuple[list[list[Exact]], tuple[Exact, ...]]:
    """Each player's value of each own plan against the others' mixtures, and each
    player's expected payoff under the profile (exact, in the numbers' type)."""
    mixes = dense_mixtures(profile)
    values = [strategy_values(P, i, mixes) for i in range(len(profile))]
    return values, tuple(mixture_value(list(p), v) for p, v in zip(profile, values))


def _equilibrium(P: np.ndarray, profile: tuple[tuple[Exact, ...], ...],
                 pure: tuple[int, ...] | None) -> FieldLocalEquilibrium:
    _, pays = expected_values(P, profile)
    return FieldLocalEquilibrium(profile, pays, pure)


def _pure(rows: Sequence[Sequence[Exact]]) -> tuple[int, ...] | None:
    out = []
    for probs in rows:
        ones = [k for k, p in enumerate(probs) if p == 1]
        if len(ones) != 1:
            return None
        out.append(ones[0])
    return tuple(out)


def _continuum(profiles: Sequence[Sequence[Sequence[fmpq_poly]]]) -> bool:
    """Two extreme equilibria of a bimatrix game sharing one player's strategy and
    not the other's: the segment between them consists of equilibria."""
    for (x1, y1), (x2, y2) in itertools.combinations(profiles, 2):
        if (list(x1) == list(x2)) != (list(y1) == list(y2)):
            return True
    return False
