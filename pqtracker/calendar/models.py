"""Each House's calendar: recesses (and other non-sitting periods) and single days that differ
from the rule in ``sitting.py``. Edited by the PQ team through ``services`` (admin and the calendar
page) and refreshed from Parliament's calendar API by the imports app."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from pqtracker.calendar.sitting import Period, SittingCalendar


class House(models.TextChoices):
    # The same values as parliament.models.House: the calendar sits below the record.
    COMMONS = "Commons", "House of Commons"
    LORDS = "Lords", "House of Lords"


class Source(models.TextChoices):
    INITIAL = "initial", "Initial data"
    API = "api", "Parliament calendar API"
    PQ_TEAM = "pq_team", "PQ team"


class NonSittingKind(models.TextChoices):
    RECESS = "recess", "Recess"
    PROROGATION = "prorogation", "Prorogation"
    DISSOLUTION = "dissolution", "Dissolution"


class RecessQuerySet(models.QuerySet["Recess"]):
    def overlapping(self, start: datetime.date, end: datetime.date) -> RecessQuerySet:
        return self.filter(start__lte=end, end__gte=start)


class Recess(models.Model):
    """A period, both days inclusive, in which a House does not sit."""

    house = models.CharField(max_length=10, choices=House.choices)
    kind = models.CharField(max_length=12, choices=NonSittingKind.choices, default="recess")
    name = models.CharField(max_length=100, help_text='e.g. "Christmas recess"')
    start = models.DateField(help_text="First day the House does not sit")
    end = models.DateField(help_text="Last day the House does not sit")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PQ_TEAM)
    source_note = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecessQuerySet.as_manager()

    class Meta:
        ordering = ["house", "start"]
        verbose_name_plural = "recesses"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="recess_ends_after_start"
            ),
            models.UniqueConstraint(fields=["house", "start"], name="one_recess_per_house_start"),
        ]

    def __str__(self) -> str:
        dates = f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"
        return f"{self.get_house_display()}: {self.name} ({dates})"


class CalendarDay(models.Model):
    """One day on which a House's sitting differs from the rule: a sitting Friday, a day added in
    recess, or a weekday on which the House does not sit."""

    house = models.CharField(max_length=10, choices=House.choices)
    date = models.DateField()
    sits = models.BooleanField(help_text="Whether the House sits on this day")
    note = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PQ_TEAM)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["house", "date"]
        constraints = [
            models.UniqueConstraint(fields=["house", "date"], name="one_calendar_day_per_house")
        ]

    def __str__(self) -> str:
        state = "sits" if self.sits else "does not sit"
        return f"{self.get_house_display()} {state} on {self.date:%a %d %b %Y}"


def sitting_calendar(house: str) -> SittingCalendar:
    """The House's whole stored calendar in two queries (a few hundred rows at most)."""
    recesses = [
        Period(start, end, name)
        for start, end, name in Recess.objects.filter(house=house).values_list(
            "start", "end", "name"
        )
    ]
    days = CalendarDay.objects.filter(house=house).values_list("date", "sits")
    return SittingCalendar.build(house, recesses, days)
