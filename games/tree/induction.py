"""Backward induction that keeps every tie, over subgames; exact pure-SPE counts.

Subgames are solved from the deepest up. Each solved subgame is summarised twice:
- a count map `value vector -> number of pure subgame-perfect equilibria (behaviour
  strategies, every information set of the subgame assigned) giving that value`,
  which stays small even when the number of equilibria is astronomical;
- while it stays under `LIST_LIMIT`, the list of those equilibria themselves (and
  the mixed ones that simultaneous-move subgames create).

At a perfect-information node of player i, choosing action a with continuation v
(in subtree a) is subgame perfect together with continuations w_b in every other
subtree b iff w_b[i] <= v[i] for all b. So the count for value v through a is
count_a(v) * prod_b #{w in b : w[i] <= v[i]} (DESIGN.md section 7). A chance node
combines one choice per child, its value the exact expectation. Any other subgame
is a game with imperfect information: its largest proper subgames are cut and
replaced by each combination of their equilibrium values, the resulting reduced
strategic form is solved by the normal-form engine (`games.analysis.solve`; at a
point with irrational coordinates, in its number field: `LocalGames`,
field_subgames.py), and every equilibrium is carried upward.

A `constraint` (information set -> action) restricts the count to equilibria that
agree with a given plan: how a Nash equilibrium of the tree is tested for subgame
perfection.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from ..errors import TooLargeError
from ..numbers import Exact
from .model import CHANCE, DECISION, LEAF, Tree
from .reduced import ReducedForm, Values, outcome, reduced_form, reduced_game
from .subgames import inner_roots, subgame_roots

if TYPE_CHECKING:
    from ..equilibrium import EquilibriumSet
    from ..model import Game

LIST_LIMIT = 1000                   # equilibria listed in full up to this many
WORK_LIMIT = 200_000                # value combinations examined at one node
Behavior = tuple[tuple[int, tuple[Fraction, ...] | None], ...]   # infoset -> probabilities


class Solution:
    """One subgame-perfect equilibrium of a subgame: its value and behaviour (per
    information set the action probabilities; None where any behaviour will do).

    A behaviour made by merging the solutions of the subgames below (`_Merged`) is
    written out only when read: building it at every node of a chain copied each
    subtree's behaviour once per level above it (quadratic in the depth)."""

    __slots__ = ("value", "_behavior", "pure")

    def __init__(self, value: Values, behavior: Behavior | _Merged, pure: bool) -> None:
        self.value = value
        self._behavior = behavior
        self.pure = pure

    @property
    def behavior(self) -> Behavior:
        b = self._behavior
        if isinstance(b, _Merged):
            b = self._behavior = b.written()
        return b

    def choice(self) -> dict[int, tuple[Fraction, ...] | None]:
        return dict(self.behavior)

    def _fields(self) -> tuple[Values, Behavior, bool]:
        return self.value, self.behavior, self.pure

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Solution) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Solution(value={self.value!r}, behavior={self.behavior!r}, pure={self.pure!r})"


@dataclass(frozen=True)
class _Merged:
    """The behaviour `pick` (this node's choice) followed by the parts' behaviours, later
    ones overriding earlier ones on a shared set, as `_merge` wrote it at once."""

    parts: tuple[Solution, ...]
    pick: Behavior

    def written(self) -> Behavior:
        """The merged behaviour, sorted by information set: one pass over the solutions
        below, in the order `_merge` would have applied them (preorder)."""
        out: dict[int, tuple[Fraction, ...] | None] = {}
        stack: list[Solution | Behavior] = [*reversed(self.parts), self.pick]
        while stack:
            item = stack.pop()
            if isinstance(item, Solution):
                b = item._behavior
                if isinstance(b, _Merged):
                    stack.extend(reversed(b.parts))
                    stack.append(b.pick)
                    continue
                item = b
            out.update(item)
        return tuple(sorted(out.items()))


@dataclass(frozen=True)
class Step:
    """What backward induction did at one subgame root (for --explain and the tree
    view): per action, the mover's possible continuation values, and the actions
    chosen in some subgame-perfect equilibrium."""

    node: int
    kind: str                                   # 'decision', 'chance', 'game', 'leaf'
    options: tuple[tuple[Exact, ...], ...] = ()
    chosen: tuple[int, ...] = ()
    values: tuple[Values, ...] = ()
    equilibria: int = 0


