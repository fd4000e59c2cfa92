"""Modules use each other's public names only (the layers and cycles are import-linter's, in
`make lint`: pyproject.toml [tool.importlinter])."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pqtracker"


def private_imports(source: str, module: str) -> list[str]:
    """``from pqtracker.x import _name`` in ``module``, where x is another module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("pqtracker"):
            continue
        if node.module == module:
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"{node.module}.{alias.name}")
    return found


def test_the_check_finds_a_private_import():
    assert private_imports("from pqtracker.parliament.services import _display", "x") == [
        "pqtracker.parliament.services._display"
    ]
    assert private_imports("from pqtracker.parliament.services import display", "x") == []


def test_no_module_imports_another_modules_private_names():
    offences = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if found := private_imports(path.read_text(), module):
            offences[module] = found
    assert offences == {}
