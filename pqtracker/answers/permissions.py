"""Who may see and do what on a case.

Two levels of seeing: the case's **summary** (status, deadlines, who holds it) and its
**content** (drafts, background notes, comments, clearance comments). The PQ team sees and does
everything. Drafters see the content of cases commissioned to their team (and of any case offered
to them); clearers that of cases with a clearance step assigned to them; clerks see summaries
only; viewers nothing of the workflow. Objects a user may not see are 404, and the same rules
narrow every queryset (``visible_cases``, ``content_visible_cases``) and guard every service.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pqtracker.accounts.permissions import Permission
from pqtracker.answers.models import (
    EDITABLE_STATUSES,
    CandidateState,
    Case,
    CaseQuerySet,
    ClearanceStep,
    ClearanceStepState,
)

_LIVE_CANDIDACY = (CandidateState.OFFERED, CandidateState.ACCEPTED)


def is_pq_team(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_permission(Permission.COMMISSION_QUESTIONS))


def _is_drafter(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_permission(Permission.DRAFT_ANSWERS))


def _is_clearer(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_permission(Permission.CLEAR_ANSWERS))


def team_ids(user: Any) -> set[int]:
    # Cached per instance like role_names: a page asks many questions of request.user.
    cached: set[int] | None = getattr(user, "_answers_team_ids", None)
    if cached is None:
        cached = set(user.team_memberships.values_list("team_id", flat=True)) if user.pk else set()
        user._answers_team_ids = cached
    return cached


def _content_q(user: Any) -> Q:
    """Cases whose content ``user`` may see, for a user who is not the PQ team."""
    q = Q(pk__in=[])
    if _is_drafter(user):
        q |= Q(policy_team__memberships__user=user)
        q |= Q(pk__in=_candidate_case_ids(user))
    if _is_clearer(user):
        q |= Q(pk__in=ClearanceStep.objects.filter(assignee=user).values("case_id"))
    return q


def _candidate_case_ids(user: Any) -> Any:
    from pqtracker.answers.models import Candidate

    return Candidate.objects.filter(user=user, state__in=_LIVE_CANDIDACY).values("case_id")


def content_visible_cases(user: Any, queryset: CaseQuerySet | None = None) -> CaseQuerySet:
    """Cases whose drafts, notes and comments ``user`` may see."""
    cases = queryset if queryset is not None else Case.objects.all()
    if not user.is_authenticated:
        return cases.none()
    if is_pq_team(user):
        return cases
    if not (_is_drafter(user) or _is_clearer(user)):
        return cases.none()
    # A subquery, not a join, so a team or step never repeats a row.
    return cases.filter(pk__in=Case.objects.filter(_content_q(user)).values("pk"))


def sees_every_case(user: Any) -> bool:
    """Whether ``user`` may see every case's summary (the PQ team and clerks)."""
    return bool(user.is_authenticated and user.has_permission(Permission.VIEW_DEADLINES))


def visible_cases(user: Any, queryset: CaseQuerySet | None = None) -> CaseQuerySet:
    """Cases whose summary (status, deadlines, holder) ``user`` may see."""
    cases = queryset if queryset is not None else Case.objects.all()
    if sees_every_case(user):
        return cases  # the PQ team and clerks
    return content_visible_cases(user, cases)


def can_view_case(user: Any, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def can_view_content(user: Any, case: Case) -> bool:
    if is_pq_team(user):
        return True
    return content_visible_cases(user).filter(pk=case.pk).exists()


def can_commission(user: Any) -> bool:
    return is_pq_team(user)


def can_decide_offer(user: Any, case: Case) -> bool:
    """Accept or reject: only a person the case is offered to, while it is."""
    from pqtracker.answers.models import Candidate

    return bool(
        user.is_authenticated
        and Candidate.objects.filter(case=case, user=user, state=CandidateState.OFFERED).exists()
    )


def was_offered(user: Any, case: Case) -> bool:
    """Offered the case in any commission: such a person's second click gets "no longer offered",
    not a refusal."""
    from pqtracker.answers.models import Candidate

    return bool(user.is_authenticated and Candidate.objects.filter(case=case, user=user).exists())


def is_drafting_team(user: Any, case: Case) -> bool:
    """The action officer, a drafter in the case's policy team, or the PQ team: those who write
    the answer, whatever stage it is at."""
    if is_pq_team(user):
        return True
    if not _is_drafter(user):
        return False
    return case.action_officer_id == user.pk or (
        case.policy_team_id is not None and case.policy_team_id in team_ids(user)
    )


def can_edit_draft(user: Any, case: Case) -> bool:
    """Save a version, restore one, send to clearance: the drafting team while the draft is
    editable (a draft in clearance is read-only)."""
    return case.status in EDITABLE_STATUSES and is_drafting_team(user, case)


def can_comment(user: Any, case: Case) -> bool:
    return can_view_content(user, case)


def is_step_clearer(user: Any, step: ClearanceStep) -> bool:
    """The step's assignee, or the PQ team (recording a clearance given outside the tool)."""
    if is_pq_team(user):
        return True
    return bool(_is_clearer(user) and step.assignee_id == user.pk)


def can_act_on_step(user: Any, step: ClearanceStep) -> bool:
    """Approve or return now: the step's clearer, while the step is pending."""
    return step.state == ClearanceStepState.PENDING and is_step_clearer(user, step)


def can_submit(user: Any) -> bool:
    return is_pq_team(user)


def can_configure_clearance(user: Any) -> bool:
    return is_pq_team(user)
