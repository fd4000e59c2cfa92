from __future__ import annotations

from django.conf import settings
from django.db import models

from pqtracker.answers.models.cases import Case


class NotificationKind(models.TextChoices):
    COMMISSIONED = "commissioned", "Commissioned"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    RETURNED = "returned", "Returned in clearance"
    CLEARANCE_STEP = "clearance_step", "Clearance step waiting"
    ESCALATED = "escalated", "Unclaimed, escalated"
    DEADLINE_APPROACHING = "deadline_approaching", "Internal deadline approaching"
    DEADLINE_MISSED = "deadline_missed", "Internal deadline missed"
    DIGEST = "digest", "Morning digest"


class Notification(models.Model):
    """An email the workflow sends. ``key`` names the occasion (e.g. ``escalated:42``): the row is
    claimed by a unique insert before sending, so a rerun sends nothing twice."""

    key = models.CharField(max_length=200, unique=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    recipient = models.CharField(max_length=1000, help_text="Addresses, comma-separated")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"
