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
            ("Evidence", "evidence:search", Permission.VIEW_QUESTIONS),
            ("Imports", "imports:import-list", Permission.VIEW_IMPORTS),
            ("New questions", "answers:new-queue", Permission.COMMISSION_QUESTIONS),
            # The answers app's work queue: everyone who drafts, clears or commissions.
            ("My work", "answers:my-work", Permission.DRAFT_ANSWERS),
            ("My work", "answers:my-work", Permission.CLEAR_ANSWERS),
            ("Deadlines", "deadlines:dashboard", Permission.VIEW_DEADLINES),
        ]
        for label, url_name, permission in candidates:
            if user.has_permission(permission) and label not in {i["label"] for i in items}:
                href = reverse(url_name)
                items.append(
                    {"label": label, "href": href, "active": request.path.startswith(href)}
                )
        # One current item: the longest matching link (/answers/new/ rather than /answers/).
        active = [i for i in items if i["active"]]
        if len(active) > 1:
            longest = max(active, key=lambda i: len(i["href"]))
            for item in active:
                item["active"] = item is longest
        if user.is_staff:
            # The Django admin, for the few who look after users, roles and records.
            href = reverse("admin:index")
            items.append({"label": "Admin", "href": href, "active": request.path.startswith(href)})
    return {"service_name": settings.SERVICE_NAME, "nav_items": items}
