"""Questions as Parliament would describe them, one plain dict each, for export and checks."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from pqtracker.parliament.models import Answer, Member, QuestionGroupLink, WrittenQuestion

EXPORT_KEYS = (
    "id",
    "uin",
    "house",
    "date_tabled",
    "date_for_answer",
    "is_named_day",
    "heading",
    "question_text",
    "asking_member",
    "answering_body",
    "status",
    "date_answered",
    "answering_member",
    "is_holding",
    "date_holding_answer",
    "is_correction",
    "date_corrected",
    "answer_html",
    "answer_text",
    "grouped_uins",
    "withdrawn",
    "on_time_by",
    "answered_on_time",
)
CHUNK_SIZE = 500


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _member_name(member: Member | None) -> str | None:
    # A placeholder ("Member 4125") is a member whose name we do not know yet.
    if member is None or not member.name_display:
        return None
    if member.parliament_id and member.name_display == f"Member {member.parliament_id}":
        return None
    return member.name_display


def export_queryset(since: datetime.date | None = None) -> QuerySet[WrittenQuestion]:
    current = Answer.objects.filter(is_current=True).select_related("answering_member")
    questions = (
        WrittenQuestion.objects.select_related("asking_member", "answering_body")
        .prefetch_related(
            Prefetch("answers", queryset=current, to_attr="current_answers"),
            Prefetch("group_links", queryset=QuestionGroupLink.objects.order_by("uin")),
        )
        .order_by("date_tabled", "parliament_id", "id")
    )
    if since is not None:
        corrected = Answer.objects.filter(
            question=OuterRef("pk"), is_current=True, date_corrected__gte=since
        )
        questions = questions.filter(
            Q(date_tabled__gte=since) | Q(date_answered__gte=since) | Exists(corrected)
        )
    return questions


def export_row(question: WrittenQuestion) -> dict[str, Any]:
    answers = getattr(question, "current_answers", None)
    if answers is None:
        answers = list(question.answers.filter(is_current=True))
    answer = answers[0] if answers else None
    body = question.answering_body
    return {
        "id": question.parliament_id,
        "uin": question.uin,
        "house": question.house,
        "date_tabled": _day(question.date_tabled),
        "date_for_answer": _day(question.date_for_answer),
        "is_named_day": question.is_named_day,
        "heading": question.heading or None,
        "question_text": question.question_text,
        "asking_member": _member_name(question.asking_member),
        "answering_body": body.name if body is not None and body.name else None,
        "status": question.status,
        "date_answered": _day(answer.date_answered) if answer else None,
        "answering_member": _member_name(answer.answering_member) if answer else None,
        "is_holding": answer.is_holding if answer else None,
        "date_holding_answer": _day(answer.date_holding_answer) if answer else None,
        "is_correction": answer.is_correction if answer else None,
        "date_corrected": _day(answer.date_corrected) if answer else None,
        "answer_html": answer.answer_html if answer else None,
        "answer_text": answer.answer_text if answer else None,
        "grouped_uins": [link.uin for link in question.group_links.all()],
        "withdrawn": question.is_withdrawn,
        # Stored at write time by the record's services (calendar.deadlines has the rules).
        "on_time_by": _day(question.on_time_by),
        "answered_on_time": question.answered_on_time,
    }


def export_rows(since: datetime.date | None = None) -> Iterator[dict[str, Any]]:
    """Every question (or those tabled, answered or corrected since ``since``), streamed:
    a few queries per chunk of rows, whatever the total."""
    for question in export_queryset(since).iterator(chunk_size=CHUNK_SIZE):
        yield export_row(question)
