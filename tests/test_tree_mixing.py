"""Mixed subgame-perfect equilibria at ties, stated as exact sets: each one-node
mixing slice (games.tree.mixing) is checked against the definition, written here: a
behaviour profile of a perfect-information tree is subgame perfect iff at every node
every action played with positive probability is optimal for the mover given the
behaviour below (one-shot deviations). At both ends of each reported interval and
inside it the profile passes; just outside (still a probability) it fails. Trees are
hypothesis-generated with payoffs in {0, 1} (ties everywhere) and chance nodes; the
pure SPE themselves are checked against the brute force in test_tree.py."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from test_tree import trees
from tree_oracle import brute_spe, n_profiles

from games.tree.induction import backward_induction
from games.tree.mixing import mixed_ties
from games.tree.model import TreeSpec


def is_spe(tree, behavior: dict[int, tuple[Fraction, ...]]) -> bool:
    """One-shot deviation test at every node, exactly."""
    vals: dict[int, tuple[Fraction, ...]] = {}
    for k in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[k]
        if node.kind == "leaf":
            vals[k] = node.payoffs
            continue
        probs = node.probs if node.kind == "chance" else behavior[node.infoset]
        if node.kind == "decision":
            best = max(vals[c][node.player] for c in node.children)
            if any(p > 0 and vals[c][node.player] < best
                   for p, c in zip(probs, node.children)):
                return False
        vals[k] = tuple(sum((p * vals[c][i] for p, c in zip(probs, node.children)),
                            Fraction(0)) for i in range(tree.n_players))
    return True


def with_mix(tree, base, node, actions, q):
    beh = {h: tuple(p) for h, p in base.behavior}
    k = len(tree.nodes[node].actions)
    mix = [Fraction(0)] * k
    mix[actions[0]], mix[actions[1]] = q, 1 - q
    beh[tree.nodes[node].infoset] = tuple(mix)
    return beh


@settings(max_examples=80, deadline=None)
@given(trees())
def test_tie_mixing_intervals_are_exact(root):
    tree = TreeSpec("random", ("A", "B"), {}, root).tree()
    if n_profiles(tree) > 600:
        return
    ind = backward_induction(tree)
    assert ind.pure_count == len(brute_spe(tree))
    m = mixed_ties(tree, ind)
    assert m.applicable
    for s in m.slices:
        base = ind.equilibria[s.base]
        if len(s.actions) != 2:
            continue
        if s.neutral:
            assert s.interval == (0, 1)
        if s.interval is None:
            for q in (Fraction(1, 3), Fraction(2, 3)):
                assert not is_spe(tree, with_mix(tree, base, s.node, s.actions, q))
            continue
        lo, hi = s.interval
        for q in (lo, hi, (lo + hi) / 2):
            assert is_spe(tree, with_mix(tree, base, s.node, s.actions, q))
        eps = Fraction(1, 10**6)
        if lo > 0:
            assert not is_spe(tree, with_mix(tree, base, s.node, s.actions, lo - eps))
        if hi < 1:
            assert not is_spe(tree, with_mix(tree, base, s.node, s.actions, hi + eps))


def test_ultimatum_offer_zero():
    """The published ultimatum game: at offer 0 the responder may accept with any
    probability q >= 3/4 when the proposer offers 0, and q <= 3/4 when she offers 1."""
    from pathlib import Path
    from games.scenario import load_scenario
    root = Path(__file__).resolve().parents[1]
    tree = load_scenario(root / "scenarios" / "ultimatum.yaml").spec.tree()
    ind = backward_induction(tree)
    m = mixed_ties(tree, ind)
    got = {(tree.nodes[s.node].where, s.interval) for s in m.slices}
    assert got == {("/offer_0", (Fraction(3, 4), Fraction(1))),
                   ("/offer_0", (Fraction(0), Fraction(3, 4)))}
    assert not m.complete
