"""The workflow's emails, each sent once.

A message is claimed by inserting its ``Notification`` row under a key naming the occasion
(``escalated:42``, ``commissioned:42:7``...): the key is unique, so a rerun, a retried task or two
workers racing find it taken and send nothing (as healthchecks claims alerts). A send that fails
gives its claim back so the next run tries again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from pqtracker.accounts.roles import Role
from pqtracker.answers.models import Case, Notification


def pq_team_addresses() -> list[str]:
    if settings.ANSWERS_PQ_TEAM_EMAIL:
        return [settings.ANSWERS_PQ_TEAM_EMAIL]
    from pqtracker.accounts.models import User

    return sorted(
        User.objects.filter(role_assignments__role=Role.PQ_TEAM, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def send_once(
    *,
    key: str,
    kind: str,
    recipients: Iterable[str],
    subject: str,
    body: str,
    case: Case | None = None,
    recipient_user: Any | None = None,
) -> bool:
    """Send unless a message under ``key`` was already claimed. True when this call sent it."""
    to = [address for address in recipients if address]
    if not to:
        return False
    try:
        with transaction.atomic():
            claim = Notification.objects.create(
                key=key[:200],
                kind=kind,
                case=case,
                recipient=", ".join(to)[:1000],
                recipient_user=recipient_user,
                subject=subject[:300],
            )
    except IntegrityError:
        return False
    try:
        send_mail(subject, body, None, to)
    except Exception:
        claim.delete()
        raise
    Notification.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return True


def case_url(case: Case) -> str:
    return settings.SITE_URL + case.get_absolute_url()


def describe(case: Case) -> str:
    question = case.question
    lines = [
        f"{question.get_house_display()} {question.uin}: {question.title}",
        f"Asked by: {question.asking_member or 'unknown'}",
        f"Due in Parliament: {question.date_for_answer or 'no date'}",
        f"Internal deadline: {case.internal_deadline or 'none set'}",
        "",
        question.question_text,
    ]
    return "\n".join(lines)


def site_url(url_name: str) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse(url_name)
