"""Citing and the figure check in a real browser (Debian Chromium), axe-core clean on every page:
a drafter finds a figure, cites it, sees the check pass, changes the number and sees it flagged;
the clearer's approval that would send it to the Minister is refused until the flag is accepted
with a reason; then it goes."""

from __future__ import annotations

import re

import pytest

from pqtracker.accounts.roles import Role
from pqtracker.answers.models import ClearanceRoleKind, ClearanceStepDefinition
from pqtracker.evidence import demo as evidence_demo
from tests.browser import assert_accessible, watch_csp
from tests.factories import CaseFactory, PolicyTeamFactory, UserFactory, add_to_team

pytestmark = pytest.mark.browser

PASSING = "High needs funding allocations to local authorities were £7.9 billion in 2021-22."
CHANGED = PASSING.replace("£7.9 billion", "£8.9 billion")
CHECK = "#figure-check [data-figure-check]"


@pytest.fixture
def journey_case(transactional_db):  # type: ignore[no-untyped-def]
    # Made before the browser starts (see the browser fixture in tests/conftest.py).
    evidence_demo.seed()
    team = PolicyTeamFactory(name="Schools Funding")
    drafter = add_to_team(UserFactory(username="drafter", roles=[Role.DRAFTER]), team)
    clearer = UserFactory(username="clearer", roles=[Role.CLEARER])
    # A short chain: Private Office, then the Minister. Approving Private Office sends the draft
    # to the Minister. (Made here: a transactional test database may have lost the data
    # migration's chain to an earlier test's flush.)
    ClearanceStepDefinition.objects.all().delete()
    for order, (name, kind) in enumerate(
        [
            ("Private Office", ClearanceRoleKind.PRIVATE_OFFICE),
            ("Minister", ClearanceRoleKind.MINISTER),
        ],
        start=1,
    ):
        ClearanceStepDefinition.objects.create(
            name=name, order=order, role_kind=kind, default_assignee=clearer
        )
    return CaseFactory(
        status="accepted",
        policy_team=team,
        action_officer=drafter,
        question__question_text=(
            "To ask the Secretary of State for Education, what the total high needs funding "
            "allocation to local authorities was in 2021-22."
        ),
    )


def _sign_in(browser, url: str, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    return page, errors


def test_cite_check_refuse_accept_send(journey_case, live_server, browser):  # type: ignore[no-untyped-def]
    case_url = f"{live_server.url}/answers/cases/{journey_case.pk}/"
    page, errors = _sign_in(browser, f"{case_url}draft/", "drafter")
    csp = watch_csp(page)
    page.wait_for_url(re.compile(r"/draft/$"))

    # Type the answer: it saves itself; nothing is cited yet, so its number is unsupported.
    answer = page.get_by_label("Draft answer")
    answer.fill(PASSING)
    page.wait_for_function(
        "() => /Saved at/.test(document.querySelector('#save-status').textContent)"
    )
    page.wait_for_selector(f"{CHECK}[data-figure-check='flagged']")
    assert "unsupported" in page.locator("#figure-check").inner_text()

    # Find the figure beside the editor and cite it: the check passes.
    page.get_by_label("Measure").fill("high needs")
    page.get_by_label("Period").fill("2021-22")
    result = page.locator(".app-finder-result")
    result.first.wait_for()
    assert result.count() == 1
    assert "£7,906m" in result.first.inner_text()
    assert_accessible(page)
    result.first.get_by_role("button", name=re.compile("^Cite")).click()
    page.wait_for_selector(f"{CHECK}[data-figure-check='passed']")
    assert "Cited DEMO-HNB-2021-22" in page.locator("#citation-status").inner_text()
    sources = page.locator("#draft-sources")
    assert "2021-22: £7,906m" in sources.inner_text()
    assert "£7.9 billion" in page.locator("#figure-check").inner_text()
    assert_accessible(page)

    # Change the number: flagged as the drafter types, with the figure it should match.
    answer.fill(CHANGED)
    page.wait_for_selector(f"{CHECK}[data-figure-check='flagged']")
    check_text = page.locator("#figure-check").inner_text()
    assert "mismatched" in check_text and "£8.9 billion" in check_text
    assert "DEMO-HNB-2021-22" in check_text
    page.wait_for_function(
        "() => document.querySelector('#id_base_version').value === '2'"
    )  # saved as version 2
    assert_accessible(page)

    # Send it to clearance from the case page.
    page.goto(case_url)
    page.get_by_role("button", name=re.compile("^Send version 2 to clearance")).click()
    page.get_by_text("In clearance", exact=True).first.wait_for()
    assert errors == []
    assert csp == []

    # The clearer's approval at Private Office would send it to the Minister: refused.
    clearer, clearer_errors = _sign_in(browser, case_url, "clearer")
    clearer.wait_for_url(re.compile(r"/answers/cases/\d+/$"))
    assert "mismatched" in clearer.locator("#figure-check").inner_text()
    clearer.get_by_role("button", name="Approve").click()
    summary = clearer.locator(".govuk-error-summary")
    summary.wait_for()
    assert "cannot go to the Minister" in summary.inner_text()
    assert "“£8.9 billion” (mismatched)" in summary.inner_text()
    assert_accessible(clearer)

    # Accept the flag with a reason: recorded in the timeline; then the approval goes through.
    clearer.get_by_label("Why can “£8.9 billion” stand?").fill(
        "Includes the supplementary allocation announced in December"
    )
    clearer.get_by_role("button", name=re.compile("^Accept with this reason")).click()
    clearer.wait_for_selector("[data-figure-check='passed']")
    assert "accepted" in clearer.locator("#figure-check").inner_text()
    assert "supplementary allocation" in clearer.locator(".app-timeline").inner_text()
    assert_accessible(clearer)
    clearer.get_by_role("button", name="Approve").click()
    clearer.wait_for_selector("text=Private Office approved")
    assert "Minister: your decision" in clearer.locator("main").inner_text()
    assert_accessible(clearer)
    assert clearer_errors == []
