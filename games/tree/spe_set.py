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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import TooLargeError
from .model import CHANCE, DECISION, LEAF, Tree
from .reduced import ReducedForm
from .subgames import inner_roots, subgame_roots

if TYPE_CHECKING:
    from .induction import Induction

RingPoly = Any              # a sympy PolyElement over QQ (sympy ships no type stubs)
Embedding = Callable[[tuple[Any, ...], tuple[Any, ...]], dict[int, RingPoly]]
PIECE_LIMIT = 1000          # pieces kept at one node
WORK_LIMIT = 50_000         # (combination, support) pairs examined at one node
SECONDS = 5.0               # default time budget for the whole set
VARIABLE_LIMIT = 60         # mixing probabilities in the whole tree
GRID = (1, 2, 3, 4, 5, 6)   # denominators of the witness grid for non-linear pieces
GRID_POINTS = 5_000         # most grid points tried for one piece


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


@dataclass
class _Piece:
    """A piece during construction: pure choices, mixed supports, conditions (already
    reduced by the eliminations in `subst`) and the value polynomials."""

    pure: dict[int, int]
    mixed: dict[int, tuple[int, ...]]
    eqs: list[RingPoly]
    ineqs: list[RingPoly]
    subst: dict[int, RingPoly]
    value: tuple[RingPoly, ...]
    witness: dict[int, Fraction] | None = None
    linear: bool = True
    local: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)


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
        pieces: dict[int, list[_Piece]] = {}
        for k, node in enumerate(tree.nodes):
            if node.kind == LEAF:
                pieces[k] = [_Piece({}, {}, [], [], {},
                                    tuple(self.R(_qq(v)) for v in node.payoffs), {})]
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
    def chance(self, k: int, pieces: Mapping[int, list[_Piece]]) -> list[_Piece]:
        node = self.tree.nodes[k]
        lists = [pieces[c] for c in node.children]
        _check_size(lists, 1, node.where)
        out = []
        for combo in itertools.product(*lists):
            value = tuple(sum((self.R(_qq(p)) * c.value[i] for p, c in zip(node.probs, combo)),
                              self.R.zero) for i in range(self.tree.n_players))
            merged = _merge(combo, value)
            if merged is not None:
                out.append(merged)
        return out

    def decision(self, k: int, pieces: Mapping[int, list[_Piece]]) -> list[_Piece]:
        node = self.tree.nodes[k]
        i = node.player
        cands = self.candidates[k]
        lists = [pieces[c] for c in node.children]
        supports = [s for n in range(1, len(cands) + 1)
                    for s in itertools.combinations(cands, n)]
        _check_size(lists, len(supports), node.where)
        out: list[_Piece] = []
        for combo in itertools.product(*lists):
            here: list[tuple[tuple[int, ...], _Piece]] = []
            for s in supports:
                self.clock()
                piece = self.support_piece(k, i, combo, s)
                if piece is not None:
                    here.append((s, piece))
            out.extend(_absorb(here, self.own_gens(k), self.embedding_pi(k, i)))
            if len(out) > PIECE_LIMIT:
                raise _TooMany(f"more than {PIECE_LIMIT} pieces at {node.where}")
        return out

    def own_gens(self, k: int) -> set[int]:
        return {j for (_, n, _, _), j in self.gen_of.items() if n == k}

    def support_piece(self, k: int, i: int, combo: Sequence[_Piece],
                      s: tuple[int, ...]) -> _Piece | None:
        """The piece where node k mixes support s over the children's pieces `combo`."""
        R = self.R
        cands = self.candidates[k]
        first = combo[s[0]].value[i]
        eqs = [first - combo[a].value[i] for a in s[1:]]
        ineqs = [first - combo[c].value[i] for c in cands if c not in s]
        if len(s) == 1:
            value = combo[s[0]].value
            probs: list[RingPoly] = []
        else:
            named = [self.gen("action", k, i, a) for a in s[:-1]]
            probs = [*named, R.one - sum(named, R.zero)]
            ineqs.extend(probs)
            value = tuple(sum((p * combo[a].value[j] for p, a in zip(probs, s)), R.zero)
                          for j in range(self.tree.n_players))
        merged = _merge(combo, value, eqs, ineqs)
        if merged is None:
            return None
        if len(s) == 1:
            merged.pure[k] = s[0]
        else:
            merged.mixed[k] = s
        return merged if _settle(merged, R) else None

    # -- subgames with information sets ------------------------------------------------
    def local(self, r: int, pieces: Mapping[int, list[_Piece]]) -> list[_Piece]:
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
        out: list[_Piece] = []
        for combo in itertools.product(*lists):
            values = dict(zip(inner, (c.value for c in combo)))
            pay = {prof: tuple(sum((self.R(_qq(w)) * values[k][i] for k, w in end),
                                   self.R.zero) for i in range(tree.n_players))
                   for prof, end in ends.items()}
            here: list[tuple[tuple[Any, ...], _Piece]] = []
            for sup in profiles:
                self.clock()
                piece = self.profile_piece(r, combo, pay, sup)
                if piece is not None:
                    here.append((tuple((i, j) for i, si in enumerate(sup) for j in si), piece))
            out.extend(_absorb(here, self.own_gens(r), self.embedding_local(r)))
            if len(out) > PIECE_LIMIT:
                raise _TooMany(f"more than {PIECE_LIMIT} pieces at {tree.nodes[r].where}")
        return out

    def sigma(self, r: int, i: int, support: tuple[int, ...]) -> dict[int, RingPoly]:
        """Player i's mixture over its plans of subgame r with this support."""
        R = self.R
        if len(support) == 1:
            return {support[0]: R.one}
        named = [self.gen("plan", r, i, j) for j in support[:-1]]
        return {**dict(zip(support, named)), support[-1]: R.one - sum(named, R.zero)}

    def profile_piece(self, r: int, combo: Sequence[_Piece],
                      pay: Mapping[tuple[int, ...], tuple[RingPoly, ...]],
                      sup: tuple[tuple[int, ...], ...]) -> _Piece | None:
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
        merged = _merge(combo, tuple(value), eqs, ineqs)
        if merged is None:
            return None
        for i in range(n):
            merged.local[(r, i)] = sup[i]
        return merged if _settle(merged, R) else None

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
        R = self.R
        if len(support) == 1:
            return {support[0]: R.one}
        named = [self.gen("action", k, i, a) for a in support[:-1]]
        return {**dict(zip(support, named)), support[-1]: R.one - sum(named, R.zero)}

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
    def finish(self, p: _Piece) -> SetPiece:
        """A built piece in the SPEC's terms: free variables named p1, p2, ..."""
        R = self.R
        named_gens = {self.gen_of[("action", k, self.tree.nodes[k].player, a)]
                      for k, s in p.mixed.items() for a in s[:-1]} | \
            {self.gen_of[("plan", r, i, j)] for (r, i), s in p.local.items()
             if len(s) > 1 for j in s[:-1]}
        free = sorted({j for poly in [*p.eqs, *p.ineqs, *p.value, *p.subst.values()]
                       for j in _gens_in(poly)} | (named_gens - set(p.subst)))
        names = {j: f"p{n + 1}" for n, j in enumerate(free)}
        symbols = [names.get(j, f"g{j}") for j in range(len(R.gens))]

        def shown(probs: Mapping[int, RingPoly]) -> tuple[str, ...]:
            return tuple(_text(_apply(q, p.subst), symbols) for q in probs.values())
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
            equations=tuple(_text(e, symbols) for e in p.eqs),
            inequalities=tuple(_text(e, symbols) for e in p.ineqs),
            payoffs=tuple(_text(v, symbols) for v in p.value),
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


