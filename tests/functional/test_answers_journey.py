"""The answering workflow in a real browser, each role in its own context, axe-core clean on every
page: commission → accept → draft → returned in clearance → cleared → submitted; and a rejection
that sends the question back to the PQ team."""

from __future__ import annotations

import re

import pytest

from pqtracker.answers.intake import take_in
from pqtracker.answers.models import Case, CaseStatus, ClearanceStepDefinition
from tests.browser import assert_accessible, watch_csp
from tests.factories import AnsweringBodyFactory, WrittenQuestionFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


@pytest.fixture
def journey_case(transactional_db, pq_team, drafter_a, drafter_a2, clearer):  # type: ignore[no-untyped-def]
    # A transactional test database loses the data migration's chain between tests: make it here.
    if not ClearanceStepDefinition.objects.exists():
        for order, (name, kind) in enumerate(
            [("Deputy Director", "deputy_director"), ("Minister", "minister")], start=1
        ):
            ClearanceStepDefinition.objects.create(name=name, order=order, role_kind=kind)
    ClearanceStepDefinition.objects.update(default_assignee=clearer)
    question = WrittenQuestionFactory(
        answering_body=AnsweringBodyFactory(parliament_id=60),
        heading="Special Educational Needs: Tribunals",
    )
    (case,) = take_in(question_ids=[question.pk])
    return case


@pytest.fixture
def loop_db(browser):  # type: ignore[no-untyped-def]
    """The test reads the database while Playwright's loop runs, which opens a connection of its
    own (see the browser fixture): close it before the loop ends, or PostgreSQL cannot drop the
    test database."""
    yield browser
    from django.db import connections

    connections.close_all()


