"""Health of the service's dependencies: the database, the Celery broker and the workers."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from pqtracker.health.models import WorkerHeartbeat


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not fine", reported, not raised
        return {"ok": False, "engine": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "engine": connection.vendor}


def check_broker() -> dict[str, Any]:
    if settings.REDIS_URL:
        import redis

        try:
            timeout = min(settings.BROKER_TIMEOUT_SECONDS, 2)  # a probe must answer promptly
            client = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=timeout,
                socket_timeout=timeout,
                retry_on_timeout=False,
            )
            client.ping()
        except Exception as exc:  # noqa: BLE001
            return {"ok": False, "kind": "redis", "error": exc.__class__.__name__}
        return {"ok": True, "kind": "redis"}
    options: Mapping[str, object] = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    folders = [Path(str(v)) for k, v in options.items() if k.startswith("data_folder")]
    writable = all(folder.is_dir() and _writable(folder) for folder in folders)
    return (
        {"ok": writable, "kind": "filesystem"}
        if writable
        else {
            "ok": False,
            "kind": "filesystem",
            "error": "broker folder missing or not writable",
        }
    )


def _writable(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def last_heartbeat() -> datetime.datetime | None:
    try:
        beat = (
            WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        )
    except Exception:  # noqa: BLE001 - the database check reports the cause
        return None
    return beat


@transaction.atomic
def record_heartbeat(*, hostname: str) -> WorkerHeartbeat:
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(hostname=hostname).update(
        beat_at=now, count=F("count") + 1
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            hostname=hostname, defaults={"beat_at": now, "count": 1}
        )
    return WorkerHeartbeat.objects.get(hostname=hostname)
