"""On-time statistics from the public record, in one grouped query.

What counts, as the Procedure Committee counts it: every question to the department (its answering
bodies, ``DEPARTMENT_ANSWERING_BODY_IDS``) that has been substantively answered, plus every
question still unanswered after the last day an answer would have been on time (it can only be
late). Withdrawn questions, and open ones still within their time, are left out. Months and
sessions are those of tabling, as the Committee's session figures are.

The question rows carry ``on_time_by``, ``answered_on_time`` and ``answer_working_days`` (stored
by the record's write paths), so one GROUP BY over month, session, type and minister gives every
table here; the finer breakdowns are summed in Python from its few thousand rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from pqtracker.calendar.deadlines import QuestionType, question_type
from pqtracker.parliament.models import AnsweringBody, Member, QuestionStatus, WrittenQuestion

OPEN = (QuestionStatus.UNANSWERED, QuestionStatus.HOLDING)

# Figures published for a department's session, for comparison: (answering body id, session) ->
# (questions, percent on time, source). The Department for Education (body 60) answered 3,095
# written questions in Session 2021-22, 87.6% of them on time.
PUBLISHED: dict[tuple[int, str], tuple[int, float, str]] = {
    (60, "2021-22"): (3095, 87.6, "Published departmental figure, Session 2021-22"),
}


@dataclass
class Tally:
    counted: int = 0
    on_time: int = 0
    answered: int = 0
    working_days: int = 0

    def add(self, other: Tally) -> None:
        self.counted += other.counted
        self.on_time += other.on_time
        self.answered += other.answered
        self.working_days += other.working_days

    @property
    def late(self) -> int:
        return self.counted - self.on_time

    @property
    def percent_on_time(self) -> float | None:
        return round(100 * self.on_time / self.counted, 1) if self.counted else None

    @property
    def average_working_days(self) -> float | None:
        return round(self.working_days / self.answered, 1) if self.answered else None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    tally: Tally
    published: tuple[int, float, str] | None = None


@dataclass
class Statistics:
    total: Tally
    by_month: list[Row]
    by_session: list[Row]
    by_type: list[Row]
    by_minister: list[Row]


GROUP_KEYS = ("year", "month", "session", "house", "is_named_day", "answering_member_id")


def grouped(queryset: QuerySet[WrittenQuestion]) -> QuerySet[Any, dict[str, Any]]:
    """``queryset`` counted by month, session, type and minister."""
    return (
        queryset.annotate(year=ExtractYear("date_tabled"), month=ExtractMonth("date_tabled"))
        # EXTRACT is cheap; date_trunc on a date goes through a time-zone-aware timestamp.
        .values(*GROUP_KEYS)
        .annotate(
            counted=Count("id"),
            on_time=Count("id", filter=Q(answered_on_time=True)),
            answered=Count("answer_working_days"),
            working_days=Coalesce(Sum("answer_working_days"), 0),
        )
        .order_by()
    )


def answered_questions(queryset: QuerySet[WrittenQuestion]) -> QuerySet[WrittenQuestion]:
    return queryset.filter(is_withdrawn=False, answered_on_time__isnull=False)


def open_and_late(
    queryset: QuerySet[WrittenQuestion], today: datetime.date
) -> QuerySet[WrittenQuestion]:
    """Still unanswered after the last day an answer would have been on time."""
    return queryset.filter(is_withdrawn=False, status__in=OPEN, on_time_by__lt=today)


def compute(
    queryset: QuerySet[WrittenQuestion],
    *,
    today: datetime.date,
    answered_rows: Iterable[dict[str, Any]] | None = None,
) -> Statistics:
    """Statistics for ``queryset``: its answered questions counted now, or taken from
    ``answered_rows`` (the stored tallies, see ``tallies.department_statistics``), and its open
    questions past their on-time date counted now."""
    if answered_rows is None:
        answered_rows = grouped(answered_questions(queryset))
    return _fold([*answered_rows, *grouped(open_and_late(queryset, today))])


def _fold(rows: Iterable[dict]) -> Statistics:
    total = Tally()
    months: dict[datetime.date, Tally] = defaultdict(Tally)
    sessions: dict[str, Tally] = defaultdict(Tally)
    types: dict[QuestionType, Tally] = defaultdict(Tally)
    ministers: dict[int | None, Tally] = defaultdict(Tally)
    for row in rows:
        tally = Tally(row["counted"], row["on_time"], row["answered"], row["working_days"] or 0)
        total.add(tally)
        months[datetime.date(int(row["year"]), int(row["month"]), 1)].add(tally)
        sessions[row["session"]].add(tally)
        types[question_type(house=row["house"], is_named_day=row["is_named_day"])].add(tally)
        ministers[row["answering_member_id"]].add(tally)
    names = dict(
        Member.objects.filter(pk__in=[pk for pk in ministers if pk]).values_list(
            "pk", "name_display"
        )
    )
    body_ids = _department_body_ids()
    return Statistics(
        total=total,
        by_month=[Row(m.isoformat()[:7], f"{m:%b %Y}", months[m]) for m in sorted(months)],
        by_session=[
            Row(s, s or "Unknown", sessions[s], _published(body_ids, s)) for s in sorted(sessions)
        ],
        by_type=[Row(t.value, t.label, types[t]) for t in QuestionType if t in types],
        by_minister=sorted(
            (
                Row(str(pk or ""), names.get(pk, "Unknown") if pk else "Not yet answered", t)
                for pk, t in ministers.items()
            ),
            key=lambda r: (-r.tally.counted, r.label),
        ),
    )


def department_questions() -> QuerySet[WrittenQuestion]:
    """The department's questions, filtered by the answering bodies' own keys: a join to the
    bodies' table would leave the planner guessing how many questions match (it guessed
    four thousand of a million, and sorted on disk instead of hashing)."""
    questions = WrittenQuestion.objects.all()
    if not settings.DEPARTMENT_ANSWERING_BODY_IDS:
        return questions
    keys = AnsweringBody.objects.filter(
        parliament_id__in=settings.DEPARTMENT_ANSWERING_BODY_IDS
    ).values_list("pk", flat=True)
    return questions.filter(answering_body_id__in=list(keys))


def _department_body_ids() -> list[int]:
    return list(settings.DEPARTMENT_ANSWERING_BODY_IDS)


def _published(body_ids: list[int], session: str) -> tuple[int, float, str] | None:
    if len(body_ids) != 1:
        return None
    return PUBLISHED.get((body_ids[0], session))
