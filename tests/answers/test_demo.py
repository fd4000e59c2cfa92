"""The demo puts questions in every workflow stage, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pqtracker.answers.models import Case, CaseStatus, Comment, DraftVersion

pytestmark = pytest.mark.django_db


def test_seed_answers_demo_fills_every_stage_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert DraftVersion.objects.exists() and Comment.objects.exists()
    before = Case.objects.count(), DraftVersion.objects.count()
    call_command("seed_demo", "--quiet-if-seeded", stdout=StringIO())
    assert (Case.objects.count(), DraftVersion.objects.count()) == before


def test_demo_work_reads_as_a_live_working_day(settings):
    """My work on first sign-in: due today, the next working day and later this week, with a
    late one or two; started on a later day, the deadlines move with it."""
    from pqtracker.answers import demo
    from pqtracker.answers.models import OPEN_STATUSES
    from pqtracker.calendar.rules import add_working_days
    from pqtracker.parliament.demo.dates import on_or_before

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    today = on_or_before(timezone.localdate())
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).exclude(status=CaseStatus.NEW)
    deadlines = sorted(open_cases.values_list("internal_deadline", flat=True))
    assert None not in deadlines
    # Overdue, today and later (each no later than Parliament's date, unless meant to be late).
    assert today in deadlines and len(set(deadlines)) >= 3, deadlines
    late = [d for d in deadlines if d < today]
    assert 1 <= len(late) <= 3 and min(late) >= add_working_days(today, -1)
    assert max(deadlines) <= add_working_days(today, 5)
    # The drafter's late draft says why.
    assert (
        open_cases.filter(internal_deadline__lt=today, holder__username="drafter")
        .exclude(delay_reason="")
        .exists()
    )

    later = add_working_days(today, 7)
    assert demo.date_deadlines(later) > 0
    moved = sorted(open_cases.values_list("internal_deadline", flat=True))
    assert min(moved) >= add_working_days(later, -1)
    assert demo.date_deadlines(later) == 0  # the same day again changes nothing
