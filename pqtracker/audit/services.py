"""The audit trail's one writer. Other services call ``audit.record`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from pqtracker.audit.models import AuditEvent, AuditVerb


def record(
    *,
    actor: Any | None,
    verb: AuditVerb,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one event. ``verb`` must be an ``AuditVerb`` (a plain string that names one is
    accepted; any other raises ValueError, so no event is written under a misspelt verb)."""
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_username=actor_obj.get_username() if actor_obj is not None else "",
        verb=AuditVerb(verb),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
    )
