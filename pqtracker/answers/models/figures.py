"""A flag of the figure check that a person let stand, with their reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pqtracker.answers.models.cases import Case


class FigureAcceptance(models.Model):
    """A flagged number (or cited figure) accepted as it stands in one version of the draft.

    Keyed by the version and the flag's text ("£2 billion", or a figure's reference for a
    revised or not-yet-released citation) and status: a later version, or a changed number, is
    flagged again until someone accepts that too. Never changed or deleted; the audit trail
    holds the same event.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="figure_acceptances")
    version_number = models.PositiveIntegerField()
    text = models.CharField(max_length=200)
    status = models.CharField(max_length=20)
    reason = models.TextField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "version_number", "accepted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "version_number", "text", "status"],
                name="one_acceptance_per_flag_and_version",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="acceptance_has_reason"),
        ]

    def __str__(self) -> str:
        return f"“{self.text}” ({self.status}) accepted in version {self.version_number}"
