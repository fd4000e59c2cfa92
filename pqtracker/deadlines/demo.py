"""Demo questions for the deadlines dashboard, dated relative to today so that it always shows
work overdue, due today and due later this week. Called by ``seed_demo``; safe to rerun (the
record's services match each question by its demo id and move its dates to today's)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from pqtracker.calendar.rules import add_working_days, working_day_on_or_after
from pqtracker.parliament import services
from pqtracker.parliament.demo.builders import question
from pqtracker.parliament.models import ImportRun, ImportRunStatus, QuestionChange
from pqtracker.parliament.records import QuestionRecord

SOS = "To ask the Secretary of State for Education, "
HMG = "To ask His Majesty's Government "
# Demo ids from DEMO_ID_BASE + 500 up, apart from parliament.demo's.
FIRST_KEY = 500


def records(today: datetime.date) -> list[QuestionRecord]:
    # Only a named day is given: the builder dates the others by their House's rule.
    day = working_day_on_or_after(today)

    def wd(count: int) -> datetime.date:
        return add_working_days(day, count)

    return [
        question(
            key=FIRST_KEY,
            uin="91001",
            tabled=wd(-9),
            heading="School Transport: Special Educational Needs",
            text=SOS + "what assessment she has made of the cost of home to school transport for "
            "children with special educational needs in each of the last three years.",
        ),
        question(
            key=FIRST_KEY + 1,
            uin="91002",
            tabled=wd(-4),
            heading="Teachers: Recruitment",
            text=SOS + "how many trainee teachers began initial teacher training in 2026.",
        ),
        question(
            key=FIRST_KEY + 2,
            uin="91003",
            tabled=wd(-2),
            heading="Free School Meals",
            text=SOS + "how many pupils were eligible for free school meals in January 2026.",
        ),
        question(
            key=FIRST_KEY + 3,
            uin="91004",
            tabled=wd(-3),
            due=day,
            named_day=True,
            heading="Ofsted: Inspections",
            text=SOS + "how many inspections Ofsted carried out in each month of 2026.",
        ),
        question(
            key=FIRST_KEY + 4,
            uin="91005",
            tabled=wd(-1),
            heading="Pupils: Absenteeism",
            text=SOS + "what the rate of persistent absence was in each region in 2025-26.",
        ),
        question(
            key=FIRST_KEY + 5,
            uin="HL9106",
            tabled=day - datetime.timedelta(days=11),
            heading="Special Educational Needs: Tribunals",
            text=HMG + "how many appeals to the SEND Tribunal were registered in 2025-26.",
        ),
    ]


@transaction.atomic
def seed(today: datetime.date) -> int:
    """Write (or move to today) the dashboard's demo questions, as a demo import run (left out
    when nothing changed, as the record's own demo does); returns how many there are."""
    found = records(today)
    now = timezone.now()
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.DEMO, status=ImportRunStatus.RUNNING, started_at=now
    )
    outcomes = [
        services.upsert_question(
            record=record, source=QuestionChange.Source.DEMO, import_run=run, seen_at=now
        ).outcome
        for record in found
    ]
    new = outcomes.count(services.Outcome.NEW)
    updated = outcomes.count(services.Outcome.UPDATED)
    if not (new or updated):
        run.delete()
        return len(found)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRunStatus.SUCCEEDED,
        items_total=len(found),
        items_processed=len(found),
        new_count=new,
        updated_count=updated,
        unchanged_count=len(found) - new - updated,
        finished_at=timezone.now(),
    )
    return len(found)
