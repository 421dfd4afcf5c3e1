"""Payoff expressions: a whitelist tokenizer and parser, and the expression tree.

Scenario files are untrusted, so payoff text is never handed to `eval`, `sympify`
or `parse_expr`. This module accepts exactly: numbers (integers and decimals, read
exactly from their text), parameter names, `+ - * / **`, unary minus and plus,
parentheses, and the calls `min(...)`, `max(...)`, `abs(x)`. Anything else is an
`ExpressionError` carrying the offset (0-based) of the offending character.

Grammar (as in Python: `**` is right-associative and binds tighter than a unary
minus on its left, so `-2**2 == -4` and `2**-1 == 1/2`)::

    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary)*
    unary   := ('-' | '+') unary | power
    power   := atom ('**' unary)?
    atom    := NUMBER | NAME | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable, Mapping

import numpy as np

MAX_LENGTH = 2000          # characters in one expression
MAX_DEPTH = 100            # nesting of parentheses, calls, unary signs and powers
MAX_TREE_DEPTH = 250       # depth of the parsed tree (long chains such as a+b+c+...)
MAX_POWER_EXPONENT = 64    # |n| in x**n
MAX_POWER_BITS = 10_000    # bit size of a power's numerator and denominator
MAX_DECIMAL_EXPONENT = 400  # |e| in 1.5e-3
FUNCTIONS = {"min": (1, None), "max": (1, None), "abs": (1, 1)}   # name -> (min, max) arity
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_PLAIN_NUMBER = re.compile(r"\s*(-\s*)?([0-9]+(?:\.[0-9]+)?)\s*\Z")

# binding strength used by __str__ to place the fewest parentheses that keep the tree
_ADD, _MUL, _UNARY, _POW, _ATOM = 1, 2, 3, 4, 5


class ExpressionError(ValueError):
    """A bad payoff expression, with the offset (0-based) of the problem in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        self.message = message
        self.offset = offset
        super().__init__(message)


# --------------------------------------------------------------------------- tree

class Expr:
    """Base class of expression nodes; every node records the offset of its text."""

    offset: int

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        """The exact value with the given parameter values (ExpressionError on 1/0)."""
        raise NotImplementedError

    def parameters(self) -> frozenset[str]:
        """The parameter names this expression uses."""
        raise NotImplementedError

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
        """The same expression as a sympy expression over the given symbols."""
        raise NotImplementedError

    def to_numpy(self, values: Mapping[str, Any]) -> np.ndarray:
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
    offset: int = 0

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return self.value

    def parameters(self) -> frozenset[str]:
        return frozenset()

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
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
    offset: int = 0

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        try:
            return Fraction(values[self.name])
        except KeyError:
            raise ExpressionError(f"no value for parameter '{self.name}'", self.offset) from None

    def parameters(self) -> frozenset[str]:
        return frozenset((self.name,))

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
        return symbols[self.name]

    def _np(self, values: Mapping[str, Any]) -> Any:
        return np.asarray(values[self.name], dtype=float)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=True)
class Neg(Expr):
    """Unary minus."""

    operand: Expr
    offset: int = 0

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return -self.operand.evaluate(values)

    def parameters(self) -> frozenset[str]:
        return self.operand.parameters()

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
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


_BIN_PREC = {"+": _ADD, "-": _ADD, "*": _MUL, "/": _MUL, "**": _POW}


