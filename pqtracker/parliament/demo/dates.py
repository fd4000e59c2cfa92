"""Working days and due dates for the invented demo questions, so that none is tabled or due on
a weekend or an England and Wales bank holiday.

Parliament's own sitting days (recesses, the Commons' sitting Fridays) are not modelled: a
working day stands in for a sitting day. The due dates follow the Houses' rules for written
questions: in the Commons, an ordinary question is due on the second sitting day after it was
tabled (a named-day question on the day its Member names, so those are written out); in the
Lords, fourteen days after tabling.
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays

LORDS_DAYS_TO_ANSWER = 14


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def on_or_before(day: datetime.date) -> datetime.date:
    """``day`` if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day`` (before it, for a negative ``count``)."""
    step = datetime.timedelta(days=1 if count >= 0 else -1)
    for _ in range(abs(count)):
        day += step
        while not is_working_day(day):
            day += step
    return day


def commons_due(tabled: datetime.date) -> datetime.date:
    """An ordinary Commons question's date for answer: the second sitting day after tabling."""
    return add_working_days(tabled, 2)


def lords_due(tabled: datetime.date) -> datetime.date:
    return tabled + datetime.timedelta(days=LORDS_DAYS_TO_ANSWER)
