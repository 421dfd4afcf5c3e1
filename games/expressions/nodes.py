"""The payoff-expression tree: nodes, exact helpers and tree walks.

Every node records the offset of its text so errors point at the file's column.
`evaluate` is exact (Fractions), `to_sympy` builds symbolic payoffs, `to_numpy`
evaluates on arrays of parameter values. The parser (`parser.py`) builds these trees.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping

import numpy as np

from ..numbers import SymExpr

MAX_LENGTH = 2000          # characters in one expression
MAX_DEPTH = 100            # nesting of parentheses, calls, unary signs and powers
MAX_TREE_DEPTH = 250       # depth of the parsed tree (long chains such as a+b+c+...)
MAX_POWER_EXPONENT = 64    # |n| in x**n
MAX_POWER_BITS = 10_000    # bit size of a power's numerator and denominator
MAX_DECIMAL_EXPONENT = 400  # |e| in 1.5e-3
FUNCTIONS = {"min": (1, None), "max": (1, None), "abs": (1, 1)}   # name -> (min, max) arity
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
PLAIN_NUMBER = re.compile(r"\s*(-\s*)?([0-9]+(?:\.[0-9]+)?)\s*\Z")

# binding strength used by __str__ to place the fewest parentheses that keep the tree
_ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5


class ExpressionError(ValueError):
    """A bad payoff expression, with the offset (0-based) of the problem in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        self.message = message
        self.offset = offset
        super().__init__(message)


# --------------------------------------------------------------------------- tree

@dataclass(frozen=True, eq=True)
class Expr:
    """Base class of expression nodes; every node records the offset of its text
    (keyword-only, so each node's own fields come first)."""

    offset: int = field(default=0, kw_only=True)

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        """The exact value with the given parameter values (ExpressionError on 1/0)."""
        raise NotImplementedError

    def parameters(self) -> frozenset[str]:
        """The parameter names this expression uses."""
        raise NotImplementedError

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        """The same expression as a sympy expression over the given symbols."""
        raise NotImplementedError

    def to_numpy(self, values: Mapping[str, np.ndarray | float]) -> np.ndarray:
        """Float evaluation, vectorized over numpy arrays of parameter values (sweeps)."""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.asarray(self._np(values), dtype=float)

    def _np(self, values: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    @property
    def precedence(self) -> int:
        """How tightly this node binds when printed (higher binds tighter)."""
        return _ATOM

    def is_constant(self) -> bool:
        """True when the expression uses no parameters."""
        return not self.parameters()


@dataclass(frozen=True, eq=True)
class Num(Expr):
    """A number, kept exactly; `text` is its spelling in the source."""

    value: Fraction
    text: str

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return self.value

    def parameters(self) -> frozenset[str]:
        return frozenset()

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        import sympy
        return sympy.Rational(self.value.numerator, self.value.denominator)

    def _np(self, values: Mapping[str, Any]) -> Any:
        return float(self.value)

    @property
    def precedence(self) -> int:
        if "/" in self.text:
            return _MUL
        return _UNARY if self.text.startswith("-") else _ATOM

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, eq=True)
class Name(Expr):
    """A parameter name."""

    name: str

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        try:
            return Fraction(values[self.name])
        except KeyError:
            raise ExpressionError(f"no value for parameter '{self.name}'", self.offset) from None

    def parameters(self) -> frozenset[str]:
        return frozenset((self.name,))

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        return symbols[self.name]

    def _np(self, values: Mapping[str, Any]) -> Any:
        return np.asarray(values[self.name], dtype=float)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=True)
class Neg(Expr):
    """Unary minus."""

    operand: Expr

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return -self.operand.evaluate(values)

    def parameters(self) -> frozenset[str]:
        return self.operand.parameters()

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        import sympy
        return sympy.Mul(sympy.Integer(-1), self.operand.to_sympy(symbols))

    def _np(self, values: Mapping[str, Any]) -> Any:
        return -self.operand._np(values)

    @property
    def precedence(self) -> int:
        return _UNARY

    def __str__(self) -> str:
        inner = str(self.operand)
        if self.operand.precedence < _UNARY:
            inner = f"({inner})"
        return f"-{inner}"


