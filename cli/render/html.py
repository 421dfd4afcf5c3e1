"""`--html FILE.html`: one self-contained interactive page (no network access at all).

The page is the report's sections (report.py, the same ones the terminal and Markdown
show) as HTML, plus an "Explore" panel: a slider per ranged parameter with the exact
thresholds as ticks, the payoff tables and the equilibria at the slider's point. The
script (assets/report.js, inlined) computes with exact BigInt fractions from the data
of page_data.py; `#a=1/2&b=3` in the address sets the point. The element
`id="equilibria"` holds one child per equilibrium with a `data-equilibrium` attribute:
that equilibrium as compact JSON in the SPEC's shape.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, cast

from games.literal import json_visible

from .document import Cell, Section, Table, Text, cell_text
from .page_data import page_data
from .text import html as escape

if TYPE_CHECKING:
    from games.analysis import Analysis
    from games.sensitivity.support_formulas import SupportFormulas
    from games.tree.analysis import TreeReport

    from .extras import Extras
    from .page_data import Ends

CSP = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
LIVE = ("Payoffs", "Nash equilibria")     # sections the script redraws at each point


def asset(name: str) -> str:
    """A file shipped in cli/render/assets (package data)."""
    return resources.files("cli.render").joinpath("assets", name).read_text(encoding="utf-8")


def page(analysis: Analysis, extras: Extras, candidates: SupportFormulas | None = None,
         ends: Mapping[str, Ends] | None = None, tree: TreeReport | None = None) -> str:
    """The whole HTML document. `candidates`: games.sensitivity.support_formulas for
    points where several parameters move; `ends`: the equilibria at both ends of each
    parameter's range; `tree`: a game tree's TreeReport, drawn with its equilibrium
    path."""
    from .report import build
    game = analysis.game
    sections = build(analysis, extras)
    data = page_data(analysis, extras, candidates, ends)
    live = {s.title: s for s in sections if s.title in LIVE}
    rest = [s for s in sections if s.title not in LIVE]
    title = escape(game.title or "Game")
    body = [f"<header><h1>{title}</h1></header>", "<main>",
            section_html(Section("About this game", rest[0].blocks), "about"),
            explore_html(data),
            live_section("payoffs", "Payoffs at this point", live.get("Payoffs")),
            equilibria_html(live.get("Nash equilibria"), data["baseline"]),
            region_map_html(data)]
    if tree is not None:
        from .html_tree import tree_svg_section
        body.append(tree_svg_section(tree))
    body += [section_html(s, f"s{k}") for k, s in enumerate(rest[1:], 1)]
    body.append("</main>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        CSP,
        f"<title>{title}</title>",
        f"<style>{asset('report.css')}</style>",
        "</head><body>",
        *body,
        f'<script type="application/json" id="game-data">{json_for_script(data)}</script>',
        f"<script>{asset('report.js')}</script>",
        "</body></html>", ""])


def json_for_script(data: object) -> str:
    """JSON safe inside a <script> element (no '</' or '<!--' can end it early)."""
    text = json_visible(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def compact(d: object) -> str:
    """The compact JSON of a `data-equilibrium` attribute."""
    return json_visible(json.dumps(d, ensure_ascii=False, separators=(",", ":")))


# ------------------------------------------------------------ static sections

def section_html(sec: Section, ident: str) -> str:
    """A report section as an HTML <section> with a heading."""
    head = f'<section aria-labelledby="{ident}-h"><h2 id="{ident}-h">{escape(sec.title)}</h2>'
    parts = [head]
    parts += [block_html(b) for b in sec.blocks]
    parts.append("</section>")
    return "\n".join(parts)


def block_html(b: Table | Text) -> str:
    """A table or a paragraph."""
    if isinstance(b, Text):
        cls = f' class="{b.style}"' if b.style else ""
        return f"<p{cls}>{escape(b.text)}</p>"
    return table_html(b)


def table_html(t: Table) -> str:
    """A table: header row, the first cell of each row a row header, marks as classes."""
    out = ['<div class="scroll"><table>']
    if t.caption:
        out.append(f"<caption>{escape(t.caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in t.headers)
               + "</tr></thead><tbody>")
    for row in t.rows:
        cells = []
        for k, c in enumerate(row):
            tag = "th" if k == 0 else "td"
            scope = ' scope="row"' if k == 0 else ""
            mark = ' class="mark"' if isinstance(c, Cell) and c.mark else ""
            cells.append(f"<{tag}{scope}{mark}>{escape(cell_text(c))}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def live_section(ident: str, title: str, sec: Section | None) -> str:
    """A section the script redraws; its baseline content is there without script."""
    blocks = "\n".join(block_html(b) for b in sec.blocks) if sec else ""
    return (f'<section aria-labelledby="{ident}-h" aria-live="polite"><h2 id="{ident}-h">'
            f'{escape(title)}</h2><div id="{ident}">{blocks}</div></section>')


def equilibria_html(sec: Section | None, baseline: list[dict]) -> str:
    """The equilibria at the point: a list whose items carry `data-equilibrium`."""
    items = "".join(f"<li data-equilibrium=\"{escape(compact(d))}\">{escape(describe(d))}</li>"
                    for d in baseline)
    notes = "".join(block_html(b) for b in sec.blocks if isinstance(b, Text)) if sec else ""
    return ('<section aria-labelledby="eq-h" aria-live="polite"><h2 id="eq-h">'
            'Nash equilibria at this point</h2>'
            f'<ol id="equilibria" class="equilibria">{items}</ol>'
            f'<div id="eq-notes">{notes}</div></section>')


def describe(d: Mapping[str, object]) -> str:
    """'Ann: bach; Bob: bach — payoffs Ann 2, Bob 1' from an equilibrium's JSON (the
    SPEC's shape: strategies and payoffs by name, numbers as exact strings)."""
    strategies = cast("dict[str, dict[str, str]]", d["strategies"])
    payoffs = cast("dict[str, str]", d["payoffs"])
    parts = []
    for player, mix in strategies.items():
        if len(mix) == 1:
            parts.append(f"{player}: {next(iter(mix))}")
        else:
            parts.append(f"{player}: " + " + ".join(f"{p} {s}" for s, p in mix.items()))
    pays = ", ".join(f"{p} {v}" for p, v in payoffs.items())
    return f"{d['kind']}: " + "; ".join(parts) + f" (payoffs {pays})"


