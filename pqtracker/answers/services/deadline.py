"""Moving a case's internal deadline (the PQ team's date for the draft; Parliament's date for
answer never moves)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pqtracker.answers import permissions
from pqtracker.answers.models import OPEN_STATUSES, Case
from pqtracker.answers.services.core import record, require


def change_internal_deadline(
    *, case: Case, actor: Any, deadline: datetime.date, was: datetime.date | None = None
) -> bool:
    """Set the internal deadline of an open case. ``was`` is the deadline the PQ team saw: when
    given and no longer current (someone moved it meanwhile), nothing changes. False when nothing
    changed (the same date, a closed case, or a moved one)."""
    require(permissions.is_pq_team(actor), "Only the PQ team changes internal deadlines.")
    if deadline is None:
        raise ValidationError({"internal_deadline": "Enter the new internal deadline"})
    with transaction.atomic():
        current = Case.objects.filter(pk=case.pk, status__in=list(OPEN_STATUSES))
        if was is not None:
            current = current.filter(internal_deadline=was)
        old = current.values_list("internal_deadline", flat=True).first()
        if not current.exclude(internal_deadline=deadline).update(internal_deadline=deadline):
            return False
        case.internal_deadline = deadline
        record(actor, "deadline_changed", case, old=str(old or ""), new=deadline.isoformat())
    return True