def _check_size(lists: Sequence[Sequence[_Piece]], supports: int, where: str) -> None:
    total = supports
    for lst in [[None], *lists]:
        total *= len(lst)
        if total > WORK_LIMIT:
            raise _TooMany(f"more than {WORK_LIMIT} combinations of pieces at {where}")


# -- pieces: merging, simplifying, deciding -------------------------------------------

def _merge(combo: Sequence[_Piece], value: tuple[RingPoly, ...],
           eqs: Sequence[RingPoly] = (), ineqs: Sequence[RingPoly] = ()) -> _Piece | None:
    """The children's pieces side by side (disjoint variables), plus new conditions
    rewritten by every elimination made below; None when a constant one fails."""
    subst: dict[int, RingPoly] = {}
    for c in combo:
        subst.update(c.subst)
    piece = _Piece({}, {}, [], [], subst, value)
    for c in combo:
        piece.pure.update(c.pure)
        piece.mixed.update(c.mixed)
        piece.local.update(c.local)
        piece.eqs.extend(c.eqs)
        piece.ineqs.extend(c.ineqs)
    # children's conditions and values are already rewritten; new ones may not be
    piece.eqs.extend(_apply(e, subst) for e in eqs)
    piece.ineqs.extend(_apply(e, subst) for e in ineqs)
    piece.value = tuple(_apply(v, subst) for v in value)
    if all(c.witness is not None for c in combo):
        piece.witness = {j: x for c in combo for j, x in (c.witness or {}).items()}
    return piece


