"""Markdown that renders: every shipped scenario's report (with the option groups that
add tables) parsed by markdown-it-py (CommonMark + GitHub tables): each table of the
document is one table with its header and every row the right number of cells, each
cell reads exactly as the document's text (no stray `*` or `_` turned into emphasis,
bold only where a cell is marked), and every paragraph reads as its text."""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cli.commands import compute_extras, compute_teaching, load_game
from cli.main import build_parser
from cli.render.document import Cell, Table, Text, cell_text
from cli.render.markdown import render
from cli.render.report import build

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = [p for p in sorted((ROOT / "scenarios").glob("**/*.yaml"))   # graph models
             if "\ngraph_model:" not in p.read_text(encoding="utf-8")    # have no payoffs
             and not p.stem.endswith("_ordinal")]     # ranked scenarios: ordinal sections


def parsed_tables(md: str) -> list[list[list[tuple[str, bool]]]]:
    """Each table as rows of (cell text, bold?) as markdown-it-py reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    tables: list = []
    row: list = []
    for k, t in enumerate(tokens):
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close":
            tables[-1].append(row)
        elif t.type == "inline" and tokens[k - 1].type in ("th_open", "td_open"):
            row.append(inline_text(t))
    return tables


def inline_text(t) -> tuple[str, bool]:
    """The text of an inline token (line breaks as newlines) and whether all is bold;
    an emphasis (single *) anywhere is a failure: nothing in our text is emphasis."""
    parts, bold, depth = [], False, 0
    for c in t.children or []:
        assert c.type != "em_open", f"stray emphasis in {t.content!r}"
        if c.type == "strong_open":
            depth += 1
            bold = True
        elif c.type == "strong_close":
            depth -= 1
        elif c.type == "text":
            parts.append(c.content)
        elif c.type == "html_inline" and c.content == "<br>" or c.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            raise AssertionError(f"unexpected markup {c.type} in {t.content!r}")
    return "".join(parts), bold


def paragraphs(md: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    out = []
    for k, t in enumerate(tokens):
        if t.type == "inline" and tokens[k - 1].type == "paragraph_open":
            for c in t.children or []:
                assert c.type != "em_open" or k and t.content.startswith("*"), t.content
            out.append(" ".join("".join(c.content if c.type == "text" else " "
                                        for c in t.children or []).split()))
    return out


def cases():
    out = []
    for path in SCENARIOS:
        out.append(pytest.param(path, [], id=f"{path.stem}"))
    out.append(pytest.param(ROOT / "scenarios" / "battle_of_the_sexes.yaml",
                            ["--explain", "--concepts", "--monte-carlo", "100", "--seed", "1",
                             "--compare-set", "alone=1"], id="bos-all"))
    return out


@pytest.mark.parametrize("path, args", cases())
def test_markdown_tables_are_well_formed(path, args):
    from games.analysis import analyze

    opts = build_parser().parse_args([str(path), *args])
    scenario = opts.scenario[0] if isinstance(opts.scenario, list) else opts.scenario
    game = load_game(scenario, opts.sets)
    analysis = analyze(game)
    compare_values = None
    if opts.compare_set:
        from cli.commands import parse_sets
        compare_values = parse_sets(game.scenario, opts.compare_set)
    extras = compute_extras(opts, game, None, compare_values)
    extras.update(compute_teaching(opts, analysis))
    sections = build(analysis, extras)
    md = render(sections)
    tables = [b for s in sections for b in s.blocks if isinstance(b, Table)]
    got = parsed_tables(md)
    assert len(got) == len(tables)
    for table, rows in zip(tables, got):
        assert len(rows) == len(table.rows) + 1
        assert [text for text, _ in rows[0]] == [h.replace("\n", " ") if h else "" for h in
                                                 table.headers]
        for want, have in zip(table.rows, rows[1:]):
            assert len(have) == len(want)
            for c, (text, bold) in zip(want, have):
                assert text == cell_text(c)
                assert bold == (isinstance(c, Cell) and c.mark and bool(c.text))
    texts = [b for s in sections for b in s.blocks if isinstance(b, Text)]
    paras = paragraphs(md)
    for t in texts:
        flat = " ".join(t.text.replace("highlighted", "in bold").split())
        assert any(flat in p or p in flat for p in paras if p), flat[:80]
    assert "highlighted" not in md
