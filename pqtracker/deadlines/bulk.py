"""The dashboard's bulk actions for the PQ team, each through the answers app's own services
(which check the permission and write the audit events).

Reassigning and moving internal deadlines are all or nothing: every selected case is checked
first, one that cannot be changed refuses the batch (``BatchRefused``, with each case's reason),
and a case that moves meanwhile rolls the whole batch back. Reminders are emails, which cannot be
taken back, so each case gets its own outcome instead (``reminders.send_reminders_now``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pqtracker.answers import permissions, services
from pqtracker.answers.models import OPEN_STATUSES, Case, CaseStatus
from pqtracker.answers.services.commissioning import REASSIGNABLE

CAN_REASSIGN = frozenset({CaseStatus.NEW, *REASSIGNABLE})
CHANGED_MEANWHILE = "Changed by someone else since the dashboard was loaded"
HELD_BACK = "Not changed: another in the batch could not be"


@dataclass(frozen=True)
class RowResult:
    case: Case
    done: bool
    message: str


class BatchRefused(Exception):
    """Nothing was changed; ``rows`` says why, case by case."""

    def __init__(self, rows: list[RowResult]) -> None:
        super().__init__("The batch was refused")
        self.rows = rows


def _refuse_unless_all_pass(cases: Sequence[Case], problems: dict[int, str]) -> None:
    if problems:
        raise BatchRefused(
            [
                RowResult(
                    c, False, problems.get(c.pk, "Not changed: another in the batch could not be")
                )
                for c in cases
            ]
        )


def reassign(
    *,
    cases: Sequence[Case],
    actor: Any,
    team: Any,
    officers: Sequence[Any],
    seen_at: datetime.datetime,
) -> list[RowResult]:
    """Offer every case to ``officers`` in ``team`` (a new case is commissioned, one with a team
    reassigned), keeping each case's ministers and internal deadline. ``seen_at`` is when the
    PQ team's page was drawn: a case that has moved since is not reassigned blind, and a form sent
    twice finds every case moved by the first."""
    if not permissions.can_commission(actor):
        raise PermissionDenied("Only the PQ team reassigns questions.")
    problems = {}
    for case in cases:
        if case.status not in CAN_REASSIGN:
            problems[case.pk] = f"Cannot be reassigned: {case.get_status_display().lower()}"
        elif case.status_since > seen_at:
            problems[case.pk] = CHANGED_MEANWHILE
    _refuse_unless_all_pass(cases, problems)
    rows = []
    with transaction.atomic():
        for case in cases:
            choices = {
                "case": case,
                "actor": actor,
                "team": team,
                "candidates": list(officers),
                "answering_minister": case.answering_minister,
                "policy_minister": case.policy_minister,
                "internal_deadline": case.internal_deadline,
            }
            if case.status == CaseStatus.NEW:
                moved = services.commission(**choices)
            else:
                moved = services.reassign(since=case.status_since, **choices)
            if not moved:
                # Raised inside the transaction: the cases already reassigned roll back.
                _refuse_unless_all_pass(cases, {case.pk: CHANGED_MEANWHILE})
            rows.append(RowResult(case, True, f"Offered to {_names(officers)} in {team}"))
    return rows


def _names(people: Sequence[Any]) -> str:
    return ", ".join(p.get_full_name() or p.username for p in people)


def change_deadlines(
    *, cases: Sequence[Case], actor: Any, deadline: datetime.date
) -> list[RowResult]:
    """Move every case's internal deadline to ``deadline``; all or none."""
    if not permissions.is_pq_team(actor):
        raise PermissionDenied("Only the PQ team changes internal deadlines.")
    problems = {
        case.pk: f"No internal deadline while {case.get_status_display().lower()}"
        for case in cases
        if case.status not in OPEN_STATUSES
    }
    _refuse_unless_all_pass(cases, problems)
    rows = []
    with transaction.atomic():
        for case in cases:
            old = case.internal_deadline
            if services.change_internal_deadline(case=case, actor=actor, deadline=deadline):
                was = f"{old:%d %b %Y}" if old else "none"
                rows.append(RowResult(case, True, f"Moved from {was} to {deadline:%d %b %Y}"))
            elif old == deadline:
                rows.append(RowResult(case, False, f"Unchanged: already {deadline:%d %b %Y}"))
            else:
                _refuse_unless_all_pass(cases, {case.pk: CHANGED_MEANWHILE})
    return rows
