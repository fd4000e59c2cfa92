"""Sign-in throttling, done by django-axes; the policy is docs/adr/0007-sign-in-lockout.md.

A user name is locked only together with the address the failures came from (LOGIN_FAILURE_LIMIT
failures), so a stranger cannot keep someone else's account locked; an address is locked across
all user names after LOGIN_ADDRESS_FAILURE_LIMIT failures, which stops one client spraying
passwords at many accounts. A lockout lasts LOGIN_LOCKOUT_MINUTES from the failure that caused
it: attempts while locked out (even with the right password) are refused without being counted,
so they do not extend it, and only the lockout itself goes on the audit trail. A success resets
nothing: one good password from an address must not wipe the count of guesses made from it.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pqtracker.accounts.forms import LoginForm
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb

logger = logging.getLogger(__name__)


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
    """Axes' ``user_locked_out`` signal: the failure that locks goes on the audit trail.

    Axes sends the signal again for every attempt refused while locked out; those carry no
    failure count (it counted nothing) and go to the log only, so a client hammering the sign-in
    page cannot flood the audit trail.
    """
    if getattr(request, "axes_failures_since_start", None) is None:
        logger.warning("Sign-in refused while locked out: address %s", ip_address or "unknown")
        return
    audit.record(
        actor=None,
        verb=AuditVerb.LOGIN_LOCKED_OUT,
        data={"username": username or "", "ip_address": ip_address or ""},
    )


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits (AXES_HANDLER).

    AXES_LOCKOUT_PARAMETERS lists the user-name-and-address pair, then the address: axes counts
    each and compares the larger with one limit. Here the address has its own, higher limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        pair_attempts, address_attempts = self.get_user_attempts(request, credentials)
        pair = _failures(pair_attempts)
        if _failures(address_attempts) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
