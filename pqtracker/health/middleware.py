"""/healthz answered before sessions, authentication, CSRF and messages are set up."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from pqtracker.health.views import healthz

HEALTHZ_PATH = "/healthz"


class HealthzMiddleware:
    """First in MIDDLEWARE: a probe costs the health queries and nothing else (no session read,
    no user, no Host check, which a load balancer probing by IP address would fail)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
