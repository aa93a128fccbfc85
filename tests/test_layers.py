"""The package layout keeps its promises: no import circles, and only the stores speak SQL.

Which layer may import which is the import-linter contract in pyproject.toml (``lint-imports``,
run by ``make test``); these tests check what a layers contract cannot.
"""

from __future__ import annotations

import ast

import pytest
from conftest import ROOT

PACKAGES = ("index", "bot", "inspection_bot")


def modules(*packages: str):
    return [p for package in packages for p in sorted((ROOT / package).rglob("*.py"))]


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path, known: set[str]) -> set[str]:
    """The project modules a file imports, anywhere in it (a function's own imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + [base]
                )
            # "from index.store import bm25" imports the module bm25; "from index.store import
            # Store" imports the package's face, which imports its modules.
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
            names = len(submodules) < len(node.names)
            targets = submodules + ([base] if names else [])
        else:
            continue
        found |= {t for t in targets if t in known}
    return found - {name}


def test_no_module_imports_itself_back_through_others():
    """A split that needs a circle (or a late import to hide one) is the wrong split."""
    paths = modules(*PACKAGES)
    known = {module_name(p) for p in paths}
    graph = {module_name(p): imported_modules(p, known) for p in paths}
    # A package's face imports its own modules; a module importing its package's face is the
    # circle to look for, so faces stay in the graph.
    done, path_stack, circles = set(), [], []

    def visit(node: str) -> None:
        if node in path_stack:
            circles.append(path_stack[path_stack.index(node) :] + [node])
            return
        if node in done:
            return
        path_stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        path_stack.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    assert circles == []


@pytest.mark.parametrize("path", modules(*PACKAGES), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_index_store_and_the_bot_state_use_sqlite(path):
    allowed = (
        str(path.relative_to(ROOT)).startswith("index/store/") or module_name(path) == "bot.state"
    )
    tree = ast.parse(path.read_text())
    uses = any(
        (isinstance(n, ast.Import) and any(a.name == "sqlite3" for a in n.names))
        or (isinstance(n, ast.ImportFrom) and n.module == "sqlite3")
        for n in ast.walk(tree)
    )
    assert allowed or not uses
