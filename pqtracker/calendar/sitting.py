"""Sitting days: which days a House sits, from the rule and the stored exceptions. Pure: the
caller loads the recesses and days once (``queries.sitting_calendar``) and asks many questions.

The rule: a House sits Monday to Thursday, and not on bank holidays or in a recess. Single stored
days override it both ways: a sitting Friday, or a weekday the House does not sit.

What the record shows about Commons ordinary questions (checked on every ordinary question in
../shared/data/parliament): ``dateForAnswer`` is the first sitting day on or after the second
working day after tabling. Tabled on Tuesday 19 December 2023, as the House rose for Christmas,
such a question was due on Monday 8 January 2024, the first day back; tabled on a Thursday it is
due on the Monday. Counting "the second sitting day after tabling" would give Tuesday 9 January
and Tuesday respectively, which Parliament's own dates contradict.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from pqtracker.calendar.rules import ONE_DAY, add_working_days, is_bank_holiday

# Monday = 0 ... Thursday = 3: the days the rule says a House sits.
RULE_SITTING_WEEKDAYS = frozenset({0, 1, 2, 3})
# Parliament's dates searched at most this far ahead for a sitting day (a long prorogation or
# dissolution is under two months; a gap beyond this is a calendar error, not a wait).
SEARCH_LIMIT_DAYS = 200


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    name: str = ""


@dataclass
class SittingCalendar:
    """One House's recesses and single-day exceptions."""

    house: str
    recesses: list[Period] = field(default_factory=list)
    days: dict[datetime.date, bool] = field(default_factory=dict)

    @classmethod
    def build(
        cls, house: str, recesses: Iterable[Period], days: Iterable[tuple[datetime.date, bool]]
    ) -> SittingCalendar:
        return cls(house, sorted(recesses, key=lambda p: p.start), dict(days))

    def recess_on(self, day: datetime.date) -> Period | None:
        for period in self.recesses:
            if period.start <= day <= period.end:
                return period
        return None

    def sits(self, day: datetime.date) -> bool:
        if day in self.days:
            return self.days[day]
        if day.weekday() not in RULE_SITTING_WEEKDAYS or is_bank_holiday(day):
            return False
        return self.recess_on(day) is None

    def sitting_day_on_or_after(self, day: datetime.date) -> datetime.date | None:
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.sits(day):
                return day
            day += ONE_DAY
        return None

    def next_sitting_day(self, day: datetime.date) -> datetime.date | None:
        return self.sitting_day_on_or_after(day + ONE_DAY)

    def expected_date_for_answer(self, tabled: datetime.date) -> datetime.date | None:
        """A Commons ordinary question's ``dateForAnswer`` as the record sets it (see above)."""
        return self.sitting_day_on_or_after(add_working_days(tabled, 2))
