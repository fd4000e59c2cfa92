from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from pqtracker.parliament import generation


class ImportRunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    SUCCEEDED_WITH_ERRORS = "succeeded_with_errors", "Succeeded with errors"
    FAILED = "failed", "Failed"


# The generation topic (``parliament.generation``) of the import runs: the list's "Record last
# updated" and the import state that /healthz and the imports page show are kept under it, so
# every write to a run advances it (saves by signal, parliament.apps; bulk writes here).
IMPORTS = "imports"


class ImportRunQuerySet(generation.AdvancingQuerySet["ImportRun"]):
    generation_topic = IMPORTS


class ImportRun(models.Model):
    """One run of an import from Parliament (API, web page or demo seed), with its counts."""

    class Kind(models.TextChoices):
        INCREMENTAL = "incremental", "Incremental"
        RANGE = "range", "Date range"
        PAGE = "page", "Web page"
        MEMBERS = "members", "Members"
        DEMO = "demo", "Demo data"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=24, choices=ImportRunStatus.choices, default=ImportRunStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    windows = models.JSONField(
        default=list, blank=True, help_text="The date windows asked of the API"
    )
    items_total = models.PositiveIntegerField(default=0, help_text="Items expected, for progress")
    items_processed = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    withdrawn_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="import_run_status_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {ImportRunStatus.QUEUED, ImportRunStatus.RUNNING}

    @property
    def progress_percent(self) -> int:
        if not self.items_total:
            return 0
        return min(100, round(100 * self.items_processed / self.items_total))


class QuestionChange(models.Model):
    """One field of a question (or its answer) that changed, with what it was and what it became.

    Parliament keeps no history; this is ours. Transfers are changes of ``answering_body``.
    """

    class Source(models.TextChoices):
        API = "api", "Parliament API"
        PAGE = "page", "Web page"
        DEMO = "demo", "Demo data"
        ADMIN = "admin", "Administrator"

    # By name: questions.py imports this module (for the question page's change history).
    question = models.ForeignKey(
        "parliament.WrittenQuestion", on_delete=models.CASCADE, related_name="changes"
    )
    field = models.CharField(max_length=64)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.API)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )

    class Meta:
        ordering = ["question", "changed_at", "id"]
        indexes = [models.Index(fields=["field", "changed_at"], name="question_change_field_at")]

    def __str__(self) -> str:
        return f"{self.question}: {self.field} changed"

    @property
    def is_transfer(self) -> bool:
        return self.field == "answering_body"


class QuarantinedRecord(models.Model):
    """A record an import could not use, kept whole with the reason, so nothing is silently lost."""

    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="quarantined")
    parliament_id = models.PositiveBigIntegerField(null=True, blank=True)
    payload = models.TextField(help_text="The raw record as received")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Quarantined {self.parliament_id or 'record'} from run {self.import_run_id}"
