"""Refresh each House's recesses from Parliament's calendar API (What's On)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqtracker.imports.calendar_feed import import_calendar
from pqtracker.imports.client import ParliamentError


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Dates are YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=_date, help="first day (default: 60 days ago)")
        parser.add_argument("--end", type=_date, help="last day (default: a year ahead)")
        parser.add_argument("--house", choices=["Commons", "Lords"], help="one House only")

    def handle(self, *args: Any, **options: Any) -> None:
        houses = (options["house"],) if options["house"] else ("Commons", "Lords")
        try:
            results = import_calendar(start=options["start"], end=options["end"], houses=houses)
        except ParliamentError as exc:
            raise CommandError(f"Calendar not imported: {exc}") from exc
        for result in results:
            self.stdout.write(
                f"{result.house}: {result.added} periods added, {result.removed} replaced, "
                f"{result.kept_pq_team} left to the PQ team's own entries"
            )
