"""Result objects for equilibrium computations.

An `Equilibrium` is a mixed profile with the players' expected payoffs; every one
the engine reports has passed `verify.check_equilibrium` (exactly, or, for numeric
methods on games too large for exact enumeration, to a stated tolerance).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator, Protocol, Sequence

from .numbers import Exact, exact_str, played, to_float

if TYPE_CHECKING:
    from pandas import DataFrame

    from .model import Game, Player
    from .solvers.continua import ContinuumDetail


class HasPlayers(Protocol):
    """Anything with named players and strategies (a Game, a Scenario): all that the
    JSON form of an equilibrium needs."""

    @property
    def players(self) -> Sequence[Player]: ...


@dataclass(frozen=True)
class Equilibrium:
    """One Nash equilibrium: probabilities per player and strategy, and payoffs."""

    profile: tuple[tuple[Exact, ...], ...]
    payoffs: tuple[Exact, ...]
    exact: bool = True
    tolerance: float | None = None      # set for numeric results: max regret allowed
    players: tuple[Player, ...] = field(default=(), compare=False, repr=False)
    # the game's players (names for str/repr), set by `solve`; not part of identity

    def __str__(self) -> str:
        from .display import equilibrium_text
        return equilibrium_text(self, self.players)

    def __repr__(self) -> str:
        return f"<Equilibrium {self}>"

    def _repr_html_(self) -> str:
        from html import escape
        return f"<p>{escape(str(self))}</p>"

    @property
    def kind(self) -> str:
        """'pure' when every player plays one strategy with probability 1, else 'mixed'."""
        return "pure" if all(len(s) == 1 for s in self.support) else "mixed"

    @cached_property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies played with positive probability, per player
        (computed once: a profile may have thousands of strategies)."""
        return tuple(tuple(played(probs)) for probs in self.profile)

    @property
    def pure_profile(self) -> tuple[int, ...] | None:
        """The pure profile, for a pure equilibrium."""
        if self.kind != "pure":
            return None
        return tuple(s[0] for s in self.support)

    def key(self) -> tuple:
        """A hashable exact identity (string forms), for set comparisons."""
        return tuple(tuple(exact_str(p) for p in probs) for probs in self.profile)

    def float_profile(self) -> list[list[float]]:
        return [[to_float(p) for p in probs] for probs in self.profile]

    def to_dict(self, game: HasPlayers) -> dict[str, object]:
        """The SPEC's JSON shape: kind, strategies (non-zero probabilities), payoffs."""
        strategies = {}
        for player, probs, support in zip(game.players, self.profile, self.support):
            strategies[player.name] = {player.strategies[j].name: exact_str(probs[j])
                                       for j in support}
        out: dict[str, object] = {
            "kind": self.kind,
            "strategies": strategies,
            "payoffs": {pl.name: exact_str(v) for pl, v in zip(game.players, self.payoffs)},
        }
        if not self.exact:
            out["exact"] = False
            out["tolerance"] = self.tolerance
        return out


@dataclass(frozen=True)
class Component:
    """A connected set of equilibria: its extreme points (`members`), and, in `detail`,
    the exact set (solvers.continua.ContinuumDetail: pieces given by equations and
    inequalities) whenever it was computed."""

    members: tuple[int, ...]                    # indices into EquilibriumSet.equilibria
    convex_sets: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()
    # each convex set: (indices of player-1 extreme strategies, of player-2 ones), as
    # numbered by solvers.bimatrix.extreme_strategies(equilibria), for 2-player games
    description: str = ""
    detail: "ContinuumDetail | None" = None
    unlisted: int = 0       # extreme points counted but not listed (beyond the listing
    #                         limits, games.limits.LISTED_*): `members` is then empty and
    #                         the set is known by its `detail` alone
    counted: bool = True    # False: `unlisted` is a lower bound (the count of extreme
    #                         points stopped at its work limit; the set itself is exact)


