"""Roles as data: each has a description for people and a set of permissions for code."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from pqtracker.accounts.permissions import Permission as P


class Role(models.TextChoices):
    PQ_TEAM = "pq_team", "PQ team"
    DRAFTER = "drafter", "Drafter"
    CLEARER = "clearer", "Clearer"
    CLERK = "clerk", "Clerk"
    VIEWER = "viewer", "Viewer"


@dataclass(frozen=True)
class RoleDefinition:
    role: Role
    description: str  # who the role is for; what it can do is said by accounts.capabilities
    permissions: frozenset[P]


_READ = frozenset({P.VIEW_QUESTIONS, P.SEARCH_QUESTIONS, P.EXPORT_QUESTIONS})

ROLES: dict[str, RoleDefinition] = {
    d.role.value: d
    for d in (
        RoleDefinition(
            Role.PQ_TEAM,
            "For the department's PQ team, who run its handling of written questions.",
            _READ
            | {
                P.VIEW_IMPORTS,
                P.RUN_IMPORTS,
                P.COMMISSION_QUESTIONS,
                P.VIEW_DEADLINES,
                P.EDIT_CALENDAR,
            },
        ),
        RoleDefinition(
            Role.DRAFTER,
            "For action officers in policy teams, who answer the questions put to their team.",
            _READ | {P.DRAFT_ANSWERS},
        ),
        RoleDefinition(
            Role.CLEARER,
            "For senior officials, special advisers and private offices, who approve answers.",
            _READ | {P.CLEAR_ANSWERS},
        ),
        RoleDefinition(
            Role.CLERK,
            "For the clerks who keep the department's deadlines for answering.",
            _READ | {P.VIEW_DEADLINES, P.VIEW_IMPORTS},
        ),
        RoleDefinition(
            Role.VIEWER,
            "For anyone who needs to read the public record of questions and answers.",
            _READ,
        ),
    )
}


def permissions_for(roles: set[str] | list[str]) -> frozenset[P]:
    granted: set[P] = set()
    for name in roles:
        definition = ROLES.get(name)
        if definition is not None:
            granted |= definition.permissions
    return frozenset(granted)
