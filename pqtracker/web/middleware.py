"""htmx requests that need a signed-in user, once the session has expired."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url


class HtmxLoginRedirectMiddleware:
    """Send an htmx request that was redirected to sign in to the sign-in page as a whole page.

    Without this the browser follows the redirect inside the htmx request and the sign-in page
    is swapped into whatever part of the page asked (the search results, say). ``HX-Redirect``
    makes htmx load the sign-in page instead, with ``next`` the page the user was on (htmx's
    ``HX-Current-URL``), not the partial's own address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code not in (301, 302):
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login_path:
            return response
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        # Only the path and query: ``next`` must never point at another site.
        back = current.path + (f"?{current.query}" if current.query else "")
        if not back.startswith("/") or back.startswith("//"):
            back = request.get_full_path()
        redirected = HttpResponse(status=200)
        redirected["HX-Redirect"] = redirect_to_login(back, login_path)["Location"]
        return redirected
