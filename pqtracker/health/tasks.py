"""Thin Celery tasks for service health."""

from __future__ import annotations

import socket

from celery import shared_task

from pqtracker.health import services


@shared_task(ignore_result=False)
def record_heartbeat_task() -> str:
    """Scheduled by beat; safe to rerun. Returns the time recorded, so callers can wait on it."""
    beat = services.record_heartbeat(hostname=socket.gethostname())
    return beat.beat_at.isoformat()
