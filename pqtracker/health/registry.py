"""Checks that higher apps add to /healthz from their AppConfig.ready() (health imports none).

A check returns a small JSON-able dict with ``"status": "ok"`` or ``"degraded"``. It runs on
every probe, so it must be a query or two on an index, never a scan, and it must not raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[], dict[str, Any]]

_CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    _CHECKS[name] = check


def run_checks() -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for name, check in _CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - a broken check degrades, never 500s
            results[name] = {"status": "degraded", "error": exc.__class__.__name__}
    return results
