"""Searching in a real browser (Debian Chromium): results follow typing without a reload, a filter
narrows them, a result opens; axe-core finds no accessibility problems on any page."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.browser import assert_accessible, watch_csp
from tests.factories import UserFactory
from tests.search.conftest import add_question

pytestmark = pytest.mark.browser


@pytest.fixture
def search_data(transactional_db):  # type: ignore[no-untyped-def]
    # Created before the browser starts: ORM calls made while Playwright's event loop runs open a
    # connection of their own that is never closed (PostgreSQL then cannot drop the test DB).
    from pqtracker.accounts.roles import Role

    UserFactory(username="drafter", roles=[Role.DRAFTER])
    add_question(
        "87924",
        "How many education, health and care plans were issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey",
        answer="The figures are published annually.",
        tabled=datetime.date(2021, 12, 6),
        answered=datetime.date(2021, 12, 9),
    )
    add_question(
        "HL5669",
        "What plans they have for care plans in Lords schools.",
        house="Lords",
        heading="Care Plans: Lords",
        tabled=datetime.date(2022, 1, 6),
    )
    add_question("3", "How many teachers were recruited.", heading="Teachers: Recruitment")


def test_search_journey(search_data, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    csp = watch_csp(page)
    page.goto(f"{live_server.url}/search/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/search/$"))
    assert page.get_by_role("heading", name="Search questions and answers").is_visible()
    assert_accessible(page)

    # Typing updates the results in place: same page, URL follows the query.
    page.evaluate("window.__stillTheSamePage = true")
    page.locator("#q").press_sequentially("care plans", delay=30)
    page.wait_for_url(re.compile(r"q=care\+plans"))
    page.wait_for_function(
        "() => document.querySelector('#results h2')?.textContent.includes('2 results')"
    )
    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.locator("#results mark").first.inner_text().lower() in {"care", "plans"}
    assert_accessible(page)

    # A filter narrows them, still without a reload.
    page.get_by_label("House").select_option("Lords")
    page.wait_for_url(re.compile(r"house=Lords"))
    page.wait_for_function(
        "() => document.querySelector('#results h2')?.textContent.includes('1 result')"
    )
    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.locator("#results h3").all_inner_texts() == ["Care Plans: Lords"]

    page.get_by_label("House").select_option("")
    page.wait_for_function(
        "() => document.querySelector('#results h2')?.textContent.includes('2 results')"
    )
    page.get_by_role("link", name="Special Educational Needs: Surrey").click()
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    assert "Special Educational Needs: Surrey" in page.content()
    assert_accessible(page)
    assert csp == []
