"""The calendar in the admin: every change goes through calendar.services (validated, audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from pqtracker.calendar import services
from pqtracker.calendar.models import CalendarDay, Recess


class RecessForm(ModelForm):
    class Meta:
        model = Recess
        fields = ["house", "kind", "name", "start", "end"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service's own checks (dates in order, no overlap), shown on the admin form.
        start, end, house = cleaned.get("start"), cleaned.get("end"), cleaned.get("house")
        if start and end and house:
            try:
                services.check_period(
                    house=house, start=start, end=end, exclude_pk=self.instance.pk
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Recess)
class RecessAdmin(admin.ModelAdmin):
    form = RecessForm
    list_display = ("name", "house", "kind", "start", "end", "source")
    list_filter = ("house", "kind", "source")
    date_hierarchy = "start"
    actions = ["delete_through_service"]

    def save_model(self, request: HttpRequest, obj: Recess, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.change_recess(
                actor=request.user,
                recess=obj,
                name=data["name"],
                start=data["start"],
                end=data["end"],
            )
        else:
            saved = services.add_recess(
                actor=request.user,
                house=data["house"],
                name=data["name"],
                start=data["start"],
                end=data["end"],
                kind=data["kind"],
            )
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Recess) -> None:
        services.remove_recess(actor=request.user, recess=obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # bulk delete would bypass the service
        return actions

    @admin.action(description="Delete the selected recesses")
    def delete_through_service(self, request: HttpRequest, queryset: QuerySet[Recess]) -> None:
        for recess in queryset:
            services.remove_recess(actor=request.user, recess=recess)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "house", "sits", "note", "source")
    list_filter = ("house", "sits", "source")
    fields = ("house", "date", "sits", "note")
    actions = ["delete_through_service"]

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = services.set_day(
            actor=request.user,
            house=data["house"],
            date=data["date"],
            sits=data["sits"],
            note=data["note"],
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.clear_day(actor=request.user, day=obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Delete the selected days")
    def delete_through_service(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in queryset:
            services.clear_day(actor=request.user, day=day)
