from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from pqtracker.accounts.permissions import Permission


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The service navigation, limited to what the signed-in user may open."""
    user = getattr(request, "user", None)
    items: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        candidates = [
            ("Questions", "parliament:question-list", Permission.VIEW_QUESTIONS),
            ("Search", "search:search", Permission.SEARCH_QUESTIONS),
            ("Imports", "imports:import-list", Permission.VIEW_IMPORTS),
            ("Deadlines", "deadlines:dashboard", Permission.VIEW_DEADLINES),
        ]
        for label, url_name, permission in candidates:
            if user.has_permission(permission):
                href = reverse(url_name)
                items.append(
                    {"label": label, "href": href, "active": request.path.startswith(href)}
                )
    return {"service_name": settings.SERVICE_NAME, "nav_items": items}
