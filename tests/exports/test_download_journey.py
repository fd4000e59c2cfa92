"""A large download in a real browser (Debian Chromium): offered, made by the worker while the
page polls its progress, then downloaded whole; axe-core finds no problems on its pages."""

from __future__ import annotations

import csv
import io
import re
import threading

import pytest

from tests.browser import assert_accessible, watch_csp
from tests.factories import UserFactory
from tests.search.conftest import add_question

pytestmark = pytest.mark.browser


@pytest.fixture
def clubs(transactional_db, settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Five questions on breakfast clubs and a stand-in worker; returns what starts the worker."""
    from django.db import connection

    from pqtracker.accounts.roles import Role
    from pqtracker.exports import builds, tasks

    settings.EXPORTS_DIR = tmp_path / "exports"
    settings.EXPORT_INLINE_MAX_ROWS = 2
    UserFactory(username="drafter", roles=[Role.DRAFTER])
    for n in range(5):
        add_question(str(100 + n), f"Breakfast clubs question {n}.")

    # The test lets the worker go once it has seen the page waiting: no fixed sleep that a slow
    # page load could outlast (or that makes every run wait).
    start_worker = threading.Event()

    def worker_later(export_id: int) -> None:
        # As a worker would: later, in another thread with its own connection.
        def build() -> None:
            start_worker.wait(timeout=60)
            try:
                builds.build_export(export_id=export_id)
            finally:
                connection.close()

        threading.Thread(target=build, daemon=True).start()

    monkeypatch.setattr(tasks.build_export_task, "delay", worker_later)
    return start_worker


def test_download_journey(clubs, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    csp = watch_csp(page)
    page.goto(f"{live_server.url}/search/?q=clubs")
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/search/\?q=clubs"))

    page.get_by_role("link", name="Download these results (CSV)").click()
    page.wait_for_url(re.compile(r"/search/export\.csv\?q=clubs"))
    assert page.get_by_text("This download has 5 rows").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make the CSV file").click()
    page.wait_for_url(re.compile(r"/downloads/\d+/$"))
    assert page.get_by_text("Waiting for the background worker").is_visible()
    assert_accessible(page)
    clubs.set()  # the worker starts making the file

    # htmx polls: the link appears without a reload once the worker has made the file.
    page.evaluate("window.__stillTheSamePage = true")
    link = page.get_by_role("link", name="Download the CSV file")
    link.wait_for(timeout=15_000)
    assert page.evaluate("window.__stillTheSamePage") is True
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "pq-search-results.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][0] == "UIN" and len(rows) == 6
    assert csp == []
