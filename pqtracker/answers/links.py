"""Signed accept/reject links for the commissioning email: they expire and work once.

The token carries the candidacy, the action and the last day it works (three working days from
issue by default: ``ANSWERS_SIGNED_LINK_WORKING_DAYS``), signed with the secret key so none of
them can be altered. "Works once" is a unique row per candidacy in ``SignedLinkUse``, claimed by
the service that acts on the link (``services.use_signed_link``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from pqtracker.answers.models import Candidate
from pqtracker.answers.rules import link_expiry

SALT = "pqtracker.answers.candidate-link"
ACTIONS = ("accept", "reject")


class LinkInvalid(Exception):
    """The link was altered, has expired, or names no candidacy."""


@dataclass(frozen=True)
class LinkPayload:
    candidate_id: int
    action: str
    expires: datetime.date


def make_token(candidate: Candidate, action: str, *, issued: datetime.date | None = None) -> str:
    if action not in ACTIONS:
        raise ValueError(action)
    issued = issued or timezone.localdate()
    expires = link_expiry(issued, working_days=settings.ANSWERS_SIGNED_LINK_WORKING_DAYS)
    return signing.dumps({"c": candidate.pk, "a": action, "e": expires.isoformat()}, salt=SALT)


def read_token(token: str, *, today: datetime.date | None = None) -> LinkPayload:
    try:
        data = signing.loads(token, salt=SALT)
        payload = LinkPayload(
            candidate_id=int(data["c"]),
            action=str(data["a"]),
            expires=datetime.date.fromisoformat(data["e"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid("This link is not valid.") from exc
    if payload.action not in ACTIONS:
        raise LinkInvalid("This link is not valid.")
    if (today or timezone.localdate()) > payload.expires:
        raise LinkInvalid("This link has expired. Accept or reject the question in PQ Tracker.")
    return payload


def link_url(candidate: Candidate, action: str) -> str:
    return settings.SITE_URL + reverse("answers:link", args=[make_token(candidate, action)])
