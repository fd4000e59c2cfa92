"""``python manage.py check_figures --cite REF [--cite REF...] (--text TEXT | --file F) [--json]``

Runs the figure check on any text against the cited figures. Exit status 1 when anything is
flagged (a number mismatched, unsupported or resting on a revised figure, or a figure released
after ``--date``), 0 when every number is supported.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqtracker.evidence import lookup


class Command(BaseCommand):
    help = "Check every number in a text against cited figures (by reference)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cite", action="append", default=[], metavar="REF", help="a figure's reference"
        )
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--text", help="the text to check")
        source.add_argument("--file", help="a file holding the text (- for standard input)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="the draft's date (YYYY-MM-DD): figures released after it are flagged",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["text"] is not None:
            text = options["text"]
        elif options["file"] == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(options["file"]).read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"--file: cannot read {options['file']}: {exc}") from exc
        figures, missing = lookup.figures_by_reference(options["cite"])
        if missing:
            raise CommandError(
                "No figure has the reference "
                + ", ".join(missing)
                + ". Load it with load_evidence, or check the spelling."
            )
        result = lookup.check(text, figures, draft_date=options["date"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            for item in result.flagged:
                data = item.as_dict()
                self.stdout.write(f"FLAGGED {data['status']}: {data['text']}: {data['reason']}")
            for supported in result.supported:
                data = supported.as_dict()
                self.stdout.write(f"supported: {data['text']}: {data['reason']}")
            if not result.numbers:
                self.stdout.write("No numbers found in the text.")
        if result.flagged:
            sys.exit(1)
