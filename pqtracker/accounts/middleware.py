"""Responses to signed-in users are never stored by a browser or a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user.

    Pages show questions, drafts and names a shared computer's next user must not find in the
    browser's cache (or its back button) after sign-out. Anonymous responses (the sign-in page,
    static files) keep whatever caching they had.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            # "public" or a max-age from a view would contradict it.
            response.headers["Cache-Control"] = ", ".join(
                part
                for part in response.headers["Cache-Control"].split(", ")
                if part != "public" and not part.startswith(("max-age", "s-maxage"))
            )
        return response
