"""Ranked game trees (`payoffs_are: ranks` with `tree:`; games.ordinal.tree_ranks).

Oracle: a brute force written here enumerates every pure behaviour profile of a random
perfect-information tree and keeps those where, at every decision node, the mover's
action leads (under the profile) to a leaf it ranks at least as high as every other
action's (one-shot deviations; Kuhn). It is run on the ranks and on random cardinal
readings (each player's ranks mapped by a random strictly increasing function, tied
leaves equal), each reading built as its own scenario and solved by the tree engine:
the subgame-perfect equilibria must be the same for every reading, and unique when
the rankings are strict.
"""
from __future__ import annotations

import itertools
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from games.errors import ScenarioError
from games.ordinal.tree_ranks import tree_rank_reading
from games.scenario import parse_scenario
from games.tree.analysis import solution_dict
from games.tree.induction import backward_induction

ROOT = Path(__file__).resolve().parents[1]
PLAYERS = ("A", "B", "C")


def _random_tree(rng: random.Random, n_players: int, leaves: list[int], depth: int = 0):
    """A nested tree: ('node', player, [(action, subtree)]) or ('leaf', leaf index)."""
    if depth >= 3 or (depth > 0 and rng.random() < 0.3):
        leaves.append(len(leaves))
        return ("leaf", leaves[-1])
    player = rng.randrange(n_players)
    kids = [(f"a{depth}{k}", _random_tree(rng, n_players, leaves, depth + 1))
            for k in range(rng.choice((2, 2, 3)))]
    return ("node", player, kids)


def _rankings(rng: random.Random, n_leaves: int, strict: bool) -> list[list[int]]:
    """Per player, a ranking of the leaves (1..k, every rank used)."""
    out = []
    for _ in range(3):
        if strict:
            out.append(rng.sample(range(1, n_leaves + 1), n_leaves))
        else:
            k = rng.randint(1, n_leaves)
            r = list(range(1, k + 1)) + [rng.randint(1, k) for _ in range(n_leaves - k)]
            rng.shuffle(r)
            out.append(r)
    return out


def _reading(rng: random.Random, ranks: list[list[int]]) -> list[list[Fraction]]:
    """A random cardinal reading: each player's ranks mapped increasingly to fractions."""
    out = []
    for r in ranks:
        levels = sorted(set(r))
        values = sorted(rng.sample(range(-1000, 1000), len(levels)))
        f = {lv: Fraction(v, 7) for lv, v in zip(levels, values)}
        out.append([f[x] for x in r])
    return out


def _yaml(tree, payoffs: list[list[object]], n_players: int, ranked: bool) -> str:
    def build(t):
        if t[0] == "leaf":
            return [str(payoffs[i][t[1]]) for i in range(n_players)]
        return {PLAYERS[t[1]]: {a: build(sub) for a, sub in t[2]}}
    doc = {"scenario": "random", "players": list(PLAYERS[:n_players]), "tree": build(tree)}
    if ranked:
        doc["payoffs_are"] = "ranks"
    return yaml.safe_dump(doc, sort_keys=False)


def _brute_force(tree, payoffs: list[list[object]]) -> set[tuple[tuple[str, str], ...]]:
    """Every pure behaviour profile (decision node path -> action) that is subgame
    perfect, by checking one-shot deviations at every node."""
    nodes: list[tuple[str, object]] = []

    def collect(t, path):
        if t[0] == "node":
            nodes.append((path, t))
            for a, sub in t[2]:
                collect(sub, f"{path}/{a}" if path != "/" else f"/{a}")
    collect(tree, "/")

    def outcome(t, path, plan):
        while t[0] == "node":
            a = plan[path]
            t = dict(t[2])[a]
            path = f"{path}/{a}" if path != "/" else f"/{a}"
        return t[1]

    found = set()
    for choice in itertools.product(*[[a for a, _ in t[2]] for _, t in nodes]):
        plan = {p: a for (p, _), a in zip(nodes, choice)}
        ok = True
        for path, t in nodes:
            mover = t[1]
            best = payoffs[mover][outcome(t, path, plan)]
            for a, _ in t[2]:
                if payoffs[mover][outcome(t, path, {**plan, path: a})] > best:
                    ok = False
        if ok:
            found.add(tuple(sorted(plan.items())))
    return found


def _engine(text: str):
    spec = parse_scenario(text).spec
    tree = spec.tree()
    ind = backward_induction(tree)
    assert ind.equilibria is not None
    plans = set()
    for s in ind.equilibria:
        assert s.pure
        beh = solution_dict(tree, s)["behavior"]
        plans.add(tuple(sorted((h, next(iter(acts))) for sets in beh.values()
                               for h, acts in sets.items())))
    return tree, ind, plans


