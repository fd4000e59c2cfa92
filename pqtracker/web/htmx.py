"""One URL, one view, one template per page: htmx asks for a named partial of the same template.

``render_page`` is the only place that decides between the page and its partial, so every view
sets ``Vary: HX-Request`` the same way and every history restore (the back button after htmx
lost its cache) gets the whole page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """An ``HttpRequest`` as django-htmx's middleware leaves it: for views' annotations (mypy)."""

    htmx: HtmxDetails


def wants_partial(request: HttpRequest) -> bool:
    """An htmx swap, not htmx restoring history (which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "history_restore_request", False)


def render_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    partial: str | None = None,
    push_url: str | None = None,
    status: int | None = None,
) -> TemplateResponse:
    """The page, or for an htmx swap its ``partial`` (``template#partial``).

    ``push_url``: the address htmx shows for a swapped partial, when it should differ from the
    request's (e.g. without the form's empty fields).
    """
    swapping = partial is not None and wants_partial(request)
    name = f"{template}#{partial}" if swapping else template
    response = TemplateResponse(request, name, {**context, "partial": swapping}, status=status)
    # One URL, two bodies: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    if swapping and push_url is not None:
        response["HX-Push-Url"] = push_url
    return response
