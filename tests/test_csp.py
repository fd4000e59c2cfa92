"""The Content-Security-Policy header: on every response, as specified, and allowing exactly the
inline script the templates have. The browser journeys check that pages raise no violations."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path as route
from django.urls import reverse

from pqtracker import urls as project_urls
from tests.conftest import REPO_ROOT

EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [reverse("accounts:login"), "/healthz", "/no-such-page/", "/static/js/application.mjs"],
)
def test_every_kind_of_response_has_the_policy(path: str, settings) -> None:
    # WhiteNoise serves static files as in production (it reads its settings on start).
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get(path)
    response.close()  # a static file comes as an open FileResponse
    assert response.status_code == (404 if path == "/no-such-page/" else 200)
    assert policy(response) == EXPECTED
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_signed_in_pages_and_htmx_partials_have_the_policy(client, viewer) -> None:
    client.force_login(viewer)
    for path in (reverse("parliament:question-list"), reverse("search:search")):
        assert policy(client.get(path)) == EXPECTED
        assert policy(client.get(path, headers={"HX-Request": "true"})) == EXPECTED


@pytest.mark.django_db
def test_the_policy_allows_each_inline_script_the_pages_have(client, viewer) -> None:
    client.force_login(viewer)
    response = client.get(reverse("parliament:question-list"))
    scripts = INLINE_SCRIPT.findall(response.content.decode())
    assert scripts, "base.html's GOV.UK Frontend script is expected"
    allowed = policy(response)["script-src"]
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, f"inline script not allowed: {script[:60]}"


def test_templates_have_no_inline_handlers_or_styles() -> None:
    offenders = []
    for template in (REPO_ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style\b", r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                offenders.append(f"{template.relative_to(REPO_ROOT)}: {pattern}")
    assert offenders == []


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_its_indicator_style(client) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config is not None
    assert json.loads(config.group(1))["includeIndicatorStyles"] is False


@login_not_required
def _broken_view(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


urlpatterns = [route("broken/", _broken_view), *project_urls.urlpatterns]


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_only_djangos_technical_error_pages_in_debug_go_without_the_policy(
    settings, debug: bool
) -> None:
    # Django draws its DEBUG 404 and 500 pages with inline styles; under the policy they would
    # be unreadable, so django-csp leaves those two out in DEBUG (and only those). Production
    # (DEBUG off) keeps the policy on its own error pages.
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    for path_, status in (("/broken/", 500), ("/no-such-page/", 404)):
        response = client.get(path_)
        assert response.status_code == status
        if debug:
            assert "Content-Security-Policy" not in response, path_
            assert b"<style" in response.content  # Django's technical page
        else:
            assert policy(response) == EXPECTED
    assert policy(client.get(reverse("accounts:login"))) == EXPECTED