@dataclass(frozen=True)
class Induction:
    """The subgame-perfect equilibria of a tree."""

    pure_count: int
    root_values: Mapping[Values, int]
    equilibria: tuple[Solution, ...] | None     # None: more than LIST_LIMIT
    roots: tuple[int, ...]
    steps: Mapping[int, Step]
    ties: tuple[int, ...] = ()                  # perfect-information nodes with a tie
    notes: tuple[str, ...] = field(default_factory=tuple)
    failed: int | None = None       # deepest subgame with no equilibrium (constrained)
    partial: bool = False           # a local game's enumeration stopped early (see notes)

    @property
    def listed(self) -> str:
        if self.equilibria is None:
            return (f"summary: {self.pure_count} pure equilibria, by equilibrium value "
                    f"and path (more than {LIST_LIMIT} to list)")
        if self.partial:
            return ("partial: built from the equilibria found of a local game whose "
                    "enumeration stopped early (see notes); pure_count is exact")
        return "all"


class LocalEquilibrium(Protocol):
    """What backward induction reads of one equilibrium of a local game."""

    @property
    def profile(self) -> tuple[tuple[Exact, ...], ...]: ...

    @property
    def payoffs(self) -> tuple[Exact, ...]: ...

    @property
    def pure_profile(self) -> tuple[int, ...] | None: ...


class LocalGames(Protocol):
    """How the local game of a subgame with information sets is solved: its pure
    equilibria (for the counts) and its extreme equilibria with whether they lie on
    a continuum. `NormalFormGames` (rational payoffs, the normal-form engine) by
    default; field_subgames.FieldLocalGames at a point with irrational coordinates."""

    def pure(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
             ) -> list[tuple[int, ...]]: ...

    def solve(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
              ) -> LocalSolution: ...


@dataclass(frozen=True)
class LocalSolution:
    """A local game's extreme equilibria, whether some lie on a continuum, and why the
    list may be short (None: every extreme equilibrium is there)."""

    equilibria: Sequence[LocalEquilibrium]
    continuum: bool
    incomplete: str | None = None


@dataclass(frozen=True)
class Solved:
    """The whole tree's reduced form already solved: its plans, its `Game` and, when
    complete and exact, its equilibria (else None), reused by the root's local game
    when that game is this one, instead of a second enumeration of the same form."""

    form: ReducedForm
    game: Game
    equilibria: EquilibriumSet | None


class NormalFormGames:
    """Local games as normal-form `Game`s solved by `games.solve` (exact, rational);
    `whole`: the tree's reduced form already solved (reused at the root)."""

    def __init__(self, whole: Solved | None = None) -> None:
        self.whole = whole

    def _known(self, game: Game, form: ReducedForm, root: int) -> EquilibriumSet | None:
        """The solved whole form's equilibria when the local game at `root` is that very
        game: the root's, with the same plans and payoffs (subgames below it that
        hold no move of a player's are summed into it as their one value)."""
        w = self.whole
        if w is None or w.equilibria is None or root != 0 or form.plans != w.form.plans \
                or form.names != w.form.names or game.payoffs.shape != w.game.payoffs.shape:
            return None
        return w.equilibria if bool((game.payoffs == w.game.payoffs).all()) else None

    def pure(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
             ) -> list[tuple[int, ...]]:
        out = []
        for eq in reduced_game(tree, form, root, stops).pure_equilibria():
            assert eq.pure_profile is not None  # a pure equilibrium has its pure profile
            out.append(eq.pure_profile)
        return out

    def solve(self, tree: Tree, form: ReducedForm, root: int, stops: Mapping[int, Values]
              ) -> LocalSolution:
        from ..solve import solve
        game = reduced_game(tree, form, root, stops)
        eqs = self._known(game, form, root)
        if eqs is None:
            eqs = solve(game)
        why = None if eqs.complete else \
            (eqs.notes[0].split(" (")[0] if eqs.notes else "its enumeration stopped early")
        return LocalSolution(list(eqs), bool(eqs.components), why)


