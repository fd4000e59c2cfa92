"""Thin Celery tasks for search: take ids, call one service, safe to rerun."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from celery import shared_task
from django.db import transaction

from pqtracker.search import alerts, index, intake, vocabulary


@shared_task
def send_search_alerts_task(user_id: int) -> int:
    return alerts.send_search_alerts(user_id=user_id)


@shared_task
def queue_search_alerts_task() -> int:
    """Daily, from beat: one alert task per user with saved searches."""
    user_ids = alerts.users_with_saved_searches()
    for user_id in user_ids:
        transaction.on_commit(partial(send_search_alerts_task.delay, user_id))
    return len(user_ids)


@shared_task
def flag_near_duplicates_task(question_ids: list[int]) -> int:
    """Queued by the write path for questions new to us; returns how many pairs are flagged."""
    return len(intake.flag_near_duplicates(question_ids=question_ids).flagged)


@shared_task
def index_pending_task() -> int:
    """Queued after a large write commits, and swept by beat: index what it left queued."""
    return index.index_pending()


def queue_for_index(*, question_ids: Sequence[int]) -> None:
    """Leave these questions to the index worker, in the caller's transaction; the worker is
    woken once it commits (and beat's sweep finds them if that message is lost)."""
    if index.add_pending(question_ids=question_ids):
        # robust: the write has committed by then; a broker that cannot be reached leaves the
        # questions to the sweep, and must not fail the import that wrote them.
        transaction.on_commit(index_pending_task.delay, robust=True)


@shared_task
def refresh_vocabulary_task() -> int:
    """Nightly, from beat: the words "Did you mean" may offer, as the record now has them."""
    return vocabulary.refresh_vocabulary()
