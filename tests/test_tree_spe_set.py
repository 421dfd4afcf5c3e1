"""Every subgame-perfect equilibrium of a perfect-information tree, mixed ones included
(games.tree.spe_set), against two independent oracles written here:

- a brute force over behaviour profiles on a rational grid (every decision node's
  probabilities with denominators 1..4): a profile is subgame perfect iff at every
  node each action played with positive probability is optimal for the mover given
  the behaviour below (one-shot deviations, checked exactly). On the grid, the
  profiles the pieces contain are exactly those the brute force accepts; every
  piece's witness (which may lie off the grid) passes the brute force too;
- pygambit's `enumpure_agent_solve` on every subgame: a pure profile of a
  perfect-information tree is subgame perfect iff in every subgame it is a pure
  equilibrium of the agent form (no profitable one-node deviation there). The pure
  profiles in the pieces are exactly those.

Trees: hand-made ones with two independent non-neutral ties, nested ties, and ties
whose mixtures enter a player's condition as a product (a non-linear piece), and
hypothesis-generated trees with payoffs in {0, 1} (ties everywhere) and chance nodes.
The membership test parses the pieces' expressions with sympy (test code only).
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from test_tree import trees
from test_tree_mixing import is_spe
from tree_oracle import gambit_game

from games.expressions import const
from games.tree.model import CHANCE, DECISION, LEAF, SpecNode, TreeSpec
from games.tree.spe_set import spe_set

GRID_LIMIT = 4000


# ---------------------------------------------------------------- building trees

def leaf(*pay):
    return SpecNode(LEAF, payoffs=tuple(const(Fraction(x)) for x in pay))


def move(player, **kids):
    return SpecNode(DECISION, tuple(kids), tuple(kids.values()), player=player)


def chance(**kids):
    return SpecNode(CHANCE, tuple(kids), tuple(n for _, n in kids.values()),
                    probs=tuple(const(Fraction(p)) for p, _ in kids.values()))


def make(root, players=("A", "B")):
    return TreeSpec("t", players, {}, root).tree()


# ---------------------------------------------------------------- the oracles

def distributions(k: int) -> list[tuple[Fraction, ...]]:
    """Probability vectors over k actions with a common denominator 1..4."""
    out = set()
    for d in (1, 2, 3, 4):
        for parts in itertools.product(range(d + 1), repeat=k - 1):
            if sum(parts) <= d:
                out.add(tuple(Fraction(x, d) for x in (*parts, d - sum(parts))))
    return sorted(out)


def grid(tree):
    deciders = [n for n in tree.nodes if n.kind == DECISION]
    axes = [distributions(len(n.actions)) for n in deciders]
    size = 1
    for a in axes:
        size *= len(a)
    if size > GRID_LIMIT:
        return None
    return [{n.infoset: p for n, p in zip(deciders, combo)}
            for combo in itertools.product(*axes)]


def polynomial(text: str, names):
    """A piece's expression as (monomial, Fraction) terms (sympy, test only)."""
    import sympy
    syms = sympy.symbols(list(names)) if names else []
    expr = sympy.parse_expr(text, local_dict={str(s): s for s in syms})
    if not syms:
        return [((), Fraction(str(expr)))]
    poly = sympy.Poly(expr, *syms)
    return [(m, Fraction(int(c.p), int(c.q))) for m, c in poly.terms()]


def evaluate(terms, point) -> Fraction:
    total = Fraction(0)
    for m, c in terms:
        for x, e in zip(point, m):
            c *= x ** e
        total += c
    return total


