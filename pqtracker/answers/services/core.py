"""The one way a case changes status: a conditional update on the status it expects.

Every transition service calls :func:`move`, which updates the row only if it is still in one of
the expected statuses (so a double click, a retry or a race does nothing the second time), closes
the open stage and opens the next (StageTime), and returns whether it moved. Callers write their
audit event only when it did.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils import timezone

from pqtracker.answers.models import (
    CandidateState,
    Case,
    CaseStatus,
    ClearanceStepState,
    StageTime,
)
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb


def move(
    case: Case,
    *,
    to: CaseStatus,
    expected: Iterable[CaseStatus],
    actor: Any | None,
    **fields: Any,
) -> bool:
    now = timezone.now()
    fields.setdefault("held_since", now)
    updated = Case.objects.filter(pk=case.pk, status__in=list(expected)).update(
        status=to, status_since=now, updated_at=now, **fields
    )
    if not updated:
        return False
    StageTime.objects.filter(case_id=case.pk, left_at__isnull=True).update(left_at=now)
    StageTime.objects.create(
        case_id=case.pk, status=to, entered_at=now, by=actor if _is_user(actor) else None
    )
    case.refresh_from_db()
    return True


def release_open_work(case: Case) -> None:
    """A case closed before its answer (transferred out, withdrawn): open offers are released,
    and a pending clearance step, which nobody could act on any more (the case is no longer in
    clearance), is skipped, so no one's list keeps waiting for it."""
    now = timezone.now()
    case.candidates.filter(state=CandidateState.OFFERED).update(
        state=CandidateState.RELEASED, decided_at=now
    )
    case.clearance_steps.filter(state=ClearanceStepState.PENDING).update(
        state=ClearanceStepState.SKIPPED, acted_at=now
    )


def record(actor: Any | None, verb: str, case: Case, **data: Any) -> None:
    audit.record(actor=actor, verb=AuditVerb(f"answers.{verb}"), target=case, data=data)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _is_user(actor: Any) -> bool:
    return isinstance(actor, Model) and bool(getattr(actor, "is_authenticated", False))
