"""A piece of the subgame-perfect set while it is built (games.tree.spe_set), and its
exact algebra: children's pieces merged side by side, equations linear in one
probability eliminated, constant conditions decided, emptiness proved by the exact LP
(or its relaxation for products of probabilities), a witness point found, pieces of
smaller supports absorbed by larger ones, and conditions written as text.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..solvers.lp import LPResult

RingPoly = Any              # a sympy PolyElement over QQ (sympy ships no type stubs)
Embedding = Callable[[tuple[object, ...], tuple[object, ...]], dict[int, RingPoly]]
GRID = (1, 2, 3, 4, 5, 6)   # denominators of the witness grid for non-linear pieces
GRID_POINTS = 5_000         # most grid points tried for one piece

@dataclass
class DraftPiece:
    """A piece during construction: pure choices, mixed supports, conditions (already
    reduced by the eliminations in `subst`) and the value polynomials."""

    pure: dict[int, int]
    mixed: dict[int, tuple[int, ...]]
    eqs: list[RingPoly]
    ineqs: list[RingPoly]
    subst: dict[int, RingPoly]
    value: tuple[RingPoly, ...]
    witness: dict[int, Fraction] | None = None
    linear: bool = True
    local: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)


def merge(combo: Sequence[DraftPiece], value: tuple[RingPoly, ...],
           eqs: Sequence[RingPoly] = (), ineqs: Sequence[RingPoly] = ()) -> DraftPiece:
    """The children's pieces side by side (disjoint variables), plus new conditions
    rewritten by every elimination made below (`settle` decides them)."""
    subst: dict[int, RingPoly] = {}
    for c in combo:
        subst.update(c.subst)
    piece = DraftPiece({}, {}, [], [], subst, value)
    for c in combo:
        piece.pure.update(c.pure)
        piece.mixed.update(c.mixed)
        piece.local.update(c.local)
        piece.eqs.extend(c.eqs)
        piece.ineqs.extend(c.ineqs)
    # children's conditions and values are already rewritten; new ones may not be
    piece.eqs.extend(apply_subst(e, subst) for e in eqs)
    piece.ineqs.extend(apply_subst(e, subst) for e in ineqs)
    piece.value = tuple(apply_subst(v, subst) for v in value)
    if all(c.witness is not None for c in combo):
        piece.witness = {j: x for c in combo for j, x in (c.witness or {}).items()}
    return piece


def apply_subst(p: RingPoly, subst: Mapping[int, RingPoly]) -> RingPoly:
    """p with every eliminated variable replaced by its expression."""
    for j in gens_in(p):
        if j in subst:
            p = p.compose(p.ring.gens[j], subst[j])
    return p


def gens_in(p: RingPoly) -> set[int]:
    return {j for m in p.monoms() for j, e in enumerate(m) if e}


def settle(p: DraftPiece, R: RingPoly) -> bool:
    """Simplify the piece exactly and decide it: False when proved empty; otherwise
    True, with a witness point when one is found."""
    changed = True
    while changed:
        changed = False
        kept = []
        for e in p.eqs:
            if e.is_ground:
                if e != 0:
                    return False
                continue
            j = _linear_gen(e)
            if j is None:
                kept.append(e)
                continue
            g = R.gens[j]
            c = e.diff(g)
            expr = -(e - c * g) * (R.one / c)       # e = c*g + rest = 0
            p.subst = {k: v.compose(g, expr) if j in gens_in(v) else v
                       for k, v in p.subst.items()}
            p.subst[j] = expr
            p.eqs = [x.compose(g, expr) for x in p.eqs if x is not e]
            p.ineqs = [x.compose(g, expr) for x in p.ineqs]
            p.value = tuple(x.compose(g, expr) for x in p.value)
            changed = True
            break
        if not changed:
            p.eqs = kept
    ineqs: dict[Any, RingPoly] = {}
    for e in p.ineqs:
        if e.is_ground:
            if e and e.LC < 0:
                return False
            continue
        e = _normal(e)
        ineqs[e] = e
    p.eqs = list(dict.fromkeys(_normal(e) for e in p.eqs))
    p.ineqs = list(ineqs.values())
    p.linear = all(sum(m) <= 1 for e in [*p.eqs, *p.ineqs] for m in e.monoms())
    if not p.eqs and not p.ineqs:
        p.witness = {}
        return True
    if p.linear:
        point = _lp_point(p.eqs, p.ineqs)
        if point is None:
            return False
        p.witness = point
        p.ineqs = _irredundant(p.eqs, p.ineqs)
        return True
    if _relaxation_empty(p.eqs, p.ineqs):
        return False
    p.witness = _grid_point(p.eqs, p.ineqs)
    return True


def _linear_gen(e: RingPoly) -> int | None:
    """A variable in which e is linear with a constant coefficient, if any."""
    for j in sorted(gens_in(e)):
        g = e.ring.gens[j]
        if e.degree(g) == 1:
            c = e.diff(g)
            if c.is_ground:
                return j
    return None


def _normal(e: RingPoly) -> RingPoly:
    """e divided by the absolute value of its leading coefficient (same sign, same set)."""
    lc = e.LC
    return e * (e.ring.one / (lc if lc > 0 else -lc))


def _frac(c: Any) -> Fraction:
    return Fraction(int(c.numerator), int(c.denominator))


def qq(v: Fraction) -> object:
    """An exact rational as an element of sympy's QQ (what the rings take)."""
    from sympy.polys.domains import QQ
    return QQ(v.numerator, v.denominator)