def _apply(p: RingPoly, subst: Mapping[int, RingPoly]) -> RingPoly:
    """p with every eliminated variable replaced by its expression."""
    for j in _gens_in(p):
        if j in subst:
            p = p.compose(p.ring.gens[j], subst[j])
    return p


def _gens_in(p: RingPoly) -> set[int]:
    return {j for m in p.monoms() for j, e in enumerate(m) if e}


def _settle(p: _Piece, R: RingPoly) -> bool:
    """Simplify the piece exactly and decide it: False when proved empty; otherwise
    True, with a witness point when one is found."""
    changed = True
    while changed:
        changed = False
        kept = []
        for e in p.eqs:
            if e.is_ground:
                if e != 0:
                    return False
                continue
            j = _linear_gen(e)
            if j is None:
                kept.append(e)
                continue
            g = R.gens[j]
            c = e.diff(g)
            expr = -(e - c * g) * (R.one / c)       # e = c*g + rest = 0
            p.subst = {k: v.compose(g, expr) if j in _gens_in(v) else v
                       for k, v in p.subst.items()}
            p.subst[j] = expr
            p.eqs = [x.compose(g, expr) for x in p.eqs if x is not e]
            p.ineqs = [x.compose(g, expr) for x in p.ineqs]
            p.value = tuple(x.compose(g, expr) for x in p.value)
            changed = True
            break
        if not changed:
            p.eqs = kept
    ineqs: dict[Any, RingPoly] = {}
    for e in p.ineqs:
        if e.is_ground:
            if e and e.LC < 0:
                return False
            continue
        e = _normal(e)
        ineqs[e] = e
    p.eqs = list(dict.fromkeys(_normal(e) for e in p.eqs))
    p.ineqs = list(ineqs.values())
    p.linear = all(sum(m) <= 1 for e in [*p.eqs, *p.ineqs] for m in e.monoms())
    if not p.eqs and not p.ineqs:
        p.witness = {}
        return True
    if p.linear:
        point = _lp_point(p.eqs, p.ineqs)
        if point is None:
            return False
        p.witness = point
        p.ineqs = _irredundant(p.eqs, p.ineqs)
        return True
    if _relaxation_empty(p.eqs, p.ineqs):
        return False
    p.witness = _grid_point(p.eqs, p.ineqs)
    return True


def _linear_gen(e: RingPoly) -> int | None:
    """A variable in which e is linear with a constant coefficient, if any."""
    for j in sorted(_gens_in(e)):
        g = e.ring.gens[j]
        if e.degree(g) == 1:
            c = e.diff(g)
            if c.is_ground:
                return j
    return None


def _normal(e: RingPoly) -> RingPoly:
    """e divided by the absolute value of its leading coefficient (same sign, same set)."""
    lc = e.LC
    return e * (e.ring.one / (lc if lc > 0 else -lc))


