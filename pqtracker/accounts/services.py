"""Writes about users and their roles. Keyword-only verbs, atomic, audited."""

from __future__ import annotations

from django.db import transaction

from pqtracker.accounts.models import RoleAssignment, User
from pqtracker.accounts.roles import Role
from pqtracker.audit import services as audit


@transaction.atomic
def grant_role(*, user: User, role: Role, by: User | None) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        audit.record(actor=by, verb="role.granted", target=user, data={"role": role.value})
    user.__dict__.pop("_role_names", None)
    return assignment


@transaction.atomic
def revoke_role(*, user: User, role: Role, by: User | None) -> bool:
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        audit.record(actor=by, verb="role.revoked", target=user, data={"role": role.value})
    user.__dict__.pop("_role_names", None)
    return bool(deleted)
