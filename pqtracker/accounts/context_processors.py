from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch

from pqtracker.accounts.permissions import Permission
from pqtracker.web.addresses import address

# The service navigation: (label, URL name, the permission that shows it). A label listed twice
# is shown once, for whichever of its permissions the user holds.
CANDIDATES = (
    ("Questions", "parliament:question-list", Permission.VIEW_QUESTIONS),
    ("Search", "search:search", Permission.SEARCH_QUESTIONS),
    ("Evidence", "evidence:search", Permission.VIEW_QUESTIONS),
    ("Imports", "imports:import-list", Permission.VIEW_IMPORTS),
    ("New questions", "answers:new-queue", Permission.COMMISSION_QUESTIONS),
    # The answers app's work queue: everyone who drafts, clears or commissions.
    ("My work", "answers:my-work", Permission.DRAFT_ANSWERS),
    ("My work", "answers:my-work", Permission.CLEAR_ANSWERS),
    ("Deadlines", "deadlines:dashboard", Permission.VIEW_DEADLINES),
)
# The layout's own links (base.html): the header's home link, the account page, signing out.
LAYOUT_URLS = {
    "home_url": "home",
    "profile_url": "accounts:profile",
    "logout_url": "accounts:logout",
}


def _addresses() -> dict[str, str]:
    """The navigation's and the layout's addresses (reversed once: ``web.addresses``); an app
    not installed here has none, and its link is not offered."""
    addresses = {}
    names = {url_name for _label, url_name, _permission in CANDIDATES}
    for url_name in (*names, *LAYOUT_URLS.values(), "admin:index"):
        with suppress(NoReverseMatch):
            addresses[url_name] = address(url_name)
    return addresses


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The service navigation, limited to what the signed-in user may open, and the layout's
    own links."""
    addresses = _addresses()
    context: dict[str, Any] = {
        "service_name": settings.SERVICE_NAME,
        **{name: addresses.get(url_name, "") for name, url_name in LAYOUT_URLS.items()},
    }
    user = getattr(request, "user", None)
    items: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        labels: set[str] = set()
        for label, url_name, permission in CANDIDATES:
            href = addresses.get(url_name)
            if href is None or label in labels or not user.has_permission(permission):
                continue
            labels.add(label)
            items.append({"label": label, "href": href, "active": request.path.startswith(href)})
        # One current item: the longest matching link (/answers/new/ rather than /answers/).
        active = [i for i in items if i["active"]]
        if len(active) > 1:
            longest = max(active, key=lambda i: len(i["href"]))
            for item in active:
                item["active"] = item is longest
        if user.is_staff and "admin:index" in addresses:
            # The Django admin, for the few who look after users, roles and records.
            href = addresses["admin:index"]
            items.append({"label": "Admin", "href": href, "active": request.path.startswith(href)})
    context["nav_items"] = items
    return context
