"""Read-only admin pages: figures are written by load_evidence, citations by services.cite."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from pqtracker.evidence.models import Citation, Dataset, Figure, Publication


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnly):
    list_display = ("title", "publisher", "release_date")
    search_fields = ("title", "slug")


@admin.register(Dataset)
class DatasetAdmin(ReadOnly):
    list_display = ("file_name", "publication", "loaded_at")
    list_select_related = ("publication",)


@admin.register(Figure)
class FigureAdmin(ReadOnly):
    list_display = ("reference", "measure", "geography_name", "period", "value", "marker")
    list_filter = ("unit", "geography_level")
    search_fields = ("reference", "measure", "geography_name")
    raw_id_fields = ("dataset", "publication", "revised_by")
    show_full_result_count = False


@admin.register(Citation)
class CitationAdmin(ReadOnly):
    list_display = ("figure", "base_figure", "content_type", "object_id", "created_at")
    list_select_related = ("figure", "base_figure", "content_type")
    raw_id_fields = ("figure", "base_figure", "created_by")
