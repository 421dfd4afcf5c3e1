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
from collections.abc import Callable
from fractions import Fraction

from .nodes import (FUNCTIONS, MAX_DECIMAL_EXPONENT, MAX_DEPTH, MAX_LENGTH, MAX_TREE_DEPTH,
                    PLAIN_NUMBER, BinOp, Call, Expr, ExpressionError, Name, Neg, Num,
                    first_name, tree_depth)


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
        return self.left_associative(("+", "-"), self.term)

    def term(self) -> Expr:
        return self.left_associative(("*", "/"), self.unary)

    def left_associative(self, ops: tuple[str, ...], operand: Callable[[], Expr]) -> Expr:
        """operand (op operand)*, grouped from the left: a - b - c is (a - b) - c."""
        node = operand()
        while self.at_op(*ops):
            op = self.take()
            node = BinOp(op.text, node, operand(), offset=op.offset)
        return node

    def unary(self) -> Expr:
        if self.at_op("-", "+"):
            op = self.take()
            self.enter(op.offset)
            operand = self.unary()
            self.nesting -= 1
            return Neg(operand, offset=op.offset) if op.text == "-" else operand
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        if self.at_op("**"):
            op = self.take()
            self.enter(op.offset)
            exponent = self.unary()
            self.nesting -= 1
            return BinOp("**", base, exponent, offset=op.offset)
        return base

    def atom(self) -> Expr:
        tok = self.take()
        if tok.kind == "num":
            return Num(read_number(tok.text, tok.offset), tok.text, offset=tok.offset)
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
        return Name(tok.text, offset=tok.offset)

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
        return Call(name.text, tuple(args), offset=name.offset)

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
    fast = PLAIN_NUMBER.match(text)
    if fast:                        # most payoffs are plain numbers: skip the parser
        digits = fast.group(2)
        value = Fraction(int(digits)) if digits.isdigit() else Fraction(digits)
        num = Num(value, digits, offset=fast.start(2))
        return Neg(num, offset=fast.start(1)) if fast.group(1) else num
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
        first = first_name(node, names[0])
        raise ExpressionError(f"a number is needed here, not the parameter '{names[0]}'",
                              first.offset if first else 0)
    from ..limits import magnitude_problem
    value = node.evaluate({})
    problem = magnitude_problem(value)
    if problem:
        raise ExpressionError(problem.replace("payoff", "number", 1), 0)
    return value
