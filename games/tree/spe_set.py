"""Every subgame-perfect equilibrium of a perfect-information tree, mixed ones
included, as a finite union of exactly described sets.

A behaviour profile of a perfect-information tree (chance nodes allowed) is subgame
perfect iff at every decision node each action it plays with positive probability
maximises the mover's value given the behaviour below (one-shot deviations). So the
SPE set of a subtree is built from its children's: at a decision node x of player i,
pick one piece of every child's set and a support S of x's actions; the profiles
where x mixes S (probabilities p_a >= 0, summing to 1) are subgame perfect iff

    V_a[i] = V_b[i] for a, b in S   and   V_a[i] >= V_c[i] for a in S, c not in S,

where V_c is child c's value, a polynomial in the mixing probabilities below c. A
chance node combines one piece per child, its value the exact expectation. Each
piece is thus: which nodes play purely and what, which mix over which support, and
polynomial equations and inequalities in the mixing probabilities. Ties at several
nodes at once (nested or independent) are covered: the set is never sampled.

A subgame with information sets (a simultaneous-move stage, a Bayesian game) is a
game in its own right: its largest proper subgames are cut, and for every choice of
one piece of each, the reduced strategic form of what remains (plans of the players,
payoffs polynomials in the pieces' probabilities) is solved by support enumeration in
the same terms: each player mixes a support of plans, every plan in it earns the
same, none outside earns more. So continua of equilibria of such a subgame, and
several equilibria, are carried upward as pieces, never as sample points; a player's
mixture there is stated over its plans of that subgame (by Kuhn's theorem, the
behaviour it induces).

Pieces are closed (p_a >= 0) and may overlap; a piece whose tie conditions hold
identically absorbs the pieces of smaller supports at the same node (a neutral tie
is one piece "any mixture"). Only actions that can be optimal in some SPE get
probabilities: a child whose mover value is below another child's in every profile
(bounds from the leaves, tightened bottom-up) is never played.

Each piece is simplified exactly: an equation linear in some probability with a
constant coefficient eliminates that probability (so "4*q - 3 = 0" fixes q = 3/4),
constant conditions are decided, and a piece is dropped only when proved empty:
by a constant condition, by the exact LP (games.solvers.lp) when every condition is
linear, or by the LP relaxation in which each product of probabilities is replaced
by a fresh variable in [0, 1]. A kept piece carries an exact witness point (a
profile of it, checked) when one is found: the LP's point, or a point of a small
rational grid for non-linear conditions; `SPESet.settled` says whether every piece
has one.
"""
from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import TooLargeError
from .model import CHANCE, DECISION, LEAF, Tree
from .reduced import ReducedForm
from .spe_pieces import (DraftPiece, Embedding, RingPoly, absorb, apply_subst, gens_in, merge,
                         poly_text, qq, settle)
from .subgames import inner_roots, subgame_roots

if TYPE_CHECKING:
    from .induction import Induction

PIECE_LIMIT = 1000          # pieces kept at one node
WORK_LIMIT = 50_000         # (combination, support) pairs examined at one node
SECONDS = 5.0               # default time budget for the whole set
VARIABLE_LIMIT = 60         # mixing probabilities in the whole tree


@dataclass(frozen=True)
class SetPiece:
    """One piece of the SPE set. `pure`: (node, action) of each perfect-information
    node played purely; `mixed`: (node, support) of each such node mixing its support;
    `behavior`: per mixed node, the probability of each support action as an
    expression in the free variables `variables` (p1, p2, ...); `local`: per subgame
    with information sets (its root) and player, the support of plans of that
    subgame's reduced form (`games.tree.reduced`) and their probabilities; every
    profile with those probabilities satisfying `equations` (= 0) and `inequalities`
    (>= 0) is subgame perfect. `variable_of`: what each variable is the probability
    of, ("action", node, player, action) or ("plan", subgame root, player, plan).
    `payoffs`: the value per player as an expression; `witness`: exact values of the
    variables at one profile of the piece (None when none was found: the piece is not
    proved nonempty); `linear`: every condition is linear."""

    pure: tuple[tuple[int, int], ...]
    mixed: tuple[tuple[int, tuple[int, ...]], ...]
    behavior: tuple[tuple[int, tuple[str, ...]], ...]
    variables: tuple[str, ...]
    variable_of: tuple[tuple[str, int, int, int], ...]
    equations: tuple[str, ...]
    inequalities: tuple[str, ...]
    payoffs: tuple[str, ...]
    witness: tuple[Fraction, ...] | None
    linear: bool
    local: tuple[tuple[int, int, tuple[int, ...], tuple[str, ...]], ...] = ()

    @property
    def mixes(self) -> bool:
        """Someone mixes in this piece."""
        return bool(self.mixed) or any(len(s) > 1 for _, _, s, _ in self.local)


