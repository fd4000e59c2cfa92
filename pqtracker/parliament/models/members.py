from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q


class House(models.TextChoices):
    COMMONS = "Commons", "House of Commons"
    LORDS = "Lords", "House of Lords"
    BICAMERAL = "Bicameral", "Both Houses"


class Member(models.Model):
    """A Member of either House, keyed on the Members API id (the questions API uses the same)."""

    # Null only for members named on a web page that the Members API has not yet identified.
    parliament_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    name_display = models.CharField("display name", max_length=255)
    name_list = models.CharField("list name", max_length=255, blank=True)
    name_full_title = models.CharField(max_length=255, blank=True)
    party = models.CharField(max_length=100, blank=True)
    party_abbreviation = models.CharField(max_length=20, blank=True)
    party_colour = models.CharField(max_length=7, blank=True, help_text="Hex colour without #")
    house = models.CharField(max_length=10, choices=House.choices, blank=True)
    membership_from = models.CharField(
        "constituency or peerage",
        max_length=255,
        blank=True,
        help_text="Constituency, or peerage type",
    )
    is_current = models.BooleanField(null=True, help_text="Currently a Member, where known")
    thumbnail_url = models.URLField(max_length=500, blank=True)
    fetched_at = models.DateTimeField(
        null=True, blank=True, help_text="Last refreshed from the Members API"
    )

    class Meta:
        ordering = ["name_list", "name_display"]

    def __str__(self) -> str:
        return self.name_display

    @property
    def description(self) -> str:
        """ "Name (Party - Constituency)", as Parliament's own pages write it."""
        detail = " - ".join(part for part in (self.party, self.membership_from) if part)
        return f"{self.name_display} ({detail})" if detail else self.name_display

    def post_on(self, day: datetime.date) -> GovernmentPost | None:
        return self.government_posts.in_force_on(day).order_by("-start_date").first()


class AnsweringBody(models.Model):
    """A department (or other body) that answers questions, keyed on Parliament's id (DfE is 60)."""

    parliament_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    name = models.CharField(max_length=255, db_index=True)
    short_name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "answering bodies"

    def __str__(self) -> str:
        return self.name


class GovernmentPostQuerySet(models.QuerySet["GovernmentPost"]):
    def in_force_on(self, day: datetime.date) -> GovernmentPostQuerySet:
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class GovernmentPost(models.Model):
    """A ministerial post held by a member between two dates (Members API Biography)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="government_posts")
    parliament_post_id = models.PositiveIntegerField(null=True, blank=True)
    name = models.CharField("post name", max_length=255)
    answering_body = models.ForeignKey(
        AnsweringBody,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="government_posts",
    )
    department_name = models.CharField(max_length=255, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = GovernmentPostQuerySet.as_manager()

    class Meta:
        ordering = ["member", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "name", "start_date"], name="unique_government_post_spell"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="government_post_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.name}"