@dataclass(frozen=True, eq=True)
class BinOp(Expr):
    """A binary operation: one of + - * / **."""

    op: str
    left: Expr
    right: Expr
    offset: int = 0     # offset of the operator

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        a = self.left.evaluate(values)
        b = self.right.evaluate(values)
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
        if self.op == "/":
            if b == 0:
                raise ExpressionError("division by zero", self.offset)
            return a / b
        return exact_power(a, b, self.offset)

    def parameters(self) -> frozenset[str]:
        return self.left.parameters() | self.right.parameters()

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
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
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
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
    offset: int = 0

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        vals = [a.evaluate(values) for a in self.args]
        if self.func == "abs":
            return abs(vals[0])
        return min(vals) if self.func == "min" else max(vals)

    def parameters(self) -> frozenset[str]:
        return frozenset().union(*(a.parameters() for a in self.args))

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
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
    offset: int = 0

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        return sum((t.evaluate(values) for t in self.terms), Fraction(0))

    def parameters(self) -> frozenset[str]:
        return frozenset().union(*(t.parameters() for t in self.terms))

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
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
    terms = [t for e in (a, b) for t in (e.terms if isinstance(e, Sum) else (e,))]
    terms = [t for t in terms if not (isinstance(t, Num) and t.value == 0)]
    if not terms:
        return ZERO
    return terms[0] if len(terms) == 1 else Sum(tuple(terms), terms[0].offset)


def add_all(exprs: Iterable[Expr]) -> Expr:
    """The sum of several expressions (ZERO when there are none)."""
    out: Expr = ZERO
    for e in exprs:
        out = add(out, e)
    return out


# ----------------------------------------------------------------------- tokens

@dataclass(frozen=True)
class Token:
    """One lexical token: kind is 'num', 'name', 'op' or 'end'."""

    kind: str
    text: str
    offset: int


_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/(),])
""", re.VERBOSE)

_CHAR_HINTS = {
    "^": "; write ** for a power",
    "[": "; only ( ) group",
    "{": "; only ( ) group",
    "%": "", "=": "", ";": "", "'": "", '"': "",
}


def tokenize(text: str) -> list[Token]:
    """Split expression text into tokens; ExpressionError at the first bad character."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = _CHAR_HINTS.get(ch, "")
            raise ExpressionError(f"unexpected character {ch!r} in expression{hint}", pos)
        kind = m.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, m.group(), pos))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def read_number(text: str, offset: int = 0) -> Fraction:
    """The exact value of a number token ('0.1' is 1/10), never through a float."""
    m = re.search(r"[eE]([+-]?[0-9]+)$", text) if "e" in text.lower() else None
    if m and abs(int(m.group(1))) > MAX_DECIMAL_EXPONENT:
        raise ExpressionError(f"number too large: {text}", offset)
    return Fraction(text)


# ----------------------------------------------------------------------- parser

