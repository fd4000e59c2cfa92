"""``python manage.py seed_demo``: demo users (one per role) and a SEND-heavy set of questions.

Development only: it refuses to run with DEBUG off, because it creates users with a published
password. Safe to run again; ``--quiet-if-seeded`` lets ``make run`` call it on every start.

The public record's users and questions come first (``parliament.demo``); then each app above it
adds its own demo data through ``SEEDERS``, in layer order. An app with demo data of its own
(evidence, answers, deadlines) adds one idempotent function to that list.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pqtracker.deadlines import demo as deadlines_demo
from pqtracker.evidence import demo as evidence_demo
from pqtracker.parliament.demo import loader
from pqtracker.parliament.models import QuestionSource, WrittenQuestion
from pqtracker.search import intake, vocabulary
from pqtracker.search.models import SearchWord


def flag_demo_near_duplicates(today: datetime.date) -> None:
    """The worker flags new questions too, but only once it runs: the demo should show its
    possible duplicates from the first page served. Idempotent, so it runs every start."""
    intake.flag_near_duplicates(
        question_ids=WrittenQuestion.objects.filter(source=QuestionSource.DEMO).values_list(
            "pk", flat=True
        )
    )


def fill_demo_vocabulary(today: datetime.date) -> None:
    """ "Did you mean" from the first search, not from the worker's nightly refresh (only while
    the vocabulary is empty: on a large development database a refresh reads every question)."""
    if not SearchWord.objects.exists():
        vocabulary.refresh_vocabulary()


def seed_answers_demo(today: datetime.date) -> None:
    """Cases in every answering stage (answers.demo; once seeded, only their internal deadlines
    move with today). Its story's emails go to a local outbox, not the console."""
    from django.test.utils import override_settings

    from pqtracker.answers import demo

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo.seed(today)


def seed_figures_demo(today: datetime.date) -> None:
    """Two drafts citing the evidence demo's figures (answers.demo_figures), on two of the new
    questions the seeders before it leave."""
    from pqtracker.answers import demo_figures

    demo_figures.seed(today)


# Run after the public record's demo users and questions, in this order, on every start: each
# must be safe to run again. A seeder takes today's date (demo dates are relative to it).
SEEDERS: list[Callable[[datetime.date], object]] = [
    flag_demo_near_duplicates,
    fill_demo_vocabulary,
    seed_answers_demo,
    evidence_demo.seed,
    deadlines_demo.seed,  # work overdue, due today and later this week on the dashboard
    seed_figures_demo,  # drafts citing the evidence demo's figures, one passing, one flagged
]


class Command(BaseCommand):
    help = "Create demo users (one per role, plus admin) and demo questions. DEBUG only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-if-seeded",
            action="store_true",
            help="If the demo is already there, only refresh dates relative to today, and print "
            "nothing unless something changed.",
        )
        parser.add_argument(
            "--serving",
            action="store_true",
            help="The caller (make run) starts the web server next and says where: print no "
            "advice on starting it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users with a published demo password, so it only runs with "
                "DEBUG on. Set DEBUG=true (development only) and try again."
            )
        password = os.environ.get("DEMO_PASSWORD", "").strip() or loader.DEFAULT_PASSWORD
        quiet = options["quiet_if_seeded"] and loader.is_seeded()
        try:
            users = loader.seed_demo_users(password=password, check_passwords=not quiet)
        except ValidationError as exc:
            raise CommandError(
                f"DEMO_PASSWORD is not acceptable: {' '.join(exc.messages)}"
            ) from exc
        today = timezone.localdate()
        result = loader.seed_demo_questions(today=today)
        for seeder in SEEDERS:
            seeder(today)

        if quiet:
            if result.new or result.updated:
                self.stdout.write(
                    f"Demo data refreshed: {result.new} new, {result.updated} updated questions."
                )
            return
        created = sum(1 for _, was_created in users if was_created)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo users: {created} created, {len(users) - created} already there. "
                f"Demo questions: {result.new} new, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
        self.stdout.write("")
        rows = [("Username", "Role", "Password")] + [
            (spec.username, spec.role_label, password) for spec, _ in users
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for index, row in enumerate(rows):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        if not options["serving"]:
            # The port make run serves on (the Makefile's PORT, 8000 unless set).
            url = f"http://localhost:{os.environ.get('PORT', '').strip() or '8000'}"
            self.stdout.write(f"Start the web server with: make run. Then sign in at {url}")
