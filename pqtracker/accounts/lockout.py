"""Sign-in throttling, done by django-axes (LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES).

Axes counts failed sign-ins by user name and by client IP address; at the limit, either is locked
out until the cool-off has passed since its last failure. Only failures count, so signing in
correctly never locks anyone out, and a success resets nothing: otherwise one good password from
an address would wipe the count of guesses made from it at other people's accounts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pqtracker.accounts.forms import LoginForm
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb


def lockout_message() -> str:
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"There have been too many attempts to sign in. Wait {wait}, then try again."


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page with the lockout as its error, 429 (AXES_LOCKOUT_CALLABLE).

    A fresh form: validating the posted one again would count another failure. The admin's
    sign-in page is replaced by it too, so that it says why instead of "incorrect password".
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    context = {"form": form, "lockout_message": lockout_message()}
    return render(request, "accounts/login.html", context, status=429)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE).

    Behind LOGIN_TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the address is
    the one the outermost of them saw; entries further left are the client's to forge. Without
    this, every sign-in would seem to come from the proxy, and one person's failures lock out all.
    """
    proxies = settings.LOGIN_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def record_lockout(
    sender: object, request: HttpRequest, username: str | None, ip_address: str | None, **_: Any
) -> None:
    """Axes' ``user_locked_out`` signal: the lockout goes on the audit trail."""
    audit.record(
        actor=None,
        verb=AuditVerb.LOGIN_LOCKED_OUT,
        data={"username": username or "", "ip_address": ip_address or ""},
    )
