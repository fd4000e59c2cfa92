from django.apps import AppConfig


class ParliamentConfig(AppConfig):
    name = "pqtracker.parliament"
    label = "parliament"
    verbose_name = "Parliament's public record"

    def ready(self) -> None:
        from pqtracker.accounts import capabilities
        from pqtracker.accounts.permissions import VIEW, Permission, register_check
        from pqtracker.parliament.models import WrittenQuestion
        from pqtracker.parliament.permissions import can_view_question

        register_check(WrittenQuestion, VIEW, can_view_question)
        capabilities.register(
            permission=Permission.VIEW_QUESTIONS,
            text="Read the written questions we hold and their answers, with every change "
            "Parliament made to them.",
            url_name="parliament:question-list",
        )
