from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "pqtracker.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from pqtracker.accounts import capabilities
        from pqtracker.accounts.permissions import Permission

        capabilities.register(
            permission=Permission.SEARCH_QUESTIONS,
            text="Search every question and answer, and save searches to get a daily email of "
            "new matches.",
            url_name="search:search",
        )
        capabilities.register(
            permission=Permission.EXPORT_QUESTIONS,
            text="Download search results as a spreadsheet (CSV).",
        )
        from django.db.models.signals import post_save, pre_save

        from pqtracker.parliament.models import Member
        from pqtracker.parliament.signals import questions_written
        from pqtracker.search import receivers, record_extensions
        from pqtracker.search.export import register_source

        # The write path sends this inside its transaction: the index entries (or, for a large
        # write, the rows queueing them) commit or roll back with it.
        questions_written.connect(
            receivers.reindex_written_questions, dispatch_uid="search-reindex"
        )
        questions_written.connect(
            receivers.queue_near_duplicate_check, dispatch_uid="search-near-duplicates"
        )
        # The question page's panels, the list rows' tag and the list's filter (the record
        # never imports search: docs/adr/0004-app-layers.md).
        record_extensions.register()
        register_source()  # the search page's "Download these results (CSV)"
        # Names of who asked and who answered are indexed with each question.
        pre_save.connect(
            receivers.remember_member_name, sender=Member, dispatch_uid="search-member-name"
        )
        post_save.connect(
            receivers.reindex_member_questions, sender=Member, dispatch_uid="search-member-renamed"
        )
