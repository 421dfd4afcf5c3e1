"""Readable text, HTML (for Jupyter) and DataFrames of the engine's result objects.

The result classes call these: `str(eq)` reads "pure (diplomacy, wait, hold_stalemate)
payoffs 4, 3, 3"; `_repr_html_` draws the same tables the report shows; `to_pandas()`
gives one row per equilibrium (or grid point, interval, outcome) with exact values
(Fractions; `.astype(float)` for numbers). pandas is an optional extra (`pip install
'games-analyzer[notebook]'`), imported only by `to_pandas`.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from .numbers import exact_str, is_rational, to_float

if TYPE_CHECKING:
    from pandas import DataFrame   # optional (the notebook extra); untyped

    from .analysis import Analysis
    from .equilibrium import Equilibrium, EquilibriumSet
    from .model import Game, Player
    from .numbers import Exact
    from .sensitivity.compare import Comparison
    from .sensitivity.montecarlo import MonteCarloResult
    from .sensitivity.sweep import SweepResult
    from .sensitivity.thresholds import ParameterSensitivity


def value_text(x: Exact) -> str:
    """An exact value, with a decimal beside an irrational one."""
    s = exact_str(x)
    return s if is_rational(x) else f"{s} ≈ {to_float(x):.6g}"


def mix_text(player: Player, probs: Sequence[Exact]) -> str:
    """'bach' for a pure strategy, '2/3 bach + 1/3 stravinsky' for a mixture."""
    played = [(s.name, p) for s, p in zip(player.strategies, probs) if p != 0]
    if len(played) == 1:
        return played[0][0]
    return " + ".join(f"{value_text(p)} {name}" for name, p in played)


def equilibrium_text(eq: Equilibrium, players: Sequence[Player]) -> str:
    """One equilibrium in words, with the players' names."""
    pays = ", ".join(value_text(v) for v in eq.payoffs)
    if not players:
        probs = "; ".join("(" + ", ".join(exact_str(p) for p in row) + ")" for row in eq.profile)
        return f"{eq.kind} equilibrium {probs} payoffs {pays}"
    if eq.kind == "pure":
        names = ", ".join(mix_text(p, probs) for p, probs in zip(players, eq.profile))
        text = f"pure ({names}) payoffs {pays}"
    else:
        mixes = "; ".join(f"{p.name}: {mix_text(p, probs)}"
                          for p, probs in zip(players, eq.profile))
        text = f"mixed ({mixes}) payoffs {pays}"
    return text if eq.exact else text + f" [numeric, max gain {eq.tolerance:.1e}]"


def equilibria_text(eqs: EquilibriumSet, players: Sequence[Player]) -> str:
    """A numbered list with a summary line."""
    head = (f"{len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'} "
            f"({len(eqs.pure)} pure, {len(eqs.mixed)} mixed; {eqs.method}"
            f"{'' if eqs.complete else '; not a complete list'})")
    lines = [f"  {k}. {equilibrium_text(e, players)}" for k, e in enumerate(eqs, 1)]
    return "\n".join([head, *lines])


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "",
               marks: Sequence[Sequence[bool]] | None = None) -> str:
    """A plain HTML table (every string escaped); marked cells in bold."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>")
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            bold = marks is not None and marks[r][c]
            body = f"<b>{escape(text)}</b>" if bold else escape(text)
            cells.append(f"<td>{body}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def equilibria_html(eqs: EquilibriumSet, players: Sequence[Player]) -> str:
    """The report's equilibrium table."""
    headers = ["#", "kind", *(p.name for p in players), "payoffs"]
    rows = [[str(k), e.kind, *(mix_text(p, probs) for p, probs in zip(players, e.profile)),
             ", ".join(value_text(v) for v in e.payoffs)] for k, e in enumerate(eqs, 1)]
    note = f"{len(eqs.pure)} pure and {len(eqs.mixed)} mixed equilibria ({eqs.method})"
    return html_table(headers, rows) + f"<p>{escape(note)}</p>"


