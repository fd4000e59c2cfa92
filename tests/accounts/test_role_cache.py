"""Role names read from the cache: no query on a signed-in page, and a revoked role refused on the
very next request (accounts.role_cache, ADR 20)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pqtracker.accounts import role_cache, services
from pqtracker.accounts.models import RoleAssignment, User
from pqtracker.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/questions/"  # any role may see it; a user without one is refused


def _roles_read(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if "accounts_roleassignment" in q["sql"]]


def _kept(user: User) -> set[str] | None:
    return role_cache.read(user.pk, "default")


def test_a_revoked_role_is_refused_on_the_very_next_request(client):
    user = UserFactory(username="someone")
    services.grant_role(user=user, role=Role.VIEWER, by=None)
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    assert _kept(user) == {"viewer"}  # the next request would read it from the cache

    services.revoke_role(user=user, role=Role.VIEWER, by=None)
    assert client.get(PAGE).status_code == 403


def test_a_granted_role_works_on_the_very_next_request(client):
    user = UserFactory(username="someone")
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert _kept(user) == set()

    services.grant_role(user=user, role=Role.VIEWER, by=None)
    assert client.get(PAGE).status_code == 200


def test_roles_are_read_once_then_from_the_cache(client, viewer):
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as first:
        assert client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(PAGE).status_code == 200
    assert len(_roles_read(first)) == 1
    assert _roles_read(second) == []
    # Nor is the session read from the database: it is in the sessions cache since sign-in.
    assert [q for q in second if "django_session" in q["sql"]] == []


def test_an_unreadable_cache_costs_the_query_not_the_page(client, viewer, monkeypatch):
    client.force_login(viewer)
    client.get(PAGE)

    def unreachable(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the cache is down")

    cache = caches["sessions"]
    for method in ("get", "set", "delete_many"):
        monkeypatch.setattr(cache, method, unreachable)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    assert len(_roles_read(queries)) == 1
    assert any("django_session" in q["sql"] for q in queries)  # the session from the database
    services.revoke_role(user=viewer, role=Role.VIEWER, by=None)  # a write still goes through
    assert client.get(PAGE).status_code == 403


def _filled(user: User) -> None:
    User.objects.get(pk=user.pk).role_names()
    assert _kept(user) is not None


def test_queryset_writes_that_send_no_signal_forget_the_users_roles():
    a = UserFactory(username="a", roles=[Role.VIEWER])
    b = UserFactory(username="b", roles=[Role.CLERK])

    _filled(a)
    RoleAssignment.objects.filter(user=a).update(role=Role.PQ_TEAM)
    assert _kept(a) is None
    assert User.objects.get(pk=a.pk).role_names() == {"pq_team"}

    _filled(a)
    _filled(b)
    RoleAssignment.objects.filter(user=a).update(user=b)  # moved: both users change
    assert _kept(a) is None and _kept(b) is None

    _filled(a)
    RoleAssignment.objects.bulk_create([RoleAssignment(user=a, role=Role.DRAFTER)])
    assert _kept(a) is None

    _filled(a)
    _filled(b)
    moved = RoleAssignment.objects.get(user=a, role=Role.DRAFTER)
    moved.user = b
    RoleAssignment.objects.bulk_update([moved], ["user"])
    assert _kept(a) is None and _kept(b) is None

    _filled(b)
    RoleAssignment.objects.filter(user=b).delete()
    assert _kept(b) is None


def test_saves_deletes_and_related_writes_forget_the_users_roles():
    a = UserFactory(username="a", roles=[Role.VIEWER])
    b = UserFactory(username="b")

    _filled(a)
    a.role_assignments.create(role=Role.CLERK)
    assert _kept(a) is None

    _filled(a)
    _filled(b)
    assignment = RoleAssignment.objects.get(user=a, role=Role.CLERK)
    b.role_assignments.add(assignment)  # an update through the base manager
    assert _kept(a) is None and _kept(b) is None

    _filled(a)
    _filled(b)
    assignment = RoleAssignment.objects.get(user=b)
    assignment.user = a
    assignment.save()  # moved by a save: the user it was read with too
    assert _kept(a) is None and _kept(b) is None

    _filled(a)
    user_id = a.pk
    a.delete()  # the cascade deletes its assignments, one signal each
    assert role_cache.read(user_id, "default") is None


def test_a_new_user_never_finds_roles_kept_under_its_id():
    # SQLite reuses the id of a row whose insert was rolled back.
    role_cache.fill(987654, "default", {"pq_team"})
    user = UserFactory(id=987654, username="new")
    assert role_cache.read(987654, "default") is None
    assert User.objects.get(pk=user.pk).role_names() == set()


def test_roles_read_inside_a_transaction_are_not_kept():
    user = UserFactory(username="someone", roles=[Role.VIEWER])
    with transaction.atomic():
        assert User.objects.get(pk=user.pk).role_names() == {"viewer"}  # may yet roll back
    assert _kept(user) is None
    User.objects.get(pk=user.pk).role_names()
    assert _kept(user) == {"viewer"}


def test_the_commit_forgets_the_roles_again(django_capture_on_commit_callbacks):
    # Another process may refill the entry from the rows before the commit: the commit drops it.
    user = UserFactory(username="someone")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.grant_role(user=user, role=Role.VIEWER, by=None)
        # As that other process would (no roles yet); this one never fills inside a transaction.
        caches["sessions"].set(role_cache._key(user.pk, "default"), [], 60)
        assert _kept(user) == set()
    assert _kept(user) is None
    assert User.objects.get(pk=user.pk).role_names() == {"viewer"}
