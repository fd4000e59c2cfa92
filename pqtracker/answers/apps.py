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
        self._advance_cases_generation_on_writes()

    @staticmethod
    def _advance_cases_generation_on_writes() -> None:
        """What pages keep of the cases (answers.panels) is kept under the cases' generation: a
        case saved or deleted one at a time, and a user or team renamed (a holder's name, a
        case's team), advance it here; the case queryset's own bulk writes advance it there."""
        from django.contrib.auth import get_user_model

        from pqtracker.answers.models import CASES, Case, PolicyTeam
        from pqtracker.parliament import generation

        generation.advance_on_saves(CASES, Case, PolicyTeam, get_user_model())