def backward_induction(tree: Tree, constraint: Mapping[int, int] | None = None,
                       listing: bool = True, local: LocalGames | None = None) -> Induction:
    """Every subgame-perfect equilibrium of `tree` (see the module's description);
    `local` solves the local games of subgames with information sets."""
    return _Inductor(tree, dict(constraint or {}), listing,
                     local or NormalFormGames()).run()


class _Inductor:
    def __init__(self, tree: Tree, constraint: dict[int, int], listing: bool,
                 local: LocalGames) -> None:
        self.tree = tree
        self.local = local
        self.constraint = constraint
        self.listing = listing
        self.roots = subgame_roots(tree)
        self.root_set = set(self.roots)
        self.counts: dict[int, dict[Values, int]] = {}
        self.lists: dict[int, list[Solution] | None] = {}
        self.steps: dict[int, Step] = {}
        self.ties: list[int] = []
        self.notes: list[str] = []
        self.failed: int | None = None
        self.partial = False

    def run(self) -> Induction:
        for k, node in enumerate(self.tree.nodes):
            if node.kind == LEAF:
                self.counts[k] = {node.payoffs: 1}
                self.lists[k] = [Solution(node.payoffs, (), True)]
        for r in sorted(self.roots, reverse=True):
            self.solve(r)
        top = 0
        if self.tree.root.kind == LEAF:
            self.roots = [0]
        eqs = self.lists.get(top)
        return Induction(sum(self.counts[top].values()), dict(self.counts[top]),
                         None if eqs is None else tuple(eqs), tuple(self.roots), self.steps,
                         tuple(sorted(self.ties)), tuple(dict.fromkeys(self.notes)),
                         self.failed, self.partial)

    # -- one subgame ----------------------------------------------------------------
    def solve(self, r: int) -> None:
        node = self.tree.nodes[r]
        inner = inner_roots(self.tree, r, self.root_set)
        direct = set(inner) == set(node.children)
        if node.kind == DECISION and direct and len(self.tree.infosets[node.infoset].nodes) == 1:
            self.decision(r)
        elif node.kind == CHANCE and direct:
            self.chance(r)
        else:
            self.local_game(r, inner)
        if self.failed is None and not self.counts[r] and all(self.counts[k] for k in inner):
            self.failed = r

    def decision(self, r: int) -> None:
        node = self.tree.nodes[r]
        i, h = node.player, node.infoset
        allowed = [self.constraint[h]] if h in self.constraint else range(len(node.children))
        kids = node.children
        below = _counts_below(i, [self.counts[c] for c in kids])
        out: dict[Values, int] = {}
        chosen = []
        for a in allowed:
            through = 0
            own = below[1][a]
            for v, n in self.counts[kids[a]].items():
                ways = n * below[0][v[i]] // own[v[i]] if n else 0
                if ways:
                    out[v] = out.get(v, 0) + ways
                    through += ways
            if through:
                chosen.append(a)
        self.counts[r] = out
        if len(chosen) > 1:
            self.ties.append(r)
        self.steps[r] = Step(r, "decision", tuple(tuple(sorted({v[i] for v in self.counts[c]}))
                                                  for c in kids), tuple(chosen))
        self.lists[r] = self.decision_list(r, allowed) if self.listing else None

    def decision_list(self, r: int, allowed: Iterable[int]) -> list[Solution] | None:
        node = self.tree.nodes[r]
        i, h = node.player, node.infoset
        lists = [self.lists[c] for c in node.children]
        if any(lst is None for lst in lists) or sum(self.counts[r].values()) > LIST_LIMIT:
            return None
        out: list[Solution] = []
        k = len(node.children)
        lows = [min((t.value[i] for t in lst or ()), default=None) for lst in lists]
        floors = _floors(lows)
        for a in allowed:
            ok, floor = floors[a]
            for s in lists[a] or ():
                if not ok or (floor is not None and s.value[i] < floor):
                    continue            # some other branch has no solution worth at most it
                others = [[t for t in lists[b] or () if t.value[i] <= s.value[i]]
                          for b in range(k) if b != a]
                pick = tuple(1 if b == a else 0 for b in range(k))
                for combo in itertools.product(*others):
                    parts = [s, *combo]
                    out.append(Solution(s.value, _merge(parts, {h: pick}),
                                        all(p.pure for p in parts)))
                    if len(out) > 4 * LIST_LIMIT:
                        return None
        return out

    def chance(self, r: int) -> None:
        node = self.tree.nodes[r]
        maps = [list(self.counts[c].items()) for c in node.children]
        if math.prod(len(m) for m in maps) > WORK_LIMIT:
            raise TooLargeError(f"the chance node at {node.where} combines more than "
                                f"{WORK_LIMIT} equilibrium values of its subtrees")
        out: dict[Values, int] = {}
        for combo in itertools.product(*maps):
            v = _expect(node.probs, [x for x, _ in combo])
            out[v] = out.get(v, 0) + math.prod(n for _, n in combo)
        self.counts[r] = out
        self.steps[r] = Step(r, "chance", values=tuple(out))
        lists = [self.lists[c] for c in node.children]
        if not self.listing or any(x is None for x in lists) or \
                math.prod(len(x or ()) for x in lists) > 4 * LIST_LIMIT:
            self.lists[r] = None
            return
        self.lists[r] = [Solution(_expect(node.probs, [s.value for s in combo]),
                                  _merge(combo, {}), all(s.pure for s in combo))
                         for combo in itertools.product(*(x or () for x in lists))]

    # -- imperfect information: the normal-form engine ---------------------------------
    def local_game(self, r: int, inner: list[int]) -> None:
        tree = self.tree
        dummy = {k: tuple(Fraction(0) for _ in tree.players) for k in inner}
        form = reduced_form(tree, r, dummy)
        maps = [list(self.counts[k].items()) for k in inner]
        if math.prod(len(m) for m in maps) > WORK_LIMIT:
            raise TooLargeError(f"the subgame at {tree.nodes[r].where} has more than "
                                f"{WORK_LIMIT} combinations of equilibrium values below it")
        out: dict[Values, int] = {}
        for combo in itertools.product(*maps):
            stops = {k: v for k, (v, _) in zip(inner, combo)}
            weight = math.prod(n for _, n in combo)
            for prof in self.local.pure(tree, form, r, stops):
                ways = weight * self.free_choices(form, prof)
                if ways:
                    v = outcome(tree, r, [form.plans[i][j] for i, j in enumerate(prof)], stops)
                    out[v] = out.get(v, 0) + ways
        self.counts[r] = out
        self.lists[r] = self.local_list(r, inner, form) if self.listing else None
        n = len(self.lists[r] or ()) if self.lists[r] is not None else sum(out.values())
        self.steps[r] = Step(r, "game", values=tuple(out), equilibria=n)

    def free_choices(self, form, prof: Sequence[int]) -> int:
        """Unreduced pure plans behind a reduced profile that respect the constraint:
        0 if the plan contradicts it, else the product of free unreached choices."""
        ways = 1
        for i, j in enumerate(prof):
            plan = form.plans[i][j]
            for h in form.infosets[i]:
                if h in plan:
                    if h in self.constraint and self.constraint[h] != plan[h]:
                        return 0
                elif h not in self.constraint:
                    ways *= len(self.tree.infosets[h].actions)
        return ways

    def local_list(self, r: int, inner: list[int], form) -> list[Solution] | None:
        tree = self.tree
        lists = [self.lists[k] for k in inner]
        if self.constraint or any(x is None for x in lists) or \
                math.prod(len(x or ()) for x in lists) > LIST_LIMIT:
            return None
        out: list[Solution] = []
        for combo in itertools.product(*(x or () for x in lists)):
            stops = {k: s.value for k, s in zip(inner, combo)}
            local = self.local.solve(tree, form, r, stops)
            if local.continuum:
                self.notes.append(f"the subgame at {tree.nodes[r].where} has a continuum of "
                                  "equilibria; its extreme points are listed")
            if local.incomplete is not None:
                self.partial = True
                self.notes.append(f"the local game of the subgame at {tree.nodes[r].where} "
                                  f"was not solved completely ({local.incomplete}); the "
                                  "subgame-perfect equilibria listed are those built from the "
                                  "equilibria found, and may not be all")
            for eq in local.equilibria:
                below = _merge(combo, {}).written()
                if eq.pure_profile is not None:
                    for beh in self.expand(form, eq.pure_profile):
                        out.append(Solution(tuple(eq.payoffs), below + beh,
                                            all(s.pure for s in combo)))
                else:
                    out.append(Solution(tuple(eq.payoffs), below + self.behavior(form, eq),
                                        False))
                if len(out) > 4 * LIST_LIMIT:
                    return None
        return out

    def expand(self, form, prof: Sequence[int]) -> list[Behavior]:
        """Every unreduced pure behaviour behind a reduced pure profile."""
        fixed: list[tuple[int, int]] = []
        free: list[int] = []
        for i, j in enumerate(prof):
            plan = form.plans[i][j]
            for h in form.infosets[i]:
                (fixed.append((h, plan[h])) if h in plan else free.append(h))
        out: list[Behavior] = []
        for choice in itertools.product(*(range(len(self.tree.infosets[h].actions))
                                          for h in free)):
            pairs = fixed + list(zip(free, choice))
            out.append(tuple(sorted((h, _unit(a, len(self.tree.infosets[h].actions)))
                                    for h, a in pairs)))
        return out

    def behavior(self, form, eq) -> Behavior:
        """Behaviour strategies of a mixed equilibrium of the reduced form (Kuhn): at
        each information set, the probability of each action among the plans that
        reach it; None where no plan in the support reaches it."""
        out = []
        for i in range(self.tree.n_players):
            probs = eq.profile[i]
            for h in form.infosets[i]:
                k = len(self.tree.infosets[h].actions)
                mass: list = [Fraction(0)] * k
                for p, plan in zip(probs, form.plans[i]):
                    if p != 0 and h in plan:
                        mass[plan[h]] = mass[plan[h]] + p
                total = sum(mass)
                out.append((h, tuple(m / total for m in mass) if total else None))
        return tuple(sorted(out))