@dataclass(frozen=True)
class SPESet:
    """The SPE set as pieces. `applicable`: computed (within the limits; `reason` says
    why not otherwise); `settled`: every piece has a witness; `plan_names`: per subgame
    with information sets (its root), each player's plan names there (what `local`
    indexes)."""

    pieces: tuple[SetPiece, ...]
    applicable: bool
    settled: bool
    reason: str = ""
    plan_names: tuple[tuple[int, tuple[tuple[str, ...], ...]], ...] = ()   # per subgame

    @property
    def mixed(self) -> tuple[SetPiece, ...]:
        """The pieces in which someone mixes."""
        return tuple(p for p in self.pieces if p.mixes)




class _TooMany(Exception):
    """The set needs more pieces, work or variables than the limits allow."""


def spe_set(tree: Tree, ind: Induction | None = None, seconds: float = SECONDS) -> SPESet:
    """Every SPE of `tree` as exact pieces (see the module). `ind`: the tree's
    backward induction, when known (a tree whose pure SPE are too many to list is not
    expanded); beyond `seconds` the set is not computed (`reason` says so)."""
    if ind is not None and ind.equilibria is None:
        return SPESet((), False, False, "too many subgame-perfect equilibria to list")
    try:
        return _Builder(tree, time.monotonic() + seconds).run()
    except (_TooMany, TooLargeError) as exc:
        return SPESet((), False, False, str(exc))


