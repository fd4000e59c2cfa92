"""The import's state as people and probes need it: when the record was last brought up to date,
and whether (and since when) the scheduled import has been failing. Two indexed queries, kept
until a run is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min

from pqtracker.parliament import generation
from pqtracker.parliament.models import IMPORTS, ImportRun, ImportRunStatus

SUCCEEDED = (ImportRunStatus.SUCCEEDED, ImportRunStatus.SUCCEEDED_WITH_ERRORS)


@dataclass(frozen=True)
class ImportState:
    last_success: datetime.datetime | None
    failures: int  # scheduled or requested incremental runs failed since the last success
    failing_since: datetime.datetime | None
    last_error: str

    @property
    def degraded(self) -> bool:
        return self.failures >= settings.IMPORT_FAILURES_DEGRADED


# Read by /healthz at every probe and by the imports page: kept under the import runs' generation
# (every write to a run advances it), so a probe costs no query of the runs.
_KEPT = generation.Kept("import-state", 4, topic=IMPORTS)


def import_state() -> ImportState:
    return _KEPT.get("state", _read_state)


def _read_state() -> ImportState:
    last = (
        ImportRun.objects.filter(kind=ImportRun.Kind.INCREMENTAL, status__in=SUCCEEDED)
        .order_by("-created_at", "-id")
        .values("created_at", "finished_at")
        .first()
    )
    failed = ImportRun.objects.filter(
        kind=ImportRun.Kind.INCREMENTAL, status=ImportRunStatus.FAILED
    )
    if last is not None:
        failed = failed.filter(created_at__gt=last["created_at"])
    summary = failed.aggregate(count=Count("id"), since=Min("created_at"))
    latest_error = ""
    if summary["count"]:
        latest_error = (
            failed.order_by("-created_at", "-id").values_list("error", flat=True).first() or ""
        )
    return ImportState(
        last_success=last["finished_at"] if last else None,
        failures=summary["count"],
        failing_since=summary["since"],
        last_error=latest_error,
    )


def health_check() -> dict[str, Any]:
    """/healthz's "imports" entry (registered in ImportsConfig.ready): times and counts only."""
    state = import_state()
    return {
        "status": "degraded" if state.degraded else "ok",
        "last_success": state.last_success.isoformat() if state.last_success else None,
        "consecutive_failures": state.failures,
        "failing_since": state.failing_since.isoformat() if state.failing_since else None,
    }
