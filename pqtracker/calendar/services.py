"""Writes to the calendar: the PQ team's edits (admin and the calendar page) and the API import.
Each is atomic and audited; bad input raises ``ValidationError`` naming the field."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.calendar.models import CalendarDay, House, Recess, Source
from pqtracker.calendar.sitting import Period


def check_period(
    *, house: str, start: datetime.date, end: datetime.date, exclude_pk: int | None = None
) -> None:
    if house not in House.values:
        raise ValidationError({"house": "Choose the House of Commons or the House of Lords"})
    if end < start:
        raise ValidationError({"end": "The last day must be the same as or after the first day"})
    clash = Recess.objects.filter(house=house).overlapping(start, end)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    found = clash.first()
    if found is not None:
        raise ValidationError({"start": f"These dates overlap {found}"})


@transaction.atomic
def add_recess(
    *,
    actor: Any,
    house: str,
    name: str,
    start: datetime.date,
    end: datetime.date,
    kind: str = "recess",
    source: str = Source.PQ_TEAM,
    source_note: str = "",
) -> Recess:
    if not name.strip():
        raise ValidationError({"name": "Enter a name for the recess"})
    check_period(house=house, start=start, end=end)
    recess = Recess.objects.create(
        house=house,
        name=name.strip(),
        start=start,
        end=end,
        kind=kind,
        source=source,
        source_note=source_note,
    )
    audit.record(
        actor=actor,
        verb=AuditVerb.CALENDAR_RECESS_ADDED,
        target=recess,
        data={"house": house, "start": start.isoformat(), "end": end.isoformat()},
    )
    return recess


@transaction.atomic
def change_recess(
    *, actor: Any, recess: Recess, name: str, start: datetime.date, end: datetime.date
) -> Recess:
    if not name.strip():
        raise ValidationError({"name": "Enter a name for the recess"})
    check_period(house=recess.house, start=start, end=end, exclude_pk=recess.pk)
    before = {"name": recess.name, "start": recess.start.isoformat(), "end": recess.end.isoformat()}
    Recess.objects.filter(pk=recess.pk).update(
        name=name.strip(), start=start, end=end, source=Source.PQ_TEAM
    )
    recess.refresh_from_db()
    audit.record(
        actor=actor,
        verb=AuditVerb.CALENDAR_RECESS_CHANGED,
        target=recess,
        data={"before": before, "after": {"start": start.isoformat(), "end": end.isoformat()}},
    )
    return recess


@transaction.atomic
def remove_recess(*, actor: Any, recess: Recess) -> bool:
    """Returns False when it was already gone (a double submit)."""
    label = str(recess)
    deleted, _ = Recess.objects.filter(pk=recess.pk).delete()
    if deleted:
        audit.record(actor=actor, verb=AuditVerb.CALENDAR_RECESS_REMOVED, data={"recess": label})
    return bool(deleted)


@transaction.atomic
def set_day(
    *,
    actor: Any,
    house: str,
    date: datetime.date,
    sits: bool,
    note: str = "",
    source: str = Source.PQ_TEAM,
) -> CalendarDay:
    """Say whether the House sits on one day, overriding the rule and any recess."""
    if house not in House.values:
        raise ValidationError({"house": "Choose the House of Commons or the House of Lords"})
    day, _ = CalendarDay.objects.update_or_create(
        house=house, date=date, defaults={"sits": sits, "note": note.strip(), "source": source}
    )
    audit.record(
        actor=actor,
        verb=AuditVerb.CALENDAR_DAY_SET,
        target=day,
        data={"house": house, "date": date.isoformat(), "sits": sits},
    )
    return day


@transaction.atomic
def clear_day(*, actor: Any, day: CalendarDay) -> bool:
    label = str(day)
    deleted, _ = CalendarDay.objects.filter(pk=day.pk).delete()
    if deleted:
        audit.record(actor=actor, verb=AuditVerb.CALENDAR_DAY_CLEARED, data={"day": label})
    return bool(deleted)


@transaction.atomic
def replace_from_parliament(
    *, house: str, start: datetime.date, end: datetime.date, periods: Iterable[Period]
) -> dict[str, int]:
    """Make the House's non-sitting periods within ``start``..``end`` what Parliament says.

    Periods the PQ team entered are kept (their edit wins over the feed, and a clash is left for
    them to resolve on the calendar page); initial and earlier imported rows are replaced.
    """
    wanted = sorted(periods, key=lambda p: p.start)
    window = Recess.objects.filter(house=house).overlapping(start, end)
    kept = list(window.filter(source=Source.PQ_TEAM))
    removed, _ = window.exclude(source=Source.PQ_TEAM).delete()
    added = skipped = 0
    for period in wanted:
        if any(p.start <= period.end and p.end >= period.start for p in kept):
            skipped += 1
            continue
        Recess.objects.create(
            house=house,
            name=period.name or "Recess",
            start=period.start,
            end=period.end,
            source=Source.API,
            source_note="Parliament calendar API (whatson-api.parliament.uk)",
        )
        added += 1
    counts = {"added": added, "removed": removed, "kept_pq_team": skipped}
    audit.record(
        actor=None,
        verb=AuditVerb.CALENDAR_IMPORTED,
        data={"house": house, "start": start.isoformat(), "end": end.isoformat(), **counts},
    )
    return counts
