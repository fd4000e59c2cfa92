import pytest
from django.urls import reverse

from pqtracker.health import services


@pytest.mark.django_db
def test_healthz_ok_without_login(client):
    response = client.get(reverse("health:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert body["broker"]["kind"] == ("redis" if services.settings.REDIS_URL else "filesystem")


@pytest.mark.django_db
def test_healthz_503_when_database_fails(client, monkeypatch):
    monkeypatch.setattr(
        services, "check_database", lambda: {"ok": False, "error": "OperationalError"}
    )
    response = client.get(reverse("health:healthz"))
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False


@pytest.mark.django_db
def test_healthz_503_when_redis_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health:healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "kind": "redis", "error": "ConnectionError"}


@pytest.mark.django_db
def test_healthz_503_when_filesystem_broker_folder_missing(client, settings, tmp_path):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "absent"),
        "data_folder_out": str(tmp_path / "absent"),
    }
    response = client.get(reverse("health:healthz"))
    assert response.status_code == 503
    assert response.json()["broker"]["kind"] == "filesystem"


@pytest.mark.django_db
def test_healthz_reports_last_worker_heartbeat(client):
    beat = services.record_heartbeat(hostname="worker-a")
    services.record_heartbeat(hostname="worker-a")
    assert services.WorkerHeartbeat.objects.get(hostname="worker-a").count == 2
    body = client.get(reverse("health:healthz")).json()
    assert body["worker_last_heartbeat"] is not None
    assert body["worker_last_heartbeat"][:16] == beat.beat_at.isoformat()[:16]


def test_healthz_rejects_post(client, db):
    assert client.post(reverse("health:healthz")).status_code == 405


def _import_run(status, minutes_ago):  # type: ignore[no-untyped-def]
    import datetime

    from django.utils import timezone

    from pqtracker.parliament.models import ImportRun

    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL, status=status, created_at=at, finished_at=at
    )


@pytest.mark.django_db
def test_healthz_reports_the_import_state_and_degrades_when_imports_keep_failing(client, settings):
    from pqtracker.parliament.models import ImportRunStatus

    settings.IMPORT_FAILURES_DEGRADED = 3
    ok = _import_run(ImportRunStatus.SUCCEEDED, 120)
    first = _import_run(ImportRunStatus.FAILED, 90)
    _import_run(ImportRunStatus.FAILED, 60)
    body = client.get(reverse("health:healthz")).json()
    assert body["status"] == "ok"
    assert body["imports"] == {
        "status": "ok",
        "last_success": ok.finished_at.isoformat(),
        "consecutive_failures": 2,
        "failing_since": first.created_at.isoformat(),
    }
    _import_run(ImportRunStatus.FAILED, 30)
    response = client.get(reverse("health:healthz"))
    # Still 200: the web server is fine, and a load balancer must not take it out of service.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["imports"]["status"] == "degraded"
    assert response.json()["imports"]["consecutive_failures"] == 3


@pytest.mark.django_db
def test_healthz_is_answered_before_sessions_and_users(client, viewer, django_assert_num_queries):
    """A signed-in probe costs the health queries only: no session read, no user loaded."""
    client.force_login(viewer)
    # SELECT 1, the last heartbeat, the last successful import and the failures since.
    with django_assert_num_queries(4):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")  # a probe by IP address
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_the_import_state_is_kept_until_a_run_is_written(django_assert_num_queries):
    from pqtracker.imports.status import import_state
    from pqtracker.parliament.models import ImportRun, ImportRunStatus

    failed = _import_run(ImportRunStatus.FAILED, 60)
    assert import_state().failures == 1
    with django_assert_num_queries(0):  # a probe reads no import run
        assert import_state().failures == 1
    # The importer finishes runs by conditional update (no signal): seen at once all the same.
    ImportRun.objects.filter(pk=failed.pk).update(status=ImportRunStatus.SUCCEEDED)
    state = import_state()
    assert state.failures == 0 and state.last_success == failed.finished_at