def _frac(c: Any) -> Fraction:
    return Fraction(int(c.numerator), int(c.denominator))


def _qq(v: Fraction) -> Any:
    from sympy.polys.domains import QQ
    return QQ(v.numerator, v.denominator)


def _linear_rows(polys: Sequence[RingPoly], cols: list[int]
                 ) -> tuple[list[list[Fraction]], list[Fraction]]:
    """Rows a with a.x + b for each linear polynomial, as (A, constants)."""
    rows, consts = [], []
    for e in polys:
        row = [Fraction(0)] * len(cols)
        const = Fraction(0)
        for m, c in e.terms():
            if sum(m) == 0:
                const = _frac(c)
            else:
                row[cols.index(m.index(1))] = _frac(c)
        rows.append(row)
        consts.append(const)
    return rows, consts


def _lp_point(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]
              ) -> dict[int, Fraction] | None:
    """An exact point with every linear equation = 0 and inequality >= 0, variables
    in [0, 1]; None when there is none."""
    from ..solvers.lp import solve_lp
    cols = sorted({j for e in [*eqs, *ineqs] for j in _gens_in(e)})
    a_eq, b_eq = _linear_rows(eqs, cols)
    a_in, b_in = _linear_rows(ineqs, cols)
    a_ub = [[-x for x in row] for row in a_in] + \
        [[Fraction(int(k == j)) for k in range(len(cols))] for j in range(len(cols))]
    b_ub = b_in + [Fraction(1)] * len(cols)
    res = solve_lp([0] * len(cols), a_ub, b_ub, a_eq or None,
                   [-b for b in b_eq] or None, method="exact")
    if not res.optimal or res.x is None:
        return None
    return dict(zip(cols, res.x))


def _irredundant(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]) -> list[RingPoly]:
    """The linear inequalities without those the others (and the equations) imply:
    an inequality is dropped when its minimum subject to the rest alone (no other
    bound on the variables) is >= 0."""
    from ..solvers.lp import solve_lp
    keep = list(ineqs)
    cols = sorted({j for e in [*eqs, *ineqs] for j in _gens_in(e)})
    for e in list(ineqs):
        rest = [x for x in keep if x is not e]
        a_eq, b_eq = _linear_rows(eqs, cols)
        a_in, b_in = _linear_rows(rest, cols)
        (obj,), (const,) = _linear_rows([e], cols)
        a_ub = [[-x for x in row] for row in a_in]
        res = solve_lp([-x for x in obj], a_ub or None, b_in or None, a_eq or None,
                       [-b for b in b_eq] or None, free=range(len(cols)), method="exact")
        if res.optimal and res.objective is not None and const - res.objective >= 0:
            keep = rest
    return keep


def _relaxation_empty(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]) -> bool:
    """True when even the linear relaxation (each product of variables a fresh
    variable in [0, 1], as every product of probabilities is) has no point: a proof
    that the piece is empty."""
    from ..solvers.lp import solve_lp
    monos = sorted({m for e in [*eqs, *ineqs] for m, _ in e.terms() if sum(m)})
    index = {m: j for j, m in enumerate(monos)}

    def rows(polys: Sequence[RingPoly]) -> tuple[list[list[Fraction]], list[Fraction]]:
        out, consts = [], []
        for e in polys:
            row = [Fraction(0)] * len(monos)
            const = Fraction(0)
            for m, c in e.terms():
                if sum(m):
                    row[index[m]] = _frac(c)
                else:
                    const = _frac(c)
            out.append(row)
            consts.append(const)
        return out, consts
    a_eq, b_eq = rows(eqs)
    a_in, b_in = rows(ineqs)
    a_ub = [[-x for x in row] for row in a_in] + \
        [[Fraction(int(k == j)) for k in range(len(monos))] for j in range(len(monos))]
    res = solve_lp([0] * len(monos), a_ub, b_in + [Fraction(1)] * len(monos),
                   a_eq or None, [-b for b in b_eq] or None, method="exact")
    return res.status == "infeasible"


