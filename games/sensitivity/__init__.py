"""Sensitivity of the equilibria to the payoff assumptions.

- `sensitivity(scenario)`: for every ranged parameter, the exact thresholds at which
  the equilibrium set changes, the equilibria (and their formulas) on each interval,
  and how far the baseline can move before the prediction changes;
- `sweep(scenario, names, steps)`: exact equilibria on a grid (1-D table, 2-D map);
- `monte_carlo(scenario, n, seed)`: how often each equilibrium support occurs when
  the ranged parameters are drawn at random;
- `compare(game_a, game_b)`: what changes in the equilibria between two games.

All four rest on the critical polynomials of `critical.py` (see docs/sensitivity.md).
"""
from .compare import CellDifference, Comparison, compare
from .montecarlo import MonteCarloResult, Outcome, monte_carlo
from .sweep import SweepPoint, SweepResult, sweep
from .thresholds import Interval, ParameterSensitivity, parameter_sensitivity, sensitivity

__all__ = [
    "CellDifference", "Comparison", "compare",
    "MonteCarloResult", "Outcome", "monte_carlo",
    "SweepPoint", "SweepResult", "sweep",
    "Interval", "ParameterSensitivity", "parameter_sensitivity", "sensitivity",
]
