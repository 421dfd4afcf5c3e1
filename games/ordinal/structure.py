"""Cardinal-dependent conclusions of a ranked game: is the equilibrium structure (the
set of supports of its Nash equilibria) the same for every cardinal reading of the
ranks, and if not, which structures occur and how often.

Readings are drawn uniformly from the order polytope (`polytope`); each draw is made
exact (small-denominator Fractions that keep the order) and solved by the engine's exact
solver, so every structure counted was computed exactly; shares carry a Wilson 95%
interval. The first draw of each structure is its witness game, simplified when a
simpler reading gives the same structure, and re-solved.

Certificates (proofs, not samples):
- invariance: the ranks are dominance-solvable by pure strategies (one profile survives
  iterated strict dominance, which is ordinal, so it is the unique equilibrium of every
  reading); or the game is 2x2 and no player is ever indifferent between its two
  strategies (then its equilibria are fixed by its best replies: a dominant strategy
  gives one pure equilibrium; otherwise the indifference conditions have their unique
  solution strictly inside (0, 1) for every reading, since the payoff differences keep
  their signs);
- invariance, more generally: strategies beaten by some mixture in every reading (an
  exact LP over the vertices of the order polytope, `certificates`) are removed, and
  what is left is one profile or such a 2x2 game;
- impossibility of a support profile: some strategy in it is beaten, in every reading,
  by a pure strategy or a mixture of the same player against every profile of the
  others' supports, so it is never a best reply to a mixture over them.
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..equilibrium import EquilibriumSet
from ..model import Game
from ..sensitivity.tally import wilson
from .conclusions import Fact, FactShare, facts_of, open_dominance_questions
from .invariant import iterated_strict
from .polytope import Reading, apply_reading, draw_readings, exact_reading, in_polytope
from .ranks import rank_levels

Support = tuple[tuple[int, ...], ...]
StructureKey = tuple[Support, ...]
Solver = Callable[[Game], EquilibriumSet]


@dataclass(frozen=True)
class Structure:
    """One equilibrium structure met among the cardinal readings."""

    supports: StructureKey
    count: int
    share: float
    low: float
    high: float
    witness: np.ndarray                 # exact cardinal payoffs (n_players, *shape)
    witness_equilibria: EquilibriumSet  # the engine's solution of the witness (verified)


@dataclass(frozen=True)
class ImpossibleSupport:
    """A support profile no cardinal reading can make an equilibrium support, and why."""

    supports: Support
    player: int
    strategy: int
    beaten_by: tuple[tuple[int, Fraction], ...]     # the pure strategy or mixture


@dataclass(frozen=True)
class CardinalAnalysis:
    """Whether the equilibrium structure depends on the cardinal reading of the ranks."""

    samples: int
    seed: int | None
    structures: tuple[Structure, ...]
    certificate: str | None              # why the structure is proven invariant
    impossible: tuple[ImpossibleSupport, ...]
    candidates: int                      # support profiles considered for impossibility
    facts: tuple[FactShare, ...] = ()    # other cardinal-dependent conclusions

    @property
    def invariant(self) -> bool:
        """One structure in every draw (proven when `certificate` is set)."""
        return len(self.structures) == 1


def structure_of(eqs: EquilibriumSet) -> StructureKey:
    """The set of supports of a solved game's equilibria, sorted."""
    return tuple(sorted({e.support for e in eqs.equilibria}))


def cardinal_analysis(game: Game, samples: int = 1000, seed: int | None = 0,
                      budget: float | None = 60.0, *, solver: Solver) -> CardinalAnalysis:
    """Sample the order polytope of `game`'s ranks (game.payoffs are the ranks) and
    report each equilibrium structure met, with witnesses and certificates; `solver`
    finds every equilibrium of a reading exactly (the caller's: this package does not
    pick one)."""
    solve = solver
    ranks = game.payoffs
    certificate = invariance_certificate(ranks)
    rng = np.random.default_rng(seed)
    arrays = draw_readings(rank_levels(ranks), samples, rng)
    start = time.perf_counter()
    counts: dict[StructureKey, int] = {}
    first: dict[StructureKey, Reading] = {}
    fact_counts: dict[Fact, int] = {}
    questions = open_dominance_questions(ranks)
    done = 0
    for k in range(samples):
        if budget is not None and done and time.perf_counter() - start > budget:
            break
        reading = exact_reading([a[k] for a in arrays])
        drawn = _game(game, apply_reading(ranks, reading))
        eqs = solve(drawn)
        key = structure_of(eqs)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, reading)
        for fact in facts_of(drawn, eqs, questions):
            fact_counts[fact] = fact_counts.get(fact, 0) + 1
        done += 1
    structures = [_structure(game, key, c, done, first[key], solve)
                  for key, c in counts.items()]
    structures.sort(key=lambda s: (-s.count, s.supports))
    impossible, candidates = impossible_supports(ranks)
    facts = tuple(FactShare(f, c, c / done, *wilson(c, done))
                  for f, c in sorted(fact_counts.items(), key=lambda fc: (-fc[1], fc[0])))
    return CardinalAnalysis(done, seed, tuple(structures),
                            certificate if len(structures) == 1 else None,
                            tuple(impossible), candidates, facts)


def _game(game: Game, payoffs: np.ndarray) -> Game:
    return Game(game.players, payoffs, title=game.title)


