"""Keeping the search index in step with the public record.

A write that changes a few questions indexes them in its own transaction. A larger one (an
import's batch) queues them instead, in the same transaction, and the index worker catches up
once it commits: computing a question's vector costs more than writing the question (ADR 3).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from pqtracker.parliament import generation
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.backends import get_backend
from pqtracker.search.models import PendingIndex


def index_questions(*, question_ids: Sequence[int]) -> None:
    """(Re)index these questions. Runs inside the caller's transaction, so the index commits
    or rolls back with the write that changed them."""
    get_backend().index(sorted(set(question_ids)))
    generation.advance()  # searches and similar questions kept by web processes


def add_pending(*, question_ids: Sequence[int]) -> bool:
    """Leave these questions to the index worker, in the caller's transaction. Returns whether
    any were added; ``tasks.queue_for_index`` also wakes the worker once they commit."""
    ids = sorted(set(question_ids))
    if not ids:
        return False
    table = PendingIndex._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (question_id, queued_at) "  # noqa: S608 - a model's table
                "SELECT unnest(%s::bigint[]), %s "
                "ON CONFLICT (question_id) DO UPDATE SET queued_at = EXCLUDED.queued_at",
                [ids, now],
            )
        else:
            # One JSON parameter rather than a model instance per row. ("WHERE true": SQLite's
            # grammar needs it between a SELECT and ON CONFLICT.)
            cursor.execute(
                f"INSERT INTO {table} (question_id, queued_at) "  # noqa: S608 - a model's table
                "SELECT value, %s FROM json_each(%s) WHERE true "
                "ON CONFLICT (question_id) DO UPDATE SET queued_at = excluded.queued_at",
                [connection.ops.adapt_datetimefield_value(now), json.dumps(ids)],
            )
    return True


def index_pending(*, batch_size: int | None = None, wait: bool = False) -> int:
    """Index every queued question, ``batch_size`` to a transaction; returns how many.

    Safe to run twice at once: on PostgreSQL the index worker takes rows no other has locked.
    With ``wait`` (for a reader that must find by their words every question queued before it
    began: alerts, the near-duplicate check), rows another worker holds are waited for instead
    of left to it, so on return they are indexed one way or the other.
    """
    size = batch_size or settings.SEARCH_INDEX_BATCH
    done = 0
    while True:
        with transaction.atomic():
            ids = list(
                # Locked in key order: two that wait cannot deadlock.
                PendingIndex.objects.select_for_update(skip_locked=not wait)
                .order_by("question_id")
                .values_list("question_id", flat=True)[:size]
            )
            if not ids:
                return done
            get_backend().index(ids)
            PendingIndex.objects.filter(question_id__in=ids).delete()
            generation.advance()
        done += len(ids)


def pending_count() -> int:
    return PendingIndex.objects.count()


def rebuild_index(
    *, batch_size: int = 20_000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild the whole index in id ranges of ``batch_size``, one transaction per range.

    Returns the number of questions in the record. Safe to rerun, and searches keep working
    throughout: each range is replaced atomically, never emptied first.
    """
    backend = get_backend()
    bounds = WrittenQuestion.objects.aggregate(first=Min("id"), last=Max("id"))
    if bounds["first"] is None:
        backend.clear()
        generation.advance()
        return 0
    for start in range(bounds["first"], bounds["last"] + 1, batch_size):
        end = min(start + batch_size - 1, bounds["last"])
        with transaction.atomic():
            backend.index_range(start, end)
            generation.advance()
        if progress:
            progress(end - bounds["first"] + 1, bounds["last"] - bounds["first"] + 1)
    return WrittenQuestion.objects.count()
