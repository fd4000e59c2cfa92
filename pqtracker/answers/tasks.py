"""Thin Celery tasks for the answering workflow: call one service, safe to rerun."""

from __future__ import annotations

from celery import shared_task

from pqtracker.answers import digest, services


@shared_task
def escalate_unclaimed_task() -> int:
    """From beat: commissions nobody accepted in time, each escalated once."""
    return services.escalate_unclaimed()


@shared_task
def morning_digest_task() -> bool:
    """From beat on weekday mornings: the PQ team's digest of new questions (working days only,
    once a day)."""
    return digest.send_morning_digest()