@dataclass(frozen=True)
class EquilibriumSet:
    """What a solver found: the equilibria, and what is known about the set.

    Frozen: built once by a solver (lists given to the constructor are stored as
    tuples); a later stage that adds a note or lifts the equilibria builds a new set
    with `dataclasses.replace` or `with_notes`.
    """

    equilibria: tuple[Equilibrium, ...]
    method: str
    complete: bool = True       # every equilibrium (every extreme one) is listed
    exact: bool = True
    degenerate: bool = False
    components: tuple[Component, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    interrupted: bool = False   # stopped by Ctrl-C: what was found so far, incomplete
    players: tuple[Player, ...] = ()    # the game's players, for names (set by `solve`)

    def __str__(self) -> str:
        from .display import equilibria_text
        return equilibria_text(self, self.players)

    def __repr__(self) -> str:
        return f"<EquilibriumSet {self}>"

    def _repr_html_(self) -> str:
        from .display import equilibria_html
        return equilibria_html(self, self.players)

    def to_pandas(self) -> DataFrame:      # pandas is optional (the notebook extra)
        """One row per equilibrium (pandas DataFrame; exact values as Fractions)."""
        from .display import equilibria_frame
        return equilibria_frame(self, self.players)

    def named(self, players: Sequence[Player]) -> "EquilibriumSet":
        """This set, every equilibrium knowing the players' names (for str and repr): a
        new set (the result is frozen)."""
        names = tuple(players)
        return replace(self, players=names,
                       equilibria=tuple(e if e.players == names else replace(e, players=names)
                                        for e in self.equilibria))

    def __init__(self, equilibria: Iterable[Equilibrium], method: str, complete: bool = True,
                 exact: bool = True, degenerate: bool = False,
                 components: Iterable[Component] = (), notes: Iterable[str] = (),
                 seconds: float = 0.0, interrupted: bool = False,
                 players: Iterable[Player] = ()) -> None:
        for name, value in (("equilibria", tuple(equilibria)), ("method", method),
                            ("complete", complete), ("exact", exact),
                            ("degenerate", degenerate), ("components", tuple(components)),
                            ("notes", tuple(notes)), ("seconds", seconds),
                            ("interrupted", interrupted), ("players", tuple(players))):
            object.__setattr__(self, name, value)

    def with_notes(self, *notes: str, first: bool = False) -> "EquilibriumSet":
        """The same set with `notes` added at the end (or, when `first`, in front)."""
        both = (*notes, *self.notes) if first else (*self.notes, *notes)
        return replace(self, notes=both)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, i: int) -> Equilibrium:
        return self.equilibria[i]

    @property
    def pure(self) -> list[Equilibrium]:
        return [e for e in self.equilibria if e.kind == "pure"]

    @property
    def mixed(self) -> list[Equilibrium]:
        return [e for e in self.equilibria if e.kind == "mixed"]

    def keys(self) -> set[tuple]:
        return {e.key() for e in self.equilibria}


def sort_equilibria(eqs: Iterable[Equilibrium]) -> list[Equilibrium]:
    """A stable, readable order: pure first, then by support size, then by probabilities.
    Each strategy's part of the key is computed once per tuple of probabilities (the
    equilibria of a large game share them: 2,500 of a tied 300x300 game hold 439)."""
    parts: dict[int, tuple[int, list[float]]] = {}     # id of a tuple held by eqs

    def part(probs: tuple) -> tuple[int, list[float]]:
        got = parts.get(id(probs))
        if got is None:
            got = parts[id(probs)] = (len(played(probs)), [-to_float(p) for p in probs])
        return got

    def k(e: Equilibrium) -> tuple:
        sizes, floats = zip(*map(part, e.profile))
        return (any(n != 1 for n in sizes), sum(sizes), list(floats))
    return sorted(eqs, key=k)


def pure_equilibrium(game: Game, profile: tuple[int, ...]) -> Equilibrium:
    """The Equilibrium object for a pure profile (not checked here)."""
    mixed = game.pure_profile(profile)
    return Equilibrium(mixed, tuple(game.payoff(i, profile) for i in range(game.n_players)))


def make_equilibrium(game: Game, profile: tuple[tuple[Exact, ...], ...]) -> Equilibrium:
    """An Equilibrium with exact expected payoffs computed from the game."""
    return Equilibrium(tuple(tuple(p) for p in profile), game.expected_payoffs(profile))


ONE = Fraction(1)
