"""Exact linear algebra, one copy for the whole engine: determinants and elimination
over Q (Fractions), over sympy's sparse fields Q(params) and rings Q[params]
(fraction-free Bareiss), and sympy matrices of expressions.

Every function takes its matrix as lists of rows and leaves it unchanged.
"""
from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, Union

if TYPE_CHECKING:
    from sympy.matrices import MatrixBase
    from sympy.polys.fields import FracElement
    from sympy.polys.rings import PolyElement

    from .numbers import SymExpr

    DomainElement = Union[PolyElement, FracElement]

T = TypeVar("T")


class Domain(Protocol):
    """sympy's sparse ring Q[params] or field Q(params) (PolyRing, FracField): its unit
    and zero are what elimination needs of it."""

    @property
    def one(self) -> DomainElement: ...

    @property
    def zero(self) -> DomainElement: ...


def linear_solve(rows: list[list[Fraction]]) -> tuple[list[Fraction], list[list[Fraction]]] | None:
    """Exact solution of a linear system: a particular solution and a null-space basis,
    or None when inconsistent."""
    if not rows:
        return None
    n = len(rows[0]) - 1
    m = [list(r) for r in rows]
    pivots: list[int] = []
    r = 0
    for col in range(n):
        piv = next((k for k in range(r, len(m)) if m[k][col] != 0), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        inv = 1 / m[r][col]
        m[r] = [v * inv for v in m[r]]
        for k in range(len(m)):
            if k != r and m[k][col] != 0:
                f = m[k][col]
                m[k] = [a - f * b for a, b in zip(m[k], m[r])]
        pivots.append(col)
        r += 1
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in m):
        return None
    particular = [Fraction(0)] * n
    for k, col in enumerate(pivots):
        particular[col] = m[k][n]
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        v = [Fraction(0)] * n
        v[free] = Fraction(1)
        for k, col in enumerate(pivots):
            v[col] = -m[k][free]
        basis.append(v)
    return particular, basis


def pivot(M: list[list[T]], c: int) -> int:
    """Bring the first row (from row c down) with a non-zero entry in column c to row
    c: 1 when it was there already, -1 after swapping two rows (the determinant changes
    sign), 0 when the column has no such entry (the matrix is singular)."""
    p = next((r for r in range(c, len(M)) if M[r][c] != 0), None)
    if p is None:
        return 0
    if p == c:
        return 1
    M[c], M[p] = M[p], M[c]
    return -1


def field_det(K: Domain, M: list[list[DomainElement]]) -> DomainElement:
    """Determinant of a square matrix over a field (Gaussian elimination)."""
    det = _eliminate(K, [row[:] for row in M], jordan=False)
    return K.zero if det is None else det


def field_solve(K: Domain, rows: list[list[DomainElement]]
                ) -> tuple[DomainElement | None, list[DomainElement]]:
    """Solve a square augmented system over a field: (determinant, solution), or
    (None, []) when it is singular for every parameter value."""
    M = [row[:] for row in rows]
    det = _eliminate(K, M, jordan=True)
    if det is None:
        return None, []
    return det, [M[r][len(M)] for r in range(len(M))]


def _eliminate(K: Any, M: list[list[Any]], jordan: bool) -> Any:
    """Eliminate, in place, below the pivots of the square left block of M (with
    `jordan`, also above them, each pivot row scaled to 1, so that an augmented last
    column becomes the solution). The block's determinant; None when it is singular."""
    n = len(M)
    det = K.one
    for c in range(n):
        swap = pivot(M, c)
        if swap == 0:
            return None
        det = (det if swap > 0 else -det) * M[c][c]
        if jordan:
            piv = M[c][c]
            M[c] = [a / piv for a in M[c]]
        for r in range(0 if jordan else c + 1, n):
            if r != c and M[r][c] != 0:
                f = M[r][c] if jordan else M[r][c] / M[c][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[c])]
    return det


def bareiss_det(R: Domain, M: list[list[DomainElement]]) -> DomainElement:
    """Determinant of a square polynomial matrix, fraction-free (Bareiss)."""
    M = [row[:] for row in M]
    n = len(M)
    if n == 0:
        return R.one
    sign, prev = 1, R.one
    for k in range(n - 1):
        swap = pivot(M, k)
        if swap == 0:
            return R.zero
        sign *= swap
        for r in range(k + 1, n):
            for c in range(k + 1, n):
                v = M[r][c] * M[k][k] - M[r][k] * M[k][c]
                # exquo can leave a stale cached hash on its result (sympy builds the
                # quotient in place after hashing it): copy, or dict lookups degrade
                M[r][c] = v if prev == 1 else v.exquo(prev).copy()
        prev = M[k][k]
    return M[n - 1][n - 1] if sign > 0 else -M[n - 1][n - 1]


def sympy_det(M: MatrixBase) -> SymExpr:
    """Determinant of a small matrix of polynomials (sympy's DomainMatrix: fast)."""
    import sympy
    from sympy.polys.matrices import DomainMatrix
    from sympy.polys.polyerrors import CoercionFailed, PolynomialError
    try:
        dM = DomainMatrix.from_Matrix(M)
        return sympy.expand(dM.domain.to_sympy(dM.det()))
    except (CoercionFailed, PolynomialError, NotImplementedError):   # plain sympy then
        return sympy.expand(M.det(method="berkowitz"))


def fraction_free_solve(aug: list[list[int]]) -> tuple[int, list[int]] | None:
    """Solve an integer system [M | b] by fraction-free Gauss-Jordan elimination
    (Bareiss): returns (det, numerators) with x = numerators / det, or None when M
    is singular. Every division is exact, so all arithmetic stays in integers."""
    a = [row[:] for row in aug]
    k = len(a)
    prev = 1
    sign = 1
    for c in range(k):
        swap = pivot(a, c)
        if swap == 0:
            return None
        sign *= swap
        piv_row = a[c]
        piv = piv_row[c]
        for i in range(k):
            if i == c:
                continue
            row = a[i]
            f = row[c]
            if f == 0:
                a[i] = [(piv * v) // prev for v in row]
            else:
                a[i] = [(piv * v - f * w) // prev for v, w in zip(row, piv_row)]
        prev = piv
    det = a[k - 1][k - 1]
    # after Gauss-Jordan every diagonal entry equals the (row-swapped) determinant
    return det * sign, [row[k] * sign for row in a]
