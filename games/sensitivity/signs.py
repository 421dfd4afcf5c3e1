"""Sign classes: points of parameter space grouped by the signs of the critical
polynomials (the equilibrium structure is the same throughout a class), evaluated in
floats with a near-zero guard, and what one solved class tells about the others.

With three or more players mixing the signs do not fix the structure: one sign
vector may hold separate pieces with different equilibria (region_split.py). There a
class is one connected piece, its points joined to its first by segments inside the
sign vector (segments.py), and no class is deduced from another's signs.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from ..budget import Budget, OutOfTime, Progress, active
from ..limits import CRITICAL_STEPS
from ..numbers import SymExpr
from .critical import Critical, NotRational, TooComplex, critical
from .factoring import CACHE, dedupe, factors
from .segments import PIECES, Terms, curved, joined_floats, may_split, one_piece, terms_of
from .symbolic import has_pieces, make_symbols, split_expressions, symbolic_payoffs

if TYPE_CHECKING:
    from ..scenario.model import Scenario


def sign_matrix(values: np.ndarray, rel_tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Signs (-1/0/1, int8) of a (n_polys, n_points) value matrix, and a per-point
    mask of points where some value is too close to zero to trust its float sign."""
    if values.size == 0:
        return np.zeros(values.shape, dtype=np.int8), np.zeros(values.shape[1:], dtype=bool)
    scale = np.nanmax(np.abs(values), axis=1, keepdims=True)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
    near = (np.abs(values) <= rel_tol * scale) | ~np.isfinite(values)
    signs = np.sign(np.nan_to_num(values)).astype(np.int8)
    return signs, near.any(axis=0)


@dataclass(frozen=True, eq=False)
class SignClass:
    """Points sharing one sign vector of every critical polynomial: the equilibrium
    structure is the same at all of them (with three or more players mixing, only
    within one connected piece of the sign vector: `piece`). `alone` marks a point to solve by itself
    (some critical polynomial is zero, or too near zero to trust its float sign)."""

    indices: np.ndarray
    alone: bool = False
    polys: Sequence[Any] = ()        # the critical polynomials that define the class
    symbols: Sequence[SymExpr] = ()
    signs: np.ndarray | None = None  # the class's sign vector (one entry per polynomial)
    critical: "Critical | None" = None
    # with three or more players mixing: the class is one connected piece of its sign
    # vector, reached from its first point by segments along which these polynomials
    # (segments.Terms) keep their signs; a point standing in for it must be too
    piece: tuple = ()


def classify(scenario: Scenario, free: Sequence[str], values: Mapping[str, Fraction],
             arrays: Sequence[np.ndarray],
             exact_at: Callable[[int], Mapping[str, Fraction]],
             max_work: int | None = CRITICAL_STEPS, what: str = "the points"
             ) -> tuple[list[SignClass], bool, tuple[str, ...]]:
    """Group points (float coordinates `arrays`, one per free parameter) by the signs of
    the critical polynomials. `exact_at(k)` gives point k's exact values (a dict), used
    to resolve min/max/abs per group. Returns the classes, a completeness flag and
    notes.

    Finding the critical polynomials is counted: at most `max_work` support systems
    (None: no limit), so the same input is grouped the same way on every machine.
    Past the limit no class is formed: every point is its own (`alone`) class, solved
    by itself, which costs solving but loses nothing; a note, naming `what` the points
    are, says so."""
    budget = Budget("the critical polynomials", max_work=max_work,
                    progress=_quiet)    # critical_polynomials reports its own progress
    try:
        with active(budget):
            classes, complete = _classify(scenario, free, values, arrays, exact_at)
    except (OutOfTime, TooComplex, NotRational) as exc:
        n = len(arrays[0]) if arrays else 0
        why = str(exc) if isinstance(exc, TooComplex) else (
            f"a parameter ({exc}) is used in an exponent, and they exist only for payoffs "
            "polynomial or rational in the parameters" if isinstance(exc, NotRational) else
            f"they reached their work limit of {max_work:,} support systems (a count, the "
            "same on every machine)")
        return [SignClass(np.array([k]), alone=True) for k in range(n)], True, (
            f"the critical polynomials were not all found: {why}, so "
            f"{what} could not be grouped by sign class and each was solved on its own "
            "(every result exact, found without shortcuts)",)
    return classes, complete, ()


def _quiet(progress: Progress) -> None:
    """A progress sink that shows nothing (the counted work reports itself)."""


def _classify(scenario: Scenario, free: Sequence[str], values: Mapping[str, Fraction],
              arrays: Sequence[np.ndarray],
              exact_at: Callable[[int], Mapping[str, Fraction]]
              ) -> tuple[list[SignClass], bool]:
    """The work of `classify` (OutOfTime when its budget runs out)."""
    n = len(arrays[0]) if arrays else 0
    symbols = make_symbols(free)
    U = symbolic_payoffs(scenario, free, values, symbols)
    groups: list[tuple[np.ndarray, Mapping[str, Fraction] | None]] = []
    alone: list[int] = []
    if has_pieces(U):
        splits = dedupe(f for e in split_expressions(U) for f in factors(e, symbols))
        for idx, bad, _ in _group(splits, symbols, arrays, np.arange(n)):
            if bad:
                alone.extend(int(k) for k in idx)
            else:
                groups.append((idx, exact_at(int(idx[0]))))
    else:
        groups.append((np.arange(n), None))
    out: list[SignClass] = []
    complete = True
    cache: dict[str, tuple[Any, ...]] = {}
    nonlinear = may_split([len(p.strategies) for p in scenario.players])
    pieces: dict[str, tuple[Terms, ...]] = {}       # the polynomials' terms, per list
    for idx, point in groups:
        crit = critical(scenario, free, values, point=point)
        complete = complete and crit.complete
        key = " ".join(map(str, crit.polys))
        polys = cache.setdefault(key, crit.polys)
        for sub, bad, signs in _group(polys, crit.symbols, arrays, idx):
            if bad:
                alone.extend(int(k) for k in sub)
            elif nonlinear:     # one class per connected piece found, no deduction
                if key not in pieces:
                    pieces[key] = tuple(terms_of(p, crit.symbols) for p in polys)
                parts, rest = _pieces(sub, pieces[key], free, arrays, exact_at)
                out.extend(SignClass(part, False, polys, crit.symbols, signs,
                                     piece=pieces[key]) for part in parts)
                alone.extend(rest)
            else:
                out.append(SignClass(sub, False, polys, crit.symbols, signs, crit))
    out.extend(SignClass(np.array([k]), alone=True) for k in sorted(set(alone)))
    return out, complete