_RING_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul}   # the same for every number type
_BIN_PREC = {"+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL, "**": _POW}


@dataclass(frozen=True, eq=True)
class BinOp(Expr):
    """A binary operation: one of + - * / ** (its offset is the operator's)."""

    op: str
    left: Expr
    right: Expr

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        a = self.left.evaluate(values)
        b = self.right.evaluate(values)
        if self.op in _RING_OPS:
            return _RING_OPS[self.op](a, b)
        if self.op == "/":
            if b == 0:
                raise ExpressionError("division by zero", self.offset)
            return a / b
        return exact_power(a, b, self.offset)

    def parameters(self) -> frozenset[str]:
        return self.left.parameters() | self.right.parameters()

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        import sympy
        a, b = self.left.to_sympy(symbols), self.right.to_sympy(symbols)
        if self.op == "+":
            return sympy.Add(a, b)
        if self.op == "-":
            return sympy.Add(a, sympy.Mul(sympy.Integer(-1), b))
        if self.op == "*":
            return sympy.Mul(a, b)
        if self.op == "/":
            return sympy.Mul(a, sympy.Pow(b, sympy.Integer(-1)))
        return sympy.Pow(a, b)

    def _np(self, values: Mapping[str, Any]) -> Any:
        a, b = self.left._np(values), self.right._np(values)
        if self.op in _RING_OPS:
            return _RING_OPS[self.op](a, b)
        if self.op == "/":
            return np.divide(a, b)
        return np.power(np.asarray(a, dtype=float), b)

    @property
    def precedence(self) -> int:
        return _BIN_PREC[self.op]

    def __str__(self) -> str:
        prec = self.precedence
        left, right = str(self.left), str(self.right)
        if self.op == "**":
            if self.left.precedence <= _POW:
                left = f"({left})"
            if self.right.precedence < _UNARY:
                right = f"({right})"
            return f"{left}**{right}"
        if self.left.precedence < prec:
            left = f"({left})"
        if self.right.precedence <= prec:
            right = f"({right})"
        return f"{left} {self.op} {right}"


@dataclass(frozen=True, eq=True)
class Call(Expr):
    """A call of one of the whitelisted functions min, max, abs."""

    func: str
    args: tuple[Expr, ...]

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        vals = [a.evaluate(values) for a in self.args]
        if self.func == "abs":
            return abs(vals[0])
        return min(vals) if self.func == "min" else max(vals)

    def parameters(self) -> frozenset[str]:
        return frozenset().union(*(a.parameters() for a in self.args))

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        import sympy
        args = [a.to_sympy(symbols) for a in self.args]
        if self.func == "abs":
            return sympy.Abs(args[0])
        return (sympy.Min if self.func == "min" else sympy.Max)(*args)

    def _np(self, values: Mapping[str, Any]) -> Any:
        args = [a._np(values) for a in self.args]
        if self.func == "abs":
            return np.abs(args[0])
        fn = np.minimum if self.func == "min" else np.maximum
        out = args[0]
        for a in args[1:]:
            out = fn(out, a)
        return out

    def __str__(self) -> str:
        return f"{self.func}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True, eq=True)
class Sum(Expr):
    """A flat sum of terms; built by `add` (payoff row plus matching effects)."""

    terms: tuple[Expr, ...]

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return sum((t.evaluate(values) for t in self.terms), Fraction(0))

    def parameters(self) -> frozenset[str]:
        return frozenset().union(*(t.parameters() for t in self.terms))

    def to_sympy(self, symbols: Mapping[str, SymExpr]) -> SymExpr:
        import sympy
        return sympy.Add(*(t.to_sympy(symbols) for t in self.terms))

    def _np(self, values: Mapping[str, Any]) -> Any:
        out: Any = 0.0
        for t in self.terms:
            out = out + t._np(values)
        return out

    @property
    def precedence(self) -> int:
        return _ADD

    def __str__(self) -> str:
        out = str(self.terms[0]) if self.terms else "0"
        for t in self.terms[1:]:
            sign, t = ("-", t.operand) if isinstance(t, Neg) else ("+", t)
            if isinstance(t, Num) and t.value < 0 and t.precedence == _UNARY:
                sign, t = ("-" if sign == "+" else "+"), const(-t.value)
            s = str(t)
            out += f" {sign} " + (f"({s})" if t.precedence <= _ADD else s)
        return out


# ----------------------------------------------------------------- exact helpers

def exact_power(base: Fraction, exponent: Fraction, offset: int = 0) -> Fraction:
    """base**exponent exactly, for an integer exponent of bounded size and result."""
    if exponent.denominator != 1:
        raise ExpressionError(f"the exponent must be an integer, not {exponent}", offset)
    n = exponent.numerator
    if abs(n) > MAX_POWER_EXPONENT:
        raise ExpressionError(f"power too large: exponent {n} exceeds {MAX_POWER_EXPONENT}",
                              offset)
    if base == 0 and n < 0:
        raise ExpressionError("division by zero (zero to a negative power)", offset)
    bits = max(base.numerator.bit_length(), base.denominator.bit_length()) * abs(n)
    if bits > MAX_POWER_BITS:
        raise ExpressionError(f"power too large: the result would exceed {MAX_POWER_BITS} bits",
                              offset)
    return base ** n


def const(value: Fraction | int) -> Num:
    """A constant node holding an exact value (printed as an integer or p/q)."""
    value = Fraction(value)
    return Num(value, str(value))


ZERO = const(0)


def add(a: Expr, b: Expr) -> Expr:
    """a + b as one flat `Sum` (zero constants dropped); used to add effect terms."""
    return add_all((a, b))


def add_all(exprs: Iterable[Expr]) -> Expr:
    """The sum of several expressions as one flat `Sum` (zero constants dropped; ZERO
    when nothing is left), built in one pass: adding terms one by one is quadratic."""
    terms = [t for e in exprs for t in (e.terms if isinstance(e, Sum) else (e,))
             if not (isinstance(t, Num) and t.value == 0)]
    if not terms:
        return ZERO
    return terms[0] if len(terms) == 1 else Sum(tuple(terms), offset=terms[0].offset)


# ------------------------------------------------------------------- tree walks

def first_name(node: Expr, name: str) -> Name | None:
    """The first Name node with the given name (for error offsets)."""
    return next((n for n in iter_nodes(node) if isinstance(n, Name) and n.name == name), None)


def _children(n: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(n, Neg):
        return (n.operand,)
    if isinstance(n, BinOp):
        return (n.left, n.right)
    if isinstance(n, Call):
        return n.args
    if isinstance(n, Sum):
        return n.terms
    return ()


def tree_depth(node: Expr) -> int:
    """Depth of the tree (a leaf has depth 1), computed without recursion."""
    best = 0
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in _children(n))
    return best


def iter_nodes(node: Expr) -> Iterable[Expr]:
    """Every node of the tree, parents first (iterative, so deep trees are safe)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(_children(n)))


def name_offsets(node: Expr) -> dict[str, int]:
    """The offset of the first use of each parameter name (for error messages)."""
    out: dict[str, int] = {}
    for n in iter_nodes(node):
        if isinstance(n, Name) and (n.name not in out or n.offset < out[n.name]):
            out[n.name] = n.offset
    return out
