"""``manage.py export_questions --format jsonl [--since YYYY-MM-DD]``: one JSON object a line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pqtracker.imports.export import export_rows
from pqtracker.imports.management.commands.import_questions import parse_day


class Command(BaseCommand):
    help = (
        "Write every question (or those tabled, answered or corrected since a day) as JSON lines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument(
            "--since", help="Only questions tabled, answered or corrected from this day"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = parse_day(options["since"]) if options["since"] else None
        for row in export_rows(since):
            self.stdout.write(json.dumps(row, ensure_ascii=False, sort_keys=False))
