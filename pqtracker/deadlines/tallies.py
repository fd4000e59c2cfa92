"""Keeping ``OnTimeTally`` in step with the record: refreshed in the background after writes.

A write to the record (``parliament.signals.questions_written``) marks the tallies stale by a
conditional update (``tasks.queue_refresh``), so only the first write since the last refresh
queues the refresh task (on commit); ``refresh`` clears the flag before it counts, so a write
during a refresh queues another. See docs/adr/0009.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from pqtracker.deadlines.models import OnTimeTally, TallyState
from pqtracker.deadlines.statistics import (
    GROUP_KEYS,
    Statistics,
    answered_questions,
    compute,
    department_questions,
    grouped,
)

STATE_PK = 1
VALUES = (*GROUP_KEYS, "counted", "on_time", "answered", "working_days")


def _body_ids() -> list[int]:
    return sorted(settings.DEPARTMENT_ANSWERING_BODY_IDS)


@transaction.atomic
def refresh() -> int:
    """Recount the department's answered questions into the tallies; returns the rows written."""
    TallyState.objects.update_or_create(pk=STATE_PK, defaults={"stale": False})
    if connection.vendor == "postgresql":
        # A few thousand groups from a million rows: enough memory to hash them rather than
        # sort on disk, and no JIT compilation (a quarter of a second spent to save less).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
    rows = [OnTimeTally(**row) for row in grouped(answered_questions(department_questions()))]
    OnTimeTally.objects.all().delete()
    OnTimeTally.objects.bulk_create(rows, batch_size=1000)
    TallyState.objects.filter(pk=STATE_PK).update(refreshed_at=timezone.now(), body_ids=_body_ids())
    return len(rows)


def current_rows() -> list[dict[str, Any]]:
    """The tallies, refreshed first when there are none yet or they count other bodies."""
    state = TallyState.objects.filter(pk=STATE_PK).first()
    if state is None or state.refreshed_at is None or state.body_ids != _body_ids():
        refresh()
    return list(OnTimeTally.objects.values(*VALUES))


def refreshed_at() -> Any:
    return TallyState.objects.filter(pk=STATE_PK).values_list("refreshed_at", flat=True).first()


def department_statistics(today: Any) -> Statistics:
    """The department's statistics: answered questions from the tallies, open ones counted now."""
    return compute(department_questions(), today=today, answered_rows=current_rows())


def mark_stale() -> bool:
    """True for the first write since the tallies were last refreshed (which must queue one)."""
    return bool(TallyState.objects.filter(pk=STATE_PK, stale=False).update(stale=True))
