"""Thin Celery tasks for downloads: they take ids, call one service and are safe to rerun."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from pqtracker.exports import builds
from pqtracker.exports.models import Export, ExportStatus

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def build_export_task(export_id: int) -> None:
    builds.build_export(export_id=export_id)


@shared_task
def delete_expired_exports_task() -> int:
    """Scheduled by beat."""
    return builds.delete_expired_exports()


def queue_build(export: Export) -> None:
    """Queue the build once the row is committed (the worker must see it)."""
    export_id = export.pk

    def send() -> None:
        try:
            build_export_task.delay(export_id)
        except Exception as error:  # kombu, redis and Celery each raise their own kinds
            # The download's page says so, instead of waiting for ever (or a 500 here).
            logger.error("Download %s could not be queued: %s", export_id, error)
            Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
                status=ExportStatus.FAILED,
                finished_at=timezone.now(),
                error="It could not be started: the background job queue is not answering. "
                "Try again in a few minutes.",
            )

    transaction.on_commit(send)
