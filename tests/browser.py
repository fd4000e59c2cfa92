"""Helpers for the Playwright journeys (the `browser` fixture is in tests/conftest.py)."""

from __future__ import annotations

from tests.conftest import REPO_ROOT

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    """axe-core, injected into the page, must report no violations."""
    # Evaluated through the DevTools protocol: a <script> tag of it (add_script_tag) would be
    # refused by the Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run()).violations")
    details = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in violations
    ]
    assert violations == [], f"axe found problems on {page.url}: {details}"


def watch_csp(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Content-Security-Policy violations the page reports in its console, from now on."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text),
    )
    return violations
