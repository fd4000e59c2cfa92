"""Draft answers and the comment thread: never published, visible only to those on the case."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from pqtracker.answers.models.cases import AnswerType, Case


class DraftVersion(models.Model):
    """Every save is a new version; nothing is overwritten. ``number`` counts from 1 per case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    answer_text = models.TextField(blank=True)
    background_note = models.TextField(blank=True)
    answer_type = models.CharField(
        max_length=24, choices=AnswerType.choices, default=AnswerType.SUBSTANTIVE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The version the author was editing when they saved (None for the first).
    based_on = models.PositiveIntegerField(null=True, blank=True)
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_draft_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.case}"


class Comment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="comment_case_created")]

    def __str__(self) -> str:
        return f"Comment on {self.case} by {self.author}"
