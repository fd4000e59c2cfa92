from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "pqtracker.answers"
    label = "answers"
    verbose_name = "Answers"

    def ready(self) -> None:
        from pqtracker.answers import receivers
        from pqtracker.parliament.signals import questions_written

        # Sent inside the importer's transaction: a case for each new departmental question (and
        # the link to a published answer) commits or rolls back with the question itself.
        questions_written.connect(receivers.questions_written, dispatch_uid="answers-intake")

        from pqtracker.answers import panels
        from pqtracker.parliament import extensions

        extensions.register_question_panel(panels.PANEL)
        extensions.register_tag_provider(panels.TAGS)
        extensions.register_question_panel(panels.SOURCES_PANEL)
