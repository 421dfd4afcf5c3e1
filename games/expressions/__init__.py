"""Payoff expressions: a whitelist parser (`parser.py`) and the exact tree it builds
(`nodes.py`). Scenario text is untrusted: it is never given to eval or sympify.
"""
from .nodes import (FUNCTIONS, IDENTIFIER, MAX_DECIMAL_EXPONENT, MAX_DEPTH, MAX_LENGTH,
                    MAX_POWER_BITS, MAX_POWER_EXPONENT, MAX_TREE_DEPTH, ZERO, BinOp, Call,
                    Expr, ExpressionError, Name, Neg, Num, Sum, add, add_all, const,
                    exact_power, iter_nodes, name_offsets, tree_depth)
from .parser import Token, describe, parse, parse_constant, read_number, tokenize

__all__ = [
    "FUNCTIONS", "IDENTIFIER", "MAX_DECIMAL_EXPONENT", "MAX_DEPTH", "MAX_LENGTH",
    "MAX_POWER_BITS", "MAX_POWER_EXPONENT", "MAX_TREE_DEPTH", "ZERO", "BinOp", "Call",
    "Expr", "ExpressionError", "Name", "Neg", "Num", "Sum", "add", "add_all", "const",
    "exact_power", "iter_nodes", "name_offsets", "tree_depth",
    "Token", "describe", "parse", "parse_constant", "read_number", "tokenize",
]
