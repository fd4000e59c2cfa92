"""A clerk's look at the deadlines in a real browser, and the PQ team adding a recess; axe-core
on every page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from pqtracker.deadlines import demo
from tests.browser import assert_accessible, watch_csp
from tests.factories import answered_question
from tests.functional.test_journey import collect_errors, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def deadlines_demo(transactional_db) -> None:  # type: ignore[no-untyped-def]
    demo.seed(timezone.localdate())
    question = demo.records(timezone.localdate())[0]
    answered_question(
        answering_body__parliament_id=60,
        answering_body__name="Department for Education",
        date_tabled=question.date_tabled,
    )


def test_clerk_dashboard_statistics_and_calendar(
    deadlines_demo, clerk, pq_team, live_server, browser
):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors = collect_errors(page)
    csp = watch_csp(page)
    sign_in(page, live_server.url, "clerk", check=False)
    page.get_by_role("link", name="Deadlines").click()
    page.wait_for_url(re.compile(r"/deadlines/$"))
    assert page.get_by_role("heading", name="Deadlines", exact=True).is_visible()
    assert page.locator("#count-overdue").inner_text() == "2"
    assert page.get_by_role("heading", name="Overdue").is_visible()
    assert_accessible(page)

    # The question list's filters swap the board in place.
    page.evaluate("window.__stillTheSamePage = true")
    page.get_by_label("House").select_option("Lords")
    page.wait_for_function("() => document.querySelector('caption').innerText.startsWith('1 open')")
    assert page.evaluate("window.__stillTheSamePage") is True
    assert_accessible(page)

    page.get_by_role("link", name="On-time statistics").click()
    page.wait_for_url(re.compile(r"/deadlines/statistics/$"))
    # On time by month, session, type, minister and team (no workflow figures yet).
    assert page.locator("svg[role=img]").count() == 5
    page.get_by_text("On time by month tabled as a table").click()
    assert page.get_by_role("table", name="On time by month tabled").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/deadlines/calendar/")
    assert page.get_by_role("heading", name="Check against the record").is_visible()
    assert page.get_by_role("button", name="Add recess").count() == 0  # clerks only read
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "pq_team", check=False)
    page.goto(f"{live_server.url}/deadlines/calendar/")
    form = page.locator("#form-add-recess")
    form.get_by_label("House").select_option("Commons")
    form.get_by_label("Name").fill("February recess")
    form.get_by_label("First day not sitting").fill("12/02/2032")
    form.get_by_label("Last day not sitting").fill("10/02/2032")
    form.get_by_role("button", name="Add recess").click()
    assert (
        page.get_by_role("alert").is_visible() or page.locator(".govuk-error-summary").is_visible()
    )
    assert_accessible(page)  # the error summary too
    assert errors == [] and csp == []


def test_pq_team_bulk_actions_from_the_dashboard(
    deadlines_demo, pq_team, team_a, drafter_a, live_server, browser, monkeypatch, mailoutbox
):  # type: ignore[no-untyped-def]
    """The PQ team ticks two questions, reassigns them to a team, then sends a reminder; the
    minute's poll does not sweep the ticks away while they work."""
    from pqtracker.answers.models import Case
    from pqtracker.deadlines import views

    monkeypatch.setattr(views, "POLL_SECONDS", 1)
    page = browser.new_page()
    errors = collect_errors(page)
    csp = watch_csp(page)
    sign_in(page, live_server.url, "pq_team", check=False)
    page.goto(f"{live_server.url}/deadlines/")
    overdue = page.locator("#list-overdue + table tbody tr")
    first, second = overdue.nth(0), overdue.nth(1)
    uins = [first.locator("td").nth(1).inner_text(), second.locator("td").nth(1).inner_text()]
    first.get_by_role("checkbox").check()
    second.get_by_role("checkbox").check()
    page.wait_for_timeout(2500)  # two polls' worth: skipped while anything is ticked
    assert first.get_by_role("checkbox").is_checked()
    page.get_by_text("Act on the ticked questions").click()
    page.get_by_label("Policy team").select_option(label="SEND Policy")
    assert_accessible(page)
    page.get_by_role("button", name="Reassign ticked questions").click()
    page.wait_for_url(re.compile(r"/deadlines/bulk/$"))
    assert page.get_by_role("heading", name="Reassigned").is_visible()
    assert page.get_by_role("cell", name=uins[0], exact=True).is_visible()
    assert_accessible(page)
    cases = Case.objects.filter(question__uin__in=uins)
    assert {c.status for c in cases} == {"commissioned"}
    assert {c.policy_team_id for c in cases} == {team_a.pk}

    # Reminders: one per question, to the person it is offered to.
    page.get_by_role("link", name="Back to the dashboard").click()
    page.locator(f"#tick-{cases[0].question_id}").check()
    page.get_by_text("Act on the ticked questions").click()
    page.get_by_role("button", name="Send reminders now").click()
    assert page.get_by_role("heading", name="Reminders").is_visible()
    assert page.get_by_text(f"Sent to {drafter_a.email}").is_visible()
    assert_accessible(page)

    # Nothing ticked: a clear error (a 400, which the console reports), and nothing done.
    assert errors == []
    page.get_by_role("link", name="Back to the dashboard").click()
    page.get_by_text("Act on the ticked questions").click()
    page.get_by_role("button", name="Send reminders now").click()
    assert (
        page.locator(".govuk-error-summary")
        .get_by_text("Select at least one question")
        .is_visible()
    )
    assert_accessible(page)
    assert [e for e in errors if "400 (Bad Request)" not in e] == [] and csp == []
