"""Presentation shared by every app's templates."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def govuk_date(value: datetime.date | datetime.datetime | None) -> str:
    """GOV.UK style: "9 December 2021". The one date format on every page (a datetime is shown
    as its date in the service's time zone; ``govuk_datetime`` adds the time)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    """ "9 December 2021 at 2:05pm", as GOV.UK writes times."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.hour == 12 and local.minute == 0:
        return f"{govuk_date(local)} at midday"
    return f"{govuk_date(local)} at {hour}:{local.minute:02d}{suffix}"
