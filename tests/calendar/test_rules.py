import datetime

import pytest

from pqtracker.calendar import rules

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 2), True),  # a Wednesday
        (D(2026, 12, 5), False),  # Saturday
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2026, 12, 28), False),  # Boxing Day falls on a Saturday: the Monday is the holiday
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 7), True),
        (D(2023, 5, 8), False),  # the coronation's one-off bank holiday
        (D(2025, 3, 17), True),  # St Patrick's Day is a holiday in Northern Ireland only
    ],
)
def test_is_working_day(day: datetime.date, expected: bool) -> None:
    assert rules.is_working_day(day) is expected


def test_add_working_days_skips_weekends_and_bank_holidays() -> None:
    assert rules.add_working_days(D(2026, 12, 4), 2) == D(2026, 12, 8)  # Friday -> Tuesday
    assert rules.add_working_days(D(2026, 12, 5), 2) == D(2026, 12, 8)  # Saturday -> Tuesday
    # Over Christmas: Thu 24th + 1 is Tue 29th (25th, the weekend and the observed 28th are off).
    assert rules.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert rules.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)  # over Easter
    assert rules.add_working_days(D(2026, 12, 8), -2) == D(2026, 12, 4)
    assert rules.add_working_days(D(2026, 12, 5), 0) == D(2026, 12, 5)


def test_working_days_between_inverts_add_working_days() -> None:
    start = D(2025, 12, 1)
    for count in range(0, 400, 7):
        end = rules.add_working_days(start, count)
        assert rules.working_days_between(start, end) == count
        assert rules.working_days_between(end, start) == -count


def test_working_days_between_counts_a_year() -> None:
    # 2026: 261 weekdays, 8 bank holidays on weekdays (Boxing Day's is on Monday 28th).
    assert rules.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 253


def test_next_working_day_and_on_or_after() -> None:
    assert rules.next_working_day(D(2026, 12, 24)) == D(2026, 12, 29)
    assert rules.working_day_on_or_after(D(2026, 12, 26)) == D(2026, 12, 29)
    assert rules.working_day_on_or_after(D(2026, 12, 29)) == D(2026, 12, 29)
    assert rules.bank_holiday_name(D(2026, 12, 25)) == "Christmas Day"
    assert rules.bank_holiday_name(D(2026, 12, 2)) is None
