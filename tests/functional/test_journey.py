"""A person's journey through the public record in a real browser (Debian Chromium), with an
axe-core accessibility check on every page visited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import assert_accessible, watch_csp

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"
SCREENSHOTS = Path("/tmp")
# Hiding the caret leaves style="" on every input, which htmx then copies onto the swapped-in
# inputs: the page's Content-Security-Policy rightly refuses that, so the caret stays.
SHOT = {"full_page": True, "caret": "initial"}
# No htmx request in flight (htmx marks the indicator while one is).
IDLE = "() => !document.querySelector('#results-loading.htmx-request')"


def collect_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    """JavaScript errors and console errors (htmx logs failed requests there) on the page."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    return errors


def sign_in(page, base_url: str, username: str, *, check: bool = True) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/questions/")
    assert "/accounts/login/" in page.url
    if check:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/questions/$"))


def test_journey_filter_list_and_open_seed_question(seeded, viewer, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors = collect_errors(page)
    csp = watch_csp(page)
    sign_in(page, live_server.url, "viewer")
    assert page.get_by_role("heading", name="Written questions").is_visible()
    # GOV.UK Frontend's inline script ran: the policy allows it by its hash.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert_accessible(page)

    # Filtering swaps the results in place: the page is not reloaded, and the URL follows.
    page.evaluate("window.__stillTheSamePage = true")
    page.get_by_label("House").select_option("Commons")
    page.wait_for_url(re.compile(r"house=Commons"))
    page.get_by_label("Answered", exact=True).check()
    page.wait_for_url(re.compile(r"status=answered"))
    page.wait_for_function(IDLE)
    assert page.evaluate("window.__stillTheSamePage") is True
    statuses = page.locator("#results tbody tr td:last-child .govuk-tag").all_inner_texts()
    assert statuses and set(statuses) <= {"Answered", "Named day", "Like a recent question"}
    assert "Answered" in statuses
    count = page.locator("#results-count").inner_text()
    assert page.locator("#results-status").inner_text() == f"{count} found"

    page.get_by_label("UIN").fill("87924")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"uin=87924"))
    page.wait_for_function(
        "() => document.querySelector('#results-count').textContent.includes('1 question')"
    )
    assert page.evaluate("window.__stillTheSamePage") is True
    page.wait_for_function(IDLE)
    page.screenshot(path=str(SCREENSHOTS / "pq-question-list.png"), **SHOT)
    assert_accessible(page)

    page.get_by_role("link", name="Special Educational Needs").click()
    # The list's filters go along, for the question page's "Back" link.
    page.wait_for_url(re.compile(r"/questions/\d+/\?uin=87924&house=Commons&status=answered$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Special Educational Needs"
    body = page.locator("main").inner_text()
    assert "Answered by Will Quince on 9 December 2021" in body
    assert "House of Commons written question 87924" in body
    assert "special educational needs and disabilities (SEND) system" in body
    page.screenshot(path=str(SCREENSHOTS / "pq-question-detail.png"), **SHOT)
    assert_accessible(page)

    # Back returns to the filtered list, whole.
    page.go_back()
    page.wait_for_url(re.compile(r"uin=87924"))
    assert page.get_by_label("UIN").input_value() == "87924"
    assert "1 question" in page.locator("#results-count").inner_text()
    assert errors == []
    assert csp == []


def test_journey_invalid_dates_show_errors_then_clear(seeded, viewer, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors = collect_errors(page)
    csp = watch_csp(page)
    sign_in(page, live_server.url, "viewer")
    page.get_by_label("Tabled from").fill("31/02/2024")
    page.get_by_label("Tabled from").press("Enter")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    page.wait_for_function(IDLE)
    assert "Tabled from must be a real date" in summary.inner_text()
    assert page.title().startswith("Error: Written questions")
    # The field's own message comes with it, and the page passes axe with errors showing.
    assert page.locator("#div_id_tabled_from .govuk-error-message").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "pq-question-list-error.png"), **SHOT)
    assert_accessible(page)

    page.get_by_label("Tabled from").fill("1/12/2021")
    page.get_by_label("Tabled from").press("Enter")
    page.wait_for_url(re.compile(r"tabled_from=1%2F12%2F2021"))
    summary.wait_for(state="detached")
    assert page.locator(".govuk-error-message").count() == 0
    assert page.title().startswith("Written questions")
    assert csp == []
    assert errors == []


def test_journey_works_without_javascript(seeded, viewer, live_server, browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    # axe needs JavaScript; these pages were checked with it on.
    sign_in(page, live_server.url, "viewer", check=False)
    page.get_by_label("UIN").fill("87924")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"uin=87924"))
    assert "1 question" in page.locator("#results-count").inner_text()
    page.get_by_role("link", name="Special Educational Needs").click()
    assert "Answered by Will Quince on 9 December 2021" in page.locator("main").inner_text()
    context.close()


def test_journey_pages_through_results_and_back(seeded, viewer, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors = collect_errors(page)
    csp = watch_csp(page)
    sign_in(page, live_server.url, "viewer", check=False)
    first_page = page.locator("#results tbody tr td:first-child").all_inner_texts()
    assert len(first_page) == 25
    page.evaluate("window.__stillTheSamePage = true")
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    page.wait_for_function(IDLE)
    assert page.evaluate("window.__stillTheSamePage") is True
    second_page = page.locator("#results tbody tr td:first-child").all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)
    assert page.locator(".govuk-pagination__item--current").inner_text().strip() == "2"
    assert_accessible(page)

    # Back (htmx keeps no copies of pages; it asks the server for the whole page).
    page.go_back()
    page.wait_for_url(re.compile(r"/questions/$"))
    page.wait_for_function(
        "() => document.querySelector('.govuk-pagination__item--current')"
        ".textContent.trim() === '1'"
    )
    assert page.locator("#results tbody tr td:first-child").all_inner_texts() == first_page
    assert errors == []
    assert csp == []


def test_journey_profile_not_found_and_sign_out(seeded, pq_team, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    csp = watch_csp(page)
    sign_in(page, live_server.url, "pq_team", check=False)
    page.get_by_role("link", name="pq_team").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    assert "PQ team" in page.locator("main").inner_text()
    assert_accessible(page)

    response = page.goto(f"{live_server.url}/questions/999999/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    page.goto(f"{live_server.url}/questions/")
    assert "/accounts/login/" in page.url
    # The admin's pages are under the same policy.
    page.goto(f"{live_server.url}/admin/login/")
    assert page.get_by_role("button", name="Log in").is_visible()
    assert csp == []
