"""The package layout keeps its promises: dependencies point down, and the store alone speaks SQL."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

def imports(path) -> set[str]:
    """The top-level names a module imports (``index`` for ``from index.x import y``; relative: its own package)."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(path.parent.name if node.level else (node.module or "").split(".")[0])
    return found


def modules(*packages: str):
    return [p for package in packages for p in sorted((ROOT / package).rglob("*.py"))]


@pytest.mark.parametrize("path", modules("index"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_engine_imports_nothing_from_the_bot_the_command_line_or_the_benchmarks(path):
    assert not imports(path) & {"bot", "benchmarks", "inspection_bot", "tests"}


@pytest.mark.parametrize("path", modules("index", "bot", "inspection_bot"), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_store_and_the_feedback_file_use_sqlite(path):
    if str(path.relative_to(ROOT)) not in {"index/store/store.py", "bot/feedback.py"}:
        assert "sqlite3" not in imports(path)


@pytest.mark.parametrize("path", modules("bot"), ids=lambda p: p.name)
def test_the_bot_imports_nothing_from_the_command_line(path):
    assert "inspection_bot" not in imports(path)
