import pytest

from pqtracker.accounts import services
from pqtracker.accounts.permissions import Permission
from pqtracker.accounts.roles import ROLES, Role
from pqtracker.audit.models import AuditEvent
from tests.factories import UserFactory


def test_every_role_has_a_description_and_can_read_the_record():
    assert set(ROLES) == {r.value for r in Role}
    for definition in ROLES.values():
        assert len(definition.description) > 20
        assert Permission.VIEW_QUESTIONS in definition.permissions


def test_only_pq_team_may_run_imports_and_only_drafters_draft():
    runners = {name for name, d in ROLES.items() if Permission.RUN_IMPORTS in d.permissions}
    drafters = {name for name, d in ROLES.items() if Permission.DRAFT_ANSWERS in d.permissions}
    assert runners == {Role.PQ_TEAM}
    assert drafters == {Role.DRAFTER}


@pytest.mark.django_db
def test_user_permissions_follow_roles_and_activity():
    user = UserFactory(roles=[Role.VIEWER])
    assert user.has_permission(Permission.VIEW_QUESTIONS)
    assert not user.has_permission(Permission.RUN_IMPORTS)
    user.is_active = False
    assert not user.has_permission(Permission.VIEW_QUESTIONS)


@pytest.mark.django_db
def test_user_without_roles_has_no_permissions_but_superuser_has_all():
    assert not UserFactory().has_permission(Permission.VIEW_QUESTIONS)
    admin = UserFactory(is_superuser=True)
    assert all(admin.has_permission(p) for p in Permission)


@pytest.mark.django_db
def test_grant_and_revoke_role_are_idempotent_and_audited():
    admin = UserFactory(username="admin", is_superuser=True)
    user = UserFactory()
    services.grant_role(user=user, role=Role.PQ_TEAM, by=admin)
    services.grant_role(user=user, role=Role.PQ_TEAM, by=admin)
    assert user.has_permission(Permission.RUN_IMPORTS)
    assert (
        AuditEvent.objects.filter(verb="role.granted", actor=admin, target_id=str(user.pk)).count()
        == 1
    )
    assert services.revoke_role(user=user, role=Role.PQ_TEAM, by=admin) is True
    assert services.revoke_role(user=user, role=Role.PQ_TEAM, by=admin) is False
    assert not user.has_permission(Permission.RUN_IMPORTS)
    assert AuditEvent.objects.filter(verb="role.revoked").count() == 1