class _Parser:
    """Recursive-descent parser over the token list; depth-limited."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.nesting = 0

    # helpers
    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    def expect(self, op: str, what: str) -> Token:
        tok = self.peek()
        if tok.kind == "op" and tok.text == op:
            return self.take()
        raise ExpressionError(f"expected '{op}' {what}, found {describe(tok)}", tok.offset)

    def enter(self, offset: int) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise ExpressionError(f"expression nested too deeply (more than {MAX_DEPTH} levels)",
                                  offset)

    # grammar
    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise ExpressionError("empty expression", 0)
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise ExpressionError(f"unexpected {describe(tok)} after a complete expression"
                                  + _missing_operator_hint(tok), tok.offset)
        return node

    def expr(self) -> Expr:
        node = self.term()
        while self.at_op("+", "-"):
            op = self.take()
            node = BinOp(op.text, node, self.term(), op.offset)
        return node

    def term(self) -> Expr:
        node = self.unary()
        while self.at_op("*", "/"):
            op = self.take()
            node = BinOp(op.text, node, self.unary(), op.offset)
        return node

    def unary(self) -> Expr:
        if self.at_op("-", "+"):
            op = self.take()
            self.enter(op.offset)
            operand = self.unary()
            self.nesting -= 1
            return Neg(operand, op.offset) if op.text == "-" else operand
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        if self.at_op("**"):
            op = self.take()
            self.enter(op.offset)
            exponent = self.unary()
            self.nesting -= 1
            return BinOp("**", base, exponent, op.offset)
        return base

    def atom(self) -> Expr:
        tok = self.take()
        if tok.kind == "num":
            return Num(read_number(tok.text, tok.offset), tok.text, tok.offset)
        if tok.kind == "name":
            return self.name_or_call(tok)
        if tok.kind == "op" and tok.text == "(":
            self.enter(tok.offset)
            inner = self.expr()
            self.close_paren(tok, "to close the '('")
            self.nesting -= 1
            return inner
        raise ExpressionError(f"expected a number, a parameter name or '(', found "
                              f"{describe(tok)}", tok.offset)

    def name_or_call(self, tok: Token) -> Expr:
        if self.at_op("("):
            if tok.text not in FUNCTIONS:
                raise ExpressionError(f"unknown function '{tok.text}'; only min, max and abs "
                                      f"may be called", tok.offset)
            return self.call(tok)
        if tok.text in FUNCTIONS:
            raise ExpressionError(f"'{tok.text}' is a function: write {tok.text}(...)",
                                  tok.offset)
        return Name(tok.text, tok.offset)

    def call(self, name: Token) -> Expr:
        paren = self.take()
        self.enter(paren.offset)
        args = [self.expr()]
        while self.at_op(","):
            self.take()
            args.append(self.expr())
        self.close_paren(paren, f"to close the call of {name.text}")
        self.nesting -= 1
        lo, hi = FUNCTIONS[name.text]
        if len(args) < lo or (hi is not None and len(args) > hi):
            want = f"exactly {lo}" if hi == lo else f"at least {lo}"
            raise ExpressionError(f"{name.text}() takes {want} argument"
                                  f"{'s' if lo != 1 else ''}, got {len(args)}", name.offset)
        return Call(name.text, tuple(args), name.offset)

    def close_paren(self, opener: Token, what: str) -> None:
        tok = self.peek()
        if tok.kind == "end":
            raise ExpressionError(f"missing ')' {what}", opener.offset)
        self.expect(")", what)


def describe(tok: Token) -> str:
    """How a token is named in an error message."""
    if tok.kind == "end":
        return "the end of the expression"
    if tok.kind == "name":
        return f"name '{tok.text}'"
    if tok.kind == "num":
        return f"number {tok.text}"
    return f"'{tok.text}'"


def _missing_operator_hint(tok: Token) -> str:
    """A hint for two operands in a row such as '2 a' or '3(x)'."""
    if tok.kind in ("name", "num") or tok.text == "(":
        return " (missing an operator such as '*'?)"
    return ""


def parse(text: str) -> Expr:
    """Parse payoff-expression text into an `Expr` tree (ExpressionError if invalid)."""
    if not isinstance(text, str):
        raise ExpressionError(f"expected expression text, got {type(text).__name__}", 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression too long ({len(text)} characters; at most "
                              f"{MAX_LENGTH})", MAX_LENGTH)
    fast = _PLAIN_NUMBER.match(text)
    if fast:                        # most payoffs are plain numbers: skip the parser
        digits = fast.group(2)
        value = Fraction(int(digits)) if digits.isdigit() else Fraction(digits)
        num = Num(value, digits, fast.start(2))
        return Neg(num, fast.start(1)) if fast.group(1) else num
    node = _Parser(text).parse()
    if tree_depth(node) > MAX_TREE_DEPTH:
        raise ExpressionError(f"expression too deeply nested (more than {MAX_TREE_DEPTH} "
                              f"levels of operations); split it with a parameter", 0)
    return node


def parse_constant(text: str) -> Fraction:
    """Parse and evaluate an expression that uses no parameters (e.g. '1/3', '-0.25')."""
    node = parse(text)
    names = sorted(node.parameters())
    if names:
        first = _first_name(node, names[0])
        raise ExpressionError(f"a number is needed here, not the parameter '{names[0]}'",
                              first.offset if first else 0)
    return node.evaluate({})


def _first_name(node: Expr, name: str) -> Name | None:
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
