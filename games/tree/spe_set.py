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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .model import CHANCE, DECISION, LEAF, Tree

if TYPE_CHECKING:
    from .induction import Induction

RingPoly = Any              # a sympy PolyElement over QQ (sympy ships no type stubs)
PIECE_LIMIT = 1000          # pieces kept at one node
WORK_LIMIT = 50_000         # (combination, support) pairs examined at one node
VARIABLE_LIMIT = 60         # mixing probabilities in the whole tree
GRID = (1, 2, 3, 4, 5, 6)   # denominators of the witness grid for non-linear pieces
GRID_POINTS = 20_000        # most grid points tried for one piece


@dataclass(frozen=True)
class SetPiece:
    """One piece of the SPE set. `pure`: (node, action) of each decision node played
    purely; `mixed`: (node, support) of each node mixing its support; `behavior`: per
    mixed node, the probability of each support action as an expression in the free
    variables `variables` (p1, p2, ...; `variable_of` gives each one's (node, action));
    every profile with those probabilities satisfying `equations` (= 0) and
    `inequalities` (>= 0) is subgame perfect. `payoffs`: the value per player as an
    expression; `witness`: exact values of the variables at one profile of the piece
    (None when none was found: the piece is not proved nonempty); `linear`: every
    condition is linear."""

    pure: tuple[tuple[int, int], ...]
    mixed: tuple[tuple[int, tuple[int, ...]], ...]
    behavior: tuple[tuple[int, tuple[str, ...]], ...]
    variables: tuple[str, ...]
    variable_of: tuple[tuple[int, int], ...]
    equations: tuple[str, ...]
    inequalities: tuple[str, ...]
    payoffs: tuple[str, ...]
    witness: tuple[Fraction, ...] | None
    linear: bool

    @property
    def dimension_bound(self) -> int:
        """Free variables (the piece's dimension when it has no equations)."""
        return len(self.variables)


@dataclass(frozen=True)
class SPESet:
    """The SPE set as pieces. `applicable`: computed (a perfect-information tree within
    the limits; `reason` says why not otherwise); `settled`: every piece has a witness."""

    pieces: tuple[SetPiece, ...]
    applicable: bool
    settled: bool
    reason: str = ""

    @property
    def mixed(self) -> tuple[SetPiece, ...]:
        """The pieces in which someone mixes."""
        return tuple(p for p in self.pieces if p.mixed)


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


class _TooMany(Exception):
    """The set needs more pieces, work or variables than the limits allow."""


def spe_set(tree: Tree, ind: Induction | None = None) -> SPESet:
    """Every SPE of a perfect-information `tree` as exact pieces (see the module).
    `ind`: the tree's backward induction, when known (a tree whose pure SPE are too
    many to list is not expanded)."""
    if not tree.is_perfect_information():
        return SPESet((), False, False, "the tree has information sets with several nodes")
    if ind is not None and ind.equilibria is None:
        return SPESet((), False, False, "too many subgame-perfect equilibria to list")
    try:
        return _Builder(tree).run()
    except _TooMany as exc:
        return SPESet((), False, False, str(exc))


