from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from pqtracker.search.models import NearDuplicate, PendingIndex, SavedSearch

# SearchDocument and PhrasePairs (PostgreSQL) and FtsEntry (SQLite FTS5) are derived index rows
# that exist on one engine each; they are rebuilt with `manage.py rebuild_search_index`, not
# edited, so they have no admin pages.


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_alerted_at")
    search_fields = ("name", "user__username", "query_string")
    raw_id_fields = ["user"]


@admin.register(NearDuplicate)
class NearDuplicateAdmin(admin.ModelAdmin):
    """Intake flags, to look at: ``search.intake`` writes them and recomputes them on a rerun."""

    list_display = ("question", "duplicate_of", "similarity", "found_at")
    list_select_related = ("question", "duplicate_of")
    search_fields = ("question__uin", "duplicate_of__uin")
    raw_id_fields = ["question", "duplicate_of"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(PendingIndex)
class PendingIndexAdmin(admin.ModelAdmin):
    """Questions waiting for the index worker, to look at; the worker deletes them as it goes."""

    list_display = ("question", "queued_at")
    list_select_related = ("question",)
    search_fields = ("question__uin",)
    raw_id_fields = ["question"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