@pytest.mark.parametrize("seed", range(24))
def test_spe_of_ranked_trees_is_the_same_for_every_reading(seed: int) -> None:
    rng = random.Random(seed)
    n_players = rng.choice((2, 3))
    leaves: list[int] = []
    tree = _random_tree(rng, n_players, leaves)
    assert tree[0] == "node"                   # the root always decides
    strict = seed % 2 == 0
    ranks = _rankings(rng, len(leaves), strict)[:n_players]
    expected = _brute_force(tree, ranks)
    if strict:
        assert len(expected) == 1
    t, ind, plans = _engine(_yaml(tree, ranks, n_players, ranked=True))
    reading = tree_rank_reading(t)
    assert reading.invariant and reading.strict == strict
    assert ind.pure_count == len(expected)
    assert plans == expected
    for _ in range(5):
        cardinal = _reading(rng, ranks)
        assert _brute_force(tree, cardinal) == expected        # the oracle's own check
        _, ind_c, plans_c = _engine(_yaml(tree, cardinal, n_players, ranked=False))
        assert ind_c.pure_count == len(expected)
        assert plans_c == plans


SIMULTANEOUS = """scenario: ranked simultaneous moves
payoffs_are: ranks
players: [A, B]
tree:
  A:
    l:
      B: {x: [2, 1], y: [1, 2]}
      info: b
    r:
      B: {x: [1, 2], y: [2, 1]}
      info: b
"""
CHANCE = """scenario: ranked chance
payoffs_are: ranks
players: [A, B]
tree:
  chance:
    up: {p: 1/2, then: {A: {l: [1, 2], r: [2, 1]}}}
    down: {p: 1/2, then: [3, 3]}
"""


@pytest.mark.parametrize("text, words", [(SIMULTANEOUS, "simultaneous"), (CHANCE, "chance")])
def test_trees_that_need_the_numbers_are_not_labelled_invariant(text: str, words: str) -> None:
    reading = tree_rank_reading(parse_scenario(text).spec.tree())
    assert not reading.invariant and words in reading.reason


def test_matching_pennies_tree_changes_with_the_reading() -> None:
    """Why simultaneous moves are not labelled: the mixed SPE moves with the numbers."""
    a = parse_scenario(SIMULTANEOUS).spec.tree()
    b = parse_scenario(SIMULTANEOUS.replace("payoffs_are: ranks\n", "").replace(
        "{x: [2, 1], y: [1, 2]}", "{x: [5, 1], y: [1, 2]}", 1)).spec.tree()
    va = {s.value for s in backward_induction(a).equilibria or ()}
    vb = {s.value for s in backward_induction(b).equilibria or ()}
    assert va != vb


@pytest.mark.parametrize("old, new, where, words", [
    ("[1, 2], r: [2, 1]", "[1, 2], r: [5, 1]", (6, 43), "A's ranks skip"),
    ("down: {p: 1/2, then: [3, 3]}", "down: {p: 1/2, then: [3, 0]}", (7, 26), "not a rank"),
    ("payoffs_are: ranks", "payoffs_are: ranks\nparameters: {c: 1}", (3, 1), "'parameters'"),
])
def test_bad_ranked_trees_are_located(old: str, new: str, where: tuple[int, int],
                                      words: str) -> None:
    text = CHANCE.replace(old, new)
    assert text != CHANCE
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, "t.yaml")
    msg = str(exc.value)
    assert f"t.yaml:{where[0]}:{where[1]}:" in msg and words in msg, msg


def test_cli_labels_the_spe_ordinal(tmp_path: Path) -> None:
    path = tmp_path / "entry.yaml"
    path.write_text("scenario: ranked entry\npayoffs_are: ranks\nplayers: [E, I]\ntree:\n"
                    "  E:\n    out: [2, 3]\n    enter:\n      I: {fight: [1, 1], "
                    "accommodate: [3, 2]}\n", encoding="utf-8")
    run = [sys.executable, "-m", "cli.main", str(path)]
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "rank-invariant" in " ".join(text.split())
    js = subprocess.run(run + ["--format", "json"], cwd=ROOT, capture_output=True, text=True,
                        check=True).stdout
    assert '"rank_invariant": true' in js


def test_ranked_trees_pass_the_schema() -> None:
    import jsonschema

    from games.scenario.schema import schema
    check = jsonschema.Draft202012Validator(schema())
    for text in (SIMULTANEOUS, CHANCE):
        assert [e.message for e in check.iter_errors(yaml.safe_load(text))] == []


GAMBLE = """scenario: ranked gamble
payoffs_are: ranks
players: [A, B]
tree:
  A:
    safe: [2, 3]
    gamble:
      B:
        calm:
          chance:
            win: {p: 1/3, then: [4, 1]}
            lose: {p: 2/3, then: [1, 4]}
        fold: [3, 2]
"""


def _expected(node, plan, path="/"):
    """Expected leaf payoffs of a plan (decision path -> action) from a written node."""
    if isinstance(node, list):
        return [Fraction(x) for x in node]
    if "chance" in node:
        total = None
        for name, branch in node["chance"].items():
            v = _expected(branch["then"], plan, f"{path.rstrip('/')}/{name}")
            p = Fraction(branch["p"])
            total = [p * x for x in v] if total is None else [t + p * x
                                                              for t, x in zip(total, v)]
        return total
    (player, acts), = ((k, v) for k, v in node.items() if k != "info")
    a = plan[path]
    return _expected(acts[a], plan, f"{path.rstrip('/')}/{a}")


