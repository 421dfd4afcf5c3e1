"""Legal but large input, and option values that looked legal: each run ends within
the processor time and 1 GB of tests/test_hostile.py's bound and helper, with a complete answer, a
partial answer marked partial, or exit 2 and one clear line naming the limit and how
to raise it. Every file is generated here.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings

from games.tree.model import SpecNode, TreeSpec
from tests.test_hostile import ROOT, analyze, refused, two_by_two, write
from tests.test_tree import imperfect_trees, trees


# ------------------------------------------------------------------ options

@pytest.mark.parametrize("args", [(), ("--monte-carlo", "10"), ("scenarios/stag_hunt.yaml",)])
def test_an_empty_cluster_address_is_refused(args: tuple[str, ...]) -> None:
    """`--cluster ""` was taken for no --cluster at all and the run went ahead locally
    (one file, with work for the executor, and several files)."""
    files = [a for a in args if a.endswith(".yaml")]
    options = [a for a in args if not a.endswith(".yaml")]
    refused("scenarios/chicken.yaml", *files, "--cluster", "", *options,
            words=("--cluster: '' is not a scheduler address", "tcp://host:8786"))


# ------------------------------------------------------------------ many parameters

def ranged(k: int) -> str:
    """A 2x2 scenario with `k` ranged parameters p0..p{k-1} (value 1, range [0, 2]), all
    in one payoff: A's at (x, x) is their sum minus k - 3/2, so 3/2 at the baseline,
    and (x, x) stops being an equilibrium where it falls below 1 (A's payoff at (y, x)).
    By hand: each parameter's threshold is 1/2 (the others at 1), and moving all of
    them down together by r of their width 2 reaches it at r = 1/(4k)."""
    params = "".join(f"  p{i}: {{value: 1, range: [0, 2]}}\n" for i in range(k))
    total = " + ".join(f"p{i}" for i in range(k))
    return two_by_two(f"{total} - {2 * k - 3}/2", params="parameters:\n" + params)


def test_two_hundred_ranged_parameters(tmp_path: Path) -> None:
    """The joint robustness search examined the cube's 3**200 faces (never ended): it is
    left out, said so with the limit, and every parameter's threshold is still found."""
    proc = analyze(write(tmp_path, "g.yaml", ranged(200)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert "robustness" not in doc
    assert any(n.startswith("Robustness to joint change is left out: 200 ranged parameters, "
                            "more than the 10") for n in doc["equilibria_info"]["notes"])
    assert [s["thresholds"] for s in doc["sensitivity"]] == [["1/2"]] * 200


def test_ten_ranged_parameters_keep_the_joint_verdict(tmp_path: Path) -> None:
    proc = analyze(write(tmp_path, "g.yaml", ranged(10)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["robustness"]["radius"] == "1/40" and doc["robustness"]["exact"]


def test_two_hundred_ranged_parameters_on_the_page(tmp_path: Path) -> None:
    """The page's joint formulas in 200 parameters overflowed sympy's recursion (an
    internal error): the page is written without them, and says so."""
    page = tmp_path / "p.html"
    proc = analyze(write(tmp_path, "g.yaml", ranged(200)), "--html", page, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "more than the 12 the formulas are written in" in page.read_text(encoding="utf-8")


# ------------------------------------------------------------------ large trees

def chain(moves: int) -> str:
    """A centipede of `moves` alternating moves: the mover at move k takes (k + 2 for
    the mover, k for the other) or passes; after the last, (moves + 1, moves)."""
    def node(k: int) -> str:
        if k == moves:
            return f"[{k + 1}, {k}]"
        take = f"[{k + 2}, {k}]" if k % 2 == 0 else f"[{k}, {k + 2}]"
        return f"{{{'AB'[k % 2]}: {{take{k}: {take}, pass{k}: {node(k + 1)}}}}}"
    return f"scenario: chain\nplayers: [A, B]\ntree: {node(0)}\n"


def test_a_chain_of_a_hundred_moves(tmp_path: Path) -> None:
    """The 51 x 51 reduced form's exact enumeration and dominance ran past a minute.
    By hand: each mover gains k + 2 by taking against k + 1 from the other's taking next,
    so the one subgame-perfect equilibrium takes everywhere, payoffs (2, 0); in the
    reduced form, A taking at once is a best response only to B taking at once, so the
    one pure Nash equilibrium is that pair."""
    proc = analyze(write(tmp_path, "g.yaml", chain(100)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""            # no warning of a long enumeration: none is run
    doc = json.loads(proc.stdout)
    spe = doc["subgame_perfect"]
    assert spe["pure_count"] == "1" and spe["values"] == [{"payoffs": {"A": "2", "B": "0"},
                                                          "pure_count": "1"}]
    info = doc["equilibria_info"]
    assert info["complete"] is False
    assert any("The reduced strategic form (51 x 51) is larger than" in n and "(the limit)" in n
               and "--timeout SECONDS" in n for n in info["notes"])
    assert [e["strategies"] for e in doc["equilibria"]] == [
        {"A": {"take0" + "/*" * 49: "1"}, "B": {"take1" + "/*" * 49: "1"}}]
    assert doc["dominance"] == {}


def chance_tree(n: int) -> str:
    """Chance picks one of n outcomes; then A takes l (i, 1) or r, after which B takes
    u (1, i) or d (i mod 3, 2): 2**n plans each, a 2**n x 2**n reduced form."""
    outs = ", ".join(f"o{i}: {{p: 1/{n}, then: {{A: {{l: [{i}, 1], r: {{B: {{u: [1, {i}], "
                     f"d: [{i % 3}, 2]}}}}}}}}}}" for i in range(n))
    return f"scenario: t\nplayers: [A, B]\ntree: {{chance: {{{outs}}}}}\n"


def _per_outcome(i: int) -> tuple[int, int]:
    """Brute force on outcome i alone (the payoffs add over the outcomes, so a profile is
    an equilibrium iff each outcome's pair of actions is): the pairs that are mutual
    best responses, and the subgame-perfect pairs (B best at r, A best given that)."""
    a_pay = {("l", b): i for b in "ud"} | {("r", "u"): 1, ("r", "d"): i % 3}
    b_pay = {("l", b): 1 for b in "ud"} | {("r", "u"): i, ("r", "d"): 2}
    nash = sum(1 for a in "lr" for b in "ud"
               if a_pay[a, b] == max(a_pay[x, b] for x in "lr")
               and b_pay[a, b] == max(b_pay[a, y] for y in "ud"))
    b_best = [b for b in "ud" if b_pay["r", b] == max(b_pay["r", y] for y in "ud")]
    spe = sum(1 for b in b_best for a in "lr" if a_pay[a, b] == max(a_pay[x, b] for x in "lr"))
    return nash, spe


def test_a_chance_move_of_eight_outcomes(tmp_path: Path) -> None:
    """A 256 x 256 reduced form: building it took 3 s profile by profile, its
    enumeration and dominance ran past a minute. Now: every pure Nash equilibrium and
    every pure subgame-perfect one, counted as the brute force above counts them."""
    proc = analyze(write(tmp_path, "g.yaml", chance_tree(8)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    nash = spe = 1
    for i in range(8):
        a, b = _per_outcome(i)
        nash, spe = nash * a, spe * b
    assert len(doc["equilibria"]) == nash and doc["equilibria_info"]["complete"] is False
    assert all(e["kind"] == "pure" for e in doc["equilibria"])
    assert doc["subgame_perfect"]["pure_count"] == str(spe)
    assert sum(doc["nash_subgame_perfect"]) == spe     # each SPE is a pure Nash equilibrium
    assert any("(256 x 256) is larger than" in n for n in doc["equilibria_info"]["notes"])


def test_a_tree_within_the_limit_is_enumerated_in_full(tmp_path: Path) -> None:
    """A chain of 22 moves (12 x 12, at most 24,752 vertex bases): every equilibrium."""
    proc = analyze(write(tmp_path, "g.yaml", chain(22)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["equilibria_info"]["complete"] is True and doc["dominance"] != {}
    assert not any("larger than" in n for n in doc["equilibria_info"]["notes"])


@pytest.mark.parametrize("source", ["centipede", "bayesian_entry", "idlib_ultimatum",
                                    "crisis_bargaining", "ultimatum", "chance"])
def test_reduced_form_by_leaves_agrees_with_profile_by_profile(tmp_path: Path,
                                                                source: str) -> None:
    """The reduced form summed leaf by leaf equals the walk of every profile's play."""
    import numpy as np

    import games
    from games.tree.reduced import outcome, reduced_game
    path = (write(tmp_path, "g.yaml", chance_tree(4)) if source == "chance"
            else ROOT / "scenarios" / f"{source}.yaml")
    scenario = games.load_scenario(path)
    tree, form = scenario.spec.tree(), scenario.form
    built = reduced_game(tree, form).payoffs
    for prof in np.ndindex(*form.shape):
        walked = outcome(tree, 0, [form.plans[i][j] for i, j in enumerate(prof)], {})
        assert tuple(built[(slice(None), *prof)]) == walked


# ------------------------------------------------------------------ 50,000 actions

def wide(payoff: Callable[[int], tuple[int, int]], n: int = 50_000) -> str:
    """A chooses among n actions s0, s1, ..., B has one: a payoff table, A's payoff
    and B's at s{j} given by `payoff(j)`."""
    rows = "".join(f'  "s{j}, t": [{payoff(j)[0]}, {payoff(j)[1]}]\n' for j in range(n))
    return (f"scenario: wide\nplayers:\n  A: [{', '.join(f's{j}' for j in range(n))}]\n"
            f"  B: [t]\npayoffs:\n{rows}")


def test_fifty_thousand_actions(tmp_path: Path) -> None:
    """A's payoff j at s{j}: by hand, the one equilibrium is s49999, which strictly
    dominates the 49,999 others. Dominance drew a table of 49,999 rows reading the
    50,000 names for each (quadratic), and searched each row twice. About 5 s of
    processor time on a loaded machine (dominance in numpy blocks, compact JSON)."""
    path = write(tmp_path, "g.yaml", wide(lambda j: (j, j % 7)))
    proc = analyze(path, "--format", "json", seconds=12.0)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [e["strategies"] for e in doc["equilibria"]] == [{"A": {"s49999": "1"},
                                                             "B": {"t": "1"}}]
    dom = doc["dominance"]
    assert len(dom["strictly_dominated"]) == 49_999
    assert dom["surviving"] == {"A": ["s49999"], "B": ["t"]}


def test_a_long_dominance_table_shows_its_first_rows(tmp_path: Path) -> None:
    """The text report draws 200 rows of 2,999 eliminations (50,000 took seconds)."""
    path = write(tmp_path, "g.yaml", wide(lambda j: (j, j % 7), 3_000))
    proc = analyze(path, "--only", "dominance")
    assert proc.returncode == 0, proc.stderr
    assert "The first 200 of the 2,999 eliminations are shown" in " ".join(proc.stdout.split())
    rows = [line.split("│")[3].strip() for line in proc.stdout.splitlines()
            if line.startswith("│ 1 ")]
    assert rows == [f"s{j}" for j in range(200)]        # each below the next one up


def test_fifty_thousand_tied_actions_are_refused_before_listing(tmp_path: Path) -> None:
    """A indifferent among 50,000 actions: 50,000 pure equilibria, each a profile of
    50,000 probabilities, were built one by one (2.5e9 numbers)."""
    refused(write(tmp_path, "g.yaml", wide(lambda j: (0, j))),
            words=("50,000 extreme points", "LISTED_EXTREME_POINTS", "--max-listed"))


def test_a_large_tree_on_the_page(tmp_path: Path) -> None:
    """The page wrote the 256 x 256 reduced form's payoffs as expressions (15 s); without
    parameters they are the exact numbers."""
    page = tmp_path / "p.html"
    proc = analyze(write(tmp_path, "g.yaml", chance_tree(8)), "--html", page)
    assert proc.returncode == 0, proc.stderr
    assert page.stat().st_size > 0


def test_a_large_tree_with_copies_and_ties(tmp_path: Path) -> None:
    """Five outcomes, then A: l (1, 1), m (1, 0) or r, after which B: u (1, 1), d (0, 1)
    or e (1, 1). The 243 x 243 reduced form has copies; merged (112 x 32) it went to
    the general enumeration (7 s of processor time and more). By hand, per outcome the
    mutual best responses are l, m or r against u or e, and l or m against d: 8 pairs,
    so 8**5 pure Nash equilibria in all, more than a report lists: counted."""
    outs = ", ".join(f"o{i}: {{p: 1/5, then: {{A: {{l: [1, 1], m: [1, 0], r: {{B: {{u: [1, 1], "
                     f"d: [0, 1], e: [1, 1]}}}}}}}}}}" for i in range(5))
    text = f"scenario: t\nplayers: [A, B]\ntree: {{chance: {{{outs}}}}}\n"
    proc = analyze(write(tmp_path, "g.yaml", text), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["equilibria"] == [] and doc["equilibria_info"]["complete"] is False
    assert any(f"its {8 ** 5:,} pure Nash equilibria are counted, not listed" in n
               for n in doc["equilibria_info"]["notes"])
    # subgame perfect, per outcome: B indifferent among u, d, e (each optimal); A's best
    # given each: l, m, r against u or e, l or m against d: 8 again
    assert doc["subgame_perfect"]["pure_count"] == str(8 ** 5)


def _reduced_against_oracle(root: SpecNode) -> None:
    """Every reduced profile's payoffs (summed leaf by leaf) equal the brute-force value
    of the tree (tests/tree_oracle.py) under the plans, unreached sets set to any action."""
    import numpy as np

    from games.tree.reduced import reduced_form, reduced_game
    from tests.tree_oracle import value
    tree = TreeSpec("random", ("A", "B"), {}, root).tree()
    form = reduced_form(tree)
    if np.prod(form.shape) > 400:
        return
    built = reduced_game(tree, form).payoffs
    for prof in np.ndindex(*form.shape):
        plans = {h: 0 for h in range(len(tree.infosets))}
        for i, j in enumerate(prof):
            plans.update(form.plans[i][j])
        assert tuple(built[(slice(None), *prof)]) == value(tree, 0, plans)


@settings(max_examples=60, deadline=None)
@given(trees())
def test_random_trees_reduced_by_leaves(root: SpecNode) -> None:
    _reduced_against_oracle(root)


@settings(max_examples=30, deadline=None)
@given(imperfect_trees())
def test_random_imperfect_trees_reduced_by_leaves(root: SpecNode) -> None:
    _reduced_against_oracle(root)
