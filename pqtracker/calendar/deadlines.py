"""When a written question is due and whether it was answered on time: pure functions.

The rules and where they come from (README "Deadlines" repeats them):

- **Commons, ordinary question**: due on Parliament's ``dateForAnswer`` (the second sitting day
  after tabling, the earliest day the Commons' Table Office allows for an ordinary question). It
  counts as answered *on time* when answered within **five working days of tabling**: the measure
  the Procedure Committee holds departments to (Procedure Committee, "Written Parliamentary
  Questions: Monitoring Report, Session 2023-24", January 2025; its target is 85% on time).
- **Commons, named day question**: due on the named day (``dateForAnswer``) and on time only when
  answered by it. A holding answer is not an answer: the question stays unanswered.
- **Lords**: due 14 calendar days after tabling (Companion to the Standing Orders of the House of
  Lords, on written questions: the Government aims to answer within 14 days), on time when
  answered by then.
- A **transfer** to another department keeps the original deadline (Parliament keeps
  ``dateForAnswer``; nothing here reads the answering body), and a **holding answer** moves
  nothing: only a substantive answer's date counts.

Working days are those of :mod:`pqtracker.calendar.rules` (weekdays less England and Wales bank
holidays), not sitting days: the five-day measure runs through recesses.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from pqtracker.calendar.rules import add_working_days, working_days_between

# House values as Parliament's API spells them (parliament.models.House uses the same strings).
COMMONS = "Commons"
LORDS = "Lords"

ORDINARY_ON_TIME_WORKING_DAYS = 5
LORDS_DUE_CALENDAR_DAYS = 14
# The Procedure Committee's target share of questions answered on time.
TARGET_ON_TIME_PERCENT = 85


class QuestionType(enum.StrEnum):
    ORDINARY = "ordinary"
    NAMED_DAY = "named_day"
    LORDS = "lords"

    @property
    def label(self) -> str:
        return {"ordinary": "Commons ordinary", "named_day": "Commons named day"}.get(
            self.value, "Lords"
        )


def question_type(*, house: str, is_named_day: bool) -> QuestionType:
    if house == LORDS:
        return QuestionType.LORDS
    return QuestionType.NAMED_DAY if is_named_day else QuestionType.ORDINARY


def on_time_by(
    *,
    house: str,
    is_named_day: bool,
    date_tabled: datetime.date,
    date_for_answer: datetime.date | None,
) -> datetime.date | None:
    """The last day an answer counts as on time; ``None`` when the record cannot say (a named
    day question whose named day Parliament has not given)."""
    kind = question_type(house=house, is_named_day=is_named_day)
    if kind is QuestionType.LORDS:
        return date_tabled + datetime.timedelta(days=LORDS_DUE_CALENDAR_DAYS)
    if kind is QuestionType.NAMED_DAY:
        return date_for_answer
    return add_working_days(date_tabled, ORDINARY_ON_TIME_WORKING_DAYS)


def due_date(
    *,
    house: str,
    is_named_day: bool,
    date_tabled: datetime.date,
    date_for_answer: datetime.date | None,
) -> datetime.date | None:
    """The date the House expects the answer: Parliament's own for the Commons, 14 days for the
    Lords. A Commons question without one (not yet published) falls back to its on-time date."""
    if house == LORDS:
        return date_tabled + datetime.timedelta(days=LORDS_DUE_CALENDAR_DAYS)
    if date_for_answer is not None:
        return date_for_answer
    return on_time_by(
        house=house, is_named_day=is_named_day, date_tabled=date_tabled, date_for_answer=None
    )


def answered_on_time(
    *,
    deadline: datetime.date | None,
    date_answered: datetime.date | None,
    is_answered: bool,
) -> bool | None:
    """True or False once substantively answered; ``None`` while unanswered (a holding answer
    included), withdrawn, or when there is no deadline to measure against."""
    if not is_answered or date_answered is None or deadline is None:
        return None
    return date_answered <= deadline


def working_days_left(due: datetime.date | None, today: datetime.date) -> int | None:
    """Working days from today to the due date: 0 on the day, negative once overdue."""
    if due is None:
        return None
    return working_days_between(today, due)


def working_days_taken(tabled: datetime.date, answered: datetime.date | None) -> int | None:
    if answered is None:
        return None
    return working_days_between(tabled, answered)


@dataclass(frozen=True)
class DeadlineState:
    """What a question's page and list row say about its deadline."""

    label: str
    colour: str  # a GOV.UK tag modifier
    working_days_left: int | None = None


def deadline_state(
    *,
    due: datetime.date | None,
    on_time_by: datetime.date | None,
    answered_on_time: bool | None,
    is_open: bool,
    today: datetime.date,
) -> DeadlineState | None:
    """On time or late once answered; for an open question, how long is left until it is due
    (and, once past the due date, until it stops counting as on time). ``None`` says nothing
    (withdrawn, or answered with no deadline to measure)."""
    if answered_on_time is True:
        return DeadlineState("Answered on time", "green")
    if answered_on_time is False:
        return DeadlineState("Answered late", "red")
    if not is_open or due is None:
        return None
    left = working_days_between(today, due)
    if left > 0:
        days = "working day" if left == 1 else "working days"
        return DeadlineState(f"Due in {left} {days}", "blue", left)
    if left == 0:
        return DeadlineState("Due today", "orange", 0)
    if on_time_by is not None and on_time_by >= today:
        label = "Past due, on time until today" if on_time_by == today else "Past due, on time"
        return DeadlineState(label, "yellow", left)
    days = "working day" if left == -1 else "working days"
    return DeadlineState(f"Overdue by {-left} {days}", "red", left)
