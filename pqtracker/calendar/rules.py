"""Working days: pure date rules that every deadline in PQ Tracker is built on.

A working day is a weekday that is not a bank holiday in England and Wales (the civil service's
working calendar; Scotland's and Northern Ireland's extra days do not stop Whitehall). Bank
holidays come from the ``holidays`` package, which computes them offline (Easter included) and
knows the substitute days ("Boxing Day (observed)") and one-off holidays such as coronations.

Sitting days and recesses, which differ by House and are set by Parliament, live in this app's
models; these functions know nothing of them.
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: datetime.date) -> str | None:
    found = holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)
    return str(found) if found else None


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day after ``day``."""
    return add_working_days(day, 1)


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day`` (before it when ``count`` is negative).

    ``day`` itself never counts, whether or not it is a working day: two working days after a
    Friday is the Tuesday, and after a Saturday also the Tuesday. ``count == 0`` gives ``day``.
    """
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    The inverse of :func:`add_working_days` on working days:
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    count = 0
    # Whole weeks first: each holds five weekdays, less the bank holidays that fall on them.
    weeks, days = divmod((end - start).days, 7)
    if weeks:
        week_end = start + datetime.timedelta(weeks=weeks)
        holidays_in = sum(
            1
            for year in range(start.year, week_end.year + 1)
            for holiday in _bank_holidays(year)
            if start < holiday <= week_end and holiday.weekday() < 5
        )
        count += 5 * weeks - holidays_in
        start = week_end
    for offset in range(1, days + 1):
        if is_working_day(start + datetime.timedelta(days=offset)):
            count += 1
    return count
