"""The normal-form game: players, strategies and exact payoff arrays.

A `Game` owns its players (each with named strategies) and one exact payoff
array per player, indexed by pure-strategy profile: `game.payoffs[i][s1, ..., sn]`
is player i's payoff (a `Fraction`). `game.float_payoffs` is a numpy float view for
fast numeric passes; results from it are always rebuilt and checked exactly.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Iterator, Sequence

import numpy as np

from .limits import SENSITIVITY_STEPS
from .numbers import ZERO, Exact
from .payoffs import dense_mixtures, mixture_value, strategy_values

if TYPE_CHECKING:       # types only: the modules below import this one
    from numpy.typing import ArrayLike

    from .analysis import Analysis
    from .sensitivity.compare import Comparison
    from .sensitivity.montecarlo import MonteCarloResult
    from .sensitivity.region_map import RegionMap
    from .sensitivity.sweep import SweepResult
    from .equilibrium import EquilibriumSet
    from .scenario.model import Scenario
    from .sensitivity.thresholds import ParameterSensitivity
    from .solvers.dominance import DominanceReport
    from .tree.model import Tree


@dataclass(frozen=True)
class Strategy:
    """A pure strategy: its name and an optional description in the scenario's words."""

    name: str
    description: str = ""


@dataclass(frozen=True)
class Player:
    """A player and its ordered pure strategies."""

    name: str
    strategies: tuple[Strategy, ...]

    @property
    def strategy_names(self) -> list[str]:
        return [s.name for s in self.strategies]

    def index(self, strategy: str) -> int:
        """Position of a strategy by name (ValueError for an unknown one)."""
        try:
            return self.positions[strategy]
        except KeyError:
            raise ValueError(f"{strategy!r} is not a strategy of {self.name!r}") from None

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each strategy's position by name, built once: a player may have tens of
        thousands of strategies, and a file names them over and over."""
        out: dict[str, int] = {}
        for j, s in enumerate(self.strategies):
            out.setdefault(s.name, j)
        return out


@dataclass(frozen=True)
class Parameter:
    """A named payoff assumption: its value, optional sensitivity range and distribution."""

    name: str
    value: Fraction
    range: tuple[Fraction, Fraction] | None = None
    description: str = ""
    distribution: str = "uniform"      # uniform | triangular | normal
    mode: Fraction | None = None        # triangular peak (defaults to value)
    sd: Fraction | None = None          # normal standard deviation

    def bounds(self) -> tuple[Fraction, Fraction]:
        """The range, for a parameter the caller knows has one (ValueError otherwise)."""
        if self.range is None:
            raise ValueError(f"parameter '{self.name}' has no range")
        return self.range


Profile = tuple[int, ...]                           # one pure strategy index per player
MixedProfile = tuple[tuple[Exact, ...], ...]        # one probability vector per player


class Game:
    """An N-player normal-form game with exact payoffs.

    `payoffs` is a numpy object array of shape (n_players, *shape) of Fractions.
    """

    def __init__(self, players: Sequence[Player], payoffs: ArrayLike, title: str = "",
                 description: str = "", parameters: dict[str, Parameter] | None = None,
                 values: dict[str, Fraction] | None = None) -> None:
        self.players: tuple[Player, ...] = tuple(players)
        shape = (len(self.players), *self.shape)
        src = np.asarray(payoffs, dtype=object)
        if src.shape != shape:
            raise ValueError(f"payoff array has shape {src.shape}, expected {shape}")
        flat = src.ravel().tolist()     # one pass over a flat list: indexing cell by
        if all(type(v) is Fraction for v in flat):      # cell took 2.8 s for 500,000
            arr = src.copy()                            # payoffs; exact ones are copied
        else:
            arr = np.fromiter((v if type(v) is Fraction else Fraction(v) for v in flat),
                              dtype=object, count=len(flat)).reshape(shape)
        arr.flags.writeable = False
        self.payoffs = arr
        self.title = title
        self.description = description
        self.parameters: dict[str, Parameter] = dict(parameters or {})
        self.values: dict[str, Fraction] = dict(values or {})
        self.scenario: Scenario | None = None   # the Scenario this game came from, if any
        self.tree: Tree | None = None           # the exact game tree, for a tree's reduced form

    @classmethod
    def from_integers(cls, players: Sequence[Player], payoffs: np.ndarray, title: str = "",
                      description: str = "") -> "Game":
        """The game whose payoffs are the int64 array `payoffs` (shape (n_players,
        *shape)): each distinct value made a Fraction once, and the integers kept as
        the game's `comparable_payoffs` (a file of 500,000 integers is read in a second)."""
        values, where = np.unique(payoffs, return_inverse=True)
        exact = np.empty(len(values), dtype=object)
        exact[:] = [Fraction(int(v)) for v in values]
        game = cls(players, exact[where.reshape(-1)].reshape(payoffs.shape), title=title,
                   description=description)
        ints = np.array(payoffs, dtype=np.int64)
        ints.flags.writeable = False
        game.__dict__["_scaled_integers"] = (ints, 1)
        return game

    # -- shape ---------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.strategies) for p in self.players)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def player_names(self) -> list[str]:
        return [p.name for p in self.players]

    def profiles(self) -> Iterator[Profile]:
        """Every pure-strategy profile, the last player's strategy varying fastest."""
        return itertools.product(*(range(k) for k in self.shape))

    # -- numeric views -------------------------------------------------------
    @cached_property
    def float_payoffs(self) -> np.ndarray:
        """Payoffs as float64, shape (n_players, *shape), for fast numeric passes.

        Files cannot declare payoffs beyond 1e300 (games.limits), but a game built
        through the API can: then every payoff is divided by one power of two so that
        the largest fits (equilibria are unchanged by a positive scale), and the float
        view never overflows."""
        if not self.payoffs.size:
            return np.zeros(self.payoffs.shape)
        if self.float_payoffs_exact:
            return self.comparable_payoffs.astype(np.float64)
        try:
            return np.vectorize(float, otypes=[np.float64])(self.payoffs)
        except OverflowError:
            top = max(abs(Fraction(v).numerator).bit_length() - Fraction(v).denominator.bit_length()
                      for v in self.payoffs.flat)
            scale = Fraction(1, 2 ** (top + 1))
            return np.vectorize(lambda v: float(Fraction(v) * scale),
                                otypes=[np.float64])(self.payoffs)

    @cached_property
    def is_integer(self) -> bool:
        return all(v.denominator == 1 for v in self.payoffs.flat)

    @property
    def comparable_payoffs(self) -> np.ndarray:
        """An array that compares exactly like `payoffs` (the same order and the same
        ties between any two entries), for numpy to sort, compare and take maxima at
        machine speed: int64, every payoff times the common denominator, when that fits;
        else the exact payoffs themselves. (Fraction comparisons took 20 of 36 s on
        five players of ten strategies.)"""
        return self._scaled_integers[0]

    @property
    def float_payoffs_exact(self) -> bool:
        """Whether every payoff is an integer of at most 2**53 in magnitude, so that the
        float view holds the exact payoffs and float comparisons are exact."""
        ints, scale = self._scaled_integers
        return scale == 1 and (not ints.size or -2 ** 53 <= int(ints.min())
                                and int(ints.max()) <= 2 ** 53)

    @cached_property
    def _scaled_integers(self) -> tuple[np.ndarray, int]:
        """The payoffs times their common denominator as int64, and that denominator;
        (the payoffs, 0) when that does not fit in int64."""
        flat = self.payoffs.ravel().tolist()
        common = math.lcm(*{v.denominator for v in flat}) if flat else 1
        if common.bit_length() > 62:
            return self.payoffs, 0
        scaled = (v.numerator for v in flat) if common == 1 else \
            (v.numerator * (common // v.denominator) for v in flat)
        try:
            out = np.fromiter(scaled, dtype=np.int64, count=len(flat))
        except OverflowError:
            return self.payoffs, 0
        out = out.reshape(self.payoffs.shape)
        out.flags.writeable = False
        return out, common

    # -- exact evaluation ----------------------------------------------------
    def payoff(self, player: int, profile: Profile) -> Fraction:
        """Player's exact payoff at a pure profile (ScenarioError for an index out of
        range; the check runs only when plain indexing fails, as this is a hot path)."""
        try:
            value = self.payoffs[(player, *profile)]
        except (TypeError, IndexError, ValueError):
            value = None
        if isinstance(value, np.ndarray) or value is None:
            from .arguments import pure_profile
            i, checked = pure_profile(self, player, profile)
            value = self.payoffs[(i, *checked)]
        return value

    def strategy_values(self, player: int, profile: MixedProfile) -> list[Exact]:
        """Player's exact expected payoff from each of its pure strategies against
        the others' mixed strategies in `profile` (its own entry is ignored): the
        payoff array summed against each other player's support, last axis first.
        A malformed profile raises ScenarioError (checked only when the sum fails)."""
        try:
            return self._strategy_values(player, profile)
        except (TypeError, IndexError, ValueError, AttributeError, SystemError):
            from .arguments import count, mixed_profile
            checked = mixed_profile(self, profile)
            return self._strategy_values(count(player, "player", 0, self.n_players - 1),
                                         checked)

    def _strategy_values(self, player: int, profile: MixedProfile) -> list[Exact]:
        if len(profile) != self.n_players:
            raise ValueError("one probability vector per player")
        return strategy_values(self.payoffs, player, dense_mixtures(profile))

    def expected_payoffs(self, profile: MixedProfile) -> tuple[Exact, ...]:
        """Each player's exact expected payoff under a mixed profile (ScenarioError for a
        malformed one, checked only when the sum fails)."""
        try:
            return self._expected_payoffs(profile)
        except (TypeError, IndexError, ValueError, AttributeError, SystemError):
            from .arguments import mixed_profile
            return self._expected_payoffs(mixed_profile(self, profile))

    def _expected_payoffs(self, profile: MixedProfile) -> tuple[Exact, ...]:
        """Each player's payoff from the values of its own support strategies only (the
        values of the others are never used: computing them made listing thousands of
        equilibria of a 2,000-strategy player quadratic)."""
        if len(profile) != self.n_players:
            raise ValueError("one probability vector per player")
        mixes = dense_mixtures(profile)
        out = []
        for i, mix in enumerate(mixes):
            own = [j for j, _ in mix]
            sub = np.take(self.payoffs, own, axis=i + 1)
            out.append(mixture_value([p for _, p in mix], strategy_values(sub, i, mixes)))
        return tuple(out)

    # -- derived games -------------------------------------------------------
    def restrict(self, keep: Sequence[Sequence[int]]) -> "Game":
        """The sub-game in which player i keeps only strategies `keep[i]` (in order);
        ScenarioError unless each keeps a non-empty list of distinct valid indices."""
        from .arguments import strategy_subsets
        keep = strategy_subsets(self, keep)
        players = [Player(p.name, tuple(p.strategies[j] for j in ks))
                   for p, ks in zip(self.players, keep)]
        cut = np.ix_(range(self.n_players), *[list(k) for k in keep])
        game = Game(players, self.payoffs[cut], title=self.title, description=self.description,
                    parameters=self.parameters, values=self.values)
        if "_scaled_integers" in self.__dict__:     # the comparable view, cut the same way
            ints, scale = self._scaled_integers
            game.__dict__["_scaled_integers"] = (game.payoffs if scale == 0 else
                                                 ints[cut], scale)
        return game

    def pure_profile(self, profile: Profile) -> MixedProfile:
        """The mixed-profile form of a pure profile (its zeros one shared object, which
        `numbers.played` skips without arithmetic)."""
        one = Fraction(1)
        return tuple(tuple(one if j == s else ZERO for j in range(k))
                     for s, k in zip(profile, self.shape))

    # -- analyses (the engine's entry points, as methods) -----------------------
    # Each imports its engine module on first call: `games.solve` and the solvers
    # import this module (a top-level import would be a cycle), and the sensitivity
    # engine pulls in sympy, which `import games` should not pay for.
    def equilibria(self, method: str = "auto", timeout: float | None = None) -> EquilibriumSet:
        """Every Nash equilibrium (an EquilibriumSet); see games.solve.solve."""
        from .solve import solve
        return solve(self, method=method, timeout=timeout)

    def pure_equilibria(self) -> EquilibriumSet:
        """Every pure-strategy Nash equilibrium (an EquilibriumSet)."""
        from .solvers.pure import pure_equilibria
        return pure_equilibria(self)

    def dominance(self) -> DominanceReport:
        """Strict and weak dominance and iterated elimination (a DominanceReport)."""
        from .solvers.dominance import dominance
        return dominance(self)

    def sensitivity(self, max_work: int | None = SENSITIVITY_STEPS,
                    max_seconds: float | None = None) -> list[ParameterSensitivity]:
        """Exact thresholds for every ranged parameter (needs a scenario with parameters);
        `max_work` (steps per parameter) and `max_seconds` as for
        games.sensitivity.sensitivity."""
        if self.scenario is None:
            return []
        from .sensitivity import sensitivity
        from .solve import solve
        return sensitivity(self.scenario, values=self.values, solver=solve, max_work=max_work,
                           max_seconds=max_seconds)

    def __repr__(self) -> str:
        dims = "x".join(map(str, self.shape))
        return f"<Game {self.title!r}: {self.n_players} players, {dims}>"

    def _repr_html_(self) -> str:
        from .display import payoff_tables_html
        return payoff_tables_html(self)

    # -- building and the notebook entry points (see docs/python-api.md) ------
    @classmethod
    def from_matrices(cls, A: ArrayLike, B: ArrayLike | None = None,
                      players: Sequence[str] = ("Row", "Column"),
                      strategies: Sequence[Sequence[str]] | None = None,
                      title: str = "") -> "Game":
        """A two-player game from payoff matrices (B = -A when B is omitted); numbers
        are made exact by games.building.exact_input."""
        from .building import from_matrices
        return from_matrices(A, B, players, strategies, title)

    @classmethod
    def from_array(cls, payoffs: ArrayLike, players: Sequence[str] | None = None,
                   strategies: Sequence[Sequence[str]] | None = None,
                   title: str = "") -> "Game":
        """A game from one array of shape (n_players, k_1, ..., k_n)."""
        from .building import from_array
        return from_array(payoffs, players, strategies, title)

    def with_values(self, **values: object) -> "Game":
        """The same scenario with some parameters set (exact: ints, Fractions, strings,
        Decimals; floats by their shortest decimal string)."""
        from .building import exact_input
        scenario = self._scenario("with_values")
        exact = {k: exact_input(v, k) for k, v in values.items()}
        return scenario.game({**self.values, **exact})

    def analyze(self, method: str = "auto", timeout: float | None = None,
                sensitivity: bool = True) -> Analysis:
        """Best responses, dominance, equilibria and sensitivity (an Analysis)."""
        from .analysis import analyze
        return analyze(self, method=method, timeout=timeout, sensitivity=sensitivity)

    def sweep(self, *names: str, steps: int = 11) -> SweepResult:
        """Exact equilibria on a grid over one or two ranged parameters (for a game
        tree, its subgame-perfect equilibria: games.tree.points)."""
        if self.tree is not None:
            from .tree.points import tree_sweep
            return tree_sweep(self._scenario("sweep"), names, steps, values=self.values)
        from .sensitivity import sweep
        from .solve import solve
        return sweep(self._scenario("sweep"), names, steps, values=self.values, solver=solve)

    def monte_carlo(self, n: int, seed: int | None = None) -> MonteCarloResult:
        """How often each equilibrium support holds when the ranged parameters are drawn
        (for a game tree, its subgame-perfect equilibria)."""
        if self.tree is not None:
            from .tree.points import tree_monte_carlo
            return tree_monte_carlo(self._scenario("monte_carlo"), n, seed=seed,
                                    values=self.values)
        from .sensitivity import monte_carlo
        from .solve import solve
        return monte_carlo(self._scenario("monte_carlo"), n, seed=seed, values=self.values,
                           solver=solve)

    def compare(self, other: "Game | None" = None, **values: object) -> Comparison:
        """What changes from this game to `other`, or to this scenario at `values`."""
        from .sensitivity import compare
        if other is None:
            other = self.with_values(**values)
        if self.tree is not None:
            from .tree.points import tree_compare
            return tree_compare(self, other)
        from .solve import solve
        return compare(self, other, solver=solve)

    def regions(self, a: str, b: str) -> RegionMap:
        """The exact map of equilibrium structures over two ranged parameters (of a
        tree: of its subgame-perfect equilibria)."""
        import importlib
        scenario = self._scenario("regions")
        if self.tree is not None:
            from .tree.points import tree_regions
            return tree_regions(scenario, (a, b), values=self.values)
        try:
            module = importlib.import_module(".sensitivity.regions", __package__)
        except ImportError:
            from .errors import GameError
            raise GameError("region maps are not available in this version") from None
        from .solve import solve
        return module.regions(scenario, (a, b), values=self.values, solver=solve)

    def _scenario(self, what: str) -> Scenario:
        if self.scenario is None:
            from .errors import GameError
            raise GameError(f"{what}() needs a game read from a scenario with parameters "
                            "(games.load('file.yaml'))")
        return self.scenario