class _Builder:
    def __init__(self, tree: Tree, deadline: float) -> None:
        from .reduced import reduced_form
        self.tree = tree
        self.deadline = deadline
        roots = subgame_roots(tree)
        root_set = set(roots)
        self.roots = roots
        self.inner: dict[int, list[int]] = {}
        self.kind: dict[int, str] = {}
        self.forms: dict[int, ReducedForm] = {}
        for r in roots:
            node = tree.nodes[r]
            inner = inner_roots(tree, r, root_set)
            self.inner[r] = inner
            direct = set(inner) == set(node.children)
            if node.kind == DECISION and direct and \
                    len(tree.infosets[node.infoset].nodes) == 1:
                self.kind[r] = DECISION
            elif node.kind == CHANCE and direct:
                self.kind[r] = CHANCE
            else:
                self.kind[r] = "local"
                zero = tuple(Fraction(0) for _ in tree.players)
                self.forms[r] = reduced_form(tree, r, {k: zero for k in inner})
        self.candidates = _candidates(tree, {r for r, k in self.kind.items() if k == DECISION})
        gens: list[tuple[str, int, int, int]] = []
        for k, acts in sorted(self.candidates.items()):
            if len(acts) > 1:
                gens.extend(("action", k, tree.nodes[k].player, a) for a in acts)
        for r, form in sorted(self.forms.items()):
            for i, plans in enumerate(form.plans):
                if len(plans) > 1:
                    gens.extend(("plan", r, i, j) for j in range(len(plans)))
        if len(gens) > VARIABLE_LIMIT:
            raise _TooMany(f"more than {VARIABLE_LIMIT} mixing probabilities")
        self.gen_of = {g: j for j, g in enumerate(gens)}
        self.gens_info = gens
        from sympy.polys.domains import QQ
        from sympy.polys.orderings import grevlex
        from sympy.polys.rings import ring
        self.R = ring(",".join(f"g{j}" for j in range(max(1, len(gens)))), QQ, grevlex)[0]

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise _TooMany("the time budget for the set ran out")

    def gen(self, kind: str, node: int, player: int, index: int) -> RingPoly:
        return self.R.gens[self.gen_of[(kind, node, player, index)]]

    def run(self) -> SPESet:
        tree = self.tree
        pieces: dict[int, list[DraftPiece]] = {}
        for k, node in enumerate(tree.nodes):
            if node.kind == LEAF:
                pieces[k] = [DraftPiece({}, {}, [], [], {},
                                    tuple(self.R(qq(v)) for v in node.payoffs), {})]
        for r in sorted(self.roots, reverse=True):
            kind = self.kind[r]
            pieces[r] = self.chance(r, pieces) if kind == CHANCE else \
                self.decision(r, pieces) if kind == DECISION else self.local(r, pieces)
            for c in self.inner[r]:
                del pieces[c]
        root = pieces[0]
        out = tuple(self.finish(p) for p in root)
        return SPESet(out, True, all(p.witness is not None for p in out), "",
                      tuple((r, f.names) for r, f in sorted(self.forms.items())))

    # -- combining children ---------------------------------------------------------
    def chance(self, k: int, pieces: Mapping[int, list[DraftPiece]]) -> list[DraftPiece]:
        node = self.tree.nodes[k]
        lists = [pieces[c] for c in node.children]
        _check_size(lists, 1, node.where)
        out = []
        for combo in itertools.product(*lists):
            value = tuple(sum((self.R(qq(p)) * c.value[i] for p, c in zip(node.probs, combo)),
                              self.R.zero) for i in range(self.tree.n_players))
            out.append(merge(combo, value))
        return out

    def decision(self, k: int, pieces: Mapping[int, list[DraftPiece]]) -> list[DraftPiece]:
        node = self.tree.nodes[k]
        i = node.player
        cands = self.candidates[k]
        lists = [pieces[c] for c in node.children]
        supports = [s for n in range(1, len(cands) + 1)
                    for s in itertools.combinations(cands, n)]
        _check_size(lists, len(supports), node.where)
        out: list[DraftPiece] = []
        for combo in itertools.product(*lists):
            here: list[tuple[tuple[int, ...], DraftPiece]] = []
            for s in supports:
                self.clock()
                piece = self.support_piece(k, i, combo, s)
                if piece is not None:
                    here.append((s, piece))
            out.extend(absorb(here, self.own_gens(k), self.embedding_pi(k, i)))
            if len(out) > PIECE_LIMIT:
                raise _TooMany(f"more than {PIECE_LIMIT} pieces at {node.where}")
        return out

    def own_gens(self, k: int) -> set[int]:
        return {j for (_, n, _, _), j in self.gen_of.items() if n == k}

    def support_piece(self, k: int, i: int, combo: Sequence[DraftPiece],
                      s: tuple[int, ...]) -> DraftPiece | None:
        """The piece where node k mixes support s over the children's pieces `combo`."""
        R = self.R
        cands = self.candidates[k]
        first = combo[s[0]].value[i]
        eqs = [first - combo[a].value[i] for a in s[1:]]
        ineqs = [first - combo[c].value[i] for c in cands if c not in s]
        if len(s) == 1:
            value = combo[s[0]].value
        else:
            probs = self.probs_pi(k, i, s)
            ineqs.extend(probs.values())
            value = tuple(sum((p * combo[a].value[j] for a, p in probs.items()), R.zero)
                          for j in range(self.tree.n_players))
        merged = merge(combo, value, eqs, ineqs)
        if len(s) == 1:
            merged.pure[k] = s[0]
        else:
            merged.mixed[k] = s
        return merged if settle(merged, R) else None

    # -- subgames with information sets ------------------------------------------------
    def local(self, r: int, pieces: Mapping[int, list[DraftPiece]]) -> list[DraftPiece]:
        """The pieces of a subgame with information sets: per choice of one piece of
        each subgame cut below it, every support profile of plans of what remains."""
        from .reduced import reach
        tree = self.tree
        form = self.forms[r]
        inner = self.inner[r]
        lists = [pieces[k] for k in inner]
        _check_size(lists, math.prod(2 ** n - 1 for n in form.shape), tree.nodes[r].where)
        cut = set(inner)
        ends = {prof: reach(tree, r, [form.plans[i][j] for i, j in enumerate(prof)], cut)
                for prof in itertools.product(*(range(n) for n in form.shape))}
        supports = [[sup for n in range(1, len(plans) + 1)
                     for sup in itertools.combinations(range(len(plans)), n)]
                    for plans in form.plans]
        profiles = list(itertools.product(*supports))
        out: list[DraftPiece] = []
        for combo in itertools.product(*lists):
            values = dict(zip(inner, (c.value for c in combo)))
            pay = {prof: tuple(sum((self.R(qq(w)) * values[k][i] for k, w in end),
                                   self.R.zero) for i in range(tree.n_players))
                   for prof, end in ends.items()}
            here: list[tuple[tuple[Any, ...], DraftPiece]] = []
            for sup in profiles:
                self.clock()
                piece = self.profile_piece(r, combo, pay, sup)
                if piece is not None:
                    here.append((tuple((i, j) for i, si in enumerate(sup) for j in si), piece))
            out.extend(absorb(here, self.own_gens(r), self.embedding_local(r)))
            if len(out) > PIECE_LIMIT:
                raise _TooMany(f"more than {PIECE_LIMIT} pieces at {tree.nodes[r].where}")
        return out

    def mixture(self, kind: str, at: int, i: int, support: tuple[int, ...]
                ) -> dict[int, RingPoly]:
        """Player i's probabilities over `support` (kind "action": the actions of node
        `at`; "plan": its plans of subgame `at`), each named but the last, which is 1
        minus the others."""
        R = self.R
        if len(support) == 1:
            return {support[0]: R.one}
        named = [self.gen(kind, at, i, j) for j in support[:-1]]
        return {**dict(zip(support, named)), support[-1]: R.one - sum(named, R.zero)}

    def sigma(self, r: int, i: int, support: tuple[int, ...]) -> dict[int, RingPoly]:
        """Player i's mixture over its plans of subgame r with this support."""
        return self.mixture("plan", r, i, support)

    def profile_piece(self, r: int, combo: Sequence[DraftPiece],
                      pay: Mapping[tuple[int, ...], tuple[RingPoly, ...]],
                      sup: tuple[tuple[int, ...], ...]) -> DraftPiece | None:
        """The piece where each player mixes its support `sup[i]` of plans of subgame r:
        every plan in it earns the same, none outside earns more."""
        R = self.R
        n = self.tree.n_players
        shape = self.forms[r].shape
        sig = [self.sigma(r, i, sup[i]) for i in range(n)]
        eqs: list[RingPoly] = []
        ineqs: list[RingPoly] = []
        for i in range(n):
            if shape[i] == 1:
                continue
            earn = {}
            for j in range(shape[i]):
                total = R.zero
                for others in itertools.product(*(sup[k] if k != i else (j,)
                                                  for k in range(n))):
                    w = R.one
                    for k in range(n):
                        if k != i:
                            w = w * sig[k][others[k]]
                    total += w * pay[others][i]
                earn[j] = total
            first = earn[sup[i][0]]
            eqs.extend(first - earn[j] for j in sup[i][1:])
            ineqs.extend(first - earn[j] for j in range(shape[i]) if j not in sup[i])
            if len(sup[i]) > 1:
                ineqs.extend(sig[i].values())
        value = [R.zero] * n
        for prof in itertools.product(*sup):
            w = R.one
            for k in range(n):
                w = w * sig[k][prof[k]]
            for j in range(n):
                value[j] += w * pay[prof][j]
        merged = merge(combo, tuple(value), eqs, ineqs)
        for i in range(n):
            merged.local[(r, i)] = sup[i]
        return merged if settle(merged, R) else None

    # -- containment, for absorbing smaller supports ---------------------------------
    def embedding_pi(self, k: int, i: int) -> Embedding:
        """How a piece of a larger support at node k sees a point of a smaller one:
        each of its probabilities at k as the smaller piece's probability."""
        def embed(big: tuple[Any, ...], small: tuple[Any, ...]) -> dict[int, RingPoly]:
            probs = self.probs_pi(k, i, small)
            return {self.gen_of[("action", k, i, a)]: probs.get(a, self.R.zero)
                    for a in big[:-1]} if len(big) > 1 else {}
        return embed

    def probs_pi(self, k: int, i: int, support: tuple[int, ...]) -> dict[int, RingPoly]:
        """Player i's mixture over the actions of node k with this support."""
        return self.mixture("action", k, i, support)

    def embedding_local(self, r: int) -> Embedding:
        def embed(big: tuple[Any, ...], small: tuple[Any, ...]) -> dict[int, RingPoly]:
            out: dict[int, RingPoly] = {}
            for i in range(self.tree.n_players):
                b = tuple(j for p, j in big if p == i)
                sm = tuple(j for p, j in small if p == i)
                if len(b) > 1:
                    probs = self.sigma(r, i, sm)
                    out.update({self.gen_of[("plan", r, i, j)]: probs.get(j, self.R.zero)
                                for j in b[:-1]})
            return out
        return embed

    # -- the result -----------------------------------------------------------------
    def finish(self, p: DraftPiece) -> SetPiece:
        """A built piece in the SPEC's terms: free variables named p1, p2, ..."""
        R = self.R
        named_gens = {self.gen_of[("action", k, self.tree.nodes[k].player, a)]
                      for k, s in p.mixed.items() for a in s[:-1]} | \
            {self.gen_of[("plan", r, i, j)] for (r, i), s in p.local.items()
             if len(s) > 1 for j in s[:-1]}
        free = sorted({j for poly in [*p.eqs, *p.ineqs, *p.value, *p.subst.values()]
                       for j in gens_in(poly)} | (named_gens - set(p.subst)))
        names = {j: f"p{n + 1}" for n, j in enumerate(free)}
        symbols = [names.get(j, f"g{j}") for j in range(len(R.gens))]

        def shown(probs: Mapping[int, RingPoly]) -> tuple[str, ...]:
            return tuple(poly_text(apply_subst(q, p.subst), symbols) for q in probs.values())
        behavior = [(k, shown(self.probs_pi(k, self.tree.nodes[k].player, s)))
                    for k, s in sorted(p.mixed.items())]
        local = [(r, i, s, shown(self.sigma(r, i, s))) for (r, i), s in sorted(p.local.items())
                 if self.forms[r].shape[i] > 1]
        witness = None
        if p.witness is not None:
            witness = tuple(p.witness.get(j, Fraction(0)) for j in free)
        return SetPiece(
            pure=tuple(sorted(p.pure.items())), mixed=tuple(sorted(p.mixed.items())),
            behavior=tuple(behavior), variables=tuple(names[j] for j in free),
            variable_of=tuple(self.gens_info[j] for j in free),
            equations=tuple(poly_text(e, symbols) for e in p.eqs),
            inequalities=tuple(poly_text(e, symbols) for e in p.ineqs),
            payoffs=tuple(poly_text(v, symbols) for v in p.value),
            witness=witness, linear=p.linear, local=tuple(local))


