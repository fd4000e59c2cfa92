"""The imports page in a real browser (Debian Chromium): a long error wraps in its cell instead of
widening the table past the page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.browser import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

LONG_URL = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions?" + (
    "tabledWhenFrom=2026-11-25&tabledWhenTo=2026-11-25&answeringBodies=60&" * 6
)


@pytest.fixture
def failed_import(transactional_db):  # type: ignore[no-untyped-def]
    from pqtracker.accounts.roles import Role
    from pqtracker.parliament.models import ImportRun, ImportRunStatus

    UserFactory(username="pq_team", roles=[Role.PQ_TEAM])
    ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.FAILED,
        finished_at=timezone.now(),
        error=f"Parliament's API did not answer properly (detail: GET {LONG_URL})",
    )


def test_a_long_import_error_wraps_inside_the_page(failed_import, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Username").fill("pq_team")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/imports/$"))
    assert page.get_by_text("Imports from Parliament are failing").is_visible()
    # The table stays inside the page's column (it overflowed it, by the error's longest word).
    table, column = page.evaluate(
        "() => [document.querySelector('table').scrollWidth,"
        " document.querySelector('main').clientWidth]"
    )
    assert table <= column, f"the runs table is {table}px wide in a {column}px column"
    assert_accessible(page)
