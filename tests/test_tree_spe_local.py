"""Every subgame-perfect equilibrium when subgames have information sets
(games.tree.spe_set: a subgame solved through its reduced form, its equilibria a
continuum or several, each carried upward), against independent oracles:

- a brute force over behaviour profiles on a rational grid (every information set's
  probabilities with denominators 1..4): a profile is subgame perfect iff in every
  subgame (a node whose subtree holds every node of every information set it touches)
  no player gains by any pure deviation of its own, all computed here from the tree
  data. On the grid, the profiles the pieces contain are exactly those it accepts;
- pygambit: every piece's witness, as a behaviour profile, has zero regret
  (`max_regret`) in the whole game and in every subgame, each rebuilt node for node
  as a pygambit tree; and for stage games every extreme equilibrium that pygambit's
  `enummixed_solve` and `lcp_solve` find lies in one of the pieces.

In these trees each player has at most one information set in each subgame's own
part, so a plan of that part is an action and the pieces' plan mixtures are
behaviour; the test asserts that structure.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tree import imperfect_trees
from test_tree_spe_set import distributions, evaluate, leaf, make, move, polynomial
from tree_oracle import gambit_game, subgames

from games.tree.model import CHANCE, DECISION, LEAF, SpecNode
from games.tree.spe_set import spe_set

GRID_LIMIT = 3000


def stage(pays, info="s", first=0):
    """Player `first` picks a row, the other a column without seeing it."""
    rows = tuple(f"r{a}" for a in range(len(pays)))
    cols = tuple(f"c{b}" for b in range(len(pays[0])))
    kids = tuple(SpecNode(DECISION, cols, tuple(leaf(*cell) if isinstance(cell, tuple)
                                                else cell for cell in row),
                          player=1 - first, info=info) for row in pays)
    return SpecNode(DECISION, rows, kids, player=first)


# ---------------------------------------------------------------- the brute force

def value(tree, x, beh):
    node = tree.nodes[x]
    if node.kind == LEAF:
        return node.payoffs
    probs = node.probs if node.kind == CHANCE else beh[node.infoset]
    out = [Fraction(0)] * tree.n_players
    for p, c in zip(probs, node.children):
        if p:
            v = value(tree, c, beh)
            for i in range(tree.n_players):
                out[i] += p * v[i]
    return tuple(out)


def nash_at(tree, x, beh) -> bool:
    base = value(tree, x, beh)
    inside = range(x, tree.nodes[x].end)
    for i in range(tree.n_players):
        mine = sorted({tree.nodes[k].infoset for k in inside
                       if tree.nodes[k].kind == DECISION and tree.nodes[k].player == i})
        for choice in itertools.product(*(range(len(tree.infosets[h].actions))
                                          for h in mine)):
            dev = dict(beh)
            for h, a in zip(mine, choice):
                dev[h] = tuple(Fraction(int(b == a))
                               for b in range(len(tree.infosets[h].actions)))
            if value(tree, x, dev)[i] > base[i]:
                return False
    return True


def is_spe(tree, beh) -> bool:
    return all(nash_at(tree, x, beh) for x in subgames(tree))


def grid(tree):
    axes = [distributions(len(h.actions)) for h in tree.infosets]
    size = 1
    for a in axes:
        size *= len(a)
    if size > GRID_LIMIT:
        return None
    return [dict(enumerate(combo)) for combo in itertools.product(*axes)]


def own_infoset(tree, r, i) -> int:
    """Player i's one information set in the part of subgame r above its proper
    subgames (asserted unique)."""
    roots = set(subgames(tree))
    found = set()
    stack = [r]
    while stack:
        k = stack.pop()
        node = tree.nodes[k]
        if node.kind == LEAF or (k in roots and k != r):
            continue
        if node.kind == DECISION and node.player == i:
            found.add(node.infoset)
        stack.extend(node.children)
    assert len(found) == 1, found
    return found.pop()


class Member:
    """Exact membership of a behaviour profile in one piece."""

    def __init__(self, tree, piece):
        self.tree, self.piece = tree, piece
        names = piece.variables
        self.mixed = [(k, s, [polynomial(t, names) for t in probs])
                      for (k, s), (_, probs) in zip(piece.mixed, piece.behavior)]
        self.local = [(own_infoset(tree, r, i), s, [polynomial(t, names) for t in probs])
                      for r, i, s, probs in piece.local]
        self.eqs = [polynomial(t, names) for t in piece.equations]
        self.ineqs = [polynomial(t, names) for t in piece.inequalities]
        self.var_sets = [tree.nodes[k].infoset if kind == "action" else own_infoset(tree, k, i)
                         for kind, k, i, _ in piece.variable_of]

    def __contains__(self, beh) -> bool:
        tree, piece = self.tree, self.piece
        for k, a in piece.pure:
            if beh[tree.nodes[k].infoset][a] != 1:
                return False
        point = [beh[h][a] for h, (_, _, _, a) in zip(self.var_sets, piece.variable_of)]
        sets = [(tree.nodes[k].infoset, s, probs) for k, s, probs in self.mixed] + self.local
        for h, support, probs in sets:
            mine = beh[h]
            if any(mine[b] != 0 for b in range(len(mine)) if b not in support):
                return False
            if any(mine[a] != evaluate(t, point) for a, t in zip(support, probs)):
                return False
        return all(evaluate(e, point) == 0 for e in self.eqs) and \
            all(evaluate(e, point) >= 0 for e in self.ineqs)

    def witness(self):
        tree, piece = self.tree, self.piece
        beh = {}
        for k, a in piece.pure:
            beh[tree.nodes[k].infoset] = tuple(Fraction(int(b == a))
                                               for b in range(len(tree.nodes[k].actions)))
        sets = [(tree.nodes[k].infoset, s, probs) for k, s, probs in self.mixed] + self.local
        for h, support, probs in sets:
            vec = [Fraction(0)] * len(tree.infosets[h].actions)
            for a, t in zip(support, probs):
                vec[a] = evaluate(t, piece.witness)
            beh[h] = tuple(vec)
        for h, info in enumerate(tree.infosets):      # a set with one action: no choice
            if len(info.actions) == 1:
                beh.setdefault(h, (Fraction(1),))
        assert len(beh) == len(tree.infosets)
        return beh


# ---------------------------------------------------------------- pygambit



def gambit_regret_zero(tree, beh) -> bool:
    import pygambit as gbt
    for x in subgames(tree):
        g, sets = gambit_game(tree, x)
        prof = g.mixed_behavior_profile(rational=True)
        for h, theirs in sets.items():
            for action, p in zip(theirs.actions, beh[h]):
                prof[action] = gbt.Rational(p.numerator, p.denominator)
        if prof.max_regret() != 0:
            return False
    return True


def gambit_extreme_points(tree):
    """pygambit's enummixed and lcp equilibria of the whole game, as behaviour."""
    import pygambit as gbt
    g, sets = gambit_game(tree, 0)
    out = []
    for solver in (gbt.nash.enummixed_solve, gbt.nash.lcp_solve):
        for eq in solver(g, rational=True).equilibria:
            beh = eq.as_behavior() if hasattr(eq, "as_behavior") else eq
            out.append({h: tuple(Fraction(str(beh[a])) for a in theirs.actions)
                        for h, theirs in sets.items()})
    return out


