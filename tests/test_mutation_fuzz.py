"""A mutation fuzzer over every shipped scenario, every .nfg file of the corpus and its smallest .efg trees.

Each file is mutated at random (fixed seed, so a failure reproduces): cuts, inserted
hostile snippets (huge numbers, escape sequences, markup, powers), duplicated and
swapped lines, numbers replaced. Every mutant goes through the whole command
(`analyze FILE --timeout 1`, in this process; with the sensitivity analysis for
scenarios, which have parameters) and must end with status 0 or 2; status 1 is an
internal error, i.e. an exception that is not ours. The corpus is used when present
(GAMES_CORPUS, see tests/corpus.py).
"""
from __future__ import annotations

import contextlib
import io
import random
import re
import time
from pathlib import Path

import pytest

from cli.main import main
from tests.builders import move_line
from tests.corpus import CORPUS, EFG_CORPUS

ROOT = Path(__file__).resolve().parents[1]
EFG = sorted(EFG_CORPUS.glob("*.efg"), key=lambda p: p.stat().st_size)
FILES = (sorted((ROOT / "scenarios").glob("**/*.yaml")) + sorted(Path(CORPUS).glob("*.nfg"))
         + EFG[:16])                    # the 16 smallest corpus trees (.efg)
SEED = 20261129
MUTANTS_PER_FILE = 6
BUDGET_SECONDS = 240.0          # the whole fuzzer: about 25 s on a quiet machine; the
                                # bound catches a hang, not a busy machine

SNIPPETS = ["1e400", "1e-400", "9" * 1200, "-0", "1/0", "10**300", "2**n", "(", ")", ",",
            ":", "- ", "\n", "\n  ", "\x1b[31m", "\x1b]0;x\x07", "[/link]", "[bold]", "$x$",
            "\u202e", "\t", "{", "}", "\"", "'", "*a", "&a ", "~", "null", "nan", "inf",
            "0.000000001", "123456789012345678901234567890", " ", "\\", "#"]
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def mutate(text: str, rng: random.Random) -> str:
    """A few random edits of `text`."""
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(0, len(text))
        kind = rng.choice(["cut", "insert", "insert", "number", "dup_line", "swap_lines"])
        if kind == "cut":
            text = text[:pos] + text[pos + rng.randint(1, 30):]
        elif kind == "insert":
            text = text[:pos] + rng.choice(SNIPPETS) + text[pos:]
        elif kind == "number":
            numbers = list(NUMBER.finditer(text))
            if numbers:
                m = rng.choice(numbers)
                text = text[:m.start()] + rng.choice(SNIPPETS[:8]) + text[m.end():]
        else:
            count = text.count("\n") + 1
            text = move_line(text, kind, rng.randrange(count), rng.randrange(count))
    return text


def run_quietly(path: Path, ranked: bool = False) -> tuple[int, str]:
    """`analyze` in this process: its exit status and what it wrote on stderr (a ranked
    scenario's ordinal analysis with 20 cardinal readings instead of 1000, for time)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(path), "--timeout", "1", "--format", "json",
                       *(["--no-sensitivity"] if path.suffix in (".nfg", ".efg") else []),
                       *(["--monte-carlo", "20"] if ranked else [])])
    return status, err.getvalue()


def test_mutants_end_as_our_own_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANALYZE_DEBUG", raising=False)
    assert FILES, "no files to mutate"
    rng = random.Random(SEED)
    start = time.monotonic()
    failures = []
    for source in FILES:
        original = source.read_text(encoding="utf-8")
        for k in range(MUTANTS_PER_FILE):
            text = mutate(original, rng)
            path = tmp_path / f"mutant{source.suffix}"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            status, err = run_quietly(path, "payoffs_are" in original)
            if status not in (0, 2):
                failures.append(f"{source.name} mutant {k}: {err.strip()[:300]}")
                (tmp_path / f"failed_{source.stem}_{k}{source.suffix}").write_text(text)
    elapsed = time.monotonic() - start
    assert not failures, "\n".join(failures)
    assert elapsed < BUDGET_SECONDS, f"the fuzzer took {elapsed:.0f} s"
