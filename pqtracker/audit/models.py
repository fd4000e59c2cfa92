from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditVerb(models.TextChoices):
    """Everything the audit trail records. A new kind of event adds a member here (and the
    migration ``makemigrations`` then writes for the choices)."""

    ROLE_GRANTED = "role.granted", "Role granted"
    ROLE_REVOKED = "role.revoked", "Role revoked"
    LOGIN_LOCKED_OUT = "login.locked_out", "Sign-in locked out"
    IMPORT_REQUESTED = "import.requested", "Import requested"
    NEAR_DUPLICATES_FLAGGED = "search.near_duplicates_flagged", "Possible duplicates flagged"
    EXPORT_REQUESTED = "export.requested", "Export requested"
    EVIDENCE_LOADED = "evidence.loaded", "Evidence loaded"
    EVIDENCE_CITED = "evidence.cited", "Evidence cited"
    EVIDENCE_UNCITED = "evidence.uncited", "Evidence citation removed"
    # The answering workflow (answers app), drafting's included.
    ANSWERS_COMMISSIONED = "answers.commissioned", "Commissioned"
    ANSWERS_REASSIGNED = "answers.reassigned", "Reassigned"
    ANSWERS_ACCEPTED = "answers.accepted", "Accepted"
    ANSWERS_REJECTED = "answers.rejected", "Rejected"
    ANSWERS_TRANSFERRED_OUT = "answers.transferred_out", "Transferred out"
    ANSWERS_TRANSFERRED_IN = "answers.transferred_in", "Transferred back in"
    ANSWERS_WITHDRAWN = "answers.withdrawn", "Withdrawn by the Member"
    ANSWERS_ESCALATED = "answers.escalated", "Escalated, not accepted"
    ANSWERS_DRAFTING_STARTED = "answers.drafting_started", "Drafting started"
    ANSWERS_DRAFT_SAVED = "answers.draft_saved", "Draft saved"
    ANSWERS_DRAFT_RESTORED = "answers.draft_restored", "Draft version restored"
    ANSWERS_COMMENT_ADDED = "answers.comment_added", "Comment added"
    ANSWERS_SENT_TO_CLEARANCE = "answers.sent_to_clearance", "Sent to clearance"
    ANSWERS_CLEARANCE_APPROVED = "answers.clearance_approved", "Clearance step approved"
    ANSWERS_CLEARANCE_RETURNED = "answers.clearance_returned", "Returned in clearance"
    ANSWERS_CLEARED = "answers.cleared", "Cleared"
    ANSWERS_CLEARANCE_CHAIN_CHANGED = "answers.clearance_chain_changed", "Clearance chain changed"
    ANSWERS_SUBMITTED = "answers.submitted", "Submitted"
    ANSWERS_HOLDING_SUBMITTED = "answers.holding_submitted", "Holding answer submitted"
    ANSWERS_LETTER_SENT = "answers.letter_sent", "Letter sent"
    ANSWERS_DELAY_REASON = "answers.delay_reason", "Delay reason recorded"
    ANSWERS_ANSWERED = "answers.answered", "Published answer linked"
    ANSWERS_DEADLINE_CHANGED = "answers.deadline_changed", "Internal deadline changed"
    ANSWERS_FIGURE_ACCEPTED = "answers.figure_accepted", "Flagged figure accepted"
    CALENDAR_RECESS_ADDED = "calendar.recess_added", "Recess added"
    CALENDAR_RECESS_CHANGED = "calendar.recess_changed", "Recess changed"
    CALENDAR_RECESS_REMOVED = "calendar.recess_removed", "Recess removed"
    CALENDAR_DAY_SET = "calendar.day_set", "Sitting day set"
    CALENDAR_DAY_CLEARED = "calendar.day_cleared", "Sitting day cleared"
    CALENDAR_IMPORTED = "calendar.imported", "Calendar imported from Parliament"
    DEADLINES_REMINDER_SENT = "deadlines.reminder_sent", "Deadline reminder sent"


class AuditEventChanged(Exception):
    """An audit event was to be changed or deleted: the trail is append-only."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # Bulk writes through the default manager are refused like single ones. (Deleting a user
    # still clears ``actor``: Django's collector updates through the base manager, and the
    # event keeps ``actor_username``.)
    def update(self, **kwargs: Any) -> int:
        raise AuditEventChanged("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEventChanged("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """Something a person or the system did. Written only by ``audit.services.record``; never
    changed or deleted (``save`` of a stored event and ``delete`` raise)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's user name when the event was written: it outlives the user (``actor`` becomes
    # empty when the user is deleted). Empty for the system.
    actor_username = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=100, db_index=True, choices=AuditVerb.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        who = self.actor_username or "system"
        return f"{self.created_at:%Y-%m-%d %H:%M} {who} {self.verb} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEventChanged("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEventChanged("Audit events cannot be deleted.")
