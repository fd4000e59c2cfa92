"""What the public record's changes do to cases: a question withdrawn by its Member, or
transferred to another department (or back), as the importer sees it.

Called from the importer's ``questions_written`` receiver, inside its transaction. Each change is
a transition through ``core.move`` on the statuses it expects, so a second import of the same
record does nothing; the system is the actor of the audit event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pqtracker.answers.models import OPEN_STATUSES, Case, CaseStatus
from pqtracker.answers.services.core import move, record, release_open_work
from pqtracker.parliament.models import QuestionChange

# Closed by the record, reopened by it: a question transferred away may come back.
_REOPENABLE = (CaseStatus.TRANSFERRED_OUT,)


@transaction.atomic
def follow_record(*, question_ids: list[int]) -> int:
    """Close the open cases of ``question_ids`` whose question was withdrawn or now goes to
    another department; reopen (NEW) those transferred away that came back. Returns how many
    cases moved. Three queries to find them, whatever the batch size."""
    if not question_ids:
        return 0
    departmental = settings.DEPARTMENT_ANSWERING_BODY_IDS
    cases = Case.objects.filter(question_id__in=question_ids).select_related(
        "question__answering_body"
    )
    moved = 0
    for case in cases.filter(status__in=OPEN_STATUSES, question__is_withdrawn=True):
        moved += _close(case, to=CaseStatus.WITHDRAWN, verb="withdrawn")
    away = (
        cases.filter(status__in=OPEN_STATUSES, question__is_withdrawn=False)
        .exclude(question__answering_body__parliament_id__in=departmental)
        .exclude(question__answering_body__isnull=True)
    )
    for case in away:
        department = case.question.answering_body.name if case.question.answering_body else ""
        moved += _close(
            case,
            to=CaseStatus.TRANSFERRED_OUT,
            verb="transferred_out",
            transferred_to=department,
            transferred_at=timezone.now(),
        )
    # Only a move the record made after the transfer: a question the PQ team transferred out
    # still shows the department until Parliament moves it, and must stay closed meanwhile.
    moved_back = QuestionChange.objects.filter(
        question_id=OuterRef("question_id"),
        field="answering_body",
        changed_at__gt=OuterRef("transferred_at"),
    )
    back = cases.filter(
        Exists(moved_back),
        status__in=_REOPENABLE,
        question__is_withdrawn=False,
        question__date_answered__isnull=True,
        question__answering_body__parliament_id__in=departmental,
    )
    for case in back:
        moved += _reopen(case)
    return moved


def _close(case: Case, *, to: CaseStatus, verb: str, **fields: Any) -> int:
    was = case.get_status_display()
    held_by = case.holder.username if case.holder_id and case.holder else ""
    if not move(case, to=to, expected=OPEN_STATUSES, actor=None, holder=None, **fields):
        return 0
    release_open_work(case)
    extra = {"department": fields["transferred_to"]} if "transferred_to" in fields else {}
    record(None, verb, case, source="import", was=was, held_by=held_by, **extra)
    return 1


def _reopen(case: Case) -> int:
    """Back with the department: NEW for the PQ team to commission again. Parliament's date for
    answer is the question's own and does not move; the drafts stay."""
    now = timezone.now()
    came_from = case.transferred_to
    if not move(
        case,
        to=CaseStatus.NEW,
        expected=_REOPENABLE,
        actor=None,
        holder=None,
        transferred_in_at=now,
        transferred_to="",
        transferred_at=None,
        policy_team=None,
        action_officer=None,
        escalated_at=None,
    ):
        return 0
    record(None, "transferred_in", case, source="import", department=came_from)
    return 1
