"""The import tasks: thin, safe to rerun, on beat; and a real worker on Redis end to end."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from pqtracker.celery import app
from pqtracker.imports import runs, tasks
from pqtracker.parliament.models import ImportRun, ImportRunStatus, WrittenQuestion
from tests.conftest import REPO_ROOT
from tests.imports import support_runs as support
from tests.test_worker import database_url_for_tests

SINCE, UNTIL = datetime.date(2024, 11, 11), datetime.date(2024, 11, 14)


def test_beat_schedules_incremental_import_every_interval():
    entry = settings.CELERY_BEAT_SCHEDULE["incremental-import"]
    assert entry["task"] == tasks.incremental_import_task.name
    assert entry["schedule"] == 60.0 * settings.IMPORT_INTERVAL_MINUTES
    assert tasks.incremental_import_task.name in app.tasks


@pytest.mark.django_db
@pytest.mark.shared
def test_run_import_task_runs_queued_run_once(fake_parliament, parliament_data):
    fake_parliament.set_questions(support.slice_details(parliament_data))
    run = runs.start_run(kind=ImportRun.Kind.RANGE, since=SINCE, until=UNTIL)

    assert tasks.run_import_task.delay(run.pk).get() == ImportRunStatus.SUCCEEDED
    requests = len(fake_parliament.requests)
    assert tasks.run_import_task.delay(run.pk).get() == ImportRunStatus.SUCCEEDED

    assert len(fake_parliament.requests) == requests  # a finished run is not run again
    assert WrittenQuestion.objects.count() == 50


@pytest.mark.django_db
def test_incremental_import_task_starts_and_runs_when_idle(fake_parliament, settings):
    settings.IMPORT_FIRST_RUN_DAYS = 0

    assert tasks.incremental_import_task.delay().get() == ImportRunStatus.SUCCEEDED

    run = ImportRun.objects.get()
    assert run.kind == ImportRun.Kind.INCREMENTAL and run.since == run.until


@pytest.mark.django_db
def test_incremental_import_task_skips_when_an_import_is_active(fake_parliament):
    active = runs.start_run(kind=ImportRun.Kind.RANGE, since=SINCE, until=UNTIL)

    assert tasks.incremental_import_task.delay().get() is None

    assert list(ImportRun.objects.all()) == [active]
    assert fake_parliament.requests == []


@pytest.mark.django_db
def test_queue_run_waits_for_commit(
    fake_parliament, monkeypatch, django_capture_on_commit_callbacks
):
    queued: list[int] = []
    monkeypatch.setattr(tasks.run_import_task, "delay", lambda run_id: queued.append(run_id))
    run = runs.start_run(kind=ImportRun.Kind.RANGE, since=SINCE, until=UNTIL)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.queue_run(run)
    assert queued == []
    for callback in callbacks:
        callback()
    assert queued == [run.pk]


@pytest.mark.redis
@pytest.mark.shared
def test_real_worker_on_redis_runs_import_end_to_end(
    transactional_db, fake_parliament, parliament_data, tmp_path
):
    fake_parliament.set_questions(support.slice_details(parliament_data))
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": settings.REDIS_URL,
        "PQTRACKER_TESTING": "false",
        "PARLIAMENT_QUESTIONS_API_URL": fake_parliament.questions_url,
        "PARLIAMENT_MEMBERS_API_URL": fake_parliament.members_url,
        "PARLIAMENT_API_MAX_RPS": "10000",
        "PARLIAMENT_API_BACKOFF_SECONDS": "0.001",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pqtracker", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "-n", "pqimport@%h"],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    app.conf.task_always_eager = False
    try:
        run = runs.start_run(kind=ImportRun.Kind.RANGE, since=SINCE, until=UNTIL)
        tasks.run_import_task.delay(run.pk)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if not run.is_active:
                break
            assert proc.poll() is None, f"worker exited:\n{Path(log).read_text()[-3000:]}"
            time.sleep(0.5)
        assert run.status == ImportRunStatus.SUCCEEDED, (
            run.status,
            run.error,
            Path(log).read_text()[-3000:],
        )
        assert run.new_count == 50
        assert WrittenQuestion.objects.count() == 50
        assert any("/api/writtenquestions/questions/" in r for r in fake_parliament.requests)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
