"""Thin Celery tasks for the deadlines app."""

from __future__ import annotations

from celery import shared_task

from pqtracker.deadlines import tallies
from pqtracker.deadlines.models import TallyState


@shared_task(ignore_result=False)
def refresh_tallies_task() -> int | None:
    """Refresh the on-time tallies if a write has made them stale; safe to rerun."""
    if not TallyState.objects.filter(pk=tallies.STATE_PK, stale=True).exists():
        return None
    return tallies.refresh()
