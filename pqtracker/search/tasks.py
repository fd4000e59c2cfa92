"""Thin Celery tasks for search: take ids, call one service, safe to rerun."""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import transaction

from pqtracker.search import index, intake, services


@shared_task
def send_search_alerts_task(user_id: int) -> int:
    return services.send_search_alerts(user_id=user_id)


@shared_task
def queue_search_alerts_task() -> int:
    """Daily, from beat: one alert task per user with saved searches."""
    user_ids = services.users_with_saved_searches()
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
