"""A drafter's journey through the evidence pages in Debian Chromium, axe-core clean on each:
find a figure as they type, open its series (chart and table), its source, and check a draft's
figures: the 87924 sentence flagged, the corrected one supported."""

from __future__ import annotations

import re

import pytest

from pqtracker.evidence import demo
from tests.browser import assert_accessible, watch_csp

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


@pytest.fixture
def demo_evidence(transactional_db) -> None:  # type: ignore[no-untyped-def]
    # Before the browser starts: a connection first opened inside Playwright's event loop is
    # never closed (tests/conftest.py).
    demo.seed()


def test_find_a_figure_see_its_series_and_check_a_draft(
    demo_evidence, drafter, live_server, browser
):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    csp = watch_csp(page)
    page.goto(f"{live_server.url}/evidence/")
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/evidence/$"))
    assert page.get_by_role("link", name="Evidence").is_visible()
    assert_accessible(page)

    # Typing searches in place (htmx), and the URL follows so the search can be shared.
    page.evaluate("window.__samePage = true")
    page.get_by_label("Measure").fill("high needs")
    page.wait_for_url(re.compile(r"measure=high(\+|%20)needs"))
    page.get_by_label("Period").fill("2021-22")
    page.wait_for_url(re.compile(r"period=2021-22"))
    page.get_by_role("heading", name="1 figure").wait_for()
    assert page.evaluate("window.__samePage") is True
    assert_accessible(page)

    page.get_by_role(
        "link", name="Total high needs funding allocations to local authorities"
    ).click()
    page.get_by_role(
        "heading", name="Total high needs funding allocations to local authorities"
    ).wait_for()
    assert page.get_by_role("img", name=re.compile("Total high needs funding")).is_visible()
    assert page.get_by_role("cell", name="£9,952m").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Dedicated schools grant (DSG) allocations").first.click()
    page.get_by_role("heading", name="Dedicated schools grant (DSG) allocations").wait_for()
    assert_accessible(page)

    page.goto(f"{live_server.url}/evidence/check/")
    page.get_by_label("Cited figures").fill("\n".join(demo.CITED))
    page.get_by_label("Text to check").fill(demo.DRAFT_FLAGGED)
    page.get_by_role("button", name="Check figures").click()
    page.get_by_role("heading", name="2 to fix or accept").wait_for()
    assert page.get_by_text("more than £2 billion").is_visible()
    assert_accessible(page)
    page.get_by_label("Text to check").fill(demo.DRAFT_PASSING)
    page.get_by_role("button", name="Check figures").click()
    page.get_by_role("heading", name="Every number is supported").wait_for()
    assert_accessible(page)
    assert errors == [] and csp == []
