"""Dominated strategies, by pure strategies and by mixtures, and their iterated elimination.

A strategy s of player i is *strictly dominated* (within a sub-game) when some pure
or mixed strategy of i earns strictly more than s against every profile of the other
players' (alive) strategies; *weakly dominated* when it earns at least as much
everywhere and strictly more somewhere. Pure dominators are found by one vectorized
comparison of the exact payoff arrays; mixtures by an exact LP (`solvers.lp`):

- strict: maximise eps s.t. sum_k sigma_k u(k, t) >= u(s, t) + eps for every opponent
  profile t, sigma a distribution over i's other alive strategies; strictly dominated
  iff eps* > 0;
- weak: when eps* == 0 (eps* < 0 rules it out), maximise sum_t sum_k sigma_k u(k, t)
  s.t. sum_k sigma_k u(k, t) >= u(s, t) for every t; weakly dominated iff
  sum_t (sigma.u(t) - u(s, t)) > 0 at the optimum.

Before any LP, cheap exact checks prove most strategies undominated: a best response
to some belief over the opponent profiles (full-support, for weak dominance) is never
dominated.

Iterated elimination of strictly dominated strategies gives the same surviving game in
any order; ours removes, each round, every strategy (of every player) that is strictly
dominated in the game left by the previous round. Iterated *weak* elimination depends on
the order: ours uses the same simultaneous rule (every weakly dominated strategy of
every player is removed at once each round), and its result is labelled order-dependent.
All payoffs, mixtures and margins are exact Fractions; strategy indices always refer
to the original game.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

import numpy as np

from ..model import Game
from .lp import Method, solve_lp

Alive = Sequence[Sequence[int]]
Margin = Callable[[], tuple[Fraction, dict[int, Fraction]]]   # the memoised max-margin LP
First = Callable[[bool], "int | None"]      # the first row of the front above a row (strict?)

WEAK_PROCEDURE = ("simultaneous: each round removes every weakly dominated strategy of "
                  "every player at once; the result of iterated weak dominance depends "
                  "on the order of removal")
STRICT_PROCEDURE = ("simultaneous: each round removes every strictly dominated strategy "
                    "of every player at once; the result does not depend on the order")


@dataclass(frozen=True)
class PayoffComparison:
    """Against one profile of the other players' strategies (`opponents`, in player
    order with the dominated player left out): the dominated strategy's payoff and the
    dominator's (its exact expected payoff when the dominator is a mixture)."""

    opponents: tuple[int, ...]
    dominated: Fraction
    dominator: Fraction

    @property
    def difference(self) -> Fraction:
        """How much more the dominator earns here (> 0 strictly better, 0 a tie)."""
        return self.dominator - self.dominated

    @property
    def strict(self) -> bool:
        """True when the dominator does strictly better against this profile."""
        return self.dominator > self.dominated


@dataclass(frozen=True)
class Domination:
    """`player`'s `strategy` is dominated by `dominator` (a pure strategy index, or a
    mixture {strategy index: probability}) in the sub-game `alive`; `strict` tells
    strict from weak dominance; `comparisons` holds the payoff pair for every opponent
    profile of that sub-game, for explaining the step."""

    player: int
    strategy: int
    dominator: int | dict[int, Fraction]
    strict: bool
    comparisons: tuple[PayoffComparison, ...]
    alive: tuple[tuple[int, ...], ...]

    @property
    def is_mixed(self) -> bool:
        """True when the dominator is a proper mixture of two or more strategies."""
        return isinstance(self.dominator, dict)

    @property
    def weights(self) -> dict[int, Fraction]:
        """The dominator as a mixture {strategy index: probability} (a pure one has 1)."""
        if isinstance(self.dominator, dict):
            return dict(self.dominator)
        return {self.dominator: Fraction(1)}

    @property
    def margin(self) -> Fraction:
        """The smallest payoff advantage of the dominator over all opponent profiles."""
        return min(c.difference for c in self.comparisons)

    @property
    def opponent_players(self) -> tuple[int, ...]:
        """The players whose strategies `PayoffComparison.opponents` lists, in order."""
        return tuple(j for j in range(len(self.alive)) if j != self.player)


