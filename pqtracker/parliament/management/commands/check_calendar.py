"""Compare the stored Commons calendar with the due dates Parliament gave ordinary questions."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqtracker.parliament.calendar_check import calendar_disagreements


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Dates are YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=_date, help="first tabling date (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="last tabling date (YYYY-MM-DD)")

    def handle(
        self, *args: Any, since: datetime.date | None, until: datetime.date | None, **options: Any
    ) -> None:
        found = calendar_disagreements(since=since, until=until)
        for row in found:
            calendar = row.calendar_says.isoformat() if row.calendar_says else "none"
            self.stdout.write(
                f"tabled {row.date_tabled}: record {row.record_says}, calendar {calendar} "
                f"({row.questions} questions, e.g. UIN {row.example_uin}). {row.hint}"
            )
        self.stdout.write(f"disagreements: {len(found)}")
        if found:
            raise CommandError("The calendar disagrees with the record; see the dates above.")