def equilibria_frame(eqs: EquilibriumSet, players: Sequence[Player]) -> DataFrame:
    """One row per equilibrium: kind, each player's mixture in words, each
    probability and each payoff (exact Fractions, or sympy numbers when irrational)."""
    pd = _pandas()
    records = []
    for e in eqs:
        row: dict[str, Any] = {"kind": e.kind}
        for p, probs in zip(players, e.profile):
            row[p.name] = mix_text(p, probs)
        for p, probs in zip(players, e.profile):
            for s, x in zip(p.strategies, probs):
                row[f"{p.name}: {s.name}"] = x
        for p, v in zip(players, e.payoffs):
            row[f"payoff {p.name}"] = v
        records.append(row)
    return pd.DataFrame.from_records(records)


def payoff_tables_html(game: Game) -> str:
    """The game's payoff tables, best responses starred, pure equilibria in bold (one
    table per combination of the strategies of players 3, 4, ...)."""
    from .solvers.pure import best_response_mask
    best = best_response_mask(game.comparable_payoffs)
    p1, p2 = game.players[0], game.players[1] if game.n_players > 1 else None
    if p2 is None:
        rows = [[s.name, value_text(game.payoffs[0, j])] for j, s in enumerate(p1.strategies)]
        return html_table([p1.name, "payoff"], rows)
    out = []
    rest = range(2, game.n_players)
    for combo in itertools.product(*(range(game.shape[k]) for k in rest)):
        rows, marks = [], []
        for a, sa in enumerate(p1.strategies):
            row, mark = [sa.name], [False]
            for b in range(len(p2.strategies)):
                prof = (a, b, *combo)
                parts = [exact_str(game.payoffs[(i, *prof)]) + ("*" if best[(i, *prof)] else "")
                         for i in range(game.n_players)]
                row.append(", ".join(parts))
                mark.append(all(best[(i, *prof)] for i in range(game.n_players)))
            rows.append(row)
            marks.append(mark)
        caption = ", ".join(f"{game.players[k].name} plays {game.players[k].strategies[j].name}"
                            for k, j in zip(rest, combo))
        out.append(html_table([f"{p1.name} \\ {p2.name}", *p2.strategy_names], rows,
                              caption and f"when {caption}", marks))
    return "".join(out) + "<p>* a best response; bold: a pure equilibrium.</p>"


def records_frame(records: list[dict]) -> DataFrame:
    """A DataFrame from plain records."""
    return _pandas().DataFrame.from_records(records)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError("to_pandas() needs pandas, an optional extra: pip install "
                          "'games-analyzer[notebook]' (or pip install pandas)") from None
    return pandas


# ------------------------------------------------------------ sensitivity results

def support_text(players: Sequence[Player], support: Sequence[Sequence[int]]) -> str:
    """'(bach, bach)' for a pure profile, '(bach+stravinsky, bach+stravinsky)' mixed."""
    return "(" + ", ".join("+".join(p.strategies[j].name for j in s)
                           for p, s in zip(players, support)) + ")"


def sensitivity_records(s: ParameterSensitivity) -> list[dict]:
    """One row per interval and per threshold of one parameter."""
    rows = []
    for k, iv in enumerate(s.intervals):
        rows.append({"parameter": s.parameter, "from": iv.lo, "to": iv.hi, "at": None,
                     "equilibria": "; ".join(equilibrium_text(e, s.players)
                                             for e in iv.equilibria)})
        if k < len(s.thresholds):
            at = s.at_thresholds[k] if k < len(s.at_thresholds) else None
            rows.append({"parameter": s.parameter, "from": None, "to": None,
                         "at": s.thresholds[k],
                         "equilibria": "not solved (irrational threshold)" if at is None else
                         "; ".join(equilibrium_text(e, s.players) for e in at)})
    return rows


def sensitivity_text(s: ParameterSensitivity) -> str:
    """Thresholds and the equilibria on each side, in words."""
    ts = ", ".join(value_text(t) for t in s.thresholds) or "none in the range"
    head = (f"{s.parameter} in [{exact_str(s.range[0])}, {exact_str(s.range[1])}], value "
            f"{exact_str(s.value)}: thresholds {ts}")
    lines = [head]
    for r in sensitivity_records(s):
        where = (f"  {s.parameter} = {value_text(r['at'])}" if r["at"] is not None else
                 f"  {value_text(r['from'])} < {s.parameter} < {value_text(r['to'])}")
        lines.append(f"{where}: {r['equilibria'] or 'no equilibrium'}")
    return "\n".join(lines)