@dataclass(frozen=True)
class EliminationStep:
    """One removal: the round in which it happened (from 1) and why."""

    round: int
    domination: Domination

    @property
    def player(self) -> int:
        """The player who lost a strategy."""
        return self.domination.player

    @property
    def strategy(self) -> int:
        """The strategy removed (original index)."""
        return self.domination.strategy


@dataclass(frozen=True)
class EliminationResult:
    """Iterated elimination of strictly (or, with `weak`, weakly) dominated strategies:
    the removals in order, the strategies that survive (original indices, per player),
    the surviving sub-game, and how many rounds removed something. `order_dependent`
    is True for weak elimination, whose outcome can change with the removal order;
    `procedure` says which order was used."""

    weak: bool
    steps: tuple[EliminationStep, ...]
    surviving: tuple[tuple[int, ...], ...]
    reduced: Game
    rounds: int
    order_dependent: bool
    procedure: str

    @property
    def solved(self) -> bool:
        """True when a single strategy profile survives."""
        return all(len(s) == 1 for s in self.surviving)

    def eliminated(self, player: int) -> tuple[int, ...]:
        """The strategies of `player` that were removed, in removal order."""
        return tuple(s.strategy for s in self.steps if s.player == player)


@dataclass(frozen=True)
class DominanceReport:
    """Dominance in a game: iterated strict elimination (`strict`), the strategies
    strictly dominated in the original game, those only weakly dominated there (each
    labelled `strict=False`), and, when asked for, iterated weak elimination (`weak`,
    order-dependent)."""

    strict: EliminationResult
    strictly_dominated: tuple[Domination, ...]
    weakly_dominated: tuple[Domination, ...]
    weak: EliminationResult | None = None

    @property
    def reduced(self) -> Game:
        """The game left after iterated elimination of strictly dominated strategies."""
        return self.strict.reduced


# -- one strategy -------------------------------------------------------------------

def dominated_by(game: Game, player: int, strategy: int, alive: Alive | None = None,
                 weak: bool = False) -> Domination | None:
    """How `player`'s `strategy` is dominated within the sub-game `alive` (alive strategy
    indices per player; default: the whole game), or None. Strict dominance is looked for
    first (pure, then mixed); with `weak`, weak dominance next (pure, then mixed)."""
    live = _normalise_alive(game, alive)
    if strategy not in live[player]:
        raise ValueError(f"strategy {strategy} of player {player} is not alive")
    return _dominated_by(game, player, strategy, live, weak, {})


Memo = dict[tuple, Any]


def _dominated_by(game: Game, player: int, strategy: int, live: tuple[tuple[int, ...], ...],
                  weak: bool, memo: Memo) -> Domination | None:
    """`dominated_by` on normalised input, remembering answers and max-margin LPs in
    `memo` (one analysis asks the same question of the same sub-game several times)."""
    token = _live_token(live, memo)
    key = ("dominated", player, strategy, token, weak)
    if key in memo:
        return memo[key]
    strict_found = memo.get(("dominated", player, strategy, token, False))
    if weak and strict_found is not None:
        memo[key] = strict_found    # strictly dominated: what the weak search finds first
        return strict_found         # (50,000 rows: each search is a pass over the front)
    u, col_max, best_somewhere, best_everywhere = _sub_matrix(game, player, live, token, memo)
    screen = _float_sub_matrix(game, player, live, token, memo)
    row = _row_of(live, player, strategy, token, memo)
    if best_everywhere[row] or u.shape[1] == 2 and row in _inside_best(u, player, token, memo):
        memo[key] = None            # a best response to every profile, or to a belief of
        return None                 # full support: nothing beats it
    margin_key = ("margin", player, strategy, token)
    front = _front(u, screen, player, token, memo)
    envelope = _envelope(u, player, token, memo)
    others = [k for k in (front if envelope is None else envelope) if k != row]

    def first(strict: bool) -> int | None:
        return _first_above(u, screen, row, strict, front, (player, token), memo)

    def margin() -> tuple[Fraction, dict[int, Fraction]]:
        if margin_key not in memo:
            memo[margin_key] = _max_margin(u, row, others)
        return memo[margin_key]

    if envelope is not None:
        found, strict = _tall_dominator(u, screen, row, front, envelope, weak, margin, col_max,
                                        others, first)
    else:
        found = None if best_somewhere[row] else \
            _strict_dominator(u, row, margin, screen, others, first)
        strict = found is not None
        if found is None and weak:
            found = _weak_dominator(u, row, margin, col_max, screen, others, first)
    result = None if found is None else \
        _domination(game, player, strategy, live, u, row, found, strict)
    memo[key] = result
    return result


