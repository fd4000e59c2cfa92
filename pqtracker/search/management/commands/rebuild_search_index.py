from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pqtracker.search.index import rebuild_index
from pqtracker.search.vocabulary import refresh_vocabulary


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from the public record, in batches, and the "
        "vocabulary its spelling suggestions come from."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=20_000, help="Questions per transaction"
        )

    def handle(self, *args: Any, batch_size: int, verbosity: int, **options: Any) -> None:
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1.")
            raise SystemExit(2)

        def progress(done: int, total: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{done:,} of {total:,} questions indexed")

        total = rebuild_index(batch_size=batch_size, progress=progress)
        words = refresh_vocabulary()
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {total:,} questions, {words:,} words.")
        )
