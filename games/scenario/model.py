"""The parsed scenario: players, parameters and payoff expressions (`Scenario`), and
how it becomes a `Game` for given parameter values (exact evaluation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from ..errors import ScenarioError, did_you_mean
from ..limits import magnitude_problem
from ..literal import visible
from ..expressions import Expr, ExpressionError, parse_constant
from ..model import Game, Parameter, Player
from .document import Document


@dataclass
class Effect:
    """One additive rule: `index` selects the matching profiles (per player, a list of
    strategy indices or None for any), `player` gets `expr` added there."""

    index: tuple[Any, ...]
    player: int
    expr: Expr
    where: tuple[int, int, Any]         # (line, column, scalar node) of the expression


@dataclass
class Scenario:
    """A parsed, validated scenario: players, parameters and payoff expressions."""

    title: str
    players: tuple[Player, ...]
    parameters: dict[str, Parameter]
    expressions: np.ndarray                     # object array (n_players, *shape) of Expr
    profile_lines: dict[tuple[int, ...], int]   # profile -> line of its payoff row
    description: str = ""
    source: str = ""
    source_path: str | None = None
    _rows: np.ndarray | None = field(default=None, repr=False)     # Expr | None per cell
    _effects: list[Effect] = field(default_factory=list, repr=False)
    _doc: Document | None = field(default=None, repr=False)
    _where: dict[tuple[int, ...], tuple[int, int, Any]] = field(default_factory=dict, repr=False)
    player_descriptions: dict[str, str] = field(default_factory=dict)
    payoffs_are: str = "cardinal"               # "ranks": each player's ranking only
    _last: tuple[tuple[tuple[str, Fraction], ...], np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False)   # the last evaluation

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.strategies) for p in self.players)

    @property
    def baseline(self) -> dict[str, Fraction]:
        """Every parameter at its baseline value."""
        return {name: p.value for name, p in self.parameters.items()}

    def values(self, overrides: Mapping[str, Fraction] | None = None,
               check_range: bool = True) -> dict[str, Fraction]:
        """Baseline values with `overrides` applied; unknown names and (optionally)
        values outside a parameter's range are ScenarioErrors."""
        out = self.baseline
        for name, value in (overrides or {}).items():
            self._check_override(name, Fraction(value), f"{name}={value}", check_range)
            out[name] = Fraction(value)
        return out

    def parse_assignment(self, text: str) -> tuple[str, Fraction]:
        """Read a `--set NAME=VALUE` option against this scenario's parameters."""
        where = f"--set {text}"
        if "=" not in text:
            raise ScenarioError(f"{where}: expected NAME=VALUE", self.source_path)
        name, _, raw = text.partition("=")
        name = name.strip()
        if name not in self.parameters:
            self._check_override(name, Fraction(0), text, True)
        try:
            value = parse_constant(raw.strip())
        except ExpressionError as exc:
            raise ScenarioError(f"{where}: bad value: {exc.message}", self.source_path) from None
        self._check_override(name, value, text, True)
        return name, value

    def _check_override(self, name: str, value: Fraction, text: str, check_range: bool) -> None:
        """ScenarioError for an unknown parameter or a value outside its range."""
        if name not in self.parameters:
            known = ", ".join(self.parameters) or "none"
            hint = did_you_mean(name, self.parameters) or f"the parameters are: {known}"
            raise ScenarioError(f"--set {visible(text)}: unknown parameter '{visible(name)}'",
                                self.source_path, hint=visible(hint))
        rng = self.parameters[name].range
        if check_range and rng is not None and not rng[0] <= value <= rng[1]:
            raise ScenarioError(f"--set {text}: {value} is outside the range "
                                f"[{rng[0]}, {rng[1]}] of parameter '{name}'", self.source_path)

    def to_yaml(self, values: Mapping[str, Fraction] | None = None) -> str:
        """This scenario as YAML text that loads back equal (effects folded into the rows);
        `values` replace parameter baselines."""
        from .writing import scenario_to_yaml
        return scenario_to_yaml(self, values)

    def game(self, values: Mapping[str, Fraction] | None = None,
             check_range: bool = True) -> Game:
        """The game with baseline parameter values overridden by `values` (exact)."""
        vals = self.values(values, check_range)
        payoffs = self._evaluate(vals)
        game = Game(self.players, payoffs, title=self.title, description=self.description,
                    parameters=self.parameters, values=vals)
        game.scenario = self
        return game

    def _evaluate(self, vals: Mapping[str, Fraction]) -> np.ndarray:
        """Exact payoff array: row values plus each matching effect, evaluated once each.
        The last one is remembered (read-only): loading checks the baseline, then the
        analysis asks for it again (5 s of a 50,000-action scenario evaluated twice)."""
        key = tuple(sorted(vals.items()))
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        out = self._evaluated(vals)
        out.flags.writeable = False
        self._last = (key, out)
        return out

    def _evaluated(self, vals: Mapping[str, Fraction]) -> np.ndarray:
        """`_evaluate`'s work."""
        n = len(self.players)
        out = np.full((n, *self.shape), Fraction(0), dtype=object)
        if self._rows is not None:
            # one evaluation per expression object: a repeated constant's text is read
            # once (validation.py), so many cells share its object
            done: dict[int, Any] = {}
            for idx in np.ndindex(self._rows.shape):
                expr: Expr | None = self._rows[idx]  # type: ignore[assignment]  # object array
                if expr is not None:
                    if id(expr) not in done:
                        done[id(expr)] = self._eval_at(expr, self._row_where(idx), vals)
                    out[idx] = done[id(expr)]
        for eff in self._effects:
            value = self._eval_at(eff.expr, eff.where, vals)
            if value:
                ix: tuple[int | np.ndarray, ...] = (eff.player,
                                                    *profile_mesh(eff.index, self.shape))
                out[ix] = out[ix] + value
        self._check_magnitudes(out, vals)
        return out

    def _check_magnitudes(self, out: np.ndarray, vals: Mapping[str, Fraction]) -> None:
        """ScenarioError at the payoff's row when a value is beyond the declared
        magnitude limit (games.limits), so that float fast paths stay finite."""
        for idx in np.ndindex(out.shape):
            value: Any = out[idx]
            problem = magnitude_problem(value)
            if problem:
                line, col, _ = self._row_where(idx)
                at = _describe_values(vals, self.parameters)
                raise ScenarioError(f"{problem}{at}", self.source_path, line or None,
                                    col or None)

    def _row_where(self, idx: tuple[int, ...]) -> tuple[int, int, Any]:
        """Where the payoff of (player, *profile) is written, for error messages."""
        return self._where.get(idx, (self.profile_lines.get(idx[1:], 0), 1, None))

    def _eval_at(self, expr: Expr, where: tuple[int, int, Any], vals: Mapping[str, Fraction]
                 ) -> Fraction:
        """Evaluate one source expression; errors become ScenarioErrors at its position."""
        try:
            return expr.evaluate(vals)
        except ExpressionError as exc:
            line, col, node = where
            if self._doc is not None and node is not None:
                line, col = self._doc.position(node, exc.offset)
            at = _describe_values(vals, expr.parameters())
            raise ScenarioError(f"{exc.message} in '{expr}'{at}", self.source_path,
                                line or None, col or None) from None


def _describe_values(vals: Mapping[str, Fraction], names: Iterable[str]) -> str:
    """' with a=1, b=0' for the parameters an expression uses (nothing if none)."""
    used = sorted(names)
    return (" with " + ", ".join(f"{n}={vals[n]}" for n in used if n in vals)) if used else ""


def profile_mesh(index: tuple[Sequence[int] | None, ...], shape: tuple[int, ...]
                 ) -> tuple[np.ndarray, ...]:
    """numpy open-mesh index for a partial profile (None = every strategy)."""
    lists = [list(range(k)) if sel is None else list(sel) for sel, k in zip(index, shape)]
    return np.ix_(*lists)
