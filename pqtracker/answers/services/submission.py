"""After clearance: submission, holding answers, "I will write" letters, the published answer,
and the delay reason a late question carries."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pqtracker.answers import permissions
from pqtracker.answers.models import AnswerType, Case, CaseStatus, DelayReason, DraftVersion
from pqtracker.answers.services.core import move, record, require
from pqtracker.parliament.models import Answer

# Cases no published answer concerns: already linked, or no longer the department's question.
_NOT_AWAITING = (CaseStatus.ANSWERED, CaseStatus.TRANSFERRED_OUT, CaseStatus.WITHDRAWN)


def submit(
    *,
    case: Case,
    actor: Any,
    answer_type: str | None = None,
    follow_up_due: datetime.date | None = None,
) -> bool:
    """The PQ team has tabled the cleared answer. A holding answer keeps the question open
    (HOLDING; Parliament's date does not move); "I will write" needs the letter's due date."""
    require(permissions.can_submit(actor), "Only the PQ team submits answers.")
    kind = answer_type or case.answer_type
    if kind not in AnswerType.values:
        raise ValidationError({"answer_type": "Choose the type of answer"})
    if kind == AnswerType.WILL_WRITE and follow_up_due is None:
        raise ValidationError({"follow_up_due": "Enter when the letter is due"})
    with transaction.atomic():
        now = timezone.now()
        target = CaseStatus.HOLDING if kind == AnswerType.HOLDING else CaseStatus.SUBMITTED
        if not move(
            case,
            to=target,
            expected=(CaseStatus.CLEARED,),
            actor=actor,
            answer_type=kind,
            submitted_at=now,
            submitted_by=actor,
            follow_up_due=follow_up_due,
            holder=case.action_officer if target == CaseStatus.HOLDING else None,
        ):
            return False
        record(
            actor,
            "holding_submitted" if target == CaseStatus.HOLDING else "submitted",
            case,
            answer_type=kind,
            version=case.cleared_version,
            follow_up_due=str(follow_up_due or ""),
        )
    return True


def record_letter_sent(*, case: Case, actor: Any) -> bool:
    """The "I will write" letter went: the follow-up is closed (once)."""
    require(permissions.can_submit(actor), "Only the PQ team records letters.")
    with transaction.atomic():
        if not Case.objects.filter(
            pk=case.pk, answer_type=AnswerType.WILL_WRITE, follow_up_sent_at__isnull=True
        ).update(follow_up_sent_at=timezone.now()):
            return False
        record(actor, "letter_sent", case)
    case.refresh_from_db()
    return True


def set_delay_reason(*, case: Case, actor: Any, reason: str, note: str = "") -> None:
    require(permissions.can_view_content(actor, case), "You cannot change this question.")
    if reason not in DelayReason.values:
        raise ValidationError({"delay_reason": "Choose why the question is late"})
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(delay_reason=reason, delay_note=note.strip()[:500])
        record(actor, "delay_reason", case, reason=reason, note=note.strip())
    case.refresh_from_db()


def link_published_answers(*, question_ids: list[int]) -> int:
    """Mark ANSWERED the submitted cases whose substantive answer the importer has brought, and
    link it. Cases awaiting it from an earlier stage (answered outside the tool) are linked too.
    Holding answers leave the case as it is."""
    waiting = (
        Case.objects.filter(question_id__in=question_ids)
        .exclude(status__in=_NOT_AWAITING)
        .values_list("pk", "question_id")
    )
    by_question = dict((q, c) for c, q in waiting)
    if not by_question:
        return 0
    answers = Answer.objects.filter(
        question_id__in=list(by_question), is_current=True, is_holding=False
    ).values_list("pk", "question_id")
    linked = 0
    for answer_id, question_id in answers:
        case = Case.objects.get(pk=by_question[question_id])
        if move(
            case,
            to=CaseStatus.ANSWERED,
            expected=[s for s in CaseStatus if s not in _NOT_AWAITING],
            actor=None,
            published_answer_id=answer_id,
            answered_at=timezone.now(),
            holder=None,
        ):
            record(None, "answered", case, answer=answer_id)
            linked += 1
    return linked


def cleared_text(case: Case) -> str:
    """The answer text of the version that cleared (or the latest, if none did)."""
    number = case.cleared_version or case.latest_version
    version = DraftVersion.objects.filter(case=case, number=number).first()
    return version.answer_text if version else ""
