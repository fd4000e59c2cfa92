"""seed_demo runs the public record's demo, then every app's seeder in SEEDERS, on every start."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from pqtracker.demo.management.commands import seed_demo
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.models import NearDuplicate


@pytest.mark.django_db
def test_each_seeder_runs_after_the_record_with_todays_date(settings, monkeypatch):
    settings.DEBUG = True
    calls: list[tuple[datetime.date, int]] = []
    monkeypatch.setattr(
        seed_demo,
        "SEEDERS",
        [*seed_demo.SEEDERS, lambda today: calls.append((today, WrittenQuestion.objects.count()))],
    )
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--quiet-if-seeded", stdout=StringIO())
    today = timezone.localdate()
    assert [day for day, _ in calls] == [today, today]
    assert all(count > 0 for _, count in calls)  # the record's questions were there first
    assert NearDuplicate.objects.exists()  # search's own seeder flagged the demo's pairs
