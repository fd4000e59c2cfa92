"""Sign-in throttling: failures for one user name, or from one address, lock it out for a while
with a GOV.UK error; signing in correctly before the limit works and is never counted."""

from __future__ import annotations

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse

from pqtracker.accounts.lockout import client_ip
from pqtracker.audit.models import AuditEvent
from tests.factories import UserFactory

LOGIN = reverse("accounts:login")
PASSWORD = "correct-horse-battery"
LIMIT = 3


@pytest.fixture(autouse=True)
def _limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client: Client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        response = sign_in(client, username, "wrong-password-here", ip)
        assert response.status_code in {200, 429}


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_signing_in_before_the_limit_works(client, viewer):
    fail(client, "viewer", LIMIT - 1)
    response = sign_in(client, "viewer", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.django_db
def test_the_limit_locks_the_user_name_at_that_address_even_with_the_right_password(client, viewer):
    fail(client, "viewer", LIMIT - 1, ip="10.0.1.1")
    assert sign_in(client, "viewer", "wrong-password-here", "10.0.1.1").status_code == 429
    response = sign_in(client, "viewer", PASSWORD, "10.0.1.1")
    assert response.status_code == 429 and not signed_in(client)
    # Someone else at that address is not affected.
    UserFactory(username="clerk2")
    assert sign_in(client, "clerk2", PASSWORD, "10.0.1.1").status_code == 302


@pytest.mark.django_db
def test_nobody_can_keep_someone_elses_account_locked_from_elsewhere(client, viewer):
    """Failures from other addresses lock those addresses' pairs, never the account itself."""
    for n in range(3):
        fail(client, "viewer", LIMIT, ip=f"203.0.113.{n}")
    assert sign_in(client, "viewer", "wrong-password-here", "203.0.113.0").status_code == 429
    response = sign_in(client, "viewer", PASSWORD, "10.0.2.1")
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.django_db
def test_an_address_spraying_many_user_names_is_locked(client, viewer, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2 * LIMIT
    for n in range(2 * LIMIT):
        # Under the pair limit for every name: only the address's total can lock it.
        sign_in(client, f"nobody-{n}", "wrong-password-here", "10.0.3.1")
    response = sign_in(client, "viewer", PASSWORD, "10.0.3.1")
    assert response.status_code == 429 and not signed_in(client)
    assert sign_in(client, "viewer", PASSWORD, "10.0.3.2").status_code == 302


@pytest.mark.django_db
def test_attempts_while_locked_out_neither_extend_it_nor_flood_the_audit_trail(client, viewer):
    from axes.models import AccessAttempt

    fail(client, "viewer", LIMIT)
    locked_at = {
        a.pk: (a.attempt_time, a.failures_since_start) for a in AccessAttempt.objects.all()
    }
    assert AuditEvent.objects.filter(verb="login.locked_out").count() == 1
    for password in ("wrong-password-here", PASSWORD, "another-guess-here", PASSWORD):
        assert sign_in(client, "viewer", password).status_code == 429
    # Not counted: the lockout still ends LOGIN_LOCKOUT_MINUTES after the failure that locked.
    after = {a.pk: (a.attempt_time, a.failures_since_start) for a in AccessAttempt.objects.all()}
    assert after == locked_at
    assert AuditEvent.objects.filter(verb="login.locked_out").count() == 1


@pytest.mark.django_db
def test_lockout_shows_a_gds_error_summary_not_an_error_page(client, viewer):
    fail(client, "viewer", LIMIT - 1)
    response = sign_in(client, "viewer", "wrong-password-here")
    assert response.status_code == 429
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert 'class="govuk-error-summary"' in html
    assert "There have been too many attempts to sign in. Wait 15 minutes, then try again." in html
    assert "Please enter a correct username and password" not in html
    assert 'value="viewer"' in html  # the user name stays filled in
    event = AuditEvent.objects.get(verb="login.locked_out")
    assert event.data == {"username": "viewer", "ip_address": "10.0.0.1"}


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, viewer, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=1)
    fail(client, "viewer", LIMIT)
    assert sign_in(client, "viewer", PASSWORD).status_code == 429
    time.sleep(1.2)
    response = sign_in(client, "viewer", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


@pytest.mark.django_db
def test_admin_sign_in_is_throttled_too(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for _ in range(LIMIT):
        client.post(reverse("admin:login"), {"username": "boss", "password": "wrong-password-here"})
    response = client.post(reverse("admin:login"), {"username": "boss", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many attempts to sign in" in response.content.decode()


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    settings.LOGIN_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.9.9.9"
    settings.LOGIN_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "1.2.3.4"  # the forged 6.6.6.6 is ignored
    settings.LOGIN_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.LOGIN_TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.9.9.9"  # fewer hops than proxies: not forwarded by them
