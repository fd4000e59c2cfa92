"""The PQ team's morning digest of new questions, on working days, once a day."""

from __future__ import annotations

import datetime

from django.utils import timezone

from pqtracker.answers import notify
from pqtracker.answers.models import Case, CaseStatus
from pqtracker.calendar.rules import add_working_days, is_working_day


def send_morning_digest(*, today: datetime.date | None = None) -> bool:
    """New questions waiting to be commissioned, the ones arrived since the last working day
    first. Nothing on a weekend or bank holiday, and nothing twice (the key is the date)."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return False
    waiting = list(
        Case.objects.filter(status__in=(CaseStatus.NEW, CaseStatus.REJECTED))
        .select_related("question__asking_member")
        .order_by("question__date_for_answer", "id")[:200]
    )
    if not waiting:
        return False
    since = add_working_days(today, -1)
    fresh = [c for c in waiting if timezone.localdate(c.created_at) >= since]
    lines = [
        f"{len(waiting)} question(s) wait to be commissioned; {len(fresh)} arrived since "
        f"{since:%A %d %B}.",
        "",
    ]
    for case in waiting:
        q = case.question
        due = f"due {q.date_for_answer:%d %b}" if q.date_for_answer else "no date"
        lines.append(f"- {q.uin} ({due}) {q.title} [{case.get_status_display()}]")
    lines += ["", notify.site_url("answers:new-queue")]
    return notify.send_once(
        key=f"digest:{today.isoformat()}",
        kind="digest",
        recipients=notify.pq_team_addresses(),
        subject=f"PQ Tracker: {len(waiting)} new question(s) to commission, {today:%d %B}",
        body="\n".join(lines),
    )
