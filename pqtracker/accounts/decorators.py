"""The one decorator views use to say what permission they need."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from pqtracker.accounts.permissions import Permission

View = Callable[..., HttpResponse]


def require_permission(permission: Permission) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            # LoginRequiredMiddleware has already sent anonymous users to the login page.
            if not user.is_authenticated or not user.has_permission(permission):
                raise PermissionDenied(f"You need the '{permission.value}' permission.")
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator
