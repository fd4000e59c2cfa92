"""The deadlines dashboard's figures: open questions by when they are due, and their counts.

A question is open while unanswered or holding (a holding answer is not an answer) and not
withdrawn. It is due on Parliament's date for answer (for the Lords, 14 days after tabling; see
calendar.deadlines), falling back to its on-time date where the record gives none. The counts are
one grouped query; each list one query of at most ``LIST_LIMIT`` rows, so the page's cost does not
grow with the number of open questions.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from pqtracker.calendar.deadlines import QuestionType, question_type
from pqtracker.calendar.rules import next_working_day
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion

LIST_LIMIT = 20
# What a list row shows (the question's text stays in the database).
LIST_FIELDS = (
    "uin",
    "house",
    "is_named_day",
    "date_tabled",
    "date_for_answer",
    "on_time_by",
    "answered_on_time",
    "status",
    "heading",
    "answering_body__name",
)
OPEN = (QuestionStatus.UNANSWERED, QuestionStatus.HOLDING)


@dataclass(frozen=True)
class Window:
    """The dashboard's days, relative to ``today``: "tomorrow" is the next working day."""

    today: datetime.date
    tomorrow: datetime.date
    week_end: datetime.date  # the coming Sunday

    @classmethod
    def for_day(cls, today: datetime.date) -> Window:
        return cls(
            today=today,
            tomorrow=next_working_day(today),
            week_end=today + datetime.timedelta(days=6 - today.weekday()),
        )


BUCKETS = (
    ("overdue", "Overdue"),
    ("today", "Due today"),
    ("tomorrow", "Due next working day"),
    ("week", "Due later this week"),
    ("later", "Due later"),
)


def open_questions(queryset: QuerySet[WrittenQuestion]) -> QuerySet[WrittenQuestion]:
    return queryset.filter(status__in=OPEN, is_withdrawn=False).annotate(
        due=Coalesce(F("date_for_answer"), F("on_time_by"))
    )


def _bucket_q(window: Window) -> dict[str, Q]:
    return {
        "overdue": Q(due__lt=window.today),
        "today": Q(due=window.today),
        "tomorrow": Q(due__gt=window.today, due__lte=window.tomorrow),
        "week": Q(due__gt=window.tomorrow, due__lte=window.week_end),
        "later": Q(due__gt=max(window.week_end, window.tomorrow)) | Q(due__isnull=True),
    }


@dataclass
class Counts:
    buckets: Counter[str] = field(default_factory=Counter)
    status: Counter[str] = field(default_factory=Counter)
    type: Counter[str] = field(default_factory=Counter)
    house: Counter[str] = field(default_factory=Counter)
    body: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.buckets.values())


def counts(queryset: QuerySet[WrittenQuestion], window: Window) -> Counts:
    """Every count on the dashboard in one grouped query over the open questions."""
    bucket = Case(
        *(When(q, then=Value(key)) for key, q in _bucket_q(window).items()),
        default=Value("later"),
        output_field=CharField(),
    )
    rows = (
        open_questions(queryset)
        .annotate(bucket=bucket)
        .values("bucket", "status", "house", "is_named_day", "answering_body__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = Counts()
    for row in rows:
        n = row["n"]
        found.buckets[row["bucket"]] += n
        found.status[QuestionStatus(row["status"]).label] += n
        kind = question_type(house=row["house"], is_named_day=row["is_named_day"])
        found.type[kind.label] += n
        found.house[row["house"]] += n
        found.body[row["answering_body__name"] or "Not known"] += n
    return found


def bucket_list(
    queryset: QuerySet[WrittenQuestion], window: Window, key: str
) -> list[WrittenQuestion]:
    """The first ``LIST_LIMIT`` open questions in a bucket, soonest due (oldest overdue) first,
    each with its ``state`` (calendar.deadlines.DeadlineState) worked out once."""
    questions = list(
        open_questions(queryset)
        .filter(_bucket_q(window)[key])
        .select_related("answering_body")
        .only(*LIST_FIELDS)
        .order_by(F("due").asc(nulls_last=True), "date_tabled", "id")[:LIST_LIMIT]
    )
    for question in questions:
        question.state = question.deadline_state(window.today)  # type: ignore[attr-defined]
    return questions


def type_labels() -> list[str]:
    return [kind.label for kind in QuestionType]
