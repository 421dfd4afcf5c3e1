"""No `Any` in a public signature of games/ or cli/: every public function and method
(name not starting with "_", in a public class; dunders count) says what it takes and
returns. The functions that still do are listed in tests/data/any_allowlist.txt; the
list may only shrink (an entry that no longer uses Any must be removed from it)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = Path(__file__).parent / "data" / "any_allowlist.txt"


def _mentions_any(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id == "Any":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "Any":
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                "Any" in node.value.replace("Any_", ""):
            return True
    return False


def _signature_uses_any(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    a = node.args
    params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x)]
    return any(_mentions_any(p.annotation) for p in params) or _mentions_any(node.returns)


def _public(name: str) -> bool:
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def public_signatures_with_any(source: str, where: str) -> set[str]:
    """'file:Qualified.name' of every public function or method whose signature
    mentions Any."""
    found: set[str] = set()

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and _public(node.name):
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    _public(node.name) and _signature_uses_any(node):
                found.add(f"{where}:{prefix}{node.name}")

    visit(ast.parse(source).body, "")
    return found


def current() -> set[str]:
    out: set[str] = set()
    for pkg in ("games", "cli"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            out |= public_signatures_with_any(path.read_text(encoding="utf-8"), where)
    return out


def allowed() -> set[str]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_no_new_any_in_public_signatures() -> None:
    new = sorted(current() - allowed())
    assert not new, "Any in public signatures (type them): " + ", ".join(new)


def test_the_allowlist_only_shrinks() -> None:
    fixed = sorted(allowed() - current())
    assert not fixed, "typed now: remove from tests/data/any_allowlist.txt: " + ", ".join(fixed)


def test_the_checker_sees_any() -> None:
    src = ("from typing import Any\n"
           "def f(x: Any) -> int: ...\n"
           "def g(x: int) -> list[Any]: ...\n"
           "def h(x: 'dict[str, Any]') -> None: ...\n"
           "def _private(x: Any) -> Any: ...\n"
           "def ok(x: int, *args: str, **kw: float) -> None: ...\n"
           "class C:\n"
           "    def m(self, y: typing.Any) -> None: ...\n"
           "    def __eq__(self, other: Any) -> bool: ...\n"
           "class _Hidden:\n"
           "    def m(self, y: Any) -> None: ...\n")
    assert public_signatures_with_any(src, "x.py") == {"x.py:f", "x.py:g", "x.py:h", "x.py:C.m",
                                                       "x.py:C.__eq__"}
