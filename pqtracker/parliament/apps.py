from django.apps import AppConfig


class ParliamentConfig(AppConfig):
    name = "pqtracker.parliament"
    label = "parliament"
    verbose_name = "Parliament's public record"

    def ready(self) -> None:
        from pqtracker.accounts.permissions import VIEW, register_check
        from pqtracker.parliament.models import WrittenQuestion
        from pqtracker.parliament.permissions import can_view_question

        register_check(WrittenQuestion, VIEW, can_view_question)
