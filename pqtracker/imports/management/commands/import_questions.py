"""``manage.py import_questions [--since YYYY-MM-DD] [--until YYYY-MM-DD]``.

With no dates, the incremental import (the one beat runs); with dates, every question tabled,
answered or corrected in that range, a day at a time. Runs in this process, with a progress bar,
and indexes for search whatever the run left to the index worker before it ends.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from pqtracker.imports import runs
from pqtracker.parliament.models import ImportRun, ImportRunStatus
from pqtracker.search.index import index_pending


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Import written questions from Parliament: incremental, or for a date range."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="First day (YYYY-MM-DD) tabled, answered or corrected")
        parser.add_argument("--until", help="Last day (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        since = parse_day(options["since"]) if options["since"] else None
        until = parse_day(options["until"]) if options["until"] else None
        if until is not None and since is None:
            raise CommandError("--until needs --since.")
        if since is not None and until is not None and until < since:
            raise CommandError("--until must not be before --since.")
        kind = ImportRun.Kind.RANGE if since else ImportRun.Kind.INCREMENTAL
        try:
            run = runs.start_run(kind=kind, since=since, until=until)
        except runs.ImportInProgress as error:
            raise CommandError(str(error)) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        with tqdm(total=0, unit="item", desc=f"Import {run.pk}", file=self.stderr._out) as bar:

            def progress(current: ImportRun) -> None:
                bar.total = current.items_total
                bar.n = current.items_processed
                bar.refresh()

            run = runs.execute_run(run_id=run.pk, progress=progress)
        if run.status == ImportRunStatus.FAILED:
            raise CommandError(f"Import {run.pk} failed: {run.error}")
        self.stdout.write(
            f"Import {run.pk} {run.get_status_display().lower()}: {run.new_count} new, "
            f"{run.updated_count} updated, {run.unchanged_count} unchanged, "
            f"{run.withdrawn_count} withdrawn, {run.failed_count} quarantined "
            f"({run.since} to {run.until})."
        )
        # Searchable when the command ends, whether or not a worker is running to catch up.
        indexed = index_pending()
        if indexed:
            self.stdout.write(f"Indexed {indexed} questions for search.")
