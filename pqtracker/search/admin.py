from django.contrib import admin

from pqtracker.search.models import SavedSearch

# SearchDocument (PostgreSQL) and FtsEntry (SQLite FTS5) are derived index rows that exist on one
# engine each; they are rebuilt with `manage.py rebuild_search_index`, not edited, so they have no
# admin pages.


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_alerted_at")
    search_fields = ("name", "user__username", "query_string")
    raw_id_fields = ["user"]
