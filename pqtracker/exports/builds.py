"""Downloads as the worker makes them into EXPORTS_DIR, and beat deletes them.

Each step is a conditional update on the status, so a task delivered twice, or redelivered after
its worker died, makes one file. The file is written under a temporary name and renamed when
whole: a download never sees half a file.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from pqtracker.exports import registry
from pqtracker.exports.csvfile import csv_lines
from pqtracker.exports.models import Export, ExportStatus

logger = logging.getLogger(__name__)

# Progress is saved every this many rows (one small UPDATE each).
PROGRESS_EVERY = 1000
# A download being made with no progress for this long was left by a dead worker.
STALE_AFTER = datetime.timedelta(minutes=10)


class TooManyRows(Exception):
    def __init__(self, count: int) -> None:
        limit = settings.EXPORT_MAX_ROWS
        super().__init__(
            f"This download would have {count:,} rows; a download can have at most {limit:,} rows. "
            "Add words or filters to narrow it, then download again."
        )
        self.count = count


def exports_dir() -> Path:
    path = Path(settings.EXPORTS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(export: Export) -> Path | None:
    return exports_dir() / export.file_name if export.file_name else None


def check_size(count: int) -> None:
    if count > settings.EXPORT_MAX_ROWS:
        raise TooManyRows(count)


def _claim(export_id: int) -> bool:
    now = timezone.now()
    stale = now - STALE_AFTER
    return bool(
        Export.objects.filter(pk=export_id)
        .filter(
            Q(status=ExportStatus.QUEUED) | Q(status=ExportStatus.BUILDING, heartbeat_at__lt=stale)
        )
        .update(status=ExportStatus.BUILDING, started_at=now, heartbeat_at=now, rows_written=0)
    )


def _progress(export_id: int, **fields: Any) -> bool:
    fields["heartbeat_at"] = timezone.now()
    return bool(Export.objects.filter(pk=export_id, status=ExportStatus.BUILDING).update(**fields))


def _fail(export_id: int, error: str) -> None:
    Export.objects.filter(pk=export_id, status=ExportStatus.BUILDING).update(
        status=ExportStatus.FAILED, finished_at=timezone.now(), error=error
    )


def build_export(*, export_id: int) -> Export:
    """Make the file. Safe to rerun: a download already made, or being made, is left alone."""
    if not _claim(export_id):
        return Export.objects.get(pk=export_id)
    export = Export.objects.get(pk=export_id)
    source = registry.get(export.kind)
    name = f"export-{export.pk}.csv"
    final = exports_dir() / name
    part = final.with_name(name + ".part")
    try:
        if source is None:
            raise registry.InvalidQuery("There is nothing to download for this page.")
        params = QueryDict(export.query_string)
        total = source.count(params)
        check_size(total)
        _progress(export_id, rows_total=total)
        written = 0
        rows = itertools.islice(source.rows(params, settings.SITE_URL), settings.EXPORT_MAX_ROWS)
        with part.open("w", encoding="utf-8", newline="") as handle:
            for line in csv_lines(source.header, rows):
                handle.write(line)
                written += 1
                # Two lines (the mark and the header) come before the first row.
                rows_done = written - 2
                at_step = rows_done > 0 and rows_done % PROGRESS_EVERY == 0
                if at_step and not _progress(export_id, rows_written=rows_done):
                    return Export.objects.get(pk=export_id)  # taken over or deleted
        os.replace(part, final)
        Export.objects.filter(pk=export_id, status=ExportStatus.BUILDING).update(
            status=ExportStatus.READY,
            rows_written=max(0, written - 2),
            rows_total=max(total, written - 2),
            file_name=name,
            size_bytes=final.stat().st_size,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    except (registry.InvalidQuery, TooManyRows) as error:
        _fail(export_id, str(error))
    except Exception:
        logger.exception("Download %s could not be made", export_id)
        _fail(
            export_id,
            "The file could not be made. Try again; if it fails again, tell the "
            "service's administrators.",
        )
    finally:
        part.unlink(missing_ok=True)
    return Export.objects.get(pk=export_id)


def delete_expired_exports(*, now: datetime.datetime | None = None) -> int:
    """Delete files finished more than EXPORT_KEEP_HOURS ago (the rows stay, marked deleted),
    and any half-written file left that long by a dead worker."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    expired = Export.objects.filter(
        status__in=(ExportStatus.READY, ExportStatus.FAILED), finished_at__lt=cutoff
    )
    count = 0
    for export in expired.iterator():
        path = file_path(export)
        if path is not None:
            path.unlink(missing_ok=True)
        count += Export.objects.filter(pk=export.pk, status=export.status).update(
            status=ExportStatus.EXPIRED, file_name="", size_bytes=0
        )
    for leftover in exports_dir().glob("*.part"):
        modified = datetime.datetime.fromtimestamp(leftover.stat().st_mtime, tz=datetime.UTC)
        if modified < cutoff:
            leftover.unlink(missing_ok=True)
    return count
