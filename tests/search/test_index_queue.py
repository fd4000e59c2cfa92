"""Large writes leave their questions to the index worker; small ones index them at once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from pqtracker.parliament import batch
from pqtracker.parliament.models import WrittenQuestion
from pqtracker.parliament.records import QuestionRecord
from pqtracker.search.index import index_pending
from pqtracker.search.models import PendingIndex
from pqtracker.search.query import parse
from pqtracker.search.services import Criteria, search_questions
from pqtracker.search.tasks import index_pending_task, queue_for_index


def record(n: int, text: str) -> QuestionRecord:
    return QuestionRecord(
        parliament_id=1_700_000 + n,
        uin=str(50_000 + n),
        house="Commons",
        date_tabled=datetime.date(2024, 11, 13),
        question_text=text,
    )


def found(text: str) -> set[str]:
    return {q.uin for q in search_questions(Criteria(query=parse(text)))}


@pytest.mark.django_db
def test_a_large_write_is_searchable_once_the_worker_has_run(settings):
    settings.SEARCH_INDEX_INLINE_MAX = 2
    batch.upsert_questions(
        records=[record(n, f"To ask about hydrotherapy pools number {n}") for n in range(3)]
    )
    assert found("hydrotherapy") == set()
    assert PendingIndex.objects.count() == 3

    assert index_pending(batch_size=2) == 3

    assert found("hydrotherapy") == {"50000", "50001", "50002"}
    assert not PendingIndex.objects.exists()
    assert index_pending() == 0


@pytest.mark.django_db
def test_a_small_write_is_searchable_at_once(settings):
    settings.SEARCH_INDEX_INLINE_MAX = 3
    batch.upsert_questions(
        records=[record(n, f"To ask about hydrotherapy pools number {n}") for n in range(3)]
    )
    assert found("hydrotherapy") == {"50000", "50001", "50002"}
    assert not PendingIndex.objects.exists()


@pytest.mark.django_db
def test_the_worker_is_woken_when_the_write_commits(settings, django_capture_on_commit_callbacks):
    settings.SEARCH_INDEX_INLINE_MAX = 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch.upsert_questions(records=[record(1, "To ask about sensory rooms")])
    assert found("sensory") == set()
    for callback in callbacks:  # tasks run inline in tests: the worker's index_pending_task
        callback()
    assert found("sensory") == {"50001"}
    assert not PendingIndex.objects.exists()


@pytest.mark.django_db
def test_a_question_changed_again_is_queued_once_and_indexed_as_it_now_reads(settings):
    settings.SEARCH_INDEX_INLINE_MAX = 0
    batch.upsert_questions(records=[record(1, "To ask about sensory rooms")])
    batch.upsert_questions(records=[record(1, "To ask about speech therapists")])
    assert PendingIndex.objects.count() == 1
    index_pending()
    assert found("speech") == {"50001"}
    assert found("sensory") == set()


@pytest.mark.django_db
def test_a_write_that_rolls_back_leaves_nothing_queued(settings):
    settings.SEARCH_INDEX_INLINE_MAX = 0
    with pytest.raises(RuntimeError), transaction.atomic():
        batch.upsert_questions(records=[record(1, "To ask about sensory rooms")])
        raise RuntimeError("the import failed after the write")
    assert not PendingIndex.objects.exists()
    assert not WrittenQuestion.objects.exists()


@pytest.fixture
def queued_question(monkeypatch) -> WrittenQuestion:
    """A question in the queue, in a database the test's threads share (tasks would otherwise
    run inline on commit: only the threads touch the queue)."""
    question = WrittenQuestion.objects.create(
        parliament_id=1, uin="1", house="Commons", date_tabled=datetime.date(2024, 11, 13)
    )
    monkeypatch.setattr(index_pending_task, "delay", lambda: None)
    queue_for_index(question_ids=[question.pk])
    return question


def hold_the_queue(holding: threading.Event, release: threading.Event, taken: list[int]) -> None:
    """The index worker's part, stopped between reading its rows and deleting them."""
    try:
        with transaction.atomic():
            taken.extend(
                PendingIndex.objects.select_for_update(skip_locked=True).values_list(
                    "question_id", flat=True
                )
            )
            holding.set()
            release.wait(10)
            PendingIndex.objects.filter(question_id__in=taken).delete()
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_question_queued_again_while_the_worker_holds_it_is_not_lost(queued_question):
    """The worker deletes the rows it read; a write queueing one of them again meanwhile must
    wait for it (ON CONFLICT DO UPDATE) and leave a fresh row, or its change is never indexed."""
    question = queued_question
    holding, release = threading.Event(), threading.Event()
    requeued = threading.Event()
    taken: list[int] = []

    def writer() -> None:
        try:
            holding.wait(10)
            with transaction.atomic():
                WrittenQuestion.objects.filter(pk=question.pk).update(heading="Changed")
                queue_for_index(question_ids=[question.pk])
            requeued.set()
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=hold_the_queue, args=(holding, release, taken)),
        threading.Thread(target=writer),
    ]
    for thread in threads:
        thread.start()
    assert holding.wait(10)
    assert taken == [question.pk]
    # The writer waits on the worker's lock rather than finding the row and moving on.
    assert not requeued.wait(0.5)
    release.set()
    for thread in threads:
        thread.join(10)
    assert requeued.is_set()
    assert list(PendingIndex.objects.values_list("question_id", flat=True)) == [question.pk]
    assert connection.vendor == "postgresql"


def test_beat_sweeps_the_queue_with_a_registered_task(settings):
    from pqtracker.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["search-index-sweep"]
    assert entry["task"] == index_pending_task.name
    assert entry["task"] in app.tasks
    assert entry["schedule"] == settings.SEARCH_INDEX_SWEEP_SECONDS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reader_that_must_find_everything_waits_for_rows_the_worker_holds(queued_question):
    holding, release = threading.Event(), threading.Event()
    returned: list[int] = []

    def reader() -> None:
        try:
            returned.append(index_pending(wait=True))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold_the_queue, args=(holding, release, []))]
    threads[0].start()
    assert holding.wait(10)
    assert index_pending() == 0  # the worker's rows are left to it
    threads.append(threading.Thread(target=reader))
    threads[1].start()
    threads[1].join(0.5)
    assert returned == []  # still waiting for the worker
    release.set()
    for thread in threads:
        thread.join(10)
    assert returned == [0] and not PendingIndex.objects.exists()
