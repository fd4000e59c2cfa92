from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from pqtracker.parliament.models import Answer, Member, WrittenQuestion
from pqtracker.search import intake
from pqtracker.search.index import index_questions
from pqtracker.search.tasks import flag_near_duplicates_task, queue_for_index


def reindex_written_questions(sender: Any, *, question_ids: list[int], **kwargs: Any) -> None:
    """Index a small write's questions now; queue a large write's for the index worker."""
    if len(question_ids) > settings.SEARCH_INDEX_INLINE_MAX:
        queue_for_index(question_ids=question_ids)
    else:
        index_questions(question_ids=question_ids)


def queue_near_duplicate_check(
    sender: Any, *, new_question_ids: list[int] | None = None, **kwargs: Any
) -> None:
    """Queue the intake check for the questions this write created, once it has committed.

    The write path is timed at thousands of records a second, so this queues one task per 500
    new questions and no more; the check itself runs in the worker.
    """
    for chunk in intake.chunks(list(new_question_ids or [])):
        # Celery would otherwise write out every id for the message's header: as costly as
        # sending the message. (celery-stubs leave out this documented option.)
        send = partial(
            flag_near_duplicates_task.apply_async,
            (chunk,),
            argsrepr=f"({len(chunk)} question ids)",  # type: ignore[call-arg]
        )
        # robust: the write has committed by then, so a broker that cannot be reached must not
        # fail the import that wrote it (the error is logged; those questions go unflagged).
        transaction.on_commit(send, robust=True)


def remember_member_name(sender: Any, *, instance: Member, **kwargs: Any) -> None:
    """Before a Member is saved, note the name the index holds for them (one query; Members are
    saved rarely: a placeholder named by the Members API, a change of name)."""
    instance._indexed_name = (  # type: ignore[attr-defined]
        Member.objects.filter(pk=instance.pk).values_list("name_display", flat=True).first()
        if instance.pk
        else None
    )


def reindex_member_questions(
    sender: Any, *, instance: Member, created: bool, **kwargs: Any
) -> None:
    """A Member's name is in the search document of every question they asked or answered:
    when it changes, those questions are indexed again (queued, if there are many)."""
    if created or getattr(instance, "_indexed_name", None) == instance.name_display:
        return
    answered = Answer.objects.filter(answering_member=instance, is_current=True).values(
        "question_id"
    )
    ids = WrittenQuestion.objects.filter(
        Q(asking_member=instance) | Q(answering_member=instance) | Q(pk__in=answered)
    ).values_list("pk", flat=True)
    reindex_written_questions(sender, question_ids=list(ids))
