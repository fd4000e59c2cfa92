"""A drafter's journey in a real browser (Debian Chromium), axe-core clean on every page: open the
editor, type, see "Saved at", reload and find the text, compare versions, restore one."""

from __future__ import annotations

import re

import pytest

from pqtracker.accounts.roles import Role
from tests.browser import assert_accessible, watch_csp
from tests.factories import CaseFactory, PolicyTeamFactory, UserFactory, add_to_team

pytestmark = pytest.mark.browser

SAVED = "() => /Saved at \\d\\d:\\d\\d/.test(document.querySelector('#save-status').textContent)"


@pytest.fixture
def drafting_case(transactional_db):  # type: ignore[no-untyped-def]
    # Made before the browser starts (see the browser fixture in tests/conftest.py).
    team = PolicyTeamFactory(name="SEND Policy")
    drafter = add_to_team(UserFactory(username="drafter", roles=[Role.DRAFTER]), team)
    return CaseFactory(
        status="accepted",
        policy_team=team,
        action_officer=drafter,
        question__question_text=(
            "To ask the Secretary of State for Education, (a) how many EHC plans were issued "
            "and (b) what proportion within 20 weeks."
        ),
    )


def errors_on(page) -> list[str]:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    return errors


def test_drafting_journey(drafting_case, live_server, browser):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors = errors_on(page)
    csp = watch_csp(page)
    editor_url = f"{live_server.url}/answers/cases/{drafting_case.pk}/draft/"
    page.goto(editor_url)
    page.get_by_label("Username").fill("drafter")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/draft/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Draft answer:")
    assert_accessible(page)

    # Typing saves by itself: the status says when, focus and text stay where they were.
    page.evaluate("window.__stillTheSamePage = true")
    answer = page.get_by_label("Draft answer")
    answer.click()
    answer.press_sequentially("(a) 62,000 plans were", delay=20)
    # The count follows the keys, before any save.
    assert page.locator("[data-word-count]").inner_text() == "4"
    answer.press_sequentially(" issued.", delay=20)
    page.wait_for_function(SAVED)
    assert page.evaluate("document.activeElement.id") == "id_answer_text"
    assert answer.input_value() == "(a) 62,000 plans were issued."
    assert page.evaluate("window.__stillTheSamePage") is True
    assert "Parts not yet addressed: (b)" in page.locator("#draft-checks").inner_text()
    assert page.locator("#id_base_version").input_value() == "1"
    assert page.locator("#case-status").inner_text() == "Drafting"
    page.screenshot(path="/tmp/pq-draft-editor.png", full_page=True, caret="initial")
    assert_accessible(page)

    # Typing on: a second version, based on the first.
    answer.press_sequentially(" (b) 50% within 20 weeks.", delay=20)
    page.wait_for_function("() => document.querySelector('#id_base_version').value === '2'")
    assert "Every lettered part" in page.locator("#draft-checks").inner_text()
    assert page.locator("#draft-versions tbody tr").count() == 2

    # Reloading shows the saved text.
    page.reload()
    assert page.get_by_label("Draft answer").input_value() == (
        "(a) 62,000 plans were issued. (b) 50% within 20 weeks."
    )
    assert re.search(r"Saved at \d\d:\d\d", page.locator("#save-status").inner_text())

    # Compare version 2 with version 1: the added words are marked.
    page.get_by_role("link", name="View and compare version 2").click()
    page.wait_for_url(re.compile(r"/versions/2/$"))
    assert page.locator("#answer-diff ins").inner_text().strip() == "(b) 50% within 20 weeks."
    assert_accessible(page)

    # Restore version 1 from its page: a third version with its text, nothing deleted.
    page.get_by_label("Compare with").select_option("1")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/versions/2/\?compare=1$"))
    page.goto(f"{editor_url}versions/1/?compare=2")
    assert page.locator("#answer-diff del").inner_text().strip() == "(b) 50% within 20 weeks."
    assert_accessible(page)
    page.get_by_role("button", name="Restore version 1").click()
    page.wait_for_url(re.compile(r"/draft/$"))
    assert "Version 1 restored as version 3" in page.locator("main").inner_text()
    assert page.get_by_label("Draft answer").input_value() == "(a) 62,000 plans were issued."
    assert page.locator("#draft-versions tbody tr").count() == 3
    assert_accessible(page)
    assert errors == []
    assert csp == []


@pytest.fixture
def second_drafter(drafting_case):  # type: ignore[no-untyped-def]
    user = UserFactory(username="drafter2", roles=[Role.DRAFTER])
    return add_to_team(user, drafting_case.policy_team)


def test_two_browsers_editing_one_draft_see_the_conflict(  # type: ignore[no-untyped-def]
    drafting_case, second_drafter, live_server, browser
):
    pages = []
    for username in ("drafter", "drafter2"):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{live_server.url}/answers/cases/{drafting_case.pk}/draft/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/draft/$"))
        pages.append(page)
    first, second = pages
    first.get_by_label("Draft answer").fill("Alice's answer.")
    first.get_by_role("button", name="Save").click()
    first.wait_for_url(re.compile(r"/draft/$"))
    # The second browser still shows the empty draft it opened; its autosave is a conflict.
    second.get_by_label("Draft answer").press_sequentially("Bob's answer.", delay=20)
    second.locator(".app-save-conflict").wait_for()
    second.get_by_role("link", name="Compare both texts and choose").first.click()
    second.wait_for_url(re.compile(r"/conflicts/2/$"))
    assert "Alice's answer." in second.locator("#theirs-text").inner_text()
    assert "Bob's answer." in second.locator("#mine-text").inner_text()
    second.screenshot(path="/tmp/pq-draft-conflict.png", full_page=True, caret="initial")
    assert_accessible(second)
    second.get_by_role("button", name="Carry on from version 1").click()
    second.wait_for_url(re.compile(r"/draft/$"))
    assert second.get_by_label("Draft answer").input_value() == "Alice's answer."
