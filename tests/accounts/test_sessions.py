"""Sessions read from their own cache and kept in the database (accounts.sessions, ADR 20)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE = "/questions/"
LOGIN = reverse("accounts:login")


def _sign_in(client, user) -> str:  # type: ignore[no-untyped-def]
    response = client.post(LOGIN, {"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_session_is_kept_in_both_the_cache_and_the_database(client, viewer):
    key = _sign_in(client, viewer)
    assert caches["sessions"].get(KEY_PREFIX + key) is not None
    assert Session.objects.filter(session_key=key).exists()


def test_a_session_dropped_from_the_cache_is_read_from_the_database(client, viewer):
    key = _sign_in(client, viewer)
    caches["sessions"].delete(KEY_PREFIX + key)  # as its cull might
    assert client.get(PAGE).status_code == 200  # still signed in
    assert caches["sessions"].get(KEY_PREFIX + key) is not None  # and cached again


def test_signing_out_ends_the_session_in_the_cache_and_the_database(client, viewer):
    key = _sign_in(client, viewer)
    assert client.get(PAGE).status_code == 200
    client.post(reverse("accounts:logout"))
    assert caches["sessions"].get(KEY_PREFIX + key) is None
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, replayed
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
