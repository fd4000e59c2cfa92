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
    description: str
    permissions: frozenset[P]


_READ = frozenset({P.VIEW_QUESTIONS, P.SEARCH_QUESTIONS, P.EXPORT_QUESTIONS})

ROLES: dict[str, RoleDefinition] = {
    d.role.value: d
    for d in (
        RoleDefinition(
            Role.PQ_TEAM,
            "Runs the department's PQ process: sees every question as it arrives from Parliament, "
            "commissions it to a policy team, chases, and watches the imports.",
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
            "An action officer in a policy team: drafts answers and background notes and looks up "
            "what was said before.",
            _READ | {P.DRAFT_ANSWERS},
        ),
        RoleDefinition(
            Role.CLEARER,
            "A senior official, special adviser or private office member who clears draft answers.",
            _READ | {P.CLEAR_ANSWERS},
        ),
        RoleDefinition(
            Role.CLERK,
            "Keeps the deadlines: sees what is due today, tomorrow and overdue, and on-time "
            "performance.",
            _READ | {P.VIEW_DEADLINES, P.VIEW_IMPORTS},
        ),
        RoleDefinition(
            Role.VIEWER,
            "Reads and searches the public record of questions and answers; sees no drafts.",
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
