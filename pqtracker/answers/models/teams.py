from __future__ import annotations

from django.conf import settings
from django.db import models


class PolicyTeam(models.Model):
    """A policy team that answers questions; its members are the candidate action officers."""

    name = models.CharField(max_length=200, unique=True)
    directorate = models.CharField(max_length=200, blank=True)
    division = models.CharField(max_length=200, blank=True)
    mailbox = models.EmailField(blank=True, help_text="The team's shared inbox, if any")
    members = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="policy_teams"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(PolicyTeam, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"