def _brute_force_chance(doc: dict) -> set:
    """Pure SPE of a perfect-information tree with chance nodes, by one-shot deviations
    on expected payoffs."""
    players = doc["players"]
    nodes = []

    def collect(node, path):
        if isinstance(node, list):
            return
        if "chance" in node:
            for name, branch in node["chance"].items():
                collect(branch["then"], f"{path.rstrip('/')}/{name}")
            return
        (player, acts), = ((k, v) for k, v in node.items() if k != "info")
        nodes.append((path, players.index(player), node, list(acts)))
        for a, sub in acts.items():
            collect(sub, f"{path.rstrip('/')}/{a}")
    collect(doc["tree"], "/")
    found = set()
    for choice in itertools.product(*[acts for *_, acts in nodes]):
        plan = {path: a for (path, *_), a in zip(nodes, choice)}
        if all(_expected(node, plan, path)[i] >= _expected(node, {**plan, path: b}, path)[i]
               for path, i, node, acts in nodes for b in acts):
            found.add(tuple(sorted((p, (a,)) for p, a in plan.items())))
    return found


def test_readings_of_a_ranked_chance_tree_are_witnessed() -> None:
    """Each structure met across readings has a witness that orders every player's leaves
    as the ranks do and whose subgame-perfect equilibria, found by the brute force on
    expected payoffs, are exactly that structure; the structures really differ."""
    from games.ordinal.tree_readings import tree_readings
    tree = parse_scenario(GAMBLE).spec.tree()
    drawn = tree_readings(tree, samples=60, seed=1)
    assert drawn.varies and sum(s.count for s in drawn.structures) == drawn.samples == 60
    doc = yaml.safe_load(GAMBLE)
    ranks = {"/safe": (2, 3), "/gamble/calm/win": (4, 1), "/gamble/calm/lose": (1, 4),
             "/gamble/fold": (3, 2)}
    leaves = [n for n in tree.nodes if n.kind == "leaf"]
    for st in drawn.structures:
        w = {leaf.where: (st.witness[0, k], st.witness[1, k]) for k, leaf in enumerate(leaves)}
        for i in (0, 1):
            assert sorted(w, key=lambda x: w[x][i]) == sorted(ranks, key=lambda x: ranks[x][i])
        cardinal = GAMBLE.replace("payoffs_are: ranks\n", "")
        for where, (a, b) in w.items():
            old = {"/safe": "safe: [2, 3]", "/gamble/calm/win": "[4, 1]",
                   "/gamble/calm/lose": "[1, 4]", "/gamble/fold": "fold: [3, 2]"}[where]
            new = old.split("[")[0] + f"['{a}', '{b}']"
            cardinal = cardinal.replace(old, new)
        assert _brute_force_chance(yaml.safe_load(cardinal)) == set(st.key), st.key
    assert _brute_force_chance(doc)          # the oracle finds equilibria on the ranks too


def test_cli_draws_readings_for_a_ranked_chance_tree(tmp_path: Path) -> None:
    import json
    path = tmp_path / "gamble.yaml"
    path.write_text(GAMBLE, encoding="utf-8")
    run = [sys.executable, "-m", "cli.main", str(path), "--monte-carlo", "40", "--seed", "1"]
    doc = json.loads(subprocess.run(run + ["--format", "json"], cwd=ROOT, capture_output=True,
                                    text=True, check=True).stdout)
    ordinal = doc["tree_ordinal"]
    assert ordinal["rank_invariant"] is False and ordinal["readings"]["samples"] == 40
    shares = [s["share"] for s in ordinal["readings"]["structures"]]
    assert len(shares) >= 2 and abs(sum(shares) - 1) < 1e-9
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "Witness for structure 2" in text


def test_readings_fall_back_to_payoffs_when_too_many_to_list(monkeypatch) -> None:
    """Beyond the listing limit a structure is the set of equilibrium payoff vectors."""
    import games.tree.induction as induction
    from games.ordinal.tree_readings import tree_readings
    monkeypatch.setattr(induction, "LIST_LIMIT", 0)
    drawn = tree_readings(parse_scenario(GAMBLE).spec.tree(), samples=30, seed=1)
    assert drawn.varies
    for st in drawn.structures:
        assert all(h == "payoffs" for p in st.key for h, _ in p)


def test_explain_says_why_a_ranked_tree_is_ordinal(tmp_path: Path) -> None:
    path = tmp_path / "gamble.yaml"
    path.write_text(GAMBLE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "cli.main", str(path), "--explain",
                          "--monte-carlo", "10"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    text = " ".join(out.split())
    assert "Why this is, or is not, ordinal" in text and "chance moves" in text
