"""Thin Celery tasks for imports: they take ids, call one service and are safe to rerun."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from pqtracker.imports import runs
from pqtracker.parliament.models import ImportRun, ImportRunStatus

logger = logging.getLogger(__name__)
QUEUE_DOWN = (
    "Not started: the background job queue did not answer, so no worker was asked to run it."
)


class QueueUnavailable(Exception):
    """The broker refused or did not answer; the run it was for is marked failed."""

    def __init__(self, run_id: int) -> None:
        super().__init__(QUEUE_DOWN)
        self.run_id = run_id


@shared_task(acks_late=True, ignore_result=False)
def run_import_task(run_id: int) -> str:
    """Execute a queued run. A finished run is not run again; a live one is left to its worker."""
    return runs.execute_run(run_id=run_id).status


@shared_task(ignore_result=False)
def incremental_import_task() -> str | None:
    """Scheduled by beat: start the incremental import unless one is already active."""
    run = runs.run_incremental_import()
    return run.status if run is not None else None


def queue_run(run: ImportRun) -> None:
    """Queue ``run`` once the transaction that created it has committed (the worker must see it)."""
    run_id = run.pk

    def send() -> None:
        try:
            run_import_task.delay(run_id)
        except Exception as error:  # kombu, redis and Celery each raise their own kinds
            # Left queued, the run would hold the import lock until IMPORT_LOCK_TTL_SECONDS
            # passed, refusing every import meanwhile; failed, it frees the lock and says why.
            logger.error("Import %s could not be queued: %s", run_id, error)
            ImportRun.objects.filter(pk=run_id, status=ImportRunStatus.QUEUED).update(
                status=ImportRunStatus.FAILED, finished_at=timezone.now(), error=QUEUE_DOWN
            )
            raise QueueUnavailable(run_id) from error

    transaction.on_commit(send)


@shared_task(ignore_result=False)
def import_calendar_task() -> int:
    """Scheduled by beat: refresh both Houses' recesses; rerunning replaces the same window."""
    from pqtracker.imports.calendar_feed import import_calendar

    return sum(result.added for result in import_calendar())
