"""Keeping the search index in step with the public record."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction
from django.db.models import Max, Min

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search.backends import get_backend


def index_questions(*, question_ids: Sequence[int]) -> None:
    """(Re)index these questions. Runs inside the caller's transaction, so the index commits
    or rolls back with the write that changed them."""
    get_backend().index(sorted(set(question_ids)))


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
        return 0
    for start in range(bounds["first"], bounds["last"] + 1, batch_size):
        end = min(start + batch_size - 1, bounds["last"])
        with transaction.atomic():
            backend.index_range(start, end)
        if progress:
            progress(end - bounds["first"] + 1, bounds["last"] - bounds["first"] + 1)
    return WrittenQuestion.objects.count()