def _live_token(live: tuple[tuple[int, ...], ...], memo: Memo) -> int:
    """A small number standing for the sub-game `live` in memo keys. Hashing `live`
    (tens of thousands of indices) on every question made dominance quadratic: the
    same tuple object is looked up by identity (kept alive in the memo), others once
    by value."""
    by_id = memo.setdefault(("live ids",), {})
    seen = by_id.get(id(live))
    if seen is not None and seen[0] is live:
        return int(seen[1])
    by_value = memo.setdefault(("live values",), {})
    token = by_value.setdefault(live, len(by_value))
    by_id[id(live)] = (live, token)
    return int(token)


def _sub_matrix(game: Game, player: int, live: tuple[tuple[int, ...], ...], token: int,
                memo: Memo) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The player's payoff matrix in the sub-game, its column maxima, and per row
    whether it attains the maximum in some column / in every column: built once per
    sub-game and player (one exact pass), not once per strategy."""
    key = ("matrix", player, token)
    if key not in memo:
        u = _payoff_matrix(game.payoffs[player], player, live)
        ranked = _payoff_matrix(game.comparable_payoffs[player], player, live)
        top = ranked.argmax(axis=0)             # the maxima located in machine integers
        col_max = u[top, np.arange(u.shape[1])]
        best = ranked == ranked[top, np.arange(u.shape[1])]
        memo[key] = (u, col_max, best.any(axis=1), best.all(axis=1))
    return memo[key]


def _inside_best(u: np.ndarray, player: int, token: int, memo: Memo) -> frozenset[int]:
    """Against two opponent profiles: the rows that are a best response to a belief of
    full support, all at once from the upper envelope of the rows' lines (once per
    sub-game; the random beliefs and the LP cost a minute for hundreds of rows each a
    best response on a short interval only)."""
    key = ("envelope", player, token)
    if key not in memo:
        from .envelope import best_somewhere_inside, corners
        memo[key] = best_somewhere_inside(corners(list(u[:, 0]), list(u[:, 1])))
    return memo[key]


class _Rows(list[int]):
    """The rows that are a best response to some belief, sorted (answering `in` through
    a set), and those among them that are one to a belief of full support (`full`)."""

    def __init__(self, supports: dict[int, int], columns: int) -> None:
        super().__init__(sorted(supports))
        self.members = frozenset(supports)
        self.full = frozenset(r for r, mask in supports.items() if mask == (1 << columns) - 1)

    def __contains__(self, row: object) -> bool:
        return row in self.members


def _envelope(u: np.ndarray, player: int, token: int, memo: Memo) -> _Rows | None:
    """Against a few opponent profiles (3 to tall.SMALL_SIDE) and many rows: the rows
    that are a best response to some belief, all at once from the vertices of the
    opponents' best-response polytope (solvers/tall.py); the others are exactly the
    strictly dominated rows, and mixtures of these rows dominate them. None for other
    shapes (an LP per row costs little there). Once per sub-game, None included."""
    key = ("envelope rows", player, token)
    if key not in memo:
        from .tall import FROM, SMALL_SIDE, best_response_supports
        memo[key] = None if not 3 <= u.shape[1] <= SMALL_SIDE or u.shape[0] < FROM else \
            _Rows(best_response_supports(u), u.shape[1])
    return memo[key]


def _tall_dominator(u: np.ndarray, screen: tuple[np.ndarray, bool], row: int,
                    front: list[int], envelope: _Rows, weak: bool, margin: Margin,
                    col_max: np.ndarray, others: list[int], first: First
                    ) -> tuple[int | dict[int, Fraction] | None, bool]:
    """`_dominated_by`'s search, and whether it found strict dominance, for many rows
    against few columns, every question asked of the rows of `front` only (a row beaten
    by another everywhere is beaten by one of them; nothing else can tie for a column's
    best or weakly dominate a row of the front), with `envelope` (`_envelope`) saying
    which rows are strictly dominated, and which are not even weakly dominated. Per
    row, a pass over thousands of rows made the report quadratic: minutes for 5,000
    rows. `first`: the first row of the front above `row` (`_first_above`)."""
    uf, exact = screen
    if row not in envelope:
        above = first(True)
        return (above if above is not None else _mixed_strict(u, row, margin, others)), True
    if not weak or row in envelope.full:     # a best response to a belief of full support
        return None, False
    r = front.index(row)
    sub, subf = u[front], uf[front]
    lex = subf if exact else sub              # the float view when every float is exact:
    if _lexicographic_best_response(lex, r, lex.max(axis=0) if exact else col_max):
        return None, False                    # Fraction comparisons took seconds (2,000 x 4)
    above = first(False)
    if above is not None:
        return above, False
    if _best_response_to_some_belief(sub, r, subf):
        return None, False
    return _mixed_weak(u, row, margin, others), False


def _float_sub_matrix(game: Game, player: int, live: tuple[tuple[int, ...], ...], token: int,
                      memo: Memo) -> tuple[np.ndarray, bool]:
    """`_sub_matrix`'s payoffs in the game's float view (once per sub-game and player),
    and whether every float is the exact payoff (integers below 2**53, say), so that
    float comparisons are exact comparisons."""
    key = ("floats", player, token)
    if key not in memo:
        uf = _payoff_matrix(game.float_payoffs[player], player, live)
        whole = ("floats exact", player)    # the whole game's view exact: every sub-game's
        if whole not in memo:               # is (one check, not one per sub-game)
            memo[whole] = game.float_payoffs_exact or bool(
                np.all(game.float_payoffs[player] == game.payoffs[player]))
        exact = memo[whole] or bool(np.all(uf == _sub_matrix(game, player, live, token, memo)[0]))
        memo[key] = (uf, exact)             # Fraction == float compares exactly
    return memo[key]


def _above(u: np.ndarray, screen: tuple[np.ndarray, bool], row: int,
           strict: bool) -> np.ndarray:
    """Per row of `u`: above row `row` in every column (`strict`), or at least as high
    everywhere and higher somewhere. Read in the float view `uf` first: rounding is
    monotone, so a float strictly above (below) another means the exact values are too;
    only rows with float ties and nothing below are compared exactly, and none when
    every float is exact (`screen`: the float view and that flag). (Comparing every
    row exactly, for every row, made dominance quadratic in Fraction comparisons: a
    minute for a 2,000 x 2 game.)"""
    uf, exact = screen
    if exact and not strict:
        return (uf >= uf[row]).all(axis=1) & (uf > uf[row]).any(axis=1)
    out = (uf > uf[row]).all(axis=1)
    if exact:
        return out
    unsure = ~out & ~(uf < uf[row]).any(axis=1)
    for k in np.flatnonzero(unsure):
        out[k] = bool(np.all(u[k] > u[row])) if strict else \
            bool(np.all(u[k] >= u[row]) and np.any(u[k] > u[row]))
    return out


def _row_of(live: tuple[tuple[int, ...], ...], player: int, strategy: int, token: int,
            memo: Memo) -> int:
    """The strategy's row in the sub-game's matrix (one index map per sub-game)."""
    key = ("rows", player, token)
    if key not in memo:
        memo[key] = {s: k for k, s in enumerate(live[player])}
    return int(memo[key][strategy])


def _normalise_alive(game: Game, alive: Alive | None) -> tuple[tuple[int, ...], ...]:
    """Alive strategies as sorted tuples (all strategies when `alive` is None)."""
    if alive is None:
        return tuple(tuple(range(k)) for k in game.shape)
    if len(alive) != game.n_players:
        raise ValueError("alive must list strategies for every player")
    return tuple(tuple(sorted(int(s) for s in a)) for a in alive)


def payoff_matrix(game: Game, player: int) -> np.ndarray:
    """The player's exact payoffs as (own strategies) x (others' pure profiles)."""
    u = np.moveaxis(game.payoffs[player], player, 0)
    return u.reshape(game.shape[player], -1)


def dominant_strategy(game: Game, player: int) -> int | None:
    """The player's strictly dominant strategy (strictly better than every other one
    against every profile of the others), or None; None too with a single strategy."""
    if game.shape[player] < 2:
        return None
    u = payoff_matrix(game, player)
    for s in range(game.shape[player]):
        if all(np.all(u[s] > u[k]) for k in range(game.shape[player]) if k != s):
            return s
    return None


def _payoff_matrix(payoffs: np.ndarray, player: int,
                   alive: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """The player's payoffs (`payoffs`: the game's exact or float table of them) in the
    sub-game as a (own strategies, opponent profiles) array; columns follow
    itertools.product over the others' lists."""
    sub = payoffs[np.ix_(*[list(a) for a in alive])]
    return np.moveaxis(sub, player, 0).reshape(len(alive[player]), -1)