def explore_html(data: Mapping[str, object]) -> str:
    """The sliders (filled in by the script) and what the point is, after the flag of
    what the page left out (`left_out_html`)."""
    ranged = [p for p in cast("list[dict[str, object]]", data["parameters"]) if "range" in p]
    flag = left_out_html(data)
    if not ranged:
        return ('<section aria-labelledby="explore-h"><h2 id="explore-h">Explore</h2>'
                f"{flag}<p>This game has no parameter with a range: nothing to move.</p>"
                "</section>")
    return ('<section aria-labelledby="explore-h" class="explore"><h2 id="explore-h">'
            f"Explore the parameters</h2>{flag}<p>Move a slider (arrow keys step, Page Up/Down "
            "jump) or type an exact value such as <code>1/3</code>; the address "
            "(<code>#name=value</code>) keeps the point. Ticks mark the exact thresholds "
            'at which the equilibria change.</p><div id="sliders"></div>'
            '<p id="point-status" role="status"></p></section>')


def left_out_html(data: Mapping[str, object]) -> str:
    """A visible flag for each part of the page's data left out past a declared limit
    (page_data's "left_out": the reason, naming the limit), shown without script."""
    reasons = cast("list[str]", data.get("left_out") or [])
    return "".join(f'<p class="warning" id="left-out-{k}" data-left-out="true">Left out: '
                   f"{escape(r)}.</p>" for k, r in enumerate(reasons))


def region_map_html(data: Mapping[str, object]) -> str:
    """The 2-D region map's place (drawn by the script from the exact cells)."""
    regions = cast("dict[str, list[str]] | None", data.get("regions"))
    if regions is None:
        return ""
    names = " and ".join(escape(n) for n in regions["parameters"])
    return ('<section aria-labelledby="map-h"><h2 id="map-h">Regions of '
            f"{names}</h2><p>Each colour is one equilibrium structure; click or drag to "
            'move the point.</p><div id="region-map"></div></section>')
