"""The demo gives the dashboard work overdue, due today (or, at a weekend, on Monday) and later."""

import datetime

import pytest

from pqtracker.deadlines import dashboard, demo
from pqtracker.parliament.models import WrittenQuestion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "due_first_key"),
    [
        (datetime.date(2026, 12, 2), "today"),  # a Wednesday
        (datetime.date(2026, 12, 24), "today"),  # Christmas Eve, a working day
        (datetime.date(2026, 12, 5), "tomorrow"),  # a Saturday: Monday's work
    ],
)
def test_demo_gives_work_overdue_due_today_and_this_week(today, due_first_key, settings):  # type: ignore[no-untyped-def]
    settings.DEPARTMENT_ANSWERING_BODY_IDS = [60]
    demo.seed(today)
    demo.seed(today)  # rerunning adds nothing
    assert WrittenQuestion.objects.count() == len(demo.records(today))
    counts = dashboard.counts(
        WrittenQuestion.objects.for_department(), dashboard.Window.for_day(today)
    )
    assert counts.buckets["overdue"] == 2
    assert counts.buckets[due_first_key] == 2
    assert counts.total == 6
