"""Parliament's calendar as the PQ team keeps it: each House's recesses and single days, the
forms that change them (through calendar.services), and the check against the record."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.calendar import services
from pqtracker.calendar.models import CalendarDay, House, Recess
from pqtracker.deadlines.forms import DayForm, RecessForm
from pqtracker.parliament.calendar_check import calendar_disagreements

# The page lists from a year back; the check looks at questions tabled over the same span.
LOOK_BACK_DAYS = 366


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission(Permission.VIEW_DEADLINES)
def calendar_page(request: HttpRequest) -> HttpResponse:
    recess_form, day_form = RecessForm(), DayForm()
    if request.method == "POST":
        if not request.user.has_permission(Permission.EDIT_CALENDAR):  # type: ignore[union-attr]
            raise PermissionDenied("You need the 'edit_calendar' permission.")
        action = request.POST.get("action")
        if action == "add-recess":
            recess_form = RecessForm(request.POST)
            if _save(recess_form, request):
                return redirect(reverse("deadlines:calendar") + "#recesses")
        elif action == "set-day":
            day_form = DayForm(request.POST)
            if _save(day_form, request):
                return redirect(reverse("deadlines:calendar") + "#days")
        elif action == "remove-recess":
            recess = get_object_or_404(Recess, pk=request.POST.get("pk") or 0)
            services.remove_recess(actor=request.user, recess=recess)
            return redirect(reverse("deadlines:calendar") + "#recesses")
        elif action == "clear-day":
            day = get_object_or_404(CalendarDay, pk=request.POST.get("pk") or 0)
            services.clear_day(actor=request.user, day=day)
            return redirect(reverse("deadlines:calendar") + "#days")
    since = timezone.localdate() - datetime.timedelta(days=LOOK_BACK_DAYS)
    return TemplateResponse(
        request,
        "deadlines/calendar.html",
        {
            "houses": [
                (
                    label,
                    Recess.objects.filter(house=value, end__gte=since),
                    CalendarDay.objects.filter(house=value, date__gte=since),
                )
                for value, label in House.choices
            ],
            "disagreements": calendar_disagreements(since=since),
            "since": since,
            "can_edit": request.user.has_permission(Permission.EDIT_CALENDAR),  # type: ignore[union-attr]
            "recess_form": recess_form,
            "day_form": day_form,
        },
    )


def _save(form: RecessForm | DayForm, request: HttpRequest) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if isinstance(form, RecessForm):
            services.add_recess(
                actor=request.user,
                house=data["house"],
                name=data["name"],
                start=data["start"],
                end=data["end"],
            )
        else:
            services.set_day(
                actor=request.user,
                house=data["house"],
                date=data["date"],
                sits=data["sits"],
                note=data["note"],
            )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
