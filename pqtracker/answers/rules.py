"""Pure decisions of the answering workflow: dates, who holds a case and since when. No writes.
(The word diff of two texts is drafting_rules': the case page and the drafting pages share it.)"""

from __future__ import annotations

import datetime

from django.utils import timezone

from pqtracker.answers.models import OPEN_STATUSES, Case, CaseStatus
from pqtracker.calendar.rules import add_working_days, working_day_on_or_after

# Who holds a case whose ``holder`` is empty, by status.
_UNHELD = {
    CaseStatus.NEW: "PQ team",
    CaseStatus.COMMISSIONED: "Candidates (not yet accepted)",
    CaseStatus.REJECTED: "PQ team (to reassign)",
    CaseStatus.CLEARED: "PQ team (to submit)",
    CaseStatus.SUBMITTED: "Parliament (awaiting publication)",
    CaseStatus.ANSWERED: "Nobody (answered)",
    CaseStatus.TRANSFERRED_OUT: "Nobody (transferred out)",
    CaseStatus.WITHDRAWN: "Nobody (withdrawn by the Member)",
}


def default_internal_deadline(
    date_for_answer: datetime.date | None, *, working_days: int, today: datetime.date
) -> datetime.date | None:
    """``working_days`` working days before the date for answer, never before today (a question
    commissioned late gets today, and its lateness shows against Parliament's date)."""
    if date_for_answer is None:
        return None
    deadline = add_working_days(working_day_on_or_after(date_for_answer), -working_days)
    return max(deadline, today)


def link_expiry(issued: datetime.date, *, working_days: int) -> datetime.date:
    """The last day an accept/reject link issued on ``issued`` still works."""
    return add_working_days(issued, working_days)


def escalation_due(commissioned_on: datetime.date, *, working_days: int) -> datetime.date:
    """The day from which a commission nobody has accepted is escalated to the PQ team."""
    return add_working_days(commissioned_on, working_days)


def holder_label(case: Case) -> str:
    """Who holds the case now, for every list ("who holds it and since when")."""
    holder = case.holder if case.holder_id is not None else None
    if holder is not None:
        return holder.get_full_name() or holder.username
    return unheld_label(case.status)


def unheld_label(status: str) -> str:
    """Who holds a case in ``status`` that no one person holds."""
    return _UNHELD.get(CaseStatus(status), "PQ team")


def held_since(case: Case) -> datetime.datetime:
    """Since when the holder has had it (a NEW case: since it came in)."""
    return case.held_since or case.status_since


def holder_text(case: Case) -> str:
    """Stage, holder and since when, in one line for a list row's tag."""
    since = timezone.localtime(held_since(case))
    return f"{case.get_status_display()}: {holder_label(case)} since {since:%-d %b %H:%M}"


def is_late(case: Case, *, today: datetime.date) -> bool:
    """Past its internal deadline and still the department's to answer."""
    return (
        case.internal_deadline is not None
        and case.internal_deadline < today
        and case.status in OPEN_STATUSES
    )
