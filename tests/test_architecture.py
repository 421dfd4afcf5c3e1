"""The architecture holds: every module of games/ and cli/ imports, their module-level
import graph has no cycle, and docs/architecture.md names every module."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("games", "cli")


def module_names() -> dict[str, Path]:
    """Dotted name -> file, for every module of the packages (a package is its __init__)."""
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


MODULES = module_names()


def _is_type_checking(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Import statements executed when the module is imported (not inside functions,
    classes or `if TYPE_CHECKING:`)."""
    out: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            out += _top_level_imports(node.body) + _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            out += _top_level_imports(node.body)
            for h in node.handlers:
                out += _top_level_imports(h.body)
    return out


def imports_of(name: str, path: Path) -> set[str]:
    """The modules of ours that `name` imports at module level."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        found |= {t for t in targets if t in MODULES and t != name}
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph (as a path), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(v: str) -> list[str] | None:
        state[v] = 1
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if state.get(w) == 1:
                return stack[stack.index(w):] + [w]
            if w not in state:
                cycle = visit(w)
                if cycle:
                    return cycle
        stack.pop()
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state:
            cycle = visit(v)
            if cycle:
                return cycle
    return None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_no_import_cycle() -> None:
    graph = {name: imports_of(name, path) for name, path in MODULES.items()}
    assert sum(len(v) for v in graph.values()) > 50          # the graph was really read
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_cycle_finder_finds_a_cycle() -> None:
    """The checker itself: a known cycle is found, a DAG passes."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_games_never_imports_cli() -> None:
    for name, path in MODULES.items():
        if name.startswith("games"):
            text = path.read_text(encoding="utf-8")
            assert "from cli" not in text and "import cli" not in text, name


def test_architecture_doc_names_every_module() -> None:
    """docs/architecture.md is the map: every module of games/ and cli/ is on it, and
    every module path it names exists."""
    import re
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    files = {str(p.relative_to(ROOT)) for p in MODULES.values()}
    named = set(re.findall(r"`((?:games|cli)/[\w/]+\.py)`", doc))
    assert files - named == set(), "modules missing from docs/architecture.md"
    assert named - files == set(), "docs/architecture.md names modules that do not exist"


def _all_imports(name: str, path: Path) -> set[str]:
    """Every module (ours or not) that `name` imports anywhere, lazy imports included,
    as absolute dotted names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found |= {base} | {f"{base}.{a.name}" for a in node.names}
    return found


def test_the_sensitivity_engine_receives_its_solver() -> None:
    """No module of games/sensitivity/ reaches for the solver itself (not even lazily):
    every function with a `solver` parameter requires it, and the API layer and the CLI
    pass games.solve.solve."""
    engine = {n: p for n, p in MODULES.items() if n.startswith("games.sensitivity")}
    assert len(engine) > 10
    takers = 0
    for name, path in engine.items():
        used = _all_imports(name, path)
        assert not used & {"games.solve", "games.analysis", "games.solve.solve",
                           "games.analysis.solve"}, name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            defaults = dict(zip([a.arg for a in positional[::-1]], args.defaults[::-1]))
            defaults |= {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults)
                         if d is not None}
            if any(a.arg == "solver" for a in [*positional, *args.kwonlyargs]):
                takers += 1
                assert "solver" not in defaults, f"{name}.{node.name}: solver has a default"
    assert takers >= 6          # sensitivity, parameter_sensitivity, sweep, monte_carlo, ...