def _monomials(polys: Sequence[RingPoly]) -> list[tuple[int, ...]]:
    """The non-constant monomials of `polys`, one LP column each (a linear one's
    columns in the order of its variables)."""
    return sorted({m for e in polys for m, _ in e.terms() if sum(m)}, key=lambda m: m[::-1])


def _rows(polys: Sequence[RingPoly], monos: Sequence[tuple[int, ...]]
          ) -> tuple[list[list[Fraction]], list[Fraction]]:
    """Rows a with a.x + b for each polynomial over the columns `monos`, as (A, constants)."""
    index = {m: j for j, m in enumerate(monos)}
    rows, consts = [], []
    for e in polys:
        row = [Fraction(0)] * len(monos)
        const = Fraction(0)
        for m, c in e.terms():
            if sum(m):
                row[index[m]] = _frac(c)
            else:
                const = _frac(c)
        rows.append(row)
        consts.append(const)
    return rows, consts


def _box_lp(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]
            ) -> tuple[list[tuple[int, ...]], LPResult]:
    """The columns and the exact LP for a point with every equation = 0 and inequality
    >= 0, each monomial a variable in [0, 1]."""
    from ..solvers.lp import solve_lp
    monos = _monomials([*eqs, *ineqs])
    a_eq, b_eq = _rows(eqs, monos)
    a_in, b_in = _rows(ineqs, monos)
    a_ub = [[-x for x in row] for row in a_in] + \
        [[Fraction(int(k == j)) for k in range(len(monos))] for j in range(len(monos))]
    res = solve_lp([0] * len(monos), a_ub, b_in + [Fraction(1)] * len(monos),
                   a_eq or None, [-b for b in b_eq] or None, method="exact")
    return monos, res


def _lp_point(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]
              ) -> dict[int, Fraction] | None:
    """An exact point with every linear equation = 0 and inequality >= 0, variables
    in [0, 1]; None when there is none."""
    monos, res = _box_lp(eqs, ineqs)
    if not res.optimal or res.x is None:
        return None
    return {m.index(1): x for m, x in zip(monos, res.x)}


def _irredundant(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]) -> list[RingPoly]:
    """The linear inequalities without those the others (and the equations) imply:
    an inequality is dropped when its minimum subject to the rest alone (no other
    bound on the variables) is >= 0."""
    from ..solvers.lp import solve_lp
    keep = list(ineqs)
    monos = _monomials([*eqs, *ineqs])
    a_eq, b_eq = _rows(eqs, monos)
    for e in list(ineqs):
        rest = [x for x in keep if x is not e]
        a_in, b_in = _rows(rest, monos)
        (obj,), (const,) = _rows([e], monos)
        a_ub = [[-x for x in row] for row in a_in]
        res = solve_lp([-x for x in obj], a_ub or None, b_in or None, a_eq or None,
                       [-b for b in b_eq] or None, free=range(len(monos)), method="exact")
        if res.optimal and res.objective is not None and const - res.objective >= 0:
            keep = rest
    return keep


