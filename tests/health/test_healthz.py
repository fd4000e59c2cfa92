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
