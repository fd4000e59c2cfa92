"""The on-time statistics' summary of the answered record, refreshed after each write.

Answered questions change only when Parliament's record does, so their GROUP BY (a second or more
over a million questions) runs in the background after an import writes, into a table of a few
thousand rows that the statistics page reads in milliseconds. Questions still open past their
on-time date depend on today, and are few: the page counts those live. See docs/adr/0009.
"""

from __future__ import annotations

from django.conf import settings
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


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Internal deadline approaching"
    TODAY = "today", "Internal deadline today"
    MISSED = "missed", "Internal deadline missed"
    MANUAL = "manual", "Reminder sent by the PQ team"


class Reminder(models.Model):
    """An email about a case's internal deadline. ``key`` names the occasion (the case, the kind,
    the deadline it was about, and for a reminder sent by hand the day): the row is claimed by a
    unique insert before sending, so however often the reminders run each goes once. A changed
    deadline is a new occasion. See deadlines.reminders."""

    key = models.CharField(max_length=120, unique=True)
    case = models.ForeignKey(
        "answers.Case", on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    deadline = models.DateField()
    recipients = models.CharField(max_length=1000, help_text="Addresses, comma-separated")
    # Missed deadlines go to the PQ team as well as to whoever holds the question.
    escalated = models.BooleanField(default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "created_at"], name="reminder_case_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.deadline}) to {self.recipients}"
