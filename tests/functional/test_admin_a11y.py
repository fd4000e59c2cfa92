"""The Django admin, as a staff user reaches it from the header: its main pages pass axe."""

from __future__ import annotations

import re

import pytest

from pqtracker.parliament.models import WrittenQuestion
from tests.browser import assert_accessible
from tests.factories import UserFactory
from tests.functional.test_journey import PASSWORD

pytestmark = pytest.mark.browser


def test_the_admin_is_linked_for_staff_and_its_main_pages_pass_axe(seeded, live_server, browser):  # type: ignore[no-untyped-def]
    admin = UserFactory(username="admin_user", is_staff=True, is_superuser=True)
    question = WrittenQuestion.objects.get(uin="87924")
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("admin_user")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Admin", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    pages = [
        "/admin/",
        "/admin/parliament/writtenquestion/",
        "/admin/parliament/writtenquestion/?status__exact=answered&q=send",
        f"/admin/parliament/writtenquestion/{question.pk}/change/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{admin.pk}/change/",
    ]
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        assert page.title(), path
        assert_accessible(page)
    # Links in running text are underlined, not told apart from it by colour alone.
    link = page.locator(".breadcrumbs a").first
    assert link.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline"
    # The date and time inputs are named, by the field and the part.
    assert page.locator("#id_last_login_0").get_attribute("aria-label") == "Last login: Date"


@pytest.mark.django_db
def test_the_admin_link_is_for_staff_only(client, viewer):
    client.force_login(viewer)
    assert 'href="/admin/"' not in client.get("/questions/").content.decode()
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert 'href="/admin/"' in client.get("/accounts/me/").content.decode()