def _strict_dominator(u: np.ndarray, row: int, margin: Margin, screen: tuple[np.ndarray, bool],
                      others: list[int], first: First) -> int | dict[int, Fraction] | None:
    """A row (or mixture of rows) of `u` strictly above row `row` everywhere, or None;
    the caller has checked that `row` is a best response nowhere (else nothing is).
    `screen`: `u` in floats, and whether they are exact (`_above`); `others`: the rows
    of the front but `row` (`_front`), the only ones a dominating mixture needs;
    `first`: the first row of the front above `row` (`_first_above`)."""
    return _pure_or_mixed(u, row, margin, first(True), _mixed_strict, others, screen)


def _weak_dominator(u: np.ndarray, row: int, margin: Margin, col_max: np.ndarray,
                    screen: tuple[np.ndarray, bool], others: list[int], first: First
                    ) -> int | dict[int, Fraction] | None:
    """A row (or mixture of rows) of `u` at least row `row` everywhere and above it
    somewhere, or None (`col_max`: the column maxima of `u`; `screen`: as `_above`)."""
    if _lexicographic_best_response(screen[0] if screen[1] else u, row,
                                    screen[0].max(axis=0) if screen[1] else col_max):
        return None
    return _pure_or_mixed(u, row, margin, first(False), _mixed_weak, others, screen)


