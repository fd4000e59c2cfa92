"""The imports page: who may see it and run imports, the button, and the progress polling."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pqtracker.audit.models import AuditEvent
from pqtracker.imports import tasks
from pqtracker.parliament.models import ImportRun, ImportRunStatus, QuarantinedRecord
from pqtracker.search.models import PendingIndex
from tests.factories import WrittenQuestionFactory

pytestmark = pytest.mark.django_db
URL = "/imports/"


@pytest.fixture
def queued(monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[int] = []
    monkeypatch.setattr(tasks.run_import_task, "delay", lambda run_id: calls.append(run_id))
    return calls


def test_import_list_url_name():
    assert reverse("imports:import-list") == URL


@pytest.mark.parametrize("persona", ["viewer", "drafter", "clearer"])
def test_import_list_refuses_users_without_view_imports(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert not ImportRun.objects.exists()


def test_import_list_shows_runs_and_quarantine_to_pq_team(client, pq_team):
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.SUCCEEDED_WITH_ERRORS,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        windows=[{"kind": "tabled", "from": "2024-11-11", "to": "2024-11-14"}],
        new_count=48,
        failed_count=1,
    )
    QuarantinedRecord.objects.create(
        import_run=run,
        parliament_id=1741638,
        payload='{"house": "<b>Mars</b>"}',
        reason="bad house",
    )
    client.force_login(pq_team)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Succeeded with errors" in body and "govuk-tag--yellow" in body
    assert "Tabled 2024-11-11 to 2024-11-14" in body
    assert ">48<" in body
    assert "1741638" in body and "bad house" in body and "govuk-details" in body
    assert "&lt;b&gt;Mars&lt;/b&gt;" in body  # the raw payload is escaped, never rendered
    assert "Run import now" in body
    assert 'href="/imports/"' in body  # the navigation item


def test_import_list_clerk_sees_page_but_no_button(client, clerk):
    client.force_login(clerk)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Run import now" not in response.content.decode()
    assert client.post(URL).status_code == 403
    assert not ImportRun.objects.exists()


def test_navigation_has_no_imports_item_for_viewer(client, viewer):
    client.force_login(viewer)
    assert 'href="/imports/"' not in client.get("/questions/").content.decode()


def test_import_list_button_queues_exactly_one_run(
    client, pq_team, queued, django_capture_on_commit_callbacks
):
    client.force_login(pq_team)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, {"run": "Run import now"})
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(URL, {"run": "Run import now"})

    assert first.status_code == second.status_code == 302
    run = ImportRun.objects.get()
    assert run.requested_by == pq_team and run.kind == ImportRun.Kind.INCREMENTAL
    assert queued == [run.pk]
    event = AuditEvent.objects.get(verb="import.requested")
    assert event.actor == pq_team and event.target_id == str(run.pk)
    page = client.get(URL).content.decode()
    assert f"Import {run.pk} is already queued." in page


def test_import_list_post_needs_csrf(pq_team):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(pq_team)
    assert client.post(URL).status_code == 403
    assert not ImportRun.objects.exists()


def test_import_list_progress_partial_polls_while_running(client, pq_team):
    ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        items_total=200,
        items_processed=50,
        new_count=7,
    )
    client.force_login(pq_team)

    response = client.get(URL, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="import-progress"')
    assert 'hx-trigger="every 2s"' in body
    assert "50 of 200" in body and "(25%)" in body and "7 new" in body
    assert "Recent runs" not in body
    assert "HX-Request" in response["Vary"]


def test_import_list_progress_partial_stops_polling_when_idle(client, pq_team):
    ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(days=1),  # dead: not active
    )
    client.force_login(pq_team)

    partial = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    full = client.get(URL).content.decode()

    assert "hx-trigger" not in partial and "No import is running now" in partial
    assert "hx-trigger" not in full


def test_import_list_polls_while_questions_wait_for_the_search_index(client, pq_team):
    questions = WrittenQuestionFactory.create_batch(2)
    for question in questions:
        PendingIndex.objects.create(question=question, queued_at=timezone.now())
    client.force_login(pq_team)

    partial = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in partial
    assert "2 imported questions are waiting for the search index" in partial
    assert "No import is running now" not in partial

    PendingIndex.objects.all().delete()
    partial = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and "search index" not in partial


@pytest.mark.django_db(transaction=True)  # on_commit runs as in production, inside the request
def test_run_import_now_with_the_queue_down_says_so_and_fails_the_run(client, pq_team, monkeypatch):
    from kombu.exceptions import OperationalError

    def broker_down(run_id: int) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_import_task, "delay", broker_down)
    client.force_login(pq_team)

    response = client.post(URL, follow=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert "could not be started: the background job queue is not answering" in body
    run = ImportRun.objects.get()
    assert run.status == ImportRunStatus.FAILED and run.finished_at is not None
    assert "background job queue did not answer" in run.error
    # The failed run holds no lock: the next request queues a new import.
    monkeypatch.setattr(tasks.run_import_task, "delay", lambda run_id: None)
    client.post(URL)
    assert ImportRun.objects.filter(status=ImportRunStatus.QUEUED).count() == 1


@pytest.mark.redis
def test_queueing_on_a_redis_that_does_not_answer_fails_within_seconds(settings):
    """Our broker and result-backend settings, not kombu's and Celery's defaults (19 seconds of
    retries in all), bound the wait. An app configured as ours, pointed at a closed port."""
    import time

    from celery import Celery
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    app = Celery("redis-down", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = app.conf.result_backend = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False

    @app.task(ignore_result=False)
    def noop() -> None:
        return None

    started = time.monotonic()
    with pytest.raises((OperationalError, RedisError, OSError, RuntimeError)):
        noop.delay()
    assert time.monotonic() - started < 3 * settings.BROKER_TIMEOUT_SECONDS


def _failed_run(minutes_ago: int, error: str = "") -> ImportRun:
    created = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.FAILED,
        created_at=created,
        finished_at=created,
        error=error,
    )


def test_imports_page_says_plainly_what_failed_and_since_when(client, pq_team):
    ok = ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.SUCCEEDED,
        created_at=timezone.now() - datetime.timedelta(hours=2),
        finished_at=timezone.now() - datetime.timedelta(hours=2),
    )
    first = _failed_run(90)
    _failed_run(60, error="Parliament's API did not answer properly after 6 tries.")
    client.force_login(pq_team)
    body = client.get(URL).content.decode()
    assert "Imports from Parliament are failing" in body
    assert (
        "The last 2 imports failed, the first on "
        + timezone.localtime(first.created_at).strftime("%-d %B %Y at %H:%M")
        in body
    )
    assert (
        "last brought up to date on " + timezone.localtime(ok.finished_at).strftime("%-d %B %Y")
        in body
    )
    assert "What went wrong the last time: Parliament&#x27;s API did not answer properly" in body


def test_imports_page_says_nothing_is_failing_after_a_success(client, pq_team):
    _failed_run(90)
    ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL, status=ImportRunStatus.SUCCEEDED,
        finished_at=timezone.now(),
    )  # fmt: skip
    client.force_login(pq_team)
    assert "are failing" not in client.get(URL).content.decode()


def test_live_panel_says_it_is_waiting_for_parliament_instead_of_0_of_0(client, pq_team):
    from pqtracker.imports import activity

    run = ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL,
        status=ImportRunStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        since=datetime.date(2024, 11, 11),
        until=datetime.date(2024, 11, 14),
    )
    activity.retrying(run.pk)(2, 5, "HTTP 503")
    client.force_login(pq_team)
    body = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for Parliament&#x27;s API, retry 2 of 5 (last answer: HTTP 503)." in body
    assert "0 of 0" not in body
    assert "Asking Parliament which questions were tabled" in body
    activity.clear(run.pk)
