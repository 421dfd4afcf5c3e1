"""Float screening of square bases with rigorous error bounds, in numpy batches.

Why: vertex enumeration tries many bases (a set of free coordinates and as many
tight rows of an integer matrix), most of them singular or infeasible. Solving each
exactly costs a fraction-free elimination in Python; a batched float solve with an
error bound derived from the integer entries (|det| >= 1 when nonsingular) discards
the bases that are *certainly* singular or *certainly* infeasible, and only the
others are solved exactly. Used by the candidate-basis enumeration (bimatrix) and
the complementary faces (faces).
"""
from __future__ import annotations

import numpy as np

_EPS = np.finfo(float).eps


def screen_bases(Cf: np.ndarray, F: np.ndarray, T: np.ndarray, max_row: float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each basis (free coords F, tight rows T), in floats with rigorous error
    bounds: whether its matrix is certainly singular, whether it is certainly
    nonsingular with an infeasible solution (a negative coordinate or a violated
    row), whether it is certainly a feasible basis whose only tight constraints are
    its own (`certain`); and the float solutions.

    C is integer, so a nonsingular basis has |det| >= 1. The float determinant's
    error is bounded through the Hadamard bound H (product of row norms); the
    solution's error through cond(M) <= ||M|| k H / (min row norm |det|). Bases
    are dropped only when certainly singular or certainly infeasible."""
    k = F.shape[1]
    M = Cf[T[:, :, None], F[:, None, :]]                     # (N, k, k)
    sign, logdet = np.linalg.slogdet(M)
    with np.errstate(over="ignore", under="ignore"):
        absdet = np.where(sign == 0, 0.0, np.exp(logdet))
    norms = np.sqrt(np.einsum("nij,nij->ni", M, M))
    with np.errstate(over="ignore", invalid="ignore"):  # huge entries: an infinite error
        hadamard = np.prod(norms, axis=1)                # bound keeps the basis (neither
        max_entry = M.max(axis=(1, 2))                   # test holds), solved exactly
        det_err = 4.0 * k * k * _EPS * max_entry * hadamard
        surely_singular = absdet + det_err < 0.5
        usable = absdet - det_err >= 0.5
    Ms = np.where(usable[:, None, None], M, np.eye(k))
    z = np.linalg.solve(Ms, np.ones((len(M), k, 1)))[:, :, 0]
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        inv_norm = k * hadamard / (norms.min(axis=1) * np.maximum(absdet - det_err, 0.5))
        cond = Ms.sum(axis=2).max(axis=1) * inv_norm
        zmax = np.abs(z).max(axis=1)
        err_z = 64.0 * k * _EPS * cond * zmax
        err_row = (err_z + 8.0 * k * _EPS * zmax) * max_row
        neg = (z < -err_z[:, None]).any(axis=1)
        full = np.zeros((len(F), Cf.shape[1]))
        np.put_along_axis(full, F, z, axis=1)
        slack = 1.0 - full @ Cf.T
        over = (slack < -err_row[:, None]).any(axis=1)
        np.put_along_axis(slack, T, np.inf, axis=1)
        certain = usable & (z > err_z[:, None]).all(axis=1) & \
            (slack > err_row[:, None]).all(axis=1)
    return surely_singular, usable & (neg | over), certain, z