def _structure(game: Game, key: StructureKey, count: int, n: int, reading: Reading,
               solve: Solver) -> Structure:
    """A structure with its share and a witness: the simplest reading found that gives
    the same structure (a drawn one at worst), solved again by the engine."""
    witness = apply_reading(game.payoffs, reading)
    for simple in simpler_readings(reading):
        cand = apply_reading(game.payoffs, simple)
        if in_polytope(game.payoffs, cand) and structure_of(solve(_game(game, cand))) == key:
            witness = cand
            break
    eqs = solve(_game(game, witness))
    if structure_of(eqs) != key:
        raise AssertionError("internal error: a witness does not reproduce its structure")
    low, high = wilson(count, n)
    return Structure(key, count, count / n, low, high, witness, eqs)


def simpler_readings(reading: Reading) -> list[Reading]:
    """Readings that may give the same structure with simpler numbers: equally spaced
    values (the ranks themselves, rescaled), then each value replaced by the simplest
    fraction nearer to it than to its neighbours (which keeps the order)."""
    even = tuple(tuple(Fraction(j, len(v) - 1) if len(v) > 1 else Fraction(0)
                       for j in range(len(v))) for v in reading)
    out = [even, tuple(_simplest_between_neighbours(v) for v in reading)]
    for limit in (10, 30, 100):
        rounded = tuple(tuple(x.limit_denominator(limit) for x in v) for v in reading)
        if all(all(a < b for a, b in itertools.pairwise(v)) for v in rounded):
            out.append(rounded)
    return out


def _simplest_between_neighbours(values: Sequence[Fraction]) -> tuple[Fraction, ...]:
    from ..sensitivity.roots import simplest_in
    out = list(values)
    for j in range(1, len(values) - 1):
        lo = (values[j - 1] + values[j]) / 2
        hi = (values[j] + values[j + 1]) / 2
        span = (hi - lo) / 8
        out[j] = simplest_in(lo + span, hi - span)
    return tuple(out)


def invariance_certificate(ranks: np.ndarray) -> str | None:
    """A proof that every cardinal reading has the same equilibrium structure, or None.

    Strategies beaten in every reading (`certificates.iterated_robust`, an exact LP over
    the polytope's vertices) are in no equilibrium of any reading, and removing them
    keeps every equilibrium; what is left must then have a fixed structure."""
    from .certificates import iterated_robust
    if all(len(s) == 1 for s in iterated_strict(ranks)):
        return ("iterated elimination of strategies strictly dominated by pure strategies "
                "(an ordinal test) leaves one profile, the unique equilibrium of every "
                "cardinal reading")
    alive, steps = iterated_robust(ranks)
    removed = (f"after removing {len(steps)} strateg{'y' if len(steps) == 1 else 'ies'} "
               "that a mixture beats in every cardinal reading (exact LP over the vertices "
               "of the order polytope), ") if steps else ""
    if all(len(a) == 1 for a in alive):
        return removed + "one profile is left: the unique equilibrium of every reading"
    reduced = np.stack([ranks[i][np.ix_(*alive)] for i in range(ranks.shape[0])])
    if reduced.shape == (2, 2, 2) and _no_indifference_2x2(reduced):
        return (removed + "a 2x2 game is left in which no player is ever indifferent "
                "between its two strategies: its best replies, which are ordinal, fix its "
                "equilibria (a mixed equilibrium, when there is one, solves indifference "
                "equations whose coefficients keep their signs in every reading)")
    return None


def _no_indifference_2x2(ranks: np.ndarray) -> bool:
    a, b = ranks[0], ranks[1]
    return all(a[0, j] != a[1, j] for j in range(2)) and all(b[i, 0] != b[i, 1]
                                                             for i in range(2))


MAX_SUPPORT_PROFILES = 1024     # beyond this many, impossibility is not examined


def impossible_supports(ranks: np.ndarray) -> tuple[list[ImpossibleSupport], int]:
    """Support profiles ruled out in every reading (see `_ruled_out`), and how many
    support profiles were examined (0 when there are more than MAX_SUPPORT_PROFILES)."""
    n = ranks.shape[0]
    subsets = [[c for r in range(1, k + 1) for c in itertools.combinations(range(k), r)]
               for k in ranks.shape[1:]]
    if np.prod([len(x) for x in subsets]) > MAX_SUPPORT_PROFILES:
        return [], 0
    out, total = [], 0
    for support in itertools.product(*subsets):
        total += 1
        reason = _ruled_out(ranks, support, n)
        if reason is not None:
            out.append(ImpossibleSupport(tuple(support), *reason))
    return out, total


def _ruled_out(ranks: np.ndarray, support: Support, n: int
               ) -> tuple[int, int, tuple[tuple[int, Fraction], ...]] | None:
    """(player, strategy, the beating pure strategy or mixture) when a strategy of the
    support is beaten in every reading, by a pure strategy or a mixture, against every
    profile of the others' supports."""
    from .certificates import robust_dominator
    for i in range(n):
        alive = [list(s) if j != i else list(range(ranks.shape[1 + i]))
                 for j, s in enumerate(support)]
        for s in support[i]:
            d = robust_dominator(ranks, i, s, alive)
            if d is not None:
                return i, s, d.by
    return None
