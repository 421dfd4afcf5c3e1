"""The report's layout: the answer first, in the scenario's words; what the user asked
for (sweep, Monte Carlo, comparison) before the details; --brief and --only; option
conflicts as one-line errors. Expected statements come from the hand derivations in
the scenarios' comments (Idlib: the only equilibrium is (diplomacy, wait,
hold_stalemate), militia_support's nearest threshold is 3)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]
IDLIB = ROOT / "scenarios" / "idlib_m4_patrols.yaml"
BOS = ROOT / "scenarios" / "battle_of_the_sexes.yaml"


def run(capsys: pytest.CaptureFixture, *args: str, width: int = 100) -> tuple[int, str, str]:
    import os
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        status = main([str(a) for a in args])
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    out, err = capsys.readouterr()
    return status, out, err


def flat(text: str) -> str:
    return " ".join(text.split())


def test_answer_comes_first(capsys):
    status, out, _ = run(capsys, IDLIB)
    assert status == 0
    head = flat("\n".join(out.splitlines()[:8]))
    assert "the answer" in head
    assert "Prediction: Turkey plays diplomacy, Russia plays wait and Damascus plays " \
           "hold_stalemate (the only equilibrium" in head
    # robustness: the nearest threshold and the assumption it hinges on, in its words
    assert "militia_support (What keeping the local militias on side is worth" in head
    assert "falls by 1 to 3" in head


def test_brief_is_the_answer_alone(capsys):
    status, out, _ = run(capsys, BOS, "--brief")
    assert status == 0
    text = flat(out)
    assert "No single prediction: no continuum" not in text
    assert "3 isolated equilibria" in text
    assert "Ann mixes 2/3 bach + 1/3 stravinsky and Bob mixes 1/3 bach + 2/3 stravinsky" in text
    assert "rises by 1 to 1" in text                 # the threshold alone = 1
    assert "Payoffs" not in out and "Sensitivity" not in out and "┏" not in out


def test_only_picks_sections(capsys):
    status, out, _ = run(capsys, IDLIB, "--only", "equilibria,sensitivity")
    assert status == 0
    assert "Nash equilibria" in out and "Sensitivity" in out
    assert ": the answer" not in out and "Payoffs" not in out and "Dominance" not in out


@pytest.mark.parametrize("extra, title", [
    (["--sweep", "push_cost", "--steps", "5"], "Sweep of push_cost"),
    (["--monte-carlo", "200", "--seed", "1"], "Monte Carlo"),
    (["--compare-set", "push_cost=2"], "Comparison"),
])
def test_asked_for_output_comes_right_after_the_answer(capsys, extra, title):
    status, out, _ = run(capsys, IDLIB, *extra)
    assert status == 0
    titles = [line for line in out.splitlines() if line.startswith("─")]
    assert "the answer" in titles[0] and title in titles[1], titles[:3]


@pytest.mark.parametrize("args, words", [
    (["--brief", "--only", "answer"], ["--brief", "--only"]),
    (["--only", "equilibria,nonsense"], ["unknown section", "nonsense"]),
    (["--brief", "--format", "json"], ["JSON"]),
    (["--compare", str(BOS), "--compare-set", "push_cost=2"], ["--compare", "--compare-set"]),
])
def test_conflicting_options_are_errors(capsys, args, words):
    status, out, err = run(capsys, IDLIB, *args)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("analyze: error:")
    for w in words:
        assert w in err


def test_comparison_sides_are_named(capsys):
    import json
    status, out, _ = run(capsys, IDLIB, "--compare-set", "push_cost=2", "--format", "json")
    assert status == 0
    cmp = json.loads(out)["comparison"]
    assert cmp["a"]["label"] == "idlib_m4_patrols.yaml"
    assert cmp["b"]["label"] == "idlib_m4_patrols.yaml with push_cost=2"
    assert cmp["parameters_changed"] == [{"parameter": "push_cost", "a": "4", "b": "2"}]
    status, out, _ = run(capsys, IDLIB, "--compare-set", "push_cost=2", "--only", "comparison")
    text = flat(out)
    assert "A = idlib_m4_patrols.yaml; B = idlib_m4_patrols.yaml with push_cost=2" in text
    # the parameters that differ come before the payoff cells
    assert text.index("Parameters that differ") < text.index("Payoff cells that differ")
    # push_cost only changes Damascus's payoffs where it pushes: four profiles, one row each
    assert text.count("│ same │ same │") == 4
    for cell in ("-1 -> 1", "0 -> 2", "2 -> 4"):
        assert cell in text
    other = ROOT / "scenarios" / "idlib_variants" / "idlib_hawkish_moscow.yaml"
    status, out, _ = run(capsys, IDLIB, "--compare", other, "--only", "comparison")
    text = flat(out)
    assert "B = idlib_hawkish_moscow.yaml" in text and "moscow_patience" in text


def test_jargon_explained_at_first_use():
    """Each glossary term that the report uses is defined in a note right after the
    first block that uses it, and defined once; docs/glossary.md lists them."""
    import games
    from cli.render.document import Text
    from cli.render.glossary import PATTERNS, TERMS, glossary_markdown
    from cli.render.report import build
    from games.teaching.concepts import concepts
    from games.teaching.explain import explain

    analysis = games.analyze(games.load(str(IDLIB)))
    sections = build(analysis, {"explanation": explain(analysis),
                                "concepts": concepts(analysis.game, analysis.equilibria)})
    blocks = [b for sec in sections for b in sec.blocks]
    notes = [k for k, b in enumerate(blocks) if isinstance(b, Text)
             and b.text.startswith("Terms: ")]
    used = 0
    for term, pattern in PATTERNS.items():
        texts = [(k, b.text if isinstance(b, Text) else " ".join([b.caption, *b.headers]))
                 for k, b in enumerate(blocks) if k not in notes]
        first = next((k for k, t in texts if pattern.search(t)), None)
        defined = [k for k in notes if f"{term}: {TERMS[term]}" in blocks[k].text]
        if first is None:
            assert not defined, term
            continue
        used += 1
        assert len(defined) == 1, term
        assert defined[0] == first + 1, term
    assert used >= 8
    assert (ROOT / "docs" / "glossary.md").read_text() == glossary_markdown()
