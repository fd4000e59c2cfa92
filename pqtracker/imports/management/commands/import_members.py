"""``manage.py import_members [--id N ...] [--force]``: refresh members from the Members API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pqtracker.imports.client import ParliamentClient, ParliamentUnavailable
from pqtracker.imports.members import import_members


class Command(BaseCommand):
    help = (
        "Refresh members (names, parties, houses) and ministers' government posts from the "
        "Members API: the given ids, or every member our questions refer to."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--id",
            dest="ids",
            type=int,
            action="append",
            metavar="N",
            help="A Members API id (repeatable)",
        )
        parser.add_argument(
            "--force", action="store_true", help="Ask the API even for members refreshed recently"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_members(
                client=ParliamentClient(), member_ids=options["ids"], force=options["force"]
            )
        except ParliamentUnavailable as error:
            raise CommandError(f"Members import failed: {error}") from None
        self.stdout.write(result.summary())
