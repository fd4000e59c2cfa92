"""Filters in a real browser: typing never loses focus or runs on half a date, a UIN opens its
question, one request per "Apply filters", short addresses, and an expired session sends the
user to sign in and back."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.browser import assert_accessible, watch_csp
from tests.factories import UserFactory
from tests.search.conftest import add_question

pytestmark = pytest.mark.browser


@pytest.fixture
def filter_data(transactional_db):  # type: ignore[no-untyped-def]
    from pqtracker.accounts.roles import Role

    UserFactory(username="drafter", roles=[Role.DRAFTER])
    add_question(
        "87924",
        "Care plans issued within 20 weeks in Surrey.",
        heading="Care Plans: Surrey",
        tabled=datetime.date(2021, 12, 6),
    )
    add_question(
        "HL5669",
        "Care plans in Lords schools.",
        house="Lords",
        heading="Care Plans: Lords",
        tabled=datetime.date(2022, 1, 6),
    )


def _sign_in(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()


def _focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement?.id")


def test_search_filters_while_typing(filter_data, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    csp = watch_csp(page)
    _sign_in(page, f"{live_server.url}/search/?q=care")
    page.wait_for_function(
        "() => document.querySelector('#results h2')?.textContent.includes('2 results')"
    )
    searches: list[str] = []
    page.on("request", lambda r: "/search/" in r.url and searches.append(r.url))

    # Half a date: nothing runs, and the keys keep going into the box.
    date = page.get_by_label("Tabled from")
    date.click()
    date.press_sequentially("1/1", delay=60)
    page.wait_for_timeout(700)
    assert searches == []
    assert _focused(page) == "id_tabled_from"
    # A date that is no date, sent with Enter: the error shows, and focus stays to correct it.
    date.press_sequentially("3/2021", delay=30)  # 1/13/2021
    date.press("Enter")
    page.wait_for_selector("#results .govuk-error-summary")
    assert "Tabled from must be a real date" in page.inner_text("#results")
    assert _focused(page) == "id_tabled_from"
    date.fill("1/1/2022")
    date.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#results h2')?.textContent.includes('1 result')"
    )
    assert _focused(page) == "id_tabled_from"
    # The address carries what filters, in one spelling, and no empty fields.
    assert page.url.endswith("/search/?q=care&tabled_from=1%2F1%2F2022")
    assert_accessible(page)

    # A UIN typed shows its question; Enter opens it.
    page.locator("#q").fill("")
    page.get_by_label("Tabled from").fill("")
    page.locator("#q").press_sequentially("87924", delay=30)
    page.wait_for_function(
        "() => document.querySelector('#results')?.textContent.includes('numbered 87924')"
    )
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/questions/\d+/$"))
    assert "Care Plans: Surrey" in page.content()

    # The session expires; the next live update sends the user to sign in, and back.
    page.goto(f"{live_server.url}/search/?q=care")
    page.context.clear_cookies()
    page.get_by_label("House").select_option("Lords")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert page.locator("#results").count() == 0  # a whole page, not swapped into the results
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/search/\?q=care$"))
    assert csp == []


def test_question_list_apply_filters(filter_data, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    _sign_in(page, f"{live_server.url}/questions/")
    page.wait_for_url(re.compile(r"/questions/$"))
    requests: list[str] = []
    page.on("request", lambda r: "/questions/?" in r.url and requests.append(r.url))
    page.get_by_label("UIN").fill("HL5669")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_function(
        "() => document.querySelector('#results h2')?.textContent.includes('1 question')"
    )
    page.wait_for_timeout(500)
    # One request, no "&=" from the button, no empty fields in the address.
    assert len(requests) == 1, requests
    assert page.url.endswith("/questions/?uin=HL5669")
    # "Back" from the question returns to the filtered list.
    page.get_by_role("link", name="Care Plans: Lords").click()
    page.wait_for_url(re.compile(r"/questions/\d+/\?uin=HL5669$"))
    page.get_by_role("link", name="Back to written questions").click()
    page.wait_for_url(re.compile(r"/questions/\?uin=HL5669$"))
    assert page.locator("#results h2").inner_text() == "1 question"
