"""The deadlines dashboard's figures: open questions by when they are due, and their counts.

A question is open while unanswered or holding (a holding answer is not an answer) and not
withdrawn. It is due on Parliament's date for answer (for the Lords, 14 days after tabling; see
calendar.deadlines), falling back to its on-time date where the record gives none. The counts are
one grouped query, and the lists two more (their keys, then their rows, at most ``LIST_LIMIT`` a
bucket), so the number of queries does not grow with the number of open questions.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models import Window as Over
from django.db.models.functions import Coalesce, RowNumber

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
    "case__id",
    "case__status",
    "case__status_since",
    "case__internal_deadline",
    "case__policy_team__name",
    "case__holder__username",
    "case__holder__first_name",
    "case__holder__last_name",
)
OPEN = (QuestionStatus.UNANSWERED, QuestionStatus.HOLDING)
NO_TEAM = "No team yet"
NO_MINISTER = "No minister yet"


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
    team: Counter[str] = field(default_factory=Counter)
    minister: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.buckets.values())


def _bucket(window: Window) -> Case:
    return Case(
        *(When(q, then=Value(key)) for key, q in _bucket_q(window).items()),
        default=Value("later"),
        output_field=CharField(),
    )


def counts(queryset: QuerySet[WrittenQuestion], window: Window) -> Counts:
    """Every count on the dashboard in one grouped query over the open questions."""
    rows = (
        open_questions(queryset)
        .annotate(bucket=_bucket(window))
        .values(
            "bucket",
            "status",
            "house",
            "is_named_day",
            "answering_body__name",
            # The workflow's team and minister: left joins, so questions without a case count.
            "case__policy_team__name",
            "case__answering_minister__name_display",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    found = Counts()
    labels = {value: label for value, label in QuestionStatus.choices}
    for row in rows:
        n = row["n"]
        found.buckets[row["bucket"]] += n
        found.status[labels[row["status"]]] += n
        kind = question_type(house=row["house"], is_named_day=row["is_named_day"])
        found.type[kind.label] += n
        found.house[row["house"]] += n
        found.body[row["answering_body__name"] or "Not known"] += n
        found.team[row["case__policy_team__name"] or NO_TEAM] += n
        found.minister[row["case__answering_minister__name_display"] or NO_MINISTER] += n
    return found


def bucket_lists(
    queryset: QuerySet[WrittenQuestion], window: Window
) -> dict[str, list[WrittenQuestion]]:
    """The first ``LIST_LIMIT`` open questions of every bucket but "later", soonest due (oldest
    overdue) first, each with its ``state`` (calendar.deadlines.DeadlineState) worked out once.

    Two queries: each question's place in its bucket is numbered by a window function and the
    keys of the first ``LIST_LIMIT`` of each read, so the open questions are read once, not once a
    bucket; then those rows with their joins.
    """
    order = (F("due").asc(nulls_last=True), F("date_tabled").asc(), F("id").asc())
    # Numbered on the question table alone; the joins are made for the chosen rows only.
    first = (
        open_questions(queryset)
        .filter(Q(due__lte=max(window.week_end, window.tomorrow)))
        .annotate(place=Over(RowNumber(), partition_by=[_bucket(window)], order_by=order))
        .filter(place__lte=LIST_LIMIT)
        .values_list("id", flat=True)
    )
    # Read first (at most 80 keys): as a subquery, PostgreSQL expected thousands of rows and read
    # the whole question table to match them (150 ms at 210,000 questions).
    questions = (
        WrittenQuestion.objects.filter(pk__in=list(first))
        .annotate(due=Coalesce(F("date_for_answer"), F("on_time_by")), bucket=_bucket(window))
        .select_related("answering_body", "case__policy_team", "case__holder")
        .only(*LIST_FIELDS)
        .order_by(*order)
    )
    lists: dict[str, list[WrittenQuestion]] = {key: [] for key, _ in BUCKETS if key != "later"}
    for question in questions:
        question.state = question.deadline_state(window.today)  # type: ignore[attr-defined]
        # The workflow's case, or None for a question not (yet) taken into it.
        question.work = getattr(question, "case", None)  # type: ignore[attr-defined]
        lists[question.bucket].append(question)  # type: ignore[attr-defined]
    return lists


def type_labels() -> list[str]:
    return [kind.label for kind in QuestionType]
