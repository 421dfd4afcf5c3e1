"""Equilibrium sets in words: how many isolated equilibria and continua there are, and
each continuum stated as the set it is ("Turkey may mix confront and diplomacy in any
proportion while Russia plays wait"), from the engine's exact description
(games.solvers.continua)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from games.equilibrium import Component, EquilibriumSet
    from games.model import Game
    from games.solvers.continua import Piece

_PROBABILITY = re.compile(r"p\d+")     # a probability's name in a condition (p1, p2, ...)
NUMBERS = ("no", "1", "2", "3", "4", "5", "6", "7", "8", "9")


def continua(eqs: EquilibriumSet) -> list[Component]:
    """The components that are sets of more than one point."""
    return [c for c in eqs.components if c.detail is not None and c.detail.dimension > 0
            or c.detail is None and len(c.members) > 1]


def isolated(eqs: EquilibriumSet) -> list[int]:
    """Indices of the equilibria that belong to no continuum."""
    inside = {m for c in continua(eqs) for m in c.members}
    return [k for k in range(len(eqs.equilibria)) if k not in inside]


def plural(n: int, one: str, many: str) -> str:
    """'1 continuum', '2 continua', 'no continuum'."""
    word = NUMBERS[n] if n < len(NUMBERS) else str(n)
    return f"{word} {one if n == 1 or n == 0 else many}"


def count_words(eqs: EquilibriumSet) -> str:
    """'2 isolated equilibria and 1 continuum', '1 isolated equilibrium', ..."""
    n_iso, n_cont = len(isolated(eqs)), len(continua(eqs))
    iso = plural(n_iso, "isolated equilibrium", "isolated equilibria")
    if not n_cont:
        return iso
    cont = plural(n_cont, "continuum", "continua")
    return f"{iso} and {cont}"


def component_sentence(game: Game, comp: Component, ends: str | None = None) -> str:
    """The continuum in words: each piece, then its extreme points (by number in the
    equilibrium table, unless `ends` names them)."""
    if comp.unlisted and not comp.counted:
        ends = (f"at least {comp.unlisted:,} in number (their count stopped at its limit, "
                "as the notes say), not listed")
    elif comp.unlisted:
        ends = (f"{comp.unlisted:,} in number, counted and not listed: more than a "
                "report lists, --max-listed N raises the limit")
    elif ends is None:
        ends = ", ".join(f"#{m + 1}" for m in comp.members)
    if comp.detail is None:
        return f"every mixture of equilibria {ends} (a connected set)"
    body = pieces_text(game, comp.detail.pieces)
    linear = all(p.linear for p in comp.detail.pieces)
    one = len(comp.detail.pieces) == 1
    dim = comp.detail.dimension
    kind = ("segment" if one else "chain of segments") if dim == 1 and linear else \
        ("curve" if one else "chain of curves and segments") if dim == 1 else \
        ("polygon" if one and linear and dim == 2 else f"{dim}-dimensional set")
    exact = comp.detail.dimension_exact     # else an upper bound: no shape word claimed
    bound = f"set of equilibria of dimension at most {dim}"
    noun = f"a {kind} of equilibria" if exact else f"a {bound}"
    closed = next((p.closed_in for p in comp.detail.pieces if p.closed_in), "")
    if closed:
        shape = "closed curve" if dim == 1 else f"closed {dim}-dimensional set"
        noun = f"a {shape} of equilibria" if exact else f"a closed {bound},"
        return (f"{body} ({noun} touching no boundary; the points listed, "
                f"{ends or 'none'}, are where {closed} is least or greatest on it)")
    touching = next((p.touching_in for p in comp.detail.pieces if p.touching_in), "")
    if touching:
        return (f"{body} ({noun}; the points listed, {ends or 'none'}, include where "
                f"{touching} is least and where it is greatest on it)")
    what = "endpoints" if dim == 1 and one else "extreme points"
    return f"{body} ({noun}; its {what} are {ends or 'not listed'})"


def pieces_text(game: Game, pieces: Sequence[Piece]) -> str:
    """The pieces of a continuum joined by '; or ': the first SHOWN_PIECES, then how
    many more (a tied tall game's set has tens, each of hundreds of conditions)."""
    from games.limits import SHOWN_PIECES
    text = "; or ".join(piece_sentence(game, p) for p in pieces[:SHOWN_PIECES])
    more = len(pieces) - SHOWN_PIECES
    if more > 0:
        text += (f"; or one of {more:,} more {'piece' if more == 1 else 'pieces'} (a text "
                 f"report states {SHOWN_PIECES}, the limit SHOWN_PIECES; --format json "
                 "states them all)")
    return text


def piece_sentence(game: Game, piece: Piece) -> str:
    """'Turkey may mix confront and diplomacy in any proportion while Russia plays wait
    and Damascus plays hold_stalemate', or, when the probabilities are tied together,
    the named probabilities with their equations and inequalities. Past SHOWN_PIECE_TERMS
    strategies of a player or conditions, the first ones and how many more."""
    from games.limits import SHOWN_PIECE_TERMS as most
    players = game.players
    free_parts, tied_parts = [], []
    for i, s in enumerate(piece.supports):
        if len(s) < 2:
            continue
        names = [players[i].strategies[j].name for j in s]
        if i in piece.free:
            if len(names) > most:
                names = [*names[:most - 1], f"{len(names) - most + 1:,} more strategies"]
            free_parts.append(f"{players[i].name} may mix {_and(names)} in any proportion")
        else:
            tied_parts.append(_tied_part(game, piece, i, most))
    fixed = [f"{players[i].name} plays {players[i].strategies[j].name}" for i, j in piece.fixed]
    text = "; ".join(free_parts + tied_parts)
    if fixed:
        text += " while " + _and(fixed)
    conditions = _conditions(piece, most)
    if tied_parts and conditions:
        text += ", where " + _and(conditions)
    return text


def _tied_part(game: Game, piece: Piece, i: int, most: int) -> str:
    """'Row plays a with probability p1, b with probability p2 and c with the rest (1 -
    p1 - p2)'; past `most` named probabilities, the first ones and how many more."""
    player = game.players[i]
    named = [(n, j) for n, i2, j in piece.variables if i2 == i]
    last = [player.strategies[j].name for i2, j in piece.implied if i2 == i]
    probs = [f"{player.strategies[j].name} with probability {n}" for n, j in named[:most]]
    if len(named) > most:
        probs.append(f"{len(named) - most:,} more strategies with probabilities "
                     f"{named[most][0]} to {named[-1][0]} (--format json names them)")
        probs.append(f"{last[0]} with the rest (1 minus those {len(named):,})")
    else:
        probs.append(f"{last[0]} with the rest (1 - {' - '.join(n for n, _ in named)})")
    return f"{player.name} plays {_and(probs)}"


def _conditions(piece: Piece, most: int) -> list[str]:
    """The conditions of a piece on the probabilities that are tied together (bounds on
    one probability merged into intervals); past `most`, `most` of the piece's
    equations and inequalities as the JSON writes them (the equations, then the
    inequalities other than 'pK >= 0', then those) and how many more there are."""
    from games.solvers.continua import interval_bounds
    tied = {n for n, i, _ in piece.variables if i not in piece.free}
    conditions = [f"{e} = 0" for e in piece.equations if _mentions(e, tied)] + \
        interval_bounds([c for c in piece.inequalities if _mentions(c, tied)])
    if len(conditions) <= most:
        return conditions
    plain = sorted(piece.inequalities, key=lambda e: _PROBABILITY.fullmatch(e) is not None)
    every = [f"{e} = 0" for e in piece.equations] + [f"{e} >= 0" for e in plain]
    return [*(_short(c, most) for c in every[:most]),
            f"{len(every) - most:,} more conditions (--format json lists all {len(every):,})"]


def _short(condition: str, most: int) -> str:
    """A condition as written, or, when it names more than `most` probabilities (a
    tall game's sum of hundreds), how many it names."""
    named = len(set(_PROBABILITY.findall(condition)))
    if named <= most:
        return condition
    kind = "an equation" if condition.endswith(" = 0") else "an inequality"
    return f"{kind} in {named:,} probabilities (--format json writes it)"


def _mentions(expr: str, tied: set[str]) -> bool:
    """Whether a condition names a probability of a player not free to mix (`tied`)."""
    return bool(tied & set(_PROBABILITY.findall(expr)))


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def set_in_words(game: Game, eqs: EquilibriumSet) -> str:
    """The continua of a set in a phrase (pieces only, no endpoints), for a legend:
    'Turkey may mix confront and diplomacy in any proportion while ...'; '' when the
    set has no continuum."""
    parts = []
    for comp in continua(eqs):
        if comp.detail is None:
            parts.append("every mixture of its listed equilibria (a connected set)")
        else:
            parts.append(pieces_text(game, comp.detail.pieces))
    return "; ".join(parts)
