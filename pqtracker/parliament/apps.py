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
        self._advance_generation_on_writes()
        self._read_generation_once_a_request()
        capabilities.register(
            permission=Permission.VIEW_QUESTIONS,
            text="Read the written questions we hold and their answers, with every change "
            "Parliament made to them.",
            url_name="parliament:question-list",
        )

    @staticmethod
    def _read_generation_once_a_request() -> None:
        from django.core.signals import request_finished, request_started

        from pqtracker.parliament import generation

        request_started.connect(generation.request_began, dispatch_uid="generation-request")
        request_finished.connect(generation.request_ended, dispatch_uid="generation-request")

    @staticmethod
    def _advance_generation_on_writes() -> None:
        """Every write to the record advances its generation (``parliament.generation``): the
        batch write paths send ``questions_written``; a model saved or deleted one at a time (a
        service, the admin, a Members API placeholder) sends Django's own signals."""
        from pqtracker.parliament import generation
        from pqtracker.parliament.models import (
            IMPORTS,
            Answer,
            AnsweringBody,
            ImportRun,
            Member,
            WrittenQuestion,
        )
        from pqtracker.parliament.signals import questions_written

        def advance(sender: object, **kwargs: object) -> None:
            generation.advance(str(kwargs.get("using") or "default"))

        questions_written.connect(advance, weak=False, dispatch_uid="record-generation")
        generation.advance_on_saves(
            generation.RECORD, WrittenQuestion, Answer, Member, AnsweringBody
        )
        generation.advance_on_saves(IMPORTS, ImportRun)
