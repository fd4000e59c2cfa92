"""Keeps the workflow in step with the public record as the importer writes it."""

from __future__ import annotations

from typing import Any


def questions_written(
    sender: Any,
    *,
    question_ids: list[int],
    new_question_ids: list[int] | None = None,
    **kwargs: Any,
) -> None:
    from pqtracker.answers import intake, services

    intake.take_in(question_ids=question_ids, new_question_ids=new_question_ids)
    services.follow_record(question_ids=question_ids)
    services.link_published_answers(question_ids=question_ids)