def _relaxation_empty(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]) -> bool:
    """True when even the linear relaxation (each product of variables a fresh
    variable in [0, 1], as every product of probabilities is) has no point: a proof
    that the piece is empty."""
    return _box_lp(eqs, ineqs)[1].status == "infeasible"


def _grid_point(eqs: Sequence[RingPoly], ineqs: Sequence[RingPoly]
                ) -> dict[int, Fraction] | None:
    """A point of a small rational grid meeting every condition exactly, if any."""
    cols = sorted({j for e in [*eqs, *ineqs] for j in gens_in(e)})
    values = sorted({Fraction(a, d) for d in GRID for a in range(d + 1)})
    if len(values) ** len(cols) > GRID_POINTS:
        return None
    for point in itertools.product(values, repeat=len(cols)):
        at = dict(zip(cols, point))
        if all(_eval(e, at) == 0 for e in eqs) and all(_eval(e, at) >= 0 for e in ineqs):
            return at
    return None


def _eval(p: RingPoly, at: Mapping[int, Fraction]) -> Fraction:
    total = Fraction(0)
    for m, c in p.terms():
        term = _frac(c)
        for j, e in enumerate(m):
            if e:
                term *= at.get(j, Fraction(0)) ** e
        total += term
    return total


def absorb(here: Sequence[tuple[tuple[object, ...], DraftPiece]], own: set[int],
            embed: Embedding) -> list[DraftPiece]:
    """Drop the piece of a support S' when the piece of a larger support S (same
    pieces below) contains it: each of S's conditions, at S''s probabilities (`embed`),
    is constant and true or is one of S''s conditions, and S's eliminations below are
    S''s (e.g. a neutral tie: one piece, any mixture)."""
    out = []
    for s, p in here:
        if not any(set(s) < set(t) and _contains(q, p, embed(t, s), own)
                   for t, q in here):
            out.append(p)
    return out


def _contains(big: DraftPiece, small: DraftPiece, at: Mapping[int, RingPoly], own: set[int]) -> bool:
    """A sufficient test that every point of `small` is a point of `big`."""
    if any(j not in small.subst or small.subst[j] != v
           for j, v in big.subst.items() if j not in own):
        return False
    defined = [e.ring.gens[j] - e for j, e in big.subst.items() if j in own]
    eqs = {_key(e) for e in small.eqs}
    ineqs = {_key(e) for e in small.ineqs}

    def moved(e: RingPoly) -> RingPoly:
        for j, v in at.items():
            if j in gens_in(e):
                e = e.compose(e.ring.gens[j], v)
        return apply_subst(e, small.subst)
    for e in [*big.eqs, *defined]:
        e = moved(e)
        if not (e == 0 or _key(e) in eqs):
            return False
    for e in big.ineqs:
        e = moved(e)
        if e.is_ground:
            if e and e.LC < 0:
                return False
        elif not (_key(e) in ineqs or _key(e) in eqs or _key(-e) in eqs):
            return False
    return True


def _key(e: RingPoly) -> RingPoly:
    return e if e.is_ground else _normal(e)


def poly_text(p: RingPoly, symbols: Sequence[str]) -> str:
    """A polynomial as text in the given variable names (sympy syntax)."""
    from ..numbers import exact_str
    if p.is_ground:
        return exact_str(_frac(p.LC) if p else Fraction(0))
    parts = []
    for m, c in sorted(p.terms(), key=lambda t: (-sum(t[0]), t[0])):
        coeff = _frac(c)
        names = "*".join(symbols[j] if e == 1 else f"{symbols[j]}**{e}"
                         for j, e in enumerate(m) if e)
        if not names:
            term = exact_str(abs(coeff))
        elif abs(coeff) == 1:
            term = names
        else:
            term = f"{exact_str(abs(coeff))}*{names}"
        parts.append(("-" if coeff < 0 else "+", term))
    if parts[0][0] == "-":              # "1 - p1" rather than "-p1 + 1"
        lead = next((n for n, (sign, _) in enumerate(parts) if sign == "+"), 0)
        parts.insert(0, parts.pop(lead))
    first_sign, first = parts[0]
    text = ("-" if first_sign == "-" else "") + first
    for sign, term in parts[1:]:
        text += f" {sign} {term}"
    return text