# -- which actions can be optimal ----------------------------------------------------

def _candidates(tree: Tree, deciders: set[int]) -> dict[int, tuple[int, ...]]:
    """Per perfect-information decision node in `deciders` (subgame roots whose
    children root subgames), the actions some SPE may play: those whose mover value
    can reach the largest lower bound among the children. Bounds over every SPE are
    computed bottom-up from the leaves (any action counts elsewhere)."""
    lo: dict[int, tuple[Fraction, ...]] = {}
    hi: dict[int, tuple[Fraction, ...]] = {}
    out: dict[int, tuple[int, ...]] = {}
    n = tree.n_players
    for k in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[k]
        if node.kind == LEAF:
            lo[k] = hi[k] = node.payoffs
            continue
        kids = node.children
        if node.kind == CHANCE:
            lo[k] = tuple(sum((p * lo[c][j] for p, c in zip(node.probs, kids)), Fraction(0))
                          for j in range(n))
            hi[k] = tuple(sum((p * hi[c][j] for p, c in zip(node.probs, kids)), Fraction(0))
                          for j in range(n))
            continue
        cands = tuple(range(len(kids)))
        if k in deciders:
            i = node.player
            floor = max(lo[c][i] for c in kids)
            cands = tuple(a for a, c in enumerate(kids) if hi[c][i] >= floor)
            out[k] = cands
        lo[k] = tuple(min(lo[kids[a]][j] for a in cands) for j in range(n))
        hi[k] = tuple(max(hi[kids[a]][j] for a in cands) for j in range(n))
    return out


def _check_size(lists: Sequence[Sequence[DraftPiece]], supports: int, where: str) -> None:
    total = supports
    for lst in [[None], *lists]:
        total *= len(lst)
        if total > WORK_LIMIT:
            raise _TooMany(f"more than {WORK_LIMIT} combinations of pieces at {where}")