def open_as(browser, base_url: str, username: str, path: str):  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    page.goto(f"{base_url}/accounts/login/?next={path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    return page


def stage(case: Case) -> str:
    case.refresh_from_db()
    return case.status


def save_draft(case: Case, user, text: str) -> None:  # type: ignore[no-untyped-def]
    """The drafting editor's save, written directly (the editor has journeys of its own)."""
    from tests.answers.conftest import save_draft as write

    write(case, user, text)


def commission(page, case: Case) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Policy team").select_option(label="SEND Policy")
    page.get_by_label(re.compile(r"\bdrafter \(")).check()
    page.get_by_label(re.compile(r"drafter_a2 \(")).check()
    page.get_by_role("button", name="Commission").click()
    page.get_by_text("Commissioned", exact=True).first.wait_for()


def test_commission_accept_draft_return_clear_submit(  # type: ignore[no-untyped-def]
    journey_case, live_server, drafter_a, loop_db
):
    browser = loop_db
    case = journey_case
    case_path = f"/answers/cases/{case.pk}/"

    pq = open_as(browser, live_server.url, "pq_team", "/answers/new/")
    csp = watch_csp(pq)
    assert pq.get_by_role("heading", name="New questions").is_visible()
    assert_accessible(pq)
    pq.get_by_role("link", name=case.question.uin).click()
    pq.wait_for_url(re.compile(re.escape(case_path) + "$"))
    assert_accessible(pq)
    commission(pq, case)
    assert stage(case) == CaseStatus.COMMISSIONED
    assert_accessible(pq)

    drafter = open_as(browser, live_server.url, "drafter", "/answers/")
    assert drafter.get_by_role("heading", name=re.compile("Offered to you")).is_visible()
    assert_accessible(drafter)
    drafter.get_by_role("link", name=case.question.uin).click()
    drafter.get_by_role("button", name="Accept the question").click()
    drafter.get_by_text("Accepted", exact=True).first.wait_for()
    assert stage(case) == CaseStatus.ACCEPTED
    assert_accessible(drafter)

    save_draft(case, drafter_a, "The department publishes these figures annually.")
    drafter.reload()
    drafter.get_by_role("button", name="Send version 1 to clearance").click()
    drafter.get_by_text("In clearance", exact=True).first.wait_for()
    assert stage(case) == CaseStatus.IN_CLEARANCE

    clearer = open_as(browser, live_server.url, "clearer", "/answers/")
    assert_accessible(clearer)
    clearer.get_by_role("link", name=case.question.uin).click()
    assert_accessible(clearer)
    clearer.get_by_label("Comment").fill("Give the 2023 figure.")
    clearer.get_by_role("button", name="Return to the action officer").click()
    clearer.get_by_text("Drafting", exact=True).first.wait_for()
    assert stage(case) == CaseStatus.DRAFTING

    save_draft(case, drafter_a, "In 2023, 50.3% were issued within 20 weeks.")
    drafter.reload()
    assert_accessible(drafter)
    drafter.get_by_role("button", name="Send version 2 to clearance").click()
    drafter.get_by_text("In clearance", exact=True).first.wait_for()

    clearer.reload()
    # The uncited percentage is flagged: approving the step that sends the draft to the Minister
    # needs it corrected or let stand with a reason (answers.figures).
    clearer.get_by_label("Why can “50.3%” stand?").fill("SEN2 figure, confirmed by analysts")
    clearer.get_by_role("button", name=re.compile("^Accept with this reason")).click()
    clearer.locator("[data-figure-check='passed']").wait_for()
    case.refresh_from_db()
    for step in case.clearance_steps.filter(round=case.clearance_round).order_by("order"):
        decision = clearer.get_by_text(f"{step.name}: your decision")
        decision.wait_for()
        clearer.get_by_role("button", name="Approve").click()
        decision.wait_for(state="detached")
    assert stage(case) == CaseStatus.CLEARED

    pq.reload()
    assert_accessible(pq)
    pq.get_by_role("button", name="Mark as submitted").click()
    pq.get_by_text("Submitted", exact=True).first.wait_for()
    assert stage(case) == CaseStatus.SUBMITTED
    # The timeline names every step, with who.
    timeline = pq.locator(".app-timeline").inner_text()
    for verb in (
        "commissioned",
        "accepted",
        "sent_to_clearance",
        "clearance_returned",
        "cleared",
        "submitted",
    ):
        assert verb in timeline, verb
    assert_accessible(pq)
    assert csp == []


def test_a_rejection_goes_back_to_the_pq_team(journey_case, live_server, loop_db):  # type: ignore[no-untyped-def]
    browser = loop_db
    case = journey_case
    case_path = f"/answers/cases/{case.pk}/"
    pq = open_as(browser, live_server.url, "pq_team", case_path)
    commission(pq, case)

    for username in ("drafter", "drafter_a2"):
        page = open_as(browser, live_server.url, username, case_path)
        page.get_by_role("button", name="Reject the question").click()
        page.get_by_role("link", name="Choose who should answer it instead").first.wait_for()
        assert_accessible(page)  # the error summary and the named fields
        page.get_by_label("Another division").check()
        page.get_by_label("Who, or why").fill("Funding division answers this.")
        page.get_by_role("button", name="Reject the question").click()
        # No longer offered to this person: the accept and reject buttons go.
        page.get_by_role("button", name="Accept the question").wait_for(state="detached")
    assert stage(case) == CaseStatus.REJECTED

    pq.goto(f"{live_server.url}/answers/")
    assert pq.get_by_role("heading", name=re.compile("Back with the PQ team")).is_visible()
    assert_accessible(pq)
    pq.goto(f"{live_server.url}{case_path}")
    assert pq.get_by_text("Another division: Funding division answers this.").count() == 2
    assert pq.get_by_role("button", name="Reassign").is_visible()


def test_the_lists_say_who_holds_each_question_and_a_withdrawal_closes_it(  # type: ignore[no-untyped-def]
    journey_case, live_server, loop_db
):
    """The New queue, the question list and My work each say who holds a question and since
    when, axe-core clean; the question withdrawn in the record leaves everyone's work."""
    from pqtracker.parliament.models import QuestionChange
    from pqtracker.parliament.services import mark_withdrawn

    browser = loop_db
    case = journey_case
    pq = open_as(browser, live_server.url, "pq_team", "/answers/new/")
    row = pq.get_by_role("row", name=re.compile(case.question.uin))
    assert "PQ team" in row.inner_text() and "since" in row.inner_text()
    assert_accessible(pq)
    pq.get_by_role("link", name=case.question.uin).click()
    commission(pq, case)
    pq.goto(f"{live_server.url}/questions/")
    assert pq.get_by_text(
        re.compile(r"Commissioned: Candidates \(not yet accepted\) since")
    ).count()
    assert_accessible(pq)

    drafter = open_as(browser, live_server.url, "drafter", "/answers/")
    assert drafter.get_by_role("link", name=case.question.uin).is_visible()
    assert_accessible(drafter)
    mark_withdrawn(question=case.question, source=QuestionChange.Source.API)
    assert stage(case) == CaseStatus.WITHDRAWN
    drafter.reload()
    assert drafter.get_by_role("link", name=case.question.uin).count() == 0
    drafter.goto(f"{live_server.url}/answers/cases/{case.pk}/")
    assert drafter.get_by_text("Nobody (withdrawn by the Member)").is_visible()
    assert_accessible(drafter)