def records_html(records: list[dict], caption: str = "") -> str:
    """Records as an HTML table (exact values as text)."""
    if not records:
        return "<p>(nothing)</p>"
    headers = list(records[0])
    rows = [["" if r[h] is None else (value_text(r[h]) if _is_number(r[h]) else str(r[h]))
             for h in headers] for r in records]
    return html_table(headers, rows, caption)


def _is_number(x: Any) -> bool:
    from fractions import Fraction
    return isinstance(x, (int, Fraction)) or bool(getattr(x, "is_number", False))


def sweep_records(result: SweepResult) -> list[dict]:
    """One row per grid point: the parameter values, the structure and equilibria."""
    rows = []
    for k, p in enumerate(result.points):
        row: dict[str, Any] = dict(p.values)
        row["structure"] = result.structure_label(result.labels[k])
        row["equilibria"] = "; ".join(equilibrium_text(e, result.players) for e in p.equilibria)
        rows.append(row)
    return rows


def montecarlo_records(result: MonteCarloResult) -> list[dict]:
    """One row per equilibrium support seen in the draws."""
    return [{"support": support_text(result.players, o.support), "share": o.share,
             "low": o.low, "high": o.high, "count": o.count} for o in result.outcomes]


def montecarlo_text(result: MonteCarloResult) -> str:
    head = (f"{result.samples} draws of {', '.join(result.parameters)}"
            f"{'' if result.seed is None else f' (seed {result.seed})'}:")
    lines = [f"  {r['share']:.1%} [{r['low']:.1%}, {r['high']:.1%}] an equilibrium with "
             f"support {r['support']}" for r in montecarlo_records(result)]
    return "\n".join([head, *lines])


def comparison_text(c: Comparison) -> str:
    lines = [f"{len(c.differences)} payoff(s) differ"]
    for title, group in (("unchanged", c.unchanged), ("appeared", c.appeared),
                         ("disappeared", c.disappeared)):
        lines += [f"  {title}: {equilibrium_text(e, c.players)}" for e in group]
    lines += [f"  moved: {equilibrium_text(a, c.players)} -> {equilibrium_text(b, c.players)}"
              for a, b in c.moved]
    return "\n".join(lines)


def comparison_records(c: Comparison) -> list[dict]:
    rows = [{"change": t, "equilibrium": equilibrium_text(e, c.players)}
            for t, group in (("unchanged", c.unchanged), ("appeared", c.appeared),
                             ("disappeared", c.disappeared)) for e in group]
    rows += [{"change": "moved", "equilibrium": f"{equilibrium_text(a, c.players)} -> "
              f"{equilibrium_text(b, c.players)}"} for a, b in c.moved]
    return rows


def analysis_text(a: Analysis) -> str:
    """The analysis in words: the game, its equilibria, its thresholds."""
    parts = [repr(a.game), equilibria_text(a.equilibria, a.game.players)]
    parts += [sensitivity_text(s) for s in a.sensitivity]
    return "\n".join(parts)


def analysis_html(a: Analysis) -> str:
    """The report's tables: payoffs, equilibria, sensitivity."""
    parts = [f"<h3>{escape(a.game.title or 'Game')}</h3>", payoff_tables_html(a.game),
             equilibria_html(a.equilibria, a.game.players)]
    parts += [records_html(sensitivity_records(s), f"Sensitivity to {s.parameter}")
              for s in a.sensitivity]
    return "".join(parts)


class Tabular:
    """Mixin for result objects: `str()`, Jupyter's `_repr_html_` and `to_pandas()`
    from the class's `records()` (rows), `text()` and `caption()`."""

    def records(self) -> list[dict]:
        raise NotImplementedError

    def caption(self) -> str:
        return ""

    def text(self) -> str:
        return "\n".join(", ".join(f"{k}: {v}" for k, v in r.items()) for r in self.records())

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return records_html(self.records(), self.caption())

    def to_pandas(self) -> DataFrame:
        """One row per record (pandas DataFrame; exact values stay Fractions)."""
        return records_frame(self.records())
