"""Malformed game trees: each is refused before solving with exit status 2 and a
one-line message naming file:line:column; the expected lines were read off the
texts below by hand."""
from __future__ import annotations

import contextlib
import io

import pytest

from cli.main import main

HEAD = "scenario: t\nplayers: [A, B]\n"
PARAMS = "scenario: t\nparameters: {q: {value: 1/2, range: [0, 1]}}\nplayers: [A, B]\n"

# name: (text, line, fragment of the message)
CASES = {
    "unknown_player": (HEAD + "tree:\n  C: {x: [1, 2]}\n", 4, "unknown player 'C'"),
    "misspelt_player": (HEAD + "tree:\n  A: {x: [1, 2], y: {Bb: {u: [0, 0]}}}\n", 4,
                        "did you mean 'B'"),
    "two_players": (HEAD + "tree:\n  A: {x: [1, 2]}\n  B: {y: [0, 0]}\n", 5, "two movers"),
    "duplicate_action": (HEAD + "tree:\n  A:\n    x: [1, 2]\n    x: [0, 0]\n", 6,
                         "duplicate key 'x'"),
    "short_leaf": (HEAD + "tree:\n  A:\n    x: [1]\n", 5, "has 1 payoffs, expected 2"),
    "long_leaf": (HEAD + "tree:\n  A:\n    x: [1, 2, 3]\n", 5, "has 3 payoffs, expected 2"),
    "huge_payoff": (HEAD + "tree:\n  A:\n    x: [1, 2]\n    y: [1e400, 0]\n", 6,
                    "payoff too large"),
    "tiny_payoff": (HEAD + "tree:\n  A:\n    x: [1, 2]\n    y: [0, 1e-400]\n", 6,
                    "payoff too small"),
    "unknown_outcome": (HEAD + "outcomes:\n  peace: [1, 1]\ntree:\n  A: {x: pease}\n", 6,
                        "did you mean 'peace'"),
    "infoset_players": (HEAD + "tree:\n  A:\n    x: {B: {u: [0, 0]}, info: h}\n"
                        "    y: {A: {u: [1, 1]}, info: h}\n", 6, "mixes players"),
    "infoset_actions": (HEAD + "tree:\n  A:\n    x: {B: {u: [0, 0], v: [1, 1]}, info: h}\n"
                        "    y: {B: {u: [1, 1], w: [0, 0]}, info: h}\n", 6, "has actions"),
    "imperfect_recall": (("scenario: t\nplayers: [A, B]\ntree:\n  A:\n"
                          "    x: {A: {u: [0, 0], v: [1, 1]}, info: h}\n"
                          "    y: {A: {u: [1, 1], v: [0, 0]}, info: h}\n"), 6,
                         "imperfect recall"),
    "probabilities_sum": (HEAD + "tree:\n  chance:\n    a: {p: 1/2, then: [0, 0]}\n"
                          "    b: {p: 1/3, then: [1, 1]}\n", 4, "sum to 5/6"),
    "probability_negative": (PARAMS + "tree:\n  chance:\n    a: {p: q - 1/4, then: [0, 0]}\n"
                             "    b: {p: 5/4 - q, then: [1, 1]}\n", 5, "negative"),
    "probability_param_sum": (PARAMS + "tree:\n  chance:\n    a: {p: q, then: [0, 0]}\n"
                              "    b: {p: q, then: [1, 1]}\n", 5, "not 1 for every value"),
    "chance_missing_then": (HEAD + "tree:\n  chance:\n    a: {p: 1}\n", 5, "has no 'then'"),
    "chance_unknown_key": (HEAD + "tree:\n  chance:\n    a: {p: 1, than: [0, 0]}\n", 5,
                           "unknown key 'than'"),
    "chance_with_info": (HEAD + "tree:\n  chance: {a: {p: 1, then: [0, 0]}}\n  info: h\n", 5,
                         "no information set"),
    "undeclared_parameter": (HEAD + "tree:\n  A: {x: [cost, 1]}\n", 4,
                             "undeclared parameter 'cost'"),
    "bad_expression": (HEAD + "tree:\n  A: {x: ['1 +', 1]}\n", 4, "bad expression"),
    "no_actions": (HEAD + "tree:\n  A: {}\n", 4, "has no actions"),
    "empty_subtree": (HEAD + "tree:\n  A:\n    x:\n    y: [1, 1]\n", 5, "is empty"),
    "only_info": (HEAD + "tree:\n  info: h\n", 4, "no player or 'chance' key"),
    "player_with_strategies": (("scenario: t\nplayers:\n  A: {strategies: [x]}\n  B: b\n"
                                "tree:\n  A: {x: [1, 1]}\n"), 3, "takes a description"),
    "unknown_top_key": (HEAD + "tree:\n  A: {x: [1, 1]}\npayoffs: {}\n", 5,
                        "unknown key 'payoffs'"),
    "division_by_zero": (HEAD + "tree:\n  A: {x: [1/0, 1]}\n", 4, "division by zero"),
    "action_with_comma": (HEAD + "tree:\n  A: {'x, y': [1, 1]}\n", 4, "contains a comma"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_tree(name, tmp_path):
    text, line, fragment = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    refused(path, line, fragment)


def refused(path, line: int, fragment: str) -> None:
    """The file is refused: exit 2, nothing on stdout, one line on stderr naming
    file:line and the problem, no traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(path)])
    message = err.getvalue()
    assert status == 2, message
    assert out.getvalue() == ""
    assert message.count("\n") == 1 and "Traceback" not in message
    assert f"{path}:{line}:" in message, message
    assert fragment in message, message


EFG_CASES = {
    "efg_bad_player": ('EFG 2 R "t" { "A" "B" }\n""\np "" 3 1 "" { "x" } 0\nt "" 0\n', 3,
                       "player 3 does not exist"),
    "efg_short_outcome": (('EFG 2 R "t" { "A" "B" }\n""\np "" 1 1 "" { "x" } 0\n'
                           't "" 1 "" { 1 }\n'), 4, "has 1 payoffs, expected 2"),
    "efg_probabilities": (('EFG 2 R "t" { "A" "B" }\n""\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\n'
                           't "" 0\nt "" 0\n'), 3, "sum to 5/6"),
    "efg_truncated": ('EFG 2 R "t" { "A" "B" }\n""\np "" 1 1 "" { "x" "y" } 0\nt "" 0\n', 5,
                      "expected a node"),
}


@pytest.mark.parametrize("name", sorted(EFG_CASES))
def test_malformed_efg(name, tmp_path):
    text, line, fragment = EFG_CASES[name]
    path = tmp_path / f"{name}.efg"
    path.write_text(text)
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main([str(path)])
    assert status == 2, err.getvalue()
    assert f"{path}:{line}:" in err.getvalue(), err.getvalue()
    assert fragment in err.getvalue(), err.getvalue()
