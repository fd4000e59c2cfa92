from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "pqtracker.deadlines"
    verbose_name = "Deadlines"

    def ready(self) -> None:
        from pqtracker.deadlines.tasks import queue_refresh
        from pqtracker.parliament.signals import questions_written

        # Sent inside the writing transaction; the refresh itself is queued on commit.
        questions_written.connect(queue_refresh, dispatch_uid="deadlines-tallies-stale")

        from pqtracker.deadlines import panels
        from pqtracker.parliament import extensions

        extensions.register_question_panel(panels.PANEL)