class Member:
    """Exact membership of a behaviour profile in one piece."""

    def __init__(self, tree, piece):
        self.tree = tree
        self.piece = piece
        names = piece.variables
        self.behavior = [(k, [polynomial(t, names) for t in probs])
                         for k, probs in piece.behavior]
        self.eqs = [polynomial(t, names) for t in piece.equations]
        self.ineqs = [polynomial(t, names) for t in piece.inequalities]

    def __contains__(self, beh) -> bool:
        tree, piece = self.tree, self.piece
        for k, a in piece.pure:
            if beh[tree.nodes[k].infoset][a] != 1:
                return False
        assert not piece.local, "membership by behaviour is for perfect information"
        point = [beh[tree.nodes[k].infoset][a] for _, k, _, a in piece.variable_of]
        for (k, support), (_, probs) in zip(piece.mixed, self.behavior):
            mine = beh[tree.nodes[k].infoset]
            if any(mine[b] != 0 for b in range(len(mine)) if b not in support):
                return False
            if any(mine[a] != evaluate(t, point) for a, t in zip(support, probs)):
                return False
        return all(evaluate(e, point) == 0 for e in self.eqs) and \
            all(evaluate(e, point) >= 0 for e in self.ineqs)


def witness_profile(tree, piece, member):
    """The behaviour profile at a piece's witness point."""
    beh = {}
    for k, a in piece.pure:
        beh[tree.nodes[k].infoset] = tuple(Fraction(int(b == a))
                                           for b in range(len(tree.nodes[k].actions)))
    for (k, support), (_, probs) in zip(piece.mixed, member.behavior):
        vec = [Fraction(0)] * len(tree.nodes[k].actions)
        for a, t in zip(support, probs):
            vec[a] = evaluate(t, piece.witness)
        beh[tree.nodes[k].infoset] = tuple(vec)
    return beh


def gambit_pure_spe(tree) -> set[tuple[tuple[int, int], ...]]:
    """Pure SPE by pygambit: the pure profiles that are agent-form equilibria
    (enumpure_agent_solve) of every subgame, each subgame built node for node."""
    per_root = {}
    for x, node in enumerate(tree.nodes):
        if node.kind != LEAF:
            per_root[x] = _agent_equilibria(tree, x)
    deciders = [n for n in tree.nodes if n.kind == DECISION]
    out = set()
    for combo in itertools.product(*(range(len(n.actions)) for n in deciders)):
        prof = {n.id: a for n, a in zip(deciders, combo)}
        if all(tuple(sorted((k, prof[k]) for k in range(x, tree.nodes[x].end)
                            if k in prof)) in eqs for x, eqs in per_root.items()):
            out.add(tuple(sorted(prof.items())))
    return out


def _agent_equilibria(tree, x):
    """pygambit's pure agent-form equilibria of the subtree at x, as (node, action)."""
    import pygambit as gbt
    g, sets = gambit_game(tree, x)
    ours = {k: sets[tree.nodes[k].infoset] for k in range(x, tree.nodes[x].end)
            if tree.nodes[k].kind == DECISION}
    out = set()
    for eq in gbt.nash.enumpure_agent_solve(g).equilibria:
        prof = []
        for k, info in ours.items():
            acts = list(info.actions)
            prof.append((k, next(j for j, a in enumerate(acts) if eq[a] == 1)))
        out.add(tuple(sorted(prof)))
    return out


def check(tree):
    """Both oracles against the pieces; returns the SPE set."""
    result = spe_set(tree)
    assert result.applicable, result.reason
    members = [Member(tree, p) for p in result.pieces]
    for piece, member in zip(result.pieces, members):
        if piece.witness is not None:
            beh = witness_profile(tree, piece, member)
            assert is_spe(tree, beh), piece
            assert beh in member
    points = grid(tree)
    if points is not None:
        for beh in points:
            assert is_spe(tree, beh) == any(beh in m for m in members), beh
    pure_in_pieces = set()
    deciders = [n for n in tree.nodes if n.kind == DECISION]
    for combo in itertools.product(*(range(len(n.actions)) for n in deciders)):
        beh = {n.infoset: tuple(Fraction(int(b == a)) for b in range(len(n.actions)))
               for n, a in zip(deciders, combo)}
        if any(beh in m for m in members):
            pure_in_pieces.add(tuple(sorted((n.id, a) for n, a in zip(deciders, combo))))
    assert pure_in_pieces == gambit_pure_spe(tree)
    return result


# ---------------------------------------------------------------- hand-made trees

