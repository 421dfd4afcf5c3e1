"""Clean-ups from reviews, each with the property it must keep:

- `exact_str` writes integers past Python's int-to-str cap without lifting the cap for
  the process (it toggled a global, racing other threads): digits checked against
  `decimal` (whose conversion the cap does not cover), the cap unchanged afterwards,
  also with eight threads writing big numbers at once;
- the refusal of the numeric stand-in quotes why exact enumeration was refused from
  `TooLargeError.reason`, not by cutting the message's text;
- every lazy scipy import of the engine goes through `budget.import_uninterrupted`.
"""
from __future__ import annotations

import random
import re
import signal
import sys
import threading
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import EnumerationTooLong, TooLargeError
from games.numbers import exact_str, int_str

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ exact_str

def decimal_digits(n: int) -> str:
    """n's decimal digits by another route: Decimal's conversion is not capped."""
    return format(Decimal(n), "f")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=12_000), st.integers(min_value=0, max_value=9),
       st.booleans())
def test_integers_of_any_length_are_written_out(digits: int, lead: int, negative: bool) -> None:
    """Lengths around and past the cap (4,300 digits), powers of ten (zeros at the
    splits), random digits; the cap is the same afterwards."""
    rng = random.Random(digits * 10 + lead)
    cap = sys.get_int_max_str_digits()
    for n in (10 ** digits, 10 ** digits - 1, (lead or 1) * 10 ** (digits - 1)
              + rng.randrange(10 ** (digits - 1))):
        n = -n if negative else n
        assert int_str(n) == decimal_digits(n)
        assert exact_str(n) == decimal_digits(n)
    assert sys.get_int_max_str_digits() == cap


def test_fractions_and_sympy_numbers_past_the_cap() -> None:
    import sympy
    cap = sys.get_int_max_str_digits()
    big = 7 ** 9000                                     # 7,606 digits
    assert exact_str(Fraction(-big, 3)) == f"-{decimal_digits(big)}/3"
    assert exact_str(sympy.Rational(1, big)) == f"1/{decimal_digits(big)}"
    text = exact_str(sympy.sqrt(2) * big + 1)           # through sympy's printer
    assert decimal_digits(big) in text and "sqrt(2)" in text
    assert sys.get_int_max_str_digits() == cap


def test_the_cap_stays_put_while_threads_write_big_numbers() -> None:
    """Eight threads write numbers past the cap (integers, and sympy numbers, which lift
    the cap under a lock): every text is right and the cap is the same at the end (the
    former toggle left it lifted in 4 of 5 such runs: one thread saved the value
    another had just lifted, and restored that)."""
    import sympy
    cap = sys.get_int_max_str_digits()
    big = 3 ** 20000
    expected = decimal_digits(big)
    errors: list[str] = []

    def work(k: int) -> None:
        for _ in range(20):
            if exact_str(big) != expected:
                errors.append("int")
            if k % 2 and expected not in exact_str(sympy.Integer(big) * sympy.sqrt(3)):
                errors.append("sympy")
    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sys.get_int_max_str_digits() == cap


# ------------------------------------------------------------------ check_numeric_size

def test_the_refusal_quotes_the_reason_given_by_the_enumeration(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Three players, three strategies each, each paid 1 for matching the next player:
    no strategy is dominated (each is the one best reply to the next player playing
    it), so 7**3 = 343 support profiles remain. Past a lowered MAX_SUPPORT_PROFILES and
    NUMERIC_PAYOFFS, the API's refusal quotes exactly that reason."""
    import games.limits
    import games.solvers.polynomial
    monkeypatch.setattr(games.solvers.polynomial, "MAX_SUPPORT_PROFILES", 100)
    monkeypatch.setattr(games.limits, "NUMERIC_PAYOFFS", 10)
    idx = np.indices((3, 3, 3))
    u = np.stack([(idx[i] == idx[(i + 1) % 3]).astype(np.int64) for i in range(3)])
    game = games.Game.from_array(u.astype(object))
    with pytest.raises(EnumerationTooLong) as err:
        games.solve(game)
    assert str(err.value).startswith("exact enumeration refused (343 support profiles remain "
                                     "after removing dominated strategies), and its stand-in")


def test_too_large_error_reason() -> None:
    assert TooLargeError("long message; way forward").reason == "long message; way forward"
    assert TooLargeError("long message; way forward", reason="why").reason == "why"
    from games.solvers.bimatrix import check_size
    with pytest.raises(TooLargeError) as err:
        check_size(200, 200)
    assert err.value.reason.startswith("a 200x200 game has ") and ";" not in err.value.reason
    assert str(err.value).startswith(err.value.reason + "; the numeric method")


# ------------------------------------------------------------------ scipy imports

def test_an_import_finishes_before_ctrl_c_arrives(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A module whose import is hit by SIGINT half-way is imported whole (its last line
    ran), and the interrupt arrives after, as KeyboardInterrupt."""
    from games.budget import import_uninterrupted
    (tmp_path / "slow_module_h2.py").write_text(
        "import signal\nsignal.raise_signal(signal.SIGINT)\nDONE = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        import_uninterrupted("slow_module_h2")
    assert sys.modules["slow_module_h2"].DONE is True
    assert signal.getsignal(signal.SIGINT) is before
    del sys.modules["slow_module_h2"]


def test_the_engine_imports_scipy_only_through_the_helper() -> None:
    """No `import scipy` / `from scipy` statement in games/: each lazy import is
    `import_uninterrupted("scipy...")`, so none can be cut by Ctrl-C."""
    direct = re.compile(r"^\s*(import scipy|from scipy)", re.M)
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "games").rglob("*.py")
             if direct.search(p.read_text(encoding="utf-8"))]
    assert found == []
    calls = [p for p in (ROOT / "games").rglob("*.py")
             if 'import_uninterrupted("scipy' in p.read_text(encoding="utf-8")]
    assert len(calls) == 5          # relaxation.py, lp.py, qre.py, continua.py, homotopy.py
