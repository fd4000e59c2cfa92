"""Due dates for the invented demo questions, so that none is tabled or due on a weekend or an
England and Wales bank holiday (working days from ``pqtracker.calendar``).

Parliament's own sitting days (recesses, the Commons' sitting Fridays) are not modelled here: a
working day stands in for a sitting day. The due dates follow the Houses' rules for written
questions: in the Commons, an ordinary question is due on the second sitting day after it was
tabled (a named-day question on the day its Member names, so those are written out); in the
Lords, fourteen days after tabling.
"""

from __future__ import annotations

import datetime

from pqtracker.calendar.rules import add_working_days, is_working_day

LORDS_DAYS_TO_ANSWER = 14


def on_or_before(day: datetime.date) -> datetime.date:
    """``day`` if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def commons_due(tabled: datetime.date) -> datetime.date:
    """An ordinary Commons question's date for answer: the second sitting day after tabling."""
    return add_working_days(tabled, 2)


def lords_due(tabled: datetime.date) -> datetime.date:
    return tabled + datetime.timedelta(days=LORDS_DAYS_TO_ANSWER)
