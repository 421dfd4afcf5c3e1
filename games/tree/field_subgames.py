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
  under the profile;
- with three or more players choosing: the N-player support enumeration over K
  (region_nplayer.field_n_players_of, the normal form's), each equilibrium then
  written back in K; one that lies outside K (a quadratic over K, say) is refused
  (`Refused`), as is whatever region_nplayer refuses;
- a continuum: two extreme equilibria differing in one player's strategy only (the
  segment between them is all equilibria; for two players every continuum has such
  a pair).

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
from ..solvers.pure import pure_equilibrium_profiles
from .field_spe import in_field
from .induction import LocalSolution
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
        return pure_equilibrium_profiles(P)   # exact comparisons in K, elementwise

    def solve(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
              ) -> LocalSolution:
        """Every extreme equilibrium of the local game, exactly in K (Refused otherwise)."""
        return LocalSolution(*self._extremes(tree, form, root, stops))

    def _extremes(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
                  ) -> tuple[list[FieldLocalEquilibrium], bool]:
        P = self.payoffs(tree, form, root, stops)
        shape = form.shape
        active = [i for i, k in enumerate(shape) if k > 1]
        if len(active) > 2:
            return self._n_players(P)
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

    def _n_players(self, P: np.ndarray) -> tuple[list[FieldLocalEquilibrium], bool]:
        """A local game in which three or more players choose: the N-player support
        enumeration over K (region_nplayer.py), each equilibrium then written in K
        (Refused when one lies outside it: it cannot be carried up exactly here)."""
        from ..sensitivity.region_nplayer import field_n_players_of
        flat = np.empty(P.shape, dtype=object)
        for idx in np.ndindex(*P.shape):
            flat[idx] = self._element(P[idx])
        out = []
        for e in field_n_players_of(self.K, flat):
            rows = tuple(tuple(self._from_exact(p) for p in row) for row in e.profile)
            out.append(_equilibrium(P, rows, _pure(rows)))
        return out, _continuum([eq.profile for eq in out])

    def _from_exact(self, v: Exact) -> Exact:
        """An exact number (Fraction, radical, CRootOf) as the tree's number of K."""
        from ..numbers import is_rational, to_fraction
        from ..sensitivity.region_algebraic import element_of
        if is_rational(v):
            return to_fraction(v)
        x = None if self.K.root is None else element_of(self.K, self.K.exact(self.K.gen()), v)
        if x is None:
            raise Refused("an equilibrium of a subgame with information sets lies outside "
                          "the point's number field: not carried up exactly")
        return self._number(x)

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


def _continuum(profiles: Sequence[Sequence[Sequence[object]]]) -> bool:
    """Two extreme equilibria differing in exactly one player's strategy: the
    segment between them consists of equilibria (the others' payoffs are linear in
    that player's mixture, its own best replies fixed), a continuum. For two players
    every continuum has such a pair (a product of faces); with more, a curved one
    may not, and then goes unnoted."""
    for p, q in itertools.combinations(profiles, 2):
        if sum(list(x) != list(y) for x, y in zip(p, q)) == 1:
            return True
    return False
