"""Users and their roles in the admin. Roles are granted and revoked only through
``accounts.services`` (audited), here as in the rest of the app: never saved by the admin itself."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from pqtracker.accounts import services
from pqtracker.accounts.models import RoleAssignment, User
from pqtracker.accounts.roles import Role


def _admin_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the admin serves only signed-in staff
    return request.user


class RoleAssignmentInline(admin.TabularInline):
    """Add or remove a user's roles; an assignment is not edited (remove it, add another)."""

    model = RoleAssignment
    extra = 0
    fields = ("role", "created_at")
    readonly_fields = ("created_at",)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        # commit=False: nothing is saved or deleted here; the services do both, audited.
        added = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            services.revoke_role(
                user=form.instance, role=Role(assignment.role), by=_admin_user(request)
            )
        for assignment in added:
            services.grant_role(
                user=form.instance, role=Role(assignment.role), by=_admin_user(request)
            )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email")
    raw_id_fields = ["user"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        granted = services.grant_role(user=obj.user, role=Role(obj.role), by=_admin_user(request))
        # The admin goes on to log and link the object it was given: make it the stored one.
        obj.pk, obj.created_at = granted.pk, granted.created_at
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.revoke_role(user=obj.user, role=Role(obj.role), by=_admin_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for assignment in queryset.select_related("user"):
            services.revoke_role(
                user=assignment.user, role=Role(assignment.role), by=_admin_user(request)
            )
