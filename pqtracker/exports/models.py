from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Deleted"


class Export(models.Model):
    """One CSV file someone asked for, made by the worker: only they may download it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(max_length=40, help_text="The registered source it is made from")
    query_string = models.TextField(blank=True, help_text="What the source is asked for")
    description = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=255, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "finished_at"], name="export_status_finished")]

    def __str__(self) -> str:
        return f"Download {self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.BUILDING}

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_written / self.rows_total))
