from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "pqtracker.deadlines"
    verbose_name = "Deadlines"

    def ready(self) -> None:
        from pqtracker.deadlines.tallies import mark_stale
        from pqtracker.parliament.signals import questions_written

        # Sent inside the writing transaction; the refresh itself is queued on commit.
        questions_written.connect(mark_stale, dispatch_uid="deadlines-tallies-stale")
