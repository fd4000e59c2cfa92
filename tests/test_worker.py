"""A real Celery worker, in its own process, runs a task end to end on the configured broker:
the filesystem broker in the embedded mode, Redis when REDIS_URL is set (CI's second pass)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from pqtracker.celery import app
from pqtracker.health.models import WorkerHeartbeat
from pqtracker.health.tasks import record_heartbeat_task
from tests.conftest import REPO_ROOT, need


def database_url_for_tests() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            need(False, f"Redis at REDIS_URL is not answering ({exc.__class__.__name__})")
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "CELERY_BROKER_DIR": str(settings.CELERY_BROKER_DIR),
        "PQTRACKER_TESTING": "false",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pqtracker",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                "pqtest@%h",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    app.conf.task_always_eager = False
    try:
        yield proc, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_real_worker_runs_heartbeat_task(celery_worker_process):
    proc, log = celery_worker_process
    assert not WorkerHeartbeat.objects.exists()
    result = record_heartbeat_task.delay()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not WorkerHeartbeat.objects.exists():
        assert proc.poll() is None, f"worker exited early:\n{Path(log).read_text()[-3000:]}"
        time.sleep(0.25)
    beat = WorkerHeartbeat.objects.first()
    assert beat is not None, f"no heartbeat recorded within 60 s:\n{Path(log).read_text()[-3000:]}"
    assert beat.count == 1
    # The result travels back through the result backend too.
    assert result.get(timeout=30) == beat.beat_at.isoformat()
    assert "succeeded" in Path(log).read_text()