def check(tree, extreme: bool = False):
    result = spe_set(tree)
    assert result.applicable, result.reason
    members = [Member(tree, p) for p in result.pieces]
    for piece, member in zip(result.pieces, members):
        if piece.witness is not None:
            beh = member.witness()
            assert beh in member
            assert is_spe(tree, beh), piece
            assert gambit_regret_zero(tree, beh), piece
    points = grid(tree)
    if points is not None:
        for beh in points:
            assert is_spe(tree, beh) == any(beh in m for m in members), beh
    if extreme:
        for beh in gambit_extreme_points(tree):
            assert any(beh in m for m in members), beh
    return result


# ---------------------------------------------------------------- cases

def indifferent_column():
    """The column player is indifferent everywhere: the row player's choice depends on
    q (probability of c0): r0 earns 2q, r1 earns 1. A continuum: (r0, q >= 1/2),
    (r1, q <= 1/2), (any mixture, q = 1/2)."""
    return stage([[(2, 1), (0, 1)], [(1, 0), (1, 0)]])


def test_stage_game_continuum_stated_as_sets():
    result = check(make(indifferent_column()), extreme=True)
    assert len(result.pieces) == 3 and result.settled
    got = sorted(p.inequalities for p in result.pieces)
    assert got == sorted([("p1 - 1/2", "1 - p1"), ("1/2 - p1", "p1"), ("p1", "1 - p1")])


