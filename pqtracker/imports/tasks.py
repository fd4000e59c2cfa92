"""Thin Celery tasks for imports: they take ids, call one service and are safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from pqtracker.imports import runs
from pqtracker.parliament.models import ImportRun


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
    transaction.on_commit(lambda: run_import_task.delay(run_id))
