"""``python manage.py load_evidence PATH...``: load statistics files and folders of them.

Each CSV is one transaction: a bad row is reported with file, line and column and nothing of that
file is written; the other files still load, and the command then exits with an error.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from pqtracker.evidence import services
from pqtracker.evidence.parsing import LoadError


def csv_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.csv") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    return found


class Command(BaseCommand):
    help = "Load official statistics (EES CSVs, headline-figure tables) as citable figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="CSV files, or folders to search for them")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        files = csv_files(options["paths"])
        errors: list[str] = []
        totals = services.LoadReport("all")
        started = time.perf_counter()
        bar = tqdm(
            files, unit="file", disable=options["no_progress"], file=self.stderr._out, leave=False
        )
        for path in bar:
            bar.set_postfix_str(path.name[:40])
            try:
                report = services.load_path(path=path)
            except LoadError as exc:
                errors.append(str(exc))
                continue
            for warning in report.warnings:
                self.stderr.write(f"Warning: {warning}")
            if report.skipped:
                self.stdout.write(f"{path.name}: skipped ({report.skipped})")
                continue
            totals.created += report.created
            totals.updated += report.updated
            totals.unchanged += report.unchanged
            totals.revised += report.revised
            self.stdout.write(
                f"{path.name}: {report.created} new, {report.updated} changed, "
                f"{report.unchanged} unchanged"
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{len(files) - len(errors)} of {len(files)} files loaded in {elapsed:.1f} s: "
            f"{totals.created} new figures, {totals.updated} changed, {totals.unchanged} unchanged"
        )
        if errors:
            raise CommandError("Not loaded:\n" + "\n".join(errors))
