"""Writes about users and their roles. Keyword-only verbs, atomic, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pqtracker.accounts.models import RoleAssignment, User
from pqtracker.accounts.permissions import can_manage_roles
from pqtracker.accounts.roles import Role
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb


def _check_may_manage_roles(by: User | None) -> None:
    # ``by=None`` is the system itself (demo data, management commands), never a request.
    if by is not None and not can_manage_roles(by):
        raise PermissionDenied("Only an administrator may grant or revoke roles.")


@transaction.atomic
def grant_role(*, user: User, role: Role, by: User | None) -> RoleAssignment:
    _check_may_manage_roles(by)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        audit.record(actor=by, verb=AuditVerb.ROLE_GRANTED, target=user, data={"role": role.value})
    user.__dict__.pop("_role_names", None)
    return assignment


@transaction.atomic
def revoke_role(*, user: User, role: Role, by: User | None) -> bool:
    _check_may_manage_roles(by)
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        audit.record(actor=by, verb=AuditVerb.ROLE_REVOKED, target=user, data={"role": role.value})
    user.__dict__.pop("_role_names", None)
    return bool(deleted)
