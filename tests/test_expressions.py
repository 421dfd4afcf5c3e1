"""The whitelist expression parser: precedence, exactness, functions, errors, safety."""
from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from games.expressions import (ExpressionError, Num, add, add_all, const, parse,
                               parse_constant)

V = {"a": F(2), "b": F(3), "c": F(-5), "x_1": F(1, 2)}


@pytest.mark.parametrize("text, value", [
    ("1 + 2 * 3", F(7)),
    ("(1 + 2) * 3", F(9)),
    ("10 - 4 - 3", F(3)),               # left-associative
    ("12 / 3 / 2", F(2)),
    ("2 ** 3 ** 2", F(512)),            # right-associative
    ("-2 ** 2", F(-4)),                 # ** binds tighter than unary minus
    ("(-2) ** 2", F(4)),
    ("2 ** -1", F(1, 2)),
    ("-a * b", F(-6)),
    ("+a - -b", F(5)),
    ("a * b ** 2", F(18)),
    ("1/3 + 1/6", F(1, 2)),
    ("x_1 * 4", F(2)),
    ("2 * (a + (b - c))", F(20)),
])
def test_precedence(text: str, value: F) -> None:
    assert parse(text).evaluate(V) == value


def test_exact_decimals() -> None:
    assert parse("0.1 + 0.2").evaluate({}) == F(3, 10)
    assert parse("1.5e-3").evaluate({}) == F(3, 2000)
    assert parse(".25").evaluate({}) == F(1, 4)
    assert parse_constant("0.1") == F(1, 10)


def test_functions() -> None:
    assert parse("min(a, b, c)").evaluate(V) == F(-5)
    assert parse("max(a, b) - abs(c)").evaluate(V) == F(-2)
    assert parse("abs(-1/3)").evaluate({}) == F(1, 3)
    assert parse("min(1)").evaluate({}) == 1


def test_parameters_and_str_round_trip() -> None:
    for text in ["a + b * c", "(a + b) * c", "-a**2", "(-a)**2", "a - (b - c)", "a / (b / c)",
                 "min(a, b) + max(a, -b, 1/3)", "2**-1", "a**b**2", "-(a + b)", "- - a"]:
        e = parse(text)
        again = parse(str(e))
        assert again.evaluate(V) == e.evaluate(V)
        assert str(again) == str(e)
    assert parse("a*b + min(a, x_1)").parameters() == frozenset({"a", "b", "x_1"})


def test_add_helpers() -> None:
    total = add_all([parse("a"), parse("-b"), const(F(-1, 3)), const(0)])
    assert total.evaluate(V) == F(2 - 3) - F(1, 3)
    assert parse(str(total)).evaluate(V) == total.evaluate(V)
    assert add(const(0), const(0)) == Num(F(0), "0")


def test_to_sympy_matches_evaluate() -> None:
    import sympy
    syms = {k: sympy.Symbol(k) for k in V}
    for text in ["a + b * c", "a / b - 2**-2", "min(a, b) + max(c, 1) + abs(c)", "(a - b)**3",
                 "0.1 * a"]:
        e = parse(text)
        s = e.to_sympy(syms)
        val = s.subs({syms[k]: sympy.Rational(v.numerator, v.denominator) for k, v in V.items()})
        assert sympy.Rational(val) == sympy.Rational(e.evaluate(V).numerator,
                                                      e.evaluate(V).denominator)


def test_to_numpy_vectorized() -> None:
    e = parse("max(a, 1) * b - abs(a) / 2 + a**2")
    a = np.linspace(-2, 2, 9)
    got = e.to_numpy({"a": a, "b": 3.0})
    want = np.maximum(a, 1) * 3 - np.abs(a) / 2 + a ** 2
    assert got.shape == (9,)
    assert np.allclose(got, want)
    assert parse("2").to_numpy({}).shape == ()


@pytest.mark.parametrize("text, fragment, offset", [
    ("", "empty expression", 0),
    ("1 +", "found the end of the expression", 3),
    ("(1 + 2", "missing ')'", 0),
    ("1 + 2)", "unexpected ')'", 5),
    ("2 a", "missing an operator", 2),
    ("2 ^ 3", "write ** for a power", 2),
    ("min", "'min' is a function", 0),
    ("foo(1)", "unknown function 'foo'", 0),
    ("abs(1, 2)", "abs() takes exactly 1 argument", 0),
    ("a = 1", "unexpected character '='", 2),
    ("1_000", "unexpected character '_'", 1),
    ("'x'", "unexpected character", 0),
    ("1e999", "number too large", 0),
    ("a.b", "unexpected character '.'", 1),
])
def test_syntax_errors(text: str, fragment: str, offset: int) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert fragment in info.value.message
    assert info.value.offset == offset


@pytest.mark.parametrize("text, fragment, offset", [
    ("1 / (a - 2)", "division by zero", 2),
    ("0 ** -1", "division by zero", 2),
    ("2 ** 0.5", "exponent must be an integer", 2),
    ("2 ** 65", "power too large", 2),
    ("(10**60)**60", "power too large", 8),
])
def test_evaluation_errors(text: str, fragment: str, offset: int) -> None:
    with pytest.raises(ExpressionError) as info:
        parse(text).evaluate(V)
    assert fragment in info.value.message
    assert info.value.offset == offset


def test_limits() -> None:
    with pytest.raises(ExpressionError, match="too long"):
        parse("1+" * 1500 + "1")
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse("(" * 150 + "1" + ")" * 150)
    with pytest.raises(ExpressionError, match="too deeply nested"):
        parse("+".join(["1"] * 400))
    assert parse("+".join(["1"] * 200)).evaluate({}) == 200
    assert parse("2**64").evaluate({}) == 2 ** 64


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch {p}')",
    "open('{p}', 'w')",
    "exec(\"open('{p}','w')\")",
    "eval('1')",
    "a.__class__",
    "lambda: 1",
    "[x for x in ()]",
    "sympify('1')",
])
def test_hostile_strings_do_nothing(text: str, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    with pytest.raises(ExpressionError):
        parse(text.format(p=target)).evaluate(V)
    assert not target.exists()


# --- property test: our parser equals Fraction arithmetic done independently -----

def _ints() -> st.SearchStrategy:
    return st.integers(-9, 9).map(lambda n: (str(n) if n >= 0 else f"({n})", F(n)))


def _combine(children: st.SearchStrategy) -> st.SearchStrategy:
    ops = st.sampled_from(["+", "-", "*", "/"])

    def build(args: tuple) -> tuple[str, F | None]:
        (ltext, lval), op, (rtext, rval) = args
        text = f"({ltext} {op} {rtext})"
        if lval is None or rval is None:
            return text, None
        if op == "+":
            return text, lval + rval
        if op == "-":
            return text, lval - rval
        if op == "*":
            return text, lval * rval
        return text, None if rval == 0 else lval / rval
    return st.tuples(children, ops, children).map(build)


@settings(max_examples=300, deadline=None)
@given(st.recursive(_ints(), _combine, max_leaves=12))
def test_random_arithmetic_matches_fractions(case: tuple[str, F | None]) -> None:
    text, value = case
    expr = parse(text)
    if value is None:
        with pytest.raises(ExpressionError, match="division by zero"):
            expr.evaluate({})
    else:
        assert expr.evaluate({}) == value
        assert parse(str(expr)).evaluate({}) == value
