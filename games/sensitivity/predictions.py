"""Monte Carlo predictions for analysts (SPEC "Monte Carlo predictions").

A draw's prediction is its whole equilibrium set, named by the set of equilibrium
supports (components included through their extreme points): each draw has exactly
one, so the shares sum to 1. What moves the prediction: for each drawn parameter,
the share of each prediction among the draws in the low, middle and high third of its
range; the parameter whose thirds differ most (largest change in any prediction's
share) moves it most.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tally import Tally, tally

Support = tuple[tuple[int, ...], ...]
Prediction = tuple[Support, ...]


@dataclass(frozen=True)
class PredictionShare(Tally):
    """One prediction (a set of equilibrium supports) and its share of the draws."""

    supports: Prediction


@dataclass(frozen=True)
class Third:
    """Draws with one parameter in one third of its range, and each prediction's share
    among them (in the order of `Predictions.shares`)."""

    lo: float
    hi: float
    draws: int
    shares: tuple[float, ...]


@dataclass(frozen=True)
class Driver:
    """How much one parameter moves the prediction: the largest difference, over the
    predictions, between its shares in two thirds of the parameter's range."""

    parameter: str
    spread: float
    thirds: tuple[Third, ...]


@dataclass(frozen=True)
class Predictions:
    shares: tuple[PredictionShare, ...]
    drivers: tuple[Driver, ...]          # most influential first


def predictions(labels: Sequence[Prediction], names: Sequence[str],
                arrays: Sequence[np.ndarray], ranges: Sequence[tuple[float, float]]) -> Predictions:
    """Shares of each prediction over the draws (labels[k]: draw k's prediction) and,
    per parameter, the shares by thirds of its range."""
    n = len(labels)
    kinds = sorted(set(labels), key=lambda p: (-labels.count(p), p))
    index = {p: k for k, p in enumerate(kinds)}
    ids = np.array([index[p] for p in labels], dtype=int)
    counts = np.bincount(ids, minlength=len(kinds))
    shares = tuple(PredictionShare(*tally(int(c), n), p)
                   for p, c in zip(kinds, counts))
    drivers = []
    for name, values, (lo, hi) in zip(names, arrays, ranges):
        thirds = []
        for t in range(3):
            a, b = lo + (hi - lo) * t / 3, lo + (hi - lo) * (t + 1) / 3
            inside = (values >= a) & ((values < b) if t < 2 else (values <= b))
            m = int(inside.sum())
            c = np.bincount(ids[inside], minlength=len(kinds))
            thirds.append(Third(a, b, m, tuple(float(x) / m if m else 0.0 for x in c)))
        spread = max((max(th.shares[k] for th in thirds if th.draws) -
                      min(th.shares[k] for th in thirds if th.draws)
                      for k in range(len(kinds))), default=0.0) \
            if any(th.draws for th in thirds) else 0.0
        drivers.append(Driver(name, spread, tuple(thirds)))
    drivers.sort(key=lambda d: -d.spread)
    return Predictions(shares, tuple(drivers))
