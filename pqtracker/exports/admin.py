from django.contrib import admin
from django.http import HttpRequest

from pqtracker.exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """Read-only: downloads are made by the worker and deleted by beat."""

    list_display = ("id", "owner", "kind", "status", "rows_written", "created_at", "finished_at")
    list_filter = ("status", "kind")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Beat deletes the file and marks the row; a row deleted here would orphan its file.
        return False
