"""The audit trail in the admin: to read, never to change (``ReadOnlyAdmin``).

``ReadOnlyAdmin`` and ``ReadOnlyInline`` also serve every other admin page whose records only a
service may write (the public record, search's intake flags): viewing stays, adding, changing
and deleting go.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from pqtracker.audit.models import AuditEvent


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class ReadOnlyStackedInline(ReadOnlyMixin, admin.StackedInline):
    extra = 0


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_username", "verb", "target_repr")
    list_filter = ("verb",)
    search_fields = ("target_repr", "verb", "target_id", "actor_username")
