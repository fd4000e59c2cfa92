"""Does the stored calendar agree with the record? For Commons ordinary questions Parliament sets
``dateForAnswer`` from its own sitting days (``calendar.sitting``), so a date the calendar would
not give points at a recess or sitting day the PQ team should correct (or, rarely, at Parliament).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min

from pqtracker.calendar.models import House, sitting_calendar
from pqtracker.parliament.models import QuestionSource, WrittenQuestion


@dataclass(frozen=True)
class Disagreement:
    date_tabled: datetime.date
    record_says: datetime.date
    calendar_says: datetime.date | None
    questions: int
    example_uin: str

    @property
    def hint(self) -> str:
        if self.calendar_says is None:
            return "The calendar has no sitting day within 200 days: check the recesses."
        if self.record_says < self.calendar_says:
            return "Parliament sat earlier than the calendar says: a recess too long?"
        return "Parliament did not sit on a day the calendar says it sits: a recess missing?"


def calendar_disagreements(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[Disagreement]:
    """Each tabling date whose Commons ordinary questions' due date differs from the calendar's,
    in one grouped query and one calendar load, oldest first."""
    calendar = sitting_calendar(House.COMMONS)
    questions = WrittenQuestion.objects.filter(
        house=House.COMMONS, is_named_day=False, date_for_answer__isnull=False
    ).exclude(source=QuestionSource.DEMO)
    if since is not None:
        questions = questions.filter(date_tabled__gte=since)
    if until is not None:
        questions = questions.filter(date_tabled__lte=until)
    grouped = (
        questions.values("date_tabled", "date_for_answer")
        .annotate(n=Count("id"), uin=Min("uin"))
        .order_by("date_tabled", "date_for_answer")
    )
    found = []
    for row in grouped:
        expected = calendar.expected_date_for_answer(row["date_tabled"])
        if expected != row["date_for_answer"]:
            found.append(
                Disagreement(
                    date_tabled=row["date_tabled"],
                    record_says=row["date_for_answer"],
                    calendar_says=expected,
                    questions=row["n"],
                    example_uin=row["uin"],
                )
            )
    return found