def _floors(lows: Sequence[Exact | None]) -> list[tuple[bool, Exact | None]]:
    """For each branch a: can the others all be listed (each has a solution), and the
    highest of their lowest listed values (None: no other branch); found from the two
    highest, so that a node of k branches costs k log k, not k squared."""
    missing = [b for b, x in enumerate(lows) if x is None]
    top = sorted((x, b) for b, x in enumerate(lows) if x is not None)[-2:]
    out: list[tuple[bool, Exact | None]] = []
    for a in range(len(lows)):
        ok = not missing or missing == [a]
        rest = [x for x, b in top if b != a]
        out.append((ok, rest[-1] if rest else None))
    return out


def _counts_below(i: int, maps: Sequence[Mapping[Values, int]]
                  ) -> tuple[dict[Exact, int], list[dict[Exact, int]]]:
    """At each value x player `i` gets in some child: the product over all children of the
    equilibria worth at most x to `i`, and each child's own such count; one sorted sweep,
    so that a node with k children costs k log k, not k squared (a child's count at a value
    it reaches is positive, so the others' product is the total divided by its own)."""
    events = sorted((v[i], c, n) for c, m in enumerate(maps) for v, n in m.items() if n)
    level = [0] * len(maps)
    own: list[dict[Exact, int]] = [{} for _ in maps]
    total: dict[Exact, int] = {}
    zeros, prod = len(maps), 1
    for j, (x, c, n) in enumerate(events):
        if level[c]:
            prod = prod // level[c] * (level[c] + n)
        else:
            zeros -= 1
            prod *= n
        level[c] += n
        if j + 1 == len(events) or events[j + 1][0] != x:
            total[x] = 0 if zeros else prod
        own[c][x] = level[c]
    return total, own


def _unit(a: int, k: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(j == a)) for j in range(k))


def _merge(parts: Sequence[Solution], pick: Mapping[int, tuple[int, ...]]) -> _Merged:
    """The behaviour `pick` (infoset -> a pure choice) merged with the parts', written
    out when first read (Solution.behavior)."""
    return _Merged(tuple(parts), tuple((h, tuple(Fraction(x) for x in p))
                                       for h, p in pick.items()))


def _expect(probs: Sequence[Fraction], values: Sequence[Values]) -> Values:
    n = len(values[0])
    return tuple(sum((p * v[i] for p, v in zip(probs, values)), Fraction(0)) for i in range(n))
