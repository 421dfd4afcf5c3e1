"""Exact formulas as JSON trees that the HTML report's script evaluates.

The page never evaluates text: every payoff expression and equilibrium formula is
sent as a tree of nodes, each a list whose first item names the operation:
`["n", "p/q"]` a rational, `["v", name]` a parameter, `["+", a, b, ...]`,
`["*", a, b, ...]`, `["/", a, b]`, `["neg", a]`, `["pow", a, k]` (integer k),
`["sqrt", a]`, `["min", ...]`, `["max", ...]`, `["abs", a]`. The script computes
with BigInt fractions, and with numbers a + b*sqrt(d) for square roots.
"""
from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from games.expressions import BinOp, Call, Expr, Name, Neg, Num, Sum
from games.numbers import exact_str

if TYPE_CHECKING:
    from games.numbers import Exact, SymExpr

Tree = list | str


class Unsupported(ValueError):
    """A formula the page cannot evaluate exactly (a root of a cubic, say)."""


def expr_tree(e: Expr) -> list:
    """The tree of a scenario payoff expression (games.expressions.Expr). The node
    classes are imported once at module level: imported here, the import statement
    ran for every node (half of the time of a 256 x 256 tree's 6 million nodes)."""
    if isinstance(e, Num):
        return ["n", exact_str(e.value)]
    if isinstance(e, Name):
        return ["v", e.name]
    if isinstance(e, Neg):
        return ["neg", expr_tree(e.operand)]
    if isinstance(e, Sum):
        return ["+", *(expr_tree(t) for t in e.terms)] if e.terms else ["n", "0"]
    if isinstance(e, Call):
        return [e.func, *(expr_tree(a) for a in e.args)]
    if isinstance(e, BinOp):
        a, b = expr_tree(e.left), expr_tree(e.right)
        if e.op == "**":
            if b[0] != "n" or "/" in b[1]:
                raise Unsupported(f"power with a non-integer exponent: {e}")
            return ["pow", a, int(b[1])]
        return [{"+": "+", "-": "-", "*": "*", "/": "/"}[e.op], a, b]
    raise Unsupported(f"expression node {type(e).__name__}")


def sympy_tree(number: Exact | int, names: Mapping[SymExpr, str]) -> list:
    """The tree of a sympy formula in the symbols of `names` (Symbol -> parameter).
    Unsupported for anything beyond + * integer powers and square roots."""
    if isinstance(number, (int, Fraction)):
        return ["n", str(Fraction(number))]
    x: Any = number                 # sympy's node attributes (p, q, base, exp) by kind
    if x.is_Rational:
        return ["n", exact_str(Fraction(int(x.p), int(x.q)))]
    if x.is_Symbol:
        if x not in names:
            raise Unsupported(f"unknown symbol {x}")
        return ["v", names[x]]
    if x.is_Add:
        return ["+", *(sympy_tree(a, names) for a in x.args)]
    if x.is_Mul:
        return ["*", *(sympy_tree(a, names) for a in x.args)]
    if x.is_Pow:
        base, exp = x.base, x.exp
        if exp.is_Integer:
            return ["pow", sympy_tree(base, names), int(exp)]
        if exp.is_Rational and exp.q == 2:
            root = ["sqrt", sympy_tree(base, names)]
            return root if exp.p == 1 else ["pow", root, int(exp.p)]
    raise Unsupported(f"cannot evaluate {x} exactly in the page")


def maybe_tree(x: Exact | int, names: Mapping[SymExpr, str]) -> list | None:
    """`sympy_tree`, or None when the formula is beyond the page."""
    try:
        return sympy_tree(x, names)
    except Unsupported:
        return None

