"""The JSON Schema of scenario files: valid itself, accepts every shipped scenario,
rejects structurally wrong files, and names the same keys the loader knows."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from games import scenario as loader
from games.errors import ScenarioError
from games.expressions import FUNCTIONS
from games.scenario import load_scenario
from games.scenario.schema import schema, schema_text
from games.ordinal import graph_scenario
from games.ordinal.graph_scenario import is_graph_model_text, parse_graph_scenario

ROOT = Path(__file__).resolve().parents[1]
VALID = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))
         if not is_graph_model_text(p.read_text(encoding="utf-8"))] + \
    sorted((ROOT / "tests" / "data").glob("**/*.yaml"))
GRAPH_MODELS = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))
                if is_graph_model_text(p.read_text(encoding="utf-8"))]
MALFORMED = ROOT / "tests" / "malformed"

# Files in tests/malformed whose mistake is in the structure: the schema must reject them.
STRUCTURAL = [
    "bad_distribution", "bad_expression", "comma_in_strategy", "effect_missing_payoffs",
    "effect_unknown_key", "effects_not_a_list", "empty_payoffs", "empty_strategy_name",
    "empty_title", "hostile_expression", "missing_players", "missing_scenario",
    "no_strategies", "normal_without_sd", "not_a_mapping", "one_player",
    "parameter_function_name", "parameter_missing_value", "parameter_not_identifier",
    "parameter_unknown_key", "parameter_value_not_number", "payoff_is_a_list",
    "payoffs_not_a_list", "payoffs_not_a_mapping", "plain_text", "player_without_strategies",
    "range_not_pair", "strategies_scalar", "unknown_function", "unknown_top_key",
    "wrong_key_length", "effect_bad_expression",
]
# Mistakes only the loader can see (names used elsewhere in the file, counts that
# depend on the number of players, values, duplicates YAML readers merge silently).
SEMANTIC = [
    "division_by_zero", "duplicate_player", "duplicate_profile", "duplicate_strategy",
    "effect_payoff_unknown_player", "effect_unknown_player", "effect_unknown_strategy",
    "fractional_exponent", "game_too_large", "huge_power", "missing_profile",
    "mode_outside_range", "range_inverted", "strategy_of_other_player", "unclosed_paren",
    "undeclared_no_parameters", "undeclared_parameter", "unknown_strategy",
    "unquoted_min_with_comma", "value_outside_range", "wrong_tuple_length",
]
# Not YAML at all: no schema applies.
NOT_YAML = ["tab_indent", "two_documents", "yaml_syntax_error"]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(schema())


def test_schema_is_valid_draft_2020_12() -> None:
    doc = schema()
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(doc)


def test_schema_text_is_the_schema() -> None:
    assert json.loads(schema_text()) == schema()
    assert schema_text().startswith("{\n  ")


def test_schema_returns_a_copy() -> None:
    doc = schema()
    doc["title"] = "changed"
    assert schema()["title"] != "changed"


def test_schema_ships_beside_the_module() -> None:
    """Package data: the file sits in games/scenario/ (pyproject ships its *.json)."""
    path = ROOT / "games" / "scenario" / "scenario.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == schema()


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_scenarios_pass(path: Path, validator) -> None:
    load_scenario(path)                      # the loader accepts it ...
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []                      # ... and so does the schema


@pytest.mark.parametrize("name", STRUCTURAL)
def test_structural_mistakes_fail(name: str, validator) -> None:
    text = (MALFORMED / f"{name}.yaml").read_text(encoding="utf-8")
    with pytest.raises(ScenarioError):
        loader.parse_scenario(text, name)
    assert not validator.is_valid(yaml.safe_load(text))


def test_every_malformed_file_is_classified() -> None:
    """A new malformed file must be placed in one of the lists above."""
    names = {p.stem for p in MALFORMED.glob("*.yaml")}
    listed = STRUCTURAL + SEMANTIC + NOT_YAML
    assert len(listed) == len(set(listed))
    assert names == set(listed)


@pytest.mark.parametrize("name", SEMANTIC)
def test_semantic_mistakes_are_for_the_loader(name: str) -> None:
    """The schema cannot see these; the loader rejects each one."""
    with pytest.raises(ScenarioError):
        load_scenario(MALFORMED / f"{name}.yaml")


BASE = {"scenario": "t", "players": {"A": ["x", "y"], "B": {"strategies": ["u", "v"]}}}


@pytest.mark.parametrize("patch", [
    {"players": {"A": ["x"], "B": 3}},
    {"players": {"A": ["x"], "B": {"strategies": ["u"], "colour": "red"}}},
    {"players": {"A": ["x"], "B": {"strategies": [["u"]]}}},
    {"payoffs": {"x, u": "1, 2"}},
    {"payoffs": {"x, u": [1, None]}},
    {"payoffs": {"x, u": [1, "2 +"]}},
    {"payoffs": {"x, u": [1, "os.system('x')"]}},
    {"parameters": {"a": {"value": 1, "range": [0]}}},
    {"parameters": {"a": {"value": 1, "range": [0, 2], "distribution": "uniform", "sd": 1}}},
    {"parameters": {"a": {"value": 1, "range": [0, 2], "distribution": "uniform", "mode": 1}}},
    {"parameters": {"a": {"value": 1, "sd": 1}}},
    {"parameters": {"a": {"value": 1, "distribution": "triangular"}}},
    {"parameters": {"a b": 1}},
    {"parameters": {"abs": 1}},
    {"effects": [{"when": {"A": "x"}}]},
    {"effects": [{"when": {"A": []}, "payoffs": {"A": 1}}]},
    {"effects": [{"payoffs": {}}]},
    {"effects": [{"payoffs": {"A": 1}, "then": 2}]},
    {"scenario": ""},
    {"scenario": None},
    {"extra": 1},
])
def test_inline_structural_mistakes_fail(patch: dict, validator) -> None:
    doc = {**BASE, **patch}
    assert not validator.is_valid(doc)
    with pytest.raises(ScenarioError):          # the loader agrees
        loader.parse_scenario(yaml.safe_dump(doc, sort_keys=False), "inline.yaml")


@pytest.mark.parametrize("patch", [
    {"parameters": {"a": 2, "b": "1/3", "c": {"value": "-0.5", "range": ["-1", 1]}}},
    {"parameters": {"n": {"value": 0, "distribution": "normal", "sd": "1/2"}}},
    {"parameters": {"t": {"value": 1, "range": [0, 2], "distribution": "triangular",
                          "mode": 1.5}}},
    {"players": {"A": {"strategies": {"x": "go", "y": "stay"}, "description": "Ann"},
                 "B": [{"u": "up"}, "v"]}},
    {"payoffs": {"x, u": [1, "1/3"], "x, v": ["-2", 0.5], "y, u": ["min(1, 2) * 3", "abs(-1)"],
                 "y, v": ["2**3", "1.5e-3"]}},
    {"effects": [{"when": {"A": ["x", "y"]}, "payoffs": {"B": "-1/2"}}, {"payoffs": {"A": 1}}]},
])
def test_inline_valid_files_pass(patch: dict, validator) -> None:
    doc = {**BASE, **patch}
    loader.parse_scenario(yaml.safe_dump(doc, sort_keys=False), "inline.yaml")
    assert [e.message for e in validator.iter_errors(doc)] == []


def test_schema_names_the_loaders_keys() -> None:
    """The schema and the loader agree on every key, distribution and function name."""
    doc = schema()
    defs = doc["$defs"]
    from games.tree.reader import STAGES_KEYS, TREE_KEYS     # `outcomes`, `tree`, `stages`
    assert set(doc["properties"]) == set(loader.validation.TOP_KEYS) | set(TREE_KEYS) | \
        set(STAGES_KEYS) | {"graph_model"}
    assert set(doc["required"]) == {"scenario"}
    graph_block = next(b for b in doc["allOf"] if b["if"].get("required") == ["graph_model"])
    assert graph_block["else"]["required"] == ["players"]      # every other kind has players
    param = next(b for b in defs["parameter"]["anyOf"] if b.get("type") == "object")
    assert set(param["properties"]) == set(loader.validation.PARAMETER_KEYS)
    assert set(param["properties"]["distribution"]["enum"]) == set(loader.validation.DISTRIBUTIONS)
    player = next(b for b in defs["player"]["anyOf"] if b.get("type") == "object")
    assert set(player["properties"]) == set(loader.validation.PLAYER_KEYS)
    assert set(defs["effect"]["properties"]) == set(loader.validation.EFFECT_KEYS)
    assert set(defs["parameterName"]["not"]["enum"]) == set(FUNCTIONS)
    normal_form = next(b["else"] for b in doc["allOf"] if "else" in b)  # not a tree
    assert normal_form["properties"]["players"]["maxProperties"] == loader.MAX_PLAYERS


def test_every_graph_model_scenario_passes() -> None:
    """Each shipped graph-model scenario (at least Elmira and Garrison) is read by the
    graph-model reader and passes the schema."""
    names = {p.stem for p in GRAPH_MODELS}
    assert {"elmira_gmcr", "garrison_gmcr"} <= names
    check = jsonschema.Draft202012Validator(schema())
    for path in GRAPH_MODELS:
        text = path.read_text(encoding="utf-8")
        parse_graph_scenario(text, str(path))
        assert [e.message for e in check.iter_errors(yaml.safe_load(text))] == [], path.name


GRAPH = {"scenario": "t", "graph_model": {
    "decision_makers": {"A": ["x"], "B": ["y"]},
    "irreversible": {"x": "forward"},
    "states": {"s1": [], "s2": ["x"], "s3": {"taken": ["y"], "any": ["x"]}},
    "preferences": {"A": ["s2", ["s1", "s3"]], "B": ["s3", "s1", "s2"]}}}


def _graph(**change: object) -> dict:
    """GRAPH with keys replaced: the model's own keys (and `extra`) inside graph_model,
    any other key at the top."""
    doc = json.loads(json.dumps(GRAPH))
    for key, value in change.items():
        inside = key in ("decision_makers", "states", "preferences", "irreversible", "extra")
        (doc["graph_model"] if inside else doc)[key] = value
    return doc


def test_inline_graph_model_passes(validator) -> None:
    parse_graph_scenario(yaml.safe_dump(GRAPH, sort_keys=False), "inline.yaml")
    assert [e.message for e in validator.iter_errors(GRAPH)] == []


@pytest.mark.parametrize("doc", [
    _graph(players={"A": ["x"], "B": ["y"]}),                  # a graph model has no players
    _graph(payoffs_are="ranks"),
    _graph(decision_makers={"A": ["x"]}),                      # one decision maker
    _graph(decision_makers={"A": [], "B": ["y"]}),             # controls no option
    _graph(irreversible={"x": "sideways"}),
    _graph(states={"s1": []}),                                 # one state
    _graph(states={"s1": [], "s2": {"taken": ["x"], "maybe": ["y"]}}),
    _graph(preferences={"A": "s1"}),
    _graph(preferences={"A": ["s1", []]}),                     # an empty tie
    _graph(extra=1),
    {"scenario": "t"},                                         # neither players nor a model
], ids=lambda d: "-".join(sorted(d.get("graph_model", {"none": 0}))) + str(len(str(d))))
def test_graph_model_structural_mistakes_fail(doc: dict, validator) -> None:
    assert not validator.is_valid(doc)
    text = yaml.safe_dump(doc, sort_keys=False)
    with pytest.raises(ScenarioError):          # the reader agrees
        if "graph_model" in doc:
            parse_graph_scenario(text, "inline.yaml")
        else:
            loader.parse_scenario(text, "inline.yaml")


def test_schema_names_the_graph_readers_keys() -> None:
    doc = schema()
    model = doc["$defs"]["graphModel"]
    assert set(model["properties"]) == set(graph_scenario.MODEL_KEYS)
    assert set(model["required"]) == set(graph_scenario.MODEL_KEYS) - {"irreversible"}
    state = model["properties"]["states"]["additionalProperties"]["anyOf"][1]
    assert set(state["properties"]) == set(graph_scenario.STATE_KEYS)
    assert set(model["properties"]["irreversible"]["additionalProperties"]["enum"]) == \
        set(graph_scenario.DIRECTIONS)
    graph_block = next(b for b in doc["allOf"] if b["if"].get("required") == ["graph_model"])
    refused = {b["required"][0] for b in graph_block["then"]["not"]["anyOf"]}
    assert refused | set(graph_scenario.TOP_KEYS) == set(doc["properties"])