def _first_above(u: np.ndarray, screen: tuple[np.ndarray, bool], row: int, strict: bool,
                 front: list[int], where: tuple[int, int], memo: Memo) -> int | None:
    """The first row of `front` above row `row` (as `_above`), or None. The front is
    enough: a row beaten everywhere by another is beaten by a row of the front, which
    then dominates (strictly or weakly) whatever that one does (no row is above
    itself). A pass over every row, for every row, was quadratic: seconds for 50,000
    rows. From TABLE_ROWS rows, answered for every row at once (`_first_above_all`,
    once per sub-game `where` = (player, token)): one numpy step per row was most of
    the time of a 50,000-row game's dominance."""
    if not front:
        return None
    if u.shape[0] >= TABLE_ROWS:
        key = ("first above", *where, strict)
        if key not in memo:
            memo[key] = _first_above_all(u, screen, strict, front)
        k = int(memo[key][row])
        return None if k < 0 else k
    rows = [*front, row]
    uf, exact = screen
    marked = _above(u[rows], (uf[rows], exact), len(front), strict)
    marked[-1] = False
    first = int(marked.argmax())            # the first True, without listing them all
    return front[first] if marked[first] else None


TABLE_ROWS = 256            # rows from which `_first_above` answers every row at once
TABLE_ENTRIES = 1 << 22     # comparisons (rows x front x columns) of one block of it


