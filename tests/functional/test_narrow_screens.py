"""At a phone's width (375 CSS pixels) no page is wider than the screen: wide tables scroll
inside their own container, and long unbroken text wraps."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pqtracker.parliament.models import ImportRun, ImportRunStatus
from pqtracker.search.models import SavedSearch
from tests.browser import assert_accessible
from tests.functional.test_journey import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
PAGES = [
    "/questions/",
    "/questions/?house=Commons&sort=due",
    "/search/?q=special+educational+needs",
    "/search/saved/",
    "/imports/",
]


def test_no_page_is_wider_than_a_phone(seeded, pq_team, live_server, browser):  # type: ignore[no-untyped-def]
    ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.FAILED,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        error="ConnectionError:" + "https://questions-statements-api.parliament.uk/" * 8,
    )
    SavedSearch.objects.create(user=pq_team, name="SEND in Surrey", query_string="q=send+surrey")
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, "pq_team", check=False)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] == widths[1] == PHONE["width"], (path, widths)
    # A table that does not fit scrolls inside its container, which the keyboard can reach.
    page.goto(f"{live_server.url}/questions/")
    container = page.locator(".app-table-container").first
    assert container.evaluate("el => el.scrollWidth > el.clientWidth")
    assert container.get_attribute("tabindex") == "0"
    assert_accessible(page)
