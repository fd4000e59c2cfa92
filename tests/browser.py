"""Helpers for the Playwright journeys (the `browser` fixture is in tests/conftest.py)."""

from __future__ import annotations

from tests.conftest import REPO_ROOT

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """axe-core, injected into the page, must report no violations."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run()).violations")
    details = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in violations
    ]
    assert violations == [], f"axe found problems on {page.url}: {details}"