def _pieces(idx: np.ndarray, terms: Sequence[Terms], free: Sequence[str],
            arrays: Sequence[np.ndarray], exact_at: Callable[[int], Mapping[str, Fraction]],
            limit: int = PIECES) -> tuple[list[np.ndarray], list[int]]:
    """The points of one sign class grouped by connected piece, for games whose support
    systems may be nonlinear (three or more players mix): there one sign class may hold
    separate pieces with different equilibria (region_split.py). A point joins the
    first of at most `limit` representatives that a segment inside the class reaches
    (segments.py: proved in floats for most points at once, exactly for the others);
    the points no representative reaches, once `limit` are taken, are returned apart,
    to be solved alone."""
    terms = curved(terms)
    if not terms:           # linear boundaries only: every sign class is convex
        return [idx], []

    def exact(k: int) -> tuple[Fraction, ...]:
        at = exact_at(k)
        return tuple(Fraction(at[n]) for n in free)

    left = np.asarray(idx)
    parts: list[np.ndarray] = []
    while len(left) and len(parts) < limit:
        rep = exact(int(left[0]))
        qs = np.array([a[left] for a in arrays], dtype=float)
        sure = joined_floats(terms, np.array([float(v) for v in rep]), qs)
        sure[0] = True
        for j in np.nonzero(~sure)[0].tolist():
            sure[j] = one_piece(terms, rep, exact(int(left[j])))
        parts.append(left[sure])
        left = left[~sure]
    return parts, [int(k) for k in left]


def _group(polys: Sequence[Any], symbols: Sequence[SymExpr], arrays: Sequence[np.ndarray],
           idx: np.ndarray) -> list[tuple[np.ndarray, bool, np.ndarray | None]]:
    """Split the points `idx` by sign vector (returned with each group); the near-zero
    points come back as one flagged group."""
    if len(idx) == 0:
        return []
    vals = evaluate_all(polys, symbols, [a[idx] for a in arrays])
    signs, near = sign_matrix(vals)
    out: list[tuple[np.ndarray, bool, np.ndarray | None]] = []
    if near.any():
        out.append((idx[near], True, None))
    keep = ~near
    if keep.any():
        sub = signs[:, keep].T
        uniq, inverse = np.unique(sub, axis=0, return_inverse=True)
        inverse = np.asarray(inverse).reshape(-1)
        kept_idx = idx[keep]
        for c in range(len(uniq)):
            out.append((kept_idx[inverse == c], False, uniq[c]))
    return out


def evaluate_all(polys: Sequence[SymExpr], symbols: Sequence[SymExpr],
                 arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Values of all polynomials at all points, shape (len(polys), n_points), by one
    numpy function generated from our own sympy trees."""
    n = len(arrays[0]) if arrays else 0
    if not polys:
        return np.zeros((0, n))
    fn = _numpy_function(tuple(polys), tuple(symbols))
    with np.errstate(all="ignore"):
        rows = fn(*arrays)
    return np.stack([np.broadcast_to(np.asarray(r, dtype=float), (n,)) for r in rows])


def support_key(cls: SignClass, sup: tuple) -> tuple | None:
    """What decides whether `sup` carries an equilibrium in this class: the signs of
    its own critical polynomials (None when unknown)."""
    crit = cls.critical
    if crit is None or cls.signs is None or sup not in crit.by_support:
        return None
    idx = sorted(crit.by_support[sup])
    return (id(crit), sup, tuple(int(cls.signs[k]) for k in idx))


def deduce(cls: SignClass, known: dict[tuple, bool]) -> set | None:
    """The supports present in a class, when every support profile's answer is known
    from an earlier class with the same signs on that profile's polynomials."""
    if cls.alone or cls.critical is None:
        return None
    present = set()
    for sup in cls.critical.by_support:
        key = support_key(cls, sup)
        if key is None or key not in known:
            return None
        if known[key]:
            present.add(sup)
    return present


def learn(cls: SignClass, present: set, known: dict[tuple, bool]) -> None:
    """Record, per support profile, whether it carried an equilibrium in a solved class."""
    if cls.alone or cls.critical is None or not cls.critical.complete:
        return
    for sup in cls.critical.by_support:
        key = support_key(cls, sup)
        if key is not None:
            known[key] = sup in present


def _numpy_function(polys: tuple[Any, ...], symbols: tuple[Any, ...]) -> Any:
    """lambdify, remembered per list of polynomials (code generation is the slow part)."""
    import sympy
    key = repr((symbols, polys))
    if key not in CACHE.functions:
        if len(CACHE.functions) > CACHE.FUNCTIONS_LIMIT:
            CACHE.functions.clear()
        CACHE.functions[key] = sympy.lambdify(list(symbols), list(polys), modules="numpy")
    return CACHE.functions[key]