def test_continuum_carried_upward():
    """A compares `out` (3/2) with the stage: out when q <= 3/4 or A plays r1, in when
    A plays r0 with q >= 3/4, and A mixes out and in at q = 3/4 (five pieces)."""
    result = check(make(move(0, out=leaf("3/2", 0), into=indifferent_column())))
    assert len(result.pieces) == 5


def test_several_equilibria_carried_upward():
    """Battle of the sexes behind an outside option: three stage equilibria, each
    compared with the option."""
    bos = stage([[(3, 1), (0, 0)], [(0, 0), (1, 3)]])
    result = check(make(move(0, out=leaf(2, 2), into=bos)), extreme=False)
    assert len(result.pieces) == 3


def test_tie_below_a_stage_game_feeds_it():
    """A perfect-information tie under a stage outcome (B indifferent between l and r,
    which changes A's payoff) makes the stage's payoffs depend on B's mixture there."""
    tie = move(1, l=leaf(3, 1), r=leaf(0, 1))
    result = check(make(stage([[tie, (1, 0)], [(2, 0), (1, 1)]])))
    assert any(p.mixed and p.local for p in result.pieces)


def test_matching_pennies_after_chance():
    pennies = stage([[(1, 0), (0, 1)], [(0, 1), (1, 0)]])
    result = check(make(SpecNode(CHANCE, ("x", "y"), (pennies, leaf(0, 0)),
                                 probs=tuple(__import__("games.expressions", fromlist=["const"])
                                             .const(Fraction(p)) for p in ("1/2", "1/2")))))
    assert len(result.pieces) == 1
    assert result.pieces[0].witness == ()


@st.composite
def stage_games(draw):
    """2x2 stage games, payoffs in {0, 1, 2} (ties frequent), behind an optional
    outside option of either player."""
    cell = st.tuples(st.integers(0, 2), st.integers(0, 2))
    pays = [[draw(cell) for _ in range(2)] for _ in range(2)]
    game = stage(pays)
    if draw(st.booleans()):
        return game
    return move(draw(st.integers(0, 1)), out=leaf(draw(st.integers(0, 2)),
                                                  draw(st.integers(0, 2))), into=game)


@settings(max_examples=40, deadline=None)
@given(stage_games())
def test_random_stage_games(root):
    tree = make(root)
    check(tree, extreme=tree.root.kind == DECISION and len(subgames(tree)) == 1)


@settings(max_examples=25, deadline=None)
@given(imperfect_trees())
def test_random_imperfect_trees_with_ties(root):
    tree = make(root)
    if grid(tree) is None:
        return
    check(tree)


@pytest.mark.parametrize("n", [2, 3])
def test_pure_count_agrees_with_backward_induction(n):
    """The pure profiles in the pieces are the pure SPE backward induction counts."""
    from games.tree.induction import backward_induction
    pays = [[(a == b, a == b) for b in range(n)] for a in range(n)]
    tree = make(stage([[tuple(int(x) for x in c) for c in row] for row in pays]))
    members = [Member(tree, p) for p in check(tree).pieces]
    pure = 0
    for combo in itertools.product(*(range(len(h.actions)) for h in tree.infosets)):
        beh = {h: tuple(Fraction(int(b == a)) for b in range(len(tree.infosets[h].actions)))
               for h, a in enumerate(combo)}
        pure += any(beh in m for m in members)
    assert pure == backward_induction(tree).pure_count == n
