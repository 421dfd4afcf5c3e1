"""Do two solvers report the same equilibria?

Profiles arrive as lists per player of exact 'p/q' strings or floats. Two exact
profiles are compared exactly; otherwise as floats, equal within TOL.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

TOL = 1e-6
Profile = Sequence[Sequence[Any]]


@dataclass(frozen=True)
class Agreement:
    """How a reference set (theirs) relates to ours."""

    ours: int
    theirs: int
    only_ours: int       # in our set, not in theirs
    only_theirs: int     # in theirs, not in ours
    mode: str            # "all", "pure" or "subset"

    @property
    def ok(self) -> bool:
        """Agreement in the sense the mode asks for."""
        if self.mode == "subset":
            return self.only_theirs == 0
        return self.only_ours == 0 and self.only_theirs == 0

    def text(self) -> str:
        """'yes' or a short description of the difference."""
        if self.ok:
            return "yes" if self.mode != "subset" else f"yes ({self.theirs} of {self.ours})"
        parts = []
        if self.only_theirs:
            parts.append(f"{self.only_theirs} only theirs")
        if self.only_ours and self.mode != "subset":
            parts.append(f"{self.only_ours} only ours")
        return f"no: ours {self.ours}, theirs {self.theirs} ({', '.join(parts)})"


def _floats(p: Profile) -> list[float]:
    return [float(Fraction(v)) if isinstance(v, str) else float(v) for probs in p for v in probs]


def _exact(p: Profile) -> tuple | None:
    if all(isinstance(v, str) for probs in p for v in probs):
        return tuple(Fraction(v) for probs in p for v in probs)
    return None


def same(a: Profile, b: Profile) -> bool:
    """Exactly equal when both are exact, else equal within TOL."""
    ea, eb = _exact(a), _exact(b)
    if ea is not None and eb is not None:
        return ea == eb
    fa, fb = _floats(a), _floats(b)
    return len(fa) == len(fb) and max((abs(x - y) for x, y in zip(fa, fb)), default=0) <= TOL


def distinct(profiles: Sequence[Profile]) -> list[Profile]:
    """The profiles without repeats (some solvers report one point twice)."""
    out: list[Profile] = []
    for p in profiles:
        if not any(same(p, q) for q in out):
            out.append(p)
    return out


def is_pure(p: Profile) -> bool:
    """Every player puts probability 1 on one strategy."""
    return all(max(_floats([probs])) > 1 - TOL for probs in p)


def compare(ours: Sequence[Profile], theirs: Sequence[Profile], mode: str = "all") -> Agreement:
    """Compare two sets; mode "pure" compares theirs with our pure equilibria only,
    "subset" asks only that theirs be contained in ours."""
    mine = distinct(ours)
    if mode == "pure":
        mine = [p for p in mine if is_pure(p)]
    other = distinct(theirs)
    only_theirs = sum(1 for p in other if not any(same(p, q) for q in mine))
    only_ours = sum(1 for p in mine if not any(same(p, q) for q in other))
    return Agreement(len(mine), len(other), only_ours, only_theirs, mode)