def nested():
    """A's value of `in` is 2q (q: B's probability of l), against 1 for `out`."""
    return make(move(0, out=leaf(1, 0), into=move(1, l=leaf(2, 1), r=leaf(0, 1))))


def test_nested_ties_three_pieces():
    result = check(nested())
    got = sorted((p.pure, p.behavior, p.inequalities) for p in result.pieces)
    # out with q <= 1/2; in with q >= 1/2; A mixing with q = 1/2 exactly
    assert len(got) == 3 and result.settled
    fixed = [p for p in result.pieces if any(k == 0 for k, _ in p.mixed)]
    assert len(fixed) == 1 and dict(fixed[0].behavior)[2] == ("1/2", "1/2")


def independent():
    """Two non-neutral ties behind a chance move: thresholds 1/2 and 1/3."""
    return make(chance(
        x=("1/2", move(0, out=leaf(1, 0), into=move(1, l=leaf(2, 1), r=leaf(0, 1)))),
        y=("1/2", move(0, out=leaf(1, 0), into=move(1, l=leaf(3, 5), r=leaf(0, 5))))))


def test_two_independent_ties_product_of_sets():
    result = check(independent())
    assert len(result.pieces) == 9          # 3 x 3: each side's set, independently
    assert sum(1 for p in result.pieces if len(p.mixed) == 4) == 1


def test_two_independent_ties_under_a_decision():
    """The same two ties, but a third decision above compares their mixtures."""
    check(make(move(1, x=move(0, out=leaf(1, 0), into=move(1, l=leaf(2, 1), r=leaf(0, 1))),
                    y=move(0, out=leaf(1, 1), into=move(1, l=leaf(3, 0), r=leaf(0, 2))))))


def bilinear():
    """C compares 2*p*q + (1 - p) with 1: B's tie (p on a) and D's tie (q on l) are
    both neutral for their movers but enter C's condition as a product."""
    inner = move(1, a=move(2, l=leaf(2, 1, 1, 0), r=leaf(0, 1, 1, 0)), b=leaf(1, 1, 1, 0))
    return make(move(0, out=leaf(1, 0, 0, 0), into=inner), ("C", "B", "D", "E"))


def test_product_of_mixtures_is_a_nonlinear_set():
    result = check(bilinear())
    assert any(not p.linear for p in result.pieces)


def test_ultimatum_complete_set():
    """Osborne's ultimatum game: (offer 0, accept 0 with q >= 3/4), (offer 1, q <= 3/4)
    and the proposer mixing offers 0 and 1 in any proportion when q = 3/4."""
    from pathlib import Path

    from games.scenario import load_scenario
    root = Path(__file__).resolve().parents[1]
    tree = load_scenario(root / "scenarios" / "ultimatum.yaml").spec.tree()
    result = spe_set(tree)
    assert result.applicable and result.settled and len(result.pieces) == 3
    by_root = {}
    for p in result.pieces:
        by_root[dict(p.pure).get(0, "mix")] = p
    assert dict(by_root["mix"].behavior)[1] == ("3/4", "1/4")
    assert sorted(by_root[0].inequalities) == ["1 - p1", "p1 - 3/4"]
    assert sorted(by_root[1].inequalities) == ["3/4 - p1", "p1"]
    pure = set(gambit_pure_spe(tree))
    assert len(pure) == 2


@settings(max_examples=50, deadline=None)
@given(trees())
def test_random_trees_every_spe(root):
    tree = make(root)
    if grid(tree) is None:
        return
    check(tree)


@pytest.mark.parametrize("make_tree", [nested, independent, bilinear])
def test_witnesses_are_equilibria(make_tree):
    result = spe_set(make_tree())
    assert all(p.witness is not None for p in result.pieces)


def _corpus_trees():
    from test_tree import PI_SMALL
    return PI_SMALL


@pytest.mark.parametrize("path", _corpus_trees(), ids=lambda p: p.name)
def test_corpus_perfect_information_trees(path):
    """Every small perfect-information tree of the Gambit corpus (pure SPE against
    pygambit on every subgame; the grid when it is small enough)."""
    from games.formats.efg import read_efg
    check(read_efg(path).tree())