class _Builder:
    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.candidates = _candidates(tree)
        gens: list[tuple[int, int]] = []
        for k, acts in sorted(self.candidates.items()):
            if len(acts) > 1:
                gens.extend((k, a) for a in acts)
        if len(gens) > VARIABLE_LIMIT:
            raise _TooMany(f"more than {VARIABLE_LIMIT} mixing probabilities")
        self.gen_of = {g: j for j, g in enumerate(gens)}
        self.gens_info = gens
        from sympy.polys.domains import QQ
        from sympy.polys.orderings import grevlex
        from sympy.polys.rings import ring
        self.R = ring(",".join(f"g{j}" for j in range(max(1, len(gens)))), QQ, grevlex)[0]

    def run(self) -> SPESet:
        tree = self.tree
        pieces: dict[int, list[_Piece]] = {}
        for k in range(len(tree.nodes) - 1, -1, -1):
            node = tree.nodes[k]
            if node.kind == LEAF:
                pieces[k] = [_Piece({}, {}, [], [], {},
                                    tuple(self.R(_qq(v)) for v in node.payoffs), {})]
            elif node.kind == CHANCE:
                pieces[k] = self.chance(k, pieces)
            else:
                pieces[k] = self.decision(k, pieces)
            for c in node.children:
                del pieces[c]
        root = pieces[0]
        out = tuple(self.finish(p) for p in root)
        return SPESet(out, True, all(p.witness is not None for p in out))

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
                piece = self.support_piece(k, i, combo, s)
                if piece is not None:
                    here.append((s, piece))
            out.extend(_absorb(here, self.own_gens(k)))
            if len(out) > PIECE_LIMIT:
                raise _TooMany(f"more than {PIECE_LIMIT} pieces at {node.where}")
        return out

    def own_gens(self, k: int) -> set[int]:
        return {j for (n, _), j in self.gen_of.items() if n == k}

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
            named = [R.gens[self.gen_of[(k, a)]] for a in s[:-1]]
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

    # -- the result -----------------------------------------------------------------
    def finish(self, p: _Piece) -> SetPiece:
        """A built piece in the SPEC's terms: free variables named p1, p2, ..."""
        R = self.R
        free = sorted({j for poly in [*p.eqs, *p.ineqs, *p.value, *p.subst.values()]
                       for j in _gens_in(poly)}
                      | {self.gen_of[(k, a)] for k, s in p.mixed.items() for a in s[:-1]
                         if self.gen_of[(k, a)] not in p.subst})
        names = {j: f"p{n + 1}" for n, j in enumerate(free)}
        symbols = [names.get(j, f"g{j}") for j in range(len(R.gens))]
        behavior = []
        for k, s in sorted(p.mixed.items()):
            named = [p.subst.get(self.gen_of[(k, a)], R.gens[self.gen_of[(k, a)]])
                     for a in s[:-1]]
            probs = [*named, R.one - sum(named, R.zero)]
            behavior.append((k, tuple(_text(q, symbols) for q in probs)))
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
            witness=witness, linear=p.linear)


# -- which actions can be optimal ----------------------------------------------------

def _candidates(tree: Tree) -> dict[int, tuple[int, ...]]:
    """Per decision node, the actions some SPE may play: those whose mover value can
    reach the largest lower bound among the children (bounds over every SPE,
    computed bottom-up from the leaves)."""
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
        i = node.player
        floor = max(lo[c][i] for c in kids)
        cands = tuple(a for a, c in enumerate(kids) if hi[c][i] >= floor)
        out[k] = cands
        lo[k] = tuple(min(lo[kids[a]][j] for a in cands) for j in range(n))
        hi[k] = tuple(max(hi[kids[a]][j] for a in cands) for j in range(n))
    assert all(tree.nodes[k].kind == DECISION for k in out)
    return out


def _check_size(lists: Sequence[Sequence[_Piece]], supports: int, where: str) -> None:
    total = supports
    for lst in lists:
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


def _absorb(here: list[tuple[tuple[int, ...], _Piece]], own: set[int]) -> list[_Piece]:
    """Drop the piece of a support S' when the piece of a larger support S (same
    children's pieces) contains it: S's conditions other than its own probabilities'
    bounds are among S''s (e.g. a neutral tie: one piece, any mixture)."""
    def rest(p: _Piece) -> set[Any]:
        return {("e", e) for e in p.eqs if not (_gens_in(e) & own)} | \
            {("i", e) for e in p.ineqs if not (_gens_in(e) & own)} | \
            {("s", j, v) for j, v in p.subst.items()}
    keys = [rest(p) for _, p in here]
    out = []
    for n, (s, p) in enumerate(here):
        if any(set(s) < set(t) and keys[m] <= keys[n] and
               not any(_gens_in(e) & own for e in q.eqs)
               for m, (t, q) in enumerate(here)):
            continue
        out.append(p)
    return out


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
