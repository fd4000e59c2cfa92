"""The clearance chain: the PQ team's configured steps, and each case's steps per round."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from pqtracker.answers.models.cases import Case


class ClearanceRoleKind(models.TextChoices):
    DEPUTY_DIRECTOR = "deputy_director", "Deputy Director"
    SPECIAL_ADVISER = "special_adviser", "Special Adviser"
    PRIVATE_OFFICE = "private_office", "Private Office"
    MINISTER = "minister", "Minister"
    PRESS_OFFICE = "press_office", "Press office"
    HEAD_OF_STATISTICS = "head_of_statistics", "Head of statistics"
    OTHER = "other", "Other"


class ClearanceStepDefinitionQuerySet(models.QuerySet["ClearanceStepDefinition"]):
    def active(self) -> ClearanceStepDefinitionQuerySet:
        return self.filter(active=True).order_by("order", "id")


class ClearanceStepDefinition(models.Model):
    """One step of the chain every draft goes through, as the PQ team configures it."""

    name = models.CharField(max_length=100)
    order = models.PositiveIntegerField()
    role_kind = models.CharField(max_length=20, choices=ClearanceRoleKind.choices)
    optional = models.BooleanField(
        default=False, help_text="Included only when the PQ team asks for it on a case"
    )
    active = models.BooleanField(default=True)
    default_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ClearanceStepDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ClearanceStepState(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"
    SKIPPED = "skipped", "Skipped"


class ClearanceStep(models.Model):
    """One step of one clearance round of a case; a return ends the round, a resend starts the
    next, so earlier rounds stay as the clearance trail."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clearance_steps")
    round = models.PositiveIntegerField(default=1)
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    role_kind = models.CharField(max_length=20, choices=ClearanceRoleKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clearance_steps",
    )
    state = models.CharField(
        max_length=10, choices=ClearanceStepState.choices, default=ClearanceStepState.PENDING
    )
    comment = models.TextField(blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    version_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The draft version this step cleared or returned"
    )

    class Meta:
        ordering = ["case", "round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "round", "order"], name="unique_clearance_step_position"
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(acted_at__isnull=False),
                name="acted_step_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "state"], name="clearance_assignee_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.case}"
