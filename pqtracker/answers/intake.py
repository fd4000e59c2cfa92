"""Questions into the workflow as the importer writes them (called from the receiver)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from pqtracker.answers.models import Case, CaseStatus, StageTime
from pqtracker.parliament.models import QuestionChange, WrittenQuestion


def take_in(*, question_ids: list[int], new_question_ids: list[int] | None = None) -> list[Case]:
    """A NEW case for each departmental question among ``question_ids`` that has none.

    A question held before this write whose answering body changed to the department's (a
    transfer in: the importer records the change in its history) gets its case now, with
    ``transferred_in_at`` set; its date for answer is Parliament's and is never moved here.
    Safe to repeat: questions with a case are left alone. Two queries to find,
    two bulk inserts to write, whatever the batch size.
    """
    if not question_ids:
        return []
    rows = list(
        WrittenQuestion.objects.filter(
            pk__in=question_ids,
            answering_body__parliament_id__in=settings.DEPARTMENT_ANSWERING_BODY_IDS,
            is_withdrawn=False,
            case__isnull=True,
        ).values_list("pk", "first_seen_at", "date_answered")
    )
    if not rows:
        return []
    now = timezone.now()
    new = set(new_question_ids or ())
    moved = set(
        QuestionChange.objects.filter(
            question_id__in=[pk for pk, _, _ in rows if pk not in new], field="answering_body"
        ).values_list("question_id", flat=True)
    )
    cases = []
    for pk, _first_seen_at, date_answered in rows:
        if date_answered is not None:
            continue  # already answered when first seen: nothing left to do in the workflow
        transferred_in = pk in moved
        cases.append(
            Case(
                question_id=pk,
                status=CaseStatus.NEW,
                status_since=now,
                held_since=now,
                transferred_in_at=now if transferred_in else None,
            )
        )
    created = Case.objects.bulk_create(cases, ignore_conflicts=True)
    # bulk_create with ignore_conflicts gives no ids on every engine: fetch the fresh ones.
    fresh = list(
        Case.objects.filter(question_id__in=[c.question_id for c in created], status_since=now)
    )
    StageTime.objects.bulk_create(
        [StageTime(case=c, status=CaseStatus.NEW, entered_at=now) for c in fresh],
        ignore_conflicts=True,
    )
    return fresh
