"""Thin Celery tasks for the deadlines app."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import transaction

from pqtracker.deadlines import reminders, tallies
from pqtracker.deadlines.models import TallyState


@shared_task(ignore_result=False)
def refresh_tallies_task() -> int | None:
    """Refresh the on-time tallies if a write has made them stale; safe to rerun."""
    if not TallyState.objects.filter(pk=tallies.STATE_PK, stale=True).exists():
        return None
    return tallies.refresh()


def queue_refresh(**_: Any) -> None:
    """Receiver of ``questions_written`` (inside the writing transaction): queue one refresh,
    on commit, for however many writes follow before it runs."""
    if tallies.mark_stale():
        transaction.on_commit(refresh_tallies_task.delay)


@shared_task
def send_reminders_task() -> int:
    """From beat, several times each weekday: the internal-deadline reminders due today, each
    sent once however often this runs (see deadlines.reminders)."""
    return reminders.send_due_reminders()
