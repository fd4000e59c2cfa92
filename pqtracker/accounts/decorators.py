"""How a view declares what it checks: ``@require_permission`` or ``@signed_in_only``.

Each records what it checks on the view (``required_permissions``), so a test can walk every URL
and find any page that declares nothing (tests/test_permissions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from pqtracker.accounts.permissions import Permission, has_permission

View = Callable[..., Any]


def require_permission(permission: Permission) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # LoginRequiredMiddleware has already sent anonymous users to the login page.
            if not has_permission(request.user, permission):
                raise PermissionDenied(f"You need the '{permission.value}' permission.")
            return view(request, *args, **kwargs)

        declared = getattr(view, "required_permissions", ())
        wrapped.required_permissions = (permission, *declared)  # type: ignore[attr-defined]
        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def signed_in_only(view: View) -> View:
    """Declare that being signed in is all this view needs (LoginRequiredMiddleware checks it):
    a page about the user themself, such as their profile or signing out."""
    view.required_permissions = ()  # type: ignore[attr-defined]
    return view
