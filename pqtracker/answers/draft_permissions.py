"""Who may see and change a case's draft, versions, comments and clearance pack.

Drafts are never public: the PQ team sees every case, drafters the cases commissioned to a
policy team they belong to, clearers the cases in which they hold a clearance step. Anyone else
gets a 404 from the views (``visible_cases`` in querysets, these functions in the services).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pqtracker.accounts.permissions import Permission
from pqtracker.answers.models import Case, CaseQuerySet, TeamMembership


def _is_pq_team(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_permission(Permission.COMMISSION_QUESTIONS))


def _is_team_drafter(user: Any, case: Case) -> bool:
    return bool(
        user.is_authenticated
        and user.has_permission(Permission.DRAFT_ANSWERS)
        and case.policy_team_id is not None
        and TeamMembership.objects.filter(team_id=case.policy_team_id, user=user).exists()
    )


def _holds_a_step(user: Any, case: Case) -> bool:
    return bool(
        user.is_authenticated
        and user.has_permission(Permission.CLEAR_ANSWERS)
        and case.clearance_steps.filter(assignee=user).exists()
    )


def visible_cases(user: Any, cases: CaseQuerySet | None = None) -> CaseQuerySet:
    """The cases whose draft ``user`` may read."""
    cases = cases if cases is not None else Case.objects.all()
    if not user.is_authenticated:
        return cases.none()
    if _is_pq_team(user):
        return cases
    allowed = Q(pk__in=[])
    if user.has_permission(Permission.DRAFT_ANSWERS):
        allowed |= Q(policy_team__memberships__user=user)
    if user.has_permission(Permission.CLEAR_ANSWERS):
        allowed |= Q(clearance_steps__assignee=user)
    return cases.filter(allowed).distinct()


def can_view_draft(user: Any, case: Case) -> bool:
    return _is_pq_team(user) or _is_team_drafter(user, case) or _holds_a_step(user, case)


def can_edit_draft(user: Any, case: Case) -> bool:
    """Write access; whether the case is in an editable status is the service's check."""
    return _is_pq_team(user) or _is_team_drafter(user, case)


def can_comment(user: Any, case: Case) -> bool:
    return can_view_draft(user, case)