def _grid_point(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]
                ) -> dict[int, Fraction] | None:
    """A point of a small rational grid meeting every condition exactly, if any."""
    cols = sorted({j for e in [*eqs, *ineqs] for j in _gens_in(e)})
    values = sorted({Fraction(a, d) for d in GRID for a in range(d + 1)})
    if len(values) ** len(cols) > GRID_POINTS:
        return None
    for point in itertools.product(values, repeat=len(cols)):
        at = dict(zip(cols, point))
        if all(_eval(e, at) == 0 for e in eqs) and all(_eval(e, at) >= 0 for e in ineqs):
            return at
    return None


def _eval(p: RingPoly, at: Mapping[int, Fraction]) -> Fraction:
    total = Fraction(0)
    for m, c in p.terms():
        term = _frac(c)
        for j, e in enumerate(m):
            if e:
                term *= at.get(j, Fraction(0)) ** e
        total += term
    return total


def _absorb(here: list[tuple[tuple[Any, ...], _Piece]], own: set[int],
            embed: Embedding) -> list[_Piece]:
    """Drop the piece of a support S' when the piece of a larger support S (same
    pieces below) contains it: each of S's conditions, at S''s probabilities (`embed`),
    is constant and true or is one of S''s conditions, and S's eliminations below are
    S''s (e.g. a neutral tie: one piece, any mixture)."""
    out = []
    for s, p in here:
        if not any(set(s) < set(t) and _contains(q, p, embed(t, s), own)
                   for t, q in here):
            out.append(p)
    return out


def _contains(big: _Piece, small: _Piece, at: Mapping[int, RingPoly], own: set[int]) -> bool:
    """A sufficient test that every point of `small` is a point of `big`."""
    if any(j not in small.subst or small.subst[j] != v
           for j, v in big.subst.items() if j not in own):
        return False
    defined = [e.ring.gens[j] - e for j, e in big.subst.items() if j in own]
    eqs = {_key(e) for e in small.eqs}
    ineqs = {_key(e) for e in small.ineqs}

    def moved(e: RingPoly) -> RingPoly:
        for j, v in at.items():
            if j in _gens_in(e):
                e = e.compose(e.ring.gens[j], v)
        return _apply(e, small.subst)
    for e in [*big.eqs, *defined]:
        e = moved(e)
        if not (e == 0 or _key(e) in eqs):
            return False
    for e in big.ineqs:
        e = moved(e)
        if e.is_ground:
            if e and e.LC < 0:
                return False
        elif not (_key(e) in ineqs or _key(e) in eqs or _key(-e) in eqs):
            return False
    return True


def _key(e: RingPoly) -> RingPoly:
    return e if e.is_ground else _normal(e)


def _text(p: RingPoly, symbols: Sequence[str]) -> str:
    """A polynomial as text in the given variable names (sympy syntax)."""
    from ..numbers import exact_str
    if p.is_ground:
        return exact_str(_frac(p.LC) if p else Fraction(0))
    parts = []
    for m, c in sorted(p.terms(), key=lambda t: (-sum(t[0]), t[0])):
        coeff = _frac(c)
        names = "*".join(symbols[j] if e == 1 else f"{symbols[j]}**{e}"
                         for j, e in enumerate(m) if e)
        if not names:
            term = exact_str(abs(coeff))
        elif abs(coeff) == 1:
            term = names
        else:
            term = f"{exact_str(abs(coeff))}*{names}"
        parts.append(("-" if coeff < 0 else "+", term))
    if parts[0][0] == "-":              # "1 - p1" rather than "-p1 + 1"
        lead = next((n for n, (sign, _) in enumerate(parts) if sign == "+"), 0)
        parts.insert(0, parts.pop(lead))
    first_sign, first = parts[0]
    text = ("-" if first_sign == "-" else "") + first
    for sign, term in parts[1:]:
        text += f" {sign} {term}"
    return text
