"""Browser fixtures: Debian Chromium through Playwright, and the demo data to look at."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture
def browser(chromium_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Chromium through Playwright's sync API.

    Request it after every fixture that touches the database: Playwright runs an event loop in
    this thread, and a database connection first opened inside it is a separate one that is never
    closed, so PostgreSQL then refuses to drop the test database.
    """
    # With that loop running, Django would otherwise refuse ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # seed_demo refuses to run otherwise (it creates demo users)
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
