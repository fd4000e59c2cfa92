"""``python manage.py import_page FILE_OR_URL``: import the written question a web page shows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqtracker.imports.pages import PageFetchError, PageUnreadable, import_page


class Command(BaseCommand):
    help = (
        "Read a written-question web page (Parallel Parliament or Parliament's own "
        "questions-statements layout) from a file or URL; add or update the question it states."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "location", metavar="FILE_OR_URL", help="An HTML file or an http(s) URL"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_page(location=options["location"])
        except (PageUnreadable, PageFetchError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result.summary())
