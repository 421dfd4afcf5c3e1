"""Formulas in a canonical readable form: a rational function in the parameters as
numerator/denominator, each factored, each factor written with as few minus signs as
possible (a positive constant first on a tie), the overall sign in front: so
`-2/(alone - 3)` reads `2/(3 - alone)` and `(alone - 1)/(alone - 3)` reads
`(1 - alone)/(3 - alone)`. The string is sympy syntax and equal to the input."""
from __future__ import annotations

from typing import Any

from ..numbers import SymExpr


def readable(expr: SymExpr) -> str:
    """The canonical readable string of a sympy expression (sympy's own form when it
    is not a rational function of its symbols)."""
    import sympy

    expr = sympy.sympify(expr)
    if not expr.free_symbols or not expr.is_rational_function():
        return sympy.sstr(expr)
    num, den = sympy.fraction(sympy.cancel(sympy.together(expr)))
    s_num, c_num, f_num = _side(num)
    s_den, c_den, f_den = _side(den)
    if s_num * s_den < 0:                   # a flipped factor may absorb the sign
        f_num, f_den, flipped = _absorb_sign(f_num, f_den)
        if flipped:
            s_num = s_den
    k = sympy.Rational(c_num) / sympy.Rational(c_den)
    top = ([str(k.p)] if k.p != 1 or not f_num else []) + [_factor(f, m) for f, m in f_num]
    bottom = ([str(k.q)] if k.q != 1 else []) + [_factor(f, m) for f, m in f_den]
    text = "*".join(top)
    if len(top) == 1 and f_num and len(f_num) == 1 and f_num[0][1] == 1 and bottom:
        text = top[0]
    if not bottom and len(f_num) == 1 and f_num[0][1] == 1 and k == 1:
        text = sympy.sstr(f_num[0][0])
    if bottom:
        under = "*".join(bottom)
        text += "/" + (f"({under})" if len(bottom) > 1 else under)
    return ("-" + (f"({text})" if "/" not in text and "*" not in text and " " in text
                   else text)) if s_num * s_den < 0 else text


def _side(e: Any) -> tuple[int, Any, list[tuple[Any, int]]]:
    """(sign, positive constant, [(factor, multiplicity)]) with each factor oriented."""
    import sympy

    c, factors = sympy.factor_list(e)
    sign = 1 if c >= 0 else -1
    out = []
    for f, m in factors:
        g = _orient(f)
        if g != f and m % 2:
            sign = -sign
        out.append((g, m))
    return sign, abs(c), out


def _absorb_sign(f_num: list, f_den: list) -> tuple[list, list, bool]:
    """Flip one factor of odd multiplicity (the one costing fewest extra minus signs,
    at most the leading one saved) to make the whole expression's sign positive."""
    import sympy

    best = None
    for side, factors in enumerate((f_num, f_den)):
        for k, (f, m) in enumerate(factors):
            if m % 2 and isinstance(f, sympy.Add):
                g = sympy.expand(-f)
                cost = sympy.sstr(g).count("-") - sympy.sstr(f).count("-")
                if cost <= 1 and (best is None or cost < best[0]):
                    best = (cost, side, k, g)
    if best is None:
        return f_num, f_den, False
    _, side, k, g = best
    lists = [list(f_num), list(f_den)]
    lists[side][k] = (g, lists[side][k][1])
    return lists[0], lists[1], True


def _orient(f: Any) -> Any:
    """f or -f, whichever has fewer minus signs; on a tie, the one whose constant
    term is positive ('1 - a' rather than 'a - 1')."""
    import sympy

    g = sympy.expand(-f)

    def key(e: Any) -> tuple[int, int]:
        const = e.as_coeff_Add()[0]
        return (sympy.sstr(e).count("-"), 0 if const > 0 else 1)
    return g if key(g) < key(f) else f


def _factor(f: Any, m: int) -> str:
    import sympy

    text = sympy.sstr(f)
    if isinstance(f, sympy.Add):
        text = f"({text})"
    return text if m == 1 else f"{text}**{m}"
