"""Roles in the admin go through ``accounts.services``: granted and revoked, audited, as an
administrator would do it (the change forms posted as the browser posts them)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from pqtracker.accounts.models import RoleAssignment
from pqtracker.accounts.roles import Role
from pqtracker.audit.models import AuditEvent, AuditVerb
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def form_fields(html: str, form_id: str) -> dict[str, Any]:
    """What the browser would post from the form as shown (checked boxes, selected options)."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, form_id
    data: dict[str, Any] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name or field.get("type") == "submit":
            continue
        if field.name == "select" and field.has_attr("multiple"):
            chosen_all = [o.get("value", "") for o in field.find_all("option", selected=True)]
            if chosen_all:
                data[name] = chosen_all
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.text
        else:
            data[name] = field.get("value", "")
    return data


def events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb))


def test_role_added_on_the_user_page_is_granted_through_the_service(admin_client):
    user = UserFactory(username="newcomer")
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = form_fields(admin_client.get(url).content.decode(), "user_form")
    data.update({"role_assignments-TOTAL_FORMS": "1", "role_assignments-0-role": Role.DRAFTER})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {
        Role.DRAFTER
    }
    [event] = events(AuditVerb.ROLE_GRANTED)
    assert (event.actor, event.target_id, event.data) == (
        admin_client.admin,
        str(user.pk),
        {"role": Role.DRAFTER},
    )


def test_role_removed_on_the_user_page_is_revoked_through_the_service(admin_client):
    user = UserFactory(username="leaver", roles=[Role.CLERK])
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = form_fields(admin_client.get(url).content.decode(), "user_form")
    assert data["role_assignments-INITIAL_FORMS"] == "1"
    data["role_assignments-0-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not RoleAssignment.objects.filter(user=user).exists()
    [event] = events(AuditVerb.ROLE_REVOKED)
    assert (event.actor_username, event.data) == ("admin", {"role": Role.CLERK})


def test_role_assignment_pages_grant_and_revoke_through_the_service(admin_client):
    user = UserFactory(username="someone")
    response = admin_client.post(
        "/admin/accounts/roleassignment/add/", {"user": user.pk, "role": Role.PQ_TEAM}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    assert len(events(AuditVerb.ROLE_GRANTED)) == 1

    # An assignment is not edited in place (that would change a role unaudited).
    change = f"/admin/accounts/roleassignment/{assignment.pk}/change/"
    assert admin_client.post(change, {"user": user.pk, "role": Role.VIEWER}).status_code == 403
    assert RoleAssignment.objects.get(pk=assignment.pk).role == Role.PQ_TEAM

    delete = f"/admin/accounts/roleassignment/{assignment.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not RoleAssignment.objects.exists()
    assert len(events(AuditVerb.ROLE_REVOKED)) == 1


def test_bulk_delete_of_role_assignments_revokes_each_through_the_service(admin_client):
    a = UserFactory(username="a", roles=[Role.VIEWER])
    b = UserFactory(username="b", roles=[Role.CLERK])
    ids = list(RoleAssignment.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/accounts/roleassignment/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.exists()
    revoked = {e.target_id for e in events(AuditVerb.ROLE_REVOKED)}
    assert revoked == {str(a.pk), str(b.pk)}
