"""The on-time statistics' summary of the answered record, refreshed after each write.

Answered questions change only when Parliament's record does, so their GROUP BY (a second or more
over a million questions) runs in the background after an import writes, into a table of a few
thousand rows that the statistics page reads in milliseconds. Questions still open past their
on-time date depend on today, and are few: the page counts those live. See docs/adr/0009.
"""

from __future__ import annotations

from django.db import models


class OnTimeTally(models.Model):
    """Answered questions to the department with the same month, session, type and minister."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    session = models.CharField(max_length=10, blank=True)
    house = models.CharField(max_length=10)
    is_named_day = models.BooleanField()
    # The Member's key, without a constraint: a summary must never stop a member being merged.
    answering_member_id = models.BigIntegerField(null=True)
    counted = models.PositiveIntegerField()
    on_time = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()
    working_days = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.house}: {self.on_time}/{self.counted}"


class TallyState(models.Model):
    """One row: when the tallies were last refreshed, for which bodies, and whether a write has
    made them stale since (claimed by conditional update, so each write queues one refresh)."""

    refreshed_at = models.DateTimeField(null=True)
    body_ids = models.JSONField(default=list)
    stale = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Tallies refreshed at {self.refreshed_at}"