def _first_above_all(u: np.ndarray, screen: tuple[np.ndarray, bool], strict: bool,
                     front: list[int]) -> np.ndarray:
    """For every row of `u`, the first row of `front` above it (as `_above`: the float
    view read first, float ties left compared exactly), else -1; in blocks of rows
    of at most TABLE_ENTRIES comparisons."""
    uf, exact = screen
    top, top_f = u[front], uf[front]
    out = np.full(u.shape[0], -1, dtype=np.int64)
    step = max(1, TABLE_ENTRIES // (len(front) * u.shape[1]))
    for s in range(0, u.shape[0], step):
        low = uf[s:s + step, None, :]
        if exact and not strict:
            marked = np.asarray((top_f >= low).all(axis=2) & (top_f > low).any(axis=2))
        else:
            marked = np.asarray((top_f > low).all(axis=2))
            if not exact:
                unsure = ~marked & ~(top_f < low).any(axis=2)
                for r, k in zip(*np.nonzero(unsure)):
                    a, b = top[k], u[s + r]
                    marked[r, k] = bool(np.all(a > b)) if strict else \
                        bool(np.all(a >= b) and np.any(a > b))
        hit = marked.any(axis=1)
        out[s:s + step][hit] = np.asarray(front)[marked.argmax(axis=1)[hit]]
    return out


def _pure_or_mixed(u: np.ndarray, row: int, margin: Margin, dominator: int | None,
                   mixed: Callable[[np.ndarray, int, Margin, list[int]],
                                   dict[int, Fraction] | None],
                   others: list[int], screen: tuple[np.ndarray, bool]
                   ) -> int | dict[int, Fraction] | None:
    """The row `dominator` when there is one; else, unless `row` is a best response
    to some belief (then nothing dominates it), a dominating mixture found by `mixed`."""
    if dominator is not None:
        return dominator
    if _best_response_to_some_belief(u, row, screen[0]):
        return None
    return mixed(u, row, margin, others)


# -- cheap exact proofs of non-dominance ----------------------------------------------
# A strategy that is a best response to some belief over the opponent profiles (with
# full support, for weak dominance) is not dominated by any mixture; these checks find
# such beliefs without an LP, and only ever answer "certainly undominated".

_FLOAT_LP_ROWS = 30    # mixtures of at least this many rows: the LP's float path first
_BELIEFS = 48           # fixed pseudo-random full-support beliefs tried before the LP


def _lexicographic_best_response(u: np.ndarray, row: int, col_max: np.ndarray) -> bool:
    """True when `row` is a best response to a lexicographic belief t1 >> t2 >> ...
    over all profiles (weights M**k for large M: a full-support belief, so `row` is not
    even weakly dominated). Greedy search: keep the rows still tied with `row`, and
    refine by a profile at which `row` is best among them, preferring the sharpest.
    `u` is the exact matrix, or its float view when every float is exact (then the
    column maxima are numpy's: a tied 150 x 150 game's Fraction maxima took seconds)."""
    if not np.any(u[row] == col_max):
        return False
    tied = np.ones(u.shape[0], dtype=bool)
    unused = np.ones(u.shape[1], dtype=bool)
    while unused.any():
        best = u[tied].max(axis=0) if u.dtype != object else \
            np.array([max(u[tied, t]) for t in range(u.shape[1])], dtype=object)
        usable = unused & (u[row] == best)
        if not usable.any():
            return False
        if np.all(u[tied] == u[row]):         # only copies of `row` are left
            return True
        cols = np.flatnonzero(usable)           # one pass over the tied rows' columns
        sizes = (u[np.ix_(tied, cols)] == best[cols]).sum(axis=0)
        t = int(cols[int(np.argmin(sizes))])
        tied &= u[:, t] == best[t]
        unused[t] = False
    return True


def _best_response_to_some_belief(u: np.ndarray, row: int, uf: np.ndarray) -> bool:
    """True when `row` is a best response to the uniform belief or to one of a few fixed
    pseudo-random positive integer beliefs, most of their weight on a few profiles
    (screened in floats, `uf` the float view of `u`, confirmed exactly against the rows
    whose float value may reach `row`'s: a rigorous bound on the rounding leaves the
    others out, so thousands of rows are not summed exactly for each belief)."""
    n_cols = u.shape[1]
    rng = np.random.default_rng(n_cols)
    sparse = np.rint(1000 * rng.dirichlet(np.full(n_cols, 0.3), size=_BELIEFS)).astype(np.int64)
    beliefs = np.vstack([np.ones(n_cols, dtype=np.int64), 1 + sparse])
    with np.errstate(over="ignore", invalid="ignore"):
        approx = uf @ beliefs.T                                  # (rows, beliefs)
        err = 4.0 * (n_cols + 2) * np.finfo(float).eps * (np.abs(uf) @ beliefs.T)
    finite = bool(np.all(np.isfinite(err)))
    slack = 1e-9 * (1.0 + np.abs(approx).max(axis=0))
    for b in np.flatnonzero(approx[row] >= approx.max(axis=0) - slack):
        near = np.flatnonzero(approx[:, b] + err[:, b] >= approx[row, b] - err[row, b]) \
            if finite else np.arange(u.shape[0])
        values = u[near].dot([int(w) for w in beliefs[b]])
        if values[int(np.searchsorted(near, row))] >= values.max():
            return True
    return False


def _front(u: np.ndarray, screen: tuple[np.ndarray, bool], player: int, token: int,
           memo: Memo) -> list[int]:
    """The rows of `u` that no other row beats in every column (once per sub-game).

    Only these, `row` left out, need take part in a mixture dominating `row`: moving a
    row's weight to a row that beats it everywhere raises the mixture's payoff in every
    column (the largest margin and the largest total gain do not fall), and a mixture
    that puts weight on a row `row` itself beats has a margin below that of the rest of
    it. With thousands of rows, an LP over all of them cost a second each."""
    key = ("front", player, token)
    if key not in memo:
        uf, exact = screen
        memo[key] = _unbeaten(uf if exact else u, np.argsort(-uf.sum(axis=1), kind="stable"))
    return list(memo[key])


def _unbeaten(values: np.ndarray, order: np.ndarray) -> list[int]:
    """The rows of `values` that no row before them in `order` beats in every column,
    sorted: the rows a pass in that order keeps when it keeps a row that no row kept
    so far beats (beating is transitive: a row beaten by one left out is beaten by the
    one that beat that). In blocks: each against the rows kept before it, then within
    itself (one numpy step per row took seconds for 50,000 rows)."""
    kept: list[int] = []
    cols = values.shape[1]
    pos = 0
    while pos < len(order):
        width = int(min(FRONT_BLOCK, max(8, TABLE_ENTRIES // (cols * max(1, len(kept)))),
                        max(8, math.isqrt(TABLE_ENTRIES // cols))))
        block = order[pos:pos + width]
        pos += width
        v = values[block]
        alive = np.ones(len(block), dtype=bool)
        if kept:
            alive &= ~np.asarray((values[kept][None, :, :] > v[:, None, :]).all(axis=2)).any(axis=1)
        within = np.asarray((v[None, :, :] > v[:, None, :]).all(axis=2))   # [i, j]: j beats i
        alive &= ~(within & np.tri(len(block), k=-1, dtype=bool)).any(axis=1)
        kept.extend(block[alive].tolist())
    return sorted(kept)


FRONT_BLOCK = 1024          # rows of one block of `_unbeaten`


def _lp_method(others: list[int]) -> Method:
    """The float path (its basis checked exactly) for mixtures of many rows: a few
    pivots instead of the whole exact simplex, ten times quicker from about 30 rows."""
    return "float" if len(others) >= _FLOAT_LP_ROWS else "auto"


def _max_margin(u: np.ndarray, row: int, others: list[int]
                ) -> tuple[Fraction, dict[int, Fraction]]:
    """The largest eps such that some mixture of the rows `others` beats row `row` by
    eps against every column, and that mixture (an always-feasible, bounded LP)."""
    n_cols = u.shape[1]
    # variables: sigma over `others`, then eps (free); maximise eps
    a_ub = [[-u[k, t] for k in others] + [Fraction(1)] for t in range(n_cols)]
    b_ub = [-u[row, t] for t in range(n_cols)]
    a_eq = [[Fraction(1)] * len(others) + [Fraction(0)]]
    c = [Fraction(0)] * len(others) + [Fraction(1)]
    res = solve_lp(c, a_ub, b_ub, a_eq, [1], free=[len(others)], method=_lp_method(others))
    assert res.optimal and res.objective is not None
    return res.objective, _mixture(others, res.x)


def _mixed_strict(u: np.ndarray, row: int, margin: Margin,
                  others: list[int]) -> dict[int, Fraction] | None:
    """The max-margin mixture of the rows `others`, when its margin eps* is positive
    (a single other row would have been found as a pure dominator)."""
    if len(others) < 2:
        return None
    eps, mix = margin()
    return mix if eps > 0 else None


def _mixed_weak(u: np.ndarray, row: int, margin: Margin,
                others: list[int]) -> dict[int, Fraction] | None:
    """A mixture of the other rows weakly above row `row`, with the largest total gain.
    Only needed when the best margin is exactly 0: a negative one rules weak dominance
    out (and keeps the gain LP, infeasible in that case, from running at all)."""
    if len(others) < 2:
        return None
    eps, _ = margin()
    if eps < 0:
        return None
    n_cols = u.shape[1]
    a_ub = [[-u[k, t] for k in others] for t in range(n_cols)]
    b_ub = [-u[row, t] for t in range(n_cols)]
    c = [sum(u[k], Fraction(0)) for k in others]
    res = solve_lp(c, a_ub, b_ub, [[Fraction(1)] * len(others)], [1], method=_lp_method(others))
    if not res.optimal or res.objective is None or res.objective <= sum(u[row], Fraction(0)):
        return None
    return _mixture(others, res.x)


def _mixture(others: list[int], x: tuple[Fraction, ...] | None) -> dict[int, Fraction]:
    """The LP's weights as {row: probability}, zero weights left out."""
    assert x is not None
    return {k: p for k, p in zip(others, x) if p > 0}


def _domination(game: Game, player: int, strategy: int, alive: tuple[tuple[int, ...], ...],
                u: np.ndarray, row: int, found: int | dict[int, Fraction],
                strict: bool) -> Domination:
    """Build the result, translating sub-game rows back to original strategy indices."""
    own = alive[player]
    if isinstance(found, dict) and len(found) == 1:
        found = next(iter(found))
    if isinstance(found, dict):
        dominator: int | dict[int, Fraction] = {own[k]: p for k, p in found.items()}
        values = [sum((p * u[k, t] for k, p in found.items()), Fraction(0))
                  for t in range(u.shape[1])]
    else:
        dominator = own[found]
        values = list(u[found])
    opponents = itertools.product(*[alive[j] for j in range(game.n_players) if j != player])
    comparisons = tuple(PayoffComparison(tuple(opp), u[row, t], values[t])
                        for t, opp in enumerate(opponents))
    return Domination(player, strategy, dominator, strict, comparisons, alive)


# -- iterated elimination -----------------------------------------------------------

def iterated_elimination(game: Game, weak: bool = False) -> EliminationResult:
    """Iterated elimination of strictly (or weakly) dominated strategies, by pure
    strategies and mixtures; each round removes all dominated strategies at once."""
    return _iterate(game, weak, {})


def _iterate(game: Game, weak: bool, memo: Memo) -> EliminationResult:
    """`iterated_elimination` sharing `memo` with the rest of an analysis."""
    alive = [list(range(k)) for k in game.shape]
    steps: list[EliminationStep] = []
    rounds = 0
    while True:
        found = _dominated_now(game, alive, weak, memo)
        if not found:
            break
        rounds += 1
        gone = {(d.player, d.strategy) for d in found}  # one pass per round (removing
        alive = [[s for s in a if (i, s) not in gone]   # them one by one: quadratic)
                 for i, a in enumerate(alive)]
        steps.extend(EliminationStep(rounds, d) for d in found)
    surviving = tuple(tuple(a) for a in alive)
    return EliminationResult(weak, tuple(steps), surviving, game.restrict(surviving), rounds,
                             order_dependent=weak,
                             procedure=WEAK_PROCEDURE if weak else STRICT_PROCEDURE)


def _dominated_now(game: Game, alive: list[list[int]], weak: bool,
                   memo: Memo) -> list[Domination]:
    """Every strategy dominated in the current sub-game, player by player."""
    snapshot = tuple(tuple(a) for a in alive)
    found = []
    for i in range(game.n_players):
        if len(snapshot[i]) < 2:
            continue
        for s in snapshot[i]:
            d = _dominated_by(game, i, s, snapshot, weak, memo)
            if d is not None:
                found.append(d)
    return found


def dominance(game: Game, weak_elimination: bool = True) -> DominanceReport:
    """The dominance analysis of a game: iterated strict elimination, the strictly and
    the (only) weakly dominated strategies of the original game, and optionally the
    order-dependent iterated weak elimination."""
    memo: Memo = {}
    strict = _iterate(game, False, memo)
    full = _normalise_alive(game, None)
    first = tuple(s.domination for s in strict.steps if s.round == 1)
    done = {(d.player, d.strategy) for d in first}
    weakly = []
    for i in range(game.n_players):
        for s in range(game.shape[i]):
            if (i, s) not in done:
                d = _dominated_by(game, i, s, full, True, memo)
                if d is not None:
                    weakly.append(d)
    weak = _iterate(game, True, memo) if weak_elimination else None
    return DominanceReport(strict, first, tuple(weakly), weak)
