from django.contrib import admin

from pqtracker.audit.admin import ReadOnlyAdmin
from pqtracker.search.models import NearDuplicate, PendingIndex, SavedSearch, SearchWord

# SearchDocument and PhrasePairs (PostgreSQL) and FtsEntry (SQLite FTS5) are derived index rows
# that exist on one engine each; they are rebuilt with `manage.py rebuild_search_index`, not
# edited, so they have no admin pages. The rest are read-only here: saved searches are their
# owners' (saved and deleted on the search page, through ``services``), intake flags and the
# index queue are written by their services.


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "created_at", "last_emailed_at")
    search_fields = ("name", "user__username", "query_string")
    raw_id_fields = ["user"]


@admin.register(NearDuplicate)
class NearDuplicateAdmin(ReadOnlyAdmin):
    """Intake flags, to look at: ``search.intake`` writes them and recomputes them on a rerun."""

    list_display = ("question", "duplicate_of", "similarity", "found_at")
    list_select_related = ("question", "duplicate_of")
    search_fields = ("question__uin", "duplicate_of__uin")
    raw_id_fields = ["question", "duplicate_of"]


@admin.register(PendingIndex)
class PendingIndexAdmin(ReadOnlyAdmin):
    """Questions waiting for the index worker, to look at; the worker deletes them as it goes."""

    list_display = ("question", "queued_at")
    list_select_related = ("question",)
    search_fields = ("question__uin",)
    raw_id_fields = ["question"]


@admin.register(SearchWord)
class SearchWordAdmin(ReadOnlyAdmin):
    """The vocabulary "Did you mean" offers, to look at: ``search.vocabulary`` rebuilds it."""

    list_display = ("word", "documents")
    search_fields = ("word",)
