"""Everything about a tree at once: its subgame-perfect equilibria, the Nash
equilibria of its reduced strategic form, and which of those rest on threats that
are not credible (with the threat in words).

A pure Nash equilibrium of the reduced form is subgame perfect iff some subgame-
perfect equilibrium agrees with its plans: backward induction restricted to those
plans (`backward_induction(tree, constraint)`) counts them. When none exists, the
deepest subgame where the restricted count drops to zero holds the failing threat:
there the planned action is worse, for the mover, than another action whatever the
(restricted) continuation. A mixed equilibrium of a perfect-information tree is
subgame perfect iff, at every node its behaviour reaches a decision on, every action
it plays is optimal against the behaviour below (one-shot deviations); otherwise
(imperfect information, or a node its plans leave open) the verdict is left open.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..equilibrium import Equilibrium, EquilibriumSet
from ..numbers import Exact, exact_str
from .induction import Induction, NormalFormGames, Solution, Solved, backward_induction
from .model import CHANCE, DECISION, LEAF, Tree
from .reduced import ReducedForm
from .subgames import subgame_roots

if TYPE_CHECKING:
    from ..model import Game
    from ..ordinal.tree_readings import TreeReadings
    from ..ordinal.tree_ranks import TreeRankReading
    from .spe_set import SetPiece, SPESet


@dataclass(frozen=True)
class Threat:
    """A plan in a Nash equilibrium that is not credible."""

    equilibrium: int            # 1-based index into the Nash equilibria
    player: str
    at: str                     # information set name
    threat: str                 # the planned action
    best: tuple[str, ...]       # what the player would rather do there
    text: str

    def to_dict(self) -> dict:
        return {"equilibrium": self.equilibrium, "player": self.player, "at": self.at,
                "threat": self.threat, "best": list(self.best), "text": self.text}


@dataclass(frozen=True)
class NashOutcome:
    """The Nash equilibria of the reduced form that share a path of play: `path` the
    actions while play is determined, `then` what happens where it stops being so
    ('' at a leaf, else e.g. 'chance moves at /a' or 'Russia mixes at /a'), `low` and
    `high` each player's least and greatest payoff among them (equal when they share
    one payoff vector), `equilibria` their 1-based indices, `perfect` how many are
    subgame perfect and `undetermined` how many are left open."""

    path: tuple[str, ...]
    then: str
    low: tuple[Exact, ...]
    high: tuple[Exact, ...]
    equilibria: tuple[int, ...]
    perfect: int
    undetermined: int = 0

    @property
    def payoffs(self) -> tuple[Exact, ...] | None:
        """The one payoff vector they share, or None when they differ."""
        return self.low if self.low == self.high else None


@dataclass(frozen=True)
class ThreatGroup:
    """One non-credible threat and every Nash equilibrium that rests on it."""

    player: str
    at: str
    threat: str
    best: tuple[str, ...]
    text: str
    equilibria: tuple[int, ...]

    def to_dict(self) -> dict:
        return {"player": self.player, "at": self.at, "threat": self.threat,
                "best": list(self.best), "text": self.text,
                "equilibria": len(self.equilibria)}


NASH_LISTED = 100       # up to this many Nash equilibria, each threat's text is repeated


@dataclass(frozen=True)
class TreeReport:
    """Subgame-perfect equilibria, Nash equilibria marked, non-credible threats."""

    tree: Tree
    form: ReducedForm
    induction: Induction
    nash: EquilibriumSet
    perfect: tuple[bool | None, ...]            # per Nash equilibrium
    threats: tuple[Threat, ...]
    ordinal: TreeRankReading | None = None      # ranked leaves (payoffs_are: ranks)
    readings: TreeReadings | None = None        # ... whose SPE depend on the numbers
    spe_set: SPESet | None = None               # every SPE, mixed included, as sets

    def outcomes(self) -> tuple[NashOutcome, ...]:
        """The Nash equilibria grouped by path of play: those whose path ends in a leaf
        by path and payoffs, the others by where play stops being determined."""
        groups: dict[tuple[tuple[str, ...], str, tuple[Any, ...] | None], list[int]] = {}
        for k, eq in enumerate(self.nash, 1):
            behavior = nash_behavior(self.tree, self.form, eq)
            path = tuple(play_path(self.tree, behavior))
            then = _stop(self.tree, path)
            groups.setdefault((path, then, None if then else tuple(eq.payoffs)),
                              []).append(k)
        out = []
        for (path, then, _), ks in groups.items():
            pays = [self.nash[k - 1].payoffs for k in ks]
            low = tuple(min(v[i] for v in pays) for i in range(self.tree.n_players))
            high = tuple(max(v[i] for v in pays) for i in range(self.tree.n_players))
            out.append(NashOutcome(path, then, low, high, tuple(ks),
                                   sum(1 for k in ks if self.perfect[k - 1]),
                                   sum(1 for k in ks if self.perfect[k - 1] is None)))
        return tuple(out)

    def threat_groups(self) -> tuple[ThreatGroup, ...]:
        """The non-credible threats, each once, with the equilibria resting on it."""
        groups: dict[tuple[str, str, str, tuple[str, ...], str], list[int]] = {}
        for t in self.threats:
            groups.setdefault((t.player, t.at, t.threat, t.best, t.text), []).append(
                t.equilibrium)
        return tuple(ThreatGroup(*key, tuple(ks)) for key, ks in groups.items())

    def to_dict(self, game: Game | None = None) -> dict:
        """The SPEC's `subgame_perfect` and `noncredible` entries (with `tree_ordinal` for
        ranked leaves: whether the SPE are rank-invariant), plus the Nash
        equilibria summarised by path and payoffs and the threats grouped (each
        threat's text is kept per equilibrium only up to NASH_LISTED of them, so that
        thousands of equilibria do not repeat it thousands of times)."""
        ind = self.induction
        eqs = ind.equilibria
        small = len(self.nash) <= NASH_LISTED
        groups = self.threat_groups()
        index = {(g.player, g.at, g.threat, g.best, g.text): n for n, g in enumerate(groups)}
        noncredible = []
        for t in self.threats:
            d = t.to_dict()
            d["group"] = index[(t.player, t.at, t.threat, t.best, t.text)]
            if not small:
                del d["text"]
            noncredible.append(d)
        extra = {} if self.ordinal is None else {"tree_ordinal": {
            **self.ordinal.to_dict(),
            **({} if self.readings is None else
               {"readings": self.readings.to_dict(self.tree)})}}
        return {**extra,
            "subgame_perfect": {
                "pure_count": str(ind.pure_count),
                "equilibria": ([] if eqs is None else
                               [solution_dict(self.tree, s) for s in eqs])
                + mixed_set_entries(self.tree, self.spe_set),
                "listed": ind.listed,
                "values": [{"payoffs": _payoffs(self.tree, v), "pure_count": str(n)}
                           for v, n in ind.root_values.items()],
                "ties": [self.tree.nodes[k].where for k in ind.ties],
                **_mixing_dict(self.tree, ind),
                **({} if self.spe_set is None else
                   {"sets": spe_set_dict(self.tree, self.spe_set)}),
                "notes": list(ind.notes),
            },
            "nash_subgame_perfect": [p for p in self.perfect],
            "nash_outcomes": [_outcome_dict(self.tree, o) for o in self.outcomes()],
            "noncredible": noncredible,
            "noncredible_groups": [g.to_dict() for g in groups],
        }


def _payoffs(tree: Tree, v: Sequence[Any]) -> dict[str, str]:
    return {p: exact_str(x) for p, x in zip(tree.players, v)}


def _mixing_dict(tree: Tree, ind: Induction) -> dict:
    """`mixing`: each one-node mixing slice of the SPE set (games.tree.mixing), with
    `mixing_complete` saying whether they and the pure SPE are the whole set (null
    when not computed: imperfect information, or too many SPE to list)."""
    from .mixing import mixed_ties
    m = mixed_ties(tree, ind)
    out = []
    for s in m.slices:
        node = tree.nodes[s.node]
        ps = [f"p{j + 1}" for j in range(len(s.actions))]
        out.append({
            "at": tree.infosets[node.infoset].name, "player": tree.players[node.player],
            "actions": [node.actions[a] for a in s.actions], "equilibrium": s.base + 1,
            "variables": {p: node.actions[a] for p, a in zip(ps, s.actions)},
            "neutral": s.neutral,
            "interval": None if s.interval is None else [exact_str(v) for v in s.interval],
            "inequalities": [" + ".join([f"{exact_str(c)}*{p}" for c, p in zip(co, ps) if c]
                                        + [exact_str(k)]) + " >= 0"
                             for co, k in s.inequalities]})
    return {"mixing": out, "mixing_complete": m.complete if m.applicable else None}


def spe_set_dict(tree: Tree, result: SPESet) -> dict:
    """`sets`: the whole SPE set as pieces (games.tree.spe_set), each in the SPEC's
    piece terms (`fixed`, `variables`, `equations`, `inequalities` as `expr >= 0`)
    plus `behavior` (each mixing node's probabilities as expressions in the
    variables), `plans` (in a subgame with information sets, each player's mixture
    over its plans there), `payoffs` (expressions) and `witness` (one exact point, or
    null)."""
    return {"computed": result.applicable, "complete": result.applicable,
            "settled": result.settled, "reason": result.reason,
            "pieces": [piece_dict(tree, result, piece) for piece in result.pieces]}


def mixed_set_entries(tree: Tree, result: SPESet | None) -> list[dict]:
    """The SPE in which someone mixes, for `subgame_perfect.equilibria` (SPEC: mixed
    ones listed beside the pure, components stated as sets): one entry of kind "set"
    per piece of the SPE set that mixes, `behavior` giving every node's probabilities
    (1 for the fixed ones, expressions in the piece's variables for the others)."""
    if result is None or not result.applicable:
        return []
    out = []
    for piece in result.pieces:
        if not piece.mixes:
            continue
        d = piece_dict(tree, result, piece)
        behavior: dict[str, dict[str, dict[str, str]]] = {}
        for part in (d["fixed"], d["behavior"]):
            for player, nodes in part.items():
                behavior.setdefault(player, {}).update(nodes)
        out.append({"kind": "set", **d, "behavior": behavior})
    return out


def piece_dict(tree: Tree, result: SPESet, piece: SetPiece) -> dict:
    """One piece of the SPE set in the SPEC's piece terms (see spe_set_dict)."""
    fixed: dict[str, dict[str, dict[str, str]]] = {}
    for k, a in piece.pure:
        node = tree.nodes[k]
        fixed.setdefault(tree.players[node.player], {})[
            tree.infosets[node.infoset].name] = {node.actions[a]: "1"}
    behavior: dict[str, dict[str, dict[str, str]]] = {}
    for (k, support), (_, probs) in zip(piece.mixed, piece.behavior):
        node = tree.nodes[k]
        behavior.setdefault(tree.players[node.player], {})[
            tree.infosets[node.infoset].name] = {node.actions[a]: q
                                                for a, q in zip(support, probs)}
    named = dict(result.plan_names)
    plans: dict[str, dict[str, dict[str, str]]] = {}
    for r, i, support, probs in piece.local:
        names = named[r][i]
        plans.setdefault(tree.players[i], {})[f"plans at {tree.nodes[r].where}"] = {
            names[j]: q for j, q in zip(support, probs)}
    variables = {}
    for name, (kind, k, i, a) in zip(piece.variables, piece.variable_of):
        node = tree.nodes[k]
        variables[name] = [tree.players[i], tree.infosets[node.infoset].name,
                           node.actions[a]] if kind == "action" else \
            [tree.players[i], f"plans at {node.where}", named[k][i][a]]
    return {
        "fixed": fixed, "behavior": behavior, "plans": plans, "variables": variables,
        "equations": list(piece.equations),
        "inequalities": [f"{e} >= 0" for e in piece.inequalities],
        "payoffs": dict(zip(tree.players, piece.payoffs)),
        "witness": None if piece.witness is None else
        {v: exact_str(x) for v, x in zip(piece.variables, piece.witness)},
        "linear": piece.linear}


def _outcome_dict(tree: Tree, o: NashOutcome) -> dict:
    d: dict[str, Any] = {"path": list(o.path), "then": o.then}
    if o.payoffs is not None:
        d["payoffs"] = _payoffs(tree, o.payoffs)
    else:
        d["payoff_range"] = {p: [exact_str(a), exact_str(b)]
                             for p, a, b in zip(tree.players, o.low, o.high)}
    d.update(equilibria=len(o.equilibria), subgame_perfect=o.perfect,
             undetermined=o.undetermined)
    return d


def _stop(tree: Tree, path: Sequence[str]) -> str:
    """Where play stops being determined after `path`: '' at a leaf."""
    node = tree.root
    for a in path:
        node = tree.nodes[node.children[node.actions.index(a)]]
    if node.kind == LEAF:
        return ""
    if node.kind == CHANCE:
        return f"chance moves at {node.where}"
    return f"{tree.players[node.player]} mixes at {node.where}"


def solution_dict(tree: Tree, s: Solution) -> dict:
    """One subgame-perfect equilibrium as the SPEC's JSON object."""
    behavior: dict[str, dict[str, dict[str, str]]] = {p: {} for p in tree.players}
    for h, probs in s.behavior:
        info = tree.infosets[h]
        who = tree.players[info.player]
        behavior[who][info.name] = {"any": "1"} if probs is None else \
            {a: exact_str(p) for a, p in zip(info.actions, probs) if p != 0}
    return {"kind": "pure" if s.pure else "mixed",
            "behavior": {p: b for p, b in behavior.items() if b},
            "path": play_path(tree, dict(s.behavior)),
            "payoffs": _payoffs(tree, s.value)}


def play_path(tree: Tree, behavior: Mapping[int, Sequence[Exact] | None]) -> list[str]:
    """Actions along the path of play while it is determined (stops at chance nodes
    and mixtures)."""
    out: list[str] = []
    node = tree.root
    while node.kind == DECISION:
        probs = behavior.get(node.infoset)
        if probs is None or sum(1 for p in probs if p != 0) != 1:
            break
        a = next(j for j, p in enumerate(probs) if p != 0)
        out.append(node.actions[a])
        node = tree.nodes[node.children[a]]
    return out


def analyze_tree(game: Game, nash: EquilibriumSet | None = None, readings: int = 200,
                 seed: int | None = 0) -> TreeReport:
    """The tree report of a game loaded from a tree (`game.tree`, `game.scenario.form`);
    `nash`: the reduced form's equilibria when already solved. A ranked tree whose
    subgame-perfect equilibria depend on the numbers gets `readings` cardinal readings
    drawn (`games.ordinal.tree_readings`, seeded by `seed`)."""
    from ..errors import GameError
    from ..solve import solve
    from .scenario import TreeScenario
    tree, scenario = game.tree, game.scenario
    if tree is None or not isinstance(scenario, TreeScenario):
        raise GameError("a tree report needs a game read from a game tree")
    form: ReducedForm = scenario.form
    nash = nash if nash is not None else solve(game)
    induction = backward_induction(tree, local=NormalFormGames(_solved(form, game, nash)))
    perfect: list[bool | None] = []
    threats: list[Threat] = []
    for k, eq in enumerate(nash, 1):
        verdict, threat = classify(tree, form, eq, k)
        perfect.append(verdict)
        if threat is not None:
            threats.append(threat)
    spec = scenario.spec
    ordinal = drawn = None
    if getattr(spec, "payoffs_are", "cardinal") == "ranks":
        from ..ordinal.tree_ranks import tree_rank_reading
        ordinal = tree_rank_reading(tree)
        if not ordinal.invariant and readings > 0:
            from ..ordinal.tree_readings import tree_readings
            drawn = tree_readings(tree, readings, seed)
    from .spe_set import spe_set
    return TreeReport(tree, form, induction, nash, tuple(perfect), tuple(threats), ordinal,
                      drawn, spe_set(tree, induction))


def _solved(form: ReducedForm, game: Game, nash: EquilibriumSet) -> Solved:
    """The solved reduced form for the root's local game: its equilibria only when
    they are the complete, exact set of this very form (not of a form with its copies
    merged, not cut by a deadline)."""
    whole = nash.complete and nash.exact and all(
        len(part) == m for eq in nash for part, m in zip(eq.profile, game.shape))
    return Solved(form, game, nash if whole else None)


def classify(tree: Tree, form: ReducedForm, eq: Equilibrium, index: int
             ) -> tuple[bool | None, Threat | None]:
    """Is a Nash equilibrium of the reduced form subgame perfect? (and if not, why)"""
    prof = eq.pure_profile
    if prof is None:
        if subgame_roots(tree) == [0]:      # the whole game is the only subgame
            return True, None
        return _mixed_verdict(tree, form, eq, index)
    constraint: dict[int, int] = {}
    for i, j in enumerate(prof):
        constraint.update(form.plans[i][j])
    ind = backward_induction(tree, constraint, listing=False)
    if ind.pure_count:
        return True, None
    return False, _threat(tree, constraint, ind, index)


def _threat(tree: Tree, constraint: dict[int, int], ind: Induction, index: int
            ) -> Threat | None:
    """The failing threat at the deepest subgame without a restricted equilibrium."""
    r = ind.failed
    if r is None:
        return None
    node, step = tree.nodes[r], ind.steps.get(r)
    # a decision whose options induction listed (a perfect-information step); a
    # subgame solved as a local game (moves below it share information) has none
    if node.kind != DECISION or node.infoset not in constraint or step is None or \
            step.kind != "decision" or len(tree.infosets[node.infoset].nodes) != 1:
        who = tree.players[node.player] if node.kind == DECISION else "some player"
        return Threat(index, who, node.where, "", (),
                      f"the plans are not an equilibrium of the subgame at {node.where}: "
                      f"{who} would deviate there")
    i, a = node.player, constraint[node.infoset]
    planned = max(step.options[a]) if step.options[a] else None
    better = [b for b, opts in enumerate(step.options)
              if b != a and opts and planned is not None and min(opts) > planned]
    name = tree.players[i]
    info = tree.infosets[node.infoset]
    if not better or planned is None:
        return Threat(index, name, info.name, node.actions[a], (),
                      f"{name}'s plan to {node.actions[a]} at {info.name} is not credible")
    b = max(better, key=lambda x: min(step.options[x]))
    text = (f"{name}'s plan to {node.actions[a]} at {info.name} is not credible: at that "
            f"point {node.actions[b]} gives {name} {exact_str(min(step.options[b]))} > "
            f"{exact_str(planned)}")
    return Threat(index, name, info.name, node.actions[a],
                  tuple(node.actions[x] for x in better), text)


def nash_behavior(tree: Tree, form: ReducedForm, eq: Equilibrium) -> dict[int, list[Exact]]:
    """The behaviour strategies of an equilibrium of the reduced form (Kuhn): at each
    information set some plan in the support reaches, each action's probability among
    those plans."""
    behavior: dict[int, list[Exact]] = {}
    for i in range(tree.n_players):
        support = [(p, plan) for p, plan in zip(eq.profile[i], form.plans[i]) if p != 0]
        for h in form.infosets[i]:
            k = len(tree.infosets[h].actions)
            mass: list[Any] = [Fraction(0)] * k
            for p, plan in support:
                if h in plan:
                    mass[plan[h]] = mass[plan[h]] + p
            total = sum(mass)
            if total != 0:
                behavior[h] = [m / total for m in mass]
    return behavior


def _mixed_verdict(tree: Tree, form: ReducedForm, eq: Equilibrium, index: int
                   ) -> tuple[bool | None, Threat | None]:
    """One-shot deviation test of a mixed equilibrium on a perfect-information tree."""
    if not tree.is_perfect_information():
        return None, None
    behavior = nash_behavior(tree, form, eq)
    values: dict[int, Any] = {}
    for k in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[k]
        if node.kind == LEAF:
            values[k] = node.payoffs
        elif node.kind == CHANCE:
            values[k] = tuple(sum(p * values[c][i] for p, c in zip(node.probs, node.children))
                              for i in range(tree.n_players))
        else:
            probs = behavior.get(node.infoset)
            if probs is None:
                return None, None
            i = node.player
            best = max(values[c][i] for c in node.children)
            for a, (p, c) in enumerate(zip(probs, node.children)):
                if p != 0 and values[c][i] < best:
                    who = tree.players[i]
                    b = next(x for x, c2 in enumerate(node.children) if values[c2][i] == best)
                    return False, Threat(
                        index, who, tree.infosets[node.infoset].name, node.actions[a],
                        (node.actions[b],),
                        f"{who}'s plan to {node.actions[a]} at {node.where} is not credible: "
                        f"at that point {node.actions[b]} gives {who} {exact_str(best)} > "
                        f"{exact_str(values[c][i])}")
            values[k] = tuple(sum(p * values[c][j] for p, c in zip(probs, node.children))
                              for j in range(tree.n_players))
    return True, None
