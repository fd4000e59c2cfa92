"""In a real browser (Debian Chromium): the search page's member filters are type-ahead boxes
that filter the results, the question page offers its referral answer to copy, and axe-core
finds no accessibility problems; the pages log no errors (script or Content-Security-Policy)."""

from __future__ import annotations

import datetime
import re

import pytest

from pqtracker.search.models import NearDuplicate
from tests.browser import assert_accessible
from tests.factories import UserFactory
from tests.search.conftest import add_question

pytestmark = pytest.mark.browser

REFERRAL = "I refer the hon. Member to the answer I gave on 9 December 2021 to Question 87924."


@pytest.fixture
def journey_data(transactional_db):  # type: ignore[no-untyped-def]
    # Created before the browser starts (see tests/search/test_search_journey.py).
    from pqtracker.accounts.roles import Role

    UserFactory(username="drafter", roles=[Role.DRAFTER])
    earlier = add_question(
        "87924",
        "How many education, health and care plans were issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey",
        answer="The figures are published annually.",
        tabled=datetime.date(2021, 12, 6),
        answered=datetime.date(2021, 12, 9),
        asker=5001,
        asker_name="Helen Marsh",
    )
    later = add_question(
        "90002",
        "How many education, health and care plans have been issued within 20 weeks in Surrey.",
        heading="Special Educational Needs: Surrey County",
        tabled=datetime.date(2021, 12, 27),
        asker=5002,
        asker_name="Daniel Price",
    )
    # The write's own task (run eagerly once it committed) has flagged the pair already.
    assert NearDuplicate.objects.filter(question=later, duplicate_of=earlier).exists()
    return later.get_absolute_url()


def test_member_type_ahead_and_referral_copy(journey_data, live_server, browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(f"{live_server.url}/accounts/login/?next=/search/")
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/search/$"))

    # The label now names a text box; the select it replaced is hidden but still in the form.
    asked_by = page.get_by_role("combobox", name="Asked by")
    asked_by.wait_for()
    assert page.locator("select[name=asking_member]").is_hidden()
    assert page.locator("#results .govuk-tag", has_text="Like a recent question").count() == 1
    assert_accessible(page)

    asked_by.press_sequentially("Dan", delay=30)
    option = page.get_by_role("option", name="Daniel Price")
    option.wait_for()
    assert_accessible(page)  # with the list of suggestions open
    option.click()
    page.wait_for_url(re.compile(r"asking_member=\d+"))
    page.wait_for_function(
        "document.querySelector('#results h2')?.textContent.includes('1 question')"
    )
    assert page.locator("#results h3").all_inner_texts() == [
        "Special Educational Needs: Surrey County"
    ]

    # Emptying the box means any member again.
    asked_by.fill("")
    page.get_by_label("Search questions and answers").click()
    page.wait_for_url(re.compile(r"/search/(\?(?!.*asking_member).*)?$"))
    page.wait_for_function(
        "document.querySelector('#results h2')?.textContent.includes('2 questions')"
    )

    # A name typed out in full counts without choosing it from the list.
    asked_by.fill("helen marsh")
    page.get_by_label("Search questions and answers").click()
    page.wait_for_url(re.compile(r"asking_member=\d+"))
    page.wait_for_function(
        "document.querySelector('#results h2')?.textContent.includes('1 question')"
    )
    assert page.locator("#results h3").all_inner_texts() == ["Special Educational Needs: Surrey"]

    page.goto(f"{live_server.url}{journey_data}")
    assert page.get_by_label("Referral answer").input_value() == REFERRAL
    page.get_by_role("button", name="Copy referral answer").click()
    page.get_by_role("status").filter(has_text="Referral answer copied").wait_for(state="attached")
    assert page.evaluate("navigator.clipboard.readText()") == REFERRAL
    assert_accessible(page)
    assert errors == []
    context.close()
